//! REFI-QDA benchmark: a copy of the search benchmark's library (100,000
//! generated stories of ~2 KB plus four 5 MB texts, two of them a single
//! line) (95,047 documents once exact copies are folded) with 209,000 coded
//! passages by two coders and 1,900 memos,
//! exported as a `.qdpx` project, then that project imported into an
//! empty library. Each step runs in a process of its own (this benchmark
//! started again), which reports its time and peak memory.
//!
//!     cargo bench --bench exchange
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use corpusdesk::core::Library;
use corpusdesk::core::export::{Duplicates, ExportOptions, Format};
use corpusdesk::core::store::exchange::{CodingImport, CodingIn, MemoIn};

/// Peak resident memory of this process (Linux), in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    corpusdesk::core::memory::tune_allocator();
    // A step in a process of its own: `STEP=export LIB OUT` or
    // `STEP=import LIB PROJECT`.
    if let Ok(step) = std::env::var("EXCHANGE_STEP") {
        let lib = PathBuf::from(std::env::var("EXCHANGE_LIBRARY").unwrap());
        let file = PathBuf::from(std::env::var("EXCHANGE_FILE").unwrap());
        return run_step(&step, &lib, &file);
    }
    let src = corpusdesk::testkit::prose::library(100_000);
    let dir = tempfile::tempdir_in(src.parent().unwrap()).unwrap();
    let path = dir.path().join("exchange.corpusdesk");
    {
        let lib = Library::open(&src).unwrap();
        lib.backup(&path, true).unwrap();
    }
    let lib = Library::open(&path).unwrap();
    let t = Instant::now();
    let passages = code(&lib);
    println!(
        "coded {passages} passages (2 coders) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    drop(lib);
    let project = dir.path().join("bench.qdpx");
    step("export", &path, &project);
    println!(
        "project: {:.0} MB on disk",
        std::fs::metadata(&project).unwrap().len() as f64 / 1e6
    );
    let empty = dir.path().join("empty.corpusdesk");
    step("import", &empty, &project);
}

/// Two passages per document (coders ana and ben; a third on every fifth
/// document), a memo on about one passage in a hundred, in one write.
fn code(lib: &Library) -> usize {
    let conn = lib.reader().unwrap();
    let docs: Vec<(i64, i64)> = conn
        .prepare("SELECT id, length(text) FROM documents WHERE state = 0 ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut plan = CodingImport {
        label: "bench coding".into(),
        ..CodingImport::default()
    };
    for (i, &(doc, len)) in docs.iter().enumerate() {
        // Every fifth document a third passage, overlapping: both coders.
        let third = (i % 5 == 0).then_some(("bench/frame", "ben", 10i64));
        for (k, (tag, coder, start)) in [("bench/frame", "ana", 0i64), ("bench/actor", "ben", 40)]
            .into_iter()
            .chain(third)
            .enumerate()
        {
            let end = (start + 80).min(len);
            if end <= start {
                continue;
            }
            plan.codings.push(CodingIn {
                doc,
                tag: tag.into(),
                start,
                end,
                coder: coder.into(),
                created_at: 1_700_000_000,
                memo: ((i * 3 + k) % 150 == 0).then(|| MemoIn {
                    text: format!("Why this passage ({i}): the framing — «économie» matters."),
                    author: coder.into(),
                    created_at: 1_700_000_000,
                }),
            });
        }
    }
    let n = plan.codings.len();
    lib.writer()
        .write(move |tx| corpusdesk::core::store::exchange::import_coding(tx, &plan))
        .unwrap();
    n
}

/// Runs one step in a new process and prints what it says.
fn step(name: &str, library: &Path, file: &Path) {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("EXCHANGE_STEP", name)
        .env("EXCHANGE_LIBRARY", library)
        .env("EXCHANGE_FILE", file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    print!("{}", String::from_utf8_lossy(&out.stdout));
}

fn run_step(step: &str, library: &Path, file: &Path) {
    let lib = Library::open(library).unwrap();
    let t = Instant::now();
    match step {
        "export" => {
            let r = lib
                .export(
                    file,
                    &ExportOptions {
                        format: Format::Qdpx,
                        duplicates: Duplicates::IncludeMarked,
                        split: None,
                        overwrite: true,
                        shard_rows: None,
                    },
                )
                .unwrap();
            println!(
                "export: {} documents with {} in {:.1} s, peak memory {:.0} MB",
                r.documents,
                r.detail.unwrap_or_default(),
                t.elapsed().as_secs_f64(),
                peak_rss_mb()
            );
        }
        _ => {
            let r = lib.import(&[file.to_path_buf()]).unwrap();
            let said: Vec<&str> = r.projects.iter().map(|p| p.reason.as_str()).collect();
            println!(
                "import: {} documents ({}) in {:.1} s, peak memory {:.0} MB; {} not imported",
                r.imported,
                said.join("; "),
                t.elapsed().as_secs_f64(),
                peak_rss_mb(),
                r.errors.len()
            );
        }
    }
}
