//! The Passages view: the passages coded with a tag (or two combined)
//! over the documents in view, each with its document, date, outlet and
//! context; a click opens the reader at it. A second tab counts passages
//! and documents per tag and tags together; a third lists the memos.

mod autocode;
mod codes;
mod state;

pub use autocode::autocode_window;
use codes::{codes, memos};

pub use state::{AutocodeDialog, PassagesState, Tab};

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};
use rusqlite::Connection;

use crate::core::coding::{Combine, PassageSort};
use crate::core::counts::plural;
use crate::core::model::TagId;
use crate::core::store::tags::Tag;
use crate::gui::command::{CodeCommand, Commands};
use crate::gui::theme;

/// What the view reads besides its state.
pub struct PassagesView<'a> {
    pub tags: &'a [Tag],
    pub conn: &'a Connection,
    /// Documents in view (the filter's).
    pub in_view: usize,
}

fn tag_name(tags: &[Tag], id: TagId) -> String {
    tags.iter()
        .find(|t| t.id == id)
        .map_or_else(|| format!("tag {id}"), |t| t.name.clone())
}

/// A combo box choosing a tag (or, with `any`, every tag), named `name`
/// for screen readers.
fn tag_combo(ui: &mut Ui, name: &str, value: &mut Option<TagId>, tags: &[Tag], any: &str) -> bool {
    let mut changed = false;
    let text = value.map_or_else(|| any.to_string(), |t| tag_name(tags, t));
    let r = egui::ComboBox::from_id_salt(name)
        .selected_text(text)
        .width(160.0)
        .show_ui(ui, |ui| {
            changed |= ui.selectable_value(value, None, any).changed();
            for t in tags {
                changed |= ui.selectable_value(value, Some(t.id), &t.name).changed();
            }
        });
    named(&r.response, name);
    changed
}

/// Gives a combo box its accessible name.
fn named(r: &egui::Response, name: &str) {
    let name = name.to_string();
    r.widget_info(move || egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &name));
}

pub fn ui(ui: &mut Ui, state: &mut PassagesState, v: &PassagesView, commands: &mut Commands) {
    ui.add_space(theme::PANEL_MARGIN);
    ask_row(ui, state, v, commands);
    ui.horizontal(|ui| {
        for (tab, label) in [
            (Tab::Passages, "Passages"),
            (Tab::Codes, "Codes"),
            (Tab::Memos, "Memos"),
        ] {
            if ui.selectable_label(state.tab == tab, label).clicked() {
                state.tab = tab;
            }
        }
        if state.is_running() {
            ui.spinner();
        }
    });
    if let Some(e) = &state.error {
        ui.label(RichText::new(e).color(theme::error_text(ui.visuals().dark_mode)));
    }
    ui.separator();
    match state.tab {
        Tab::Passages => passages_table(ui, state, v, commands),
        Tab::Codes => codes(ui, state, v, commands),
        Tab::Memos => memos(ui, state, v, commands),
    }
}

/// What to retrieve: tag A, how B narrows it, and the exports.
fn ask_row(ui: &mut Ui, state: &mut PassagesState, v: &PassagesView, commands: &mut Commands) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Coded with");
        let q = &mut state.query;
        let mut changed = tag_combo(ui, "First code", &mut q.a, v.tags, "any tag");
        if q.a.is_some() {
            let r = egui::ComboBox::from_id_salt("passages-combine")
                .selected_text(q.combine.label())
                .show_ui(ui, |ui| {
                    for c in Combine::ALL {
                        changed |= ui.selectable_value(&mut q.combine, c, c.label()).changed();
                    }
                });
            named(&r.response, "Combine with");
            if q.combine != Combine::Only {
                if q.combine == Combine::Near {
                    changed |= ui
                        .add(
                            egui::DragValue::new(&mut q.near)
                                .range(0..=500)
                                .suffix(" words"),
                        )
                        .on_hover_text("At most this many words between the two passages")
                        .changed();
                    ui.label("of");
                }
                changed |= tag_combo(ui, "Second code", &mut q.b, v.tags, "(choose a tag)");
            }
        }
        if changed {
            state.invalidate();
        }
        ui.separator();
        let docs = {
            let mut d: Vec<_> = state.rows.iter().map(|r| r.doc).collect();
            d.sort_unstable();
            d.dedup();
            d.len()
        };
        ui.label(format!(
            "{} in {}",
            plural(state.rows.len(), "passage", "passages"),
            plural(docs, "document", "documents")
        ))
        .on_hover_text(format!(
            "Over the {} in view (the search, tags, dates and fields above)",
            plural(v.in_view, "document", "documents")
        ));
        let any = !state.rows.is_empty();
        if ui
            .add_enabled(any, egui::Button::new("Export CSV…"))
            .on_hover_text(
                "Document, title, date, outlet, tag, coder, start, end, text, context, memo",
            )
            .clicked()
        {
            commands.push(CodeCommand::ExportDialog { csv: true });
        }
        if ui
            .add_enabled(any, egui::Button::new("Export JSONL…"))
            .clicked()
        {
            commands.push(CodeCommand::ExportDialog { csv: false });
        }
        if ui
            .button("Code search hits…")
            .on_hover_text("Code every hit of a word, phrase or prefix* in the documents in view")
            .clicked()
        {
            commands.push(CodeCommand::OpenAutocode);
        }
    });
}

/// The passages, virtualised: only the rows on screen read their text.
fn passages_table(
    ui: &mut Ui,
    state: &mut PassagesState,
    v: &PassagesView,
    commands: &mut Commands,
) {
    if state.rows.is_empty() {
        ui.add_space(24.0);
        ui.vertical_centered(|ui| {
            let text = if state.is_running() {
                "Looking for coded passages…"
            } else if v.tags.is_empty() {
                "No codes yet. Select text in the reader and press a number key, or use Code search hits…"
            } else {
                "No coded passages here. Select text in the reader and press 1–9 (or right-click it) to code it."
            };
            ui.label(RichText::new(text).weak());
        });
        return;
    }
    let mut open = None;
    let mut sort = None;
    let header = |ui: &mut Ui, label: &str, key: PassageSort, sort: &mut Option<PassageSort>| {
        if ui
            .add(egui::Button::new(RichText::new(label).strong()).frame(false))
            .on_hover_text("Sort by this column (again: the other way)")
            .clicked()
        {
            *sort = Some(key);
        }
    };
    TableBuilder::new(ui)
        .id_salt("passages")
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .column(Column::initial(78.0).at_least(50.0))
        .column(Column::initial(100.0).at_least(50.0).clip(true))
        .column(Column::remainder().at_least(160.0).clip(true))
        .column(Column::initial(150.0).at_least(60.0).clip(true))
        .column(Column::initial(80.0).at_least(40.0).clip(true))
        .column(Column::initial(56.0).at_least(36.0).clip(true))
        .header(theme::HEADER_HEIGHT, |mut h| {
            h.col(|ui| header(ui, "Date", PassageSort::Date, &mut sort));
            h.col(|ui| header(ui, "Code", PassageSort::Tag, &mut sort));
            h.col(|ui| header(ui, "Passage", PassageSort::Length, &mut sort));
            h.col(|ui| header(ui, "Title", PassageSort::Title, &mut sort));
            h.col(|ui| header(ui, "Outlet", PassageSort::Outlet, &mut sort));
            h.col(|ui| header(ui, "Coder", PassageSort::Coder, &mut sort));
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT * 2.0, state.rows.len(), |mut row| {
                let Some(r) = state.rows.get(row.index()) else {
                    return;
                };
                row.set_selected(state.selected == Some(r.id));
                let ex = state.excerpts.entry(r.id).or_insert_with(|| {
                    crate::core::coding::excerpt(v.conn, r, 40).unwrap_or_default()
                });
                let mut clicked = false;
                row.col(|ui| {
                    ui.label(RichText::new(r.date.as_deref().unwrap_or("undated")).weak());
                });
                row.col(|ui| {
                    let color = v
                        .tags
                        .iter()
                        .find(|t| t.id == r.tag)
                        .map_or(theme::NEUTRAL, |t| theme::parse_color(&t.color));
                    ui.horizontal(|ui| {
                        ui.label(RichText::new("▌").color(color));
                        ui.add(egui::Label::new(&r.tag_path).truncate());
                    });
                });
                row.col(|ui| {
                    let mut job = egui::text::LayoutJob::default();
                    let weak = ui.visuals().weak_text_color();
                    let strong = ui.visuals().strong_text_color();
                    let font = egui::TextStyle::Body.resolve(ui.style());
                    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
                    // A few words before it: the passage leads.
                    let left = {
                        let words: Vec<&str> = ex.left.split_whitespace().collect();
                        words[words.len().saturating_sub(4)..].join(" ")
                    };
                    if !left.is_empty() {
                        job.append(
                            &format!("…{left} "),
                            0.0,
                            egui::TextFormat::simple(font.clone(), weak),
                        );
                    }
                    job.append(
                        &flat(&ex.text),
                        0.0,
                        egui::TextFormat::simple(font.clone(), strong),
                    );
                    job.append(
                        &format!(" {}", flat(&ex.right)),
                        0.0,
                        egui::TextFormat::simple(font, weak),
                    );
                    job.wrap.max_rows = 2;
                    job.wrap.max_width = ui.available_width();
                    clicked |= ui
                        .add(egui::Label::new(job).wrap().sense(Sense::click()))
                        .on_hover_text(format!("{} — open it in the reader", flat(&ex.text)))
                        .clicked();
                });
                let (title, outlet) = if r.title.is_empty() {
                    state.docs.entry(r.doc).or_insert_with(|| {
                        crate::core::coding::retrieve::details(v.conn, r.doc).unwrap_or_default()
                    })
                } else {
                    &(r.title.clone(), r.outlet.clone())
                };
                row.col(|ui| {
                    clicked |= ui
                        .add(
                            egui::Label::new(title.as_str())
                                .truncate()
                                .sense(Sense::click()),
                        )
                        .clicked();
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(outlet.as_str()).weak()).truncate());
                });
                row.col(|ui| {
                    clicked |= ui
                        .add(egui::Label::new(RichText::new(&r.coder).weak()).sense(Sense::click()))
                        .clicked();
                });
                if clicked || row.response().clicked() {
                    open = Some((r.id, r.doc, r.start, r.end));
                }
            });
        });
    if let Some(key) = sort {
        state.sort_by(key);
    }
    if let Some((id, doc, start, end)) = open {
        state.selected = Some(id);
        commands.push(CodeCommand::OpenPassage {
            id,
            doc,
            start,
            end,
        });
    }
}
