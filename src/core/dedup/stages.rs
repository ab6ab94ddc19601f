//! The stages of a duplicate search ([`super::run::run`]): texts read and
//! tokenised, the work set signed, the candidates found, the bodies the comparison needs read,
//! and the candidates' shingle sets compared.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;

use rayon::prelude::*;

use super::anchors;
use super::cluster::{self, LineCounts, check};
use super::extra::{IndexPair, extra_candidates};
use super::minhash::{self, Signature};
use super::normalize::{self, Tokens};
use super::verify::Similarity;
use crate::core::error::Result;
use crate::core::model::DocId;
use crate::core::store::clusters::IndexEntry;
use crate::core::store::{self, Store};

/// The page cache of the connection that reads the texts (KiB).
const SCAN_CACHE_KIB: i64 = -2 * 1024;

/// Documents read and tokenised per step.
const CHUNK: usize = 2048;

/// Which texts to read.
pub(super) enum Texts {
    /// Every document not in the trash (one scan of the table).
    All,
    Ids(Vec<DocId>),
}

/// Reads texts on a thread of its own, in chunks, and tokenises them on the
/// others; `each` gets every chunk's tokens.
pub(super) fn tokenize_texts(
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
pub(super) const STEP: usize = 4096;

/// The bodies the comparison needs: the work set's (given), and those of
/// the `stored` documents the candidates reach, read and tokenised again.
#[allow(clippy::too_many_arguments)] // one stage of `run`, with its context
pub(super) fn read_bodies(
    library: &Store,
    stored: usize,
    work_bodies: Vec<Vec<u32>>,
    candidates: &[IndexPair],
    ids: &[DocId],
    counts: &LineCounts,
    boilerplate_docs: u32,
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
                    Some((i, cluster::body(t, counts, boilerplate_docs).0))
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
pub(super) fn compare(
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
pub(super) fn sign(
    work: HashMap<DocId, Tokens>,
    counts: &LineCounts,
    boilerplate_docs: u32,
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
                let (body, boiler) = cluster::body(tokens, counts, boilerplate_docs);
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
pub(super) struct Candidates {
    pub(super) ids: Vec<DocId>,
    pub(super) fresh: Vec<bool>,
    pub(super) candidates: Vec<IndexPair>,
    /// Pairs found beside the signatures (same text for two outlets, short
    /// notices under one headline), and which of them are identical.
    pub(super) extra: Vec<IndexPair>,
    pub(super) exact: HashSet<IndexPair>,
}

/// Candidates of the work set against everything: MinHash bands, sampled
/// anchors, and the pairs the signatures cannot see.
pub(super) fn find_candidates(
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
