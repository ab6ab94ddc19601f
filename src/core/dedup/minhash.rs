//! Shingles, one-permutation MinHash signatures and LSH banding: candidate
//! pairs without comparing every pair of documents.
//!
//! Each shingle is hashed once; one-permutation MinHash splits the hash range
//! into [`HASHES`] bins and keeps each bin's minimum (empty bins borrow a
//! neighbour's value, "densification"), so a signature costs one pass over
//! the shingles instead of one per hash function.

use rayon::prelude::*;

use super::normalize::mix;

/// Values per signature (= BANDS × ROWS).
pub const HASHES: usize = 128;
/// LSH bands of ROWS values each. Two rows per band make a pair with body
/// Jaccard 0.3 a candidate with probability 1 - (1 - 0.3²)^64 ≈ 0.998 and
/// one with 0.1 still ≈ 0.47: candidates are cheap to verify, misses are not.
/// Copies cut to half and reworded have a body Jaccard near 0.3.
pub const ROWS: usize = 2;
pub const BANDS: usize = HASHES / ROWS;
/// A bucket holding more documents than this is a phrase half the library
/// shares, not a story; verifying all its pairs would be quadratic.
pub const MAX_BUCKET: usize = 200;

/// A document's MinHash signature: per bin, 16 bits of its minimum hash
/// (b-bit MinHash). Two rows make a 32-bit band key, so unrelated documents
/// collide in a band with probability 2^-32: rare enough, at half the size.
pub type Signature = [u16; HASHES];

/// The one-permutation MinHash signature of a shingle set; all `u16::MAX`
/// for an empty set.
pub fn signature(shingles: &[u32]) -> Signature {
    let mut sig = [u32::MAX; HASHES];
    let mut filled = [false; HASHES];
    for &s in shingles {
        let h = mix(s as u64 ^ 0x9e37_79b9_7f4a_7c15);
        let bin = (h >> 57) as usize; // top 7 bits: HASHES = 128 bins
        let value = h as u32;
        if value <= sig[bin] {
            sig[bin] = value;
            filled[bin] = true;
        }
    }
    if shingles.is_empty() {
        return [u16::MAX; HASHES];
    }
    // Densification (Shrivastava 2017): an empty bin copies the value of the
    // first filled bin on its own pseudo-random probe sequence, so two sets
    // that agree on their filled bins agree on the borrowed ones too.
    let original = filled;
    for bin in 0..HASHES {
        if original[bin] {
            continue;
        }
        let mut attempt = 1u64;
        loop {
            let probe = (mix(((bin as u64) << 32) | attempt) % HASHES as u64) as usize;
            if original[probe] {
                sig[bin] = sig[probe];
                break;
            }
            attempt += 1;
        }
    }
    // The high bits: the low ones are what made it the bin's minimum.
    sig.map(|v| (v >> 16) as u16)
}

/// Signatures as stored: u16 little-endian.
pub fn to_bytes(sig: &Signature) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
    if bytes.len() != HASHES * 2 {
        return None;
    }
    let mut sig = [0u16; HASHES];
    for (v, chunk) in sig.iter_mut().zip(bytes.chunks_exact(2)) {
        *v = u16::from_le_bytes([chunk[0], chunk[1]]);
    }
    Some(sig)
}

fn is_empty(sig: &Signature) -> bool {
    sig.iter().all(|&v| v == u16::MAX)
}

/// Index pairs `(i, j)`, `i < j`, whose signatures agree on a whole band and
/// of which at least one is `fresh` (the others were compared before).
pub fn candidates(signatures: &[Signature], fresh: &[bool]) -> Vec<(u32, u32)> {
    let mut pairs: Vec<(u32, u32)> = (0..BANDS)
        .into_par_iter()
        .flat_map_iter(|band| {
            let mut keys: Vec<(u32, u32)> = signatures
                .iter()
                .enumerate()
                .filter(|(_, s)| !is_empty(s))
                .map(|(i, s)| {
                    let rows = &s[band * ROWS..(band + 1) * ROWS];
                    let key = ((rows[0] as u32) << 16) | rows[1] as u32;
                    (key, i as u32)
                })
                .collect();
            keys.sort_unstable();
            let mut out = Vec::new();
            for run in keys.chunk_by(|a, b| a.0 == b.0) {
                if run.len() < 2 || run.len() > MAX_BUCKET {
                    continue;
                }
                for (k, &(_, a)) in run.iter().enumerate() {
                    for &(_, b) in &run[k + 1..] {
                        if fresh[a as usize] || fresh[b as usize] {
                            out.push((a.min(b), a.max(b)));
                        }
                    }
                }
            }
            out
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_sets_have_similar_signatures() {
        let a: Vec<u32> = (0..1000).collect();
        let b: Vec<u32> = (300..1300).collect(); // Jaccard 700/1300 ≈ 0.54
        let (sa, sb) = (signature(&a), signature(&b));
        let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count();
        let estimate = agree as f64 / HASHES as f64;
        assert!((estimate - 0.54).abs() < 0.15, "{estimate}");
        assert_eq!(from_bytes(&to_bytes(&sa)), Some(sa));
        assert!(is_empty(&signature(&[])));
        // A tiny set fills every bin by densification.
        assert!(signature(&[7]).iter().all(|&v| v == signature(&[7])[0]));
    }
}
