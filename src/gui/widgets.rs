//! Small widgets shared by several panels.

use egui::{Color32, RichText, Ui};

use super::theme;

/// A coloured tag chip with a small remove button, whose accessible name
/// (for screen readers and tests) is `remove_name`. True when it was clicked.
pub fn removable_chip(
    ui: &mut Ui,
    text: &str,
    color: Color32,
    strike: bool,
    remove_name: &str,
) -> bool {
    let mut clicked = false;
    egui::Frame::new()
        .fill(color)
        .corner_radius(8.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.spacing_mut().item_spacing.x = 4.0;
                let mut t = RichText::new(text).color(theme::text_on(color));
                if strike {
                    t = t.strikethrough();
                }
                ui.add(egui::Label::new(t).selectable(false));
                let x = ui
                    .add(
                        egui::Button::new(RichText::new("x").color(theme::text_on(color)))
                            .frame(false)
                            .small(),
                    )
                    .on_hover_text(remove_name);
                x.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, remove_name));
                clicked = x.clicked();
            });
        });
    clicked
}
