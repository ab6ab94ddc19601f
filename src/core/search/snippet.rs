//! Snippets: the stretch of a text where a query's words are densest, with
//! the hits marked. The text is split by the index's own analyzer, so what
//! is marked is exactly what matched.

use super::index::analyzer;
use super::{HIT_END, HIT_START, Query, Term};

/// Words in a snippet.
const WINDOW: usize = 16;

/// Only the start of a very long text is looked at.
const MAX_SCAN_BYTES: usize = 256 * 1024;

struct Token {
    text: String,
    from: usize,
    to: usize,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut end = text.len().min(MAX_SCAN_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut a = analyzer();
    let mut stream = a.token_stream(&text[..end]);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(Token {
            text: t.text.clone(),
            from: t.offset_from,
            to: t.offset_to,
        });
    }
    out
}

/// Which of `doc`'s tokens a term matches (a phrase: every word of it).
fn mark(doc: &[Token], words: &[String], prefix: bool, marked: &mut [bool]) {
    if words.is_empty() || doc.len() < words.len() {
        return;
    }
    for start in 0..=doc.len() - words.len() {
        let all = words.iter().enumerate().all(|(i, w)| {
            let t = &doc[start + i].text;
            if prefix && i + 1 == words.len() {
                t.starts_with(w.as_str())
            } else {
                t == w
            }
        });
        if all {
            for m in &mut marked[start..start + words.len()] {
                *m = true;
            }
        }
    }
}

/// Which tokens of `text` the query's (not excluded) terms match.
fn marked(query: &Query, doc: &[Token]) -> Vec<bool> {
    let mut marked = vec![false; doc.len()];
    for term in query.all_of.iter().flatten() {
        let (words, prefix) = match term {
            Term::Word { text, prefix } => (super::engine::tokens(text), *prefix),
            Term::Phrase(text) => (super::engine::tokens(text), false),
        };
        mark(doc, &words, prefix, &mut marked);
    }
    marked
}

/// A snippet of `text` around the query's hits, hits between
/// [`HIT_START`] and [`HIT_END`], `…` where text was cut. A text without
/// hits (the query matched its title) gives its opening words.
pub fn snippet(query: &Query, text: &str) -> String {
    let doc = tokens(text);
    if doc.is_empty() {
        return String::new();
    }
    let marked = marked(query, &doc);
    // The window with the most hits; the earliest of equals.
    let n = WINDOW.min(doc.len());
    let mut count: usize = marked[..n].iter().filter(|m| **m).count();
    let (mut best, mut best_start) = (count, 0);
    for start in 1..=doc.len() - n {
        count += usize::from(marked[start + n - 1]);
        count -= usize::from(marked[start - 1]);
        if count > best {
            best = count;
            best_start = start;
        }
    }
    // Start a little before the first hit, so it has some context.
    if best > 0 {
        let first = (best_start..best_start + n)
            .find(|&i| marked[i])
            .unwrap_or(best_start);
        best_start = first.saturating_sub(3).min(doc.len() - n);
    }
    let window = &doc[best_start..best_start + n];
    let mut out = String::new();
    if best_start > 0 {
        out.push('…');
    }
    let mut pos = window[0].from;
    for (i, t) in window.iter().enumerate() {
        out.push_str(&text[pos..t.from]);
        let hit = marked[best_start + i];
        if hit {
            out.push_str(HIT_START);
        }
        out.push_str(&text[t.from..t.to]);
        if hit {
            out.push_str(HIT_END);
        }
        pos = t.to;
    }
    if best_start + n < doc.len()
        || doc
            .last()
            .is_some_and(|t| t.to < text.len().min(MAX_SCAN_BYTES))
    {
        // Keep the closing punctuation of a sentence that ends here.
        let rest = &text[pos..];
        let tail: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !c.is_alphanumeric())
            .collect();
        out.push_str(&tail);
        if best_start + n < doc.len() {
            out.push('…');
        }
    }
    // One line: runs of spaces and line breaks become one space.
    let mut flat = String::with_capacity(out.len());
    for (i, word) in out.split_whitespace().enumerate() {
        if i > 0 {
            flat.push(' ');
        }
        flat.push_str(word);
    }
    flat
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snip(q: &str, text: &str) -> String {
        snippet(&Query::parse(q).unwrap(), text)
    }

    #[test]
    fn marks_words_phrases_prefixes_and_folded_forms() {
        assert_eq!(
            snip("wheat", "Prices of wheat rose."),
            "Prices of «wheat» rose."
        );
        assert_eq!(
            snip("\"civil war\"", "The civil war began; a war ended."),
            "The «civil» «war» began; a war ended."
        );
        assert_eq!(snip("kreml*", "The Kremlin said."), "The «Kremlin» said.");
        assert_eq!(snip("geneve", "Talks in Genève."), "Talks in «Genève».");
        assert_eq!(
            snip("covid-19", "New COVID-19 cases"),
            "New «COVID»-«19» cases"
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_densest_hits() {
        let mut text = "filler ".repeat(50);
        text.push_str("the harvest was late and the harvest was small ");
        text.push_str(&"filler ".repeat(50));
        let s = snip("harvest", &text);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert_eq!(s.matches("«harvest»").count(), 2, "{s}");
    }

    #[test]
    fn a_title_only_match_gives_the_opening() {
        assert_eq!(snip("zebra", "Nothing here."), "Nothing here.");
    }
}
