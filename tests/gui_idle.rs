//! An idle window draws nothing: background work and other processes wake
//! it when they have news, and no timer repaints it meanwhile.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/gui.rs"]
mod gui_support;

use std::time::{Duration, Instant};

use corpusdesk::gui::dialogs::ScriptedDialogs;
use gui_support::*;

/// Frames until no repaint is asked for (the one look for other processes'
/// changes a second after activity included).
fn until_idle(h: &mut App) {
    let mut frames = 0;
    while h.ctx.has_requested_repaint() {
        frames += 1;
        assert!(
            frames < 400,
            "the window keeps asking for frames: {:?}",
            h.ctx.repaint_causes()
        );
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
}

#[test]
fn an_idle_window_sleeps_until_another_process_changes_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("a.txt"), "Harbour talks resumed on Monday.").unwrap();
    let dialogs = ScriptedDialogs::default();
    let path = dir.path().join("lib.corpusdesk");
    let mut h = app_on(&path, dialogs.clone());
    import_folder(&mut h, &dialogs, folder);
    settle(&mut h);
    // The work an import starts (reading the new documents for names)
    // ends, then nothing more is drawn.
    wait_for(&mut h, "the background work", |h| !h.state().jobs.is_busy());
    until_idle(&mut h);
    assert!(!h.state().jobs.is_busy());

    // Another process (here: another connection, on a thread the window
    // knows nothing of) adds a tag.
    let elsewhere = path.clone();
    std::thread::spawn(move || {
        let other = corpusdesk::core::Library::open(&elsewhere).unwrap();
        other
            .writer()
            .write(|tx| corpusdesk::core::store::tags::create(tx, "from elsewhere", None))
            .unwrap();
    })
    .join()
    .unwrap();
    let start = Instant::now();
    while !h.ctx.has_requested_repaint() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the change never woke the window"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    wait_for(&mut h, "the new tag", |h| {
        h.state()
            .session
            .as_ref()
            .is_some_and(|s| s.tags.iter().any(|t| t.name == "from elsewhere"))
    });
}
