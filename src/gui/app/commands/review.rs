//! Review commands: the duplicate search, its threshold, and the
//! decisions taken in the review (keepers, resolutions, "not a copy").

use std::sync::Arc;

use super::super::CorpusApp;
use super::done_label;
use crate::core::counts::{documents, plural};
use crate::core::model::DocId;
use crate::core::store::{self, decisions::Resolution};
use crate::gui::command::Action;
use crate::gui::notices::{Confirm, Outcome};
use crate::gui::panels::review::ReviewState;
use crate::gui::view_state::Central;

#[derive(Debug, Clone, PartialEq)]
pub enum ReviewCommand {
    /// Find duplicates in the background (`full`: forget the index first).
    Run {
        full: bool,
    },
    Cancel,
    /// Store the review's threshold and rebuild the stored clusters at it.
    SetThreshold(f64),
    /// Resolve clusters, given as (keeper, the others).
    Resolve {
        clusters: Vec<(DocId, Vec<DocId>)>,
        how: Resolution,
    },
    /// Make `keeper` the keeper of the cluster of `members`.
    ChooseKeeper {
        keeper: DocId,
        members: Vec<DocId>,
    },
    /// Two documents are not copies of each other.
    NotDuplicatePair(DocId, DocId),
    /// Two documents listed as related or as the same template are the same
    /// story after all ("Merge anyway").
    SamePair(DocId, DocId),
    /// Open the review at the cluster of a document.
    Document(DocId),
    /// Move through the review's clusters.
    Step(isize),
    /// Resolve the cluster the review shows.
    ResolveCurrent(Resolution),
    /// Resolve every open cluster in the review's list (asks first).
    ResolveAll(Resolution),
}

impl CorpusApp {
    pub(super) fn run_review(&mut self, cmd: ReviewCommand, confirmed: bool) {
        match cmd {
            ReviewCommand::Run { full } => {
                if let Some(session) = &self.session {
                    self.review.start_run(Arc::clone(&session.library), full);
                }
            }
            ReviewCommand::Cancel => self.review.cancel_run(),
            ReviewCommand::SetThreshold(t) => self.write("Set threshold", move |tx| {
                store::clusters::set_threshold(tx, t)?;
                store::clusters::recluster_stored(tx).map(|_| Outcome::Quiet)
            }),
            ReviewCommand::Resolve { clusters, how } => self.resolve(clusters, how, confirmed),
            ReviewCommand::ChooseKeeper { keeper, members } => {
                self.review.selected = Some(keeper);
                self.write("Choose keeper", move |tx| {
                    store::decisions::choose_keeper(tx, keeper, &members).map(|_| Outcome::Quiet)
                })
            }
            ReviewCommand::NotDuplicatePair(a, b) => self.write("Not a duplicate", move |tx| {
                store::decisions::not_duplicates(tx, &[a, b]).map(|_| Outcome::Quiet)
            }),
            ReviewCommand::SamePair(a, b) => self.write("Merge anyway", move |tx| {
                store::decisions::same_story(tx, a, b).map(|_| Outcome::Quiet)
            }),
            ReviewCommand::Document(id) => {
                if let Some(session) = &self.session {
                    let found = self.review.select_document(&session.conn, id);
                    self.show_central(Central::Review);
                    if !found {
                        self.review.selected = Some(id);
                    }
                }
            }
            ReviewCommand::Step(step) => {
                if let Some(session) = &self.session {
                    self.review.step(&session.conn, step);
                }
            }
            ReviewCommand::ResolveCurrent(how) => {
                if let Some(c) = self.review.current() {
                    let clusters = ReviewState::as_targets(std::slice::from_ref(c));
                    self.resolve(clusters, how, confirmed);
                }
            }
            ReviewCommand::ResolveAll(how) => self.resolve_all(how),
        }
    }

    /// Resolves clusters given as (keeper, the others); moving copies to
    /// the trash asks first.
    fn resolve(&mut self, clusters: Vec<(DocId, Vec<DocId>)>, how: Resolution, confirmed: bool) {
        let others: usize = clusters.iter().map(|(_, m)| m.len()).sum();
        if how == Resolution::Trash && !confirmed {
            self.confirm = Some(Confirm {
                title: format!("Move {} to the trash?", documents(others)),
                body: format!(
                    "The {} besides the keeper go to the trash. You can restore them from the trash, or undo with {}.",
                    plural(others, "copy", "copies"),
                    Action::Undo.key_text()
                ),
                yes: "Move to trash".into(),
                then: ReviewCommand::Resolve { clusters, how }.into(),
            });
            return;
        }
        if let [(keeper, _)] = clusters.as_slice()
            && self.review.selected == Some(*keeper)
        {
            self.review.advance_after_decision();
        }
        self.write(how.label(), move |tx| {
            store::decisions::resolve(tx, &clusters, how)?;
            done_label(tx)
        })
    }

    /// Resolves every open cluster of the review's list, once asked.
    fn resolve_all(&mut self, how: Resolution) {
        let open = self.review.open_clusters();
        if open.is_empty() {
            return;
        }
        let others: usize = open.iter().map(|c| c.members.len()).sum();
        self.confirm = Some(Confirm {
            title: format!("{} for all clusters?", how.label()),
            body: format!(
                "This acts on {} ({} besides their keepers). You can undo it with {}.",
                plural(open.len(), "unresolved cluster", "unresolved clusters"),
                documents(others),
                Action::Undo.key_text()
            ),
            yes: how.label().into(),
            // This question is the confirmation: no second one for the trash.
            then: crate::gui::command::Command::from(ReviewCommand::Resolve {
                clusters: ReviewState::as_targets(&open),
                how,
            })
            .confirmed(),
        });
    }
}
