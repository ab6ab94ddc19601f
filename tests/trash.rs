//! The trash and import batches in the core and the CLI: what emptying
//! removes, what undoing an import takes back, what the undo labels say.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use corpusdesk::core::Library;
use corpusdesk::core::model::{DocId, DocState};
use corpusdesk::core::store::{documents, imports, journal, trash};
use corpusdesk::core::view::{self, Filter};
use support::*;

fn news_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news")
}

fn ids_in(lib: &Library, state: DocState) -> BTreeSet<DocId> {
    let mut out = BTreeSet::new();
    documents::for_each(&lib.reader().unwrap(), state, |d| {
        out.insert(d.id);
        Ok(())
    })
    .unwrap();
    out
}

fn search(lib: &Library, q: &str) -> Vec<DocId> {
    view::search_ids(&lib.reader().unwrap(), q, None, &AtomicBool::new(false)).unwrap()
}

fn count(lib: &Library, sql: &str) -> i64 {
    lib.reader()
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn emptying_the_trash_deletes_documents_with_their_sources_tags_index_and_duplicate_data() {
    let (_dir, lib) = temp_library();
    lib.import(&[news_dir(), samples_dir()]).unwrap();
    lib.find_duplicates(&Default::default()).unwrap();
    assert_eq!(
        lib.clusters().unwrap().len(),
        1,
        "the two samples are one story"
    );
    let shoigu = search(&lib, "Shoigu");
    let wheat = search(&lib, "wheat");
    assert_eq!((shoigu.len(), wheat.len()), (2, 1));
    lib.tag_documents("checked", [shoigu.clone(), wheat.clone()].concat(), true)
        .unwrap();
    let gone: Vec<DocId> = vec![shoigu[1], wheat[0]];
    assert_eq!(lib.trash(gone.clone()).unwrap(), 2);
    assert_eq!(lib.trash(gone.clone()).unwrap(), 0, "already there");
    let kept_before = ids_in(&lib, DocState::Active);

    assert_eq!(lib.empty_trash().unwrap(), 2);

    assert_consistent(lib.path());
    assert_eq!(
        ids_in(&lib, DocState::Active),
        kept_before,
        "the others stay"
    );
    assert_eq!(trash::count(&lib.reader().unwrap()).unwrap(), 0);
    let list = gone
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    for table in [
        "documents WHERE id",
        "sources WHERE doc_id",
        "document_tags WHERE doc_id",
        "dedup_docs WHERE doc_id",
        "cluster_members WHERE doc_id",
        &format!("dedup_pairs WHERE doc_a IN ({list}) OR doc_b"),
        &format!("pair_decisions WHERE doc_a IN ({list}) OR doc_b"),
    ] {
        assert_eq!(
            count(&lib, &format!("SELECT count(*) FROM {table} IN ({list})")),
            0,
            "{table}"
        );
    }
    assert!(
        search(&lib, "wheat").is_empty(),
        "gone from the search index"
    );
    assert_eq!(search(&lib, "Shoigu"), vec![shoigu[0]]);
    assert_eq!(
        lib.clusters().unwrap().len(),
        0,
        "a cluster of one is no cluster"
    );
    assert_eq!(
        journal::next(&lib.reader().unwrap()).unwrap(),
        journal::Next::default(),
        "the undo history went with the documents"
    );
    // The tag stays, on the document that is left.
    let tags = corpusdesk::core::store::tags::list(&lib.reader().unwrap()).unwrap();
    assert_eq!((tags[0].name.as_str(), tags[0].count), ("checked", 1));
}

#[test]
fn restoring_brings_back_only_what_is_in_the_trash() {
    let (_dir, lib) = temp_library();
    lib.import(&[news_dir()]).unwrap();
    let strike = search(&lib, "strike");
    let wheat = search(&lib, "wheat");
    lib.trash(strike.clone()).unwrap();
    assert_eq!(lib.restore([strike.clone(), wheat].concat()).unwrap(), 1);
    assert!(ids_in(&lib, DocState::Trashed).is_empty());
    assert_eq!(
        journal::next(&lib.reader().unwrap())
            .unwrap()
            .undo
            .as_deref(),
        Some("restore 1 document")
    );
}

#[test]
fn the_trash_and_an_import_batch_are_filters_of_their_own() {
    let (_dir, lib) = temp_library();
    let first = lib.import(&[news_dir()]).unwrap();
    let second = lib.import(&[samples_dir()]).unwrap();
    let conn = lib.reader().unwrap();
    let ids = |f: &Filter| view::filtered_ids(&conn, f, None, &AtomicBool::new(false)).unwrap();
    let batch = |b| Filter {
        batch: b,
        ..Default::default()
    };
    assert_eq!(ids(&batch(first.batch)).len(), 9);
    assert_eq!(ids(&batch(second.batch)).len(), 2);
    lib.trash(search(&lib, "Shoigu")).unwrap();
    let in_trash = Filter {
        trash: true,
        ..Default::default()
    };
    assert_eq!(ids(&in_trash).len(), 2);
    assert!(
        ids(&batch(second.batch)).is_empty(),
        "the library never lists the trash"
    );
    let searched_trash = Filter {
        trash: true,
        query: Some("Ankara".into()),
        ..Default::default()
    };
    assert_eq!(ids(&searched_trash).len(), 2, "the trash can be searched");
}

#[test]
fn undoing_an_import_trashes_only_what_it_created_and_redo_brings_it_back() {
    let (dir, lib) = temp_library();
    lib.import(&[news_dir()]).unwrap();
    let news = ids_in(&lib, DocState::Active);
    // A second folder: the two samples and a copy of a story already there.
    let more = dir.path().join("more");
    for f in ["000_90b2de136a6d840f.txt", "002_944198b486eb7432.txt"] {
        std::fs::create_dir_all(&more).unwrap();
        std::fs::copy(samples_dir().join(f), more.join(f)).unwrap();
    }
    std::fs::copy(
        news_dir().join("2023-04-18_strike.txt"),
        more.join("strike-copy.txt"),
    )
    .unwrap();
    let report = lib.import(std::slice::from_ref(&more)).unwrap();
    assert_eq!((report.imported, report.already_present), (2, 1));
    let conn = lib.reader().unwrap();
    assert_eq!(
        journal::next(&conn).unwrap().undo.as_deref(),
        Some("import of 2 documents")
    );
    let batches = imports::list(&conn).unwrap();
    assert_eq!(batches.len(), 2);
    assert_eq!(batches[0].paths, vec![more.to_string_lossy().into_owned()]);
    assert_eq!(
        (
            batches[0].imported,
            batches[0].already_present,
            batches[0].in_library
        ),
        (2, 1, 2)
    );

    assert_eq!(
        lib.undo().unwrap().as_deref(),
        Some("import of 2 documents")
    );
    assert_eq!(
        ids_in(&lib, DocState::Active),
        news,
        "the story found again stays"
    );
    assert_eq!(ids_in(&lib, DocState::Trashed).len(), 2);
    assert_eq!(
        lib.redo().unwrap().as_deref(),
        Some("import of 2 documents")
    );
    assert_eq!(ids_in(&lib, DocState::Active).len(), news.len() + 2);
    assert_consistent(lib.path());
}

#[test]
fn moving_a_batch_to_the_trash_is_one_undoable_step() {
    let (_dir, lib) = temp_library();
    let first = lib.import(&[news_dir()]).unwrap();
    lib.import(&[samples_dir()]).unwrap();
    let batch = first.batch.unwrap();
    let moved = lib
        .writer()
        .write(move |tx| imports::trash(tx, batch))
        .unwrap();
    assert_eq!(moved, 9);
    assert_eq!(ids_in(&lib, DocState::Active).len(), 2);
    assert_eq!(
        lib.undo().unwrap().as_deref(),
        Some("move 9 documents to the trash")
    );
    assert_eq!(ids_in(&lib, DocState::Active).len(), 11);
    let b = imports::get(&lib.reader().unwrap(), batch).unwrap();
    assert_eq!((b.in_library, b.in_trash, b.rejected), (9, 0, 1));
    assert!(b.label().starts_with("Imported 20"), "{}", b.label());
}

#[test]
fn undo_labels_say_what_the_change_did() {
    let (_dir, lib) = temp_library();
    lib.import(&[news_dir()]).unwrap();
    let next = |lib: &Library| journal::next(&lib.reader().unwrap()).unwrap();
    let three: Vec<DocId> = search(&lib, "parliament OR coalition OR debate");
    assert_eq!(three.len(), 3);
    lib.tag_documents("politics", three.clone(), true).unwrap();
    assert_eq!(
        next(&lib).undo.as_deref(),
        Some("tag 'politics' on 3 documents")
    );
    lib.tag_documents("politics", three[..1].to_vec(), false)
        .unwrap();
    assert_eq!(
        next(&lib).undo.as_deref(),
        Some("untag 'politics' from 1 document")
    );
    lib.undo().unwrap();
    assert_eq!(
        next(&lib).redo.as_deref(),
        Some("untag 'politics' from 1 document")
    );
}

#[test]
fn the_cli_moves_lists_restores_and_empties_the_trash() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.corpusdesk");
    let lib_arg = lib.to_str().unwrap();
    let news = news_dir();
    let run = |args: &[&str]| corpusdesk(&[&["--library", lib_arg], args].concat());
    assert!(run(&["import", news.to_str().unwrap()]).status.success());
    let out = run(&["trash", "move", "--query", "wheat OR strike"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "2 documents moved to the trash"
    );
    let listed = stdout_json(&run(&["trash", "list", "--json"]));
    let ids: Vec<i64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    let restore = ids[0].to_string();
    assert!(
        run(&["trash", "restore", "--ids", &restore])
            .status
            .success()
    );
    assert_eq!(
        stdout_json(&run(&["trash", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Emptying needs --yes, and without it nothing is deleted.
    let refused = run(&["trash", "empty"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    assert_eq!(
        stdout_json(&run(&["trash", "list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let emptied = run(&["trash", "empty", "--yes"]);
    assert!(emptied.status.success());
    assert_eq!(
        String::from_utf8_lossy(&emptied.stdout).trim(),
        "1 document deleted for good; the trash is empty"
    );
    assert!(
        stdout_json(&run(&["trash", "list", "--json"]))
            .as_array()
            .unwrap()
            .is_empty()
    );
    let batches = stdout_json(&run(&["imports", "--json"]));
    assert_eq!(batches[0]["imported"], 9);
    assert_eq!(batches[0]["rejected"], 1, "the binary scan");
    assert_eq!(batches[0]["in_library"], 8);
    assert_consistent(&lib);
}
