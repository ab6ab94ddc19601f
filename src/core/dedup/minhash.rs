//! Shingles, MinHash signatures and LSH banding: candidate pairs without
//! comparing every pair of documents.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Hash functions per signature (= BANDS × ROWS).
pub const HASHES: usize = 128;
/// LSH bands of ROWS rows each: a pair with Jaccard 0.5 becomes a candidate
/// with probability 1 - (1 - 0.5^4)^32 ≈ 0.87, one with 0.3 only ≈ 0.23.
pub const BANDS: usize = 32;
pub const ROWS: usize = 4;

fn hash_of<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// A strong 64-bit mix (splitmix64's finaliser), to derive many hash functions.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

pub fn line_hash(line: &str) -> u64 {
    hash_of(line)
}

/// Sorted, distinct hashes of the `SHINGLE`-word windows over `words`
/// (a shorter text gives one shingle of all its words).
pub fn shingles<'a>(words: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let words: Vec<u64> = words.map(hash_of).collect();
    let mut out: Vec<u64> = if words.len() < SHINGLE {
        if words.is_empty() {
            Vec::new()
        } else {
            vec![hash_of(&words)]
        }
    } else {
        words.windows(SHINGLE).map(hash_of).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// The MinHash signature of a shingle set.
pub fn signature(shingles: &[u64]) -> Vec<u64> {
    (0..HASHES as u64)
        .map(|i| {
            let seed = mix(i.wrapping_add(0x9e37_79b9_7f4a_7c15));
            shingles
                .iter()
                .map(|&s| mix(s ^ seed))
                .min()
                .unwrap_or(u64::MAX)
        })
        .collect()
}

/// Index pairs `(i, j)`, `i < j`, whose signatures agree on a whole band.
pub fn candidates(signatures: &[Vec<u64>]) -> HashSet<(usize, usize)> {
    let mut pairs = HashSet::new();
    for band in 0..BANDS {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, sig) in signatures.iter().enumerate() {
            if sig.first() == Some(&u64::MAX) {
                continue; // no shingles
            }
            let rows = &sig[band * ROWS..(band + 1) * ROWS];
            buckets.entry(hash_of(rows)).or_default().push(i);
        }
        for members in buckets.values() {
            // A huge bucket is boilerplate-like noise; verifying it all would be quadratic.
            if members.len() > 200 {
                continue;
            }
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs
}
