//! The app state and the frame loop: collect background results, draw the
//! panels, then apply the commands they sent.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Context, ViewportCommand};
use rusqlite::{Connection, Transaction};

use super::command::{self, Command};
use super::dialogs::{DialogAnswer, DialogKind, Dialogs, NativeDialogs};
use super::library_view::LibraryView;
use super::panels;
use super::settings::Settings;
use crate::core::error::{Error, Result};
use crate::core::import::{self, ImportOptions, ImportReport, Progress};
use crate::core::jobs::Job;
use crate::core::model::{DocId, DocState};
use crate::core::store::tags::{self, Tag};
use crate::core::store::writer::Pending;
use crate::core::store::{self, Library};
use crate::core::view::{self, Filter, TagFilter};

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
            data_version,
            last_poll: 0.0,
        };
        session.load_tags()?;
        session.count_clusters()?;
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

    /// Re-reads counts and rows after the library changed.
    fn refresh(&mut self) -> Result<()> {
        self.total = view::count(&self.conn)?;
        self.count_clusters()?;
        self.load_tags()?;
        if self.view.search_query().is_none() {
            self.view.show_all(&self.conn, self.library.path())?;
        }
        Ok(())
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
    /// Notices already written to the log.
    logged_notices: usize,
    pub reader: ReaderState,
    /// Tags the view requires or leaves out.
    pub tag_filter: TagFilter,
    /// The filter must be run again (tags or sort changed, library changed).
    pub filter_dirty: bool,
    /// Changes sent to the writer and not finished yet.
    pending_writes: Vec<(String, Pending<()>)>,
    /// An open tag dialog (rename, colour, delete).
    pub tag_dialog: Option<TagDialog>,
    /// Show documents marked as duplicates in the library too.
    pub show_duplicates: bool,
    pub export: super::export::ExportState,
    /// The small windows (settings, shortcuts, about).
    pub windows: super::panels::windows::Open,
    /// A backup being written.
    pub backup: Option<Job<PathBuf, ()>>,
    /// The period the library is filtered to.
    pub date_filter: Option<view::DateFilter>,
    pub timeline: super::timeline::TimelineState,
    /// The duplicate review is shown instead of the library.
    pub reviewing: bool,
    pub review: super::review::ReviewState,
    /// A search shows its best matches first until a column is sorted.
    rank_order: bool,
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
            logged_notices: 0,
            reader: ReaderState::default(),
            tag_filter: TagFilter::default(),
            filter_dirty: false,
            rank_order: true,
            show_duplicates: false,
            reviewing: false,
            review: Default::default(),
            date_filter: None,
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
                self.tag_filter = TagFilter::default();
                self.tag_dialog = None;
                self.report = None;
                self.review.cancel_run();
                self.review = Default::default();
                self.date_filter = None;
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
                self.refresh_session();
            }
        }
        let Some(session) = &mut self.session else {
            return;
        };
        session.view.poll();
        // Duplicate detection and the review's data.
        if self.review.poll(&session.conn) {
            self.timeline.stale = true;
            if let Ok(v) = store::data_version(&session.conn) {
                session.data_version = v;
            }
            if let Err(e) = session.refresh() {
                self.notices.push(format!("Cannot read the library: {e}"));
            }
            if session.view.filter().is_some() {
                self.filter_dirty = true;
            }
        }
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
        // The timeline follows the filter (without its dates).
        let current = Filter {
            query: {
                let t = self.search.text.trim();
                (!t.is_empty() && self.search.error.is_none()).then(|| t.to_string())
            },
            tags: self.tag_filter.clone(),
            show_duplicates: self.show_duplicates,
            dates: self.date_filter,
        };
        if self.search.edited_at.is_none() {
            self.timeline
                .update(session.library.path().to_path_buf(), &current);
        }
        // The filter (search text, tags): debounce typing, then run off the UI thread.
        if let Some(at) = self.search.edited_at
            && now - at >= SEARCH_DELAY
        {
            self.search.edited_at = None;
            self.filter_dirty = true;
            self.rank_order = true;
        }
        if self.filter_dirty && self.search.edited_at.is_none() {
            self.filter_dirty = false;
            let text = self.search.text.trim().to_string();
            let wanted = Filter {
                query: (!text.is_empty()).then_some(text),
                tags: self.tag_filter.clone(),
                show_duplicates: self.show_duplicates,
                dates: self.date_filter,
            };
            if let Some((_, job)) = self.search.job.take() {
                job.cancel();
            }
            let valid = match wanted
                .query
                .as_deref()
                .map(crate::core::search::Query::parse)
            {
                Some(Err(Error::Query(msg))) => Err(msg),
                Some(Err(e)) => Err(e.to_string()),
                _ => Ok(()),
            };
            match valid {
                Err(msg) => self.search.error = Some(msg),
                Ok(()) if wanted.is_empty() => {
                    self.search.error = None;
                    if session.view.filter().is_some() {
                        let _ = session.view.show_all(&session.conn, session.library.path());
                    }
                }
                Ok(()) => {
                    self.search.error = None;
                    let path = session.library.path().to_path_buf();
                    let sort = (!(self.rank_order && wanted.query.is_some()))
                        .then_some(self.settings.sort);
                    let filter = wanted.clone();
                    let job = Job::spawn("filter", move |ctx| {
                        let conn = store::open_reader(&path)?;
                        view::filtered_ids(&conn, &filter, sort, ctx.cancel_flag())
                    });
                    self.search.job = Some((wanted, job));
                }
            }
        }
        if let Some((filter, job)) = &mut self.search.job
            && let Some(result) = job.try_result()
        {
            let filter = filter.clone();
            self.search.job = None;
            match result {
                Ok(ids) => session.view.show_filtered(filter, ids),
                Err(Error::Cancelled) => {}
                Err(Error::Query(msg)) => self.search.error = Some(msg),
                Err(e) => self.search.error = Some(e.to_string()),
            }
        }
        // Another process (or our writer) changed the library.
        if now - session.last_poll >= POLL_EVERY {
            session.last_poll = now;
            if let Ok(v) = store::data_version(&session.conn)
                && v != session.data_version
            {
                session.data_version = v;
                if let Err(e) = session.refresh() {
                    self.notices.push(format!("Cannot read the library: {e}"));
                }
                self.reader.doc = None;
                self.review.stale = true;
                self.timeline.stale = true;
            }
        }
        // The reader follows the focused document.
        let focus = session.view.focus_id;
        if focus != self.reader.doc.as_ref().map(|d| d.id) {
            self.load_reader(focus);
        }
    }

    fn refresh_session(&mut self) {
        if let Some(session) = &mut self.session {
            if let Ok(v) = store::data_version(&session.conn) {
                session.data_version = v;
            }
            if let Err(e) = session.refresh() {
                self.notices.push(format!("Cannot read the library: {e}"));
            }
            if session.view.filter().is_some() {
                // Re-run the filter so new and changed documents show in it.
                self.filter_dirty = true;
            }
        }
        self.reader.doc = None;
        self.review.stale = true;
        self.timeline.stale = true;
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

    /// Applies one command.
    pub fn apply(&mut self, ctx: &Context, cmd: Command) {
        match cmd {
            Command::NewLibrary => self.ask(DialogKind::NewLibrary),
            Command::OpenLibraryDialog => self.ask(DialogKind::OpenLibrary),
            Command::OpenLibrary(path) => self.open_library(&path),
            Command::ImportFilesDialog => self.ask(DialogKind::ImportFiles),
            Command::ImportFolderDialog => self.ask(DialogKind::ImportFolder),
            Command::Import(paths) => self.start_import(paths),
            Command::CancelJob => {
                if let Some(import) = &self.import {
                    import.job.cancel();
                }
            }
            Command::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Command::FocusSearch => self.search.focus_requested = true,
            Command::SortBy(key) => {
                let sort = &mut self.settings.sort;
                if sort.key == key {
                    sort.descending = !sort.descending;
                } else {
                    sort.key = key;
                    sort.descending = false;
                }
                let sort = *sort;
                if let Some(session) = &mut self.session {
                    session.view.sort = sort;
                    if session.view.filter().is_some() {
                        // Filtered rows are re-sorted by the key instead of by rank.
                        self.rank_order = false;
                        self.filter_dirty = true;
                    } else if let Err(e) =
                        session.view.show_all(&session.conn, session.library.path())
                    {
                        self.notices.push(e.to_string());
                    }
                }
            }
            Command::SelectAll => {
                if let Some(session) = &mut self.session {
                    session.view.select_all();
                }
            }
            Command::TrashSelection => self.write_selection("Move to trash", true, |tx, ids| {
                store::documents::set_state(tx, &ids, DocState::Trashed)
            }),
            Command::Undo => self.write("Undo", |tx| store::journal::undo(tx).map(|_| ())),
            Command::Redo => self.write("Redo", |tx| store::journal::redo(tx).map(|_| ())),
            Command::SetDate(id, date) => self.write("Set date", move |tx| {
                store::documents::set_date(tx, &[id], Some(date))
            }),
            Command::ClearManualDate(id) => self.write("Clear date", move |tx| {
                store::documents::set_date(tx, &[id], None)
            }),
            Command::CreateTag(name) => self.write("Create tag", move |tx| {
                tags::create(tx, &name, None).map(|_| ())
            }),
            Command::RenameTag(id, name) => {
                self.write("Rename tag", move |tx| tags::rename(tx, id, &name))
            }
            Command::RecolorTag(id, color) => {
                self.write("Recolour tag", move |tx| tags::recolor(tx, id, &color))
            }
            Command::MergeTag { from, into } => {
                self.forget_tag_filter(from);
                self.write("Merge tags", move |tx| tags::merge(tx, from, into))
            }
            Command::DeleteTag(id) => {
                self.forget_tag_filter(id);
                self.write("Delete tag", move |tx| tags::delete(tx, id))
            }
            Command::ToggleTagFilter(id) => {
                let f = &mut self.tag_filter;
                f.exclude.retain(|t| *t != id);
                if f.include.contains(&id) {
                    f.include.retain(|t| *t != id);
                } else {
                    f.include.push(id);
                }
                self.filter_dirty = true;
            }
            Command::ExcludeTag(id) => {
                let f = &mut self.tag_filter;
                f.include.retain(|t| *t != id);
                if !f.exclude.contains(&id) {
                    f.exclude.push(id);
                }
                self.filter_dirty = true;
            }
            Command::RemoveTagFilter(id) => self.forget_tag_filter(id),
            Command::OpenTagDialog(dialog) => self.tag_dialog = Some(dialog),
            Command::TagFilterAll(all) => {
                self.tag_filter.all = all;
                self.filter_dirty = true;
            }
            Command::ClearFilters => {
                self.tag_filter = TagFilter::default();
                self.date_filter = None;
                self.search.text.clear();
                self.search.edited_at = Some(f64::NEG_INFINITY);
                self.filter_dirty = true;
            }
            Command::TagDocs { docs, tag, add } => self.write("Tag", move |tx| {
                tags::tag_by_name(tx, &tag, &docs, add).map(|_| ())
            }),
            Command::TagSelection { tag, add } => {
                self.write_selection("Tag", false, move |tx, ids| {
                    tags::tag_by_name(tx, &tag, &ids, add).map(|_| ())
                })
            }
            Command::ToggleTagOnSelection(id) => {
                self.write_selection("Tag", false, move |tx, ids| {
                    tags::toggle_on(tx, id, &ids).map(|_| ())
                })
            }
            Command::ShowDuplicates(on) => {
                self.reviewing = on && self.session.is_some();
            }
            Command::RunDedup { full } => {
                if let Some(session) = &self.session {
                    self.review.start_run(Arc::clone(&session.library), full);
                }
            }
            Command::CancelDedup => self.review.cancel_run(),
            Command::SetDedupThreshold(t) => self.write("Set threshold", move |tx| {
                store::dedup::set_threshold(tx, t)?;
                store::dedup::recluster_stored(tx).map(|_| ())
            }),
            Command::Resolve { clusters, how } => self.write(how.label(), move |tx| {
                store::dedup::resolve(tx, &clusters, how)
            }),
            Command::ChooseKeeper { keeper, members } => {
                self.review.selected = Some(keeper);
                self.write("Choose keeper", move |tx| {
                    store::dedup::choose_keeper(tx, keeper, &members)
                })
            }
            Command::NotDuplicatePair(a, b) => self.write("Not a duplicate", move |tx| {
                store::dedup::not_duplicates(tx, &[a, b])
            }),
            Command::SetShowDuplicates(on) => {
                self.show_duplicates = on;
                self.filter_dirty = true;
            }
            Command::SetDateFilter(dates) => {
                self.date_filter = dates;
                self.filter_dirty = true;
            }
            Command::ToggleTimeline => self.timeline.visible = !self.timeline.visible,
            Command::OpenExport => {
                if self.session.is_some() {
                    self.export.open = true;
                    self.export.error = None;
                    self.export.done = None;
                }
            }
            Command::ChooseExportDestination => self.choose_export_destination(),
            Command::ExportTo(dest) => {
                if super::export::needs_confirmation(&dest, self.export.format.is_folder()) {
                    self.export.confirm = Some(dest);
                } else if let Some(session) = &self.session {
                    self.export.start(Arc::clone(&session.library), dest, false);
                }
            }
            Command::ConfirmExport(replace) => {
                if let Some(dest) = self.export.confirm.take()
                    && replace
                    && let Some(session) = &self.session
                {
                    self.export.start(Arc::clone(&session.library), dest, true);
                }
            }
            Command::CancelExport => self.export.cancel(),
            Command::OpenSettings => self.windows.settings = true,
            Command::OpenShortcuts => self.windows.shortcuts = true,
            Command::OpenAbout => self.windows.about = true,
            Command::OpenLogFolder => {
                if let Some(dir) = super::log_folder()
                    && let Err(e) = super::export::open_folder(&dir)
                {
                    self.notices
                        .push(format!("Cannot open {}: {e}", dir.display()));
                }
            }
            Command::BackupDialog => {
                if self.session.is_some() {
                    self.ask(DialogKind::Backup);
                }
            }
            Command::BackupTo(dest) => {
                if let Some(session) = &self.session {
                    let library = Arc::clone(&session.library);
                    // The save dialog already asked about replacing the file.
                    self.backup = Some(Job::spawn("backup", move |_| {
                        library.backup(&dest, true)?;
                        Ok(dest)
                    }));
                }
            }
            Command::OpenFolder(path) => {
                if let Err(e) = super::export::open_folder(&path) {
                    self.notices
                        .push(format!("Cannot open {}: {e}", path.display()));
                }
            }
            Command::ReviewDocument(id) => {
                if let Some(session) = &self.session {
                    self.reviewing = true;
                    if !self.review.select_document(&session.conn, id) {
                        self.review.selected = Some(id);
                    }
                }
            }
        }
    }

    /// Checks the export dialog's choices, fixes what will be exported, and
    /// asks where to write it.
    fn choose_export_destination(&mut self) {
        use super::export::{Chosen, Scope};
        let Some(session) = &self.session else {
            return;
        };
        let opts = match self.export.options() {
            Ok(o) => o,
            Err(e) => {
                self.export.error = Some(e);
                return;
            }
        };
        let chosen = match self.export.scope {
            Scope::Library => Chosen::All,
            Scope::Filter => match session.view.filter() {
                Some(f) => Chosen::Filter(f.clone()),
                None => Chosen::All,
            },
            Scope::Selection => {
                if session.view.selected_count() == 0 {
                    self.export.error = Some("Nothing is selected in the library".into());
                    return;
                }
                Chosen::Selection(session.view.targets())
            }
            Scope::Tags | Scope::Dates => match self.export.scope_filter() {
                Ok(f) => Chosen::Filter(f),
                Err(e) => {
                    self.export.error = Some(e);
                    return;
                }
            },
        };
        self.export.error = None;
        self.export.pending = Some(Arc::new((chosen, opts)));
        let kind = if self.export.format.is_folder() {
            DialogKind::ExportFolder
        } else {
            DialogKind::ExportFile(self.export.format)
        };
        self.ask(kind);
    }

    /// Queues a change for the writer; the UI goes on and picks up the
    /// result in a later frame (see [`Self::poll_writes`]).
    fn write(&mut self, what: &str, f: impl FnOnce(&Transaction) -> Result<()> + Send + 'static) {
        let Some(session) = &self.session else {
            return;
        };
        let pending = session.library.writer().submit(f);
        self.pending_writes.push((what.to_string(), pending));
    }

    /// Like [`Self::write`], on the selection (resolved by the writer, so
    /// "all but these" over a million documents never stalls a frame).
    fn write_selection(
        &mut self,
        what: &str,
        clear: bool,
        f: impl FnOnce(&Transaction, Vec<DocId>) -> Result<()> + Send + 'static,
    ) {
        let Some(session) = &mut self.session else {
            return;
        };
        if session.view.selected_count() == 0 {
            return;
        }
        let targets = session.view.targets();
        if clear {
            session.view.selection = Default::default();
            session.view.focus_id = None;
        }
        self.write(what, move |tx| {
            let ids = targets.resolve(tx)?;
            if ids.is_empty() { Ok(()) } else { f(tx, ids) }
        });
    }

    /// Collects finished writes; refreshes the view once any finished.
    fn poll_writes(&mut self) {
        let mut finished = false;
        let mut errors = Vec::new();
        self.pending_writes
            .retain(|(what, pending)| match pending.try_take() {
                Some(result) => {
                    finished = true;
                    if let Err(e) = result {
                        errors.push(format!("{what} failed: {e}"));
                    }
                    false
                }
                None => true,
            });
        self.notices.extend(errors);
        if finished {
            self.refresh_session();
        }
    }

    pub fn is_writing(&self) -> bool {
        !self.pending_writes.is_empty()
    }

    /// Duplicate detection runs, or the review's data loads.
    pub fn is_finding_duplicates(&self) -> bool {
        self.review.is_running() || self.review.is_loading()
    }

    fn forget_tag_filter(&mut self, id: tags::TagId) {
        self.tag_filter.include.retain(|t| *t != id);
        self.tag_filter.exclude.retain(|t| *t != id);
        self.filter_dirty = true;
    }

    /// Keyboard shortcuts that work anywhere in the window.
    fn shortcuts(&mut self, ctx: &Context) {
        let text_focused = ctx.memory(|m| m.focused().is_some()) && ctx.egui_wants_keyboard_input();
        let mut push = |shortcut: &egui::KeyboardShortcut, cmd: Command| {
            if ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
                self.commands.push(cmd);
            }
        };
        push(&command::OPEN, Command::OpenLibraryDialog);
        push(&command::IMPORT_FOLDER, Command::ImportFolderDialog);
        push(&command::IMPORT_FILES, Command::ImportFilesDialog);
        push(&command::QUIT, Command::Quit);
        push(&command::FIND, Command::FocusSearch);
        push(
            &command::DUPLICATES,
            Command::ShowDuplicates(!self.reviewing),
        );
        push(&command::TIMELINE, Command::ToggleTimeline);
        push(&command::EXPORT, Command::OpenExport);
        push(&command::SETTINGS, Command::OpenSettings);
        push(&command::SHORTCUTS, Command::OpenShortcuts);
        if !text_focused {
            push(&command::SELECT_ALL, Command::SelectAll);
            push(&command::REDO, Command::Redo);
            push(&command::UNDO, Command::Undo);
            push(&command::TRASH, Command::TrashSelection);
            // 1–9 toggle the first nine tags on the selection.
            let first_nine: Vec<tags::TagId> = self
                .session
                .as_ref()
                .map(|s| s.tags.iter().take(9).map(|t| t.id).collect())
                .unwrap_or_default();
            for (i, id) in first_nine.into_iter().enumerate() {
                let shortcut =
                    egui::KeyboardShortcut::new(egui::Modifiers::NONE, command::NUMBER_KEYS[i]);
                if ctx.input_mut(|inp| inp.consume_shortcut(&shortcut)) {
                    self.commands.push(Command::ToggleTagOnSelection(id));
                }
            }
        }
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
        if has_documents && !self.reviewing {
            egui::Panel::right("reader")
                .resizable(true)
                .default_size(super::theme::READER_DEFAULT_WIDTH)
                .size_range(260.0..=900.0)
                .show(ui, |ui| panels::reader::ui(self, ui));
        }
        if has_documents && !self.reviewing && self.timeline.visible {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(super::theme::TIMELINE_DEFAULT_HEIGHT)
                .size_range(110.0..=480.0)
                .show(ui, |ui| panels::timeline::ui(self, ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.session.is_none() {
                panels::empty::no_library(self, ui);
            } else if self.session.as_ref().is_some_and(|s| s.total == 0) && !self.is_importing() {
                panels::empty::empty_library(self, ui);
            } else if self.reviewing {
                panels::dedup::ui(self, ui);
            } else {
                panels::filters::ui(self, ui);
                panels::table::ui(self, ui);
            }
        });
        panels::tags::dialogs(self, &ctx);
        panels::import_report::ui(self, &ctx);
        panels::export::ui(self, &ctx);
        panels::windows::ui(self, &ctx);
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
