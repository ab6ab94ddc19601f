//! The desktop app (eframe/egui). It only draws and sends work to the core:
//! imports, searches and list indexing run as background jobs.

pub mod app;
pub mod command;
pub mod dialogs;

pub mod fonts;
pub mod notices;
pub mod panels;

pub mod settings;
pub mod theme;

pub mod view_state;
pub mod widgets;

use std::path::PathBuf;

pub use app::{AppOptions, CorpusApp};

/// Where the app writes its log: `logs/` in the OS data folder.
pub fn log_folder() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "corpusdesk", "corpusdesk")?;
    Some(dirs.data_dir().join("logs"))
}

/// Sends `tracing` events to `corpusdesk.log` in [`log_folder`] (started
/// afresh once it passes 5 MB). Without a writable folder the app runs
/// without a log.
fn start_logging() {
    let Some(dir) = log_folder() else {
        return;
    };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let path = dir.join("corpusdesk.log");
    let too_big = std::fs::metadata(&path).is_ok_and(|m| m.len() > 5_000_000);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(!too_big)
        .write(true)
        .truncate(too_big)
        .open(&path);
    if let Ok(file) = file {
        let _ = tracing_subscriber::fmt()
            .with_writer(std::sync::Mutex::new(file))
            .with_ansi(false)
            .with_target(false)
            .try_init();
        tracing::info!(version = env!("CARGO_PKG_VERSION"), "corpusdesk started");
    }
}

/// The window icon, from `assets/`.
pub fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon-256.png")).ok()
}

/// Opens the window on `library` (or the last / default library), and
/// imports `paths` into it.
pub fn run(library: Option<PathBuf>, paths: Vec<PathBuf>) -> anyhow::Result<()> {
    start_logging();
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
