//! Property tests for the parsers: whatever the input, no panic, and what
//! they produce is well-formed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

use corpusdesk::core::import::{date_value, dates, decode, formats};
use corpusdesk::core::search::Query;
use proptest::prelude::*;

/// A library of one document, shared by the tests of this file.
fn one_document_library() -> &'static std::path::Path {
    static LIB: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    LIB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let file = dir.join("in.txt");
        std::fs::write(&file, "Syria talks\n\nCovid-19 and the U.S. in Syria's war").unwrap();
        let lib = corpusdesk::core::Library::open(dir.join("lib.corpusdesk")).unwrap();
        let opts = corpusdesk::core::import::ImportOptions::default();
        corpusdesk::core::Library::import_paths(
            &lib,
            &[file],
            &opts,
            &Default::default(),
            &mut |_| {},
        )
        .unwrap();
        lib.path().to_path_buf()
    })
}

fn count(conn: &rusqlite::Connection, q: &str) -> corpusdesk::core::Result<usize> {
    corpusdesk::core::search::search(conn, q, 0).map(|h| h.len())
}

/// 512 cases in `cargo test`; `PROPTEST_CASES=N` for a long run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn decode_never_panics_and_gives_clean_text(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(d) = decode::decode(&bytes) {
            prop_assert!(!d.text.contains('\r'));
            prop_assert!(!d.text.contains('\0'));
            prop_assert!(!d.text.trim().is_empty());
        }
    }

    #[test]
    fn terminal_formatting_leaves_no_control_characters(text in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{9f}]|\u{1b}\\[[0-9;]*m|.\u{8}.){0,200}") {
        let (clean, _) = decode::strip_terminal_formatting(&text);
        prop_assert!(
            !clean.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
            "{clean:?}"
        );
        prop_assert!(clean.len() <= text.len());
    }

    #[test]
    fn text_without_controls_is_left_as_it_is(text in "[^\u{0}-\u{8}\u{b}-\u{c}\u{e}-\u{1f}\u{7f}-\u{9f}]{0,200}") {
        prop_assert_eq!(decode::strip_terminal_formatting(&text), (text.clone(), 0));
    }

    #[test]
    // Form feeds are left out here: they become a line break (a page break).
    fn utf8_text_round_trips(text in "[^\u{0}-\u{8}\u{b}-\u{c}\u{e}-\u{1f}\u{7f}-\u{9f}\r\u{feff}]{1,200}") {
        prop_assume!(!text.trim().is_empty());
        let d = decode::decode(text.as_bytes()).unwrap();
        prop_assert_eq!(d.text, text);
    }

    #[test]
    fn date_finders_never_panic(text in "\\PC{0,300}", name in "\\PC{0,40}") {
        let (found, rest) = dates::find(&text, Some(&name));
        prop_assert!(text.ends_with(rest));
        if let Some((d, _)) = found {
            prop_assert!(d.to_string().parse::<corpusdesk::core::PartialDate>().is_ok());
        }
        let _ = dates::parse_loose(&text);
    }

    /// Any text: no panic, and any date found lies between 1800 and today.
    #[test]
    fn found_dates_are_never_outside_1800_to_today(text in "\\PC{0,120}|[0-9 ./:,-]{0,30}|([A-Za-z]{3,9}\\.? [0-9]{1,2},? [0-9]{4} ?){1,3}") {
        let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date().year();
        let ok = |d: corpusdesk::core::PartialDate| d.year >= 1800 && d.year <= today;
        if let Ok(d) = date_value::parse(&text) {
            prop_assert!(ok(d), "{d} from {text:?}");
        }
        if let Some(Ok(d)) = date_value::scan(&text).map(|s| s.date) {
            prop_assert!(ok(d), "{d} from {text:?}");
        }
        if let Some((d, _)) = dates::in_text(&text) {
            prop_assert!(ok(d), "{d} from {text:?}");
        }
    }

    /// A day written in any supported form reads back as that day.
    #[test]
    fn written_days_read_back(y in 1800i32..2025, m in 1u32..13, d in 13u32..29, form in 0usize..7) {
        const EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        const DE: [&str; 12] = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];
        const FR: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
        const ES: [&str; 12] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
        let i = m as usize - 1;
        let text = match form {
            0 => format!("{} {d}, {y}", EN[i]),
            1 => format!("{d}. {} {y}", DE[i]),
            2 => format!("le {d} {} {y}", FR[i]),
            3 => format!("{d} de {} de {y}", ES[i]),
            4 => format!("{d:02}.{m:02}.{y}"),
            5 => format!("{d}-{}-{y} 10:00:00.00", &EN[i][..3].to_uppercase()),
            _ => format!("{y}-{m:02}-{d:02}T08:00:00+01:00"),
        };
        prop_assert_eq!(date_value::parse(&text).map(|x| x.to_string()), Ok(format!("{y:04}-{m:02}-{d:02}")), "{}", text);
    }

    #[test]
    fn header_dates_round_trip(y in 1900i32..2100, m in 1u32..13, d in 1u32..29, body in "[A-Za-z][a-z ]{0,40}") {
        let text = format!(" date {y:04}-{m:02}-{d:02} {body}");
        let (date, rest) = dates::split_header(&text);
        prop_assert_eq!(date.map(|x| x.to_string()), Some(format!("{y:04}-{m:02}-{d:02}")));
        prop_assert_eq!(rest, body.as_str());
    }

    #[test]
    fn jsonl_and_csv_never_panic(text in "\\PC{0,300}") {
        let _ = formats::parse_jsonl(&text, "f.jsonl");
        let _ = formats::parse_csv(&text, "f.csv");
        let _ = formats::parse_text(&text, "f");
    }

    /// Whatever a user types, the answer is a clear error or a search that
    /// runs.
    #[test]
    fn every_query_runs(input in "[a-zA-Z0-9 \"“”'*().:^+-]{0,40}|\\PC{0,30}") {
        thread_local!(static CONN: rusqlite::Connection =
            corpusdesk::core::store::open_reader(one_document_library()).unwrap());
        if Query::parse(&input).is_ok() {
            CONN.with(|c| {
                let r = count(c, &input);
                assert!(r.is_ok(), "{input:?}: {r:?}");
            });
        }
    }
}

#[test]
fn everyday_queries_find_what_they_say() {
    let conn = corpusdesk::core::store::open_reader(one_document_library()).unwrap();
    for q in [
        "covid-19",
        "Syria's",
        "U.S.",
        "syria",
        "Covid*",
        "\"syria s war\"",
        "talks -peace",
        "zebra OR covid",
    ] {
        assert_eq!(count(&conn, q).unwrap(), 1, "{q}");
    }
    for q in ["zebra", "talks -covid", "\"war syria\"", "covi"] {
        assert_eq!(count(&conn, q).unwrap(), 0, "{q}");
    }
}

/// The format fixtures, read once.
fn format_fixtures() -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = ["formats", "exports"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("bomb"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

proptest! {
    // Each case parses a whole file: fewer cases than the text parsers.
    #![proptest_config(ProptestConfig::with_cases(cases() / 8))]

    /// A damaged web page, Word, OpenDocument, PDF, mailbox, gzip file or
    /// news-database export
    /// (cut short, bytes overwritten) is read or refused, never a panic.
    #[test]
    fn damaged_files_of_every_format_never_panic(
        pick in any::<prop::sample::Index>(),
        cut in 0.0f64..1.0,
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        let files = format_fixtures();
        let (name, bytes) = &files[pick.index(files.len())];
        let mut bytes = bytes[..(bytes.len() as f64 * cut) as usize].to_vec();
        if !bytes.is_empty() {
            for (at, b) in flips {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
        }
        let path = std::path::PathBuf::from(name);
        if let Ok(file) = formats::read(&path, bytes, 1_000_000) {
            for doc in file.rows.into_iter().flatten() {
                prop_assert!(!doc.text.trim().is_empty());
            }
        }
    }

    /// Arbitrary bytes under every name the formats are recognised by.
    #[test]
    fn arbitrary_bytes_under_format_names_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        ext in prop::sample::select(vec!["html", "docx", "odt", "pdf", "eml", "mbox", "gz", "txt", "rtf"]),
        prefix in prop::sample::select(vec![&b""[..], b"{\\rtf1\\ansi ", b"PK\x03\x04", b"%PDF-1.4\n", b"<html>", b"From a@b Tue Apr 25 10:00:00 2023\nFrom: a\n", &[0x1f, 0x8b][..]]),
    ) {
        let mut all = prefix.to_vec();
        all.extend(bytes);
        let _ = formats::read(std::path::Path::new(&format!("f.{ext}")), all, 1_000_000);
    }
}

const VOCAB: &[&str] = &["alpha", "Beta", "gamma", "délta", "EPSILON", "zeta", "eta"];

/// A document's id with its title's and its text's tokens.
type Tokens = (i64, Vec<String>, Vec<String>);

/// A library of 80 short documents over a seven-word vocabulary (with
/// case and diacritics), and each document's (title, text) tokens.
fn vocabulary_library() -> &'static (std::path::PathBuf, Vec<Tokens>) {
    static LIB: std::sync::OnceLock<(std::path::PathBuf, Vec<Tokens>)> = std::sync::OnceLock::new();
    LIB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let mut rng = fastrand::Rng::with_seed(7);
        let src = dir.join("in");
        std::fs::create_dir_all(&src).unwrap();
        for i in 0..80 {
            let words = |n: usize, rng: &mut fastrand::Rng| {
                (0..n)
                    .map(|_| VOCAB[rng.usize(..VOCAB.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let title = format!("{} {i}", words(2, &mut rng));
            let n = rng.usize(3..12);
            let text = format!("{title}\n\n{}.", words(n, &mut rng));
            std::fs::write(src.join(format!("{i}.txt")), text).unwrap();
        }
        let lib = corpusdesk::core::Library::open(dir.join("lib.corpusdesk")).unwrap();
        lib.import(&[src]).unwrap();
        let conn = lib.reader().unwrap();
        let mut docs = Vec::new();
        corpusdesk::core::store::documents::for_each(
            &conn,
            corpusdesk::core::DocState::Active,
            |d| {
                let text = corpusdesk::core::store::documents::text(&conn, d.id)?;
                let tokens = corpusdesk::core::search::engine::tokens;
                docs.push((d.id, tokens(&d.title), tokens(&text)));
                Ok(())
            },
        )
        .unwrap();
        (lib.path().to_path_buf(), docs)
    })
}

/// The first `n` characters.
fn prefix(w: &str, n: usize) -> String {
    w.chars().take(n).collect()
}

#[derive(Debug, Clone)]
enum T {
    Word(usize),
    Prefix(usize, usize),
    Phrase(usize, usize),
}

impl T {
    fn text(&self) -> String {
        match self {
            T::Word(w) => VOCAB[*w].to_string(),
            T::Prefix(w, n) => format!("{}*", prefix(VOCAB[*w], *n)),
            T::Phrase(a, b) => format!("\"{} {}\"", VOCAB[*a], VOCAB[*b]),
        }
    }

    /// The naive meaning: in the title or in the text.
    fn matches(&self, title: &[String], text: &[String]) -> bool {
        let fold = |w: &str| corpusdesk::core::search::engine::tokens(w);
        let in_field = |f: &[String]| match self {
            T::Word(w) => f.contains(&fold(VOCAB[*w])[0]),
            T::Prefix(w, n) => {
                let p = &fold(&prefix(VOCAB[*w], *n))[0];
                f.iter().any(|t| t.starts_with(p.as_str()))
            }
            T::Phrase(a, b) => {
                let (a, b) = (&fold(VOCAB[*a])[0], &fold(VOCAB[*b])[0]);
                f.windows(2).any(|w| &w[0] == a && &w[1] == b)
            }
        };
        in_field(title) || in_field(text)
    }
}

fn term() -> impl Strategy<Value = T> {
    let w = 0..VOCAB.len();
    prop_oneof![
        w.clone().prop_map(T::Word),
        (w.clone(), 1usize..3).prop_map(|(w, n)| T::Prefix(w, n)),
        (w.clone(), w).prop_map(|(a, b)| T::Phrase(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases() / 4))]

    /// Every query finds exactly what its naive reading says: each group of
    /// alternatives must match, no excluded term may.
    #[test]
    fn the_index_answers_like_the_naive_reading(
        groups in proptest::collection::vec(proptest::collection::vec(term(), 1..3), 1..3),
        excluded in proptest::collection::vec(term(), 0..2),
    ) {
        let (path, docs) = vocabulary_library();
        let mut q: Vec<String> = groups
            .iter()
            .map(|g| g.iter().map(T::text).collect::<Vec<_>>().join(" OR "))
            .collect();
        q.extend(excluded.iter().map(|t| format!("-{}", t.text())));
        let q = q.join(" ");
        let conn = corpusdesk::core::store::open_reader(path).unwrap();
        let mut found: Vec<i64> = corpusdesk::core::search::search(&conn, &q, 0)
            .unwrap()
            .into_iter()
            .map(|h| h.document.id)
            .collect();
        found.sort_unstable();
        let expected: Vec<i64> = docs
            .iter()
            .filter(|(_, title, text)| {
                groups.iter().all(|g| g.iter().any(|t| t.matches(title, text)))
                    && !excluded.iter().any(|t| t.matches(title, text))
            })
            .map(|d| d.0)
            .collect();
        prop_assert_eq!(found, expected, "{}", q);
    }
}
