//! `docs`, `search`, `tag` and `tags`: the library's documents and tags
//! on the command line.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::{TagAction, health, open, saved};
use crate::core::model::{DocState, Document};
use crate::core::search;
use crate::core::store::documents;

/// The arguments of `corpusdesk docs`.
#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    /// Print a JSON array, one object per document.
    #[arg(long)]
    pub json: bool,
    /// Which documents to list.
    #[arg(long, value_enum, default_value = "active")]
    pub state: super::StateArg,
    /// Only documents whose metadata field has this value, e.g.
    /// --where outlet="The Times" (repeat: every one must hold).
    #[arg(long = "where", value_name = "FIELD=VALUE", value_parser = crate::core::view::MetaFilter::parse)]
    pub wheres: Vec<crate::core::view::MetaFilter>,
    /// Only the documents a saved search finds (its query and filters),
    /// in its order.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["wheres", "state"])]
    pub saved: Option<String>,
}

/// The arguments of `corpusdesk search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query; a leading -word is an exclusion, not an option.
    #[arg(allow_hyphen_values = true, required_unless_present_any = ["saved", "batch"])]
    pub query: Option<String>,
    /// Run a saved search (its query and filters) instead.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["query", "batch"])]
    pub saved: Option<String>,
    /// Run every query of a file: a .txt with one per line, or a CSV
    /// with a `query` column (and an optional `tag`). Prints each
    /// query's hit count; lines that cannot be understood are listed.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub batch: Option<PathBuf>,
    /// With --batch: write every hit to this CSV (query, id, title, date,
    /// source, snippet).
    #[arg(long, value_name = "OUT", requires = "batch")]
    pub csv: Option<PathBuf>,
    /// With --batch: tag each query's hits with its `tag`, else with
    /// this prefix and the query (one undoable step).
    #[arg(long, value_name = "PREFIX", requires = "batch", num_args = 0..=1, default_missing_value = "batch/")]
    pub tag_hits: Option<String>,
    /// Replace an existing --csv file.
    #[arg(long)]
    pub force: bool,
    /// Print a JSON array of results, best first, each with a snippet.
    #[arg(long)]
    pub json: bool,
    /// Most results to show (0 = all).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

/// One document as a line: id, date, title and where it came from.
pub(super) fn print_doc_line(out: &mut impl Write, d: &Document) -> std::io::Result<()> {
    let date = d
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    writeln!(out, "{:>7}  {:<10}  {}  ({})", d.id, date, d.title, d.path)
}

/// `docs --saved NAME`: the saved search's documents, in its order.
fn cmd_docs_saved(library: Option<PathBuf>, json: bool, name: &str) -> Result<()> {
    let lib = open(library)?;
    let conn = lib.reader()?;
    let filter = saved::saved_filter(&conn, name)?;
    search::current_index(&conn, None)?;
    let ids = crate::core::view::filtered_ids(&conn, &filter, None, &AtomicBool::new(false))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        write!(out, "[")?;
    }
    for (i, id) in ids.into_iter().enumerate() {
        let doc = documents::document(&conn, id)?;
        if json {
            if i > 0 {
                write!(out, ",")?;
            }
            serde_json::to_writer(&mut out, &doc)?;
        } else {
            print_doc_line(&mut out, &doc)?;
        }
    }
    if json {
        writeln!(out, "]")?;
    }
    out.flush()?;
    Ok(())
}

pub fn cmd_docs(library: Option<PathBuf>, args: DocsArgs) -> Result<()> {
    let DocsArgs {
        json,
        state,
        wheres,
        saved,
    } = args;
    if let Some(name) = saved {
        return cmd_docs_saved(library, json, &name);
    }
    let state: DocState = state.into();
    let wheres = &wheres[..];
    let lib = open(library)?;
    let conn = lib.reader()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut first = true;
    if json {
        write!(out, "[")?;
    }
    documents::for_each(&conn, state, |doc| {
        if !wheres
            .iter()
            .all(|w| doc.meta.get(&w.field).and_then(|v| v.as_str()) == Some(w.value.as_str()))
        {
            return Ok(());
        }
        if json {
            if !first {
                write!(out, ",")?;
            }
            serde_json::to_writer(&mut out, &doc)?;
        } else {
            print_doc_line(&mut out, &doc)?;
        }
        first = false;
        Ok(())
    })?;
    if json {
        writeln!(out, "]")?;
    }
    out.flush()?;
    Ok(())
}

pub fn cmd_search(library: Option<PathBuf>, args: SearchArgs) -> Result<()> {
    let SearchArgs {
        query,
        saved,
        json,
        limit,
        ..
    } = args;
    let lib = open(library)?;
    let conn = lib.reader()?;
    let hits = match (query, saved) {
        (_, Some(name)) => {
            crate::core::view::search_filter(&conn, &saved::saved_filter(&conn, &name)?, limit)?
        }
        (Some(q), None) => search::search(&conn, &q, limit)?,
        (None, None) => anyhow::bail!("give a query or --saved NAME"),
    };
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &hits)?;
        writeln!(out)?;
    } else {
        for hit in &hits {
            print_doc_line(&mut out, &hit.document)?;
            writeln!(out, "           {}", hit.snippet.replace('\n', " "))?;
        }
        if hits.is_empty() {
            writeln!(out, "no documents match")?;
        }
    }
    Ok(())
}

pub fn cmd_tag(library: Option<PathBuf>, action: TagAction) -> Result<()> {
    let lib = health::open_for_writing(library)?;
    let (tag, which, add) = match action {
        TagAction::Add { tag, which } => (tag, which, true),
        TagAction::Remove { tag, which } => (tag, which, false),
    };
    let ids = match which.query {
        Some(q) => {
            crate::core::view::search_ids(&lib.reader()?, &q, None, &AtomicBool::new(false))?
        }
        None => which.ids,
    };
    let changed = lib.tag_documents(&tag, ids, add)?;
    let verb = if add { "tagged" } else { "untagged" };
    outln!("{verb} {changed} documents ({tag})")?;
    Ok(())
}

pub fn cmd_tags(library: Option<PathBuf>, json: bool) -> Result<()> {
    let lib = open(library)?;
    let tags = crate::core::store::tags::list(&lib.reader()?)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &tags)?;
        writeln!(out)?;
    } else {
        for t in &tags {
            writeln!(out, "{:>7}  {}  {}", t.count, t.color, t.name)?;
        }
        if tags.is_empty() {
            writeln!(out, "no tags yet")?;
        }
    }
    Ok(())
}
