//! Fallback fonts from the system, so documents in Arabic, Hebrew, CJK,
//! Devanagari… render as text, not boxes (egui bundles Latin, Greek and
//! Cyrillic only). Whatever of the usual font files exist is added after
//! egui's own fonts; nothing found means nothing changes.

use std::path::PathBuf;
use std::sync::Arc;

/// Usual places of broad-coverage fonts on Linux, macOS and Windows.
const CANDIDATES: &[&str] = &[
    // Linux (Debian/Ubuntu/Fedora packages)
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    // macOS
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    // Windows
    "C:\\Windows\\Fonts\\arial.ttf",
    "C:\\Windows\\Fonts\\segoeui.ttf",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\YuGothM.ttc",
];

/// The candidate font files present on this machine.
pub fn system_fallbacks() -> Vec<PathBuf> {
    CANDIDATES
        .iter()
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .collect()
}

/// Adds `paths` as fallback fonts; returns how many could be read.
pub fn install(ctx: &egui::Context, paths: &[PathBuf]) -> usize {
    let mut defs = egui::FontDefinitions::default();
    let mut added = 0;
    for path in paths {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let name = format!("system: {}", path.display());
        defs.font_data
            .insert(name.clone(), Arc::new(egui::FontData::from_owned(bytes)));
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            defs.families.entry(family).or_default().push(name.clone());
        }
        added += 1;
    }
    if added > 0 {
        ctx.set_fonts(defs);
    }
    added
}
