//! The reader: the focused document's text and metadata, with search hits
//! highlighted and a hand-editable date.

use egui::{RichText, TextEdit, Ui};

use crate::core::counts::thousands;
use crate::core::model::PartialDate;
use crate::core::search::Query;
use crate::gui::command::{Command, Commands, EditCommand, ReviewCommand, TagCommand, ViewCommand};
use crate::gui::theme;

mod coding;
use coding::{coding_bar, memo_row};

/// How far into a text search hits are looked for and highlighted.
const HIT_SCAN: usize = 2_000_000;

/// Byte ranges of `terms` in `text`, case-insensitive (ASCII), at word starts.
pub fn hit_ranges(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let hay = text.to_ascii_lowercase();
    let mut ranges = Vec::new();
    for term in terms {
        let needle = term.trim().to_ascii_lowercase();
        if needle.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = hay[from..].find(&needle) {
            let start = from + pos;
            let end = start + needle.len();
            let at_word_start = hay[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if at_word_start {
                ranges.push((start, end));
            }
            from = end;
        }
    }
    ranges.sort_unstable();
    // Merge overlaps.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// The tag editor acts on the whole selection when several documents are
/// selected, else on the document shown.
fn tag_command(id: crate::core::DocId, selected: usize, tag: String, add: bool) -> Command {
    if selected > 1 {
        TagCommand::TagSelection { tag, add }.into()
    } else {
        TagCommand::TagDocs {
            docs: vec![id],
            tag,
            add,
        }
        .into()
    }
}

fn format_time(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| secs.to_string())
}

/// What the reader shows.
#[derive(Default)]
pub struct ReaderState {
    pub doc: Option<crate::core::Document>,
    pub text: String,
    pub sources: Vec<crate::core::Source>,
    pub date_input: String,
    pub date_error: Option<String>,
    pub title_input: String,
    pub error: Option<String>,
    /// Scroll the text to the first search hit on the next frame.
    pub scroll_to_hit: bool,
    /// A hit to show instead of the search's (a concordance line's, as a
    /// byte range of the text): highlighted and scrolled to.
    pub focus: Option<(usize, usize)>,
    /// The tag being typed in the reader's tag editor.
    pub tag_input: String,
    /// The size of the document's duplicate cluster, and whether it keeps.
    pub cluster: Option<(i64, bool)>,
    /// The text's coded passages, the selection, the active passage.
    pub coding: crate::gui::panels::coded_text::CodedText,
    /// The document's memo as stored, and as being edited.
    pub memo: Option<String>,
    pub memo_input: String,
    /// The "code with…" box of the passage bar.
    pub code_input: String,
}

/// What the reader reads besides its own state.
pub struct ReaderView<'a> {
    /// Documents selected in the list.
    pub selected: usize,
    /// The search in force, whose hits are highlighted.
    pub query: Option<&'a str>,
    /// Every tag, for chip colours and suggestions.
    pub tags: &'a [crate::core::store::tags::Tag],
}

/// The focused document (loaded into `reader` by the app).
pub fn ui(ui: &mut Ui, reader: &mut ReaderState, v: &ReaderView, commands: &mut Commands) {
    let selected = v.selected;
    let all_tags = v.tags;
    let Some(doc) = &reader.doc else {
        ui.vertical_centered(|ui| {
            ui.add_space(40.0);
            if selected > 1 {
                ui.label(
                    RichText::new(format!("{} documents selected", thousands(selected))).weak(),
                );
            } else {
                ui.label(RichText::new("Select a document to read it.").weak());
            }
            if let Some(err) = &reader.error {
                ui.label(RichText::new(err).color(theme::error_text(ui.visuals().dark_mode)));
            }
        });
        return;
    };
    let id = doc.id;
    ui.add_space(theme::PANEL_MARGIN);
    ui.add(egui::Label::new(RichText::new(&doc.title).heading()).wrap());
    if selected > 1 {
        ui.label(
            RichText::new(format!("{} documents selected", thousands(selected)))
                .weak()
                .small(),
        );
    }
    ui.add_space(theme::SECTION_GAP);
    // The width beside the labels, from the panel rather than the grid's
    // columns (which follow what was drawn the frame before).
    let room = ui.available_width() - 90.0;
    egui::Grid::new("reader-meta")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("Date").weak());
            let date = match (&doc.date, &doc.date_source) {
                (Some(d), Some(s)) => format!(
                    "{d}  ({})",
                    crate::core::model::DateSource::label_of(&s.to_string())
                ),
                (Some(d), None) => d.to_string(),
                (None, Some(s)) => format!(
                    "undated  ({})",
                    crate::core::model::DateSource::label_of(&s.to_string())
                ),
                (None, None) => "undated".to_string(),
            };
            ui.label(date);
            ui.end_row();

            if let Some((size, keeper)) = reader.cluster {
                ui.label(RichText::new("Duplicates").weak());
                ui.horizontal(|ui| {
                    let role = if keeper { "the keeper" } else { "a copy" };
                    ui.label(format!("{role}, one of {size}"));
                    if ui
                        .small_button("Review")
                        .on_hover_text("Compare the copies side by side")
                        .clicked()
                    {
                        commands.push(ReviewCommand::Document(id));
                    }
                });
                ui.end_row();
            }

            title_row(ui, doc, room, &mut reader.title_input, commands);
            date_rows(
                ui,
                doc,
                room,
                &mut reader.date_input,
                &mut reader.date_error,
                commands,
            );
            about_rows(ui, doc, &reader.sources, commands);
            tags_row(ui, doc, &mut reader.tag_input, all_tags, selected, commands);
        });
    egui::Grid::new("reader-memo")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| memo_row(ui, reader, commands));
    text_area(ui, reader, v, commands);
}

type Doc = crate::core::Document;

/// The title as found or set, and the field to set it by hand.
fn title_row(ui: &mut Ui, doc: &Doc, room: f32, title_input: &mut String, commands: &mut Commands) {
    let id = doc.id;
    let label = ui.label(RichText::new("Set title").weak());
    let buttons = if doc.found_title.is_some() {
        190.0
    } else {
        75.0
    };
    let beside = room - buttons >= 120.0;
    field_and_buttons(ui, beside, |ui| {
        let width = if beside { room - buttons } else { room };
        let edit = TextEdit::singleline(title_input)
            .hint_text("The document's title")
            .desired_width(width.clamp(80.0, 320.0));
        let r = ui.add(edit).labelled_by(label.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let input = title_input.trim();
        ui.horizontal(|ui| {
            if (ui
                .add_enabled(
                    !input.is_empty() && input != doc.title,
                    egui::Button::new("Rename").small(),
                )
                .on_hover_text("Use this title (Edit → Undo takes it back)")
                .clicked()
                || enter)
                && !input.is_empty()
                && input != doc.title
            {
                commands.push(EditCommand::SetTitle(id, Some(input.to_string())));
            }
            if let Some(found) = &doc.found_title
                && ui
                    .small_button("Use found title")
                    .on_hover_text(format!("Back to the title found in the document: {found}"))
                    .clicked()
            {
                commands.push(EditCommand::SetTitle(id, None));
            }
        });
    });
    ui.end_row();
}

/// A field with its buttons beside it, or below it on a narrow reader.
/// Not wrapped: a grid row keeps the height a wrapped row had the frame
/// before, and the row below would overlap it.
fn field_and_buttons(ui: &mut Ui, beside: bool, add: impl FnOnce(&mut Ui)) {
    if beside {
        ui.horizontal(add);
    } else {
        ui.vertical(add);
    }
}

/// The date, the field to set it by hand, and why a typed one is refused.
fn date_rows(
    ui: &mut Ui,
    doc: &Doc,
    room: f32,
    date_input: &mut String,
    date_error: &mut Option<String>,
    commands: &mut Commands,
) {
    let id = doc.id;
    let label = ui.label(RichText::new("Set date").weak());
    let manual = doc.date_source == Some(crate::core::DateSource::Manual);
    let buttons = if manual { 160.0 } else { 50.0 };
    let beside = room - buttons >= 120.0;
    field_and_buttons(ui, beside, |ui| {
        let width = if beside { room - buttons } else { room };
        let edit = TextEdit::singleline(date_input)
            .hint_text("YYYY-MM-DD, YYYY-MM or YYYY")
            .desired_width(width.clamp(80.0, 150.0));
        let r = ui.add(edit).labelled_by(label.id);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui
                .button("Set")
                .on_hover_text("Set this date by hand (empty: mark undated)")
                .clicked()
                || enter
            {
                let input = date_input.trim();
                if input.is_empty() {
                    commands.push(EditCommand::SetDate(id, None));
                    *date_error = None;
                } else {
                    match input.parse::<PartialDate>() {
                        Ok(d) => {
                            commands.push(EditCommand::SetDate(id, Some(d)));
                            *date_error = None;
                        }
                        Err(e) => *date_error = Some(e.to_string()),
                    }
                }
            }
            if manual
                && ui
                    .button("Use found date")
                    .on_hover_text("Drop the manual date")
                    .clicked()
            {
                commands.push(EditCommand::ClearManualDate(id));
            }
        });
    });
    ui.end_row();
    if let Some(err) = &*date_error {
        ui.label("");
        ui.label(
            RichText::new(err)
                .small()
                .color(theme::error_text(ui.visuals().dark_mode)),
        );
        ui.end_row();
    }
}

/// Where the document came from: its sources, metadata (each a filter
/// away), encoding and import time.
fn about_rows(ui: &mut Ui, doc: &Doc, sources: &[crate::core::Source], commands: &mut Commands) {
    ui.label(
        RichText::new(if sources.len() > 1 {
            "Sources"
        } else {
            "Source"
        })
        .weak(),
    );
    ui.vertical(|ui| {
        for s in sources {
            let path = crate::core::store::documents::display_path(&s.path, s.row);
            ui.add(egui::Label::new(RichText::new(&path).small()).truncate())
                .on_hover_text(&path);
        }
    });
    ui.end_row();

    // Every metadata field the source gave, each a filter away.
    for (field, value) in &doc.meta {
        let value = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        ui.label(RichText::new(meta_label(field)).weak());
        ui.horizontal(|ui| {
            ui.add(egui::Label::new(&value).truncate())
                .on_hover_text(&value);
            if value.chars().count() <= 200
                && ui
                    .small_button("Filter")
                    .on_hover_text(format!("Show only documents whose {field} is {value:?}"))
                    .clicked()
            {
                commands.push(ViewCommand::AddMetaFilter(crate::core::view::MetaFilter {
                    field: field.clone(),
                    value: value.clone(),
                }));
            }
        });
        ui.end_row();
    }

    ui.label(RichText::new("Encoding").weak());
    ui.label(&doc.encoding);
    ui.end_row();

    ui.label(RichText::new("Imported").weak());
    ui.label(format_time(doc.imported_at));
    ui.end_row();
}

/// The document's tags as chips, and a field to add one (with suggestions).
fn tags_row(
    ui: &mut Ui,
    doc: &Doc,
    tag_input: &mut String,
    all_tags: &[crate::core::store::tags::Tag],
    selected: usize,
    commands: &mut Commands,
) {
    let id = doc.id;
    let tags_label = ui.label(RichText::new("Tags").weak());
    ui.vertical(|ui| {
        if !doc.tags.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for name in &doc.tags {
                    let color = all_tags
                        .iter()
                        .find(|t| &t.name == name)
                        .map_or(theme::NEUTRAL, |t| theme::parse_color(&t.color));
                    if crate::gui::widgets::removable_chip(
                        ui,
                        name,
                        color,
                        false,
                        &format!("Remove the tag {name}"),
                    ) {
                        commands.push(tag_command(id, selected, name.clone(), false));
                    }
                }
            });
        }
        let input = ui
            .add(
                TextEdit::singleline(tag_input)
                    .hint_text(if selected > 1 {
                        "add a tag to the selection…"
                    } else {
                        "add a tag…"
                    })
                    .desired_width(200.0),
            )
            .labelled_by(tags_label.id);
        let typed = tag_input.trim().to_string();
        if input.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !typed.is_empty()
        {
            commands.push(tag_command(id, selected, typed.clone(), true));
            tag_input.clear();
            input.request_focus();
        }
        if !typed.is_empty() {
            let needle = typed.to_lowercase();
            let suggestions: Vec<&str> = all_tags
                .iter()
                .filter(|t| t.name.to_lowercase().contains(&needle) && !doc.tags.contains(&t.name))
                .take(6)
                .map(|t| t.name.as_str())
                .collect();
            ui.horizontal_wrapped(|ui| {
                for name in suggestions {
                    if ui
                        .small_button(name)
                        .on_hover_text(format!("Add the tag {name}"))
                        .clicked()
                    {
                        commands.push(tag_command(id, selected, name.to_string(), true));
                        tag_input.clear();
                    }
                }
            });
        }
    });
    ui.end_row();
}

/// The *Mark names* toggle and, when on, the colours' legend.
fn names_row(ui: &mut Ui, on: bool, commands: &mut Commands) {
    ui.horizontal_wrapped(|ui| {
        let mut marks = on;
        if ui
            .checkbox(&mut marks, "Mark names")
            .on_hover_text("Underline people, organisations and places; click one to filter by it")
            .changed()
        {
            commands.push(crate::gui::command::EntityCommand::Marks(marks));
        }
        if on {
            let dark = ui.visuals().dark_mode;
            for kind in crate::core::entities::Kind::ALL {
                let c = crate::gui::panels::coded_text::names::color(kind, dark);
                ui.label(egui::RichText::new(kind.word()).color(c).underline());
            }
        }
    });
}

/// The text, its search hits highlighted (scrolled to the first one),
/// its coded passages in their tags' colours.
fn text_area(ui: &mut Ui, reader: &mut ReaderState, v: &ReaderView, commands: &mut Commands) {
    let Some(doc) = reader.doc.as_ref().map(|d| d.id) else {
        return;
    };
    coding_bar(ui, reader, v, commands);
    names_row(ui, reader.coding.show_names, commands);
    ui.separator();
    let terms = v
        .query
        .and_then(|q| Query::parse(q).ok())
        .map(|q| q.highlight_terms())
        .unwrap_or_default();
    let text = &reader.text;
    let ranges = match reader.focus {
        Some((s, e))
            if e <= text.len() && s < e && text.is_char_boundary(s) && text.is_char_boundary(e) =>
        {
            vec![(s, e)]
        }
        // Bounded: hits in the first 2 MB (a longer text shows the rest plain).
        _ => {
            let mut end = text.len().min(HIT_SCAN);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            hit_ranges(&text[..end], &terms)
        }
    };
    let scroll_to_hit = std::mem::take(&mut reader.scroll_to_hit);
    let cv = crate::gui::panels::coded_text::CodedView {
        doc,
        text,
        hits: &ranges,
        tags: v.tags,
        scroll_to_hit,
    };
    crate::gui::panels::coded_text::ui(ui, &mut reader.coding, &cv, commands);
}

/// A metadata field's name as a label: `load_date` → "Load date".
pub fn meta_label(field: &str) -> String {
    match field {
        "lang" => return "Lang".into(),
        "url" => return "URL".into(),
        "ocr_confidence" => return "OCR confidence".into(),
        "ocr_pages" => return "Pages read by OCR".into(),
        "ocr_languages" => return "OCR languages".into(),
        _ => {}
    }
    crate::core::counts::capitalised(&field.replace(['_', '-'], " "))
}

#[cfg(test)]
mod tests {
    use super::hit_ranges;

    #[test]
    fn hits_are_case_insensitive_at_word_starts_and_merged() {
        let t = "Syria's war; the Syrian army. Warsaw";
        let r = hit_ranges(t, &["syria".into(), "war".into()]);
        let words: Vec<&str> = r.iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(words, vec!["Syria", "war", "Syria", "War"]);
    }
}
