//! The Passages view: the passages coded with a tag (or two combined)
//! over the documents in view, each with its document, date, outlet and
//! context; a click opens the reader at it. A second tab counts passages
//! and documents per tag and tags together; a third lists the memos.

mod state;

pub use state::{AutocodeDialog, PassagesState, Tab};

use egui::{RichText, Sense, Ui};
use egui_extras::{Column, TableBuilder};
use rusqlite::Connection;

use crate::core::coding::{Combine, PassageSort};
use crate::core::counts::{plural, thousands};
use crate::core::model::TagId;
use crate::core::store::change::MemoTarget;
use crate::core::store::tags::Tag;
use crate::gui::command::{CodeCommand, Commands, ViewCommand};
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

/// Passages and documents per tag, and tags together (click a count to
/// list those passages, or filter the library to those documents).
fn codes(ui: &mut Ui, state: &mut PassagesState, v: &PassagesView, commands: &mut Commands) {
    let Some(overview) = state.overview.clone() else {
        ui.spinner();
        return;
    };
    if overview.tags.is_empty() {
        ui.label(RichText::new("No coded passages in the documents in view.").weak());
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("codes")
        .show(ui, |ui| {
            ui.label(RichText::new("Per code").strong());
            egui::Grid::new("codes-grid")
                .striped(true)
                .num_columns(4)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("Code").weak());
                    ui.label(RichText::new("Passages").weak());
                    ui.label(RichText::new("Documents").weak());
                    ui.label(RichText::new("Definition (memo)").weak());
                    ui.end_row();
                    for t in &overview.tags {
                        let name = tag_name(v.tags, t.tag);
                        let color = v
                            .tags
                            .iter()
                            .find(|x| x.id == t.tag)
                            .map_or(theme::NEUTRAL, |x| theme::parse_color(&x.color));
                        ui.horizontal(|ui| {
                            ui.label(RichText::new("▌").color(color));
                            ui.label(&name);
                        });
                        if ui
                            .link(thousands(t.passages))
                            .on_hover_text(format!("List the passages coded '{name}'"))
                            .clicked()
                        {
                            state.query = crate::core::coding::PassageQuery {
                                a: Some(t.tag),
                                ..Default::default()
                            };
                            state.tab = Tab::Passages;
                            state.invalidate();
                        }
                        if ui
                            .link(thousands(t.documents))
                            .on_hover_text(format!(
                                "Show the documents coded '{name}' in the library"
                            ))
                            .clicked()
                        {
                            commands.push(ViewCommand::ToggleTagFilter(t.tag));
                            commands
                                .push(ViewCommand::Show(crate::gui::view_state::Central::Library));
                        }
                        let memo = state
                            .memos
                            .iter()
                            .find(|m| m.kind == "tag" && m.memo.target_id == t.tag)
                            .map(|m| m.memo.text.clone());
                        ui.horizontal(|ui| {
                            let shown = memo
                                .as_deref()
                                .map_or("", |m| m.lines().next().unwrap_or(""));
                            ui.add(egui::Label::new(RichText::new(shown).weak()).truncate());
                            if ui
                                .small_button(if memo.is_some() { "Edit" } else { "Write" })
                                .on_hover_text(format!(
                                    "The definition of '{name}' in the codebook"
                                ))
                                .clicked()
                            {
                                commands.push(CodeCommand::EditMemo {
                                    target: MemoTarget::Tag(t.tag),
                                    about: format!("Code '{name}'"),
                                    text: memo.clone().unwrap_or_default(),
                                });
                            }
                        });
                        ui.end_row();
                    }
                });
            if overview.pairs.is_empty() {
                return;
            }
            ui.add_space(12.0);
            ui.label(RichText::new("Codes together").strong());
            egui::Grid::new("cooccurrence-grid")
                .striped(true)
                .num_columns(4)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    ui.label(RichText::new("Code").weak());
                    ui.label(RichText::new("and code").weak());
                    ui.label(RichText::new("In one passage").weak())
                        .on_hover_text("Passages of either that the other overlaps");
                    ui.label(RichText::new("In one document").weak());
                    ui.end_row();
                    for ((a, b), (in_passage, in_doc)) in &overview.pairs {
                        ui.label(tag_name(v.tags, *a));
                        ui.label(tag_name(v.tags, *b));
                        if ui
                            .link(thousands(*in_passage))
                            .on_hover_text(
                                "List the passages of the first that the second overlaps",
                            )
                            .clicked()
                        {
                            state.query = crate::core::coding::PassageQuery {
                                a: Some(*a),
                                combine: Combine::And,
                                b: Some(*b),
                                near: state.query.near,
                            };
                            state.tab = Tab::Passages;
                            state.invalidate();
                        }
                        if ui
                            .link(thousands(*in_doc))
                            .on_hover_text("Show the documents holding both in the library")
                            .clicked()
                        {
                            commands.push(ViewCommand::RequireTags(vec![*a, *b]));
                            commands
                                .push(ViewCommand::Show(crate::gui::view_state::Central::Library));
                        }
                        ui.end_row();
                    }
                });
        });
}

/// Every memo, newest first, with a filter.
fn memos(ui: &mut Ui, state: &mut PassagesState, v: &PassagesView, commands: &mut Commands) {
    ui.horizontal(|ui| {
        let l = ui.label("Memos holding");
        ui.add(
            egui::TextEdit::singleline(&mut state.memo_filter)
                .hint_text("words…")
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        if ui
            .button("Export CSV…")
            .on_hover_text("Every memo: what it is on, author, time, text")
            .clicked()
        {
            commands.push(CodeCommand::ExportMemosDialog);
        }
    });
    let words: Vec<String> = state
        .memo_filter
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let shown: Vec<&crate::core::store::memos::MemoRow> = state
        .memos
        .iter()
        .filter(|m| {
            let t = m.memo.text.to_lowercase();
            words.iter().all(|w| t.contains(w.as_str()))
        })
        .collect();
    if shown.is_empty() {
        ui.add_space(16.0);
        ui.label(
            RichText::new(
                "No memos. Write one on a document or a passage in the reader, or on a code (its definition) in the Codes tab.",
            )
            .weak(),
        );
        return;
    }
    let _ = v;
    egui::ScrollArea::vertical()
        .id_salt("memos")
        .show(ui, |ui| {
            for m in shown {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(match m.kind {
                            "document" => "On document",
                            "passage" => "On a passage of",
                            _ => "On code",
                        })
                        .weak(),
                    );
                    let about = if m.about.is_empty() {
                        "(untitled)"
                    } else {
                        m.about.as_str()
                    };
                    if let Some(doc) = m.doc {
                        if ui
                            .link(about)
                            .on_hover_text("Open it in the reader")
                            .clicked()
                        {
                            commands.push(CodeCommand::OpenDocument(doc));
                        }
                    } else {
                        ui.label(RichText::new(about).strong());
                    }
                    ui.label(
                        RichText::new(format!(
                            "{} · {}",
                            if m.memo.author.is_empty() {
                                "anonymous"
                            } else {
                                m.memo.author.as_str()
                            },
                            crate::core::counts::iso_time(m.memo.updated_at)
                                .replace('T', " ")
                                .trim_end_matches('Z')
                        ))
                        .weak()
                        .small(),
                    );
                });
                ui.label(&m.memo.text);
                ui.separator();
            }
        });
}

/// The autocode dialog: a search, a tag, what to code around each hit;
/// the count runs in the background (progress, Cancel), then the app asks.
pub fn autocode_window(ctx: &egui::Context, state: &mut PassagesState, commands: &mut Commands) {
    let Some(d) = &mut state.autocode else {
        return;
    };
    let mut open = true;
    let mut close = false;
    let planning = state.planning.as_mut().map(|(_, job)| job.last());
    egui::Window::new("Code search hits")
        .id(egui::Id::unique("autocode-window"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(
                RichText::new("Every hit in the documents in view, coded in one step (Edit → Undo takes it back).")
                    .weak(),
            );
            egui::Grid::new("autocode-grid")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let l = ui.label("Search for");
                    ui.add(
                        egui::TextEdit::singleline(&mut d.query)
                            .hint_text("a word, a \"phrase\" or a prefix*")
                            .desired_width(260.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Code with");
                    ui.add(
                        egui::TextEdit::singleline(&mut d.tag)
                            .hint_text("a tag (new or existing)")
                            .desired_width(260.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                    ui.label("Code");
                    ui.horizontal(|ui| {
                        for u in crate::core::coding::Unit::ALL {
                            ui.radio_value(&mut d.unit, u, u.label());
                        }
                    });
                    ui.end_row();
                });
            if let Some(e) = &d.error {
                ui.label(RichText::new(e).color(theme::error_text(ui.visuals().dark_mode)));
            }
            ui.horizontal(|ui| {
                if let Some(progress) = planning {
                    let (done, total) = progress.unwrap_or((0, 0));
                    ui.add(
                        egui::ProgressBar::new(crate::core::counts::fraction(done, total))
                            .desired_width(200.0)
                            .text(format!("Counting {} / {}", thousands(done), thousands(total))),
                    );
                    if ui.button("Cancel").clicked() {
                        commands.push(CodeCommand::CancelAutocode);
                    }
                } else {
                    let ready = !d.query.trim().is_empty() && !d.tag.trim().is_empty();
                    if ui
                        .add_enabled(ready, egui::Button::new("Count hits…"))
                        .on_hover_text("Count what would be coded, then say yes or no")
                        .clicked()
                    {
                        d.error = None;
                        commands.push(CodeCommand::PlanAutocode {
                            query: d.query.trim().to_string(),
                            tag: d.tag.trim().to_string(),
                            unit: d.unit,
                        });
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
            });
        });
    if close || !open {
        if let Some((_, job)) = state.planning.take() {
            job.cancel();
        }
        state.autocode = None;
    }
}
