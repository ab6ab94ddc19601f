//! Helpers shared by the integration tests.
#![allow(dead_code)] // each test crate uses a different part
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use corpusdesk::core::Library;

/// The two sample documents: one story from two outlets.
pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples")
}

/// A fresh library in a temp folder (kept alive by the returned guard).
pub fn temp_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("test.corpusdesk")).unwrap();
    (dir, lib)
}

/// Runs the real binary.
pub fn corpusdesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corpusdesk"))
        .args(args)
        .env_remove("CORPUSDESK_LIBRARY")
        .output()
        .unwrap()
}

pub fn stdout_json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

pub fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

/// Checks that hold for any library at rest: SQLite integrity, foreign keys,
/// the FTS index agrees with the documents, every document has a source.
pub fn assert_consistent(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "foreign key violations");
    // The search index, brought in step as the next open would: every
    // document the library holds, in its state, and nothing else.
    let index = corpusdesk::core::search::current_index(&conn, None).unwrap();
    let problems = corpusdesk::core::search::sync::verify(&index, &conn).unwrap();
    assert!(problems.is_empty(), "search index: {problems:?}");
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.doc_id = d.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "documents without a source");
}

/// Every active document of the library, in id order.
#[allow(dead_code)] // not every test binary lists documents
pub fn active_documents(conn: &rusqlite::Connection) -> Vec<corpusdesk::core::Document> {
    let mut docs = Vec::new();
    corpusdesk::core::store::documents::for_each(conn, corpusdesk::core::DocState::Active, |d| {
        docs.push(d);
        Ok(())
    })
    .unwrap();
    docs
}

/// A small filesystem (`size`: "256k", "3m"), when this process may mount
/// one (root, as in CI); `None` elsewhere, where the tests that limit
/// SQLite's page count cover full disks.
pub struct SmallDisk(pub PathBuf);

impl SmallDisk {
    /// As [`SmallDisk::try_mount`], but under CI (`.ci/run` sets `CI`) a
    /// filesystem that cannot be mounted fails the test instead of letting
    /// it pass having checked nothing.
    pub fn mount(at: &Path, size: &str) -> Option<SmallDisk> {
        let disk = SmallDisk::try_mount(at, size);
        assert!(
            disk.is_some() || std::env::var_os("CI").is_none(),
            "CI must be able to mount a small tmpfs (run as root)"
        );
        disk
    }

    pub fn try_mount(at: &Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?
            .success();
        ok.then(|| SmallDisk(at.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// A document as an earlier version stored it: title, text, found date,
/// that date's source, and the file it came from.
pub type OldDoc<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, &'a str);

/// A library file at schema `version` (the migrations up to it), holding
/// `docs` as that version stored them; the next open upgrades it.
pub fn old_library(path: &Path, version: usize, docs: &[OldDoc]) {
    use corpusdesk::core::store::schema;
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
        .unwrap();
    for m in &schema::MIGRATIONS[..version] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    for (i, (title, text, found, source, file)) in docs.iter().enumerate() {
        conn.execute(
            "INSERT INTO documents(title, title_key, text, content_hash, byte_len, imported_at,
                                   found_date, found_source)
             VALUES (?1, lower(?1), ?2, randomblob(32), length(?2), 0, ?3, ?4)",
            rusqlite::params![title, text, found, source],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO sources(doc_id, path, path_text, size, encoding, imported_at, found_date, found_source)
             VALUES (?1, CAST(?2 AS BLOB), ?2, 10, 'UTF-8', 0, ?3, ?4)",
            rusqlite::params![i as i64 + 1, file, found, source],
        )
        .unwrap();
    }
}
