//! Saving what can still be read from a damaged library.
//!
//! Documents are read by id range straight from the documents table, on a
//! read-only connection. A range that fails is split in halves down to
//! single documents, so one unreadable page costs only the documents on
//! it. The result is a JSONL file in the export's shape (corpusdesk and
//! every JSONL reader can import it), written aside and renamed.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use serde_json::{Map, Value};

use super::open_reader;
use crate::core::error::{Error, Result};
use crate::core::fsx;

/// What a salvage saved.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SalvageReport {
    pub saved: usize,
    /// Ids that could not be read (documents that may have been there).
    pub unreadable: Vec<(i64, i64)>,
}

impl SalvageReport {
    /// "Saved 1,204 documents; ids 310–342 could not be read."
    pub fn summary(&self) -> String {
        let mut s = format!(
            "Saved {}",
            crate::core::counts::plural(self.saved, "document", "documents")
        );
        if self.unreadable.is_empty() {
            s.push_str("; every document could be read.");
        } else {
            let ranges: Vec<String> = self
                .unreadable
                .iter()
                .take(5)
                .map(|(a, b)| {
                    if a == b {
                        a.to_string()
                    } else {
                        format!("{a}–{b}")
                    }
                })
                .collect();
            let more = if self.unreadable.len() > 5 {
                ", …"
            } else {
                ""
            };
            s.push_str(&format!(
                "; ids {}{more} could not be read.",
                ranges.join(", ")
            ));
        }
        s
    }
}

/// Ids per read.
const RANGE: i64 = 500;

/// Writes every readable document of the library at `library` to `dest`
/// (JSONL). `progress(done, total)` counts ids.
pub fn salvage_jsonl(
    library: &Path,
    dest: &Path,
    overwrite: bool,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(i64, i64),
) -> Result<SalvageReport> {
    fsx::check_destination(
        library,
        dest,
        false,
        overwrite,
        "file for the saved documents",
    )?;
    let conn = open_reader(library)?;
    let top = highest_id(&conn);
    let tags = Extras {
        tags: tag_names(&conn),
        coding: coding_notes(&conn),
    };
    let mut file = fsx::temp_file_for(dest, ".corpusdesk-export-")?;
    let mut report = SalvageReport::default();
    {
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        let mut start = 1;
        while start <= top {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let end = (start + RANGE - 1).min(top);
            read_range(&conn, start, end, &tags, &mut out, &mut report)?;
            progress(end, top);
            start = end + 1;
        }
        out.flush()?;
    }
    fsx::persist(file, dest, overwrite)?;
    Ok(report)
}

/// The highest id ever given, from wherever it can still be read.
fn highest_id(conn: &Connection) -> i64 {
    let ask = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, Option<i64>>(0))
            .ok()
            .flatten()
    };
    ask("SELECT seq FROM sqlite_sequence WHERE name = 'documents'")
        .into_iter()
        .chain(ask("SELECT max(id) FROM documents"))
        .max()
        .unwrap_or(0)
}

/// Each document's tag names, as far as they can be read.
fn tag_names(conn: &Connection) -> HashMap<i64, Vec<String>> {
    let mut by_doc: HashMap<i64, Vec<String>> = HashMap::new();
    let Ok(mut stmt) = conn
        .prepare("SELECT dt.doc_id, t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id")
    else {
        return by_doc;
    };
    let Ok(rows) = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))) else {
        return by_doc;
    };
    // A damaged tag table stops the list where it breaks: documents still
    // save, with the tags read so far.
    for (doc, name) in rows.map_while(|r| r.ok()) {
        by_doc.entry(doc).or_default().push(name);
    }
    by_doc
}

/// What a saved document carries besides its row, read as far as it can be.
struct Extras {
    tags: HashMap<i64, Vec<String>>,
    /// Per document: coded passages and memos (JSON objects).
    coding: HashMap<i64, (Vec<Value>, Vec<Value>)>,
}

/// Each document's coded passages (tag, start, end, coder, memo) and
/// memos, as far as they can be read (a damaged table stops the list
/// where it breaks).
fn coding_notes(conn: &Connection) -> HashMap<i64, (Vec<Value>, Vec<Value>)> {
    let mut out: HashMap<i64, (Vec<Value>, Vec<Value>)> = HashMap::new();
    if let Ok(mut stmt) = conn.prepare(
        "SELECT p.doc_id, p.id, t.name, p.start, p.end, p.coder,
                (SELECT m.text FROM memos m WHERE m.target = 'passage' AND m.target_id = p.id)
           FROM passages p JOIN tags t ON t.id = p.tag_id WHERE p.removed = 0",
    ) && let Ok(rows) = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            serde_json::json!({
                "id": r.get::<_, i64>(1)?,
                "tag": r.get::<_, String>(2)?,
                "start": r.get::<_, i64>(3)?,
                "end": r.get::<_, i64>(4)?,
                "coder": r.get::<_, String>(5)?,
                "memo": r.get::<_, Option<String>>(6)?,
            }),
        ))
    }) {
        for (doc, p) in rows.map_while(|r| r.ok()) {
            out.entry(doc).or_default().0.push(p);
        }
    }
    if let Ok(mut stmt) = conn.prepare(
        "SELECT target_id, author, text FROM memos WHERE target = 'document'",
    ) && let Ok(rows) = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            serde_json::json!({"author": r.get::<_, String>(1)?, "text": r.get::<_, String>(2)?}),
        ))
    }) {
        for (doc, m) in rows.map_while(|r| r.ok()) {
            out.entry(doc).or_default().1.push(m);
        }
    }
    out
}

type DocRow = (
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

fn read_rows(conn: &Connection, start: i64, end: i64) -> Result<Vec<DocRow>> {
    // One id is looked up exactly: a range scan steps on to the next row to
    // see where the range ends, and that row may be on the damaged page.
    let sql = if start == end {
        "SELECT id, state, title, text, date, date_source, meta FROM documents
         WHERE id = ?1 AND ?2 = ?2"
    } else {
        "SELECT id, state, title, text, date, date_source, meta FROM documents
         WHERE id BETWEEN ?1 AND ?2 ORDER BY id"
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([start, end], |r| r.try_into())?
        .collect::<rusqlite::Result<Vec<DocRow>>>()?;
    Ok(rows)
}

/// Saves the documents with ids in `start..=end`, halving a range that
/// cannot be read.
fn read_range(
    conn: &Connection,
    start: i64,
    end: i64,
    tags: &Extras,
    out: &mut dyn Write,
    report: &mut SalvageReport,
) -> Result<()> {
    match read_rows(conn, start, end) {
        Ok(rows) => {
            for row in rows {
                writeln!(out, "{}", Value::Object(to_json(row, tags)))?;
                report.saved += 1;
            }
            Ok(())
        }
        Err(Error::Corrupt(_)) | Err(Error::Sqlite(_)) if start < end => {
            let mid = start + (end - start) / 2;
            read_range(conn, start, mid, tags, out, report)?;
            read_range(conn, mid + 1, end, tags, out, report)
        }
        Err(Error::Corrupt(_)) | Err(Error::Sqlite(_)) => {
            match report.unreadable.last_mut() {
                Some((_, last)) if *last + 1 == start => *last = end,
                _ => report.unreadable.push((start, end)),
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}

fn to_json(row: DocRow, extras: &Extras) -> Map<String, Value> {
    let tags = &extras.tags;
    let (id, state, title, text, date, date_source, meta) = row;
    let mut m = Map::new();
    m.insert("id".into(), id.into());
    m.insert("title".into(), title.into());
    m.insert("text".into(), text.into());
    m.insert("date".into(), date.into());
    m.insert("date_source".into(), date_source.into());
    let state = match state {
        1 => "duplicate",
        2 => "trash",
        _ => "active",
    };
    m.insert("state".into(), state.into());
    m.insert(
        "tags".into(),
        tags.get(&id).cloned().unwrap_or_default().into(),
    );
    let (passages, memos) = extras.coding.get(&id).cloned().unwrap_or_default();
    m.insert("passages".into(), Value::Array(passages));
    m.insert("memos".into(), Value::Array(memos));
    if let Ok(Value::Object(meta)) = serde_json::from_str::<Value>(&meta) {
        for (k, v) in meta {
            m.entry(k).or_insert(v);
        }
    }
    m
}
