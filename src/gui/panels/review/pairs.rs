//! The review's other lists: pairs that share passages without being the
//! same story ("related"), and reports built from one template about other
//! days or figures. Each pair shows side by side with its shared passages
//! marked; *Merge anyway* makes it a duplicate, *Dismiss* drops it.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use egui::{RichText, ScrollArea, Ui};

use super::panes::{legend, marked_text, two_panes};
use super::{ROW_HEIGHT, ReviewState, doc_header, list_row};
use crate::core::dedup::diff;
use crate::core::dedup::passages;
use crate::core::dedup::{KeeperInfo, Pair, PairKind};
use crate::core::model::DocId;
use crate::core::store::documents;
use crate::gui::command::{Commands, ReviewCommand};
use crate::gui::theme;

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

/// Two documents side by side, their shared passages marked, or (for a
/// same-template pair) the slots where they differ.
pub struct PassageView {
    pub left: DocId,
    pub right: DocId,
    pub left_side: Vec<(String, bool)>,
    pub right_side: Vec<(String, bool)>,
    /// The marks are the differing slots, not the shared passages.
    pub slots: bool,
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
        let slots = which == ReviewList::Template;
        self.view = documents::text(conn, a)
            .and_then(|x| Ok((x, documents::text(conn, b)?)))
            .ok()
            .map(|(x, y)| {
                let (left_side, right_side) = if slots {
                    // What fills the template differently: figures, days,
                    // names. Bounded: a slow diff gets coarser.
                    diff::word_diff_with(
                        &x,
                        &y,
                        std::time::Duration::from_millis(30),
                        diff::Fold::Loose,
                    )
                } else {
                    passages::marked(&x, &y)
                };
                PassageView {
                    left: a,
                    right: b,
                    left_side,
                    right_side,
                    slots,
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

/// The list of related or same-template pairs.
pub(super) fn list(ui: &mut Ui, review: &mut ReviewState, conn: &Connection) {
    let which = review.list;
    let pairs: Vec<crate::core::dedup::Pair> = review.pairs.list(which).to_vec();
    if pairs.is_empty() {
        ui.add_space(20.0);
        ui.label(
            RichText::new(match which {
                ReviewList::Template => "No reports built from the same template.",
                _ => "No documents that only share passages.",
            })
            .weak(),
        );
        return;
    }
    let mut clicked = None;
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, pairs.len(), |ui, range| {
            for p in &pairs[range] {
                let title = |review: &mut ReviewState, id| {
                    review
                        .summary(conn, id)
                        .map(|s| s.title.clone())
                        .unwrap_or_default()
                };
                let (ta, tb) = (title(review, p.a), title(review, p.b));
                let meta = format!(
                    "{} · {:.0}% of the shorter text shared",
                    p.kind.label(),
                    p.containment * 100.0
                );
                let selected = review.pairs.selected == Some((p.a, p.b));
                if list_row(ui, &format!("{ta} ↔ {tb}"), &meta, false, selected).clicked() {
                    clicked = Some((p.a, p.b));
                }
            }
        });
    if let Some(pair) = clicked {
        review.pairs.select(conn, which, pair);
    }
}

/// The selected pair side by side, its shared passages marked.
pub(super) fn compare(
    ui: &mut Ui,
    review: &mut ReviewState,
    conn: &Connection,
    commands: &mut Commands,
) {
    let Some(view) = &review.pairs.view else {
        ui.label(RichText::new("Select a pair on the left.").weak());
        return;
    };
    let (left, right, slots) = (view.left, view.right, view.slots);
    let marked = marked_words(&view.left_side).max(marked_words(&view.right_side));
    let dark = ui.visuals().dark_mode;
    let (color, left_color, right_color) = if slots {
        let (l, r) = theme::diff_colors(dark);
        (l, l, r)
    } else {
        let c = theme::passage_color(dark);
        (c, c, c)
    };
    let left_job = marked_text(ui, &view.left_side, left_color, &[]);
    let right_job = marked_text(ui, &view.right_side, right_color, &[]);
    let template = review.list == ReviewList::Template;
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Merge anyway")
            .on_hover_text("These are the same story: cluster them as duplicates")
            .clicked()
        {
            commands.push(ReviewCommand::SamePair(left, right));
        }
        if ui
            .button("Dismiss")
            .on_hover_text(format!(
                "Take this pair off the list for good (undo with {})",
                crate::gui::command::Action::Undo.key_text()
            ))
            .clicked()
        {
            commands.push(ReviewCommand::NotDuplicatePair(left, right));
        }
    });
    ui.label(
        RichText::new(if template {
            "Built from the same template, about another day or other figures: kept apart by default."
        } else {
            "Different documents that share passages: each has a body of its own."
        })
        .weak(),
    );
    if slots {
        let what = if marked == 0 {
            "differs: nothing in the texts; only the headlines".to_string()
        } else {
            format!("differs: the template's slots ({marked} words)")
        };
        legend(ui, &[(color, &what)]);
        if let (Some(l), Some(r)) = (
            review.summary(conn, left).map(|s| s.title.clone()),
            review.summary(conn, right).map(|s| s.title.clone()),
        ) && l != r
        {
            ui.label(
                RichText::new(format!("Headlines differ: “{l}” · “{r}”"))
                    .weak()
                    .small(),
            );
        }
    } else {
        legend(ui, &[(color, &format!("shared passage ({marked} words)"))]);
    }
    ui.columns(2, |cols| {
        doc_header(review, &mut cols[0], conn, left, "DOCUMENT");
        doc_header(review, &mut cols[1], conn, right, "SHARES PASSAGES WITH IT");
        let (h0, h1) = (cols[0].min_rect().height(), cols[1].min_rect().height());
        cols[0].add_space((h1 - h0).max(0.0));
        cols[1].add_space((h0 - h1).max(0.0));
        two_panes(cols, left_job, right_job, &mut review.pane_sync);
    });
}
