//! View commands: what the list shows (filters, order, the trash), the
//! selection, and which panels are open.

use super::super::CorpusApp;
use crate::core::model::{DateSource, DocId};
use crate::core::store::tags::TagId;
use crate::core::view::{DateFilter, FieldName, MetaFilter, SortKey};
use crate::gui::view_state::Central;

#[derive(Debug, Clone, PartialEq)]
pub enum ViewCommand {
    SortBy(SortKey),
    /// A click on row `index` (document `id`); Ctrl toggles, Shift extends.
    ClickRow {
        index: usize,
        id: DocId,
        toggle: bool,
        extend: bool,
    },
    /// The keyboard moves to row `index` (Shift: extending the selection).
    FocusRow {
        index: usize,
        extend: bool,
    },
    SelectAll,
    /// Show this view in the middle of the window (the library, the
    /// trash, the duplicate review, the Words view).
    Show(Central),
    /// Filter the library to a period (or the undated documents); `None` drops it.
    SetDateFilter(Option<DateFilter>),
    ToggleTimeline,
    /// Only documents dated from this source (`None`: any).
    SetDateSourceFilter(Option<DateSource>),
    /// Show or hide the left panel (saved searches, tags).
    ToggleSidePanel,
    /// Show or hide the reader on the right.
    ToggleReader,
    /// Show documents marked as duplicates in the library too.
    IncludeMarkedDuplicates(bool),
    /// Show only documents whose metadata field has this value.
    AddMetaFilter(MetaFilter),
    /// Stop filtering by this metadata field.
    RemoveMetaFilter(String),
    /// Show or hide a table column: a built-in one by its label, or a
    /// metadata field.
    ToggleColumn(String),
    ClearFilters,
    /// Show only documents with this tag (click again: stop).
    ToggleTagFilter(TagId),
    /// Leave documents with this tag out of the view.
    ExcludeTag(TagId),
    /// Drop a tag from the filter, required or excluded.
    RemoveTagFilter(TagId),
    /// Require every included tag (else any of them).
    TagFilterAll(bool),
    /// Show only documents carrying every one of these tags (on the whole
    /// or on a passage), in place of the tag filter.
    RequireTags(Vec<TagId>),
    /// The search also looks in memos.
    SearchMemos(bool),
}

impl CorpusApp {
    pub(super) fn run_view(&mut self, cmd: ViewCommand) {
        match cmd {
            ViewCommand::SortBy(key) => self.sort_by(key),
            ViewCommand::ClickRow {
                index,
                id,
                toggle,
                extend,
            } => {
                if let Some(s) = &mut self.session {
                    s.view.click_row(&s.conn, index, id, toggle, extend);
                }
            }
            ViewCommand::FocusRow { index, extend } => {
                if let Some(s) = &mut self.session {
                    s.view.focus_row(&s.conn, index, extend);
                }
            }
            ViewCommand::SelectAll => {
                if let Some(session) = &mut self.session {
                    session.view.select_all();
                }
            }
            ViewCommand::Show(central) => self.show_central(central),
            ViewCommand::SetDateFilter(dates) => {
                self.view.dates = dates;
                self.filter_dirty = true;
            }
            ViewCommand::ToggleTimeline => self.timeline.visible = !self.timeline.visible,
            ViewCommand::SetDateSourceFilter(source) => {
                self.view.date_source = source;
                self.filter_dirty = true;
            }
            ViewCommand::ToggleSidePanel => self.layout.side_panel = !self.layout.side_panel,
            ViewCommand::ToggleReader => self.layout.reader = !self.layout.reader,
            ViewCommand::IncludeMarkedDuplicates(on) => {
                self.view.show_duplicates = on;
                self.filter_dirty = true;
            }
            ViewCommand::AddMetaFilter(m) => {
                self.view.require_meta(m);
                self.filter_dirty = true;
            }
            ViewCommand::RemoveMetaFilter(field) => {
                self.view.meta.retain(|m| m.field != field);
                self.filter_dirty = true;
            }
            ViewCommand::ToggleColumn(name) => self.toggle_column(name),
            ViewCommand::ClearFilters => {
                self.view.clear_filters();
                self.clear_search();
                self.filter_dirty = true;
            }
            ViewCommand::ToggleTagFilter(id) => {
                self.view.toggle_tag(id);
                self.filter_dirty = true;
            }
            ViewCommand::ExcludeTag(id) => {
                self.view.exclude_tag(id);
                self.filter_dirty = true;
            }
            ViewCommand::RemoveTagFilter(id) => {
                self.view.forget_tag(id);
                self.filter_dirty = true;
            }
            ViewCommand::TagFilterAll(all) => {
                self.view.tags.all = all;
                self.filter_dirty = true;
            }
            ViewCommand::RequireTags(tags) => {
                self.view.tags = crate::core::view::TagFilter {
                    include: tags,
                    all: true,
                    exclude: Vec::new(),
                };
                self.filter_dirty = true;
            }
            ViewCommand::SearchMemos(on) => {
                self.view.memos = on;
                self.filter_dirty = true;
            }
        }
    }

    /// Shows or hides a column: a built-in one by its label, or a metadata
    /// field (kept per library).
    fn toggle_column(&mut self, name: String) {
        let Some(path) = self
            .session
            .as_ref()
            .map(|s| s.library.path().to_path_buf())
        else {
            return;
        };
        let s = self.settings.columns_mut(&path);
        if crate::gui::panels::table::BUILT_IN_HIDEABLE.contains(&name.as_str()) {
            if !s.hidden.contains(&name) {
                s.hidden.push(name);
            } else {
                s.hidden.retain(|c| c != &name);
            }
        } else if s.meta.contains(&name) {
            s.meta.retain(|c| c != &name);
            // A column that goes takes its sort with it.
            if self.settings.sort.key
                == SortKey::Meta(FieldName::new(&name).unwrap_or(FieldName::EMPTY))
            {
                self.sort_by(SortKey::Title);
            }
        } else {
            s.meta.push(name);
        }
    }

    /// A column header was clicked: sort by it (again: the other way). A
    /// search ranked by relevance is sorted by the column from then on.
    pub(in crate::gui::app) fn sort_by(&mut self, key: SortKey) {
        let sort = &mut self.settings.sort;
        if sort.key == key && !self.view.ranked() {
            sort.descending = !sort.descending;
        } else {
            sort.key = key;
            sort.descending = false;
        }
        let sort = *sort;
        self.view.rank_order = false;
        if let Some(session) = &mut self.session {
            session.view.sort = sort;
        }
        self.filter_dirty = true;
    }
}
