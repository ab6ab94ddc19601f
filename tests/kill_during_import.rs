//! A child process importing is killed (SIGKILL) at random moments: the
//! library must stay whole, and importing again must reach the same end state
//! as an uninterrupted import.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise
#![cfg(unix)]

mod support;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::*;

/// (title, date, number of sources) of every document: the end state.
fn state(path: &std::path::Path) -> BTreeSet<(String, Option<String>, i64, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT title, date, (SELECT count(*) FROM sources s WHERE s.doc_id = d.id), hex(content_hash)
             FROM documents d",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn killed_imports_leave_only_whole_documents_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let spec = corpusdesk::testkit::corpus::Spec {
        docs: 2500,
        seed: 11,
        ..Default::default()
    };
    corpusdesk::testkit::corpus::write(&corpus, &spec).unwrap();

    let clean = dir.path().join("clean.corpusdesk");
    let out = corpusdesk(&[
        "--library",
        clean.to_str().unwrap(),
        "import",
        corpus.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success());

    let killed = dir.path().join("killed.corpusdesk");
    let mut rng = fastrand::Rng::with_seed(42);
    let mut kills = 0;
    for _ in 0..6 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_corpusdesk"))
            .args([
                "--library",
                killed.to_str().unwrap(),
                "import",
                corpus.to_str().unwrap(),
                "--json",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(30..400)));
        if child.try_wait().unwrap().is_none() {
            kills += 1;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        assert_consistent(&killed);
    }
    assert!(
        kills > 0,
        "no import was interrupted: make the corpus larger"
    );
    let out = corpusdesk(&[
        "--library",
        killed.to_str().unwrap(),
        "import",
        corpus.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success());
    assert_consistent(&killed);
    assert_eq!(state(&killed), state(&clean));
}
