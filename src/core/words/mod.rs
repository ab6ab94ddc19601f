//! Reading the corpus: concordance (KWIC), frequency lists, keywords and
//! collocations, over exactly the documents a view shows.
//!
//! Words are the search index's tokens ([`crate::core::search::index::analyzer`]:
//! runs of letters and digits, lower-cased, diacritics folded), so a word's
//! count here and its hits in a search agree: `covid-19` is the two words
//! `covid` and `19`, `don't` is `don` and `t`, `Genève` is `geneve`. Only
//! the text is read, not the title.
//!
//! Every analysis reads the documents in chunks and tokenizes them on all
//! cores; each takes a cancel flag and reports (documents done, of).

pub mod collocates;
pub mod freq;
pub mod keywords;
pub mod kwic;
pub mod over_time;
pub mod stats;
pub mod stopwords;

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use crate::core::error::{Error, Result};
use crate::core::model::DocId;
use crate::core::view::Filter;

/// One word of a text: where it is (bytes) and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub word: String,
}

/// The words of `text`, as the search index has them.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut analyzer = crate::core::search::index::analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::with_capacity(text.len() / 6);
    while let Some(t) = stream.next() {
        out.push(Token {
            start: t.offset_from,
            end: t.offset_to,
            word: t.text.clone(),
        });
    }
    out
}

/// The normalised words of `text`, without their places.
pub fn words(text: &str) -> Vec<String> {
    tokenize(text).into_iter().map(|t| t.word).collect()
}

/// The documents a view shows, in id order: its search, tags, dates and
/// metadata; marked duplicates only when the view shows them.
pub fn scope(conn: &Connection, filter: &Filter, cancel: &AtomicBool) -> Result<Vec<DocId>> {
    if filter.query.is_some() {
        crate::core::search::current_index(conn, Some(crate::core::search::INLINE_SYNC))?;
    }
    let mut ids = crate::core::view::filtered_ids(conn, filter, None, cancel)?;
    ids.sort_unstable();
    Ok(ids)
}

/// A document's text as an analysis reads it.
pub struct Doc {
    pub id: DocId,
    pub title: String,
    /// "YYYY-MM-DD" (or a partial date), when dated.
    pub date: Option<String>,
    pub text: String,
    /// The detected or given language (`meta.lang`).
    pub lang: Option<String>,
}

/// Documents per read.
const CHUNK: usize = 500;

/// Reads the documents `ids` a chunk at a time and hands each chunk to
/// `f`; `progress(done, total)` after each.
pub fn for_each_chunk(
    conn: &Connection,
    ids: &[DocId],
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
    f: &mut dyn FnMut(Vec<Doc>) -> Result<()>,
) -> Result<()> {
    let total = ids.len();
    progress(0, total);
    for (i, chunk) in ids.chunks(CHUNK).enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, title, date, text, json_extract(meta, '$.lang') FROM documents
             WHERE id IN ({marks}) ORDER BY id"
        ))?;
        let docs = stmt
            .query_map(rusqlite::params_from_iter(chunk.iter()), |r| {
                Ok(Doc {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    date: r.get(2)?,
                    text: r.get(3)?,
                    lang: r.get::<_, Option<String>>(4).ok().flatten(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        f(docs)?;
        progress(((i + 1) * CHUNK).min(total), total);
    }
    Ok(())
}

/// Progress of an analysis: documents read, of.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_search_index_tokens() {
        assert_eq!(
            words("Covid-19: Genève's U.S. talks, don't!"),
            ["covid", "19", "geneve", "s", "u", "s", "talks", "don", "t"]
        );
        let t = tokenize("Für  Übung");
        assert_eq!(t[1].word, "ubung");
        assert_eq!(&"Für  Übung"[t[1].start..t[1].end], "Übung");
    }
}
