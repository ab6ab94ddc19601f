//! Retrieval: the passages coded with a tag — or with combinations of
//! two (A and B overlapping, A within N words of B, A without B) — over
//! the documents a filter lets through, with what a list shows of each;
//! counts per tag and the co-occurrence of tags.
//!
//! A tag stands for its branch: `economy` finds passages coded with
//! `economy/jobs` too, as the tag filters do.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};
use crate::core::filter::Filter;
use crate::core::model::{DocId, PassageId, TagId};

/// How the second tag narrows the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Every passage of A.
    #[default]
    Only,
    /// Passages of A that a passage of B overlaps.
    And,
    /// Passages of A with a passage of B within `near` words.
    Near,
    /// Passages of A that no passage of B overlaps.
    Without,
}

impl Combine {
    pub const ALL: [Combine; 4] = [Combine::Only, Combine::And, Combine::Near, Combine::Without];

    pub fn label(self) -> &'static str {
        match self {
            Combine::Only => "only",
            Combine::And => "overlapping",
            Combine::Near => "within N words of",
            Combine::Without => "without",
        }
    }
}

/// What to retrieve.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PassageQuery {
    /// `None`: every coded passage.
    pub a: Option<TagId>,
    pub combine: Combine,
    pub b: Option<TagId>,
    /// Words between A and B for [`Combine::Near`].
    pub near: u32,
}

/// One passage as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PassageRow {
    pub id: PassageId,
    pub doc: DocId,
    pub title: String,
    pub date: Option<String>,
    pub outlet: String,
    pub tag: TagId,
    pub tag_path: String,
    pub coder: String,
    pub start: i64,
    pub end: i64,
    pub created_at: i64,
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PassageSort {
    /// By date, then document and place in it.
    #[default]
    Date,
    Title,
    Outlet,
    Tag,
    Coder,
    Length,
}

impl PassageSort {
    /// The order reads every row's title or outlet.
    pub fn needs_details(self) -> bool {
        matches!(self, PassageSort::Title | PassageSort::Outlet)
    }

    pub fn sort(self, rows: &mut [PassageRow], descending: bool) {
        let place = |r: &PassageRow| (r.doc, r.start, r.id);
        match self {
            PassageSort::Date => rows.sort_by(|x, y| {
                (x.date.is_none(), &x.date, place(x)).cmp(&(y.date.is_none(), &y.date, place(y)))
            }),
            PassageSort::Title => rows.sort_by(|x, y| {
                (x.title.to_lowercase(), place(x)).cmp(&(y.title.to_lowercase(), place(y)))
            }),
            PassageSort::Outlet => rows.sort_by(|x, y| {
                (x.outlet.to_lowercase(), place(x)).cmp(&(y.outlet.to_lowercase(), place(y)))
            }),
            PassageSort::Tag => {
                rows.sort_by(|x, y| (&x.tag_path, place(x)).cmp(&(&y.tag_path, place(y))))
            }
            PassageSort::Coder => {
                rows.sort_by(|x, y| (&x.coder, place(x)).cmp(&(&y.coder, place(y))))
            }
            PassageSort::Length => rows.sort_by_key(|r| (r.end - r.start, place(r))),
        }
        if descending {
            rows.reverse();
        }
    }
}

/// The outlet a document states (or its site), as the story view names it.
pub const OUTLET_SQL: &str =
    "coalesce(json_extract(d.meta, '$.outlet'), json_extract(d.meta, '$.publisher'),
                  json_extract(d.meta, '$.site_name'), json_extract(d.meta, '$.source'),
                  json_extract(d.meta, '$.publication'), '')";

/// The documents the filter lets through, or `None` when it lets every
/// document outside the trash through (marked duplicates by its switch).
fn scope(
    conn: &Connection,
    filter: &Filter,
    cancel: &AtomicBool,
) -> Result<Option<HashSet<DocId>>> {
    let mut plain = Filter {
        show_duplicates: filter.show_duplicates,
        trash: filter.trash,
        ..Filter::default()
    };
    plain.query = None;
    if *filter == plain && !filter.trash {
        return Ok(None);
    }
    let ids = crate::core::words::scope(conn, filter, cancel)?;
    Ok(Some(ids.into_iter().collect()))
}

/// The tag ids of `tag`'s branch.
fn branch(conn: &Connection, tag: TagId) -> Result<Vec<TagId>> {
    crate::core::store::tags::with_descendants(conn, tag)
}

/// A document's mark as a duplicate and its date.
type DocDate = (bool, Option<String>);

/// Every document's state and date (outside the trash), by id: read from
/// the date index alone.
fn doc_dates(conn: &Connection, cancel: &AtomicBool) -> Result<Vec<Option<DocDate>>> {
    let top: i64 = conn.query_row("SELECT ifnull(max(id), 0) FROM documents", [], |r| r.get(0))?;
    let mut out = vec![None; top as usize + 1];
    let mut stmt = conn.prepare(
        "SELECT id, state, date_key FROM documents INDEXED BY documents_date WHERE state IN (0, 1)",
    )?;
    let mut rows = stmt.query([])?;
    let mut n = 0usize;
    while let Some(r) = rows.next()? {
        n += 1;
        if n.is_multiple_of(65_536) && cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let id: i64 = r.get(0)?;
        let state: i64 = r.get(1)?;
        let date: String = r.get(2)?;
        if let Some(slot) = out.get_mut(id as usize) {
            *slot = Some((state == 1, (!date.is_empty()).then_some(date)));
        }
    }
    Ok(out)
}

/// Every live passage of the tags `tags` (`None`: all) in documents of
/// the allowed states, with its date and code; titles and outlets are
/// left empty (see [`fill_details`]): a list of 150,000 passages reads
/// only the passages table and the date index.
fn rows_of(
    conn: &Connection,
    tags: Option<&[TagId]>,
    duplicates: bool,
    cancel: &AtomicBool,
) -> Result<Vec<PassageRow>> {
    let dates = doc_dates(conn, cancel)?;
    let names: HashMap<TagId, String> = conn
        .prepare("SELECT id, name FROM tags")?
        .query_map([], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    let tag_cond = match tags {
        Some(t) => format!(
            "AND tag_id IN ({})",
            t.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
        None => String::new(),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT id, doc_id, tag_id, start, end, coder, created_at
           FROM passages WHERE removed = 0 {tag_cond}"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let mut n = 0usize;
    while let Some(r) = rows.next()? {
        n += 1;
        if n.is_multiple_of(65_536) && cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let doc: DocId = r.get(1)?;
        let Some(Some((duplicate, date))) = dates.get(doc as usize) else {
            continue;
        };
        if *duplicate && !duplicates {
            continue;
        }
        let tag: TagId = r.get(2)?;
        out.push(PassageRow {
            id: r.get(0)?,
            doc,
            title: String::new(),
            date: date.clone(),
            outlet: String::new(),
            tag,
            tag_path: names.get(&tag).cloned().unwrap_or_default(),
            coder: r.get(5)?,
            start: r.get(3)?,
            end: r.get(4)?,
            created_at: r.get(6)?,
        });
    }
    Ok(out)
}

/// A document's title and outlet, as a list of passages shows them.
pub fn details(conn: &Connection, doc: DocId) -> Result<(String, String)> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT d.title, {OUTLET_SQL} FROM documents d WHERE d.id = ?1"
        ))?
        .query_row([doc], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
            ))
        })
        .optional()?
        .unwrap_or_default())
}

/// Fills the rows' titles and outlets (each document read once).
pub fn fill_details(conn: &Connection, rows: &mut [PassageRow], cancel: &AtomicBool) -> Result<()> {
    let mut seen: HashMap<DocId, (String, String)> = HashMap::new();
    for (i, r) in rows.iter_mut().enumerate() {
        if i.is_multiple_of(8192) && cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let (title, outlet) = match seen.entry(r.doc) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(details(conn, r.doc)?),
        };
        r.title = title.clone();
        r.outlet = outlet.clone();
    }
    Ok(())
}

/// The passages `query` asks for over the documents `filter` lets through,
/// by date, with their titles and outlets.
pub fn retrieve(
    conn: &Connection,
    filter: &Filter,
    query: &PassageQuery,
    cancel: &AtomicBool,
) -> Result<Vec<PassageRow>> {
    let mut rows = retrieve_lean(conn, filter, query, cancel)?;
    fill_details(conn, &mut rows, cancel)?;
    Ok(rows)
}

/// As [`retrieve`], without titles and outlets (a list fills those of
/// the rows it shows, see [`details`]).
pub fn retrieve_lean(
    conn: &Connection,
    filter: &Filter,
    query: &PassageQuery,
    cancel: &AtomicBool,
) -> Result<Vec<PassageRow>> {
    let docs = scope(conn, filter, cancel)?;
    let a_tags = query.a.map(|a| branch(conn, a)).transpose()?;
    let mut rows = rows_of(conn, a_tags.as_deref(), filter.show_duplicates, cancel)?;
    if let Some(docs) = &docs {
        rows.retain(|r| docs.contains(&r.doc));
    }
    if let (Some(b), Combine::And | Combine::Near | Combine::Without) = (query.b, query.combine) {
        let b_tags = branch(conn, b)?;
        let wanted: HashSet<DocId> = rows.iter().map(|r| r.doc).collect();
        let mut by_doc: HashMap<DocId, Vec<(i64, i64)>> = HashMap::new();
        for r in rows_of(conn, Some(&b_tags), filter.show_duplicates, cancel)? {
            if wanted.contains(&r.doc) {
                by_doc.entry(r.doc).or_default().push((r.start, r.end));
            }
        }
        let overlaps = |r: &PassageRow| {
            by_doc
                .get(&r.doc)
                .is_some_and(|bs| bs.iter().any(|&(s, e)| s < r.end && r.start < e))
        };
        match query.combine {
            Combine::And => rows.retain(overlaps),
            Combine::Without => rows.retain(|r| !overlaps(r)),
            Combine::Near => near(conn, &mut rows, &by_doc, query.near, cancel)?,
            Combine::Only => {}
        }
    }
    PassageSort::Date.sort(&mut rows, false);
    Ok(rows)
}

/// Keeps the passages of `rows` with a B passage within `words` words
/// (overlapping counts as within), reading each document's text once.
fn near(
    conn: &Connection,
    rows: &mut Vec<PassageRow>,
    by_doc: &HashMap<DocId, Vec<(i64, i64)>>,
    words: u32,
    cancel: &AtomicBool,
) -> Result<()> {
    let mut keep: HashSet<PassageId> = HashSet::new();
    // The rows of each document, so each text is read once and each row
    // looked at once (not every row for every document).
    let mut of_doc: HashMap<DocId, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if by_doc.contains_key(&r.doc) {
            of_doc.entry(r.doc).or_default().push(i);
        }
    }
    let mut docs: Vec<DocId> = of_doc.keys().copied().collect();
    docs.sort_unstable();
    for doc in docs {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let text = crate::core::store::documents::text(conn, doc)?;
        // The character offset where each word starts.
        let mut starts: Vec<i64> = Vec::new();
        let mut chars = 0i64;
        let mut at = 0usize;
        crate::core::words::for_each_token(&text, |s, _, _| {
            chars += text[at..s].chars().count() as i64;
            at = s;
            starts.push(chars);
        });
        // Words strictly between two character offsets.
        let between = |lo: i64, hi: i64| -> u32 {
            let a = starts.partition_point(|&s| s < lo);
            let b = starts.partition_point(|&s| s < hi);
            b.saturating_sub(a) as u32
        };
        // B's passages by start, with the furthest end so far: the nearest
        // B on each side of an A passage is found by bisection.
        let mut bs = by_doc[&doc].clone();
        bs.sort_unstable();
        let mut furthest = Vec::with_capacity(bs.len());
        let mut m = i64::MIN;
        for &(_, e) in &bs {
            m = m.max(e);
            furthest.push(m);
        }
        for &i in &of_doc[&doc] {
            let r = &rows[i];
            // B passages starting before A ends: one reaching past A's start
            // overlaps it; else the furthest-reaching one is nearest before.
            let k = bs.partition_point(|&(s, _)| s < r.end);
            let before = (k > 0).then(|| furthest[k - 1]);
            let close = match before {
                Some(e) if e > r.start => true,
                Some(e) if between(e, r.start) <= words => true,
                _ => bs.get(k).is_some_and(|&(s, _)| between(r.end, s) <= words),
            };
            if close {
                keep.insert(r.id);
            }
        }
    }
    rows.retain(|r| keep.contains(&r.id));
    Ok(())
}

/// Passages and documents per tag over a filter (each tag on its own, not
/// its branch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagCount {
    pub tag: TagId,
    pub passages: usize,
    pub documents: usize,
}

/// Counts per tag and the co-occurrence of tags, over one filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub tags: Vec<TagCount>,
    /// (A, B) with A < B → (passages of A or B overlapping one of the
    /// other, documents holding both).
    pub pairs: Vec<((TagId, TagId), (usize, usize))>,
}

/// The most passages one document contributes to the overlap count (a
/// 5 MB text coded 10,000 times stays bounded).
const OVERLAP_SCAN: usize = 20_000;

/// Counts per tag and co-occurrences (in one passage: overlapping; in one
/// document) over the documents `filter` lets through.
pub fn overview(conn: &Connection, filter: &Filter, cancel: &AtomicBool) -> Result<Overview> {
    let docs = scope(conn, filter, cancel)?;
    let mut rows = rows_of(conn, None, filter.show_duplicates, cancel)?;
    if let Some(docs) = &docs {
        rows.retain(|r| docs.contains(&r.doc));
    }
    rows.sort_unstable_by_key(|r| (r.doc, r.start, r.end));
    let mut counts: HashMap<TagId, (usize, HashSet<DocId>)> = HashMap::new();
    let mut in_passage: HashMap<(TagId, TagId), usize> = HashMap::new();
    let mut in_doc: HashMap<(TagId, TagId), usize> = HashMap::new();
    for group in rows.chunk_by(|x, y| x.doc == y.doc) {
        let mut tags_here: Vec<TagId> = group.iter().map(|r| r.tag).collect();
        tags_here.sort_unstable();
        tags_here.dedup();
        for r in group {
            let c = counts.entry(r.tag).or_default();
            c.0 += 1;
            c.1.insert(r.doc);
        }
        for (i, &a) in tags_here.iter().enumerate() {
            for &b in &tags_here[i + 1..] {
                *in_doc.entry((a, b)).or_default() += 1;
            }
        }
        // Overlaps by a sweep: each passage against those still open.
        let mut open: Vec<&PassageRow> = Vec::new();
        let mut seen: HashSet<(PassageId, TagId)> = HashSet::new();
        for r in group.iter().take(OVERLAP_SCAN) {
            open.retain(|o| o.end > r.start);
            for o in &open {
                if o.tag != r.tag {
                    let key = (o.tag.min(r.tag), o.tag.max(r.tag));
                    if seen.insert((r.id, o.tag)) {
                        *in_passage.entry(key).or_default() += 1;
                    }
                    if seen.insert((o.id, r.tag)) {
                        *in_passage.entry(key).or_default() += 1;
                    }
                }
            }
            if open.len() < 256 {
                open.push(r);
            }
        }
    }
    let mut tags: Vec<TagCount> = counts
        .into_iter()
        .map(|(tag, (p, d))| TagCount {
            tag,
            passages: p,
            documents: d.len(),
        })
        .collect();
    tags.sort_by_key(|t| (std::cmp::Reverse(t.passages), t.tag));
    let mut keys: HashSet<(TagId, TagId)> = in_doc.keys().copied().collect();
    keys.extend(in_passage.keys().copied());
    let mut pairs: Vec<_> = keys
        .into_iter()
        .map(|k| {
            (
                k,
                (
                    in_passage.get(&k).copied().unwrap_or(0),
                    in_doc.get(&k).copied().unwrap_or(0),
                ),
            )
        })
        .collect();
    pairs.sort_unstable();
    Ok(Overview { tags, pairs })
}
