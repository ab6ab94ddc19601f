//! The review's other lists: pairs that share passages without being the
//! same story ("related"), and reports built from one template about other
//! days or figures. Each pair shows side by side with its shared passages
//! marked; *Merge anyway* makes it a duplicate, *Dismiss* drops it.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::core::dedup::passages;
use crate::core::dedup::{KeeperInfo, Pair, PairKind};
use crate::core::model::DocId;
use crate::core::store::documents;

/// Which list the review shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReviewList {
    #[default]
    Duplicates,
    Related,
    Template,
}

impl ReviewList {
    /// The pair kind a pair list holds (`None` for the clusters).
    pub fn kind(self) -> Option<PairKind> {
        match self {
            ReviewList::Duplicates => None,
            ReviewList::Related => Some(PairKind::Related),
            ReviewList::Template => Some(PairKind::Template),
        }
    }
}

/// Two documents side by side, their shared passages marked.
pub struct PassageView {
    pub left: DocId,
    pub right: DocId,
    pub left_side: Vec<(String, bool)>,
    pub right_side: Vec<(String, bool)>,
}

/// The related and same-template pairs, and the one shown.
#[derive(Default)]
pub struct PairLists {
    pub related: Vec<Pair>,
    pub template: Vec<Pair>,
    /// The pair shown (`a < b`).
    pub selected: Option<(DocId, DocId)>,
    pub view: Option<PassageView>,
}

impl PairLists {
    /// Rebuilds both lists from the stored pairs: both documents still in
    /// the library, no verdict given; most shared first.
    pub fn rebuild(
        &mut self,
        pairs: &[Pair],
        info: &HashMap<DocId, KeeperInfo>,
        different: &HashSet<(DocId, DocId)>,
    ) {
        let open = |p: &&Pair| {
            info.contains_key(&p.a) && info.contains_key(&p.b) && !different.contains(&(p.a, p.b))
        };
        let of_kind = |kind: PairKind| {
            let mut v: Vec<Pair> = pairs
                .iter()
                .filter(|p| p.kind == kind)
                .filter(open)
                .copied()
                .collect();
            v.sort_by(|x, y| y.containment.total_cmp(&x.containment).then(x.a.cmp(&y.a)));
            v
        };
        self.related = of_kind(PairKind::Related);
        self.template = of_kind(PairKind::Template);
    }

    pub fn list(&self, which: ReviewList) -> &[Pair] {
        match which {
            ReviewList::Duplicates => &[],
            ReviewList::Related => &self.related,
            ReviewList::Template => &self.template,
        }
    }

    /// Keeps the selection on a pair of `which` (the first when it left),
    /// and the passage view on it.
    pub fn ensure_selected(&mut self, conn: &Connection, which: ReviewList) {
        let list = self.list(which);
        let selected = self
            .selected
            .filter(|s| list.iter().any(|p| (p.a, p.b) == *s))
            .or_else(|| list.first().map(|p| (p.a, p.b)));
        self.selected = selected;
        let Some((a, b)) = selected else {
            self.view = None;
            return;
        };
        if self
            .view
            .as_ref()
            .is_some_and(|v| (v.left, v.right) == (a, b))
        {
            return;
        }
        self.view = documents::text(conn, a)
            .and_then(|x| Ok((x, documents::text(conn, b)?)))
            .ok()
            .map(|(x, y)| {
                let (left_side, right_side) = passages::marked(&x, &y);
                PassageView {
                    left: a,
                    right: b,
                    left_side,
                    right_side,
                }
            });
    }

    pub fn select(&mut self, conn: &Connection, which: ReviewList, pair: (DocId, DocId)) {
        self.selected = Some(pair);
        self.ensure_selected(conn, which);
    }
}

/// Words in the marked pieces.
pub fn marked_words(side: &[(String, bool)]) -> usize {
    side.iter()
        .filter(|p| p.1)
        .map(|p| passages::word_spans(&p.0).len())
        .sum()
}
