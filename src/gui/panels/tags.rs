//! The tags panel: every tag as a tree (by `/` in names) with its colour,
//! count and number key; click to filter, right-click for more, drop
//! selected rows on a tag to tag them.

use egui::{Color32, RichText, Sense, Ui};

use crate::core::counts::thousands;
use crate::core::store::tags::{Tag, TagId};
use crate::gui::command::{CodeCommand, Commands, TagCommand, ViewCommand};
use crate::gui::theme;

/// A tag dragged from the list (by its colour swatch) onto text selected
/// in the reader: codes the selection with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagDrag(pub String);

/// The payload of rows dragged from the table: "the selection".
#[derive(Debug, Clone, Copy)]
pub struct DraggedSelection;

/// One node of the tree: a tag, or a parent that exists only in names.
struct Node<'a> {
    path: String,
    label: String,
    tag: Option<&'a Tag>,
    children: Vec<Node<'a>>,
}

fn build_tree(tags: &[Tag]) -> Vec<Node<'_>> {
    fn insert<'a>(nodes: &mut Vec<Node<'a>>, parts: &[&str], prefix: &str, tag: &'a Tag) {
        let Some((first, rest)) = parts.split_first() else {
            return;
        };
        let path = if prefix.is_empty() {
            (*first).to_string()
        } else {
            format!("{prefix}/{first}")
        };
        let i = match nodes.iter().position(|n| n.label == *first) {
            Some(i) => i,
            None => {
                nodes.push(Node {
                    path: path.clone(),
                    label: (*first).to_string(),
                    tag: None,
                    children: Vec::new(),
                });
                nodes.len() - 1
            }
        };
        if rest.is_empty() {
            nodes[i].tag = Some(tag);
        } else {
            insert(&mut nodes[i].children, rest, &path, tag);
        }
    }
    let mut roots = Vec::new();
    for t in tags {
        let parts: Vec<&str> = t.name.split('/').collect();
        insert(&mut roots, &parts, "", t);
    }
    roots
}

fn swatch(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
}

/// A small dialog about one tag.
#[derive(Debug, Clone, PartialEq)]
pub enum TagDialog {
    Rename {
        id: TagId,
        name: String,
    },
    Recolor {
        id: TagId,
        color: egui::Color32,
    },
    Delete {
        id: TagId,
        name: String,
        count: i64,
        /// Tags nested under it.
        children: usize,
    },
}

/// What the tag panel reads: the tags, their subtree counts, the tag
/// filter in force (to mark included and excluded tags) and how many
/// documents are selected.
pub struct TagsView<'a> {
    pub tags: &'a [Tag],
    pub counts: &'a std::collections::HashMap<String, i64>,
    pub filter: &'a crate::core::view::TagFilter,
    pub selected: usize,
    /// Text selected in the reader: (document, start, end) in characters.
    pub passage: Option<(crate::core::model::DocId, i64, i64)>,
}

/// The New tag field and the tag tree (`None`: no library open). Returns
/// the height the section would like, so the names above it can take what
/// a short tag list leaves.
pub fn ui(ui: &mut Ui, v: Option<&TagsView>, commands: &mut Commands) -> f32 {
    let top = ui.cursor().top();
    ui.add_space(theme::PANEL_MARGIN);
    ui.heading("Tags");
    ui.add_space(4.0);
    let new_tag_id = egui::Id::unique("new-tag");
    let mut new_name = ui.data_mut(|d| d.get_temp::<String>(new_tag_id).unwrap_or_default());
    ui.horizontal(|ui| {
        let label = ui.label("New tag");
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut new_name)
                    .hint_text("name or parent/child")
                    .desired_width(110.0),
            )
            .labelled_by(label.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add").on_hover_text("Create the tag").clicked() || enter)
            && !new_name.trim().is_empty()
        {
            commands.push(TagCommand::Create(new_name.trim().to_string()));
            new_name.clear();
        }
    });
    ui.data_mut(|d| d.insert_temp(new_tag_id, new_name));
    ui.separator();
    let Some(v) = v else {
        return ui.cursor().top() - top;
    };
    if v.tags.is_empty() {
        ui.label(
            RichText::new("No tags yet. Create one above, or tag documents from the reader.")
                .weak()
                .small(),
        );
        return ui.cursor().top() - top;
    }
    let unused = v.tags.iter().filter(|t| t.count == 0).count();
    if unused > 0
        && ui
            .small_button(format!(
                "Remove {}",
                crate::core::counts::plural(unused, "unused tag", "unused tags")
            ))
            .on_hover_text(
                "Delete the tags no document carries any more (or only documents in the \
                 trash, as after undoing an import); Undo brings them back",
            )
            .clicked()
    {
        commands.push(TagCommand::RemoveUnused);
    }
    let numbers: Vec<TagId> = crate::core::store::tags::number_keys(v.tags);
    let tree = build_tree(v.tags);
    let above = ui.cursor().top() - top;
    let tree = egui::ScrollArea::vertical()
        .id_salt("tags-tree")
        .auto_shrink(false)
        .show(ui, |ui| {
            for node in &tree {
                draw_node(ui, node, v, &numbers, commands);
            }
        });
    above + tree.content_size.y
}

fn draw_node(
    ui: &mut Ui,
    node: &Node<'_>,
    v: &TagsView,
    numbers: &[TagId],
    commands: &mut Commands,
) {
    let counts = v.counts;
    let all = v.tags;
    let row = |ui: &mut Ui, commands: &mut Commands| {
        let count = counts.get(&node.path).copied().unwrap_or(0);
        ui.horizontal(|ui| {
            let color = node
                .tag
                .map_or(theme::NEUTRAL, |t| theme::parse_color(&t.color));
            match node.tag {
                Some(t) => {
                    ui.dnd_drag_source(
                        egui::Id::unique(("tag-drag", t.id)),
                        TagDrag(t.name.clone()),
                        |ui| swatch(ui, color),
                    )
                    .response
                    .on_hover_text("Drag onto text selected in the reader to code it");
                }
                None => swatch(ui, color),
            }
            let included = node.tag.is_some_and(|t| v.filter.include.contains(&t.id));
            let excluded = node.tag.is_some_and(|t| v.filter.exclude.contains(&t.id));
            let mut text = RichText::new(&node.label);
            if excluded {
                text = text.strikethrough().weak();
            }
            let response = ui.selectable_label(included, text);
            let response = match node.tag {
                Some(t) => response.on_hover_text(format!(
                    "{}: click to show its documents, right-click for more",
                    t.name
                )),
                None => response.on_hover_text(
                    "Show the documents of this branch (it becomes a tag of its own)",
                ),
            };
            if let Some(tag) = node.tag {
                if response.clicked() {
                    commands.push(ViewCommand::ToggleTagFilter(tag.id));
                }
                if response.dnd_release_payload::<DraggedSelection>().is_some() {
                    commands.push(TagCommand::TagSelection {
                        tag: tag.name.clone(),
                        add: true,
                    });
                }
                if egui::DragAndDrop::has_payload_of_type::<DraggedSelection>(ui.ctx())
                    && response.contains_pointer()
                {
                    ui.painter().rect_stroke(
                        response.rect.expand(2.0),
                        4.0,
                        (2.0, ui.visuals().selection.stroke.color),
                        egui::StrokeKind::Outside,
                    );
                }
                response.context_menu(|ui| tag_menu(ui, tag, all, v, commands));
            } else if response.clicked() {
                commands.push(TagCommand::FilterBranch(node.path.clone()));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let (Some(tag), Some((doc, start, end))) = (node.tag, v.passage)
                    && ui
                        .small_button("Code")
                        .on_hover_text(format!(
                            "Code the text selected in the reader with '{}'",
                            tag.name
                        ))
                        .clicked()
                {
                    commands.push(CodeCommand::Code {
                        doc,
                        start,
                        end,
                        tag: tag.name.clone(),
                    });
                }
                if let Some(i) = node
                    .tag
                    .and_then(|t| numbers.iter().position(|n| *n == t.id))
                {
                    ui.label(RichText::new(format!("{}", i + 1)).small().code())
                        .on_hover_text(format!("Press {} to tag or untag the selection", i + 1));
                }
                let passages = node.tag.map_or(0, |t| t.passages);
                let r = ui.label(RichText::new(thousands(count as usize)).small().weak());
                if passages > 0 {
                    r.on_hover_text(format!(
                        "{} (tagged, or holding a coded passage); {} coded",
                        crate::core::counts::documents(count as usize),
                        crate::core::counts::plural(passages as usize, "passage", "passages")
                    ));
                }
            });
        });
    };
    if node.children.is_empty() {
        row(ui, commands);
    } else {
        let id = ui.make_persistent_id(("tag-node", &node.path));
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true)
            .show_header(ui, |ui| row(ui, commands))
            .body(|ui| {
                for child in &node.children {
                    draw_node(ui, child, v, numbers, commands);
                }
            });
    }
}

fn tag_menu(ui: &mut Ui, tag: &Tag, all: &[Tag], v: &TagsView, commands: &mut Commands) {
    let selected = v.selected;
    if let Some((doc, start, end)) = v.passage
        && ui.button("Code the text selected in the reader").clicked()
    {
        commands.push(CodeCommand::Code {
            doc,
            start,
            end,
            tag: tag.name.clone(),
        });
    }
    if ui
        .button("Definition (memo)…")
        .on_hover_text("What this code means: the codebook entry")
        .clicked()
    {
        commands.push(CodeCommand::EditTagMemo(tag.id));
    }
    if ui
        .add_enabled(selected > 0, egui::Button::new("Tag the selection"))
        .clicked()
    {
        commands.push(TagCommand::TagSelection {
            tag: tag.name.clone(),
            add: true,
        });
    }
    if ui
        .add_enabled(selected > 0, egui::Button::new("Untag the selection"))
        .clicked()
    {
        commands.push(TagCommand::TagSelection {
            tag: tag.name.clone(),
            add: false,
        });
    }
    ui.separator();
    if ui.button("Show only documents with it").clicked() {
        commands.push(ViewCommand::ToggleTagFilter(tag.id));
    }
    if ui.button("Leave documents with it out").clicked() {
        commands.push(ViewCommand::ExcludeTag(tag.id));
    }
    ui.separator();
    if ui.button("Rename…").clicked() {
        commands.push(TagCommand::OpenDialog(TagDialog::Rename {
            id: tag.id,
            name: tag.name.clone(),
        }));
    }
    if ui.button("Colour…").clicked() {
        commands.push(TagCommand::OpenDialog(TagDialog::Recolor {
            id: tag.id,
            color: theme::parse_color(&tag.color),
        }));
    }
    ui.menu_button("Merge into", |ui| {
        for other in all.iter().filter(|t| t.id != tag.id) {
            if ui.button(&other.name).clicked() {
                commands.push(TagCommand::Merge {
                    from: tag.id,
                    into: other.id,
                });
            }
        }
    });
    if ui.button("Delete…").clicked() {
        let below = format!("{}/", tag.name);
        commands.push(TagCommand::OpenDialog(TagDialog::Delete {
            id: tag.id,
            name: tag.name.clone(),
            count: tag.count,
            children: all.iter().filter(|t| t.name.starts_with(&below)).count(),
        }));
    }
}

/// The rename, colour and delete dialogs.
/// The open tag dialog (rename, colour, delete), which is this panel's state.
/// What the tags panel keeps between frames: the dialog it has open.
#[derive(Debug, Default)]
pub struct TagsState {
    /// An open tag dialog (rename, colour, delete).
    pub dialog: Option<TagDialog>,
}

/// The panel's open dialog, if any (rename, colour, delete, merge).
pub fn dialogs(ctx: &egui::Context, state: &mut TagsState, commands: &mut Commands) {
    let open = &mut state.dialog;
    let Some(dialog) = open.as_mut() else {
        return;
    };
    let mut close = false;
    let mut command = None;
    let title = match dialog {
        TagDialog::Rename { .. } => "Rename tag",
        TagDialog::Recolor { .. } => "Tag colour",
        TagDialog::Delete { .. } => "Delete tag",
    };
    egui::Modal::new(egui::Id::unique("tag-dialog")).show(ctx, |ui| {
        ui.set_width(320.0);
        ui.heading(title);
        ui.add_space(theme::SECTION_GAP);
        match dialog {
            TagDialog::Rename { id, name } => {
                let label = ui.label("New name");
                let r = ui.add(egui::TextEdit::singleline(name).desired_width(300.0)).labelled_by(label.id);
                r.request_focus();
                ui.label(RichText::new("Tags nested under it follow the new name.").small().weak());
                if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    command = Some(TagCommand::Rename(*id, name.clone()));
                }
                ui.horizontal(|ui| {
                    if ui.button("Rename").clicked() {
                        command = Some(TagCommand::Rename(*id, name.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            TagDialog::Recolor { id, color } => {
                ui.horizontal(|ui| {
                    ui.label("Colour");
                    ui.color_edit_button_srgba(color).on_hover_text("Pick the tag's colour");
                });
                ui.horizontal(|ui| {
                    if ui.button("Apply").clicked() {
                        let hex = format!("#{:02x}{:02x}{:02x}", color.r(), color.g(), color.b());
                        command = Some(TagCommand::Recolor(*id, hex));
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            TagDialog::Delete {
                id,
                name,
                count,
                children,
            } => {
                ui.label(format!(
                    "Delete the tag “{name}”? It is removed from {}; the documents stay. Undo ({}) brings it back.",
                    crate::core::counts::documents(*count as usize),
                    crate::gui::command::Action::Undo.key_text()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Delete").clicked() {
                        command = Some(TagCommand::Delete(*id));
                    }
                    if *children > 0
                        && ui
                            .button(format!(
                                "Delete with its {}",
                                crate::core::counts::plural(*children, "sub-tag", "sub-tags")
                            ))
                            .on_hover_text("The whole branch goes, in one step Undo takes back")
                            .clicked()
                    {
                        command = Some(TagCommand::DeleteBranch(*id));
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
    });
    if let Some(c) = command {
        commands.push(c);
        close = true;
    }
    if close {
        *open = None;
    }
}
