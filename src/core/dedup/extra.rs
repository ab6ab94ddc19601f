//! Candidates the shingle index cannot propose, read from the library.

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use crate::core::error::Result;
use crate::core::model::DocId;

/// Two documents by their index in a run.
pub(super) type IndexPair = (u32, u32);

/// Pairs in a group at most this large are all proposed (per new member);
/// past it, each new member is paired with the first this many.
pub const EXTRA_GROUP: usize = 50;

/// Documents whose text is at most this long (bytes) are short notices,
/// proposed by their headline and day.
pub const SHORT_NOTICE_BYTES: i64 = 800;

/// Candidates the shingle index cannot propose: documents with the same
/// text (kept apart as publications of their own; a body that is all
/// boilerplate has no signature to match), and short notices under one
/// headline on one day (a correction of one figure in a three-line notice
/// breaks most of its shingles). Index pairs `(low, high)`, each with a new
/// member; and which of them are the same text.
pub(super) fn extra_candidates(
    conn: &rusqlite::Connection,
    ids: &[DocId],
    fresh: &[bool],
) -> Result<(Vec<IndexPair>, HashSet<IndexPair>)> {
    let index_of: HashMap<DocId, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, &id)| (id, i as u32))
        .collect();
    let mut by_hash: HashMap<Vec<u8>, Vec<u32>> = HashMap::new();
    let mut by_headline: HashMap<(u64, String), Vec<u32>> = HashMap::new();
    // The hashes from their index alone (no text is read).
    let mut stmt = conn.prepare("SELECT id, content_hash FROM documents")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = index_of.get(&r.get::<_, DocId>(0)?) {
            by_hash.entry(r.get(1)?).or_default().push(i);
        }
    }
    by_hash.retain(|_, group| group.len() > 1);
    // Short texts' titles and days: `octet_length` is read from the row's
    // header, so a long text's pages are never read.
    let mut stmt = conn.prepare(
        "SELECT id, title, date FROM documents
         WHERE state != ?1 AND octet_length(text) <= ?2",
    )?;
    let mut rows = stmt.query(params![
        crate::core::model::DocState::Trashed as i64,
        SHORT_NOTICE_BYTES
    ])?;
    while let Some(r) = rows.next()? {
        let Some(&i) = index_of.get(&r.get::<_, DocId>(0)?) else {
            continue;
        };
        let date: Option<String> = r.get(2)?;
        if let Some(date) = date.filter(|d| d.len() == 10)
            && let Some(key) = super::judge::Headline::new(&r.get::<_, String>(1)?).key()
        {
            by_headline.entry((key, date)).or_default().push(i);
        }
    }
    let mut pairs = Vec::new();
    let mut exact = HashSet::new();
    let mut add = |group: &[u32], exact_text: bool, pairs: &mut Vec<(u32, u32)>| {
        if group.len() < 2 || !group.iter().any(|&i| fresh[i as usize]) {
            return;
        }
        for &a in group {
            if !fresh[a as usize] {
                continue;
            }
            for &b in group.iter().take(EXTRA_GROUP + 1).filter(|&&b| b != a) {
                let p = (a.min(b), a.max(b));
                pairs.push(p);
                if exact_text {
                    exact.insert(p);
                }
            }
        }
    };
    for group in by_hash.values() {
        add(group, true, &mut pairs);
    }
    for group in by_headline.values() {
        add(group, false, &mut pairs);
    }
    pairs.sort_unstable();
    pairs.dedup();
    Ok((pairs, exact))
}
