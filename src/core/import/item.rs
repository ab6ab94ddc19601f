//! What a format's parser hands back: documents ready to store
//! ([`Parsed`]), rows that could not be read, what one file gave
//! ([`FileDocs`]), and the byte searches the parsers share. Every format
//! module imports these; this module imports none of them.

use serde_json::{Map, Value};

use crate::core::model::{DateSource, PartialDate};

/// One document ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// Line (JSONL), row (CSV) or message (mbox) number, 0 for a whole file.
    pub row: i64,
    pub title: String,
    pub text: String,
    pub date: Option<(PartialDate, DateSource)>,
    pub tags: Vec<String>,
    pub meta: Map<String, Value>,
}

impl Parsed {
    /// A whole-file document with no tags.
    pub fn file(title: String, text: String, date: Option<(PartialDate, DateSource)>) -> Self {
        Parsed {
            row: 0,
            title,
            text,
            date,
            tags: Vec::new(),
            meta: Map::new(),
        }
    }

    /// Adds a metadata field when it has a value.
    pub fn set_meta(&mut self, key: &str, value: Option<String>) {
        if let Some(v) = value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
        {
            self.meta.insert(key.to_string(), Value::String(v));
        }
    }
}

/// A row that could not be read: its number and why.
pub type RowError = (i64, String);

/// What one file gave.
#[derive(Debug, Default)]
pub struct FileDocs {
    pub rows: Vec<Result<Parsed, RowError>>,
    /// The character encoding the text was read in.
    pub encoding: String,
    /// What the user should know about documents that did import
    /// ("no article found: the page's visible text was kept").
    pub notes: Vec<String>,
}

impl FileDocs {
    pub(super) fn one(doc: Parsed, encoding: &str) -> Self {
        FileDocs {
            rows: vec![Ok(doc)],
            encoding: encoding.to_string(),
            notes: Vec::new(),
        }
    }
}

/// Where `needle` first occurs in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` first occurs in `hay`, ASCII case ignored.
pub fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// One document (or one more source of an existing one) for the writer.
#[derive(Debug, Clone)]
pub struct Item {
    pub path_bytes: Vec<u8>,
    pub path_text: String,
    pub size: i64,
    pub mtime: Option<i64>,
    pub encoding: String,
    pub hash: [u8; 32],
    pub doc: Parsed,
}
