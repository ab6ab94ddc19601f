//! The library list as the front ends page through it.
//!
//! Rows come from SQLite a page at a time, by key (`WHERE (key, id) > (?, ?)`
//! over an index), never by OFFSET, which slows down deep in the list. For
//! random access (a scrollbar dragged to row 700,000) [`anchors`] collects
//! the key of every `stride`-th row with one scan of the index; any page is
//! then one indexed query away. Only titles and keys are read: texts stay
//! in the database.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, params_from_iter};
use serde::{Deserialize, Serialize};

use super::error::{Error, Result};
pub use super::meta_filter::{FieldName, MetaFilter};
use super::model::{DocId, DocState};
use super::search::engine::{self, IdSet, Scope};
use super::search::{self, Query};

/// The columns the list can be sorted by: title, date and source each
/// backed by an index, and any metadata field (sorted by a background job,
/// as a filter is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum SortKey {
    #[default]
    Title,
    Date,
    Source,
    Meta(FieldName),
}

impl SortKey {
    fn column(self) -> String {
        match self {
            SortKey::Title => "d.title_key".into(),
            SortKey::Date => "d.date_key".into(),
            SortKey::Source => "d.source_key".into(),
            SortKey::Meta(f) => format!(
                "ifnull(json_extract(d.meta, '{}'), '')",
                MetaFilter::path_of(f.as_str()).replace('\'', "''")
            ),
        }
    }

    /// Sorted without an index: the list comes from a background job.
    pub fn is_meta(self) -> bool {
        matches!(self, SortKey::Meta(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

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

/// Which tags a view requires or leaves out. A tag stands for itself and
/// every tag nested under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagFilter {
    pub include: Vec<crate::core::store::tags::TagId>,
    /// Documents must carry every included tag (else any of them).
    pub all: bool,
    pub exclude: Vec<crate::core::store::tags::TagId>,
}

impl TagFilter {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }
}

/// Everything that narrows the list: a search and tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: Option<String>,
    pub tags: TagFilter,
    /// Show documents marked as duplicates in review too.
    pub show_duplicates: bool,
    /// A period of the timeline, or the undated documents.
    pub dates: Option<DateFilter>,
    /// Only the documents one import run created.
    pub batch: Option<crate::core::store::imports::BatchId>,
    /// The trash instead of the library.
    pub trash: bool,
    /// Metadata fields that must have these values (`outlet` = "The
    /// Times"), every one of them.
    pub meta: Vec<MetaFilter>,
}

/// Documents by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateFilter {
    /// Dated from `from` to `to` (days since 1970-01-01, inclusive); a
    /// partial date counts at the first day of its period.
    Range {
        from: i32,
        to: i32,
    },
    Undated,
}

impl DateFilter {
    fn condition(&self) -> String {
        use crate::core::timeline::day_string;
        match self {
            // Only digits and dashes: safe to inline.
            DateFilter::Range { from, to } => format!(
                "d.date_pos BETWEEN '{}' AND '{}'",
                day_string(*from),
                day_string(*to)
            ),
            DateFilter::Undated => "d.date_key = ''".to_string(),
        }
    }

    /// As the user reads it: `2023-04-01 – 2023-04-30`, `undated`.
    pub fn label(&self) -> String {
        use crate::core::timeline::day_string;
        match self {
            DateFilter::Range { from, to } if from == to => day_string(*from),
            DateFilter::Range { from, to } => {
                format!("{} – {}", day_string(*from), day_string(*to))
            }
            DateFilter::Undated => "undated".to_string(),
        }
    }
}

impl Filter {
    /// The document states the view shows.
    pub fn states(&self) -> Vec<DocState> {
        if self.trash {
            vec![DocState::Trashed]
        } else if self.show_duplicates {
            vec![DocState::Active, DocState::Duplicate]
        } else {
            vec![DocState::Active]
        }
    }

    pub fn is_empty(&self) -> bool {
        self.query.is_none()
            && self.tags.is_empty()
            && !self.show_duplicates
            && self.dates.is_none()
            && self.batch.is_none()
            && !self.trash
            && self.meta.is_empty()
    }
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Ids of the active documents the filter lets through: best first for a
/// search without `sort`, else in `sort` order. Stops with
/// [`Error::Cancelled`] when `cancel` is set.
pub fn filtered_ids(
    conn: &Connection,
    filter: &Filter,
    sort: Option<Sort>,
    cancel: &AtomicBool,
) -> Result<Vec<DocId>> {
    let (query, conds, params) = conditions(conn, filter)?;
    let Some(query) = query else {
        let sort = Some(sort.unwrap_or_default());
        return sql_ids(conn, &conds, &params, sort, cancel, None);
    };
    let index = search::current_index(conn, Some(search::INLINE_SYNC))?;
    let scope = Scope::of_states(&filter.states());
    if let Some(sort) = sort {
        // Sorted by a column: the matches, in the column's order.
        let hits = engine::matches(&index, &query, scope)?;
        let set = IdSet::from_ids(hits.iter().map(|h| h.id));
        return sql_ids(conn, &conds, &params, Some(sort), cancel, Some(&set));
    }
    let mut hits = scored(conn, &index, &query, scope, &conds, &params, cancel)?;
    engine::rank(&mut hits);
    Ok(hits.into_iter().map(|h| h.id).collect())
}

/// The matches of a search within the view's other filters (`conds`
/// beyond the state, applied as a set of ids).
fn scored(
    conn: &Connection,
    index: &search::SearchIndex,
    query: &Query,
    mut scope: Scope,
    conds: &[String],
    params: &[String],
    cancel: &AtomicBool,
) -> Result<Vec<engine::Scored>> {
    if conds.len() > 1 {
        let ids = sql_ids(conn, conds, params, None, cancel, None)?;
        scope.only = Some(IdSet::from_ids(ids));
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    engine::matches(index, query, scope)
}

/// The first page of a search, best first, and how many documents match
/// in all: what the window shows while the user types.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchPage {
    pub ids: Vec<DocId>,
    pub total: usize,
}

/// The best `k` documents of the filter's search and the number of all its
/// matches. A filter without a search gives its first `k` ids by title.
pub fn search_page(
    conn: &Connection,
    filter: &Filter,
    k: usize,
    cancel: &AtomicBool,
) -> Result<SearchPage> {
    let (query, conds, params) = conditions(conn, filter)?;
    let Some(query) = query else {
        let ids = sql_ids(conn, &conds, &params, Some(Sort::default()), cancel, None)?;
        return Ok(SearchPage {
            total: ids.len(),
            ids: ids.into_iter().take(k).collect(),
        });
    };
    let index = search::current_index(conn, Some(search::INLINE_SYNC))?;
    let scope = Scope::of_states(&filter.states());
    let hits = scored(conn, &index, &query, scope, &conds, &params, cancel)?;
    let total = hits.len();
    Ok(SearchPage {
        ids: engine::top(hits, k).into_iter().map(|h| h.id).collect(),
        total,
    })
}

/// The filter as SQL conditions on `documents d` (the first one the
/// state) with their parameters, and its search, parsed.
type Conditions = (Option<Query>, Vec<String>, Vec<String>);

fn conditions(conn: &Connection, filter: &Filter) -> Result<Conditions> {
    let mut conds = vec![if filter.trash {
        format!("d.state = {}", DocState::Trashed as i64)
    } else if filter.show_duplicates {
        format!(
            "d.state IN ({}, {})",
            DocState::Active as i64,
            DocState::Duplicate as i64
        )
    } else {
        format!("d.state = {}", DocState::Active as i64)
    }];
    let mut params: Vec<String> = Vec::new();
    // Parsed first: a query that cannot be understood is the answer.
    let query = filter.query.as_deref().map(Query::parse).transpose()?;
    if let Some(dates) = &filter.dates {
        conds.push(dates.condition());
    }
    if let Some(batch) = filter.batch {
        // An integer: safe to inline.
        conds.push(format!("d.batch_id = {batch}"));
    }
    for m in &filter.meta {
        params.push(m.path());
        params.push(m.value.clone());
        conds.push(format!(
            "json_extract(d.meta, ?{}) = ?{}",
            params.len() - 1,
            params.len()
        ));
    }
    let expand = |id| crate::core::store::tags::with_descendants(conn, id);
    let mut groups = Vec::new();
    for &t in &filter.tags.include {
        groups.push(expand(t)?);
    }
    let has = |ids: &[i64]| {
        format!(
            "EXISTS (SELECT 1 FROM document_tags dt WHERE dt.doc_id = d.id AND dt.tag_id IN ({}))",
            id_list(ids)
        )
    };
    if filter.tags.all {
        for g in &groups {
            conds.push(has(g));
        }
    } else if !groups.is_empty() {
        conds.push(has(&groups.concat()));
    }
    let mut excluded = Vec::new();
    for &t in &filter.tags.exclude {
        excluded.extend(expand(t)?);
    }
    if !excluded.is_empty() {
        conds.push(format!("NOT {}", has(&excluded)));
    }
    Ok((query, conds, params))
}

/// The ids SQL conditions let through, in `sort` order (any order without
/// one), only those in `keep` when given.
fn sql_ids(
    conn: &Connection,
    conds: &[String],
    params: &[String],
    sort: Option<Sort>,
    cancel: &AtomicBool,
    keep: Option<&IdSet>,
) -> Result<Vec<DocId>> {
    let order = match sort {
        // Title breaks ties: documents without the field keep a useful order.
        Some(s) if s.key.is_meta() => {
            let dir = if s.descending { "DESC" } else { "ASC" };
            format!(" ORDER BY {} {dir}, d.title_key, d.id", s.key.column())
        }
        Some(s) => {
            let dir = if s.descending { "DESC" } else { "ASC" };
            format!(" ORDER BY {} {dir}, d.id {dir}", s.key.column())
        }
        None => String::new(),
    };
    let sql = format!(
        "SELECT d.id FROM documents d WHERE {}{order}",
        conds.join(" AND ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt
        .query(params_from_iter(params.iter()))
        .map_err(|e| Error::Query(e.to_string()))?;
    let mut ids = Vec::new();
    let mut seen = 0usize;
    while let Some(r) = rows.next()? {
        seen += 1;
        if seen.is_multiple_of(4096) && cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let id: DocId = r.get(0)?;
        if keep.is_none_or(|k| k.contains(id as u64)) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Ids (sorted, any state) carrying `tag` or a tag nested under it, from
/// the tag index alone.
pub fn ids_with_tag(conn: &Connection, tag: crate::core::store::tags::TagId) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare_cached("SELECT doc_id FROM document_tags WHERE tag_id = ?1")?;
    let mut ids = Vec::new();
    for t in crate::core::store::tags::with_descendants(conn, tag)? {
        ids.extend(
            stmt.query_map([t], |r| r.get::<_, DocId>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        );
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Ids (sorted, any state) carrying the included tags (every one of them
/// with `all`, else any) and none of the excluded ones, read from the tag
/// index alone; `None` when the filter includes no tag.
pub fn tagged_ids(conn: &Connection, filter: &TagFilter) -> Result<Option<Vec<DocId>>> {
    if filter.include.is_empty() {
        return Ok(None);
    }
    let group_ids = |tag| ids_with_tag(conn, tag);
    let mut result: Option<Vec<DocId>> = None;
    for &t in &filter.include {
        let ids = group_ids(t)?;
        result = Some(match result {
            None => ids,
            Some(acc) if filter.all => acc
                .into_iter()
                .filter(|id| ids.binary_search(id).is_ok())
                .collect(),
            Some(mut acc) => {
                acc.extend(ids);
                acc.sort_unstable();
                acc.dedup();
                acc
            }
        });
    }
    let mut result = result.unwrap_or_default();
    for &t in &filter.exclude {
        let ids = group_ids(t)?;
        result.retain(|id| ids.binary_search(id).is_err());
    }
    Ok(Some(result))
}

/// The metadata fields documents carry, most common first, counted over a
/// sample (the newest and oldest 20,000 documents) so a million-document
/// library answers at once.
pub fn meta_fields(conn: &Connection) -> Result<Vec<(String, usize)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT j.key, count(*) FROM (
             SELECT meta FROM (SELECT meta FROM documents ORDER BY id DESC LIMIT 20000)
             UNION ALL
             SELECT meta FROM (SELECT meta FROM documents ORDER BY id LIMIT 20000)
         ) AS m, json_each(m.meta) AS j
         GROUP BY j.key ORDER BY count(*) DESC, j.key",
    )?;
    let fields = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(fields)
}

/// Every active id, in id order, for a bulk action on "all but these".
pub fn all_ids(conn: &Connection) -> Result<Vec<DocId>> {
    let mut stmt = conn.prepare("SELECT id FROM documents WHERE state = ?1 ORDER BY id")?;
    let ids = stmt
        .query_map([DocState::Active as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
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
