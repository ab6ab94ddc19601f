//! Retitling the documents an outlet's masthead titles ("PLAINSVIEW
//! OBSERVER"): the headline below it becomes the title, the masthead goes
//! to the metadata. What counts as a masthead is decided in
//! [`crate::core::import::mastheads`]; the rows change here.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, Transaction, params};

use crate::core::error::Result;
use crate::core::import::mastheads::{
    HEAD_CHARS, MASTHEAD_DOCS, MASTHEAD_WORDS, SAMPLE, key, mostly_different, mostly_headlines,
    mostly_recurring, outlet_of,
};
use crate::core::import::text::{title_of, title_skipping};
use crate::core::model::DocState;

/// Retitles the documents titled by a masthead. Returns how many titles
/// changed.
pub fn retitle(tx: &Transaction) -> Result<usize> {
    let known: HashSet<String> = tx
        .prepare_cached("SELECT line_key FROM mastheads")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Titles shared by several documents whose title is the found one.
    let groups: Vec<(String, i64)> = tx
        .prepare_cached(
            "SELECT title_key, count(*) FROM documents
             WHERE found_title IS NULL AND state != ?1
             GROUP BY title_key HAVING count(*) >= 2",
        )?
        .query_map([DocState::Trashed as i64], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    let mut ids_of = tx.prepare_cached(
        "SELECT id FROM documents WHERE state != ?1 AND found_title IS NULL AND title_key = ?2",
    )?;
    let mut read =
        tx.prepare_cached("SELECT title, substr(text, 1, ?2) FROM documents WHERE id = ?1")?;
    let mut set = tx.prepare_cached(
        "UPDATE documents SET title = ?2, title_key = lower(?2),
                meta = json_set(CASE WHEN meta ->> '$.outlet' IS NULL AND ?4 IS NOT NULL
                                     THEN json_set(meta, '$.outlet', ?4) ELSE meta END,
                                '$.masthead', ?3)
         WHERE id = ?1",
    )?;
    let mut remember =
        tx.prepare_cached("INSERT OR IGNORE INTO mastheads(line_key) VALUES (?1)")?;
    let mut changed = 0;
    for (title_key, count) in groups {
        let is_known = known.contains(&title_key);
        if !is_known && (count as usize) < MASTHEAD_DOCS {
            continue;
        }
        // Ids only: a title shared by half a million documents ("Untitled")
        // costs 8 bytes each, never their texts at once.
        let ids: Vec<i64> = ids_of
            .query_map(params![DocState::Trashed as i64, title_key], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // A document titled by its first line, with its title and the one
        // below that line.
        let mut below = |id: i64| -> Result<Option<(String, String)>> {
            let Some((title, head)) = read
                .query_row(params![id, HEAD_CHARS], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .optional()?
            else {
                return Ok(None);
            };
            if title_of(&head, "") != title {
                return Ok(None);
            }
            Ok(title_skipping(&head, |l| key(l) == title_key).map(|next| (title, next)))
        };
        if !is_known {
            // Decided on a sample of the group's documents.
            let mut sample = Vec::new();
            for &id in ids.iter().take(2 * SAMPLE) {
                sample.extend(below(id)?.map(|(_, next)| next));
            }
            let nexts = || sample.iter().map(String::as_str);
            if sample.len() < MASTHEAD_DOCS
                || title_key.split_whitespace().count() > MASTHEAD_WORDS
                || !mostly_headlines(nexts())
                || !mostly_different(nexts())
                || mostly_recurring(tx, &title_key, nexts())?
            {
                continue;
            }
            remember.execute([&title_key])?;
        }
        for &id in &ids {
            if let Some((masthead, next)) = below(id)? {
                set.execute(params![id, next, masthead, outlet_of(&masthead)])?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}
