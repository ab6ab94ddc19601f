//! Opening, creating, refusing and upgrading library files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::fs;

use corpusdesk::core::store::{self, documents, schema};
use corpusdesk::core::{DocState, Error, Library, PartialDate};
use support::*;

fn open_err(bytes: &[u8]) -> (Error, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    fs::write(&path, bytes).unwrap();
    let err = Library::open(&path).err().expect("must be refused");
    let after = fs::read(&path).unwrap();
    assert_eq!(after, bytes, "a refused file must not be modified");
    assert!(!dir.path().join("lib.corpusdesk-wal").exists());
    (err, after)
}

#[test]
fn a_missing_or_empty_file_becomes_a_new_library() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("sub/folder/new.corpusdesk");
    let lib = Library::open(&missing).unwrap();
    assert_eq!(lib.name(), "new");
    drop(lib);
    let empty = dir.path().join("empty.corpusdesk");
    fs::write(&empty, b"").unwrap();
    drop(Library::open(&empty).unwrap());
    for path in [&missing, &empty] {
        let conn = rusqlite::Connection::open(path).unwrap();
        let app: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        let version: i32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            (app, version, mode.as_str()),
            (schema::APPLICATION_ID, schema::VERSION, "wal")
        );
    }
    // Reopening is a no-op.
    drop(Library::open(&missing).unwrap());
}

#[test]
fn random_bytes_are_not_a_library() {
    let (err, _) = open_err(b"this is just some text, not a database at all.........");
    assert!(matches!(err, Error::NotALibrary { .. }), "{err}");
    assert!(err.to_string().contains("not a corpusdesk library"));
}

#[test]
fn another_apps_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('hello');")
            .unwrap();
    }
    let bytes = fs::read(&path).unwrap();
    let (err, _) = open_err(&bytes);
    assert!(matches!(err, Error::ForeignDatabase { .. }), "{err}");
    assert!(err.to_string().contains("another application"));
}

#[test]
fn an_empty_sqlite_database_of_someone_else_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", 12345).unwrap();
    }
    let bytes = fs::read(&path).unwrap();
    let (err, _) = open_err(&bytes);
    assert!(
        matches!(err, Error::ForeignDatabase { app_id: 12345, .. }),
        "{err}"
    );
}

fn library_bytes() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    let lib = Library::open(&path).unwrap();
    lib.import(&[samples_dir()]).unwrap();
    drop(lib);
    fs::read(&path).unwrap()
}

#[test]
fn a_truncated_library_is_refused_untouched() {
    let bytes = library_bytes();
    assert!(bytes.len() > 8192);
    for cut in [50, 4096 + 100, bytes.len() / 2] {
        let (err, _) = open_err(&bytes[..cut]);
        assert!(matches!(err, Error::Damaged { .. }), "cut at {cut}: {err}");
        assert!(err.to_string().contains("damaged"));
    }
}

#[test]
fn a_library_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    drop(Library::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", schema::VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = fs::read(&path).unwrap();
    let (err, _) = open_err(&bytes);
    assert!(matches!(err, Error::TooNew { .. }), "{err}");
    assert!(err.to_string().contains("newer corpusdesk"));
}

#[test]
fn the_cli_exits_non_zero_on_a_bad_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.corpusdesk");
    fs::write(&path, b"garbage garbage garbage garbage").unwrap();
    let out = corpusdesk(&["--library", path.to_str().unwrap(), "docs", "--json"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a corpusdesk library"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), b"garbage garbage garbage garbage");
}

#[test]
fn schema_has_room_for_later_features() {
    let (_dir, lib) = temp_library();
    let conn = lib.reader().unwrap();
    for table in [
        "documents",
        "sources",
        "search_queue",
        "tags",
        "document_tags",
        "clusters",
        "cluster_members",
        "pair_decisions",
        "journal",
        "settings",
    ] {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "{table}");
    }
    // Foreign keys are a per-connection setting: the writer turns them on.
    let fk: i64 = lib
        .writer()
        .write(|tx| Ok(tx.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn ids_are_never_reused() {
    let (_dir, lib) = temp_library();
    lib.import(&[samples_dir()]).unwrap();
    lib.writer()
        .write(|tx| {
            tx.execute("DELETE FROM sources WHERE doc_id = 2", [])?;
            tx.execute("DELETE FROM documents WHERE id = 2", [])?;
            Ok(())
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("new.txt"),
        "A completely different story about harvests.",
    );
    lib.import(&[dir.path().to_path_buf()]).unwrap();
    let conn = lib.reader().unwrap();
    let max: i64 = conn
        .query_row("SELECT max(id) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(max, 3);
}

#[test]
fn manual_dates_are_kept_apart_and_undo_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    let lib = Library::open(&path).unwrap();
    lib.import(&[samples_dir()]).unwrap();
    let date = |lib: &Library, id| {
        let d = documents::document(&lib.reader().unwrap(), id).unwrap();
        (
            d.date.map(|d| d.to_string()),
            d.date_source.map(|s| s.to_string()),
        )
    };
    assert_eq!(
        date(&lib, 1),
        (Some("2023-04-25".into()), Some("header".into()))
    );
    lib.set_manual_date(vec![1], Some("2023-05".parse::<PartialDate>().unwrap()))
        .unwrap();
    assert_eq!(
        date(&lib, 1),
        (Some("2023-05".into()), Some("manual".into()))
    );
    drop(lib);
    let lib = Library::open(&path).unwrap();
    assert_eq!(
        lib.undo().unwrap().as_deref(),
        Some("set the date 2023-05 on 1 document")
    );
    assert_eq!(
        date(&lib, 1),
        (Some("2023-04-25".into()), Some("header".into()))
    );
    assert_eq!(
        lib.redo().unwrap().as_deref(),
        Some("set the date 2023-05 on 1 document")
    );
    assert_eq!(
        date(&lib, 1),
        (Some("2023-05".into()), Some("manual".into()))
    );
    // Explicitly undated, then back to the found date.
    lib.set_manual_date(vec![1], None).unwrap();
    assert_eq!(date(&lib, 1), (None, Some("manual".into())));
    lib.clear_manual_date(vec![1]).unwrap();
    assert_eq!(
        date(&lib, 1),
        (Some("2023-04-25".into()), Some("header".into()))
    );
    // Each step says what it takes back, back to the import itself.
    for label in [
        "clear the manual date of 1 document",
        "mark 1 document undated",
        "set the date 2023-05 on 1 document",
        "import of 2 documents",
    ] {
        assert_eq!(lib.undo().unwrap().as_deref(), Some(label));
    }
    assert_eq!(lib.undo().unwrap(), None);
}

#[test]
fn states_are_respected_by_queries_and_search() {
    let (_dir, lib) = temp_library();
    lib.import(&[samples_dir()]).unwrap();
    let conn = lib.reader().unwrap();
    let hits = |q| corpusdesk::core::search::search(&conn, q, 0).unwrap().len();
    assert_eq!(hits("Shoigu"), 2);
    lib.set_state(vec![2], DocState::Trashed).unwrap();
    assert_eq!(hits("Shoigu"), 1);
    assert_eq!(documents::count(&conn, DocState::Active).unwrap(), 1);
    assert_eq!(documents::count(&conn, DocState::Trashed).unwrap(), 1);
    lib.undo().unwrap();
    assert_eq!(hits("Shoigu"), 2);
}

#[test]
fn fts_follows_text_edits() {
    let (_dir, lib) = temp_library();
    lib.import(&[samples_dir()]).unwrap();
    lib.writer()
        .write(|tx| {
            tx.execute(
                "UPDATE documents SET text = 'zebra crossing' WHERE id = 1",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let conn = lib.reader().unwrap();
    assert_eq!(
        corpusdesk::core::search::search(&conn, "zebra", 0)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        corpusdesk::core::search::search(&conn, "Erdogan", 0)
            .unwrap()
            .len(),
        1
    );
    drop(conn);
    let path = lib.path().to_path_buf();
    drop(lib);
    assert_consistent(&path);
}

#[test]
fn a_failed_or_panicking_write_is_rolled_back() {
    let (_dir, lib) = temp_library();
    lib.import(&[samples_dir()]).unwrap();
    let r: Result<(), _> = lib.writer().write(|tx| {
        tx.execute("UPDATE documents SET title = 'half' WHERE id = 1", [])?;
        panic!("bug in the middle of a batch");
    });
    assert!(matches!(r, Err(Error::Panicked(_))));
    let title: String = lib
        .reader()
        .unwrap()
        .query_row("SELECT title FROM documents WHERE id = 1", [], |r| r.get(0))
        .unwrap();
    assert_ne!(title, "half");
    // The writer still works.
    lib.set_state(vec![1], DocState::Trashed).unwrap();
}

#[test]
fn readers_notice_other_connections_changes() {
    let (_dir, lib) = temp_library();
    let conn = lib.reader().unwrap();
    let before = store::data_version(&conn).unwrap();
    let other = Library::open(lib.path()).unwrap();
    other.import(&[samples_dir()]).unwrap();
    assert_ne!(store::data_version(&conn).unwrap(), before);
}

#[test]
fn two_writers_on_one_library_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    let folders: Vec<_> = (0..2)
        .map(|k| {
            let f = dir.path().join(format!("in{k}"));
            for i in 0..150 {
                write(
                    &f.join(format!("{i}.txt")),
                    format!("Writer {k} document {i} about harvest number {i} and {k}."),
                );
            }
            f
        })
        .collect();
    drop(Library::open(&path).unwrap());
    let handles: Vec<_> = folders
        .into_iter()
        .map(|f| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Each thread is its own "process": its own library and writer.
                let lib = Library::open(&path).unwrap();
                lib.import(&[f]).unwrap()
            })
        })
        .collect();
    // And a third writer through the real binary at the same time.
    let extra = dir.path().join("cli");
    for i in 0..50 {
        write(
            &extra.join(format!("{i}.txt")),
            format!("CLI file {i} on fishing quotas {i}."),
        );
    }
    let out = corpusdesk(&[
        "--library",
        path.to_str().unwrap(),
        "import",
        extra.to_str().unwrap(),
        "--json",
    ]);
    let cli = stdout_json(&out);
    let imported: usize = handles
        .into_iter()
        .map(|h| h.join().unwrap().imported)
        .sum();
    assert_eq!(imported + cli["imported"].as_u64().unwrap() as usize, 350);
    let lib = Library::open(&path).unwrap();
    assert_eq!(
        documents::count(&lib.reader().unwrap(), DocState::Active).unwrap(),
        350
    );
    drop(lib);
    assert_consistent(&path);
}

#[test]
fn an_empty_unclaimed_sqlite_file_becomes_a_library() {
    // What a first launch killed between creating the file and its first commit leaves.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.corpusdesk");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    }
    assert!(fs::metadata(&path).unwrap().len() > 0);
    let lib = Library::open(&path).unwrap();
    lib.import(&[samples_dir()]).unwrap();
}

/// A library as version 1 wrote it, with one document.
fn version_1_library(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
        .unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute(
        "INSERT INTO documents(title, title_key, text, content_hash, byte_len, imported_at, found_date, found_source)
         VALUES ('Old story', 'old story', 'An old story, from version 1.', x'00', 29, 0, '2020-01-02', 'header')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO sources(doc_id, path, path_text, size, encoding, imported_at)
         VALUES (1, CAST('/old/story.txt' AS BLOB), '/old/story.txt', 29, 'UTF-8', 0)",
        [],
    )
    .unwrap();
}

fn schema_of(path: &std::path::Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, ifnull(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn upgrading_an_old_library_backs_it_up_first_and_ends_like_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.corpusdesk");
    version_1_library(&old);
    let lib = Library::open(&old).unwrap();
    // The copy is the version-1 library, whole.
    let backup = corpusdesk::core::store::backup::before_upgrade_path(&old);
    let conn = rusqlite::Connection::open(&backup).unwrap();
    let (version, title): (i32, String) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), title FROM documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((version, title.as_str()), (1, "Old story"));
    // The upgraded library keeps the document and has the new schema.
    let doc = corpusdesk::core::store::documents::document(&lib.reader().unwrap(), 1).unwrap();
    assert_eq!(doc.date.unwrap().to_string(), "2020-01-02");
    drop(lib);
    let fresh = dir.path().join("fresh.corpusdesk");
    drop(Library::open(&fresh).unwrap());
    assert_eq!(schema_of(&old), schema_of(&fresh));
    assert_consistent(&old);
    // Opening again (no upgrade) writes no new backup.
    std::fs::remove_file(&backup).unwrap();
    drop(Library::open(&old).unwrap());
    assert!(!backup.exists());
}

#[test]
fn a_backup_taken_while_writing_is_consistent() {
    let (dir, lib) = temp_library();
    let lib = std::sync::Arc::new(lib);
    let writer = {
        let lib = std::sync::Arc::clone(&lib);
        let src = dir.path().join("in");
        std::thread::spawn(move || {
            for i in 0..40 {
                write(
                    &src.join(format!("f{i}.txt")),
                    format!("Story {i}\nBody of story number {i}."),
                );
                corpusdesk::core::Library::import_paths(
                    &lib,
                    std::slice::from_ref(&src),
                    &Default::default(),
                    &std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
                    &mut |_| {},
                )
                .unwrap();
            }
        })
    };
    let mut copies = Vec::new();
    for i in 0..5 {
        let dest = dir.path().join(format!("copy{i}.corpusdesk"));
        lib.backup(&dest, false).unwrap();
        copies.push(dest);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    writer.join().unwrap();
    for c in &copies {
        assert_consistent(c);
        let copy = Library::open(c).unwrap();
        drop(copy);
    }
    // An existing destination is refused unless replacing is asked for.
    let first = &copies[0];
    let before = std::fs::read(first).unwrap();
    assert!(matches!(
        lib.backup(first, false),
        Err(corpusdesk::core::Error::Exists(_))
    ));
    assert_eq!(std::fs::read(first).unwrap(), before);
    lib.backup(first, true).unwrap();
    assert_consistent(first);
}

#[test]
fn a_read_only_library_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.corpusdesk");
    drop(Library::open(&path).unwrap());
    let before = std::fs::read(&path).unwrap();
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let err = Library::open(&path).err().expect("refused");
    assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
    assert!(err.to_string().contains("read-only"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("ro.corpusdesk-wal").exists());
}

/// A version-3 library holding what the old rules made of three stories:
/// a wire story titled by its `Date:` line and dated from its body, a BBC
/// story dated from a birthday it mentions, and one with a manual date.
fn version_3_library(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
        .unwrap();
    for m in &schema::MIGRATIONS[..3] {
        conn.execute_batch(m).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    let docs = [
        (
            "Date: 26-FEB-1987 15:01:01.79",
            "Date: 26-FEB-1987 15:01:01.79\nTitle: BAHIA COCOA REVIEW\n\nShowers continued. The dividend is payable April 10, 1987, to stockholders of record.",
            Some("1987-04-10"),
            None,
        ),
        (
            "Blair profile",
            "Blair profile\n\nThe MP, born on 20 February 1951, said he would stand.",
            Some("1951-02-20"),
            None,
        ),
        (
            "Harbour storm",
            "Harbour storm\n\nThe wall fell on 3 March 2009.",
            Some("2009-03-03"),
            Some("2009-03-04"),
        ),
    ];
    for (i, (title, text, found, manual)) in docs.iter().enumerate() {
        conn.execute(
            "INSERT INTO documents(title, title_key, text, content_hash, byte_len, imported_at,
                                   found_date, found_source, set_date, set_source)
             VALUES (?1, lower(?1), ?2, randomblob(32), length(?2), 0, ?3, 'text', ?4, ?5)",
            rusqlite::params![title, text, found, manual, manual.map(|_| "manual")],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO sources(doc_id, path, path_text, size, encoding, imported_at, found_date, found_source)
             VALUES (?1, CAST(?2 AS BLOB), ?2, 10, 'UTF-8', 0, ?3, 'text')",
            rusqlite::params![i as i64 + 1, format!("/old/{i}.txt"), found],
        )
        .unwrap();
    }
}

/// Regression: dates taken from mentions in the text (and `Date:` lines as
/// titles) are re-derived when an old library is upgraded; manual dates stay.
#[test]
fn upgrading_re_derives_found_dates_and_titles_under_the_new_rules() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v3.corpusdesk");
    version_3_library(&old);
    let out = corpusdesk(&["--library", old.to_str().unwrap(), "docs", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("3 documents; 3 dates and 1 title changed"),
        "{stderr}"
    );
    let docs = stdout_json(&out);
    let doc = |i: usize| &docs[i];
    assert_eq!(doc(0)["title"], "BAHIA COCOA REVIEW");
    assert_eq!(doc(0)["date"], "1987-02-26");
    assert_eq!(doc(0)["date_source"], "label");
    assert_eq!(
        doc(1)["date"],
        serde_json::Value::Null,
        "a birthday is no date"
    );
    assert_eq!(doc(2)["date"], "2009-03-04", "the manual date stays");
    assert_eq!(doc(2)["date_source"], "manual");
    assert!(corpusdesk::core::store::backup::before_upgrade_path(&old).exists());
    assert_consistent(&old);
    // Done once: opening again changes nothing and says nothing.
    let again = corpusdesk(&["--library", old.to_str().unwrap(), "docs"]);
    assert!(String::from_utf8_lossy(&again.stderr).is_empty());
}

/// Regression (issue 29): a version-7 library dated Word and PDF files by
/// their creation properties, a hash-named file by the digits inside its
/// hash, and titled a story by the line that gave its date. The upgrade
/// keeps the file's time as metadata and re-reads the rest.
#[test]
fn upgrading_from_version_7_drops_property_and_hash_dates_and_date_line_titles() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v7.corpusdesk");
    old_library(
        &old,
        7,
        &[
            (
                "Road repairs: budget report",
                "Council budget report\n\nThe council will spend more on roads.",
                Some("2013-12-23"),
                Some("properties"),
                "/old/report.docx",
            ),
            (
                "Ofcom fines broadcaster",
                "Ofcom fines broadcaster\n\nThe regulator fined the channel.",
                Some("1874-07-31"),
                Some("filename"),
                "/old/099123_d18740731febfefb.txt",
            ),
            (
                "Published on Sunday, January 23, 2022",
                "Published on Sunday, January 23, 2022\nCity budget passes\n\nThe council voted.",
                Some("2022-01-23"),
                Some("label"),
                "/old/story.txt",
            ),
        ],
    );
    let out = corpusdesk(&["--library", old.to_str().unwrap(), "docs", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = stdout_json(&out);
    let doc = |i: usize| &docs[i];
    assert_eq!(doc(0)["date"], serde_json::Value::Null);
    assert_eq!(doc(0)["meta"]["file_created"], "2013-12-23");
    assert_eq!(
        doc(1)["date"],
        serde_json::Value::Null,
        "no date from a hash"
    );
    assert_eq!(doc(2)["title"], "City budget passes");
    assert_eq!(doc(2)["date"], "2022-01-23");
    assert_consistent(&old);
}

/// A version-11 library left `Datum: 09.12.2012` out (day and month could
/// be either way round); dotted dates are day first now, and the upgrade
/// reads the undated documents again. A dated one is not read again.
#[test]
fn upgrading_from_version_11_reads_dotted_dates_day_first() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v11.corpusdesk");
    old_library(
        &old,
        11,
        &[
            (
                "Wahl in Rumänien",
                "Datum: 09.12.2012\nTitel: Wahl in Rumänien\n\nHeute hat in Rumänien die Parlamentswahl begonnen.",
                None,
                None,
                "/old/0.txt",
            ),
            (
                "Hafen meldet Rekord",
                "Datum: 03.04.2021\n\nDer Hafen meldet einen Rekord.",
                Some("2020-01-01"),
                Some("header"),
                "/old/1.txt",
            ),
        ],
    );
    let out = corpusdesk(&["--library", old.to_str().unwrap(), "docs", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = stdout_json(&out);
    assert_eq!(docs[0]["date"], "2012-12-09", "{}", docs[0]);
    assert_eq!(docs[1]["date"], "2020-01-01", "not read again: {}", docs[1]);
    assert_consistent(&old);
}

/// Regression: a version-4 library judged pairs on shingle sets alone, so
/// two press releases sharing an "About the company" block were one
/// cluster. After the upgrade the next duplicate search judges them again:
/// related, not duplicates.
#[test]
fn upgrading_judges_the_stored_pairs_again() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v4.corpusdesk");
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .unwrap();
        for m in &schema::MIGRATIONS[..4] {
            conn.execute_batch(m).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        let fixtures =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reuse");
        for (i, name) in [
            "2024-05-14_northwind-solar-park.txt",
            "2024-06-03_northwind-apprentices.txt",
        ]
        .iter()
        .enumerate()
        {
            let text = std::fs::read_to_string(fixtures.join(name)).unwrap();
            let date = &name[..10];
            conn.execute(
                "INSERT INTO documents(title, title_key, text, content_hash, byte_len, imported_at,
                                       found_date, found_source)
                 VALUES (?1, lower(?1), ?2, randomblob(32), length(?2), 0, ?3, 'filename')",
                rusqlite::params![name, text, date],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO sources(doc_id, path, path_text, size, encoding, imported_at, found_date, found_source)
                 VALUES (?1, CAST(?2 AS BLOB), ?2, 10, 'UTF-8', 0, ?3, 'filename')",
                rusqlite::params![i as i64 + 1, format!("/old/{name}"), date],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO dedup_docs(doc_id, lines, signature, boiler, shingles)
                 VALUES (?1, x'', zeroblob(256), 0, 100)",
                [i as i64 + 1],
            )
            .unwrap();
        }
        conn.execute_batch(
            "INSERT INTO dedup_pairs VALUES (1, 2, 0.9, 0.5, 0.4);
             INSERT INTO clusters(id, keeper_id, created_at) VALUES (1, 1, 0);
             INSERT INTO cluster_members VALUES (1, 1, 1.0), (1, 2, 0.9);",
        )
        .unwrap();
    }
    let lib = old.to_str().unwrap();
    let out = corpusdesk(&["--library", lib, "dedup", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = stdout_json(&out);
    assert_eq!(v["clusters"].as_array().unwrap().len(), 0, "{v}");
    assert_eq!(v["related"][0]["kind"], "related", "{v}");
    assert_consistent(&old);
}
