//! Mastheads: the outlet's name (and perhaps a section) on the first line of
//! every story it publishes ("PLAINSVIEW OBSERVER", "EASTERN WIRE | World").
//! A title taken from a text's first line is then the masthead, not the
//! headline.
//!
//! One document cannot tell: the library can. A line that titles at least
//! [`MASTHEAD_DOCS`] documents as their first line, and is followed in them
//! by mostly *different* headlines, is a masthead (the same story carried by
//! several outlets has the same next line too, and keeps its title). Its
//! documents are titled by the next title line, the masthead is kept in
//! their metadata (`masthead`, and `outlet` when none was stated), and the
//! line is remembered, so a later import of two more stories of that outlet
//! is titled right as well.
//!
//! Runs at the end of every import, in the writer, over the groups of
//! documents that share a title: bounded by the number of documents that
//! share one (each text read only up to its first 2,000 characters).

use std::collections::HashSet;

use rusqlite::{Transaction, params};

use crate::core::error::Result;
use crate::core::model::DocState;

/// Documents a first line must head before it can be a masthead.
pub const MASTHEAD_DOCS: usize = 5;

/// Of a masthead's documents, at least this share have a headline of their
/// own below it (a story carried by several outlets has one headline).
pub const DISTINCT_HEADLINES: f64 = 0.8;

/// How much of a text is read to find its first lines.
pub const HEAD_CHARS: i64 = 2000;

/// The text a line is known by (spaces squashed, lower case).
pub fn key(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The outlet a masthead names: the part before a section
/// ("EASTERN WIRE | World" → "EASTERN WIRE"), when it is short.
pub fn outlet_of(masthead: &str) -> Option<String> {
    let name = [" | ", " - ", " – ", " — ", " · ", " :: "]
        .iter()
        .filter_map(|sep| masthead.split_once(sep).map(|(head, _)| head))
        .min_by_key(|head| head.len())
        .unwrap_or(masthead)
        .trim();
    (!name.is_empty() && name.split_whitespace().count() <= 6).then(|| name.to_string())
}

/// Headlines looked at to tell a masthead from a carried story.
pub const SAMPLE: usize = 200;

/// Word-set Jaccard at which two headlines are one story's.
pub const SAME_HEADLINE: f64 = 0.7;

/// Whether most of `headlines` (the first [`SAMPLE`]) are different
/// stories' ("Storm closes the coast road" and "Storm closes coast road"
/// are one).
pub fn mostly_different<'a>(headlines: impl Iterator<Item = &'a str>) -> bool {
    let sets: Vec<HashSet<String>> = headlines
        .take(SAMPLE)
        .map(|h| {
            h.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        })
        .collect();
    let mut stories: Vec<&HashSet<String>> = Vec::new();
    for set in &sets {
        let same = stories.iter().any(|s| {
            let shared = s.intersection(set).count() as f64;
            let all = (s.len() + set.len()) as f64 - shared;
            all > 0.0 && shared / all >= SAME_HEADLINE
        });
        if !same {
            stories.push(set);
        }
    }
    stories.len() as f64 >= DISTINCT_HEADLINES * sets.len() as f64
}

/// Words a masthead has at most ("EASTERN WIRE | World").
pub const MASTHEAD_WORDS: usize = 8;

/// Whether most `lines` look like headlines: a few words, not a sentence
/// of a body (a recurring headline over stories of one series has their
/// first paragraphs below it).
pub fn mostly_headlines<'a>(lines: impl Iterator<Item = &'a str>) -> bool {
    let (mut all, mut headlines) = (0usize, 0usize);
    for line in lines.take(SAMPLE) {
        all += 1;
        let words = line.split_whitespace().count();
        headlines += usize::from((2..=20).contains(&words) && !line.ends_with('.'));
    }
    headlines as f64 >= DISTINCT_HEADLINES * all as f64
}

/// Documents (the newest) looked at for lines that recur: an outlet's header
/// line heads hundreds of them, so a sample finds it, and the cost stays
/// the same however large the library.
pub const RECURRING_SAMPLE: i64 = 5_000;

/// Whether the lines below a candidate are themselves lines the library
/// repeats near the top of other documents (outlets' own header lines such
/// as "COURIER WIRE SERVICE"): then the candidate is one headline several
/// outlets ran, and those lines are theirs, not headlines. Reads the first
/// lines of the newest [`RECURRING_SAMPLE`] documents, once per new
/// candidate.
pub fn mostly_recurring<'a>(
    tx: &Transaction,
    candidate: &str,
    lines: impl Iterator<Item = &'a str>,
) -> Result<bool> {
    let wanted: HashSet<String> = lines.take(SAMPLE).map(key).collect();
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut stmt = tx.prepare_cached(
        "SELECT substr(text, 1, 400) FROM documents WHERE state != ?1 AND title_key != ?2
         ORDER BY id DESC LIMIT ?3",
    )?;
    let mut rows = stmt.query(params![
        DocState::Trashed as i64,
        candidate,
        RECURRING_SAMPLE
    ])?;
    while let Some(r) = rows.next()? {
        let head: String = r.get(0)?;
        for line in head.lines().take(4) {
            if let Some(w) = wanted.get(&key(line)) {
                *seen.entry(w.as_str()).or_default() += 1;
            }
        }
    }
    let recurring = seen.values().filter(|&&n| n >= 3).count();
    Ok(recurring as f64 > (1.0 - DISTINCT_HEADLINES) * wanted.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_carried_story_is_not_a_list_of_headlines() {
        let carried = [
            "Storm closes the coast road",
            "Storm closes coast road",
            "Storm closes the coast road for a week",
            "Storm closes the coast road",
        ];
        assert!(!mostly_different(carried.into_iter()));
        let outlet = [
            "Council delays the budget vote",
            "Harbour board buys two new cranes",
            "School trust names its new head",
            "Bus fares rise in April",
        ];
        assert!(mostly_different(outlet.into_iter()));
    }

    #[test]
    fn a_masthead_names_its_outlet() {
        assert_eq!(
            outlet_of("EASTERN WIRE | World").as_deref(),
            Some("EASTERN WIRE")
        );
        assert_eq!(
            outlet_of("PLAINSVIEW OBSERVER").as_deref(),
            Some("PLAINSVIEW OBSERVER")
        );
        assert_eq!(
            outlet_of("a very long first line that is not the name of any outlet at all"),
            None
        );
    }
}
