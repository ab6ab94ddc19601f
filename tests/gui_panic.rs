//! A background job that panics shows a notice in the window, and the
//! library is left as it was. (Alone in its test binary: the planted panic
//! hits the next job of that name in this process.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use corpusdesk::gui::dialogs::{DialogKind, ScriptedDialogs};
use egui_kittest::kittest::Queryable;
use gui_support::*;
use support::*;

#[test]
fn a_panicking_import_shows_a_notice_and_leaves_the_library_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), "Harbour talks resumed on Monday.");
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::ImportFolder, vec![folder.clone()]);
    let path = dir.path().join("lib.corpusdesk");
    let mut h = app_on(&path, dialogs.clone());
    settle(&mut h);
    corpusdesk::core::jobs::plant_panic("import");
    h.get_by_label("Import folder…").click();
    wait_for(&mut h, "the notice", |h| {
        !h.state().is_importing() && !h.state().notices.is_empty()
    });
    settle(&mut h);
    let notice = h
        .state()
        .notices
        .iter()
        .find(|n| n.contains("internal error"))
        .cloned()
        .expect("a notice about the panic");
    assert!(notice.contains("left as it was"), "{notice}");
    h.get_by_label_contains("internal error");
    assert_eq!(h.state().session.as_ref().unwrap().total, 0);
    // The app goes on: the same import, run again, works.
    dialogs.answer(DialogKind::ImportFolder, vec![folder]);
    h.get_by_label("Import folder…").click();
    wait_for(&mut h, "the second import", import_done);
    settle(&mut h);
    assert_eq!(h.state().session.as_ref().unwrap().total, 1);
}
