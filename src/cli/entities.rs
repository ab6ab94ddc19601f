//! `corpusdesk entities`: people, organisations and places over a scope,
//! what appears with one, and the cleaning (merge, rename, type, split,
//! ignore) and sharing (CSV) of the list.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, bail};
use clap::Subcommand;

use super::words::ScopeArgs;
use crate::core::Library;
use crate::core::entities::Kind;

/// The arguments of `corpusdesk entities`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EntitiesArgs {
    #[command(subcommand)]
    pub action: Option<EntitiesAction>,
    /// Only this type: person, organisation or place.
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_kind)]
    pub kind: Option<Kind>,
    /// Only entities whose name (or a variant's) holds this text.
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,
    /// Instead: the entities named most often in the same documents as
    /// this one (log-Dice).
    #[arg(long, value_name = "NAME")]
    pub with: Option<String>,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

#[derive(Debug, Subcommand)]
pub enum EntitiesAction {
    /// Merge entities into the first one named (`--as` renames it).
    Merge {
        #[arg(required = true, num_args = 2..)]
        names: Vec<String>,
        #[arg(long = "as", value_name = "NAME")]
        name: Option<String>,
        #[arg(long = "type", value_parser = parse_kind)]
        kind: Option<Kind>,
    },
    /// Rename an entity (a name another entity has merges the two).
    Rename {
        name: String,
        new_name: String,
        #[arg(long = "type", value_parser = parse_kind)]
        kind: Option<Kind>,
    },
    /// Change an entity's type.
    Retype {
        name: String,
        #[arg(value_parser = parse_kind)]
        to: Kind,
    },
    /// Ignore names: never listed, never found again (`--undo` shows them).
    Ignore {
        #[arg(required = true)]
        names: Vec<String>,
        #[arg(long = "type", value_parser = parse_kind)]
        kind: Option<Kind>,
        #[arg(long)]
        undo: bool,
    },
    /// Split a merged variant off again.
    Split { variant: String },
    /// Write the list (canonical, type, aliases, ignored) as CSV.
    ExportList {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Take a list written by export-list (as one undoable step).
    ImportList { file: PathBuf },
    /// Every mention over the scope as CSV: document, entity, type, the
    /// name as written, start and end (characters).
    Mentions {
        #[command(flatten)]
        scope: ScopeArgs,
    },
}

fn parse_kind(s: &str) -> std::result::Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| format!("{s:?}: use person, organisation or place"))
}

/// Reads what is pending first, so the answer covers every document.
pub(super) fn read_pending(lib: &Library) -> Result<()> {
    let pending = lib.entities_pending()?;
    if pending > 0 {
        eprintln!(
            "reading {} for names…",
            crate::core::counts::plural(pending, "document", "documents")
        );
        lib.extract_entities(&AtomicBool::new(false), &mut |_, _| {})?;
    }
    Ok(())
}

fn one(lib: &Library, name: &str, kind: Option<Kind>) -> Result<i64> {
    Ok(lib.entity_named(name, kind)?.id)
}

pub fn cmd_entities(library: Option<PathBuf>, a: EntitiesArgs) -> Result<()> {
    let lib = super::open(library)?;
    let Some(action) = a.action else {
        return list(
            &lib,
            a.kind,
            a.filter.as_deref(),
            a.with.as_deref(),
            &a.scope,
        );
    };
    let said = match action {
        EntitiesAction::Merge { names, name, kind } => {
            read_pending(&lib)?;
            let ids = names
                .iter()
                .map(|n| one(&lib, n, kind))
                .collect::<Result<Vec<_>>>()?;
            lib.merge_entities(ids[1..].to_vec(), ids[0], name)?
        }
        EntitiesAction::Rename {
            name,
            new_name,
            kind,
        } => {
            read_pending(&lib)?;
            lib.rename_entity(one(&lib, &name, kind)?, new_name)?
        }
        EntitiesAction::Retype { name, to } => {
            read_pending(&lib)?;
            lib.set_entity_kind(vec![one(&lib, &name, None)?], to)?
        }
        EntitiesAction::Ignore { names, kind, undo } => {
            read_pending(&lib)?;
            let ids = names
                .iter()
                .map(|n| one(&lib, n, kind))
                .collect::<Result<Vec<_>>>()?;
            lib.ignore_entities(ids, !undo)?
        }
        EntitiesAction::Split { variant } => {
            let all = lib.entity_list()?;
            let key = crate::core::entities::gazetteer::key(&variant);
            let ids: Vec<i64> = all
                .iter()
                .filter(|e| {
                    e.merged_into.is_some() && (e.key == key || e.name.to_lowercase() == key)
                })
                .map(|e| e.id)
                .collect();
            if ids.is_empty() {
                bail!("no merged variant named {variant:?}");
            }
            lib.split_entities(ids)?
        }
        EntitiesAction::ExportList { out } => {
            let n = match out {
                Some(path) => {
                    let mut buf = Vec::new();
                    let n = lib.write_entity_list(&mut buf)?;
                    let mut tmp = crate::core::fsx::temp_file_for(&path, ".entities")?;
                    tmp.write_all(&buf)?;
                    crate::core::fsx::persist(tmp, &path, true)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    n
                }
                None => lib.write_entity_list(&mut std::io::stdout().lock())?,
            };
            eprintln!("{n} entities written");
            return Ok(());
        }
        EntitiesAction::ImportList { file } => {
            let mut f = std::fs::File::open(&file)
                .with_context(|| format!("cannot open {}", file.display()))?;
            let r = lib.read_entity_list(&mut f)?;
            format!(
                "{} entities, {} aliases, {} ignored taken from {}",
                r.entities,
                r.aliases,
                r.ignored,
                file.display()
            )
        }
        EntitiesAction::Mentions { scope } => return mentions(&lib, &scope),
    };
    println!("{said}");
    Ok(())
}

fn list(
    lib: &Library,
    kind: Option<Kind>,
    filter: Option<&str>,
    with: Option<&str>,
    scope: &ScopeArgs,
) -> Result<()> {
    read_pending(lib)?;
    let ids = scope.ids(lib)?;
    let index = lib.entity_index()?;
    let mut out = std::io::stdout().lock();
    if let Some(name) = with {
        let id = one(lib, name, kind)?;
        let rows = scope.take(index.appears_with(&ids, id, usize::MAX));
        if scope.json {
            let v: Vec<_> = rows
                .iter()
                .map(|p| serde_json::json!({"id": p.id, "name": p.name, "type": p.kind.word(), "together": p.together, "log_dice": (p.log_dice * 100.0).round() / 100.0}))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        } else if scope.csv {
            let mut w = super::words::csv_out();
            w.write_record(["name", "type", "together", "log_dice"])?;
            for p in &rows {
                w.write_record([
                    p.name.as_str(),
                    p.kind.word(),
                    &p.together.to_string(),
                    &format!("{:.2}", p.log_dice),
                ])?;
            }
            w.flush()?;
        } else {
            writeln!(
                out,
                "{:>8}  {:>8}  {:<13} name",
                "log-Dice", "together", "type"
            )?;
            for p in &rows {
                writeln!(
                    out,
                    "{:>8.2}  {:>8}  {:<13} {}",
                    p.log_dice,
                    p.together,
                    p.kind.word(),
                    p.name
                )?;
            }
        }
        return Ok(());
    }
    let facets = index.facets(&ids, filter.unwrap_or(""), usize::MAX);
    let mut rows: Vec<_> = Kind::ALL
        .iter()
        .filter(|k| kind.is_none_or(|w| w == **k))
        .flat_map(|k| facets[*k as usize].iter().cloned())
        .collect();
    rows.sort_by(|a, b| b.docs.cmp(&a.docs).then_with(|| a.name.cmp(&b.name)));
    let rows = scope.take(rows);
    let variants = |id| {
        index
            .root(id)
            .map(|r| r.variants.join("|"))
            .unwrap_or_default()
    };
    if scope.json {
        let v: Vec<_> = rows
            .iter()
            .map(|r| serde_json::json!({"id": r.id, "name": r.name, "type": r.kind.word(), "docs": r.docs, "variants": index.root(r.id).map(|x| x.variants.clone()).unwrap_or_default()}))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else if scope.csv {
        let mut w = super::words::csv_out();
        w.write_record(["name", "type", "docs", "variants"])?;
        for r in &rows {
            w.write_record([
                r.name.as_str(),
                r.kind.word(),
                &r.docs.to_string(),
                &variants(r.id),
            ])?;
        }
        w.flush()?;
    } else {
        writeln!(out, "{:>7}  {:<13} name", "docs", "type")?;
        for r in &rows {
            let v = variants(r.id);
            let also = if v.is_empty() {
                String::new()
            } else {
                format!("  (also: {})", v.replace('|', ", "))
            };
            writeln!(out, "{:>7}  {:<13} {}{also}", r.docs, r.kind.word(), r.name)?;
        }
    }
    Ok(())
}

/// Every mention over the scope, as CSV.
fn mentions(lib: &Library, scope: &ScopeArgs) -> Result<()> {
    read_pending(lib)?;
    let ids = scope.ids(lib)?;
    let conn = lib.reader()?;
    let index = lib.entity_index()?;
    let all = lib.entity_list()?;
    let merged: std::collections::HashMap<i64, i64> = all
        .iter()
        .filter_map(|e| e.merged_into.map(|m| (e.id, m)))
        .collect();
    let mut w = super::words::csv_out();
    w.write_record(["doc_id", "entity", "type", "surface", "start", "end"])?;
    for doc in ids {
        let text = crate::core::store::documents::text(&conn, doc)?;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (start, end, entity) in crate::core::store::entities::mentions(&conn, doc)? {
            let root = crate::core::store::entities::root_of(&merged, entity);
            let Some(r) = index.root(root) else { continue };
            let b = |c: usize| chars.get(c).map_or(text.len(), |x| x.0);
            let surface = &text[b(start)..b(end)];
            w.write_record([
                doc.to_string().as_str(),
                r.name.as_str(),
                r.kind.word(),
                surface,
                &start.to_string(),
                &end.to_string(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}
