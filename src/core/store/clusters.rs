//! What duplicate detection keeps in the library: per-document signatures
//! and line hashes, verified pairs, the user's keepers and "not duplicates"
//! verdicts, and the clusters at the chosen threshold.
//!
//! Clusters are derived data: they are rebuilt from pairs, verdicts and
//! keepers whenever one of those (or a document's state) changes, so the
//! user's decisions, stored against document ids, survive every re-run.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::now;
use crate::core::dedup::cluster::{Cluster, KeeperInfo, Member, Pair};
use crate::core::dedup::judge::PairKind;
use crate::core::dedup::minhash::{self, Signature};
use crate::core::dedup::verify::{DEFAULT_THRESHOLD, MIN_THRESHOLD};
use crate::core::error::Result;
use crate::core::model::{DateSource, DocId, DocState};

/// A document's entry in the duplicate index.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    pub id: DocId,
    pub lines: Vec<u64>,
    pub signature: Signature,
    /// Digest of the lines left out as boilerplate for this signature.
    pub boiler: u64,
    pub shingles: usize,
    /// Sampled shingles ([`crate::core::dedup::anchors`]).
    pub anchors: Vec<u32>,
}

fn lines_to_bytes(lines: &[u64]) -> Vec<u8> {
    lines.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub(crate) fn lines_from_bytes(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect()
}

/// Index entries of every document not in the trash. An entry whose
/// signature cannot be read is left out, so it is indexed again.
pub fn load_index(conn: &Connection) -> Result<Vec<IndexEntry>> {
    let mut stmt = conn.prepare(
        "SELECT x.doc_id, x.lines, x.signature, x.boiler, x.shingles, x.anchors
           FROM dedup_docs x JOIN documents d ON d.id = x.doc_id
          WHERE d.state != ?1 ORDER BY x.doc_id",
    )?;
    let rows = stmt.query_map([DocState::Trashed as i64], |r| {
        Ok((
            r.get::<_, DocId>(0)?,
            r.get::<_, Vec<u8>>(1)?,
            r.get::<_, Vec<u8>>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, Vec<u8>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, lines, sig, boiler, shingles, anchors) = row?;
        if let Some(signature) = minhash::from_bytes(&sig) {
            out.push(IndexEntry {
                id,
                lines: lines_from_bytes(&lines),
                signature,
                boiler: boiler as u64,
                shingles: shingles as usize,
                anchors: crate::core::dedup::anchors::from_bytes(&anchors),
            });
        }
    }
    Ok(out)
}

/// Documents (not in the trash) without an index entry, by id.
pub fn unindexed(conn: &Connection) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare(
        "SELECT d.id FROM documents d
          WHERE d.state != ?1 AND NOT EXISTS (SELECT 1 FROM dedup_docs x WHERE x.doc_id = d.id)
          ORDER BY d.id",
    )?;
    let ids = stmt
        .query_map([DocState::Trashed as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Stores the result of a run: new or renewed index entries and the pairs
/// verified for them. `full` replaces everything stored before.
pub fn save_run(
    tx: &Transaction,
    full: bool,
    entries: &[IndexEntry],
    pairs: &[Pair],
) -> Result<()> {
    if full {
        tx.execute("DELETE FROM dedup_pairs", [])?;
        tx.execute("DELETE FROM dedup_docs", [])?;
    } else {
        // The renewed documents' pairs are verified again below.
        let mut del_a = tx.prepare_cached("DELETE FROM dedup_pairs WHERE doc_a = ?1")?;
        let mut del_b = tx.prepare_cached("DELETE FROM dedup_pairs WHERE doc_b = ?1")?;
        for e in entries {
            del_a.execute([e.id])?;
            del_b.execute([e.id])?;
        }
    }
    let mut put = tx.prepare_cached(
        "INSERT OR REPLACE INTO dedup_docs(doc_id, lines, signature, boiler, shingles, anchors)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for e in entries {
        put.execute(params![
            e.id,
            lines_to_bytes(&e.lines),
            minhash::to_bytes(&e.signature),
            e.boiler as i64,
            e.shingles as i64,
            crate::core::dedup::anchors::to_bytes(&e.anchors)
        ])?;
    }
    let mut pair = tx.prepare_cached(
        "INSERT OR REPLACE INTO dedup_pairs(doc_a, doc_b, containment, coverage, jaccard, kind)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6
          WHERE EXISTS (SELECT 1 FROM dedup_docs WHERE doc_id = ?1)
            AND EXISTS (SELECT 1 FROM dedup_docs WHERE doc_id = ?2)",
    )?;
    for p in pairs {
        pair.execute(params![
            p.a,
            p.b,
            p.containment,
            p.coverage,
            p.jaccard,
            p.kind.as_str()
        ])?;
    }
    Ok(())
}

/// Every stored pair.
pub fn load_pairs(conn: &Connection) -> Result<Vec<Pair>> {
    let mut stmt =
        // A pair the user called the same story is a duplicate, whatever its kind.
        conn.prepare(
            "SELECT p.doc_a, p.doc_b, p.containment, p.coverage, p.jaccard,
                    CASE WHEN d.verdict = 'same' THEN 'duplicate' ELSE p.kind END
               FROM dedup_pairs p
               LEFT JOIN pair_decisions d ON d.doc_a = p.doc_a AND d.doc_b = p.doc_b",
        )?;
    let pairs = stmt
        .query_map([], pair_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(pairs)
}

/// A pair from a row of `doc_a, doc_b, containment, coverage, jaccard, kind`.
pub(crate) fn pair_from_row(r: &rusqlite::Row) -> rusqlite::Result<Pair> {
    Ok(Pair {
        a: r.get(0)?,
        b: r.get(1)?,
        containment: r.get(2)?,
        coverage: r.get(3)?,
        jaccard: r.get(4)?,
        kind: PairKind::parse(&r.get::<_, String>(5)?).unwrap_or(PairKind::Duplicate),
    })
}

/// The pairs the user called "not duplicates".
pub fn different(conn: &Connection) -> Result<HashSet<(DocId, DocId)>> {
    let mut stmt =
        conn.prepare("SELECT doc_a, doc_b FROM pair_decisions WHERE verdict = 'different'")?;
    let pairs = stmt
        .query_map([], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    Ok(pairs)
}

/// What keeper choice needs of the documents in `pairs` (those not in the trash).
pub fn keeper_info(conn: &Connection, pairs: &[Pair]) -> Result<HashMap<DocId, KeeperInfo>> {
    let mut ids: Vec<DocId> = pairs.iter().flat_map(|p| [p.a, p.b]).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut stmt = conn.prepare_cached(
        "SELECT d.state,
                d.found_date IS NOT NULL
                  OR (d.set_source IS NOT NULL AND d.set_source != 'duplicate' AND d.set_date IS NOT NULL),
                d.imported_at,
                ifnull(x.shingles, 0),
                EXISTS (SELECT 1 FROM dedup_keepers k WHERE k.doc_id = d.id)
           FROM documents d LEFT JOIN dedup_docs x ON x.doc_id = d.id
          WHERE d.id = ?1",
    )?;
    let mut out = HashMap::with_capacity(ids.len());
    for id in ids {
        let row = stmt
            .query_row([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    KeeperInfo {
                        dated: r.get(1)?,
                        imported_at: r.get(2)?,
                        length: r.get::<_, i64>(3)? as usize,
                        chosen: r.get(4)?,
                    },
                ))
            })
            .optional()?;
        if let Some((state, info)) = row
            && state != DocState::Trashed as i64
        {
            out.insert(id, info);
        }
    }
    Ok(out)
}

const THRESHOLD_KEY: &str = "dedup.threshold";

/// The library's similarity threshold (the review panel's slider).
pub fn threshold(conn: &Connection) -> Result<f64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [THRESHOLD_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse::<f64>().ok())
        .filter(|t| (MIN_THRESHOLD..=1.0).contains(t))
        .map(crate::core::dedup::verify::snap_threshold)
        .unwrap_or(DEFAULT_THRESHOLD))
}

/// Whether the library has a threshold of its own yet.
pub fn has_threshold(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM settings WHERE key = ?1")?
        .exists([THRESHOLD_KEY])?)
}

pub fn set_threshold(tx: &Transaction, threshold: f64) -> Result<()> {
    let t = crate::core::dedup::verify::snap_threshold(threshold);
    tx.execute(
        "INSERT OR REPLACE INTO settings(key, value) VALUES (?1, ?2)",
        params![THRESHOLD_KEY, format!("{t:.3}")],
    )?;
    Ok(())
}

/// Builds the clusters at `threshold` from what is stored.
pub fn compute_clusters(conn: &Connection, threshold: f64) -> Result<Vec<Cluster>> {
    // Only duplicates cluster: the keepers of the others need not be read.
    let pairs: Vec<Pair> = load_pairs(conn)?
        .into_iter()
        .filter(|p| p.kind == PairKind::Duplicate)
        .collect();
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let info = keeper_info(conn, &pairs)?;
    let different = different(conn)?;
    Ok(crate::core::dedup::cluster::build_clusters(
        &pairs, &info, &different, threshold,
    ))
}

/// Rebuilds the stored clusters at the library's threshold.
pub fn recluster_stored(tx: &Transaction) -> Result<usize> {
    RECLUSTERS.with(|n| n.set(n.get() + 1));
    let t = threshold(tx)?;
    let clusters = compute_clusters(tx, t)?;
    write_clusters(tx, &clusters)?;
    Ok(clusters.len())
}

/// Replaces the stored clusters, and dates undated members from their
/// keeper (date source `duplicate`); inherited dates of documents no longer
/// in a cluster with a dated keeper are taken back.
pub fn write_clusters(tx: &Transaction, clusters: &[Cluster]) -> Result<()> {
    // A cluster keeps its id while its keeper stays the same.
    let old_ids: HashMap<DocId, i64> = {
        let mut stmt =
            tx.prepare("SELECT keeper_id, id FROM clusters WHERE keeper_id IS NOT NULL")?;
        stmt.query_map([], |r| r.try_into())?
            .collect::<rusqlite::Result<_>>()?
    };
    if !old_ids.is_empty() {
        tx.execute("DELETE FROM cluster_members", [])?;
        tx.execute("DELETE FROM clusters", [])?;
    }
    let inherited = DateSource::Duplicate.as_str();
    tx.execute(
        "UPDATE documents SET set_date = NULL, set_source = NULL WHERE set_source = 'duplicate'",
        [],
    )?;
    let t = now();
    let mut cluster = tx.prepare_cached(
        "INSERT INTO clusters(id, keeper_id, status, created_at) VALUES (?1, ?2, 'proposed', ?3)",
    )?;
    let mut member = tx.prepare_cached(
        "INSERT OR IGNORE INTO cluster_members(cluster_id, doc_id, similarity) VALUES (?1, ?2, ?3)",
    )?;
    let mut keeper_date = tx.prepare_cached("SELECT date FROM documents WHERE id = ?1")?;
    let mut inherit = tx.prepare_cached(
        "UPDATE documents SET set_date = ?2, set_source = ?3
          WHERE id = ?1 AND found_date IS NULL AND set_source IS NULL",
    )?;
    for c in clusters {
        cluster.execute(params![old_ids.get(&c.keeper), c.keeper, t])?;
        let id = tx.last_insert_rowid();
        member.execute(params![id, c.keeper, 1.0])?;
        for m in &c.members {
            member.execute(params![id, m.id, m.similarity])?;
        }
        let date: Option<String> = keeper_date
            .query_row([c.keeper], |r| r.get(0))
            .optional()?
            .flatten();
        if let Some(date) = date {
            for m in &c.members {
                inherit.execute(params![m.id, date, inherited])?;
            }
        }
    }
    Ok(())
}

/// A stored cluster, as the review panel and the CLI show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCluster {
    pub id: i64,
    pub keeper: DocId,
    /// Without the keeper, by id.
    pub members: Vec<Member>,
}

/// The stored clusters, largest and most similar first.
pub fn stored_clusters(conn: &Connection) -> Result<Vec<StoredCluster>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.keeper_id, m.doc_id, m.similarity
           FROM clusters c JOIN cluster_members m ON m.cluster_id = c.id
          ORDER BY c.id, m.doc_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<StoredCluster> = Vec::new();
    while let Some(r) = rows.next()? {
        let (id, keeper, doc, sim): (i64, DocId, DocId, Option<f64>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        if out.last().is_none_or(|c| c.id != id) {
            out.push(StoredCluster {
                id,
                keeper,
                members: Vec::new(),
            });
        }
        if doc != keeper
            && let Some(c) = out.last_mut()
        {
            c.members.push(Member {
                id: doc,
                similarity: sim.unwrap_or(0.0),
            });
        }
    }
    let mut clusters: Vec<(StoredCluster, Cluster)> = out
        .into_iter()
        .map(|s| {
            let c = Cluster {
                keeper: s.keeper,
                members: s.members.clone(),
            };
            (s, c)
        })
        .collect();
    clusters.sort_by(|(_, x), (_, y)| {
        y.members
            .len()
            .cmp(&x.members.len())
            .then(y.similarity().total_cmp(&x.similarity()))
            .then(x.keeper.cmp(&y.keeper))
    });
    Ok(clusters.into_iter().map(|(s, _)| s).collect())
}

thread_local! {
    static RECLUSTERS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How often this thread rebuilt the stored clusters: a library's writes run
/// on its writer thread, so tests and benchmarks can check that a bulk edit
/// reclusters once.
pub fn reclusters_on_this_thread() -> u64 {
    RECLUSTERS.with(std::cell::Cell::get)
}

/// The size of a document's stored cluster and whether it is the keeper.
pub fn cluster_of(conn: &Connection, id: DocId) -> Result<Option<(i64, bool)>> {
    Ok(conn
        .query_row(
            "SELECT (SELECT count(*) FROM cluster_members b WHERE b.cluster_id = m.cluster_id),
                    c.keeper_id = ?1
               FROM cluster_members m JOIN clusters c ON c.id = m.cluster_id
              WHERE m.doc_id = ?1 LIMIT 1",
            [id],
            |r| r.try_into(),
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_hashes_round_trip() {
        let lines = vec![0, 1, u64::MAX, 0x0123_4567_89ab_cdef];
        assert_eq!(lines_from_bytes(&lines_to_bytes(&lines)), lines);
    }
}
