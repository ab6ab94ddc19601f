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
    let opts = |stopwords| collocates::CollocOptions {
        window: 1,
        min_together: 1,
        stopwords,
    };
    let c = collocates::collocates(&conn, &all, "harbour", &opts(false), &no(), &mut |_, _| {})
        .unwrap();
    assert_eq!(c.node_frequency, 10);
    // With stop words left out (the default in the window and the CLI),
    // "the" two words from "harbour" is no collocate; "strike" stays.
    let near = |stopwords| collocates::CollocOptions {
        window: 2,
        ..opts(stopwords)
    };
    let with = collocates::collocates(&conn, &all, "harbour", &near(false), &no(), &mut |_, _| {})
        .unwrap();
    let without =
        collocates::collocates(&conn, &all, "harbour", &near(true), &no(), &mut |_, _| {}).unwrap();
    assert!(
        with.rows.iter().any(|r| r.term == "the"),
        "the sits near harbour"
    );
    assert!(without.rows.iter().all(|r| r.term != "the"));
    assert!(without.rows.iter().any(|r| r.term == "strike"));
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

/// The tiny corpus dated: D1 and D2 in January 2023, D3 in March.
fn tiny_dated(dir: &Path) -> Library {
    let corpus = dir.join("corpus");
    for (i, (date, t)) in [("2023-01-05", D1), ("2023-01-20", D2), ("2023-03-02", D3)]
        .iter()
        .enumerate()
    {
        write(
            &corpus.join(format!("d{i}.txt")),
            format!(" date {date} {t}"),
        );
    }
    let lib = Library::open(dir.join("lib.corpusdesk")).unwrap();
    lib.import(&[corpus]).unwrap();
    lib
}

#[test]
fn a_words_share_per_period_matches_a_hand_count_and_stories_count_a_cluster_once() {
    use corpusdesk::core::timeline::{DateColumn, Granularity};
    use corpusdesk::core::words::over_time;
    let dir = tempfile::tempdir().unwrap();
    let lib = tiny_dated(dir.path());
    let conn = lib.reader().unwrap();
    let ids = words::scope(&conn, &Filter::default(), &no()).unwrap();
    let words = vec!["talks".to_string(), "geneve".to_string()];
    let counts = over_time::count(&conn, &ids, &words, &no(), &mut |_, _| {}).unwrap();
    assert_eq!(counts.docs.len(), 3, "every document is dated");
    let talks = over_time::series(&counts, 0, Granularity::Month, None);
    let rows: Vec<(&str, u64, u64)> = talks
        .iter()
        .map(|p| (p.label.as_str(), p.hits, p.tokens))
        .collect();
    // January: d1 (3 of 7 words) + d2 (2 of 9); March: d3 (1 of 6).
    assert_eq!(rows, [("2023-01", 5, 16), ("2023-03", 1, 6)]);
    assert!((talks[0].per_million - 5e6 / 16.0).abs() < 1e-6);
    let geneve = over_time::series(&counts, 1, Granularity::Year, None);
    assert_eq!((geneve.len(), geneve[0].hits, geneve[0].tokens), (1, 2, 22));
    drop(conn);
    drop(lib);

    // Stories: the sample pair (one story from two outlets), dated apart,
    // and another story. With stories, only the pair's earliest copy counts.
    let dir = tempfile::tempdir().unwrap();
    let a = std::fs::read_to_string(samples_dir().join("000_90b2de136a6d840f.txt")).unwrap();
    let b = std::fs::read_to_string(samples_dir().join("002_944198b486eb7432.txt")).unwrap();
    let corpus = dir.path().join("in");
    write(&corpus.join("a.txt"), a.replace("2023-04-25", "2023-05-02"));
    write(&corpus.join("b.txt"), format!(" date 2023-04-20 {b}"));
    write(
        &corpus.join("c.txt"),
        " date 2023-05-03 Another story entirely, the second one in May.\n",
    );
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(&[corpus]).unwrap();
    lib.find_duplicates(&Default::default()).unwrap();
    assert_eq!(lib.clusters().unwrap().len(), 1, "the pair is one story");
    let conn = lib.reader().unwrap();
    let ids = words::scope(&conn, &Filter::default(), &no()).unwrap();
    let counts =
        over_time::count(&conn, &ids, &["the".to_string()], &no(), &mut |_, _| {}).unwrap();
    let by_title = |needle: &str| {
        let d = counts
            .docs
            .iter()
            .find(|d| {
                let text: String = conn
                    .query_row("SELECT text FROM documents WHERE id = ?", [d.id], |r| {
                        r.get(0)
                    })
                    .unwrap();
                text.contains(needle)
            })
            .unwrap();
        (u64::from(d.hits[0]), u64::from(d.tokens))
    };
    let (a_hits, a_tokens) = by_title(
        &a.lines()
            .nth(2)
            .unwrap_or("")
            .chars()
            .take(30)
            .collect::<String>(),
    );
    let (c_hits, c_tokens) = by_title("Another story");
    assert_eq!((c_hits, c_tokens), (1, 8), "counted by hand");
    let col = DateColumn::load(&conn, &no()).unwrap();
    let copies = over_time::series(&counts, 0, Granularity::Month, None);
    let stories = over_time::series(&counts, 0, Granularity::Month, Some(&col));
    assert_eq!(copies.len(), 2);
    assert_eq!(copies[0].label, "2023-04");
    assert_eq!(
        copies[0], stories[0],
        "April holds the pair's earliest copy"
    );
    assert_eq!(
        (copies[1].hits, copies[1].tokens),
        (a_hits + c_hits, a_tokens + c_tokens),
        "every copy counts"
    );
    assert_eq!(
        (stories[1].hits, stories[1].tokens),
        (c_hits, c_tokens),
        "the later copy of the story is left out"
    );
}

#[test]
fn the_cli_prints_a_words_share_over_time() {
    let dir = tempfile::tempdir().unwrap();
    let lib = tiny_dated(dir.path());
    let path = lib.path().to_str().unwrap().to_string();
    drop(lib);
    let v = stdout_json(&corpusdesk(&[
        "--library",
        &path,
        "over-time",
        "talks",
        "\"peace talks\"",
        "--by",
        "month",
        "--json",
    ]));
    assert_eq!(v["by"], "month");
    assert_eq!(v["periods"][0]["period"], "2023-01");
    assert_eq!(v["periods"][0]["tokens"], 16);
    assert_eq!(v["periods"][0]["words"][0]["hits"], 5);
    assert_eq!(v["periods"][0]["words"][1]["hits"], 1);
    assert_eq!(v["periods"][1]["words"][1]["hits"], 0);
    // A search narrows the documents, as in every Words command.
    let out = corpusdesk(&[
        "--library",
        &path,
        "over-time",
        "talks",
        "--query",
        "covid",
        "--csv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows[0], "period,tokens,word,hits,per_million");
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[1].contains(",9,talks,2,"), "{text}");
    let bad = corpusdesk(&["--library", &path, "over-time", "talks OR peace"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no OR"));
}

#[test]
fn counting_within_a_memory_bound_keeps_frequent_terms_and_bounds_the_error() {
    // 1,500 documents over a Zipf-like vocabulary of 4,000 words (more
    // chunks than one, so the bound is met while reading).
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    for d in 0..1500 {
        let text: Vec<String> = (0..40)
            .map(|_| {
                // Rank ~ 1/x: a few words are everywhere, most are rare.
                let rank = (4000f64.powf(next())) as usize;
                format!("w{rank}")
            })
            .collect();
        write(&corpus.join(format!("d{d}.txt")), text.join(" "));
    }
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(&[corpus]).unwrap();
    let conn = lib.reader().unwrap();
    let ids = words::scope(&conn, &Filter::default(), &no()).unwrap();
    let exact = freq::counts(&conn, &ids, 1, false, usize::MAX, &no(), &mut |_, _| {}).unwrap();
    assert_eq!(exact.max_undercount, 0);
    let limit = exact.counts.len() / 3;
    let bounded = freq::counts(&conn, &ids, 1, false, limit, &no(), &mut |_, _| {}).unwrap();
    let bound = bounded.max_undercount;
    assert!(bound > 0, "the bound was met");
    assert!(bounded.counts.len() <= limit + 2000, "held near the limit");
    assert_eq!(bounded.tokens, exact.tokens, "every token is still counted");
    for (term, &(count, docs)) in &exact.counts {
        match bounded.counts.get(term) {
            Some(&(c, d)) => {
                assert!(c <= count && c + bound >= count, "{term}: {c} of {count}");
                assert!(d <= docs && d + bound >= docs, "{term}: in {d} of {docs}");
            }
            None => assert!(count <= bound, "{term} ({count}) above the bound is kept"),
        }
    }
    // The frequent words are all there, counted exactly enough to rank.
    let mut top: Vec<(&String, &(u64, u64))> = exact.counts.iter().collect();
    top.sort_by_key(|t| std::cmp::Reverse(t.1.0));
    for (term, _) in top.iter().take(20) {
        assert!(bounded.counts.contains_key(*term), "{term}");
    }
}
