//! The command-line interface: clap subcommands over the same core calls the
//! GUI uses. Output for scripts is JSON (`--json`); errors go to stderr with a
//! non-zero exit code.

/// `println!` that hands back the write's error instead of panicking, so a
/// reader that closes the pipe (`corpusdesk docs --json | head -1`) ends the
/// command quietly (see `main`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod agreement;
mod batch;
mod coding;
mod dedup;
mod docs;
mod entities;
use docs::print_doc_line;
use export::{ExportArgs, cmd_export};
mod export;
mod health;
mod import;
mod ocr;
mod saved;
mod timeline;
mod trash;
mod words;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crate::core::Library;
use crate::core::model::DocState;
use crate::core::store;

#[derive(Debug, Parser)]
#[command(
    name = "corpusdesk",
    version,
    about = "A desktop corpus manager: import, date, tag, de-duplicate and export text documents."
)]
pub struct Cli {
    /// The library file (default: the library in the OS data folder, or $CORPUSDESK_LIBRARY).
    #[arg(long, global = true, value_name = "PATH")]
    pub library: Option<PathBuf>,

    /// Files or folders to import into the library when the window opens.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StateArg {
    Active,
    Duplicate,
    Trashed,
}

impl From<StateArg> for DocState {
    fn from(s: StateArg) -> Self {
        match s {
            StateArg::Active => DocState::Active,
            StateArg::Duplicate => DocState::Duplicate,
            StateArg::Trashed => DocState::Trashed,
        }
    }
}

/// How `dedup --resolve-all` resolves clusters.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ResolveArg {
    /// Mark the others as duplicates (hidden from the library and from export).
    Mark,
    /// Give the keeper the others' tags.
    MergeTags,
    /// Move the others to the trash.
    Trash,
    /// Remember that they are not duplicates.
    NotDuplicates,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import files and folders (recursively): text, JSONL/CSV, web pages, Word/OpenDocument, PDF, e-mail.
    Import(import::ImportArgs),
    /// List the documents of the library.
    Docs(docs::DocsArgs),
    /// Ranked full-text search: words, "quoted phrases", OR, -excluded, prefix*.
    Search(docs::SearchArgs),
    /// Saved searches: list, add, rename, delete.
    Saved {
        #[command(subcommand)]
        action: saved::SavedAction,
    },
    /// Add or remove a tag on documents chosen by id or by a search.
    Tag {
        #[command(subcommand)]
        action: TagAction,
    },
    /// The trash: move documents there, list, restore, or empty it for good.
    Trash {
        #[command(subcommand)]
        action: trash::TrashAction,
    },
    /// List the import runs: when, which paths, how many documents.
    Imports {
        /// Print a JSON array: [{"id", "started_at", "paths", "imported", "in_library", …}].
        #[arg(long)]
        json: bool,
    },
    /// List the tags with their colours and document counts.
    Tags {
        /// Print a JSON array: [{"name", "color", "count"}].
        #[arg(long)]
        json: bool,
    },
    /// Find exact and near-duplicate documents (only what changed since the last run).
    Dedup(dedup::DedupArgs),
    /// Export documents as JSONL, CSV, a folder of .txt files, or the duplicate clusters as CSV.
    Export(ExportArgs),
    /// Write a consistent copy of the library (safe while the app is
    /// running), or list the automatic backups.
    Backup(health::BackupArgs),
    /// Replace the library with a backup (the current file is kept aside as
    /// `<name>.before-restore`). Close the app first.
    Restore {
        /// The backup to restore (see `backup --list`).
        #[arg(value_name = "BACKUP")]
        backup: PathBuf,
    },
    /// Check the whole library file for damage; exits non-zero when damaged.
    Check,
    /// Save every document that can still be read from a damaged library,
    /// as JSONL.
    Salvage(health::SalvageArgs),
    /// A concordance (keyword in context): every hit of a word, "phrase" or prefix*.
    Kwic(words::KwicArgs),
    /// A frequency list of words or n-grams: count, documents, per million tokens.
    Freq(words::FreqArgs),
    /// Words over-represented in the scope against the rest of the library
    /// (or a tag, or a saved search): log-likelihood and log ratio.
    Keywords(words::KeywordsArgs),
    /// Words near a node word: log-Dice and mutual information.
    Collocates(words::CollocatesArgs),
    /// Code a passage of a document with a tag (characters --start..--end).
    Code(coding::CodeArgs),
    /// Remove coded passages (by id).
    Uncode(coding::UncodeArgs),
    /// Code every hit of a word, "phrase" or prefix* (or its sentence or
    /// paragraph) with a tag, in one undoable step.
    Autocode(coding::AutocodeArgs),
    /// List coded passages: of a tag, with combinations (--and, --near, --without).
    Passages(coding::PassagesArgs),
    /// Write a memo on a document, a tag or a coded passage (empty text deletes it).
    Memo(coding::MemoArgs),
    /// List the memos.
    Memos(coding::MemosArgs),
    /// People, organisations and places: list them (over a scope), merge,
    /// rename, retype, ignore; share the list as CSV.
    Entities(entities::EntitiesArgs),
    /// Read scanned documents (PDF pages without text, images) by OCR:
    /// those an import left waiting, e.g. before Tesseract was installed.
    Ocr(ocr::OcrArgs),
    /// Agreement between two coders (percent, Cohen's kappa, Krippendorff's
    /// alpha per tag) and where they disagree; without --coders, the coders.
    Agreement(agreement::AgreementArgs),
    /// Documents per day, week, month or year.
    Timeline(timeline::TimelineArgs),
    /// Words' share of all words per period: when a term rises and falls.
    OverTime(timeline::OverTimeArgs),
    /// Write a generated test corpus with known answers (for tests and
    /// benchmarks; built with the `testkit` feature).
    #[cfg(feature = "testkit")]
    #[command(hide = true)]
    GenCorpus {
        out: PathBuf,
        #[arg(long, default_value_t = 1000)]
        docs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Share of hard cases (shared blocks, templates, passage reuse).
        #[arg(long, default_value_t = 0.0)]
        hard_share: f64,
        /// Long texts (1 to 10 MB) at the end.
        #[arg(long, default_value_t = 0)]
        long_tail: usize,
        /// Leave out the empty and binary files.
        #[arg(long)]
        no_bad_files: bool,
        /// Write what each file is (path, story, copy kind, hard case) as JSONL.
        #[arg(long, value_name = "FILE")]
        truth: Option<PathBuf>,
    },
}

#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
pub struct Which {
    /// Document ids, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ids: Vec<i64>,
    /// Every document matching this search.
    #[arg(long, allow_hyphen_values = true)]
    pub query: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TagAction {
    /// Tag documents (the tag is created when new).
    Add {
        tag: String,
        #[command(flatten)]
        which: Which,
    },
    /// Remove a tag from documents.
    Remove {
        tag: String,
        #[command(flatten)]
        which: Which,
    },
}

/// The library the user means: `--library`, `$CORPUSDESK_LIBRARY`, or the default.
pub fn library_path(cli_choice: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = cli_choice {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("CORPUSDESK_LIBRARY").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    store::default_library_path()
        .context("no home folder found for the default library; pass --library PATH")
}

/// Runs a subcommand.
pub fn run(library: Option<PathBuf>, command: Command) -> Result<()> {
    match command {
        Command::Import(args) => import::cmd_import(library, args),
        Command::Docs(args) => docs::cmd_docs(library, args),
        Command::Search(args) if args.batch.is_some() => batch::cmd_batch(library, args),
        Command::Search(args) => docs::cmd_search(library, args),
        Command::Saved { action } => saved::cmd_saved(library, action),
        Command::Tag { action } => docs::cmd_tag(library, action),
        Command::Tags { json } => docs::cmd_tags(library, json),
        Command::Trash { action } => trash::cmd_trash(library, action),
        Command::Imports { json } => trash::cmd_imports(library, json),
        Command::Dedup(args) => dedup::cmd_dedup(library, args),
        Command::Code(args) => coding::cmd_code(library, args),
        Command::Uncode(args) => coding::cmd_uncode(library, args),
        Command::Autocode(args) => coding::cmd_autocode(library, args),
        Command::Passages(args) => coding::cmd_passages(library, args),
        Command::Memo(args) => coding::cmd_memo(library, args),
        Command::Memos(args) => coding::cmd_memos(library, args),
        Command::Agreement(args) => agreement::cmd_agreement(library, args),
        Command::Entities(args) => entities::cmd_entities(library, args),
        Command::Ocr(args) => ocr::cmd_ocr(library, args),
        Command::Timeline(args) => timeline::cmd_timeline(library, args),
        Command::OverTime(args) => timeline::cmd_over_time(library, args),
        Command::Backup(args) => health::cmd_backup(library, args),
        Command::Export(args) => cmd_export(library, args),
        Command::Restore { backup } => health::cmd_restore(library, &backup),
        Command::Check => health::cmd_check(library),
        Command::Kwic(args) => words::cmd_kwic(library, args),
        Command::Freq(args) => words::cmd_freq(library, args),
        Command::Keywords(args) => words::cmd_keywords(library, args),
        Command::Collocates(args) => words::cmd_collocates(library, args),
        Command::Salvage(args) => health::cmd_salvage(library, args),
        #[cfg(feature = "testkit")]
        Command::GenCorpus {
            out,
            docs,
            seed,
            hard_share,
            long_tail,
            no_bad_files,
            truth: truth_file,
        } => {
            let truth = crate::testkit::corpus::write(
                &out,
                &crate::testkit::corpus::Spec {
                    docs,
                    seed,
                    hard_share,
                    long_tail,
                    bad_files: !no_bad_files,
                    ..Default::default()
                },
            )
            .with_context(|| format!("cannot write the corpus to {}", out.display()))?;
            if let Some(path) = truth_file {
                std::fs::write(&path, crate::testkit::corpus::truth_jsonl(&truth))
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            eprintln!("wrote {} files to {}", truth.files.len(), out.display());
            Ok(())
        }
    }
}

/// Whether `e` comes from writing to a pipe whose reader has gone.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
            || matches!(
                c.downcast_ref::<crate::core::Error>(),
                Some(crate::core::Error::Io(io)) if io.kind() == std::io::ErrorKind::BrokenPipe
            )
    })
}

/// `e` and its causes in one line, each said once ("Broken pipe (os error
/// 32): Broken pipe (os error 32)" was the same cause printed twice).
pub fn error_message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if text.is_empty() || out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn open(library: Option<PathBuf>) -> Result<Library> {
    let path = library_path(library)?;
    let lib = Library::open(&path)?;
    // An upgraded library re-reads its found dates and titles first, so
    // every command sees them under the current rules.
    if crate::core::store::rederive::pending(&lib.reader()?)? > 0 {
        let report = crate::core::store::rederive::run(
            &lib,
            &std::sync::atomic::AtomicBool::new(false),
            &mut |_, _| {},
        )?;
        eprintln!(
            "upgraded {}: dates and titles re-read under this version's rules ({} documents; {})",
            path.display(),
            crate::core::counts::thousands(report.documents),
            report.summary()
        );
    }
    Ok(lib)
}

pub(super) fn parse_granularity(
    s: &str,
) -> std::result::Result<crate::core::timeline::Granularity, String> {
    s.parse()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "Broken pipe (os error 32)");
        let e = anyhow::Error::from(crate::core::Error::Io(io)).context("cannot write the list");
        assert_eq!(
            error_message(&e),
            "cannot write the list: Broken pipe (os error 32)"
        );
        assert!(is_broken_pipe(&e));
        let other = anyhow::anyhow!("no such library");
        assert!(!is_broken_pipe(&other));
    }
}
