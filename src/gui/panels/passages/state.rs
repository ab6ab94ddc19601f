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

/// The counts and memos a run finds besides the rows (in a job of their
/// own, so the first screen of rows never waits for them).
pub struct Found {
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
    /// Documents' titles and outlets, read for the rows on screen.
    pub docs: HashMap<DocId, (String, String)>,
    job: Option<Job<Vec<PassageRow>, ()>>,
    counts_job: Option<Job<Found, ()>>,
    ran_for: Option<(Filter, PassageQuery, i64, PassageSort, bool)>,
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
        self.job.is_some() || self.counts_job.is_some()
    }

    /// Runs the retrieval again when the filter, the query or the library
    /// changed since the last run.
    pub fn follow(&mut self, library: &Arc<crate::core::Library>, filter: &Filter, version: i64) {
        let key = (
            filter.clone(),
            self.query.clone(),
            version,
            self.sort,
            self.descending,
        );
        if self.ran_for.as_ref() == Some(&key) {
            return;
        }
        if let Some(job) = &self.job {
            job.cancel();
        }
        if let Some(job) = &self.counts_job {
            job.cancel();
        }
        self.ran_for = Some(key);
        let for_counts = (Arc::clone(library), filter.clone());
        let (library, filter, query) = (Arc::clone(library), filter.clone(), self.query.clone());
        let (sort, descending) = (self.sort, self.descending);
        self.job = Some(Job::spawn("passages", move |ctx| {
            let conn = library.reader()?;
            let cancel = ctx.cancel_flag();
            // Titles and outlets only when the order needs them: the rows
            // on screen read theirs.
            let mut rows = coding::retrieve::retrieve_lean(&conn, &filter, &query, cancel)?;
            if sort.needs_details() {
                coding::retrieve::fill_details(&conn, &mut rows, cancel)?;
            }
            sort.sort(&mut rows, descending);
            Ok(rows)
        }));
        let (library, filter) = for_counts;
        self.counts_job = Some(Job::spawn("codes overview", move |ctx| {
            let conn = library.reader()?;
            let overview = coding::retrieve::overview(&conn, &filter, ctx.cancel_flag())?;
            let memos = crate::core::store::memos::list(&conn, "")?;
            Ok(Found { overview, memos })
        }));
    }

    /// Collects a finished run: the rows, then the counts.
    pub fn poll(&mut self) {
        if let Some(job) = &mut self.counts_job
            && let Some(result) = job.try_result()
        {
            self.counts_job = None;
            match result {
                Ok(found) => {
                    self.overview = Some(found.overview);
                    self.memos = found.memos;
                }
                Err(crate::core::Error::Cancelled) => {}
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        let Some(job) = &mut self.job else {
            return;
        };
        let Some(result) = job.try_result() else {
            return;
        };
        self.job = None;
        match result {
            Ok(rows) => {
                self.rows = rows;
                self.excerpts.clear();
                self.docs.clear();
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

    /// Orders the rows by `sort` (again: the other way): at once, or by
    /// reading the list again when the order needs every row's title or
    /// outlet.
    pub fn sort_by(&mut self, sort: PassageSort) {
        if self.sort == sort {
            self.descending = !self.descending;
        } else {
            self.sort = sort;
            self.descending = false;
        }
        let loaded = self.rows.first().is_none_or(|r| !r.title.is_empty());
        if sort.needs_details() && !loaded {
            self.invalidate();
        } else {
            self.sort.sort(&mut self.rows, self.descending);
            self.ran_for = self
                .ran_for
                .take()
                .map(|(f, q, v, _, _)| (f, q, v, self.sort, self.descending));
        }
    }
}
