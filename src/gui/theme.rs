//! Spacing, sizes and colours in one place, so every panel looks alike.
//! Raw colours are made here only: clippy's `disallowed-methods`
//! (clippy.toml) refuses `Color32::from_*` anywhere else.
#![allow(clippy::disallowed_methods)]

use egui::Color32;

/// A tag whose colour is unknown, and stacked series without a tag.
pub const NEUTRAL: Color32 = Color32::GRAY;
/// The drop overlay: the dimmed window, its frame and its text.
pub const OVERLAY_SHADE: Color32 = Color32::from_black_alpha(170);
pub const OVERLAY_ACCENT: Color32 = Color32::from_rgb(242, 142, 43);
pub const OVERLAY_TEXT: Color32 = Color32::WHITE;

pub const ROW_HEIGHT: f32 = 22.0;
pub const HEADER_HEIGHT: f32 = 24.0;
pub const PANEL_MARGIN: f32 = 8.0;
pub const READER_DEFAULT_WIDTH: f32 = 380.0;
pub const TAGS_DEFAULT_WIDTH: f32 = 190.0;
pub const SECTION_GAP: f32 = 8.0;
pub const TIMELINE_DEFAULT_HEIGHT: f32 = 220.0;

/// Search hits in the reader.
/// A name's colour in the reader by its type (0 person, 1 organisation,
/// 2 place), readable on the theme's background.
pub fn name_color(kind: usize, dark: bool) -> Color32 {
    match (kind, dark) {
        (0, false) => Color32::from_rgb(37, 99, 200),
        (0, true) => Color32::from_rgb(110, 160, 255),
        (1, false) => Color32::from_rgb(190, 100, 10),
        (1, true) => Color32::from_rgb(245, 160, 70),
        (_, false) => Color32::from_rgb(20, 140, 70),
        (_, true) => Color32::from_rgb(90, 210, 130),
    }
}

pub fn highlight(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(110, 90, 20)
    } else {
        Color32::from_rgb(255, 230, 120)
    }
}

/// Side-by-side diff: text only the left (keeper) has, text only the right has.
/// The background of a passage two documents share.
pub fn passage_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(40, 70, 110)
    } else {
        Color32::from_rgb(200, 222, 255)
    }
}

pub fn diff_colors(dark: bool) -> (Color32, Color32) {
    if dark {
        (
            Color32::from_rgb(110, 40, 40),
            Color32::from_rgb(30, 90, 50),
        )
    } else {
        (
            Color32::from_rgb(255, 205, 200),
            Color32::from_rgb(190, 240, 195),
        )
    }
}

/// Timeline bars (documents without a stacked tag).
pub fn timeline_bar(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(90, 140, 200)
    } else {
        Color32::from_rgb(70, 120, 190)
    }
}

/// The `i`th word's line over the timeline's bars: hues that stand apart
/// from the bars' blue and from each other.
pub fn word_line(i: usize) -> Color32 {
    const LINES: [Color32; 6] = [
        Color32::from_rgb(242, 142, 43),
        Color32::from_rgb(214, 39, 40),
        Color32::from_rgb(44, 160, 44),
        Color32::from_rgb(148, 103, 189),
        Color32::from_rgb(140, 86, 75),
        Color32::from_rgb(23, 190, 207),
    ];
    LINES[i % LINES.len()]
}

pub fn error_text(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(255, 120, 110)
    } else {
        Color32::from_rgb(190, 30, 30)
    }
}

/// Parses `#rrggbb`; grey when malformed.
pub fn parse_color(hex: &str) -> Color32 {
    let h = hex.trim_start_matches('#');
    let part = |i: usize| h.get(i..i + 2).and_then(|s| u8::from_str_radix(s, 16).ok());
    match (part(0), part(2), part(4)) {
        (Some(r), Some(g), Some(b)) if h.len() == 6 => Color32::from_rgb(r, g, b),
        _ => Color32::GRAY,
    }
}

/// Black or white text, whichever reads better on `bg`.
pub fn text_on(bg: Color32) -> Color32 {
    let luma = 0.299 * bg.r() as f32 + 0.587 * bg.g() as f32 + 0.114 * bg.b() as f32;
    if luma > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}
