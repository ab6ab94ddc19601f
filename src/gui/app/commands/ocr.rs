//! Scanned documents: running OCR on the queue, its window, the languages
//! tried, the "text from OCR" filter.

use std::sync::Arc;

use super::super::CorpusApp;
use crate::core::counts::scans;
use crate::core::error::{Error, Result};
use crate::core::jobs::{Job, JobContext};
use crate::core::ocr::run::{OcrProgress, OcrReport};
use crate::core::view::MetaFilter;
use crate::gui::command::ViewCommand;
use crate::gui::notices::{Outcome, Toast};
use crate::gui::panels::ocr::Probe;
use crate::gui::panels::status::{JobKind, JobStatus};

#[derive(Debug, Clone, PartialEq)]
pub enum OcrCommand {
    /// Open the Scanned documents window.
    Open,
    /// Read the scans waiting (`retry`: those OCR could not read too).
    Run { retry: bool },
    /// Stop the run; the pages read are kept.
    Cancel,
    /// Try a language (or not).
    SetLanguage(String, bool),
    /// Look for Tesseract again (once installed).
    LookAgain,
    /// Only the documents whose text came from OCR (`false`: all again).
    OnlyOcr(bool),
    /// Take the scans OCR could not read out of the queue.
    ForgetFailed,
}

/// The metadata field and value OCR documents carry.
pub const FROM_OCR: (&str, &str) = ("text_from", "OCR");

impl CorpusApp {
    pub(super) fn run_ocr(&mut self, cmd: OcrCommand) {
        match cmd {
            OcrCommand::Open => {
                self.ocr.open = true;
                self.start_ocr_probe();
            }
            OcrCommand::Run { retry } => self.start_ocr(true, retry),
            OcrCommand::Cancel => self.jobs.cancel(JobKind::Ocr),
            OcrCommand::SetLanguage(lang, on) => {
                let Some(session) = &self.session else { return };
                let mut chosen = self
                    .ocr
                    .probe
                    .as_ref()
                    .map(|p| p.chosen.clone())
                    .unwrap_or_default();
                chosen.retain(|l| *l != lang);
                if on {
                    chosen.push(lang);
                }
                match session.library.set_ocr_languages(&chosen) {
                    Ok(()) => {
                        if let Some(p) = &mut self.ocr.probe {
                            p.chosen = chosen;
                        }
                    }
                    Err(e) => self.notices.push(format!("Cannot set the languages: {e}")),
                }
            }
            OcrCommand::LookAgain => self.start_ocr_probe(),
            OcrCommand::OnlyOcr(on) => {
                let (field, value) = FROM_OCR;
                self.commands.push(if on {
                    ViewCommand::AddMetaFilter(MetaFilter {
                        field: field.into(),
                        value: value.into(),
                    })
                } else {
                    ViewCommand::RemoveMetaFilter(field.into())
                });
            }
            OcrCommand::ForgetFailed => {
                let Some(session) = &self.session else { return };
                let ids: Vec<i64> = match session.library.ocr_queued() {
                    Ok(q) => q
                        .into_iter()
                        .filter(|s| s.failed.is_some())
                        .map(|s| s.id)
                        .collect(),
                    Err(e) => {
                        self.notices.push(format!("Cannot read the OCR queue: {e}"));
                        return;
                    }
                };
                if let Err(e) = session.library.forget_scans(ids) {
                    self.notices
                        .push(format!("Cannot change the OCR queue: {e}"));
                }
                self.start_ocr_probe();
            }
        }
    }

    /// Looks, in the background, for the OCR programs, the languages and
    /// the queue; resumes a run a closed window left (`resume`).
    pub(crate) fn start_ocr_probe(&mut self) {
        let Some(session) = &self.session else { return };
        let library = Arc::clone(&session.library);
        let job = Job::spawn("ocr probe", move |_: &JobContext<()>| probe(&library));
        self.jobs.start(
            JobKind::OcrProbe,
            job,
            None,
            |app, result: Result<Probe>| match result {
                Ok(p) => {
                    let resume = p.queue.waiting > 0
                        && p.tools.tesseract.is_some()
                        && !app.jobs.is_running(JobKind::Ocr)
                        && app.ocr.probe.is_none();
                    app.ocr.probe = Some(p);
                    if resume {
                        app.start_ocr(false, false);
                    }
                }
                Err(e) => tracing::warn!("cannot look at OCR: {e}"),
            },
        );
    }

    /// Reads the scans waiting, in the background. `asked`: the user asked
    /// (a refusal opens the window with the install command).
    pub(crate) fn start_ocr(&mut self, asked: bool, retry: bool) {
        if self.jobs.is_running(JobKind::Ocr) {
            return;
        }
        let Some(session) = &self.session else { return };
        let library = Arc::clone(&session.library);
        let job = Job::spawn("ocr", move |ctx: &JobContext<OcrProgress>| {
            let mut opts = library.ocr_options()?;
            opts.retry_failed = retry;
            library.run_ocr(&opts, ctx.cancel_flag(), &mut |p| ctx.report(p.clone()))
        });
        self.ocr.refused = None;
        self.jobs
            .start(JobKind::Ocr, job, Some(ocr_status), move |app, result| {
                app.ocr_finished(result, asked)
            });
    }

    fn ocr_finished(&mut self, result: Result<OcrReport>, asked: bool) {
        match result {
            Ok(report) => {
                if report.documents > 0 {
                    self.timeline.refit = true;
                    self.commands
                        .push(crate::gui::command::ReviewCommand::Run { full: false });
                    self.toast = Toast::after(Outcome::Done(format!(
                        "Read {} by OCR",
                        scans(report.documents)
                    )));
                }
                if !report.failed.is_empty() {
                    self.notices.push(format!(
                        "OCR could not read {} (File → Scanned documents…)",
                        crate::core::counts::plural(report.failed.len(), "file", "files")
                    ));
                }
                self.ocr.last = Some(report);
                self.on_library_changed();
            }
            Err(Error::Refused(why)) => {
                if asked {
                    self.ocr.open = true;
                }
                self.ocr.refused = Some(why);
            }
            Err(Error::Cancelled) => {}
            Err(e) => self.notices.push(format!("OCR stopped: {e}")),
        }
        self.start_ocr_probe();
    }
}

fn probe(library: &crate::core::Library) -> Result<Probe> {
    let tools = crate::core::ocr::tools::Tools::find();
    let installed = tools.languages();
    let chosen = library.ocr_languages(&tools)?;
    let failed = library
        .ocr_queued()?
        .into_iter()
        .filter_map(|s| s.failed.map(|f| (s.item.path_text, f)))
        .collect();
    Ok(Probe {
        version: tools.version(),
        installed,
        chosen,
        queue: library.ocr_queue()?,
        failed,
        documents: library.ocr_documents()?,
        tools,
    })
}

fn ocr_status(p: Option<&OcrProgress>) -> JobStatus {
    let p = p.cloned().unwrap_or_default();
    let current = std::path::Path::new(&p.current)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    JobStatus {
        kind: JobKind::Ocr,
        text: if p.pages_total == 0 {
            "Reading scans (OCR)…".to_string()
        } else {
            format!(
                "Reading scans (OCR) {} / {} pages  {current}",
                crate::core::counts::thousands(p.pages_done),
                crate::core::counts::thousands(p.pages_total)
            )
        },
        fraction: crate::core::counts::fraction(p.pages_done, p.pages_total),
        about: "Scanned pages are read by Tesseract OCR, side by side; their documents come as each file is read",
        stop: (
            "Cancel",
            "Stop; the pages read are kept and the rest is read next time",
        ),
        width: 420.0,
    }
}
