//! The Words view's core and CLI against a tiny corpus counted by hand:
//! Unicode, hyphens, apostrophes and numbers, counts that agree with the
//! search, and a scope that follows the filter.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use corpusdesk::core::Library;
use corpusdesk::core::view::{Filter, TagFilter};
use corpusdesk::core::words::{self, collocates, freq, keywords, kwic, stats};
use support::*;

const D1: &str = "Peace talks in Genève resumed. Talks, talks!";
const D2: &str = "The COVID-19 talks don't stop; 2023 talks.";
const D3: &str = "Geneve is calm. No talks today.";

fn tiny(dir: &Path) -> Library {
    let corpus = dir.join("corpus");
    for (i, t) in [D1, D2, D3].iter().enumerate() {
        write(&corpus.join(format!("d{i}.txt")), t);
    }
    let lib = Library::open(dir.join("lib.corpusdesk")).unwrap();
    lib.import(&[corpus]).unwrap();
    lib
}

fn no() -> AtomicBool {
    AtomicBool::new(false)
}

#[test]
fn frequencies_match_a_hand_count() {
    let dir = tempfile::tempdir().unwrap();
    let lib = tiny(dir.path());
    let conn = lib.reader().unwrap();
    let ids = words::scope(&conn, &Filter::default(), &no()).unwrap();
    assert_eq!(ids.len(), 3);
    let list = freq::frequencies(&conn, &ids, &Default::default(), &no(), &mut |_, _| {}).unwrap();
    // d1: peace talks in geneve resumed talks talks (7)
    // d2: the covid 19 talks don t stop 2023 talks (9)
    // d3: geneve is calm no talks today (6)
    assert_eq!(list.tokens, 22);
    let row = |t: &str| list.rows.iter().find(|r| r.term == t).cloned();
    let talks = row("talks").unwrap();
    assert_eq!((talks.count, talks.documents), (6, 3));
    assert!((talks.per_million - 6e6 / 22.0).abs() < 1e-6);
    assert_eq!(row("geneve").map(|r| (r.count, r.documents)), Some((2, 2)));
    for (t, n) in [("covid", 1), ("19", 1), ("2023", 1), ("don", 1), ("t", 1)] {
        assert_eq!(row(t).map(|r| r.count), Some(n), "{t}");
    }
    assert!(row("genève").is_none() && row("covid-19").is_none());
    assert_eq!(list.rows[0].term, "talks", "most frequent first");
    // Bigrams cross punctuation (as the search's phrases do).
    let bi = freq::frequencies(
        &conn,
        &ids,
        &freq::FreqOptions {
            ngram: 2,
            ..Default::default()
        },
        &no(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(bi.tokens, 6 + 8 + 5);
    let b = |t: &str| bi.rows.iter().find(|r| r.term == t).map(|r| r.count);
    assert_eq!(b("talks talks"), Some(1));
    assert_eq!(b("covid 19"), Some(1));
    assert_eq!(b("don t"), Some(1));
    // Stop words: "the", "in", "is", "no", "don", "t" are NLTK's English ones.
    let stopped = freq::frequencies(
        &conn,
        &ids,
        &freq::FreqOptions {
            stopwords: true,
            ..Default::default()
        },
        &no(),
        &mut |_, _| {},
    )
    .unwrap();
    for gone in ["the", "in", "is", "no"] {
        assert!(stopped.rows.iter().all(|r| r.term != gone), "{gone}");
    }
    assert!(stopped.rows.iter().any(|r| r.term == "talks"));
    assert_eq!(stopped.stopword_languages, ["en"]);
    // Stemming (off by default) folds the forms of a word together.
    let stemmed = freq::frequencies(
        &conn,
        &ids,
        &freq::FreqOptions {
            stem: true,
            ..Default::default()
        },
        &no(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(stemmed.tokens, 22);
    let talk = stemmed.rows.iter().find(|r| r.term == "talk").unwrap();
    assert_eq!((talk.count, talk.documents), (6, 3));
    assert!(stemmed.rows.iter().any(|r| r.term == "resum"));
}

#[test]
fn concordance_hits_agree_with_the_search_and_follow_the_filter() {
    let dir = tempfile::tempdir().unwrap();
    let lib = tiny(dir.path());
    let conn = lib.reader().unwrap();
    let ids = words::scope(&conn, &Filter::default(), &no()).unwrap();
    let found = kwic::Shared::default();
    let p = kwic::Pattern::parse("talks").unwrap();
    kwic::concordance(&conn, &ids, &p, 3, &found, &no(), &mut |_, _| {}).unwrap();
    let f = found.lock().unwrap();
    assert_eq!(f.hits, 6);
    let docs: std::collections::BTreeSet<i64> = f.lines.iter().map(|l| l.doc).collect();
    let searched: std::collections::BTreeSet<i64> =
        corpusdesk::core::search::search(&conn, "talks", 100)
            .unwrap()
            .iter()
            .map(|h| h.document.id)
            .collect();
    assert_eq!(
        docs, searched,
        "the concordance's documents are the search's"
    );
    let d2 = f.lines.iter().find(|l| l.left.contains("COVID")).unwrap();
    assert_eq!(
        (d2.left.as_str(), d2.hit.as_str(), d2.right.as_str()),
        ("The COVID-19 ", "talks", " don't stop")
    );
    drop(f);
    // Tagging under a filter changes what the view counts.
    let d1 = ids[0];
    let tag = lib
        .writer()
        .write(move |tx| {
            let t = corpusdesk::core::store::tags::ensure(tx, "first")?;
            tx.execute(
                "INSERT INTO document_tags(tag_id, doc_id) VALUES (?1, ?2)",
                [t, d1],
            )?;
            Ok(t)
        })
        .unwrap();
    let tagged = Filter {
        tags: TagFilter {
            include: vec![tag],
            ..Default::default()
        },
        ..Default::default()
    };
    let scoped = words::scope(&conn, &tagged, &no()).unwrap();
    assert_eq!(scoped, vec![d1]);
    let list =
        freq::frequencies(&conn, &scoped, &Default::default(), &no(), &mut |_, _| {}).unwrap();
    assert_eq!(
        list.rows.iter().find(|r| r.term == "talks").unwrap().count,
        3
    );
    let searched = Filter {
        query: Some("geneve".into()),
        ..Default::default()
    };
    let scoped = words::scope(&conn, &searched, &no()).unwrap();
    assert_eq!(scoped.len(), 2, "Genève and Geneve fold together");
}

#[test]
fn keywords_and_collocations_use_the_hand_checked_measures() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    for i in 0..5 {
        write(
            &corpus.join(format!("t{i}.txt")),
            format!("harbour strike harbour strike the dock {i}"),
        );
    }
    for i in 0..20 {
        write(
            &corpus.join(format!("r{i}.txt")),
            format!("the council budget the vote {i}"),
        );
    }
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(&[corpus]).unwrap();
    let conn = lib.reader().unwrap();
    let all = words::scope(&conn, &Filter::default(), &no()).unwrap();
    let target = words::scope(
        &conn,
        &Filter {
            query: Some("harbour".into()),
            ..Default::default()
        },
        &no(),
    )
    .unwrap();
    assert_eq!(target.len(), 5);
    let k = keywords::keywords(&conn, &target, &all, 3, &no(), &mut |_, _| {}).unwrap();
    assert_eq!((k.target_tokens, k.reference_tokens), (35, 120));
    let harbour = k.rows.iter().find(|r| r.term == "harbour").unwrap();
    assert_eq!((harbour.target, harbour.reference), (10, 0));
    let ll = stats::log_likelihood(10.0, 0.0, 35.0, 120.0);
    assert!((harbour.log_likelihood - ll).abs() < 1e-9);
    assert!(
        k.rows.iter().all(|r| r.term != "the"),
        "the is under-represented"
    );
    let c = collocates::collocates(&conn, &all, "harbour", 1, 1, &no(), &mut |_, _| {}).unwrap();
    assert_eq!(c.node_frequency, 10);
    // Each "harbour" has "strike" right of it; the second also left of it.
    let strike = c.rows.iter().find(|r| r.term == "strike").unwrap();
    assert_eq!((strike.together, strike.frequency), (15, 10));
    assert!((strike.log_dice - stats::log_dice(15.0, 10.0, 10.0)).abs() < 1e-9);
    assert_eq!(c.rows[0].term, "strike");
}

#[test]
fn the_cli_prints_kwic_freq_keywords_and_collocates() {
    let dir = tempfile::tempdir().unwrap();
    let lib = tiny(dir.path());
    let path = lib.path().to_str().unwrap().to_string();
    drop(lib);
    let v = stdout_json(&corpusdesk(&[
        "--library",
        &path,
        "kwic",
        "talks",
        "--json",
        "--sort",
        "right1",
    ]));
    assert_eq!(v["hits"], 6);
    assert_eq!(v["lines"].as_array().unwrap().len(), 6);
    let v = stdout_json(&corpusdesk(&[
        "--library",
        &path,
        "freq",
        "--json",
        "--limit",
        "3",
    ]));
    assert_eq!(v["tokens"], 22);
    assert_eq!(v["rows"][0]["term"], "talks");
    assert_eq!(v["rows"].as_array().unwrap().len(), 3);
    let out = corpusdesk(&[
        "--library",
        &path,
        "freq",
        "--ngram",
        "2",
        "--csv",
        "--limit",
        "0",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("term,count,documents,per_million\n"),
        "{text}"
    );
    assert!(text.contains("covid 19,1,1,"), "{text}");
    let v = stdout_json(&corpusdesk(&[
        "--library",
        &path,
        "collocates",
        "talks",
        "--window",
        "2",
        "--min",
        "1",
        "--json",
    ]));
    assert_eq!(v["node_frequency"], 6);
    let v = stdout_json(&corpusdesk(&[
        "--library",
        &path,
        "keywords",
        "--query",
        "geneve",
        "--min",
        "1",
        "--json",
    ]));
    assert!(v["rows"].is_array());
    let out = corpusdesk(&[
        "--library",
        &path,
        "kwic",
        "covid*",
        "--csv",
        "--context",
        "2",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some("document,title,date,left,hit,right"));
    let row = rows.next().unwrap();
    assert!(row.ends_with(",The ,COVID,-19 talks"), "{row}");
    assert_eq!(rows.next(), None);
    let bad = corpusdesk(&["--library", &path, "kwic", "a OR b"]);
    assert!(!bad.status.success());
}
