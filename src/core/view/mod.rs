//! The library list as the front ends page through it.
//!
//! Rows come from SQLite a page at a time, by key (`WHERE (key, id) > (?, ?)`
//! over an index), never by OFFSET, which slows down deep in the list. For
//! random access (a scrollbar dragged to row 700,000) [`anchors`] collects
//! the key of every `stride`-th row with one scan of the index; any page is
//! then one indexed query away. Only titles and keys are read: texts stay
//! in the database.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension, params_from_iter};

use super::error::{Error, Result};
use super::model::{DocId, DocState};
pub use crate::core::filter::{DateFilter, FieldName, Filter, MetaFilter, TagFilter};

pub mod batch;
mod filter;
mod sort;
pub use filter::*;
pub use sort::{Sort, SortKey};

/// Where a row sits in the sort order: its key and id.
pub type Position = (String, DocId);

/// One row of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: DocId,
    pub title: String,
    pub date: Option<String>,
    pub date_source: Option<String>,
    /// First source, as the user sees it.
    pub source: String,
    /// Tag names and colours.
    pub tags: Vec<(String, String)>,
    /// The duplicate cluster the document belongs to, its size, and
    /// whether this document is its keeper.
    pub cluster: Option<i64>,
    pub cluster_size: i64,
    pub keeper: bool,
    pub state: DocState,
    /// The document's metadata fields (outlet, byline, lang…).
    pub meta: serde_json::Map<String, serde_json::Value>,
    pub position: Position,
}

impl Row {
    /// A metadata field as text, for a column.
    pub fn meta_text(&self, field: &str) -> Option<String> {
        match self.meta.get(field)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

const ROW_COLUMNS: &str = "d.id, d.title, d.date, d.date_source,
    (SELECT CASE WHEN s.row > 0 THEN s.path_text || '#' || s.row ELSE s.path_text END
       FROM sources s WHERE s.doc_id = d.id ORDER BY s.id LIMIT 1),
    (SELECT group_concat(t.name || char(31) || t.color, char(30))
       FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE dt.doc_id = d.id),
    (SELECT cm.cluster_id FROM cluster_members cm WHERE cm.doc_id = d.id LIMIT 1),
    d.state,
    (SELECT count(*) FROM cluster_members b WHERE b.cluster_id =
       (SELECT cm.cluster_id FROM cluster_members cm WHERE cm.doc_id = d.id LIMIT 1)),
    EXISTS (SELECT 1 FROM clusters c WHERE c.keeper_id = d.id),
    d.meta";

/// The column after [`ROW_COLUMNS`]: the sort key.
const KEY_COL: usize = 11;

fn row_from(r: &rusqlite::Row, key_col: usize) -> rusqlite::Result<Row> {
    let tags: Option<String> = r.get(5)?;
    let mut tags: Vec<(String, String)> = tags
        .unwrap_or_default()
        .split('\u{1e}')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (name, color) = t.split_once('\u{1f}').unwrap_or((t, "#888888"));
            (name.to_string(), color.to_string())
        })
        .collect();
    tags.sort_by_key(|t| t.0.to_lowercase());
    let id: DocId = r.get(0)?;
    Ok(Row {
        id,
        title: r.get(1)?,
        date: r.get(2)?,
        date_source: r.get(3)?,
        source: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
        tags,
        cluster: r.get(6)?,
        state: DocState::from_i64(r.get(7)?),
        cluster_size: r.get(8)?,
        keeper: r.get(9)?,
        meta: serde_json::from_str(&r.get::<_, String>(10)?).unwrap_or_default(),
        position: (r.get(key_col)?, id),
    })
}

/// Active documents.
pub fn count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM documents WHERE state = ?1",
        [DocState::Active as i64],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

/// Documents not in the trash (active or marked as duplicates).
pub fn count_not_trashed(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM documents WHERE state != ?1",
        [DocState::Trashed as i64],
        |r| r.get(0),
    )?;
    Ok(n as usize)
}

/// Up to `limit` rows after `after` (exclusive) in `sort` order; from the
/// start when `after` is `None`.
pub fn page_after(
    conn: &Connection,
    sort: Sort,
    after: Option<&Position>,
    limit: usize,
) -> Result<Vec<Row>> {
    let col = sort.key.column();
    let (cmp, dir) = if sort.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let filter = if after.is_some() {
        format!("AND ({col}, d.id) {cmp} (?2, ?3)")
    } else {
        String::new()
    };
    let sql = format!(
        "SELECT {ROW_COLUMNS}, {col} FROM documents d
         WHERE d.state = ?1 {filter}
         ORDER BY {col} {dir}, d.id {dir} LIMIT {limit}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let state = DocState::Active as i64;
    let rows = match after {
        Some((key, id)) => stmt
            .query_map(rusqlite::params![state, key, id], |r| row_from(r, KEY_COL))?
            .collect::<rusqlite::Result<_>>()?,
        None => stmt
            .query_map([state], |r| row_from(r, KEY_COL))?
            .collect::<rusqlite::Result<_>>()?,
    };
    Ok(rows)
}

/// Where document `id` stands in the unfiltered list in `sort` order (its
/// row index), when it is active: one count over the sort index.
pub fn position_of(conn: &Connection, sort: Sort, id: DocId) -> Result<Option<usize>> {
    let col = sort.key.column();
    let cmp = if sort.descending { ">" } else { "<" };
    let key: Option<rusqlite::types::Value> = conn
        .query_row(
            &format!("SELECT {col} FROM documents d WHERE d.id = ?1 AND d.state = ?2"),
            rusqlite::params![id, DocState::Active as i64],
            |r| r.get(0),
        )
        .optional()?;
    let Some(key) = key else {
        return Ok(None);
    };
    let n: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM documents d WHERE d.state = ?1 AND ({col}, d.id) {cmp} (?2, ?3)"
        ),
        rusqlite::params![DocState::Active as i64, key, id],
        |r| r.get(0),
    )?;
    Ok(Some(n as usize))
}

/// The position of every `stride`-th row (rows `stride`, `2 * stride`, …),
/// so that page `k` starts right after `anchors[k - 1]`. One scan of the
/// sort index; stops with [`Error::Cancelled`] when `cancel` is set.
pub fn anchors(
    conn: &Connection,
    sort: Sort,
    stride: usize,
    cancel: &AtomicBool,
) -> Result<Vec<Position>> {
    let col = sort.key.column();
    let dir = if sort.descending { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {col}, d.id FROM documents d WHERE d.state = ?1 ORDER BY {col} {dir}, d.id {dir}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([DocState::Active as i64])?;
    let mut out = Vec::new();
    let mut i = 0usize;
    while let Some(r) = rows.next()? {
        i += 1;
        if i.is_multiple_of(stride) {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            out.push((r.get(0)?, r.get(1)?));
        }
    }
    Ok(out)
}

/// Which of `ids` are active documents (in the order given): what of a
/// selection is still in the unfiltered list after the library changed.
pub fn active_among(conn: &Connection, ids: &[DocId]) -> Result<Vec<DocId>> {
    let mut active = std::collections::HashSet::new();
    for chunk in ids.chunks(10_000) {
        let sql = format!(
            "SELECT id FROM documents WHERE state = {} AND id IN ({})",
            DocState::Active as i64,
            id_list(chunk)
        );
        let mut stmt = conn.prepare(&sql)?;
        for id in stmt.query_map([], |r| r.get::<_, DocId>(0))? {
            active.insert(id?);
        }
    }
    Ok(ids
        .iter()
        .copied()
        .filter(|id| active.contains(id))
        .collect())
}

/// Rows for these ids, in the order given (missing ids are skipped).
pub fn rows_by_ids(conn: &Connection, ids: &[DocId]) -> Result<Vec<Row>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(",");
    let sql = format!("SELECT {ROW_COLUMNS}, d.title_key FROM documents d WHERE d.id IN ({marks})");
    let mut stmt = conn.prepare(&sql)?;
    let found: Vec<Row> = stmt
        .query_map(params_from_iter(ids.iter()), |r| row_from(r, KEY_COL))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_id: std::collections::HashMap<DocId, Row> =
        found.into_iter().map(|r| (r.id, r)).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Ids of the active documents matching a search: best first, or in `sort`
/// order when given.
pub fn search_ids(
    conn: &Connection,
    input: &str,
    sort: Option<Sort>,
    cancel: &AtomicBool,
) -> Result<Vec<DocId>> {
    let filter = Filter {
        query: Some(input.to_string()),
        ..Default::default()
    };
    filtered_ids(conn, &filter, sort, cancel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Library;

    fn library(n: usize) -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("in");
        std::fs::create_dir_all(&src).unwrap();
        for i in 0..n {
            let date = if i % 3 == 0 {
                String::new()
            } else {
                format!(" date 2020-01-{:02} ", i % 28 + 1)
            };
            std::fs::write(
                src.join(format!("f{i:03}.txt")),
                format!("{date}Story {i} title\nbody {i}"),
            )
            .unwrap();
        }
        let lib = Library::open(dir.path().join("l.corpusdesk")).unwrap();
        lib.import(&[src]).unwrap();
        (dir, lib)
    }

    /// Paging by key visits every row once, in the same order as one big query.
    #[test]
    fn keyset_pages_cover_everything_in_order() {
        let (_d, lib) = library(53);
        let conn = lib.reader().unwrap();
        for key in [SortKey::Title, SortKey::Date, SortKey::Source] {
            for descending in [false, true] {
                let sort = Sort { key, descending };
                let all = page_after(&conn, sort, None, 1000).unwrap();
                assert_eq!(all.len(), 53);
                let mut paged = Vec::new();
                let mut after = None;
                loop {
                    let page = page_after(&conn, sort, after.as_ref(), 10).unwrap();
                    if page.is_empty() {
                        break;
                    }
                    after = page.last().map(|r| r.position.clone());
                    paged.extend(page);
                }
                assert_eq!(paged, all, "{sort:?}");
                // Anchors start pages anywhere.
                let anchors = anchors(&conn, sort, 10, &AtomicBool::new(false)).unwrap();
                assert_eq!(anchors.len(), 5);
                let page3 = page_after(&conn, sort, Some(&anchors[2]), 10).unwrap();
                assert_eq!(page3, all[30..40].to_vec());
            }
        }
    }

    #[test]
    fn undated_rows_sort_first_by_date() {
        let (_d, lib) = library(9);
        let conn = lib.reader().unwrap();
        let rows = page_after(
            &conn,
            Sort {
                key: SortKey::Date,
                descending: false,
            },
            None,
            100,
        )
        .unwrap();
        assert!(rows[..3].iter().all(|r| r.date.is_none()));
        assert!(rows[3..].windows(2).all(|w| w[0].date <= w[1].date));
    }

    #[test]
    fn tag_filters_combine() {
        let (_d, lib) = library(12);
        lib.tag_documents("a/x", (1..=6).collect(), true).unwrap();
        lib.tag_documents("b", (4..=9).collect(), true).unwrap();
        let conn = lib.reader().unwrap();
        let a = crate::core::store::tags::by_name(&conn, "a").unwrap();
        assert!(a.is_none(), "a parent need not exist as a tag");
        let ax = crate::core::store::tags::by_name(&conn, "a/x")
            .unwrap()
            .unwrap()
            .id;
        let b = crate::core::store::tags::by_name(&conn, "b")
            .unwrap()
            .unwrap()
            .id;
        let run = |tags: TagFilter, q: Option<&str>| {
            let f = Filter {
                query: q.map(str::to_string),
                tags,
                ..Default::default()
            };
            let mut ids = filtered_ids(&conn, &f, None, &AtomicBool::new(false)).unwrap();
            ids.sort();
            ids
        };
        assert_eq!(
            run(
                TagFilter {
                    include: vec![ax, b],
                    all: true,
                    exclude: vec![]
                },
                None
            ),
            vec![4, 5, 6]
        );
        assert_eq!(
            run(
                TagFilter {
                    include: vec![ax, b],
                    all: false,
                    exclude: vec![]
                },
                None
            ),
            (1..=9).collect::<Vec<_>>()
        );
        assert_eq!(
            run(
                TagFilter {
                    include: vec![ax],
                    all: true,
                    exclude: vec![b]
                },
                None
            ),
            vec![1, 2, 3]
        );
        assert_eq!(
            run(
                TagFilter {
                    include: vec![],
                    all: true,
                    exclude: vec![ax, b]
                },
                None
            ),
            vec![10, 11, 12]
        );
        assert_eq!(
            run(
                TagFilter {
                    include: vec![b],
                    all: true,
                    exclude: vec![]
                },
                Some("\"Story 5\"")
            ),
            vec![6]
        ); // "Story 5" is the sixth file
        // A parent stands for its children.
        let parent = lib.create_tag("a", None).unwrap();
        assert_eq!(
            run(
                TagFilter {
                    include: vec![parent],
                    all: true,
                    exclude: vec![]
                },
                None
            ),
            (1..=6).collect::<Vec<_>>()
        );
    }

    #[test]
    fn search_ids_rank_and_sort() {
        let (_d, lib) = library(20);
        let conn = lib.reader().unwrap();
        let ids = search_ids(&conn, "story", None, &AtomicBool::new(false)).unwrap();
        assert_eq!(ids.len(), 20);
        let by_title = search_ids(
            &conn,
            "story",
            Some(Sort::default()),
            &AtomicBool::new(false),
        )
        .unwrap();
        let rows = rows_by_ids(&conn, &by_title).unwrap();
        assert!(
            rows.windows(2)
                .all(|w| w[0].title.to_lowercase() <= w[1].title.to_lowercase())
        );
        assert!(matches!(
            search_ids(&conn, "\"open", None, &AtomicBool::new(false)),
            Err(Error::Query(_))
        ));
    }
}
