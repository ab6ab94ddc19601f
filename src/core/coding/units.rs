//! What an autocode run codes around a hit: the hit itself, its sentence
//! or its paragraph, found by plain rules on the stored text (bounded: a
//! unit never reaches further than [`MAX_UNIT`] bytes either side of its
//! hit, so a 5 MB text without a full stop stays cheap).

use serde::{Deserialize, Serialize};

/// The most a sentence or paragraph reaches either side of its hit.
pub const MAX_UNIT: usize = 4_000;

/// How much an autocode run codes around each hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// The words found.
    #[default]
    Hit,
    Sentence,
    Paragraph,
}

impl Unit {
    pub const ALL: [Unit; 3] = [Unit::Hit, Unit::Sentence, Unit::Paragraph];

    pub fn parse(s: &str) -> Option<Unit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hit" | "hits" | "word" => Some(Unit::Hit),
            "sentence" | "sentences" => Some(Unit::Sentence),
            "paragraph" | "paragraphs" => Some(Unit::Paragraph),
            _ => None,
        }
    }

    /// The unit in a sentence ("Code 1,284 sentences …").
    pub fn noun(self, n: usize) -> &'static str {
        match (self, n == 1) {
            (Unit::Hit, true) => "hit",
            (Unit::Hit, false) => "hits",
            (Unit::Sentence, true) => "sentence",
            (Unit::Sentence, false) => "sentences",
            (Unit::Paragraph, true) => "paragraph",
            (Unit::Paragraph, false) => "paragraphs",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Unit::Hit => "The hit",
            Unit::Sentence => "Its sentence",
            Unit::Paragraph => "Its paragraph",
        }
    }

    /// The byte range this unit covers around the hit `start..end`.
    pub fn around(self, text: &str, start: usize, end: usize) -> (usize, usize) {
        match self {
            Unit::Hit => (start, end),
            Unit::Sentence => sentence_around(text, start, end),
            Unit::Paragraph => paragraph_around(text, start, end),
        }
    }
}

/// Rounds `i` down to a char boundary.
fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Rounds `i` up to a char boundary.
fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Trims whitespace off both ends of `text[s..e]`.
fn trimmed(text: &str, s: usize, e: usize) -> (usize, usize) {
    let piece = &text[s..e];
    let lead = piece.len() - piece.trim_start().len();
    let tail = piece.len() - piece.trim_end().len();
    if lead + tail >= piece.len() {
        return (s, e);
    }
    (s + lead, e - tail)
}

/// The paragraph holding `start..end`: from the line break before it to
/// the line break after it (a paragraph is a line of the stored text; the
/// reader's joined wire copy is one line per paragraph after import only
/// when the source had it so, so blank lines count too).
pub fn paragraph_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let lo = floor(text, start.saturating_sub(MAX_UNIT));
    let hi = ceil(text, end.saturating_add(MAX_UNIT));
    let s = text[lo..start].rfind('\n').map_or(lo, |i| lo + i + 1);
    let e = text[end..hi].find('\n').map_or(hi, |i| end + i);
    trimmed(text, s, e)
}

/// Whether the sentence ends at byte `i` of `bytes` (just after `.`, `!`,
/// `?` or `。` and their closing quotes, before a space or line break).
fn ends_sentence(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let Some(last) = before
        .trim_end_matches(['"', '\'', '’', '”', ')'])
        .chars()
        .next_back()
    else {
        return false;
    };
    if !matches!(last, '.' | '!' | '?' | '。' | '！' | '？') {
        return false;
    }
    if matches!(last, '。' | '！' | '？') {
        return true;
    }
    // An abbreviation's or an initial's full stop ("Mr.", "U.S.", "J.")
    // ends no sentence.
    if last == '.' {
        let word = before
            .trim_end_matches(['"', '\'', '’', '”', ')'])
            .trim_end_matches('.')
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("");
        let short = word.chars().count() <= 1
            || word.contains('.')
            || matches!(
                word,
                "Mr" | "Mrs" | "Ms" | "Dr" | "Prof" | "St" | "Gen" | "Sen" | "Rep" | "Gov" | "No"
            );
        if short {
            return false;
        }
    }
    text[i..].starts_with(char::is_whitespace) || i == text.len()
}

/// The sentence holding `start..end`, within its paragraph.
pub fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let (ps, pe) = paragraph_around(text, start, end);
    let mut s = ps;
    for (i, c) in text[ps..start].char_indices() {
        let at = ps + i + c.len_utf8();
        if at <= start && c.is_whitespace() && ends_sentence(text, ps + i) {
            s = at;
        }
    }
    let mut e = pe;
    for (i, _) in text[end..pe].char_indices() {
        let at = end + i;
        if at > end && ends_sentence(text, at) {
            e = at;
            break;
        }
    }
    trimmed(text, s.min(start), e.max(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(u: Unit, text: &str, word: &str) -> String {
        let s = text.find(word).unwrap();
        let (a, b) = u.around(text, s, s + word.len());
        text[a..b].to_string()
    }

    #[test]
    fn sentences_and_paragraphs_around_a_hit() {
        let t = "Mr. Smith spoke first. The migration law passed on Friday! Critics said no.\nNext paragraph here.";
        assert_eq!(unit(Unit::Hit, t, "migration"), "migration");
        assert_eq!(
            unit(Unit::Sentence, t, "migration"),
            "The migration law passed on Friday!"
        );
        assert_eq!(unit(Unit::Sentence, t, "Smith"), "Mr. Smith spoke first.");
        assert_eq!(
            unit(Unit::Paragraph, t, "migration"),
            "Mr. Smith spoke first. The migration law passed on Friday! Critics said no."
        );
        assert_eq!(unit(Unit::Sentence, t, "Next"), "Next paragraph here.");
    }

    #[test]
    fn units_stay_bounded_and_on_char_boundaries() {
        let long = "é".repeat(20_000) + " migration " + &"日本".repeat(20_000);
        let s = long.find("migration").unwrap();
        for u in Unit::ALL {
            let (a, b) = u.around(&long, s, s + 9);
            assert!(long.is_char_boundary(a) && long.is_char_boundary(b));
            assert!(b - a <= 2 * MAX_UNIT + 9 + 8);
            assert!(a <= s && b >= s + 9);
        }
    }
}
