//! The benchmarks' library of generated news prose (~2 KB a document),
//! imported as a user would, built once into `target/bench-data/` and kept.
#![allow(clippy::unwrap_used)] // benchmark support stops at the first surprise

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::core::Library;
use crate::core::import::ImportOptions;
use crate::testkit::corpus::{self, Spec};

/// The library of `n` stories (built on first use).
pub fn library(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("search-{n}-tail.corpusdesk"));
    let done = dir.join(format!("search-{n}-tail.done"));
    if !done.exists() {
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_dir_all(crate::core::search::index::dir_for(&path));
        let src = tempfile::tempdir().unwrap();
        let spec = Spec {
            docs: n,
            seed: 2026,
            paragraphs: 5,
            bad_files: false,
            // 20 MB in four long texts, two of them one line each.
            long_tail: 4,
            ..Default::default()
        };
        eprintln!("generating {n} stories…");
        corpus::write(&src.path().join("corpus"), &spec).unwrap();
        let lib = Library::open(&path).unwrap();
        eprintln!("importing…");
        lib.import_paths(
            &[src.path().join("corpus")],
            &ImportOptions::default(),
            &Arc::new(AtomicBool::new(false)),
            &mut |_| {},
        )
        .unwrap();
        std::fs::write(&done, b"").unwrap();
    }
    path
}
