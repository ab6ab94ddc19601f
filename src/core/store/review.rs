//! What the front ends ask of the duplicate data, answered once here so the
//! window and the command line agree: the review's data, how many clusters
//! there are, which are still open, and what a cluster member is.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};

use crate::core::dedup::cluster::{
    BOILERPLATE_DOCS, BoilerLines, LineCounts, boiler_lines, count_lines,
};
use crate::core::dedup::cluster::{KeeperInfo, Pair};
use crate::core::dedup::story::{CopyText, StoryCopy, story};
use crate::core::error::Result;
use crate::core::model::{DocId, DocState};

/// What the review reads from the library, once per change.
pub struct ReviewData {
    pub pairs: Vec<Pair>,
    pub info: HashMap<DocId, KeeperInfo>,
    pub different: HashSet<(DocId, DocId)>,
    pub states: HashMap<DocId, DocState>,
    /// The library's threshold when loaded.
    pub threshold: f64,
    /// Documents in the index (0: detection never ran).
    pub indexed: usize,
    /// The lines the library's documents share so often that they are
    /// boilerplate (as the finder learned them), for the review to dim.
    pub boilerplate: BoilerLines,
}

/// Reads the stored pairs, keepers, verdicts and the states of the
/// documents they name.
pub fn load(conn: &Connection) -> Result<ReviewData> {
    let pairs = super::clusters::load_pairs(conn)?;
    let info = super::clusters::keeper_info(conn, &pairs)?;
    let different = super::clusters::different(conn)?;
    let states = states_of(conn, info.keys().copied())?;
    let indexed: i64 = conn.query_row("SELECT count(*) FROM dedup_docs", [], |r| r.get(0))?;
    Ok(ReviewData {
        pairs,
        info,
        different,
        states,
        threshold: super::clusters::threshold(conn)?,
        indexed: indexed as usize,
        boilerplate: boilerplate_lines(conn)?,
    })
}

/// The boilerplate lines of the library, from the duplicate index's line
/// hashes: those in at least [`BOILERPLATE_DOCS`] documents.
pub fn boilerplate_lines(conn: &Connection) -> Result<BoilerLines> {
    let mut counts = LineCounts::default();
    let mut stmt = conn.prepare("SELECT lines FROM dedup_docs")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let bytes: Vec<u8> = r.get(0)?;
        count_lines(&mut counts, &super::clusters::lines_from_bytes(&bytes));
    }
    Ok(boiler_lines(&counts, BOILERPLATE_DOCS))
}

/// The states of these documents (missing ones are left out).
pub fn states_of(
    conn: &Connection,
    ids: impl IntoIterator<Item = DocId>,
) -> Result<HashMap<DocId, DocState>> {
    let mut stmt = conn.prepare_cached("SELECT state FROM documents WHERE id = ?1")?;
    let mut states = HashMap::new();
    for id in ids {
        if let Some(s) = stmt.query_row([id], |r| r.get::<_, i64>(0)).optional()? {
            states.insert(id, DocState::from_i64(s));
        }
    }
    Ok(states)
}

/// A cluster is open while one of its members besides the keeper is still
/// active (not marked as a duplicate, not in the trash). The one definition
/// the review list, *Resolve all* and `dedup --resolve-all` use.
pub fn is_open(members: &[DocId], states: &HashMap<DocId, DocState>) -> bool {
    members
        .iter()
        .any(|m| states.get(m) == Some(&DocState::Active))
}

/// The stored clusters that are open, as (keeper, the active members).
pub fn open_clusters(conn: &Connection) -> Result<Vec<(DocId, Vec<DocId>)>> {
    let clusters = super::clusters::stored_clusters(conn)?;
    let states = states_of(
        conn,
        clusters.iter().flat_map(|c| c.members.iter().map(|m| m.id)),
    )?;
    Ok(clusters
        .into_iter()
        .filter_map(|c| {
            let active: Vec<DocId> = c
                .members
                .iter()
                .map(|m| m.id)
                .filter(|id| states.get(id) == Some(&DocState::Active))
                .collect();
            (!active.is_empty()).then_some((c.keeper, active))
        })
        .collect())
}

/// Clusters stored at the library's threshold.
pub fn cluster_count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM clusters", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// A cluster member as a list shows it: its date and first source.
pub fn member_summary(conn: &Connection, id: DocId) -> Result<(Option<String>, String)> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.date,
                (SELECT CASE WHEN s.row > 0 THEN s.path_text || '#' || s.row ELSE s.path_text END
                   FROM sources s WHERE s.doc_id = d.id ORDER BY s.id LIMIT 1)
           FROM documents d WHERE d.id = ?1",
    )?;
    let (date, path): (Option<String>, Option<String>) = stmt
        .query_row([id], |r| r.try_into())
        .optional()?
        .unwrap_or((None, None));
    Ok((date, path.unwrap_or_default()))
}

/// The related and same-template pairs still to look at: both documents in
/// the library, no verdict given; most shared first.
pub fn side_pairs(conn: &Connection) -> Result<Vec<Pair>> {
    let mut stmt = conn.prepare(
        "SELECT p.doc_a, p.doc_b, p.containment, p.coverage, p.jaccard, p.kind
           FROM dedup_pairs p
           JOIN documents a ON a.id = p.doc_a
           JOIN documents b ON b.id = p.doc_b
           LEFT JOIN pair_decisions d ON d.doc_a = p.doc_a AND d.doc_b = p.doc_b
          WHERE p.kind != 'duplicate' AND d.verdict IS NULL AND a.state != ?1 AND b.state != ?1
          ORDER BY p.containment DESC, p.doc_a, p.doc_b",
    )?;
    let pairs = stmt
        .query_map([DocState::Trashed as i64], super::clusters::pair_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(pairs)
}

/// Copies of one story read at most for its history (a bigger cluster shows
/// its first ones).
pub const STORY_COPIES: usize = 100;

/// The story across outlets of the documents `ids` (one cluster, keeper
/// included): copies in date order, each with its lag and the
/// passages it added or removed against the earliest. Dates are the
/// documents' own (not one inherited from the keeper); the outlet is the
/// `outlet` field, else the source file.
pub fn story_of(conn: &Connection, ids: &[DocId]) -> Result<Vec<StoryCopy>> {
    let mut stmt = conn.prepare_cached(
        "SELECT CASE WHEN d.set_source = 'duplicate' THEN d.found_date ELSE d.date END,
                d.text,
                coalesce(json_extract(d.meta, '$.outlet'), json_extract(d.meta, '$.publisher'),
                         json_extract(d.meta, '$.site_name'), json_extract(d.meta, '$.source')),
                (SELECT s.path_text FROM sources s WHERE s.doc_id = d.id ORDER BY s.id LIMIT 1),
                CASE WHEN d.set_source = 'duplicate' THEN d.set_date END,
                json_extract(d.meta, '$.url')
           FROM documents d WHERE d.id = ?1",
    )?;
    let mut copies = Vec::new();
    for &id in ids.iter().take(STORY_COPIES) {
        let row = stmt
            .query_row([id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2).unwrap_or(None),
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4).unwrap_or(None),
                    r.get::<_, Option<String>>(5).unwrap_or(None),
                ))
            })
            .optional()?;
        let Some((date, text, outlet, path, inherited, url)) = row else {
            continue;
        };
        // The outlet as the document states it; else the site of its
        // address; else its file, said to be one (a folder name is no outlet).
        let host = url.as_deref().and_then(|u| {
            let rest = u.split_once("://").map_or(u, |(_, r)| r);
            let host = rest
                .split(['/', '?', '#'])
                .next()?
                .trim_start_matches("www.");
            (!host.is_empty()).then(|| host.to_string())
        });
        let source = outlet
            .filter(|o| !o.trim().is_empty())
            .or(host)
            .unwrap_or_else(|| {
                let path = path.unwrap_or_default();
                let file = std::path::Path::new(&path)
                    .file_name()
                    .map_or(path.clone(), |f| f.to_string_lossy().into_owned());
                format!("file {file}")
            });
        copies.push(CopyText {
            id,
            date: date.and_then(|d| d.parse().ok()),
            source,
            text,
            inherited: inherited.and_then(|d| d.parse().ok()),
        });
    }
    Ok(story(copies))
}
