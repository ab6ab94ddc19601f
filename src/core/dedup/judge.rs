//! What a verified pair is: the same story, a report built from the same
//! template, or two texts that only share passages.
//!
//! The shingle sets say how much two texts share; this looks at *where*:
//! the aligned passages ([`passages`]), what each side has that the other
//! lacks, and what differs inside the passages.
//!
//! - **Related, not duplicates**: each text has a substantial body of prose
//!   the other lacks entirely (a shared legal notice, press-release footer
//!   or background paragraph between two different stories). A copy cut to
//!   half or with a local paragraph added has such a body on one side only.
//! - **Same template**: the differences inside the shared text are mostly
//!   numbers, and the two are dated on different days (a daily repurchase
//!   notice, a weekly price report). A same-day re-issue that corrects a
//!   figure stays a duplicate.

use serde::Serialize;

use super::normalize::{SHINGLE, Tokens};
use super::passages::{self, MASKED, Passage};
use super::verify::Similarity;

/// What a pair of documents is to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PairKind {
    /// The same story (clustered at the threshold).
    Duplicate,
    /// Shares passages, but each has a body of its own.
    Related,
    /// Built from one template about another day or set of figures.
    Template,
}

impl PairKind {
    /// As stored in the library.
    pub fn as_str(self) -> &'static str {
        match self {
            PairKind::Duplicate => "duplicate",
            PairKind::Related => "related",
            PairKind::Template => "template",
        }
    }

    pub fn parse(s: &str) -> Option<PairKind> {
        Some(match s {
            "duplicate" => PairKind::Duplicate,
            "related" => PairKind::Related,
            "template" => PairKind::Template,
            _ => return None,
        })
    }

    /// For the review list.
    pub fn label(self) -> &'static str {
        match self {
            PairKind::Duplicate => "duplicate",
            PairKind::Related => "related (shares passages)",
            PairKind::Template => "same template",
        }
    }
}

/// Lines shorter than this (headline lists, "Read more:", captions) do not
/// make a body of its own.
const PROSE_LINE_WORDS: u32 = 8;
/// An unshared run of words shorter than this is an edit, not a body.
const MIN_UNSHARED_RUN: u32 = 8;
/// A body of its own: at least this many unshared prose words…
const OWN_BODY_WORDS: u32 = 25;
/// …and at least this share of the document's words (boilerplate left out).
const OWN_BODY_SHARE: f64 = 0.10;
/// Shared passages (words on the shorter side) that make two otherwise
/// different texts related.
const RELATED_WORDS: u32 = 20;

/// One side of a comparison: a document's words as the judge sees them.
#[derive(Debug, Clone, Default)]
pub struct Text {
    /// Ordered shingles, those touching boilerplate [`MASKED`].
    pub shingles: Vec<u32>,
    /// Per line: where its words end, and its class (0 boilerplate, 1 a
    /// short line, 2 a prose line). Per line, not per word: a run holds
    /// the texts of tens of thousands of documents at once.
    lines: Vec<(u32, u8)>,
    /// Words that hold a digit.
    numeric: Vec<u32>,
    /// The day the document states (`YYYY-MM-DD`, or a shorter partial date).
    pub date: Option<String>,
}

impl Text {
    /// `tokens` with the lines for which `boiler` holds masked.
    pub fn new(tokens: Tokens, boiler: impl Fn(u64) -> bool, date: Option<String>) -> Text {
        let total = tokens.word_count() as u32;
        let mut lines = Vec::with_capacity(tokens.lines.len());
        let mut start = 0u32;
        for &(hash, end) in &tokens.lines {
            let class = if boiler(hash) {
                0
            } else if end - start >= PROSE_LINE_WORDS {
                2
            } else {
                1
            };
            lines.push((end, class));
            start = end;
        }
        let mut shingles = tokens.shingles;
        if lines.iter().any(|l| l.1 == 0) {
            // Shingle k covers words k..k + SHINGLE: masked when a
            // boilerplate line overlaps them.
            let mut boiler_words = vec![false; total as usize];
            let mut start = 0u32;
            for &(end, class) in &lines {
                if class == 0 {
                    boiler_words[start as usize..end as usize].fill(true);
                }
                start = end;
            }
            for (k, s) in shingles.iter_mut().enumerate() {
                let span = k..(k + SHINGLE).min(total as usize);
                if boiler_words[span].contains(&true) {
                    *s = MASKED;
                }
            }
        }
        shingles.shrink_to_fit();
        let mut numeric = tokens.numeric;
        numeric.shrink_to_fit();
        Text {
            shingles,
            lines,
            numeric,
            date,
        }
    }

    fn word_count(&self) -> u32 {
        self.lines.last().map_or(0, |l| l.0)
    }

    /// Each line's word range and class.
    fn line_ranges(&self) -> impl Iterator<Item = (std::ops::Range<u32>, u8)> + '_ {
        let mut start = 0u32;
        self.lines.iter().map(move |&(end, class)| {
            let r = start..end;
            start = end;
            (r, class)
        })
    }

    /// Words outside boilerplate.
    fn body_words(&self) -> u32 {
        self.line_ranges()
            .filter(|(_, c)| *c != 0)
            .map(|(r, _)| r.len() as u32)
            .sum()
    }

    /// Prose words in runs of at least [`MIN_UNSHARED_RUN`] words that no
    /// passage covers.
    fn unshared_prose(&self, covered: &[bool]) -> u32 {
        let (mut total, mut run) = (0u32, 0u32);
        for (words, class) in self.line_ranges() {
            for w in words {
                if class != 0 && !covered[w as usize] {
                    run += (class == 2) as u32;
                } else {
                    if run >= MIN_UNSHARED_RUN {
                        total += run;
                    }
                    run = 0;
                }
            }
        }
        if run >= MIN_UNSHARED_RUN {
            total += run;
        }
        total
    }

    fn has_body_beyond(&self, covered: &[bool]) -> bool {
        let own = self.unshared_prose(covered);
        own >= OWN_BODY_WORDS && own as f64 >= OWN_BODY_SHARE * self.body_words() as f64
    }

    fn is_numeric(&self, words: &std::ops::Range<u32>) -> bool {
        let first = self.numeric.partition_point(|&w| w < words.start);
        self.numeric.get(first).is_some_and(|&w| w < words.end)
    }
}

/// What the judge found for a pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub kind: PairKind,
    pub passages: Vec<Passage>,
}

/// Dated on different days (a partial date differs only where both say).
fn different_days(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let n = a.len().min(b.len());
            a[..n] != b[..n]
        }
        _ => false,
    }
}

/// Judges a pair whose shingle sets compare as `similarity`: `None` when
/// it is neither a duplicate nor shares a passage worth showing.
pub fn judge(a: &Text, b: &Text, similarity: &Similarity) -> Option<Judgement> {
    let passages = passages::align(&a.shingles, &b.shingles);
    let shared: u32 = passages.iter().map(Passage::words).sum();
    let related = || {
        (shared >= RELATED_WORDS).then(|| Judgement {
            kind: PairKind::Related,
            passages: passages.clone(),
        })
    };
    if !similarity.is_kept() {
        return related();
    }
    let covered_a = passages::covered(passages.iter().map(|p| p.a.clone()), a.word_count());
    let covered_b = passages::covered(passages.iter().map(|p| p.b.clone()), b.word_count());
    if a.has_body_beyond(&covered_a) && b.has_body_beyond(&covered_b) {
        return related();
    }
    let (mut numeric, mut wording) = (0usize, 0usize);
    for slot in passages.iter().flat_map(|p| &p.slots) {
        // A figure in the same slot: digits on both sides, about as many
        // words (a date written another way is not a new figure).
        let same_slot = slot.a.len().abs_diff(slot.b.len()) <= 1;
        if same_slot && a.is_numeric(&slot.a) && b.is_numeric(&slot.b) {
            numeric += 1;
        } else {
            wording += 1;
        }
    }
    let dated_apart = different_days(&a.date, &b.date);
    let undated = a.date.is_none() || b.date.is_none();
    let template = numeric > wording && (dated_apart && numeric >= 1 || undated && numeric >= 2);
    let kind = if template {
        PairKind::Template
    } else {
        PairKind::Duplicate
    };
    Some(Judgement { kind, passages })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dedup::normalize::tokenize;
    use crate::core::dedup::verify::compare;

    fn text(s: &str, date: Option<&str>) -> Text {
        Text::new(tokenize(s), |_| false, date.map(str::to_string))
    }

    fn kind(a: &str, b: &str, da: Option<&str>, db: Option<&str>) -> Option<PairKind> {
        let s = compare(&tokenize(a).shingle_set(), &tokenize(b).shingle_set());
        judge(&text(a, da), &text(b, db), &s).map(|j| j.kind)
    }

    /// The two sample files (the same story from two outlets).
    fn sample(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/samples")
            .join(name);
        std::fs::read_to_string(path).expect("sample file")
    }

    const NOTICE: &str = "This software is provided by the copyright holders and contributors as is and any express \
        or implied warranties, including, but not limited to, the implied warranties of merchantability and fitness \
        for a particular purpose are disclaimed. In no event shall the copyright holder or contributors be liable \
        for any direct, indirect, incidental, special, exemplary, or consequential damages, including, but not \
        limited to, procurement of substitute goods or services, loss of use, data, or profits, or business \
        interruption, however caused and on any theory of liability, whether in contract, strict liability, or \
        tort, including negligence or otherwise, arising in any way out of the use of this software, even if \
        advised of the possibility of such damage. Redistribution and use in source and binary forms, with or \
        without modification, are permitted provided that the following conditions are met: redistributions of \
        source code must retain the above copyright notice, this list of conditions and the disclaimer.";

    #[test]
    fn two_documents_sharing_only_a_notice_block_are_related_not_duplicates() {
        let changelog = format!(
            "Release notes for version 2.4\n\
             The importer now reads spreadsheets saved by older office suites and keeps their sheet names as tags.\n\
             Searching for a phrase inside quotation marks no longer ignores the last word of the phrase.\n\
             Fixed a crash when the export folder was removed while an export was still running in the background.\n\
             {NOTICE}\n"
        );
        let api = format!(
            "The client library exposes one asynchronous function per endpoint of the service and returns typed \
             results that callers can match on. Every request carries a timeout chosen by the caller, and a \
             request that fails with a transient error is retried with an exponential backoff that starts at one \
             hundred milliseconds. Responses are streamed, so a large listing never has to fit in memory at once, \
             and pagination tokens are opaque strings that the caller passes back unchanged. Authentication uses \
             short-lived tokens refreshed in the background before they expire.\n{NOTICE}\n"
        );
        let s = compare(
            &tokenize(&changelog).shingle_set(),
            &tokenize(&api).shingle_set(),
        );
        // The shingle sets alone call this a duplicate …
        assert!(s.is_duplicate(0.6), "{s:?}");
        // … the passages do not.
        assert_eq!(kind(&changelog, &api, None, None), Some(PairKind::Related));
    }

    #[test]
    fn copies_cut_extended_or_with_other_boilerplate_stay_duplicates() {
        let a = sample("000_90b2de136a6d840f.txt");
        let b = sample("002_944198b486eb7432.txt");
        assert_eq!(
            kind(&a, &b, Some("2023-04-25"), None),
            Some(PairKind::Duplicate)
        );
        let story: Vec<String> = (0..6)
            .map(|i| {
                format!(
                    "Paragraph {} of the story tells how the council voted on the new bridge across the river \
                     and what the mayor said to the reporters waiting outside the town hall that evening.",
                    ["one", "two", "three", "four", "five", "six"][i]
                )
            })
            .collect();
        let full = story.join("\n");
        let cut = story[..3].join("\n");
        let extended = format!(
            "{full}\nOur local correspondent adds that residents of the east bank have collected signatures \
             against the toll and will hand them to the council at its next meeting in the spring."
        );
        assert_eq!(kind(&full, &cut, None, None), Some(PairKind::Duplicate));
        assert_eq!(
            kind(&full, &extended, None, None),
            Some(PairKind::Duplicate)
        );
    }

    #[test]
    fn a_report_from_one_template_on_another_day_is_a_template_pair() {
        let report = |day: &str, amount: &str, rate: &str| {
            format!(
                "The Federal Reserve entered the government securities market on {day} to supply temporary \
                 reserves to the banking system through repurchase agreements totalling {amount} billion dlrs, \
                 a spokesman for the New York Fed said. Dealers said federal funds were trading at {rate} pct \
                 when the Fed began its operation, and the agreements mature in one business day, he said."
            )
        };
        let monday = report("Monday", "2.5", "6.05");
        let tuesday = report("Tuesday", "1.75", "6.10");
        assert_eq!(
            kind(&monday, &tuesday, Some("1987-03-02"), Some("1987-03-03")),
            Some(PairKind::Template)
        );
        // The same day, one figure corrected: a re-issue, still a duplicate.
        let corrected = report("Monday", "2.25", "6.05");
        assert_eq!(
            kind(&monday, &corrected, Some("1987-03-02"), Some("1987-03-02")),
            Some(PairKind::Duplicate)
        );
    }

    #[test]
    fn independent_texts_on_one_topic_are_not_linked() {
        let a = "Heavy rain flooded the lower town on Sunday, and the fire brigade pumped water out of dozens of \
                 cellars while the river rose above the old stone bridge. The mayor said the new dykes had held \
                 and that the damage was smaller than in the floods of the last decade.";
        let b = "The river burst its banks after two days of rain, leaving streets in the lower town under water. \
                 Residents spent the night moving furniture upstairs, and firefighters worked until dawn to clear \
                 flooded basements; officials praised the recently built flood walls.";
        assert_eq!(kind(a, b, None, None), None);
    }

    #[test]
    fn texts_that_share_nothing_are_not_judged() {
        assert_eq!(
            kind(
                "A short note about lunch.",
                "Another note on the weather today.",
                None,
                None
            ),
            None
        );
    }
}
