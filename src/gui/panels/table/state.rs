//! The state behind the library table: which rows are in view, where they
//! come from, and which are selected. No drawing here.
//!
//! Without a search, rows come from SQLite a page at a time by key
//! ([`crate::core::view`]); a background job collects the anchors that let
//! any page load directly, so a million documents scroll smoothly. With a
//! search, a background job collects the matching ids in rank order.
//!
//! The selection is either a set of ids or "everything in view except
//! these", so Ctrl+A over a million documents holds no million ids.

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::Connection;

use crate::core::error::Result;
use crate::core::jobs::Job;
use crate::core::model::DocId;
use crate::core::view::{self, Filter, Position, Row, Sort};

/// Rows per page (and the anchors' stride).
pub const PAGE: usize = 128;
/// Pages kept in memory.
const MAX_PAGES: usize = 64;

/// Where the rows come from.
pub enum Source {
    /// Every active document, in sort order.
    All {
        anchors: Option<Vec<Position>>,
        anchors_job: Option<Job<Vec<Position>, ()>>,
    },
    /// The documents a filter (search, tags) lets through, in rank or sort order.
    Filtered { filter: Filter, ids: Vec<DocId> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Ids(BTreeSet<DocId>),
    /// Everything in view except these.
    AllExcept(HashSet<DocId>),
}

impl Default for Selection {
    fn default() -> Self {
        Selection::Ids(BTreeSet::new())
    }
}

impl Selection {
    pub fn contains(&self, id: DocId) -> bool {
        match self {
            Selection::Ids(s) => s.contains(&id),
            Selection::AllExcept(ex) => !ex.contains(&id),
        }
    }

    pub fn count(&self, in_view: usize) -> usize {
        match self {
            Selection::Ids(s) => s.len(),
            Selection::AllExcept(ex) => in_view.saturating_sub(ex.len()),
        }
    }

    pub fn toggle(&mut self, id: DocId) {
        match self {
            Selection::Ids(s) => {
                if !s.remove(&id) {
                    s.insert(id);
                }
            }
            Selection::AllExcept(ex) => {
                if !ex.remove(&id) {
                    ex.insert(id);
                }
            }
        }
    }

    pub fn single(id: DocId) -> Selection {
        Selection::Ids(BTreeSet::from([id]))
    }
}

/// The documents a bulk action applies to, resolved by the writer.
#[derive(Debug, Clone)]
pub enum Targets {
    Ids(Vec<DocId>),
    /// Every document in view (`base`, or the whole library) but `except`.
    AllExcept {
        base: Option<Vec<DocId>>,
        except: HashSet<DocId>,
    },
}

impl Targets {
    pub fn resolve(self, conn: &Connection) -> Result<Vec<DocId>> {
        Ok(match self {
            Targets::Ids(ids) => ids,
            Targets::AllExcept { base, except } => {
                let ids = match base {
                    Some(ids) => ids,
                    None => view::all_ids(conn)?,
                };
                ids.into_iter().filter(|id| !except.contains(id)).collect()
            }
        })
    }
}

pub struct LibraryView {
    pub sort: Sort,
    pub source: Source,
    /// Rows in view.
    len: usize,
    pages: HashMap<usize, Vec<Row>>,
    page_use: u64,
    page_last_use: HashMap<usize, u64>,
    /// Pages whose query failed, and why: shown in their rows and not
    /// tried again every frame (until the list is read again).
    failed: HashMap<usize, String>,
    pub selection: Selection,
    /// The row the keyboard acts on and the reader shows.
    pub focus: Option<usize>,
    pub focus_id: Option<DocId>,
    /// Where a Shift-click range starts.
    pub range_start: Option<usize>,
    /// Scroll the table to the focused row on the next frame.
    pub scroll_to_focus: bool,
    /// Scroll the table to its first row on the next frame (a new search).
    pub scroll_to_top: bool,
}

impl LibraryView {
    pub fn new(sort: Sort) -> LibraryView {
        LibraryView {
            sort,
            source: Source::All {
                anchors: None,
                anchors_job: None,
            },
            len: 0,
            pages: HashMap::new(),
            page_use: 0,
            page_last_use: HashMap::new(),
            failed: HashMap::new(),
            selection: Selection::default(),
            focus: None,
            focus_id: None,
            range_start: None,
            scroll_to_focus: false,
            scroll_to_top: false,
        }
    }

    /// Rows in view.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The filter in force, if any.
    pub fn filter(&self) -> Option<&Filter> {
        match &self.source {
            Source::Filtered { filter, .. } => Some(filter),
            Source::All { .. } => None,
        }
    }

    /// The search in force, if any.
    pub fn search_query(&self) -> Option<&str> {
        self.filter().and_then(|f| f.query.as_deref())
    }

    /// Shows every document (no filter), re-read after the library changed.
    /// Selected documents that are gone from the list leave the selection.
    pub fn show_all(&mut self, conn: &Connection, library_path: &std::path::Path) -> Result<()> {
        let changed = self.filter().is_some();
        let len = view::count(conn)?;
        self.reset_rows(len);
        self.source = Source::All {
            anchors: None,
            anchors_job: (len > PAGE).then(|| start_anchors(library_path, self.sort)),
        };
        self.keep_visible(Some(conn), changed)?;
        // A filter taken off (Esc on a search): the focused row is found in
        // the whole list and brought into sight.
        if changed && let Some(id) = self.focus_id {
            self.focus = view::position_of(conn, self.sort, id)?;
            self.scroll_to_focus = self.focus.is_some();
        }
        Ok(())
    }

    /// Shows what a filter let through (ids from a finished filter job).
    /// Selected documents the filter leaves out leave the selection; a new
    /// search starts at the top of the list.
    pub fn show_filtered(&mut self, filter: Filter, ids: Vec<DocId>) {
        let changed = self.filter() != Some(&filter);
        let new_query = self.search_query() != filter.query.as_deref();
        self.reset_rows(ids.len());
        self.source = Source::Filtered { filter, ids };
        // Without a connection only the filtered ids are consulted: no query fails.
        let _ = self.keep_visible(None, changed);
        if new_query {
            self.scroll_to_top = true;
        }
    }

    /// Drops from the selection and the focus what is not in view any more.
    /// "Everything in view" follows the list while its filter stays, and is
    /// dropped when the filter changes (it would select documents the user
    /// never chose).
    fn keep_visible(&mut self, conn: Option<&Connection>, filter_changed: bool) -> Result<()> {
        if matches!(self.source, Source::All { .. }) && conn.is_none() {
            return Ok(());
        }
        let selection = std::mem::take(&mut self.selection);
        self.selection = match selection {
            Selection::AllExcept(_) if filter_changed => Selection::default(),
            Selection::AllExcept(except) => {
                let keep = self.visible_among(conn, except.iter().copied())?;
                Selection::AllExcept(except.into_iter().filter(|id| keep.contains(id)).collect())
            }
            Selection::Ids(ids) => {
                let keep = self.visible_among(conn, ids.iter().copied())?;
                Selection::Ids(ids.into_iter().filter(|id| keep.contains(id)).collect())
            }
        };
        if let Some(id) = self.focus_id {
            if self.visible_among(conn, [id])?.is_empty() {
                self.focus_id = None;
            } else if let Source::Filtered { ids, .. } = &self.source {
                self.focus = ids.iter().position(|i| *i == id);
            }
        }
        Ok(())
    }

    /// Which of `want` the list holds: the filtered ids, or (unfiltered)
    /// the active documents, asked of the library.
    fn visible_among(
        &self,
        conn: Option<&Connection>,
        want: impl IntoIterator<Item = DocId>,
    ) -> Result<HashSet<DocId>> {
        let want: Vec<DocId> = want.into_iter().collect();
        Ok(match (&self.source, conn) {
            (Source::Filtered { ids, .. }, _) => {
                let want: HashSet<DocId> = want.into_iter().collect();
                ids.iter().copied().filter(|id| want.contains(id)).collect()
            }
            (Source::All { .. }, Some(conn)) => {
                view::active_among(conn, &want)?.into_iter().collect()
            }
            (Source::All { .. }, None) => want.into_iter().collect(),
        })
    }

    fn reset_rows(&mut self, len: usize) {
        self.len = len;
        self.pages.clear();
        self.page_last_use.clear();
        self.failed.clear();
        if let Source::All {
            anchors_job: Some(job),
            ..
        } = &self.source
        {
            job.cancel();
        }
        self.focus = None;
        self.range_start = None;
    }

    /// Collects finished background work; true when something changed.
    pub fn poll(&mut self) -> bool {
        if let Source::All {
            anchors,
            anchors_job,
        } = &mut self.source
            && let Some(job) = anchors_job
            && let Some(result) = job.try_result()
        {
            *anchors_job = None;
            if let Ok(a) = result {
                *anchors = Some(a);
                return true;
            }
        }
        false
    }

    pub fn is_busy(&self) -> bool {
        matches!(
            self.source,
            Source::All {
                anchors_job: Some(_),
                ..
            }
        )
    }

    /// The row at `index`, loading its page when needed. `None` while a page
    /// cannot be reached yet (its anchor is still being collected).
    pub fn row(&mut self, conn: &Connection, index: usize) -> Option<&Row> {
        if index >= self.len {
            return None;
        }
        let page = index / PAGE;
        if self.failed.contains_key(&page) {
            return None;
        }
        if !self.pages.contains_key(&page) {
            let rows = match self.load_page(conn, page) {
                Ok(rows) => rows?,
                Err(e) => {
                    // A damaged page of the file: the library learns of it
                    // (read-only from now on, with the banner).
                    if let Some(path) = conn.path().filter(|p| !p.is_empty()) {
                        crate::core::store::health::Health::for_library(std::path::Path::new(path))
                            .observe(&e);
                    }
                    self.failed.insert(page, e.to_string());
                    return None;
                }
            };
            if self.pages.len() >= MAX_PAGES {
                self.evict();
            }
            self.pages.insert(page, rows);
        }
        self.page_use += 1;
        self.page_last_use.insert(page, self.page_use);
        self.pages.get(&page)?.get(index % PAGE)
    }

    /// Why the row at `index` cannot be shown, if its page failed to load.
    pub fn row_error(&self, index: usize) -> Option<&str> {
        self.failed.get(&(index / PAGE)).map(String::as_str)
    }

    fn evict(&mut self) {
        if let Some((&oldest, _)) = self.page_last_use.iter().min_by_key(|(_, used)| **used) {
            self.pages.remove(&oldest);
            self.page_last_use.remove(&oldest);
        }
    }

    fn load_page(&self, conn: &Connection, page: usize) -> Result<Option<Vec<Row>>> {
        match &self.source {
            Source::Filtered { ids, .. } => {
                let start = page * PAGE;
                let end = (start + PAGE).min(ids.len());
                Ok(Some(view::rows_by_ids(conn, &ids[start..end])?))
            }
            Source::All { anchors, .. } => {
                let after = if page == 0 {
                    None
                } else if let Some(prev) = self.pages.get(&(page - 1)).and_then(|p| p.last()) {
                    Some(prev.position.clone())
                } else if let Some(a) = anchors.as_ref().and_then(|a| a.get(page - 1)) {
                    Some(a.clone())
                } else {
                    return Ok(None);
                };
                Ok(Some(view::page_after(
                    conn,
                    self.sort,
                    after.as_ref(),
                    PAGE,
                )?))
            }
        }
    }

    /// Ids of rows `from..=to` in view (for a Shift-click range).
    pub fn ids_in_range(&mut self, conn: &Connection, from: usize, to: usize) -> Vec<DocId> {
        let (from, to) = (from.min(to), from.max(to).min(self.len.saturating_sub(1)));
        if let Source::Filtered { ids, .. } = &self.source {
            return ids.get(from..=to).map(<[_]>::to_vec).unwrap_or_default();
        }
        (from..=to)
            .filter_map(|i| self.row(conn, i).map(|r| r.id))
            .collect()
    }

    /// What the selection means, to resolve away from the UI thread.
    pub fn targets(&self) -> Targets {
        match &self.selection {
            Selection::Ids(s) => Targets::Ids(s.iter().copied().collect()),
            Selection::AllExcept(except) => Targets::AllExcept {
                base: match &self.source {
                    Source::Filtered { ids, .. } => Some(ids.clone()),
                    Source::All { .. } => None,
                },
                except: except.clone(),
            },
        }
    }

    pub fn selected_count(&self) -> usize {
        self.selection.count(self.len)
    }

    /// Moves the keyboard focus to `index`, selecting it (and extending the
    /// selection from the range start when `extend`).
    pub fn focus_row(&mut self, conn: &Connection, index: usize, extend: bool) {
        if self.len == 0 {
            return;
        }
        let index = index.min(self.len - 1);
        let Some(id) = self.row(conn, index).map(|r| r.id) else {
            return;
        };
        if extend {
            let start = self.range_start.unwrap_or(index);
            self.selection =
                Selection::Ids(self.ids_in_range(conn, start, index).into_iter().collect());
        } else {
            self.selection = Selection::single(id);
            self.range_start = Some(index);
        }
        self.focus = Some(index);
        self.focus_id = Some(id);
        self.scroll_to_focus = true;
    }

    /// A click on a row, with the modifiers held.
    pub fn click_row(
        &mut self,
        conn: &Connection,
        index: usize,
        id: DocId,
        toggle: bool,
        extend: bool,
    ) {
        if extend {
            let start = self.range_start.unwrap_or(index);
            let ids = self.ids_in_range(conn, start, index);
            self.selection = Selection::Ids(ids.into_iter().collect());
        } else if toggle {
            self.selection.toggle(id);
            self.range_start = Some(index);
        } else {
            self.selection = Selection::single(id);
            self.range_start = Some(index);
        }
        self.focus = Some(index);
        self.focus_id = Some(id);
    }

    pub fn select_all(&mut self) {
        self.selection = Selection::AllExcept(HashSet::new());
    }
}

fn start_anchors(library_path: &std::path::Path, sort: Sort) -> Job<Vec<Position>, ()> {
    let path = library_path.to_path_buf();
    Job::spawn("index the list", move |ctx| {
        let conn = crate::core::store::open_reader(&path)?;
        view::anchors(&conn, sort, PAGE, ctx.cancel_flag())
    })
}
