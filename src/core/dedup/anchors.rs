//! Candidates for passage reuse: pairs that share a few sampled shingles.
//!
//! MinHash bands find pairs whose *whole* bodies are alike; a short text
//! that quotes one paragraph of a long one has a body Jaccard near 0.05 and
//! is rarely proposed. Each body keeps a fixed sample of its shingles (those
//! whose hash falls in 1/[`RATE`] of the range, so two texts sample the same
//! shingles of a shared passage); two documents sharing at least
//! [`MIN_SHARED`] sampled shingles are candidates. A sampled shingle held by
//! more than [`MAX_DF`] documents is a stock phrase, not a passage.

use rayon::prelude::*;

use super::normalize::mix;

/// One shingle in this many is sampled (about 120 for a 500-word text):
/// a lightly revised answer keeps about 16 of its source's shingles, so at
/// 1 in 8 two of them were sampled in too few of such pairs.
pub const RATE: u64 = 4;
/// Sampled shingles two documents must share to be compared.
pub const MIN_SHARED: usize = 2;
/// A sampled shingle in more documents than this is left out.
pub const MAX_DF: usize = 50;

/// The sampled shingles of a sorted, distinct shingle set (sorted).
pub fn sample(body: &[u32]) -> Vec<u32> {
    body.iter()
        .copied()
        .filter(|&s| mix(s as u64 ^ 0x5851_f42d_4c95_7f2d).is_multiple_of(RATE))
        .collect()
}

/// Stored form: u32 little-endian.
pub fn to_bytes(anchors: &[u32]) -> Vec<u8> {
    anchors.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn from_bytes(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// Index pairs `(i, j)`, `i < j`, sharing at least [`MIN_SHARED`] sampled
/// shingles, of which at least one is `fresh`.
pub fn candidates(anchors: &[&[u32]], fresh: &[bool]) -> Vec<(u32, u32)> {
    let mut postings: Vec<(u32, u32)> = anchors
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.iter().map(move |&s| (s, i as u32)))
        .collect();
    postings.par_sort_unstable();
    let mut pairs: Vec<(u32, u32)> = postings
        .par_chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() >= 2 && run.len() <= MAX_DF)
        .flat_map_iter(|run| {
            let mut out = Vec::new();
            for (k, &(_, a)) in run.iter().enumerate() {
                for &(_, b) in &run[k + 1..] {
                    if a != b && (fresh[a as usize] || fresh[b as usize]) {
                        out.push((a.min(b), a.max(b)));
                    }
                }
            }
            out
        })
        .collect();
    pairs.par_sort_unstable();
    let mut out = Vec::new();
    for run in pairs.chunk_by(|a, b| a == b) {
        if run.len() >= MIN_SHARED {
            out.push(run[0]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_passage_is_proposed_and_one_shared_phrase_is_not() {
        let passage: Vec<u32> = (1000..1100).collect();
        let mut a: Vec<u32> = (0..900).chain(passage.iter().copied()).collect();
        let mut b: Vec<u32> = (5000..5200).chain(passage.iter().copied()).collect();
        a.sort_unstable();
        b.sort_unstable();
        let c: Vec<u32> = (9000..9300).collect();
        let sa = sample(&a);
        let (sb, sc) = (sample(&b), sample(&c));
        assert!(sa.len() > 150 && sa.len() < 350, "{}", sa.len());
        let found = candidates(&[&sa, &sb, &sc], &[true, true, true]);
        assert_eq!(found, vec![(0, 1)]);
        // Pairs between documents compared before are not proposed again.
        assert!(candidates(&[&sa, &sb], &[false, false]).is_empty());
        assert_eq!(from_bytes(&to_bytes(&sa)), sa);
    }
}
