//! The app state and the frame loop: collect background results, draw the
//! panels, then apply the commands they sent.

pub mod commands;
mod jobs;
use jobs::JobKind;
pub use jobs::Jobs;
mod keys;
pub use crate::gui::panels::toolbar::SearchState;
mod layout;
pub use layout::Layout;
mod logic;
mod ui;

pub use commands::capitalised;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::Context;
use rusqlite::Connection;

use super::command::{Commands, ReviewCommand};
use super::dialogs::{DialogAnswer, DialogKind, Dialogs, NativeDialogs};
use super::notices::{Confirm, Outcome, Toast};
pub use super::panels::reader::ReaderState;
use super::panels::table::LibraryView;
pub use super::panels::tags::TagDialog;
use super::settings::Settings;
use super::view_state::{Central, ViewState};
use crate::core::Library;
use crate::core::error::Result;
use crate::core::import::{ImportOptions, ImportReport};
use crate::core::store;
use crate::core::store::tags::{self, Tag};
use crate::core::store::writer::Pending;
use crate::core::view;

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
    /// Metadata fields documents carry, most common first (column chooser).
    pub meta_fields: Vec<String>,
    data_version: i64,
    last_poll: f64,
    /// Wakes the window when another process changes the library.
    _watch: Option<crate::core::store::watch::Watch>,
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
            meta_fields: Vec::new(),
            data_version,
            last_poll: 0.0,
            _watch: crate::core::jobs::waker()
                .map(|w| crate::core::store::watch::Watch::start(path, w)),
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

    /// Re-reads the counts, tags and undo labels after the library changed.
    /// The rows are not touched here: the app re-applies its whole view
    /// state (see `CorpusApp::on_library_changed`).
    fn refresh(&mut self) -> Result<()> {
        self.total = view::count(&self.conn)?;
        self.trash = store::trash::count(&self.conn)?;
        self.next = store::journal::next(&self.conn)?;
        self.clusters = store::review::cluster_count(&self.conn)?;
        self.meta_fields = view::meta_fields(&self.conn)?
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        self.load_tags()
    }
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
    /// The app's own background jobs (import, backups, indexing…).
    pub jobs: Jobs,
    pub report: Option<ImportReport>,
    pending_dialog: Option<(DialogKind, DialogAnswer)>,
    pub commands: Commands,
    /// Errors for the user, shown until dismissed.
    pub notices: Vec<String>,
    /// News for the user (a finished backup), shown until dismissed.
    pub infos: Vec<String>,
    /// What the last bulk change did, with the step that takes it back.
    pub toast: Option<Toast>,
    /// A tag branch whose parent had no tag of its own when clicked: it is
    /// made, and the view filters by it once it exists.
    pub pending_tag_filter: Option<String>,
    /// The latest import's report when it needed no window (one file).
    pub last_import: Option<crate::core::import::ImportReport>,
    /// A question before a destructive action.
    pub confirm: Option<Confirm>,
    /// The Import history window.
    pub history: super::panels::history::HistoryState,
    /// Notices already written to the log.
    logged_notices: usize,
    pub reader: ReaderState,
    /// The Passages view (coded passages, codes, memos) and autocode.
    pub passages: super::panels::passages::PassagesState,
    /// The agreement view (two coders compared).
    pub agreement: super::panels::agreement::AgreementState,
    /// The memo being written, if any.
    pub memo_dialog: Option<super::panels::memo::MemoDialog>,
    /// What the list is asked to show: search, tags, dates, batch, trash.
    pub view: ViewState,
    /// The view must be applied again (it changed, or the library did).
    pub filter_dirty: bool,
    /// Changes sent to the writer and not finished yet.
    pending_writes: Vec<(String, Pending<Outcome>)>,
    /// The tags panel (its open dialog).
    pub tags: super::panels::tags::TagsState,
    pub export: super::panels::export::ExportState,
    /// The small windows (settings, shortcuts, about).
    pub windows: super::panels::windows::Open,
    pub saved: super::panels::saved::SavedState,
    /// People, organisations and places in the left panel.
    pub entities: super::panels::entities::EntitiesState,
    /// Scanned documents: the OCR window, what is known of Tesseract.
    pub ocr: super::panels::ocr::OcrState,
    pub batch: super::panels::batch::BatchState,
    /// The check on open, the Restore window, saving what can be read.
    pub recovery: super::panels::recovery::RecoveryState,
    /// Which side panels the user keeps open (View menu, Ctrl+B, Ctrl+Shift+B).
    pub layout: Layout,
    pub words: super::panels::words::WordsState,
    /// Counts changes to the library seen by this window (the Words view
    /// runs again when it moves).
    pub library_changes: i64,
    /// The writer's commit count at the last automatic backup: more means
    /// the library changed since.
    pub backed_up_at_commit: u64,
    /// When (egui time) to look again whether a daily backup is due.
    pub next_backup_look: f64,
    pub timeline: super::panels::timeline::TimelineState,
    pub review: super::panels::review::ReviewState,
    window_title: String,
}

/// Debounce before a typed search runs, in seconds.
const SEARCH_DELAY: f64 = 0.25;
/// The threshold slider is stored this long after it stops moving, in seconds.
const THRESHOLD_DELAY: f64 = 0.5;
/// How often, at most, to look for other processes' changes, in seconds.
const POLL_EVERY: f64 = 1.0;

impl CorpusApp {
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> CorpusApp {
        super::fonts::install(&cc.egui_ctx, &super::fonts::system_fallbacks());
        // Background work started from this thread wakes the window when
        // it has news: nothing is drawn while nothing happens.
        let ctx = cc.egui_ctx.clone();
        crate::core::jobs::set_waker(Some(Arc::new(move || ctx.request_repaint())));
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
        self.import_options.tag_folders = self.settings.tag_folders;
        self.apply_backups_kept();
    }

    /// Writes the Settings' number of backups into the open library, when
    /// it differs (the CLI reads it there).
    pub(super) fn apply_backups_kept(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let wanted = self.settings.backups_kept.max(1);
        if session.library.health().damage().is_some()
            || store::backups::keep(&session.conn) == wanted
        {
            return;
        }
        self.write("Set the number of backups kept", move |tx| {
            store::backups::set_keep(tx, wanted)?;
            Ok(Outcome::Quiet)
        });
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
            jobs: Jobs::default(),
            report: None,
            pending_dialog: None,
            commands: Commands::default(),
            notices: Vec::new(),
            infos: Vec::new(),
            toast: None,
            last_import: None,
            pending_tag_filter: None,
            confirm: None,
            history: Default::default(),
            logged_notices: 0,
            reader: ReaderState::default(),
            passages: Default::default(),
            agreement: Default::default(),
            memo_dialog: None,
            view: ViewState::default(),
            filter_dirty: false,
            review: Default::default(),
            timeline: Default::default(),
            export: Default::default(),
            saved: Default::default(),
            entities: Default::default(),
            ocr: Default::default(),
            batch: Default::default(),
            recovery: Default::default(),
            layout: Layout::default(),
            words: Default::default(),
            library_changes: 0,
            backed_up_at_commit: 0,
            next_backup_look: 0.0,
            windows: Default::default(),
            tags: Default::default(),
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
        let index_dir = crate::core::search::index::dir_for(path);
        let had_index = index_dir.exists();
        match Session::open(path, &self.settings) {
            Ok(session) => {
                tracing::info!(library = %path.display(), documents = session.total, "library opened");
                self.jobs.cancel(JobKind::Import);
                self.recovery.start_check(path);
                // What killed backups and restores left beside the library.
                crate::core::fsx::sweep_stale(&crate::core::fsx::parent_of(path));
                crate::core::fsx::sweep_stale(&store::backups::folder(path));
                self.recovery.failed = None;
                self.backed_up_at_commit = 0;
                let mut session = session;
                // Another library's scroll and error notices do not carry
                // over (news such as a restore's stays).
                session.view.scroll_to_top = true;
                let same = self
                    .session
                    .as_ref()
                    .is_some_and(|s| s.library.path() == path);
                if !same {
                    self.notices.clear();
                }
                self.session = Some(session);
                self.open_error = None;
                self.words.cancel();
                self.words = Default::default();
                self.view.central = Central::Library;
                self.search = SearchState::default();
                self.reader = ReaderState::default();
                self.view = ViewState::default();
                self.filter_dirty = false;
                self.tags = Default::default();
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
                self.start_rederive();
                self.jobs.stop(JobKind::Indexing);
                self.start_indexing();
                self.apply_backups_kept();
                self.saved = Default::default();
                self.entities = Default::default();
                self.start_entities();
                // A run on the library left stops (its pages are kept and
                // read on from the cache the next time it opens).
                self.jobs.stop(JobKind::Ocr);
                self.ocr = Default::default();
                self.start_ocr_probe();
                if let Some(session) = &self.session {
                    self.saved
                        .reload(&session.conn, session.library.path().to_path_buf());
                }
                // A library without a threshold of its own starts with the default one.
                if let Some(session) = &self.session
                    && !store::clusters::has_threshold(&session.conn).unwrap_or(true)
                    && self.settings.dedup_threshold != crate::core::dedup::DEFAULT_THRESHOLD
                {
                    self.commands
                        .push(ReviewCommand::SetThreshold(self.settings.dedup_threshold));
                }
            }
            Err(e) => {
                let message = format!("Cannot open {}: {e}", path.display());
                if !had_index {
                    // The failed open leaves no empty index folder behind.
                    let _ = std::fs::remove_dir_all(&index_dir);
                }
                if e.is_corruption() {
                    // Known from now on (the note stays beside the file),
                    // and the screen offers its backups and what can be read:
                    // the library asked for is the one the user wants, so
                    // the one open closes rather than hide the way out
                    // behind a notice.
                    store::health::Health::for_library(path).observe(&e);
                    self.close_session();
                    self.recovery.failed = Some(path.to_path_buf());
                }
                if self.session.is_some() {
                    self.notices.push(message);
                } else {
                    self.open_error = Some(message);
                }
            }
        }
    }

    /// The duplicate review fills the middle of the window.
    pub fn reviewing(&self) -> bool {
        self.view.central == Central::Review
    }

    /// The Words view fills the middle of the window.
    pub fn in_words(&self) -> bool {
        self.view.central == Central::Words
    }

    /// The Passages view fills the middle of the window.
    pub fn in_passages(&self) -> bool {
        self.view.central == Central::Passages
    }

    /// The agreement view fills the middle of the window.
    pub fn in_agreement(&self) -> bool {
        self.view.central == Central::Agreement
    }

    /// Shows `central` in the middle of the window (the library's list
    /// is filtered again when the trash comes or goes).
    pub(super) fn show_central(&mut self, central: Central) {
        let central = if self.session.is_some() {
            central
        } else {
            Central::Library
        };
        if self.view.central == central {
            return;
        }
        let trash_changes = (central == Central::Trash) != self.view.trash();
        self.view.central = central;
        if trash_changes {
            self.filter_dirty = true;
        }
    }

    /// Back to the library when the trash is shown.
    pub(super) fn leave_trash(&mut self) {
        if self.view.trash() {
            self.show_central(Central::Library);
        }
    }

    pub fn library_name(&self) -> Option<String> {
        self.session.as_ref().map(|s| s.library.name())
    }

    pub fn is_importing(&self) -> bool {
        self.jobs.is_running(JobKind::Import)
    }

    fn ask(&mut self, kind: DialogKind) {
        if self.pending_dialog.is_none() {
            self.pending_dialog = Some((kind, self.dialogs.ask(kind)));
        }
    }

    pub fn is_writing(&self) -> bool {
        !self.pending_writes.is_empty()
    }

    /// Duplicate detection runs, or the review's data loads.
    pub fn is_finding_duplicates(&self) -> bool {
        self.review.is_running() || self.review.is_loading()
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

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.backup_on_close();
    }
}

impl CorpusApp {
    /// On close, a library changed since its last automatic backup gets
    /// one (the window waits for it: a consistent copy is worth a second).
    pub fn backup_on_close(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let lib = &session.library;
        if lib.health().damage().is_some() || lib.writer().commits() <= self.backed_up_at_commit {
            return;
        }
        match lib.auto_backup() {
            Ok(path) => tracing::info!("backed up the library to {}", path.display()),
            Err(e) => tracing::warn!("the backup on close failed: {e}"),
        }
        self.backed_up_at_commit = lib.writer().commits();
    }
}
