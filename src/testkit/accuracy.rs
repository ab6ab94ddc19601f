//! Scoring duplicate clusters against the generator's planted stories.

use std::collections::{HashMap, HashSet};

use super::corpus::CopyKind;
use super::hard_cases::Hard;
use crate::core::dedup::{Pair, PairKind, normalize, verify};
use crate::core::model::DocId;

/// What the generator planted for one document.
#[derive(Debug, Clone)]
pub struct Planted {
    pub story: usize,
    /// `None` for the story's first document.
    pub copy: Option<CopyKind>,
    /// The whole text, as imported.
    pub text: String,
    /// The hard case it belongs to.
    pub hard: Option<Hard>,
}

/// How well predicted clusters match the planted stories.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Over every pair of documents: same predicted cluster vs same story.
    pub precision: f64,
    pub recall: f64,
    pub true_pairs: usize,
    pub predicted_pairs: usize,
    /// Per kind of copy: (copies found with their original, copies).
    pub by_kind: Vec<(CopyKind, usize, usize)>,
    /// Copies whose whole text has word-shingle Jaccard below 0.6 with their
    /// original: (found, all).
    pub low_jaccard: (usize, usize),
    /// Pairs of different stories that share a block: (merged, all).
    pub shared_block: (usize, usize),
    /// Pairs of reports from one template: (merged, all).
    pub template: (usize, usize),
    /// Stories reusing a passage of another: (merged with the source, all).
    pub reuse: (usize, usize),
}

/// Pairs of documents in the same hard-case family, by kind of case.
fn hard_pairs(planted: &HashMap<DocId, Planted>) -> [HashSet<(DocId, DocId)>; 3] {
    let mut families: HashMap<Hard, Vec<DocId>> = HashMap::new();
    let mut originals: HashMap<usize, DocId> = HashMap::new();
    for (&id, p) in planted {
        if p.copy.is_none() {
            originals.insert(p.story, id);
        }
    }
    let mut reuse = HashSet::new();
    for (&id, p) in planted {
        match p.hard {
            Some(Hard::Reuse { source }) => {
                if let Some(&s) = originals.get(&source) {
                    reuse.insert((id.min(s), id.max(s)));
                }
            }
            Some(h) => families.entry(h).or_default().push(id),
            None => {}
        }
    }
    let (blocks, templates): (Vec<_>, Vec<_>) = families
        .into_iter()
        .partition(|(h, _)| matches!(h, Hard::SharedBlock(_)));
    [
        pairs_within(blocks.into_iter().map(|(_, ids)| ids)),
        pairs_within(templates.into_iter().map(|(_, ids)| ids)),
        reuse,
    ]
}

/// Stories reusing a passage of another whose pair with the source was
/// stored as related: (linked, all).
pub fn reuse_linked(planted: &HashMap<DocId, Planted>, pairs: &[Pair]) -> (usize, usize) {
    let [_, _, reuse] = hard_pairs(planted);
    let related: HashSet<(DocId, DocId)> = pairs
        .iter()
        .filter(|p| p.kind == PairKind::Related)
        .map(|p| (p.a, p.b))
        .collect();
    (reuse.intersection(&related).count(), reuse.len())
}

fn pairs_within(groups: impl Iterator<Item = Vec<DocId>>) -> HashSet<(DocId, DocId)> {
    let mut out = HashSet::new();
    for ids in groups {
        for (k, &a) in ids.iter().enumerate() {
            for &b in &ids[k + 1..] {
                out.insert((a.min(b), a.max(b)));
            }
        }
    }
    out
}

/// Word-shingle Jaccard of two whole texts (boilerplate included), as a
/// plain MinHash dedup would see them.
pub fn raw_jaccard(a: &str, b: &str) -> f64 {
    let sa = normalize::tokenize(a).shingle_set();
    let sb = normalize::tokenize(b).shingle_set();
    verify::compare(&sa, &sb).jaccard
}

/// Scores `clusters` (each a list of document ids) against `planted`.
pub fn score(planted: &HashMap<DocId, Planted>, clusters: &[Vec<DocId>]) -> Scores {
    let mut by_story: HashMap<usize, Vec<DocId>> = HashMap::new();
    let mut original: HashMap<usize, DocId> = HashMap::new();
    for (&id, p) in planted {
        by_story.entry(p.story).or_default().push(id);
        if p.copy.is_none() {
            original.insert(p.story, id);
        }
    }
    let truth = pairs_within(by_story.into_values());
    let predicted = pairs_within(clusters.iter().cloned());
    let hits = predicted.intersection(&truth).count() as f64;
    if std::env::var_os("CORPUSDESK_SHOW_FALSE_PAIRS").is_some() {
        for (a, b) in predicted.difference(&truth).take(3) {
            eprintln!(
                "FALSE PAIR {a} {b}\n{}\n-----\n{}\n=====",
                planted[a].text.chars().take(600).collect::<String>(),
                planted[b].text.chars().take(600).collect::<String>()
            );
        }
    }
    let mut kinds: HashMap<CopyKind, (usize, usize)> = HashMap::new();
    let mut low = (0, 0);
    for (&id, p) in planted {
        let (Some(kind), Some(&orig)) = (p.copy, original.get(&p.story)) else {
            continue;
        };
        let found = predicted.contains(&(id.min(orig), id.max(orig)));
        let entry = kinds.entry(kind).or_default();
        entry.1 += 1;
        entry.0 += found as usize;
        if raw_jaccard(&p.text, &planted[&orig].text) < 0.6 {
            low.1 += 1;
            low.0 += found as usize;
        }
    }
    let mut by_kind: Vec<(CopyKind, usize, usize)> =
        kinds.into_iter().map(|(k, (f, n))| (k, f, n)).collect();
    by_kind.sort_by_key(|k| k.0.name());
    let [blocks, templates, reuse] = hard_pairs(planted);
    let merged = |set: &HashSet<(DocId, DocId)>| (set.intersection(&predicted).count(), set.len());
    Scores {
        shared_block: merged(&blocks),
        template: merged(&templates),
        reuse: merged(&reuse),
        precision: if predicted.is_empty() {
            1.0
        } else {
            hits / predicted.len() as f64
        },
        recall: if truth.is_empty() {
            1.0
        } else {
            hits / truth.len() as f64
        },
        true_pairs: truth.len(),
        predicted_pairs: predicted.len(),
        by_kind,
        low_jaccard: low,
    }
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "pairs: {} planted, {} predicted; precision {:.4}, recall {:.4}",
            self.true_pairs, self.predicted_pairs, self.precision, self.recall
        )?;
        for (kind, found, all) in &self.by_kind {
            writeln!(
                f,
                "  {:<16} {found}/{all} found ({:.3})",
                kind.name(),
                *found as f64 / (*all).max(1) as f64
            )?;
        }
        writeln!(
            f,
            "  raw Jaccard < 0.6: {}/{} found",
            self.low_jaccard.0, self.low_jaccard.1
        )?;
        for (name, (merged, all)) in [
            ("unrelated sharing a block", self.shared_block),
            ("same template", self.template),
            ("passage reuse", self.reuse),
        ] {
            writeln!(f, "  {name:<26} {merged}/{all} pairs merged")?;
        }
        Ok(())
    }
}
