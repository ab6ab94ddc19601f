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

/// The end of `text` that fits in `width` at the body font, with "…" in
/// front of what was cut: a concordance's left context keeps the words next
/// to the hit, where `Label::truncate` would keep the far ones.
pub fn tail_that_fits(ui: &egui::Ui, text: &str, width: f32) -> String {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let fits = |s: &str| {
        ui.fonts_mut(|f| f.layout_no_wrap(s.to_string(), font.clone(), color))
            .size()
            .x
            <= width
    };
    if fits(text) {
        return text.to_string();
    }
    // Char boundaries, searched for the longest tail that fits.
    let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let (mut lo, mut hi) = (0usize, starts.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if fits(&format!("…{}", &text[starts[mid]..])) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    match starts.get(lo) {
        Some(&at) => format!("…{}", &text[at..]),
        None => "…".to_string(),
    }
}

/// A path shortened in its middle to `max` characters ("/home/ana/…/2019/
/// story.txt"): both the start (which disk, which project) and the file
/// name stay in sight. The full path belongs in the hover text.
pub fn elide_middle(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max || max < 5 {
        return text.to_string();
    }
    let keep = max - 1;
    let tail = keep * 3 / 5;
    let head = keep - tail;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(n - tail).collect();
    format!("{start}…{end}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_path_keeps_its_start_and_its_file_name() {
        let p = "/home/ana/projects/corpus/2019/november/reuters/story-0001.txt";
        let e = elide_middle(p, 40);
        assert_eq!(e.chars().count(), 40);
        assert!(e.starts_with("/home/ana/"), "{e}");
        assert!(e.ends_with("story-0001.txt"), "{e}");
        assert_eq!(elide_middle("short.txt", 40), "short.txt");
    }
}
