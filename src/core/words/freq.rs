//! Frequency lists: words or n-grams with their count, the number of
//! documents they occur in, and their share of all tokens.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

use rayon::prelude::*;
use rusqlite::Connection;
use serde::Serialize;

use super::{Progress, for_each_chunk, stopwords};
use crate::core::error::Result;
use crate::core::model::DocId;

/// What to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreqOptions {
    /// 1 for words, 2–4 for n-grams.
    pub ngram: usize,
    /// Leave out stop words (an n-gram that starts or ends with one).
    pub stopwords: bool,
    /// Count words by their Snowball stem, in each document's language
    /// (English when it has none with a stemmer): `talks`, `talked` → `talk`.
    pub stem: bool,
}

impl Default for FreqOptions {
    fn default() -> Self {
        FreqOptions {
            ngram: 1,
            stopwords: false,
            stem: false,
        }
    }
}

/// One row of a frequency list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FreqRow {
    pub term: String,
    pub count: u64,
    pub documents: u64,
    /// Per million tokens (of n-grams, for n > 1).
    pub per_million: f64,
}

/// A frequency list, most frequent first (then alphabetical).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FreqList {
    pub rows: Vec<FreqRow>,
    /// Tokens (or n-grams) counted, stop words included.
    pub tokens: u64,
    pub documents: usize,
    /// The stop-word lists used (languages), when stop words were left out.
    pub stopword_languages: Vec<String>,
    /// 0 when every count is exact. Otherwise rare terms were dropped while
    /// counting to stay within memory ([`MAX_TERMS`]): a count (and its
    /// documents) may be low by up to this, and a term seen no more often
    /// may be missing.
    pub max_undercount: u64,
}

/// Distinct terms held while counting. Past it, the rarest are dropped
/// (lossy counting, with the error bound kept): a 4-gram list of a large
/// news corpus has tens of millions of distinct terms, gigabytes if all
/// were kept. About 80 bytes each.
pub const MAX_TERMS: usize = 2_000_000;

/// Raw counts: term → (count, documents).
pub type Counts = super::WordMap<(u64, u64)>;

/// Adds one to `term`'s count, allocating only for a term not seen yet.
pub(super) fn bump(map: &mut super::WordMap<u64>, term: &str) {
    match map.get_mut(term) {
        Some(c) => *c += 1,
        None => {
            map.insert(term.to_string(), 1);
        }
    }
}

/// The Snowball stemmer for a language code (`en`, `de`…), if there is one.
pub fn stemmer(lang: Option<&str>) -> rust_stemmers::Stemmer {
    use rust_stemmers::Algorithm as A;
    let algorithm = match lang.unwrap_or("en") {
        "ar" => A::Arabic,
        "da" => A::Danish,
        "nl" => A::Dutch,
        "fi" => A::Finnish,
        "fr" => A::French,
        "de" => A::German,
        "el" => A::Greek,
        "hu" => A::Hungarian,
        "it" => A::Italian,
        "nb" | "no" => A::Norwegian,
        "pt" => A::Portuguese,
        "ro" => A::Romanian,
        "ru" => A::Russian,
        "es" => A::Spanish,
        "sv" => A::Swedish,
        "ta" => A::Tamil,
        "tr" => A::Turkish,
        _ => A::English,
    };
    rust_stemmers::Stemmer::create(algorithm)
}

/// Counts while reading: term → (count, documents, the last document
/// counted in). One map per thread for many documents, rather than one per
/// document merged afterwards: a word seen again costs one lookup.
type Running = super::WordMap<(u64, u64, usize)>;

/// Counts the terms of one text (n-grams of `n` words; each word by its
/// stem when `stem` is given) into `map` as document `doc`, and returns
/// how many there were.
fn count_text(
    map: &mut Running,
    doc: usize,
    text: &str,
    n: usize,
    stem: Option<&rust_stemmers::Stemmer>,
) -> u64 {
    let mut tokens = 0u64;
    let mut add = |term: &str| {
        tokens += 1;
        match map.get_mut(term) {
            Some(e) => {
                e.0 += 1;
                if e.2 != doc {
                    e.1 += 1;
                    e.2 = doc;
                }
            }
            None => {
                map.insert(term.to_string(), (1, 1, doc));
            }
        }
    };
    if let Some(stemmer) = stem {
        let words: Vec<String> = super::words(text)
            .iter()
            .map(|w| stemmer.stem(w).into_owned())
            .collect();
        for w in words.windows(n) {
            add(&w.join(" "));
        }
        return tokens;
    }
    if n == 1 {
        // Straight from the tokens: a word is copied only when new.
        super::for_each_token(text, |_, _, word| add(word));
        return tokens;
    }
    // The words end to end in one buffer (no string per word), then each
    // run of n of them joined by spaces.
    let mut lowered = String::with_capacity(text.len());
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 6);
    super::for_each_token(text, |_, _, word| {
        spans.push((lowered.len(), lowered.len() + word.len()));
        lowered.push_str(word);
    });
    let mut gram = String::new();
    for w in spans.windows(n) {
        gram.clear();
        for (i, &(a, b)) in w.iter().enumerate() {
            if i > 0 {
                gram.push(' ');
            }
            gram.push_str(&lowered[a..b]);
        }
        add(&gram);
    }
    tokens
}

/// Counts the terms of each document of a chunk (text and language), on
/// all cores.
fn count_chunk(texts: &[(String, Option<String>)], n: usize, stem: bool) -> (Counts, u64) {
    texts
        .par_iter()
        .enumerate()
        .fold(
            || (Running::default(), 0u64),
            |(mut map, tokens), (doc, (text, lang))| {
                let stemmer = stem.then(|| stemmer(lang.as_deref()));
                let t = count_text(&mut map, doc, text, n, stemmer.as_ref());
                (map, tokens + t)
            },
        )
        .map(|(map, tokens)| {
            // Each document is counted by one thread: the documents add up.
            let counts: Counts = map.into_iter().map(|(t, (c, d, _))| (t, (c, d))).collect();
            (counts, tokens)
        })
        .reduce(
            || (Counts::default(), 0),
            |(mut a, ta), (b, tb)| {
                merge(&mut a, b);
                (a, ta + tb)
            },
        )
}

/// Adds `b`'s counts to `a`.
pub fn merge(a: &mut Counts, b: Counts) {
    if a.len() < b.len() {
        let small = std::mem::replace(a, b);
        return merge(a, small);
    }
    for (term, (c, d)) in b {
        let e = a.entry(term).or_default();
        e.0 += c;
        e.1 += d;
    }
}

/// What [`counts`] found.
pub struct Counted {
    pub counts: Counts,
    /// Tokens (or n-grams) counted.
    pub tokens: u64,
    /// Each document's language.
    pub langs: Vec<Option<String>>,
    /// How low a count may be (0: exact); see [`FreqList::max_undercount`].
    pub max_undercount: u64,
}

/// Drops the rarest terms until at most half of `limit` are left, and
/// returns the count at or below which terms were dropped. A term dropped
/// now and seen again later restarts from zero, so its final count is low
/// by at most the sum of these floors.
fn prune(all: &mut Counts, limit: usize) -> u64 {
    // How many terms have each count (the rare ones are what matter).
    let mut histogram = [0usize; 64];
    for (c, _) in all.values() {
        histogram[(*c as usize).min(63)] += 1;
    }
    let keep = limit / 2;
    let mut floor = 0;
    let mut left = all.len();
    while left > keep && floor < 63 {
        floor += 1;
        left -= histogram[floor];
    }
    let floor = floor as u64;
    all.retain(|_, (c, _)| *c > floor);
    floor
}

/// Term counts of the documents `ids` (n-grams of `n` words), the number
/// of tokens, and each document's language; at most `limit` distinct terms
/// are held at a time.
pub fn counts(
    conn: &Connection,
    ids: &[DocId],
    n: usize,
    stem: bool,
    limit: usize,
    cancel: &AtomicBool,
    progress: Progress<'_>,
) -> Result<Counted> {
    let mut all = Counts::default();
    let mut tokens = 0u64;
    let mut max_undercount = 0;
    let mut langs = Vec::with_capacity(ids.len());
    for_each_chunk(conn, ids, cancel, progress, &mut |docs| {
        let texts: Vec<(String, Option<String>)> = docs
            .into_iter()
            .map(|d| {
                langs.push(d.lang.clone());
                (d.text, d.lang)
            })
            .collect();
        let (c, t) = count_chunk(&texts, n.clamp(1, 4), stem);
        merge(&mut all, c);
        tokens += t;
        if all.len() > limit {
            max_undercount += prune(&mut all, limit);
        }
        Ok(())
    })?;
    Ok(Counted {
        counts: all,
        tokens,
        langs,
        max_undercount,
    })
}

/// Whether an n-gram passes the stop-word rule: a word that is no stop
/// word; an n-gram that neither starts nor ends with one.
pub fn keeps(term: &str, stops: &HashSet<String>) -> bool {
    let first = term.split(' ').next().unwrap_or(term);
    let last = term.rsplit(' ').next().unwrap_or(term);
    !stops.contains(first) && !stops.contains(last)
}

/// The frequency list of the documents `ids`.
pub fn frequencies(
    conn: &Connection,
    ids: &[DocId],
    opts: &FreqOptions,
    cancel: &AtomicBool,
    progress: Progress<'_>,
) -> Result<FreqList> {
    let Counted {
        counts,
        tokens,
        langs,
        max_undercount,
    } = counts(
        conn, ids, opts.ngram, opts.stem, MAX_TERMS, cancel, progress,
    )?;
    let (stops, stopword_languages) = if opts.stopwords {
        let main = stopwords::main_languages(&langs);
        (
            stopwords::for_languages(main.iter().map(String::as_str)),
            if main.is_empty() {
                vec!["en".into()]
            } else {
                main
            },
        )
    } else {
        (HashSet::new(), Vec::new())
    };
    let mut rows: Vec<FreqRow> = counts
        .into_iter()
        .filter(|(t, _)| stops.is_empty() || keeps(t, &stops))
        .map(|(term, (count, documents))| FreqRow {
            per_million: if tokens == 0 {
                0.0
            } else {
                count as f64 * 1e6 / tokens as f64
            },
            term,
            count,
            documents,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.term.cmp(&b.term)));
    Ok(FreqList {
        rows,
        tokens,
        documents: ids.len(),
        stopword_languages,
        max_undercount,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_drops_the_rarest_terms_down_to_half_the_limit() {
        let mut all: Counts = (1..=10u64).map(|c| (format!("t{c}"), (c, 1))).collect();
        let floor = prune(&mut all, 8);
        assert_eq!(floor, 6, "counts 1–6 go, four terms are left");
        let mut left: Vec<u64> = all.values().map(|v| v.0).collect();
        left.sort_unstable();
        assert_eq!(left, [7, 8, 9, 10]);
    }
}
