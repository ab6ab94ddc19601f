//! Full-text search: a simple user syntax translated safely into FTS5.
//!
//! Users type words, `"quoted phrases"`, `OR`, `-excluded` and `prefix*`.
//! Every term is passed to FTS5 as a quoted string, so punctuation in
//! everyday input (`covid-19`, `Syria's`, `U.S.`) is split by the same
//! tokenizer as the index and never read as FTS5 syntax. Anything the
//! syntax cannot mean is a clear [`Error::Query`], never an SQL error.

use rusqlite::Connection;
use serde::Serialize;

use super::error::{Error, Result};
use super::model::{DocState, Document};
use super::store::documents;

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    Word { text: String, prefix: bool },
    Phrase(String),
}

impl Term {
    fn to_fts(&self) -> String {
        match self {
            Term::Word { text, prefix } => {
                format!(
                    "\"{}\"{}",
                    text.replace('"', "\"\""),
                    if *prefix { "*" } else { "" }
                )
            }
            Term::Phrase(text) => format!("\"{}\"", text.replace('"', "\"\"")),
        }
    }

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

    /// The FTS5 MATCH expression.
    pub fn to_fts(&self) -> String {
        let groups: Vec<String> = self
            .all_of
            .iter()
            .map(|g| {
                let alts: Vec<String> = g.iter().map(Term::to_fts).collect();
                format!("({})", alts.join(" OR "))
            })
            .collect();
        let mut q = groups.join(" AND ");
        if !self.none_of.is_empty() {
            q = format!("({q})");
            for t in &self.none_of {
                q.push_str(" NOT ");
                q.push_str(&t.to_fts());
            }
        }
        q
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
    /// FTS5 bm25 rank (lower is better).
    pub rank: f64,
}

/// Marks around hits in snippets.
pub const HIT_START: &str = "«";
pub const HIT_END: &str = "»";

/// Ranked search over active documents, best first; `limit` 0 = no limit.
pub fn search(conn: &Connection, input: &str, limit: usize) -> Result<Vec<Hit>> {
    let query = Query::parse(input)?;
    let sql = format!(
        "SELECT f.rowid, snippet(documents_fts, 1, '{HIT_START}', '{HIT_END}', '…', 16),
                bm25(documents_fts, 5.0, 1.0) AS rank
         FROM documents_fts f JOIN documents d ON d.id = f.rowid
         WHERE documents_fts MATCH ?1 AND d.state = ?2
         ORDER BY rank, f.rowid
         LIMIT ?3"
    );
    let mut stmt = conn.prepare(&sql)?;
    let limit = if limit == 0 { -1 } else { limit as i64 };
    let rows = stmt
        .query_map(
            rusqlite::params![query.to_fts(), DocState::Active as i64, limit],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, f64>(2)?,
                ))
            },
        )
        .map_err(fts_error)?;
    let mut hits = Vec::new();
    for row in rows {
        let (id, snippet, rank) = row.map_err(fts_error)?;
        hits.push(Hit {
            document: documents::document(conn, id)?,
            snippet,
            rank,
        });
    }
    Ok(hits)
}

/// An FTS5 complaint about a query is a query error; anything else is not.
fn fts_error(e: rusqlite::Error) -> Error {
    let msg = e.to_string();
    if msg.contains("fts5") || msg.contains("syntax error") {
        Error::Query(msg)
    } else {
        Error::Sqlite(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(q: &str) -> String {
        Query::parse(q).unwrap().to_fts()
    }

    #[test]
    fn translation() {
        assert_eq!(fts("syria talks"), r#"("syria") AND ("talks")"#);
        assert_eq!(fts("covid-19"), r#"("covid-19")"#);
        assert_eq!(fts("Syria's U.S."), r#"("Syria's") AND ("U.S.")"#);
        assert_eq!(
            fts("\"civil war\" kremlin*"),
            r#"("civil war") AND ("kremlin"*)"#
        );
        assert_eq!(fts("“civil war”"), r#"("civil war")"#);
        assert_eq!(fts("a OR b c"), r#"("a" OR "b") AND ("c")"#);
        assert_eq!(fts("a -b -\"c d\""), r#"(("a")) NOT "b" NOT "c d""#);
        assert_eq!(
            fts("or and not near"),
            r#"("or") AND ("and") AND ("not") AND ("near")"#
        );
        assert_eq!(fts("a & b"), r#"("a") AND ("b")"#);
    }

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
