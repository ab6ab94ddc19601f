//! The story across outlets, above the side-by-side view: the cluster's
//! copies in date order with their outlet, lag from the first publication
//! and what each added or removed against the earliest copy.

use egui::{RichText, Ui};

use super::ReviewState;
use crate::core::counts::plural;
use crate::core::dedup::story::StoryCopy;
use crate::core::model::DocId;

/// "+2 days", "same day", "undated".
fn lag(copy: &StoryCopy) -> String {
    match copy.lag_days {
        None => "undated".to_string(),
        Some(0) => "same day".to_string(),
        Some(d) => format!("+{}", plural(d.max(0) as usize, "day", "days")),
    }
}

/// What a copy changed, in passages, with the passages as a tooltip.
fn changes(ui: &mut Ui, copy: &StoryCopy, first: bool) {
    if first {
        ui.label(RichText::new("first published").weak());
        return;
    }
    if copy.added.is_empty() && copy.removed.is_empty() {
        ui.label(RichText::new("the same passages").weak());
        return;
    }
    let mut text = Vec::new();
    if !copy.added.is_empty() {
        text.push(format!(
            "added {}",
            plural(copy.added.len(), "passage", "passages")
        ));
    }
    if !copy.removed.is_empty() {
        text.push(format!(
            "removed {}",
            plural(copy.removed.len(), "passage", "passages")
        ));
    }
    let tip: String = copy
        .added
        .iter()
        .map(|p| format!("+ {p}"))
        .chain(copy.removed.iter().map(|p| format!("− {p}")))
        .collect::<Vec<_>>()
        .join("\n\n");
    ui.label(text.join(", ")).on_hover_text(tip);
}

/// The collapsible history; returns a copy to compare with the keeper.
pub fn ui(ui: &mut Ui, review: &ReviewState, keeper: DocId) -> Option<DocId> {
    let (_, copies) = review.story.as_ref().filter(|(k, _)| *k == keeper)?;
    let first_seen = copies
        .first()
        .and_then(|c| c.date)
        .map_or("undated".to_string(), |d| d.to_string());
    let mut pick = None;
    egui::CollapsingHeader::new(format!(
        "Story across outlets: {}, first seen {first_seen}",
        plural(copies.len(), "copy", "copies")
    ))
    .id_salt("story-across-outlets")
    .show(ui, |ui| {
        egui::Grid::new("story-grid")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for h in ["Date", "Outlet", "Lag", "Compared with the first", ""] {
                    ui.label(RichText::new(h).small().strong());
                }
                ui.end_row();
                for (k, c) in copies.iter().enumerate() {
                    match (c.date, c.inherited) {
                        (Some(d), _) => ui.label(d.to_string()),
                        (None, Some(k)) => ui
                            .label(RichText::new(format!("({k})")).weak())
                            .on_hover_text(
                                "States no date of its own; shows the keeper's date elsewhere",
                            ),
                        (None, None) => ui.label("undated"),
                    };
                    ui.add(egui::Label::new(&c.source).truncate())
                        .on_hover_text(&c.source);
                    ui.label(lag(c));
                    changes(ui, c, k == 0);
                    if c.id == keeper {
                        ui.label(RichText::new("keeper").small().weak());
                    } else if ui
                        .small_button("Compare")
                        .on_hover_text("Show this copy beside the keeper")
                        .clicked()
                    {
                        pick = Some(c.id);
                    }
                    ui.end_row();
                }
            });
    });
    pick
}
