//! The finder one step at a time ([`corpusdesk::core::dedup::portable`],
//! what the Python package and the Spark job call) finds the app's pairs
//! and clusters: the steps glued here in memory, as the job glues them
//! with shuffles, against `find_duplicates` on the same library; and any
//! pair the app judges, judged alone, gets the app's verdict.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use corpusdesk::core::dedup::portable::{self, Doc, Member, Proposed, Verdict};
use corpusdesk::core::dedup::{self, DocInfo, PairKind, RunOptions};
use corpusdesk::core::import::ImportOptions;
use corpusdesk::core::model::{DateSource, DocId};
use corpusdesk::core::store::{clusters as stored, documents};
use corpusdesk::core::{DocState, Library};
use corpusdesk::testkit::corpus::{self, Spec};
use proptest::prelude::*;

struct Row {
    id: DocId,
    text: String,
    title: String,
    date: Option<String>,
    order: i64,
}

/// Pairs within groups (each member with the first `cap + 1` by id).
fn group_pairs(groups: HashMap<u64, Vec<DocId>>, cap: usize, out: &mut HashSet<(DocId, DocId)>) {
    for mut g in groups.into_values() {
        if g.len() < 2 {
            continue;
        }
        g.sort_unstable();
        for &a in &g {
            for &b in g.iter().take(cap + 1) {
                if a != b {
                    out.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
}

/// The job's steps, in memory: every judged pair.
/// Judged pairs, and what choosing keepers needs.
type Judged = (Vec<(DocId, DocId, Verdict)>, HashMap<DocId, Member>);

fn portable_pairs(rows: &[Row]) -> Judged {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for r in rows {
        for k in portable::line_keys(&r.text) {
            *counts.entry(k).or_default() += 1;
        }
    }
    let boiler = portable::boiler_lines(counts, portable::BOILERPLATE_DOCS);
    let signed: Vec<_> = rows
        .iter()
        .map(|r| portable::sign(&r.text, &boiler))
        .collect();
    // Band buckets.
    let mut buckets: HashMap<u64, Vec<DocId>> = HashMap::new();
    let mut postings: HashMap<u32, Vec<DocId>> = HashMap::new();
    for (r, s) in rows.iter().zip(&signed) {
        for &b in &s.bands {
            buckets.entry(b).or_default().push(r.id);
        }
        for &a in &s.anchors {
            postings.entry(a).or_default().push(r.id);
        }
    }
    let mut shingle_pairs: HashSet<(DocId, DocId)> = HashSet::new();
    for ids in buckets.values() {
        if ids.len() >= 2 && ids.len() <= portable::MAX_BUCKET {
            for (k, &a) in ids.iter().enumerate() {
                for &b in &ids[k + 1..] {
                    shingle_pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
    let mut shared: HashMap<(DocId, DocId), usize> = HashMap::new();
    for ids in postings.values() {
        if ids.len() >= 2 && ids.len() <= dedup::anchors::MAX_DF {
            for (k, &a) in ids.iter().enumerate() {
                for &b in &ids[k + 1..] {
                    if a != b {
                        *shared.entry((a.min(b), a.max(b))).or_default() += 1;
                    }
                }
            }
        }
    }
    shingle_pairs.extend(
        shared
            .into_iter()
            .filter(|&(_, n)| n >= dedup::anchors::MIN_SHARED)
            .map(|(p, _)| p),
    );
    let mut same_text = HashMap::new();
    let mut notices = HashMap::new();
    for r in rows {
        same_text
            .entry(portable::text_key(&r.text))
            .or_insert_with(Vec::new)
            .push(r.id);
        if let Some(k) = portable::notice_key(&r.title, r.date.as_deref(), r.text.len()) {
            notices.entry(k).or_insert_with(Vec::new).push(r.id);
        }
    }
    let (mut text_pairs, mut notice_pairs) = (HashSet::new(), HashSet::new());
    group_pairs(same_text, portable::EXTRA_GROUP, &mut text_pairs);
    group_pairs(notices, portable::EXTRA_GROUP, &mut notice_pairs);
    let all: BTreeSet<(DocId, DocId)> = shingle_pairs
        .iter()
        .chain(&text_pairs)
        .chain(&notice_pairs)
        .copied()
        .collect();
    let by_id: HashMap<DocId, &Row> = rows.iter().map(|r| (r.id, r)).collect();
    let doc = |id: DocId| {
        let r = by_id[&id];
        Doc {
            text: &r.text,
            title: &r.title,
            date: r.date.as_deref(),
        }
    };
    let mut judged = Vec::new();
    for (a, b) in all {
        let how = Proposed {
            shingles: shingle_pairs.contains(&(a, b)),
            same_text: text_pairs.contains(&(a, b)),
            notice: notice_pairs.contains(&(a, b)),
        };
        if let Some(v) = portable::judge_pair(&doc(a), &doc(b), &boiler, how) {
            judged.push((a, b, v));
        }
    }
    let members = rows
        .iter()
        .zip(&signed)
        .map(|(r, s)| {
            (
                r.id,
                Member {
                    dated: r.date.is_some(),
                    shingles: s.shingles,
                    order: r.order,
                },
            )
        })
        .collect();
    (judged, members)
}

fn rows_of(lib: &Library) -> Vec<Row> {
    let conn = lib.reader().unwrap();
    let mut rows = Vec::new();
    documents::for_each(&conn, DocState::Active, |d| {
        let own = (d.date_source != Some(DateSource::Duplicate))
            .then(|| d.date.map(|x| x.to_string()))
            .flatten();
        rows.push(Row {
            id: d.id,
            text: documents::text(&conn, d.id)?,
            title: d.title.clone(),
            date: own,
            order: d.imported_at,
        });
        Ok(())
    })
    .unwrap();
    rows
}

#[test]
fn the_steps_glued_in_memory_find_the_apps_pairs_and_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    corpus::write(
        &root,
        &Spec {
            docs: 1500,
            seed: 3636,
            bad_files: false,
            hard_share: 0.08,
            long_tail: 2,
            ..Default::default()
        },
    )
    .unwrap();
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    Library::import_paths(
        &lib,
        &[root, support::samples_dir()],
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    lib.find_duplicates(&RunOptions {
        full: true,
        ..Default::default()
    })
    .unwrap();
    let conn = lib.reader().unwrap();
    let app_pairs = stored::load_pairs(&conn).unwrap();
    let app_dups: BTreeSet<(DocId, DocId)> = app_pairs
        .iter()
        .filter(|p| p.kind == PairKind::Duplicate)
        .map(|p| (p.a, p.b))
        .collect();
    assert!(
        app_dups.len() > 50,
        "the corpus has duplicates: {}",
        app_dups.len()
    );

    let rows = rows_of(&lib);
    let (judged, members) = portable_pairs(&rows);
    let ours: BTreeSet<(DocId, DocId)> = judged
        .iter()
        .filter(|(_, _, v)| v.kind == PairKind::Duplicate)
        .map(|(a, b, _)| (*a, *b))
        .collect();
    let missing: Vec<_> = app_dups.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&app_dups).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "duplicate pairs the app has and the steps not: {missing:?}; the other way: {extra:?}"
    );
    // Every pair the app stored has the same verdict alone.
    let verdicts: HashMap<(DocId, DocId), &Verdict> =
        judged.iter().map(|(a, b, v)| ((*a, *b), v)).collect();
    for p in &app_pairs {
        let v = verdicts
            .get(&(p.a, p.b))
            .unwrap_or_else(|| panic!("the app's pair {} {} ({:?}) is judged", p.a, p.b, p.kind));
        assert_eq!(v.kind, p.kind, "{} {}", p.a, p.b);
        assert!((v.similarity.containment - p.containment).abs() < 1e-9);
    }

    let threshold = stored::threshold(&conn).unwrap();
    let dup_pairs: Vec<(DocId, DocId, Verdict)> = judged
        .into_iter()
        .filter(|(_, _, v)| v.kind == PairKind::Duplicate)
        .collect();
    let mut ours: Vec<Vec<DocId>> = portable::clusters(&dup_pairs, &members, threshold)
        .iter()
        .map(|c| c.ids())
        .collect();
    let mut app: Vec<Vec<DocId>> = stored::compute_clusters(&conn, threshold)
        .unwrap()
        .iter()
        .map(|c| c.ids())
        .collect();
    ours.sort();
    app.sort();
    assert_eq!(ours, app);
}

/// Two texts of a story: a copy with words changed, lines cut, a masthead
/// and a footer added, or another story altogether.
fn story(seed: u64, words: usize) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let vocab = corpusdesk::testkit::bulk::WORDS;
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(if i % 23 == 0 { '\n' } else { ' ' });
        }
        out.push_str(vocab[rng.usize(..vocab.len())]);
    }
    out
}

fn edited(text: &str, seed: u64, changes: usize, cut: usize) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..changes {
        let l = rng.usize(..lines.len());
        let mut words: Vec<&str> = lines[l].split(' ').collect();
        let w = rng.usize(..words.len());
        words[w] = "changed";
        lines[l] = words.join(" ");
    }
    let keep = lines.len().saturating_sub(cut).max(1);
    lines.truncate(keep);
    format!(
        "THE MORNING HERALD\n{}\nFollow us for more.",
        lines.join("\n")
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Whatever the app's in-memory finder says of two texts, the pair
    /// judged alone says the same.
    #[test]
    fn a_pair_judged_alone_gets_the_apps_verdict(
        seed in 0u64..10_000,
        words in 8usize..600,
        changes in 0usize..40,
        cut in 0usize..6,
        other in proptest::bool::weighted(0.2),
    ) {
        let a = story(seed, words);
        let b = if other { story(seed + 1, words) } else { edited(&a, seed, changes, cut) };
        let docs = [
            DocInfo { id: 1, title: "A".into(), text: a.clone(), date: None, imported_at: 0 },
            DocInfo { id: 2, title: "A".into(), text: b.clone(), date: None, imported_at: 0 },
        ];
        let app = dedup::find_pairs(&docs, &dedup::Options::default(), &AtomicBool::new(false)).unwrap();
        let alone = portable::judge_pair(
            &Doc { text: &a, title: "A", date: None },
            &Doc { text: &b, title: "A", date: None },
            &Default::default(),
            Proposed { shingles: true, ..Default::default() },
        );
        if let Some(p) = app.first() {
            let v = alone.expect("a pair the app keeps is kept alone");
            prop_assert_eq!(v.kind, p.kind);
            prop_assert!((v.similarity.containment - p.containment).abs() < 1e-9);
            prop_assert!((v.similarity.jaccard - p.jaccard).abs() < 1e-9);
        }
    }
}
