//! Verifying a candidate pair on its shingles, robust to boilerplate.

use crate::core::model::DocId;

/// A document ready to compare: its body's shingles (boilerplate dropped).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub id: DocId,
    /// Sorted, distinct.
    pub shingles: Vec<u64>,
}

/// How much two bodies share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Similarity {
    /// Shared / union.
    pub jaccard: f64,
    /// Shared / the smaller set: how much of the shorter text is in the longer.
    pub containment: f64,
    /// Shared / the larger set: how much of the longer text is shared.
    pub coverage: f64,
}

pub fn compare(a: &[u64], b: &[u64]) -> Similarity {
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
    let union = a.len() + b.len() - shared;
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Similarity {
        jaccard: ratio(shared, union),
        containment: ratio(shared, small),
        coverage: ratio(shared, large),
    }
}

/// Thresholds a verified pair must pass.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Most of the shorter text must be in the longer one…
    pub containment: f64,
    /// …and the shared text a real part of the longer one, so a shared
    /// footer or quote block alone is never enough.
    pub coverage: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            containment: 0.6,
            coverage: 0.35,
        }
    }
}

impl Similarity {
    pub fn is_duplicate(&self, t: &Thresholds) -> bool {
        self.containment >= t.containment && self.coverage >= t.coverage
    }
}
