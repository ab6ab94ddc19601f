//! Export benchmark: 100,000 generated documents (~3 KB) imported, then
//! exported to JSONL, CSV, a folder of .txt files and Parquet (one file,
//! and shards of 25,000 rows read back by a fresh library).
//!
//!     cargo bench --bench export          # CORPUSDESK_BENCH_DOCS=N for another size
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use corpusdesk::core::Library;
use corpusdesk::core::export::{self, Duplicates, ExportOptions, Format, Split};
use corpusdesk::core::import::ImportOptions;
use corpusdesk::testkit::corpus::{self, Spec};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let docs: usize = std::env::var("CORPUSDESK_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        docs,
        seed: 2027,
        exact_copy_share: 0.0,
        bad_files: false,
        ..Default::default()
    };
    corpus::write(&dir.path().join("corpus"), &spec).unwrap();
    let lib = Library::open(dir.path().join("bench.corpusdesk")).unwrap();
    let t = Instant::now();
    corpusdesk::core::Library::import_paths(
        &lib,
        &[dir.path().join("corpus")],
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    eprintln!(
        "imported {docs} documents in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    lib.tag_documents("bench", (1..=docs as i64).step_by(3).collect(), true)
        .unwrap();
    for (format, name, split, shards) in [
        (Format::Jsonl, "out.jsonl", None, None),
        (
            Format::Jsonl,
            "split.jsonl",
            Some(Split::parse("0.8,0.1,0.1", 1).unwrap()),
            None,
        ),
        (Format::Csv, "out.csv", None, None),
        (Format::Txt, "texts", None, None),
        (Format::Parquet, "out.parquet", None, None),
        (Format::Parquet, "shards", None, Some(25_000)),
    ] {
        let dest = dir.path().join(name);
        let t = Instant::now();
        let report = export::export(
            &lib,
            None,
            &dest,
            &ExportOptions {
                format,
                duplicates: Duplicates::LeaveOutMarked,
                split,
                overwrite: false,
                shard_rows: shards,
            },
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap();
        let secs = t.elapsed().as_secs_f64();
        let bytes = if dest.is_dir() {
            std::fs::read_dir(&dest)
                .unwrap()
                .map(|e| e.unwrap().metadata().unwrap().len())
                .sum()
        } else {
            std::fs::metadata(&dest).unwrap().len()
        };
        println!(
            "export {name}: {} documents in {secs:.2} s ({:.0} docs/s){}",
            report.documents,
            report.documents as f64 / secs,
            if bytes > 0 {
                format!(", {:.0} MB", bytes as f64 / 1e6)
            } else {
                String::new()
            }
        );
    }
    // The shards back into a fresh library.
    let back = Library::open(dir.path().join("back.corpusdesk")).unwrap();
    let t = Instant::now();
    let report = corpusdesk::core::Library::import_paths(
        &back,
        &[dir.path().join("shards")],
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "import shards (Parquet): {} documents in {secs:.2} s ({:.0} docs/s)",
        report.imported,
        report.imported as f64 / secs
    );
}
