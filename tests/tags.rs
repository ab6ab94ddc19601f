//! Tag operations in the core, each with its undo.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use corpusdesk::core::Library;
use corpusdesk::core::store::{documents, tags};
use support::*;

fn library_with(n: usize) -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        write(
            &dir.path().join(format!("in/{i}.txt")),
            format!("Document number {i} about harvests {i}."),
        );
    }
    let lib = Library::open(dir.path().join("l.corpusdesk")).unwrap();
    lib.import(&[dir.path().join("in")]).unwrap();
    (dir, lib)
}

fn names(lib: &Library) -> Vec<(String, i64)> {
    tags::list(&lib.reader().unwrap())
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.count))
        .collect()
}

fn tags_of(lib: &Library, id: i64) -> Vec<String> {
    documents::document(&lib.reader().unwrap(), id)
        .unwrap()
        .tags
}

#[test]
fn tagging_in_bulk_counts_and_undoes() {
    let (_d, lib) = library_with(10);
    assert_eq!(
        lib.tag_documents("conflict/syria", (1..=6).collect(), true)
            .unwrap(),
        6
    );
    // Already tagged documents do not count twice.
    assert_eq!(
        lib.tag_documents("conflict/syria", vec![5, 6, 7], true)
            .unwrap(),
        1
    );
    assert_eq!(names(&lib), vec![("conflict/syria".to_string(), 7)]);
    assert_eq!(
        lib.tag_documents("conflict/syria", vec![1, 2], false)
            .unwrap(),
        2
    );
    assert_eq!(names(&lib)[0].1, 5);
    lib.undo().unwrap();
    assert_eq!(names(&lib)[0].1, 7);
    lib.undo().unwrap();
    assert_eq!(names(&lib)[0].1, 6);
    lib.redo().unwrap();
    assert_eq!(names(&lib)[0].1, 7);
    assert_eq!(tags_of(&lib, 7), vec!["conflict/syria"]);
}

#[test]
fn renaming_a_parent_renames_its_children() {
    let (_d, lib) = library_with(3);
    let parent = lib.create_tag("conflict", None).unwrap();
    lib.tag_documents("conflict/syria", vec![1], true).unwrap();
    lib.tag_documents("conflict/ukraine", vec![2], true)
        .unwrap();
    lib.tag_documents("conflicted", vec![3], true).unwrap();
    lib.rename_tag(parent, "war").unwrap();
    let n: Vec<String> = names(&lib).into_iter().map(|t| t.0).collect();
    assert_eq!(n, vec!["conflicted", "war", "war/syria", "war/ukraine"]);
    assert_eq!(tags_of(&lib, 1), vec!["war/syria"]);
    lib.undo().unwrap();
    let n: Vec<String> = names(&lib).into_iter().map(|t| t.0).collect();
    assert_eq!(
        n,
        vec![
            "conflict",
            "conflict/syria",
            "conflict/ukraine",
            "conflicted"
        ]
    );
    // A name that exists already is refused (merge instead).
    let other = tags::by_name(&lib.reader().unwrap(), "conflicted")
        .unwrap()
        .unwrap()
        .id;
    assert!(lib.rename_tag(other, "conflict/syria").is_err());
    assert!(lib.rename_tag(parent, "conflict/inner").is_err());
    assert!(lib.create_tag("a//b", None).is_err());
}

#[test]
fn recolour_merge_and_delete_are_undoable() {
    let (_d, lib) = library_with(5);
    lib.tag_documents("economy", vec![1, 2, 3], true).unwrap();
    lib.tag_documents("econ", vec![3, 4], true).unwrap();
    let conn = lib.reader().unwrap();
    let economy = tags::by_name(&conn, "economy").unwrap().unwrap().id;
    let econ = tags::by_name(&conn, "econ").unwrap().unwrap().id;

    lib.recolor_tag(economy, "#112233").unwrap();
    assert_eq!(
        tags::by_name(&conn, "economy").unwrap().unwrap().color,
        "#112233"
    );
    assert!(lib.recolor_tag(economy, "red").is_err());

    lib.merge_tags(econ, economy).unwrap();
    assert_eq!(names(&lib), vec![("economy".to_string(), 4)]);
    lib.undo().unwrap();
    assert_eq!(
        names(&lib),
        vec![("econ".to_string(), 2), ("economy".to_string(), 3)]
    );
    assert_eq!(
        tags::by_name(&conn, "econ").unwrap().unwrap().id,
        econ,
        "same id after undo"
    );

    lib.delete_tag(economy).unwrap();
    assert_eq!(names(&lib), vec![("econ".to_string(), 2)]);
    assert!(tags_of(&lib, 1).is_empty());
    lib.undo().unwrap();
    assert_eq!(tags_of(&lib, 1), vec!["economy"]);
    lib.undo().unwrap(); // the recolour
    assert_ne!(
        tags::by_name(&conn, "economy").unwrap().unwrap().color,
        "#112233"
    );
}

#[test]
fn tag_ids_are_not_reused_after_delete() {
    let (_d, lib) = library_with(1);
    let a = lib.create_tag("a", None).unwrap();
    lib.delete_tag(a).unwrap();
    let b = lib.create_tag("b", None).unwrap();
    assert!(b > a);
}

#[test]
fn counts_follow_document_state() {
    let (_d, lib) = library_with(3);
    lib.tag_documents("x", vec![1, 2, 3], true).unwrap();
    lib.set_state(vec![1], corpusdesk::core::DocState::Trashed)
        .unwrap();
    assert_eq!(names(&lib), vec![("x".to_string(), 2)]);
}

/// Undoing an import left its folder tags at 0; *Remove unused tags* takes
/// them away in one step, keeps tags in use and a new empty one's fate is
/// the user's, and Undo brings them back on the trashed documents.
#[test]
fn unused_tags_after_an_undone_import_are_removed_in_one_undoable_step() {
    let (dir, lib) = library_with(3);
    lib.tag_documents("kept", vec![1], true).unwrap();
    for (folder, text) in [("business", "Shares rose."), ("sport", "A late goal.")] {
        write(
            &dir.path().join(format!("more/{folder}/a.txt")),
            format!("{folder} story\n\n{text} Much more text here for the record."),
        );
    }
    corpusdesk::core::Library::import_paths(
        &lib,
        &[dir.path().join("more")],
        &corpusdesk::core::import::ImportOptions {
            tag_folders: true,
            ..Default::default()
        },
        &std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    assert!(names(&lib).contains(&("business".into(), 1)));
    lib.undo().unwrap();
    assert!(
        names(&lib).contains(&("business".into(), 0)),
        "{:?}",
        names(&lib)
    );
    let conn = lib.reader().unwrap();
    let unused = tags::unused(&conn).unwrap();
    assert_eq!(unused.len(), 2);
    let n = lib.writer().write(tags::remove_unused).unwrap();
    assert_eq!(n, 2);
    assert_eq!(names(&lib), vec![("kept".to_string(), 1)]);
    lib.undo().unwrap();
    let back: Vec<String> = names(&lib).into_iter().map(|(n, _)| n).collect();
    assert_eq!(back, vec!["business", "kept", "sport"]);
}

/// Deleting a branch takes the tag and every tag under it in one step;
/// Undo brings them all back on their documents.
#[test]
fn a_branch_is_deleted_in_one_undoable_step() {
    let (_d, lib) = library_with(4);
    lib.tag_documents("conflict", vec![1], true).unwrap();
    lib.tag_documents("conflict/syria", vec![2], true).unwrap();
    lib.tag_documents("conflict/syria/aleppo", vec![3], true)
        .unwrap();
    lib.tag_documents("economy", vec![4], true).unwrap();
    let conn = lib.reader().unwrap();
    let conflict = tags::by_name(&conn, "conflict").unwrap().unwrap().id;
    let n = lib
        .writer()
        .write(move |tx| tags::delete_branch(tx, conflict))
        .unwrap();
    assert_eq!(n, 3);
    assert_eq!(names(&lib), vec![("economy".to_string(), 1)]);
    assert_eq!(
        lib.undo().unwrap().as_deref(),
        Some("delete tag 'conflict' and its sub-tags")
    );
    assert_eq!(names(&lib).len(), 4);
    assert_eq!(tags_of(&lib, 3), vec!["conflict/syria/aleppo".to_string()]);
}
