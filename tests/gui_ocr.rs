//! Scans in the window: a dropped folder of scans is imported, read by
//! OCR in the background (per-page progress in the status bar), listed
//! with their confidence in the OCR column and found by the "Only text
//! from OCR" filter; the Scanned documents window shows what is missing
//! and the command that installs it; Settings lists the languages.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use std::path::PathBuf;
use std::sync::Arc;

use corpusdesk::core::ocr::tools::{Tools, install_command};
use corpusdesk::gui::dialogs::ScriptedDialogs;
use corpusdesk::gui::panels::ocr::Probe;
use corpusdesk::gui::panels::status::JobKind;
use egui_kittest::kittest::{NodeT, Queryable};
use gui_support::*;

fn scans_folder(dir: &std::path::Path) -> PathBuf {
    let scans = dir.join("scans");
    std::fs::create_dir_all(&scans).unwrap();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocr");
    for name in ["article.pdf", "notice.png"] {
        std::fs::copy(fixtures.join(name), scans.join(name)).unwrap();
    }
    scans
}

#[test]
fn dropped_scans_are_read_in_the_background_marked_and_filtered() {
    assert!(
        Tools::find().tesseract.is_some(),
        "tesseract is needed: .ci/run installs it"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(
        &dir.path().join("lib.corpusdesk"),
        ScriptedDialogs::default(),
    );
    settle(&mut h);
    let scans = scans_folder(dir.path());
    h.input_mut().dropped_files.push(Arc::new(Dropped(scans)));
    h.step();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Scans waiting for OCR: 2");
    // Read in the background right away, with a line in the status bar.
    wait_for(&mut h, "OCR to start", |h| {
        h.state().jobs.is_running(JobKind::Ocr) || h.state().ocr.last.is_some()
    });
    h.get_by_label("Close").click();
    wait_for(&mut h, "OCR to end", |h| h.state().ocr.last.is_some());
    wait_for(&mut h, "two documents", |h| shown(h) == 2);
    h.get_by_label("Qarase and Labour to hold talks");
    h.get_by_label("Russia hosts Syrian, Turkish and Iranian defence ministers");
    // The OCR column: each document's mean confidence.
    wait_for(&mut h, "the OCR column", |h| h.state().ocr.has_documents());
    h.get_by_label("OCR");
    assert!(
        h.query_all_by_label_contains(" %").count() >= 2,
        "a confidence per row"
    );

    // View → Only text from OCR: a chip like any filter; off again.
    h.get_by_label("View").click();
    settle(&mut h);
    h.get_by_label("Only text from OCR").click();
    settle(&mut h);
    assert!(h.state().view.meta.iter().any(|m| m.field == "text_from"));
    h.get_by_label("text from OCR");
    wait_for(&mut h, "two documents", |h| shown(h) == 2);
    h.get_by_label("View").click();
    settle(&mut h);
    h.get_by_label("Show all documents, not only OCR").click();
    settle(&mut h);
    assert!(h.state().view.meta.is_empty());

    // File → Scanned documents: nothing waits; the languages.
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label("Scanned documents (OCR)…").click();
    wait_for(&mut h, "the OCR window", |h| {
        h.state().ocr.probe.is_some() && !h.state().jobs.is_running(JobKind::OcrProbe)
    });
    h.get_by_label("No scan waits for OCR.");
    h.get_by_label("English (eng)");
    h.get_by_label_contains("Last run: 2 documents read");
}

#[test]
fn without_tesseract_the_window_gives_the_install_command_and_settings_the_languages() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(
        &dir.path().join("lib.corpusdesk"),
        ScriptedDialogs::default(),
    );
    settle(&mut h);
    wait_for(&mut h, "the look for Tesseract", |h| {
        !h.state().jobs.is_running(JobKind::OcrProbe) && h.state().ocr.probe.is_some()
    });
    // As on a machine without them: three scans wait.
    h.state_mut().ocr.probe = Some(Probe {
        tools: Tools::find_in(std::ffi::OsStr::new("")),
        queue: corpusdesk::core::store::scans::QueueCount {
            waiting: 3,
            pages: 7,
            failed: 0,
        },
        ..Probe::default()
    });
    h.get_by_label("File").click();
    settle(&mut h);
    // The menu says how many wait; the window (opened as the item does,
    // without the look that would find this machine's Tesseract) says why
    // they cannot be read.
    h.get_by_label("Run OCR on 3 scanned documents…");
    h.key_press(egui::Key::Escape);
    h.state_mut().ocr.open = true;
    settle(&mut h);
    h.get_by_label_contains("Tesseract OCR and poppler (pdftoppm) are not installed");
    h.get_by_label(&install_command());
    h.get_by_label("Copy");
    assert!(
        h.get_by_label("Run OCR on 3 scanned documents")
            .accesskit_node()
            .is_disabled(),
        "nothing to run it with"
    );
    h.get_by_label("Look again").click();
    wait_for(&mut h, "the look", |h| {
        !h.state().jobs.is_running(JobKind::OcrProbe)
            && h.state()
                .ocr
                .probe
                .as_ref()
                .is_some_and(|p| p.queue.waiting == 0)
    });

    // Settings lists the installed languages, the chosen ones ticked.
    h.state_mut().ocr.open = false;
    h.state_mut().windows.settings = true;
    settle(&mut h);
    h.get_by_label("Languages OCR tries");
    let installed = Tools::find().languages();
    assert!(installed.contains(&"eng".to_string()), "{installed:?}");
    for lang in &installed {
        h.get_by_label(&corpusdesk::core::ocr::tools::language_name(lang));
    }
    if installed.contains(&"deu".to_string()) {
        h.get_by_label("German (deu)").click();
        settle(&mut h);
        assert!(
            h.state()
                .ocr
                .probe
                .as_ref()
                .unwrap()
                .chosen
                .contains(&"deu".to_string())
        );
        let lib = &h.state().session.as_ref().unwrap().library;
        assert!(
            lib.ocr_languages(&Tools::find())
                .unwrap()
                .contains(&"deu".to_string())
        );
    }
}
