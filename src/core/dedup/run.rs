//! Duplicate detection over a library, incremental.
//!
//! The library stores each document's line hashes and body signature. A run
//! indexes only what is new: documents without an entry, and documents
//! whose boilerplate changed since their signature was made (the line
//! frequencies move as the library grows). Those are compared, through the
//! LSH index, against every stored signature; candidates are verified on
//! their bodies with today's boilerplate; the verified pairs are stored and
//! the clusters rebuilt. A full run forgets the index and starts over.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;

use rayon::prelude::*;

use serde::Serialize;

use super::anchors;
use super::cluster::{self, BOILERPLATE_DOCS, LineCounts, check};
use super::extra::{IndexPair, extra_candidates};
use super::minhash::{self, Signature};
use super::normalize::{self, Tokens};
use super::verify::Similarity;
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

/// The page cache of the connection that reads the texts (KiB).
const SCAN_CACHE_KIB: i64 = -2 * 1024;

/// Documents read and tokenised per step.
const CHUNK: usize = 2048;

/// Which texts to read.
enum Texts {
    /// Every document not in the trash (one scan of the table).
    All,
    Ids(Vec<DocId>),
}

/// Reads texts on a thread of its own, in chunks, and tokenises them on the
/// others; `each` gets every chunk's tokens.
fn tokenize_texts(
    library: &Store,
    which: Texts,
    cancel: &AtomicBool,
    each: &mut dyn FnMut(Vec<(DocId, Tokens)>) -> Result<()>,
) -> Result<()> {
    if matches!(&which, Texts::Ids(ids) if ids.is_empty()) {
        return Ok(());
    }
    let path = library.path().to_path_buf();
    let (tx, rx) = mpsc::sync_channel::<Result<Vec<(DocId, String)>>>(2);
    let reader = std::thread::spawn(move || {
        let read = || -> Result<()> {
            let conn = store::open_reader(&path)?;
            // Each text is read once, in order: a page cache would only
            // hold pages never read again, at the run's memory peak.
            conn.pragma_update(None, "cache_size", SCAN_CACHE_KIB)?;
            match which {
                Texts::All => {
                    let mut stmt = conn
                        .prepare("SELECT id, text FROM documents WHERE state != ?1 ORDER BY id")?;
                    let mut rows = stmt.query([crate::core::model::DocState::Trashed as i64])?;
                    let mut texts = Vec::with_capacity(CHUNK);
                    while let Some(r) = rows.next()? {
                        texts.push((r.get(0)?, r.get(1)?));
                        if texts.len() == CHUNK && tx.send(Ok(std::mem::take(&mut texts))).is_err()
                        {
                            return Ok(()); // the run stopped
                        }
                    }
                    let _ = tx.send(Ok(texts));
                }
                Texts::Ids(ids) => {
                    let mut stmt =
                        conn.prepare_cached("SELECT text FROM documents WHERE id = ?1")?;
                    for chunk in ids.chunks(CHUNK) {
                        let mut texts = Vec::with_capacity(chunk.len());
                        for &id in chunk {
                            if let Ok(text) = stmt.query_row([id], |r| r.get::<_, String>(0)) {
                                texts.push((id, text));
                            }
                        }
                        if tx.send(Ok(texts)).is_err() {
                            return Ok(()); // the run stopped
                        }
                    }
                }
            }
            Ok(())
        };
        if let Err(e) = read() {
            let _ = tx.send(Err(e));
        }
    });
    let mut result = Ok(());
    for chunk in rx.iter() {
        let step = chunk.and_then(|texts| {
            check(cancel)?;
            let tokens: Vec<(DocId, Tokens)> = texts
                .into_par_iter()
                .map(|(id, text)| (id, normalize::tokenize(&text)))
                .collect();
            each(tokens)
        });
        if let Err(e) = step {
            result = Err(e);
            break;
        }
    }
    drop(rx);
    let _ = reader.join();
    result
}

/// Documents signed (and eight times as many pairs compared) between two
/// progress reports and checks of Cancel.
const STEP: usize = 4096;

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
    let (entries, work_bodies) = sign(work, &counts, opts, cancel, &mut report_stage)?;

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
        opts,
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

/// The bodies the comparison needs: the work set's (given), and those of
/// the `stored` documents the candidates reach, read and tokenised again.
#[allow(clippy::too_many_arguments)] // one stage of `run`, with its context
fn read_bodies(
    library: &Store,
    stored: usize,
    work_bodies: Vec<Vec<u32>>,
    candidates: &[IndexPair],
    ids: &[DocId],
    counts: &LineCounts,
    opts: &RunOptions,
    cancel: &AtomicBool,
    report_stage: &mut dyn FnMut(&str, usize, usize),
) -> Result<Vec<Option<Vec<u32>>>> {
    let mut bodies: Vec<Option<Vec<u32>>> = vec![None; stored];
    bodies.extend(work_bodies.into_iter().map(Some));
    let mut needed: Vec<u32> = candidates
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .filter(|&i| (i as usize) < stored)
        .collect();
    needed.sort_unstable();
    needed.dedup();
    if !needed.is_empty() {
        let index_of: HashMap<DocId, u32> = needed.iter().map(|&i| (ids[i as usize], i)).collect();
        let needed_ids: Vec<DocId> = needed.iter().map(|&i| ids[i as usize]).collect();
        let total = needed_ids.len();
        let mut done = 0;
        tokenize_texts(library, Texts::Ids(needed_ids), cancel, &mut |chunk| {
            done += chunk.len();
            let computed: Vec<(u32, Vec<u32>)> = chunk
                .into_par_iter()
                .filter_map(|(id, t)| {
                    let i = *index_of.get(&id)?;
                    Some((i, cluster::body(t, counts, opts.boilerplate_docs).0))
                })
                .collect();
            for (i, body) in computed {
                bodies[i as usize] = Some(body);
            }
            report_stage("Reading documents to compare", done, total);
            Ok(())
        })?;
    }
    Ok(bodies)
}

/// The candidates' shingle sets compared, with the pairs the shingles
/// cannot settle (the same text for two publications, short notices under
/// one headline) added as they are.
fn compare(
    candidates: &[IndexPair],
    bodies: &[Option<Vec<u32>>],
    extra: &[IndexPair],
    exact: &HashSet<IndexPair>,
    cancel: &AtomicBool,
    report_stage: &mut dyn FnMut(&str, usize, usize),
) -> Result<Vec<(u32, u32, Similarity)>> {
    report_stage("Comparing", 0, candidates.len());
    let mut compared = Vec::new();
    for (n, step) in candidates.chunks(STEP * 8).enumerate() {
        compared.extend(cluster::verify_candidates(step, &|i| {
            bodies.get(i as usize).and_then(|b| b.as_deref())
        }));
        check(cancel)?;
        report_stage(
            "Comparing",
            ((n + 1) * STEP * 8).min(candidates.len()),
            candidates.len(),
        );
    }
    // The pairs the shingles cannot settle go to the judge as they are:
    // the same text stored for two publications (identical, whatever its
    // boilerplate), and short notices under one headline on one day.
    {
        let verified: HashSet<(u32, u32)> = compared.iter().map(|&(a, b, _)| (a, b)).collect();
        for &(a, b) in extra {
            if verified.contains(&(a, b)) {
                continue;
            }
            let s = if exact.contains(&(a, b)) {
                Similarity::identical()
            } else {
                match (bodies.get(a as usize), bodies.get(b as usize)) {
                    (Some(Some(x)), Some(Some(y))) => super::verify::compare(x, y),
                    _ => continue,
                }
            };
            compared.push((a, b, s));
        }
    }
    Ok(compared)
}

/// Each work document's body (its shingles without boilerplate) and index
/// entry (line hashes, MinHash signature, anchors), in steps so the
/// progress moves and Cancel is heard.
fn sign(
    work: HashMap<DocId, Tokens>,
    counts: &LineCounts,
    opts: &RunOptions,
    cancel: &AtomicBool,
    report_stage: &mut dyn FnMut(&str, usize, usize),
) -> Result<(Vec<IndexEntry>, Vec<Vec<u32>>)> {
    // In steps, so the progress moves and Cancel is heard.
    let signing = work.len();
    report_stage("Signing", 0, signing);
    let mut work: Vec<(DocId, Tokens)> = work.into_iter().collect();
    let mut entries: Vec<IndexEntry> = Vec::with_capacity(signing);
    let mut work_bodies: Vec<Vec<u32>> = Vec::with_capacity(signing);
    while !work.is_empty() {
        let step: Vec<(DocId, Tokens)> = work.drain(..work.len().min(STEP)).collect();
        let prepared: Vec<(IndexEntry, Vec<u32>)> = step
            .into_par_iter()
            .map(|(id, tokens)| {
                let lines = cluster::line_hashes(&tokens);
                let (body, boiler) = cluster::body(tokens, counts, opts.boilerplate_docs);
                let entry = IndexEntry {
                    id,
                    lines,
                    signature: minhash::signature(&body),
                    boiler,
                    shingles: body.len(),
                    anchors: anchors::sample(&body),
                };
                (entry, body)
            })
            .collect();
        for (e, b) in prepared {
            entries.push(e);
            work_bodies.push(b);
        }
        check(cancel)?;
        report_stage("Signing", entries.len(), signing);
    }
    Ok((entries, work_bodies))
}

/// The pairs worth comparing, as indices into `ids` (the stored documents
/// first, then the work set, `fresh`).
struct Candidates {
    ids: Vec<DocId>,
    fresh: Vec<bool>,
    candidates: Vec<IndexPair>,
    /// Pairs found beside the signatures (same text for two outlets, short
    /// notices under one headline), and which of them are identical.
    extra: Vec<IndexPair>,
    exact: HashSet<IndexPair>,
}

/// Candidates of the work set against everything: MinHash bands, sampled
/// anchors, and the pairs the signatures cannot see.
fn find_candidates(
    conn: &rusqlite::Connection,
    old: &[IndexEntry],
    entries: &[IndexEntry],
    report_stage: &mut dyn FnMut(&str, usize, usize),
) -> Result<Candidates> {
    report_stage("Finding candidates", 0, 0);
    let mut ids: Vec<DocId> = Vec::with_capacity(old.len() + entries.len());
    let mut signatures: Vec<Signature> = Vec::with_capacity(ids.capacity());
    let mut fresh: Vec<bool> = Vec::with_capacity(ids.capacity());
    for e in old {
        ids.push(e.id);
        signatures.push(e.signature);
        fresh.push(false);
    }
    for e in entries {
        ids.push(e.id);
        signatures.push(e.signature);
        fresh.push(true);
    }
    let mut candidates = minhash::candidates(&signatures, &fresh);
    drop(signatures);
    let (extra, exact) = extra_candidates(conn, &ids, &fresh)?;
    candidates.extend(extra.iter().copied());
    {
        let sampled: Vec<&[u32]> = old
            .iter()
            .map(|e| e.anchors.as_slice())
            .chain(entries.iter().map(|e| e.anchors.as_slice()))
            .collect();
        candidates.extend(anchors::candidates(&sampled, &fresh));
        candidates.par_sort_unstable();
        candidates.dedup();
    }
    Ok(Candidates {
        ids,
        fresh,
        candidates,
        extra,
        exact,
    })
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
