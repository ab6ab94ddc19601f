//! The duplicate finder on the real sample pair and on generated corpora.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use corpusdesk::core::dedup::{self, DocInfo, Options};
use corpusdesk::core::dedup::{minhash, normalize, verify};
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
        text,
        dated,
        imported_at: 0,
    }
}

fn shingles(text: &str) -> Vec<u32> {
    minhash::shingles(&normalize::tokenize(text).words)
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
            story, date, copy, ..
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
            },
        );
        docs.push(DocInfo {
            id,
            text,
            dated: date.is_some(),
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
        ..Default::default()
    };
    let (docs, planted) = planted_corpus(&spec);
    let clusters =
        dedup::find_clusters(&docs, &Options::default(), &AtomicBool::new(false)).unwrap();
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
    assert!(scores.precision >= 0.98, "{scores}");
    assert!(scores.recall >= 0.95, "{scores}");
    for (kind, found, all) in &scores.by_kind {
        assert!(*found as f64 >= 0.9 * *all as f64, "{kind:?}: {scores}");
    }
}
