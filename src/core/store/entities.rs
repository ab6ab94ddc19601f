//! People, organisations and places as stored: what extraction found
//! ([`write_found`], derived rows outside the journal) and the user's
//! cleaning (merge, rename, type, split, ignore), planned here as
//! [`Edit`]s and applied through the one door ([`apply`]). An edit bumps
//! the revision of the user's list (`settings.entities_rev`), so the
//! documents are read again in the background under the new list.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::change::{Change, Edit, EntityEdit, EntityState};
use crate::core::entities::{Kind, Lexicon, gazetteer::key};
use crate::core::error::{Error, Result};
use crate::core::model::{DocId, EntityId};

/// Merges followed at most this deep (a longer chain is a loop).
const MAX_CHAIN: usize = 32;

/// An entity as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub id: EntityId,
    pub kind: Kind,
    pub name: String,
    pub key: String,
    pub merged_into: Option<EntityId>,
    pub ignored: bool,
    pub user_set: bool,
}

/// What extraction found in one document: `(start, end)` in characters,
/// the type, and the name it stands for (as written, or the full name a
/// surname stands for).
#[derive(Debug, Clone, Default)]
pub struct DocFound {
    pub doc: DocId,
    pub mentions: Vec<(usize, usize, Kind, String)>,
}

fn kind_of(s: &str) -> Kind {
    Kind::parse(s).unwrap_or(Kind::Organisation)
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<Entity> {
    Ok(Entity {
        id: r.get(0)?,
        kind: kind_of(&r.get::<_, String>(1)?),
        name: r.get(2)?,
        key: r.get(3)?,
        merged_into: r.get(4)?,
        ignored: r.get::<_, i64>(5)? != 0,
        user_set: r.get::<_, i64>(6)? != 0,
    })
}

const COLUMNS: &str = "id, kind, name, key, merged_into, ignored, user_set";

/// Every entity, variants and ignored ones included.
pub fn all(conn: &Connection) -> Result<Vec<Entity>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM entities ORDER BY id"))?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: EntityId) -> Result<Entity> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM entities WHERE id = ?1"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "entity with id",
            key: id.to_string(),
        })
}

/// A filter chip's words for an entity: "person = Bashar al-Assad".
pub fn label(conn: &Connection, id: EntityId) -> String {
    match get(conn, id) {
        Ok(e) => format!("{} = {}", e.kind.word(), e.name),
        Err(_) => format!("entity {id}"),
    }
}

/// The entity a merge chain ends at, from a map of `merged_into`.
pub fn root_of(merged: &HashMap<EntityId, EntityId>, mut id: EntityId) -> EntityId {
    for _ in 0..MAX_CHAIN {
        match merged.get(&id) {
            Some(&next) if next != id => id = next,
            _ => break,
        }
    }
    id
}

/// The entities (not variants) whose name or a variant's name is `name`
/// (any case), of `kind` if given.
pub fn find(conn: &Connection, name: &str, kind: Option<Kind>) -> Result<Vec<Entity>> {
    let all = all(conn)?;
    let merged: HashMap<EntityId, EntityId> = all
        .iter()
        .filter_map(|e| e.merged_into.map(|m| (e.id, m)))
        .collect();
    let by_id: HashMap<EntityId, &Entity> = all.iter().map(|e| (e.id, e)).collect();
    let wanted = key(name);
    let mut out: Vec<Entity> = Vec::new();
    for e in &all {
        if key(&e.name) != wanted && e.key != wanted {
            continue;
        }
        let root = by_id[&root_of(&merged, e.id)];
        if kind.is_some_and(|k| k != root.kind) || out.iter().any(|o| o.id == root.id) {
            continue;
        }
        out.push(root.clone());
    }
    Ok(out)
}

/// The revision of the user's list documents are read under.
pub fn rev(conn: &Connection) -> Result<i64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'entities_rev'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(1))
}

fn bump_rev(tx: &Transaction) -> Result<()> {
    let next = rev(tx)? + 1;
    tx.execute(
        "INSERT INTO settings(key, value) VALUES ('entities_rev', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [next.to_string()],
    )?;
    Ok(())
}

/// The user's decisions extraction obeys: names typed, merged or shared
/// (with their entity's type), and ignored names.
pub fn lexicon(conn: &Connection) -> Result<Lexicon> {
    let all = all(conn)?;
    let merged: HashMap<EntityId, EntityId> = all
        .iter()
        .filter_map(|e| e.merged_into.map(|m| (e.id, m)))
        .collect();
    let by_id: HashMap<EntityId, &Entity> = all.iter().map(|e| (e.id, e)).collect();
    let mut out = Lexicon::new();
    for e in &all {
        let root = by_id.get(&root_of(&merged, e.id)).copied().unwrap_or(e);
        if e.ignored || root.ignored {
            out.insert(e.key.clone(), None);
        } else if e.user_set || e.merged_into.is_some() || root.user_set {
            out.entry(e.key.clone()).or_insert(Some(root.kind));
        }
    }
    Ok(out)
}

/// Documents after id `after` not read under revision `rev`: ids, texts
/// and languages, at most `limit`, in id order.
pub fn pending(
    conn: &Connection,
    rev: i64,
    after: DocId,
    limit: usize,
) -> Result<Vec<(DocId, String, Option<String>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.text, json_extract(d.meta, '$.lang') FROM documents d
         LEFT JOIN entity_runs r ON r.doc_id = d.id
         WHERE d.id > ?3 AND d.state IN (0, 1) AND (r.rev IS NULL OR r.rev < ?1)
         ORDER BY d.id LIMIT ?2",
    )?;
    let rows = stmt
        .query_map(params![rev, limit as i64, after], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// How many documents are still to read.
pub fn pending_count(conn: &Connection) -> Result<usize> {
    let rev = rev(conn)?;
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM documents d LEFT JOIN entity_runs r ON r.doc_id = d.id
         WHERE d.state IN (0, 1) AND (r.rev IS NULL OR r.rev < ?1)",
        [rev],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

/// Stores what extraction found in these documents (replacing what was
/// found before), new names becoming entities. Derived rows: not journaled.
pub fn write_found(tx: &Transaction, rev: i64, found: &[DocFound]) -> Result<usize> {
    let mut lookup = tx.prepare_cached(
        "SELECT id FROM entities WHERE key = ?1 AND (kind = ?2 OR user_set = 1)
         ORDER BY user_set DESC, id LIMIT 1",
    )?;
    let mut insert =
        tx.prepare_cached("INSERT INTO entities(kind, name, key) VALUES (?1, ?2, ?3)")?;
    let mut clear = tx.prepare_cached("DELETE FROM entity_mentions WHERE doc_id = ?1")?;
    let mut mention = tx.prepare_cached(
        "INSERT OR IGNORE INTO entity_mentions(doc_id, start, end, entity_id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut done =
        tx.prepare_cached("INSERT OR REPLACE INTO entity_runs(doc_id, rev) VALUES (?1, ?2)")?;
    // A name first seen in capitals (a dateline) takes its usual spelling.
    let mut respell = tx.prepare_cached(
        "UPDATE entities SET name = ?2 WHERE id = ?1 AND user_set = 0 AND name = upper(name) AND ?2 <> upper(?2)",
    )?;
    let mut ids: HashMap<(String, Kind), EntityId> = HashMap::new();
    let mut written = 0;
    for doc in found {
        clear.execute([doc.doc])?;
        for (start, end, kind, surface) in &doc.mentions {
            let k = key(surface);
            let id = match ids.get(&(k.clone(), *kind)) {
                Some(&id) => id,
                None => {
                    let id = match lookup
                        .query_row(params![k, kind.word()], |r| r.get(0))
                        .optional()?
                    {
                        Some(id) => {
                            respell.execute(params![id, surface.trim()])?;
                            id
                        }
                        None => {
                            insert.execute(params![kind.word(), surface.trim(), k])?;
                            tx.last_insert_rowid()
                        }
                    };
                    ids.insert((k, *kind), id);
                    id
                }
            };
            written += mention.execute(params![doc.doc, *start as i64, *end as i64, id])?;
        }
        done.execute(params![doc.doc, rev])?;
    }
    Ok(written)
}

/// Creates the entity for a name the user shares (an imported list) if
/// there is none of that type yet; returns its id.
pub fn ensure(tx: &Transaction, kind: Kind, name: &str) -> Result<EntityId> {
    let k = key(name);
    let found: Option<EntityId> = tx
        .query_row(
            "SELECT id FROM entities WHERE key = ?1 AND kind = ?2 ORDER BY id LIMIT 1",
            params![k, kind.word()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO entities(kind, name, key) VALUES (?1, ?2, ?3)",
        params![kind.word(), name.trim(), k],
    )?;
    Ok(tx.last_insert_rowid())
}

fn state(e: &Entity) -> EntityState {
    EntityState {
        name: e.name.clone(),
        kind: e.kind,
        merged_into: e.merged_into,
        ignored: e.ignored,
        user_set: e.user_set,
    }
}

/// Edits of these entities to the states `change` makes of them, as one
/// undo step named `label` (nothing for no difference).
pub fn plan(
    conn: &Connection,
    label: &str,
    ids: &[EntityId],
    change: impl Fn(&Entity, &mut EntityState),
) -> Result<Edit> {
    let mut edits = Vec::new();
    for &id in ids {
        let e = get(conn, id)?;
        let before = state(&e);
        let mut after = before.clone();
        change(&e, &mut after);
        if after != before {
            edits.push(EntityEdit { id, before, after });
        }
    }
    if edits.is_empty() {
        return Ok(Edit::none());
    }
    let n = edits.len();
    Ok(Edit::new(label, Change::Entities { edits }, n))
}

/// Merges `from` into `into` (under `name`, if given): the variants and
/// their own variants count as `into` from then on.
pub fn merge(
    conn: &Connection,
    from: &[EntityId],
    into: EntityId,
    name: Option<&str>,
) -> Result<Edit> {
    let target = get(conn, into)?;
    let from: Vec<EntityId> = from.iter().copied().filter(|&f| f != into).collect();
    if from.is_empty() {
        return Err(Error::Refused(
            "Choose at least one other entity to merge".into(),
        ));
    }
    let mut edit = plan(conn, "", &from, |_, s| {
        s.merged_into = Some(into);
        s.user_set = true;
    })?;
    // A variant's own variants stay with it; `into` must not point back.
    let loops: Vec<EntityId> = target.merged_into.into_iter().collect();
    let unloop = plan(conn, "", &loops, |_, s| s.merged_into = None)?;
    let rename = plan(conn, "", &[into], |_, s| {
        s.user_set = true;
        if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
            s.name = n.to_string();
        }
    })?;
    let label = format!(
        "Merge {} into \u{201c}{}\u{201d}",
        crate::core::counts::plural(from.len(), "entity", "entities"),
        name.unwrap_or(&target.name)
    );
    edit = Edit::combine(label, [edit, unloop, rename]);
    Ok(edit)
}

/// Renames an entity; a name another entity of its type has already
/// merges the two.
pub fn rename(conn: &Connection, id: EntityId, name: &str) -> Result<Edit> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Refused("An entity needs a name".into()));
    }
    let e = get(conn, id)?;
    if let Some(other) = find(conn, name, Some(e.kind))?
        .into_iter()
        .find(|o| o.id != id)
    {
        return merge(conn, &[id], other.id, Some(name));
    }
    plan(
        conn,
        &format!(
            "Rename \u{201c}{}\u{201d} to \u{201c}{name}\u{201d}",
            e.name
        ),
        &[id],
        |_, s| {
            s.name = name.to_string();
            s.user_set = true;
        },
    )
}

/// Gives entities another type (extraction takes it from then on).
pub fn set_kind(conn: &Connection, ids: &[EntityId], kind: Kind) -> Result<Edit> {
    plan(
        conn,
        &format!(
            "Make {} a {}",
            crate::core::counts::plural(ids.len(), "entity", "entities"),
            kind.word()
        ),
        ids,
        |_, s| {
            s.kind = kind;
            s.user_set = true;
        },
    )
}

/// Ignores entities (never shown, never found again), or shows them again.
pub fn ignore(conn: &Connection, ids: &[EntityId], ignored: bool) -> Result<Edit> {
    let verb = if ignored { "Ignore" } else { "Show again" };
    plan(
        conn,
        &format!(
            "{verb} {}",
            crate::core::counts::plural(ids.len(), "entity", "entities")
        ),
        ids,
        |_, s| {
            s.ignored = ignored;
            s.user_set = true;
        },
    )
}

/// Splits variants off the entity they were merged into.
pub fn split(conn: &Connection, variants: &[EntityId]) -> Result<Edit> {
    plan(
        conn,
        &format!(
            "Split off {}",
            crate::core::counts::plural(variants.len(), "variant", "variants")
        ),
        variants,
        |_, s| {
            s.merged_into = None;
        },
    )
}

/// Applies entity edits forwards or backwards; the documents are read
/// again under the changed list.
pub fn apply(tx: &Transaction, edits: &[EntityEdit], forward: bool) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "UPDATE entities SET name = ?2, kind = ?3, merged_into = ?4, ignored = ?5, user_set = ?6 WHERE id = ?1",
    )?;
    for e in edits {
        let s = if forward { &e.after } else { &e.before };
        stmt.execute(params![
            e.id,
            s.name,
            s.kind.word(),
            s.merged_into,
            s.ignored as i64,
            s.user_set as i64
        ])?;
    }
    bump_rev(tx)
}

/// Every stored mention of live documents as `(doc, entity)` pairs, one
/// per document and entity, for the in-memory index.
pub fn doc_entities(conn: &Connection, each: &mut dyn FnMut(DocId, EntityId)) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT m.doc_id, m.entity_id FROM entity_mentions m
         JOIN documents d ON d.id = m.doc_id WHERE d.state IN (0, 1) ORDER BY m.doc_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?);
    }
    Ok(())
}

/// A document's mentions: `(start, end, entity)` in characters.
pub fn mentions(conn: &Connection, doc: DocId) -> Result<Vec<(usize, usize, EntityId)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT start, end, entity_id FROM entity_mentions WHERE doc_id = ?1 ORDER BY start",
    )?;
    let rows = stmt
        .query_map([doc], |r| {
            Ok((
                r.get::<_, i64>(0)? as usize,
                r.get::<_, i64>(1)? as usize,
                r.get(2)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Numbers that change whenever entities or mentions change (for
/// caches): the documents read and under which revisions (a document read
/// again raises the sum), the largest entity id, the list's revision, the
/// latest edit.
pub fn version(conn: &Connection) -> Result<(i64, i64, i64, i64)> {
    let (m, e): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) * 1000003 + ifnull(sum(rev), 0) FROM entity_runs),
                (SELECT ifnull(max(id), 0) FROM entities)",
        [],
        |r| r.try_into(),
    )?;
    let journal: i64 =
        conn.query_row("SELECT ifnull(max(id), 0) FROM journal", [], |r| r.get(0))?;
    Ok((m, e, rev(conn)?, journal))
}
