//! The one view state: what the library list is asked to show.
//!
//! Which view fills the middle of the window ([`Central`]), the search in
//! force, the tag, date and import-batch filters, whether marked
//! duplicates show, and the order. The
//! chips, the table, the status counts, the timeline and the export
//! dialog's "current filter" all read this one value, and every refresh
//! (a write in this window, another process, an import, a duplicate
//! search) re-applies all of it, so they can never disagree.

use crate::core::store::imports::BatchId;
use crate::core::store::tags::TagId;
use crate::core::view::{DateFilter, Filter, MetaFilter, TagFilter};

/// What fills the middle of the window: one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Central {
    /// The library's documents (filtered by the view state).
    #[default]
    Library,
    /// The documents in the trash.
    Trash,
    /// The duplicate review.
    Review,
    /// The Words view (over the view state's documents).
    Words,
    /// Coded passages and memos (over the view state's documents).
    Passages,
    /// Two coders compared: agreement and disagreements.
    Agreement,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ViewState {
    /// The view in the middle of the window. The trash is a list of its
    /// own (its filter says so); the review and the Words view read the
    /// library's filter.
    pub central: Central,
    /// The search in force: the last query that could be understood (the
    /// box may hold a newer one being typed, or a malformed one).
    pub query: Option<String>,
    pub tags: TagFilter,
    pub dates: Option<DateFilter>,
    /// Also list the documents marked as duplicates in review.
    pub show_duplicates: bool,
    /// Only one import run's documents, with the chip's label.
    pub batch: Option<(BatchId, String)>,
    /// A search lists its best matches first until a column is sorted.
    pub rank_order: bool,
    /// Metadata fields that must have a value (`outlet = The Times`).
    pub meta: Vec<MetaFilter>,
    /// Only documents dated from this source.
    pub date_source: Option<crate::core::model::DateSource>,
    /// The search also looks in memos.
    pub memos: bool,
    /// Entities the documents must name, with the chip's label
    /// ("person = Bashar al-Assad").
    pub entities: Vec<(crate::core::model::EntityId, String)>,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            query: None,
            tags: TagFilter::default(),
            dates: None,
            show_duplicates: false,
            central: Central::Library,
            batch: None,
            rank_order: true,
            meta: Vec::new(),
            date_source: None,
            memos: false,
            entities: Vec::new(),
        }
    }
}

impl ViewState {
    /// The filter the list must show.
    pub fn filter(&self) -> Filter {
        Filter {
            query: self.query.clone(),
            tags: self.tags.clone(),
            show_duplicates: self.show_duplicates,
            dates: self.dates,
            batch: self.batch.as_ref().map(|(id, _)| *id),
            trash: self.trash(),
            meta: self.meta.clone(),
            date_source: self.date_source,
            memos: self.memos,
            entities: self.entities.iter().map(|(id, _)| *id).collect(),
        }
    }

    /// The trash is shown instead of the library.
    pub fn trash(&self) -> bool {
        self.central == Central::Trash
    }

    /// Anything narrows the list (the trash counts: it is not the library).
    pub fn is_filtered(&self) -> bool {
        !self.filter().is_empty()
    }

    /// Chips to show above the table (search and trash have their own places).
    pub fn has_chips(&self) -> bool {
        !self.tags.is_empty()
            || self.dates.is_some()
            || self.date_source.is_some()
            || self.batch.is_some()
            || !self.meta.is_empty()
            || !self.entities.is_empty()
    }

    /// Requires documents to name entity `id` (clicked again: stops).
    pub fn toggle_entity(&mut self, id: crate::core::model::EntityId, label: String) {
        if self.entities.iter().any(|(e, _)| *e == id) {
            self.entities.retain(|(e, _)| *e != id);
        } else {
            self.entities.push((id, label));
        }
    }

    /// Requires `field` to have `value` (a field holds one value at a time).
    pub fn require_meta(&mut self, m: MetaFilter) {
        self.meta.retain(|x| x.field != m.field);
        self.meta.push(m);
    }

    /// Ranked by relevance: a search without a column sort.
    pub fn ranked(&self) -> bool {
        self.rank_order && self.query.is_some()
    }

    /// Requires `id` (clicked again: stops requiring it).
    pub fn toggle_tag(&mut self, id: TagId) {
        let f = &mut self.tags;
        f.exclude.retain(|t| *t != id);
        if f.include.contains(&id) {
            f.include.retain(|t| *t != id);
        } else {
            f.include.push(id);
        }
    }

    /// Leaves documents with `id` out.
    pub fn exclude_tag(&mut self, id: TagId) {
        let f = &mut self.tags;
        f.include.retain(|t| *t != id);
        if !f.exclude.contains(&id) {
            f.exclude.push(id);
        }
    }

    /// Drops `id` from the filter, required or excluded.
    pub fn forget_tag(&mut self, id: TagId) {
        self.tags.include.retain(|t| *t != id);
        self.tags.exclude.retain(|t| *t != id);
    }

    /// Drops tags that no longer exist (deleted or merged elsewhere).
    pub fn keep_tags(&mut self, exists: impl Fn(TagId) -> bool) -> bool {
        let before = self.tags.clone();
        self.tags.include.retain(|t| exists(*t));
        self.tags.exclude.retain(|t| exists(*t));
        before != self.tags
    }

    /// Clears the chips' filters (tags, dates, batch); the trash view and
    /// the duplicates switch stay as they are.
    pub fn clear_filters(&mut self) {
        self.tags = TagFilter::default();
        self.dates = None;
        self.batch = None;
        self.meta.clear();
        self.date_source = None;
        self.entities.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_of_the_view_reaches_the_filter() {
        let mut v = ViewState::default();
        assert!(!v.is_filtered());
        v.toggle_tag(3);
        v.exclude_tag(4);
        v.dates = Some(DateFilter::Undated);
        v.batch = Some((7, "Imported".into()));
        v.query = Some("war".into());
        v.show_duplicates = true;
        v.require_meta(MetaFilter::parse("outlet=Le Monde").unwrap());
        v.require_meta(MetaFilter::parse("outlet=\"The Times\"").unwrap());
        let f = v.filter();
        assert_eq!(f.meta, vec![MetaFilter::parse("outlet=The Times").unwrap()]);
        assert_eq!(f.tags.include, vec![3]);
        assert_eq!(f.tags.exclude, vec![4]);
        assert_eq!(f.dates, Some(DateFilter::Undated));
        assert_eq!(f.batch, Some(7));
        assert_eq!(f.query.as_deref(), Some("war"));
        assert!(f.show_duplicates && !f.trash);
        v.exclude_tag(3);
        assert!(v.tags.include.is_empty());
        assert_eq!(v.tags.exclude, vec![4, 3]);
        v.clear_filters();
        assert!(!v.has_chips());
        assert!(v.is_filtered(), "search and duplicates stay");
    }

    #[test]
    fn the_trash_is_a_view_of_its_own() {
        let v = ViewState {
            central: Central::Trash,
            ..Default::default()
        };
        assert!(v.is_filtered());
        assert!(v.filter().trash);
    }
}
