//! OCR on a [`Library`]: the queue of scans, reading it (then the search
//! index catches up), and the languages OCR tries.

use std::sync::atomic::AtomicBool;

use super::Library;
use crate::core::error::{Error, Result};
use crate::core::ocr::run::{self, OcrOptions, OcrProgress, OcrReport};
use crate::core::ocr::tools::{self, Tools};
use crate::core::store::scans::{self, QueueCount};

impl Library {
    /// Reads the scans waiting for OCR (see [`run::run`]); the search
    /// index catches up with the new documents.
    pub fn run_ocr(
        &self,
        opts: &OcrOptions,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(&OcrProgress),
    ) -> Result<OcrReport> {
        let report = run::run(self.store(), opts, cancel, progress)?;
        if report.documents > 0 {
            let conn = self.reader()?;
            match crate::core::search::sync::sync(
                self.search_index(),
                &conn,
                &mut |_, _| {},
                cancel,
            ) {
                Ok(_) | Err(Error::Cancelled) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(report)
    }

    /// The options a run takes by default: the programs found here and
    /// the library's languages.
    pub fn ocr_options(&self) -> Result<OcrOptions> {
        let tools = Tools::find();
        let languages = self.ocr_languages(&tools)?.join("+");
        Ok(OcrOptions {
            languages,
            tools,
            retry_failed: false,
        })
    }

    /// Scans waiting for OCR, their pages, and those OCR could not read.
    pub fn ocr_queue(&self) -> Result<QueueCount> {
        scans::count(&self.reader()?)
    }

    /// The scans in the queue (those OCR could not read too).
    pub fn ocr_queued(&self) -> Result<Vec<scans::QueuedScan>> {
        scans::queued(&self.reader()?, true)
    }

    /// Documents whose text came from OCR.
    pub fn ocr_documents(&self) -> Result<usize> {
        scans::ocr_documents(&self.reader()?)
    }

    /// The languages OCR tries: the user's choice (those still installed),
    /// else English and the system's language.
    pub fn ocr_languages(&self, tools: &Tools) -> Result<Vec<String>> {
        let installed = tools.languages();
        let chosen: Vec<String> = scans::languages(&self.reader()?)?
            .unwrap_or_default()
            .split('+')
            .filter(|l| !l.is_empty() && (installed.is_empty() || installed.iter().any(|i| i == l)))
            .map(str::to_string)
            .collect();
        Ok(if chosen.is_empty() {
            let mut langs = tools::default_languages(&installed);
            if langs.is_empty() {
                langs.push("eng".into());
            }
            langs
        } else {
            chosen
        })
    }

    /// Sets the languages OCR tries (at least one).
    pub fn set_ocr_languages(&self, langs: &[String]) -> Result<()> {
        if langs.is_empty() {
            return Err(Error::Refused(
                "choose at least one language for OCR".into(),
            ));
        }
        let value = langs.join("+");
        self.writer()
            .write(move |tx| scans::set_languages(tx, &value))
    }

    /// Takes scans out of the queue without reading them.
    pub fn forget_scans(&self, ids: Vec<i64>) -> Result<usize> {
        self.writer().write(move |tx| scans::forget(tx, &ids))
    }
}
