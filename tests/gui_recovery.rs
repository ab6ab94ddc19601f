//! The window and a damaged library: the check on open, the banner, the
//! Restore window, saving what can be read, and a library that would not
//! open at all.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use std::path::{Path, PathBuf};

use corpusdesk::core::Library;
use corpusdesk::gui::dialogs::{DialogKind, ScriptedDialogs};
use egui_kittest::kittest::Queryable;
use gui_support::*;
use support::*;

/// A library of `n` documents with one automatic backup, closed.
fn backed_up_library(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let corpus = dir.join("corpus");
    for i in 0..n {
        write(
            &corpus.join(format!("d{i:03}.txt")),
            format!(
                "Report {i:03}\n\nPort talks, round {i}. MARKER{i:03}END {}",
                "Delegations discussed quotas and fees at length. ".repeat(40)
            ),
        );
    }
    let path = dir.join("lib.corpusdesk");
    let lib = Library::open(&path).unwrap();
    lib.import(&[corpus]).unwrap();
    let backup = lib.auto_backup().unwrap();
    drop(lib);
    (path, backup)
}

/// Overwrites the page that holds `marker` (and not `not`) with noise, as
/// a failing disk does.
fn damage_page(path: &Path, marker: &str, not: &str) {
    let mut bytes = std::fs::read(path).unwrap();
    let size = u16::from_be_bytes([bytes[16], bytes[17]]) as usize;
    let has = |page: &[u8], m: &str| page.windows(m.len()).any(|w| w == m.as_bytes());
    let page = (1..bytes.len() / size)
        .find(|&p| {
            let page = &bytes[p * size..(p + 1) * size];
            has(page, marker) && !has(page, not)
        })
        .unwrap();
    for (i, b) in bytes[page * size..(page + 1) * size].iter_mut().enumerate() {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_damaged_library_shows_the_banner_and_restores_from_the_newest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _backup) = backed_up_library(dir.path(), 30);
    // A page of the title index: the library opens, the check finds it.
    damage_page(&path, "report 012", "Report 012");
    let damaged = std::fs::read(&path).unwrap();
    let dialogs = ScriptedDialogs::default();
    let saved = dir.path().join("saved.jsonl");
    dialogs.answer(DialogKind::Salvage, vec![saved.clone()]);
    let mut h = app_on(&path, dialogs);
    wait_for(&mut h, "the check on open", |h| {
        h.state()
            .session
            .as_ref()
            .is_some_and(|s| s.library.health().damage().is_some())
    });
    h.run_ok();
    h.get_by_label("⚠ This library file is damaged.");
    // The rows on the damaged page say so once, not "…" each.
    h.get_by_label("These rows cannot be read");
    // Saving what can be read writes every readable document.
    h.get_by_label("Save what can be read…").click();
    wait_for(&mut h, "saving", |h| {
        h.state().recovery.salvaging.is_none() && saved.exists()
    });
    let lines = std::fs::read_to_string(&saved).unwrap().lines().count();
    assert_eq!(lines, 30, "every document is in the table, unharmed");
    assert!(
        h.state().infos.iter().any(|i| i.starts_with("Saved ")),
        "{:?}",
        h.state().infos
    );
    // Nothing was written into the damaged file meanwhile.
    assert!(std::fs::read(&path).unwrap() == damaged);
    // Restore: the window lists the backup, asks, and reopens the library.
    h.get_by_label("Restore from a backup…").click();
    wait_for(&mut h, "the list of backups", |h| {
        !h.state().recovery.backups.is_empty()
    });
    h.run_ok();
    h.get_by_label("Restore (newest)").click();
    h.run_ok();
    h.get_by_label("Restore").click();
    // The click's command runs a frame later, so wait for the reopened,
    // undamaged library rather than for any open one.
    wait_for(&mut h, "the restore", |h| {
        h.state().recovery.restoring.is_none()
            && h.state()
                .session
                .as_ref()
                .is_some_and(|s| s.library.health().damage().is_none())
    });
    settle(&mut h);
    let s = h.state().session.as_ref().unwrap();
    assert!(s.library.health().damage().is_none());
    assert_eq!(s.total, 30);
    assert!(
        h.query_by_label("⚠ This library file is damaged.")
            .is_none()
    );
    assert!(
        h.state()
            .infos
            .iter()
            .any(|i| i.contains("the replaced file is kept as")),
        "{:?}",
        h.state().infos
    );
    let aside = dir.path().join("lib.corpusdesk.before-restore");
    assert!(
        std::fs::read(aside).unwrap() == damaged,
        "the damaged file is kept"
    );
}

#[test]
fn a_library_too_damaged_to_list_offers_its_backups_and_what_can_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _backup) = backed_up_library(dir.path(), 30);
    damage_page(&path, "MARKER012END", "\u{0}never");
    let dialogs = ScriptedDialogs::default();
    let saved = dir.path().join("saved.jsonl");
    dialogs.answer(DialogKind::Salvage, vec![saved.clone()]);
    let mut h = app_on(&path, dialogs);
    h.run_ok();
    if h.state().session.is_none() {
        h.get_by_label_contains("is damaged");
        assert!(corpusdesk::core::store::health::known_damaged(&path));
    } else {
        wait_for(&mut h, "the check on open", |h| {
            h.state()
                .session
                .as_ref()
                .is_some_and(|s| s.library.health().damage().is_some())
        });
    }
    h.run_ok();
    h.get_by_label("Save what can be read…").click();
    wait_for(&mut h, "saving", |h| {
        h.state().recovery.salvaging.is_none() && saved.exists()
    });
    let lines = std::fs::read_to_string(&saved).unwrap().lines().count();
    assert!((27..30).contains(&lines), "{lines} documents saved");
}

#[test]
fn a_library_that_will_not_open_offers_its_backups() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _backup) = backed_up_library(dir.path(), 10);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[16..100] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let mut h = app_on(&path, ScriptedDialogs::default());
    h.run_ok();
    assert!(h.state().session.is_none());
    h.get_by_label_contains("is damaged");
    h.get_by_label("Restore from a backup…").click();
    wait_for(&mut h, "the list of backups", |h| {
        !h.state().recovery.backups.is_empty()
    });
    h.run_ok();
    h.get_by_label("Restore (newest)").click();
    h.run_ok();
    h.get_by_label("Restore").click();
    wait_for(&mut h, "the restore", |h| h.state().session.is_some());
    settle(&mut h);
    assert_eq!(h.state().session.as_ref().unwrap().total, 10);
}

#[test]
fn closing_the_window_after_changes_takes_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), "Harbour talks resumed on Monday.");
    let dialogs = ScriptedDialogs::default();
    let path = dir.path().join("lib.corpusdesk");
    let mut h = app_on(&path, dialogs.clone());
    settle(&mut h);
    // Nothing changed: no backup on close.
    h.state_mut().backup_on_close();
    assert!(corpusdesk::core::store::backups::list(&path).is_empty());
    import_folder(&mut h, &dialogs, folder);
    settle(&mut h);
    h.state_mut().backup_on_close();
    let taken = corpusdesk::core::store::backups::list(&path);
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].documents, Some(1));
}

/// Regression: a damaged library opened from File → Open while another was
/// open got only a red notice, left an empty index folder beside it, and
/// the restore window could not pick a backup kept elsewhere.
#[test]
fn a_damaged_library_opened_from_disk_offers_the_ways_out() {
    let dir = tempfile::tempdir().unwrap();
    let (damaged, backup) = backed_up_library(dir.path(), 10);
    // Kept elsewhere, as a user's own copy would be.
    let elsewhere = dir.path().join("usb-stick-copy.corpusdesk");
    std::fs::copy(&backup, &elsewhere).unwrap();
    let mut bytes = std::fs::read(&damaged).unwrap();
    for b in &mut bytes[16..100] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let index = corpusdesk::core::search::index::dir_for(&damaged);
    let _ = std::fs::remove_dir_all(&index);
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("other.corpusdesk"), dialogs.clone());
    settle(&mut h);
    assert!(h.state().session.is_some());
    dialogs.answer(DialogKind::OpenLibrary, vec![damaged.clone()]);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    wait_for(&mut h, "the open", |h| h.state().session.is_none());
    settle(&mut h);
    h.get_by_label_contains("is damaged");
    assert!(!index.exists(), "no empty index folder is left");
    h.get_by_label("Save what can be read…");
    h.get_by_label("Restore from a backup…").click();
    settle(&mut h);
    dialogs.answer(DialogKind::BackupFile, vec![elsewhere]);
    h.get_by_label("Choose a backup file…").click();
    settle(&mut h);
    h.get_by_label("Restore").click();
    wait_for(&mut h, "the restore", |h| h.state().session.is_some());
    settle(&mut h);
    assert_eq!(h.state().session.as_ref().unwrap().total, 10);
}

/// Opening a library made by an earlier version re-reads its dates in the
/// background: a date found is said (and shown), an upgrade that changed
/// nothing says nothing.
#[test]
fn an_upgrade_says_what_it_changed_and_nothing_when_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let found = |h: &App| {
        h.state()
            .infos
            .iter()
            .any(|i| i.starts_with("Dates and titles re-read"))
    };
    let dated = dir.path().join("dated.corpusdesk");
    old_library(
        &dated,
        11,
        &[(
            "Story 0",
            "Datum: 09.12.2012\nTitel: Story 0\n\nHeute hat in Rumänien die Wahl begonnen.",
            None,
            None,
            "/old/0.txt",
        )],
    );
    let mut h = app_on(&dated, ScriptedDialogs::default());
    wait_for(&mut h, "the re-reading", |h| {
        !h.state().jobs.is_busy() && h.state().session.is_some()
    });
    settle(&mut h);
    assert!(found(&h), "{:?}", h.state().infos);
    assert!(
        h.state()
            .infos
            .iter()
            .any(|i| i.ends_with(": 1 date and 0 titles changed")),
        "{:?}",
        h.state().infos
    );
    assert!(
        h.query_all_by_label("2012-12-09").count() >= 1,
        "the date shows"
    );
    let plain = dir.path().join("plain.corpusdesk");
    old_library(
        &plain,
        11,
        &[(
            "Story 0",
            "Story 0\n\nNo date is written anywhere here.",
            None,
            None,
            "/old/0.txt",
        )],
    );
    let mut h = app_on(&plain, ScriptedDialogs::default());
    wait_for(&mut h, "the re-reading", |h| {
        !h.state().jobs.is_busy() && h.state().session.is_some()
    });
    settle(&mut h);
    assert!(!found(&h), "{:?}", h.state().infos);
}
