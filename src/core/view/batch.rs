//! Batch search: a list of queries (a `.txt` with one per line, or a CSV
//! with a `query` column and an optional `tag`), each run on the library,
//! with its hit count; every query's hits can be tagged in one undoable
//! step and written to a CSV of (query, document id, title, date, source,
//! snippet). A line that cannot be understood is listed with its reason;
//! the rest run.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use serde::Serialize;

use crate::core::error::{Error, Result};
use crate::core::model::DocId;
use crate::core::search::{Query, snippet};
use crate::core::store::documents;
use crate::core::view::{self, Filter};

/// One query of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchQuery {
    /// Its line in the file (1-based; the CSV header is line 1).
    pub line: usize,
    pub query: String,
    /// The tag its hits get (from the CSV's `tag` column).
    pub tag: Option<String>,
    /// Why it cannot run, when it cannot.
    pub error: Option<String>,
}

/// A query's hits, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchResult {
    #[serde(flatten)]
    pub query: BatchQuery,
    pub ids: Vec<DocId>,
}

fn checked(line: usize, query: &str, tag: Option<String>) -> BatchQuery {
    let query = query.trim().to_string();
    let error = match Query::parse(&query) {
        Ok(_) => None,
        Err(Error::Query(msg)) => Some(msg),
        Err(e) => Some(e.to_string()),
    };
    BatchQuery {
        line,
        query,
        tag: tag.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        error,
    }
}

/// Does the text look like a CSV with a `query` column (its first line)?
fn is_csv(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    first
        .split(',')
        .any(|c| c.trim().trim_matches('"').eq_ignore_ascii_case("query"))
}

/// Reads a batch: a CSV when its first line names a `query` column, else
/// one query per line (blank lines and lines starting with `#` skipped).
pub fn parse(text: &str) -> Result<Vec<BatchQuery>> {
    parse_as(text, false)
}

/// [`parse`], reading the text as a CSV (which must have a `query`
/// column) when `csv` says so.
pub fn parse_as(text: &str, csv: bool) -> Result<Vec<BatchQuery>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !csv && !is_csv(text) {
        return Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|(i, l)| checked(i + 1, l, None))
            .collect());
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::Query(format!("the CSV's header cannot be read: {e}")))?
        .clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let q =
        col("query").ok_or_else(|| Error::Query("a CSV batch needs a `query` column".into()))?;
    let t = col("tag");
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        match record {
            Ok(r) => {
                let query = r.get(q).unwrap_or("");
                if query.trim().is_empty() {
                    continue;
                }
                out.push(checked(
                    line,
                    query,
                    t.and_then(|t| r.get(t)).map(str::to_string),
                ));
            }
            Err(e) => out.push(BatchQuery {
                line,
                query: String::new(),
                tag: None,
                error: Some(format!("this row cannot be read: {e}")),
            }),
        }
    }
    Ok(out)
}

/// Reads a batch file (at most 10 MB: a list of queries, not a corpus).
pub fn read(path: &Path) -> Result<Vec<BatchQuery>> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > 10_000_000 {
        return Err(Error::Query(format!(
            "{} is {} MB: a batch is a list of queries (at most 10 MB)",
            path.display(),
            meta.len() / 1_000_000
        )));
    }
    let bytes = std::fs::read(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Query(format!("{} is not UTF-8 text", path.display())))?;
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    parse_as(&text, csv)
}

/// Runs every query that can run within `base` (the library's active
/// documents by default), best first; `progress` gets (done, total).
pub fn run(
    conn: &Connection,
    queries: &[BatchQuery],
    base: &Filter,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<BatchResult>> {
    crate::core::search::current_index(conn, None)?;
    let mut out = Vec::with_capacity(queries.len());
    for (i, q) in queries.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let ids = if q.error.is_some() {
            Vec::new()
        } else {
            let filter = Filter {
                query: Some(q.query.clone()),
                ..base.clone()
            };
            view::filtered_ids(conn, &filter, None, cancel)?
        };
        out.push(BatchResult {
            query: q.clone(),
            ids,
        });
        progress(i + 1, queries.len());
    }
    Ok(out)
}

/// The tag each query's hits get: its own, else `prefix` + the query.
pub fn tag_groups(results: &[BatchResult], prefix: &str) -> Vec<(String, Vec<DocId>)> {
    results
        .iter()
        .filter(|r| r.query.error.is_none() && !r.ids.is_empty())
        .map(|r| {
            let tag = r.query.tag.clone().unwrap_or_else(|| {
                // A query as a tag name: no '/' (it would nest), spaces kept.
                format!(
                    "{prefix}{}",
                    r.query.query.replace('/', " ").replace('"', "")
                )
            });
            (tag, r.ids.clone())
        })
        .collect()
}

/// Writes the CSV of every hit: query, document id, title, date, source,
/// snippet (RFC 4180, UTF-8), under a temporary name renamed when whole.
/// An existing `dest` is replaced only with `overwrite`. Returns the rows.
pub fn write_csv(
    conn: &Connection,
    results: &[BatchResult],
    dest: &Path,
    overwrite: bool,
    cancel: &AtomicBool,
) -> Result<usize> {
    if !overwrite && crate::core::fsx::would_replace(dest, false) {
        return Err(Error::Exists(dest.to_path_buf()));
    }
    let tmp = crate::core::fsx::temp_file_for(dest, ".corpusdesk-batch-")?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(tmp.as_file()));
    w.write_record(["query", "id", "title", "date", "source", "snippet"])
        .map_err(csv_error)?;
    let mut rows = 0;
    for r in results {
        let Ok(query) = Query::parse(&r.query.query) else {
            continue;
        };
        for &id in &r.ids {
            if rows % 1024 == 0 && cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let d = documents::document(conn, id)?;
            let text = documents::text(conn, id)?;
            let date = d.date.map(|x| x.to_string()).unwrap_or_default();
            let snip = snippet::snippet(&query, &text);
            w.write_record([
                r.query.query.as_str(),
                &id.to_string(),
                &d.title,
                &date,
                &d.path,
                &snip,
            ])
            .map_err(csv_error)?;
            rows += 1;
        }
    }
    let mut inner = w.into_inner().map_err(|e| Error::Io(e.into_error()))?;
    inner.flush()?;
    drop(inner);
    crate::core::fsx::persist(tmp, dest, overwrite)?;
    Ok(rows)
}

fn csv_error(e: csv::Error) -> Error {
    Error::from(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_batches_skip_blanks_and_comments_and_keep_bad_lines_with_reasons() {
        let q = parse("syria talks\n\n# a comment\n\"open\ncovid-19\n").unwrap();
        assert_eq!(q.len(), 3);
        assert_eq!((q[0].line, q[0].query.as_str()), (1, "syria talks"));
        assert!(q[1].error.as_deref().unwrap().contains("quote"), "{q:?}");
        assert_eq!(q[1].line, 4);
        assert!(q[2].error.is_none());
    }

    #[test]
    fn csv_batches_read_query_and_tag_columns() {
        let q = parse("id,Query,tag\n1,\"strike OR walkout\",labour\n2,OR,\n3,,x\n").unwrap();
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].query, "strike OR walkout");
        assert_eq!(q[0].tag.as_deref(), Some("labour"));
        assert_eq!(q[0].line, 2);
        assert!(q[1].error.is_some());
        let err = parse_as("id,tag\n1,x\n", true).unwrap_err();
        assert!(err.to_string().contains("`query` column"), "{err}");
    }
}
