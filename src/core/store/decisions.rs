//! The user's decisions about duplicates: "not duplicates" verdicts, the
//! chosen keeper, and resolving clusters. Each is planned as an [`Edit`]
//! and goes through the one door, so resolving a hundred clusters is one
//! undo step and one re-clustering.

use rusqlite::{Transaction, params};
use serde::Serialize;

use super::change::{Change, Edit};
use super::{documents, edit, tags};
use crate::core::counts::plural;
use crate::core::error::Result;
use crate::core::model::{DocId, DocState};

/// Every pair within `ids`, `a < b`.
fn all_pairs(ids: &[DocId]) -> Vec<(DocId, DocId)> {
    let mut out = Vec::new();
    for (k, &a) in ids.iter().enumerate() {
        for &b in &ids[k + 1..] {
            if a != b {
                out.push((a.min(b), a.max(b)));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// "Not duplicates": remembers that no two of `ids` are copies of each
/// other, so they are never proposed together again. Undoable.
pub fn not_duplicates(tx: &Transaction, ids: &[DocId]) -> Result<()> {
    edit::commit(tx, plan_not_duplicates(tx, ids)?).map(|_| ())
}

/// What [`not_duplicates`] would do: the pairs not yet recorded.
pub fn plan_not_duplicates(tx: &Transaction, ids: &[DocId]) -> Result<Edit> {
    let mut known = tx.prepare_cached(
        "SELECT 1 FROM pair_decisions WHERE doc_a = ?1 AND doc_b = ?2 AND verdict = 'different'",
    )?;
    let mut pairs = Vec::new();
    for (a, b) in all_pairs(ids) {
        if !known.exists(params![a, b])? {
            pairs.push((a, b));
        }
    }
    if pairs.is_empty() {
        return Ok(Edit::none());
    }
    Ok(Edit::new(
        "not duplicates",
        Change::NotDuplicates { pairs },
        ids.len(),
    ))
}

/// "Merge anyway": the pair `a`, `b` listed as related or as the same
/// template is the same story after all, so it clusters. Undoable.
pub fn same_story(tx: &Transaction, a: DocId, b: DocId) -> Result<()> {
    let pair = (a.min(b), a.max(b));
    let mut known =
        tx.prepare_cached("SELECT 1 FROM pair_decisions WHERE doc_a = ?1 AND doc_b = ?2")?;
    if known.exists(params![pair.0, pair.1])? {
        return Ok(()); // already decided; the user undoes that decision first
    }
    let edit = Edit::new("same story", Change::SameStory { pairs: vec![pair] }, 2);
    edit::commit(tx, edit).map(|_| ())
}

/// Makes `keeper` its cluster's keeper (the cluster of `members`). Undoable.
pub fn choose_keeper(tx: &Transaction, keeper: DocId, members: &[DocId]) -> Result<()> {
    let mut chosen = tx.prepare_cached("SELECT 1 FROM dedup_keepers WHERE doc_id = ?1")?;
    let was_chosen = chosen.exists([keeper])?;
    let mut before = Vec::new();
    for &m in members {
        if m != keeper && chosen.exists([m])? {
            before.push(m);
        }
    }
    let change = Change::ChooseKeeper {
        keeper,
        before,
        was_chosen,
    };
    edit::commit(tx, Edit::new("choose a keeper", change, 1)).map(|_| ())
}

/// How the user resolves a cluster: what happens to the members other than
/// the keeper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Resolution {
    /// Mark them as duplicates: hidden from the library and from export.
    MarkDuplicates,
    /// Give the keeper every tag the others carry.
    MergeTags,
    /// Move them to the trash.
    Trash,
    /// They are not copies of each other: never propose them again.
    NotDuplicates,
}

impl Resolution {
    pub fn label(self) -> &'static str {
        match self {
            Resolution::MarkDuplicates => "Mark duplicates",
            Resolution::MergeTags => "Merge tags into keeper",
            Resolution::Trash => "Move duplicates to trash",
            Resolution::NotDuplicates => "Not duplicates",
        }
    }
}

/// Resolves clusters, given as (keeper, members without the keeper), as one
/// undo step (and one re-clustering, however many clusters).
pub fn resolve(tx: &Transaction, clusters: &[(DocId, Vec<DocId>)], how: Resolution) -> Result<()> {
    let others: usize = clusters.iter().map(|(_, o)| o.len()).sum();
    super::backups::before_bulk(tx, others, "resolving the clusters")?;
    edit::commit(tx, plan_resolve(tx, clusters, how)?).map(|_| ())
}

/// What [`resolve`] would do, as one planned edit.
pub fn plan_resolve(
    tx: &Transaction,
    clusters: &[(DocId, Vec<DocId>)],
    how: Resolution,
) -> Result<Edit> {
    let mut plans = Vec::new();
    match how {
        Resolution::MarkDuplicates | Resolution::Trash => {
            let state = if how == Resolution::Trash {
                DocState::Trashed
            } else {
                DocState::Duplicate
            };
            let states =
                super::review::states_of(tx, clusters.iter().flat_map(|(_, m)| m.iter().copied()))?;
            let ids: Vec<DocId> = clusters
                .iter()
                .flat_map(|(_, m)| m.iter().copied())
                .filter(|m| states.get(m).is_some_and(|s| *s != state))
                .collect();
            if !ids.is_empty() {
                plans.push(documents::plan_set_state(tx, &ids, state)?);
            }
        }
        Resolution::MergeTags => {
            let mut tags_of =
                tx.prepare_cached("SELECT DISTINCT tag_id FROM document_tags WHERE doc_id = ?1")?;
            for (keeper, members) in clusters {
                let mut tags: Vec<i64> = Vec::new();
                for &m in members {
                    tags.extend(
                        tags_of
                            .query_map([m], |r| r.get::<_, i64>(0))?
                            .collect::<rusqlite::Result<Vec<_>>>()?,
                    );
                }
                tags.sort_unstable();
                tags.dedup();
                for tag in tags {
                    plans.push(tags::plan_set_on(tx, tag, &[*keeper], true)?);
                }
            }
        }
        Resolution::NotDuplicates => {
            for (keeper, members) in clusters {
                let mut ids = members.clone();
                ids.push(*keeper);
                plans.push(plan_not_duplicates(tx, &ids)?);
            }
        }
    }
    let label = format!(
        "{} ({})",
        how.label().to_lowercase(),
        plural(clusters.len(), "cluster", "clusters")
    );
    Ok(Edit::combine(label, plans))
}
