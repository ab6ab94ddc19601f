//! `corpusdesk trash …` and `corpusdesk imports`: the trash and the import
//! history from the command line, over the same core calls as the window.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::{Result, bail};
use clap::Subcommand;

use super::{Which, open};
use crate::core::counts::documents;
use crate::core::store::{imports, trash};

#[derive(Debug, Subcommand)]
pub enum TrashAction {
    /// Move documents (by id or by a search) to the trash.
    Move {
        #[command(flatten)]
        which: Which,
    },
    /// List the documents in the trash, most recently trashed first.
    List {
        /// Print a JSON array: [{"id", "title", "date", "path"}].
        #[arg(long)]
        json: bool,
    },
    /// Bring documents back from the trash.
    Restore {
        /// Document ids, comma-separated.
        #[arg(long, value_delimiter = ',', required = true)]
        ids: Vec<i64>,
    },
    /// Delete every document in the trash for good (cannot be undone).
    Empty {
        /// Confirm the permanent deletion.
        #[arg(long)]
        yes: bool,
    },
}

pub fn cmd_trash(library: Option<PathBuf>, action: TrashAction) -> Result<()> {
    let lib = super::health::open_for_writing(library)?;
    match action {
        TrashAction::Move { which } => {
            let ids = match which.query {
                Some(q) => crate::core::view::search_ids(
                    &lib.reader()?,
                    &q,
                    None,
                    &AtomicBool::new(false),
                )?,
                None => which.ids,
            };
            let n = lib.trash(ids)?;
            outln!("{} moved to the trash", documents(n))?;
        }
        TrashAction::List { json } => {
            let conn = lib.reader()?;
            let ids = trash::ids(&conn)?;
            let mut rows = Vec::with_capacity(ids.len());
            for id in ids {
                let d = crate::core::store::documents::document(&conn, id)?;
                rows.push(serde_json::json!({
                    "id": d.id,
                    "title": d.title,
                    "date": d.date.map(|d| d.to_string()),
                    "path": d.path,
                }));
            }
            if json {
                outln!("{}", serde_json::to_string_pretty(&rows)?)?;
            } else if rows.is_empty() {
                outln!("the trash is empty")?;
            } else {
                for r in rows {
                    outln!(
                        "{}\t{}\t{}",
                        r["id"],
                        r["date"].as_str().unwrap_or("-"),
                        r["title"].as_str().unwrap_or("")
                    )?;
                }
            }
        }
        TrashAction::Restore { ids } => {
            let n = lib.restore(ids)?;
            outln!("{} restored", documents(n))?;
        }
        TrashAction::Empty { yes } => {
            if !yes {
                bail!("emptying the trash deletes its documents for good; pass --yes to confirm");
            }
            let n = lib.empty_trash()?;
            outln!("{} deleted for good; the trash is empty", documents(n))?;
        }
    }
    Ok(())
}

pub fn cmd_imports(library: Option<PathBuf>, json: bool) -> Result<()> {
    let lib = open(library)?;
    let batches = imports::list(&lib.reader()?)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&batches)?)?;
        return Ok(());
    }
    if batches.is_empty() {
        outln!("nothing imported yet")?;
    }
    for b in batches {
        outln!(
            "{}\t{}\t{} imported, {} in the library now\t{}",
            b.id,
            imports::minute_string(b.started_at),
            b.imported,
            b.in_library,
            b.paths.join(", ")
        )?;
    }
    Ok(())
}
