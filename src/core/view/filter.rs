//! The ids that pass a [`Filter`] (its search, tags, dates and metadata),
//! from the search index and SQLite's indexes.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, params_from_iter};

use super::sort::Sort;
use crate::core::error::{Error, Result};
use crate::core::filter::{DateFilter, Filter, TagFilter};
use crate::core::model::{DocId, DocState};
use crate::core::search::engine::{self, IdSet, Scope};
use crate::core::search::{self, Query};

/// The SQL condition of a date filter.
pub(super) fn date_condition(dates: &DateFilter) -> String {
    use crate::core::timeline::day_string;
    match dates {
        // Only digits and dashes: safe to inline.
        DateFilter::Range { from, to } => format!(
            "d.date_pos BETWEEN '{}' AND '{}'",
            day_string(*from),
            day_string(*to)
        ),
        DateFilter::Undated => "d.date_key = ''".to_string(),
    }
}

pub(super) fn id_list(ids: &[i64]) -> String {
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
    let memo_ids = memo_matches(conn, filter, &query)?;
    if let Some(sort) = sort {
        // Sorted by a column: the matches, in the column's order.
        let hits = engine::matches(&index, &query, scope)?;
        let set = IdSet::from_ids(hits.iter().map(|h| h.id).chain(memo_ids));
        return sql_ids(conn, &conds, &params, Some(sort), cancel, Some(&set));
    }
    let mut hits = scored(conn, &index, &query, scope, &conds, &params, cancel)?;
    engine::rank(&mut hits);
    let mut ids: Vec<DocId> = hits.into_iter().map(|h| h.id).collect();
    add_memo_matches(conn, &mut ids, memo_ids, &conds, &params, cancel)?;
    Ok(ids)
}

/// With [`Filter::memos`], the documents whose memos hold the search's
/// words (each word, case-insensitive).
/// Words are compared as the search index has them (lower case, accents
/// folded: `geneve` finds a memo saying "Genève"); a word finds the words
/// it begins (`negotiat` finds "negotiations").
fn memo_matches(conn: &Connection, filter: &Filter, query: &Query) -> Result<Vec<DocId>> {
    if !filter.memos {
        return Ok(Vec::new());
    }
    let mut analyzer = crate::core::search::index::analyzer();
    let mut tokens = |text: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    };
    let wanted: Vec<String> = query
        .highlight_terms()
        .iter()
        .flat_map(|t| tokens(t))
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids = Vec::new();
    for m in crate::core::store::memos::list(conn, "")? {
        let Some(doc) = m.doc else {
            continue;
        };
        let words = tokens(&m.memo.text);
        if wanted
            .iter()
            .all(|w| words.iter().any(|t| t.starts_with(w.as_str())))
        {
            ids.push(doc);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Adds the memo matches the other conditions let through after the
/// text's matches (which rank first).
fn add_memo_matches(
    conn: &Connection,
    ids: &mut Vec<DocId>,
    memo_ids: Vec<DocId>,
    conds: &[String],
    params: &[String],
    cancel: &AtomicBool,
) -> Result<()> {
    if memo_ids.is_empty() {
        return Ok(());
    }
    let have: std::collections::HashSet<DocId> = ids.iter().copied().collect();
    let extra = IdSet::from_ids(memo_ids.into_iter().filter(|i| !have.contains(i)));
    ids.extend(sql_ids(conn, conds, params, None, cancel, Some(&extra))?);
    Ok(())
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
    let memo_ids = memo_matches(conn, filter, &query)?;
    let hits = scored(conn, &index, &query, scope, &conds, &params, cancel)?;
    let total = hits.len();
    let mut ids: Vec<DocId> = engine::top(hits, k).into_iter().map(|h| h.id).collect();
    let before = ids.len();
    if !memo_ids.is_empty() {
        // Memo matches rank after the text's: counted in the total, shown
        // when the page has room.
        let all: Vec<DocId> = filtered_ids(conn, filter, None, cancel)?;
        let extra = all.len().saturating_sub(total);
        ids = all.into_iter().take(k.max(before)).collect();
        return Ok(SearchPage {
            ids,
            total: total + extra,
        });
    }
    Ok(SearchPage { ids, total })
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
        conds.push(date_condition(dates));
    }
    if let Some(source) = filter.date_source {
        // One of a fixed set of names: safe to inline.
        conds.push(format!("d.date_source = '{}'", source.as_str()));
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
    for &e in &filter.entities {
        // An integer: safe to inline. The entity and what was merged into it.
        conds.push(format!(
            "d.id IN (SELECT m.doc_id FROM entity_mentions m WHERE m.entity_id IN (
                WITH RECURSIVE v(id) AS (SELECT {e} UNION
                    SELECT x.id FROM entities x JOIN v ON x.merged_into = v.id)
                SELECT id FROM v))"
        ));
    }
    let expand = |id| crate::core::store::tags::with_descendants(conn, id);
    let mut groups = Vec::new();
    for &t in &filter.tags.include {
        groups.push(expand(t)?);
    }
    // A tag on the whole document or on one of its passages.
    let has = |ids: &[i64]| {
        let list = id_list(ids);
        format!(
            "(EXISTS (SELECT 1 FROM document_tags dt WHERE dt.doc_id = d.id AND dt.tag_id IN ({list}))
              OR EXISTS (SELECT 1 FROM passages p WHERE p.doc_id = d.id AND p.removed = 0
                                                    AND p.tag_id IN ({list})))"
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

/// A view's documents (a saved search): ranked best first when it has a
/// search, with snippets, else in title order; `limit` 0 = no limit.
pub fn search_filter(
    conn: &Connection,
    filter: &Filter,
    limit: usize,
) -> Result<Vec<crate::core::search::Hit>> {
    crate::core::search::current_index(conn, None)?;
    let query = filter.query.as_deref().map(Query::parse).transpose()?;
    let ids = filtered_ids(conn, filter, None, &AtomicBool::new(false))?;
    let take = if limit == 0 {
        ids.len()
    } else {
        limit.min(ids.len())
    };
    let mut out = Vec::with_capacity(take);
    for id in ids.into_iter().take(take) {
        let text = crate::core::store::documents::text(conn, id)?;
        out.push(crate::core::search::Hit {
            document: crate::core::store::documents::document(conn, id)?,
            snippet: query
                .as_ref()
                .map(|q| crate::core::search::snippet::snippet(q, &text))
                .unwrap_or_else(|| text.chars().take(160).collect()),
            score: 0.0,
        });
    }
    Ok(out)
}
