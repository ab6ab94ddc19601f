//! Search benchmark: p50/p95 of the first page (best 20) and the exact hit
//! count, for common, rare, phrase, prefix, OR, exclusion and filtered
//! queries, on a 100,000-document library of ~2 KB generated news prose and
//! on the view benchmark's 1,000,000-document library; and the time to
//! rebuild the 1M library's search index from nothing.
//!
//!     cargo bench --bench search                      # both libraries (built once, cached)
//!     CORPUSDESK_BENCH_SEARCH=100k cargo bench --bench search
//!     CORPUSDESK_BENCH_SEARCH=1m cargo bench --bench search
//!
//! What is timed is `view::search_page`, what the window runs on each
//! keystroke: the query, the filters, the ranking and the count.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use corpusdesk::core::search::{self, sync};
use corpusdesk::core::timeline::period_days;
use corpusdesk::core::view::{self, DateFilter, Filter};

const RUNS: usize = 40;

fn prose_library(n: usize) -> PathBuf {
    corpusdesk::testkit::prose::library(n)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn run(conn: &rusqlite::Connection, label: &str, filter: &Filter) -> (f64, f64) {
    let cancel = AtomicBool::new(false);
    let first = view::search_page(conn, filter, 20, &cancel).unwrap();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let page = view::search_page(conn, filter, 20, &cancel).unwrap();
            let d = t.elapsed();
            assert_eq!(page, first);
            d
        })
        .collect();
    times.sort();
    let p50 = ms(times[RUNS / 2]);
    let p95 = ms(times[RUNS * 95 / 100]);
    println!(
        "  {label:<34} {:>9} hits   p50 {p50:>7.2} ms   p95 {p95:>7.2} ms",
        first.total
    );
    (p50, p95)
}

fn query(q: &str) -> Filter {
    Filter {
        query: Some(q.to_string()),
        ..Default::default()
    }
}

fn bench(path: &Path, name: &str, rare: &str) {
    let conn = corpusdesk::core::store::open_reader(path).unwrap();
    let docs: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    // Bring the index in step (built once per library, then cached).
    let t = Instant::now();
    let index = search::current_index(&conn, None).unwrap();
    if t.elapsed() > Duration::from_secs(1) {
        println!("{name}: index built in {:.1} s", t.elapsed().as_secs_f64());
    }
    let size: u64 = walkdir::WalkDir::new(index.dir())
        .into_iter()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "{name}: {docs} documents, index {:.0} MB; the best 20 and the exact count ({RUNS} runs each):",
        size as f64 / 1e6
    );
    let year = |y: i32| {
        let (from, to) = period_days(&y.to_string()).unwrap();
        DateFilter::Range { from, to }
    };
    let mut worst = 0.0f64;
    let mut all = Vec::new();
    for (label, filter) in [
        ("common: the", query("the")),
        ("common: said", query("said")),
        ("rare", query(rare)),
        ("phrase: \"the minister\"", query("\"the minister\"")),
        ("phrase: \"said on monday\"", query("\"said on monday\"")),
        ("prefix: refug*", query("refug*")),
        ("prefix: s*", query("s*")),
        ("or: storm OR drought", query("storm OR drought")),
        ("exclusion: minister -election", query("minister -election")),
        ("words: border talks", query("border talks")),
        (
            "filtered: the, one year",
            Filter {
                dates: Some(year(2018)),
                ..query("the")
            },
        ),
        (
            "filtered: minister, undated",
            Filter {
                dates: Some(DateFilter::Undated),
                ..query("minister")
            },
        ),
    ] {
        let (p50, p95) = run(&conn, label, &filter);
        worst = worst.max(p95);
        all.push(p50);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "{name}: median of the queries' p50 {:.2} ms, worst p95 {worst:.2} ms",
        all[all.len() / 2]
    );
}

/// 1,000 queries (words, pairs, phrases, prefixes, exclusions) as a batch.
fn batch(path: &Path) {
    // The words the bulk libraries are written in (all at least 4 letters).
    const WORDS: &[&str] = corpusdesk::testkit::bulk::WORDS;
    let mut rng = 7u64;
    let mut next = |n: usize| {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (rng >> 33) as usize % n
    };
    let mut lines = Vec::new();
    for i in 0..1000 {
        let (a, b) = (WORDS[next(WORDS.len())], WORDS[next(WORDS.len())]);
        lines.push(match i % 5 {
            0 => a.to_string(),
            1 => format!("{a} {b}"),
            2 => format!("\"{a} {b}\""),
            3 => format!("{}*", &a[..4]),
            _ => format!("{a} -{b}"),
        });
    }
    let queries = corpusdesk::core::view::batch::parse(&lines.join("\n")).unwrap();
    let conn = corpusdesk::core::store::open_reader(path).unwrap();
    let t = Instant::now();
    let results = corpusdesk::core::view::batch::run(
        &conn,
        &queries,
        &Filter::default(),
        &AtomicBool::new(false),
        &mut |_, _| {},
    )
    .unwrap();
    let hits: usize = results.iter().map(|r| r.ids.len()).sum();
    println!(
        "batch: {} queries, {hits} hits in all, in {:.2} s ({:.1} ms a query, full ranked lists)",
        results.len(),
        t.elapsed().as_secs_f64(),
        t.elapsed().as_secs_f64() * 1000.0 / results.len() as f64
    );
}

fn rebuild(path: &Path) {
    let conn = corpusdesk::core::store::open_reader(path).unwrap();
    let index = search::SearchIndex::for_library(path).unwrap();
    // A fresh start: the index must vouch for nothing.
    drop(index);
    let _ = std::fs::remove_dir_all(search::index::dir_for(path));
    let index = search::SearchIndex::for_library(path).unwrap();
    let t = Instant::now();
    let n = sync::sync(&index, &conn, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    println!(
        "index rebuild: {n} documents in {:.1} s = {:.0} docs/s",
        t.elapsed().as_secs_f64(),
        n as f64 / t.elapsed().as_secs_f64()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let which = std::env::var("CORPUSDESK_BENCH_SEARCH").unwrap_or_default();
    if which.is_empty() || which == "100k" {
        let path = prose_library(100_000);
        if std::env::var_os("CORPUSDESK_BENCH_REBUILD").is_some() {
            rebuild(&path);
        }
        bench(&path, "100k prose", "\"harbour storm\" railway");
        batch(&path);
    }
    if which.is_empty() || which == "1m" {
        let path = corpusdesk::testkit::bulk::library(1_000_000);
        if std::env::var_os("CORPUSDESK_BENCH_REBUILD").is_some()
            || !search::index::dir_for(&path).join("meta.json").exists()
        {
            rebuild(&path);
        }
        bench(&path, "1M", "654321");
    }
}
