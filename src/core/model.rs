//! Plain data types shared by the store, the importer and the front ends.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::error::Error;

/// A document id. Ids are never reused (SQLite `AUTOINCREMENT`).
pub type DocId = i64;

/// Every query respects a document's state; nothing is deleted behind the user's back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocState {
    Active = 0,
    Duplicate = 1,
    Trashed = 2,
}

impl DocState {
    pub fn from_i64(v: i64) -> Self {
        match v {
            1 => DocState::Duplicate,
            2 => DocState::Trashed,
            _ => DocState::Active,
        }
    }
}

/// Where a document's shown date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// The inline ` date 2023-04-25 ` header at the start of the text.
    Header,
    /// A date in the file name (`2021-03-04_slug.txt`).
    Filename,
    /// A date found near the top of the text by the rules of earlier
    /// versions (kept for old libraries; re-derived on upgrade).
    Text,
    /// A labelled line: `Date:` in a header block at the very top, or
    /// `Published: March 4, 2021` near the top.
    Label,
    /// A dateline: a line of its own near the top that is a date
    /// ("Thursday 26 February 1987", "By staff, 4 March 2021"), or the wire
    /// form `LONDON, March 4, 2021 (Reuters) -`.
    Dateline,
    /// The `date` field of a JSONL/CSV row.
    Field,
    /// The document's own publication metadata: a web page's
    /// `article:published_time` / JSON-LD `datePublished` / `<time>`, an
    /// e-mail's `Date` header.
    Metadata,
    /// A Word/OpenDocument/PDF file's properties (when it was created).
    /// Earlier versions used it when the text stated no date; it now goes
    /// into the `file_created` metadata and is never a date (kept so old
    /// libraries read).
    Properties,
    /// A date in the page's address (`/2019/11/19/`), below the page's own
    /// metadata.
    Url,
    /// Set by hand.
    Manual,
    /// Inherited from a duplicate of the document.
    Duplicate,
}

impl DateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Header => "header",
            DateSource::Filename => "filename",
            DateSource::Text => "text",
            DateSource::Label => "label",
            DateSource::Dateline => "dateline",
            DateSource::Field => "field",
            DateSource::Metadata => "metadata",
            DateSource::Properties => "properties",
            DateSource::Url => "url",
            DateSource::Manual => "manual",
            DateSource::Duplicate => "duplicate",
        }
    }

    /// Where the date came from, as a user reads it ("the file name", "a
    /// dateline in the text"): the reader, the review and the Date source
    /// column say it so.
    pub fn label(self) -> &'static str {
        match self {
            DateSource::Header => "date line at the top",
            DateSource::Filename => "file name",
            DateSource::Text => "text, older rules",
            DateSource::Label => "\"Date:\" line",
            DateSource::Dateline => "dateline",
            DateSource::Field => "date column",
            DateSource::Metadata => "publication metadata",
            DateSource::Properties => "file properties, older versions",
            DateSource::Url => "web address",
            DateSource::Manual => "set by hand",
            DateSource::Duplicate => "from a copy",
        }
    }

    /// Every source, for the Date source filter.
    pub const ALL: [DateSource; 11] = [
        DateSource::Header,
        DateSource::Filename,
        DateSource::Label,
        DateSource::Dateline,
        DateSource::Field,
        DateSource::Metadata,
        DateSource::Url,
        DateSource::Manual,
        DateSource::Duplicate,
        DateSource::Text,
        DateSource::Properties,
    ];

    /// As [`DateSource::label`] for a stored name (unknown names as they are).
    pub fn label_of(stored: &str) -> String {
        DateSource::parse(stored).map_or_else(|| stored.to_string(), |s| s.label().to_string())
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "header" => DateSource::Header,
            "filename" => DateSource::Filename,
            "text" => DateSource::Text,
            "label" => DateSource::Label,
            "dateline" => DateSource::Dateline,
            "field" => DateSource::Field,
            "metadata" => DateSource::Metadata,
            "properties" => DateSource::Properties,
            "url" => DateSource::Url,
            "manual" => DateSource::Manual,
            "duplicate" => DateSource::Duplicate,
            _ => return None,
        })
    }
}

impl fmt::Display for DateSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A calendar date that may be partial: a year, a month, or a day.
///
/// Stored as text (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) so that it sorts correctly
/// and prefixes select a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// A checked constructor: the day must exist in that month (leap years included).
    pub fn new(year: i32, month: Option<u32>, day: Option<u32>) -> Option<Self> {
        if !(1000..=2999).contains(&year) {
            return None;
        }
        if day.is_some() && month.is_none() {
            return None;
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            jiff::civil::Date::new(year as i16, m as i8, d as i8).ok()?;
        }
        Some(PartialDate {
            year: year as i16,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        Self::new(year, Some(month), Some(day))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = Error;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || Error::InvalidDate(s.to_string());
        let t = s.trim();
        let mut parts = t.split('-');
        let num = |p: Option<&str>, len: usize| -> Result<Option<u32>, Error> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| bad())
                }
                Some(_) => Err(bad()),
            }
        };
        let year = num(parts.next(), 4)?.ok_or_else(bad)?;
        let month = num(parts.next(), 2)?;
        let day = num(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(bad());
        }
        PartialDate::new(year as i32, month, day).ok_or_else(bad)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One place a document was found: a file, or a row of a JSONL/CSV file.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The path as the user sees it (`FILE#N` for a row); the exact bytes are kept in the library.
    pub path: String,
    /// Line (JSONL) or row (CSV) number, 0 for a whole file.
    pub row: i64,
    pub size: i64,
    /// Modification time, seconds since the Unix epoch.
    pub mtime: Option<i64>,
    pub encoding: String,
    pub date: Option<PartialDate>,
    pub date_source: Option<DateSource>,
}

/// A document as the front ends list it (without its text).
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: DocId,
    pub title: String,
    /// The title found in the document while `title` is one set by hand.
    pub found_title: Option<String>,
    /// First source path.
    pub path: String,
    /// Every source path.
    pub paths: Vec<String>,
    pub date: Option<PartialDate>,
    pub date_source: Option<DateSource>,
    /// Encoding of the first source.
    pub encoding: String,
    pub tags: Vec<String>,
    pub state: DocState,
    pub byte_len: i64,
    /// Seconds since the Unix epoch.
    pub imported_at: i64,
    pub meta: serde_json::Map<String, serde_json::Value>,
}

/// A tag's id in its library.
pub type TagId = i64;

/// An entity (a person, organisation or place) in the library.
pub type EntityId = i64;

/// An import run's id in its library.
pub type BatchId = i64;

/// A saved search's id in its library.
pub type SavedId = i64;

/// A coded passage's row id.
pub type PassageId = i64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_parse_and_print() {
        for s in ["2023-04-25", "2023-04", "2023"] {
            let d: PartialDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for s in [
            "2023-02-30",
            "2023-13",
            "2023-4-5",
            "99",
            "2023-04-25-1",
            "",
            "abcd",
        ] {
            assert!(s.parse::<PartialDate>().is_err(), "{s}");
        }
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
        assert!("2023-02-29".parse::<PartialDate>().is_err());
    }

    #[test]
    fn partial_dates_sort_by_text() {
        let mut v: Vec<PartialDate> = ["2023-05", "2023", "2023-04-25"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        v.sort_by_key(|d| d.to_string());
        assert_eq!(v[0].to_string(), "2023");
    }
}
