//! Reading documents and the document-level edits (date, state).

use rusqlite::{Connection, OptionalExtension, Row, Transaction};

use super::change::{Change, DateEdit, DateOverride, Edit, TitleEdit};
use super::edit;
use crate::core::counts::documents;
use crate::core::error::{Error, Result};
use crate::core::model::{DateSource, DocId, DocState, Document, PartialDate, Source};

/// Columns read by [`document_from_row`].
const DOC_COLUMNS: &str = "d.id, d.title, d.date, d.date_source, d.state, d.byte_len, d.imported_at, d.meta, d.found_title";

fn parse_date(s: Option<String>) -> Option<PartialDate> {
    s.and_then(|s| s.parse().ok())
}

/// A document from a row of [`DOC_COLUMNS`]; sources and tags are filled after.
fn document_from_row(r: &Row) -> rusqlite::Result<Document> {
    let meta: String = r.get(7)?;
    Ok(Document {
        id: r.get(0)?,
        title: r.get(1)?,
        found_title: r.get(8)?,
        path: String::new(),
        paths: Vec::new(),
        date: parse_date(r.get(2)?),
        date_source: r
            .get::<_, Option<String>>(3)?
            .and_then(|s| DateSource::parse(&s)),
        encoding: String::new(),
        tags: Vec::new(),
        state: DocState::from_i64(r.get(4)?),
        byte_len: r.get(5)?,
        imported_at: r.get(6)?,
        meta: serde_json::from_str(&meta).unwrap_or_default(),
    })
}

/// Fills a document's paths, encoding and tags.
fn complete(conn: &Connection, doc: &mut Document) -> Result<()> {
    let mut sources = conn.prepare_cached(
        "SELECT path_text, row, encoding FROM sources WHERE doc_id = ?1 ORDER BY id",
    )?;
    let rows = sources.query_map([doc.id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (path, row, encoding) = row?;
        if doc.paths.is_empty() {
            doc.encoding = encoding;
        }
        doc.paths.push(display_path(&path, row));
    }
    doc.path = doc.paths.first().cloned().unwrap_or_default();
    let mut tags = conn.prepare_cached(
        "SELECT t.name FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
         WHERE dt.doc_id = ?1 ORDER BY t.name COLLATE NOCASE",
    )?;
    doc.tags = tags
        .query_map([doc.id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(())
}

/// `FILE#N` for a row of a JSONL/CSV file, the path alone for a whole file.
pub fn display_path(path: &str, row: i64) -> String {
    if row > 0 {
        format!("{path}#{row}")
    } else {
        path.to_string()
    }
}

/// One document, whatever its state.
pub fn document(conn: &Connection, id: DocId) -> Result<Document> {
    let sql = format!("SELECT {DOC_COLUMNS} FROM documents d WHERE d.id = ?1");
    let mut doc = conn
        .query_row(&sql, [id], document_from_row)
        .optional()?
        .ok_or(Error::no_document(id))?;
    complete(conn, &mut doc)?;
    Ok(doc)
}

/// Calls `each` for every document in `state`, by id, streaming (never all in memory).
pub fn for_each(
    conn: &Connection,
    state: DocState,
    mut each: impl FnMut(Document) -> Result<()>,
) -> Result<()> {
    let sql = format!("SELECT {DOC_COLUMNS} FROM documents d WHERE d.state = ?1 ORDER BY d.id");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([state as i64])?;
    while let Some(row) = rows.next()? {
        let mut doc = document_from_row(row)?;
        complete(conn, &mut doc)?;
        each(doc)?;
    }
    Ok(())
}

/// A document's text.
pub fn text(conn: &Connection, id: DocId) -> Result<String> {
    conn.query_row("SELECT text FROM documents WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(Error::no_document(id))
}

/// Every source of a document, oldest first.
pub fn sources(conn: &Connection, id: DocId) -> Result<Vec<Source>> {
    let mut stmt = conn.prepare_cached(
        "SELECT path_text, row, size, mtime, encoding, found_date, found_source
         FROM sources WHERE doc_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Source {
            path: r.get(0)?,
            row: r.get(1)?,
            size: r.get(2)?,
            mtime: r.get(3)?,
            encoding: r.get(4)?,
            date: parse_date(r.get(5)?),
            date_source: r
                .get::<_, Option<String>>(6)?
                .and_then(|s| DateSource::parse(&s)),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of documents in `state`.
pub fn count(conn: &Connection, state: DocState) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM documents WHERE state = ?1",
        [state as i64],
        |r| r.get(0),
    )?)
}

fn current_override(tx: &Transaction, id: DocId) -> Result<DateOverride> {
    tx.query_row(
        "SELECT set_date, set_source FROM documents WHERE id = ?1",
        [id],
        |r| {
            Ok(DateOverride {
                date: r.get(0)?,
                source: r.get(1)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::no_document(id))
}

/// Sets (or, with `None`, clears) the manual date of documents, undoably.
/// `Some(None)` marks them explicitly undated; `None` returns them to the
/// date found in the document itself.
pub fn set_date(tx: &Transaction, ids: &[DocId], date: Option<Option<PartialDate>>) -> Result<()> {
    edit::commit(tx, plan_set_date(tx, ids, date)?).map(|_| ())
}

/// What [`set_date`] would do, as a planned edit.
pub fn plan_set_date(
    tx: &Transaction,
    ids: &[DocId],
    date: Option<Option<PartialDate>>,
) -> Result<Edit> {
    let after = match date {
        None => DateOverride {
            date: None,
            source: None,
        },
        Some(d) => DateOverride {
            date: d.map(|d| d.to_string()),
            source: Some(DateSource::Manual.as_str().to_string()),
        },
    };
    let mut edits = Vec::with_capacity(ids.len());
    for &id in ids {
        edits.push(DateEdit {
            id,
            before: current_override(tx, id)?,
            after: after.clone(),
        });
    }
    let n = documents(ids.len());
    let label = match (&after.date, &after.source) {
        (Some(d), _) => format!("set the date {d} on {n}"),
        (None, Some(_)) => format!("mark {n} undated"),
        (None, None) => format!("clear the manual date of {n}"),
    };
    Ok(Edit::new(label, Change::SetDate { edits }, ids.len()))
}

/// Moves documents to `state` (e.g. to the trash), undoably.
pub fn set_state(tx: &Transaction, ids: &[DocId], state: DocState) -> Result<()> {
    edit::commit(tx, plan_set_state(tx, ids, state)?).map(|_| ())
}

/// What [`set_state`] would do, as a planned edit.
pub fn plan_set_state(tx: &Transaction, ids: &[DocId], state: DocState) -> Result<Edit> {
    let mut current = tx.prepare_cached("SELECT state FROM documents WHERE id = ?1")?;
    let mut before = Vec::with_capacity(ids.len());
    for &id in ids {
        let s: i64 = current
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(Error::no_document(id))?;
        before.push(DocState::from_i64(s));
    }
    let n = documents(ids.len());
    let label = match state {
        DocState::Trashed => format!("move {n} to the trash"),
        DocState::Duplicate => format!("mark {n} as duplicates"),
        DocState::Active => format!("restore {n}"),
    };
    Ok(Edit::new(
        label,
        Change::SetState {
            ids: ids.to_vec(),
            before,
            after: state,
        },
        ids.len(),
    ))
}

/// Longest title a user may set, in characters.
pub const TITLE_MAX: usize = 500;

/// Sets (with `Some`) or clears (back to the found title) a document's
/// title by hand, undoably.
pub fn set_title(tx: &Transaction, id: DocId, title: Option<&str>) -> Result<()> {
    edit::commit(tx, plan_set_title(tx, id, title)?).map(|_| ())
}

/// What [`set_title`] would do, as a planned edit.
pub fn plan_set_title(tx: &Transaction, id: DocId, title: Option<&str>) -> Result<Edit> {
    let (shown, found): (String, Option<String>) = tx
        .query_row(
            "SELECT title, found_title FROM documents WHERE id = ?1",
            [id],
            |r| r.try_into(),
        )
        .optional()?
        .ok_or(Error::no_document(id))?;
    let after = match title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")) {
        Some(t) if t.is_empty() => return Err(Error::Query("a title cannot be empty".into())),
        Some(t) if t.chars().count() > TITLE_MAX => {
            return Err(Error::Query(format!(
                "a title can have at most {TITLE_MAX} characters"
            )));
        }
        Some(t) => Some(t),
        None => None,
    };
    // `None` on either side: the found title.
    let before = found.is_some().then_some(shown);
    if before == after {
        return Ok(Edit::none());
    }
    let label = match &after {
        Some(t) => format!("set the title \"{t}\""),
        None => "go back to the found title".to_string(),
    };
    Ok(Edit::new(
        label,
        Change::SetTitle {
            edits: vec![TitleEdit { id, before, after }],
        },
        1,
    ))
}

/// Every metadata key among `ids`, sorted.
pub fn meta_keys(conn: &Connection, ids: &[DocId]) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT j.key FROM documents d, json_each(d.meta) j WHERE d.id = ?1 AND d.meta != '{}'",
    )?;
    let mut keys = std::collections::BTreeSet::new();
    for &id in ids {
        for k in stmt.query_map([id], |r| r.get::<_, String>(0))? {
            keys.insert(k?);
        }
    }
    Ok(keys.into_iter().collect())
}
