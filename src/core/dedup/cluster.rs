//! From documents to duplicate clusters: boilerplate learning, candidates,
//! verification and keeper-centred clustering.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::anchors;
use super::judge::{self, PairKind};
use super::minhash::{self, Signature};
use super::normalize::{self, Tokens, mix};
use super::verify::{self, DEFAULT_THRESHOLD, Similarity};
use crate::core::error::{Error, Result};
use crate::core::model::DocId;

/// Hashes that are already well mixed need no second hashing.
#[derive(Default)]
pub struct PremixedHasher(u64);

impl Hasher for PremixedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Line hash → how many documents hold the line.
pub type LineCounts = HashMap<u64, u32, BuildHasherDefault<PremixedHasher>>;

/// Adds one document's lines (each distinct line once) to `counts`.
pub fn count_lines(counts: &mut LineCounts, lines: &[u64]) {
    let mut seen: Vec<u64> = lines.to_vec();
    seen.sort_unstable();
    seen.dedup();
    for h in seen {
        *counts.entry(h).or_default() += 1;
    }
}

/// A line found in at least this many documents is boilerplate. It must
/// exceed the largest real cluster, or a widely republished story's
/// paragraphs would be dropped.
pub const BOILERPLATE_DOCS: u32 = 25;

fn is_boiler(counts: &LineCounts, boilerplate_docs: u32, line: u64) -> bool {
    counts
        .get(&line)
        .is_some_and(|&n| n >= boilerplate_docs.max(2))
}

/// A digest of the boilerplate lines among `lines` (0 when none): when it
/// changes, a stored signature is stale.
pub fn boiler_digest(lines: &[u64], counts: &LineCounts, boilerplate_docs: u32) -> u64 {
    let mut dropped: Vec<u64> = lines
        .iter()
        .copied()
        .filter(|&h| is_boiler(counts, boilerplate_docs, h))
        .collect();
    dropped.sort_unstable();
    dropped.dedup();
    dropped
        .into_iter()
        .fold(0u64, |d, h| d.wrapping_add(mix(h)))
}

/// A document's body: the shingles of what is left once boilerplate lines
/// are dropped, and the digest of the dropped lines.
pub fn body(tokens: Tokens, counts: &LineCounts, boilerplate_docs: u32) -> (Vec<u32>, u64) {
    let digest = boiler_digest(&line_hashes(&tokens), counts, boilerplate_docs);
    let body = if digest == 0 {
        tokens.into_body(|_| false)
    } else {
        tokens.into_body(|h| is_boiler(counts, boilerplate_docs, h))
    };
    (body, digest)
}

/// The line hashes of a document, in order.
pub fn line_hashes(tokens: &Tokens) -> Vec<u64> {
    tokens.lines.iter().map(|l| l.0).collect()
}

/// A verified pair of documents (`a < b`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pair {
    pub a: DocId,
    pub b: DocId,
    pub containment: f64,
    pub coverage: f64,
    pub jaccard: f64,
    pub kind: PairKind,
}

impl Pair {
    pub fn new(a: DocId, b: DocId, s: &Similarity, kind: PairKind) -> Pair {
        Pair {
            a: a.min(b),
            b: a.max(b),
            containment: s.containment,
            coverage: s.coverage,
            jaccard: s.jaccard,
            kind,
        }
    }

    pub fn similarity(&self) -> Similarity {
        Similarity {
            jaccard: self.jaccard,
            containment: self.containment,
            coverage: self.coverage,
        }
    }
}

/// What choosing a keeper needs to know of a document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeeperInfo {
    /// The user chose it as keeper.
    pub chosen: bool,
    /// Has a date of its own (not inherited from a duplicate).
    pub dated: bool,
    /// Body size in shingles.
    pub length: usize,
    pub imported_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: DocId,
    /// Containment against the keeper: how much of the shorter of the two
    /// the longer contains.
    pub similarity: f64,
}

/// A keeper and the documents verified as its duplicates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cluster {
    pub keeper: DocId,
    /// Sorted by id.
    pub members: Vec<Member>,
}

impl Cluster {
    /// The lowest similarity of a member to the keeper.
    pub fn similarity(&self) -> f64 {
        self.members
            .iter()
            .map(|m| m.similarity)
            .fold(1.0, f64::min)
    }

    /// The keeper first, then the members.
    pub fn ids(&self) -> Vec<DocId> {
        std::iter::once(self.keeper)
            .chain(self.members.iter().map(|m| m.id))
            .collect()
    }
}

/// Builds clusters from verified pairs at `threshold`. Stars around keepers
/// (chosen by the user, else dated, then the longest body, then the earliest
/// import): a document joins only when verified against the keeper itself,
/// so chains of "A looks like B looks like C" cannot merge unrelated
/// stories. Only duplicate pairs count (related and template pairs, unless
/// the user called them the same story, are listed apart); documents
/// missing from `info` (in the trash) and pairs the user called different
/// are left out. Largest and most similar clusters first.
pub fn build_clusters(
    pairs: &[Pair],
    info: &HashMap<DocId, KeeperInfo>,
    different: &HashSet<(DocId, DocId)>,
    threshold: f64,
) -> Vec<Cluster> {
    let mut neighbours: HashMap<DocId, Vec<(DocId, f64)>> = HashMap::new();
    for p in pairs {
        if p.kind != PairKind::Duplicate
            || !p.similarity().is_duplicate(threshold)
            || !info.contains_key(&p.a)
            || !info.contains_key(&p.b)
            || different.contains(&(p.a, p.b))
        {
            continue;
        }
        neighbours
            .entry(p.a)
            .or_default()
            .push((p.b, p.containment));
        neighbours
            .entry(p.b)
            .or_default()
            .push((p.a, p.containment));
    }
    let mut order: Vec<DocId> = neighbours.keys().copied().collect();
    order.sort_by_key(|id| {
        let i = &info[id];
        (
            !i.chosen,
            !i.dated,
            std::cmp::Reverse(i.length),
            i.imported_at,
            *id,
        )
    });
    let mut assigned: HashSet<DocId> = HashSet::new();
    let mut clusters = Vec::new();
    for keeper in order {
        if assigned.contains(&keeper) {
            continue;
        }
        let mut members: Vec<Member> = neighbours[&keeper]
            .iter()
            .filter(|(other, _)| !assigned.contains(other))
            .map(|&(id, similarity)| Member { id, similarity })
            .collect();
        if members.is_empty() {
            continue;
        }
        members.sort_by_key(|m| m.id);
        members.dedup_by_key(|m| m.id);
        assigned.insert(keeper);
        assigned.extend(members.iter().map(|m| m.id));
        clusters.push(Cluster { keeper, members });
    }
    sort_clusters(&mut clusters);
    clusters
}

/// Largest first, then most similar, then by keeper.
pub fn sort_clusters(clusters: &mut [Cluster]) {
    clusters.sort_by(|x, y| {
        y.members
            .len()
            .cmp(&x.members.len())
            .then(y.similarity().total_cmp(&x.similarity()))
            .then(x.keeper.cmp(&y.keeper))
    });
}

/// What the in-memory finder needs to know of a document.
#[derive(Debug, Clone)]
pub struct DocInfo {
    pub id: DocId,
    /// Its title (the judge reads headlines: short notices of other
    /// companies differ only there).
    pub title: String,
    pub text: String,
    /// The date the document states itself (not one inherited from a copy).
    pub date: Option<String>,
    pub imported_at: i64,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub threshold: f64,
    pub boilerplate_docs: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: DEFAULT_THRESHOLD,
            boilerplate_docs: BOILERPLATE_DOCS,
        }
    }
}

pub(crate) fn check(cancel: &AtomicBool) -> Result<()> {
    if cancel.load(Ordering::Relaxed) {
        Err(Error::Cancelled)
    } else {
        Ok(())
    }
}

/// Shared shingles below which a pair below the duplicate threshold is not
/// worth judging for shared passages (a passage of about 20 words).
pub const JUDGE_MIN_SHARED: f64 = 8.0;

/// Compares candidate index pairs on their `bodies` (sorted shingle sets);
/// keeps those worth judging: near enough to be duplicates, or sharing
/// enough for a passage.
pub fn verify_candidates<'a>(
    candidates: &[(u32, u32)],
    bodies: &(dyn Fn(u32) -> Option<&'a [u32]> + Sync),
) -> Vec<(u32, u32, Similarity)> {
    candidates
        .par_iter()
        .filter_map(|&(a, b)| {
            let (x, y) = (bodies(a)?, bodies(b)?);
            let s = verify::compare(x, y);
            let shared = s.containment * x.len().min(y.len()) as f64;
            (s.is_kept() || shared >= JUDGE_MIN_SHARED).then_some((a, b, s))
        })
        .collect()
}

/// Related and same-template pairs kept per document: a daily report
/// matches every other issue of its template, and a notice block every
/// document that carries it; the closest few are what a reviewer needs, and
/// all of them would grow with the square of the library.
pub const MAX_SIDE_PAIRS: usize = 5;

/// Judges compared pairs on their `texts` ([`judge::judge`]); keeps those
/// that are duplicates, and the [`MAX_SIDE_PAIRS`] closest templates or
/// pairs that share passages of each document.
pub fn judge_candidates<'a>(
    compared: &[(u32, u32, Similarity)],
    texts: &(dyn Fn(u32) -> Option<&'a judge::Text> + Sync),
    ids: &[DocId],
) -> Vec<Pair> {
    judge_candidates_in_steps(compared, texts, ids, &mut |_| Ok(())).unwrap_or_default()
}

/// Pairs judged between two progress reports.
const JUDGE_STEP: usize = 8192;

/// [`judge_candidates`], calling `step(done)` after every few thousand pairs
/// (a progress bar that moves; an error from `step` stops the work).
pub fn judge_candidates_in_steps<'a>(
    compared: &[(u32, u32, Similarity)],
    texts: &(dyn Fn(u32) -> Option<&'a judge::Text> + Sync),
    ids: &[DocId],
    step: &mut dyn FnMut(usize) -> Result<()>,
) -> Result<Vec<Pair>> {
    let mut pairs: Vec<Pair> = Vec::new();
    let mut done = 0;
    for chunk in compared.chunks(JUDGE_STEP) {
        pairs.par_extend(chunk.par_iter().filter_map(|&(a, b, s)| {
            let j = judge::judge(texts(a)?, texts(b)?, &s)?;
            Some(Pair::new(
                ids[a as usize],
                ids[b as usize],
                &j.similarity,
                j.kind,
            ))
        }));
        done += chunk.len();
        step(done)?;
    }
    Ok(closest_side_pairs(pairs, MAX_SIDE_PAIRS))
}

/// Every duplicate pair, and the non-duplicate pairs among the `max`
/// closest (by containment) of either of their documents.
fn closest_side_pairs(pairs: Vec<Pair>, max: usize) -> Vec<Pair> {
    let (mut out, mut side): (Vec<Pair>, Vec<Pair>) = pairs
        .into_iter()
        .partition(|p| p.kind == PairKind::Duplicate);
    side.sort_by(|x, y| {
        y.containment
            .total_cmp(&x.containment)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let mut taken: HashMap<DocId, usize> = HashMap::new();
    for p in side {
        let (na, nb) = (
            taken.get(&p.a).copied().unwrap_or(0),
            taken.get(&p.b).copied().unwrap_or(0),
        );
        if na < max || nb < max {
            *taken.entry(p.a).or_default() += 1;
            *taken.entry(p.b).or_default() += 1;
            out.push(p);
        }
    }
    out
}

/// Every verified pair among `docs`, from scratch, in memory.
pub fn find_pairs(docs: &[DocInfo], opts: &Options, cancel: &AtomicBool) -> Result<Vec<Pair>> {
    let tokens: Vec<Tokens> = docs
        .par_iter()
        .map(|d| normalize::tokenize(&d.text))
        .collect();
    check(cancel)?;
    let mut counts = LineCounts::default();
    for t in &tokens {
        count_lines(&mut counts, &line_hashes(t));
    }
    let texts: Vec<judge::Text> = tokens
        .par_iter()
        .zip(docs)
        .map(|(t, d)| {
            let boiler = |h| is_boiler(&counts, opts.boilerplate_docs, h);
            judge_text(t.clone(), &boiler, d.date.clone()).with_headline(&d.title)
        })
        .collect();
    let bodies: Vec<Vec<u32>> = tokens
        .into_par_iter()
        .map(|t| body(t, &counts, opts.boilerplate_docs).0)
        .collect();
    check(cancel)?;
    let signatures: Vec<Signature> = bodies.par_iter().map(|b| minhash::signature(b)).collect();
    check(cancel)?;
    let fresh = vec![true; docs.len()];
    let mut candidates = minhash::candidates(&signatures, &fresh);
    let sampled: Vec<Vec<u32>> = bodies.iter().map(|b| anchors::sample(b)).collect();
    let sampled: Vec<&[u32]> = sampled.iter().map(Vec::as_slice).collect();
    candidates.extend(anchors::candidates(&sampled, &fresh));
    candidates.par_sort_unstable();
    candidates.dedup();
    check(cancel)?;
    let ids: Vec<DocId> = docs.iter().map(|d| d.id).collect();
    let compared = verify_candidates(&candidates, &|i| {
        bodies.get(i as usize).map(|b| b.as_slice())
    });
    check(cancel)?;
    Ok(judge_candidates(
        &compared,
        &|i| texts.get(i as usize),
        &ids,
    ))
}

/// A document as the judge sees it, the lines for which `boiler` holds masked.
pub fn judge_text(
    tokens: Tokens,
    boiler: &dyn Fn(u64) -> bool,
    date: Option<String>,
) -> judge::Text {
    judge::Text::new(tokens, boiler, date)
}

/// The lines that are boilerplate.
pub type BoilerLines = HashSet<u64, BuildHasherDefault<PremixedHasher>>;

/// Per line of `text` (as `str::lines` cuts it): whether it is one of the
/// `boiler` lines. Lines without words are not.
pub fn boiler_flags(text: &str, boiler: &BoilerLines) -> Vec<bool> {
    if boiler.is_empty() {
        return vec![false; text.lines().count()];
    }
    text.lines()
        .map(|line| {
            normalize::tokenize(line)
                .lines
                .first()
                .is_some_and(|l| boiler.contains(&l.0))
        })
        .collect()
}

/// The boilerplate lines among `counts`.
pub fn boiler_lines(counts: &LineCounts, boilerplate_docs: u32) -> BoilerLines {
    counts
        .iter()
        .filter(|&(&h, _)| is_boiler(counts, boilerplate_docs, h))
        .map(|(&h, _)| h)
        .collect()
}

/// The duplicate clusters among `docs`, from scratch, in memory. Stops with
/// [`Error::Cancelled`] when `cancel` is set.
pub fn find_clusters(
    docs: &[DocInfo],
    opts: &Options,
    cancel: &AtomicBool,
) -> Result<Vec<Cluster>> {
    let pairs = find_pairs(docs, opts, cancel)?;
    // Body lengths for keeper choice: the text length is a fine stand-in here.
    let info = docs
        .iter()
        .map(|d| {
            (
                d.id,
                KeeperInfo {
                    chosen: false,
                    dated: d.date.is_some(),
                    length: d.text.len(),
                    imported_at: d.imported_at,
                },
            )
        })
        .collect();
    Ok(build_clusters(
        &pairs,
        &info,
        &HashSet::new(),
        opts.threshold,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(dated: bool, length: usize) -> KeeperInfo {
        KeeperInfo {
            chosen: false,
            dated,
            length,
            imported_at: 0,
        }
    }

    fn pair(a: DocId, b: DocId, c: f64) -> Pair {
        Pair {
            a,
            b,
            containment: c,
            coverage: c,
            jaccard: c,
            kind: PairKind::Duplicate,
        }
    }

    #[test]
    fn a_chain_does_not_merge_through_its_middle() {
        // 1 ~ 2 ~ 3 but 1 !~ 3: the keeper (2, longest) takes both, as each
        // is verified against it; 4 ~ 3 only joins when 3 keeps.
        let infos: HashMap<DocId, KeeperInfo> = [
            (1, info(false, 10)),
            (2, info(false, 50)),
            (3, info(false, 20)),
            (4, info(false, 5)),
        ]
        .into();
        let pairs = [pair(1, 2, 0.9), pair(2, 3, 0.9), pair(3, 4, 0.9)];
        let clusters = build_clusters(&pairs, &infos, &HashSet::new(), 0.6);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].ids(), vec![2, 1, 3]);
        // A below-threshold pair and a "different" verdict are left out.
        let different: HashSet<(DocId, DocId)> = [(1, 2)].into();
        let clusters = build_clusters(&pairs[..1], &infos, &different, 0.6);
        assert!(clusters.is_empty());
        let clusters = build_clusters(&[pair(1, 2, 0.5)], &infos, &HashSet::new(), 0.6);
        assert!(clusters.is_empty());
    }

    #[test]
    fn a_document_keeps_its_closest_related_pairs_and_every_duplicate() {
        // Ten issues of one template, each matching all the others.
        let mut pairs = Vec::new();
        for a in 1..=10 {
            for b in a + 1..=10 {
                pairs.push(Pair {
                    kind: PairKind::Template,
                    ..pair(a, b, 0.5 + (a * b) as f64 / 1000.0)
                });
            }
        }
        pairs.push(pair(1, 99, 0.9));
        let kept = closest_side_pairs(pairs, 2);
        let side: Vec<&Pair> = kept
            .iter()
            .filter(|p| p.kind != PairKind::Duplicate)
            .collect();
        assert!(
            side.len() <= 2 * 10,
            "at most the cap per document: {}",
            side.len()
        );
        for d in 1..=10 {
            let n = side.iter().filter(|p| p.a == d || p.b == d).count();
            assert!(n >= 2, "document {d} keeps its closest two, has {n}");
        }
        // The closest pair overall is among them; every duplicate stays.
        assert!(side.iter().any(|p| (p.a, p.b) == (9, 10)));
        assert!(
            kept.iter()
                .any(|p| p.b == 99 && p.kind == PairKind::Duplicate)
        );
    }

    #[test]
    fn boilerplate_lines_are_flagged_line_by_line() {
        let footer = "Follow our channel for the latest headlines.";
        let text = format!("The story itself, in one line.\n\n{footer}\n");
        let mut boiler = BoilerLines::default();
        boiler.insert(normalize::tokenize(footer).lines[0].0);
        assert_eq!(boiler_flags(&text, &boiler), vec![false, false, true]);
        // Line hashes fold case and quotes, as the finder does.
        let shouted = "FOLLOW OUR CHANNEL FOR THE LATEST HEADLINES";
        assert_eq!(boiler_flags(shouted, &boiler), vec![true]);
        assert_eq!(boiler_flags(&text, &BoilerLines::default()), vec![false; 3]);
    }

    #[test]
    fn the_user_chosen_then_the_dated_document_keeps() {
        let mut infos: HashMap<DocId, KeeperInfo> =
            [(1, info(false, 100)), (2, info(true, 10))].into();
        let pairs = [pair(1, 2, 0.9)];
        assert_eq!(
            build_clusters(&pairs, &infos, &HashSet::new(), 0.6)[0].keeper,
            2
        );
        infos.get_mut(&1).unwrap().chosen = true;
        assert_eq!(
            build_clusters(&pairs, &infos, &HashSet::new(), 0.6)[0].keeper,
            1
        );
    }
}
