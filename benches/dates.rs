//! The date and title rules on generated plain-text stories: header blocks
//! (every date form, labels in four languages) and undated stories whose
//! bodies mention dates. Prints right / wrong / missed and the rate.
//!
//!     cargo bench --bench dates                 # 100,000 of each
//!     CORPUSDESK_BENCH_DOCS=10000 cargo bench --bench dates
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmarks stop at the first surprise

use std::time::Instant;

use corpusdesk::testkit::headers::{self, Score};

fn pct(n: usize, of: usize) -> f64 {
    100.0 * n as f64 / of.max(1) as f64
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n: usize = std::env::var("CORPUSDESK_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let blocks = headers::with_header_blocks(n, 2026);
    let decidable = blocks.iter().filter(|c| c.date.is_some()).count();
    let t = Instant::now();
    let s: Score = headers::score(&blocks);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "header blocks: {n} stories ({decidable} with a decidable date, {} ambiguous day/month): right {} ({:.2}%), wrong {} ({:.3}%), missed {}; ambiguous left out and noted {}; titles right {:.2}%; {:.0} stories/s",
        n - decidable,
        s.right,
        pct(s.right, decidable),
        s.wrong,
        pct(s.wrong, n),
        s.missed,
        s.ambiguous_noted,
        pct(s.titles_right, n),
        n as f64 / secs
    );
    let undated = headers::undated(n, 2027);
    let u = headers::score(&undated);
    println!(
        "undated stories that mention dates: {n}: given a date {} ({:.3}%); titles right {:.2}%",
        u.wrong,
        pct(u.wrong, n),
        pct(u.titles_right, n)
    );
}
