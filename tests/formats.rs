//! Web pages, Word, OpenDocument, PDF and e-mail through the import engine,
//! on the hand-made fixtures in `tests/fixtures/formats` (see its README):
//! what is kept from each, and a reason for each broken file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::HashMap;
use std::path::PathBuf;

use corpusdesk::core::import::html;
use corpusdesk::core::store::documents;
use corpusdesk::core::{DateSource, Document};
use corpusdesk::testkit::pages::{self, body_f1};
use support::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

fn by_file(docs: &[Document]) -> HashMap<String, &Document> {
    let mut map = HashMap::new();
    for d in docs {
        for p in &d.paths {
            let name = p.rsplit('/').next().unwrap().to_string();
            map.insert(name, d);
        }
    }
    map
}

#[test]
fn every_format_imports_with_its_metadata_and_broken_files_say_why() {
    let (_dir, lib) = temp_library();
    let report = lib.import(&[fixtures()]).unwrap();
    let reasons: HashMap<String, String> = report
        .errors
        .iter()
        .map(|e| {
            (
                e.path.rsplit('/').next().unwrap().to_string(),
                e.reason.clone(),
            )
        })
        .collect();
    assert!(reasons["bomb.docx"].contains("zip bomb"), "{reasons:?}");
    assert!(reasons["damaged.docx"].starts_with("damaged or truncated"));
    assert!(reasons["locked.pdf"].starts_with("password-protected PDF"));
    assert!(reasons["truncated.pdf"].starts_with("damaged or truncated PDF"));
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    // A PDF of page images waits for OCR (tests/ocr.rs reads scans).
    assert_eq!(report.scans.len(), 1);
    assert!(report.scans[0].ends_with("scan.pdf"));
    // The page without an article imported its visible text, with a note.
    assert_eq!(report.notes.len(), 1);
    assert!(report.notes[0].path.ends_with("section-index.html"));
    assert_eq!(report.notes[0].reason, html::NO_ARTICLE);

    let conn = lib.reader().unwrap();
    let docs = active_documents(&conn);
    let f = by_file(&docs);
    let date = |name: &str| {
        let d = f[name];
        (d.date.map(|d| d.to_string()), d.date_source)
    };

    // Web pages: headline without the site suffix, entities decoded (the
    // title was escaped twice), the JSON-LD date and not the modified one.
    let bbc = f["bbc-fine.html"];
    assert_eq!(bbc.title, "Broadcaster gets £1.8m indecency fine");
    assert_eq!(
        date("bbc-fine.html"),
        (Some("2010-11-09".into()), Some(DateSource::Metadata))
    );
    assert_eq!(bbc.meta["outlet"], "BBC News");
    assert_eq!(
        bbc.meta["url"],
        "https://www.bbc.co.uk/news/entertainment-arts-12345678"
    );
    assert_eq!(bbc.meta["lang"], "en");
    assert_eq!(bbc.meta["locale"], "en-GB");
    let text = documents::text(&conn, bbc.id).unwrap();
    for boilerplate in [
        "cookies",
        "Related stories",
        "Share on",
        "Advertisement",
        "disgrace",
        "Subscribe",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate} in {text}");
    }
    assert!(text.contains("\n\n"), "paragraphs are kept");
    // The page's own calendar day (23:40 at +01:00), not UTC's day before.
    assert_eq!(
        date("jsonld-only.html"),
        (Some("2023-11-05".into()), Some(DateSource::Metadata))
    );
    assert_eq!(f["jsonld-only.html"].meta["byline"], "Tom Pengelly");
    // The same page gzip-compressed is the same document.
    assert_eq!(f["harbour-storm.html.gz"].id, f["jsonld-only.html"].id);
    // An undeclared windows-1252 page, dated by Dublin Core.
    let de = f["de-legacy.html"];
    assert_eq!(de.title, "Fernwärme wird teurer");
    assert_eq!(de.date.unwrap().to_string(), "2022-10-17");
    // A blog post: its own <time>, not a comment's.
    assert_eq!(f["wp-blog.html"].title, "A summer of blight");
    assert_eq!(f["wp-blog.html"].date.unwrap().to_string(), "2021-08-03");

    // Main text against the gold bodies.
    let gold_dir = fixtures().with_file_name("formats-gold");
    for name in [
        "bbc-fine.html",
        "jsonld-only.html",
        "de-legacy.html",
        "wp-blog.html",
    ] {
        let gold = std::fs::read_to_string(gold_dir.join(format!("{name}.txt"))).unwrap();
        let got = documents::text(&conn, f[name].id).unwrap();
        let f1 = body_f1(&got, &gold);
        eprintln!("{name}: body word-3-gram F1 {f1:.3}");
        assert!(f1 >= 0.9, "{name}: F1 {f1:.3}\n{got}");
    }

    // Word: the title property. Its creation time is the file's, kept as
    // metadata and never the date (regression: Word files generated from
    // one template were all dated by the template's creation).
    let docx = f["council-report.docx"];
    assert_eq!(docx.title, "Road repairs: budget report 2024");
    assert_eq!(date("council-report.docx"), (None, None));
    assert_eq!(docx.meta["file_created"], "2024-01-18");
    assert_eq!(docx.meta["author"], "Ana Ruiz");
    let text = documents::text(&conn, docx.id).unwrap();
    assert!(text.contains("cycle lanes & footpaths"), "{text}");
    assert!(
        text.starts_with("Council budget report\n\nThe council"),
        "{text}"
    );
    // OpenDocument: the title property; the text states a date.
    assert_eq!(f["minutes.odt"].title, "Harbour board minutes, March");
    assert_eq!(f["minutes.odt"].meta["author"], "Jo Treloar");

    // PDF: the text layer and title; its creation time is metadata
    // (regression: PDFs were dated the day they were generated).
    let pdf = f["port-report.pdf"];
    assert_eq!(pdf.title, "Port statistics Q1");
    assert_eq!(date("port-report.pdf"), (None, None));
    assert_eq!(pdf.meta["file_created"], "2023-04-27");
    assert!(
        documents::text(&conn, pdf.id)
            .unwrap()
            .contains("seven per cent")
    );

    // E-mail: three messages, each with Subject, Date and headers.
    let qp = f["tips.mbox#1"];
    assert_eq!(qp.title, "Café on Main Street to close");
    assert_eq!(qp.id, f["single.eml"].id, "the .eml is the same message");
    // The sender's day (23:30 at -07:00), not UTC's day after.
    assert_eq!(qp.date.unwrap().to_string(), "2023-04-25");
    assert_eq!(qp.date_source, Some(DateSource::Metadata));
    assert!(
        documents::text(&conn, qp.id)
            .unwrap()
            .contains("forty years of trading")
    );
    let b64 = f["tips.mbox#2"];
    let text = documents::text(&conn, b64.id).unwrap();
    assert!(
        text.contains("Gebühren für Müllabfuhr") && text.contains("5 €"),
        "{text}"
    );
    assert_eq!(b64.meta["from"], "redaktion@example.de");
    let html_only = f["tips.mbox#3"];
    assert_eq!(html_only.title, "Embargoed: port statistics");
    let text = documents::text(&conn, html_only.id).unwrap();
    assert!(
        text.contains("rose by 7") && !text.contains("<b>"),
        "{text}"
    );
    assert_eq!(html_only.meta["attachments"][0], "stats.pdf");
    assert_eq!(html_only.meta["message_id"], "html-3@example.com");
}

/// Generated saved pages in four site layouts, boilerplate and all: every
/// headline and day is the article's own, and the stored text is its body.
#[test]
fn generated_news_pages_keep_headline_day_and_body() {
    let (dir, lib) = temp_library();
    let root = dir.path().join("pages");
    let pages = pages::write(&root, 24, 7).unwrap();
    let report = lib.import(&[root]).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    let conn = lib.reader().unwrap();
    let docs = active_documents(&conn);
    let f = by_file(&docs);
    let mut worst = (f64::INFINITY, String::new());
    let mut wrong: Vec<String> = Vec::new();
    for page in &pages {
        let name = page.path.file_name().unwrap().to_str().unwrap();
        let d = f[name];
        let what = format!("{name} ({})", page.layout);
        if d.title != page.title {
            wrong.push(format!("{what}: title {:?}, not {:?}", d.title, page.title));
        }
        let date = (d.date.map(|d| d.to_string()), d.date_source);
        if date != (Some(page.date.clone()), Some(DateSource::Metadata)) {
            wrong.push(format!("{what}: date {date:?}, not {}", page.date));
        }
        let text = documents::text(&conn, d.id).unwrap();
        for boilerplate in ["cookies", "Advertisement", "READ MORE", "Share on", "Reply"] {
            if text.contains(boilerplate) {
                wrong.push(format!("{what}: {boilerplate:?} kept"));
            }
        }
        assert!(text.contains("\n\n"), "{name}: paragraphs are kept");
        let f1 = body_f1(&text, &page.body);
        if f1 < worst.0 {
            worst = (f1, format!("{name} ({})", page.layout));
        }
    }
    eprintln!("worst body F1 {:.3} on {}", worst.0, worst.1);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        worst.0 >= 0.95,
        "worst body F1 {:.3} on {}",
        worst.0,
        worst.1
    );
}
