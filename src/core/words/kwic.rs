//! Concordance (keyword in context): every hit of a word, a phrase or a
//! prefix* as a line of left context, the hit and right context.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use rusqlite::Connection;
use serde::Serialize;

use super::{Progress, Token, for_each_chunk};
use crate::core::error::{Error, Result};
use crate::core::model::DocId;

/// What to look for: words in a row, the last one possibly a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub words: Vec<String>,
    pub prefix: bool,
}

impl Pattern {
    /// `harbour`, `"peace talks"`, `negotiat*`. Search operators (OR, -x)
    /// are not patterns: a concordance shows one thing.
    pub fn parse(query: &str) -> Result<Pattern> {
        let q = query.trim();
        let prefix = q.ends_with('*');
        let body = q.trim_end_matches('*').trim_matches('"');
        if body.contains('"')
            || body
                .split_whitespace()
                .any(|w| w == "OR" || w.starts_with('-'))
        {
            return Err(Error::Query(
                "a concordance takes a word, a \"phrase\" or a prefix* (no OR or -exclusions)"
                    .into(),
            ));
        }
        let words = super::words(body);
        if words.is_empty() {
            return Err(Error::Query(
                "type a word, a \"phrase\" or a prefix*".into(),
            ));
        }
        Ok(Pattern { words, prefix })
    }

    /// The search query that finds the documents holding it.
    pub fn search_query(&self) -> String {
        let phrase = self.words.join(" ");
        match (self.words.len(), self.prefix) {
            (1, true) => format!("{phrase}*"),
            (1, false) => phrase,
            (_, true) => format!("\"{phrase}\"*"),
            (_, false) => format!("\"{phrase}\""),
        }
    }

    /// Where it occurs among `tokens`: (first token, one past the last).
    pub fn find(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        let n = self.words.len();
        let mut hits = Vec::new();
        if tokens.len() < n {
            return hits;
        }
        for i in 0..=tokens.len() - n {
            let all = self.words.iter().enumerate().all(|(k, w)| {
                let t = &tokens[i + k].word;
                if self.prefix && k == n - 1 {
                    t.starts_with(w.as_str())
                } else {
                    t == w
                }
            });
            if all {
                hits.push((i, i + n));
            }
        }
        hits
    }

    /// Where it occurs in `text`: byte ranges from the first word's start
    /// to the last word's end.
    pub fn spans_in(&self, text: &str) -> Vec<(usize, usize)> {
        let (hits, places) = hits_of(self, text);
        hits.into_iter()
            .map(|(a, b)| (places[a].0, places[b - 1].1))
            .collect()
    }

    /// Its hits in `text` and the number of tokens there, in one pass that
    /// copies no word.
    pub fn count_in(&self, text: &str) -> (usize, usize) {
        let (hits, places) = hits_of(self, text);
        (hits.len(), places.len())
    }
}

/// One concordance line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub doc: DocId,
    pub title: Arc<str>,
    pub date: Option<Arc<str>>,
    pub left: String,
    pub hit: String,
    pub right: String,
    /// Where the hit is in the document's text (bytes).
    pub start: usize,
    pub end: usize,
    /// The three words before the hit (nearest first) and after it, as
    /// tokens: what "sort by the 2nd word to the left" compares.
    #[serde(skip)]
    pub left_words: [String; 3],
    #[serde(skip)]
    pub right_words: [String; 3],
}

/// How lines are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Document order (id, then position).
    #[default]
    Document,
    Date,
    /// The n-th word to the left (1–3).
    Left(u8),
    /// The n-th word to the right (1–3).
    Right(u8),
}

impl Order {
    pub const ALL: [Order; 8] = [
        Order::Document,
        Order::Date,
        Order::Left(1),
        Order::Left(2),
        Order::Left(3),
        Order::Right(1),
        Order::Right(2),
        Order::Right(3),
    ];

    pub fn label(self) -> &'static str {
        match self {
            Order::Document => "Document",
            Order::Date => "Date",
            Order::Left(1) => "1st word left",
            Order::Left(2) => "2nd word left",
            Order::Left(_) => "3rd word left",
            Order::Right(1) => "1st word right",
            Order::Right(2) => "2nd word right",
            Order::Right(_) => "3rd word right",
        }
    }

    /// `left2`, `right1`, `date`, `doc`.
    pub fn parse(s: &str) -> Option<Order> {
        Some(match s {
            "doc" | "document" => Order::Document,
            "date" => Order::Date,
            "left1" | "l1" => Order::Left(1),
            "left2" | "l2" => Order::Left(2),
            "left3" | "l3" => Order::Left(3),
            "right1" | "r1" => Order::Right(1),
            "right2" | "r2" => Order::Right(2),
            "right3" | "r3" => Order::Right(3),
            _ => return None,
        })
    }
}

/// Sorts lines (stable: lines that tie keep document order).
pub fn sort(lines: &mut [Line], order: Order) {
    match order {
        Order::Document => lines.sort_by_key(|l| (l.doc, l.start)),
        Order::Date => lines.sort_by(|a, b| {
            // Undated last.
            (a.date.is_none(), &a.date, a.doc, a.start).cmp(&(
                b.date.is_none(),
                &b.date,
                b.doc,
                b.start,
            ))
        }),
        Order::Left(n) => {
            let i = (n.clamp(1, 3) - 1) as usize;
            lines.sort_by(|a, b| a.left_words[i].cmp(&b.left_words[i]));
        }
        Order::Right(n) => {
            let i = (n.clamp(1, 3) - 1) as usize;
            lines.sort_by(|a, b| a.right_words[i].cmp(&b.right_words[i]));
        }
    }
}

/// Lines kept at most: the count goes on beyond.
pub const MAX_LINES: usize = 200_000;

/// What a concordance found: lines are appended as documents are read, so
/// a window can show the first screen while the rest comes.
#[derive(Debug, Default)]
pub struct Found {
    pub lines: Vec<Line>,
    /// Every hit, also those beyond [`MAX_LINES`].
    pub hits: u64,
}

/// Shared between the job that fills it and the view that shows it.
pub type Shared = Arc<Mutex<Found>>;

/// The context a line shows around the hit, in words on each side.
pub const DEFAULT_CONTEXT: usize = 8;

/// Each run of whitespace (newlines included) as one space, for a
/// one-line context.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The lines of one document.
/// Where the words of `text` are, and for each a bit per pattern word it
/// matches: one pass over the token stream, no word copied.
fn scan(pattern: &Pattern, text: &str) -> (Vec<(usize, usize)>, Vec<u32>) {
    let n = pattern.words.len().min(32);
    let mut places = Vec::with_capacity(text.len() / 6);
    let mut masks = Vec::with_capacity(text.len() / 6);
    super::for_each_token(text, |start, end, word| {
        let mut mask = 0u32;
        for (k, w) in pattern.words.iter().take(n).enumerate() {
            let hit = if pattern.prefix && k == n - 1 {
                word.starts_with(w.as_str())
            } else {
                word == w
            };
            if hit {
                mask |= 1 << k;
            }
        }
        places.push((start, end));
        masks.push(mask);
    });
    (places, masks)
}

/// The normalised word at a place of `text` (for the sort keys), with an
/// analyzer made once per document rather than once per word.
fn word_at(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    text: &str,
    place: Option<&(usize, usize)>,
) -> String {
    let Some(&(s, e)) = place else {
        return String::new();
    };
    let mut stream = analyzer.token_stream(&text[s..e]);
    stream.next().map(|t| t.text.clone()).unwrap_or_default()
}

/// A span: (start, end), of bytes or of token indexes.
type Span = (usize, usize);

/// Where the hits of `pattern` are in `text` (token indexes), and where
/// each token is (bytes).
fn hits_of(pattern: &Pattern, text: &str) -> (Vec<Span>, Vec<Span>) {
    let (places, masks) = scan(pattern, text);
    let n = pattern.words.len().min(32);
    if places.len() < n {
        return (Vec::new(), places);
    }
    let hits = (0..=places.len() - n)
        .filter(|&i| (0..n).all(|k| masks[i + k] & (1 << k) != 0))
        .map(|i| (i, i + n))
        .collect();
    (hits, places)
}

/// The lines of one document.
fn lines_of(pattern: &Pattern, doc: &super::Doc, context: usize) -> Vec<Line> {
    let text = &doc.text;
    let (hits, places) = hits_of(pattern, text);
    if hits.is_empty() {
        return Vec::new();
    }
    let title: Arc<str> = Arc::from(doc.title.as_str());
    let date: Option<Arc<str>> = doc.date.as_deref().map(Arc::from);
    let mut analyzer = crate::core::search::index::analyzer();
    hits.into_iter()
        .map(|(a, b)| {
            let start = places[a].0;
            let end = places[b - 1].1;
            let from = places[a.saturating_sub(context)].0;
            let to = places[(b + context).min(places.len()) - 1].1.max(end);
            let mut word =
                |i: Option<usize>| word_at(&mut analyzer, text, i.and_then(|i| places.get(i)));
            Line {
                doc: doc.id,
                title: Arc::clone(&title),
                date: date.clone(),
                left: one_line(&text[from..start]),
                hit: one_line(&text[start..end]),
                right: one_line(&text[end..to]),
                start,
                end,
                left_words: [
                    word(a.checked_sub(1)),
                    word(a.checked_sub(2)),
                    word(a.checked_sub(3)),
                ],
                right_words: [word(Some(b)), word(Some(b + 1)), word(Some(b + 2))],
            }
        })
        .collect()
}

/// Fills `found` with the concordance of `pattern` over the documents
/// `ids` (in document order), `context` words each side.
pub fn concordance(
    conn: &Connection,
    ids: &[DocId],
    pattern: &Pattern,
    context: usize,
    found: &Shared,
    cancel: &AtomicBool,
    progress: Progress<'_>,
) -> Result<()> {
    // Only documents the search index says hold it are read.
    let filter = crate::core::view::Filter {
        query: Some(pattern.search_query()),
        show_duplicates: true,
        ..Default::default()
    };
    crate::core::search::current_index(conn, Some(crate::core::search::INLINE_SYNC))?;
    let holding = crate::core::view::filtered_ids(conn, &filter, None, cancel)?;
    let holding: std::collections::HashSet<DocId> = holding.into_iter().collect();
    let candidates: Vec<DocId> = ids
        .iter()
        .copied()
        .filter(|i| holding.contains(i))
        .collect();
    for_each_chunk(conn, &candidates, cancel, progress, &mut |docs| {
        let full = found.lock().unwrap_or_else(|p| p.into_inner()).lines.len() >= MAX_LINES;
        if full {
            // No room for more lines: the hits are only counted.
            let hits: usize = docs
                .par_iter()
                .map(|d| hits_of(pattern, &d.text).0.len())
                .sum();
            let mut f = found.lock().unwrap_or_else(|p| p.into_inner());
            f.hits += hits as u64;
            return Ok(());
        }
        let mut lines: Vec<Vec<Line>> = docs
            .par_iter()
            .map(|d| lines_of(pattern, d, context))
            .collect();
        let mut f = found.lock().unwrap_or_else(|p| p.into_inner());
        for doc_lines in lines.drain(..) {
            f.hits += doc_lines.len() as u64;
            let room = MAX_LINES.saturating_sub(f.lines.len());
            f.lines.extend(doc_lines.into_iter().take(room));
        }
        Ok(())
    })
}

/// The columns of a concordance CSV.
pub const CSV_HEADER: [&str; 6] = ["document", "title", "date", "left", "hit", "right"];

/// One line as a CSV row (see [`CSV_HEADER`]).
pub fn csv_fields(l: &Line) -> [String; 6] {
    [
        l.doc.to_string(),
        l.title.to_string(),
        l.date.as_deref().unwrap_or("").to_string(),
        l.left.clone(),
        l.hit.clone(),
        l.right.clone(),
    ]
}

/// Writes `lines` as CSV (document id, title, date, left, hit, right) to
/// `dest`, aside first and renamed when whole.
pub fn write_csv(lines: &[Line], dest: &std::path::Path, overwrite: bool) -> Result<()> {
    let mut file = crate::core::fsx::temp_file_for(dest, ".corpusdesk-export-")?;
    {
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file.as_file_mut()));
        let io = Error::from;
        w.write_record(CSV_HEADER).map_err(io)?;
        for l in lines {
            w.write_record(csv_fields(l)).map_err(io)?;
        }
        w.flush()?;
    }
    crate::core::fsx::persist(file, dest, overwrite)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> super::super::Doc {
        super::super::Doc {
            id: 1,
            title: "T".into(),
            date: None,
            text: text.into(),
            lang: None,
        }
    }

    #[test]
    fn lines_align_on_the_hit_with_context_each_side() {
        let p = Pattern::parse("talks").unwrap();
        let d = doc("The peace talks in Geneva resumed.\nNew talks, said the envoy.");
        let lines = lines_of(&p, &d, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (
                lines[0].left.as_str(),
                lines[0].hit.as_str(),
                lines[0].right.as_str()
            ),
            ("The peace ", "talks", " in Geneva")
        );
        assert_eq!(lines[1].left, "resumed. New ");
        assert_eq!(lines[1].right, ", said the");
        assert_eq!(lines[1].left_words[0], "new");
        assert_eq!(lines[1].left_words[1], "resumed");
        assert_eq!(lines[1].right_words[0], "said");
        assert_eq!(&d.text[lines[1].start..lines[1].end], "talks");
    }

    #[test]
    fn phrases_and_prefixes_match_whole_tokens() {
        let d = doc("Peace-talks; peace talkers. PEACE TALKS!");
        let phrase = lines_of(&Pattern::parse("\"peace talks\"").unwrap(), &d, 3);
        assert_eq!(
            phrase.iter().map(|l| l.hit.as_str()).collect::<Vec<_>>(),
            ["Peace-talks", "PEACE TALKS"]
        );
        let prefix = lines_of(&Pattern::parse("talk*").unwrap(), &d, 1);
        assert_eq!(prefix.len(), 3);
        assert!(Pattern::parse("a OR b").is_err());
        assert!(Pattern::parse("  ").is_err());
        assert_eq!(Pattern::parse("Genève*").unwrap().search_query(), "geneve*");
    }

    #[test]
    fn sorting_by_the_words_around_the_hit() {
        let d = doc("b x talks c. a y talks b. c z talks a.");
        let mut lines = lines_of(&Pattern::parse("talks").unwrap(), &d, 2);
        sort(&mut lines, Order::Left(1));
        assert_eq!(
            lines
                .iter()
                .map(|l| l.left_words[0].as_str())
                .collect::<Vec<_>>(),
            ["x", "y", "z"]
        );
        sort(&mut lines, Order::Left(2));
        assert_eq!(
            lines
                .iter()
                .map(|l| l.left_words[1].as_str())
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        sort(&mut lines, Order::Right(1));
        assert_eq!(
            lines
                .iter()
                .map(|l| l.right_words[0].as_str())
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        sort(&mut lines, Order::Document);
        assert!(lines.windows(2).all(|w| w[0].start < w[1].start));
    }
}
