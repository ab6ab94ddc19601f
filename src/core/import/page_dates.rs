//! When a saved page says it was published: the publication `<meta>`
//! names, timestamps read in the zone the page states, and the address the
//! page came from (a date in its path).

use std::sync::LazyLock;

use dom_query::Document;
use regex::Regex;

use super::dates;
use crate::core::model::PartialDate;

/// `<meta>` names that state when the page was published.
pub(super) const PUBLISHED: [&str; 21] = [
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "publication_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "citation_publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
];

/// The address a browser noted when it saved the page
/// (`<!-- saved from url=(0062)https://… -->`, the "mark of the web").
pub(super) fn saved_from(html: &str) -> Option<String> {
    let mut end = html.len().min(4096);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = &html[..end];
    let at = head.find("saved from url=(")?;
    let rest = &head[at + "saved from url=(".len()..];
    let rest = &rest[rest.find(')')? + 1..];
    let url = rest.split_whitespace().next()?.trim_end_matches("-->");
    url.starts_with("http").then(|| url.to_string())
}

/// The `datetime` values of the page's `<time>` elements.
pub(super) fn time_values(dom: &Document) -> Vec<String> {
    dom.select("time[datetime]")
        .nodes()
        .iter()
        .filter_map(|n| n.attr("datetime").map(|v| v.trim().to_string()))
        .take(20)
        .collect()
}

/// An ISO 8601 time that says it is in UTC (`Z`, `+00:00`).
pub(super) fn is_utc(s: &str) -> bool {
    let s = s.trim();
    s.contains('T') && (s.ends_with('Z') || s.ends_with("+00:00") || s.ends_with("+0000"))
}

/// A non-zero UTC offset an ISO 8601 time states, in seconds.
pub(super) fn stated_offset(s: &str) -> Option<i32> {
    #[allow(clippy::expect_used)] // a constant pattern, checked by the tests
    static OFFSET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([+-])(\d{2}):?(\d{2})\s*$",
        )
        .expect("valid regex")
    });
    let c = OFFSET.captures(s)?;
    let hours: i32 = c[2].parse().ok()?;
    let minutes: i32 = c[3].parse().ok()?;
    let seconds = (hours * 3600 + minutes * 60) * if &c[1] == "-" { -1 } else { 1 };
    (seconds != 0 && hours <= 14).then_some(seconds)
}

/// The calendar day of a UTC time at `offset` seconds from UTC.
pub(super) fn day_in(s: &str, offset: i32) -> Option<PartialDate> {
    let ts: jiff::Timestamp = s.trim().parse().ok()?;
    let offset = jiff::tz::Offset::from_seconds(offset).ok()?;
    let local = offset.to_datetime(ts);
    PartialDate::new(
        i32::from(local.year()),
        Some(local.month() as u32),
        Some(local.day() as u32),
    )
}

/// The calendar day a date string states: ISO 8601 as written (its own
/// day, whatever the offset), else the loose forms text files use.
pub(super) fn date_of(s: &str) -> Option<PartialDate> {
    #[allow(clippy::expect_used)] // a constant pattern, checked by the tests
    static ISO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]|$)").expect("valid regex")
    });
    if let Some(c) = ISO.captures(s) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        return PartialDate::new(n(1)? as i32, n(2), n(3));
    }
    dates::parse_loose(s.trim())
}
