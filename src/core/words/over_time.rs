//! Words' relative frequency per period of the timeline: when a term rises
//! and falls.
//!
//! The texts are read once ([`count`]): per dated document, its tokens and
//! each word's hits. Periods are then summed from those counts
//! ([`series`]) for any bar length and for stories or copies, so zooming
//! the timeline or ticking *Stories* does not read the texts again.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use serde::Serialize;

use super::kwic::Pattern;
use super::{Progress, for_each_chunk};
use crate::core::error::Result;
use crate::core::model::DocId;
use crate::core::timeline::{DateColumn, Granularity, parse_day};

/// One dated document's counts.
#[derive(Debug, Clone, PartialEq)]
pub struct DocCounts {
    pub id: DocId,
    /// Days since 1970-01-01.
    pub day: i32,
    pub tokens: u32,
    /// Hits per word, in the order the words were given.
    pub hits: Vec<u32>,
}

/// The counts behind the lines: the words and each dated document's hits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub words: Vec<String>,
    pub docs: Vec<DocCounts>,
}

/// One period: its first day, the word's hits and all tokens in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub start: i32,
    pub label: String,
    pub hits: u64,
    pub tokens: u64,
    pub per_million: f64,
}

/// Reads the dated documents among `ids` once and counts each of `words`
/// (a word, a "phrase" or a prefix*) in them. Undated documents are left
/// out: they have no place on the axis.
pub fn count(
    conn: &Connection,
    ids: &[DocId],
    words: &[String],
    cancel: &AtomicBool,
    progress: Progress<'_>,
) -> Result<Counts> {
    let patterns = words
        .iter()
        .map(|w| Pattern::parse(w))
        .collect::<Result<Vec<_>>>()?;
    let mut docs = Vec::new();
    for_each_chunk(conn, ids, cancel, progress, &mut |chunk| {
        for d in chunk {
            let Some(day) = d.date.as_deref().and_then(parse_day) else {
                continue;
            };
            // One fast pass per word (usually one or two words).
            let mut tokens = 0;
            let hits = patterns
                .iter()
                .map(|p| {
                    let (hits, n) = p.count_in(&d.text);
                    tokens = n;
                    hits as u32
                })
                .collect();
            if patterns.is_empty() {
                tokens = super::tokenize(&d.text).len();
            }
            docs.push(DocCounts {
                id: d.id,
                day,
                tokens: tokens as u32,
                hits,
            });
        }
        Ok(())
    })?;
    Ok(Counts {
        words: words.to_vec(),
        docs,
    })
}

/// The documents that count: all of them, or with `stories` (the library's
/// clusters) one per duplicate cluster, its earliest (then lowest id), as
/// the timeline's *Stories* bars count them.
fn counted<'a>(docs: &'a [DocCounts], stories: Option<&DateColumn>) -> Vec<&'a DocCounts> {
    let Some(col) = stories else {
        return docs.iter().collect();
    };
    let mut out = Vec::with_capacity(docs.len());
    let mut first: HashMap<u32, usize> = HashMap::new();
    for d in docs {
        match col.cluster_of(d.id) {
            None => out.push(d),
            Some(cluster) => match first.get(&cluster) {
                Some(&i) => {
                    let kept: &DocCounts = out[i];
                    if (d.day, d.id) < (kept.day, kept.id) {
                        out[i] = d;
                    }
                }
                None => {
                    first.insert(cluster, out.len());
                    out.push(d);
                }
            },
        }
    }
    out
}

/// Word `word`'s hits per period of length `by`: every period holding a
/// counted document, in order (a period without hits is 0 per million).
pub fn series(
    counts: &Counts,
    word: usize,
    by: Granularity,
    stories: Option<&DateColumn>,
) -> Vec<Period> {
    let mut periods: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
    for d in counted(&counts.docs, stories) {
        let e = periods.entry(by.start(d.day)).or_default();
        e.0 += u64::from(d.hits.get(word).copied().unwrap_or(0));
        e.1 += u64::from(d.tokens);
    }
    periods
        .into_iter()
        .map(|(start, (hits, tokens))| Period {
            start,
            label: by.label(start),
            hits,
            tokens,
            per_million: if tokens == 0 {
                0.0
            } else {
                hits as f64 * 1e6 / tokens as f64
            },
        })
        .collect()
}

/// The timeline's period length for the library's dated documents (as the
/// timeline picks it for their span).
pub fn granularity(conn: &Connection) -> Result<Granularity> {
    let span: (Option<String>, Option<String>) = conn.query_row(
        "SELECT min(date), max(date) FROM documents WHERE date IS NOT NULL AND state = 0",
        [],
        |r| r.try_into(),
    )?;
    let days = match span {
        (Some(a), Some(b)) => parse_day(&b).zip(parse_day(&a)).map(|(b, a)| b - a),
        _ => None,
    }
    .unwrap_or(365);
    Ok(Granularity::for_span(days as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: DocId, day: i32, tokens: u32, hits: u32) -> DocCounts {
        DocCounts {
            id,
            day,
            tokens,
            hits: vec![hits],
        }
    }

    #[test]
    fn periods_sum_hits_and_tokens_and_keep_empty_periods() {
        let counts = Counts {
            words: vec!["x".into()],
            // 2023-01-02, 2023-01-30, 2023-02-10
            docs: vec![
                doc(1, 19359, 100, 2),
                doc(2, 19387, 300, 0),
                doc(3, 19398, 50, 0),
            ],
        };
        let s = series(&counts, 0, Granularity::Month, None);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].label.as_str(), s[0].hits, s[0].tokens),
            ("2023-01", 2, 400)
        );
        assert!((s[0].per_million - 5000.0).abs() < 1e-9);
        assert_eq!((s[1].hits, s[1].per_million), (0, 0.0));
        // A word index past the end counts nothing rather than panicking.
        assert!(series(&counts, 3, Granularity::Year, None)[0].hits == 0);
    }
}
