//! Entity benchmark.
//!
//! 1. Extraction: the search benchmark's library (100,000 generated stories
//!    of ~2 KB from 20 outlets plus four 5 MB texts, two of them a single
//!    line; 95,047 documents once exact copies are folded) read for names
//!    from scratch, as the background job does after an import (time, peak
//!    memory, names found). Also the real sample stories, for names per
//!    second on real news.
//! 2. Facets: 1,000,000 documents naming 12 entities each on average
//!    (drawn from 200,000 entities by a Zipf-like law), the top 15 of each
//!    type counted over every document and over a filter of 100,000, and
//!    "appears with" for the most frequent one.
//!
//!     cargo bench --bench entities
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use corpusdesk::core::Library;
use corpusdesk::core::entities::index::{EntityIndex, Root};
use corpusdesk::core::entities::{Kind, Lang, Lexicon, extract};

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
    real_news();
    facets();
    extraction();
    dense();
}

/// 100,000 documents as dense in names as real news: the sample stories,
/// their paragraphs rotated per document, read on every core, then their
/// mentions stored in a fresh library, 2,000 documents per transaction.
fn dense() {
    use rayon::prelude::*;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    let texts: Vec<Vec<String>> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .map(|t| t.split("\n\n").map(str::to_string).collect())
                .collect()
        })
        .unwrap_or_default();
    if texts.is_empty() {
        return;
    }
    const N: usize = 100_000;
    let variant = |i: usize| {
        let paras = &texts[i % texts.len()];
        let k = i % paras.len().max(1);
        let mut out: Vec<&str> = paras[k..]
            .iter()
            .chain(&paras[..k])
            .map(String::as_str)
            .collect();
        let tag = format!("Ref {i}");
        out.push(&tag);
        out.join("\n\n")
    };
    let lexicon = Lexicon::new();
    let t = Instant::now();
    let found: Vec<_> = (0..N)
        .into_par_iter()
        .map(|i| {
            corpusdesk::core::entities::run::read(i as i64 + 1, &variant(i), Some("en"), &lexicon)
        })
        .collect();
    let read_secs = t.elapsed().as_secs_f64();
    let mentions: usize = found.iter().map(|f| f.mentions.len()).sum();
    let tmp = tempfile::tempdir().unwrap();
    let lib = Library::open(tmp.path().join("dense.corpusdesk")).unwrap();
    let t = Instant::now();
    let mut chunks: Vec<Vec<_>> = Vec::new();
    let mut it = found.into_iter().peekable();
    while it.peek().is_some() {
        chunks.push(it.by_ref().take(2000).collect());
    }
    for chunk in chunks {
        lib.writer()
            .write(move |tx| corpusdesk::core::store::entities::write_found(tx, 1, &chunk))
            .unwrap();
    }
    let write_secs = t.elapsed().as_secs_f64();
    println!(
        "dense news: {N} documents read in {read_secs:.1} s (2 cores), {mentions} mentions stored in {write_secs:.1} s: {:.1} s in all",
        read_secs + write_secs
    );
}

/// Names per second on the two real sample stories.
fn real_news() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
    let texts: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    if texts.is_empty() {
        return;
    }
    let _ = extract("warm up the lists", Lang::English, &Lexicon::new());
    let t = Instant::now();
    let mut names = 0;
    let rounds = 2000;
    for _ in 0..rounds {
        for text in &texts {
            names += extract(text, Lang::English, &Lexicon::new()).len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "real news: {} documents read in {:.2} s ({:.0} µs each, one core), {} names each",
        rounds * texts.len(),
        secs,
        secs * 1e6 / (rounds * texts.len()) as f64,
        names / (rounds * texts.len())
    );
}

fn facets() {
    const DOCS: i64 = 1_000_000;
    const ENTITIES: usize = 200_000;
    let roots: Vec<Root> = (0..ENTITIES)
        .map(|i| Root {
            id: i as i64 + 1,
            name: format!("Entity {i}"),
            kind: Kind::ALL[i % 3],
            variants: Vec::new(),
        })
        .collect();
    let mut rng = fastrand::Rng::with_seed(34);
    let docs: Vec<(i64, Vec<u32>)> = (1..=DOCS)
        .map(|d| {
            let n = 4 + rng.usize(0..17);
            let mut list: Vec<u32> = (0..n)
                .map(|_| {
                    // Zipf-like: a few entities in many documents.
                    let u = rng.f64();
                    ((ENTITIES as f64).powf(u) as usize).min(ENTITIES) as u32 - 1
                })
                .collect();
            list.sort_unstable();
            list.dedup();
            (d, list)
        })
        .collect();
    let mentions: usize = docs.iter().map(|(_, l)| l.len()).sum();
    let t = Instant::now();
    let index = EntityIndex::from_parts(roots, docs);
    println!(
        "facets: index of {DOCS} documents, {mentions} document-entity pairs built in {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let all: Vec<i64> = (1..=DOCS).collect();
    let some: Vec<i64> = (1..=DOCS).step_by(10).collect();
    for (what, ids) in [
        ("all 1,000,000 documents", &all),
        ("a filter of 100,000", &some),
    ] {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let f = index.facets(ids, "", 15);
            assert_eq!(f[0].len(), 15);
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "facets over {what}: top 15 of each type in {:.0} ms",
            best * 1000.0
        );
    }
    let top = index.facets(&all, "", 1)[0][0].id;
    let t = Instant::now();
    let with = index.appears_with(&all, top, 10);
    println!(
        "appears with the most frequent entity over 1,000,000 documents: {} partners in {:.0} ms",
        with.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    let t = Instant::now();
    let f = index.facets(&all, "entity 12", 15);
    println!(
        "facets with a name filter (\"entity 12\"): {} rows in {:.0} ms",
        f.iter().map(Vec::len).sum::<usize>(),
        t.elapsed().as_secs_f64() * 1000.0
    );
}

fn extraction() {
    let src = corpusdesk::testkit::prose::library(100_000);
    let dir = tempfile::tempdir_in(src.parent().unwrap()).unwrap();
    let path = dir.path().join("entities.corpusdesk");
    {
        let lib = Library::open(&src).unwrap();
        lib.backup(&path, true).unwrap();
    }
    let lib = Library::open(&path).unwrap();
    let pending = lib.entities_pending().unwrap();
    let t = Instant::now();
    let n = lib
        .extract_entities(&AtomicBool::new(false), &mut |_, _| {})
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    let conn = lib.reader().unwrap();
    let (entities, mentions): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM entities), (SELECT count(*) FROM entity_mentions)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    println!(
        "extraction: {n} of {pending} documents read in {secs:.1} s ({:.0} documents/s), {entities} entities, {mentions} mentions, peak {:.0} MB",
        n as f64 / secs,
        peak_rss_mb()
    );
    let t = Instant::now();
    let index = lib.entity_index().unwrap();
    println!(
        "index of the library read in {:.0} ms ({} entities)",
        t.elapsed().as_secs_f64() * 1000.0,
        index.roots.len()
    );
}
