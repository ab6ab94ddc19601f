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

/// Elements two sorted, distinct sets share. Sets of very different sizes
/// (a news story against a 5 MB text) are intersected by searching the
/// smaller set's elements in the larger one, each search starting where the
/// last one ended: the cost follows the smaller set.
pub fn shared_count(a: &[u32], b: &[u32]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len().saturating_mul(16) < large.len() {
        let mut rest = large;
        let mut shared = 0usize;
        for &x in small {
            // Gallop: the next match is usually close.
            let mut step = 1usize;
            while step < rest.len() && rest[step - 1] < x {
                step *= 2;
            }
            let end = step.min(rest.len());
            let at = rest[..end].partition_point(|&y| y < x);
            if rest.get(at) == Some(&x) {
                shared += 1;
            }
            rest = &rest[at..];
            if rest.is_empty() {
                break;
            }
        }
        return shared;
    }
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
    shared
}

/// Compares two sorted, distinct shingle sets.
pub fn compare(a: &[u32], b: &[u32]) -> Similarity {
    let mut shared = shared_count(a, b);
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

/// A threshold as the library stores it: to a thousandth, as the nearest
/// double to that decimal. A slider's `58 * 0.01` is 0.58000000000000007,
/// which would drop a pair at exactly 0.58 that the stored "0.580" keeps;
/// every front end compares against this value so they count alike.
pub fn snap_threshold(threshold: f64) -> f64 {
    ((threshold * 1000.0).round() / 1000.0).clamp(MIN_THRESHOLD, 1.0)
}

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
        self.containment >= snap_threshold(threshold) && self.coverage >= MIN_COVERAGE
    }

    /// Worth keeping for the threshold slider.
    pub fn is_kept(&self) -> bool {
        self.is_duplicate(MIN_THRESHOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window's slider lands on `k * 0.01`, the library stores "0.570":
    /// a pair at exactly the threshold is a duplicate for both.
    #[test]
    fn a_pair_at_exactly_the_threshold_counts_for_slider_and_store() {
        let at = Similarity {
            jaccard: 0.5,
            containment: 57.0 / 100.0,
            coverage: 1.0,
        };
        let slider = 57.0 * 0.01;
        assert_ne!(slider, 0.57, "the slider's value is not the decimal");
        let stored: f64 = format!("{:.3}", snap_threshold(slider)).parse().unwrap();
        assert!(at.is_duplicate(slider));
        assert!(at.is_duplicate(stored));
        assert_eq!(snap_threshold(slider), stored);
    }

    fn merge_count(a: &[u32], b: &[u32]) -> usize {
        a.iter().filter(|x| b.binary_search(x).is_ok()).count()
    }

    proptest::proptest! {
        /// Sets of any sizes share what a plain search says they share.
        #[test]
        fn shared_count_is_the_intersection(
            mut a in proptest::collection::vec(0u32..5000, 0..200),
            mut b in proptest::collection::vec(0u32..5000, 0..5000),
        ) {
            a.sort_unstable();
            a.dedup();
            b.sort_unstable();
            b.dedup();
            proptest::prop_assert_eq!(shared_count(&a, &b), merge_count(&a, &b));
            proptest::prop_assert_eq!(shared_count(&b, &a), merge_count(&a, &b));
        }
    }
}
