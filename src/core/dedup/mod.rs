//! Exact and near-duplicate detection (UI-free).
//!
//! 1. Each text becomes normalised lines ([`normalize`]).
//! 2. Lines that recur in many documents of the library are an outlet's
//!    boilerplate ("follow our channel", donation appeals) and are dropped
//!    before comparing, so unrelated stories of one outlet do not match.
//! 3. The rest becomes 5-word shingles; MinHash signatures and LSH bands
//!    ([`minhash`]) propose candidate pairs without comparing every pair.
//!    Documents that share a few sampled shingles ([`anchors`]) are
//!    candidates too: a text quoting one paragraph of a long one.
//! 4. Every candidate is compared on the shingles themselves: the shared
//!    text must be most of the shorter document and a large part of the
//!    longer one ([`verify`]); a library too small to learn boilerplate from
//!    (the two sample files alone) is still handled, since a shared footer is
//!    a small part of either story while a republished story is most of both.
//! 5. Then on where the texts agree ([`judge`], over the aligned
//!    [`passages`]): two documents that each have a body of prose the other
//!    lacks share a block but are different stories ("related"); two whose
//!    differences inside the shared text are figures, dated on different
//!    days, are reports from one template. Only duplicates cluster.
//! 6. Clusters are stars around a keeper (dated over undated, then longest,
//!    then earliest): a document joins only when verified against the keeper,
//!    so chains of "A looks like B looks like C" cannot merge unrelated stories.

pub mod anchors;
pub mod cluster;
pub mod diff;
mod extra;
pub mod headline;
pub mod judge;
pub mod minhash;
pub mod normalize;
pub mod passages;
pub mod portable;
pub mod run;
mod stages;
pub mod story;
pub mod verify;

pub use cluster::{Cluster, DocInfo, KeeperInfo, Member, Options, Pair, find_clusters, find_pairs};
pub use judge::{Judgement, PairKind};
pub use run::{RunOptions, RunProgress, RunReport, run};
pub use verify::{DEFAULT_THRESHOLD, MIN_THRESHOLD, Similarity, snap_threshold};
