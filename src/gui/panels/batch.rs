//! The Batch search window: paste or load a list of queries, run them in
//! the background, see each one's hits (a click shows them in the
//! library), tag every query's hits in one undoable step, export a CSV.

use std::path::{Path, PathBuf};

use egui::{Context, RichText, TextEdit};

use crate::core::jobs::Job;
use crate::core::view::batch::{self, BatchResult};
use crate::core::{Error, Result};
use crate::gui::command::{Commands, SearchCommand};
use crate::gui::theme;

use crate::core::counts::thousands;

/// The window's state, owned by this panel.
pub struct BatchState {
    pub open: bool,
    /// The queries as typed, pasted or loaded.
    pub text: String,
    pub results: Option<Vec<BatchResult>>,
    /// The prefix of the tag a query without its own gets.
    pub prefix: String,
    job: Option<Job<Vec<BatchResult>, (usize, usize)>>,
    progress: (usize, usize),
    export: Option<(PathBuf, Job<usize, ()>)>,
    pub error: Option<String>,
}

impl Default for BatchState {
    fn default() -> Self {
        BatchState {
            open: false,
            text: String::new(),
            results: None,
            prefix: "batch/".into(),
            job: None,
            progress: (0, 0),
            export: None,
            error: None,
        }
    }
}

impl BatchState {
    pub fn is_running(&self) -> bool {
        self.job.is_some() || self.export.is_some()
    }

    /// Runs the queries of the text box on the library at `path`.
    pub fn run(&mut self, path: PathBuf) {
        let queries = match batch::parse(&self.text) {
            Ok(q) if q.is_empty() => {
                self.error = Some("Type or load at least one query".into());
                return;
            }
            Ok(q) => q,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        if let Some(job) = self.job.take() {
            job.cancel();
        }
        self.error = None;
        self.progress = (0, queries.len());
        self.job = Some(Job::spawn("batch search", move |ctx| {
            let conn = crate::core::store::open_reader(&path)?;
            batch::run(
                &conn,
                &queries,
                &Default::default(),
                ctx.cancel_flag(),
                &mut |d, t| ctx.report((d, t)),
            )
        }));
    }

    /// Loads a batch file into the text box.
    pub fn load(&mut self, file: &Path) {
        match std::fs::metadata(file) {
            Ok(m) if m.len() > 10_000_000 => {
                self.error = Some(format!(
                    "{} is over 10 MB: a batch is a list of queries",
                    file.display()
                ));
            }
            Ok(_) => match std::fs::read_to_string(file) {
                Ok(text) => {
                    self.text = text;
                    self.results = None;
                    self.error = None;
                }
                Err(e) => self.error = Some(format!("Cannot read {}: {e}", file.display())),
            },
            Err(e) => self.error = Some(format!("Cannot read {}: {e}", file.display())),
        }
    }

    /// Writes the hits' CSV to `dest` in the background (the save dialog
    /// already asked before replacing a file).
    pub fn export(&mut self, library: PathBuf, dest: PathBuf) {
        let Some(results) = self.results.clone() else {
            return;
        };
        let to = dest.clone();
        let job = Job::spawn("batch export", move |ctx| {
            let conn = crate::core::store::open_reader(&library)?;
            batch::write_csv(&conn, &results, &to, true, ctx.cancel_flag())
        });
        self.export = Some((dest, job));
    }

    pub fn cancel(&mut self) {
        if let Some(job) = &self.job {
            job.cancel();
        }
        if let Some((_, job)) = &self.export {
            job.cancel();
        }
    }

    /// Takes finished jobs' results.
    pub fn poll(&mut self, infos: &mut Vec<String>, notices: &mut Vec<String>) {
        if let Some(job) = &mut self.job {
            if let Some(p) = job.progress() {
                self.progress = *p;
            }
            if let Some(result) = job.try_result() {
                self.job = None;
                match result {
                    Ok(r) => self.results = Some(r),
                    Err(Error::Cancelled) => {}
                    Err(e) => self.error = Some(e.to_string()),
                }
            }
        }
        if let Some((dest, job)) = &mut self.export
            && let Some(result) = job.try_result()
        {
            let dest = dest.clone();
            self.export = None;
            match result {
                Ok(rows) => infos.push(format!(
                    "Wrote {} to {}",
                    crate::core::counts::plural(rows, "hit", "hits"),
                    dest.display()
                )),
                Err(Error::Cancelled) => {}
                Err(e) => notices.push(format!("Cannot write {}: {e}", dest.display())),
            }
        }
    }
}

/// The window.
pub fn ui(ctx: &Context, state: &mut BatchState, commands: &mut Commands) {
    if !state.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Batch search")
        .id(egui::Id::unique("batch-window"))
        .open(&mut open)
        .collapsible(false)
        // Opens in the middle of the window, and stays movable.
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .default_width(560.0)
        .default_height(520.0)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(
                    "One query per line, in the search syntax; or a CSV with a query column and an optional tag column.",
                )
                .small()
                .weak(),
            );
            let label = ui.label("Queries");
            ui.add(
                TextEdit::multiline(&mut state.text)
                    .desired_rows(6)
                    .desired_width(f32::INFINITY)
                    .hint_text("\"civil war\" syria\ncovid-19 -vaccine\nrefug*"),
            )
            .labelled_by(label.id);
            let running = state.is_running();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!running, egui::Button::new("Load file…"))
                    .on_hover_text("A .txt with one query per line, or a CSV with a query column")
                    .clicked()
                {
                    commands.push(SearchCommand::LoadBatchDialog);
                }
                if ui
                    .add_enabled(!running && !state.text.trim().is_empty(), egui::Button::new("Run"))
                    .on_hover_text("Run every query on the library")
                    .clicked()
                {
                    commands.push(SearchCommand::RunBatch);
                }
                if running {
                    ui.spinner();
                    let (d, t) = state.progress;
                    ui.label(format!("{} / {}", thousands(d), thousands(t)));
                    if ui.button("Cancel").clicked() {
                        state.cancel();
                    }
                }
            });
            if let Some(err) = &state.error {
                ui.label(RichText::new(err).color(theme::error_text(ui.visuals().dark_mode)));
            }
            let Some(results) = &state.results else {
                return;
            };
            ui.separator();
            let bad = results.iter().filter(|r| r.query.error.is_some()).count();
            let hits: usize = results.iter().map(|r| r.ids.len()).sum();
            ui.label(format!(
                "{}, {}{}",
                crate::core::counts::plural(results.len() - bad, "query", "queries"),
                crate::core::counts::plural(hits, "hit", "hits"),
                if bad > 0 {
                    format!("; {bad} not understood (listed with the reason)")
                } else {
                    String::new()
                }
            ));
            egui::ScrollArea::vertical()
                .id_salt("batch-results")
                .max_height(260.0)
                .show(ui, |ui| {
                    egui::Grid::new("batch-grid")
                        .striped(true)
                        .num_columns(4)
                        .show(ui, |ui| {
                            ui.strong("Line");
                            ui.strong("Query");
                            ui.strong("Hits");
                            ui.strong("Tag");
                            ui.end_row();
                            for r in results {
                                ui.label(r.query.line.to_string());
                                match &r.query.error {
                                    Some(reason) => {
                                        ui.label(&r.query.query);
                                        ui.label("—");
                                        ui.label(
                                            RichText::new(reason)
                                                .color(theme::error_text(ui.visuals().dark_mode)),
                                        );
                                    }
                                    None => {
                                        if ui
                                            .link(&r.query.query)
                                            .on_hover_text("Show its hits in the library")
                                            .clicked()
                                        {
                                            commands.push(SearchCommand::ShowBatchQuery(r.query.query.clone()));
                                        }
                                        ui.label(thousands(r.ids.len()));
                                        let tag = r
                                            .query
                                            .tag
                                            .clone()
                                            .unwrap_or_else(|| format!("{}{}", state.prefix, r.query.query));
                                        ui.label(RichText::new(tag).weak());
                                    }
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("Tag prefix");
                ui.add(TextEdit::singleline(&mut state.prefix).desired_width(100.0))
                    .labelled_by(label.id)
                    .on_hover_text("Queries without a tag of their own tag their hits with this prefix and the query");
                if ui
                    .add_enabled(!running && hits > 0, egui::Button::new("Tag hits"))
                    .on_hover_text(format!(
                        "Tag every query's hits with its tag, in one step ({} undoes it)",
                        crate::gui::command::Action::Undo.key_text()
                    ))
                    .clicked()
                {
                    commands.push(SearchCommand::TagBatchHits(state.prefix.clone()));
                }
                if ui
                    .add_enabled(!running && hits > 0, egui::Button::new("Export CSV…"))
                    .on_hover_text("query, document id, title, date, source and snippet of every hit")
                    .clicked()
                {
                    commands.push(SearchCommand::ExportBatchDialog);
                }
            });
        });
    if !open {
        state.open = false;
    }
}

/// Tags for the hits, as the window shows them.
pub fn groups(state: &BatchState, prefix: &str) -> Result<Vec<(String, Vec<crate::core::DocId>)>> {
    Ok(state
        .results
        .as_deref()
        .map(|r| batch::tag_groups(r, prefix))
        .unwrap_or_default())
}
