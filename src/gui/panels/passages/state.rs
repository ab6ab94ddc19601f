//! The Passages view's state: what is asked, what was found (in the
//! background, following the view's filter and the library's changes),
//! and the autocode dialog.

use std::collections::HashMap;
use std::sync::Arc;

use crate::core::coding::{self, Excerpt, Overview, PassageQuery, PassageRow, PassageSort, Unit};
use crate::core::filter::Filter;
use crate::core::jobs::Job;
use crate::core::model::{DocId, PassageId};
use crate::core::store::memos::MemoRow;

/// The view's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Passages,
    /// Passages and documents per tag, and tags together.
    Codes,
    Memos,
}

/// What one run finds.
pub struct Found {
    pub rows: Vec<PassageRow>,
    pub overview: Overview,
    pub memos: Vec<MemoRow>,
}

/// The autocode dialog.
#[derive(Debug, Clone, Default)]
pub struct AutocodeDialog {
    pub query: String,
    pub tag: String,
    pub unit: Unit,
    pub error: Option<String>,
}

/// An autocode count running in the background.
pub type PlanJob = Job<coding::Plan, (usize, usize)>;

#[derive(Default)]
pub struct PassagesState {
    pub query: PassageQuery,
    pub tab: Tab,
    pub rows: Vec<PassageRow>,
    pub sort: PassageSort,
    pub descending: bool,
    pub overview: Option<Overview>,
    pub memos: Vec<MemoRow>,
    /// Words the memo list must hold.
    pub memo_filter: String,
    /// Passages' text and context, read for the rows on screen.
    pub excerpts: HashMap<PassageId, Excerpt>,
    job: Option<Job<Found, (usize, usize)>>,
    ran_for: Option<(Filter, PassageQuery, i64)>,
    pub error: Option<String>,
    /// The row clicked last.
    pub selected: Option<PassageId>,
    /// Bumped when `rows` change (the timeline counts them).
    pub generation: u64,
    pub autocode: Option<AutocodeDialog>,
    /// The autocode count running: (tag, job).
    pub planning: Option<(String, PlanJob)>,
}

impl PassagesState {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Runs the retrieval again when the filter, the query or the library
    /// changed since the last run.
    pub fn follow(&mut self, library: &Arc<crate::core::Library>, filter: &Filter, version: i64) {
        let key = (filter.clone(), self.query.clone(), version);
        if self.ran_for.as_ref() == Some(&key) {
            return;
        }
        if let Some(job) = &self.job {
            job.cancel();
        }
        self.ran_for = Some(key);
        let (library, filter, query) = (Arc::clone(library), filter.clone(), self.query.clone());
        self.job = Some(Job::spawn("passages", move |ctx| {
            let conn = library.reader()?;
            let cancel = ctx.cancel_flag();
            let rows = coding::retrieve::retrieve(&conn, &filter, &query, cancel)?;
            let overview = coding::retrieve::overview(&conn, &filter, cancel)?;
            let memos = crate::core::store::memos::list(&conn, "")?;
            Ok(Found {
                rows,
                overview,
                memos,
            })
        }));
    }

    /// Collects a finished run.
    pub fn poll(&mut self) {
        let Some(job) = &mut self.job else {
            return;
        };
        let Some(result) = job.try_result() else {
            return;
        };
        self.job = None;
        match result {
            Ok(found) => {
                self.rows = found.rows;
                self.sort.sort(&mut self.rows, self.descending);
                self.overview = Some(found.overview);
                self.memos = found.memos;
                self.excerpts.clear();
                self.error = None;
                self.generation += 1;
            }
            Err(crate::core::Error::Cancelled) => {}
            Err(e) => {
                self.error = Some(e.to_string());
                self.ran_for = None;
            }
        }
    }

    /// Forgets the last run (the next frame runs again).
    pub fn invalidate(&mut self) {
        self.ran_for = None;
    }

    /// One id per listed passage, for the timeline.
    pub fn doc_ids(&self) -> Arc<Vec<DocId>> {
        Arc::new(self.rows.iter().map(|r| r.doc).collect())
    }

    /// Orders the rows by `sort` (again: the other way).
    pub fn sort_by(&mut self, sort: PassageSort) {
        if self.sort == sort {
            self.descending = !self.descending;
        } else {
            self.sort = sort;
            self.descending = false;
        }
        self.sort.sort(&mut self.rows, self.descending);
    }
}
