//! Tag commands: tags made, renamed, merged or deleted, and put on
//! documents (the filters by tag are view commands).

use super::super::CorpusApp;
use super::done_label;
use crate::core::model::DocId;
use crate::core::store::tags;
use crate::core::store::tags::TagId;
use crate::gui::notices::Outcome;
use crate::gui::panels::tags::TagDialog;

#[derive(Debug, Clone, PartialEq)]
pub enum TagCommand {
    Create(String),
    Rename(TagId, String),
    Recolor(TagId, String),
    Merge {
        from: TagId,
        into: TagId,
    },
    Delete(TagId),
    /// Delete a tag and every tag nested under it (undoable).
    DeleteBranch(TagId),
    /// Delete the tags no document outside the trash carries (undoable).
    RemoveUnused,
    /// Filter by a tag branch whose parent is no tag of its own (a parent
    /// deleted, or never made): the parent is made, then filtered by.
    FilterBranch(String),
    /// Add or remove a tag (by name, created when new) on documents.
    TagDocs {
        docs: Vec<DocId>,
        tag: String,
        add: bool,
    },
    /// Add or remove a tag on the selection.
    TagSelection {
        tag: String,
        add: bool,
    },
    /// Number keys: add the tag to the selection, or remove it when all have it.
    ToggleOnSelection(TagId),
    OpenDialog(TagDialog),
}

impl CorpusApp {
    pub(super) fn run_tags(&mut self, cmd: TagCommand) {
        match cmd {
            TagCommand::Create(name) => self.write("Create tag", move |tx| {
                tags::create(tx, &name, None).map(|_| Outcome::Quiet)
            }),
            TagCommand::Rename(id, name) => self.write("Rename tag", move |tx| {
                tags::rename(tx, id, &name).map(|_| Outcome::Quiet)
            }),
            TagCommand::Recolor(id, color) => self.write("Recolour tag", move |tx| {
                tags::recolor(tx, id, &color).map(|_| Outcome::Quiet)
            }),
            TagCommand::Merge { from, into } => {
                self.view.forget_tag(from);
                self.filter_dirty = true;
                self.write("Merge tags", move |tx| {
                    tags::merge(tx, from, into)?;
                    done_label(tx)
                })
            }
            TagCommand::Delete(id) => {
                self.view.forget_tag(id);
                self.filter_dirty = true;
                self.write("Delete tag", move |tx| {
                    tags::delete(tx, id)?;
                    done_label(tx)
                })
            }
            TagCommand::FilterBranch(name) => {
                self.pending_tag_filter = Some(name.clone());
                self.write("Create tag", move |tx| {
                    tags::create(tx, &name, None)?;
                    done_label(tx)
                });
            }
            TagCommand::DeleteBranch(id) => self.write("Delete tags", move |tx| {
                tags::delete_branch(tx, id)?;
                done_label(tx)
            }),
            TagCommand::RemoveUnused => self.write("Remove unused tags", move |tx| {
                tags::remove_unused(tx)?;
                done_label(tx)
            }),
            TagCommand::OpenDialog(dialog) => self.tags.dialog = Some(dialog),
            TagCommand::TagDocs { docs, tag, add } => self.write("Tag", move |tx| {
                let n = tags::tag_by_name(tx, &tag, &docs, add)?;
                if n == 0 {
                    Ok(Outcome::Quiet)
                } else {
                    done_label(tx)
                }
            }),
            TagCommand::TagSelection { tag, add } => {
                self.write_selection("Tag", false, move |tx, ids| {
                    let n = tags::tag_by_name(tx, &tag, &ids, add)?;
                    if n == 0 {
                        Ok(Outcome::Quiet)
                    } else {
                        done_label(tx)
                    }
                })
            }
            TagCommand::ToggleOnSelection(id) => {
                self.write_selection("Tag", false, move |tx, ids| {
                    let n = tags::toggle_on(tx, id, &ids)?;
                    if n == 0 {
                        Ok(Outcome::Quiet)
                    } else {
                        done_label(tx)
                    }
                })
            }
        }
    }
}
