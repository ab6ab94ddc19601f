//! The duplicate review's other lists in the window: related pairs (shared
//! passages) and same-template reports, shown with their passages marked,
//! merged anyway or dismissed.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use corpusdesk::gui::dialogs::ScriptedDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use gui_support::*;
use support::*;

/// The reuse fixtures and the two sample files, imported through the app,
/// and a duplicate search run.
fn reviewed() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reuse");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        write(
            &input.join(path.file_name().unwrap()),
            std::fs::read(&path).unwrap(),
        );
    }
    for name in ["000_90b2de136a6d840f.txt", "002_944198b486eb7432.txt"] {
        write(
            &input.join(name),
            std::fs::read(samples_dir().join(name)).unwrap(),
        );
    }
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, input);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    wait_for(&mut h, "the duplicate search", |h| {
        let r = &h.state().review;
        r.is_loaded() && !r.is_running() && !r.stale && !r.is_loading() && r.total == 1
    });
    (dir, h)
}

#[test]
fn related_and_template_pairs_are_listed_apart_from_duplicates() {
    let (_dir, mut h) = reviewed();
    // The sample pair is the one cluster; the press releases are related;
    // the two Fed notices are the same template. The toolbar and the list
    // agree on the count of clusters.
    assert_eq!(h.query_all_by_label("Duplicates (1)").count(), 2);
    h.get_by_label("Related (1)").click();
    settle(&mut h);
    h.get_by_label("Merge anyway");
    assert!(
        h.query_all_by_label_contains("shared passage (").count() == 1,
        "a legend says how much is shared"
    );
    let view = h
        .state()
        .review
        .pairs
        .view
        .as_ref()
        .expect("the pair is shown");
    let shared: String = view
        .left_side
        .iter()
        .filter(|p| p.1)
        .map(|p| p.0.as_str())
        .collect();
    assert!(
        shared.contains("Northwind Energy is an independent producer"),
        "{shared}"
    );
    assert!(
        !shared.contains("Elbe"),
        "the stories' own text is not marked: {shared}"
    );
    h.get_by_label("Same template (1)").click();
    settle(&mut h);
    h.get_by_label_contains("Built from the same template");
    // The same-template view marks where the reports differ: the day and
    // the figures, not the wording they share.
    h.get_by_label_contains("differs: the template's slots (");
    let view = h
        .state()
        .review
        .pairs
        .view
        .as_ref()
        .expect("the pair is shown");
    assert!(view.slots);
    let differing: Vec<&str> = view
        .left_side
        .iter()
        .filter(|p| p.1)
        .map(|p| p.0.trim())
        .collect();
    let all = differing.join(" ");
    assert!(all.contains('2') && all.contains("2.5"), "{differing:?}");
    assert!(!all.contains("Federal Reserve"), "{differing:?}");
}

#[test]
fn merging_a_template_pair_anyway_makes_it_a_cluster_and_undo_takes_it_back() {
    let (_dir, mut h) = reviewed();
    h.get_by_label("Same template (1)").click();
    settle(&mut h);
    h.get_by_label("Merge anyway").click();
    wait_for(&mut h, "the merge", |h| h.state().review.total == 2);
    h.get_by_label("Same template (0)");
    assert_eq!(h.query_all_by_label("Duplicates (2)").count(), 2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    wait_for(&mut h, "the undo", |h| h.state().review.total == 1);
    h.get_by_label("Same template (1)");
}

#[test]
fn a_dismissed_related_pair_leaves_the_list() {
    let (_dir, mut h) = reviewed();
    h.get_by_label("Related (1)").click();
    settle(&mut h);
    h.get_by_label("Dismiss").click();
    wait_for(&mut h, "the dismissal", |h| {
        h.state().review.pairs.related.is_empty()
    });
    h.get_by_label("Related (0)");
    h.get_by_label("No documents that only share passages.");
}

#[test]
fn a_cluster_shows_its_story_across_outlets() {
    let (_dir, mut h) = reviewed();
    h.get_by_label("Story across outlets: 2 copies, first seen 2023-04-25")
        .click();
    settle(&mut h);
    h.get_by_label("first published");
    // The copy states no date: its lag says so, and its date column shows
    // the keeper's date it takes, in brackets (not "undated", as before).
    assert_eq!(h.query_all_by_label("undated").count(), 1);
    h.get_by_label("(2023-04-25)");
    h.get_by_label_contains("added 1 passage");
}

#[test]
fn boilerplate_the_library_repeats_is_dimmed_in_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let spec = corpusdesk::testkit::corpus::Spec {
        docs: 40,
        seed: 5,
        bad_files: false,
        exact_copy_share: 0.0,
        near_copy_share: 0.3,
        ..Default::default()
    };
    // Every story ends with the same line: boilerplate once 25 documents hold it.
    for (name, bytes, _) in corpusdesk::testkit::corpus::generate(&spec) {
        let mut text = String::from_utf8(bytes).unwrap();
        text.push_str("\nFollow the Daily Courier on every platform for breaking news alerts.\n");
        write(&input.join(name), text);
    }
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, input);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    wait_for(&mut h, "a cluster with its diff", |h| {
        let r = &h.state().review;
        !r.is_running() && !r.stale && r.diff.is_some()
    });
    let diff = h.state().review.diff.as_ref().unwrap();
    assert!(
        diff.left_boiler.iter().any(|&b| b),
        "the footer line is flagged"
    );
    assert!(!diff.left_boiler.iter().all(|&b| b), "the story is not");
    h.get_by_label("dimmed: boilerplate the library repeats");
}

#[test]
fn the_review_fits_a_900_px_window() {
    let (_dir, mut h) = reviewed();
    h.set_size(egui::vec2(900.0, 700.0));
    settle(&mut h);
    for label in ["1 cluster, 0 resolved", "Not a duplicate", "Make keeper"] {
        let node = h.get_by_label(label);
        let rect = node.rect();
        assert!(rect.max.x <= 900.5, "{label} ends at {} px", rect.max.x);
    }
}

/// Regression: the panes kept the previous cluster's scroll. A new pair
/// starts both panes at the top, level.
#[test]
fn the_panes_start_at_the_top_for_each_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    const WORDS: [&str; 24] = [
        "harbour", "council", "budget", "wall", "divers", "summer", "stone", "salt", "orchard",
        "farmers", "valley", "spring", "hay", "lambing", "feed", "storm", "music", "village",
        "hall", "survey", "bus", "fares", "season", "venue",
    ];
    let mut seed = 7u64;
    let mut word = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        WORDS[(seed >> 33) as usize % WORDS.len()]
    };
    for i in 0..2 {
        let text: String = (0..60)
            .map(|_| {
                let words: Vec<&str> = (0..30).map(|_| word()).collect();
                format!("{}.\n\n", words.join(" "))
            })
            .collect();
        let copy =
            text.replacen(". ", ". Indeed ", 1)
                .replacen("\n\n", " Officials agreed.\n\n", 3);
        write(
            &input.join(format!("{i}-a.txt")),
            format!("Story {i}\n\n{text}"),
        );
        write(
            &input.join(format!("{i}-b.txt")),
            format!("Story {i}\n\n{copy}"),
        );
    }
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, input);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    wait_for(&mut h, "two clusters", |h| {
        let r = &h.state().review;
        r.clusters.len() == 2 && r.diff.is_some()
    });
    settle(&mut h);
    // Scroll the first pair down (the other pane follows).
    let pane = h
        .get_all_by_label_contains("Story ")
        .max_by(|a, b| a.rect().height().total_cmp(&b.rect().height()))
        .unwrap()
        .rect();
    let at = egui::pos2(pane.center().x, pane.top() + 40.0);
    h.input_mut().events.push(egui::Event::PointerMoved(at));
    h.step();
    for _ in 0..4 {
        h.input_mut().events.push(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -150.0),
            modifiers: Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        h.step();
    }
    settle(&mut h);
    let last = h.state().review.pane_sync.last;
    assert!(last[0] > 300.0 && last[1] > 300.0, "{last:?}");
    // The next cluster: both panes at the top.
    h.key_press(Key::J);
    settle(&mut h);
    let last = h.state().review.pane_sync.last;
    assert!(last[0] < 1.0 && last[1] < 1.0, "{last:?}");
}
