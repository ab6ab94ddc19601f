//! `import`: files and folders into the library, with a summary.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::health;
use crate::core::import::{ImportOptions, Progress};

/// The arguments of `corpusdesk import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Files and folders to import.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object: {"imported", "already_present", "already_imported",
    /// "other_publications", "masthead_titles", "errors", "notes"}.
    #[arg(long)]
    pub json: bool,
    /// Reject files larger than this many megabytes.
    #[arg(long, value_name = "MB", default_value_t = crate::core::import::DEFAULT_MAX_FILE_SIZE / 1_000_000)]
    pub max_size_mb: u64,
    /// Tag each document with its folder relative to the folder imported
    /// (bbc/business/001.txt imported as bbc: tag "business").
    #[arg(long)]
    pub tag_folders: bool,
    /// Leave scans (PDF pages without text, images) waiting for OCR
    /// instead of reading them now (`corpusdesk ocr` reads them later).
    #[arg(long)]
    pub no_ocr: bool,
}

pub fn cmd_import(library: Option<PathBuf>, args: ImportArgs) -> Result<()> {
    let ImportArgs {
        paths,
        json,
        max_size_mb,
        tag_folders,
        no_ocr,
    } = args;
    let lib = health::open_for_writing(library)?;
    let opts = ImportOptions {
        max_file_size: max_size_mb.saturating_mul(1_000_000),
        tag_folders,
    };
    let show_progress = std::io::stderr().is_terminal();
    let mut on_progress = |p: &Progress| {
        if show_progress {
            eprint!("\rimporting: {}/{} files", p.done, p.total);
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let report = lib.import_paths(&paths, &opts, &cancel, &mut on_progress)?;
    if show_progress {
        eprintln!();
    }
    // Scans are read after the import, when Tesseract is here.
    let tools = crate::core::ocr::tools::Tools::find();
    let ocr = if !report.scans.is_empty()
        && !no_ocr
        && report.failure.is_none()
        && tools.tesseract.is_some()
    {
        Some(super::ocr::run(&lib, false)?)
    } else {
        None
    };
    let mut out = std::io::stdout().lock();
    if json {
        let mut value = serde_json::to_value(&report)?;
        if let (Some(ocr), Some(map)) = (&ocr, value.as_object_mut()) {
            map.insert("ocr".into(), serde_json::to_value(ocr)?);
        }
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "imported {}, {} already in the library, {} not imported",
            crate::core::counts::plural(report.imported, "document", "documents"),
            report.already_present,
            report.errors.len()
        )?;
        if report.other_publications > 0 {
            writeln!(
                out,
                "  {} of the imported are other publications (another date, outlet, title or byline) of a text already in the library: kept as their own documents; `corpusdesk dedup` groups them",
                report.other_publications
            )?;
        }
        if report.masthead_titles > 0 {
            writeln!(
                out,
                "  {} titles were an outlet's masthead and are now the headline below it",
                report.masthead_titles
            )?;
        }
        if report.repeated > 0 {
            writeln!(
                out,
                "  {} had the text of another file of this import and were added to its document as another source",
                report.repeated
            )?;
        }
        if !report.in_trash.is_empty() {
            let how = if report.in_trash.len() <= 50 {
                let ids: Vec<String> = report.in_trash.iter().map(|i| i.to_string()).collect();
                format!("`corpusdesk trash restore --ids {}`", ids.join(","))
            } else {
                "`corpusdesk trash restore` (ids in `import --json`)".to_string()
            };
            writeln!(
                out,
                "  {} of these files {} in the trash: nothing new imported for them; {how} brings them back",
                crate::core::counts::plural(report.in_trash.len(), "document", "documents"),
                if report.in_trash.len() == 1 {
                    "is"
                } else {
                    "are"
                }
            )?;
        }
        let folded = report.already_present - report.already_imported;
        if folded > 0 {
            writeln!(
                out,
                "  {folded} had the text of a document in the library and were added to it as another source"
            )?;
        }
        for e in &report.errors {
            writeln!(out, "  {}: {}", e.path, e.reason)?;
        }
        for n in &report.notes {
            writeln!(out, "  note: {}: {}", n.path, n.reason)?;
        }
        for p in &report.projects {
            writeln!(out, "  project: {}: {}", p.path, p.reason)?;
        }
        match &ocr {
            Some(ocr) => super::ocr::print_report(&mut out, ocr)?,
            None if !report.scans.is_empty() => {
                let why = if no_ocr {
                    "left for later".to_string()
                } else {
                    tools.missing(true).unwrap_or_default()
                };
                writeln!(
                    out,
                    "  {} files are scans waiting for OCR ({why}); `corpusdesk ocr` reads them:",
                    report.scans.len()
                )?;
                for path in &report.scans {
                    writeln!(out, "    {path}")?;
                }
            }
            None => {}
        }
    }
    if let Some(failure) = report.failure {
        // Said once, on stderr; the summary above is still whole.
        anyhow::bail!(failure);
    }
    Ok(())
}
