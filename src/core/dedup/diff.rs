//! A word-level diff of two documents for side-by-side review: each side's
//! text in pieces, marked where that side has words the other lacks.

use std::time::Duration;

use similar::Algorithm;

/// One side of a diff: pieces of its text, `true` where the other side lacks them.
pub type Side = Vec<(String, bool)>;

/// The most text compared per side; beyond it the rest is shown unmarked.
pub const MAX_CHARS: usize = 200_000;

/// What the diff treats as the same word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fold {
    /// What the matcher folds: quote, apostrophe and dash styles, and
    /// whitespace (paragraph spacing), so only real wording differences show.
    #[default]
    Typography,
    /// Also case and punctuation: "Said," and "said" are the same.
    Loose,
}

/// A word as the diff compares it.
fn key(word: &str, fold: Fold) -> String {
    let mut k = String::with_capacity(word.len());
    for c in word.chars() {
        let folded = super::normalize::fold(c);
        match fold {
            Fold::Typography => match folded {
                Some(f) => k.push_str(f),
                None => k.push(c),
            },
            Fold::Loose => {
                if folded.is_some() || !c.is_alphanumeric() {
                    continue;
                }
                k.extend(c.to_lowercase());
            }
        }
    }
    k
}

/// Splits a text into words and the whitespace between them (kept, so the
/// pieces make the text again).
fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space.is_some_and(|s| s != space) {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Diffs `left` against `right` word by word, folding what the matcher
/// folds ([`Fold::Typography`]).
pub fn word_diff(left: &str, right: &str, timeout: Duration) -> (Side, Side) {
    word_diff_with(left, right, timeout, Fold::Typography)
}

/// Diffs `left` against `right` word by word: words equal under `fold` are
/// not marked, nor is whitespace. Gives up refining after `timeout` (the
/// result is then coarser, never wrong).
pub fn word_diff_with(left: &str, right: &str, timeout: Duration, fold: Fold) -> (Side, Side) {
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
    // Words only: whitespace is carried along with the word before it.
    let words = |text: &str| -> (Vec<String>, Vec<String>) {
        let mut shown: Vec<String> = Vec::new();
        let mut keys = Vec::new();
        let mut lead = String::new();
        for p in pieces(text) {
            if p.trim().is_empty() {
                match shown.last_mut() {
                    Some(last) => last.push_str(p),
                    None => lead.push_str(p),
                }
                continue;
            }
            let k = key(p, fold);
            // A word that folds to nothing (a lone dash under Loose) keeps
            // its own text as key so it still lines up.
            keys.push(if k.is_empty() { p.to_string() } else { k });
            shown.push(p.to_string());
        }
        if let Some(first) = shown.first_mut() {
            first.insert_str(0, &lead);
        } else if !lead.is_empty() {
            shown.push(lead);
            keys.push(String::new());
        }
        (shown, keys)
    };
    let (a_words, a_keys) = words(l);
    let (b_words, b_keys) = words(r);
    let deadline = std::time::Instant::now().checked_add(timeout);
    let ops =
        similar::capture_diff_slices_deadline(Algorithm::Patience, &a_keys, &b_keys, deadline);
    let mut a: Side = Vec::new();
    let mut b: Side = Vec::new();
    let push = |side: &mut Side, text: &str, marked: bool| match side.last_mut() {
        Some((t, m)) if *m == marked => t.push_str(text),
        _ => side.push((text.to_string(), marked)),
    };
    // A marked word's trailing whitespace is not part of the change.
    let push_word = |side: &mut Side, word: &str, marked: bool| {
        if marked {
            let body = word.trim_end();
            push(side, body, true);
            push(side, &word[body.len()..], false);
        } else {
            push(side, word, false);
        }
    };
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => {
                for w in &a_words[old] {
                    push_word(&mut a, w, false);
                }
                for w in &b_words[new] {
                    push_word(&mut b, w, false);
                }
            }
            _ => {
                // Under the loose fold, words split or joined by spacing
                // alone ("NordStream" / "Nord Stream", "U. S." / "U.S.")
                // are the same text.
                let same_letters = fold == Fold::Loose
                    && a_keys[old.clone()].concat() == b_keys[new.clone()].concat();
                for w in &a_words[old] {
                    push_word(&mut a, w, !same_letters);
                }
                for w in &b_words[new] {
                    push_word(&mut b, w, !same_letters);
                }
            }
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

    /// Regression: every curly-vs-straight quote was marked in the samples.
    #[test]
    fn quote_and_dash_styles_are_not_differences() {
        let (a, b) = word_diff(
            "He said “no” – and left.  The minister’s aide agreed.",
            "He said \"no\" - and left. The minister's aide disagreed.",
            Duration::from_secs(1),
        );
        assert_eq!(marked(&a), vec!["agreed."]);
        assert_eq!(marked(&b), vec!["disagreed."]);
        // Case and punctuation count, unless the loose fold is asked for.
        let (a, _) = word_diff(
            "The Talks, failed.",
            "the talks failed",
            Duration::from_secs(1),
        );
        assert_eq!(marked(&a), vec!["The Talks, failed."]);
        let (a, b) = word_diff_with(
            "The Talks, failed.",
            "the talks failed",
            Duration::from_secs(1),
            Fold::Loose,
        );
        assert!(
            marked(&a).is_empty() && marked(&b).is_empty(),
            "{a:?} {b:?}"
        );
        // Spacing alone, words split or joined: nothing marked when loose.
        let (a, b) = word_diff_with(
            "The NordStream  pipeline, said U. S. officials.",
            "The Nord Stream pipeline said U.S. officials",
            Duration::from_secs(1),
            Fold::Loose,
        );
        assert!(
            marked(&a).is_empty() && marked(&b).is_empty(),
            "{a:?} {b:?}"
        );
    }
}
