//! The finder one document or one pair at a time, for runs that do not fit
//! one machine: the Python package (`python/`) wraps these functions, and
//! the Spark job (`jobs/`) glues them with shuffles. Each step is the one
//! [`super::run()`] takes, with the app's parameters, so a distributed run
//! finds the app's pairs and clusters:
//!
//! 1. [`line_keys`] of every document, counted across the corpus: lines in
//!    at least [`BOILERPLATE_DOCS`] documents are boilerplate
//!    ([`boiler_lines`]), a small set every worker receives.
//! 2. [`sign`] each document: its LSH band keys, its anchor shingles and its
//!    body size. Documents sharing a band key (in a bucket of at most
//!    [`MAX_BUCKET`]) are candidates; so are documents sharing at least
//!    [`anchors::MIN_SHARED`] anchors, each held by at most
//!    [`anchors::MAX_DF`] documents; and documents with the same text
//!    ([`text_key`]) or, for short notices, the same headline on the same
//!    day ([`notice_key`]), within groups of [`EXTRA_GROUP`].
//! 3. [`judge_pair`] each candidate pair (the lower id first).
//! 4. [`clusters`] over the duplicate pairs of one connected component.

use std::collections::{HashMap, HashSet};

use super::cluster::{self, BoilerLines, Cluster, KeeperInfo, Pair};
use super::judge::{self, PairKind};
use super::normalize::{self, mix};
use super::passages::Passage;
use super::verify::{self, Similarity};
use super::{anchors, minhash};
use crate::core::model::DocId;

pub use super::cluster::BOILERPLATE_DOCS;
pub use super::verify::DEFAULT_THRESHOLD;

pub use super::cluster::{JUDGE_MIN_SHARED, MAX_SIDE_PAIRS};
pub use super::extra::{EXTRA_GROUP, SHORT_NOTICE_BYTES};
pub use super::minhash::MAX_BUCKET;

/// The distinct line hashes of a text, to count across the corpus.
pub fn line_keys(text: &str) -> Vec<u64> {
    let mut keys = cluster::line_hashes(&normalize::tokenize(text));
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The boilerplate lines among `(line, documents holding it)` counts.
pub fn boiler_lines(
    counts: impl IntoIterator<Item = (u64, u32)>,
    boilerplate_docs: u32,
) -> BoilerLines {
    counts
        .into_iter()
        .filter(|&(_, n)| n >= boilerplate_docs.max(2))
        .map(|(h, _)| h)
        .collect()
}

/// What a document contributes to finding candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// One key per LSH band: the band's number in the high 32 bits, its two
    /// rows in the low. Empty when the body is (all boilerplate, or no
    /// words).
    pub bands: Vec<u64>,
    /// Sampled shingles: documents sharing a few hold a common passage.
    pub anchors: Vec<u32>,
    /// Distinct shingles of its body (the keeper is the longest).
    pub shingles: usize,
}

/// A document's body (shingles without boilerplate).
fn body_of(text: &str, boiler: &BoilerLines) -> Vec<u32> {
    let tokens = normalize::tokenize(text);
    if boiler.is_empty() {
        tokens.into_body(|_| false)
    } else {
        tokens.into_body(|h| boiler.contains(&h))
    }
}

/// Signs a text: band keys, anchors and body size.
pub fn sign(text: &str, boiler: &BoilerLines) -> Signed {
    let body = body_of(text, boiler);
    let sig = minhash::signature(&body);
    let bands = if sig.iter().all(|&v| v == u16::MAX) {
        Vec::new()
    } else {
        (0..minhash::BANDS)
            .map(|band| {
                let rows = &sig[band * minhash::ROWS..(band + 1) * minhash::ROWS];
                let key = ((rows[0] as u64) << 16) | rows[1] as u64;
                ((band as u64) << 32) | key
            })
            .collect()
    };
    Signed {
        bands,
        anchors: anchors::sample(&body),
        shingles: body.len(),
    }
}

/// The key of a text for "the same text": the import's normalised text,
/// hashed as the library stores it (the first 8 bytes of its BLAKE3).
pub fn text_key(text: &str) -> u64 {
    let hash = blake3::hash(crate::core::import::text::content_key(text).as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// A day's key, for [`notice_key`].
fn day_key(date: &str) -> u64 {
    mix(date.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    }))
}

/// A short notice's key: its headline and its day. `None` for longer
/// texts, undated ones (or dated to a month), and headlines that name
/// nothing.
pub fn notice_key(title: &str, date: Option<&str>, text_bytes: usize) -> Option<u64> {
    let date = date.filter(|d| d.len() == 10)?;
    if text_bytes as i64 > SHORT_NOTICE_BYTES {
        return None;
    }
    let headline = judge::Headline::new(title).key()?;
    Some(mix(headline ^ day_key(date)))
}

/// One side of a judged pair.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    pub text: &'a str,
    pub title: &'a str,
    /// The date the document states (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`).
    pub date: Option<&'a str>,
}

/// How a candidate pair was proposed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Proposed {
    /// By a shared band key or shared anchors.
    pub shingles: bool,
    /// By the same text.
    pub same_text: bool,
    /// By the same notice headline on the same day.
    pub notice: bool,
}

/// A judged pair: what it is, how alike, and the passages the two share
/// (word ranges in each text).
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub kind: PairKind,
    pub similarity: Similarity,
    pub passages: Vec<Passage>,
}

impl Verdict {
    /// A duplicate at `threshold` (what clusters).
    pub fn is_duplicate(&self, threshold: f64) -> bool {
        self.kind == PairKind::Duplicate && self.similarity.is_duplicate(threshold)
    }
}

/// Judges a candidate pair as the app does: compared on their bodies,
/// then on where the texts agree. `None`: not worth keeping.
pub fn judge_pair(a: &Doc, b: &Doc, boiler: &BoilerLines, how: Proposed) -> Option<Verdict> {
    let (x, y) = (body_of(a.text, boiler), body_of(b.text, boiler));
    let s = verify::compare(&x, &y);
    let shared = s.containment * x.len().min(y.len()) as f64;
    let kept = how.shingles && (s.is_kept() || shared >= JUDGE_MIN_SHARED);
    let s = if kept {
        s
    } else if how.same_text {
        Similarity::identical()
    } else if how.notice {
        s
    } else {
        return None;
    };
    let text = |d: &Doc| {
        cluster::judge_text(
            normalize::tokenize(d.text),
            &|h| boiler.contains(&h),
            d.date.map(str::to_string),
        )
        .with_headline(d.title)
    };
    let j = judge::judge(&text(a), &text(b), &s)?;
    Some(Verdict {
        kind: j.kind,
        similarity: j.similarity,
        passages: j.passages,
    })
}

/// What choosing a keeper needs: whether the document states a date, its
/// body size ([`Signed::shingles`]) and its order (earliest wins ties).
#[derive(Debug, Clone, Copy)]
pub struct Member {
    pub dated: bool,
    pub shingles: usize,
    pub order: i64,
}

/// The clusters among duplicate pairs `(a, b, verdict)`: stars around
/// keepers, as the app builds them. Exact whenever `pairs` holds every
/// duplicate pair of a connected component.
pub fn clusters(
    pairs: &[(DocId, DocId, Verdict)],
    members: &HashMap<DocId, Member>,
    threshold: f64,
) -> Vec<Cluster> {
    let pairs: Vec<Pair> = pairs
        .iter()
        .map(|(a, b, v)| Pair::new(*a, *b, &v.similarity, v.kind))
        .collect();
    let info: HashMap<DocId, KeeperInfo> = members
        .iter()
        .map(|(&id, m)| {
            (
                id,
                KeeperInfo {
                    chosen: false,
                    dated: m.dated,
                    length: m.shingles,
                    imported_at: m.order,
                },
            )
        })
        .collect();
    cluster::build_clusters(&pairs, &info, &HashSet::new(), threshold)
}
