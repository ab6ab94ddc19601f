//! From documents to duplicate clusters: boilerplate learning, candidates,
//! verification and keeper-centred clustering.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::minhash;
use super::normalize;
use super::verify::{self, Prepared, Thresholds};
use crate::core::error::{Error, Result};
use crate::core::model::DocId;

/// What the clusterer needs to know of a document.
#[derive(Debug, Clone)]
pub struct DocInfo {
    pub id: DocId,
    pub text: String,
    pub dated: bool,
    pub imported_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: DocId,
    /// Containment against the keeper (1.0 for an exact copy).
    pub similarity: f64,
}

/// A keeper and the documents verified as its duplicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    pub keeper: DocId,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub thresholds: Thresholds,
    /// A line found in at least this many documents is boilerplate. It must
    /// exceed the largest real cluster, or a widely republished story's
    /// paragraphs would be dropped.
    pub boilerplate_docs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            thresholds: Thresholds::default(),
            boilerplate_docs: 25,
        }
    }
}

/// Finds the duplicate clusters among `docs`. Stops with
/// [`Error::Cancelled`] when `cancel` is set.
pub fn find_clusters(
    docs: &[DocInfo],
    opts: &Options,
    cancel: &AtomicBool,
) -> Result<Vec<Cluster>> {
    let check = || {
        if cancel.load(Ordering::Relaxed) {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    };
    // 1. Normalised lines, and in how many documents each line occurs.
    let lines: Vec<Vec<(u64, String)>> = docs
        .par_iter()
        .map(|d| {
            normalize::lines(&d.text)
                .into_iter()
                .map(|l| (minhash::line_hash(&l), l))
                .collect()
        })
        .collect();
    check()?;
    let mut line_docs: HashMap<u64, usize> = HashMap::new();
    for doc in &lines {
        let distinct: HashSet<u64> = doc.iter().map(|(h, _)| *h).collect();
        for h in distinct {
            *line_docs.entry(h).or_default() += 1;
        }
    }
    let boilerplate = |h: &u64| {
        line_docs
            .get(h)
            .is_some_and(|&n| n >= opts.boilerplate_docs.max(2))
    };
    // 2. Shingles of what is left, and signatures.
    let prepared: Vec<Prepared> = docs
        .par_iter()
        .zip(lines.par_iter())
        .map(|(d, lines)| {
            let kept = lines
                .iter()
                .filter(|(h, _)| !boilerplate(h))
                .map(|(_, l)| l.as_str());
            let words: Vec<&str> = kept.flat_map(normalize::words).collect();
            Prepared {
                id: d.id,
                shingles: minhash::shingles(words.into_iter()),
            }
        })
        .collect();
    check()?;
    let signatures: Vec<Vec<u64>> = prepared
        .par_iter()
        .map(|p| minhash::signature(&p.shingles))
        .collect();
    check()?;
    // 3. Candidates (LSH, plus identical bodies), each verified.
    let mut pairs = minhash::candidates(&signatures);
    let mut same_body: HashMap<&[u64], Vec<usize>> = HashMap::new();
    for (i, p) in prepared.iter().enumerate() {
        if !p.shingles.is_empty() {
            same_body.entry(&p.shingles).or_default().push(i);
        }
    }
    for group in same_body.values() {
        for (k, &a) in group.iter().enumerate() {
            for &b in &group[k + 1..] {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
    }
    check()?;
    let pairs: Vec<(usize, usize)> = pairs.into_iter().collect();
    let verified: Vec<(usize, usize, f64)> = pairs
        .par_iter()
        .filter_map(|&(a, b)| {
            let s = verify::compare(&prepared[a].shingles, &prepared[b].shingles);
            s.is_duplicate(&opts.thresholds)
                .then_some((a, b, s.containment))
        })
        .collect();
    check()?;
    let mut neighbours: HashMap<usize, Vec<(usize, f64)>> = HashMap::new();
    for &(a, b, s) in &verified {
        neighbours.entry(a).or_default().push((b, s));
        neighbours.entry(b).or_default().push((a, s));
    }
    // 4. Stars around keepers: dated first, then the longest body, then the earliest import.
    let mut order: Vec<usize> = neighbours.keys().copied().collect();
    order.sort_by_key(|&i| {
        (
            !docs[i].dated,
            std::cmp::Reverse(prepared[i].shingles.len()),
            docs[i].imported_at,
            docs[i].id,
        )
    });
    let mut assigned = HashSet::new();
    let mut clusters = Vec::new();
    for keeper in order {
        if assigned.contains(&keeper) {
            continue;
        }
        let mut joining: Vec<(usize, f64)> = neighbours[&keeper]
            .iter()
            .filter(|(other, _)| !assigned.contains(other))
            .copied()
            .collect();
        if joining.is_empty() {
            continue;
        }
        joining.sort_by_key(|&(i, _)| docs[i].id);
        joining.dedup_by_key(|&mut (i, _)| i);
        assigned.insert(keeper);
        assigned.extend(joining.iter().map(|&(i, _)| i));
        let members = joining
            .into_iter()
            .map(|(i, s)| Member {
                id: docs[i].id,
                similarity: s,
            })
            .collect();
        clusters.push(Cluster {
            keeper: docs[keeper].id,
            members,
        });
    }
    clusters.sort_by_key(|c| c.keeper);
    Ok(clusters)
}
