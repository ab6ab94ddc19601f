//! A word's relative frequency per period of the timeline: when a term
//! rises and falls.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use serde::Serialize;

use super::kwic::Pattern;
use super::{Progress, for_each_chunk};
use crate::core::error::Result;
use crate::core::model::DocId;
use crate::core::timeline::{Granularity, parse_day};

/// One period: its first day, the word's hits and all tokens in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub start: i32,
    pub label: String,
    pub hits: u64,
    pub tokens: u64,
    pub per_million: f64,
}

/// Hits of `word` per period over the dated documents `ids`.
pub fn over_time(
    conn: &Connection,
    ids: &[DocId],
    word: &str,
    by: Granularity,
    cancel: &AtomicBool,
    progress: Progress<'_>,
) -> Result<Vec<Period>> {
    let pattern = Pattern::parse(word)?;
    let mut periods: BTreeMap<i32, (u64, u64)> = BTreeMap::new();
    for_each_chunk(conn, ids, cancel, progress, &mut |docs| {
        for d in docs {
            let Some(day) = d.date.as_deref().and_then(parse_day) else {
                continue;
            };
            let tokens = super::tokenize(&d.text);
            let hits = pattern.find(&tokens).len() as u64;
            let e = periods.entry(by.start(day)).or_default();
            e.0 += hits;
            e.1 += tokens.len() as u64;
        }
        Ok(())
    })?;
    Ok(periods
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
        .collect())
}

/// The timeline's period length for the library's dated documents (as the
/// timeline picks it for their span).
pub fn granularity(conn: &Connection) -> Result<Granularity> {
    let span: (Option<String>, Option<String>) = conn.query_row(
        "SELECT min(date), max(date) FROM documents WHERE date IS NOT NULL AND state = 0",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let days = match span {
        (Some(a), Some(b)) => parse_day(&b).zip(parse_day(&a)).map(|(b, a)| b - a),
        _ => None,
    }
    .unwrap_or(365);
    Ok(Granularity::for_span(days as f64))
}
