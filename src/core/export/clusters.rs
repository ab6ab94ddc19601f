//! The duplicate clusters report: one row per clustered document, with
//! the story across outlets.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use super::{Context, Progress, writers};
use crate::core::error::{Error, Result};
use crate::core::model::DocId;

/// The clusters of the selected documents: cluster, document, keeper,
/// similarity (to the keeper), title, path, and the story across outlets:
/// the document's own date and outlet, the cluster's first date, the lag
/// in days, and how many passages it added and removed against the
/// earliest copy.
pub(super) fn write_cluster_report(
    conn: &Connection,
    selected: &[DocId],
    ctx: &Context,
    out: &mut dyn Write,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Result<usize> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "cluster",
        "document",
        "keeper",
        "similarity",
        "title",
        "source_path",
        "date",
        "outlet",
        "first_seen",
        "lag_days",
        "passages_added",
        "passages_removed",
    ])
    .map_err(writers::csv_error)?;
    let mut cluster_ids = conn.prepare_cached(
        "SELECT doc_id FROM cluster_members WHERE cluster_id = ?1 ORDER BY similarity DESC, doc_id",
    )?;
    let mut story: (
        i64,
        HashMap<DocId, crate::core::dedup::story::StoryCopy>,
        String,
    ) = (i64::MIN, HashMap::new(), String::new());
    let mut members: Vec<(i64, DocId)> = selected
        .iter()
        .filter_map(|id| ctx.cluster_of.get(id).map(|c| (*c, *id)))
        .collect();
    members.sort_unstable();
    let mut stmt = conn.prepare_cached(
        "SELECT m.similarity, d.title FROM cluster_members m JOIN documents d ON d.id = m.doc_id
          WHERE m.cluster_id = ?1 AND m.doc_id = ?2",
    )?;
    let total = members.len();
    for (i, (cluster, id)) in members.iter().enumerate() {
        if i % 256 == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            progress(Progress { done: i, total });
        }
        let (sim, title): (Option<f64>, String) =
            stmt.query_row([cluster, id], |r| r.try_into())?;
        let keeper = ctx.keepers.get(cluster).copied().unwrap_or_default();
        if story.0 != *cluster {
            let ids: Vec<DocId> = cluster_ids
                .query_map([cluster], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let copies = crate::core::store::review::story_of(conn, &ids)?;
            let first = copies
                .first()
                .and_then(|c| c.date)
                .map(|d| d.to_string())
                .unwrap_or_default();
            story = (
                *cluster,
                copies.into_iter().map(|c| (c.id, c)).collect(),
                first,
            );
        }
        let copy = story.1.get(id);
        w.write_record([
            cluster.to_string(),
            id.to_string(),
            keeper.to_string(),
            format!("{:.4}", sim.unwrap_or(0.0)),
            title,
            ctx.paths
                .get(id)
                .and_then(|p| p.first())
                .cloned()
                .unwrap_or_default(),
            copy.and_then(|c| c.date)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            copy.map(|c| c.source.clone()).unwrap_or_default(),
            story.2.clone(),
            copy.and_then(|c| c.lag_days)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            copy.map(|c| c.added.len().to_string()).unwrap_or_default(),
            copy.map(|c| c.removed.len().to_string())
                .unwrap_or_default(),
        ])
        .map_err(writers::csv_error)?;
    }
    w.flush()?;
    Ok(total)
}
