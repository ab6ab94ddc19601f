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
    /// The file is a scan: its text comes from OCR, later (no rows now).
    pub scan: Option<Scan>,
}

/// A file whose text (or some of it) must be read from images by OCR: a
/// PDF with scanned pages, an image file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    pub kind: ScanKind,
    /// Its pages (an image file: its frames).
    pub pages: u32,
    /// Of those, the ones OCR reads (a mixed PDF's text pages are not).
    pub ocr_pages: u32,
    /// blake3 of the file's bytes: the OCR cache's key, and the check
    /// that the file is still the one imported.
    pub file_hash: [u8; 32],
}

/// What kind of file a [`Scan`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanKind {
    Pdf,
    Image,
}

impl ScanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScanKind::Pdf => "pdf",
            ScanKind::Image => "image",
        }
    }

    pub fn parse(s: &str) -> Option<ScanKind> {
        match s {
            "pdf" => Some(ScanKind::Pdf),
            "image" => Some(ScanKind::Image),
            _ => None,
        }
    }
}

impl FileDocs {
    pub(super) fn one(doc: Parsed, encoding: &str) -> Self {
        FileDocs {
            rows: vec![Ok(doc)],
            encoding: encoding.to_string(),
            notes: Vec::new(),
            scan: None,
        }
    }

    /// A scan waiting for OCR.
    pub(super) fn scan(scan: Scan) -> Self {
        FileDocs {
            rows: Vec::new(),
            encoding: "OCR".into(),
            notes: Vec::new(),
            scan: Some(scan),
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

/// A scan for the OCR queue (see [`Scan`]).
#[derive(Debug, Clone)]
pub struct ScanItem {
    pub path_bytes: Vec<u8>,
    pub path_text: String,
    pub size: i64,
    pub mtime: Option<i64>,
    pub scan: Scan,
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
