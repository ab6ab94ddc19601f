//! A whole text file as one document; titles; the key exact duplicates share.

use super::date_value::Refused;
use super::item::Parsed;
use super::{dates, header_block};
use crate::core::model::DateSource;

/// Longest title kept, in characters.
pub const TITLE_MAX: usize = 150;

/// A whole text file as one document (a text that is only a header block
/// keeps it as its text here; the import refuses it, see
/// [`parse_text_noted`]).
pub fn parse_text(text: &str, file_stem: &str) -> Parsed {
    match parse_text_noted(text, file_stem) {
        Ok((doc, _)) => doc,
        Err(_) => {
            let (block, _) = header_block::split(text);
            let title = block.title.clone().unwrap_or_else(|| file_stem.to_string());
            let date = block.date.map(|d| (d, DateSource::Label));
            let mut doc = Parsed::file(title, text.to_string(), date);
            doc.meta = block.meta;
            doc
        }
    }
}

/// [`parse_text`], with what the user should know about the date. A text
/// that is only a header block (a wire file with its `Date:` line and an
/// empty `Title:`) has no document in it: `Err` says so, with its date.
pub fn parse_text_noted(text: &str, file_stem: &str) -> Result<(Parsed, Option<String>), String> {
    let (inline, rest) = dates::split_header(text);
    let (block, body) = header_block::split(rest);
    if body.trim().is_empty() && (block != header_block::Block::default() || inline.is_some()) {
        let mut reason = String::from("empty: only a header block, no text");
        let stated = inline
            .or(block.date)
            .map(|d| d.to_string())
            .or_else(|| block.date_refused.as_ref().map(|(v, _)| v.clone()));
        match (stated, block.title.as_deref()) {
            (Some(d), Some(t)) => reason.push_str(&format!(" (dated {d}, titled “{t}”)")),
            (Some(d), None) => reason.push_str(&format!(" (dated {d})")),
            (None, Some(t)) => reason.push_str(&format!(" (titled “{t}”)")),
            (None, None) => {}
        }
        return Err(reason);
    }
    let date = inline
        .map(|d| (d, DateSource::Header))
        .or(block.date.map(|d| (d, DateSource::Label)))
        .or_else(|| dates::from_filename(file_stem).map(|d| (d, DateSource::Filename)))
        .or_else(|| dates::in_text(body));
    let mut note = None;
    if date.is_none() {
        let refused = block
            .date_refused
            .as_ref()
            .filter(|(_, why)| *why == Refused::Ambiguous)
            .map(|(v, _)| v.clone())
            .or_else(|| dates::ambiguous_in(body));
        note = refused.map(|v| format!("{AMBIGUOUS_DATE}: {v}"));
    }
    let title = block.title.unwrap_or_else(|| title_of(body, file_stem));
    let doc = Parsed {
        row: 0,
        title,
        text: body.to_string(),
        date,
        tags: Vec::new(),
        meta: block.meta,
    };
    Ok((doc, note))
}

/// The import note for a date whose day and month cannot be told apart.
pub const AMBIGUOUS_DATE: &str = "date left out: day and month could be either way round";

/// A line that is not a title: a labelled field, a dateline, a byline, a
/// bare link.
fn is_not_title(line: &str) -> bool {
    let lower = line.to_lowercase();
    let words = line.split_whitespace().count();
    (lower.starts_with("by ") && words <= 8)
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || dates::is_date_line(line)
        || line.split_once(':').is_some_and(|(label, value)| {
            !value.trim().is_empty()
                && label.split_whitespace().count() <= 2
                && matches!(
                    label.trim().to_lowercase().as_str(),
                    "date"
                        | "published"
                        | "posted"
                        | "updated"
                        | "by"
                        | "author"
                        | "source"
                        | "url"
                        | "section"
                        | "length"
                        | "byline"
                        | "language"
                        | "datum"
                        | "fecha"
                        | "autor"
                        | "auteur"
                        | "quelle"
                        | "fuente"
                )
        })
}

/// The first meaningful line (one with at least three letters, not a
/// label, dateline or byline), shortened at a word boundary; else `fallback`.
pub fn title_of(text: &str, fallback: &str) -> String {
    title_skipping(text, |_| false).unwrap_or_else(|| fallback.to_string())
}

/// [`title_of`] passing over the lines `skip` holds for (given a line with
/// its spaces squashed), such as an outlet's masthead; `None` without one.
pub fn title_skipping(text: &str, skip: impl Fn(&str) -> bool) -> Option<String> {
    let line = text
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .filter(|l| !is_not_title(l))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|l| !skip(l))?;
    Some(shorten(line))
}

/// A title line cut to [`TITLE_MAX`] characters at a word boundary.
fn shorten(line: String) -> String {
    if line.chars().count() <= TITLE_MAX {
        return line;
    }
    let cut: String = line.chars().take(TITLE_MAX).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > TITLE_MAX / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The text exact duplicates are recognised by: whitespace runs collapsed.
pub fn content_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            title_of("\n  --- \n  Big news today \nbody", "f"),
            "Big news today"
        );
        assert_eq!(title_of("12\n!!", "file-name"), "file-name");
        assert_eq!(
            title_of(
                "Published: 4 March 2021\nBy Ana Ribeiro\nThursday 4 March 2021\nTalks resume",
                "f"
            ),
            "Talks resume"
        );
        let long = "word ".repeat(100);
        let t = title_of(&long, "f");
        assert!(
            t.chars().count() <= TITLE_MAX + 1 && t.ends_with('…'),
            "{t}"
        );
    }
}

#[cfg(test)]
mod wire_tests {
    use super::*;

    /// Regression: 21,578 wire stories opening with `Date:` and `Title:`
    /// lines were titled "Date: …" and dated from their bodies.
    #[test]
    fn wire_stories_with_date_and_title_lines() {
        let text = "Date: 26-FEB-1987 15:01:01.79\nTitle: BAHIA COCOA REVIEW\n\n\
                    Showers continued throughout the week in the Bahia cocoa zone. The \
                    dividend is payable April 10, 1987, to stockholders of record.\n";
        let (doc, note) = parse_text_noted(text, "reut2-000-1").unwrap();
        assert_eq!(doc.title, "BAHIA COCOA REVIEW");
        assert_eq!(
            doc.date,
            Some(("1987-02-26".parse().unwrap(), DateSource::Label))
        );
        assert!(doc.text.starts_with("Showers continued"));
        assert_eq!(note, None);
    }

    /// Regression: 737 wire files that are only a `Date:` line and an empty
    /// `Title:` line were imported as documents titled "Title:".
    #[test]
    fn a_text_that_is_only_a_header_block_is_reported_empty() {
        let why = parse_text_noted("Date: 4 March 2021\nTitle: Notes\n", "x").unwrap_err();
        assert_eq!(
            why,
            "empty: only a header block, no text (dated 2021-03-04, titled “Notes”)"
        );
        let why = parse_text_noted("Date: 2-MAR-1987 10:00:00.00\nTitle:\n\n", "x").unwrap_err();
        assert_eq!(
            why,
            "empty: only a header block, no text (dated 1987-03-02)"
        );
        // An empty text of no block is not this case (the import says "empty").
        assert!(parse_text_noted("Just a line", "x").is_ok());
    }

    /// Regression: the line that gave the date became the title.
    #[test]
    fn date_lines_are_not_titles() {
        let (doc, _) = parse_text_noted(
            "Published on Sunday, January 23, 2022\nCity budget passes after long night\n\nThe council approved the budget.",
            "x",
        )
        .unwrap();
        assert_eq!(doc.title, "City budget passes after long night");
        assert_eq!(doc.date.unwrap().0, "2022-01-23".parse().unwrap());
        assert_eq!(
            title_of("Updated 4 March 2021, 10:42 GMT\nTalks resume", "f"),
            "Talks resume"
        );
        // A headline that starts with a label word stays a headline.
        assert_eq!(
            title_of("Date set for the referendum\nBody", "f"),
            "Date set for the referendum"
        );
    }

    #[test]
    fn an_ambiguous_date_is_noted_not_taken() {
        let (doc, note) =
            parse_text_noted("Date: 03/04/2021\nTitle: T\n\nBody text.", "x").unwrap();
        assert_eq!(doc.date, None);
        assert_eq!(note.unwrap(), format!("{AMBIGUOUS_DATE}: 03/04/2021"));
    }

    /// Regression: undated BBC stories were dated from mentions in the text.
    #[test]
    fn undated_stories_stay_undated() {
        for text in [
            "Irish rugby's oldest club\n\nThe club, founded on 14 May 1870, celebrated.",
            "Blair profile\n\nThe MP, born on 20 February 1951, said he would stand.",
            "Airport security\n\nSince 11 September 2001, checks have grown.",
        ] {
            assert_eq!(parse_text(text, "001").date, None, "{text}");
        }
    }
}
