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

/// One document as a line: id, date, title and where it came from.
pub(super) fn print_doc_line(out: &mut impl Write, d: &Document) -> std::io::Result<()> {
    let date = d
        .date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".into());
    writeln!(out, "{:>7}  {:<10}  {}  ({})", d.id, date, d.title, d.path)
}

/// `docs --saved NAME`: the saved search's documents, in its order.
pub fn cmd_docs_saved(library: Option<PathBuf>, json: bool, name: &str) -> Result<()> {
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

pub fn cmd_docs(
    library: Option<PathBuf>,
    json: bool,
    state: DocState,
    wheres: &[crate::core::view::MetaFilter],
) -> Result<()> {
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

pub fn cmd_search(
    library: Option<PathBuf>,
    query: Option<String>,
    saved: Option<String>,
    json: bool,
    limit: usize,
) -> Result<()> {
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
