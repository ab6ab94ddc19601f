//! The agreement view (View → Coder agreement): two coders compared over
//! the documents both coded — per tag, the segments they agree on
//! (percent, Cohen's kappa) and the characters (Krippendorff's alpha) —
//! and the list of disagreements; one opens both coders' passages side by
//! side, to accept one coder's coding or keep both.

mod state;

pub use state::{AgreementState, key_of};

use egui::text::LayoutJob;
use egui::{Color32, RichText, TextFormat, Ui};
use egui_extras::{Column, TableBuilder};
use rusqlite::Connection;

use crate::core::coding::agreement::{Disagreement, TagAgreement, window};
use crate::core::counts::{documents, plural, thousands};
use crate::core::store::tags::Tag;
use crate::gui::command::{CodeCommand, Commands};
use crate::gui::theme;

/// What the view reads besides its state.
pub struct AgreementView<'a> {
    pub tags: &'a [Tag],
    pub conn: &'a Connection,
}

/// Characters shown each side of a disagreement.
const CONTEXT: i64 = 300;

pub fn ui(ui: &mut Ui, state: &mut AgreementState, v: &AgreementView, commands: &mut Commands) {
    // Everything reachable in a short window: the view scrolls as a whole.
    egui::ScrollArea::vertical()
        .id_salt("agreement-view")
        .auto_shrink([false, false])
        .show(ui, |ui| body(ui, state, v, commands));
}

fn body(ui: &mut Ui, state: &mut AgreementState, v: &AgreementView, commands: &mut Commands) {
    ui.add_space(theme::PANEL_MARGIN);
    ui.horizontal_wrapped(|ui| {
        ui.heading("Coder agreement");
        if state.is_running() {
            ui.spinner();
        }
    });
    choices(ui, state, v);
    if let Some(e) = &state.error {
        ui.label(RichText::new(e).color(theme::error_text(ui.visuals().dark_mode)));
    }
    if state.coders.len() < 2 {
        ui.add_space(theme::SECTION_GAP);
        ui.label(
            "Agreement compares two coders' passages. Import another coder's project \
             (File → Import REFI-QDA project…), or code under another name (Settings → Coder name).",
        );
        return;
    }
    let Some(r) = &state.result else {
        if state.a == state.b {
            ui.label("Choose two different coders.");
        }
        return;
    };
    ui.label(format!(
        "{} coded by both {} and {} ({} by one of them only, left out). \
         Passages overlapping by at least {:.0}% are one segment.",
        documents(r.documents),
        r.a,
        r.b,
        thousands(r.documents_one_coder),
        r.overlap * 100.0
    ));
    if r.documents == 0 {
        return;
    }
    measures(ui, r.tags.as_slice(), &r.overall, &r.a, &r.b);
    ui.add_space(theme::SECTION_GAP);
    ui.separator();
    disagreements(ui, state, v, commands);
}

/// The coders, tag and overlap asked for.
fn choices(ui: &mut Ui, state: &mut AgreementState, v: &AgreementView) {
    ui.horizontal_wrapped(|ui| {
        let names: Vec<String> = state
            .coders
            .iter()
            .map(|(c, n)| format!("{c} ({})", thousands(*n as usize)))
            .collect();
        for (label, value) in [("Coder A", &mut state.a), ("Coder B", &mut state.b)] {
            ui.label(label);
            let r = egui::ComboBox::from_id_salt(label)
                .selected_text(if value.is_empty() {
                    "choose…"
                } else {
                    value.as_str()
                })
                .width(150.0)
                .show_ui(ui, |ui| {
                    for ((c, _), shown) in state.coders.iter().zip(&names) {
                        ui.selectable_value(value, c.clone(), shown);
                    }
                });
            named(&r.response, label);
        }
        ui.label("Tag");
        let r = egui::ComboBox::from_id_salt("agreement-tag")
            .selected_text(state.tag.clone().unwrap_or_else(|| "every tag".into()))
            .width(160.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.tag, None, "every tag");
                for t in v.tags {
                    ui.selectable_value(&mut state.tag, Some(t.name.clone()), &t.name);
                }
            });
        named(&r.response, "Tag");
        let l = ui.label("Overlap");
        let mut percent = state.overlap * 100.0;
        let r = ui
            .add(
                egui::DragValue::new(&mut percent)
                    .range(5.0..=100.0)
                    .speed(1.0)
                    .suffix(" %"),
            )
            .labelled_by(l.id)
            .on_hover_text(
                "How much two passages must overlap (characters both cover over characters either \
                 covers) to count as one segment",
            );
        if r.changed() {
            state.overlap = (percent / 100.0).clamp(0.05, 1.0);
        }
    });
}

fn named(r: &egui::Response, name: &str) {
    let name = name.to_string();
    r.widget_info(move || egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &name));
}

fn measure(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.2}"))
}

/// The table of measures per tag, and all tags together.
fn measures(ui: &mut Ui, tags: &[TagAgreement], overall: &TagAgreement, a: &str, b: &str) {
    let rows: Vec<&TagAgreement> = tags.iter().chain(std::iter::once(overall)).collect();
    let height = (rows.len() as f32 + 1.0) * theme::ROW_HEIGHT + 8.0;
    ui.push_id("agreement-measures", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .max_scroll_height(height.min(260.0))
            .column(Column::remainder().at_least(120.0).clip(true))
            .columns(Column::auto().at_least(60.0), 7)
            .header(theme::HEADER_HEIGHT, |mut h| {
                for (title, tip) in [
                    ("Tag", "The tag"),
                    ("Segments", "Segments in the documents both coded"),
                    ("Both", "Segments both coders coded with the tag"),
                    (
                        &*format!("{a} only"),
                        "Segments only coder A coded with the tag",
                    ),
                    (
                        &*format!("{b} only"),
                        "Segments only coder B coded with the tag",
                    ),
                    ("Agreement", "Share of segments where the coders agree"),
                    (
                        "Kappa",
                        "Cohen's kappa over segments: agreement beyond chance",
                    ),
                    (
                        "Alpha",
                        "Krippendorff's alpha over characters: every character coded or not",
                    ),
                ] {
                    h.col(|ui| {
                        ui.strong(title).on_hover_text(tip);
                    });
                }
            })
            .body(|body| {
                body.rows(theme::ROW_HEIGHT, rows.len(), |mut row| {
                    let t = rows[row.index()];
                    let last = row.index() + 1 == rows.len();
                    let cells = [
                        t.tag.clone(),
                        thousands(t.segments),
                        thousands(t.both),
                        thousands(t.a_only),
                        thousands(t.b_only),
                        t.percent
                            .map_or("–".into(), |p| format!("{:.1} %", p * 100.0)),
                        measure(t.kappa),
                        measure(t.alpha),
                    ];
                    for c in cells {
                        row.col(|ui| {
                            if last {
                                ui.strong(c);
                            } else {
                                ui.label(c);
                            }
                        });
                    }
                });
            });
    });
}

/// The list of disagreements and the one looked at, side by side.
fn disagreements(
    ui: &mut Ui,
    state: &mut AgreementState,
    v: &AgreementView,
    commands: &mut Commands,
) {
    let list = state.visible();
    let n = list.len();
    let (a, b) = (state.a.clone(), state.b.clone());
    ui.label(RichText::new(plural(n, "disagreement", "disagreements")).strong());
    if n == 0 {
        ui.label("The two coders agree on every segment.");
        return;
    }
    let mut clicked = None;
    let selected = state.selected;
    ui.push_id("agreement-list", |ui| {
        egui::ScrollArea::vertical()
            .id_salt("agreement-disagreements")
            .max_height(170.0)
            .auto_shrink([false, true])
            .show_rows(ui, theme::ROW_HEIGHT, n, |ui, range| {
                for i in range {
                    let d = list[i];
                    let who = if d.a.is_empty() { &b } else { &a };
                    let mut text = format!(
                        "{} — only {who} — {} (characters {}–{})",
                        d.tag, d.title, d.start, d.end
                    );
                    if !d.instead.is_empty() {
                        text.push_str(&format!(" — the other coded it {}", d.instead.join(", ")));
                    }
                    if ui.selectable_label(selected == Some(i), text).clicked() {
                        clicked = Some(i);
                    }
                }
            });
    });
    drop(list);
    if let Some(i) = clicked {
        state.selected = Some(i);
        state.window = None;
    }
    let Some(d) = state.current().cloned() else {
        ui.label("Click a disagreement to see both coders' passages side by side.");
        return;
    };
    load_window(state, v.conn, &d);
    ui.add_space(theme::SECTION_GAP);
    ui.horizontal_wrapped(|ui| {
        let who_coded = if d.a.is_empty() { &b } else { &a };
        if ui
            .button(format!("Accept {a}'s coding"))
            .on_hover_text(format!("{b}'s coding of this segment becomes {a}'s"))
            .clicked()
        {
            commands.push(CodeCommand::Settle {
                disagreement: Box::new(d.clone()),
                a: a.clone(),
                b: b.clone(),
                take_a: true,
            });
        }
        if ui
            .button(format!("Accept {b}'s coding"))
            .on_hover_text(format!("{a}'s coding of this segment becomes {b}'s"))
            .clicked()
        {
            commands.push(CodeCommand::Settle {
                disagreement: Box::new(d.clone()),
                a: a.clone(),
                b: b.clone(),
                take_a: false,
            });
        }
        if ui
            .button("Keep both")
            .on_hover_text(format!(
                "Leave both codings as they are ({who_coded} coded it); it leaves this list"
            ))
            .clicked()
        {
            state.keep_current();
        }
        if ui.button("Open in reader").clicked() {
            commands.push(CodeCommand::OpenPassage {
                id: d.a.first().or(d.b.first()).map_or(0, |s| s.id),
                doc: d.doc,
                start: d.start,
                end: d.end,
            });
        }
    });
    side_by_side(ui, state, v, &d);
}

/// Reads the text around `d` once.
fn load_window(state: &mut AgreementState, conn: &Connection, d: &Disagreement) {
    let key = (d.doc, d.start, d.end);
    if state.window.as_ref().is_some_and(|w| w.key == key) {
        return;
    }
    let from = (d.start - CONTEXT).max(0);
    let text = window(conn, d.doc, from, d.end + CONTEXT).unwrap_or_default();
    state.window = Some(state::Window { key, from, text });
}

/// Both coders' passages in the same text, side by side.
fn side_by_side(ui: &mut Ui, state: &AgreementState, v: &AgreementView, d: &Disagreement) {
    let Some(w) = &state.window else {
        return;
    };
    let dark = ui.visuals().dark_mode;
    let color = v
        .tags
        .iter()
        .find(|t| t.name.eq_ignore_ascii_case(&d.tag))
        .map_or(theme::passage_color(dark), |t| theme::parse_color(&t.color));
    ui.columns(2, |cols| {
        for (ui, (name, sides)) in cols.iter_mut().zip([(&state.a, &d.a), (&state.b, &d.b)]) {
            let said = if sides.is_empty() {
                format!("{name}: not coded '{}'", d.tag)
            } else {
                format!("{name}: coded '{}'", d.tag)
            };
            ui.label(RichText::new(said).strong());
            let ranges: Vec<(i64, i64)> = sides.iter().map(|s| (s.start, s.end)).collect();
            let job = highlighted(&w.text, w.from, &ranges, color, ui);
            egui::ScrollArea::vertical()
                .id_salt(format!("agreement-side-{name}"))
                .max_height(220.0)
                .show(ui, |ui| {
                    // Columns lay out justified; a text reads better ragged.
                    ui.with_layout(egui::Layout::top_down(egui::Align::LEFT), |ui| {
                        ui.label(job);
                    });
                });
        }
    });
}

/// `text` (starting at character `from` of its document) with `ranges`
/// (document characters) on a background of `color`.
fn highlighted(text: &str, from: i64, ranges: &[(i64, i64)], color: Color32, ui: &Ui) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat {
        font_id: font.clone(),
        color: ui.visuals().text_color(),
        ..TextFormat::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: theme::text_on(color),
        background: color,
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    let mut at = 0usize;
    let mut chars = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let bounds: Vec<usize> = chars.by_ref().collect();
    let byte = |c: i64| -> usize {
        let i = (c - from).clamp(0, bounds.len() as i64 - 1) as usize;
        bounds[i]
    };
    let mut spans: Vec<(usize, usize)> = ranges.iter().map(|&(s, e)| (byte(s), byte(e))).collect();
    spans.sort_unstable();
    for (s, e) in spans {
        if s > at {
            job.append(&text[at..s], 0.0, plain.clone());
        }
        if e > s.max(at) {
            job.append(&text[s.max(at)..e], 0.0, marked.clone());
        }
        at = at.max(e);
    }
    if at < text.len() {
        job.append(&text[at..], 0.0, plain);
    }
    job
}
