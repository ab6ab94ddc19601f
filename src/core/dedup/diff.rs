//! A word-level diff of two documents for side-by-side review: each side's
//! text in pieces, marked where that side has words the other lacks.

use std::time::Duration;

use similar::{Algorithm, ChangeTag, TextDiff};

/// One side of a diff: pieces of its text, `true` where the other side lacks them.
pub type Side = Vec<(String, bool)>;

/// The most text compared per side; beyond it the rest is shown unmarked.
pub const MAX_CHARS: usize = 200_000;

/// Diffs `left` against `right` word by word. Whitespace-only differences
/// (paragraph spacing) are not marked. Gives up refining after `timeout`
/// (the result is then coarser, never wrong).
pub fn word_diff(left: &str, right: &str, timeout: Duration) -> (Side, Side) {
    let cut = |s: &str| -> usize {
        if s.len() <= MAX_CHARS {
            s.len()
        } else {
            (0..=MAX_CHARS)
                .rev()
                .find(|&i| s.is_char_boundary(i))
                .unwrap_or(0)
        }
    };
    let (l, r) = (&left[..cut(left)], &right[..cut(right)]);
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(timeout)
        .diff_words(l, r);
    let mut a: Side = Vec::new();
    let mut b: Side = Vec::new();
    let push = |side: &mut Side, text: &str, marked: bool| {
        // Whitespace alone is never a difference worth marking; inside a
        // marked run it stays part of the run.
        let marked = marked && (!text.trim().is_empty() || side.last().is_some_and(|(_, m)| *m));
        match side.last_mut() {
            Some((t, m)) if *m == marked => t.push_str(text),
            _ => side.push((text.to_string(), marked)),
        }
    };
    for change in diff.iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut a, text, false);
                push(&mut b, text, false);
            }
            ChangeTag::Delete => push(&mut a, text, true),
            ChangeTag::Insert => push(&mut b, text, true),
        }
    }
    let (mut a, mut b) = (bridge(a), bridge(b));
    if l.len() < left.len() {
        push(&mut a, &left[l.len()..], false);
    }
    if r.len() < right.len() {
        push(&mut b, &right[r.len()..], false);
    }
    (a, b)
}

/// Joins marked runs separated only by whitespace (a space both sides
/// share between two changed words), so a changed phrase reads as one.
fn bridge(side: Side) -> Side {
    let mut out: Side = Vec::with_capacity(side.len());
    for i in 0..side.len() {
        let (text, mut marked) = side[i].clone();
        if !marked
            && text.trim().is_empty()
            && i > 0
            && side[i - 1].1
            && side.get(i + 1).is_some_and(|n| n.1)
        {
            marked = true;
        }
        match out.last_mut() {
            Some((t, m)) if *m == marked => t.push_str(&text),
            _ => out.push((text, marked)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(side: &Side) -> Vec<&str> {
        side.iter()
            .filter(|(_, m)| *m)
            .map(|(t, _)| t.trim())
            .collect()
    }

    #[test]
    fn marks_what_each_side_lacks() {
        let (a, b) = word_diff(
            "Rebel forces said the talks failed.\n\nDonate now.",
            "Opposition forces said the talks failed.\nFollow our channel.",
            Duration::from_secs(1),
        );
        assert_eq!(marked(&a), vec!["Rebel", "Donate now."]);
        assert_eq!(marked(&b), vec!["Opposition", "Follow our channel."]);
        // Each side's pieces make its whole text again.
        let whole = |s: &Side| s.iter().map(|(t, _)| t.as_str()).collect::<String>();
        assert_eq!(
            whole(&a),
            "Rebel forces said the talks failed.\n\nDonate now."
        );
    }
}
