//! `ocr`: read the scans waiting for OCR (after an import that met them
//! without Tesseract, or a cancelled run); list them and the languages.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::health;
use crate::core::Library;
use crate::core::ocr::run::{OcrProgress, OcrReport};
use crate::core::ocr::tools;

/// The arguments of `corpusdesk ocr`.
#[derive(Debug, clap::Args)]
pub struct OcrArgs {
    /// Languages to try, Tesseract's codes joined by + (eng+deu); kept as
    /// the library's choice.
    #[arg(long, value_name = "LANGS")]
    pub lang: Option<String>,
    /// Try again the scans OCR could not read before.
    #[arg(long)]
    pub retry: bool,
    /// List the scans waiting (and those OCR could not read) and stop.
    #[arg(long)]
    pub list: bool,
    /// List the languages Tesseract has here, and the ones chosen.
    #[arg(long)]
    pub languages: bool,
    /// Print one JSON object: {"documents", "already_present", "pages_read",
    /// "pages_cached", "failed", "waiting"}.
    #[arg(long)]
    pub json: bool,
}

pub fn cmd_ocr(library: Option<PathBuf>, args: OcrArgs) -> Result<()> {
    let lib = health::open_for_writing(library)?;
    let mut out = std::io::stdout().lock();
    let found = tools::Tools::find();
    if let Some(lang) = &args.lang {
        let langs: Vec<String> = lang
            .split('+')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let installed = found.languages();
        if let Some(missing) = langs
            .iter()
            .find(|l| !installed.is_empty() && !installed.contains(l))
        {
            anyhow::bail!(
                "Tesseract has no data for {missing:?} here (installed: {}); install its language package (e.g. tesseract-ocr-{missing})",
                installed.join(", ")
            );
        }
        lib.set_ocr_languages(&langs)?;
    }
    if args.languages {
        let chosen = lib.ocr_languages(&found)?;
        for lang in found.languages() {
            let mark = if chosen.contains(&lang) { "*" } else { " " };
            writeln!(out, "{mark} {}", tools::language_name(&lang))?;
        }
        if let Some(missing) = found.missing(true) {
            writeln!(out, "{missing}")?;
        }
        return Ok(());
    }
    if args.list {
        for scan in lib.ocr_queued()? {
            let s = &scan.item.scan;
            match &scan.failed {
                None => writeln!(
                    out,
                    "waiting  {} ({} pages to read)",
                    scan.item.path_text, s.ocr_pages
                )?,
                Some(why) => writeln!(out, "failed   {}: {why}", scan.item.path_text)?,
            }
        }
        return Ok(());
    }
    let report = run(&lib, args.retry)?;
    if args.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_report(&mut out, &report)?;
    }
    Ok(())
}

/// Reads the queue with the library's options, progress on a terminal.
pub fn run(lib: &Library, retry: bool) -> Result<OcrReport> {
    let mut opts = lib.ocr_options()?;
    opts.retry_failed = retry;
    let show = std::io::stderr().is_terminal();
    let mut progress = |p: &OcrProgress| {
        if show && p.pages_total > 0 {
            eprint!("\rOCR: {}/{} pages", p.pages_done, p.pages_total);
        }
    };
    let report = lib.run_ocr(&opts, &AtomicBool::new(false), &mut progress)?;
    if show {
        eprintln!();
    }
    Ok(report)
}

pub fn print_report(out: &mut dyn Write, r: &OcrReport) -> Result<()> {
    writeln!(
        out,
        "read {} scanned documents by OCR ({} pages read, {} from earlier runs)",
        r.documents, r.pages_read, r.pages_cached
    )?;
    if r.already_present > 0 {
        writeln!(
            out,
            "  {} had the text of a document in the library and were added to it as another source",
            r.already_present
        )?;
    }
    for f in &r.failed {
        writeln!(out, "  {}: {}", f.path, f.reason)?;
    }
    if r.waiting > 0 {
        writeln!(out, "  {} scans still wait for OCR", r.waiting)?;
    }
    if let Some(note) = &r.note {
        writeln!(out, "  {note}")?;
    }
    Ok(())
}
