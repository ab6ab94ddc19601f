//! Import benchmark: N generated article-like documents (~2 KB each) into a
//! fresh library, searchable when it ends (search index included). Prints
//! docs/s and peak memory, then times the sqlite3 command-line tool loading
//! the same files into a table plus an FTS5 index in one transaction (the
//! bulk-load floor), when `sqlite3` is installed.
//!
//!     cargo bench --bench import              # 100,000 documents
//!     CORPUSDESK_BENCH_DOCS=20000 cargo bench --bench import
//!
//! With `CORPUSDESK_BENCH_FORMAT=html`, N saved news pages instead (10,000
//! unless `CORPUSDESK_BENCH_DOCS` says otherwise; ~25 KB each, boilerplate and
//! script included, four site layouts): pages/s, peak memory, and how much of
//! each page's article came through: body word-3-gram F1, headline, day.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use corpusdesk::core::Library;
use corpusdesk::core::import::ImportOptions;
use corpusdesk::core::store::documents;
use corpusdesk::core::{DocState, Document};
use corpusdesk::testkit::corpus::{self, Spec};
use corpusdesk::testkit::pages;

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
    corpusdesk::core::memory::tune_allocator();
    if std::env::var("CORPUSDESK_BENCH_FORMAT").as_deref() == Ok("html") {
        return html();
    }
    let docs: usize = std::env::var("CORPUSDESK_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = Spec {
        docs,
        seed: 2026,
        paragraphs: 5,
        bad_files: false,
        // The long tail: 20 MB in four texts of 1 to 10 MB
        // (CORPUSDESK_BENCH_LONG=0 leaves it out).
        long_tail: std::env::var("CORPUSDESK_BENCH_LONG")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(4),
        ..Default::default()
    };
    let t = Instant::now();
    // CORPUSDESK_BENCH_CORPUS=DIR keeps the generated files there for a
    // later run (a profile of the import alone).
    let corpus_dir = std::env::var_os("CORPUSDESK_BENCH_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("corpus"));
    let truth = corpus::write(&corpus_dir, &spec).expect("write corpus");
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
    let report = corpusdesk::core::Library::import_paths(
        &lib,
        std::slice::from_ref(&corpus_dir),
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .expect("import");
    let secs = t.elapsed().as_secs_f64();
    drop(lib);
    let files = report.imported + report.already_present + report.repeated;
    println!(
        "import: {} files ({} documents, {} exact copies) in {:.2} s = {:.0} docs/s; peak memory {:.0} MB (before the import: {:.0} MB)",
        files,
        report.imported,
        report.already_present + report.repeated,
        secs,
        files as f64 / secs,
        peak_rss_mb().unwrap_or(0.0),
        mem_before
    );
    sqlite3_floor(&corpus_dir, &dir.path().join("floor.db"), secs);
    language_check(&truth);
}

/// The language step alone on the import's first 20,000 texts: how many the
/// function words settle, and its time against whatlang on every text.
fn language_check(truth: &corpus::Truth) {
    use corpusdesk::core::import::language;
    let texts: Vec<String> = truth
        .files
        .iter()
        .take(20_000)
        .filter_map(|f| std::fs::read_to_string(&f.path).ok())
        .map(|t| t.chars().take(400).collect())
        .collect();
    let t = Instant::now();
    let settled = texts
        .iter()
        .filter(|s| language::by_function_words(s).is_some())
        .count();
    let fast = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let found = texts
        .iter()
        .filter(|s| language::detect(s).is_some())
        .count();
    let both = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let whatlang = texts
        .iter()
        .filter(|s| language::by_whatlang(s).is_some())
        .count();
    let slow = t.elapsed().as_secs_f64();
    let per = |s: f64| s * 1e6 / texts.len() as f64;
    println!(
        "language: function words settle {settled} of {} texts ({:.1} µs each); detection {:.1} µs a text ({found} found) against whatlang alone {:.1} µs ({whatlang} found)",
        texts.len(),
        per(fast),
        per(both),
        per(slow)
    );
}

/// The sqlite3 shell reads every file (`fsdir`) into a table and builds an
/// FTS5 index over it, in one transaction: what a bulk load costs at least.
fn sqlite3_floor(corpus: &std::path::Path, db: &std::path::Path, ours: f64) {
    let script = format!(
        "CREATE TABLE docs(path TEXT, text TEXT);
         CREATE VIRTUAL TABLE docs_fts USING fts5(text, content='docs', content_rowid='rowid',
                                                 tokenize='unicode61 remove_diacritics 2');
         BEGIN;
         INSERT INTO docs(path, text)
             SELECT name, CAST(data AS TEXT) FROM fsdir('{}') WHERE (mode & 61440) = 32768;
         INSERT INTO docs_fts(rowid, text) SELECT rowid, text FROM docs;
         COMMIT;
         SELECT count(*) FROM docs;",
        corpus.display().to_string().replace('\'', "''")
    );
    let t = Instant::now();
    let out = std::process::Command::new("sqlite3")
        .arg(db)
        .arg(&script)
        .output();
    let secs = t.elapsed().as_secs_f64();
    match out {
        Ok(o) if o.status.success() => {
            let n: f64 = String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse()
                .unwrap_or(0.0);
            println!(
                "sqlite3 shell, table + FTS5 in one transaction: {n:.0} files in {secs:.2} s = {:.0} docs/s; corpusdesk took {:.2}× its time",
                n / secs,
                ours / secs
            );
        }
        Ok(o) => println!(
            "sqlite3 shell failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => println!("sqlite3 shell not run ({e}): install sqlite3 to compare"),
    }
}

/// Saved news pages: speed, memory and what came through.
fn html() {
    let n: usize = std::env::var("CORPUSDESK_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("pages");
    let t = Instant::now();
    let pages = pages::write(&root, n, 2026).expect("write pages");
    let bytes: u64 = pages
        .iter()
        .map(|p| std::fs::metadata(&p.path).map(|m| m.len()).unwrap_or(0))
        .sum();
    eprintln!(
        "generated {n} pages ({:.0} MB, {:.1} KB average) in {:.1} s",
        bytes as f64 / 1e6,
        bytes as f64 / n as f64 / 1e3,
        t.elapsed().as_secs_f64()
    );
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let lib = Library::open(dir.path().join("bench.corpusdesk")).expect("library");
    let t = Instant::now();
    let report = corpusdesk::core::Library::import_paths(
        &lib,
        &[root],
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .expect("import");
    let secs = t.elapsed().as_secs_f64();
    let peak = peak_rss_mb().unwrap_or(0.0);
    println!(
        "import: {} pages ({} errors, {} notes) in {:.2} s = {:.0} pages/s; peak memory {:.0} MB",
        report.imported + report.already_present,
        report.errors.len(),
        report.notes.len(),
        secs,
        n as f64 / secs,
        peak
    );

    let conn = lib.reader().expect("reader");
    let mut by_name: std::collections::HashMap<String, Document> = Default::default();
    documents::for_each(&conn, DocState::Active, |d| {
        for p in &d.paths {
            by_name.insert(p.rsplit('/').next().unwrap_or(p).to_string(), d.clone());
        }
        Ok(())
    })
    .expect("documents");
    let (mut f1s, mut titles, mut days) = (Vec::new(), 0, 0);
    for page in &pages {
        let name = page.path.file_name().unwrap().to_string_lossy().to_string();
        let Some(d) = by_name.get(&name) else {
            f1s.push((0.0, page.layout));
            continue;
        };
        let text = documents::text(&conn, d.id).expect("text");
        f1s.push((pages::body_f1(&text, &page.body), page.layout));
        titles += usize::from(d.title == page.title);
        days += usize::from(d.date.map(|x| x.to_string()).as_deref() == Some(&page.date));
    }
    let mean = |layout: Option<&str>| {
        let v: Vec<f64> = f1s
            .iter()
            .filter(|(_, l)| layout.is_none_or(|x| x == *l))
            .map(|(f, _)| *f)
            .collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let worst = f1s.iter().map(|(f, _)| *f).fold(f64::INFINITY, f64::min);
    println!(
        "body word-3-gram F1: mean {:.3}, worst {:.3} (cms {:.3}, legacy {:.3}, blog {:.3}, tabloid {:.3}); headline right {titles}/{n}, day right {days}/{n}",
        mean(None),
        worst,
        mean(Some("cms")),
        mean(Some("legacy")),
        mean(Some("blog")),
        mean(Some("tabloid")),
    );
}
