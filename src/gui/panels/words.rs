//! The Words view: concordance, frequencies, keywords and collocations of
//! exactly what the library view shows (its search, tags, dates and
//! metadata; duplicates only when shown). Each analysis is a background
//! job with progress and Stop; the concordance's lines appear as they are
//! found. The results are run again when the view or the library changes.

use std::sync::Arc;

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::core::counts::thousands;
use crate::core::jobs::Job;
use crate::core::model::DocId;
use crate::core::view::Filter;
use crate::core::words::{self, collocates, freq, keywords, kwic, over_time};
use crate::gui::command::Command;
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
}

/// A finished analysis.
pub enum Done {
    Concordance(Vec<(String, over_time::Period)>),
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
    shown: Vec<usize>,
    shown_for: (usize, kwic::Order, String),
    pub over_time: Vec<(String, over_time::Period)>,
    pub ngram: usize,
    pub stopwords: bool,
    pub stem: bool,
    pub freq: Option<freq::FreqList>,
    /// The list shown was counted by stems (a click looks for stem*).
    freq_stemmed: bool,
    pub freq_order: FreqOrder,
    pub reference: Reference,
    pub keywords: Option<keywords::Keywords>,
    pub node: String,
    pub window: usize,
    pub min: u64,
    pub collocates: Option<collocates::Collocates>,
    pub job: Option<(Tab, WordsJob)>,
    pub error: Option<String>,
    /// Per tab, the view and library state its results were computed for:
    /// when either changes, the tab runs again when shown.
    ran_for: [Option<(Filter, i64)>; 4],
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
            over_time: Vec::new(),
            ngram: 1,
            stopwords: false,
            stem: false,
            freq: None,
            freq_stemmed: false,
            freq_order: FreqOrder::Count,
            reference: Reference::RestOfLibrary,
            keywords: None,
            node: String::new(),
            window: 5,
            min: 3,
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
                let word = self.pattern.clone();
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
                    let by = by_span(&conn, &ids);
                    let periods = over_time::over_time(
                        &conn,
                        &ids,
                        &word,
                        by,
                        cx.cancel_flag(),
                        &mut |_, _| {},
                    )?;
                    Ok(Done::Concordance(
                        periods.into_iter().map(|p| (p.label.clone(), p)).collect(),
                    ))
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
                let (node, window, min) = (self.node.clone(), self.window, self.min);
                Job::spawn("collocations", move |cx| {
                    let conn = library.reader()?;
                    let ids = words::scope(&conn, &filter, cx.cancel_flag())?;
                    let c = collocates::collocates(
                        &conn,
                        &ids,
                        &node,
                        window,
                        min,
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
            Ok(Done::Concordance(periods)) => self.over_time = periods,
            Ok(Done::Frequencies(list)) => {
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

    /// The concordance lines in the order and filter asked for.
    fn refresh_shown(&mut self) {
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

/// The timeline's period length for the dated documents of `ids`.
fn by_span(conn: &rusqlite::Connection, _ids: &[DocId]) -> crate::core::timeline::Granularity {
    let span: Option<(String, String)> = conn
        .query_row(
            "SELECT min(date), max(date) FROM documents WHERE date IS NOT NULL AND state = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    let days = span
        .and_then(|(a, b)| {
            Some(crate::core::timeline::parse_day(&b)? - crate::core::timeline::parse_day(&a)?)
        })
        .unwrap_or(365);
    crate::core::timeline::Granularity::for_span(days as f64)
}

/// What the panel needs besides its state.
pub struct WordsView<'a> {
    /// Documents the library view shows (its scope).
    pub in_view: usize,
    pub tags: &'a [crate::core::store::tags::Tag],
}

pub fn ui(ui: &mut Ui, state: &mut WordsState, v: &WordsView, commands: &mut Vec<Command>) {
    ui.add_space(theme::PANEL_MARGIN);
    ui.horizontal(|ui| {
        for tab in Tab::ALL {
            if ui.selectable_label(state.tab == tab, tab.label()).clicked() && state.tab != tab {
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
        Tab::Concordance => concordance(ui, state, running, commands),
        Tab::Frequencies => frequencies(ui, state, running, commands),
        Tab::Keywords => keywords_tab(ui, state, v, running, commands),
        Tab::Collocations => collocations(ui, state, running, commands),
    }
}

/// Run / Stop and the progress of the running job.
fn run_bar(ui: &mut Ui, running: Option<(usize, usize)>, commands: &mut Vec<Command>) {
    match running {
        Some((done, total)) => {
            let f = if total == 0 {
                0.0
            } else {
                done as f32 / total as f32
            };
            ui.add(egui::ProgressBar::new(f).desired_width(160.0).text(format!(
                "{} of {}",
                thousands(done),
                thousands(total)
            )));
            if ui.button("Stop").clicked() {
                commands.push(Command::WordsCancel);
            }
        }
        None => {
            if ui
                .button("Run")
                .on_hover_text("Run over the documents in view (Enter)")
                .clicked()
            {
                commands.push(Command::WordsRun);
            }
        }
    }
}

fn error_line(ui: &mut Ui, error: &Option<String>) {
    if let Some(e) = error {
        ui.colored_label(theme::error_text(ui.visuals().dark_mode), e);
    }
}

fn concordance(
    ui: &mut Ui,
    state: &mut WordsState,
    running: Option<(usize, usize)>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Word");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.pattern)
                    .hint_text("word, \"a phrase\" or prefix*")
                    .desired_width(220.0),
            )
            .labelled_by(l.id);
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            commands.push(Command::WordsRun);
        }
        let l = ui.label("Context");
        ui.add(
            egui::DragValue::new(&mut state.context)
                .range(1..=30)
                .suffix(" words"),
        )
        .labelled_by(l.id);
        let l = ui.label("Sort");
        egui::ComboBox::from_id_salt("kwic-order")
            .selected_text(state.order.label())
            .show_ui(ui, |ui| {
                for o in kwic::Order::ALL {
                    ui.selectable_value(&mut state.order, o, o.label());
                }
            })
            .response
            .labelled_by(l.id);
        run_bar(ui, running, commands);
    });
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Lines with");
        ui.add(
            egui::TextEdit::singleline(&mut state.line_filter)
                .hint_text("a word in the context")
                .desired_width(160.0),
        )
        .labelled_by(l.id);
        state.refresh_shown();
        let hits = state.found.lock().map(|f| f.hits).unwrap_or(0);
        let shown = state.shown.len();
        if hits > 0 {
            let capped = hits as usize > kwic::MAX_LINES;
            ui.label(format!(
                "{} lines{}{}",
                thousands(shown),
                if shown as u64 != hits {
                    format!(" of {} hits", thousands(hits as usize))
                } else {
                    String::new()
                },
                if capped {
                    " (the first 200,000 are kept)"
                } else {
                    ""
                }
            ));
            if ui
                .button("Export CSV…")
                .on_hover_text("The lines shown: document id, title, date, left, hit, right")
                .clicked()
            {
                commands.push(Command::ExportKwicDialog);
            }
        }
    });
    error_line(ui, &state.error);
    if !state.over_time.is_empty() {
        over_time_strip(ui, &state.over_time);
    }
    let found = Arc::clone(&state.found);
    let found = found.lock().unwrap_or_else(|p| p.into_inner());
    if found.lines.is_empty() {
        if running.is_none() && state.error.is_none() {
            ui.add_space(24.0);
            ui.vertical_centered(|ui| {
                ui.label(RichText::new(if state.ran_for[Tab::Concordance as usize].is_some() {
                    "No hits in the documents in view."
                } else {
                    "Type a word, a \"phrase\" or a prefix* and press Enter: every hit, with its context, aligned."
                }).weak());
            });
        }
        return;
    }
    let shown = &state.shown;
    let mut open: Option<(DocId, usize, usize)> = None;
    TableBuilder::new(ui)
        .id_salt("kwic")
        .striped(true)
        .sense(Sense::click())
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::auto().at_least(40.0))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::initial(84.0).at_least(60.0))
        .header(theme::HEADER_HEIGHT, |mut h| {
            h.col(|ui| {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.strong("Left");
                });
            });
            h.col(|ui| {
                ui.strong("Hit");
            });
            h.col(|ui| {
                ui.strong("Right");
            });
            h.col(|ui| {
                ui.strong("Date");
            });
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, shown.len(), |mut row| {
                let Some(line) = found.lines.get(shown[row.index()]) else {
                    return;
                };
                row.col(|ui| {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.add(egui::Label::new(line.left.trim_end()).truncate());
                    });
                });
                row.col(|ui| {
                    let r = ui
                        .add(
                            egui::Label::new(RichText::new(&line.hit).strong())
                                .sense(Sense::click()),
                        )
                        .on_hover_text(format!("{} — open it at this hit", line.title));
                    if r.clicked() {
                        open = Some((line.doc, line.start, line.end));
                    }
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(line.right.trim_start()).truncate());
                });
                row.col(|ui| {
                    ui.label(RichText::new(line.date.as_deref().unwrap_or("undated")).weak());
                });
                if row.response().clicked() {
                    open = Some((line.doc, line.start, line.end));
                }
            });
        });
    if let Some((id, start, end)) = open {
        commands.push(Command::OpenDocumentAt { id, start, end });
    }
}

/// The word's relative frequency per period, as a strip of bars.
fn over_time_strip(ui: &mut Ui, periods: &[(String, over_time::Period)]) {
    let max = periods
        .iter()
        .map(|(_, p)| p.per_million)
        .fold(0.0, f64::max);
    if max <= 0.0 {
        return;
    }
    let height = 36.0;
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), height), Sense::hover());
    let w = rect.width() / periods.len() as f32;
    let color = theme::timeline_bar(ui.visuals().dark_mode);
    let mut hovered = None;
    for (i, (label, p)) in periods.iter().enumerate() {
        let h = (p.per_million / max) as f32 * (height - 4.0);
        let x = rect.left() + i as f32 * w;
        let bar = egui::Rect::from_min_max(
            egui::pos2(x + 0.5, rect.bottom() - h),
            egui::pos2(x + w - 0.5, rect.bottom()),
        );
        ui.painter().rect_filled(bar, 0.0, color);
        if response
            .hover_pos()
            .is_some_and(|pos| pos.x >= x && pos.x < x + w)
        {
            hovered = Some((label, p));
        }
    }
    let r = response.on_hover_text(match hovered {
        Some((label, p)) => format!(
            "{label}: {} hits, {:.1} per million words",
            thousands(p.hits as usize),
            p.per_million
        ),
        None => "The word's share of all words, per period of the timeline".into(),
    });
    let _ = r;
    ui.label(
        RichText::new(format!(
            "Per million words, {} to {}",
            periods.first().map(|p| p.0.as_str()).unwrap_or(""),
            periods.last().map(|p| p.0.as_str()).unwrap_or("")
        ))
        .small()
        .weak(),
    );
}

fn frequencies(
    ui: &mut Ui,
    state: &mut WordsState,
    running: Option<(usize, usize)>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Count");
        egui::ComboBox::from_id_salt("freq-ngram")
            .selected_text(ngram_label(state.ngram))
            .show_ui(ui, |ui| {
                for n in 1..=4 {
                    ui.selectable_value(&mut state.ngram, n, ngram_label(n));
                }
            })
            .response
            .labelled_by(l.id);
        ui.checkbox(&mut state.stem, "Stem words")
            .on_hover_text("Count words by their Snowball stem, in each document's language: talks, talked → talk");
        ui.checkbox(&mut state.stopwords, "Leave out stop words")
            .on_hover_text("NLTK's lists for the main languages in view (an n-gram that starts or ends with one)");
        run_bar(ui, running, commands);
        if let Some(list) = &state.freq {
            ui.label(format!(
                "{} different, {} in all, in {}",
                thousands(list.rows.len()),
                thousands(list.tokens as usize),
                crate::core::counts::documents(list.documents)
            ));
        }
    });
    error_line(ui, &state.error);
    let Some(list) = &state.freq else {
        empty_hint(
            ui,
            running,
            "Run to count every word (or 2–4-word sequence) in the documents in view.",
        );
        return;
    };
    let mut order = state.freq_order;
    let mut rows: Vec<&freq::FreqRow> = list.rows.iter().collect();
    match order {
        FreqOrder::Count => {}
        FreqOrder::Documents => {
            rows.sort_by(|a, b| b.documents.cmp(&a.documents).then(b.count.cmp(&a.count)))
        }
        FreqOrder::Term => rows.sort_by(|a, b| a.term.cmp(&b.term)),
    }
    let mut open: Option<String> = None;
    TableBuilder::new(ui)
        .id_salt("freq")
        .striped(true)
        .column(Column::initial(44.0))
        .column(Column::remainder().at_least(100.0).clip(true))
        .column(Column::initial(70.0))
        .column(Column::initial(80.0))
        .column(Column::initial(80.0))
        .header(theme::HEADER_HEIGHT, |mut h| {
            h.col(|ui| {
                ui.strong("Rank");
            });
            for (label, o) in [
                ("Word", FreqOrder::Term),
                ("Count", FreqOrder::Count),
                ("Documents", FreqOrder::Documents),
            ] {
                h.col(|ui| {
                    // The bundled fonts have no arrows: the order in force is underlined.
                    let text = if order == o {
                        RichText::new(label).strong().underline()
                    } else {
                        RichText::new(label).strong()
                    };
                    if ui
                        .add(egui::Button::new(text).frame(false))
                        .on_hover_text(format!("Sort by {}", label.to_lowercase()))
                        .clicked()
                    {
                        order = o;
                    }
                });
            }
            h.col(|ui| {
                ui.strong("Per million");
            });
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, rows.len(), |mut row| {
                let i = row.index();
                let r = rows[i];
                row.col(|ui| {
                    ui.label(RichText::new(thousands(i + 1)).weak());
                });
                row.col(|ui| {
                    if ui
                        .add(egui::Label::new(&r.term).sense(Sense::click()))
                        .on_hover_text("Show its concordance")
                        .clicked()
                    {
                        open = Some(r.term.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(thousands(r.count as usize));
                });
                row.col(|ui| {
                    ui.label(thousands(r.documents as usize));
                });
                row.col(|ui| {
                    ui.label(format!("{:.1}", r.per_million));
                });
            });
        });
    state.freq_order = order;
    if let Some(term) = open {
        // A stem stands for the words that begin with it.
        let pattern = if state.freq_stemmed && !term.contains(' ') {
            format!("{term}*")
        } else {
            quote(&term)
        };
        commands.push(Command::WordsConcordanceOf(pattern));
    }
}

/// A term as a concordance pattern: n-grams become phrases.
fn quote(term: &str) -> String {
    if term.contains(' ') {
        format!("\"{term}\"")
    } else {
        term.to_string()
    }
}

fn ngram_label(n: usize) -> &'static str {
    match n {
        1 => "Words",
        2 => "2-word sequences",
        3 => "3-word sequences",
        _ => "4-word sequences",
    }
}

fn empty_hint(ui: &mut Ui, running: Option<(usize, usize)>, text: &str) {
    if running.is_none() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new(text).weak());
        });
    }
}

fn keywords_tab(
    ui: &mut Ui,
    state: &mut WordsState,
    v: &WordsView,
    running: Option<(usize, usize)>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Against");
        let current = match &state.reference {
            Reference::RestOfLibrary => "The rest of the library".to_string(),
            Reference::Tag(_, name) => format!("Tag {name}"),
        };
        egui::ComboBox::from_id_salt("keywords-reference")
            .selected_text(current)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut state.reference,
                    Reference::RestOfLibrary,
                    "The rest of the library",
                );
                for t in v.tags {
                    ui.selectable_value(
                        &mut state.reference,
                        Reference::Tag(t.id, t.name.clone()),
                        format!("Tag {}", t.name),
                    );
                }
            })
            .response
            .labelled_by(l.id);
        run_bar(ui, running, commands);
    });
    error_line(ui, &state.error);
    let Some(k) = &state.keywords else {
        empty_hint(
            ui,
            running,
            "Run to find the words over-represented in the documents in view (log-likelihood, p < 0.01, with the log ratio).",
        );
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} ({} words) against {} ({} words); significant at p < 0.01 (LL ≥ 6.63), at least 3 times",
            crate::core::counts::documents(k.target_documents),
            thousands(k.target_tokens as usize),
            crate::core::counts::documents(k.reference_documents),
            thousands(k.reference_tokens as usize)
        ))
        .weak(),
    );
    let mut open = None;
    TableBuilder::new(ui)
        .id_salt("keywords")
        .striped(true)
        .column(Column::remainder().at_least(100.0).clip(true))
        .columns(Column::initial(76.0).clip(true), 4)
        .header(theme::HEADER_HEIGHT, |mut h| {
            for (label, tip) in [
                ("Word", "Click a word for its concordance"),
                ("Here", "Count in the documents in view"),
                ("Reference", "Count in the reference"),
                ("Log-likelihood", "How sure the difference is (G2)"),
                (
                    "Log ratio",
                    "How big it is: log2 of the ratio of relative frequencies",
                ),
            ] {
                h.col(|ui| {
                    ui.strong(label).on_hover_text(tip);
                });
            }
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, k.rows.len(), |mut row| {
                let r = &k.rows[row.index()];
                row.col(|ui| {
                    if ui
                        .add(egui::Label::new(&r.term).sense(Sense::click()))
                        .on_hover_text("Show its concordance")
                        .clicked()
                    {
                        open = Some(r.term.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(thousands(r.target as usize));
                });
                row.col(|ui| {
                    ui.label(thousands(r.reference as usize));
                });
                row.col(|ui| {
                    ui.label(format!("{:.1}", r.log_likelihood));
                });
                row.col(|ui| {
                    ui.label(format!("{:.2}", r.log_ratio));
                });
            });
        });
    if let Some(term) = open {
        commands.push(Command::WordsConcordanceOf(term));
    }
}

fn collocations(
    ui: &mut Ui,
    state: &mut WordsState,
    running: Option<(usize, usize)>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Node");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut state.node)
                    .hint_text("a word or prefix*")
                    .desired_width(180.0),
            )
            .labelled_by(l.id);
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            commands.push(Command::WordsRun);
        }
        let l = ui.label("Window ±");
        ui.add(
            egui::DragValue::new(&mut state.window)
                .range(1..=10)
                .suffix(" words"),
        )
        .labelled_by(l.id);
        let l = ui.label("At least");
        ui.add(
            egui::DragValue::new(&mut state.min)
                .range(1..=1000)
                .suffix("×"),
        )
        .labelled_by(l.id);
        run_bar(ui, running, commands);
    });
    error_line(ui, &state.error);
    let Some(c) = &state.collocates else {
        empty_hint(
            ui,
            running,
            "Type a node word and press Enter: the words found near it more often than chance (log-Dice, MI).",
        );
        return;
    };
    ui.label(
        RichText::new(format!(
            "{} occurs {} times; {} words in all; window ±{}",
            c.node,
            thousands(c.node_frequency as usize),
            thousands(c.tokens as usize),
            c.window
        ))
        .weak(),
    );
    let mut open = None;
    TableBuilder::new(ui)
        .id_salt("collocates")
        .striped(true)
        .column(Column::remainder().at_least(100.0).clip(true))
        .columns(Column::initial(76.0).clip(true), 4)
        .header(theme::HEADER_HEIGHT, |mut h| {
            for (label, tip) in [
                ("Collocate", "Click for the concordance of the pair"),
                ("Together", "Times within the window of the node"),
                ("Frequency", "Times in the documents in view"),
                ("log-Dice", "14 + log2(2·together / (node + collocate))"),
                (
                    "MI",
                    "log2(together / expected), expected = node·collocate·span / words",
                ),
            ] {
                h.col(|ui| {
                    ui.strong(label).on_hover_text(tip);
                });
            }
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, c.rows.len(), |mut row| {
                let r = &c.rows[row.index()];
                row.col(|ui| {
                    if ui
                        .add(egui::Label::new(&r.term).sense(Sense::click()))
                        .on_hover_text("Show the lines with both")
                        .clicked()
                    {
                        open = Some(r.term.clone());
                    }
                });
                row.col(|ui| {
                    ui.label(thousands(r.together as usize));
                });
                row.col(|ui| {
                    ui.label(thousands(r.frequency as usize));
                });
                row.col(|ui| {
                    ui.label(format!("{:.2}", r.log_dice));
                });
                row.col(|ui| {
                    ui.label(format!("{:.2}", r.mi));
                });
            });
        });
    if let Some(term) = open {
        commands.push(Command::WordsPair {
            node: state.node.clone(),
            collocate: term,
        });
    }
}
