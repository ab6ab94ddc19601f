//! Scoring duplicate clusters against the generator's planted stories.

use std::collections::{HashMap, HashSet};

use super::corpus::CopyKind;
use crate::core::dedup::{normalize, verify};
use crate::core::model::DocId;

/// What the generator planted for one document.
#[derive(Debug, Clone)]
pub struct Planted {
    pub story: usize,
    /// `None` for the story's first document.
    pub copy: Option<CopyKind>,
    /// The whole text, as imported.
    pub text: String,
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
    Scores {
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
        write!(
            f,
            "  raw Jaccard < 0.6: {}/{} found",
            self.low_jaccard.0, self.low_jaccard.1
        )
    }
}
