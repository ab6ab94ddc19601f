//! The library table: a virtualised list (egui_extras) that asks the
//! [`LibraryView`] for the rows in sight.

mod state;

pub use state::*;

use egui::{Label, Modifiers, RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};

use crate::core::view::SortKey;
use crate::gui::command::{Commands, EditCommand, ReviewCommand, TagCommand, ViewCommand};
use crate::gui::theme;

/// A click on a row, applied after the table is drawn.
struct Click {
    index: usize,
    id: i64,
    modifiers: Modifiers,
}

/// A column header that sorts; `sort` is the order in force (`None` while
/// a search is ranked by relevance: no column shows an arrow).
fn sort_header(
    ui: &mut Ui,
    sort: Option<crate::core::view::Sort>,
    key: SortKey,
    label: &str,
) -> egui::Response {
    let active = sort.is_some_and(|s| s.key == key);
    let descending = sort.is_some_and(|s| s.descending);
    let response = ui
        .add(egui::Button::new(RichText::new(label).strong()).frame(false))
        .on_hover_text(format!(
            "Sort by {} (right-click: choose the columns)",
            label.to_lowercase()
        ));
    if active {
        // A painted triangle: the bundled fonts have no arrow glyphs.
        let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
        let c = rect.center();
        let (tip, base) = if descending { (4.0, -4.0) } else { (-4.0, 4.0) };
        let points = vec![
            egui::pos2(c.x, c.y + tip),
            egui::pos2(c.x - 4.5, c.y + base),
            egui::pos2(c.x + 4.5, c.y + base),
        ];
        let color = ui.visuals().strong_text_color();
        ui.painter().add(egui::Shape::convex_polygon(
            points,
            color,
            egui::Stroke::NONE,
        ));
    }
    response
}

/// Arrow keys, Page Up/Down, Home/End (Shift extends the selection).
fn keyboard(view: &LibraryView, ui: &Ui, commands: &mut Commands) {
    let typing = ui.ctx().egui_wants_keyboard_input();
    if typing || view.is_empty() {
        return;
    }
    let (down, up, page_down, page_up, home, end, shift) = ui.input(|i| {
        (
            i.key_pressed(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::ArrowUp),
            i.key_pressed(egui::Key::PageDown),
            i.key_pressed(egui::Key::PageUp),
            i.key_pressed(egui::Key::Home),
            i.key_pressed(egui::Key::End),
            i.modifiers.shift,
        )
    });
    let last = view.len() - 1;
    let current = view.focus;
    let target = if down {
        Some(current.map_or(0, |c| (c + 1).min(last)))
    } else if up {
        Some(current.map_or(0, |c| c.saturating_sub(1)))
    } else if page_down {
        Some(current.map_or(0, |c| (c + 20).min(last)))
    } else if page_up {
        Some(current.map_or(0, |c| c.saturating_sub(20)))
    } else if home {
        Some(0)
    } else if end {
        Some(last)
    } else {
        None
    };
    if let Some(t) = target {
        commands.push(ViewCommand::FocusRow {
            index: t,
            extend: shift,
        });
    }
}

fn tag_chips(ui: &mut Ui, tags: &[(String, String)]) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (name, color) in tags {
            let bg = theme::parse_color(color);
            egui::Frame::new()
                .fill(bg)
                .corner_radius(6.0)
                .inner_margin(egui::Margin::symmetric(5, 0))
                .show(ui, |ui| {
                    ui.add(
                        Label::new(RichText::new(name).small().color(theme::text_on(bg)))
                            .selectable(false),
                    );
                });
        }
    });
}

/// What the table reads besides the list it pages through.
pub struct TableView<'a> {
    pub sort: crate::core::view::Sort,
    /// A search ranked by relevance (no column arrow).
    pub ranked: bool,
    pub importing: bool,
    /// Every tag, for the row menu.
    pub tags: &'a [crate::core::store::tags::Tag],
    /// Metadata fields shown as columns, in order.
    pub meta_columns: &'a [String],
    /// Built-in columns hidden ([`BUILT_IN_HIDEABLE`]).
    pub hidden_columns: &'a [String],
    /// Every metadata field the library's documents carry, for the chooser.
    pub meta_fields: &'a [String],
    /// Some documents' text came from OCR: the OCR column can show.
    pub has_ocr: bool,
}

/// Built-in columns that can be hidden (the title always shows).
pub const BUILT_IN_HIDEABLE: &[&str] = &["Copies", "Date", "Date source", "Source", "OCR", "Tags"];

/// One column of the table.
#[derive(Clone, Copy, PartialEq)]
enum Col<'a> {
    Title,
    Copies,
    Date,
    DateSource,
    Source,
    Tags,
    /// Text read by OCR: its mean confidence.
    Ocr,
    Meta(&'a str),
}

impl<'a> Col<'a> {
    fn columns(v: &'a TableView<'a>) -> Vec<Col<'a>> {
        let shown = |name: &str| !v.hidden_columns.iter().any(|h| h == name);
        let mut cols = vec![Col::Title];
        for (col, name) in [
            (Col::Copies, "Copies"),
            (Col::Date, "Date"),
            (Col::DateSource, "Date source"),
            (Col::Source, "Source"),
        ] {
            if shown(name) {
                cols.push(col);
            }
        }
        if v.has_ocr && shown("OCR") {
            cols.push(Col::Ocr);
        }
        cols.extend(v.meta_columns.iter().map(|f| Col::Meta(f.as_str())));
        if shown("Tags") {
            cols.push(Col::Tags);
        }
        cols
    }

    fn label(self) -> String {
        match self {
            Col::Title => "Title".into(),
            Col::Copies => "Copies".into(),
            Col::Date => "Date".into(),
            Col::DateSource => "Date source".into(),
            Col::Source => "Source".into(),
            Col::Tags => "Tags".into(),
            Col::Ocr => "OCR".into(),
            Col::Meta(f) => super::reader::meta_label(f),
        }
    }

    fn sort_key(self) -> Option<SortKey> {
        match self {
            Col::Title => Some(SortKey::Title),
            Col::Date => Some(SortKey::Date),
            Col::Source => Some(SortKey::Source),
            Col::Meta(f) => crate::core::view::FieldName::new(f).map(SortKey::Meta),
            Col::Copies | Col::Tags | Col::DateSource | Col::Ocr => None,
        }
    }

    /// The column's starting width; `narrow` (a table under about 600 px)
    /// starts the side columns smaller so the title keeps room.
    fn width(self, narrow: bool) -> Column {
        let w = |wide: f32, small: f32| if narrow { small } else { wide };
        match self {
            Col::Title => Column::remainder().at_least(120.0).clip(true),
            Col::Copies => Column::initial(w(64.0, 44.0)).at_least(40.0),
            Col::Date => Column::initial(w(84.0, 78.0)).at_least(60.0),
            Col::DateSource => Column::initial(w(130.0, 90.0)).at_least(60.0).clip(true),
            Col::Source => Column::initial(w(150.0, 90.0)).at_least(60.0).clip(true),
            Col::Tags => Column::initial(w(120.0, 60.0)).at_least(50.0).clip(true),
            Col::Ocr => Column::initial(w(56.0, 44.0)).at_least(40.0),
            Col::Meta(_) => Column::initial(w(120.0, 80.0)).at_least(50.0).clip(true),
        }
    }
}

/// The header's right-click menu: which columns show.
fn column_chooser(ui: &mut Ui, v: &TableView, commands: &mut Commands) {
    ui.label(RichText::new("Columns").weak());
    for name in BUILT_IN_HIDEABLE {
        let mut shown = !v.hidden_columns.iter().any(|h| h == name);
        if ui.checkbox(&mut shown, *name).clicked() {
            commands.push(ViewCommand::ToggleColumn(name.to_string()));
        }
    }
    ui.separator();
    ui.label(RichText::new("Metadata").weak());
    if v.meta_fields.is_empty() {
        ui.label(RichText::new("No document has metadata yet").weak());
    }
    let mut labels_seen = std::collections::HashSet::new();
    for field in v.meta_fields {
        // Two spellings of one field ("journal-code", "journal_code") are
        // listed once.
        if !labels_seen.insert(super::reader::meta_label(field)) {
            continue;
        }
        let mut shown = v.meta_columns.contains(field);
        if ui
            .checkbox(&mut shown, super::reader::meta_label(field))
            .on_hover_text(format!("Show the {field} field as a column"))
            .clicked()
        {
            commands.push(ViewCommand::ToggleColumn(field.clone()));
        }
    }
}

/// The rows of `view` (its pages load from `conn` as they come into sight);
/// clicks, keys and the row menu send commands.
pub fn ui(
    ui: &mut Ui,
    view: &mut LibraryView,
    conn: &rusqlite::Connection,
    v: &TableView,
    commands: &mut Commands,
) {
    keyboard(view, ui, commands);
    let (sort, ranked, importing) = (v.sort, v.ranked, v.importing);
    if view.is_empty() {
        match (view.search_query(), view.filter()) {
            (Some(q), _) => super::empty::no_matches(ui, q),
            (None, Some(_)) => super::empty::nothing_filtered(ui),
            (None, None) if importing => {
                ui.label(RichText::new("Importing…").weak());
            }
            (None, None) => {}
        }
        return;
    }
    let mut sort_by = None;
    let mut header_commands = Commands::default();
    let mut click = None;
    let mut row_commands = Commands::default();
    let mut pick_source = None;
    let tags = v.tags;
    // Columns that do not fit scroll sideways rather than vanish.
    let narrow = ui.available_width() < 600.0;
    egui::ScrollArea::horizontal()
        .id_salt("library-table-h")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut table = TableBuilder::new(ui)
                .id_salt("library-table")
                .striped(true)
                .resizable(true)
                .sense(Sense::click_and_drag())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
            let cols = Col::columns(v);
            for c in &cols {
                table = table.column(c.width(narrow));
            }
            if view.scroll_to_top {
                table = table.vertical_scroll_offset(0.0);
                view.scroll_to_top = false;
            } else if view.scroll_to_focus
                && let Some(focus) = view.focus
            {
                table = table.scroll_to_row(focus, None);
                view.scroll_to_focus = false;
            }
            let len = view.len();
            table
                .header(theme::HEADER_HEIGHT, |mut header| {
                    for &col in &cols {
                        let label = col.label();
                        header.col(|ui| {
                            let response = match col.sort_key() {
                                Some(key) if ranked => {
                                    let r = sort_header(ui, None, key, &label);
                                    if r.clicked() {
                                        sort_by = Some(key);
                                    }
                                    if key == SortKey::Title {
                                        ui.label(RichText::new("· best matches first").weak())
                                            .on_hover_text(
                                                "Sorted by relevance to the search; click a column to sort by it",
                                            );
                                    }
                                    r
                                }
                                Some(key) => {
                                    let r = sort_header(ui, Some(sort), key, &label);
                                    if r.clicked() {
                                        sort_by = Some(key);
                                    }
                                    r
                                }
                                None => ui
                                    .add(Label::new(RichText::new(&label).strong()).sense(Sense::click()))
                                    .on_hover_text("Right-click a column header to choose the columns"),
                            };
                            // The chooser stays open while columns are ticked.
                            egui::Popup::context_menu(&response)
                                .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
                                .show(|ui| column_chooser(ui, v, &mut header_commands));
                        });
                    }
                })
                .body(|body| {
                    let mut error_said = false;
                    body.rows(theme::ROW_HEIGHT, len, |mut row| {
                        let index = row.index();
                        let Some(data) = view.row(conn, index).cloned() else {
                            // Said once, on the first row drawn of the failed rows.
                            let error = view.row_error(index).map(str::to_string);
                            let first = error.is_some() && !error_said;
                            error_said |= error.is_some();
                            row.col(|ui| match error {
                                Some(e) if first => {
                                    ui.label(
                                        RichText::new("These rows cannot be read")
                                            .color(theme::error_text(ui.visuals().dark_mode)),
                                    )
                                    .on_hover_text(e);
                                }
                                Some(_) => {
                                    ui.label(RichText::new("—").weak());
                                }
                                None => {
                                    ui.label(RichText::new("…").weak());
                                }
                            });
                            return;
                        };
                        row.set_selected(view.selection.contains(data.id));
                        for &col in &cols {
                            row.col(|ui| cell(ui, col, &data, &mut pick_source));
                        }
                        let response = row.response();
                        let in_selection = view.selection.contains(data.id);
                        if response.clicked() {
                            click = Some(Click {
                                index,
                                id: data.id,
                                modifiers: response.ctx.input(|i| i.modifiers),
                            });
                        }
                        // Right-click or drag a row outside the selection: it becomes the selection.
                        if (response.secondary_clicked() || response.drag_started()) && !in_selection {
                            click = Some(Click {
                                index,
                                id: data.id,
                                modifiers: Modifiers::NONE,
                            });
                        }
                        response.dnd_set_drag_payload(super::tags::DraggedSelection);
                        let cluster_doc = data.cluster.map(|_| data.id);
                        response.context_menu(|ui| row_menu(ui, tags, cluster_doc, &mut row_commands));
                    });
                });
        });
    commands.extend(row_commands.take());
    commands.extend(header_commands.take());
    if let Some(c) = click {
        commands.push(ViewCommand::ClickRow {
            index: c.index,
            id: c.id,
            toggle: c.modifiers.command,
            extend: c.modifiers.shift,
        });
    }
    if let Some(key) = sort_by {
        commands.push(ViewCommand::SortBy(key));
    }
    if let Some(source) = pick_source {
        commands.push(ViewCommand::SetDateSourceFilter(Some(source)));
    }
}

/// One cell of a row.
fn cell(
    ui: &mut Ui,
    col: Col,
    data: &crate::core::view::Row,
    pick_source: &mut Option<crate::core::model::DateSource>,
) {
    match col {
        Col::Title => {
            let title = if data.state == crate::core::model::DocState::Duplicate {
                RichText::new(&data.title).italics().weak()
            } else {
                RichText::new(&data.title)
            };
            let label = ui.add(Label::new(title).truncate().selectable(false));
            if data.state == crate::core::model::DocState::Duplicate {
                label.on_hover_text("Marked as a duplicate in review");
            }
        }
        Col::Copies => {
            if data.cluster.is_some() {
                let text = format!("×{}", data.cluster_size);
                let (text, role) = if data.keeper {
                    (RichText::new(text).strong(), "the keeper")
                } else {
                    (RichText::new(text).weak(), "a copy")
                };
                let tip = format!(
                    "One of {} near-duplicate documents ({role}). Right-click → Review duplicates",
                    data.cluster_size
                );
                ui.add(Label::new(text).selectable(false))
                    .on_hover_text(tip);
            }
        }
        Col::Date => {
            let (text, tip) = match (&data.date, &data.date_source) {
                (Some(d), Some(src)) => (
                    d.clone(),
                    format!(
                        "Date from the {}",
                        crate::core::model::DateSource::label_of(src)
                    ),
                ),
                (Some(d), None) => (d.clone(), String::new()),
                (None, _) => ("—".to_string(), "Undated".to_string()),
            };
            ui.add(Label::new(text).selectable(false))
                .on_hover_text(tip);
        }
        Col::DateSource => {
            if let Some(src) = &data.date_source {
                let label = crate::core::model::DateSource::label_of(src);
                let r = ui
                    .add(
                        Label::new(RichText::new(&label).weak())
                            .truncate()
                            .sense(Sense::click()),
                    )
                    .on_hover_text(format!(
                        "Where the date came from. Click: only documents dated from the {label}"
                    ));
                if r.clicked() {
                    *pick_source = crate::core::model::DateSource::parse(src);
                }
            }
        }
        Col::Source => {
            let name = short_source(&data.source);
            ui.add(
                Label::new(RichText::new(name).weak())
                    .truncate()
                    .selectable(false),
            )
            .on_hover_text(&data.source);
        }
        Col::Tags => tag_chips(ui, &data.tags),
        Col::Ocr => {
            if let Some(conf) = data.meta_text("ocr_confidence") {
                ui.add(Label::new(RichText::new(format!("{conf} %")).weak()).selectable(false))
                    .on_hover_text(format!(
                        "Text read by OCR; Tesseract's mean confidence in its words: {conf} %"
                    ));
            }
        }
        Col::Meta(field) => {
            if let Some(v) = data.meta_text(field) {
                ui.add(Label::new(&v).truncate().selectable(false))
                    .on_hover_text(&v);
            }
        }
    }
}

/// The source as the table shows it: its folder and file name
/// (`business/001.txt`, `export.TXT#3`), not the whole path.
fn short_source(source: &str) -> String {
    let mut parts = source.rsplit(['/', '\\']);
    match (parts.next(), parts.next()) {
        (Some(file), Some(dir)) if !dir.is_empty() => format!("{dir}/{file}"),
        (Some(file), _) => file.to_string(),
        _ => source.to_string(),
    }
}

/// The right-click menu of a row (acting on the selection).
fn row_menu(
    ui: &mut Ui,
    tags: &[crate::core::store::tags::Tag],
    cluster_doc: Option<i64>,
    commands: &mut Commands,
) {
    if let Some(id) = cluster_doc {
        if ui.button("Review duplicates").clicked() {
            commands.push(ReviewCommand::Document(id));
        }
        ui.separator();
    }
    ui.menu_button("Tag with", |ui| {
        if tags.is_empty() {
            ui.label(RichText::new("No tags yet").weak());
        }
        for t in tags {
            if ui.button(&t.name).clicked() {
                commands.push(TagCommand::TagSelection {
                    tag: t.name.clone(),
                    add: true,
                });
            }
        }
    });
    ui.menu_button("Remove tag", |ui| {
        for t in tags {
            if ui.button(&t.name).clicked() {
                commands.push(TagCommand::TagSelection {
                    tag: t.name.clone(),
                    add: false,
                });
            }
        }
    });
    ui.separator();
    if ui.button("Move to trash").clicked() {
        commands.push(EditCommand::TrashSelection);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sources_show_their_folder() {
        assert_eq!(
            super::short_source("/home/a/bbc/business/001.txt"),
            "business/001.txt"
        );
        assert_eq!(super::short_source("C:\\news\\x.TXT#3"), "news/x.TXT#3");
        assert_eq!(super::short_source("x.txt"), "x.txt");
    }
}
