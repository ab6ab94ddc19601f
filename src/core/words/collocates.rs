//! Collocations: the words found near a node word (within ±N words) more
//! often than chance, by log-Dice and mutual information.

use std::sync::atomic::AtomicBool;

use rayon::prelude::*;
use rusqlite::Connection;
use serde::Serialize;

use super::freq::bump;
use super::kwic::Pattern;
use super::stats::{log_dice, mutual_information};
use super::{Progress, for_each_chunk};
use crate::core::error::Result;
use crate::core::model::DocId;

/// One collocate of the node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Collocate {
    pub term: String,
    /// Times it occurs within the window of the node.
    pub together: u64,
    /// Its frequency in the scope.
    pub frequency: u64,
    pub log_dice: f64,
    pub mi: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Collocates {
    pub node: String,
    /// The node's frequency.
    pub node_frequency: u64,
    pub tokens: u64,
    pub window: usize,
    pub rows: Vec<Collocate>,
}

/// Per-document counts: every word's frequency, the node's, and the words
/// within the window of each node occurrence.
#[derive(Default)]
struct Tally {
    freq: super::WordMap<u64>,
    near: super::WordMap<u64>,
    node: u64,
    tokens: u64,
}

impl Tally {
    fn add(mut self, other: Tally) -> Tally {
        let (mut big, small) = if self.freq.len() >= other.freq.len() {
            (std::mem::take(&mut self), other)
        } else {
            (other, self)
        };
        for (w, c) in small.freq {
            *big.freq.entry(w).or_default() += c;
        }
        for (w, c) in small.near {
            *big.near.entry(w).or_default() += c;
        }
        big.node += small.node;
        big.tokens += small.tokens;
        big
    }
}

fn tally(text: &str, node: &Pattern, window: usize) -> Tally {
    let tokens = super::tokenize(text);
    let mut t = Tally {
        tokens: tokens.len() as u64,
        ..Default::default()
    };
    for tok in &tokens {
        bump(&mut t.freq, &tok.word);
    }
    for (a, b) in node.find(&tokens) {
        t.node += 1;
        let from = a.saturating_sub(window);
        let to = (b + window).min(tokens.len());
        for (i, tok) in tokens.iter().enumerate().take(to).skip(from) {
            if i < a || i >= b {
                bump(&mut t.near, &tok.word);
            }
        }
    }
    t
}

/// How collocations are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollocOptions {
    /// Words each side of the node (1–10).
    pub window: usize,
    /// Seen together at least this many times.
    pub min_together: u64,
    /// Leave out the stop words of the scope's main languages.
    pub stopwords: bool,
}

impl Default for CollocOptions {
    fn default() -> Self {
        CollocOptions {
            window: 5,
            min_together: 3,
            stopwords: true,
        }
    }
}

/// The collocates of `node` (a word or prefix*) within ±`window` words
/// over the documents `ids`, seen together at least `min_together` times;
/// strongest (log-Dice) first.
pub fn collocates(
    conn: &Connection,
    ids: &[DocId],
    node: &str,
    opts: &CollocOptions,
    cancel: &AtomicBool,
    progress: Progress<'_>,
) -> Result<Collocates> {
    let CollocOptions {
        window,
        min_together,
        stopwords,
    } = *opts;
    let pattern = Pattern::parse(node)?;
    let window = window.clamp(1, 10);
    let mut all = Tally::default();
    let mut langs: Vec<Option<String>> = Vec::new();
    for_each_chunk(conn, ids, cancel, progress, &mut |docs| {
        if stopwords {
            langs.extend(docs.iter().map(|d| d.lang.clone()));
        }
        let part = docs
            .par_iter()
            .map(|d| tally(&d.text, &pattern, window))
            .reduce(Tally::default, Tally::add);
        all = std::mem::take(&mut all).add(part);
        Ok(())
    })?;
    // Function words (the, he, was) of the scope's main languages are left
    // out: they sit next to every word.
    let stops = if stopwords {
        let main = super::stopwords::main_languages(&langs);
        super::stopwords::for_languages(main.iter().map(String::as_str))
    } else {
        Default::default()
    };
    let (n, total) = (all.node as f64, all.tokens as f64);
    let span = (2 * window) as f64;
    let mut rows: Vec<Collocate> = all
        .near
        .into_iter()
        .filter(|(term, c)| *c >= min_together.max(1) && !stops.contains(term))
        .map(|(term, together)| {
            let frequency = all.freq.get(&term).copied().unwrap_or(together);
            let (p, f) = (together as f64, frequency as f64);
            Collocate {
                log_dice: log_dice(p, n, f),
                mi: mutual_information(p, n, f, total, span),
                term,
                together,
                frequency,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.log_dice
            .total_cmp(&a.log_dice)
            .then_with(|| a.term.cmp(&b.term))
    });
    Ok(Collocates {
        node: pattern.search_query(),
        node_frequency: all.node,
        tokens: all.tokens,
        window,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_counts_words_each_side_but_not_the_node() {
        let p = Pattern::parse("talks").unwrap();
        let t = tally("a b talks c d e talks", &p, 2);
        assert_eq!(t.node, 2);
        assert_eq!(t.tokens, 7);
        // First: a b | c d; second: d e | (end).
        assert_eq!(t.near.get("d"), Some(&2));
        assert_eq!(t.near.get("a"), Some(&1));
        assert_eq!(t.near.get("talks"), None);
        assert_eq!(t.freq.get("talks"), Some(&2));
    }
}
