//! `corpusdesk saved …`: saved searches from scripts, and `--saved NAME`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use crate::core::store::saved::{self, SavedFilter};
use crate::core::view::{Filter, MetaFilter, TagFilter};

#[derive(Debug, Subcommand)]
pub enum SavedAction {
    /// List the saved searches with their counts.
    List {
        /// Print a JSON array: [{"id", "name", "query", "count"}].
        #[arg(long)]
        json: bool,
    },
    /// Save a search (and filters) under a name.
    Add {
        name: String,
        /// The search.
        #[arg(long, allow_hyphen_values = true)]
        query: Option<String>,
        /// Only documents with this tag (repeat: all of them).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Only documents whose metadata field has this value (repeatable).
        #[arg(long = "where", value_name = "FIELD=VALUE", value_parser = MetaFilter::parse)]
        wheres: Vec<MetaFilter>,
    },
    Rename {
        name: String,
        new_name: String,
    },
    Delete {
        name: String,
    },
}

/// The view a saved search stands for, by name.
pub fn saved_filter(conn: &rusqlite::Connection, name: &str) -> Result<Filter> {
    let s = saved::by_name(conn, name)?
        .with_context(|| format!("no saved search named {name:?} (see `corpusdesk saved list`)"))?;
    Ok(s.filter.filter(conn)?)
}

pub fn cmd_saved(library: Option<PathBuf>, action: SavedAction) -> Result<()> {
    let lib = super::health::open_for_writing(library)?;
    let conn = lib.reader()?;
    let find = |name: &str| {
        saved::by_name(&conn, name)?.with_context(|| format!("no saved search named {name:?}"))
    };
    match action {
        SavedAction::List { json } => {
            crate::core::search::current_index(&conn, None)?;
            let mut rows = Vec::new();
            for s in saved::list(&conn)? {
                let f = s.filter.filter(&conn)?;
                let count =
                    crate::core::view::search_page(&conn, &f, 0, &Default::default())?.total;
                rows.push((s, count));
            }
            let mut out = std::io::stdout().lock();
            if json {
                let v: Vec<_> = rows
                    .iter()
                    .map(|(s, n)| {
                        serde_json::json!({"id": s.id, "name": s.name, "query": s.filter.query, "count": n})
                    })
                    .collect();
                serde_json::to_writer(&mut out, &v)?;
                writeln!(out)?;
            } else if rows.is_empty() {
                writeln!(out, "no saved searches")?;
            } else {
                for (s, n) in rows {
                    writeln!(
                        out,
                        "{n:>9}  {}  ({})",
                        s.name,
                        s.filter.query.as_deref().unwrap_or("no search")
                    )?;
                }
            }
        }
        SavedAction::Add {
            name,
            query,
            tags,
            wheres,
        } => {
            if let Some(q) = &query {
                crate::core::search::Query::parse(q)?;
            }
            let mut include = Vec::new();
            for t in &tags {
                let tag = crate::core::store::tags::by_name(&conn, t)?
                    .with_context(|| format!("no tag named {t:?}"))?;
                include.push(tag.id);
            }
            let filter = SavedFilter {
                query,
                tags: TagFilter {
                    include,
                    all: true,
                    ..Default::default()
                },
                meta: wheres,
                ..Default::default()
            };
            if filter.is_empty() {
                bail!("a saved search needs --query, --tag or --where");
            }
            lib.save_search(&name, filter)?;
            outln!("saved search {name:?}")?;
        }
        SavedAction::Rename { name, new_name } => {
            lib.rename_saved_search(find(&name)?.id, &new_name)?;
            outln!("renamed {name:?} to {new_name:?}")?;
        }
        SavedAction::Delete { name } => {
            lib.delete_saved_search(find(&name)?.id)?;
            outln!("deleted saved search {name:?}")?;
        }
    }
    Ok(())
}
