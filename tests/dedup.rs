//! The duplicate finder on the real sample pair and on generated corpora.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::AtomicBool;

use corpusdesk::core::dedup::{self, DocInfo, Options};
use corpusdesk::core::dedup::{minhash, normalize, verify};
use corpusdesk::core::import::decode;
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

fn shingles(text: &str) -> Vec<u64> {
    let lines = normalize::lines(text);
    minhash::shingles(lines.iter().flat_map(|l| normalize::words(l)))
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

/// Pairwise precision and recall against the generator's planted stories.
#[test]
fn planted_clusters_are_found_with_high_precision() {
    let spec = Spec {
        docs: 1500,
        seed: 21,
        exact_copy_share: 0.0,
        bad_files: false,
        ..Default::default()
    };
    let files = corpus::generate(&spec);
    let mut docs = Vec::new();
    let mut story_of = HashMap::new();
    for (i, (name, bytes, expect)) in files.iter().enumerate() {
        let Expect::Document { story, date, .. } = expect else {
            continue;
        };
        let id = i as i64 + 1;
        story_of.insert(id, *story);
        docs.push(DocInfo {
            id,
            text: body(bytes, name),
            dated: date.is_some(),
            imported_at: 0,
        });
    }
    let clusters =
        dedup::find_clusters(&docs, &Options::default(), &AtomicBool::new(false)).unwrap();
    let mut predicted = HashSet::new();
    for c in &clusters {
        let ids: Vec<i64> = std::iter::once(c.keeper)
            .chain(c.members.iter().map(|m| m.id))
            .collect();
        for (k, a) in ids.iter().enumerate() {
            for b in &ids[k + 1..] {
                predicted.insert((*a.min(b), *a.max(b)));
            }
        }
    }
    let mut by_story: HashMap<usize, Vec<i64>> = HashMap::new();
    for (id, s) in &story_of {
        by_story.entry(*s).or_default().push(*id);
    }
    let mut truth = HashSet::new();
    for ids in by_story.values() {
        for (k, a) in ids.iter().enumerate() {
            for b in &ids[k + 1..] {
                truth.insert((*a.min(b), *a.max(b)));
            }
        }
    }
    let hits = predicted.intersection(&truth).count() as f64;
    let precision = hits / predicted.len().max(1) as f64;
    let recall = hits / truth.len().max(1) as f64;
    eprintln!(
        "pairs: {} true, {} predicted; precision {precision:.3}, recall {recall:.3}",
        truth.len(),
        predicted.len()
    );
    assert!(truth.len() > 100);
    assert!(precision >= 0.98, "precision {precision:.3}");
    assert!(recall >= 0.85, "recall {recall:.3}");
}
