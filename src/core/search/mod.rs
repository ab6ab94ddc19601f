//! Full-text search: a simple user syntax, run on a tantivy index kept
//! beside the library ([`index`], [`sync`], [`engine`]).
//!
//! Users type words, `"quoted phrases"`, `OR`, `-excluded` and `prefix*`.
//! Every term is split by the index's own analyzer, so punctuation in
//! everyday input (`covid-19`, `Syria's`, `U.S.`) becomes a phrase of the
//! words the index holds and is never read as syntax. Anything the syntax
//! cannot mean is a clear [`Error::Query`].

pub mod engine;
pub mod index;
pub mod snippet;
pub mod sync;

use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use serde::Serialize;

use super::error::{Error, Result};
use super::model::Document;
use super::store::documents;
pub use index::SearchIndex;
pub use sync::Lag;

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Word { text: String, prefix: bool },
    Phrase(String),
}

impl Term {
    /// The plain words of the term, for highlighting.
    fn words(&self) -> &str {
        match self {
            Term::Word { text, .. } | Term::Phrase(text) => text,
        }
    }
}

/// A parsed query: groups of alternatives that must all match, minus exclusions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    all_of: Vec<Vec<Term>>,
    none_of: Vec<Term>,
}

/// Does the term hold something the tokenizer indexes (a letter or digit)?
fn has_token(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„')
}

enum Lexeme {
    Term { term: Term, negated: bool },
    Or,
}

fn lex(input: &str) -> Result<Vec<Lexeme>> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if c == '-' {
            chars.next();
            negated = true;
        }
        match chars.peek() {
            Some(&q) if is_quote(q) => {
                chars.next();
                let mut phrase = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if is_quote(c) {
                        closed = true;
                        break;
                    }
                    phrase.push(c);
                }
                if !closed {
                    return Err(Error::Query(
                        "a quote is not closed: add the closing \"".into(),
                    ));
                }
                if has_token(&phrase) {
                    out.push(Lexeme::Term {
                        term: Term::Phrase(phrase.split_whitespace().collect::<Vec<_>>().join(" ")),
                        negated,
                    });
                } else if !phrase.trim().is_empty() || negated {
                    return Err(Error::Query(format!(
                        "\"{phrase}\" has no words to search for"
                    )));
                }
            }
            Some(_) => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || is_quote(c) {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                if word == "OR" && !negated {
                    out.push(Lexeme::Or);
                    continue;
                }
                let prefix = word.ends_with('*');
                let text = word.trim_end_matches('*').to_string();
                if !has_token(&text) {
                    if negated && text.is_empty() && !prefix {
                        return Err(Error::Query("a lone - needs a word after it: -word".into()));
                    }
                    // Bare punctuation ("&", "—") carries nothing to search for.
                    continue;
                }
                out.push(Lexeme::Term {
                    term: Term::Word { text, prefix },
                    negated,
                });
            }
            None => return Err(Error::Query("a lone - needs a word after it: -word".into())),
        }
    }
    Ok(out)
}

impl Query {
    /// Parses the user syntax.
    pub fn parse(input: &str) -> Result<Query> {
        let lexemes = lex(input)?;
        let mut all_of: Vec<Vec<Term>> = Vec::new();
        let mut none_of = Vec::new();
        let mut after_or = false;
        for (i, lexeme) in lexemes.into_iter().enumerate() {
            match lexeme {
                Lexeme::Or => {
                    if i == 0 || after_or || all_of.is_empty() {
                        return Err(Error::Query(
                            "OR needs a word on each side: cats OR dogs".into(),
                        ));
                    }
                    after_or = true;
                }
                Lexeme::Term {
                    term,
                    negated: true,
                } => {
                    if after_or {
                        return Err(Error::Query(
                            "OR cannot be followed by an excluded word".into(),
                        ));
                    }
                    none_of.push(term);
                }
                Lexeme::Term {
                    term,
                    negated: false,
                } => {
                    match all_of.last_mut() {
                        Some(group) if after_or => group.push(term),
                        _ => all_of.push(vec![term]),
                    }
                    after_or = false;
                }
            }
        }
        if after_or {
            return Err(Error::Query(
                "OR needs a word on each side: cats OR dogs".into(),
            ));
        }
        if all_of.is_empty() {
            return Err(Error::Query(if none_of.is_empty() {
                "type a word to search for".into()
            } else {
                "a search needs at least one word that is not excluded".into()
            }));
        }
        Ok(Query { all_of, none_of })
    }

    /// The words to highlight in a text (not the excluded ones).
    pub fn highlight_terms(&self) -> Vec<String> {
        self.all_of
            .iter()
            .flatten()
            .map(|t| t.words().to_string())
            .collect()
    }
}

/// A search result: the document and a snippet around the hits.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    #[serde(flatten)]
    pub document: Document,
    pub snippet: String,
    /// BM25 relevance (higher is better).
    pub score: f32,
}

/// Marks around hits in snippets.
pub const HIT_START: &str = "«";
pub const HIT_END: &str = "»";

/// How many queue entries a search applies itself before answering; more
/// than that is the job of a background sync ([`Error::IndexBehind`]).
pub const INLINE_SYNC: u64 = 5_000;

/// The search index of `conn`'s library, brought up to date first: in
/// full when `inline` is `None`, else only when it lags by at most that
/// many entries.
pub fn current_index(
    conn: &Connection,
    inline: Option<u64>,
) -> Result<std::sync::Arc<SearchIndex>> {
    let index = SearchIndex::for_connection(conn)?;
    match sync::lag(&index, conn)? {
        Lag::Current => {}
        lag if inline.is_some_and(|max| lag.work() > max) => {
            return Err(Error::IndexBehind(lag.work()));
        }
        _ => {
            sync::sync(&index, conn, &mut |_, _| {}, &AtomicBool::new(false))?;
        }
    }
    Ok(index)
}

/// Ranked search over active documents, best first, with snippets; `limit`
/// 0 = no limit. Brings the index up to date first, however far behind.
pub fn search(conn: &Connection, input: &str, limit: usize) -> Result<Vec<Hit>> {
    let query = Query::parse(input)?;
    let index = current_index(conn, None)?;
    let hits = engine::top(
        engine::matches(&index, &query, engine::Scope::active())?,
        limit,
    );
    let mut out = Vec::with_capacity(hits.len());
    for h in hits {
        let document = documents::document(conn, h.id)?;
        out.push(Hit {
            snippet: snippet::snippet(&query, &documents::text(conn, h.id)?),
            document,
            score: h.score,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_queries_are_clear_errors() {
        for q in [
            "",
            "   ",
            "\"open",
            "OR a",
            "a OR",
            "a OR OR b",
            "-a",
            "-",
            "a -",
            "!!!",
        ] {
            match Query::parse(q) {
                Err(Error::Query(msg)) => assert!(!msg.is_empty()),
                other => panic!("{q:?} gave {other:?}"),
            }
        }
    }
}
