//! The export dialog's state and its background job.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::core::Library;
use crate::core::error::{Error, Result};
use crate::core::export::{self, Duplicates, ExportOptions, ExportReport, Format, Progress, Split};
use crate::core::jobs::Job;
use crate::core::model::DocId;
use crate::core::store::{self, tags::TagId};
use crate::core::timeline::period_days;
use crate::core::view::{self, DateFilter, Filter, TagFilter};
use crate::gui::dialogs::DialogKind;
use crate::gui::panels::table::Targets;

/// Which documents to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Library,
    Filter,
    Selection,
    Tags,
    Dates,
    /// A saved search ([`ExportState::saved`]).
    Saved,
}

/// The documents of a scope, resolved off the UI thread.
pub enum Chosen {
    All,
    Filter(Filter),
    Selection(Targets),
}

pub struct ExportState {
    pub open: bool,
    pub scope: Scope,
    pub tags: Vec<TagId>,
    /// The saved search of [`Scope::Saved`].
    pub saved: Option<crate::core::store::saved::SavedId>,
    pub from: String,
    pub to: String,
    pub duplicates: Duplicates,
    pub format: Format,
    pub split: bool,
    pub train: f64,
    pub validation: f64,
    pub test: f64,
    pub seed: u64,
    /// Parquet: rows per file (0: one file).
    pub shard_rows: u32,
    pub error: Option<String>,
    /// A destination that exists, waiting for the user's word.
    pub confirm: Option<PathBuf>,
    pub job: Option<Job<ExportReport, Progress>>,
    pub progress: Progress,
    pub done: Option<ExportReport>,
    /// What the chosen scope resolves to (set when the destination is asked).
    pub pending: Option<Arc<(Chosen, ExportOptions)>>,
}

impl Default for ExportState {
    fn default() -> Self {
        ExportState {
            open: false,
            scope: Scope::Library,
            tags: Vec::new(),
            saved: None,
            from: String::new(),
            to: String::new(),
            duplicates: Duplicates::LeaveOutMarked,
            format: Format::Jsonl,
            split: false,
            train: 0.8,
            validation: 0.1,
            test: 0.1,
            seed: 0,
            shard_rows: 0,
            error: None,
            confirm: None,
            job: None,
            progress: Progress::default(),
            done: None,
            pending: None,
        }
    }
}

impl ExportState {
    /// Fixes what will be exported from the dialog's choices (`filter`: the
    /// view's, `selection`: the list's, if any) and says which dialog asks
    /// for the destination; `None` with the reason in `error`.
    pub fn prepare(
        &mut self,
        filter: Filter,
        selection: Option<Targets>,
        saved: Option<Filter>,
    ) -> Option<DialogKind> {
        let opts = match self.options() {
            Ok(o) => o,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        let chosen = match self.scope {
            Scope::Library => Chosen::All,
            Scope::Filter if filter.is_empty() || filter.trash => Chosen::All,
            Scope::Filter => Chosen::Filter(filter),
            Scope::Selection => match selection {
                Some(t) => Chosen::Selection(t),
                None => {
                    self.error = Some("Nothing is selected in the library".into());
                    return None;
                }
            },
            Scope::Saved => match saved {
                // Marked duplicates are the export's own choice.
                Some(f) => Chosen::Filter(Filter {
                    show_duplicates: true,
                    ..f
                }),
                None => {
                    self.error = Some("Choose a saved search".into());
                    return None;
                }
            },
            Scope::Tags | Scope::Dates => match self.scope_filter() {
                Ok(f) => Chosen::Filter(f),
                Err(e) => {
                    self.error = Some(e);
                    return None;
                }
            },
        };
        self.error = None;
        self.pending = Some(Arc::new((chosen, opts)));
        Some(if self.format.is_folder() {
            DialogKind::ExportFolder
        } else {
            DialogKind::ExportFile(self.format)
        })
    }

    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The options, or why they cannot be used.
    pub fn options(&self) -> std::result::Result<ExportOptions, String> {
        let splits = !matches!(
            self.format,
            crate::core::export::Format::Clusters
                | crate::core::export::Format::Qdpx
                | crate::core::export::Format::Qdc
                | crate::core::export::Format::Entities
        );
        let split = if self.split && splits {
            let s = Split {
                train: self.train,
                validation: self.validation,
                test: self.test,
                seed: self.seed,
            };
            s.check().map_err(|e| e.to_string())?;
            Some(s)
        } else {
            None
        };
        Ok(ExportOptions {
            format: self.format,
            duplicates: self.duplicates,
            split,
            overwrite: false,
            shard_rows: (self.format == crate::core::export::Format::Parquet
                && self.shard_rows > 0)
                .then_some(self.shard_rows as usize),
        })
    }

    /// The date range typed in the dialog.
    pub fn date_filter(&self) -> std::result::Result<DateFilter, String> {
        let from = if self.from.trim().is_empty() {
            i32::MIN / 2
        } else {
            period_days(&self.from)
                .ok_or_else(|| {
                    format!(
                        "\"{}\" is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
                        self.from.trim()
                    )
                })?
                .0
        };
        let to = if self.to.trim().is_empty() {
            i32::MAX / 2
        } else {
            period_days(&self.to)
                .ok_or_else(|| {
                    format!(
                        "\"{}\" is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
                        self.to.trim()
                    )
                })?
                .1
        };
        if from > to {
            return Err("the range ends before it starts".into());
        }
        Ok(DateFilter::Range { from, to })
    }

    /// Starts writing to `dest` (`overwrite`: the user confirmed replacing it).
    pub fn start(&mut self, library: Arc<Library>, dest: PathBuf, overwrite: bool) {
        let Some(pending) = self.pending.clone() else {
            return;
        };
        self.error = None;
        self.done = None;
        self.progress = Progress::default();
        self.job = Some(Job::spawn("export", move |ctx| {
            let (chosen, opts) = &*pending;
            let conn = store::open_reader(library.path())?;
            let ids: Option<Vec<DocId>> = match chosen {
                Chosen::All => None,
                Chosen::Filter(f) => Some(view::filtered_ids(&conn, f, None, ctx.cancel_flag())?),
                Chosen::Selection(t) => Some(t.clone().resolve(&conn)?),
            };
            let opts = ExportOptions {
                overwrite,
                ..opts.clone()
            };
            let mut report = |p: Progress| ctx.report(p);
            export::export(
                &library,
                ids.as_deref(),
                &dest,
                &opts,
                ctx.cancel_flag(),
                &mut report,
            )
        }));
    }

    /// Collects the job's progress and result.
    pub fn poll(&mut self) {
        let Some(job) = &mut self.job else {
            return;
        };
        if let Some(p) = job.progress() {
            self.progress = *p;
        }
        if let Some(result) = job.try_result() {
            self.job = None;
            match result {
                Ok(report) => {
                    tracing::info!(documents = report.documents, path = %report.path.display(), "export finished");
                    self.done = Some(report);
                    self.open = false;
                }
                Err(Error::Cancelled) => {
                    self.error = Some("Export cancelled: nothing was written.".into())
                }
                Err(e) => self.error = Some(format!("Export failed: {e}")),
            }
        }
    }

    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.cancel();
        }
    }

    /// The filter for the tags or dates scope.
    pub fn scope_filter(&self) -> std::result::Result<Filter, String> {
        match self.scope {
            Scope::Tags => {
                if self.tags.is_empty() {
                    return Err("Choose at least one tag".into());
                }
                Ok(Filter {
                    tags: TagFilter {
                        include: self.tags.clone(),
                        ..Default::default()
                    },
                    show_duplicates: true,
                    ..Default::default()
                })
            }
            Scope::Dates => Ok(Filter {
                dates: Some(self.date_filter()?),
                show_duplicates: true,
                ..Default::default()
            }),
            _ => Err("no filter".into()),
        }
    }
}

/// An existing file, or a folder with something in it: replacing it needs
/// the user's word.
pub fn needs_confirmation(dest: &Path, folder: bool) -> bool {
    crate::core::fsx::would_replace(dest, folder)
}

/// Shows a folder in the system's file manager.
pub fn open_folder(path: &Path) -> Result<()> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program).arg(path).spawn()?;
    Ok(())
}
