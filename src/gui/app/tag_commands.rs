//! Tag and filter commands: tags made, renamed, merged or deleted, put on
//! documents, and the tag and metadata filters and columns of the table.

use super::CorpusApp;
use super::command_handling::done_label;
use crate::core::store::tags;
use crate::gui::command::Command;
use crate::gui::notices::Outcome;

impl CorpusApp {
    pub(super) fn run_tags(&mut self, cmd: Command) {
        match cmd {
            Command::CreateTag(name) => self.write("Create tag", move |tx| {
                tags::create(tx, &name, None).map(|_| Outcome::Quiet)
            }),
            Command::RenameTag(id, name) => self.write("Rename tag", move |tx| {
                tags::rename(tx, id, &name).map(|_| Outcome::Quiet)
            }),
            Command::RecolorTag(id, color) => self.write("Recolour tag", move |tx| {
                tags::recolor(tx, id, &color).map(|_| Outcome::Quiet)
            }),
            Command::MergeTag { from, into } => {
                self.view.forget_tag(from);
                self.filter_dirty = true;
                self.write("Merge tags", move |tx| {
                    tags::merge(tx, from, into)?;
                    done_label(tx)
                })
            }
            Command::DeleteTag(id) => {
                self.view.forget_tag(id);
                self.filter_dirty = true;
                self.write("Delete tag", move |tx| {
                    tags::delete(tx, id)?;
                    done_label(tx)
                })
            }
            Command::FilterBranch(name) => {
                self.pending_tag_filter = Some(name.clone());
                self.write("Create tag", move |tx| {
                    tags::create(tx, &name, None)?;
                    done_label(tx)
                });
            }
            Command::DeleteTagBranch(id) => self.write("Delete tags", move |tx| {
                tags::delete_branch(tx, id)?;
                done_label(tx)
            }),
            Command::RemoveUnusedTags => self.write("Remove unused tags", move |tx| {
                tags::remove_unused(tx)?;
                done_label(tx)
            }),
            Command::ToggleTagFilter(id) => {
                self.view.toggle_tag(id);
                self.filter_dirty = true;
            }
            Command::ExcludeTag(id) => {
                self.view.exclude_tag(id);
                self.filter_dirty = true;
            }
            Command::RemoveTagFilter(id) => {
                self.view.forget_tag(id);
                self.filter_dirty = true;
            }
            Command::AddMetaFilter(m) => {
                self.view.require_meta(m);
                self.filter_dirty = true;
            }
            Command::ToggleColumn(name) => {
                let Some(path) = self
                    .session
                    .as_ref()
                    .map(|s| s.library.path().to_path_buf())
                else {
                    return;
                };
                let s = self.settings.columns_mut(&path);
                if crate::gui::panels::table::BUILT_IN_HIDEABLE.contains(&name.as_str()) {
                    if !s.hidden.contains(&name) {
                        s.hidden.push(name);
                    } else {
                        s.hidden.retain(|c| c != &name);
                    }
                } else if s.meta.contains(&name) {
                    s.meta.retain(|c| c != &name);
                    // A column that goes takes its sort with it.
                    if self.settings.sort.key
                        == crate::core::view::SortKey::Meta(
                            crate::core::view::FieldName::new(&name)
                                .unwrap_or(crate::core::view::FieldName::EMPTY),
                        )
                    {
                        self.sort_by(crate::core::view::SortKey::Title);
                    }
                } else {
                    s.meta.push(name);
                }
            }
            Command::RemoveMetaFilter(field) => {
                self.view.meta.retain(|m| m.field != field);
                self.filter_dirty = true;
            }
            Command::OpenTagDialog(dialog) => self.tag_dialog = Some(dialog),
            Command::TagFilterAll(all) => {
                self.view.tags.all = all;
                self.filter_dirty = true;
            }
            Command::ClearFilters => {
                self.view.clear_filters();
                self.clear_search();
                self.filter_dirty = true;
            }
            Command::TagDocs { docs, tag, add } => self.write("Tag", move |tx| {
                let n = tags::tag_by_name(tx, &tag, &docs, add)?;
                if n == 0 {
                    Ok(Outcome::Quiet)
                } else {
                    done_label(tx)
                }
            }),
            Command::TagSelection { tag, add } => {
                self.write_selection("Tag", false, move |tx, ids| {
                    let n = tags::tag_by_name(tx, &tag, &ids, add)?;
                    if n == 0 {
                        Ok(Outcome::Quiet)
                    } else {
                        done_label(tx)
                    }
                })
            }
            Command::ToggleTagOnSelection(id) => {
                self.write_selection("Tag", false, move |tx, ids| {
                    let n = tags::toggle_on(tx, id, &ids)?;
                    if n == 0 {
                        Ok(Outcome::Quiet)
                    } else {
                        done_label(tx)
                    }
                })
            }
            _ => {}
        }
    }
}
