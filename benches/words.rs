//! Words benchmark on the search benchmark's library of 100,000 generated
//! news stories (~2 KB each): a concordance of a common word (first screen
//! of lines, then all), the frequency list, keywords of a search against
//! the rest of the library, collocations of a common word; peak memory.
//!
//!     cargo bench --bench words                       # 100,000 documents
//!     CORPUSDESK_BENCH_WORDS=1m cargo bench --bench words   # + frequency list over the 1M view library
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use corpusdesk::core::Library;
use corpusdesk::core::view::Filter;
use corpusdesk::core::words::{self, collocates, freq, keywords, kwic};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A first screen of a concordance.
const SCREEN: usize = 40;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    corpusdesk::core::memory::tune_allocator();
    let path = corpusdesk::testkit::prose::library(100_000);
    let lib = Library::open(&path).unwrap();
    let conn = lib.reader().unwrap();
    let no = AtomicBool::new(false);
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let t = Instant::now();
    let all = words::scope(&conn, &Filter::default(), &no).unwrap();
    println!(
        "scope: {} documents in {:.0} ms",
        all.len(),
        ms(t.elapsed())
    );

    // The concordance runs as the window runs it: lines arrive while a
    // reader watches for the first screen.
    for word in ["the", "minister", "\"the minister\"", "negotiat*"] {
        let pattern = kwic::Pattern::parse(word).unwrap();
        let found = kwic::Shared::default();
        let finished = std::sync::Arc::new(AtomicBool::new(false));
        let watcher = {
            let found = found.clone();
            let finished = finished.clone();
            std::thread::spawn(move || {
                let t = Instant::now();
                loop {
                    let n = found.lock().unwrap().lines.len();
                    if n >= SCREEN || finished.load(std::sync::atomic::Ordering::Relaxed) {
                        return t.elapsed();
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        };
        let t = Instant::now();
        let path2 = path.clone();
        let ids = all.clone();
        let f2 = found.clone();
        let runner = std::thread::spawn(move || {
            let lib = Library::open(&path2).unwrap();
            let conn = lib.reader().unwrap();
            kwic::concordance(
                &conn,
                &ids,
                &pattern,
                8,
                &f2,
                &AtomicBool::new(false),
                &mut |_, _| {},
            )
            .unwrap();
        });
        runner.join().unwrap();
        let all_lines = t.elapsed();
        finished.store(true, std::sync::atomic::Ordering::Relaxed);
        let first = watcher.join().unwrap();
        let f = found.lock().unwrap();
        println!(
            "kwic {word}: first {SCREEN} lines {:.0} ms, all {} lines ({} hits) {:.0} ms",
            ms(first),
            f.lines.len(),
            f.hits,
            ms(all_lines)
        );
    }

    let t = Instant::now();
    let list = freq::frequencies(&conn, &all, &Default::default(), &no, &mut |_, _| {}).unwrap();
    println!(
        "frequency list: {} words, {} tokens in {:.2} s",
        list.rows.len(),
        list.tokens,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let bi = freq::frequencies(
        &conn,
        &all,
        &freq::FreqOptions {
            ngram: 2,
            stopwords: true,
            stem: false,
        },
        &no,
        &mut |_, _| {},
    )
    .unwrap();
    println!(
        "bigrams, stop words out: {} in {:.2} s",
        bi.rows.len(),
        t.elapsed().as_secs_f64()
    );

    let target = words::scope(
        &conn,
        &Filter {
            query: Some("minister".into()),
            ..Default::default()
        },
        &no,
    )
    .unwrap();
    let t = Instant::now();
    let k = keywords::keywords(&conn, &target, &all, 3, &no, &mut |_, _| {}).unwrap();
    println!(
        "keywords of \"minister\" ({} documents) against the rest: {} keywords in {:.2} s",
        target.len(),
        k.rows.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let c = collocates::collocates(
        &conn,
        &all,
        "minister",
        &collocates::CollocOptions::default(),
        &no,
        &mut |_, _| {},
    )
    .unwrap();
    println!(
        "collocates of minister (±5): {} in {:.2} s",
        c.rows.len(),
        t.elapsed().as_secs_f64()
    );
    println!("peak memory {:.0} MB", peak_rss_mb());

    if std::env::var("CORPUSDESK_BENCH_WORDS").as_deref() == Ok("1m") {
        let path = corpusdesk::testkit::bulk::library(1_000_000);
        let lib = Library::open(&path).unwrap();
        let conn = lib.reader().unwrap();
        let all = words::scope(&conn, &Filter::default(), &no).unwrap();
        let t = Instant::now();
        let list =
            freq::frequencies(&conn, &all, &Default::default(), &no, &mut |_, _| {}).unwrap();
        println!(
            "1M: frequency list of {} documents: {} words, {} tokens in {:.1} s; peak memory {:.0} MB",
            all.len(),
            list.rows.len(),
            list.tokens,
            t.elapsed().as_secs_f64(),
            peak_rss_mb()
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
