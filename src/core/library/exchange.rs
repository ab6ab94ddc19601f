//! REFI-QDA projects on a [`Library`]: imported beside files and folders
//! (a `.qdpx` given to the import is read as a project), and coder
//! agreement over what several coders coded.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::Library;
use crate::core::coding::agreement::{self, Agreement, AgreementOptions, Disagreement};
use crate::core::error::{Error, Result};
use crate::core::exchange::read;
use crate::core::import::{ImportOptions, ImportReport, Progress, Rejection};

/// Whether `path` is a REFI-QDA project file (read as a project, not as
/// a document).
pub fn is_project(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"))
}

impl Library {
    /// Imports REFI-QDA projects, adding what each did to `report`.
    pub(super) fn import_projects(
        &self,
        projects: &[PathBuf],
        opts: &ImportOptions,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(&Progress),
        report: &mut ImportReport,
    ) -> Result<()> {
        for p in projects {
            if cancel.load(Ordering::Relaxed) {
                report.cancelled = true;
                break;
            }
            match read::read_project(self.store(), p, opts.max_file_size, cancel, progress) {
                Ok(r) => merge(report, r),
                // A project that cannot be read is one file not imported,
                // with its reason; the other files of the import stay.
                Err(Error::Import(reason)) => report.errors.push(Rejection {
                    path: p.to_string_lossy().into_owned(),
                    reason,
                }),
                Err(Error::Io(e)) => report.errors.push(Rejection {
                    path: p.to_string_lossy().into_owned(),
                    reason: format!("cannot read: {e}"),
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// One import's report folded into another's.
fn merge(into: &mut ImportReport, r: ImportReport) {
    into.imported += r.imported;
    into.already_present += r.already_present;
    into.already_imported += r.already_imported;
    into.repeated += r.repeated;
    into.other_publications += r.other_publications;
    into.masthead_titles += r.masthead_titles;
    into.in_trash.extend(r.in_trash);
    into.errors.extend(r.errors);
    into.notes.extend(r.notes);
    into.projects.extend(r.projects);
    into.cancelled |= r.cancelled;
    into.batch = into.batch.or(r.batch);
    if into.failure.is_none() {
        into.failure = r.failure;
    }
}

/// Coder agreement and settling disagreements.
impl Library {
    /// Every coder with how many passages they coded, most first.
    pub fn coders(&self) -> Result<Vec<(String, i64)>> {
        agreement::coders(&self.reader()?)
    }

    /// Compares two coders (see [`agreement`]).
    pub fn agreement(&self, opts: &AgreementOptions) -> Result<Agreement> {
        agreement::agreement(&self.reader()?, opts)
    }

    /// Settles a disagreement between coders `a` and `b` the way one of
    /// them coded it (see [`agreement::settle`]).
    pub fn settle(&self, d: &Disagreement, a: &str, b: &str, take_a: bool) -> Result<usize> {
        let (d, a, b) = (d.clone(), a.to_string(), b.to_string());
        self.writer()
            .write(move |tx| agreement::settle(tx, &d, &a, &b, take_a))
    }
}
