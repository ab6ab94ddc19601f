//! Helpers for the window tests (egui_kittest): start the app on a library,
//! step it until background work settles, import a folder as a user would.
#![allow(dead_code)] // each test crate uses a different part
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use corpusdesk::gui::dialogs::{DialogKind, ScriptedDialogs};
use corpusdesk::gui::{AppOptions, CorpusApp};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

pub type App = Harness<'static, CorpusApp>;

pub fn app_on(library: &Path, dialogs: ScriptedDialogs) -> App {
    app_sized(library, dialogs, [1200.0, 800.0])
}

/// As [`app_on`], in a window of this size.
pub fn app_sized(library: &Path, dialogs: ScriptedDialogs, size: [f32; 2]) -> App {
    build(library, dialogs, size, false)
}

/// As [`app_on`], drawing boxes for characters no installed font has (a
/// CJK or emoji text on a machine without those fonts, as on CI) rather
/// than failing: for tests about such texts, not about their glyphs.
pub fn app_any_script(library: &Path, dialogs: ScriptedDialogs) -> App {
    build(library, dialogs, [1200.0, 800.0], true)
}

fn build(library: &Path, dialogs: ScriptedDialogs, size: [f32; 2], tofu: bool) -> App {
    let library = library.to_path_buf();
    let mut builder = Harness::builder().with_size(size);
    if tofu {
        builder = builder.allow_missing_glyphs();
    }
    builder.build_eframe(move |cc| {
        CorpusApp::new(
            cc,
            AppOptions {
                library: Some(library),
                dialogs: Box::new(dialogs),
                import_options: Default::default(),
                persist: false,
            },
        )
    })
}

/// Steps the app in real time until `done` holds (background jobs run meanwhile).
pub fn wait_for(h: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    settle(h);
}

/// Runs frames until the app is idle: no write, filter, duplicate search
/// or timeline work still running.
pub fn settle(h: &mut App) {
    let start = Instant::now();
    h.run_ok();
    while h.state().is_writing()
        || h.state().is_finding_duplicates()
        || h.state().timeline.is_busy()
        || h.state().search.is_running()
        || h.state().filter_dirty
        || h.state().recovery.is_busy()
        || h.state().session.as_ref().is_some_and(|s| s.view.is_busy())
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "a write, filter or duplicate search never finished"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    h.run_ok();
}

pub fn import_done(h: &App) -> bool {
    !h.state().is_importing() && (h.state().report.is_some() || h.state().last_import.is_some())
}

/// Imports `folder` through File → Import folder… (its shortcut) and
/// closes the report.
pub fn import_folder(h: &mut App, dialogs: &ScriptedDialogs, folder: PathBuf) {
    dialogs.answer(DialogKind::ImportFolder, vec![folder]);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::I,
    );
    wait_for(h, "the import", import_done);
    if h.state().report.is_some() {
        h.get_by_label("Close").click();
    }
    settle(h);
}

/// Some text the reader shows holds `needle` (the reader's text is a
/// read-only text field: its words are its value, not a label).
pub fn reader_shows(h: &App, needle: &str) -> bool {
    h.query_all_by(|n| n.value().is_some_and(|v| v.contains(needle)))
        .next()
        .is_some()
}

/// Documents the library list shows.
pub fn shown(h: &App) -> usize {
    h.state().session.as_ref().unwrap().view.len()
}

/// A file dropped on the window.
#[derive(Debug)]
pub struct Dropped(pub PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// A library of generated stories over ten years, imported through the app.
pub fn with_corpus(docs: usize) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let spec = corpusdesk::testkit::corpus::Spec {
        docs,
        seed: 9,
        bad_files: false,
        ..Default::default()
    };
    corpusdesk::testkit::corpus::write(&dir.path().join("in"), &spec).unwrap();
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::ImportFolder, vec![dir.path().join("in")]);
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs);
    settle(&mut h);
    h.get_by_label("Import folder…").click();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Close").click();
    settle(&mut h);
    wait_for(&mut h, "the timeline", |h| {
        h.state().timeline.bars.is_some()
    });
    (dir, h)
}
