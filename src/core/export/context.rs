//! What an export needs to know of the library besides the texts, read in
//! bulk once: tags, sources, clusters and keepers, coded passages, memos,
//! entity names.

use std::collections::HashMap;

use rusqlite::Connection;

use super::row;
use crate::core::error::Result;
use crate::core::model::DocId;

/// Cluster of each clustered document, and each cluster's keeper.
pub(super) fn clusters(conn: &Connection) -> Result<(HashMap<DocId, i64>, HashMap<i64, DocId>)> {
    let mut of = HashMap::new();
    let mut stmt = conn.prepare("SELECT doc_id, cluster_id FROM cluster_members")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, DocId>(0)?, r.get::<_, i64>(1)?)))? {
        let (d, c) = r?;
        of.insert(d, c);
    }
    let mut keepers = HashMap::new();
    let mut stmt =
        conn.prepare("SELECT id, keeper_id FROM clusters WHERE keeper_id IS NOT NULL")?;
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, DocId>(1)?)))? {
        let (c, k) = r?;
        keepers.insert(c, k);
    }
    Ok((of, keepers))
}

/// Everything about the selected documents but their texts, read in bulk.
pub(super) struct Context {
    pub(super) tags: HashMap<DocId, Vec<String>>,
    /// Coded passages per document: (id, tag path, start, end, coder, time).
    pub(super) passages: HashMap<DocId, Vec<row::CodedPassage>>,
    /// Memos per (target kind, id): (author, time, text).
    pub(super) memos: HashMap<(String, i64), (String, i64, String)>,
    pub(super) paths: HashMap<DocId, Vec<String>>,
    pub(super) cluster_of: HashMap<DocId, i64>,
    pub(super) keepers: HashMap<i64, DocId>,
    /// Each stored entity's canonical name and type (merges followed,
    /// ignored ones left out).
    pub(super) entities: HashMap<i64, (String, &'static str)>,
}

impl Context {
    pub(super) fn load(conn: &Connection) -> Result<Context> {
        let mut tags: HashMap<DocId, Vec<String>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT dt.doc_id, t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
              ORDER BY dt.doc_id, t.name COLLATE NOCASE",
        )?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, DocId>(0)?, r.get::<_, String>(1)?)))? {
            let (d, t) = r?;
            tags.entry(d).or_default().push(t);
        }
        let mut paths: HashMap<DocId, Vec<String>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT doc_id, CASE WHEN row > 0 THEN path_text || '#' || row ELSE path_text END
               FROM sources ORDER BY doc_id, id",
        )?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, DocId>(0)?, r.get::<_, String>(1)?)))? {
            let (d, p) = r?;
            paths.entry(d).or_default().push(p);
        }
        let (cluster_of, keepers) = clusters(conn)?;
        let mut passages: HashMap<DocId, Vec<_>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT p.doc_id, p.id, t.name, p.start, p.end, p.coder, p.created_at
               FROM passages p JOIN tags t ON t.id = p.tag_id
              WHERE p.removed = 0 ORDER BY p.doc_id, p.start, p.end, p.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            passages.entry(r.get::<_, DocId>(0)?).or_default().push((
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ));
        }
        let mut memos = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT target, target_id, author, updated_at, text FROM memos
              WHERE target IN ('document', 'passage')",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            memos.insert((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?, r.get(4)?));
        }
        let all = crate::core::store::entities::all(conn)?;
        let merged: HashMap<i64, i64> = all
            .iter()
            .filter_map(|e| e.merged_into.map(|m| (e.id, m)))
            .collect();
        let by_id: HashMap<i64, &crate::core::store::entities::Entity> =
            all.iter().map(|e| (e.id, e)).collect();
        let mut entities = HashMap::new();
        for e in &all {
            let root = by_id[&crate::core::store::entities::root_of(&merged, e.id)];
            if !e.ignored && !root.ignored {
                entities.insert(e.id, (root.name.clone(), root.kind.word()));
            }
        }
        Ok(Context {
            entities,
            tags,
            passages,
            memos,
            paths,
            cluster_of,
            keepers,
        })
    }
}
