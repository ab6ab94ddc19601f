//! Entity operations on a [`Library`]: reading documents for names in the
//! background, the in-memory index for the facets, the user's cleaning
//! (merge, rename, type, split, ignore) and the shared list (CSV:
//! canonical, type, aliases, ignored).

use std::io::{Read, Write};
use std::sync::atomic::AtomicBool;

use super::Library;
use crate::core::entities::index::EntityIndex;
use crate::core::entities::{Kind, run};
use crate::core::error::{Error, Result};
use crate::core::model::EntityId;
use crate::core::store::change::Edit;
use crate::core::store::edit;
use crate::core::store::entities::{self, Entity};

/// How many rows a shared list changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListReport {
    pub entities: usize,
    pub aliases: usize,
    pub ignored: usize,
}

impl Library {
    /// Reads the documents not read yet (or read under an older list) for
    /// names; resumable.
    pub fn extract_entities(
        &self,
        cancel: &AtomicBool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        run::run(self.store(), cancel, progress)
    }

    /// Documents still to read for names.
    pub fn entities_pending(&self) -> Result<usize> {
        entities::pending_count(&self.reader()?)
    }

    /// The in-memory index the facets count on.
    pub fn entity_index(&self) -> Result<EntityIndex> {
        EntityIndex::build(&self.reader()?)
    }

    /// Whether `index` still describes the library.
    pub fn entity_index_current(&self, index: &EntityIndex) -> Result<bool> {
        Ok(entities::version(&self.reader()?)? == index.version)
    }

    /// Every entity, variants and ignored ones included.
    pub fn entity_list(&self) -> Result<Vec<Entity>> {
        entities::all(&self.reader()?)
    }

    /// The entity a name (or a variant's name) stands for, of `kind` if
    /// given; an error names the candidates when several fit.
    pub fn entity_named(&self, name: &str, kind: Option<Kind>) -> Result<Entity> {
        let found = entities::find(&self.reader()?, name, kind)?;
        match found.len() {
            0 => Err(Error::NotFound {
                what: "entity named",
                key: format!("{name:?}"),
            }),
            1 => Ok(found.into_iter().next().unwrap_or_else(|| unreachable!())),
            _ => Err(Error::Refused(format!(
                "{name:?} names {} entities ({}); add --type",
                found.len(),
                found
                    .iter()
                    .map(|e| e.kind.word())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    fn commit_entities(
        &self,
        plan: impl FnOnce(&rusqlite::Connection) -> Result<Edit> + Send + 'static,
    ) -> Result<String> {
        self.writer().write(move |tx| {
            let e = plan(tx)?;
            let label = e.label.clone();
            edit::commit(tx, e)?;
            Ok(label)
        })
    }

    /// Merges `from` into `into`, under `name` if given; returns the undo label.
    pub fn merge_entities(
        &self,
        from: Vec<EntityId>,
        into: EntityId,
        name: Option<String>,
    ) -> Result<String> {
        self.commit_entities(move |c| entities::merge(c, &from, into, name.as_deref()))
    }

    pub fn rename_entity(&self, id: EntityId, name: String) -> Result<String> {
        self.commit_entities(move |c| entities::rename(c, id, &name))
    }

    pub fn set_entity_kind(&self, ids: Vec<EntityId>, kind: Kind) -> Result<String> {
        self.commit_entities(move |c| entities::set_kind(c, &ids, kind))
    }

    pub fn ignore_entities(&self, ids: Vec<EntityId>, ignored: bool) -> Result<String> {
        self.commit_entities(move |c| entities::ignore(c, &ids, ignored))
    }

    /// Splits variants off what they were merged into.
    pub fn split_entities(&self, variants: Vec<EntityId>) -> Result<String> {
        self.commit_entities(move |c| entities::split(c, &variants))
    }

    /// Writes the list (entities with their aliases and ignored names) as
    /// CSV: `canonical,type,aliases,ignored`, aliases joined by `|`.
    pub fn write_entity_list(&self, out: &mut dyn Write) -> Result<usize> {
        let all = self.entity_list()?;
        let mut w = csv::Writer::from_writer(out);
        let csv_err = |e: csv::Error| Error::Export(e.to_string());
        w.write_record(["canonical", "type", "aliases", "ignored"])
            .map_err(csv_err)?;
        let mut n = 0;
        for e in all.iter().filter(|e| e.merged_into.is_none()) {
            let aliases: Vec<&str> = all
                .iter()
                .filter(|v| v.merged_into == Some(e.id))
                .map(|v| v.name.as_str())
                .collect();
            // Only what a person decided is worth sharing.
            if !e.user_set && aliases.is_empty() && !e.ignored {
                continue;
            }
            w.write_record([
                e.name.as_str(),
                e.kind.word(),
                &aliases.join("|"),
                if e.ignored { "yes" } else { "no" },
            ])
            .map_err(csv_err)?;
            n += 1;
        }
        w.flush().map_err(Error::Io)?;
        Ok(n)
    }

    /// Takes a shared list (as [`Self::write_entity_list`] writes it) as
    /// one undo step: its entities typed and named, its aliases merged into
    /// them, its ignored names ignored.
    pub fn read_entity_list(&self, input: &mut dyn Read) -> Result<ListReport> {
        let rows = parse_list(input)?;
        self.writer().write(move |tx| take_list(tx, &rows))
    }
}

/// Takes a shared list inside the writer's transaction (as one undo step).
pub fn read_entity_list_in(tx: &rusqlite::Transaction, input: &mut dyn Read) -> Result<ListReport> {
    let rows = parse_list(input)?;
    take_list(tx, &rows)
}

fn take_list(tx: &rusqlite::Transaction, rows: &[ListRow]) -> Result<ListReport> {
    let mut report = ListReport::default();
    let mut edits = Vec::new();
    for row in rows {
        let id = entities::ensure(tx, row.kind, &row.name)?;
        report.entities += 1;
        let (name, kind, ignored) = (row.name.clone(), row.kind, row.ignored);
        edits.push(entities::plan(tx, "", &[id], move |_, s| {
            s.name = name.clone();
            s.kind = kind;
            s.user_set = true;
            s.ignored = ignored;
            s.merged_into = None;
        })?);
        for alias in &row.aliases {
            let a = entities::ensure(tx, row.kind, alias)?;
            if a == id {
                continue;
            }
            report.aliases += 1;
            edits.push(entities::plan(tx, "", &[a], |_, s| {
                s.merged_into = Some(id);
                s.user_set = true;
            })?);
        }
        report.ignored += usize::from(ignored);
    }
    let label = format!("Import an entity list ({} entities)", report.entities);
    edit::commit(tx, Edit::combine(label, edits))?;
    Ok(report)
}

struct ListRow {
    name: String,
    kind: Kind,
    aliases: Vec<String>,
    ignored: bool,
}

fn parse_list(input: &mut dyn Read) -> Result<Vec<ListRow>> {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let bad = |line: usize, why: &str| Error::Import(format!("entity list, line {line}: {why}"));
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| bad(line, &e.to_string()))?;
        let name = rec.get(0).unwrap_or("").trim();
        if name.is_empty() {
            continue;
        }
        let kind = rec
            .get(1)
            .and_then(Kind::parse)
            .ok_or_else(|| bad(line, "the type must be person, organisation or place"))?;
        let aliases = rec
            .get(2)
            .unwrap_or("")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        let ignored = matches!(
            rec.get(3).unwrap_or("").trim().to_lowercase().as_str(),
            "yes" | "true" | "1" | "y"
        );
        rows.push(ListRow {
            name: name.to_string(),
            kind,
            aliases,
            ignored,
        });
    }
    Ok(rows)
}
