//! Finding a document's own date: only where the document states it.
//!
//! Precedence, most deliberate first: the ` date 2023-04-25 ` header the
//! sample corpus uses (removed from the shown text), a `Date:` field of a
//! header block (see [`super::header_block`]), a date in the file name
//! (`2021-03-04_slug.txt`, `20210304-…`), a labelled line near the top
//! ("Published: March 4, 2021"), then a dateline: a line of its own near the
//! top that is a date, or the wire form `LONDON, March 4, 2021 (Reuters) -`.
//! A date inside a sentence ("born on 20 February 1951") is never taken, nor
//! one before 1800 or after today, nor the file's modification time:
//! undated stays undated.

use std::sync::LazyLock;

use regex::Regex;

use super::date_value::{self, Refused};
use crate::core::model::{DateSource, PartialDate};

/// How far into the text dates are looked for ("near the top").
const TOP_CHARS: usize = 1200;
const TOP_LINES: usize = 15;

// Patterns use ASCII word boundaries and digits: Unicode `\b` keeps the
// regex engine off its fast DFA, which made date finding the import's
// hottest spot.
#[allow(clippy::expect_used)] // the patterns are constants, checked by the tests
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid date pattern")
}

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\A[\s\u{feff}]*date:?[ \t]+([0-9]{4}(?:-[0-9]{2}){0,2})(?:[ \t]*\n|[ \t]+|\z)")
});
static FILENAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[^0-9A-Za-z])((?:1[89]|20)[0-9]{2})([-_.]?)(0[1-9]|1[0-2])([-_.]?)(0[1-9]|[12][0-9]|3[01])(?:[^0-9A-Za-z]|$)",
    )
});
static FILENAME_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:^|[^0-9A-Za-z])((?:1[89]|20)[0-9]{2})[-_](0[1-9]|1[0-2])(?:[^0-9A-Za-z]|$)")
});
/// The inline header at the very start: its date and the text after it.
/// A header whose date is impossible is left in the text.
pub fn split_header(text: &str) -> (Option<PartialDate>, &str) {
    if let Some(caps) = HEADER.captures(text)
        && let Ok(date) = caps[1].parse::<PartialDate>()
    {
        let end = caps.get(0).map_or(0, |m| m.end());
        return (Some(date), &text[end..]);
    }
    (None, text)
}

/// A date in a file name (its stem), full or year-month. The date must be a
/// token of its own: digits inside a longer run of letters and digits (a
/// hash, an id: `d18740731febfefb`) are no date.
pub fn from_filename(name: &str) -> Option<PartialDate> {
    for caps in FILENAME_DAY.captures_iter(name) {
        // Separators must agree: 2021-03-04 or 20210304, not 2021-0304.
        if caps[2] != caps[4] {
            continue;
        }
        let num = |i: usize| caps[i].parse::<u32>().ok();
        // An impossible full date is no date, not a month.
        return PartialDate::new(num(1)? as i32, num(3), num(5));
    }
    let caps = FILENAME_MONTH.captures(name)?;
    PartialDate::new(caps[1].parse().ok()?, caps[2].parse().ok(), None)
}

/// A date in a web address's path, as outlets write them:
/// `/2019/11/19/slug`, `/2019-11-19/`, `/20191119/`, `/2019/11/slug` (a
/// month). Never from the host or the query.
pub fn from_url(url: &str) -> Option<PartialDate> {
    static PATH_DAY: LazyLock<[Regex; 3]> = LazyLock::new(|| {
        let day = |sep: &str, month: &str, day: &str| {
            re(&format!(
                r"/((?:1[89]|20)[0-9]{{2}}){sep}({month}){sep}({day})(?:[/._-]|$)"
            ))
        };
        [
            day("/", "1[0-2]|0?[1-9]", "3[01]|[12][0-9]|0?[1-9]"),
            day("-", "1[0-2]|0[1-9]", "3[01]|[12][0-9]|0[1-9]"),
            day("", "1[0-2]|0[1-9]", "3[01]|[12][0-9]|0[1-9]"),
        ]
    });
    static PATH_MONTH: LazyLock<Regex> =
        LazyLock::new(|| re(r"/((?:1[89]|20)[0-9]{2})/(1[0-2]|0?[1-9])/"));
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    for pattern in PATH_DAY.iter() {
        for caps in pattern.captures_iter(path) {
            let num = |i: usize| caps[i].parse::<u32>().ok();
            if let Some(d) = PartialDate::new(num(1)? as i32, num(2), num(3)) {
                return Some(d);
            }
        }
    }
    let caps = PATH_MONTH.captures(path)?;
    PartialDate::new(caps[1].parse().ok()?, caps[2].parse().ok(), None)
}

/// Parses a date given on its own (a JSONL/CSV `date` field, a labelled
/// line, a format's metadata): see [`date_value`].
pub fn parse_loose(s: &str) -> Option<PartialDate> {
    date_value::parse(s).ok()
}

/// The region "near the top" of a text.
fn top(text: &str) -> &str {
    let mut end = text.len().min(TOP_CHARS);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match head.match_indices('\n').nth(TOP_LINES - 1) {
        Some((i, _)) => &head[..i],
        None => head,
    }
}

/// Labels of a line that gives the document's date, most telling first.
const DATE_LABELS: &[&[&str]] = &[
    &[
        "published",
        "first published",
        "published on",
        "publication date",
        "date published",
        "posted",
        "posted on",
        "publié le",
        "publié",
        "veröffentlicht",
        "veröffentlicht am",
        "erschienen",
        "erschienen am",
        "publicado",
        "publicado el",
    ],
    &["date", "dated", "datum", "fecha", "pd"],
    &[
        "updated",
        "last updated",
        "aktualisiert",
        "mis à jour",
        "actualizado",
    ],
];

/// `Label: value` (or `Label on value`, `Label value` for a date label):
/// the label's rank in [`DATE_LABELS`] and the value.
fn date_label(line: &str) -> Option<(usize, &str)> {
    let lower = line.trim().to_lowercase();
    for (rank, labels) in DATE_LABELS.iter().enumerate() {
        for label in *labels {
            let Some(rest) = lower.strip_prefix(label) else {
                continue;
            };
            // The label must end there: "Dateline" is not "Date".
            let Some(sep) = rest.chars().next() else {
                continue;
            };
            if sep.is_alphanumeric() {
                continue;
            }
            let offset = line.len() - line.trim_start().len() + label.len();
            let value = line[offset..].trim_start_matches([':', ' ', '\t', '-', '–']);
            return Some((rank, value));
        }
    }
    None
}

/// A date in a labelled line near the top ("Published: 4 March 2021").
fn from_label(head: &str) -> Option<PartialDate> {
    head.lines()
        .filter_map(date_label)
        .filter_map(|(rank, value)| Some((rank, parse_loose(value)?)))
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, d)| d)
}

/// A line that states a date and is there for it: a dateline, or a date
/// label with its date ("Published on Sunday, January 23, 2022",
/// "Updated 4 March 2021, 10:42 GMT"). Never a title.
pub fn is_date_line(line: &str) -> bool {
    dateline(line).is_some()
        || date_label(line).is_some_and(|(_, v)| {
            v.split_whitespace().count() <= 10
                && date_value::scan(v).is_some_and(|s| s.words_before <= 2)
        })
}

/// Non-empty lines looked at for a dateline.
const DATELINE_LINES: usize = 6;

/// A line that is the document's dateline: a date and nothing else
/// ("Thursday 26 February 1987 10:00 GMT"), or after a byline or place and a
/// comma ("By staff reporters, 4 March 2021", "LONDON, March 4, 2021").
pub fn dateline(line: &str) -> Option<PartialDate> {
    let line = line.trim();
    if line.is_empty() || line.split_whitespace().count() > 14 {
        return None;
    }
    let scan = date_value::scan(line)?;
    let date = scan.date.ok()?;
    if scan.is_whole() {
        return Some(date);
    }
    if scan.words_after > 0 {
        return None;
    }
    // What comes before is a byline or a place, ended by a comma.
    let (before, _) = line.rsplit_once(',')?;
    let before = before.trim();
    let byline = before.to_lowercase().starts_with("by ") && before.split_whitespace().count() <= 8;
    let place = !before.is_empty()
        && before.split_whitespace().count() <= 4
        && before.chars().all(|c| !c.is_lowercase());
    (byline || place).then_some(date)
}

/// The wire dateline opening the first paragraph:
/// `LONDON, March 4, 2021 (Reuters) - …`.
fn wire_dateline(para: &str) -> Option<PartialDate> {
    static WIRE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\A[\p{Lu}][\p{Lu} .'/-]{1,40},(?: [\p{Lu}][\p{L}.]+,)? ([^()\n]{6,45}?) ?(?:\([\p{L} .]+\) ?)?(?:-|–|—|--) ",
        )
    });
    let caps = WIRE.captures(para)?;
    let scan = date_value::scan(&caps[1])?;
    if scan.is_whole() {
        scan.date.ok()
    } else {
        None
    }
}

/// A dateline near the top: a line of its own, or the wire form opening the
/// first paragraph.
fn from_dateline(head: &str) -> Option<PartialDate> {
    let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
    for line in lines.by_ref().take(DATELINE_LINES) {
        if let Some(d) = dateline(line).or_else(|| wire_dateline(line)) {
            return Some(d);
        }
    }
    None
}

/// A date the text states as its own, near the top: a labelled line, else
/// a dateline; with the rule that found it.
pub fn in_text(text: &str) -> Option<(PartialDate, DateSource)> {
    let head = top(text);
    if let Some(d) = from_label(head) {
        return Some((d, DateSource::Label));
    }
    from_dateline(head).map(|d| (d, DateSource::Dateline))
}

/// Kept for callers that only want the date.
pub fn from_text(text: &str) -> Option<PartialDate> {
    in_text(text).map(|(d, _)| d)
}

/// Whether a labelled or numeric date near the top was left out because
/// day and month could not be told apart ("03/04/2021").
pub fn ambiguous_in(text: &str) -> Option<String> {
    let head = top(text);
    head.lines()
        .filter_map(|l| date_label(l).map(|(_, v)| v).or(Some(l)))
        .take(TOP_LINES)
        .find(|v| {
            v.split_whitespace().count() <= 8
                && date_value::scan(v).is_some_and(|s| s.date == Err(Refused::Ambiguous))
        })
        .map(|v| v.trim().to_string())
}

/// The date of a text file: header, then file name, then text.
/// Returns the date with its source and the text without the header.
pub fn find<'t>(
    text: &'t str,
    file_stem: Option<&str>,
) -> (Option<(PartialDate, DateSource)>, &'t str) {
    let (header, body) = split_header(text);
    if let Some(d) = header {
        return (Some((d, DateSource::Header)), body);
    }
    if let Some(d) = file_stem.and_then(from_filename) {
        return (Some((d, DateSource::Filename)), body);
    }
    (in_text(body), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn sample_header_is_found_and_removed() {
        let (date, rest) = split_header(" date 2023-04-25 Russian Defense Minister Sergei Shoigu");
        assert_eq!(date, Some(d("2023-04-25")));
        assert_eq!(rest, "Russian Defense Minister Sergei Shoigu");
        let (date, rest) = split_header("Date: 2023-04\nBody");
        assert_eq!((date, rest), (Some(d("2023-04")), "Body"));
        // Not at the start, not a date, or impossible: not a header.
        assert_eq!(split_header("The date 2023-04-25 was").0, None);
        assert_eq!(split_header(" date 2023-02-30 x").0, None);
        assert_eq!(split_header("date of birth").0, None);
        assert_eq!(split_header(" date 2023-04-25x").0, None);
    }

    #[test]
    fn file_names() {
        assert_eq!(from_filename("2021-03-04_slug"), Some(d("2021-03-04")));
        assert_eq!(from_filename("20210304-story"), Some(d("2021-03-04")));
        assert_eq!(from_filename("reuters_2021_03_04"), Some(d("2021-03-04")));
        assert_eq!(from_filename("2021-03_roundup"), Some(d("2021-03")));
        assert_eq!(from_filename("000_90b2de136a6d840f"), None);
        assert_eq!(from_filename("id-120210304999"), None);
        assert_eq!(from_filename("2021-0304"), None);
        assert_eq!(from_filename("2021-02-30_x"), None);
        // Regression: digits inside a hash-like token were read as a date.
        assert_eq!(from_filename("099123_d18740731febfefb"), None);
        assert_eq!(from_filename("a20210304b"), None);
    }

    #[test]
    fn addresses() {
        for (url, want) in [
            (
                "https://www.example.com/news/2019/11/19/story-slug",
                Some("2019-11-19"),
            ),
            ("https://example.com/2019/1/9/story", Some("2019-01-09")),
            (
                "https://example.com/world/2019-11-19/story.html",
                Some("2019-11-19"),
            ),
            ("https://example.com/a/20191119/story", Some("2019-11-19")),
            ("https://example.com/2019/11/story", Some("2019-11")),
            ("https://example.com/story-123456", None),
            ("https://2019.example.com/story?d=2019/11/19/", None),
            ("https://example.com/id/201911190042", None),
        ] {
            assert_eq!(from_url(url), want.map(d), "{url}");
        }
    }

    #[test]
    fn text_dates() {
        let label = |s: &str| Some((d(s), DateSource::Label));
        let dateline = |s: &str| Some((d(s), DateSource::Dateline));
        assert_eq!(
            in_text("Title\nPublished: March 4, 2021\nBody"),
            label("2021-03-04")
        );
        assert_eq!(
            in_text("Title\nUpdated on 4 March 2021 10:00\n"),
            label("2021-03-04")
        );
        assert_eq!(
            in_text("Title\nPosted: Sept. 14th, 2020"),
            label("2020-09-14")
        );
        assert_eq!(in_text("Title\nPublished: March 2021\n"), label("2021-03"));
        assert_eq!(
            in_text("Titel\nVeröffentlicht am 17. Oktober 2022"),
            label("2022-10-17")
        );
        // Published wins over Updated, wherever it is.
        assert_eq!(
            in_text("T\nUpdated: 5 May 2021\nPublished: 4 May 2021\n"),
            label("2021-05-04")
        );
        assert_eq!(
            in_text("Headline\n2019-12-31T23:59:00Z\nText"),
            dateline("2019-12-31")
        );
        assert_eq!(
            in_text("Headline\nThursday 26 February 1987\nText"),
            dateline("1987-02-26")
        );
        assert_eq!(
            in_text("Headline\nBy staff reporters, 12 Jan 2022\nThe talks"),
            dateline("2022-01-12")
        );
        assert_eq!(
            in_text("Headline\n\nLONDON, March 4, 2021 (Reuters) - Talks resumed."),
            dateline("2021-03-04")
        );
        assert_eq!(in_text("The war began in 2011 and goes on."), None);
    }

    /// Dates in running text are mentions, not publication dates.
    #[test]
    fn mentions_are_not_dates() {
        for text in [
            "By staff, 12 Jan 2022. The talks went on.",
            "Rugby\n\nThe club was founded on 14 May 1870 in Dublin.",
            "Profile\n\nShe was born on 20 February 1951 in Leeds.",
            "Security\n\nSince September 11, 2001, airports changed.",
            "COCOA\n\nThe dividend is payable April 10, 1987, to stockholders of record.",
            "Plan\n\nThe bridge opens on 1 January 2068.",
            "Notes\n\nSee you 03/04/2021 at the hall.",
        ] {
            assert_eq!(in_text(text), None, "{text}");
        }
        // A dateline out of range is no date either.
        assert_eq!(in_text("Old\n14 May 1752\nText"), None);
    }

    #[test]
    fn ambiguous_dates_are_reported() {
        assert_eq!(
            ambiguous_in("T\nDate: 03/04/2021\nx").as_deref(),
            Some("03/04/2021")
        );
        assert_eq!(ambiguous_in("T\nDate: 23/04/2021\nx"), None);
    }

    #[test]
    fn dates_far_down_are_ignored() {
        let text = format!("{}\nPublished: March 4, 2021", "line\n".repeat(40));
        assert_eq!(from_text(&text), None);
    }

    #[test]
    fn precedence() {
        let (found, _) = find(
            " date 2023-04-25 Published: May 1, 2020",
            Some("2021-01-01_x"),
        );
        assert_eq!(found, Some((d("2023-04-25"), DateSource::Header)));
        let (found, _) = find("Published: May 1, 2020", Some("2021-01-01_x"));
        assert_eq!(found, Some((d("2021-01-01"), DateSource::Filename)));
        let (found, _) = find("Published: May 1, 2020", Some("story"));
        assert_eq!(found, Some((d("2020-05-01"), DateSource::Label)));
    }

    #[test]
    fn loose_field_values() {
        assert_eq!(parse_loose("2023-04-25T10:00:00Z"), Some(d("2023-04-25")));
        assert_eq!(parse_loose("2023"), Some(d("2023")));
        assert_eq!(parse_loose("April 2023"), Some(d("2023-04")));
        assert_eq!(parse_loose("yesterday"), None);
    }
}
