//! Import benchmark: N generated article-like documents (~3 KB each) into a
//! fresh library, FTS index included. Prints docs/s and peak memory.
//!
//!     cargo bench --bench import              # 100,000 documents
//!     CORPUSDESK_BENCH_DOCS=20000 cargo bench --bench import
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use corpusdesk::core::Library;
use corpusdesk::core::import::{self, ImportOptions};
use corpusdesk::testkit::corpus::{self, Spec};

/// Peak resident memory of this process (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    // `cargo test --benches` passes --bench-less args; only run when benchmarking.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let docs: usize = std::env::var("CORPUSDESK_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = Spec {
        docs,
        seed: 2026,
        bad_files: false,
        ..Default::default()
    };
    let t = Instant::now();
    let truth = corpus::write(&dir.path().join("corpus"), &spec).expect("write corpus");
    let bytes: u64 = truth
        .files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0))
        .sum();
    eprintln!(
        "generated {} files ({:.0} MB, {:.1} KB average) in {:.1} s",
        truth.files.len(),
        bytes as f64 / 1e6,
        bytes as f64 / truth.files.len() as f64 / 1e3,
        t.elapsed().as_secs_f64()
    );
    let mem_before = peak_rss_mb().unwrap_or(0.0);
    // Forget the generator's peak, so the figure is the import's own.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let lib = Library::open(dir.path().join("bench.corpusdesk")).expect("library");
    let t = Instant::now();
    let report = import::import_paths(
        &lib,
        &[dir.path().join("corpus")],
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .expect("import");
    let secs = t.elapsed().as_secs_f64();
    drop(lib);
    let files = report.imported + report.already_present;
    println!(
        "import: {} files ({} documents, {} exact copies) in {:.2} s = {:.0} docs/s; peak memory {:.0} MB (before the import: {:.0} MB)",
        files,
        report.imported,
        report.already_present,
        secs,
        files as f64 / secs,
        peak_rss_mb().unwrap_or(0.0),
        mem_before
    );
}
