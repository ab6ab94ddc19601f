//! Verifying a candidate pair on its shingles, robust to boilerplate.

/// Fewer shared shingles than this is never a copy (unless the sets are equal).
const MIN_SHARED: usize = 3;

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

/// Compares two sorted, distinct shingle sets.
pub fn compare(a: &[u32], b: &[u32]) -> Similarity {
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
    // Two tiny texts sharing one common phrase are not copies of each other.
    if shared < MIN_SHARED && !(shared > 0 && a == b) {
        shared = 0;
    }
    let union = a.len() + b.len() - shared;
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    Similarity {
        jaccard: ratio(shared, union),
        containment: ratio(shared, small),
        coverage: ratio(shared, large),
    }
}

/// The default similarity threshold: most of the shorter text must be in
/// the longer one.
pub const DEFAULT_THRESHOLD: f64 = 0.6;
/// The lowest threshold the user can choose; pairs down to it are kept.
pub const MIN_THRESHOLD: f64 = 0.4;
/// The shared text must also be a real part of the longer text, so a shared
/// footer or quote block alone is never enough, while a copy cut to half its
/// length still counts.
pub const MIN_COVERAGE: f64 = 0.35;

impl Similarity {
    /// Two identical texts.
    pub fn identical() -> Similarity {
        Similarity {
            jaccard: 1.0,
            containment: 1.0,
            coverage: 1.0,
        }
    }

    /// A duplicate at `threshold` (on containment).
    pub fn is_duplicate(&self, threshold: f64) -> bool {
        self.containment >= threshold && self.coverage >= MIN_COVERAGE
    }

    /// Worth keeping for the threshold slider.
    pub fn is_kept(&self) -> bool {
        self.is_duplicate(MIN_THRESHOLD)
    }
}
