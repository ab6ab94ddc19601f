//! The app's own background jobs, in one place: an import, a backup, the
//! daily backup, re-reading an upgraded library, bringing the search index
//! in step, writing a concordance. Starting one is one call
//! ([`Jobs::start`]) with what to do when it ends; the frame loop collects
//! the ends ([`Jobs::poll`]) and the status bar lists what runs
//! ([`Jobs::statuses`]). Jobs wake the window when they report (see
//! [`crate::core::jobs::set_waker`]), so nothing polls on a timer.
//!
//! Panels that run work of their own (the duplicate search, the Words
//! view, the timeline, the export) keep their job in their state and are
//! woken the same way.

use std::path::PathBuf;
use std::sync::Arc;

use super::CorpusApp;
use crate::core::counts::{fraction, thousands};
use crate::core::error::{Error, Result};
use crate::core::import::{ImportReport, Progress};
use crate::core::jobs::{Job, JobContext};
use crate::core::store;
use crate::gui::command::ReviewCommand;
use crate::gui::notices::{Outcome, Toast};
pub use crate::gui::panels::status::{JobKind, JobStatus as Status};

/// What the app does once a job ended.
type Done = Box<dyn FnOnce(&mut CorpusApp)>;

/// What the app does with a job's result.
type OnEnd<T> = Box<dyn FnOnce(&mut CorpusApp, Result<T>)>;

/// A job of any result and progress type.
trait Tracked {
    fn kind(&self) -> JobKind;
    fn cancel(&self);
    /// Takes new progress; once the job ended, what to do about it.
    fn poll(&mut self) -> Option<Done>;
    fn status(&self) -> Option<Status>;
}

struct Entry<T, P> {
    kind: JobKind,
    job: Job<T, P>,
    status: Option<fn(Option<&P>) -> Status>,
    done: Option<OnEnd<T>>,
}

impl<T: Send + 'static, P: Send + Clone + 'static> Tracked for Entry<T, P> {
    fn kind(&self) -> JobKind {
        self.kind
    }

    fn cancel(&self) {
        self.job.cancel();
    }

    fn poll(&mut self) -> Option<Done> {
        self.job.progress();
        let result = self.job.try_result()?;
        let done = self.done.take()?;
        Some(Box::new(move |app: &mut CorpusApp| done(app, result)))
    }

    fn status(&self) -> Option<Status> {
        let status = self.status?;
        let last = self.job.last();
        Some(status(last.as_ref()))
    }
}

/// The app's running jobs.
#[derive(Default)]
pub struct Jobs {
    running: Vec<Box<dyn Tracked>>,
}

impl Jobs {
    /// Runs `job` as the one of its kind (one already running is
    /// cancelled and forgotten); `done` gets its result in a later frame.
    /// `status` draws its line in the status bar, for jobs that show one.
    pub fn start<T, P>(
        &mut self,
        kind: JobKind,
        job: Job<T, P>,
        status: Option<fn(Option<&P>) -> Status>,
        done: impl FnOnce(&mut CorpusApp, Result<T>) + 'static,
    ) where
        T: Send + 'static,
        P: Send + Clone + 'static,
    {
        self.stop(kind);
        self.running.push(Box::new(Entry {
            kind,
            job,
            status,
            done: Some(Box::new(done)),
        }));
    }

    pub fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|j| j.kind() == kind)
    }

    /// Anything runs.
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Asks the job of this kind to stop; its end is reported as usual.
    pub fn cancel(&self, kind: JobKind) {
        for j in self.running.iter().filter(|j| j.kind() == kind) {
            j.cancel();
        }
    }

    /// Cancels the job of this kind and forgets it (its end is not
    /// reported): the library it worked on is closing.
    pub fn stop(&mut self, kind: JobKind) {
        self.running.retain(|j| {
            let keep = j.kind() != kind;
            if !keep {
                j.cancel();
            }
            keep
        });
    }

    /// The status bar's lines, in the order the jobs started.
    pub fn statuses(&self) -> Vec<Status> {
        self.running.iter().filter_map(|j| j.status()).collect()
    }

    /// Takes the jobs that ended, with what the app does about each.
    pub(super) fn poll(&mut self) -> Vec<Done> {
        let mut ended = Vec::new();
        self.running.retain_mut(|j| match j.poll() {
            Some(done) => {
                ended.push(done);
                false
            }
            None => true,
        });
        ended
    }
}

impl CorpusApp {
    /// Starts importing `paths` in the background.
    pub fn start_import(&mut self, paths: Vec<PathBuf>) {
        let Some(session) = &self.session else {
            self.notices.push("Open a library before importing.".into());
            return;
        };
        if self.jobs.is_running(JobKind::Import) {
            self.notices
                .push("An import is already running: wait for it or cancel it first.".into());
            return;
        }
        self.last_import = None;
        let library = Arc::clone(&session.library);
        let opts = self.import_options.clone();
        let job = Job::spawn("import", move |ctx| {
            let mut report = |p: &Progress| ctx.report(p.clone());
            library.import_paths(&paths, &opts, ctx.cancel_flag(), &mut report)
        });
        self.report = None;
        self.jobs.start(
            JobKind::Import,
            job,
            Some(import_status),
            CorpusApp::import_finished,
        );
    }

    fn import_finished(&mut self, result: Result<ImportReport>) {
        match result {
            Ok(report) => {
                tracing::info!(
                    imported = report.imported,
                    already_present = report.already_present,
                    rejected = report.errors.len(),
                    "import finished"
                );
                // Which files failed and why, for a look later (the first
                // 500; the report window lists them all).
                for e in report.errors.iter().take(500) {
                    tracing::info!(path = %e.path, reason = %e.reason, "not imported");
                }
                if report.errors.len() > 500 {
                    tracing::info!(more = report.errors.len() - 500, "more not imported");
                }
                // New documents are compared with the library right away,
                // and the timeline fits their dates.
                // Scans are read by OCR next, when Tesseract is here.
                if !report.scans.is_empty() {
                    self.start_ocr(false, false);
                }
                if report.imported > 0 {
                    self.timeline.refit = true;
                    self.commands.push(ReviewCommand::Run { full: false });
                }
                if report.is_plain_single() {
                    // One file dropped: a notice (with Undo), no window.
                    self.toast = Toast::after(Outcome::Done("Imported 1 document".to_string()));
                    self.last_import = Some(report);
                } else {
                    self.report = Some(report)
                }
            }
            Err(e) => {
                self.observe(&e);
                self.notices.push(format!("Import failed: {e}"))
            }
        }
        self.on_library_changed();
    }

    /// Backs the library up to `dest` in the background (the save dialog
    /// already asked about replacing the file).
    pub(super) fn start_backup(&mut self, dest: PathBuf) {
        let Some(session) = &self.session else {
            return;
        };
        let library = Arc::clone(&session.library);
        let job = Job::spawn("backup", move |_: &JobContext<()>| {
            library.backup(&dest, true)?;
            Ok(dest)
        });
        self.jobs
            .start(JobKind::Backup, job, None, |app, result| match result {
                Ok(dest) => app
                    .infos
                    .push(format!("Backed up the library to {}", dest.display())),
                Err(e) => app.notices.push(format!("Backup failed: {e}")),
            });
    }

    /// Writes the concordance lines shown to a CSV file.
    pub(super) fn start_kwic_export(&mut self, dest: PathBuf) {
        let lines = self.words.shown_lines();
        let job = Job::spawn("concordance csv", move |_: &JobContext<()>| {
            crate::core::words::kwic::write_csv(&lines, &dest, true)?;
            Ok(dest)
        });
        self.jobs
            .start(JobKind::KwicExport, job, None, |app, result| match result {
                Ok(dest) => app
                    .infos
                    .push(format!("Concordance written to {}", dest.display())),
                Err(e) => app
                    .notices
                    .push(format!("Cannot write the concordance: {e}")),
            });
    }

    /// Once a day while the app is open, a changed library is backed up in
    /// the background: looked at once a minute at most, in frames drawn
    /// anyway (a window left idle after a change is backed up on close).
    pub(super) fn look_for_auto_backup(&mut self, now: f64) {
        let Some(session) = &self.session else {
            return;
        };
        let lib = &session.library;
        let commits = lib.writer().commits();
        let changed = commits > self.backed_up_at_commit && lib.health().damage().is_none();
        if now < self.next_backup_look || self.jobs.is_running(JobKind::AutoBackup) {
            return;
        }
        self.next_backup_look = now + 60.0;
        if !changed {
            return;
        }
        if !store::backups::due(lib.path(), store::now()) {
            return;
        }
        self.backed_up_at_commit = commits;
        let library = Arc::clone(lib);
        let job = Job::spawn("automatic backup", move |_: &JobContext<()>| {
            library.auto_backup()
        });
        self.jobs
            .start(JobKind::AutoBackup, job, None, |app, result| match result {
                Ok(dest) => tracing::info!("automatic backup: {}", dest.display()),
                Err(e) => app
                    .notices
                    .push(format!("The automatic backup failed: {e}")),
            });
    }

    /// An upgraded library re-reads its found dates and titles in the
    /// background (resumed on the next launch if stopped).
    pub(super) fn start_rederive(&mut self) {
        self.jobs.stop(JobKind::Rederive);
        let Some(session) = &self.session else {
            return;
        };
        if store::rederive::pending(&session.conn).unwrap_or(0) == 0 {
            return;
        }
        let library = session.library.clone();
        let job = Job::spawn("re-read dates", move |ctx| {
            store::rederive::run(&library, ctx.cancel_flag(), &mut |done, total| {
                ctx.report((done, total))
            })
        });
        self.jobs.start(
            JobKind::Rederive,
            job,
            Some(rederive_status),
            |app, result| match result {
                // Said only when something changed: an upgrade that
                // changed nothing is no news.
                Ok(r) if r.dates_changed + r.titles_changed > 0 => {
                    app.infos.push(format!(
                        "Dates and titles re-read under this version's rules: {}",
                        r.summary()
                    ));
                    app.on_library_changed();
                }
                Ok(_) => {}
                Err(Error::Cancelled) => {}
                Err(e) => app
                    .notices
                    .push(format!("Cannot re-read dates and titles: {e}")),
            },
        );
    }

    /// Reads new documents (and all of them after a change to the entity
    /// list) for names in the background; resumed the next time.
    pub(crate) fn start_entities(&mut self) {
        if self.jobs.is_running(JobKind::Entities) {
            // The running one reads under the list as it was: go again
            // once it ends (a merge or an ignore made meanwhile).
            self.entities.again = true;
            return;
        }
        self.entities.again = false;
        let Some(session) = &self.session else {
            return;
        };
        let library = session.library.clone();
        let job = Job::spawn("entities", move |ctx| {
            library.extract_entities(ctx.cancel_flag(), &mut |done, total| {
                ctx.report((done, total))
            })
        });
        self.jobs.start(
            JobKind::Entities,
            job,
            Some(entities_status),
            |app, result| {
                match result {
                    Ok(0) => {}
                    Err(Error::Cancelled) => app.entities.again = false,
                    Ok(n) => {
                        tracing::info!(documents = n, "read for names");
                        app.entities.stale = true;
                    }
                    Err(e) => {
                        app.entities.again = false;
                        app.notices
                            .push(format!("Cannot read documents for names: {e}"))
                    }
                }
                if app.entities.again {
                    app.start_entities();
                }
            },
        );
    }

    /// Brings the search index in step in the background when it lags
    /// more than a search catches up on by itself (a first open after an
    /// upgrade, a deleted index, another process's big import).
    pub(crate) fn start_indexing(&mut self) {
        if self.jobs.is_running(JobKind::Indexing) {
            return;
        }
        let Some(session) = &self.session else {
            return;
        };
        let index = Arc::clone(session.library.search_index());
        let lag = crate::core::search::sync::lag(&index, &session.conn)
            .map(|l| l.work())
            .unwrap_or(0);
        if lag <= crate::core::search::INLINE_SYNC {
            return;
        }
        let path = session.library.path().to_path_buf();
        let job = Job::spawn("search index", move |ctx| {
            let conn = store::open_reader(&path)?;
            crate::core::search::sync::sync(
                &index,
                &conn,
                &mut |done, total| ctx.report((done, total)),
                ctx.cancel_flag(),
            )
        });
        self.jobs.start(
            JobKind::Indexing,
            job,
            Some(indexing_status),
            |app, result| match result {
                Ok(n) => {
                    tracing::info!(documents = n, "search index in step");
                    app.filter_dirty = true;
                }
                Err(Error::Cancelled) => {}
                Err(e) => {
                    app.observe(&e);
                    app.notices
                        .push(format!("Cannot update the search index: {e}"))
                }
            },
        );
    }
}

fn import_status(p: Option<&Progress>) -> Status {
    let p = p.cloned().unwrap_or_default();
    let current = std::path::Path::new(&p.current)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Status {
        kind: JobKind::Import,
        text: if p.total == 0 {
            "Importing: looking for files…".to_string()
        } else {
            // A REFI-QDA project reports the MB of it read.
            let unit = if current.to_lowercase().ends_with(".qdpx") {
                "MB of the project"
            } else {
                "files"
            };
            format!(
                "Importing {} / {} {unit}  {current}",
                thousands(p.done),
                thousands(p.total)
            )
        },
        fraction: fraction(p.done, p.total),
        about: "Files are read, dated and added to the library",
        stop: ("Cancel", "Stop the import; what is imported stays"),
        width: 420.0,
    }
}

fn rederive_status(p: Option<&(usize, usize)>) -> Status {
    let (done, total) = p.copied().unwrap_or((0, 0));
    resumable(
        JobKind::Rederive,
        "Re-reading dates and titles",
        (done, total),
        "This library was made by an earlier version: its dates and titles are read again under the current rules (manual ones stay)",
        "Stop for now; the rest is re-read the next time the library opens",
    )
}

fn entities_status(p: Option<&(usize, usize)>) -> Status {
    let (done, total) = p.copied().unwrap_or((0, 0));
    resumable(
        JobKind::Entities,
        "Finding names",
        (done, total),
        "New documents are read for people, organisations and places (the Names facets)",
        "Stop for now; the rest is read the next time the library opens",
    )
}

fn indexing_status(p: Option<&(u64, u64)>) -> Status {
    let (done, total) = p.copied().unwrap_or((0, 0));
    resumable(
        JobKind::Indexing,
        "Indexing for search",
        (done as usize, total as usize),
        "The search index beside the library is brought in step with it; searches answer when it is done",
        "Stop for now; the index catches up the next time it is needed",
    )
}

/// The line of a job that goes on later when stopped: "What 12 / 40".
fn resumable(
    kind: JobKind,
    what: &str,
    (done, total): (usize, usize),
    about: &'static str,
    stop: &'static str,
) -> Status {
    Status {
        kind,
        text: format!("{what} {} / {}", thousands(done), thousands(total)),
        fraction: fraction(done, total),
        about,
        stop: ("Stop", stop),
        width: 360.0,
    }
}
