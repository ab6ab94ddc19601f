//! Keywords: words over-represented in a target (the view) against a
//! reference (the rest of the library, or another set of documents), by
//! log-likelihood, with the log ratio as the effect size.

use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use serde::Serialize;

use super::Progress;
use super::freq::{MAX_TERMS, counts};
use super::stats::{log_likelihood, log_ratio};
use crate::core::error::Result;
use crate::core::model::DocId;

/// One keyword.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Keyword {
    pub term: String,
    /// Count in the target and in the reference.
    pub target: u64,
    pub reference: u64,
    pub log_likelihood: f64,
    pub log_ratio: f64,
}

/// Keywords of a target against a reference.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Keywords {
    pub rows: Vec<Keyword>,
    pub target_tokens: u64,
    pub reference_tokens: u64,
    pub target_documents: usize,
    pub reference_documents: usize,
    /// 0 when the counts are exact; see [`super::freq::FreqList::max_undercount`].
    pub max_undercount: u64,
}

/// Log-likelihood above this (p < 0.01 for one degree of freedom) counts
/// as a keyword.
pub const SIGNIFICANT: f64 = 6.63;

/// Words of `target` over-represented against `reference` (documents in
/// both count as target only), at least `min_count` times in the target,
/// significant at p < 0.01; strongest first.
pub fn keywords(
    conn: &Connection,
    target: &[DocId],
    reference: &[DocId],
    min_count: u64,
    cancel: &AtomicBool,
    progress: Progress<'_>,
) -> Result<Keywords> {
    let in_target: std::collections::HashSet<DocId> = target.iter().copied().collect();
    let reference: Vec<DocId> = reference
        .iter()
        .copied()
        .filter(|d| !in_target.contains(d))
        .collect();
    let total = target.len() + reference.len();
    let target_counts = counts(conn, target, 1, false, MAX_TERMS, cancel, &mut |d, _| {
        progress(d, total)
    })?;
    let reference_counts = counts(
        conn,
        &reference,
        1,
        false,
        MAX_TERMS,
        cancel,
        &mut |d, _| progress(target.len() + d, total),
    )?;
    let max_undercount = target_counts
        .max_undercount
        .max(reference_counts.max_undercount);
    let (t, tt) = (target_counts.counts, target_counts.tokens);
    let (r, rt) = (reference_counts.counts, reference_counts.tokens);
    let (c, d) = (tt as f64, rt as f64);
    let mut rows: Vec<Keyword> = t
        .into_iter()
        .filter(|(_, (a, _))| *a >= min_count.max(1))
        .filter_map(|(term, (a, _))| {
            let b = r.get(&term).map_or(0, |x| x.0);
            let (af, bf) = (a as f64, b as f64);
            // Over-represented only: the target's share is the larger.
            if af * d <= bf * c {
                return None;
            }
            let ll = log_likelihood(af, bf, c, d);
            (ll >= SIGNIFICANT).then(|| Keyword {
                term,
                target: a,
                reference: b,
                log_likelihood: ll,
                log_ratio: log_ratio(af, bf, c, d),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.log_likelihood
            .total_cmp(&a.log_likelihood)
            .then_with(|| a.term.cmp(&b.term))
    });
    Ok(Keywords {
        rows,
        target_tokens: tt,
        reference_tokens: rt,
        target_documents: target.len(),
        reference_documents: reference.len(),
        max_undercount,
    })
}
