//! A damaged library is noticed and never written into; automatic backups
//! rotate and restore; what can be read is saved; a full disk is explained.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use corpusdesk::core::store::{backups, health, salvage};
use corpusdesk::core::{Error, Library};
use support::*;

/// Documents whose text carries a unique marker, long enough that a page
/// holds only one or two of them.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let root = dir.join("corpus");
    for i in 0..n {
        let body = format!(
            "Harbour talks resumed on day {i}. MARKER{i:05}END {}",
            "The delegations met again to discuss shipping quotas and port fees. ".repeat(30)
        );
        write(
            &root.join(format!("d{i:05}.txt")),
            format!("Report Number {i:05}\n\n{body}"),
        );
    }
    root
}

/// A closed library of `n` documents (its log folded into the file).
fn library(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("lib.corpusdesk");
    let lib = Library::open(&path).unwrap();
    let report = lib.import(&[corpus(dir, n)]).unwrap();
    assert_eq!(report.imported, n);
    drop(lib);
    path
}

fn page_size(bytes: &[u8]) -> usize {
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        n => n as usize,
    }
}

/// The page holding `needle` (the first one, after page 1).
fn page_with(bytes: &[u8], needle: &[u8], not: Option<&[u8]>) -> usize {
    let size = page_size(bytes);
    (1..bytes.len() / size)
        .find(|&p| {
            let page = &bytes[p * size..(p + 1) * size];
            let has = |n: &[u8]| page.windows(n.len()).any(|w| w == n);
            has(needle) && not.is_none_or(|n| !has(n))
        })
        .expect("a page with the marker")
}

fn scramble(bytes: &mut [u8], seed: u64) {
    let mut x = seed | 1;
    for b in bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
}

fn quick(path: &Path) -> health::CheckReport {
    health::quick_check(
        path,
        Duration::from_secs(30),
        &Arc::new(AtomicBool::new(false)),
        &mut |_, _| {},
    )
    .unwrap()
}

/// Opens a damaged copy as the app would, runs the first check, tries to
/// write, and proves the file's bytes did not change.
fn assert_detected_and_untouched(path: &Path, extra: &Path) {
    let before = std::fs::read(path).unwrap();
    match Library::open(path) {
        Err(e) => assert!(e.is_corruption(), "unexpected error: {e}"),
        Ok(lib) => {
            if lib.health().damage().is_none() {
                let report = quick(path);
                assert!(!report.problems.is_empty(), "the first check found nothing");
                lib.health().mark(report.problems[0].clone());
            }
            let err = lib.import(&[extra.to_path_buf()]).unwrap_err();
            assert!(
                matches!(err, Error::LibraryDamaged { .. }),
                "a write was not refused: {err}"
            );
            let err = lib.empty_trash().unwrap_err();
            assert!(matches!(err, Error::LibraryDamaged { .. }), "{err}");
            drop(lib);
        }
    }
    assert!(
        std::fs::read(path).unwrap() == before,
        "the damaged file was written to"
    );
    // The next open knows at once.
    assert!(health::known_damaged(path) || Library::open(path).is_err());
}

#[test]
fn damage_in_the_header_a_table_page_or_an_index_page_is_caught_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path(), 120);
    let extra = dir.path().join("extra");
    write(
        &extra.join("new.txt"),
        "A new document that must not be stored.",
    );
    let good = std::fs::read(&path).unwrap();
    let size = page_size(&good);
    let cases: Vec<(&str, usize, usize)> = vec![
        ("header", 16, 84),
        (
            "table page",
            page_with(&good, b"MARKER00060END", None) * size,
            size,
        ),
        (
            "index page",
            page_with(&good, b"report number 00070", Some(b"Report Number 00070")) * size,
            size,
        ),
    ];
    for (i, (what, at, len)) in cases.into_iter().enumerate() {
        let copy = dir.path().join(format!("case{i}.corpusdesk"));
        let mut bytes = good.clone();
        scramble(&mut bytes[at..at + len], i as u64 + 7);
        std::fs::write(&copy, &bytes).unwrap();
        let full = health::full_check(&copy).unwrap();
        assert!(
            !full.problems.is_empty(),
            "{what}: the full check found nothing"
        );
        assert_detected_and_untouched(&copy, &extra);
    }
}

/// A library stopped mid-work: its file and a log with changes not yet
/// folded in (copied while open, as a crash leaves them).
fn crashed_copy(dir: &Path) -> (PathBuf, PathBuf) {
    let path = dir.join("live.corpusdesk");
    let lib = Library::open(&path).unwrap();
    lib.import(&[corpus(dir, 40)]).unwrap();
    let copy = dir.join("crashed.corpusdesk");
    std::fs::copy(&path, &copy).unwrap();
    let wal = PathBuf::from(format!("{}-wal", copy.display()));
    std::fs::copy(format!("{}-wal", path.display()), &wal).unwrap();
    drop(lib);
    (copy, wal)
}

#[test]
fn a_damaged_frame_in_the_log_is_caught_before_it_is_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let (copy, wal) = crashed_copy(dir.path());
    let mut log = std::fs::read(&wal).unwrap();
    let page = u32::from_be_bytes([log[8], log[9], log[10], log[11]]) as usize;
    let frames = (log.len() - 32) / (24 + page);
    assert!(frames > 4, "the log holds {frames} frames");
    let at = 32 + (frames / 2) * (24 + page) + 24 + 100;
    scramble(&mut log[at..at + 64], 3);
    std::fs::write(&wal, &log).unwrap();
    assert!(health::check_wal(&copy).is_some());
    let log_before = std::fs::read(&wal).unwrap();
    let extra = dir.path().join("extra");
    write(
        &extra.join("new.txt"),
        "A new document that must not be stored.",
    );
    assert_detected_and_untouched(&copy, &extra);
    assert_eq!(
        std::fs::read(&wal).unwrap(),
        log_before,
        "the log was changed"
    );
}

#[test]
fn a_torn_last_frame_is_an_ordinary_crash_not_damage() {
    let dir = tempfile::tempdir().unwrap();
    let (copy, wal) = crashed_copy(dir.path());
    let mut log = std::fs::read(&wal).unwrap();
    let n = log.len();
    scramble(&mut log[n - 200..], 5);
    std::fs::write(&wal, &log).unwrap();
    assert_eq!(health::check_wal(&copy), None);
    let lib = Library::open(&copy).unwrap();
    assert!(lib.health().damage().is_none());
}

#[test]
fn a_corruption_error_while_writing_makes_the_library_read_only() {
    let (_dir, lib) = temp_library();
    let err = lib
        .writer()
        .write(|_tx| -> corpusdesk::core::error::Result<()> {
            Err(Error::Corrupt("database disk image is malformed".into()))
        })
        .unwrap_err();
    assert!(err.is_corruption());
    let damage = lib.health().damage().expect("marked damaged");
    assert_eq!(damage.detail, "database disk image is malformed");
    let refused = lib.writer().write(|_tx| Ok(())).unwrap_err();
    assert!(
        refused.to_string().contains("no longer writes to it"),
        "{refused}"
    );
    assert!(health::marker_path(lib.path()).exists());
}

#[test]
fn backups_rotate_and_the_newest_restores_with_its_search_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    let lib = Library::open(&path).unwrap();
    lib.import(&[corpus(dir.path(), 30)]).unwrap();
    lib.writer().write(|tx| backups::set_keep(tx, 3)).unwrap();
    let mut taken = Vec::new();
    for _ in 0..5 {
        taken.push(lib.auto_backup().unwrap());
    }
    let listed = backups::list(&path);
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert_eq!(listed[0].path, taken[4], "newest first");
    assert_eq!(listed[0].documents, Some(30));
    assert!(!taken[0].exists() && !taken[1].exists());
    // Later work, then damage: the newest backup brings back the 30.
    let more = dir.path().join("more");
    write(&more.join("x.txt"), "One more document after the backup.");
    lib.import(&[more]).unwrap();
    drop(lib);
    let mut bytes = std::fs::read(&path).unwrap();
    let size = page_size(&bytes);
    let p = page_with(&bytes, b"MARKER00010END", None);
    scramble(&mut bytes[p * size..(p + 1) * size], 11);
    std::fs::write(&path, &bytes).unwrap();
    health::Health::for_library(&path).mark("test damage");
    let aside = backups::restore(&path, &listed[0].path).unwrap().unwrap();
    assert!(aside.to_string_lossy().ends_with(".before-restore"));
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        bytes,
        "the replaced file is kept"
    );
    assert!(!health::known_damaged(&path));
    let lib = Library::open(&path).unwrap();
    assert!(health::full_check(&path).unwrap().problems.is_empty());
    let conn = lib.reader().unwrap();
    corpusdesk::core::search::sync::sync(
        lib.search_index(),
        &conn,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let hits = corpusdesk::core::search::search(&conn, "MARKER00010END", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(active_documents(&conn).len(), 30);
    // A second restore keeps the first aside file too.
    drop(conn);
    drop(lib);
    let aside2 = backups::restore(&path, &listed[1].path).unwrap().unwrap();
    assert!(aside.exists() && aside2.exists() && aside != aside2);
}

#[test]
fn a_damaged_backup_is_refused_and_nothing_moves() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path(), 20);
    let bad = dir.path().join("bad.corpusdesk");
    let mut bytes = std::fs::read(&path).unwrap();
    let size = page_size(&bytes);
    let p = page_with(&bytes, b"MARKER00005END", None);
    scramble(&mut bytes[p * size..(p + 1) * size], 2);
    std::fs::write(&bad, &bytes).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = backups::restore(&path, &bad).unwrap_err();
    assert!(err.to_string().contains("damaged too"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn saving_what_can_be_read_recovers_every_undamaged_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path(), 150);
    let mut bytes = std::fs::read(&path).unwrap();
    let size = page_size(&bytes);
    let p = page_with(&bytes, b"MARKER00080END", None);
    // The documents whose rows start on that page are the ones lost.
    let page = bytes[p * size..(p + 1) * size].to_vec();
    let on_page: Vec<usize> = (0..150)
        .filter(|i| {
            let m = format!("MARKER{i:05}END");
            page.windows(m.len()).any(|w| w == m.as_bytes())
        })
        .collect();
    scramble(&mut bytes[p * size..(p + 1) * size], 9);
    std::fs::write(&path, &bytes).unwrap();
    let out = dir.path().join("saved.jsonl");
    let report =
        salvage::salvage_jsonl(&path, &out, false, &AtomicBool::new(false), &mut |_, _| {})
            .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    let saved: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(saved.len(), report.saved);
    for i in 0..150 {
        let m = format!("MARKER{i:05}END");
        let found = saved
            .iter()
            .any(|d| d["text"].as_str().unwrap().contains(&m));
        if !on_page.contains(&i) {
            assert!(found, "document {i} was readable but not saved");
        }
    }
    assert!(
        report.saved >= 150 - on_page.len() - 2,
        "{}",
        report.summary()
    );
    // The file imports back into a new library.
    let fresh = Library::open(dir.path().join("fresh.corpusdesk")).unwrap();
    let back = fresh.import(&[out]).unwrap();
    assert_eq!(back.imported, report.saved);
}

#[test]
fn a_full_disk_stops_the_import_with_one_sentence_and_whole_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    let lib = Library::open(&path).unwrap();
    let pages: i64 = lib
        .reader()
        .unwrap()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // SQLite's own limit on the writer's connection: "database or disk is full".
    lib.writer()
        .write(move |tx| {
            tx.pragma_update(None, "max_page_count", pages + 1500)?;
            Ok(())
        })
        .unwrap();
    let files = corpus(dir.path(), 3000);
    let report = lib.import(std::slice::from_ref(&files)).unwrap();
    let failure = report.failure.clone().expect("the import stopped");
    assert!(
        failure.starts_with("The disk holding the library is full. "),
        "{failure}"
    );
    assert!(
        failure.contains("of 3,000 files were imported"),
        "{failure}"
    );
    assert!(failure.contains("import again to continue"), "{failure}");
    assert!(!failure.contains("Error code"), "{failure}");
    assert!(report.imported > 0 && report.imported < 3000);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["error"], failure);
    // Room again: the next run skips what is stored and finishes.
    lib.writer()
        .write(|tx| {
            tx.pragma_update(None, "max_page_count", 1_073_741_823)?;
            Ok(())
        })
        .unwrap();
    let again = lib.import(&[files]).unwrap();
    assert!(again.failure.is_none());
    assert_eq!(again.imported + report.imported, 3000);
    drop(lib);
    assert_consistent(&path);
}

#[test]
fn the_cli_checks_lists_backups_restores_and_refuses_writes_to_a_damaged_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path(), 40);
    let lib_arg = path.to_str().unwrap();
    let out = corpusdesk(&["--library", lib_arg, "check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no damage found"));
    // A write through the CLI takes the day's backup on close.
    let tag = corpusdesk(&[
        "--library",
        lib_arg,
        "tag",
        "add",
        "harbour",
        "--query",
        "harbour",
    ]);
    assert!(
        tag.status.success(),
        "{}",
        String::from_utf8_lossy(&tag.stderr)
    );
    let list = stdout_json(&corpusdesk(&[
        "--library",
        lib_arg,
        "backup",
        "--list",
        "--json",
    ]));
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["documents"], 40);
    let backup = rows[0]["path"].as_str().unwrap().to_string();
    // Damage one page: check says so, every write is refused, bytes stay.
    let mut bytes = std::fs::read(&path).unwrap();
    let size = page_size(&bytes);
    let p = page_with(&bytes, b"MARKER00020END", None);
    scramble(&mut bytes[p * size..(p + 1) * size], 4);
    std::fs::write(&path, &bytes).unwrap();
    let out = corpusdesk(&["--library", lib_arg, "check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("damaged"));
    let extra = dir.path().join("extra");
    write(&extra.join("n.txt"), "Not to be stored.");
    for args in [
        vec!["import", extra.to_str().unwrap()],
        vec!["tag", "add", "x", "--query", "harbour"],
        vec!["trash", "empty"],
    ] {
        let mut all = vec!["--library", lib_arg];
        all.extend(args.iter().copied());
        let out = corpusdesk(&all);
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no longer writes to it"), "{args:?}: {err}");
    }
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "the CLI wrote to it"
    );
    let out = corpusdesk(&["--library", lib_arg, "restore", &backup]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = corpusdesk(&["--library", lib_arg, "check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let docs = stdout_json(&corpusdesk(&["--library", lib_arg, "docs", "--json"]));
    assert_eq!(docs.as_array().unwrap().len(), 40);
}

#[test]
fn exports_and_backups_onto_a_full_disk_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path(), 400);
    let Some(disk) = SmallDisk::mount(&dir.path().join("small"), "256k") else {
        eprintln!("note: cannot mount a small filesystem here; covered by max_page_count");
        return;
    };
    let lib = Library::open(&path).unwrap();
    let backup = disk.0.join("copy.corpusdesk");
    let err = lib.backup(&backup, false).unwrap_err();
    assert!(matches!(err, Error::DiskFull), "{err}");
    let out = corpusdesk(&[
        "--library",
        path.to_str().unwrap(),
        "export",
        "--format",
        "jsonl",
        "--out",
        disk.0.join("all.jsonl").to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("disk is full"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&disk.0).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn what_a_killed_export_left_is_removed_the_next_time_the_folder_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = library(dir.path(), 5);
    let out = dir.path().join("exports");
    std::fs::create_dir_all(&out).unwrap();
    let stale = out.join(".corpusdesk-export-AbC123");
    let fresh = out.join(".corpusdesk-export-XyZ789");
    let mine = out.join("notes.txt");
    for p in [&stale, &fresh, &mine] {
        std::fs::write(p, "half an export").unwrap();
    }
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let result = corpusdesk(&[
        "--library",
        path.to_str().unwrap(),
        "export",
        "--format",
        "jsonl",
        "--out",
        out.join("all.jsonl").to_str().unwrap(),
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(!stale.exists(), "the killed export's file is still there");
    assert!(
        fresh.exists(),
        "a file another export may still be writing was removed"
    );
    assert!(mine.exists());
    assert_eq!(
        std::fs::read_to_string(out.join("all.jsonl"))
            .unwrap()
            .lines()
            .count(),
        5
    );
}

#[test]
fn emptying_a_large_trash_takes_a_backup_first_and_a_small_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    let lib = Library::open(&path).unwrap();
    lib.import(&[corpus(dir.path(), 120)]).unwrap();
    let conn = lib.reader().unwrap();
    let ids: Vec<i64> = active_documents(&conn).iter().map(|d| d.id).collect();
    lib.trash(ids[..5].to_vec()).unwrap();
    assert_eq!(lib.empty_trash().unwrap(), 5);
    assert!(
        backups::list(&path).is_empty(),
        "5 documents need no backup"
    );
    lib.trash(ids[5..].to_vec()).unwrap();
    assert_eq!(lib.empty_trash().unwrap(), 115);
    let taken = backups::list(&path);
    assert_eq!(taken.len(), 1);
    let in_backup: i64 = rusqlite::Connection::open(&taken[0].path)
        .unwrap()
        .query_row("SELECT count(*) FROM documents WHERE state = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(in_backup, 115, "the backup holds what was deleted");
}
