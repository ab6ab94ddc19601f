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

pub use super::headline::Headline;
use super::headline::SHORT_NOTICE_WORDS;
use super::normalize::{SHINGLE, Tokens};
use super::passages::{self, MASKED, Passage, Slot};
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

/// Figures in which two reports of one day differ that make them other
/// reports, not a correction.
const OTHER_REPORT_FIGURES: usize = 3;

/// Of two short notices under one headline whose shingles differ, the share
/// of words in place that makes one a correction or re-issue of the other.
const CORRECTION_SHARE: f64 = 0.6;

/// Below this many body words, a notice's recurring lines count in its
/// word-by-word similarity.
const MIN_BODY_FOR_WORDS: u32 = 8;

/// Texts with more shingles than this keep their index for all their pairs.
const LONG_TEXT_SHINGLES: usize = 4096;

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
    /// What its title names.
    pub headline: Headline,
    /// A short text's shingles with nothing masked: a notice's lines recur
    /// across the library ("Pay April 27") and would all be boilerplate.
    unmasked: Option<Vec<u32>>,
    /// Words outside boilerplate.
    body: u32,
    /// A long text's shingle index, shared by all its pairs.
    index: std::sync::OnceLock<passages::Index>,
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
        let unmasked = (total < 2 * SHORT_NOTICE_WORDS).then(|| shingles.clone());
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
            headline: Headline::default(),
            unmasked,
            body: 0,
            index: std::sync::OnceLock::new(),
        }
        .with_body()
    }

    fn with_body(mut self) -> Text {
        self.body = self
            .line_ranges()
            .filter(|(_, c)| *c != 0)
            .map(|(r, _)| r.len() as u32)
            .sum();
        self
    }

    /// With the document's title, which the judge reads too.
    pub fn with_headline(mut self, title: &str) -> Text {
        self.headline = Headline::new(title);
        self
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
        self.body
    }

    /// The shingles' index for [`passages::align_indexed`], built once on
    /// first use, for a long text only (a short one's is cheaper to build
    /// per pair than to keep).
    fn long_index(&self) -> Option<&passages::Index> {
        (self.shingles.len() > LONG_TEXT_SHINGLES).then(|| {
            self.index
                .get_or_init(|| passages::Index::new(&self.shingles))
        })
    }

    /// Prose words in runs of at least [`MIN_UNSHARED_RUN`] words that no
    /// passage covers (`covered`: sorted, disjoint word ranges). Works a
    /// stretch at a time: the cost is the number of lines and passages,
    /// not of words (a 5 MB text on one line is one stretch).
    fn unshared_prose(&self, covered: &[std::ops::Range<u32>]) -> u32 {
        let (mut total, mut run) = (0u32, 0u32);
        let end_run = |run: &mut u32, total: &mut u32| {
            if *run >= MIN_UNSHARED_RUN {
                *total += *run;
            }
            *run = 0;
        };
        let mut k = 0usize;
        for (words, class) in self.line_ranges() {
            let mut at = words.start;
            while at < words.end {
                while k < covered.len() && covered[k].end <= at {
                    k += 1;
                }
                let (stretch_end, is_covered) = match covered.get(k) {
                    Some(c) if c.start <= at => (c.end.min(words.end), true),
                    Some(c) => (c.start.min(words.end), false),
                    None => (words.end, false),
                };
                if is_covered || class == 0 {
                    end_run(&mut run, &mut total);
                } else if class == 2 {
                    run += stretch_end - at;
                }
                at = stretch_end;
            }
        }
        end_run(&mut run, &mut total);
        total
    }

    /// Whether every word of `words` lies in a boilerplate line (an empty
    /// range does).
    fn is_boiler(&self, words: &std::ops::Range<u32>) -> bool {
        let first = self.lines.partition_point(|&(end, _)| end <= words.start);
        let mut start = if first == 0 {
            0
        } else {
            self.lines[first - 1].0
        };
        for &(end, class) in &self.lines[first..] {
            if start >= words.end {
                break;
            }
            if class != 0 {
                return false;
            }
            start = end;
        }
        true
    }

    fn has_body_beyond(&self, covered: &[std::ops::Range<u32>]) -> bool {
        let own = self.unshared_prose(covered);
        own >= OWN_BODY_WORDS && own as f64 >= OWN_BODY_SHARE * self.body_words() as f64
    }

    /// Words of `words` that hold a figure (or name a day or month).
    fn numeric_words(&self, words: &std::ops::Range<u32>) -> usize {
        let first = self.numeric.partition_point(|&w| w < words.start);
        let end = self.numeric.partition_point(|&w| w < words.end);
        end - first
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
    /// Headline words that differ, when the headlines name other things
    /// (other companies' notices): the pair's similarity counts them, so
    /// two notices with one body are not "100 %" alike.
    pub headline_apart: u32,
    /// The similarity to show and store: the shingle sets', or for short
    /// notices the share of words inside aligned passages (one corrected
    /// figure in a 15-word notice breaks five of its eleven shingles, not
    /// the notice); the headline's differing words counted as differing
    /// words of the text.
    pub similarity: Similarity,
}

impl Judgement {
    fn scaled(mut self, a: &Text, b: &Text) -> Judgement {
        if self.headline_apart > 0 {
            let words = a.body_words().min(b.body_words()).max(1) as f64;
            let keep = words / (words + self.headline_apart as f64);
            let s = &mut self.similarity;
            s.jaccard *= keep;
            s.containment *= keep;
            s.coverage *= keep;
        }
        self
    }
}

/// The stretches between aligned passages (and before the first, after the
/// last) that both sides have: where two texts from one template differ.
fn gaps(
    passages: &[Passage],
    words_a: u32,
    words_b: u32,
) -> Vec<(std::ops::Range<u32>, std::ops::Range<u32>)> {
    let mut ordered: Vec<&Passage> = passages.iter().collect();
    ordered.sort_by_key(|p| (p.a.start, p.b.start));
    let mut out = Vec::new();
    let (mut at_a, mut at_b) = (0u32, 0u32);
    for p in ordered {
        if p.a.start > at_a && p.b.start > at_b {
            out.push((at_a..p.a.start, at_b..p.b.start));
        }
        at_a = at_a.max(p.a.end);
        at_b = at_b.max(p.b.end);
    }
    if words_a > at_a && words_b > at_b {
        out.push((at_a..words_a, at_b..words_b));
    }
    out
}

/// How much of two short texts lies in passages they share, word by word,
/// boilerplate included (a notice is made of lines that recur). `None`
/// when a text is not short.
fn word_similarity(a: &Text, b: &Text, passages: &[Passage]) -> Similarity {
    // The passages' words, less their changed slots.
    let in_place = |side: fn(&Passage) -> &std::ops::Range<u32>,
                    slot: fn(&Slot) -> &std::ops::Range<u32>,
                    total: u32| {
        let mut mask = passages::covered(passages.iter().map(|p| side(p).clone()), total);
        for s in passages.iter().flat_map(|p| &p.slots) {
            let r = slot(s);
            for w in r.start.min(total)..r.end.min(total) {
                mask[w as usize] = false;
            }
        }
        mask
    };
    let covered_a = in_place(|p| &p.a, |s| &s.a, a.word_count());
    let covered_b = in_place(|p| &p.b, |s| &s.b, b.word_count());
    // The outlets' own lines count only where a notice is nothing else
    // (every line of a dividend notice recurs across the library).
    let with_boiler = a.body_words().min(b.body_words()) < MIN_BODY_FOR_WORDS;
    let count = |t: &Text, covered: &[bool]| -> (u32, u32) {
        let (mut shared, mut all) = (0u32, 0u32);
        for (words, class) in t.line_ranges() {
            if class == 0 && !with_boiler {
                continue;
            }
            all += words.len() as u32;
            shared += words.filter(|&w| covered[w as usize]).count() as u32;
        }
        (shared, all)
    };
    let ((sa, na), (sb, nb)) = (count(a, &covered_a), count(b, &covered_b));
    let (small, large) = if na <= nb { (na, nb) } else { (nb, na) };
    let shared = sa.min(sb) as f64;
    let ratio = |d: u32| if d == 0 { 0.0 } else { shared / d as f64 };
    Similarity {
        containment: ratio(small),
        coverage: ratio(large),
        jaccard: {
            let union = (na + nb) as f64 - shared;
            if union <= 0.0 { 0.0 } else { shared / union }
        },
    }
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
    let body = a.body_words().min(b.body_words());
    // Boilerplate left out: what the pair shares as stories.
    let (masked, _) =
        passages::align_indexed(&a.shingles, a.long_index(), &b.shingles, b.long_index());
    // A short notice is also read whole, its recurring lines included: they
    // are the template its figures fill. That reading only ever decides
    // the slots (same template or not), and the similarity of two notices
    // under one headline (a correction of one figure); never does a shared
    // footer make two texts alike.
    let whole = match (&a.unmasked, &b.unmasked) {
        (Some(ua), Some(ub)) if body < SHORT_NOTICE_WORDS => Some(passages::align(ua, ub)),
        _ => None,
    };
    let short = whole.is_some();
    let same_headline = a.headline.key().is_some() && a.headline.key() == b.headline.key();
    let shared: u32 = masked.iter().map(Passage::words).sum();
    let related = || {
        (shared >= RELATED_WORDS).then(|| Judgement {
            kind: PairKind::Related,
            passages: masked.clone(),
            headline_apart: 0,
            similarity: *similarity,
        })
    };
    if !(similarity.is_kept() || short && same_headline) {
        return related();
    }
    let covered_a = passages::merged(masked.iter().map(|p| p.a.clone()));
    let covered_b = passages::merged(masked.iter().map(|p| p.b.clone()));
    let similarity = match &whole {
        Some(w) if !similarity.is_kept() => {
            // A re-issue or a correction of a figure or two: nearly every
            // word in place. Reports of one template that differ in many
            // figures stay apart, whatever their headline.
            let words = word_similarity(a, b, w);
            let figures: usize = w
                .iter()
                .flat_map(|p| &p.slots)
                .map(|s| s.a.clone())
                .chain(
                    gaps(w, a.word_count(), b.word_count())
                        .into_iter()
                        .map(|g| g.0),
                )
                .map(|r| a.numeric_words(&r))
                .sum();
            if words.containment < CORRECTION_SHARE
                || words.coverage < CORRECTION_SHARE
                || figures >= OTHER_REPORT_FIGURES
            {
                return related();
            }
            words
        }
        _ => *similarity,
    };
    if a.has_body_beyond(&covered_a) && b.has_body_beyond(&covered_b) {
        return related();
    }
    let passages = whole.unwrap_or(masked);
    let (mut numeric, mut wording) = (0usize, 0usize);
    let mut count = |sa: &std::ops::Range<u32>, sb: &std::ops::Range<u32>| {
        // Where both sides differ only in their outlets' own lines (a
        // header, a footer), the reports do not differ.
        if a.is_boiler(sa) && b.is_boiler(sb) {
            return;
        }
        // A figure in the same slot: digits (or a day or month named) on
        // both sides, about as many words (a date written another way is
        // not a new figure).
        let same_slot = sa.len().abs_diff(sb.len()) <= 1;
        if same_slot && a.is_numeric(sa) && b.is_numeric(sb) {
            // In a notice, a stretch between passages can hold several
            // figures (shingles break at each): each counts.
            numeric += if short { a.numeric_words(sa).max(1) } else { 1 };
        } else {
            wording += 1;
        }
    };
    for slot in passages.iter().flat_map(|p| &p.slots) {
        count(&slot.a, &slot.b);
    }
    if short {
        // In a notice of a few lines, a differing figure breaks the shared
        // text into passages: what lies between them (and before the
        // first, after the last) on both sides is a slot too.
        for (sa, sb) in gaps(&passages, a.word_count(), b.word_count()) {
            count(&sa, &sb);
        }
    }
    let dated_apart = different_days(&a.date, &b.date);
    let undated = a.date.is_none() || b.date.is_none();
    // In a notice of a few lines dated apart, a differing figure weighs as
    // much as a differing word (the Fed's report of another day names
    // another kind of operation).
    let figures_lead = numeric > wording || (short && dated_apart && numeric >= wording);
    // A correction fixes a figure or two; reports that differ in three or
    // more are other reports, even of one day.
    let template = figures_lead
        && (dated_apart && numeric >= 1 || undated && numeric >= 2 || numeric >= OTHER_REPORT_FIGURES)
        // Reports dated apart whose headlines state other figures.
        || dated_apart && numeric >= 1 && a.headline.figures_differ(&b.headline);
    // Short notices whose headlines name other companies are one
    // template's reports, whatever their bodies share.
    let headline_apart = a.headline.names_apart(&b.headline, body).unwrap_or(0);
    let kind = if template || headline_apart > 0 {
        PairKind::Template
    } else {
        PairKind::Duplicate
    };
    Some(
        Judgement {
            kind,
            passages,
            headline_apart,
            similarity,
        }
        .scaled(a, b),
    )
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

    fn headed(body: &str, title: &str, date: &str) -> Text {
        text(body, Some(date)).with_headline(title)
    }

    fn judged(a: (&str, &str, &str), b: (&str, &str, &str)) -> Option<Judgement> {
        let s = compare(&tokenize(a.0).shingle_set(), &tokenize(b.0).shingle_set());
        judge(&headed(a.0, a.1, a.2), &headed(b.0, b.1, b.2), &s)
    }

    /// Regression: dividend notices of different companies, whose company
    /// is named only in the headline, were one cluster, "100 %" similar.
    #[test]
    fn short_notices_of_other_companies_are_one_template_not_one_story() {
        let notice = "Qtly div 10 cts vs 10 cts prior\nPay March 31\nRecord March 16\nReuter";
        let a = (
            notice,
            "NATIONAL WESTMINSTER BANCORP <NWB> SETS DIVIDEND",
            "1987-03-02",
        );
        let b = (
            notice,
            "FIRST UNION CORP <FUNC> QTLY DIVIDEND",
            "1987-03-02",
        );
        let j = judged(a, b).unwrap();
        assert_eq!(j.kind, PairKind::Template);
        assert!(j.similarity.jaccard < 0.9, "{:?}", j.similarity);
        // Without symbols, headlines that name others tell them apart too.
        let c = (notice, "Acme Foods raises its payout", "1987-03-02");
        let d = (notice, "Beta Mining holds dividend", "1987-03-02");
        assert_eq!(judged(c, d).unwrap().kind, PairKind::Template);
        // The same company's notice re-filed, corrected, or headlined
        // another way is the same story.
        let e = (
            notice,
            "CORRECTED - FIRST UNION CORP <FUNC> QTLY DIVIDEND",
            "1987-03-02",
        );
        let f = (
            notice,
            "FIRST UNION <FUNC> SETS QUARTERLY PAYOUT",
            "1987-03-09",
        );
        assert_eq!(judged(b, e).unwrap().kind, PairKind::Duplicate);
        let j = judged(b, f).unwrap();
        assert_eq!(j.kind, PairKind::Duplicate);
        assert_eq!(j.similarity.jaccard, 1.0);
        // A correction of one figure the same day is the same notice.
        let corrected = "Qtly div 12 cts vs 10 cts prior\nPay March 31\nRecord March 16\nReuter";
        let g = (
            corrected,
            "CORRECTED - FIRST UNION CORP <FUNC> QTLY DIVIDEND",
            "1987-03-02",
        );
        let j = judged(b, g).unwrap();
        assert_eq!(j.kind, PairKind::Duplicate);
        assert!(j.similarity.containment >= 0.6, "{:?}", j.similarity);
    }

    #[test]
    fn long_stories_keep_their_rewritten_headlines() {
        let a = sample("000_90b2de136a6d840f.txt");
        let b = sample("002_944198b486eb7432.txt");
        let j = judged(
            (&a, "Shoigu visits troops", "2023-04-25"),
            (&b, "Russian defence chief in Ukraine", "2023-04-25"),
        )
        .unwrap();
        assert_eq!(j.kind, PairKind::Duplicate);
    }

    /// Regression (found by the dedup benchmark at 100,000 documents): two
    /// quarterly reports of one company from one template, at outlets with
    /// other header and footer lines, were one story once short texts were
    /// read whole: the outlets' lines counted as shared words and as
    /// differing wording.
    #[test]
    fn one_company_s_reports_at_two_outlets_stay_one_template() {
        let report = |profit: &str, eps: &str, div: &str| {
            format!(
                "Northern Mills said net profit for the quarter was {profit} mln dlrs, or {eps} dlrs per \
                 share, against 5.94 mln dlrs, or 2.59 dlrs per share, a year earlier, on revenue of \
                 433.21 mln dlrs.\n\nThe board declared a quarterly dividend of {div} cts per share, \
                 payable to holders of record at the end of the month, the company said in a statement."
            )
        };
        let footer =
            "Sign up for our morning newsletter to get the day's top stories in your inbox.";
        let header = "Tribune staff";
        let copyright =
            "Copyright Tribune Media. All rights reserved. This material may not be published.";
        let a = format!(
            "Northern Mills reports quarterly results\n\n{}\n\n{footer}\n",
            report("38.13", "2.75", "45")
        );
        let b = format!(
            "Northern Mills reports quarterly results\n{header}\nPublished: September 13, 2018\n{}\n{copyright}\n",
            report("60.36", "2.71", "21")
        );
        let boiler: Vec<u64> = [footer, header, copyright]
            .iter()
            .map(|l| tokenize(l).lines[0].0)
            .collect();
        let t = |s: &str, date: Option<&str>| {
            Text::new(
                tokenize(s),
                |h| boiler.contains(&h),
                date.map(str::to_string),
            )
            .with_headline("Northern Mills reports quarterly results")
        };
        let s = compare(&tokenize(&a).shingle_set(), &tokenize(&b).shingle_set());
        for (da, db) in [
            (None, Some("2018-09-13")),
            (Some("2018-06-13"), Some("2018-09-13")),
        ] {
            let kind = judge(&t(&a, da), &t(&b, db), &s).map(|j| j.kind);
            assert_ne!(kind, Some(PairKind::Duplicate), "{da:?} {db:?}");
        }
    }

    /// Two reports from one template under one headline on one day, with
    /// most figures other, are not a correction of each other (the
    /// benchmark's template reports met on a day by chance).
    #[test]
    fn same_day_reports_with_many_other_figures_are_not_one_story() {
        let report = |day: &str, a: &str, r1: &str, r2: &str| {
            format!(
                "The Federal Reserve entered the government securities market on {day} to supply \
                 temporary reserves to the banking system through customer repurchase agreements \
                 totalling {a} billion dlrs, a spokesman for the New York Fed said.\n\nDealers said \
                 federal funds were trading at {r1} pct when the Fed began its temporary and indirect \
                 supply of reserves, compared with an average of {r2} pct the day before."
            )
        };
        let title = "Fed adds reserves via customer repurchase agreements";
        let a = report("Tuesday", "1.00", "5.06", "5.73");
        let b = report("Monday", "3.91", "7.35", "7.78");
        let j = judged((&a, title, "2023-11-03"), (&b, title, "2023-11-03"));
        assert_ne!(j.map(|j| j.kind), Some(PairKind::Duplicate));
        // One figure corrected the same day is the same report.
        let c = report("Tuesday", "1.50", "5.06", "5.73");
        let j = judged((&a, title, "2023-11-03"), (&c, title, "2023-11-03"));
        assert_eq!(j.map(|j| j.kind), Some(PairKind::Duplicate));
    }

    /// The benchmark's quarterly reports at 100,000 documents: the dividend
    /// line recurs (boilerplate), what is left is one paragraph whose five
    /// figures all differ. One undated, one dated: the same template.
    #[test]
    fn a_paragraph_of_other_figures_is_many_slots() {
        let para = |p: &str, e: &str, q: &str, f: &str, r: &str| {
            format!(
                "Crescent Bank said net profit for the quarter was {p} mln dlrs, or {e} dlrs per share, \
                 against {q} mln dlrs, or {f} dlrs per share, a year earlier, on revenue of {r} mln dlrs."
            )
        };
        let dividend = "The board declared a quarterly dividend of 43 cts per share, payable to holders of record at the end of the month, the company said in a statement.";
        let a = format!(
            "Crescent Bank reports quarterly results\nJOURNAL\n{}\n{dividend}\n",
            para("77.58", "2.15", "37.32", "1.50", "854.63")
        );
        let b = format!(
            "Crescent Bank reports quarterly results\nPublished: February 9, 2024\n{}\n{dividend}\n",
            para("59.66", "0.68", "61.18", "2.15", "861.50")
        );
        let boiler: Vec<u64> = ["JOURNAL", dividend]
            .iter()
            .map(|l| tokenize(l).lines[0].0)
            .collect();
        let t = |s: &str, date: Option<&str>| {
            Text::new(
                tokenize(s),
                |h| boiler.contains(&h),
                date.map(str::to_string),
            )
            .with_headline("Crescent Bank reports quarterly results")
        };
        // The run compares bodies: the recurring lines left out.
        let body =
            |s: &str| tokenize(&s.replace(dividend, "").replace("JOURNAL", "")).shingle_set();
        let s = compare(&body(&a), &body(&b));
        let kind = judge(&t(&a, None), &t(&b, Some("2024-02-09")), &s).map(|j| j.kind);
        assert_ne!(kind, Some(PairKind::Duplicate));
    }

    /// Dates written in words fill a template's slots as figures do.
    #[test]
    fn a_day_in_words_is_a_figure_of_the_template() {
        let report = |day: &str, amount: &str| {
            format!(
                "NEW YORK, {day} - The Federal Reserve entered the government securities market to \
                 arrange {amount} billion dlrs of customer repurchase agreements, a spokesman for the \
                 Fed said. Dealers said federal funds were trading at six pct when the Fed began."
            )
        };
        let mon = report("Monday", "1.5");
        let tue = report("Tuesday", "2.0");
        assert_eq!(
            kind(&mon, &tue, Some("1987-03-02"), Some("1987-03-03")),
            Some(PairKind::Template)
        );
        // Differences close together break the passages: the stretch
        // between them is a slot of figures too.
        let fed = |date: &str, day: &str, amount: &str, kind: &str| {
            format!(
                "NEW YORK, {date} - The Federal Reserve entered the U.S. Government securities market on \
                 {day} to arrange {amount} billion dlrs of {kind} repurchase agreements, a Fed spokesman \
                 said.\n    Dealers said Federal funds were trading at 6-1/16 pct when the Fed began its \
                 temporary and indirect supply of reserves to the banking system.\n Reuter\n"
            )
        };
        let a = fed("March 2", "Monday", "3.0", "system");
        let b = fed("March 4", "Wednesday", "2.5", "customer");
        let j = judged(
            (&a, "FED ADDS RESERVES VIA SYSTEM REPURCHASES", "1987-03-02"),
            (
                &b,
                "FED ADDS RESERVES VIA CUSTOMER REPURCHASES",
                "1987-03-04",
            ),
        )
        .unwrap();
        assert_eq!(j.kind, PairKind::Template);
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
