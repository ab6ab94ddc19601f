//! The store's one door for edits: a bulk edit is one undo step and one
//! re-clustering, however many clusters or documents it touches.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use corpusdesk::core::model::DocId;
use corpusdesk::core::store::clusters::{reclusters_on_this_thread, stored_clusters};
use corpusdesk::core::store::decisions::{self, Resolution};
use corpusdesk::core::store::{documents, edit, review};
use support::*;

/// `pairs` stories, each saved twice: once bare, once with an outlet's footer.
fn pairs_of_copies(dir: &std::path::Path, pairs: usize) {
    for i in 0..pairs {
        let words: Vec<String> = (0..150)
            .map(|k| format!("w{}", (i * 7919 + k * 104_729) % 50_000))
            .collect();
        let text = words.join(" ");
        write(&dir.join(format!("{i:03}a.txt")), &text);
        write(
            &dir.join(format!("{i:03}b.txt")),
            format!("{text}\n\nSubscribe to the Evening Courier for more stories like this one."),
        );
    }
}

fn open_clusters(lib: &corpusdesk::core::Library) -> Vec<(DocId, Vec<DocId>)> {
    review::open_clusters(&lib.reader().unwrap()).unwrap()
}

#[test]
fn resolving_a_hundred_clusters_reclusters_once_and_undoes_in_one_step() {
    let (dir, lib) = temp_library();
    let input = dir.path().join("in");
    pairs_of_copies(&input, 100);
    lib.import(&[input]).unwrap();
    lib.find_duplicates(&Default::default()).unwrap();
    let open = open_clusters(&lib);
    assert_eq!(open.len(), 100, "each story and its copy form a cluster");

    for how in [Resolution::NotDuplicates, Resolution::MarkDuplicates] {
        let targets = open_clusters(&lib);
        let (reclusters, label) = lib
            .writer()
            .write(move |tx| {
                let before = reclusters_on_this_thread();
                decisions::resolve(tx, &targets, how)?;
                let after = reclusters_on_this_thread();
                let label = corpusdesk::core::store::journal::next(tx)?.undo;
                Ok((after - before, label))
            })
            .unwrap();
        assert_eq!(reclusters, 1, "{how:?}: one re-clustering for 100 clusters");
        assert_eq!(
            label.unwrap(),
            format!("{} (100 clusters)", how.label().to_lowercase())
        );
        let undo = lib
            .writer()
            .write(|tx| {
                let before = reclusters_on_this_thread();
                edit::undo(tx)?;
                Ok(reclusters_on_this_thread() - before)
            })
            .unwrap();
        assert_eq!(undo, 1, "{how:?}: undo reclusters once too");
        assert_eq!(
            open_clusters(&lib).len(),
            100,
            "{how:?}: undone in one step"
        );
    }
    assert_eq!(stored_clusters(&lib.reader().unwrap()).unwrap().len(), 100);
}

#[test]
fn an_edit_that_changes_nothing_records_nothing() {
    let (_dir, lib) = temp_library();
    lib.import(&[samples_dir()]).unwrap();
    let before = corpusdesk::core::store::journal::next(&lib.reader().unwrap()).unwrap();
    let ids: Vec<DocId> = vec![1, 2];
    lib.tag_documents("syria", ids.clone(), true).unwrap();
    // Tagging again changes nothing: no second entry.
    assert_eq!(lib.tag_documents("syria", ids, true).unwrap(), 0);
    lib.undo().unwrap();
    assert_eq!(
        corpusdesk::core::store::journal::next(&lib.reader().unwrap())
            .unwrap()
            .undo,
        Some("create tag 'syria'".to_string()),
        "only the tagging was undone"
    );
    lib.undo().unwrap();
    assert_eq!(
        corpusdesk::core::store::journal::next(&lib.reader().unwrap()).unwrap(),
        corpusdesk::core::store::journal::Next {
            redo: Some("create tag 'syria'".into()),
            ..before
        }
    );
    let d = documents::document(&lib.reader().unwrap(), 1).unwrap();
    assert!(d.tags.is_empty());
}
