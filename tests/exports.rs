//! News-database exports (`tests/fixtures/exports`): every article its own
//! document (`FILE#N`), titled by its headline, dated by its own date line,
//! the field block out of the text and in the metadata.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::HashMap;
use std::path::PathBuf;

use corpusdesk::core::store::documents;
use corpusdesk::core::{DateSource, Document};
use support::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name)
}

/// The documents of one imported file, by article number.
fn import_one(name: &str) -> (HashMap<i64, (Document, String)>, usize) {
    let (_dir, lib) = temp_library();
    let report = lib.import(&[fixture(name)]).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let conn = lib.reader().unwrap();
    let docs = active_documents(&conn);
    let mut by_row = HashMap::new();
    for d in docs {
        let text = documents::text(&conn, d.id).unwrap();
        for p in &d.paths {
            let n: i64 = p
                .rsplit_once('#')
                .unwrap_or_else(|| panic!("{p} is not FILE#N"))
                .1
                .parse()
                .unwrap();
            by_row.insert(n, (d.clone(), text.clone()));
        }
    }
    (
        by_row,
        report.imported + report.already_present + report.repeated,
    )
}

fn date(d: &Document) -> (Option<String>, Option<DateSource>) {
    (d.date.map(|d| d.to_string()), d.date_source)
}

fn meta<'a>(d: &'a Document, key: &str) -> &'a str {
    d.meta.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

fn own(s: &str) -> (Option<String>, Option<DateSource>) {
    (Some(s.to_string()), Some(DateSource::Metadata))
}

/// Regression: a LexisNexis TXT export of 10 articles became one document
/// titled "Download Request: Selected Items: 1-10", dated by the download day.
#[test]
fn lexis_nexis_txt_export_is_split_into_its_articles() {
    let (docs, sources) = import_one("lexis-classic.TXT");
    assert_eq!(sources, 5);
    let (a, text) = &docs[&1];
    assert_eq!(
        a.title,
        "Harbour wall gives way as storm surge hits the south coast"
    );
    assert_eq!(
        date(a),
        own("2010-01-11"),
        "the date line, not LOAD-DATE or the body's March 3, 2009"
    );
    assert_eq!(meta(a, "outlet"), "The Guardian (London)");
    assert_eq!(meta(a, "byline"), "Andrew Sparrow");
    assert_eq!(meta(a, "section"), "UK NEWS; Pg. 7");
    assert_eq!(meta(a, "length"), "412 words");
    assert_eq!(meta(a, "edition"), "Final Edition");
    assert_eq!(meta(a, "dateline"), "Portsmouth");
    assert_eq!(meta(a, "lang"), "en");
    assert!(meta(a, "copyright").starts_with("Copyright 2010 Guardian"));
    assert!(
        text.starts_with(
            "A section of the harbour wall at Portsmouth collapsed overnight as a storm surge"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("urged people not to drive through flood water."),
        "{text}"
    );
    for field in [
        "BYLINE",
        "LENGTH:",
        "LOAD-DATE",
        "LANGUAGE",
        "Copyright",
        "DOCUMENTS",
    ] {
        assert!(!text.contains(field), "{field} in {text}");
    }
    // No byline: none invented.
    let (b, _) = &docs[&2];
    assert_eq!(b.title, "FLOOD FURY AT COUNCIL");
    assert!(!b.meta.contains_key("byline"));
    assert_eq!(meta(b, "edition"), "Edition 1; Scotland");
    // The same article in another edition is the same document, two sources.
    assert_eq!(docs[&3].0.id, b.id);
    assert_eq!(b.paths.len(), 2);
    // A German article: its own date line in German.
    let (c, text) = &docs[&4];
    assert_eq!(
        c.title,
        "Sturmflut an der englischen Südküste: Hafenmauer bricht"
    );
    assert_eq!(date(c), own("2010-01-13"));
    assert_eq!(meta(c, "lang"), "de");
    assert!(text.contains("vom 3. März 2009"));
    // A letter dated by month only keeps its month, not the Load-Date.
    assert_eq!(date(&docs[&5].0), own("2010-01"));
}

/// Regression: the Nexis Uni DOCX export of 10 articles was refused.
#[test]
fn nexis_uni_docx_export_is_split_into_its_articles() {
    let (docs, sources) = import_one("nexis-uni.DOCX");
    assert_eq!(sources, 3, "the cover list is not an article");
    let (a, text) = &docs[&1];
    assert_eq!(a.title, "Ferry operator fined after harbour collision");
    assert_eq!(date(a), own("2019-07-01"));
    assert_eq!(meta(a, "outlet"), "The Independent (United Kingdom)");
    assert_eq!(meta(a, "byline"), "Tom Pengelly");
    assert_eq!(meta(a, "length"), "312 words");
    assert_eq!(meta(a, "section"), "NEWS; Version:2");
    assert_eq!(meta(a, "lang"), "en");
    assert!(
        text.starts_with("A ferry operator has been fined £250,000"),
        "{text}"
    );
    assert!(
        text.ends_with("apologised to those who were hurt."),
        "{text}"
    );
    assert!(!text.contains("Load-Date") && !text.contains("Classification"));
    let (b, _) = &docs[&2];
    assert_eq!(meta(b, "outlet"), "The Times (London)");
    assert_eq!(meta(b, "edition"), "Edition 1, National Edition");
    assert!(!b.meta.contains_key("byline"));
    let (c, _) = &docs[&3];
    assert_eq!(c.title, "Grève au port du Havre : accord trouvé");
    assert_eq!(
        date(c),
        own("2019-07-02"),
        "French date line, not the body's 20 juin"
    );
    assert_eq!(meta(c, "lang"), "fr");
}

#[test]
fn factiva_txt_and_html_exports_are_split_into_their_articles() {
    for name in ["factiva.txt", "factiva.html"] {
        let (docs, sources) = import_one(name);
        assert_eq!(sources, 2, "{name}");
        let (a, text) = &docs[&1];
        assert_eq!(
            a.title, "Storm closes three ports on Channel coast",
            "{name}"
        );
        assert_eq!(date(a), own("2019-02-26"), "{name}");
        assert_eq!(meta(a, "outlet"), "The Times", "{name}");
        assert_eq!(meta(a, "byline"), "By Ana Ribeiro", "{name}");
        assert_eq!(meta(a, "length"), "284 words", "{name}");
        assert_eq!(meta(a, "accession"), "T000000020190226ef2q0004s", "{name}");
        assert_eq!(meta(a, "lang"), "en", "{name}");
        assert!(
            text.starts_with("Three ports on the Channel coast"),
            "{name}: {text}"
        );
        assert!(
            text.contains("\n\nPort authorities expect"),
            "{name}: {text}"
        );
        assert!(
            !text.contains("dovhbr") && !text.contains("Document T0"),
            "{name}: {text}"
        );
        let (b, _) = &docs[&2];
        assert_eq!(b.title, "Hafen Hamburg meldet Rekordumschlag", "{name}");
        assert_eq!(date(b), own("2019-02-27"), "{name}");
        assert_eq!(meta(b, "lang"), "de", "{name}");
        assert!(!b.meta.contains_key("byline"), "{name}");
    }
}

/// The same export saved as RTF (as LexisNexis offers it) gives the same
/// articles.
#[test]
fn lexis_nexis_rtf_export_is_split_like_the_txt() {
    let (txt, _) = import_one("lexis-classic.TXT");
    let (rtf, sources) = import_one("lexis-classic.rtf");
    assert_eq!(sources, 5);
    for n in 1..=5 {
        let ((a, at), (b, bt)) = (&txt[&n], &rtf[&n]);
        assert_eq!(a.title, b.title, "article {n}");
        assert_eq!(date(a), date(b), "article {n}");
        assert_eq!(at, bt, "article {n}");
        for key in ["outlet", "byline", "section", "length", "lang"] {
            assert_eq!(meta(a, key), meta(b, key), "article {n}: {key}");
        }
    }
}
