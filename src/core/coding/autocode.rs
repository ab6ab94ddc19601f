//! Code what you searched: every hit of a word, a phrase or a prefix in
//! the documents a filter lets through, as the hit, its sentence or its
//! paragraph. [`plan`] finds the ranges (reading only the documents the
//! search index says hold the words); the store codes them as one undo
//! step ([`crate::core::store::passages::autocode`]).

use std::sync::atomic::AtomicBool;

use rayon::prelude::*;
use rusqlite::Connection;

use super::units::Unit;
use crate::core::error::Result;
use crate::core::filter::Filter;
use crate::core::model::DocId;
use crate::core::words::kwic::Pattern;

/// What an autocode run would code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The search as typed.
    pub query: String,
    pub unit: Unit,
    /// `(document, start, end)` in characters, one per unit (hits in one
    /// sentence make one sentence).
    pub ranges: Vec<(DocId, i64, i64)>,
    /// Hits found.
    pub hits: usize,
    /// Documents with at least one hit.
    pub documents: usize,
}

impl Plan {
    /// The question asked before coding: "Code 1,284 sentences in 611
    /// documents with 'migration'?".
    pub fn question(&self, tag: &str) -> String {
        use crate::core::counts::{documents, thousands};
        format!(
            "Code {} {} in {} with '{tag}'?",
            thousands(self.ranges.len()),
            self.unit.noun(self.ranges.len()),
            documents(self.documents)
        )
    }

    /// The undo step's name.
    pub fn label(&self, tag: &str) -> String {
        format!(
            "autocode '{}' as {} with '{tag}'",
            self.query,
            self.unit.noun(2)
        )
    }
}

/// A document's hits and the ranges coded around them.
type DocRanges = (DocId, usize, Vec<(i64, i64)>);

/// The units around each hit of `query` in one text, as character ranges
/// (overlapping units merged).
pub fn ranges_in(pattern: &Pattern, text: &str, unit: Unit) -> (usize, Vec<(i64, i64)>) {
    let spans = pattern.spans_in(text);
    let hits = spans.len();
    let mut bytes: Vec<(usize, usize)> = spans
        .into_iter()
        .map(|(s, e)| unit.around(text, s, e))
        .collect();
    bytes.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(bytes.len());
    for (s, e) in bytes {
        match merged.last_mut() {
            Some(last) if unit != Unit::Hit && s < last.1 => last.1 = last.1.max(e),
            Some(last) if *last == (s, e) => {}
            _ => merged.push((s, e)),
        }
    }
    // Characters for bytes, in one pass over the text.
    // Starts come in order; hits may overlap (a phrase found twice in
    // "a a a"), so each end is counted from its own start.
    let mut out = Vec::with_capacity(merged.len());
    let mut chars = 0i64;
    let mut at = 0usize;
    for (s, e) in merged {
        chars += text[at..s].chars().count() as i64;
        at = s;
        out.push((chars, chars + text[s..e].chars().count() as i64));
    }
    (hits, out)
}

/// Finds what autocoding `query` as `unit` over the documents `filter`
/// lets through would code. `progress(done, total)` counts documents read.
pub fn plan(
    conn: &Connection,
    filter: &Filter,
    query: &str,
    unit: Unit,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Plan> {
    let pattern = Pattern::parse(query)?;
    let mut scope = filter.clone();
    scope.query = Some(pattern.search_query());
    let ids = crate::core::words::scope(conn, &scope, cancel)?;
    let mut plan = Plan {
        query: query.trim().to_string(),
        unit,
        ..Plan::default()
    };
    crate::core::words::for_each_chunk(conn, &ids, cancel, progress, &mut |docs| {
        let found: Vec<DocRanges> = docs
            .par_iter()
            .map(|d| {
                let (hits, ranges) = ranges_in(&pattern, &d.text, unit);
                (d.id, hits, ranges)
            })
            .collect();
        for (id, hits, ranges) in found {
            if ranges.is_empty() {
                continue;
            }
            plan.hits += hits;
            plan.documents += 1;
            plan.ranges
                .extend(ranges.into_iter().map(|(s, e)| (id, s, e)));
        }
        Ok(())
    })?;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Whatever the text, every range is inside it, in order, and
        /// each hit's range reads as the word.
        #[test]
        fn ranges_stay_inside_any_text(
            text in "(talks|Talks|x|é|日本|\\.|!|\n| ){0,80}",
            unit in 0usize..3,
        ) {
            let p = Pattern::parse("talks").unwrap();
            let unit = Unit::ALL[unit];
            let (hits, ranges) = ranges_in(&p, &text, unit);
            let n = text.chars().count() as i64;
            let chars: Vec<char> = text.chars().collect();
            proptest::prop_assert!(ranges.len() <= hits);
            for w in ranges.windows(2) {
                proptest::prop_assert!(w[0].0 <= w[1].0);
            }
            for &(s, e) in &ranges {
                proptest::prop_assert!(0 <= s && s < e && e <= n);
                let got: String = chars[s as usize..e as usize].iter().collect();
                proptest::prop_assert!(got.to_lowercase().contains("talks"), "{got:?}");
            }
        }
    }

    #[test]
    fn ranges_are_characters_and_sentences_merge() {
        let text = "Ça va. The migration law, migration again! Ünïcode migration.";
        let p = Pattern::parse("migration").unwrap();
        let (hits, r) = ranges_in(&p, text, Unit::Hit);
        assert_eq!(hits, 3);
        let chars: Vec<char> = text.chars().collect();
        for &(s, e) in &r {
            let got: String = chars[s as usize..e as usize].iter().collect();
            assert_eq!(got, "migration");
        }
        let (_, r) = ranges_in(&p, text, Unit::Sentence);
        let got: Vec<String> = r
            .iter()
            .map(|&(s, e)| chars[s as usize..e as usize].iter().collect())
            .collect();
        assert_eq!(
            got,
            ["The migration law, migration again!", "Ünïcode migration."]
        );
    }
}
