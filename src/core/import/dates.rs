//! Finding a document's date: the inline header, the file name, or the text.
//!
//! Precedence, most deliberate first: the ` date 2023-04-25 ` header the
//! sample corpus uses (removed from the shown text), a date in the file name
//! (`2021-03-04_slug.txt`, `20210304-…`), a labelled line near the top
//! ("Published: March 4, 2021"), then the first ISO or written date near the
//! top. Never the file's modification time: undated stays undated.

use std::sync::LazyLock;

use regex::Regex;

use crate::core::model::{DateSource, PartialDate};

/// How far into the text dates are looked for ("near the top").
const TOP_CHARS: usize = 1200;
const TOP_LINES: usize = 15;

const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

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
        r"(?:^|[^0-9])((?:1[89]|20)[0-9]{2})([-_.]?)(0[1-9]|1[0-2])([-_.]?)(0[1-9]|[12][0-9]|3[01])(?:[^0-9]|$)",
    )
});
static FILENAME_MONTH: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^0-9])((?:1[89]|20)[0-9]{2})[-_](0[1-9]|1[0-2])(?:[^0-9]|$)"));
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?im)^[ \t]*(?:first published|published|posted|updated|last updated|dated?)(?-u:\b)[ \t]*(?:on|:)?[ \t]*(.+)$",
    )
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)({MONTHS})\.?[ \t]+([0-9]{{1,2}})(?:st|nd|rd|th)?,?[ \t]+([0-9]{{4}})(?-u:\b)"
    ))
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)([0-9]{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?({MONTHS})\.?,?[ \t]+([0-9]{{4}})(?-u:\b)"
    ))
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)({MONTHS})\.?,?[ \t]+([0-9]{{4}})(?-u:\b)"
    ))
});

fn month_number(name: &str) -> Option<u32> {
    let m = name.to_ascii_lowercase();
    let n = match m.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

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

/// A date in a file name (its stem), full or year-month.
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

/// The first full date (ISO or written out) in `s`, by position.
fn first_date_in(s: &str) -> Option<PartialDate> {
    let mut best: Option<(usize, PartialDate)> = None;
    let mut consider = |pos: usize, date: Option<PartialDate>| {
        if let Some(date) = date
            && best.is_none_or(|(p, _)| pos < p)
        {
            best = Some((pos, date));
        }
    };
    for caps in ISO.captures_iter(s) {
        let n = |i: usize| caps[i].parse::<u32>().ok();
        if let (Some(y), m, d) = (n(1), n(2), n(3)) {
            consider(
                caps.get(0).map_or(0, |m| m.start()),
                PartialDate::new(y as i32, m, d),
            );
        }
    }
    for caps in MONTH_DAY_YEAR.captures_iter(s) {
        let date = (|| {
            PartialDate::new(
                caps[3].parse().ok()?,
                month_number(&caps[1]),
                caps[2].parse().ok(),
            )
        })();
        consider(caps.get(0).map_or(0, |m| m.start()), date);
    }
    for caps in DAY_MONTH_YEAR.captures_iter(s) {
        let date = (|| {
            PartialDate::new(
                caps[3].parse().ok()?,
                month_number(&caps[2]),
                caps[1].parse().ok(),
            )
        })();
        consider(caps.get(0).map_or(0, |m| m.start()), date);
    }
    best.map(|(_, d)| d)
}

/// Parses a date given on its own (a JSONL/CSV `date` field, a labelled line):
/// ISO (also with a time), partial ISO, written out, or month and year.
pub fn parse_loose(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    if let Ok(d) = s.parse::<PartialDate>() {
        return Some(d);
    }
    if let Some(d) = first_date_in(s) {
        return Some(d);
    }
    let caps = MONTH_YEAR.captures(s)?;
    PartialDate::new(caps[2].parse().ok()?, month_number(&caps[1]), None)
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

/// A date in the text: a labelled line near the top first, then the first date there.
pub fn from_text(text: &str) -> Option<PartialDate> {
    let head = top(text);
    for caps in LABEL.captures_iter(head) {
        if let Some(d) = parse_loose(&caps[1]) {
            return Some(d);
        }
    }
    first_date_in(head)
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
    (from_text(body).map(|d| (d, DateSource::Text)), body)
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
    }

    #[test]
    fn text_dates() {
        assert_eq!(
            from_text("Title\nPublished: March 4, 2021\nBody"),
            Some(d("2021-03-04"))
        );
        assert_eq!(
            from_text("Title\nUpdated on 4 March 2021 10:00\n"),
            Some(d("2021-03-04"))
        );
        assert_eq!(
            from_text("Title\nPosted: Sept. 14th, 2020"),
            Some(d("2020-09-14"))
        );
        assert_eq!(
            from_text("Title\nPublished: March 2021\n"),
            Some(d("2021-03"))
        );
        assert_eq!(
            from_text("Headline\n2019-12-31T23:59:00Z\nText"),
            Some(d("2019-12-31"))
        );
        assert_eq!(
            from_text("By staff, 12 Jan 2022. The talks"),
            Some(d("2022-01-12"))
        );
        assert_eq!(from_text("The war began in 2011 and goes on."), None);
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
        assert_eq!(found, Some((d("2020-05-01"), DateSource::Text)));
    }

    #[test]
    fn loose_field_values() {
        assert_eq!(parse_loose("2023-04-25T10:00:00Z"), Some(d("2023-04-25")));
        assert_eq!(parse_loose("2023"), Some(d("2023")));
        assert_eq!(parse_loose("April 2023"), Some(d("2023-04")));
        assert_eq!(parse_loose("yesterday"), None);
    }
}
