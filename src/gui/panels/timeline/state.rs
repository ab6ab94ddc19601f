//! The timeline's state: the library's date column (loaded in the
//! background), the ids the other filters let through, and the bars.

use std::path::PathBuf;
use std::sync::Arc;

use rusqlite::Connection;

use crate::core::error::Result;
use crate::core::jobs::Job;
use crate::core::model::DocId;
use crate::core::store::{self, tags::TagId};
use crate::core::timeline::{self, DateColumn, Granularity, Spec, Timeline};
use crate::core::view::{self, Filter};
use crate::core::words::over_time;
use crate::gui::panels::words::WordLines;

/// The date column and the stacked tags' ids, as loaded.
type Loaded = (DateColumn, Vec<Vec<DocId>>);

/// What the bars are drawn from, besides the column.
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    by: Granularity,
    stories: bool,
    include_duplicates: bool,
    stack: Vec<TagId>,
    base: Option<Filter>,
    /// The passages counted instead of documents (their generation).
    passages: Option<u64>,
}

pub struct TimelineState {
    pub visible: bool,
    /// Chosen by hand (else it follows the visible range).
    pub fixed: Option<Granularity>,
    /// The granularity in use.
    pub by: Granularity,
    /// Count each duplicate cluster once.
    pub stories: bool,
    /// Tags whose documents are stacked in their own colour.
    pub stack: Vec<TagId>,
    column: Option<Arc<DateColumn>>,
    loading: Option<Job<Loaded, ()>>,
    pub stale: bool,
    /// The filter without its dates, and the ids it lets through.
    base: Option<(Filter, Arc<Vec<DocId>>)>,
    base_job: Option<(Filter, Job<Vec<DocId>, ()>)>,
    /// Ids per stacked tag (sorted).
    stacks: Arc<Vec<Vec<DocId>>>,
    stacks_for: Vec<TagId>,
    pub bars: Option<Timeline>,
    drawn: Option<Inputs>,
    /// Where a range drag started (days).
    pub drag_from: Option<f64>,
    /// The hovered bar and the first titles in it.
    pub hover: Option<(i32, Vec<String>)>,
    /// Fit the plot to the bulk of the bars on the next frame.
    pub reset_view: bool,
    /// Fit to every bar, stray dates included, at the next reset.
    pub show_all: bool,
    /// Documents left outside the fitted range (the "N outside" button).
    pub outside: u32,
    /// The days the plot was last fitted to (first, first after).
    pub fitted: Option<(i32, i32)>,
    /// Fit again once the column loaded after an import comes.
    pub refit: bool,
    /// The date filter before a click on a bar: a double-click (whose
    /// first click filtered) puts it back.
    pub before_click: Option<Option<crate::core::view::DateFilter>>,
    pub error: Option<String>,
    /// The Words view's words per period, and what they were summed for.
    lines: Vec<WordLine>,
    lines_for: Option<LinesKey>,
    /// While the Passages view is open: one id per passage it lists (a
    /// document coded twice counts twice), and their generation.
    pub passages: Option<(u64, Arc<Vec<DocId>>)>,
}

/// A word's share of all words per period, drawn over the bars.
#[derive(Debug, Clone)]
pub struct WordLine {
    pub word: String,
    /// Its place among the words, for its colour.
    pub index: usize,
    /// Pinned: it stays when another word is looked up (× unpins it).
    pub pinned: bool,
    pub periods: Vec<over_time::Period>,
}

/// (counts generation, bar length, stories, words shown, clusters loaded).
type LinesKey = (u64, Granularity, bool, Vec<usize>, Vec<bool>, usize);

impl Default for TimelineState {
    fn default() -> Self {
        TimelineState {
            visible: true,
            fixed: None,
            by: Granularity::Month,
            stories: false,
            stack: Vec::new(),
            column: None,
            loading: None,
            stale: true,
            base: None,
            base_job: None,
            stacks: Arc::new(Vec::new()),
            stacks_for: Vec::new(),
            bars: None,
            drawn: None,
            drag_from: None,
            hover: None,
            reset_view: true,
            show_all: false,
            outside: 0,
            refit: false,
            fitted: None,
            before_click: None,
            error: None,
            lines: Vec::new(),
            lines_for: None,
            passages: None,
        }
    }
}

fn load(path: &std::path::Path, stack: &[TagId]) -> Result<Loaded> {
    let conn = store::open_reader(path)?;
    let column = DateColumn::load(&conn, &std::sync::atomic::AtomicBool::new(false))?;
    let stacks = stack_ids(&conn, stack)?;
    Ok((column, stacks))
}

fn stack_ids(conn: &Connection, stack: &[TagId]) -> Result<Vec<Vec<DocId>>> {
    stack.iter().map(|&t| view::ids_with_tag(conn, t)).collect()
}

impl TimelineState {
    pub fn is_busy(&self) -> bool {
        self.loading.is_some() || self.base_job.is_some()
    }

    pub fn column(&self) -> Option<&DateColumn> {
        self.column.as_deref()
    }

    /// Loads what is stale and rebuilds the bars when their inputs changed.
    /// `filter` is the library's filter (its dates are ignored: the
    /// timeline shows the period around them).
    pub fn update(&mut self, path: PathBuf, filter: &Filter) {
        if !self.visible {
            return;
        }
        // The column (and the stacked tags' ids).
        if (self.stale || self.stacks_for != self.stack) && self.loading.is_none() {
            if self.stale {
                // Tags and states changed too: the filter's ids are read again
                // (the old bars stay until they come).
                self.base = None;
            }
            self.stale = false;
            self.stacks_for = self.stack.clone();
            let stack = self.stack.clone();
            let path = path.clone();
            self.loading = Some(Job::spawn("timeline", move |_| load(&path, &stack)));
        }
        if let Some(job) = &mut self.loading
            && let Some(result) = job.try_result()
        {
            self.loading = None;
            match result {
                Ok((column, stacks)) => {
                    self.column = Some(Arc::new(column));
                    self.stacks = Arc::new(stacks);
                    self.drawn = None;
                    if self.refit && !self.stale {
                        self.refit = false;
                        self.reset_view = true;
                    }
                }
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        // The ids of the other filters.
        let base = Filter {
            dates: None,
            ..filter.clone()
        };
        let base_filter = Filter {
            show_duplicates: false,
            ..base.clone()
        };
        let wanted = (!base_filter.is_empty()).then_some(base.clone());
        let have = self.base.as_ref().map(|(f, _)| f.clone());
        let running = self.base_job.as_ref().map(|(f, _)| f.clone());
        if let Some(w) = &wanted
            && have.as_ref() != Some(w)
            && running.as_ref() != Some(w)
        {
            let f = w.clone();
            self.base_job = Some((
                w.clone(),
                Job::spawn("timeline filter", move |ctx| {
                    let conn = store::open_reader(&path)?;
                    // Tags alone: straight from the tag index (the column
                    // knows the states); a search goes through FTS.
                    let tags_only = f.query.is_none()
                        && f.meta.is_empty()
                        && f.entities.is_empty()
                        && f.date_source.is_none()
                        && f.batch.is_none();
                    if tags_only && let Some(ids) = view::tagged_ids(&conn, &f.tags)? {
                        return Ok(ids);
                    }
                    view::filtered_ids(&conn, &f, None, ctx.cancel_flag())
                }),
            ));
        }
        if wanted.is_none() {
            self.base = None;
            self.base_job = None;
        }
        if let Some((f, job)) = &mut self.base_job
            && let Some(result) = job.try_result()
        {
            let f = f.clone();
            self.base_job = None;
            match result {
                Ok(ids) => self.base = Some((f, Arc::new(ids))),
                Err(crate::core::Error::Cancelled) => {}
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        self.rebuild(filter.show_duplicates, wanted);
    }

    fn rebuild(&mut self, include_duplicates: bool, wanted: Option<Filter>) {
        let Some(column) = &self.column else {
            return;
        };
        // Wait for the filter's ids rather than flash the unfiltered bars.
        let ids = match (&self.passages, &wanted, &self.base) {
            (Some((_, ids)), _, _) => Some(Arc::clone(ids)),
            (None, None, _) => None,
            (None, Some(w), Some((f, ids))) if f == w => Some(Arc::clone(ids)),
            _ => return,
        };
        let inputs = Inputs {
            by: self.by,
            stories: self.stories,
            include_duplicates,
            stack: self.stacks_for.clone(),
            base: wanted,
            passages: self.passages.as_ref().map(|(g, _)| *g),
        };
        if self.drawn.as_ref() == Some(&inputs) {
            return;
        }
        let spec = Spec {
            by: self.by,
            ids: ids.as_deref().map(|v| v.as_slice()),
            include_duplicates,
            // A passage counts where it is, whatever its story.
            stories: self.stories && self.passages.is_none(),
            stacks: &self.stacks,
        };
        self.bars = Some(timeline::aggregate(column, &spec));
        self.drawn = Some(inputs);
        self.hover = None;
    }

    /// The words' lines for the bars' length and the Stories choice,
    /// summed again only when one of those or the counts change.
    pub fn word_lines(&mut self, words: Option<&WordLines>) -> &[WordLine] {
        let Some(w) = words else {
            self.lines.clear();
            self.lines_for = None;
            return &self.lines;
        };
        let column = self.column.as_deref().filter(|_| self.stories);
        let key = (
            w.generation,
            self.by,
            self.stories,
            w.shown.clone(),
            w.pinned.clone(),
            column.map_or(0, |c| c as *const DateColumn as usize),
        );
        if self.lines_for.as_ref() != Some(&key) {
            self.lines = w
                .shown
                .iter()
                .enumerate()
                .map(|(index, &i)| WordLine {
                    word: w.counts.words[i].clone(),
                    index,
                    pinned: w.pinned.get(index).copied().unwrap_or(false),
                    periods: over_time::series(&w.counts, i, self.by, column),
                })
                .collect();
            self.lines_for = Some(key);
        }
        &self.lines
    }

    /// The current spec's ids (for a tooltip's titles).
    pub fn titles_in(
        &mut self,
        conn: &Connection,
        start: i32,
        include_duplicates: bool,
    ) -> Vec<String> {
        let Some(column) = &self.column else {
            return Vec::new();
        };
        let ids = self.base.as_ref().map(|(_, ids)| Arc::clone(ids));
        let spec = Spec {
            by: self.by,
            ids: ids.as_deref().map(|v| v.as_slice()),
            include_duplicates,
            stories: false,
            stacks: &[],
        };
        let end = self.by.next(start) - 1;
        timeline::ids_between(column, &spec, start, end, 3)
            .into_iter()
            .filter_map(|id| store::documents::document(conn, id).ok().map(|d| d.title))
            .collect()
    }
}
