//! Saved searches (smart collections): a named view — a search with its
//! tag, date and metadata filters — listed with a live count, applied with
//! a click, usable as an export scope and from the CLI (`--saved NAME`).
//! Creating, renaming, changing and deleting one are undoable edits.

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::change::{Change, Edit, SavedRecord};
use super::edit;
use crate::core::error::{Error, Result};
use crate::core::filter::{DateFilter, Filter, MetaFilter, TagFilter};

pub use crate::core::model::SavedId;

/// What a saved search keeps of a view: everything but the import-batch
/// filter and the trash, which are moments, not collections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilter {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub tags: TagFilter,
    #[serde(default)]
    pub dates: Option<DateFilter>,
    #[serde(default)]
    pub meta: Vec<MetaFilter>,
    #[serde(default)]
    pub date_source: Option<String>,
    #[serde(default)]
    pub show_duplicates: bool,
    #[serde(default)]
    pub memos: bool,
    #[serde(default)]
    pub entities: Vec<i64>,
}

impl SavedFilter {
    pub fn of(filter: &Filter) -> SavedFilter {
        SavedFilter {
            query: filter.query.clone(),
            tags: filter.tags.clone(),
            dates: filter.dates,
            meta: filter.meta.clone(),
            show_duplicates: filter.show_duplicates,
            date_source: filter.date_source.map(|s| s.as_str().to_string()),
            memos: filter.memos,
            entities: filter.entities.clone(),
        }
    }

    /// The view it stands for. Tags deleted since are left out.
    pub fn filter(&self, conn: &Connection) -> Result<Filter> {
        let exists = |id: &i64| -> bool {
            conn.query_row("SELECT 1 FROM tags WHERE id = ?1", [id], |_| Ok(()))
                .optional()
                .ok()
                .flatten()
                .is_some()
        };
        let mut tags = self.tags.clone();
        tags.include.retain(exists);
        tags.exclude.retain(exists);
        Ok(Filter {
            query: self.query.clone(),
            tags,
            dates: self.dates,
            meta: self.meta.clone(),
            show_duplicates: self.show_duplicates,
            date_source: self
                .date_source
                .as_deref()
                .and_then(crate::core::model::DateSource::parse),
            memos: self.memos,
            entities: self
                .entities
                .iter()
                .copied()
                .filter(|id| crate::core::store::entities::get(conn, *id).is_ok())
                .collect(),
            ..Default::default()
        })
    }

    pub fn is_empty(&self) -> bool {
        *self == SavedFilter::default()
    }
}

/// A saved search as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedSearch {
    pub id: SavedId,
    pub name: String,
    pub filter: SavedFilter,
}

fn from_record(r: SavedRecord) -> Result<SavedSearch> {
    Ok(SavedSearch {
        id: r.id,
        filter: serde_json::from_str(&r.filter).map_err(|e| {
            Error::Refused(format!("saved search {:?} cannot be read: {e}", r.name))
        })?,
        name: r.name,
    })
}

/// Every saved search, by name.
pub fn list(conn: &Connection) -> Result<Vec<SavedSearch>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, filter FROM saved_searches ORDER BY name COLLATE NOCASE, id",
    )?;
    let records: Vec<SavedRecord> = stmt
        .query_map([], |r| {
            Ok(SavedRecord {
                id: r.get(0)?,
                name: r.get(1)?,
                filter: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    records.into_iter().map(from_record).collect()
}

/// The saved search called `name` (any case).
pub fn by_name(conn: &Connection, name: &str) -> Result<Option<SavedSearch>> {
    Ok(list(conn)?
        .into_iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()) || s.name == name.trim()))
}

fn record(tx: &Transaction, id: SavedId) -> Result<SavedRecord> {
    tx.query_row(
        "SELECT id, name, filter FROM saved_searches WHERE id = ?1",
        [id],
        |r| {
            Ok(SavedRecord {
                id: r.get(0)?,
                name: r.get(1)?,
                filter: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::Refused(format!("no saved search with id {id}")))
}

fn check_name(tx: &Transaction, name: &str, except: Option<SavedId>) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Refused("a saved search needs a name".into()));
    }
    let taken: Option<SavedId> = tx
        .query_row(
            "SELECT id FROM saved_searches WHERE name = ?1 COLLATE NOCASE",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some_and(|t| Some(t) != except) {
        return Err(Error::Refused(format!(
            "a saved search named {name:?} exists already: choose another name"
        )));
    }
    Ok(name.to_string())
}

fn json(filter: &SavedFilter) -> Result<String> {
    serde_json::to_string(filter).map_err(|e| Error::Refused(e.to_string()))
}

fn commit(
    tx: &Transaction,
    label: String,
    before: Option<SavedRecord>,
    after: Option<SavedRecord>,
) -> Result<()> {
    let id = before.as_ref().or(after.as_ref()).map_or(0, |r| r.id);
    edit::commit(tx, Edit::new(label, Change::Saved { id, before, after }, 0))?;
    Ok(())
}

/// Saves `filter` as a search called `name`; refuses a name in use.
pub fn save(tx: &Transaction, name: &str, filter: &SavedFilter) -> Result<SavedId> {
    let name = check_name(tx, name, None)?;
    let id: SavedId = tx.query_row(
        "SELECT ifnull(max(id), 0) + 1 FROM saved_searches",
        [],
        |r| r.get(0),
    )?;
    let after = SavedRecord {
        id,
        name: name.clone(),
        filter: json(filter)?,
    };
    commit(tx, format!("save search '{name}'"), None, Some(after))?;
    Ok(id)
}

pub fn rename(tx: &Transaction, id: SavedId, name: &str) -> Result<()> {
    let before = record(tx, id)?;
    let name = check_name(tx, name, Some(id))?;
    if name == before.name {
        return Ok(());
    }
    let after = SavedRecord {
        name: name.clone(),
        ..before.clone()
    };
    commit(
        tx,
        format!("rename saved search '{}' to '{name}'", before.name),
        Some(before),
        Some(after),
    )
}

/// Replaces what the saved search holds (e.g. with the current view).
pub fn update(tx: &Transaction, id: SavedId, filter: &SavedFilter) -> Result<()> {
    let before = record(tx, id)?;
    let after = SavedRecord {
        filter: json(filter)?,
        ..before.clone()
    };
    if after == before {
        return Ok(());
    }
    commit(
        tx,
        format!("change saved search '{}'", before.name),
        Some(before),
        Some(after),
    )
}

pub fn delete(tx: &Transaction, id: SavedId) -> Result<()> {
    let before = record(tx, id)?;
    commit(
        tx,
        format!("delete saved search '{}'", before.name),
        Some(before),
        None,
    )
}
