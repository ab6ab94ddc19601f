//! The desktop app (eframe/egui). It only draws and sends work to the core:
//! imports, searches and list indexing run as background jobs.

pub mod app;
pub mod command;
pub mod dialogs;
pub mod export;
pub mod fonts;
pub mod library_view;
pub mod panels;
pub mod review;
pub mod settings;
pub mod theme;
pub mod timeline;
pub mod widgets;

use std::path::PathBuf;

pub use app::{AppOptions, CorpusApp};

/// The window icon, from `assets/`.
pub fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon-256.png")).ok()
}

/// Opens the window on `library` (or the last / default library), and
/// imports `paths` into it.
pub fn run(library: Option<PathBuf>, paths: Vec<PathBuf>) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("corpusdesk")
        .with_app_id("corpusdesk")
        .with_inner_size([1280.0, 800.0])
        .with_min_inner_size([640.0, 400.0]);
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "corpusdesk",
        options,
        Box::new(move |cc| {
            let mut app = CorpusApp::new(cc, AppOptions::desktop(library));
            if !paths.is_empty() {
                app.start_import(paths);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
