//! The import engine against real files: samples, a generated corpus with
//! known answers, encodings, corpora, bad files, resume and cancel.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use corpusdesk::core::import::ImportOptions;
use corpusdesk::core::store::documents;
use corpusdesk::core::{DateSource, Document, Library};
use corpusdesk::testkit::corpus::{self, Expect, Spec};
use support::*;

fn all_docs(lib: &Library) -> Vec<Document> {
    active_documents(&lib.reader().unwrap())
}

#[test]
fn the_two_samples_import_and_the_first_is_dated_from_its_header() {
    let (_dir, lib) = temp_library();
    let report = lib.import(&[samples_dir()]).unwrap();
    assert_eq!(
        (report.imported, report.already_present, report.errors.len()),
        (2, 0, 0)
    );
    let docs = all_docs(&lib);
    let first = docs
        .iter()
        .find(|d| d.path.ends_with("000_90b2de136a6d840f.txt"))
        .unwrap();
    assert_eq!(first.date.unwrap().to_string(), "2023-04-25");
    assert_eq!(first.date_source, Some(DateSource::Header));
    let text = documents::text(&lib.reader().unwrap(), first.id).unwrap();
    assert!(
        text.starts_with("Russian Defense Minister"),
        "header removed: {:?}",
        &text[..40]
    );
    assert!(
        first
            .title
            .starts_with("Russian Defense Minister Sergei Shoigu")
    );
    let second = docs
        .iter()
        .find(|d| d.path.ends_with("002_944198b486eb7432.txt"))
        .unwrap();
    // Its own text carries no date; it stays undated (never the file's mtime).
    assert_eq!(second.date, None);
    assert_eq!(second.encoding, "UTF-8");
}

#[test]
fn a_generated_corpus_matches_its_ground_truth() {
    let dir = tempfile::tempdir().unwrap();
    let truth = corpus::write(
        &dir.path().join("in"),
        &Spec {
            docs: 600,
            seed: 7,
            ..Default::default()
        },
    )
    .unwrap();
    let (_ldir, lib) = temp_library();
    let report = lib.import(&[dir.path().join("in")]).unwrap();
    let exact_copies = truth
        .files
        .iter()
        .filter(|f| {
            matches!(
                f.expect,
                Expect::Document {
                    exact_copy_of: Some(_),
                    ..
                }
            )
        })
        .count();
    assert!(exact_copies > 10 && truth.distinct_documents() > 500);
    assert_eq!(
        report.imported,
        truth.distinct_documents(),
        "{:?}",
        report.errors
    );
    // Copies within one import are counted apart from documents already in
    // the library.
    assert_eq!((report.repeated, report.already_present), (exact_copies, 0));
    assert_eq!(report.errors.len(), truth.rejected());

    let docs = all_docs(&lib);
    let by_path: HashMap<String, &Document> = docs
        .iter()
        .flat_map(|d| d.paths.iter().map(move |p| (p.clone(), d)))
        .collect();
    let mut forms = HashMap::new();
    let (mut titles, mut titles_right) = (0usize, 0usize);
    for (i, f) in truth.files.iter().enumerate() {
        let key = f.path.to_string_lossy().into_owned();
        match &f.expect {
            Expect::Document {
                date,
                date_source,
                exact_copy_of,
                title,
                ..
            } => {
                let doc = by_path
                    .get(&key)
                    .unwrap_or_else(|| panic!("{key} not imported"));
                // The headline, never the outlet's masthead over it.
                titles += 1;
                titles_right += usize::from(doc.title == *title);
                if doc.title != *title {
                    eprintln!("title of {key}: {:?}, want {title:?}", doc.title);
                }
                assert_eq!(doc.date.map(|d| d.to_string()), *date, "date of {key}");
                assert_eq!(doc.date_source, *date_source, "date source of {key}");
                *forms.entry(format!("{date_source:?}")).or_insert(0) += 1;
                if let Some(orig) = exact_copy_of {
                    let orig_key = truth.files[*orig].path.to_string_lossy().into_owned();
                    assert_eq!(
                        doc.id, by_path[&orig_key].id,
                        "{key} joins {orig_key} (file {i})"
                    );
                }
            }
            Expect::Rejected { reason_contains } => {
                let e = report
                    .errors
                    .iter()
                    .find(|e| e.path == key)
                    .unwrap_or_else(|| panic!("{key} not rejected"));
                assert!(e.reason.contains(reason_contains), "{key}: {}", e.reason);
            }
        }
    }
    assert_eq!(titles_right, titles, "titles that are the headline");
    assert!(
        report.masthead_titles > 20,
        "two outlets print a masthead: {}",
        report.masthead_titles
    );
    // Every date form was exercised.
    for form in [
        "Some(Header)",
        "Some(Filename)",
        "Some(Label)",
        "Some(Dateline)",
        "None",
    ] {
        assert!(
            forms.get(form).copied().unwrap_or(0) > 20,
            "{form}: {forms:?}"
        );
    }
    // Exact copies keep every path.
    assert!(docs.iter().any(|d| d.paths.len() > 1));
}

#[test]
fn encodings_are_decoded_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Le ministre a déclaré à Genève que la réunion était « très constructive ».";
    write(&dir.path().join("utf8.txt"), text);
    write(
        &dir.path().join("latin1.txt"),
        encoding_rs::WINDOWS_1252.encode(&format!("{text} Deux.")).0,
    );
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    let mut le_nobom = Vec::new();
    for u in format!("{text} Trois.").encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    for u in format!("{text} Quatre.").encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    for u in format!("{text} Cinq.").encode_utf16() {
        le_nobom.extend_from_slice(&u.to_le_bytes());
    }
    write(&dir.path().join("utf16le.txt"), le);
    write(&dir.path().join("utf16be.txt"), be);
    write(&dir.path().join("utf16-nobom.txt"), le_nobom);
    write(
        &dir.path().join("crlf.txt"),
        "First line\r\nSecond line\r\n",
    );
    let (_l, lib) = temp_library();
    let report = lib.import(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(report.imported, 6, "{:?}", report.errors);
    let conn = lib.reader().unwrap();
    let enc: HashMap<String, String> = all_docs(&lib)
        .into_iter()
        .map(|d| {
            (
                PathBuf::from(&d.path)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                d.encoding,
            )
        })
        .collect();
    assert_eq!(enc["utf8.txt"], "UTF-8");
    assert_eq!(enc["latin1.txt"], "windows-1252");
    assert_eq!(enc["utf16le.txt"], "UTF-16LE");
    assert_eq!(enc["utf16be.txt"], "UTF-16BE");
    assert_eq!(enc["utf16-nobom.txt"], "UTF-16LE");
    let hits = corpusdesk::core::search::search(&conn, "geneve", 0).unwrap();
    assert_eq!(hits.len(), 5, "diacritics are folded in search");
    let crlf = all_docs(&lib)
        .into_iter()
        .find(|d| d.path.ends_with("crlf.txt"))
        .unwrap();
    assert_eq!(
        documents::text(&conn, crlf.id).unwrap(),
        "First line\nSecond line\n"
    );
}

#[test]
fn the_same_text_in_two_encodings_is_one_document_with_two_sources() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Café owners in Zürich protested on Monday.\n\nThey said prices rose.";
    write(&dir.path().join("a.txt"), text);
    write(
        &dir.path().join("b.txt"),
        encoding_rs::WINDOWS_1252
            .encode(&text.replace("\n\n", "\r\n   \r\n"))
            .0,
    );
    // A dated copy dates the undated document.
    write(&dir.path().join("2022-06-01_c.txt"), format!("{text}  "));
    let (_l, lib) = temp_library();
    let report = lib.import(&[dir.path().to_path_buf()]).unwrap();
    // The copies came in the same import: counted apart from documents
    // already in the library.
    assert_eq!(
        (report.imported, report.repeated, report.already_present),
        (1, 2, 0)
    );
    let docs = all_docs(&lib);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].paths.len(), 3);
    assert_eq!(docs[0].date.unwrap().to_string(), "2022-06-01");
    assert_eq!(docs[0].date_source, Some(DateSource::Filename));
    let sources = documents::sources(&lib.reader().unwrap(), docs[0].id).unwrap();
    assert_eq!(
        sources
            .iter()
            .map(|s| s.encoding.as_str())
            .collect::<Vec<_>>(),
        ["UTF-8", "UTF-8", "windows-1252"]
    );
}

#[test]
fn bad_files_are_rejected_with_reasons_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("good.txt"), "A good story about the harvest.");
    write(&d.join("empty.txt"), "");
    write(&d.join("blank.txt"), "   \n\n\t  ");
    write(&d.join("nul.dat"), b"abc\0\0\0def\x01\x02\xff\xfe\0\0\x03");
    write(&d.join("huge.txt"), "x".repeat(2_000_100));
    write(
        &d.join("corpus.jsonl"),
        "{\"text\": \"Row one\"}\n{broken\n{\"text\": \"Row three\"}\n",
    );
    let opts = ImportOptions {
        max_file_size: 2_000_000,
        ..Default::default()
    };
    let (_l, lib) = temp_library();
    let report = corpusdesk::core::Library::import_paths(
        &lib,
        &[d.to_path_buf(), d.join("missing.txt")],
        &opts,
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(report.imported, 3);
    let reason = |name: &str| {
        report
            .errors
            .iter()
            .find(|e| e.path.ends_with(name))
            .unwrap_or_else(|| panic!("{name}: {:?}", report.errors))
            .reason
            .clone()
    };
    assert_eq!(reason("empty.txt"), "empty file");
    assert_eq!(reason("blank.txt"), "contains only whitespace");
    assert!(reason("nul.dat").contains("binary"));
    assert!(reason("huge.txt").contains("too large"));
    assert!(reason("corpus.jsonl#2").contains("line 2: not valid JSON"));
    assert_eq!(reason("missing.txt"), "no such file or folder");
    assert_eq!(report.errors.len(), 6);
}

#[cfg(unix)]
#[test]
fn special_files_links_and_odd_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("sub/good.txt"), "Good text in a sub folder.");
    std::os::unix::fs::symlink(d.join("sub"), d.join("sub/loop")).unwrap();
    let fifo = d.join("pipe.txt");
    let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe_mkfifo(&c), 0);
    let odd = d.join(std::ffi::OsStr::from_bytes(b"caf\xe9-latin1-name.txt"));
    fs::write(&odd, "A file whose name is not UTF-8.").unwrap();
    write(&d.join(".hidden/secret.txt"), "hidden");
    let (_l, lib) = temp_library();
    let report = lib.import(&[d.to_path_buf()]).unwrap();
    assert_eq!(report.imported, 2, "{:?}", report.errors);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.path.ends_with("pipe.txt") && e.reason.contains("not a regular file"))
    );
    assert!(
        report.errors.iter().any(|e| e.reason.contains("link loop")),
        "{:?}",
        report.errors
    );
    // The exact bytes of the odd name are kept.
    let raw: Vec<u8> = lib
        .reader()
        .unwrap()
        .query_row(
            "SELECT path FROM sources WHERE path_text LIKE '%latin1-name.txt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(raw, odd.as_os_str().as_bytes());
}

#[cfg(unix)]
fn unsafe_mkfifo(path: &std::ffi::CStr) -> i32 {
    // SAFETY: a valid NUL-terminated path.
    #[allow(unsafe_code)]
    unsafe {
        libc::mkfifo(path.as_ptr(), 0o644)
    }
}

#[test]
fn jsonl_and_csv_corpora() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        &d.join("news.jsonl"),
        concat!(
            r#"{"text": "Talks resumed in Geneva on Monday.", "title": "Talks resume", "date": "2023-04-25", "tags": ["diplomacy", "conflict/syria"], "url": "https://example.org/a", "outlet": "AFP", "lang": "en"}"#,
            "\n",
            r#"{"text": "Published: March 4, 2021\nThe harvest was poor.", "date": null}"#,
            "\n",
            r#"{"text": "Published: March 4, 2021\nFloods hit the coast."}"#,
            "\n",
            "[1, 2]\n",
        ),
    );
    write(
        &d.join("table.csv"),
        "title,text,date,tags\nA row,\"Text of a row, with a comma\",2020-02,econ;trade\nB,,2020,\n",
    );
    let (_l, lib) = temp_library();
    let report = lib.import(&[d.to_path_buf()]).unwrap();
    assert_eq!(report.imported, 4, "{:?}", report.errors);
    assert_eq!(report.errors.len(), 2);
    let docs = all_docs(&lib);
    let get = |suffix: &str| docs.iter().find(|d| d.path.ends_with(suffix)).unwrap();
    let a = get("news.jsonl#1");
    assert_eq!(a.title, "Talks resume");
    assert_eq!(
        (a.date.unwrap().to_string(), a.date_source),
        ("2023-04-25".into(), Some(DateSource::Field))
    );
    assert_eq!(a.tags, vec!["conflict/syria", "diplomacy"]);
    assert_eq!(a.meta["url"], "https://example.org/a");
    assert_eq!(a.meta["lang"], "en");
    assert_eq!(
        get("news.jsonl#2").date,
        None,
        "a null date field means undated"
    );
    assert_eq!(get("news.jsonl#3").date.unwrap().to_string(), "2021-03-04");
    let row = get("table.csv#1");
    assert_eq!(
        (row.date.unwrap().to_string(), row.tags.clone()),
        (
            "2020-02".into(),
            vec!["econ".to_string(), "trade".to_string()]
        )
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.path.ends_with("table.csv#2") && e.reason.contains("no \"text\""))
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.path.ends_with("news.jsonl#4") && e.reason.contains("not a JSON object"))
    );
}

#[test]
fn importing_again_continues_and_adds_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    corpus::write(
        dir.path(),
        &Spec {
            docs: 300,
            seed: 3,
            bad_files: false,
            ..Default::default()
        },
    )
    .unwrap();
    let (_l, lib) = temp_library();
    let first = lib.import(&[dir.path().to_path_buf()]).unwrap();
    let again = lib.import(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(
        again.already_present,
        first.imported + first.already_present + first.repeated
    );
    assert_eq!(all_docs(&lib).len(), first.imported);
}

#[test]
fn cancel_stops_an_import_and_a_rerun_finishes_it() {
    let dir = tempfile::tempdir().unwrap();
    let truth = corpus::write(
        dir.path(),
        &Spec {
            docs: 2500,
            seed: 5,
            bad_files: false,
            ..Default::default()
        },
    )
    .unwrap();
    let (_l, lib) = temp_library();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let mut seen = Vec::new();
    let report = corpusdesk::core::Library::import_paths(
        &lib,
        &[dir.path().to_path_buf()],
        &ImportOptions::default(),
        &cancel,
        &mut |p| {
            seen.push(p.clone());
            if p.done > 0 {
                flag.store(true, Ordering::Relaxed);
            }
        },
    )
    .unwrap();
    assert!(report.cancelled);
    assert!(seen[0].total == 2500 && seen.len() >= 2);
    let partial = all_docs(&lib).len();
    assert!(
        partial > 0 && partial < truth.distinct_documents(),
        "{partial}"
    );
    assert_eq!(partial, report.imported);
    let rest = lib.import(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(partial + rest.imported, truth.distinct_documents());
    let path = lib.path().to_path_buf();
    drop(lib);
    assert_consistent(&path);
}

#[test]
fn man_pages_and_coloured_logs_import_without_their_escape_codes() {
    let (_dir, lib) = temp_library();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text");
    let report = lib.import(&[fixtures]).unwrap();
    assert_eq!(report.errors, vec![], "both are text");
    assert_eq!(report.imported, 2);
    let docs = all_docs(&lib);
    let conn = lib.reader().unwrap();
    for d in &docs {
        let text = documents::text(&conn, d.id).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{}: {text:?}",
            d.path
        );
    }
    let man = docs
        .iter()
        .find(|d| d.path.ends_with("curl.1.txt"))
        .unwrap();
    let text = documents::text(&conn, man.id).unwrap();
    assert!(
        text.contains("NAME\n       curl - transfer a URL"),
        "{text}"
    );
    assert!(text.contains("curl [options / URLs]"), "{text}");
    assert_eq!(
        man.title, "CURL(1) Curl Manual CURL(1)",
        "the first line, spaces collapsed"
    );
    let log = docs
        .iter()
        .find(|d| d.path.ends_with("build-log-ansi.txt"))
        .unwrap();
    let text = documents::text(&conn, log.id).unwrap();
    assert!(text.contains("warning: unused variable"), "{text}");
    assert!(text.contains("written to report.html for review"), "{text}");
    // Searchable like any text.
    let found = corpusdesk::core::view::search_ids(
        &conn,
        "transferring",
        None,
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(found, vec![man.id]);
}

/// The date rules on generated stories: header blocks in every date form
/// and four languages, and undated stories that mention dates. The targets
/// (≥ 99% right, ≤ 0.5% wrong; ≤ 0.5% of undated stories dated) hold with
/// room; `cargo bench --bench dates` prints the figures on 100,000 of each.
#[test]
fn header_block_dates_are_right_and_undated_stories_stay_undated() {
    use corpusdesk::testkit::headers;
    let blocks = headers::with_header_blocks(3000, 11);
    let s = headers::score(&blocks);
    let decidable = blocks.iter().filter(|c| c.date.is_some()).count();
    let ambiguous = blocks.len() - decidable;
    assert!(s.right as f64 >= 0.99 * decidable as f64, "{s:?}");
    assert!(s.wrong as f64 <= 0.005 * blocks.len() as f64, "{s:?}");
    assert_eq!(
        s.ambiguous_noted, ambiguous,
        "every ambiguous date is reported"
    );
    assert!(s.titles_right as f64 >= 0.99 * blocks.len() as f64, "{s:?}");
    let undated = headers::undated(3000, 12);
    let u = headers::score(&undated);
    assert!(u.wrong as f64 <= 0.005 * undated.len() as f64, "{u:?}");
    assert!(
        u.titles_right as f64 >= 0.99 * undated.len() as f64,
        "{u:?}"
    );
}
