//! Crash safety: real imports, tag changes, duplicate resolutions and
//! exports run in a child process that is killed (SIGKILL) at seeded random
//! moments. After every kill the library must open, pass SQLite's and FTS5's
//! integrity checks, hold only whole documents, and the export destination
//! must be absent or complete; finishing the interrupted work must reach the
//! same end state as an uninterrupted run.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise
#![cfg(unix)]

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::*;

/// The work, step by step, as a script would run it.
fn steps(corpus: &Path, export: &Path) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let corpus = corpus.to_str().unwrap();
    let export = export.to_str().unwrap();
    vec![
        s(&["import", corpus]),
        s(&[
            "tag",
            "add",
            "conflict/talks",
            "--query",
            "talks OR negotiations",
        ]),
        s(&["tag", "add", "economy", "--query", "inflation"]),
        // Autocode: thousands of passages in one transaction.
        s(&[
            "autocode",
            "quotes/officials",
            "--query",
            "said",
            "--unit",
            "sentence",
        ]),
        s(&["memo", "--tag", "economy", "Prices, wages, jobs."]),
        s(&["dedup"]),
        s(&["dedup", "--resolve-all", "merge-tags"]),
        s(&["dedup", "--resolve-all", "mark"]),
        s(&["trash", "move", "--query", "harbour"]),
        s(&["export", "--format", "jsonl", "--out", export, "--force"]),
    ]
}

fn run(library: &Path, args: &[String]) {
    let mut all = vec![
        "--library".to_string(),
        library.to_str().unwrap().to_string(),
    ];
    all.extend(args.iter().cloned());
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    let out = corpusdesk(&refs);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

type Doc = (String, Option<String>, i64, String, i64, String);
/// A coded passage as the user sees it: document, code, range.
type Coded = (String, String, i64, i64);

/// What the user would see: documents (title, date, sources, hash, state,
/// tags) and the clusters.
fn end_state(path: &Path) -> (BTreeSet<Doc>, usize, BTreeSet<Coded>, Vec<String>) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT title, date, (SELECT count(*) FROM sources s WHERE s.doc_id = d.id),
                    hex(content_hash), state,
                    ifnull((SELECT group_concat(name, ',') FROM (SELECT t.name FROM document_tags dt
                      JOIN tags t ON t.id = dt.tag_id WHERE dt.doc_id = d.id ORDER BY t.name)), '')
               FROM documents d",
        )
        .unwrap();
    let docs = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let clusters: i64 = conn
        .query_row("SELECT count(*) FROM clusters", [], |r| r.get(0))
        .unwrap();
    let coded = conn
        .prepare(
            "SELECT hex(d.content_hash), t.name, p.start, p.end FROM passages p
               JOIN documents d ON d.id = p.doc_id JOIN tags t ON t.id = p.tag_id
              WHERE p.removed = 0",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let memos = conn
        .prepare("SELECT text FROM memos ORDER BY text")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (docs, clusters as usize, coded, memos)
}

/// The export is absent or whole: every line a JSON object.
fn assert_export_whole(path: &Path) {
    if let Ok(text) = std::fs::read_to_string(path) {
        assert!(text.is_empty() || text.ends_with('\n'), "a cut export");
        for line in text.lines() {
            serde_json::from_str::<serde_json::Value>(line).expect("a whole JSON line");
        }
    }
}

#[test]
fn work_killed_at_random_moments_loses_nothing_and_finishes_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let spec = corpusdesk::testkit::corpus::Spec {
        docs: 1500,
        seed: 17,
        // A 1 MB single-line text among the short ones: every step (the
        // duplicate search's alignment above all) is killed and finished
        // with it too.
        long_tail: 1,
        ..Default::default()
    };
    corpusdesk::testkit::corpus::write(&corpus, &spec).unwrap();

    // Uninterrupted.
    let clean = dir.path().join("clean.corpusdesk");
    let clean_export = dir.path().join("clean.jsonl");
    for step in steps(&corpus, &clean_export) {
        run(&clean, &step);
    }
    let expected = end_state(&clean);
    assert!(expected.1 > 10, "the corpus has duplicate clusters");
    assert!(expected.2.len() > 100, "autocode coded passages");
    assert_eq!(expected.3, ["Prices, wages, jobs."]);

    // Killed again and again: each step is started, killed after a random
    // moment, and checked; then the same step runs to its end.
    let killed = dir.path().join("killed.corpusdesk");
    let export = dir.path().join("killed.jsonl");
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut kill_points = 0;
    let mut interrupted = 0;
    for step in steps(&corpus, &export) {
        for _ in 0..8 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_corpusdesk"))
                .arg("--library")
                .arg(&killed)
                .args(&step)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(rng.u64(5..250)));
            kill_points += 1;
            if child.try_wait().unwrap().is_none() {
                interrupted += 1;
            }
            child.kill().unwrap();
            child.wait().unwrap();
            assert_consistent(&killed);
            assert_export_whole(&export);
        }
        run(&killed, &step);
    }
    assert!(kill_points >= 50, "{kill_points} kill points");
    assert!(
        interrupted >= 10,
        "only {interrupted} of {kill_points} kills hit running work"
    );
    eprintln!("{kill_points} kill points, {interrupted} while working");
    assert_eq!(end_state(&killed), expected);
    assert_export_whole(&export);
    assert_eq!(
        std::fs::read_to_string(&export).unwrap().lines().count(),
        std::fs::read_to_string(&clean_export)
            .unwrap()
            .lines()
            .count()
    );
}

/// The damaged-library case: a library the harness built (and whose CLI
/// runs took their automatic backup) gets a page of noise. Every step is
/// refused with the same message and the file keeps its bytes; `check`
/// says so; the newest backup restores a library that passes the checks.
#[test]
fn a_damaged_library_refuses_every_step_and_its_backup_restores() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let spec = corpusdesk::testkit::corpus::Spec {
        docs: 300,
        seed: 5,
        ..Default::default()
    };
    corpusdesk::testkit::corpus::write(&corpus, &spec).unwrap();
    let lib = dir.path().join("lib.corpusdesk");
    let export = dir.path().join("out.jsonl");
    let all = steps(&corpus, &export);
    run(&lib, &all[0]);
    let backups = corpusdesk::core::store::backups::list(&lib);
    assert_eq!(backups.len(), 1, "the import took the day's backup");
    // Noise over a page in the middle of the file.
    let mut bytes = std::fs::read(&lib).unwrap();
    let size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let page = bytes.len() / size / 2;
    let mut rng = fastrand::Rng::with_seed(9);
    for b in &mut bytes[page * size..(page + 1) * size] {
        *b = rng.u8(..);
    }
    std::fs::write(&lib, &bytes).unwrap();
    let check = corpusdesk(&["--library", lib.to_str().unwrap(), "check"]);
    assert!(!check.status.success(), "check found nothing");
    for step in &all[1..all.len() - 1] {
        let mut args = vec!["--library".to_string(), lib.to_str().unwrap().to_string()];
        args.extend(step.iter().cloned());
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = corpusdesk(&refs);
        assert!(!out.status.success(), "{step:?} ran on a damaged library");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no longer writes to it"), "{step:?}: {err}");
        assert_eq!(
            err.lines().count(),
            1,
            "{step:?}: said more than once: {err}"
        );
    }
    assert!(
        std::fs::read(&lib).unwrap() == bytes,
        "a step wrote to the damaged file"
    );
    let restore = corpusdesk(&[
        "--library",
        lib.to_str().unwrap(),
        "restore",
        backups[0].path.to_str().unwrap(),
    ]);
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    assert_consistent(&lib);
    for step in &all[1..] {
        run(&lib, step);
    }
    assert_export_whole(&export);
}

/// The full-disk case: an import onto a disk that fills up stops with one
/// sentence, keeps only whole documents, and — on a disk with room —
/// finishes where it stopped, ending like an import that never stopped.
#[test]
fn an_import_onto_a_full_disk_stops_whole_and_finishes_on_a_larger_one() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let spec = corpusdesk::testkit::corpus::Spec {
        docs: 2500,
        seed: 8,
        bad_files: false,
        ..Default::default()
    };
    corpusdesk::testkit::corpus::write(&corpus, &spec).unwrap();
    let Some(disk) = SmallDisk::mount(&dir.path().join("small"), "6m") else {
        eprintln!("note: cannot mount a small filesystem here; tests/damage.rs covers full disks");
        return;
    };
    let small = disk.0.join("lib.corpusdesk");
    let out = corpusdesk(&[
        "--library",
        small.to_str().unwrap(),
        "import",
        corpus.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        !out.status.success(),
        "the import did not notice the full disk"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.matches("The disk holding the library is full.").count(),
        1,
        "{err}"
    );
    assert!(err.contains("import again to continue"), "{err}");
    assert!(!err.contains("Error code"), "{err}");
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        summary["error"]
            .as_str()
            .unwrap()
            .contains("disk holding the library is full")
    );
    let stored = summary["imported"].as_u64().unwrap();
    assert!(stored > 0, "nothing was stored before the disk filled");
    // Room again: the library moves to a larger disk and the import goes on.
    let big = dir.path().join("moved.corpusdesk");
    std::fs::copy(&small, &big).unwrap();
    for suffix in ["-wal", "-shm"] {
        let from = std::path::PathBuf::from(format!("{}{suffix}", small.display()));
        if from.exists() {
            std::fs::copy(&from, format!("{}{suffix}", big.display())).unwrap();
        }
    }
    drop(disk);
    assert_consistent(&big);
    run(
        &big,
        &["import".to_string(), corpus.to_str().unwrap().to_string()],
    );
    let clean = dir.path().join("clean.corpusdesk");
    run(
        &clean,
        &["import".to_string(), corpus.to_str().unwrap().to_string()],
    );
    assert_eq!(end_state(&big), end_state(&clean));
}
