//! Entity commands: the entity filter (a chip), the facets' filter box
//! and selection, and the cleaning — merge, rename, retype, split,
//! ignore — written through the store's one edit door (undoable), then
//! the documents read again in the background.

use std::path::PathBuf;

use super::super::CorpusApp;
use super::done_label;
use crate::core::entities::Kind;
use crate::core::model::EntityId;
use crate::core::store::{edit, entities};
use crate::gui::dialogs::DialogKind;
use crate::gui::panels::entities::EntityDialog;

#[derive(Debug, Clone, PartialEq)]
pub enum EntityCommand {
    /// Require documents to name this entity (again: stop), with the chip's label.
    Filter(EntityId, String),
    /// Filter by this entity and show the timeline: when it is named.
    Timeline(EntityId, String),
    /// The facets' filter box.
    Needle(String),
    /// Select (or unselect) a name for merging.
    Select(EntityId),
    /// List what appears with an entity (`None`: close the list).
    ShowWith(Option<EntityId>),
    Merge {
        from: Vec<EntityId>,
        into: EntityId,
        name: Option<String>,
    },
    Rename(EntityId, String),
    Retype(Vec<EntityId>, Kind),
    Ignore(Vec<EntityId>, bool),
    /// Split every variant off this entity.
    Split(EntityId),
    OpenDialog(EntityDialog),
    /// Underline names in the reader by type.
    Marks(bool),
    ExportListDialog,
    ImportListDialog,
    ExportList(PathBuf),
    ImportList(PathBuf),
}

impl CorpusApp {
    pub(super) fn run_entities(&mut self, cmd: EntityCommand) {
        match cmd {
            EntityCommand::Filter(id, label) => {
                self.view.toggle_entity(id, label);
                self.filter_dirty = true;
            }
            EntityCommand::Timeline(id, label) => {
                if !self.view.entities.iter().any(|(e, _)| *e == id) {
                    self.view.toggle_entity(id, label);
                    self.filter_dirty = true;
                }
                self.timeline.visible = true;
            }
            EntityCommand::Needle(n) => self.entities.needle = n,
            EntityCommand::Select(id) => {
                if !self.entities.selected.remove(&id) {
                    self.entities.selected.insert(id);
                }
            }
            EntityCommand::ShowWith(id) => {
                self.entities.show_with = id;
                if id.is_none() {
                    self.entities.with = None;
                }
            }
            EntityCommand::Merge { from, into, name } => {
                self.entities.selected.clear();
                self.view.entities.retain(|(e, _)| !from.contains(e));
                self.filter_dirty = true;
                self.write("Merge entities", move |tx| {
                    edit::commit(tx, entities::merge(tx, &from, into, name.as_deref())?)?;
                    done_label(tx)
                });
            }
            EntityCommand::Rename(id, name) => self.write("Rename entity", move |tx| {
                edit::commit(tx, entities::rename(tx, id, &name)?)?;
                done_label(tx)
            }),
            EntityCommand::Retype(ids, kind) => self.write("Change the type", move |tx| {
                edit::commit(tx, entities::set_kind(tx, &ids, kind)?)?;
                done_label(tx)
            }),
            EntityCommand::Ignore(ids, ignored) => {
                self.view.entities.retain(|(e, _)| !ids.contains(e));
                self.filter_dirty = true;
                self.write("Ignore entity", move |tx| {
                    edit::commit(tx, entities::ignore(tx, &ids, ignored)?)?;
                    done_label(tx)
                })
            }
            EntityCommand::Split(id) => self.write("Split entity", move |tx| {
                let variants: Vec<EntityId> = entities::all(tx)?
                    .into_iter()
                    .filter(|e| e.merged_into == Some(id))
                    .map(|e| e.id)
                    .collect();
                edit::commit(tx, entities::split(tx, &variants)?)?;
                done_label(tx)
            }),
            EntityCommand::OpenDialog(d) => self.entities.dialog = Some(d),
            EntityCommand::Marks(on) => {
                self.entities.marks = on;
                let doc = self.reader.doc.as_ref().map(|d| d.id);
                self.load_reader(doc);
            }
            EntityCommand::ExportListDialog => self.ask(DialogKind::EntityListOut),
            EntityCommand::ImportListDialog => self.ask(DialogKind::EntityListIn),
            EntityCommand::ExportList(path) => self.export_entity_list(path),
            EntityCommand::ImportList(path) => self.import_entity_list(path),
        }
    }

    fn export_entity_list(&mut self, path: PathBuf) {
        let Some(session) = &self.session else {
            return;
        };
        let write = || -> crate::core::Result<usize> {
            let mut tmp = crate::core::fsx::temp_file_for(&path, ".entities")?;
            let n = session.library.write_entity_list(&mut tmp)?;
            crate::core::fsx::persist(tmp, &path, true)?;
            Ok(n)
        };
        match write() {
            Ok(n) => self
                .infos
                .push(format!("{n} entities written to {}", path.display())),
            Err(e) => self
                .notices
                .push(format!("Cannot write the entity list: {e}")),
        }
    }

    fn import_entity_list(&mut self, path: PathBuf) {
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                self.notices
                    .push(format!("Cannot open {}: {e}", path.display()));
                return;
            }
        };
        self.write("Import an entity list", move |tx| {
            let mut file = file;
            crate::core::library::entities::read_entity_list_in(tx, &mut file)?;
            done_label(tx)
        });
    }
}
