//! Duplicate detection over a library, incremental.
//!
//! The library stores each document's line hashes and body signature. A run
//! indexes only what is new: documents without an entry, and documents
//! whose boilerplate changed since their signature was made (the line
//! frequencies move as the library grows). Those are compared, through the
//! LSH index, against every stored signature; candidates are verified on
//! their bodies with today's boilerplate; the verified pairs are stored and
//! the clusters rebuilt. A full run forgets the index and starts over.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;

use serde::Serialize;

use super::cluster::{self, BOILERPLATE_DOCS, LineCounts, check};
use super::normalize::Tokens;
use super::stages::{
    Candidates, Texts, compare, find_candidates, read_bodies, sign, tokenize_texts,
};
use crate::core::error::Result;
use crate::core::model::DocId;
use crate::core::store::clusters::{self as stored, IndexEntry};
use crate::core::store::{self, Store};

#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Forget the stored index and compare everything again.
    pub full: bool,
    pub boilerplate_docs: u32,
    /// Use and store this threshold (else the library's).
    pub threshold: Option<f64>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            full: false,
            boilerplate_docs: BOILERPLATE_DOCS,
            threshold: None,
        }
    }
}

/// Where a run is.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunProgress {
    pub stage: String,
    pub done: usize,
    pub total: usize,
    /// Seconds the stage still needs, once that can be told.
    pub left: Option<f64>,
}

impl RunProgress {
    /// "Judging pairs 8,192 / 887,429 · about 40 s left", or the stage
    /// alone while its size is unknown.
    pub fn text(&self) -> String {
        if self.total == 0 {
            return format!("{}…", self.stage);
        }
        let mut t = format!(
            "{} {} / {}",
            self.stage,
            crate::core::counts::thousands(self.done),
            crate::core::counts::thousands(self.total)
        );
        if let Some(left) = self.left {
            t.push_str(" · ");
            t.push_str(&crate::core::jobs::left_text(left));
        }
        t
    }
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunReport {
    /// Documents (re)indexed.
    pub indexed: usize,
    /// Documents in the index.
    pub documents: usize,
    /// Candidate pairs verified.
    pub candidates: usize,
    /// Verified pairs stored by this run.
    pub pairs: usize,
    /// Clusters at the threshold.
    pub clusters: usize,
}

/// The writer's page cache while a run saves (KiB, as `cache_size` takes it).
const SAVE_CACHE_KIB: i64 = -16 * 1024;

/// Runs duplicate detection on `library`. Stops with [`crate::core::Error::Cancelled`]
/// (having stored nothing) when `cancel` is set.
pub fn run(
    library: &Store,
    opts: &RunOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&RunProgress),
) -> Result<RunReport> {
    let conn = library.reader()?;
    let mut clock = crate::core::jobs::TimeLeft::default();
    let mut report_stage = |stage: &str, done: usize, total: usize| {
        progress(&RunProgress {
            stage: stage.to_string(),
            done,
            total,
            left: clock.estimate(stage, done, total),
        })
    };
    report_stage("Reading the index", 0, 0);
    let mut old: Vec<IndexEntry> = if opts.full {
        Vec::new()
    } else {
        stored::load_index(&conn)?
    };
    let new_ids: Vec<DocId> = if opts.full {
        Vec::new() // read by one scan below
    } else {
        stored::unindexed(&conn)?
    };
    let total = if opts.full {
        crate::core::view::count_not_trashed(&conn)?
    } else {
        new_ids.len()
    };
    check(cancel)?;

    // 1. Tokenise the new documents.
    let mut work: HashMap<DocId, Tokens> = HashMap::with_capacity(total);
    let which = if opts.full {
        Texts::All
    } else {
        Texts::Ids(new_ids)
    };
    tokenize_texts(library, which, cancel, &mut |chunk| {
        work.extend(chunk);
        report_stage("Reading new documents", work.len(), total);
        Ok(())
    })?;

    // 2. Line frequencies over the whole library, as it is now.
    let mut counts = LineCounts::default();
    for e in &old {
        cluster::count_lines(&mut counts, &e.lines);
    }
    for t in work.values() {
        cluster::count_lines(&mut counts, &cluster::line_hashes(t));
    }
    check(cancel)?;

    // 3. Stored documents whose boilerplate changed are indexed again.
    let digest_now = |lines: &[u64]| cluster::boiler_digest(lines, &counts, opts.boilerplate_docs);
    let stale: Vec<DocId> = old
        .par_iter()
        .filter(|e| digest_now(&e.lines) != e.boiler)
        .map(|e| e.id)
        .collect();
    if !stale.is_empty() {
        let stale_set: std::collections::HashSet<DocId> = stale.iter().copied().collect();
        old.retain(|e| !stale_set.contains(&e.id));
        let total = stale.len();
        let mut done = 0;
        tokenize_texts(library, Texts::Ids(stale), cancel, &mut |chunk| {
            done += chunk.len();
            work.extend(chunk);
            report_stage(
                "Re-reading documents whose boilerplate changed",
                done,
                total,
            );
            Ok(())
        })?;
    }

    // 4. Bodies and signatures of the work set.
    let (entries, work_bodies) = sign(
        work,
        &counts,
        opts.boilerplate_docs,
        cancel,
        &mut report_stage,
    )?;

    // 5. Candidates: the work set against everything.
    let Candidates {
        ids,
        fresh,
        candidates,
        extra,
        exact,
    } = find_candidates(&conn, &old, &entries, &mut report_stage)?;
    check(cancel)?;

    // 6. Bodies of the stored documents the candidates reach.
    let bodies = read_bodies(
        library,
        old.len(),
        work_bodies,
        &candidates,
        &ids,
        &counts,
        opts.boilerplate_docs,
        cancel,
        &mut report_stage,
    )?;
    check(cancel)?;

    // Only the boilerplate lines are needed from here on: a small set in
    // place of a count for every line of the library.
    let boiler = cluster::boiler_lines(&counts, opts.boilerplate_docs);
    drop(counts);

    // 7. Compare the candidates' shingle sets.
    let compared = compare(
        &candidates,
        &bodies,
        &extra,
        &exact,
        cancel,
        &mut report_stage,
    )?;
    drop(bodies);
    check(cancel)?;

    // 8. Judge what is left on the texts in order (passages, own bodies,
    // templates), read again: holding every text's order all along would
    // double the memory of step 6.
    let pairs = judge_compared(
        library,
        &conn,
        &compared,
        &ids,
        &boiler,
        cancel,
        &mut report_stage,
    )?;
    check(cancel)?;

    // 9. Store, and rebuild the clusters.
    report_stage("Saving", 0, 0);
    let report = RunReport {
        indexed: entries.len(),
        documents: ids.len(),
        candidates: candidates.len(),
        pairs: pairs.len(),
        clusters: 0,
    };
    let full = opts.full;
    let threshold = opts.threshold;
    drop((candidates, compared, ids, fresh));
    let clusters = library.writer().write(move |tx| {
        // The run's memory peaks here: a smaller page cache while the index
        // is written (measured: 40 MB less, about 1 s slower at 100,000).
        tx.pragma_update(None, "cache_size", SAVE_CACHE_KIB)?;
        let saved = (|| {
            stored::save_run(tx, full, &entries, &pairs)?;
            if let Some(t) = threshold {
                stored::set_threshold(tx, t)?;
            }
            stored::recluster_stored(tx)
        })();
        tx.pragma_update(None, "cache_size", store::CACHE_KIB)?;
        saved
    })?;
    Ok(RunReport { clusters, ..report })
}

/// Judges the compared pairs ([`cluster::judge_candidates`]) on their texts,
/// read and tokenised again, with the dates the documents state.
#[allow(clippy::too_many_arguments)] // one stage of `run`, with its context
fn judge_compared(
    library: &Store,
    conn: &rusqlite::Connection,
    compared: &[(u32, u32, super::verify::Similarity)],
    ids: &[DocId],
    boiler: &cluster::BoilerLines,
    cancel: &AtomicBool,
    report_stage: &mut dyn FnMut(&str, usize, usize),
) -> Result<Vec<cluster::Pair>> {
    let mut needed: Vec<u32> = compared.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    needed.sort_unstable();
    needed.dedup();
    let index_of: HashMap<DocId, u32> = needed.iter().map(|&i| (ids[i as usize], i)).collect();
    let dates = own_dates_and_titles(conn, needed.iter().map(|&i| ids[i as usize]))?;
    let mut texts: HashMap<u32, super::judge::Text> = HashMap::with_capacity(needed.len());
    let total = needed.len();
    tokenize_texts(
        library,
        Texts::Ids(needed.iter().map(|&i| ids[i as usize]).collect()),
        cancel,
        &mut |chunk| {
            let made: Vec<(u32, super::judge::Text)> = chunk
                .into_par_iter()
                .filter_map(|(id, t)| {
                    let (date, title) = dates.get(&id).cloned().unwrap_or_default();
                    Some((
                        *index_of.get(&id)?,
                        cluster::judge_text(t, &|h| boiler.contains(&h), date)
                            .with_headline(&title),
                    ))
                })
                .collect();
            texts.extend(made);
            report_stage("Reading passages", texts.len(), total);
            Ok(())
        },
    )?;
    check(cancel)?;
    report_stage("Judging pairs", 0, compared.len());
    cluster::judge_candidates_in_steps(compared, &|i| texts.get(&i), ids, &mut |done| {
        report_stage("Judging pairs", done, compared.len());
        check(cancel)
    })
}

/// The date each document states itself (not one inherited from a copy),
/// and its title.
fn own_dates_and_titles(
    conn: &rusqlite::Connection,
    ids: impl Iterator<Item = DocId>,
) -> Result<HashMap<DocId, (Option<String>, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT CASE WHEN set_source = 'duplicate' THEN found_date ELSE date END, title
           FROM documents WHERE id = ?1",
    )?;
    let mut out = HashMap::new();
    for id in ids {
        if let Ok(row) = stmt.query_row([id], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
        }) {
            out.insert(id, row);
        }
    }
    Ok(out)
}
