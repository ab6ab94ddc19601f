//! Property tests for the parsers: whatever the input, no panic, and what
//! they produce is well-formed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

use corpusdesk::core::import::{date_value, dates, decode, formats};
use corpusdesk::core::search::Query;
use proptest::prelude::*;

fn fts_table() -> rusqlite::Connection {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE f USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
         INSERT INTO f VALUES ('Syria talks', 'Covid-19 and the U.S. in Syria''s war');",
    )
    .unwrap();
    conn
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

    /// Whatever a user types, the translation is either a clear error or an
    /// FTS5 query that SQLite accepts.
    #[test]
    fn every_translated_query_runs(input in "[a-zA-Z0-9 \"“”'*().:^+-]{0,40}|\\PC{0,30}") {
        thread_local!(static CONN: rusqlite::Connection = fts_table());
        if let Ok(q) = Query::parse(&input) {
            let fts = q.to_fts();
            CONN.with(|c| {
                let r: rusqlite::Result<i64> =
                    c.query_row("SELECT count(*) FROM f WHERE f MATCH ?1", [&fts], |r| r.get(0));
                assert!(r.is_ok(), "{input:?} -> {fts:?}: {r:?}");
            });
        }
    }
}

#[test]
fn everyday_queries_find_what_they_say() {
    let conn = fts_table();
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
        let fts = Query::parse(q).unwrap().to_fts();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM f WHERE f MATCH ?1", [&fts], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 1, "{q} -> {fts}");
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
