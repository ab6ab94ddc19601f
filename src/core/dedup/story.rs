//! The story across outlets: a cluster's copies in date order, each with
//! its lag from the first publication and the passages it added or removed
//! compared with the earliest copy.

use serde::Serialize;

use super::normalize::tokenize;
use super::passages::{self, word_spans};
use crate::core::model::{DocId, PartialDate};
use crate::core::timeline::days_from_civil;

/// An unshared run shorter than this (in words) is an edit, not a passage.
const MIN_PASSAGE_WORDS: usize = 8;

/// One copy of the story, as the input gives it.
#[derive(Debug, Clone)]
pub struct CopyText {
    pub id: DocId,
    pub date: Option<PartialDate>,
    /// The outlet or source the user knows it by.
    pub source: String,
    pub text: String,
    /// The date an undated copy takes from its keeper (shown, not used to
    /// order the story).
    pub inherited: Option<PartialDate>,
}

/// One copy in the story's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryCopy {
    pub id: DocId,
    pub date: Option<PartialDate>,
    pub source: String,
    /// The keeper's date an undated copy shows elsewhere.
    pub inherited: Option<PartialDate>,
    /// Days after the first dated copy (`None` when undated).
    pub lag_days: Option<i64>,
    /// Passages this copy has that the earliest lacks.
    pub added: Vec<String>,
    /// Passages of the earliest that this copy lacks.
    pub removed: Vec<String>,
}

/// The day number of a date (a partial one at its first day).
fn day(d: &PartialDate) -> i64 {
    days_from_civil(
        d.year as i32,
        d.month.unwrap_or(1) as u32,
        d.day.unwrap_or(1) as u32,
    ) as i64
}

/// The runs of words `covered` leaves out, at least [`MIN_PASSAGE_WORDS`]
/// long, as text.
fn unshared(text: &str, covered: &[bool]) -> Vec<String> {
    let spans = word_spans(text);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let close = |out: &mut Vec<String>, from: usize, to: usize| {
        if to - from >= MIN_PASSAGE_WORDS
            && let (Some(a), Some(b)) = (spans.get(from), spans.get(to - 1))
        {
            out.push(
                text[a.start..b.end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    };
    for w in 0..spans.len() {
        let shared = covered.get(w).copied().unwrap_or(false);
        match (shared, start) {
            (false, None) => start = Some(w),
            (true, Some(s)) => {
                close(&mut out, s, w);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        close(&mut out, s, spans.len());
    }
    out
}

/// The copies in date order (undated last, then by id), each compared with
/// the earliest.
pub fn story(mut copies: Vec<CopyText>) -> Vec<StoryCopy> {
    copies.sort_by_key(|c| (c.date.is_none(), c.date, c.id));
    let Some(first) = copies.first() else {
        return Vec::new();
    };
    let first_tokens = tokenize(&first.text);
    let first_day = first.date.as_ref().map(day);
    let first_text = first.text.clone();
    copies
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let (added, removed) = if k == 0 {
                (Vec::new(), Vec::new())
            } else {
                let t = tokenize(&c.text);
                let found = passages::align(&first_tokens.shingles, &t.shingles);
                let in_first = passages::covered(
                    found.iter().map(|p| p.a.clone()),
                    first_tokens.word_count() as u32,
                );
                let in_copy =
                    passages::covered(found.iter().map(|p| p.b.clone()), t.word_count() as u32);
                (
                    unshared(&c.text, &in_copy),
                    unshared(&first_text, &in_first),
                )
            };
            StoryCopy {
                id: c.id,
                date: c.date,
                source: c.source.clone(),
                inherited: c.inherited,
                lag_days: match (first_day, c.date.as_ref()) {
                    (Some(f), Some(d)) => Some(day(d) - f),
                    _ => None,
                },
                added,
                removed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The council voted on Tuesday to rebuild the bridge across the river, \
        after engineers found cracks in two of its piers during the spring inspection.\n\
        Work will start in June and the bridge will be closed to cars for a year, \
        while a ferry carries cyclists and walkers between the two banks.";

    fn copy(id: DocId, date: Option<&str>, text: &str) -> CopyText {
        CopyText {
            id,
            date: date.map(|d| d.parse().unwrap()),
            source: format!("outlet {id}"),
            text: text.to_string(),
            inherited: None,
        }
    }

    #[test]
    fn copies_come_in_date_order_with_their_lag_and_changes() {
        let local = "Residents of the east bank have collected signatures against the ferry fares \
                     and will hand them to the mayor next week.";
        let later = format!("{STORY}\n{local}");
        let cut = STORY.lines().next().unwrap_or_default();
        let s = story(vec![
            copy(3, None, STORY),
            copy(2, Some("2024-05-16"), &later),
            copy(1, Some("2024-05-14"), STORY),
            copy(4, Some("2024-05-15"), cut),
        ]);
        let order: Vec<DocId> = s.iter().map(|c| c.id).collect();
        assert_eq!(order, vec![1, 4, 2, 3]);
        assert_eq!(s[0].lag_days, Some(0));
        assert_eq!(s[1].lag_days, Some(1));
        assert_eq!(s[2].lag_days, Some(2));
        assert_eq!(s[3].lag_days, None);
        assert!(s[0].added.is_empty() && s[0].removed.is_empty());
        // The cut copy lost the second paragraph; the later one added a local one.
        assert_eq!(s[1].removed.len(), 1);
        assert!(
            s[1].removed[0].starts_with("Work will start in June"),
            "{:?}",
            s[1].removed
        );
        assert!(s[1].added.is_empty());
        assert_eq!(
            s[2].added,
            vec![
                local
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .trim_end_matches('.')
                    .to_string()
            ]
        );
        assert!(s[2].removed.is_empty() && s[3].added.is_empty());
    }
}
