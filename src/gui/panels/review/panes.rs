//! Two texts side by side: marked pieces, dimmed boilerplate, paragraphs
//! evenly spaced, both panes scrolling together, and a small legend.

use egui::text::LayoutJob;
use egui::{Color32, RichText, ScrollArea, TextFormat, Ui};

use super::PaneSync;

/// A small colour swatch and what it means.
pub(super) fn legend(ui: &mut Ui, items: &[(Color32, &str)]) {
    ui.horizontal_wrapped(|ui| {
        for (color, text) in items {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, *color);
            ui.label(RichText::new(*text).small());
            ui.add_space(8.0);
        }
    });
}

/// Two texts in scrolled panes side by side that scroll together: when one
/// moves, the other follows to the same share of its length.
pub(super) fn two_panes(cols: &mut [Ui], left: LayoutJob, right: LayoutJob, sync: &mut PaneSync) {
    let mut seen = [(0.0f32, 0.0f32); 2];
    for (col, job, id) in [(0, left, "left-text"), (1, right, "right-text")] {
        let ui = &mut cols[col];
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let mut area = ScrollArea::vertical()
                .id_salt(id)
                .auto_shrink([false, false]);
            if let Some(offset) = sync.pending[col].take() {
                area = area.vertical_scroll_offset(offset);
            }
            let out = area.show(ui, |ui| {
                // Left-aligned: a justified layout would stretch the words.
                ui.with_layout(egui::Layout::top_down(egui::Align::LEFT), |ui| {
                    ui.add(egui::Label::new(job).wrap());
                });
            });
            let range = (out.content_size.y - out.inner_rect.height()).max(0.0);
            seen[col] = (out.state.clamped_offset().y, range);
        });
    }
    for (moved, other) in [(0, 1), (1, 0)] {
        let (offset, range) = seen[moved];
        if (offset - sync.last[moved]).abs() > 0.5 && range > 0.0 {
            let target = offset / range * seen[other].1;
            sync.pending[other] = Some(target);
            sync.last[other] = target;
        }
    }
    sync.last = [
        sync.pending[0].unwrap_or(seen[0].0),
        sync.pending[1].unwrap_or(seen[1].0),
    ];
}

/// Paragraphs one blank line apart, however the file spaced them (one
/// outlet's single line breaks against another's runs of blank lines), so
/// the two panes stay level.
fn even_paragraphs(text: &str, at_line_start: &mut bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut breaks = 0usize;
    let mut pending = String::new();
    for c in text.chars() {
        if c == '\n' {
            breaks += 1;
            pending.clear();
        } else if breaks > 0 && c.is_whitespace() {
            pending.push(c);
        } else {
            if breaks > 0 {
                out.push_str(if *at_line_start { "" } else { "\n\n" });
                breaks = 0;
                pending.clear();
            }
            out.push(c);
            *at_line_start = false;
        }
    }
    if breaks > 0 && !*at_line_start {
        out.push_str("\n\n");
        *at_line_start = true;
    }
    out
}

/// Text with the marked pieces on `color`, and the lines `dim` flags
/// (learned boilerplate) in the weak text colour.
pub(super) fn marked_text(
    ui: &Ui,
    side: &[(String, bool)],
    color: Color32,
    dim: &[bool],
) -> LayoutJob {
    let mut job = LayoutJob::default();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let (text_color, weak) = (ui.visuals().text_color(), ui.visuals().weak_text_color());
    let mut at_line_start = true;
    let mut line = 0usize;
    for (text, marked) in side {
        for piece in text.split_inclusive('\n') {
            let dimmed = dim.get(line).copied().unwrap_or(false);
            let mut format =
                TextFormat::simple(font.clone(), if dimmed { weak } else { text_color });
            if *marked {
                format.background = color;
            }
            job.append(&even_paragraphs(piece, &mut at_line_start), 0.0, format);
            line += piece.ends_with('\n') as usize;
        }
    }
    job.wrap.max_width = ui.available_width();
    job
}

#[cfg(test)]
mod tests {
    use super::even_paragraphs;

    #[test]
    fn paragraphs_are_one_blank_line_apart_however_they_were_spaced() {
        let mut start = true;
        assert_eq!(
            even_paragraphs("\n\na\n\n\n\n  b\nc\n", &mut start),
            "a\n\nb\n\nc\n\n"
        );
        // Across pieces: a piece that ends a paragraph, the next that starts one.
        let mut start = true;
        let first = even_paragraphs("one\n", &mut start);
        let second = even_paragraphs("\ntwo", &mut start);
        assert_eq!(format!("{first}{second}"), "one\n\ntwo");
    }
}
