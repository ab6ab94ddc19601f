//! The passages two texts share: aligned word spans in both, tolerant of
//! light revision (a word changed here and there, punctuation, quote styles).
//!
//! Runs of equal shingles in the same order are found first (each run covers
//! the words of its shingles); runs that follow each other closely in both
//! texts are one passage, the words between them its changed *slots*. A
//! passage is what a reader would call "the same paragraph, lightly edited".

use std::ops::Range;

use super::normalize::SHINGLE;

/// A shingle that must never match (it touches boilerplate).
pub const MASKED: u32 = u32::MAX;

/// Words between two runs that still make them one passage…
const MAX_GAP: u32 = 8;
/// …or, on one side only, a sentence left out or put in.
const MAX_ONE_SIDED_GAP: u32 = 30;
/// A passage shorter than this (in words of the shorter side) is a shared
/// phrase, not reuse.
pub const MIN_WORDS: u32 = 8;
/// Positions of one shingle in the other text considered (repeats are rare).
const MAX_REPEATS: usize = 4;

/// Words where the two sides differ inside a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub a: Range<u32>,
    pub b: Range<u32>,
}

/// One shared passage: word ranges (end exclusive) in each text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub a: Range<u32>,
    pub b: Range<u32>,
    /// The changed words inside it, in order.
    pub slots: Vec<Slot>,
}

impl Passage {
    /// Words of the passage on its shorter side.
    pub fn words(&self) -> u32 {
        (self.a.end - self.a.start).min(self.b.end - self.b.start)
    }
}

/// A run of equal shingles: `len` shingles from `a` in one text and `b` in
/// the other.
#[derive(Debug, Clone, Copy)]
struct Run {
    a: u32,
    b: u32,
    len: u32,
}

impl Run {
    fn a_words(&self) -> Range<u32> {
        self.a..self.a + self.len - 1 + SHINGLE as u32
    }
    fn b_words(&self) -> Range<u32> {
        self.b..self.b + self.len - 1 + SHINGLE as u32
    }
}

/// Where each unmasked shingle of a sequence occurs: `(shingle, position)`,
/// sorted. Built once per long text and shared by all its pairs (see
/// [`align_indexed`]).
#[derive(Debug, Clone, Default)]
pub struct Index(Vec<(u32, u32)>);

impl Index {
    pub fn new(seq: &[u32]) -> Index {
        let mut index: Vec<(u32, u32)> = seq
            .iter()
            .enumerate()
            .filter(|&(_, &s)| s != MASKED)
            .map(|(j, &s)| (s, j as u32))
            .collect();
        index.sort_unstable();
        Index(index)
    }
}

/// Maximal runs of equal, unmasked shingles, in the order of `scan`,
/// looked up in `other` through its index. Adds to `work` every position
/// looked at: at most a few per shingle of `scan` (each lookup is a binary
/// search in the index), whatever the length of `other`.
fn runs(scan: &[u32], other: &[u32], index: &Index, work: &mut u64) -> Vec<Run> {
    let index = &index.0;
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < scan.len() {
        let s = scan[i];
        *work += 1;
        if s == MASKED {
            i += 1;
            continue;
        }
        let first = index.partition_point(|&(h, _)| h < s);
        let mut best: Option<Run> = None;
        for &(h, j) in index[first..].iter().take(MAX_REPEATS) {
            if h != s {
                break;
            }
            let mut len = 0usize;
            while i + len < scan.len()
                && (j as usize) + len < other.len()
                && scan[i + len] != MASKED
                && scan[i + len] == other[j as usize + len]
            {
                len += 1;
            }
            *work += len as u64 + 1;
            if best.is_none_or(|r| len as u32 > r.len) {
                best = Some(Run {
                    a: i as u32,
                    b: j,
                    len: len as u32,
                });
            }
        }
        match best {
            Some(run) => {
                out.push(run);
                i += run.len as usize;
            }
            None => i += 1,
        }
    }
    out
}

/// The passages `a` and `b` share, in the order of `a`; each holds at least
/// [`MIN_WORDS`] words. `a` and `b` are ordered shingle sequences
/// (`Tokens::shingles`, boilerplate replaced by [`MASKED`]).
pub fn align(a: &[u32], b: &[u32]) -> Vec<Passage> {
    align_indexed(a, None, b, None).0
}

/// [`align`], with the index of either text when it is already built, and
/// the work done (positions looked at). The shorter text is scanned and
/// looked up in the longer one's index, so a pair of a 5 MB text and a
/// news story costs about the story's length (times a binary search), not
/// the book's: pass the long text's index, built once for all its pairs.
pub fn align_indexed(
    a: &[u32],
    a_index: Option<&Index>,
    b: &[u32],
    b_index: Option<&Index>,
) -> (Vec<Passage>, u64) {
    let mut work = 0u64;
    let found = if a.len() <= b.len() {
        let built;
        let index = match b_index {
            Some(i) => i,
            None => {
                built = Index::new(b);
                work += b.len() as u64;
                &built
            }
        };
        runs(a, b, index, &mut work)
    } else {
        let built;
        let index = match a_index {
            Some(i) => i,
            None => {
                built = Index::new(a);
                work += a.len() as u64;
                &built
            }
        };
        let mut found: Vec<Run> = runs(b, a, index, &mut work)
            .into_iter()
            .map(|r| Run {
                a: r.b,
                b: r.a,
                len: r.len,
            })
            .collect();
        found.sort_unstable_by_key(|r| (r.a, r.b));
        found
    };
    (merge(found), work)
}

/// Runs (in the order of `a`) that follow each other closely in both texts
/// become one passage; the words between them are its slots.
fn merge(found: Vec<Run>) -> Vec<Passage> {
    let mut passages: Vec<Passage> = Vec::new();
    for run in found {
        let (ra, rb) = (run.a_words(), run.b_words());
        if let Some(p) = passages.last_mut() {
            // Close in both texts, and not going back in either.
            let gap_a = ra.start.saturating_sub(p.a.end);
            let gap_b = rb.start.saturating_sub(p.b.end);
            let follows = ra.start + 1 > p.a.start
                && rb.start + 1 > p.b.start
                && gap_a.min(gap_b) <= MAX_GAP
                && gap_a.max(gap_b) <= MAX_ONE_SIDED_GAP
                && rb.end > p.b.end;
            if follows {
                if ra.start > p.a.end || rb.start > p.b.end {
                    p.slots.push(Slot {
                        a: p.a.end..ra.start.max(p.a.end),
                        b: p.b.end..rb.start.max(p.b.end),
                    });
                }
                p.a.end = p.a.end.max(ra.end);
                p.b.end = p.b.end.max(rb.end);
                continue;
            }
        }
        passages.push(Passage {
            a: ra,
            b: rb,
            slots: Vec::new(),
        });
    }
    passages.retain(|p| p.words() >= MIN_WORDS);
    passages
}

/// The word ranges of `ranges` sorted and joined where they touch.
pub fn merged(ranges: impl Iterator<Item = Range<u32>>) -> Vec<Range<u32>> {
    let mut v: Vec<Range<u32>> = ranges.filter(|r| r.start < r.end).collect();
    v.sort_unstable_by_key(|r| r.start);
    let mut out: Vec<Range<u32>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Words of `total` covered by the passages' ranges on one side.
pub fn covered(ranges: impl Iterator<Item = Range<u32>>, total: u32) -> Vec<bool> {
    let mut mask = vec![false; total as usize];
    for r in ranges {
        for w in r.start.min(total)..r.end.min(total) {
            mask[w as usize] = true;
        }
    }
    mask
}

/// Byte ranges of the words of `text` as the tokenizer counts them: runs
/// of letters and digits. (Text that NFKC changes, such as a letter and a
/// separate combining accent, may count differently; the marks then shift
/// by a word, never past the text.)
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() && super::normalize::fold(c).is_none();
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push(s..text.len());
    }
    spans
}

/// `text` cut into pieces, each marked when its words are in `covered`
/// (the words between two covered words stay with them).
fn pieces(text: &str, covered: &[bool]) -> Marked {
    let spans = word_spans(text);
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut at = 0usize;
    let push = |out: &mut Vec<(String, bool)>, piece: &str, marked: bool| {
        if piece.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((last, m)) if *m == marked => last.push_str(piece),
            _ => out.push((piece.to_string(), marked)),
        }
    };
    for (w, span) in spans.iter().enumerate() {
        let marked = covered.get(w).copied().unwrap_or(false);
        let next_marked = covered.get(w + 1).copied().unwrap_or(false);
        push(&mut out, &text[at..span.start], false);
        push(&mut out, &text[span.clone()], marked);
        at = span.end;
        // The space between two marked words is part of the passage.
        if marked
            && next_marked
            && let Some(next) = spans.get(w + 1)
        {
            push(&mut out, &text[at..next.start], true);
            at = next.start;
        }
    }
    push(&mut out, &text[at..], false);
    out
}

/// A text cut into pieces, each marked or not.
pub type Marked = Vec<(String, bool)>;

/// Both texts cut into pieces, those in a shared passage marked: what the
/// review shows of a related or templated pair.
pub fn marked(a: &str, b: &str) -> (Marked, Marked) {
    let (ta, tb) = (super::normalize::tokenize(a), super::normalize::tokenize(b));
    let found = align(&ta.shingles, &tb.shingles);
    let ca = covered(found.iter().map(|p| p.a.clone()), ta.word_count() as u32);
    let cb = covered(found.iter().map(|p| p.b.clone()), tb.word_count() as u32);
    (pieces(a, &ca), pieces(b, &cb))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dedup::normalize::tokenize;

    /// A long text's pairs cost about the other text's length: the work
    /// (positions looked at) is bounded by the shorter side, whatever the
    /// longer one holds (a 5 MB text on one line stalled the duplicate
    /// search in `align`).
    #[test]
    fn aligning_against_a_long_text_is_bounded_by_the_short_one() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng >> 16) as u32
        };
        let long: Vec<u32> = (0..1_000_000).map(|_| next()).collect();
        let mut short: Vec<u32> = (0..100).map(|_| next()).collect();
        short.extend_from_slice(&long[500_000..500_200]);
        let index = Index::new(&long);
        for (p, work) in [
            align_indexed(&short, None, &long, Some(&index)),
            align_indexed(&long, Some(&index), &short, None),
        ] {
            assert!(work <= 40 * short.len() as u64, "work {work}");
            assert!(
                p.iter().any(|p| p.words() >= 200),
                "the shared stretch is found: {p:?}"
            );
        }
        // Without the index, building it is the cost: once per pair.
        let (_, work) = align_indexed(&short, None, &long, None);
        assert!(work >= long.len() as u64);
    }

    #[test]
    fn either_order_gives_the_same_passages() {
        let a = tokenize(&format!(
            "{STORY} Other words close the first text here today."
        ));
        let b = tokenize(&format!("Opening words of another kind. {STORY}"));
        let ab = align(&a.shingles, &b.shingles);
        let ba = align(&b.shingles, &a.shingles);
        assert_eq!(ab.len(), 1);
        assert_eq!(
            (ab[0].a.clone(), ab[0].b.clone()),
            (ba[0].b.clone(), ba[0].a.clone())
        );
    }

    fn align_texts(a: &str, b: &str) -> Vec<Passage> {
        align(&tokenize(a).shingles, &tokenize(b).shingles)
    }

    const STORY: &str = "The minister said on Tuesday that the talks in the capital had been constructive \
        and that both sides agreed to meet again next month to discuss the withdrawal of troops \
        from the border region where fighting broke out last year.";

    #[test]
    fn a_lightly_revised_passage_is_one_passage() {
        let revised = STORY
            .replace("had been", "were")
            .replace("next month", "in a month")
            .replace("region where", "area where");
        let p = align_texts(STORY, &revised);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].a, 0..tokenize(STORY).word_count() as u32);
        assert_eq!(p[0].slots.len(), 3);
        // The first slot is the changed verb: two words on one side, one on the other.
        assert_eq!(p[0].slots[0].a, 11..13);
        assert_eq!(p[0].slots[0].b, 11..12);
    }

    #[test]
    fn a_quoted_passage_is_found_at_its_place_in_both() {
        let a = format!("An unrelated opening about the weather and the roads today. {STORY}");
        let b = format!("{STORY} Then something else entirely about football and the cup final.");
        let p = align_texts(&a, &b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].a.start, 10);
        assert_eq!(p[0].b.start, 0);
        assert!(p[0].slots.is_empty());
        assert_eq!(p[0].words(), tokenize(STORY).word_count() as u32);
    }

    #[test]
    fn unrelated_texts_share_no_passage_and_masked_shingles_never_match() {
        assert!(
            align_texts(
                STORY,
                "A completely different text about cooking pasta at home."
            )
            .is_empty()
        );
        let t = tokenize(STORY).shingles;
        let masked = vec![MASKED; t.len()];
        assert!(align(&masked, &masked).is_empty());
        // A shared five-word phrase alone is not a passage.
        assert!(
            align_texts(
                "one of the most important things",
                "it is one of the most important days"
            )
            .is_empty()
        );
    }

    #[test]
    fn the_marked_pieces_rebuild_the_text_and_mark_the_passage() {
        let a = format!("An unrelated opening about the weather and the roads today.\n{STORY}");
        let b = format!("{STORY}\nThen something else entirely about football.");
        let (pa, pb) = marked(&a, &b);
        assert_eq!(pa.iter().map(|p| p.0.as_str()).collect::<String>(), a);
        assert_eq!(pb.iter().map(|p| p.0.as_str()).collect::<String>(), b);
        let marked_a: String = pa.iter().filter(|p| p.1).map(|p| p.0.as_str()).collect();
        assert!(marked_a.starts_with("The minister said"), "{marked_a}");
        assert!(marked_a.ends_with("last year"), "{marked_a}");
        assert!(!pa[0].1 && pa[0].0.starts_with("An unrelated"));
        assert_eq!(
            word_spans("Syria’s “war”, 2011"),
            vec![0..5, 8..9, 13..16, 21..25]
        );
    }

    #[test]
    fn coverage_marks_the_passage_words() {
        let mask = covered([1..3, 5..9].into_iter(), 7);
        assert_eq!(mask, vec![false, true, true, false, false, true, true]);
    }
}
