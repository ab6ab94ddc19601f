//! The app state and the frame loop: collect background results, draw the
//! panels, then apply the commands they sent.

mod command_handling;

pub use command_handling::capitalised;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Context, ViewportCommand};
use rusqlite::Connection;

use super::command::Command;
use super::dialogs::{DialogAnswer, DialogKind, Dialogs, NativeDialogs};
use super::library_view::LibraryView;
use super::notices::{Confirm, Outcome, Toast};
use super::panels;
use super::settings::Settings;
use super::view_state::ViewState;
use crate::core::error::{Error, Result};
use crate::core::import::{self, ImportOptions, ImportReport, Progress};
use crate::core::jobs::Job;
use crate::core::model::DocId;
use crate::core::store::tags::{self, Tag};
use crate::core::store::writer::Pending;
use crate::core::store::{self, Library};
use crate::core::view::{self, Filter};

/// How the app starts.
pub struct AppOptions {
    /// Open this library (else the last one, else the default one).
    pub library: Option<PathBuf>,
    pub dialogs: Box<dyn Dialogs>,
    pub import_options: ImportOptions,
    /// Remember settings between launches (off in tests).
    pub persist: bool,
}

impl AppOptions {
    pub fn desktop(library: Option<PathBuf>) -> AppOptions {
        AppOptions {
            library,
            dialogs: Box::new(NativeDialogs),
            import_options: ImportOptions::default(),
            persist: true,
        }
    }
}

/// An open library and what the UI reads from it.
pub struct Session {
    pub library: Arc<Library>,
    /// The UI's own read connection.
    pub conn: Connection,
    pub view: LibraryView,
    /// Active documents in the library.
    pub total: usize,
    /// Every tag with its count, by name.
    pub tags: Vec<Tag>,
    /// Documents under each tree node (a tag and its children, each once).
    pub subtree_counts: HashMap<String, i64>,
    /// Duplicate clusters stored at the library's threshold.
    pub clusters: usize,
    /// Documents in the trash.
    pub trash: usize,
    /// What Undo and Redo would take back now.
    pub next: store::journal::Next,
    data_version: i64,
    last_poll: f64,
}

impl Session {
    fn open(path: &Path, settings: &Settings) -> Result<Session> {
        let library = Arc::new(Library::open(path)?);
        let conn = library.reader()?;
        let mut view = LibraryView::new(settings.sort);
        view.show_all(&conn, library.path())?;
        let total = view.len();
        let data_version = store::data_version(&conn)?;
        let mut session = Session {
            library,
            conn,
            view,
            total,
            tags: Vec::new(),
            subtree_counts: HashMap::new(),
            clusters: 0,
            trash: 0,
            next: Default::default(),
            data_version,
            last_poll: 0.0,
        };
        session.refresh()?;
        Ok(session)
    }

    fn load_tags(&mut self) -> Result<()> {
        self.tags = tags::list(&self.conn)?;
        self.subtree_counts.clear();
        let mut nodes: Vec<String> = Vec::new();
        for t in &self.tags {
            let mut prefix = String::new();
            for part in t.name.split('/') {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                nodes.push(prefix.clone());
            }
        }
        nodes.sort();
        nodes.dedup();
        for node in nodes {
            let has_children = self
                .tags
                .iter()
                .any(|t| t.name.starts_with(&format!("{node}/")));
            let count = if has_children {
                tags::subtree_count(&self.conn, &node)?
            } else {
                self.tags
                    .iter()
                    .find(|t| t.name == node)
                    .map_or(0, |t| t.count)
            };
            self.subtree_counts.insert(node, count);
        }
        Ok(())
    }

    fn count_clusters(&mut self) -> Result<()> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM clusters", [], |r| r.get(0))?;
        self.clusters = n as usize;
        Ok(())
    }

    /// Re-reads the counts, tags and undo labels after the library changed.
    /// The rows are not touched here: the app re-applies its whole view
    /// state (see `CorpusApp::on_library_changed`).
    fn refresh(&mut self) -> Result<()> {
        self.total = view::count(&self.conn)?;
        self.trash = store::trash::count(&self.conn)?;
        self.next = store::journal::next(&self.conn)?;
        self.count_clusters()?;
        self.load_tags()
    }
}

/// The search box and its background job.
#[derive(Default)]
pub struct SearchState {
    pub text: String,
    /// When the text last changed (egui time), for debouncing.
    pub edited_at: Option<f64>,
    pub error: Option<String>,
    job: Option<(Filter, Job<Vec<DocId>, ()>)>,
    pub focus_requested: bool,
}

impl SearchState {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }
}

/// A running import.
pub struct ImportJob {
    job: Job<ImportReport, Progress>,
    pub progress: Progress,
}

/// A small dialog about one tag.
#[derive(Debug, Clone, PartialEq)]
pub enum TagDialog {
    Rename {
        id: tags::TagId,
        name: String,
    },
    Recolor {
        id: tags::TagId,
        color: egui::Color32,
    },
    Delete {
        id: tags::TagId,
        name: String,
        count: i64,
    },
}

/// What the reader shows.
#[derive(Default)]
pub struct ReaderState {
    pub doc: Option<crate::core::Document>,
    pub text: String,
    pub sources: Vec<crate::core::Source>,
    pub date_input: String,
    pub date_error: Option<String>,
    pub error: Option<String>,
    /// Scroll the text to the first search hit on the next frame.
    pub scroll_to_hit: bool,
    /// The tag being typed in the reader's tag editor.
    pub tag_input: String,
    /// The size of the document's duplicate cluster, and whether it keeps.
    pub cluster: Option<(i64, bool)>,
}

pub struct CorpusApp {
    pub settings: Settings,
    persist: bool,
    dialogs: Box<dyn Dialogs>,
    pub import_options: ImportOptions,
    pub session: Option<Session>,
    /// Why the library could not be opened.
    pub open_error: Option<String>,
    pub search: SearchState,
    pub import: Option<ImportJob>,
    pub report: Option<ImportReport>,
    pending_dialog: Option<(DialogKind, DialogAnswer)>,
    pub commands: Vec<Command>,
    /// Errors for the user, shown until dismissed.
    pub notices: Vec<String>,
    /// News for the user (a finished backup), shown until dismissed.
    pub infos: Vec<String>,
    /// What the last bulk change did, with the step that takes it back.
    pub toast: Option<Toast>,
    /// A question before a destructive action.
    pub confirm: Option<Confirm>,
    /// The Import history window.
    pub history: super::panels::history::HistoryState,
    /// Notices already written to the log.
    logged_notices: usize,
    pub reader: ReaderState,
    /// What the list is asked to show: search, tags, dates, batch, trash.
    pub view: ViewState,
    /// The view must be applied again (it changed, or the library did).
    pub filter_dirty: bool,
    /// Changes sent to the writer and not finished yet.
    pending_writes: Vec<(String, Pending<Outcome>)>,
    /// An open tag dialog (rename, colour, delete).
    pub tag_dialog: Option<TagDialog>,
    pub export: super::export::ExportState,
    /// The small windows (settings, shortcuts, about).
    pub windows: super::panels::windows::Open,
    /// A backup being written.
    pub backup: Option<Job<PathBuf, ()>>,
    pub timeline: super::timeline::TimelineState,
    /// The duplicate review is shown instead of the library.
    pub reviewing: bool,
    pub review: super::review::ReviewState,
    window_title: String,
}

/// Debounce before a typed search runs, in seconds.
const SEARCH_DELAY: f64 = 0.25;
/// The threshold slider is stored this long after it stops moving, in seconds.
const THRESHOLD_DELAY: f64 = 0.5;
/// How often to look for other processes' changes, in seconds.
const POLL_EVERY: f64 = 1.0;

impl CorpusApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> CorpusApp {
        super::fonts::install(&cc.egui_ctx, &super::fonts::system_fallbacks());
        let persist = options.persist;
        let settings = if persist {
            Settings::load(cc.storage)
        } else {
            Settings::default()
        };
        let mut app = Self::with_settings(settings, options);
        if persist {
            app.apply_settings(&cc.egui_ctx);
        }
        app
    }

    /// Applies the settings that act on the whole app (theme, size, import
    /// limit), after a change in the Settings window or at start.
    pub fn apply_settings(&mut self, ctx: &Context) {
        use super::settings::ThemeChoice;
        ctx.set_theme(match self.settings.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
        let scale = self.settings.ui_scale;
        if super::settings::UI_SCALES.contains(&scale) {
            ctx.set_zoom_factor(scale);
        }
        self.import_options.max_file_size = self.settings.import_max_mb.max(1) * 1_000_000;
    }

    pub fn with_settings(settings: Settings, options: AppOptions) -> CorpusApp {
        let mut app = CorpusApp {
            settings,
            persist: options.persist,
            dialogs: options.dialogs,
            import_options: options.import_options,
            session: None,
            open_error: None,
            search: SearchState::default(),
            import: None,
            report: None,
            pending_dialog: None,
            commands: Vec::new(),
            notices: Vec::new(),
            infos: Vec::new(),
            toast: None,
            confirm: None,
            history: Default::default(),
            logged_notices: 0,
            reader: ReaderState::default(),
            view: ViewState::default(),
            filter_dirty: false,
            reviewing: false,
            review: Default::default(),
            timeline: Default::default(),
            export: Default::default(),
            backup: None,
            windows: Default::default(),
            tag_dialog: None,
            pending_writes: Vec::new(),
            window_title: String::new(),
        };
        let path = options
            .library
            .or_else(|| app.settings.last_library.clone())
            .or_else(store::default_library_path);
        match path {
            Some(path) => app.open_library(&path),
            None => {
                app.open_error = Some(
                    "No home folder found for the default library: use File → Open library…".into(),
                )
            }
        }
        app
    }

    fn open_library(&mut self, path: &Path) {
        match Session::open(path, &self.settings) {
            Ok(session) => {
                tracing::info!(library = %path.display(), documents = session.total, "library opened");
                if let Some(job) = &self.import {
                    job.job.cancel();
                }
                self.session = Some(session);
                self.open_error = None;
                self.search = SearchState::default();
                self.reader = ReaderState::default();
                self.view = ViewState::default();
                self.filter_dirty = false;
                self.tag_dialog = None;
                self.confirm = None;
                self.toast = None;
                self.history = Default::default();
                self.report = None;
                self.review.cancel_run();
                self.review = Default::default();
                let visible = self.timeline.visible;
                self.timeline = Default::default();
                self.timeline.visible = visible;
                self.settings.opened(path.to_path_buf());
                // A library without a threshold of its own starts with the default one.
                if let Some(session) = &self.session
                    && !store::dedup::has_threshold(&session.conn).unwrap_or(true)
                    && self.settings.dedup_threshold != crate::core::dedup::DEFAULT_THRESHOLD
                {
                    self.commands
                        .push(Command::SetDedupThreshold(self.settings.dedup_threshold));
                }
            }
            Err(e) => {
                let message = format!("Cannot open {}: {e}", path.display());
                if self.session.is_some() {
                    self.notices.push(message);
                } else {
                    self.open_error = Some(message);
                }
            }
        }
    }

    pub fn library_name(&self) -> Option<String> {
        self.session.as_ref().map(|s| s.library.name())
    }

    pub fn is_importing(&self) -> bool {
        self.import.is_some()
    }

    /// Collects what background work finished since the last frame.
    fn poll(&mut self, ctx: &Context) {
        let now = ctx.input(|i| i.time);
        self.poll_writes();
        self.export.poll();
        if let Some(job) = &mut self.backup
            && let Some(result) = job.try_result()
        {
            self.backup = None;
            match result {
                Ok(dest) => self
                    .infos
                    .push(format!("Backed up the library to {}", dest.display())),
                Err(e) => self.notices.push(format!("Backup failed: {e}")),
            }
        }
        // Dialogs.
        if let Some((kind, answer)) = &self.pending_dialog {
            match answer.try_recv() {
                Ok(paths) => {
                    let kind = *kind;
                    self.pending_dialog = None;
                    if !paths.is_empty() {
                        self.commands.push(match kind {
                            DialogKind::ImportFiles | DialogKind::ImportFolder => {
                                Command::Import(paths)
                            }
                            DialogKind::OpenLibrary | DialogKind::NewLibrary => {
                                Command::OpenLibrary(paths[0].clone())
                            }
                            DialogKind::ExportFile(_) | DialogKind::ExportFolder => {
                                Command::ExportTo(paths[0].clone())
                            }
                            DialogKind::Backup => Command::BackupTo(paths[0].clone()),
                        });
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.pending_dialog = None,
            }
        }
        // Import.
        if let Some(import) = &mut self.import {
            if let Some(p) = import.job.progress() {
                import.progress = p.clone();
            }
            if let Some(result) = import.job.try_result() {
                self.import = None;
                match result {
                    Ok(report) => {
                        tracing::info!(
                            imported = report.imported,
                            already_present = report.already_present,
                            rejected = report.errors.len(),
                            "import finished"
                        );
                        // New documents are compared with the library right away.
                        if report.imported > 0 {
                            self.commands.push(Command::RunDedup { full: false });
                        }
                        self.report = Some(report)
                    }
                    Err(e) => self.notices.push(format!("Import failed: {e}")),
                }
                self.on_library_changed();
            }
        }
        let Some(session) = &mut self.session else {
            return;
        };
        session.view.poll();
        // Duplicate detection and the review's data.
        let dedup_finished = self.review.poll(&session.conn);
        if self.reviewing {
            self.review
                .load_if_stale(session.library.path().to_path_buf());
        }
        if let Some(at) = self.review.threshold_moved_at
            && now - at >= THRESHOLD_DELAY
            && !ctx.input(|i| i.pointer.any_down())
        {
            self.review.threshold_moved_at = None;
            self.commands
                .push(Command::SetDedupThreshold(self.review.threshold));
        }
        // Another process (or our writer) changed the library.
        let mut changed_elsewhere = false;
        if now - session.last_poll >= POLL_EVERY {
            session.last_poll = now;
            changed_elsewhere =
                store::data_version(&session.conn).is_ok_and(|v| v != session.data_version);
        }
        if dedup_finished || changed_elsewhere {
            self.on_library_changed();
        }
        // The search box: after a pause in typing, a query that can be
        // understood becomes the view's; a malformed one only shows its
        // message (the table and the timeline keep the last valid result).
        if let Some(at) = self.search.edited_at
            && now - at >= SEARCH_DELAY
        {
            self.search.edited_at = None;
            self.take_search_text();
        }
        if self.filter_dirty && self.search.edited_at.is_none() {
            self.filter_dirty = false;
            self.apply_view();
        }
        let Some(session) = &mut self.session else {
            return;
        };
        if let Some((filter, job)) = &mut self.search.job
            && let Some(result) = job.try_result()
        {
            let filter = filter.clone();
            self.search.job = None;
            match result {
                Ok(ids) => session.view.show_filtered(filter, ids),
                Err(Error::Cancelled) => {}
                Err(e) => {
                    self.search.error = Some(match e {
                        Error::Query(msg) => msg,
                        e => e.to_string(),
                    });
                    // Back to what the list shows, so every part agrees.
                    self.view.query = session.view.search_query().map(str::to_string);
                }
            }
        }
        // The timeline follows the view (without its dates: it shows the
        // period around them).
        if !self.view.trash {
            self.timeline
                .update(session.library.path().to_path_buf(), &self.view.filter());
        }
        // The reader follows the focused document.
        let focus = session.view.focus_id;
        if focus != self.reader.doc.as_ref().map(|d| d.id) {
            self.load_reader(focus);
        }
    }

    /// Takes the search box's text as the view's query when it parses.
    fn take_search_text(&mut self) {
        let text = self.search.text.trim();
        let query = (!text.is_empty()).then(|| text.to_string());
        match query.as_deref().map(crate::core::search::Query::parse) {
            Some(Err(Error::Query(msg))) => self.search.error = Some(msg),
            Some(Err(e)) => self.search.error = Some(e.to_string()),
            _ => {
                self.search.error = None;
                if self.view.query != query {
                    self.view.query = query;
                    self.view.rank_order = true;
                    self.filter_dirty = true;
                }
            }
        }
    }

    /// Shows what the view state asks for: every document at once, or the
    /// filter's ids from a background job (the old rows stay meanwhile).
    fn apply_view(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        if let Some((_, job)) = self.search.job.take() {
            job.cancel();
        }
        let wanted = self.view.filter();
        if wanted.is_empty() {
            if let Err(e) = session.view.show_all(&session.conn, session.library.path()) {
                self.notices.push(format!("Cannot read the library: {e}"));
            }
            return;
        }
        let path = session.library.path().to_path_buf();
        let sort = (!self.view.ranked()).then_some(self.settings.sort);
        let filter = wanted.clone();
        let job = Job::spawn("filter", move |ctx| {
            let conn = store::open_reader(&path)?;
            view::filtered_ids(&conn, &filter, sort, ctx.cancel_flag())
        });
        self.search.job = Some((wanted, job));
    }

    /// The one reaction to a changed library, whoever changed it (a write
    /// in this window, an import, a duplicate search, another process):
    /// counts, tags and undo labels are read again and the whole view state
    /// is applied again, so filters hold.
    pub(crate) fn on_library_changed(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        if let Ok(v) = store::data_version(&session.conn) {
            session.data_version = v;
        }
        if let Err(e) = session.refresh() {
            self.notices.push(format!("Cannot read the library: {e}"));
        }
        // A toast whose step is gone (the trash was emptied, the branch redone).
        if let Some(t) = &self.toast {
            let gone = match t.action {
                super::notices::ToastAction::Undo => session.next.undo.is_none(),
                super::notices::ToastAction::Redo => session.next.redo.is_none(),
            };
            if gone {
                self.toast = None;
            }
        }
        let tags: std::collections::HashSet<tags::TagId> =
            session.tags.iter().map(|t| t.id).collect();
        self.view.keep_tags(|t| tags.contains(&t));
        self.filter_dirty = true;
        // Read again from the focus (or left empty if it leaves the view).
        self.reader.doc = None;
        self.review.stale = true;
        self.timeline.stale = true;
        self.history.stale = true;
    }

    fn load_reader(&mut self, id: Option<DocId>) {
        self.reader = ReaderState::default();
        let (Some(id), Some(session)) = (id, &self.session) else {
            return;
        };
        let conn = &session.conn;
        let loaded = (|| -> Result<_> {
            Ok((
                store::documents::document(conn, id)?,
                store::documents::text(conn, id)?,
                store::documents::sources(conn, id)?,
                store::dedup::cluster_of(conn, id)?,
            ))
        })();
        match loaded {
            Ok((doc, text, sources, cluster)) => {
                self.reader.cluster = cluster;
                self.reader.date_input = doc.date.map(|d| d.to_string()).unwrap_or_default();
                self.reader.doc = Some(doc);
                self.reader.text = text;
                self.reader.sources = sources;
                self.reader.scroll_to_hit = true;
            }
            Err(e) => self.reader.error = Some(e.to_string()),
        }
    }

    fn ask(&mut self, kind: DialogKind) {
        if self.pending_dialog.is_none() {
            self.pending_dialog = Some((kind, self.dialogs.ask(kind)));
        }
    }

    /// Starts importing `paths` in the background.
    pub fn start_import(&mut self, paths: Vec<PathBuf>) {
        let Some(session) = &self.session else {
            self.notices.push("Open a library before importing.".into());
            return;
        };
        if self.import.is_some() {
            self.notices
                .push("An import is already running: wait for it or cancel it first.".into());
            return;
        }
        let library = Arc::clone(&session.library);
        let opts = self.import_options.clone();
        let job = Job::spawn("import", move |ctx| {
            let mut report = |p: &Progress| ctx.report(p.clone());
            import::import_paths(&library, &paths, &opts, ctx.cancel_flag(), &mut report)
        });
        self.report = None;
        self.import = Some(ImportJob {
            job,
            progress: Progress::default(),
        });
    }

    pub fn is_writing(&self) -> bool {
        !self.pending_writes.is_empty()
    }

    /// Duplicate detection runs, or the review's data loads.
    pub fn is_finding_duplicates(&self) -> bool {
        self.review.is_running() || self.review.is_loading()
    }

    fn update_title(&mut self, ctx: &Context) {
        let title = match self.library_name() {
            Some(name) => format!("{name} — corpusdesk"),
            None => "corpusdesk".to_string(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// Draws one frame and applies what it asked for.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll(&ctx);
        self.shortcuts(&ctx);

        egui::Panel::top("menu").show(ui, |ui| {
            panels::menu::ui(self, ui);
            panels::toolbar::ui(self, ui);
        });
        egui::Panel::bottom("status").show(ui, |ui| panels::status::ui(self, ui));
        let has_documents = self.session.as_ref().is_some_and(|s| s.total > 0);
        if self.session.is_some() {
            egui::Panel::left("tags")
                .resizable(true)
                .default_size(super::theme::TAGS_DEFAULT_WIDTH)
                .size_range(160.0..=480.0)
                .show(ui, |ui| panels::tags::ui(self, ui));
        }
        let trash_view = self.view.trash && !self.reviewing;
        if (has_documents || trash_view) && !self.reviewing {
            egui::Panel::right("reader")
                .resizable(true)
                .default_size(super::theme::READER_DEFAULT_WIDTH)
                .size_range(260.0..=900.0)
                .show(ui, |ui| panels::reader::ui(self, ui));
        }
        if has_documents && !self.reviewing && !self.view.trash && self.timeline.visible {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(super::theme::TIMELINE_DEFAULT_HEIGHT)
                .size_range(110.0..=480.0)
                .show(ui, |ui| panels::timeline::ui(self, ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.session.is_none() {
                panels::empty::no_library(self, ui);
            } else if self.reviewing {
                panels::dedup::ui(self, ui);
            } else if trash_view {
                let (in_trash, selected) = self
                    .session
                    .as_ref()
                    .map_or((0, 0), |s| (s.trash, s.view.selected_count()));
                panels::trash::bar(ui, in_trash, selected, &mut self.commands);
                if in_trash == 0 {
                    panels::trash::empty(ui);
                } else {
                    panels::table::ui(self, ui);
                }
            } else if self.session.as_ref().is_some_and(|s| s.total == 0) && !self.is_importing() {
                panels::empty::empty_library(self, ui);
            } else {
                panels::filters::ui(self, ui);
                panels::table::ui(self, ui);
            }
        });
        panels::tags::dialogs(self, &ctx);
        panels::import_report::ui(self, &ctx);
        panels::export::ui(self, &ctx);
        panels::windows::ui(self, &ctx);
        if let Some(session) = &self.session {
            self.history.ui(&ctx, &session.conn, &mut self.commands);
        }
        panels::confirm::ui(&mut self.confirm, &ctx, &mut self.commands);
        panels::import_report::notices(self, &ctx);
        panels::overlay::ui(self, &ctx);

        for cmd in std::mem::take(&mut self.commands) {
            self.apply(&ctx, cmd);
        }
        // Every error the user is shown also goes to the log.
        if self.notices.len() < self.logged_notices {
            self.logged_notices = self.notices.len();
        }
        for n in &self.notices[self.logged_notices..] {
            tracing::warn!("{n}");
        }
        self.logged_notices = self.notices.len();
        self.update_title(&ctx);
        let busy = self.import.is_some()
            || self.review.is_running()
            || self.review.is_loading()
            || self.review.threshold_moved_at.is_some()
            || self.timeline.is_busy()
            || self.export.is_running()
            || self.backup.is_some()
            || self.is_writing()
            || self.search.is_running()
            || self.pending_dialog.is_some()
            || self.session.as_ref().is_some_and(|s| s.view.is_busy());
        if busy {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        } else if self.search.edited_at.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(SEARCH_DELAY));
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(POLL_EVERY));
        }
    }
}

impl eframe::App for CorpusApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            self.settings.save(storage);
        }
    }
}
