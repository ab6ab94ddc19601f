//! What the library says is what the documents state, on files shaped like
//! the real collections that went wrong: each source keeps its own date and
//! outlet, titles are headlines (not mastheads, date lines, front matter or
//! labels), dates are stated dates (not file properties or digits in a
//! hash), and files without a document in them say so.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use corpusdesk::core::dedup::RunOptions;
use corpusdesk::core::{DateSource, Document, Library};
use support::*;

fn all_docs(lib: &Library) -> Vec<Document> {
    active_documents(&lib.reader().unwrap())
}

fn find<'a>(docs: &'a [Document], path_end: &str) -> &'a Document {
    docs.iter()
        .find(|d| d.paths.iter().any(|p| p.ends_with(path_end)))
        .unwrap_or_else(|| panic!("no document from {path_end}"))
}

/// A classic LexisNexis export of one article, as a library would send it.
fn lexis_export(outlet: &str, date_line: &str, headline: &str, body: &str) -> String {
    format!(
        "\r\n\r\nDownload Request: Selected Items: 1\r\nTime Of Request: Friday, March 20, 2018  16:51:31\r\n\r\n\
         Terms: harbour\r\n\r\nSource: {outlet}\r\nProject ID: None\r\n\r\n\r\n\
         {:>40}\r\n\r\n\r\n\r\n{:>40}\r\n\r\n{:>40}\r\n{:>40}\r\n\r\n{headline}\r\n\r\n\
         BYLINE: Andrew Sparrow\r\n\r\nSECTION: UK NEWS; Pg. 7\r\n\r\nLENGTH: 120 words\r\n\r\n\r\n\
         {body}\r\n\r\nLOAD-DATE: July 2, 2019\r\n\r\nLANGUAGE: ENGLISH\r\n\r\n\
         PUBLICATION-TYPE: Newspaper\r\n\r\n\r\n{:>40}\r\n{:>40}\r\n",
        "1 of 1 DOCUMENTS",
        outlet,
        date_line,
        "Final Edition",
        "Copyright 2019 Guardian Newspapers Limited",
        "All Rights Reserved"
    )
}

const HARBOUR: &str = "A section of the harbour wall at Portsmouth collapsed overnight as a storm\r\n\
    surge pushed water over the promenade, flooding dozens of homes in the old\r\n\
    town and forcing the evacuation of a care home.\r\n\r\n\
    The council said the wall had last been repaired after the floods of 2009,\r\n\
    and that engineers had warned in a report that the repairs would not\r\n\
    last another winter.";

/// Regression: two exports of one article by two outlets on two dates
/// (Guardian.com 2010-01-11, The Guardian 2019-07-01) became one document
/// with the first one's date and outlet.
#[test]
fn the_same_text_from_another_outlet_and_date_is_a_publication_of_its_own() {
    let (dir, lib) = temp_library();
    let root = dir.path().join("exports");
    write(
        &root.join("guardian-com.TXT"),
        lexis_export(
            "Guardian.com",
            "January 11, 2010 Monday",
            "Harbour wall gives way",
            HARBOUR,
        ),
    );
    write(
        &root.join("the-guardian.TXT"),
        lexis_export(
            "The Guardian (London)",
            "July 1, 2019 Monday",
            "Harbour wall gives way",
            HARBOUR,
        ),
    );
    // The same file again under another name: one more source, no new record.
    write(
        &root.join("copy/guardian-com.TXT"),
        lexis_export(
            "Guardian.com",
            "January 11, 2010 Monday",
            "Harbour wall gives way",
            HARBOUR,
        ),
    );
    let report = lib.import(std::slice::from_ref(&root)).unwrap();
    assert_eq!(report.imported, 2, "{report:?}");
    assert_eq!(report.other_publications, 1);
    // The copy came in the same import: counted as repeated, not as
    // already in the library.
    assert_eq!((report.repeated, report.already_present), (1, 0));
    assert_eq!(report.already_imported, 0);
    let docs = all_docs(&lib);
    assert_eq!(docs.len(), 2);
    let com = find(&docs, "exports/guardian-com.TXT#1");
    let paper = find(&docs, "the-guardian.TXT#1");
    assert_ne!(com.id, paper.id);
    assert_eq!(com.date.unwrap().to_string(), "2010-01-11");
    assert_eq!(paper.date.unwrap().to_string(), "2019-07-01");
    assert_eq!(com.meta["outlet"], "Guardian.com");
    assert_eq!(paper.meta["outlet"], "The Guardian (London)");
    assert_eq!(
        com.paths.len(),
        2,
        "the copy is a second source: {:?}",
        com.paths
    );

    // Importing again adds nothing; the report says the files were seen.
    let again = lib.import(&[root]).unwrap();
    assert_eq!((again.imported, again.already_imported), (0, 3));

    // Duplicate detection groups the two publications, at 100 %.
    lib.find_duplicates(&RunOptions::default()).unwrap();
    let conn = lib.reader().unwrap();
    let (clusters, similarity): (i64, f64) = conn
        .query_row(
            "SELECT count(DISTINCT cluster_id), min(similarity) FROM cluster_members
             WHERE similarity IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(clusters, 1);
    assert!(similarity > 0.999, "{similarity}");
}

/// Regression: wire stories re-filed word for word on another day showed
/// the first file's date.
#[test]
fn a_wire_story_refiled_on_another_day_keeps_both_days() {
    let (dir, lib) = temp_library();
    let body = "NEW YORK - The Federal Reserve said it would keep its discount rate \
                unchanged, a spokesman said, after a meeting of the board of governors.\n Reuter\n";
    write(
        &dir.path().join("w/a.txt"),
        format!("Date: 2-MAR-1987 10:01:02.10\nTitle: FED KEEPS DISCOUNT RATE\n\n{body}"),
    );
    write(
        &dir.path().join("w/b.txt"),
        format!("Date: 9-MAR-1987 11:01:02.10\nTitle: FED KEEPS DISCOUNT RATE\n\n{body}"),
    );
    // No date stated at all: folds into the first as another source.
    write(&dir.path().join("w/c.txt"), body);
    let report = lib.import(&[dir.path().join("w")]).unwrap();
    assert_eq!(
        (
            report.imported,
            report.other_publications,
            report.repeated,
            report.already_present
        ),
        (2, 1, 1, 0)
    );
    let docs = all_docs(&lib);
    let mut days: Vec<String> = docs.iter().map(|d| d.date.unwrap().to_string()).collect();
    days.sort();
    assert_eq!(days, ["1987-03-02", "1987-03-09"]);
}

fn masthead_story(outlet: &str, i: usize, date_line: bool) -> String {
    let subjects = [
        "council",
        "harbour board",
        "school trust",
        "water company",
        "bus operator",
        "hospital",
        "library service",
        "police force",
        "fire service",
        "university",
    ];
    let subject = subjects[i % subjects.len()];
    let subjects = [
        "Council",
        "Harbour board",
        "School trust",
        "Water company",
        "Bus operator",
        "Hospital",
        "Library service",
        "Police force",
        "Fire service",
        "University",
    ];
    let actions = [
        "delays the budget vote",
        "buys two new cranes",
        "names a new head",
        "warns of higher bills",
        "opens a second site",
    ];
    let headline = format!("{} {}", subjects[i % 10], actions[i / 10 % 5]);
    let dated = if date_line {
        format!("Published on Sunday, January {}, 2022\n", i % 28 + 1)
    } else {
        String::new()
    };
    format!(
        "{outlet}\n{dated}{headline}\n\n\
         {headline}: the {subject} said on Friday that plan number {i} would be put to a public \
         consultation next month, after residents asked for changes to the first draft.\n"
    )
}

/// Regression: 12.8% of a 100,000-document corpus were titled by their
/// outlet's masthead, and others by the line that gave their date.
#[test]
fn mastheads_and_date_lines_are_not_titles() {
    let (dir, lib) = temp_library();
    let root = dir.path().join("observer");
    for i in 0..50 {
        write(
            &root.join(format!("story-{i:03}.txt")),
            masthead_story("PLAINSVIEW OBSERVER", i, i % 2 == 0),
        );
    }
    // Another outlet with a section in its masthead.
    for i in 0..6 {
        write(
            &root.join(format!("wire-{i}.txt")),
            masthead_story("EASTERN WIRE | World", 100 + i, false),
        );
    }
    // One story carried by five outlets keeps its (shared) headline.
    for i in 0..5 {
        write(
            &root.join(format!("carried-{i}.txt")),
            format!(
                "Storm closes the coast road\n\nThe coast road was closed on Friday after a \
                 landslip, and will stay closed for a week, engineers said ({i})."
            ),
        );
    }
    // A daily report under one headline keeps it: below it is its body.
    for i in 0..8 {
        write(
            &root.join(format!("fed-{i}.txt")),
            format!(
                "Fed adds reserves via customer repurchases\n\nThe Federal Reserve entered the \
                 market on day {i} to arrange {i}.5 billion dlrs of repurchase agreements, a \
                 spokesman said."
            ),
        );
    }
    let report = lib.import(std::slice::from_ref(&root)).unwrap();
    assert_eq!(report.errors, vec![]);
    assert_eq!(report.masthead_titles, 56);
    let docs = all_docs(&lib);
    for d in &docs {
        assert!(
            !d.title.contains("OBSERVER") && !d.title.contains("EASTERN WIRE"),
            "{}: {}",
            d.path,
            d.title
        );
        assert!(!d.title.starts_with("Published"), "{}", d.title);
    }
    let s7 = find(&docs, "story-007.txt");
    assert_eq!(s7.title, "Police force delays the budget vote");
    assert_eq!(s7.meta["outlet"], "PLAINSVIEW OBSERVER");
    let s8 = find(&docs, "story-008.txt");
    assert_eq!(s8.title, "Fire service delays the budget vote");
    assert_eq!(s8.date.unwrap().to_string(), "2022-01-09");
    assert_eq!(find(&docs, "wire-3.txt").meta["outlet"], "EASTERN WIRE");
    for i in 0..5 {
        assert_eq!(
            find(&docs, &format!("carried-{i}.txt")).title,
            "Storm closes the coast road"
        );
    }
    assert_eq!(
        find(&docs, "fed-3.txt").title,
        "Fed adds reserves via customer repurchases"
    );
    // Two more stories of the outlet later: the library remembers its masthead.
    write(
        &dir.path().join("later/a.txt"),
        masthead_story("PLAINSVIEW OBSERVER", 60, false),
    );
    write(
        &dir.path().join("later/b.txt"),
        masthead_story("PLAINSVIEW OBSERVER", 61, false),
    );
    let later = lib.import(&[dir.path().join("later")]).unwrap();
    assert_eq!(later.masthead_titles, 2);
    let docs = all_docs(&lib);
    assert_eq!(
        find(&docs, "later/b.txt").title,
        "Harbour board buys two new cranes"
    );
}

/// Regression: 737 Reuters files that are only a `Date:` line and an empty
/// `Title:` line were imported as documents titled "Title:"; a JSON side
/// file became a document titled `"jaccard": 0.3333,`.
#[test]
fn files_without_a_document_say_why() {
    let (dir, lib) = temp_library();
    let root = dir.path().join("in");
    write(
        &root.join("reut-00737.txt"),
        "Date: 2-MAR-1987 10:01:02.10\nTitle:\n\n",
    );
    write(
        &root.join("labels.json"),
        "{\n  \"pairs\": [[1, 2]],\n  \"jaccard\": 0.3333,\n  \"threshold\": 0.5\n}\n",
    );
    write(
        &root.join("corpus.json"),
        r#"[{"text": "First story of the array corpus, with enough words.", "title": "One"},
            {"text": "Second story of the array corpus.", "date": "2021-03-04"}]"#,
    );
    let report = lib.import(&[root]).unwrap();
    assert_eq!(report.imported, 2, "{report:?}");
    let reason = |name: &str| {
        report
            .errors
            .iter()
            .find(|e| e.path.ends_with(name))
            .map(|e| e.reason.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        reason("reut-00737.txt"),
        "empty: only a header block, no text (dated 1987-03-02)"
    );
    assert!(
        reason("labels.json").starts_with("a JSON file that is not a corpus"),
        "{}",
        reason("labels.json")
    );
    let docs = all_docs(&lib);
    assert!(docs.iter().any(|d| d.title == "One"));
    assert!(
        docs.iter()
            .any(|d| d.date.map(|d| d.to_string()).as_deref() == Some("2021-03-04"))
    );
}

/// Regression: `099123_d18740731febfefb.txt` was dated 1874-07-31; BBC
/// texts kept `&#163;1.8m` and `Jos&#233; Manuel Barroso`.
#[test]
fn hash_names_give_no_date_and_entity_encoded_texts_are_decoded() {
    let (dir, lib) = temp_library();
    let root = dir.path().join("bbc");
    write(
        &root.join("099123_d18740731febfefb.txt"),
        "Ofcom fines broadcaster &#163;1.8m\n\nThe regulator said Jos&#233; Manuel Barroso's \
         interview broke the code.\n",
    );
    write(
        &root.join("2021-03-04_story.txt"),
        "Markets close higher\n\nShares rose, said Marks &amp; Spencer's chairman.\n",
    );
    let report = lib.import(&[root]).unwrap();
    assert_eq!(report.imported, 2);
    let docs = all_docs(&lib);
    let bbc = find(&docs, "099123_d18740731febfefb.txt");
    assert_eq!(bbc.date, None);
    assert_eq!(bbc.title, "Ofcom fines broadcaster £1.8m");
    let text = corpusdesk::core::store::documents::text(&lib.reader().unwrap(), bbc.id).unwrap();
    assert!(text.contains("José Manuel Barroso"), "{text}");
    let dated = find(&docs, "2021-03-04_story.txt");
    assert_eq!(dated.date.unwrap().to_string(), "2021-03-04");
    assert_eq!(dated.date_source, Some(DateSource::Filename));
    // One `&amp;` in prose is not an encoded text: left as written.
    let text = corpusdesk::core::store::documents::text(&lib.reader().unwrap(), dated.id).unwrap();
    assert!(text.contains("Marks &amp; Spencer"), "{text}");
}

/// A saved page: its evening story in New York is the outlet's day, and a
/// page without metadata is dated from its address.
#[test]
fn saved_pages_are_dated_in_their_own_zone_and_from_their_address() {
    let (dir, lib) = temp_library();
    let root = dir.path().join("pages");
    let para = "<p>The council voted late on Monday to approve the new bridge across the river, \
                ending a debate that had lasted for more than two years and divided the town.</p>";
    let page = |head: &str| {
        format!(
            "<!doctype html><html><head>{head}</head><body><article><h1>Bridge approved</h1>\
             {para}{para}{para}</article></body></html>"
        )
    };
    write(
        &root.join("evening.html"),
        page(
            r#"<meta property="article:published_time" content="2019-11-19T02:30:00Z">
               <script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2019-11-18T22:00:00-05:00"}</script>"#,
        ),
    );
    write(
        &root.join("undated.html"),
        page(r#"<link rel="canonical" href="https://news.example.com/local/2019/11/19/bridge">"#),
    );
    lib.import(&[root]).unwrap();
    let docs = all_docs(&lib);
    let evening = find(&docs, "evening.html");
    assert_eq!(evening.date.unwrap().to_string(), "2019-11-18");
    let undated = find(&docs, "undated.html");
    assert_eq!(undated.date.unwrap().to_string(), "2019-11-19");
    assert_eq!(undated.date_source, Some(DateSource::Url));
}

/// Regression: documents retitled by the masthead pass at the end of a large
/// import (their insert and their new title in different steps of one
/// search-index update) were in the search index twice.
#[test]
fn a_large_import_with_mastheads_keeps_the_search_index_whole() {
    let (dir, lib) = temp_library();
    let root = dir.path().join("big");
    let subjects = [
        "Council",
        "Harbour board",
        "School trust",
        "Water company",
        "Bus operator",
        "Hospital",
        "Library service",
        "Police force",
        "Fire service",
        "University",
    ];
    for i in 0..2600 {
        write(
            &root.join(format!("s-{i:05}.txt")),
            format!(
                "PLAINSVIEW OBSERVER\n{} {} item {i}\n\nStory {i} told in one line of prose today.\n",
                subjects[i % 10],
                ["delays", "buys", "names", "warns", "opens"][i / 10 % 5]
            ),
        );
    }
    let report = lib.import(std::slice::from_ref(&root)).unwrap();
    assert_eq!(report.masthead_titles, 2600);
    // The search index holds each document once, in its state.
    assert_consistent(lib.path());
}
