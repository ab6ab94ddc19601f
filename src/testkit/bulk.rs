//! Large libraries for benchmarks, written straight through the writer
//! (fast: these measure the view and the timeline, not the import). Every
//! seventh document is undated; dates spread over 25 years.
#![allow(clippy::unwrap_used)] // benchmark support stops at the first surprise

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::params;

use crate::core::Library;

/// The vocabulary of the bulk libraries' titles and texts.
pub const WORDS: &[&str] = &[
    "minister",
    "talks",
    "border",
    "council",
    "election",
    "court",
    "market",
    "harvest",
    "storm",
    "strike",
    "summit",
    "vaccine",
    "budget",
    "pipeline",
    "refugees",
    "protest",
    "ceasefire",
    "bank",
    "energy",
    "drought",
    "airport",
    "union",
    "reform",
    "inquiry",
    "envoy",
    "army",
];

/// Fills a new library with `n` short documents straight through the writer
/// (this benchmark is about the view, not the import).
pub fn build(path: &Path, n: usize) {
    let lib = Library::open(path).unwrap();
    let batch = 20_000;
    let t = Instant::now();
    for start in (0..n).step_by(batch) {
        let end = (start + batch).min(n);
        lib.writer()
            .write(move |tx| {
                let mut doc = tx.prepare_cached(
                    "INSERT INTO documents(title, title_key, text, content_hash, byte_len, imported_at,
                                           found_date, found_source, source_key)
                     VALUES (?1, lower(?1), ?2, ?3, length(?2), 0, ?4, ?5, ?6)",
                )?;
                let mut src = tx.prepare_cached(
                    "INSERT INTO sources(doc_id, path, path_text, size, encoding, imported_at)
                     VALUES (?1, ?2, ?2, 100, 'UTF-8', 0)",
                )?;
                let mut rng = fastrand::Rng::with_seed(start as u64);
                for i in start..end {
                    let title: Vec<&str> = (0..6).map(|_| WORDS[rng.usize(..WORDS.len())]).collect();
                    let title = format!("{} {i}", title.join(" "));
                    let text = format!("{title}. The {} said on Monday that the {} would go on.", WORDS[i % 26], WORDS[(i / 26) % 26]);
                    let (date, source) = if i % 7 == 0 {
                        (None, None)
                    } else {
                        (Some(format!("{}-{:02}-{:02}", 2000 + i % 25, 1 + i % 12, 1 + i % 28)), Some("text"))
                    };
                    let path = format!("/corpus/{:04}/story-{i}.txt", i / 1000);
                    doc.execute(params![title, text, blake3::hash(text.as_bytes()).as_bytes().to_vec(), date, source, path.to_lowercase()])?;
                    src.execute(params![tx.last_insert_rowid(), path])?;
                }
                Ok(())
            })
            .unwrap();
        eprint!("\rbuilding the library: {end}/{n}");
    }
    eprintln!(" in {:.0} s", t.elapsed().as_secs_f64());
}

/// A cached library of `n` documents under `target/bench-data` (built once).
pub fn library(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("view-{n}.corpusdesk"));
    let done = dir.join(format!("view-{n}.done"));
    if !done.exists() {
        let _ = std::fs::remove_file(&path);
        build(&path, n);
        std::fs::write(&done, b"").unwrap();
    }
    path
}
