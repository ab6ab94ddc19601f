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

mod batch;
mod dedup;
mod docs;
use dedup::{cmd_dedup, parse_threshold};
use docs::print_doc_line;
use export::{ExportArgs, cmd_export};
mod export;
mod health;
mod import;
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
    Import {
        /// Files and folders to import.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print one JSON object: {"imported", "already_present", "already_imported",
        /// "other_publications", "masthead_titles", "errors", "notes"}.
        #[arg(long)]
        json: bool,
        /// Reject files larger than this many megabytes.
        #[arg(long, value_name = "MB", default_value_t = crate::core::import::DEFAULT_MAX_FILE_SIZE / 1_000_000)]
        max_size_mb: u64,
        /// Tag each document with its folder relative to the folder imported
        /// (bbc/business/001.txt imported as bbc: tag "business").
        #[arg(long)]
        tag_folders: bool,
    },
    /// List the documents of the library.
    Docs {
        /// Print a JSON array, one object per document.
        #[arg(long)]
        json: bool,
        /// Which documents to list.
        #[arg(long, value_enum, default_value = "active")]
        state: StateArg,
        /// Only documents whose metadata field has this value, e.g.
        /// --where outlet="The Times" (repeat: every one must hold).
        #[arg(long = "where", value_name = "FIELD=VALUE", value_parser = crate::core::view::MetaFilter::parse)]
        wheres: Vec<crate::core::view::MetaFilter>,
        /// Only the documents a saved search finds (its query and filters),
        /// in its order.
        #[arg(long, value_name = "NAME", conflicts_with_all = ["wheres", "state"])]
        saved: Option<String>,
    },
    /// Ranked full-text search: words, "quoted phrases", OR, -excluded, prefix*.
    Search {
        /// The query; a leading -word is an exclusion, not an option.
        #[arg(allow_hyphen_values = true, required_unless_present_any = ["saved", "batch"])]
        query: Option<String>,
        /// Run a saved search (its query and filters) instead.
        #[arg(long, value_name = "NAME", conflicts_with_all = ["query", "batch"])]
        saved: Option<String>,
        /// Run every query of a file: a .txt with one per line, or a CSV
        /// with a `query` column (and an optional `tag`). Prints each
        /// query's hit count; lines that cannot be understood are listed.
        #[arg(long, value_name = "FILE", conflicts_with = "query")]
        batch: Option<PathBuf>,
        /// With --batch: write every hit to this CSV (query, id, title, date,
        /// source, snippet).
        #[arg(long, value_name = "OUT", requires = "batch")]
        csv: Option<PathBuf>,
        /// With --batch: tag each query's hits with its `tag`, else with
        /// this prefix and the query (one undoable step).
        #[arg(long, value_name = "PREFIX", requires = "batch", num_args = 0..=1, default_missing_value = "batch/")]
        tag_hits: Option<String>,
        /// Replace an existing --csv file.
        #[arg(long)]
        force: bool,
        /// Print a JSON array of results, best first, each with a snippet.
        #[arg(long)]
        json: bool,
        /// Most results to show (0 = all).
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
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
    Dedup {
        /// Similarity threshold: the share of the shorter text the longer one
        /// must contain (0.4–1.0; default: the library's, first 0.6). Stored.
        #[arg(long, value_name = "X", value_parser = parse_threshold)]
        threshold: Option<f64>,
        /// Forget the stored index and compare every document again.
        #[arg(long)]
        full: bool,
        /// Print {"clusters": [{"id", "keeper", "similarity", "members": [{"id", "path", "date"}]}],
        /// "related": [{"kind", "a", "b", "shared"}]} (related and same-template pairs).
        #[arg(long)]
        json: bool,
        /// Then resolve every unresolved cluster this way (one undo step).
        #[arg(long, value_enum, value_name = "HOW")]
        resolve_all: Option<ResolveArg>,
    },
    /// Export documents as JSONL, CSV, a folder of .txt files, or the duplicate clusters as CSV.
    Export(ExportArgs),
    /// Write a consistent copy of the library (safe while the app is
    /// running), or list the automatic backups.
    Backup {
        /// The copy to write.
        #[arg(value_name = "PATH", required_unless_present = "list")]
        out: Option<PathBuf>,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
        /// List the automatic backups (newest first) instead.
        #[arg(long, conflicts_with = "out")]
        list: bool,
        /// With --list: print a JSON array.
        #[arg(long, requires = "list")]
        json: bool,
    },
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
    Salvage {
        /// The JSONL file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// A concordance (keyword in context): every hit of a word, "phrase" or prefix*.
    Kwic {
        /// A word, a "phrase" or a prefix*.
        #[arg(allow_hyphen_values = true, value_name = "PATTERN")]
        pattern: String,
        /// Words of context each side.
        #[arg(long, default_value_t = crate::core::words::kwic::DEFAULT_CONTEXT)]
        context: usize,
        /// Order: doc, date, left1, left2, left3, right1, right2, right3.
        #[arg(long, default_value = "doc")]
        sort: String,
        #[command(flatten)]
        scope: words::ScopeArgs,
    },
    /// A frequency list of words or n-grams: count, documents, per million tokens.
    Freq {
        /// n-grams of this many words (1–4).
        #[arg(long, default_value_t = 1)]
        ngram: usize,
        /// Leave out stop words (for the scope's main languages).
        #[arg(long)]
        stopwords: bool,
        /// Count words by their Snowball stem (each document's language).
        #[arg(long)]
        stem: bool,
        #[command(flatten)]
        scope: words::ScopeArgs,
    },
    /// Words over-represented in the scope against the rest of the library
    /// (or a tag, or a saved search): log-likelihood and log ratio.
    Keywords {
        /// Compare with the documents of this tag instead.
        #[arg(long, value_name = "TAG")]
        against: Option<String>,
        /// Compare with the documents of this saved search instead.
        #[arg(long, value_name = "NAME", conflicts_with = "against")]
        against_saved: Option<String>,
        /// At least this many times in the scope.
        #[arg(long, default_value_t = 3)]
        min: u64,
        #[command(flatten)]
        scope: words::ScopeArgs,
    },
    /// Words near a node word: log-Dice and mutual information.
    Collocates {
        /// The node: a word or a prefix*.
        word: String,
        /// Words each side (1–10).
        #[arg(long, default_value_t = 5)]
        window: usize,
        /// Seen together at least this many times.
        #[arg(long, default_value_t = 3)]
        min: u64,
        /// Keep function words (the, he, was), which are left out by default.
        #[arg(long)]
        keep_stopwords: bool,
        #[command(flatten)]
        scope: words::ScopeArgs,
    },
    /// Documents per day, week, month or year.
    Timeline {
        /// The length of a period.
        #[arg(long, default_value = "month", value_parser = parse_granularity)]
        by: crate::core::timeline::Granularity,
        /// Count each duplicate cluster once, at its earliest date.
        #[arg(long)]
        stories: bool,
        /// Print {"periods": [{"period": "2023-04", "count": n}], "undated": n}.
        #[arg(long)]
        json: bool,
    },
    /// Words' share of all words per period: when a term rises and falls.
    OverTime {
        /// Words, "phrases" or prefixes* (one line each).
        #[arg(required = true)]
        words: Vec<String>,
        /// The length of a period (by default the one the timeline picks).
        #[arg(long, value_parser = parse_granularity)]
        by: Option<crate::core::timeline::Granularity>,
        /// Count each duplicate cluster once (its earliest document).
        #[arg(long)]
        stories: bool,
        #[command(flatten)]
        scope: words::ScopeArgs,
    },
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
        Command::Import {
            paths,
            json,
            max_size_mb,
            tag_folders,
        } => import::cmd_import(library, paths, json, max_size_mb, tag_folders),
        Command::Docs {
            json,
            saved: Some(name),
            ..
        } => docs::cmd_docs_saved(library, json, &name),
        Command::Docs {
            json,
            state,
            wheres,
            ..
        } => docs::cmd_docs(library, json, state.into(), &wheres),
        Command::Search {
            batch: Some(file),
            csv,
            tag_hits,
            force,
            json,
            ..
        } => batch::cmd_batch(library, &file, csv, tag_hits, force, json),
        Command::Search {
            query,
            saved,
            json,
            limit,
            ..
        } => docs::cmd_search(library, query, saved, json, limit),
        Command::Saved { action } => saved::cmd_saved(library, action),
        Command::Tag { action } => docs::cmd_tag(library, action),
        Command::Tags { json } => docs::cmd_tags(library, json),
        Command::Trash { action } => trash::cmd_trash(library, action),
        Command::Imports { json } => trash::cmd_imports(library, json),
        Command::Dedup {
            threshold,
            full,
            json,
            resolve_all,
        } => cmd_dedup(library, threshold, full, json, resolve_all),
        Command::Timeline { by, stories, json } => {
            timeline::cmd_timeline(library, by, stories, json)
        }
        Command::OverTime {
            words,
            by,
            stories,
            scope,
        } => timeline::cmd_over_time(library, &words, by, stories, &scope),
        Command::Backup {
            list: true, json, ..
        } => health::cmd_list_backups(library, json),
        Command::Backup { out, force, .. } => {
            let out = out.context("give the file to write, or --list")?;
            let lib = open(library)?;
            lib.backup(&out, force).map_err(|e| match e {
                crate::core::Error::Exists(p) => {
                    anyhow::anyhow!("{} already exists: pass --force to replace it", p.display())
                }
                e => e.into(),
            })?;
            outln!("backed up {} to {}", lib.path().display(), out.display())?;
            Ok(())
        }
        Command::Export(args) => cmd_export(library, args),
        Command::Restore { backup } => health::cmd_restore(library, &backup),
        Command::Check => health::cmd_check(library),
        Command::Kwic {
            pattern,
            context,
            sort,
            scope,
        } => words::cmd_kwic(library, &pattern, context, &sort, &scope),
        Command::Freq {
            ngram,
            stopwords,
            stem,
            scope,
        } => words::cmd_freq(library, ngram, stopwords, stem, &scope),
        Command::Keywords {
            against,
            against_saved,
            min,
            scope,
        } => words::cmd_keywords(
            library,
            against.as_deref(),
            against_saved.as_deref(),
            min,
            &scope,
        ),
        Command::Collocates {
            word,
            window,
            min,
            keep_stopwords,
            scope,
        } => words::cmd_collocates(library, &word, window, min, keep_stopwords, &scope),
        Command::Salvage { out, force } => health::cmd_salvage(library, &out, force),
        #[cfg(feature = "testkit")]
        Command::GenCorpus { out, docs, seed } => {
            let truth = crate::testkit::corpus::write(
                &out,
                &crate::testkit::corpus::Spec {
                    docs,
                    seed,
                    ..Default::default()
                },
            )
            .with_context(|| format!("cannot write the corpus to {}", out.display()))?;
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

fn parse_granularity(s: &str) -> std::result::Result<crate::core::timeline::Granularity, String> {
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
