//! Tags: create, rename (a parent renames its children), recolour, merge,
//! delete, and apply to documents in bulk. Every change goes through the
//! undo journal; a deleted or merged tag comes back with its id on undo.
//!
//! Nested tags use `/` in the name (`conflict/syria`); the tree is a matter of
//! names, so renaming `conflict` to `war` renames `conflict/syria` too.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::change::{Change, Edit};
pub use super::change::{TagId, TagRecord};
use super::{edit, now};
use crate::core::error::{Error, Result};
use crate::core::model::DocId;

/// A tag with the number of active documents carrying it (on the whole
/// or on a coded passage) and of its coded passages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    #[serde(skip)]
    pub id: TagId,
    pub name: String,
    pub color: String,
    pub count: i64,
    pub passages: i64,
}

/// The automatic tag colours.
const PALETTE: [&str; 10] = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];

/// A tag colour from a fixed palette, picked by the name so it is stable.
pub fn default_tag_color(name: &str) -> &'static str {
    let h = blake3::hash(name.to_lowercase().as_bytes());
    PALETTE[h.as_bytes()[0] as usize % PALETTE.len()]
}

/// The colour a new tag gets: the palette colour fewest tags have (so the
/// first ten tags never share one), ties broken by the name.
fn new_tag_color(conn: &Connection, name: &str) -> Result<String> {
    let mut used = [0usize; PALETTE.len()];
    let mut stmt = conn.prepare_cached("SELECT color FROM tags")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let c: String = r.get(0)?;
        if let Some(i) = PALETTE.iter().position(|p| p.eq_ignore_ascii_case(&c)) {
            used[i] += 1;
        }
    }
    let fewest = used.iter().copied().min().unwrap_or(0);
    let preferred = default_tag_color(name);
    let start = PALETTE.iter().position(|p| *p == preferred).unwrap_or(0);
    let pick = (0..PALETTE.len())
        .map(|k| (start + k) % PALETTE.len())
        .find(|&i| used[i] == fewest)
        .unwrap_or(start);
    Ok(PALETTE[pick].to_string())
}

/// The tags the number keys 1–9 toggle, in key order: the first nine tags
/// made (by id), so making or renaming a tag never moves another's key.
pub fn number_keys(tags: &[Tag]) -> Vec<TagId> {
    let mut ids: Vec<TagId> = tags.iter().map(|t| t.id).collect();
    ids.sort_unstable();
    ids.truncate(9);
    ids
}

/// The tag named `name` for an import: cleaned like every tag name, created
/// when missing. Not journaled: tags named in imported files belong to the
/// import, and undoing the import moves its documents to the trash (their
/// tags stay, as they would in Zotero).
pub fn ensure(tx: &Transaction, name: &str) -> Result<TagId> {
    let name = clean_name(name)?;
    if let Some(id) = tx
        .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
        .query_row([&name], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    let color = new_tag_color(tx, &name)?;
    tx.prepare_cached("INSERT OR IGNORE INTO tags(name, color, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![name, color, now()])?;
    Ok(tx
        .prepare_cached("SELECT id FROM tags WHERE name = ?1")?
        .query_row([&name], |r| r.get(0))?)
}

/// A tag name cleaned up: trimmed, `/` segments trimmed, no empty segment.
pub fn clean_name(name: &str) -> Result<String> {
    let parts: Vec<&str> = name.split('/').map(str::trim).collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(Error::InvalidTag(format!(
            "{name:?}: a tag name needs text between its slashes"
        )));
    }
    let clean = parts.join("/");
    if clean.chars().any(char::is_control) || clean.chars().count() > 200 {
        return Err(Error::InvalidTag(format!(
            "{name:?}: too long or has control characters"
        )));
    }
    Ok(clean)
}

fn check_color(color: &str) -> Result<String> {
    let ok = color.len() == 7
        && color.starts_with('#')
        && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(color.to_ascii_lowercase())
    } else {
        Err(Error::InvalidTag(format!("colour {color:?}: use #rrggbb")))
    }
}

/// Every tag with its count of active documents (tagged whole or on a
/// passage) and of coded passages in them, by name.
pub fn list(conn: &Connection) -> Result<Vec<Tag>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name, t.color,
                (SELECT count(*) FROM (
                    SELECT dt.doc_id FROM document_tags dt JOIN documents d ON d.id = dt.doc_id
                     WHERE dt.tag_id = t.id AND d.state = 0
                    UNION
                    SELECT p.doc_id FROM passages p JOIN documents d ON d.id = p.doc_id
                     WHERE p.tag_id = t.id AND p.removed = 0 AND d.state = 0)),
                (SELECT count(*) FROM passages p JOIN documents d ON d.id = p.doc_id
                  WHERE p.tag_id = t.id AND p.removed = 0 AND d.state = 0)
         FROM tags t ORDER BY t.name COLLATE NOCASE",
    )?;
    let tags = stmt
        .query_map([], |r| {
            Ok(Tag {
                id: r.get(0)?,
                name: r.get(1)?,
                color: r.get(2)?,
                count: r.get(3)?,
                passages: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(tags)
}

pub fn by_name(conn: &Connection, name: &str) -> Result<Option<TagRecord>> {
    Ok(conn
        .query_row(
            "SELECT id, name, color FROM tags WHERE name = ?1",
            [name],
            |r| {
                Ok(TagRecord {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    color: r.get(2)?,
                })
            },
        )
        .optional()?)
}

fn record(conn: &Connection, id: TagId) -> Result<TagRecord> {
    conn.query_row(
        "SELECT id, name, color FROM tags WHERE id = ?1",
        [id],
        |r| {
            Ok(TagRecord {
                id: r.get(0)?,
                name: r.get(1)?,
                color: r.get(2)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::InvalidTag(format!("no tag with id {id}")))
}

/// The tag and every tag nested under it.
pub fn with_descendants(conn: &Connection, id: TagId) -> Result<Vec<TagId>> {
    let tag = record(conn, id)?;
    let mut stmt = conn.prepare(
        "SELECT id FROM tags WHERE id = ?1 OR substr(name, 1, length(?2) + 1) = ?2 || '/' COLLATE NOCASE",
    )?;
    let ids = stmt
        .query_map(params![id, tag.name], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn docs_of(tx: &Connection, tag: TagId) -> Result<Vec<DocId>> {
    let mut stmt = tx.prepare_cached("SELECT doc_id FROM document_tags WHERE tag_id = ?1")?;
    let ids = stmt
        .query_map([tag], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// One tag change through the store's one door (applied, journaled).
fn commit(tx: &Transaction, label: &str, change: Change) -> Result<()> {
    edit::commit(tx, Edit::new(label, change, 0)).map(|_| ())
}

/// Creates a tag (or returns the existing one of that name).
pub fn create(tx: &Transaction, name: &str, color: Option<&str>) -> Result<TagId> {
    let (id, edit) = plan_create(tx, name, color)?;
    edit::commit(tx, edit)?;
    Ok(id)
}

/// What [`create`] would do: the tag's id and the edit that makes it
/// (empty when a tag of that name exists), to combine with what uses it
/// into one undo step.
pub fn plan_create(tx: &Connection, name: &str, color: Option<&str>) -> Result<(TagId, Edit)> {
    let name = clean_name(name)?;
    if let Some(t) = by_name(tx, &name)? {
        return Ok((t.id, Edit::none()));
    }
    let color = match color {
        Some(c) => check_color(c)?,
        None => new_tag_color(tx, &name)?,
    };
    // The id AUTOINCREMENT would give, so undo/redo recreate the same tag.
    let id: TagId = tx.query_row(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'tags'), 0),
                    coalesce((SELECT max(id) FROM tags), 0)) + 1",
        [],
        |r| r.get(0),
    )?;
    let edit = Edit::new(
        format!("create tag '{name}'"),
        Change::CreateTag {
            tag: TagRecord { id, name, color },
        },
        0,
    );
    Ok((id, edit))
}

/// Renames a tag; tags nested under it follow.
pub fn rename(tx: &Transaction, id: TagId, new_name: &str) -> Result<()> {
    let tag = record(tx, id)?;
    let new_name = clean_name(new_name)?;
    if new_name == tag.name {
        return Ok(());
    }
    if new_name
        .to_lowercase()
        .starts_with(&format!("{}/", tag.name.to_lowercase()))
    {
        return Err(Error::InvalidTag(format!(
            "cannot move {} inside itself",
            tag.name
        )));
    }
    let mut renames = Vec::new();
    for child in with_descendants(tx, id)? {
        let old = record(tx, child)?.name;
        let new = format!("{new_name}{}", &old[tag.name.len()..]);
        if let Some(existing) = by_name(tx, &new)?
            && existing.id != child
            && !with_descendants(tx, id)?.contains(&existing.id)
        {
            return Err(Error::InvalidTag(format!(
                "a tag named {new} already exists: merge the tags instead"
            )));
        }
        renames.push((child, old, new));
    }
    commit(
        tx,
        &format!("rename tag '{}'", tag.name),
        Change::RenameTags { renames },
    )
}

pub fn recolor(tx: &Transaction, id: TagId, color: &str) -> Result<()> {
    let tag = record(tx, id)?;
    let after = check_color(color)?;
    commit(
        tx,
        &format!("recolour tag '{}'", tag.name),
        Change::Recolor {
            id,
            before: tag.color,
            after,
        },
    )
}

/// Moves every document of `from` to `into`, then removes `from`.
pub fn merge(tx: &Transaction, from: TagId, into: TagId) -> Result<()> {
    if from == into {
        return Ok(());
    }
    let from_tag = record(tx, from)?;
    record(tx, into)?;
    let from_docs = docs_of(tx, from)?;
    let into_docs: std::collections::HashSet<DocId> = docs_of(tx, into)?.into_iter().collect();
    let added = from_docs
        .iter()
        .copied()
        .filter(|d| !into_docs.contains(d))
        .collect();
    let passages = super::coding_rows::ids_of_tag(tx, from)?;
    commit(
        tx,
        &format!("merge tag '{}'", from_tag.name),
        Change::MergeTag {
            from: from_tag,
            from_docs,
            into,
            added,
            passages,
        },
    )
}

/// Deletes a tag (its documents stay; undo brings the tag back on them).
pub fn delete(tx: &Transaction, id: TagId) -> Result<()> {
    let change = delete_change(tx, id)?;
    let Change::DeleteTag { tag, .. } = &change else {
        unreachable!("delete_change makes a DeleteTag")
    };
    let label = format!("delete tag '{}'", tag.name);
    commit(tx, &label, change)
}

/// What deleting tag `id` changes: the tag, the documents it is on, the
/// passages coded with it and its memo (all back on undo).
fn delete_change(tx: &Connection, id: TagId) -> Result<Change> {
    let tag = record(tx, id)?;
    let docs = docs_of(tx, id)?;
    let passages = super::coding_rows::ids_of_tag(tx, id)?;
    let memo = super::memos::get(tx, super::change::MemoTarget::Tag(id))?;
    Ok(Change::DeleteTag {
        tag,
        docs,
        passages,
        memo,
    })
}

/// Deletes a tag and every tag nested under it, in one undoable step.
/// Returns how many tags went.
pub fn delete_branch(tx: &Transaction, id: TagId) -> Result<usize> {
    let root = record(tx, id)?;
    let ids = with_descendants(tx, id)?;
    let mut edits = Vec::with_capacity(ids.len());
    for &t in &ids {
        edits.push(Edit::new(String::new(), delete_change(tx, t)?, 0));
    }
    let n = edits.len();
    edit::commit(
        tx,
        Edit::combine(
            format!("delete tag '{}' and its sub-tags", root.name),
            edits,
        ),
    )?;
    Ok(n)
}

/// Tags no document of the library carries any more, on the whole or on
/// a passage (none, or only documents in the trash: the folder tags of an import that was undone).
pub fn unused(conn: &Connection) -> Result<Vec<TagId>> {
    let mut stmt = conn.prepare(
        "SELECT t.id FROM tags t
          WHERE NOT EXISTS (SELECT 1 FROM document_tags dt JOIN documents d ON d.id = dt.doc_id
                             WHERE dt.tag_id = t.id AND d.state != ?1)
            AND NOT EXISTS (SELECT 1 FROM passages p JOIN documents d ON d.id = p.doc_id
                             WHERE p.tag_id = t.id AND p.removed = 0 AND d.state != ?1)
          ORDER BY t.id",
    )?;
    let ids = stmt
        .query_map([crate::core::model::DocState::Trashed as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Deletes the [`unused`] tags in one undoable step (undo brings them back
/// on the trashed documents that had them). Returns how many went.
pub fn remove_unused(tx: &Transaction) -> Result<usize> {
    let ids = unused(tx)?;
    let mut edits = Vec::with_capacity(ids.len());
    for &id in &ids {
        edits.push(Edit::new(String::new(), delete_change(tx, id)?, 0));
    }
    let n = edits.len();
    if n > 0 {
        edit::commit(
            tx,
            Edit::combine(
                format!(
                    "remove {}",
                    crate::core::counts::plural(n, "unused tag", "unused tags")
                ),
                edits,
            ),
        )?;
    }
    Ok(n)
}

/// Adds (or removes) a tag on documents; only those that change are journaled.
/// Returns how many changed.
pub fn set_on(tx: &Transaction, tag: TagId, docs: &[DocId], add: bool) -> Result<usize> {
    edit::commit(tx, plan_set_on(tx, tag, docs, add)?)
}

/// What [`set_on`] would do, as a planned edit (empty when nothing changes).
pub fn plan_set_on(tx: &Transaction, tag: TagId, docs: &[DocId], add: bool) -> Result<Edit> {
    let t = record(tx, tag)?;
    let mut has =
        tx.prepare_cached("SELECT 1 FROM document_tags WHERE tag_id = ?1 AND doc_id = ?2")?;
    let mut exists = tx.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
    let mut changed = Vec::new();
    for &d in docs {
        let tagged = has.exists(params![tag, d])?;
        if tagged != add && (!add || exists.exists([d])?) {
            changed.push(d);
        }
    }
    let n = changed.len();
    if n == 0 {
        return Ok(Edit::none());
    }
    let docs = crate::core::counts::documents(n);
    let label = if add {
        format!("tag '{}' on {docs}", t.name)
    } else {
        format!("untag '{}' from {docs}", t.name)
    };
    Ok(Edit::new(
        label,
        Change::TagDocs {
            tag,
            docs: changed,
            add,
        },
        n,
    ))
}

/// Tags each group of documents with its tag (created when missing), as
/// one undoable step named `label` (a batch search tagging every query's
/// hits). Returns how many taggings were added.
pub fn tag_groups(tx: &Transaction, label: &str, groups: &[(String, Vec<DocId>)]) -> Result<usize> {
    let mut next_id: TagId = tx.query_row(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'tags'), 0),
                    coalesce((SELECT max(id) FROM tags), 0)) + 1",
        [],
        |r| r.get(0),
    )?;
    let mut created: std::collections::HashMap<String, TagId> = Default::default();
    let mut edits = Vec::new();
    let mut exists = tx.prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?;
    // One group per tag, whatever the case or spacing it was written in.
    let mut merged: Vec<(String, Vec<DocId>)> = Vec::new();
    for (name, docs) in groups {
        let name = clean_name(name)?;
        match merged
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            Some((_, all)) => all.extend(docs),
            None => merged.push((name, docs.clone())),
        }
    }
    for (_, docs) in &mut merged {
        docs.sort_unstable();
        docs.dedup();
    }
    for (name, docs) in &merged {
        let name = name.clone();
        if let Some(t) = by_name(tx, &name)? {
            edits.push(plan_set_on(tx, t.id, docs, true)?);
            continue;
        }
        let id = match created.get(&name) {
            Some(id) => *id,
            None => {
                let id = next_id;
                next_id += 1;
                created.insert(name.clone(), id);
                let color = default_tag_color(&name).to_string();
                edits.push(Edit::new(
                    format!("create tag '{name}'"),
                    Change::CreateTag {
                        tag: TagRecord { id, name, color },
                    },
                    0,
                ));
                id
            }
        };
        let mut changed = Vec::new();
        for &d in docs {
            if exists.exists([d])? {
                changed.push(d);
            }
        }
        if !changed.is_empty() {
            let n = changed.len();
            edits.push(Edit::new(
                String::new(),
                Change::TagDocs {
                    tag: id,
                    docs: changed,
                    add: true,
                },
                n,
            ));
        }
    }
    edit::commit(tx, Edit::combine(label, edits))
}

/// Adds or removes the tag named `name` (created when adding) on documents.
pub fn tag_by_name(tx: &Transaction, name: &str, docs: &[DocId], add: bool) -> Result<usize> {
    let id = if add {
        create(tx, name, None)?
    } else {
        match by_name(tx, &clean_name(name)?)? {
            Some(t) => t.id,
            None => return Ok(0),
        }
    };
    set_on(tx, id, docs, add)
}

/// Removes the tag when every document has it, else adds it (number keys).
pub fn toggle_on(tx: &Transaction, tag: TagId, docs: &[DocId]) -> Result<usize> {
    let mut has =
        tx.prepare_cached("SELECT 1 FROM document_tags WHERE tag_id = ?1 AND doc_id = ?2")?;
    let mut all = true;
    for &d in docs {
        if !has.exists(params![tag, d])? {
            all = false;
            break;
        }
    }
    set_on(tx, tag, docs, !all)
}

/// Active documents carrying `name` or any tag nested under it, on the
/// whole or on a passage (each once).
pub fn subtree_count(conn: &Connection, name: &str) -> Result<i64> {
    Ok(conn.query_row(
        "WITH branch AS (SELECT id FROM tags
                          WHERE name = ?1 OR substr(name, 1, length(?1) + 1) = ?1 || '/' COLLATE NOCASE)
         SELECT count(*) FROM (
            SELECT dt.doc_id FROM document_tags dt JOIN documents d ON d.id = dt.doc_id AND d.state = 0
             WHERE dt.tag_id IN branch
            UNION
            SELECT p.doc_id FROM passages p JOIN documents d ON d.id = p.doc_id AND d.state = 0
             WHERE p.removed = 0 AND p.tag_id IN branch)",
        [name],
        |r| r.get(0),
    )?)
}
