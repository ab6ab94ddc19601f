//! Duplicate-detection benchmark: N generated documents (~3 KB) imported
//! into a library, then a full run from scratch (time, peak memory),
//! accuracy against the planted stories at several thresholds, and an
//! incremental run after one more import of 1,000 documents, then
//! resolving every open cluster at once and undoing it (one re-clustering
//! each, through the store's one door).
//!
//!     cargo bench --bench dedup               # 100,000 documents
//!     CORPUSDESK_BENCH_DOCS=20000 cargo bench --bench dedup
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmarks stop at the first surprise

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use corpusdesk::core::Library;
use corpusdesk::core::dedup::RunOptions;
use corpusdesk::core::import::ImportOptions;
use corpusdesk::core::store::{clusters as stored, documents};
use corpusdesk::testkit::accuracy::{self, Planted};
use corpusdesk::testkit::corpus::{self, Expect, Spec};
use corpusdesk::testkit::hard_cases::Hard;

/// Peak resident memory of the largest finished child process, in MB.
#[allow(unsafe_code)] // getrusage: a plain libc call
fn child_peak_rss_mb() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

fn import(lib: &Library, paths: &[std::path::PathBuf]) {
    corpusdesk::core::Library::import_paths(
        lib,
        paths,
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .expect("import");
}

/// What each document was planted as, found by its path.
fn planted(truth: &corpus::Truth, conn: &rusqlite::Connection) -> HashMap<i64, Planted> {
    type Truth = (usize, Option<corpus::CopyKind>, Option<Hard>);
    let by_path: HashMap<String, Truth> = truth
        .files
        .iter()
        .filter_map(|f| match &f.expect {
            Expect::Document {
                story, copy, hard, ..
            } => Some((
                f.path.to_string_lossy().into_owned(),
                (*story, *copy, *hard),
            )),
            _ => None,
        })
        .collect();
    let mut planted = HashMap::new();
    documents::for_each(conn, corpusdesk::core::model::DocState::Active, |d| {
        if let Some(&(story, copy, hard)) = by_path.get(&d.path) {
            let text = documents::text(conn, d.id)?;
            planted.insert(
                d.id,
                Planted {
                    story,
                    // A document that is also an exact copy's source counts once, as itself.
                    copy: copy.filter(|c| *c != corpus::CopyKind::Exact),
                    text,
                    hard,
                },
            );
        }
        Ok(())
    })
    .unwrap();
    planted
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    corpusdesk::core::memory::tune_allocator();
    let docs: usize = std::env::var("CORPUSDESK_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let extra = 1000;
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = Spec {
        docs: docs + extra,
        seed: 2026,
        bad_files: false,
        hard_share: 0.04,
        long_tail: 4,
        ..Default::default()
    };
    let root = dir.path().join("corpus");
    let truth = corpus::write(&root, &spec).expect("write corpus");
    // Folders hold 500 files each: the last ones are the later import.
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // The long tail goes in with the first import.
    folders.sort_by_key(|p| (!p.ends_with("long"), p.clone()));
    let later = folders.split_off(folders.len() - extra / 500);
    let lib = Library::open(dir.path().join("bench.corpusdesk")).expect("library");
    let t = Instant::now();
    import(&lib, &folders);
    let conn = lib.reader().unwrap();
    let n = documents::count(&conn, corpusdesk::core::model::DocState::Active).unwrap();
    eprintln!(
        "imported {n} documents in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // The figure users see: `corpusdesk dedup --full` in a process of its own.
    let t = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_corpusdesk"))
        .arg("--library")
        .arg(lib.path())
        .args(["dedup", "--full", "--json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run corpusdesk");
    let secs = t.elapsed().as_secs_f64();
    assert!(status.success());
    println!(
        "dedup from scratch (corpusdesk dedup --full): {n} documents in {secs:.2} s ({:.0} docs/s); peak memory {:.0} MB",
        n as f64 / secs,
        child_peak_rss_mb()
    );

    // The same in this process, stage by stage.
    let t = Instant::now();
    // Each stage's start, with the memory in use then.
    let mut last_stage = String::new();
    let mut on_progress = |p: &corpusdesk::core::dedup::RunProgress| {
        if p.stage != last_stage {
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("VmRSS:"))
                        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
                })
                .unwrap_or(0.0);
            eprintln!(
                "  {:>6.2} s  {:>5.0} MB  {}",
                t.elapsed().as_secs_f64(),
                rss / 1024.0,
                p.stage
            );
            last_stage = p.stage.clone();
        }
    };
    let report = corpusdesk::core::dedup::run(
        &lib,
        &RunOptions {
            full: true,
            ..Default::default()
        },
        &AtomicBool::new(false),
        &mut on_progress,
    )
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "  in-process: {:.2} s, {} candidate pairs, {} verified, {} clusters",
        secs, report.candidates, report.pairs, report.clusters,
    );

    let planted = planted(&truth, &conn);
    for threshold in [0.5, 0.6, 0.7, 0.8] {
        let t = Instant::now();
        let clusters = stored::compute_clusters(&conn, threshold).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let groups: Vec<Vec<i64>> = clusters.iter().map(|c| c.ids()).collect();
        let scores = accuracy::score(&planted, &groups);
        println!(
            "threshold {threshold}: {} clusters (rebuilt from stored pairs in {ms:.0} ms)\n{scores}",
            clusters.len()
        );
    }

    // One more import, then an incremental run.
    import(&lib, &later);
    let t = Instant::now();
    let report = lib.find_duplicates(&RunOptions::default()).unwrap();
    println!(
        "incremental run after importing {extra} more: indexed {} documents in {:.2} s, {} clusters",
        report.indexed,
        t.elapsed().as_secs_f64(),
        report.clusters
    );

    // Resolve every open cluster in one step, then undo it.
    for how in [
        corpusdesk::core::store::decisions::Resolution::NotDuplicates,
        corpusdesk::core::store::decisions::Resolution::MarkDuplicates,
    ] {
        let open = corpusdesk::core::store::review::open_clusters(&lib.reader().unwrap()).unwrap();
        let n = open.len();
        let t = Instant::now();
        let reclusters = lib
            .writer()
            .write(move |tx| {
                let before = stored::reclusters_on_this_thread();
                corpusdesk::core::store::decisions::resolve(tx, &open, how)?;
                Ok(stored::reclusters_on_this_thread() - before)
            })
            .unwrap();
        let resolve = t.elapsed().as_secs_f64();
        let t = Instant::now();
        lib.undo().unwrap();
        println!(
            "resolve all {n} clusters ({how:?}): {resolve:.2} s, {reclusters} re-clustering; undo {:.2} s",
            t.elapsed().as_secs_f64()
        );
    }
}
