//! Qualitative coding over a store: autocode (code what you searched),
//! retrieval of coded passages (with combinations of tags), counts and
//! co-occurrence per tag, and passages written out as CSV or JSONL.
//! Passages and memos themselves are stored, and changed, by
//! `store::passages` and `store::memos` (the one edit door).

pub mod agreement;
pub mod autocode;
pub mod retrieve;
pub mod units;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

pub use autocode::Plan;
pub use retrieve::{Combine, Overview, PassageQuery, PassageRow, PassageSort, TagCount};
pub use units::Unit;

use crate::core::error::{Error, Result};

/// A passage with some of the text around it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub left: String,
    pub text: String,
    pub right: String,
}

/// The longest passage text a list or an export holds (a passage of a
/// whole 5 MB book is cut, with "…", and never copied whole per row).
pub const MAX_PASSAGE_CHARS: i64 = 20_000;

/// The text of a passage and `context` characters each side (cut at a
/// word when it can be).
pub fn excerpt(conn: &Connection, row: &PassageRow, context: i64) -> Result<Excerpt> {
    let len = (row.end - row.start).min(MAX_PASSAGE_CHARS);
    let from = (row.start - context).max(0);
    let got: Option<(String, String, String)> = conn
        .prepare_cached(
            "SELECT substr(text, ?2 + 1, ?3 - ?2), substr(text, ?3 + 1, ?4),
                    substr(text, ?5 + 1, ?6)
               FROM documents WHERE id = ?1",
        )?
        .query_row(
            params![row.doc, from, row.start, len, row.end, context],
            |r| r.try_into(),
        )
        .optional()?;
    let Some((left, mut text, right)) = got else {
        return Ok(Excerpt::default());
    };
    if len < row.end - row.start {
        text.push('…');
    }
    let left = match left.find(char::is_whitespace) {
        Some(i) if from > 0 => left[i..].trim_start().to_string(),
        _ => left,
    };
    let right = match right.rfind(char::is_whitespace) {
        Some(i) if right.chars().count() as i64 >= context => right[..i].trim_end().to_string(),
        _ => right,
    };
    Ok(Excerpt { left, text, right })
}

/// How passages are written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

/// The columns of a passages CSV (and the keys of each JSONL line).
pub const COLUMNS: [&str; 14] = [
    "passage", "document", "title", "date", "outlet", "tag", "coder", "coded_at", "start", "end",
    "text", "left", "right", "memo",
];

/// One row's fields, in [`COLUMNS`] order.
fn fields_of(conn: &Connection, r: &PassageRow) -> Result<[String; 14]> {
    let ex = excerpt(conn, r, 120)?;
    let memo = crate::core::store::passages::memo_of(conn, r.id)?.unwrap_or_default();
    Ok([
        r.id.to_string(),
        r.doc.to_string(),
        r.title.clone(),
        r.date.clone().unwrap_or_default(),
        r.outlet.clone(),
        r.tag_path.clone(),
        r.coder.clone(),
        crate::core::counts::iso_time(r.created_at),
        r.start.to_string(),
        r.end.to_string(),
        ex.text,
        ex.left,
        ex.right,
        memo,
    ])
}

/// One row as a JSON object (numbers as numbers, empty date or memo null).
fn json_of(fields: [String; 14]) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    for (k, v) in COLUMNS.iter().zip(fields) {
        let value = match *k {
            "passage" | "document" | "start" | "end" => {
                serde_json::Value::from(v.parse::<i64>().unwrap_or_default())
            }
            "date" | "memo" if v.is_empty() => serde_json::Value::Null,
            _ => serde_json::Value::from(v),
        };
        m.insert((*k).to_string(), value);
    }
    m
}

/// Writes `rows` with their text, context and memo to `out`.
/// `progress(done, total)` every 1,024 rows; `cancel` stops it.
pub fn write_rows(
    conn: &Connection,
    rows: &[PassageRow],
    format: Format,
    out: &mut dyn Write,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let mut tick = |i: usize| -> Result<()> {
        if i.is_multiple_of(1024) {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            progress(i, rows.len());
        }
        Ok(())
    };
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(COLUMNS).map_err(Error::from)?;
            for (i, r) in rows.iter().enumerate() {
                tick(i)?;
                w.write_record(fields_of(conn, r)?).map_err(Error::from)?;
            }
            w.flush()?;
        }
        Format::Jsonl => {
            let mut line = Vec::new();
            for (i, r) in rows.iter().enumerate() {
                tick(i)?;
                line.clear();
                serde_json::to_writer(&mut line, &json_of(fields_of(conn, r)?))?;
                line.push(b'\n');
                out.write_all(&line)?;
            }
        }
    }
    out.flush()?;
    progress(rows.len(), rows.len());
    Ok(())
}

/// Writes `rows` to the file `dest` (aside first, renamed when whole).
pub fn write_file(
    conn: &Connection,
    rows: &[PassageRow],
    format: Format,
    dest: &std::path::Path,
    overwrite: bool,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let mut file = crate::core::fsx::temp_file_for(dest, ".corpusdesk-export-")?;
    {
        let mut w = std::io::BufWriter::new(file.as_file_mut());
        write_rows(conn, rows, format, &mut w, cancel, progress)?;
    }
    crate::core::fsx::persist(file, dest, overwrite)
}
