//! The window at 900 px wide, as on a laptop beside another program: the
//! table keeps its Date and Tags columns, the reader steps aside until a
//! document is chosen, and the side panels fold away on request.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use corpusdesk::gui::dialogs::ScriptedDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use gui_support::*;

const WIDTH: f32 = 900.0;

fn narrow_app(library: &std::path::Path, dialogs: ScriptedDialogs) -> App {
    app_sized(library, dialogs, [WIDTH, 700.0])
}

/// The right edge of the column header `label`.
fn header_right(h: &App, label: &str) -> f32 {
    h.get_all_by_label(label)
        .map(|n| n.rect().right())
        .fold(f32::MIN, f32::max)
}

#[test]
fn at_900_px_the_table_shows_date_and_tags_and_the_panels_fold_away() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = narrow_app(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(
        &mut h,
        &dialogs,
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news"),
    );
    h.get_by_label("9 documents");
    // Nothing selected: no empty reader; Date and Tags in sight.
    assert!(h.query_by_label("Select a document to read it.").is_none());
    for col in ["Date", "Tags"] {
        let right = header_right(&h, col);
        assert!(right > 0.0 && right <= WIDTH, "{col} ends at {right}");
    }
    // A document chosen: the reader opens beside the table.
    h.get_all_by_label_contains("Parliament passes budget")
        .next()
        .unwrap()
        .click();
    settle(&mut h);
    assert!(h.state().layout.reader);
    let reader_title = h
        .get_all_by_label_contains("Parliament passes budget")
        .map(|n| n.rect().left())
        .fold(f32::MIN, f32::max);
    assert!(reader_title > WIDTH / 2.0, "the reader is on the right");
    // Ctrl+B folds the side panel away, and brings it back.
    assert!(h.query_by_label("New tag").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    settle(&mut h);
    assert!(h.query_by_label("New tag").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::B);
    settle(&mut h);
    assert!(h.query_by_label("New tag").is_some());
    // Ctrl+Shift+B hides the reader even with a selection.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    settle(&mut h);
    assert!(!h.state().layout.reader);
    let shown = h
        .get_all_by_label_contains("Parliament passes budget")
        .count();
    assert_eq!(shown, 1, "only the table row is left");
}

/// The reader's rows at 900 px: a field whose button wraps below it takes
/// its row's height in the frames the window draws by itself, so the next
/// row never sits on the button (the window draws a frame only when asked:
/// `run_ok` steps as the app asks, no more).
#[test]
fn at_900_px_the_readers_wrapped_rows_do_not_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = narrow_app(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, support::samples_dir());
    settle(&mut h);
    h.get_all_by_label_contains("Russian Defense Minister")
        .next()
        .unwrap()
        .click();
    wait_for(&mut h, "the reader", |h| {
        h.query_by_label("Set date").is_some()
    });
    assert!(h.run_ok().is_some(), "the window keeps asking for frames");
    // The reader's node of a label (the table has a Source column too).
    let rect = |h: &App, label: &str| {
        h.get_all_by_label(label)
            .map(|n| n.rect())
            .max_by(|a, b| a.left().total_cmp(&b.left()))
            .unwrap_or_else(|| panic!("no {label}"))
    };
    let below = |h: &App, upper: &str, lower: &str| {
        let (u, l) = (rect(h, upper), rect(h, lower));
        assert!(
            u.bottom() <= l.top() + 1.0,
            "{upper} ({u:?}) runs into {lower} ({l:?})"
        );
    };
    below(&h, "Rename", "Set date");
    below(&h, "Set", "Source");
    below(&h, "Set title", "Set date");
}
