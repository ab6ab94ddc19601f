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

/// A map keyed by words, with a fast hasher: counting is mostly hashing,
/// and std's SipHash took a third of a frequency list's time. foldhash's
/// seeds are random per map, so crafted texts cannot pick collisions.
pub type WordMap<V> = std::collections::HashMap<String, V, foldhash::fast::RandomState>;

/// One word of a text: where it is (bytes) and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub word: String,
}

/// The words of `text`, as the search index has them.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    for_each_token(text, |start, end, word| {
        out.push(Token {
            start,
            end,
            word: word.to_string(),
        })
    });
    out
}

/// Calls `f(start, end, word)` for each token of `text`, exactly as the
/// search index's analyzer makes them (a property test holds the two
/// equal), but faster: the analyzer copies and re-checks every token, while
/// here a run of ASCII letters and digits — nearly every word of most
/// corpora — is only lower-cased into one reused buffer. Any other run
/// goes through the analyzer itself.
pub fn for_each_token(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    use crate::core::search::index::MAX_TOKEN_BYTES;
    let bytes = text.as_bytes();
    // The char at byte `i` (a char boundary) and its length, if a letter or digit.
    let alnum_at = |i: usize| -> Option<usize> {
        let b = bytes[i];
        if b < 0x80 {
            return b.is_ascii_alphanumeric().then_some(1);
        }
        let c = text[i..].chars().next()?;
        c.is_alphanumeric().then(|| c.len_utf8())
    };
    let mut buf = String::new();
    let mut analyzer = None;
    let mut i = 0;
    while i < bytes.len() {
        let Some(len) = alnum_at(i) else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let start = i;
        let mut ascii = len == 1;
        i += len;
        while i < bytes.len() {
            match alnum_at(i) {
                Some(len) => {
                    ascii &= len == 1;
                    i += len;
                }
                None => break,
            }
        }
        // The analyzer drops tokens this long (before lower-casing).
        if i - start >= MAX_TOKEN_BYTES {
            continue;
        }
        if ascii {
            buf.clear();
            buf.push_str(&text[start..i]);
            buf.make_ascii_lowercase();
            f(start, i, &buf);
        } else {
            let analyzer = analyzer.get_or_insert_with(crate::core::search::index::analyzer);
            let mut stream = analyzer.token_stream(&text[start..i]);
            while let Some(t) = stream.next() {
                f(start + t.offset_from, start + t.offset_to, &t.text);
            }
        }
    }
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

    /// The search index's own tokens of `text`.
    fn analyzer_tokens(text: &str) -> Vec<Token> {
        let mut analyzer = crate::core::search::index::analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(Token {
                start: t.offset_from,
                end: t.offset_to,
                word: t.text.clone(),
            });
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_fast_tokens_are_the_analyzers(
            text in proptest::string::string_regex(
                "([a-zA-Z0-9]{1,6}|[ .,;:'’\\-\n\t]|[éÉßİıØøæÆœ]|[ΑαΣσς]|[日本語]|[\u{0301}\u{200d}]|[²½٣]|[\u{1F600}]|x{79,82}|Ä{39,41}){0,40}"
            ).unwrap_or_else(|e| panic!("{e}"))
        ) {
            proptest::prop_assert_eq!(tokenize(&text), analyzer_tokens(&text));
        }
    }

    #[test]
    fn the_fast_tokens_agree_on_long_and_mixed_words() {
        for text in [
            "Genève's naïve café-au-lait: Øresund, İstanbul, straße",
            &"a".repeat(79),
            &"a".repeat(80),
            &format!("{} ok", "é".repeat(40)),
            "x\u{0301}y 3½ COVID-19 ٣٤",
            "",
        ] {
            assert_eq!(tokenize(text), analyzer_tokens(text), "{text:?}");
        }
    }

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
