//! The duplicate finder on the real sample pair and on generated corpora.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use corpusdesk::core::dedup::{self, DocInfo, Options};
use corpusdesk::core::dedup::{normalize, verify};
use corpusdesk::core::import::decode;
use corpusdesk::testkit::accuracy::{self, Planted};
use corpusdesk::testkit::corpus::{self, Expect, Spec};
use support::*;

fn body(bytes: &[u8], name: &str) -> String {
    let text = decode::decode(bytes).unwrap().text;
    corpusdesk::core::import::formats::parse_text(&text, name).text
}

fn doc(id: i64, text: String, dated: bool) -> DocInfo {
    DocInfo {
        id,
        title: String::new(),
        text,
        date: dated.then(|| "2023-04-25".to_string()),
        imported_at: 0,
    }
}

fn shingles(text: &str) -> Vec<u32> {
    normalize::tokenize(text).shingle_set()
}

#[test]
fn the_two_samples_are_one_story() {
    let a = body(
        &std::fs::read(samples_dir().join("000_90b2de136a6d840f.txt")).unwrap(),
        "000",
    );
    let b = body(
        &std::fs::read(samples_dir().join("002_944198b486eb7432.txt")).unwrap(),
        "002",
    );
    let s = verify::compare(&shingles(&a), &shingles(&b));
    eprintln!("samples: {s:?}");
    assert!(s.jaccard < 0.7, "the pair a plain threshold misses: {s:?}");
    let docs = vec![doc(1, a, true), doc(2, b, false)];
    let clusters =
        dedup::find_clusters(&docs, &Options::default(), &AtomicBool::new(false)).unwrap();
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0].keeper, 1, "the dated one keeps");
    assert_eq!(clusters[0].members[0].id, 2);
}

#[test]
fn unrelated_stories_sharing_an_outlets_footer_stay_apart() {
    let footer = "Support independent journalism: every donation, however small, keeps our reporters in the field. \
                  Donate today and become a member of our community of readers who stand with us.\n"
        .repeat(2);
    // Stories of a few paragraphs of their own words, as real ones are; the
    // footer is a block of each.
    let story = |seed: u64| -> String {
        const WORDS: &[&str] = &[
            "harvest",
            "bank",
            "rates",
            "drought",
            "minister",
            "talks",
            "border",
            "farmers",
            "inflation",
            "court",
            "ruling",
            "storm",
            "coast",
            "vote",
            "council",
            "strike",
            "union",
            "wages",
            "prices",
            "market",
            "the",
            "a",
            "of",
            "in",
            "on",
            "said",
            "after",
        ];
        let mut rng = fastrand::Rng::with_seed(seed);
        (0..8)
            .map(|_| {
                let words: Vec<&str> = (0..25).map(|_| WORDS[rng.usize(..WORDS.len())]).collect();
                format!("{}.\n", words.join(" "))
            })
            .collect()
    };
    let a = format!("{}{footer}", story(1));
    let b = format!("{}{footer}", story(2));
    let docs = vec![doc(1, a, false), doc(2, b, false)];
    let clusters =
        dedup::find_clusters(&docs, &Options::default(), &AtomicBool::new(false)).unwrap();
    assert!(clusters.is_empty(), "{clusters:?}");
}

/// The generator's corpus as in-memory documents, with what was planted.
fn planted_corpus(spec: &Spec) -> (Vec<DocInfo>, HashMap<i64, Planted>) {
    let files = corpus::generate(spec);
    let mut docs = Vec::new();
    let mut planted = HashMap::new();
    for (i, (name, bytes, expect)) in files.iter().enumerate() {
        let Expect::Document {
            story,
            date,
            copy,
            hard,
            ..
        } = expect
        else {
            continue;
        };
        let id = i as i64 + 1;
        let text = body(bytes, name);
        planted.insert(
            id,
            Planted {
                story: *story,
                copy: *copy,
                text: text.clone(),
                hard: *hard,
            },
        );
        docs.push(DocInfo {
            id,
            title: String::new(),
            text,
            date: date.clone(),
            imported_at: 0,
        });
    }
    (docs, planted)
}

/// Pairwise precision and recall against the generator's planted stories.
#[test]
fn planted_clusters_are_found_with_high_precision_and_recall() {
    let spec = Spec {
        docs: 3000,
        seed: 21,
        exact_copy_share: 0.0,
        bad_files: false,
        hard_share: 0.04,
        long_tail: 2,
        ..Default::default()
    };
    let (docs, planted) = planted_corpus(&spec);
    let clusters =
        dedup::find_clusters(&docs, &Options::default(), &AtomicBool::new(false)).unwrap();
    let pairs = dedup::find_pairs(&docs, &Options::default(), &AtomicBool::new(false)).unwrap();
    let (linked, reused) = accuracy::reuse_linked(&planted, &pairs);
    eprintln!("passage reuse linked as related: {linked}/{reused}");
    // The long tail (a 1 MB single-line text, a 3 MB paragraphed one): the
    // story each quotes is still found in it.
    let long: Vec<i64> = planted
        .iter()
        .filter(|(_, p)| p.text.len() > 1_000_000)
        .map(|(&id, _)| id)
        .collect();
    assert_eq!(long.len(), 2);
    for id in long {
        assert!(
            pairs
                .iter()
                .any(|p| p.kind == dedup::PairKind::Related && (p.a == id || p.b == id)),
            "the story quoted in long text {id} is not linked"
        );
    }
    let groups: Vec<Vec<i64>> = clusters.iter().map(|c| c.ids()).collect();
    let scores = accuracy::score(&planted, &groups);
    eprintln!("{scores}");
    assert!(scores.true_pairs > 300);
    // The generator is as hard as promised: many copies a plain MinHash misses.
    let (_, low) = scores.low_jaccard;
    assert!(
        low * 3 > scores.true_pairs,
        "only {low} pairs below Jaccard 0.6"
    );
    assert!(scores.precision >= 0.99, "{scores}");
    assert!(scores.recall >= 0.95, "{scores}");
    // The hard cases: different stories that share a block, a template or a
    // passage stay apart, and reuse is linked as related.
    let (merged, all) = scores.shared_block;
    assert!(all > 50 && merged * 100 <= all, "{scores}");
    let (merged, all) = scores.template;
    assert!(all > 20 && merged * 20 <= all, "{scores}");
    assert_eq!(scores.reuse.0, 0, "{scores}");
    assert!(reused > 5 && linked * 10 >= reused * 9, "{linked}/{reused}");
    for (kind, found, all) in &scores.by_kind {
        assert!(*found as f64 >= 0.9 * *all as f64, "{kind:?}: {scores}");
    }
}

// ---- The library: stored index, incremental runs, decisions ----

use corpusdesk::core::dedup::RunOptions;
use corpusdesk::core::import::ImportOptions;
use corpusdesk::core::model::{DateSource, DocState};
use corpusdesk::core::store::clusters::stored_clusters;
use corpusdesk::core::store::decisions::Resolution;

fn import(lib: &corpusdesk::core::Library, paths: &[std::path::PathBuf]) {
    let report = corpusdesk::core::Library::import_paths(
        lib,
        paths,
        &ImportOptions::default(),
        &std::sync::Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

/// Clusters as sorted lists of document paths, comparable between libraries.
fn cluster_paths(lib: &corpusdesk::core::Library) -> Vec<Vec<String>> {
    let conn = lib.reader().unwrap();
    let path = |id| {
        corpusdesk::core::store::documents::document(&conn, id)
            .unwrap()
            .path
    };
    let mut out: Vec<Vec<String>> = stored_clusters(&conn)
        .unwrap()
        .iter()
        .map(|c| {
            let mut ids: Vec<String> = std::iter::once(c.keeper)
                .chain(c.members.iter().map(|m| m.id))
                .map(path)
                .collect();
            ids.sort();
            ids
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_sample_pair_in_a_library_is_one_cluster_and_the_undated_copy_takes_the_date() {
    let dir = tempfile::tempdir().unwrap();
    // The second sample with its date taken away: it must inherit the first's.
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::copy(samples_dir().join("000_90b2de136a6d840f.txt"), &a).unwrap();
    let second = std::fs::read_to_string(samples_dir().join("002_944198b486eb7432.txt")).unwrap();
    std::fs::write(&b, second.replace("2023", "")).unwrap();
    let lib = corpusdesk::core::Library::open(dir.path().join("l.corpusdesk")).unwrap();
    import(&lib, &[a, b]);
    let conn = lib.reader().unwrap();
    let doc = |id| corpusdesk::core::store::documents::document(&conn, id).unwrap();
    assert!(doc(2).date.is_none());
    let report = lib.find_duplicates(&RunOptions::default()).unwrap();
    assert_eq!(report.clusters, 1);
    let clusters = lib.clusters().unwrap();
    assert_eq!(clusters[0].keeper, 1);
    assert_eq!(doc(2).date.unwrap().to_string(), "2023-04-25");
    assert_eq!(doc(2).date_source, Some(DateSource::Duplicate));
    // "Not duplicates" dissolves the cluster, takes the date back, and
    // survives a full re-run; undo brings the cluster back.
    lib.resolve_clusters(vec![(1, vec![2])], Resolution::NotDuplicates)
        .unwrap();
    assert!(lib.clusters().unwrap().is_empty());
    assert!(doc(2).date.is_none());
    lib.find_duplicates(&RunOptions {
        full: true,
        ..Default::default()
    })
    .unwrap();
    assert!(
        lib.clusters().unwrap().is_empty(),
        "a verdict survives a re-run"
    );
    lib.undo().unwrap();
    assert_eq!(lib.clusters().unwrap().len(), 1);
    assert_eq!(doc(2).date_source, Some(DateSource::Duplicate));
}

#[test]
fn an_incremental_run_finds_what_a_full_run_finds() {
    let dir = tempfile::tempdir().unwrap();
    let spec = Spec {
        docs: 600,
        seed: 5,
        bad_files: false,
        ..Default::default()
    };
    corpus::write(&dir.path().join("in"), &spec).unwrap();
    let folders: Vec<_> = {
        let mut f: Vec<_> = std::fs::read_dir(dir.path().join("in"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        f.sort();
        f
    };
    assert!(folders.len() >= 2);
    // In steps, as a user imports batch after batch, running dedup each time
    // (the boilerplate is learned along the way, so old signatures go stale).
    let stepwise = corpusdesk::core::Library::open(dir.path().join("a.corpusdesk")).unwrap();
    let mut indexed = Vec::new();
    for folder in &folders {
        import(&stepwise, std::slice::from_ref(folder));
        indexed.push(stepwise.find_duplicates(&RunOptions::default()).unwrap());
    }
    let whole = corpusdesk::core::Library::open(dir.path().join("b.corpusdesk")).unwrap();
    import(&whole, &folders);
    whole
        .find_duplicates(&RunOptions {
            full: true,
            ..Default::default()
        })
        .unwrap();
    assert!(!cluster_paths(&whole).is_empty());
    assert_eq!(cluster_paths(&stepwise), cluster_paths(&whole));
    // Later steps index only the new batch (plus documents whose boilerplate changed).
    let last = indexed.last().unwrap();
    assert!(last.indexed < last.documents, "{indexed:?}");
    // Nothing new: nothing to index.
    let again = stepwise.find_duplicates(&RunOptions::default()).unwrap();
    assert_eq!(again.indexed, 0);
    assert_consistent(stepwise.path());
}

#[test]
fn resolving_clusters_marks_trashes_merges_tags_and_undoes() {
    let (_dir, lib) = temp_library();
    import(&lib, &[samples_dir()]);
    lib.find_duplicates(&RunOptions::default()).unwrap();
    let c = lib.clusters().unwrap().remove(0);
    let others: Vec<i64> = c.members.iter().map(|m| m.id).collect();
    let state = |id| {
        corpusdesk::core::store::documents::document(&lib.reader().unwrap(), id)
            .unwrap()
            .state
    };
    lib.tag_documents("syria", others.clone(), true).unwrap();
    lib.resolve_clusters(vec![(c.keeper, others.clone())], Resolution::MergeTags)
        .unwrap();
    let tags = corpusdesk::core::store::tags::list(&lib.reader().unwrap()).unwrap();
    assert_eq!(tags[0].count, 2, "the keeper has the tag too");
    lib.resolve_clusters(vec![(c.keeper, others.clone())], Resolution::MarkDuplicates)
        .unwrap();
    assert_eq!(state(others[0]), DocState::Duplicate);
    assert_eq!(state(c.keeper), DocState::Active);
    assert_eq!(
        lib.clusters().unwrap().len(),
        1,
        "a resolved cluster stays listed"
    );
    lib.undo().unwrap();
    assert_eq!(state(others[0]), DocState::Active);
    lib.resolve_clusters(vec![(c.keeper, others.clone())], Resolution::Trash)
        .unwrap();
    assert_eq!(state(others[0]), DocState::Trashed);
    assert!(lib.clusters().unwrap().is_empty());
    lib.undo().unwrap();
    assert_eq!(lib.clusters().unwrap().len(), 1);
    // The user picks the other keeper; a re-run keeps the choice.
    let (keeper, new_keeper) = (c.keeper, others[0]);
    lib.writer()
        .write(move |tx| {
            corpusdesk::core::store::decisions::choose_keeper(tx, new_keeper, &[keeper, new_keeper])
        })
        .unwrap();
    lib.find_duplicates(&RunOptions {
        full: true,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(lib.clusters().unwrap()[0].keeper, new_keeper);
    assert_consistent(lib.path());
}

#[test]
fn a_cancelled_run_stores_nothing() {
    let (_dir, lib) = temp_library();
    import(&lib, &[samples_dir()]);
    let cancel = AtomicBool::new(true);
    let result = corpusdesk::core::dedup::run(&lib, &RunOptions::default(), &cancel, &mut |_| {});
    assert!(
        matches!(result, Err(corpusdesk::core::Error::Cancelled)),
        "{result:?}"
    );
    assert!(lib.clusters().unwrap().is_empty());
    let indexed: i64 = lib
        .reader()
        .unwrap()
        .query_row("SELECT count(*) FROM dedup_docs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(indexed, 0);
}

/// The reuse fixtures and the samples in one library: one cluster (the
/// samples), the press releases sharing an "About the company" block are
/// related, the two daily Fed notices are the same template.
#[test]
fn shared_blocks_and_templates_are_kept_apart_and_listed_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reuse");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, input.join(path.file_name().unwrap())).unwrap();
    }
    for name in ["000_90b2de136a6d840f.txt", "002_944198b486eb7432.txt"] {
        std::fs::copy(samples_dir().join(name), input.join(name)).unwrap();
    }
    let lib = corpusdesk::core::Library::open(dir.path().join("l.corpusdesk")).unwrap();
    import(&lib, &[input]);
    let report = lib.find_duplicates(&RunOptions::default()).unwrap();
    assert_eq!(report.clusters, 1, "only the sample pair is one story");
    let conn = lib.reader().unwrap();
    let title = |id| {
        corpusdesk::core::store::documents::document(&conn, id)
            .unwrap()
            .path
    };
    let mut kinds: Vec<(String, String, dedup::PairKind)> =
        corpusdesk::core::store::clusters::load_pairs(&conn)
            .unwrap()
            .into_iter()
            .map(|p| {
                let mut names = [title(p.a), title(p.b)];
                names.sort();
                let short = |s: &str| s.rsplit('/').next().unwrap_or(s)[..8].to_string();
                (short(&names[0]), short(&names[1]), p.kind)
            })
            .collect();
    kinds.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        kinds,
        vec![
            (
                "000_90b2".into(),
                "002_9441".into(),
                dedup::PairKind::Duplicate
            ),
            (
                "1987-03-".into(),
                "1987-03-".into(),
                dedup::PairKind::Template
            ),
            (
                "2024-05-".into(),
                "2024-06-".into(),
                dedup::PairKind::Related
            ),
        ]
    );
    // The story across outlets of the one cluster: the dated sample first,
    // the undated copy (its date inherited, not its own) after it.
    let cluster = lib.clusters().unwrap().remove(0);
    let ids: Vec<i64> = std::iter::once(cluster.keeper)
        .chain(cluster.members.iter().map(|m| m.id))
        .collect();
    let story = corpusdesk::core::store::review::story_of(&conn, &ids).unwrap();
    assert_eq!(story.len(), 2);
    assert_eq!(story[0].date.unwrap().to_string(), "2023-04-25");
    assert_eq!(story[0].lag_days, Some(0));
    assert_eq!(
        story[1].lag_days, None,
        "an inherited date is no publication date"
    );
    // ...but the review says which date it shows, and names its file as
    // one (no folder name passed off as an outlet).
    assert_eq!(
        story[1].inherited.map(|d| d.to_string()).as_deref(),
        Some("2023-04-25")
    );
    assert!(story[1].source.starts_with("file "), "{}", story[1].source);
    // The Moscow Times appeal is what the second copy added.
    assert!(
        story[1].added.iter().any(|p| p.contains("Dear readers")),
        "{:?}",
        story[1].added
    );
}
