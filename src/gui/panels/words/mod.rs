//! The Words view: concordance, frequencies, keywords and collocations of
//! exactly what the library view shows (its search, tags, dates and
//! metadata; duplicates only when shown). Each analysis is a background
//! job with progress and Stop; the concordance's lines appear as they are
//! found. The results are run again when the view or the library changes.
//!
//! `mod.rs` holds the state, the jobs and the tab bar; each tab draws in
//! its own file.

mod concordance;
mod tables;

use std::sync::Arc;

use egui::{RichText, Ui};

use crate::core::counts::thousands;
use crate::core::jobs::Job;
use crate::core::view::Filter;
use crate::core::words::{self, collocates, freq, keywords, kwic, over_time};
use crate::gui::command::{Commands, WordsCommand};
use crate::gui::theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Concordance,
    Frequencies,
    Keywords,
    Collocations,
}

impl Tab {
    pub const ALL: [Tab; 4] = [
        Tab::Concordance,
        Tab::Frequencies,
        Tab::Keywords,
        Tab::Collocations,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Tab::Concordance => "Concordance",
            Tab::Frequencies => "Frequencies",
            Tab::Keywords => "Keywords",
            Tab::Collocations => "Collocations",
        }
    }
}

/// What keywords are compared with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Reference {
    #[default]
    RestOfLibrary,
    Tag(crate::core::store::tags::TagId, String),
    /// The documents a saved search finds (as it is now).
    Saved(String, crate::core::store::saved::SavedFilter),
}

/// A finished analysis.
pub enum Done {
    Concordance(over_time::Counts),
    Frequencies(freq::FreqList),
    Keywords(keywords::Keywords),
    Collocations(collocates::Collocates),
}

/// An analysis running: (documents read, of).
pub type WordsJob = Job<Done, (usize, usize)>;

/// How the frequency list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FreqOrder {
    #[default]
    Count,
    Documents,
    Term,
}

pub struct WordsState {
    pub tab: Tab,
    pub pattern: String,
    pub context: usize,
    pub order: kwic::Order,
    /// Only lines whose context holds this word (a collocate's pairs).
    pub line_filter: String,
    pub found: kwic::Shared,
    /// Line order after sorting and filtering (indexes into `found`).
    pub(super) shown: Vec<usize>,
    pub(super) shown_for: (usize, kwic::Order, String),
    /// The last concordance word's and the pinned words' counts per dated
    /// document, drawn as lines on the timeline.
    pub over_time: Option<Arc<over_time::Counts>>,
    /// Counted again each time: the timeline redraws its lines on a change.
    pub over_time_generation: u64,
    /// Words kept on the timeline while others are looked up.
    pub pinned: Vec<String>,
    pub ngram: usize,
    pub stopwords: bool,
    pub stem: bool,
    pub freq: Option<freq::FreqList>,
    /// The list shown was counted by stems (a click looks for stem*).
    pub(super) freq_stemmed: bool,
    pub freq_order: FreqOrder,
    /// The order `freq`'s rows are in.
    pub(super) freq_sorted: FreqOrder,
    pub reference: Reference,
    pub keywords: Option<keywords::Keywords>,
    pub node: String,
    pub window: usize,
    pub min: u64,
    /// Collocations leave out the scope's stop words (on at first).
    pub colloc_stopwords: bool,
    pub collocates: Option<collocates::Collocates>,
    pub job: Option<(Tab, WordsJob)>,
    pub error: Option<String>,
    /// Per tab, the view and library state its results were computed for:
    /// when either changes, the tab runs again when shown.
    pub(super) ran_for: [Option<(Filter, i64)>; 4],
    /// Documents in the scope of the last run.
    pub scope_size: Option<usize>,
}

impl Default for WordsState {
    fn default() -> Self {
        WordsState {
            tab: Tab::default(),
            pattern: String::new(),
            context: kwic::DEFAULT_CONTEXT,
            order: kwic::Order::Document,
            line_filter: String::new(),
            found: Default::default(),
            shown: Vec::new(),
            shown_for: (usize::MAX, kwic::Order::Document, String::new()),
            over_time: None,
            over_time_generation: 0,
            pinned: Vec::new(),
            ngram: 1,
            stopwords: false,
            stem: false,
            freq: None,
            freq_stemmed: false,
            freq_order: FreqOrder::Count,
            freq_sorted: FreqOrder::Count,
            reference: Reference::RestOfLibrary,
            keywords: None,
            node: String::new(),
            window: 5,
            min: 3,
            colloc_stopwords: true,
            collocates: None,
            job: None,
            error: None,
            ran_for: Default::default(),
            scope_size: None,
        }
    }
}

impl WordsState {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    pub fn cancel(&mut self) {
        if let Some((_, job)) = self.job.take() {
            job.cancel();
        }
    }

    /// Starts the current tab's analysis over `filter`'s documents.
    pub fn run(&mut self, library: Arc<crate::core::Library>, filter: Filter, version: i64) {
        self.cancel();
        self.error = None;
        let tab = self.tab;
        self.ran_for[tab as usize] = Some((filter.clone(), version));
        let job = match tab {
            Tab::Concordance => {
                let pattern = match kwic::Pattern::parse(&self.pattern) {
                    Ok(p) => p,
                    Err(e) => {
                        self.error = Some(message(e));
                        return;
                    }
                };
                self.found = Default::default();
                self.shown.clear();
                self.shown_for.0 = usize::MAX;
                let found = Arc::clone(&self.found);
                let context = self.context;
                let mut lines = vec![self.pattern.trim().to_string()];
                for w in &self.pinned {
                    if !lines.contains(w) {
                        lines.push(w.clone());
                    }
                }
                Job::spawn("concordance", move |cx| {
                    let conn = library.reader()?;
                    let ids = words::scope(&conn, &filter, cx.cancel_flag())?;
                    let report = |d, t| cx.report((d, t));
                    kwic::concordance(
                        &conn,
                        &ids,
                        &pattern,
                        context,
                        &found,
                        cx.cancel_flag(),
                        &mut { report },
                    )?;
                    // Then every dated document's tokens, for the lines on
                    // the timeline (the progress bar runs a second time).
                    let counts =
                        over_time::count(&conn, &ids, &lines, cx.cancel_flag(), &mut |d, t| {
                            cx.report((d, t))
                        })?;
                    Ok(Done::Concordance(counts))
                })
            }
            Tab::Frequencies => {
                let opts = freq::FreqOptions {
                    ngram: self.ngram,
                    stopwords: self.stopwords,
                    stem: self.stem,
                };
                self.freq_stemmed = self.stem;
                Job::spawn("frequencies", move |cx| {
                    let conn = library.reader()?;
                    let ids = words::scope(&conn, &filter, cx.cancel_flag())?;
                    let list =
                        freq::frequencies(&conn, &ids, &opts, cx.cancel_flag(), &mut |d, t| {
                            cx.report((d, t))
                        })?;
                    Ok(Done::Frequencies(list))
                })
            }
            Tab::Keywords => {
                let reference = self.reference.clone();
                let show_duplicates = filter.show_duplicates;
                Job::spawn("keywords", move |cx| {
                    let conn = library.reader()?;
                    let target = words::scope(&conn, &filter, cx.cancel_flag())?;
                    let against = match reference {
                        Reference::RestOfLibrary => Filter {
                            show_duplicates,
                            ..Default::default()
                        },
                        Reference::Tag(id, _) => Filter {
                            tags: crate::core::view::TagFilter {
                                include: vec![id],
                                ..Default::default()
                            },
                            show_duplicates,
                            ..Default::default()
                        },
                        Reference::Saved(_, saved) => saved.filter(&conn)?,
                    };
                    let reference = words::scope(&conn, &against, cx.cancel_flag())?;
                    let k = keywords::keywords(
                        &conn,
                        &target,
                        &reference,
                        3,
                        cx.cancel_flag(),
                        &mut |d, t| cx.report((d, t)),
                    )?;
                    Ok(Done::Keywords(k))
                })
            }
            Tab::Collocations => {
                if let Err(e) = kwic::Pattern::parse(&self.node) {
                    self.error = Some(message(e));
                    return;
                }
                let (node, window, min, stopwords) = (
                    self.node.clone(),
                    self.window,
                    self.min,
                    self.colloc_stopwords,
                );
                Job::spawn("collocations", move |cx| {
                    let conn = library.reader()?;
                    let ids = words::scope(&conn, &filter, cx.cancel_flag())?;
                    let c = collocates::collocates(
                        &conn,
                        &ids,
                        &node,
                        &collocates::CollocOptions {
                            window,
                            min_together: min,
                            stopwords,
                        },
                        cx.cancel_flag(),
                        &mut |d, t| cx.report((d, t)),
                    )?;
                    Ok(Done::Collocations(c))
                })
            }
        };
        self.job = Some((tab, job));
    }

    /// Runs the shown tab again when the view or the library changed since
    /// its results (only a tab that has results or ran before).
    pub fn follow(&mut self, library: &Arc<crate::core::Library>, filter: &Filter, version: i64) {
        if self.job.is_some() {
            return;
        }
        let Some((ran_filter, ran_version)) = &self.ran_for[self.tab as usize] else {
            return;
        };
        if ran_filter != filter || *ran_version != version {
            self.run(Arc::clone(library), filter.clone(), version);
        }
    }

    /// Collects a finished job.
    pub fn poll(&mut self) {
        let Some((tab, job)) = &mut self.job else {
            return;
        };
        let tab = *tab;
        job.progress();
        let Some(result) = job.try_result() else {
            return;
        };
        self.job = None;
        match result {
            Ok(Done::Concordance(counts)) => {
                self.over_time = Some(Arc::new(counts));
                self.over_time_generation += 1;
            }
            Ok(Done::Frequencies(list)) => {
                // The core lists the most frequent first.
                self.freq_sorted = FreqOrder::Count;
                self.scope_size = Some(list.documents);
                self.freq = Some(list)
            }
            Ok(Done::Keywords(k)) => {
                self.scope_size = Some(k.target_documents);
                self.keywords = Some(k)
            }
            Ok(Done::Collocations(c)) => self.collocates = Some(c),
            Err(crate::core::Error::Cancelled) => self.ran_for[tab as usize] = None,
            Err(e) => self.error = Some(message(e)),
        }
    }

    /// The words to draw on the timeline: the last concordance word and
    /// the pinned ones.
    pub fn word_lines(&self) -> Option<WordLines> {
        let counts = self.over_time.as_ref()?;
        // Pinned words first, in the order pinned, so each keeps its colour
        // while other words are looked up; the last word looked up after.
        let mut shown: Vec<usize> = self
            .pinned
            .iter()
            .filter_map(|w| counts.words.iter().position(|c| c == w))
            .collect();
        if !shown.contains(&0) {
            shown.push(0);
        }
        let pinned = shown
            .iter()
            .map(|&i| self.pinned.contains(&counts.words[i]))
            .collect();
        Some(WordLines {
            counts: Arc::clone(counts),
            shown,
            pinned,
            generation: self.over_time_generation,
        })
    }

    /// Keeps the last concordance word's line on the timeline.
    pub fn pin(&mut self) {
        if let Some(word) = self.over_time.as_ref().and_then(|c| c.words.first())
            && !self.pinned.contains(word)
        {
            self.pinned.push(word.clone());
        }
    }

    pub fn unpin(&mut self, word: &str) {
        self.pinned.retain(|w| w != word);
    }

    /// The concordance lines in the order and filter asked for.
    pub(super) fn refresh_shown(&mut self) {
        let mut found = self.found.lock().unwrap_or_else(|p| p.into_inner());
        let key = (found.lines.len(), self.order, self.line_filter.clone());
        if key == self.shown_for {
            return;
        }
        // Sorting reorders the lines themselves (stable, by their keys).
        kwic::sort(&mut found.lines, self.order);
        let want = words::words(&self.line_filter);
        self.shown = found
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                want.is_empty()
                    || want.iter().all(|w| {
                        l.left_words.contains(w)
                            || l.right_words.contains(w)
                            || words::words(&l.left).contains(w)
                            || words::words(&l.right).contains(w)
                    })
            })
            .map(|(i, _)| i)
            .collect();
        self.shown_for = key;
    }

    /// The concordance lines shown, as CSV rows.
    pub fn shown_lines(&mut self) -> Vec<kwic::Line> {
        self.refresh_shown();
        let found = self.found.lock().unwrap_or_else(|p| p.into_inner());
        self.shown
            .iter()
            .filter_map(|&i| found.lines.get(i).cloned())
            .collect()
    }
}

fn message(e: crate::core::Error) -> String {
    match e {
        crate::core::Error::Query(m) => m,
        e => e.to_string(),
    }
}

/// Words drawn over the timeline's bars: the counts and which of their
/// words to draw.
#[derive(Clone)]
pub struct WordLines {
    pub counts: Arc<over_time::Counts>,
    /// Indexes into `counts.words`.
    pub shown: Vec<usize>,
    /// Per shown word: pinned (it stays when another word is looked up).
    pub pinned: Vec<bool>,
    pub generation: u64,
}

/// What the panel needs besides its state.
pub struct WordsView<'a> {
    /// Documents the library view shows (its scope).
    pub in_view: usize,
    pub tags: &'a [crate::core::store::tags::Tag],
    /// Saved searches, to compare keywords against.
    pub saved: &'a [crate::core::store::saved::SavedSearch],
    /// The timeline is shown (the over-time lines are drawn there).
    pub timeline: bool,
}

pub fn ui(ui: &mut Ui, state: &mut WordsState, v: &WordsView, commands: &mut Commands) {
    ui.add_space(theme::PANEL_MARGIN);
    ui.horizontal_wrapped(|ui| {
        for tab in Tab::ALL {
            if ui.selectable_label(state.tab == tab, tab.label()).clicked() && state.tab != tab {
                // The word looked up goes along: the concordance's word is
                // the collocations' node, and back.
                match (state.tab, tab) {
                    (Tab::Concordance, Tab::Collocations) if !state.pattern.trim().is_empty() => {
                        state.node = state.pattern.trim().to_string();
                    }
                    (Tab::Collocations, Tab::Concordance) if !state.node.trim().is_empty() => {
                        state.pattern = state.node.trim().to_string();
                    }
                    _ => {}
                }
                state.tab = tab;
            }
        }
        ui.separator();
        ui.label(
            RichText::new(format!(
                "Over the {} in view",
                crate::core::counts::documents(v.in_view)
            ))
            .weak(),
        )
        .on_hover_text("Search, tags, dates and filters narrow what the Words view reads");
    });
    ui.separator();
    let running = state.job.as_ref().map(|(_, j)| j.last().unwrap_or((0, 0)));
    match state.tab {
        Tab::Concordance => concordance::ui(ui, state, running, v.timeline, commands),
        Tab::Frequencies => tables::frequencies(ui, state, running, commands),
        Tab::Keywords => tables::keywords(ui, state, v, running, commands),
        Tab::Collocations => tables::collocations(ui, state, running, commands),
    }
}

/// Run / Stop and the progress of the running job.
pub(super) fn run_bar(ui: &mut Ui, running: Option<(usize, usize)>, commands: &mut Commands) {
    match running {
        Some((done, total)) => {
            let f = crate::core::counts::fraction(done, total);
            ui.add(egui::ProgressBar::new(f).desired_width(160.0).text(format!(
                "{} of {}",
                thousands(done),
                thousands(total)
            )));
            if ui.button("Stop").clicked() {
                commands.push(WordsCommand::Cancel);
            }
        }
        None => {
            if ui
                .button("Run")
                .on_hover_text("Run over the documents in view (Enter)")
                .clicked()
            {
                commands.push(WordsCommand::Run);
            }
        }
    }
}

pub(super) fn error_line(ui: &mut Ui, error: &Option<String>) {
    if let Some(e) = error {
        ui.colored_label(theme::error_text(ui.visuals().dark_mode), e);
    }
}
