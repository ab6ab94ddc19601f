//! The desktop app, driven headless with egui_kittest the way a user would:
//! widgets are found by their visible labels.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use std::sync::Arc;

use corpusdesk::gui::dialogs::{DialogKind, ScriptedDialogs};
use corpusdesk::gui::{AppOptions, CorpusApp};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use gui_support::*;
use support::*;

/// How many labels show the samples' shared title (table rows, plus the
/// reader's heading when a document is open).
fn sample_titles(h: &App) -> usize {
    h.get_all_by_label_contains("Russian Defense Minister Sergei Shoigu")
        .count()
}

fn with_samples() -> (tempfile::TempDir, Harness<'static, CorpusApp>) {
    with_samples_and(ScriptedDialogs::default())
}

/// The samples imported through the app; `dialogs` holds later answers.
fn with_samples_and(dialogs: ScriptedDialogs) -> (tempfile::TempDir, Harness<'static, CorpusApp>) {
    with_folder(samples_dir(), dialogs)
}

/// `folder` imported through the app's Import folder action.
fn with_folder(
    folder: std::path::PathBuf,
    dialogs: ScriptedDialogs,
) -> (tempfile::TempDir, Harness<'static, CorpusApp>) {
    let dir = tempfile::tempdir().unwrap();
    dialogs.answer(DialogKind::ImportFolder, vec![folder]);
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs);
    settle(&mut h);
    h.get_by_label("Import folder…").click();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Close").click();
    settle(&mut h);
    (dir, h)
}

#[test]
fn first_launch_shows_an_empty_state_that_invites_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(
        &dir.path().join("new.corpusdesk"),
        ScriptedDialogs::default(),
    );
    settle(&mut h);
    h.get_by_label("Your library is empty");
    h.get_by_label_contains("Drop text files or folders onto this window");
    h.get_by_label("Import files…");
    h.get_by_label("Import folder…");
    h.get_by_label("0 documents");
    assert!(
        dir.path().join("new.corpusdesk").exists(),
        "the library is created on first launch"
    );
}

#[test]
fn importing_through_the_import_action_lists_the_documents_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra");
    write(&extra.join("empty.txt"), "");
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(
        DialogKind::ImportFiles,
        vec![
            samples_dir().join("000_90b2de136a6d840f.txt"),
            samples_dir().join("002_944198b486eb7432.txt"),
            extra.join("empty.txt"),
        ],
    );
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs);
    settle(&mut h);
    h.get_by_label("Import files…").click();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Import finished");
    h.get_by_label("Imported: 2");
    h.get_by_label("Already in the library: 0");
    h.get_by_label("Not imported: 1");
    h.get_by_label("empty file");
    h.get_by_label("Copy list");
    h.get_by_label("Close").click();
    settle(&mut h);
    assert!(h.query_by_label("Import finished").is_none());
    assert_eq!(sample_titles(&h), 2);
    h.get_by_label("2 documents");
}

#[test]
fn dropping_files_on_the_window_imports_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(
        &dir.path().join("lib.corpusdesk"),
        ScriptedDialogs::default(),
    );
    settle(&mut h);
    h.input_mut().hovered_files.push(egui::HoveredFile {
        path: Some(samples_dir()),
        ..Default::default()
    });
    settle(&mut h);
    h.get_by_label_contains("Drop to import into");
    h.input_mut().hovered_files.clear();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(samples_dir())));
    h.step();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Imported: 2");
    h.get_by_label("Close").click();
    settle(&mut h);
    h.get_by_label("2 documents");
}

#[test]
fn selecting_a_row_shows_its_text_and_metadata_in_the_reader() {
    let (_dir, mut h) = with_samples();
    h.get_by_label("Select a document to read it.");
    let first = h
        .get_all_by_label_contains("Russian Defense Minister Sergei Shoigu")
        .next()
        .unwrap();
    first.click();
    settle(&mut h);
    assert!(reader_shows(&h, "Moscow stressed the importance"));
    h.get_by_label("2023-04-25  (date line at the top)");
    h.get_by_label("UTF-8");
    h.get_by_label_contains("shared/samples/000_90b2de136a6d840f.txt");
    h.get_by_label("1 selected");
}

#[test]
fn the_date_can_be_set_by_hand_and_undone() {
    let (_dir, mut h) = with_samples();
    h.get_all_by_label_contains("Russian Defense Minister Sergei Shoigu")
        .next()
        .unwrap()
        .click();
    settle(&mut h);
    let field = h.get_by_label("Set date");
    field.focus();
    settle(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Set date").type_text("2023-05");
    settle(&mut h);
    h.get_by_label("Set").click();
    settle(&mut h);
    h.get_by_label("2023-05  (set by hand)");
    h.get_by_label("Use found date").click();
    settle(&mut h);
    h.get_by_label("2023-04-25  (date line at the top)");
}

#[test]
fn typing_a_search_narrows_the_table_and_clearing_restores_it() {
    let (_dir, mut h) = with_samples();
    h.get_by_label("Search").focus();
    settle(&mut h);
    h.get_by_label("Search").type_text("\"Moscow Times\"");
    wait_for(&mut h, "the search", |h| {
        h.query_by_label("1 shown").is_some()
    });
    assert_eq!(sample_titles(&h), 1);
    h.get_by_label("Clear").click();
    wait_for(&mut h, "the full list", |h| {
        h.query_by_label("1 shown").is_none()
    });
    assert_eq!(sample_titles(&h), 2);
}

#[test]
fn a_malformed_query_shows_a_short_message() {
    let (_dir, mut h) = with_samples();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    settle(&mut h);
    h.get_by_label("Search").type_text("\"unclosed");
    wait_for(&mut h, "the message", |h| {
        h.query_by_label_contains("quote is not closed").is_some()
    });
    // The list stays as it was.
    assert_eq!(sample_titles(&h), 2);
}

#[test]
fn keyboard_selects_rows_and_ctrl_a_selects_the_whole_filter() {
    let (_dir, mut h) = with_samples();
    h.key_press(egui::Key::ArrowDown);
    settle(&mut h);
    h.get_by_label("1 selected");
    assert!(reader_shows(&h, "Moscow stressed the importance"));
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowDown);
    settle(&mut h);
    h.get_by_label("2 selected");
    h.key_press(egui::Key::ArrowUp);
    settle(&mut h);
    h.get_by_label("1 selected");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(&mut h);
    h.get_by_label("2 selected");
}

#[test]
fn cancel_stops_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    // Large enough that the import is still running when the click lands,
    // even on a loaded machine (4,000 files once finished first in CI).
    let spec = corpusdesk::testkit::corpus::Spec {
        docs: 20_000,
        seed: 9,
        bad_files: false,
        ..Default::default()
    };
    let truth = corpusdesk::testkit::corpus::write(&corpus, &spec).unwrap();
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::ImportFolder, vec![corpus]);
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs);
    settle(&mut h);
    h.get_by_label("Import folder…").click();
    wait_for(&mut h, "the progress bar", |h| {
        h.state().is_importing() && h.query_by_label("Cancel").is_some()
    });
    h.get_by_label("Cancel").click();
    wait_for(&mut h, "the import to stop", import_done);
    h.get_by_label("Import cancelled");
    let report = h.state().report.clone().unwrap();
    assert!(report.cancelled);
    assert!(
        report.imported < truth.distinct_documents(),
        "{} of {}",
        report.imported,
        truth.distinct_documents()
    );
}

#[test]
fn a_library_that_cannot_be_opened_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.corpusdesk");
    std::fs::write(&bad, b"not a database at all, just some bytes").unwrap();
    let mut h = app_on(&bad, ScriptedDialogs::default());
    settle(&mut h);
    h.get_by_label("No library is open");
    h.get_by_label_contains("is not a corpusdesk library");
    h.get_by_label("Open library…");
    assert_eq!(
        std::fs::read(&bad).unwrap(),
        b"not a database at all, just some bytes"
    );
}

#[test]
fn clicking_a_column_header_sorts_the_table() {
    let (_dir, mut h) = with_samples();
    let y = |h: &Harness<'static, CorpusApp>, name: &str| h.get_by_label(name).rect().center().y;
    // By title (the default) the two are tied and fall back to id order.
    assert!(y(&h, "samples/000_90b2de136a6d840f.txt") < y(&h, "samples/002_944198b486eb7432.txt"));
    h.get_by_label("Date").click();
    settle(&mut h);
    // The copy took its date from its duplicate: tied again, by id ascending…
    assert!(y(&h, "samples/000_90b2de136a6d840f.txt") < y(&h, "samples/002_944198b486eb7432.txt"));
    h.get_by_label("Date").click();
    settle(&mut h);
    // …and descending.
    assert!(y(&h, "samples/002_944198b486eb7432.txt") < y(&h, "samples/000_90b2de136a6d840f.txt"));
}

#[test]
fn undo_restores_documents_moved_to_the_trash() {
    let (_dir, mut h) = with_samples();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    settle(&mut h);
    h.key_press(egui::Key::Delete);
    settle(&mut h);
    // Two documents: the app asks first.
    h.get_by_label("Move 2 documents to the trash?");
    h.get_by_label("Move to trash").click();
    settle(&mut h);
    h.get_by_label("Your library is empty");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    h.get_by_label("2 documents");
}

fn create_tag(h: &mut Harness<'static, CorpusApp>, name: &str) {
    h.get_by_label("New tag").focus();
    settle(h);
    h.get_by_label("New tag").type_text(name);
    settle(h);
    h.get_by_label("Add").click();
    settle(h);
}

#[test]
fn tagging_the_selection_through_the_context_menu() {
    let (_dir, mut h) = with_samples();
    create_tag(&mut h, "conflict/syria");
    // The tree shows the parent and the child.
    h.get_by_label("conflict");
    h.get_by_label("syria");
    h.get_by_label("samples/000_90b2de136a6d840f.txt").click();
    settle(&mut h);
    // Right-click the row (on its source cell: the title also heads the reader).
    h.get_by_label("samples/000_90b2de136a6d840f.txt")
        .click_secondary();
    settle(&mut h);
    h.get_by_label("Tag with").hover();
    settle(&mut h);
    h.get_by_label("conflict/syria").click();
    settle(&mut h);
    // A chip in the table row and one in the reader.
    assert_eq!(h.get_all_by_label("conflict/syria").count(), 2);
    h.get_by_label("Remove the tag conflict/syria");
    let tags =
        corpusdesk::core::store::tags::list(&h.state().session.as_ref().unwrap().conn).unwrap();
    assert_eq!(
        (tags[0].name.as_str(), tags[0].count),
        ("conflict/syria", 1)
    );
}

#[test]
fn number_keys_toggle_the_first_tags_and_undo_reverts() {
    let (_dir, mut h) = with_samples();
    create_tag(&mut h, "economy");
    h.key_press(egui::Key::ArrowDown);
    settle(&mut h);
    h.key_press(egui::Key::Num1);
    settle(&mut h);
    h.get_by_label("Remove the tag economy");
    h.key_press(egui::Key::Num1);
    settle(&mut h);
    assert!(h.query_by_label("Remove the tag economy").is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    h.get_by_label("Remove the tag economy");
}

#[test]
fn clicking_a_tag_filters_the_table_and_the_chip_removes_the_filter() {
    let (_dir, mut h) = with_samples();
    h.key_press(egui::Key::ArrowDown);
    settle(&mut h);
    // Tag the first document from the reader's tag editor.
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Tags");
    field.focus();
    settle(&mut h);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Tags")
        .type_text("moscow");
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    settle(&mut h);
    h.get_by_label("Remove the tag moscow");
    // Click the tag in the panel: only its document is listed.
    h.get_all_by_label("moscow").next().unwrap().click();
    wait_for(&mut h, "the filter", |h| {
        h.query_by_label("1 shown").is_some()
    });
    h.get_by_label("samples/000_90b2de136a6d840f.txt");
    assert!(
        h.query_by_label("samples/002_944198b486eb7432.txt")
            .is_none()
    );
    h.get_by_label("Remove the filter moscow").click();
    wait_for(&mut h, "the full list", |h| {
        h.query_by_label("1 shown").is_none()
    });
    h.get_by_label("samples/002_944198b486eb7432.txt");
}

#[test]
fn dragging_selected_rows_onto_a_tag_tags_them() {
    let (_dir, mut h) = with_samples();
    create_tag(&mut h, "economy");
    // The background work that moves the left panel (names found, the
    // look for OCR) ends first: the tag stays where the drag aims.
    wait_for(&mut h, "the background work", |h| {
        !h.state().jobs.is_busy() && !h.state().entities.is_busy()
    });
    // The table takes the keys (a click on a row), then Ctrl+A selects
    // both documents.
    h.get_by_label("samples/000_90b2de136a6d840f.txt").click();
    settle(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    wait_for(&mut h, "both rows selected", |h| {
        h.state().session.as_ref().unwrap().view.selected_count() == 2
    });
    let count = |h: &Harness<'static, CorpusApp>| {
        let tags =
            corpusdesk::core::store::tags::list(&h.state().session.as_ref().unwrap().conn).unwrap();
        (tags[0].name.clone(), tags[0].count)
    };
    // A drag the harness's frames lose (seen on the loaded CI machine,
    // never here) is tried once more; a drop that never tags still fails.
    for attempt in 1..=2 {
        drag_row_to_tag(&mut h, "samples/002_944198b486eb7432.txt", "economy");
        if count(&h).1 == 2 || attempt == 2 {
            break;
        }
        eprintln!("the drag tagged nothing; again (attempt {attempt})");
    }
    assert_eq!(
        count(&h),
        ("economy".to_string(), 2),
        "both selected documents"
    );
}

/// Drags the row labelled `row` onto the tag labelled `tag`, in steps as a
/// hand would (to where the tag is at each step).
fn drag_row_to_tag(h: &mut Harness<'static, CorpusApp>, row: &str, tag: &str) {
    let from = h.get_by_label(row).rect().center();
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for i in 1..=10 {
        let to = h.get_by_label(tag).rect().center();
        h.hover_at(from + (to - from) * (i as f32 / 10.0));
        h.step();
    }
    let to = h.get_by_label(tag).rect().center();
    h.hover_at(to);
    h.step();
    h.drop_at(to);
    h.step();
    settle(h);
}

#[test]
fn deleting_a_tag_asks_first_and_undo_brings_it_back() {
    let (_dir, mut h) = with_samples();
    create_tag(&mut h, "economy");
    h.get_by_label("economy").click_secondary();
    settle(&mut h);
    h.get_by_label("Delete…").click();
    settle(&mut h);
    h.get_by_label_contains("Delete the tag “economy”?");
    h.get_by_label("Cancel").click();
    settle(&mut h);
    h.get_by_label("economy");
    h.get_by_label("economy").click_secondary();
    settle(&mut h);
    h.get_by_label("Delete…").click();
    settle(&mut h);
    h.get_by_label("Delete").click();
    settle(&mut h);
    assert!(h.query_by_label("economy").is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    h.get_by_label("economy");
}

#[test]
fn documents_in_other_scripts_render_with_system_fonts() {
    let fonts = corpusdesk::gui::fonts::system_fallbacks();
    let dejavu = fonts.iter().any(|p| p.ends_with("DejaVuSans.ttf"));
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("in/arabic.txt"),
        "وزير الدفاع الروسي يستضيف محادثات رباعية\nنص المقال",
    );
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::ImportFolder, vec![dir.path().join("in")]);
    let library = dir.path().join("lib.corpusdesk");
    let mut builder = Harness::builder().with_size([1200.0, 800.0]);
    if !dejavu {
        // No system font to fall back on (.ci/run installs one): boxes, not a panic.
        builder = builder.allow_missing_glyphs();
    }
    let mut h = builder.build_eframe(move |cc| {
        CorpusApp::new(
            cc,
            AppOptions {
                library: Some(library),
                dialogs: Box::new(dialogs),
                import_options: Default::default(),
                persist: false,
            },
        )
    });
    settle(&mut h);
    h.get_by_label("Import folder…").click();
    wait_for(&mut h, "the import", import_done);
    if h.state().report.is_some() {
        h.get_by_label("Close").click();
    }
    if dejavu {
        // The harness panics on a missing glyph: drawing the title proves it.
        settle(&mut h);
        h.get_by_label("وزير الدفاع الروسي يستضيف محادثات رباعية");
    }
    assert_eq!(
        corpusdesk::gui::fonts::install(&h.ctx, &[dir.path().join("no-such-font.ttf")]),
        0
    );
}

// ---- Duplicate review ----

#[test]
fn the_sample_pair_is_reviewed_side_by_side_and_resolved() {
    let (_dir, mut h) = with_samples();
    // The import started a duplicate search; the table marks both documents.
    assert_eq!(h.get_all_by_label("×2").count(), 2);
    h.get_by_label("Duplicates (1)").click();
    settle(&mut h);
    // One cluster: its keeper's title, both documents, how similar.
    h.get_by_label_contains("2 documents · 84% similar");
    h.get_by_label("KEEPER");
    h.get_by_label_contains("DUPLICATE · 84%");
    // The diff marks what each side lacks: the outlets' own boilerplate.
    h.get_by_label_contains("follow our Google News channel");
    assert_eq!(
        h.get_all_by_label_contains("Moscow stressed the importance")
            .count(),
        2,
        "both texts, side by side"
    );
    h.get_by_label("Mark duplicates").click();
    settle(&mut h);
    // Resolved clusters are hidden; the library hides the marked copy.
    h.get_by_label("No duplicates to review");
    h.get_by_label("Back to the library").click();
    settle(&mut h);
    h.get_by_label("1 document");
    assert_eq!(sample_titles(&h), 1);
    h.get_by_label("Show duplicates").click();
    settle(&mut h);
    wait_for(&mut h, "both rows", |h| sample_titles(h) == 2);
    // Undo brings the copy back into the library.
    h.get_by_label("Show duplicates").click();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    wait_for(&mut h, "both documents", |h| {
        h.query_by_label("2 documents").is_some()
    });
}

#[test]
fn the_threshold_slider_and_not_duplicates_change_the_list() {
    let (_dir, mut h) = with_samples();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::D);
    settle(&mut h);
    h.get_by_label_contains("2 documents · 84% similar");
    // Above the pair's similarity the cluster goes, and comes back below it.
    let slider = h.get_by_role(egui::accesskit::Role::Slider);
    slider.set_value_accesskit(0.9);
    settle(&mut h);
    h.get_by_label("No duplicates to review");
    let slider = h.get_by_role(egui::accesskit::Role::Slider);
    slider.set_value_accesskit(0.6);
    settle(&mut h);
    h.get_by_label_contains("2 documents · 84% similar");
    // "Not duplicates" is remembered: a search from scratch does not bring them back.
    h.get_by_label("Not duplicates").click();
    settle(&mut h);
    h.get_by_label("No duplicates to review");
    h.get_by_label("Search again from scratch").click();
    settle(&mut h);
    h.get_by_label("No duplicates to review");
    h.get_by_label("Duplicates");
}

// ---- Timeline ----

/// Presses the primary button at `from`, moves to `to` in steps, releases.
fn drag(h: &mut Harness<'static, CorpusApp>, from: egui::Pos2, to: egui::Pos2) {
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.input_mut().events.push(egui::Event::PointerMoved(from));
    h.step();
    h.input_mut().events.push(button(from, true));
    h.step();
    for k in 1..=10 {
        let p = from + (to - from) * (k as f32 / 10.0);
        h.input_mut().events.push(egui::Event::PointerMoved(p));
        h.step();
    }
    h.input_mut().events.push(button(to, false));
    h.step();
}

#[test]
fn dragging_across_the_timeline_filters_the_table_to_that_period() {
    let (dir, mut h) = with_corpus(300);
    let total = shown(&h);
    let bars = h.state().timeline.bars.clone().unwrap();
    let dated: u32 = bars.periods.iter().map(|p| p.total()).sum();
    assert_eq!(
        dated + bars.undated,
        total as u32,
        "every document counted once"
    );
    assert!(bars.undated > 0);
    h.get_by_label(&format!("{} undated", bars.undated));
    // Drag across part of the chart.
    let header = h.get_by_label("Timeline").rect();
    // Inside the plot, clear of its bottom edge and axis labels.
    let y = header.bottom() + 40.0;
    drag(
        &mut h,
        egui::pos2(header.left() + 120.0, y),
        egui::pos2(header.left() + 320.0, y),
    );
    settle(&mut h);
    wait_for(&mut h, "the filtered table", |h| {
        !h.state().search.is_running() && shown(h) < total
    });
    let Some(corpusdesk::core::view::DateFilter::Range { from, to }) = h.state().view.dates else {
        panic!("no range: {:?}", h.state().view.dates)
    };
    // The table holds exactly the documents dated in the range.
    let lib = corpusdesk::core::Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    let conn = lib.reader().unwrap();
    let mut expected = 0;
    corpusdesk::core::store::documents::for_each(&conn, corpusdesk::core::DocState::Active, |d| {
        let day = d
            .date
            .and_then(|d| corpusdesk::core::timeline::parse_day(&d.to_string()));
        if day.is_some_and(|day| day >= from && day <= to) {
            expected += 1;
        }
        Ok(())
    })
    .unwrap();
    assert!(expected > 0 && expected < total);
    assert_eq!(shown(&h), expected);
    // The range is a chip; removing it shows everything again.
    let chip = corpusdesk::core::view::DateFilter::Range { from, to }.label();
    h.get_by_label(&format!("Remove the filter {chip}")).click();
    settle(&mut h);
    wait_for(&mut h, "every document", |h| shown(h) == total);
    // "N undated" filters to the undated documents.
    h.get_by_label(&format!("{} undated", bars.undated)).click();
    settle(&mut h);
    wait_for(&mut h, "the undated documents", |h| {
        shown(h) == bars.undated as usize
    });
    // Ctrl+T hides the timeline and shows it again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    settle(&mut h);
    assert!(h.query_by_label("Timeline").is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    settle(&mut h);
    h.get_by_label("Timeline");
}

// ---- Export ----

#[test]
fn the_export_dialog_writes_to_the_chosen_file_and_asks_before_replacing() {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("corpus.jsonl");
    let dialogs = ScriptedDialogs::default();
    let format = corpusdesk::core::export::Format::Jsonl;
    for _ in 0..3 {
        dialogs.answer(DialogKind::ExportFile(format), vec![out.clone()]);
    }
    let (_dir, mut h) = with_samples_and(dialogs);
    // Ctrl+E opens the dialog; the defaults export the whole library as JSONL.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut h);
    h.get_by_label("The whole library");
    h.get_by_label("Leave out documents marked as duplicates");
    h.get_by_label("Choose file and export…").click();
    wait_for(&mut h, "the export", |h| h.state().export.done.is_some());
    h.get_by_label("Export finished");
    h.get_by_label("Exported 2 documents");
    let lines = std::fs::read_to_string(&out).unwrap().lines().count();
    assert_eq!(lines, 2);
    h.get_by_label("Close").click();
    settle(&mut h);
    // Again, to the same file: the app asks; Cancel leaves the file alone.
    std::fs::write(&out, "precious").unwrap();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    settle(&mut h);
    h.get_by_label("Choose file and export…").click();
    settle(&mut h);
    h.get_by_label("Replace this file?");
    h.get_by_label("Cancel").click();
    settle(&mut h);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    // With a split and "Replace", it is written.
    h.get_by_label("Split into train / validation / test")
        .click();
    settle(&mut h);
    h.get_by_label("Choose file and export…").click();
    settle(&mut h);
    h.get_by_label("Replace").click();
    wait_for(&mut h, "the export", |h| h.state().export.done.is_some());
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.contains("\"split\":"), "{text}");
}

#[test]
fn back_up_library_writes_a_copy_and_says_so() {
    let out_dir = tempfile::tempdir().unwrap();
    let copy = out_dir.path().join("copy.corpusdesk");
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::Backup, vec![copy.clone()]);
    let (_dir, mut h) = with_samples_and(dialogs);
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label("Back up library…").click();
    wait_for(&mut h, "the backup", |h| !h.state().infos.is_empty());
    h.get_by_label_contains("Backed up the library to");
    assert_consistent(&copy);
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
}

// ---- Settings and help ----

#[test]
fn settings_change_the_theme_the_size_and_the_import_limit() {
    let (_dir, mut h) = with_samples();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    settle(&mut h);
    h.get_by_label("Settings");
    h.get_by_label("Dark").click();
    settle(&mut h);
    assert_eq!(
        h.ctx.options(|o| o.theme_preference),
        egui::ThemePreference::Dark
    );
    assert_eq!(
        h.state().settings.theme,
        corpusdesk::gui::settings::ThemeChoice::Dark
    );
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Interface size")
        .set_value_accesskit(1.25);
    h.get_by_role_and_label(egui::accesskit::Role::SpinButton, "Import size limit")
        .set_value_accesskit(3.0);
    settle(&mut h);
    assert_eq!(h.state().settings.import_max_mb, 3);
    assert_eq!(h.state().import_options.max_file_size, 3_000_000);
    assert!((h.ctx.zoom_factor() - 1.25).abs() < 0.01);
    h.get_by_label("Reset to defaults").click();
    settle(&mut h);
    assert_eq!(h.state().settings.import_max_mb, 50);
    h.get_by_label("Close").click();
    settle(&mut h);
    assert!(h.query_by_label("Reset to defaults").is_none());
}

#[test]
fn help_lists_the_shortcuts_and_about_shows_the_version_and_library() {
    let (dir, mut h) = with_samples();
    h.key_press(egui::Key::F1);
    settle(&mut h);
    // The window's title, and F1's own row in it.
    assert_eq!(h.query_all_by_label("Keyboard shortcuts").count(), 2);
    // Every action with keys in the command table is listed.
    for action in corpusdesk::gui::command::Action::ALL {
        let spec = action.spec();
        if !spec.keys.is_empty() {
            assert!(
                h.query_all_by_label(spec.label).count() >= 1,
                "{} is not listed",
                spec.label
            );
        }
    }
    h.get_by_label("Help").click();
    settle(&mut h);
    h.get_by_label("About corpusdesk").click();
    settle(&mut h);
    h.get_by_label(&format!("Version {}", env!("CARGO_PKG_VERSION")));
    h.get_by_label_contains(&dir.path().join("lib.corpusdesk").display().to_string());
}

#[test]
fn dropping_a_folder_of_pages_office_files_pdfs_and_mail_imports_them_with_reasons_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(
        &dir.path().join("lib.corpusdesk"),
        ScriptedDialogs::default(),
    );
    settle(&mut h);
    let formats =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    h.input_mut().dropped_files.push(Arc::new(Dropped(formats)));
    h.step();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Not imported: 4");
    // The scanned PDF waits for OCR (tests/gui_ocr.rs reads scans).
    h.get_by_label("Scans waiting for OCR: 1");
    h.get_by_label("Imported with a note: 1");
    h.get_by_label(corpusdesk::core::import::html::NO_ARTICLE);
    h.get_by_label("Close").click();
    settle(&mut h);
    // Headlines, not page titles or markup, in the table.
    h.get_by_label("Broadcaster gets £1.8m indecency fine");
    h.get_by_label("Road repairs: budget report 2024");
    h.get_by_label("Café on Main Street to close");
}

/// A LexisNexis, Nexis Uni and Factiva export imported through the app.
fn with_exports() -> (tempfile::TempDir, Harness<'static, CorpusApp>) {
    with_folder(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports"),
        ScriptedDialogs::default(),
    )
}

#[test]
fn a_metadata_field_in_the_reader_filters_the_table() {
    let (_dir, mut h) = with_exports();
    h.get_by_label("FLOOD FURY AT COUNCIL").click();
    settle(&mut h);
    // The reader lists the article's fields; the one by "Outlet" filters.
    h.get_by_label("NEWS; Pg. 6");
    let outlet_y = h.get_by_label("Outlet").rect().center().y;
    let filter = h
        .get_all_by_label("Filter")
        .find(|b| (b.rect().center().y - outlet_y).abs() < 8.0)
        .expect("a Filter button by the outlet");
    filter.click();
    wait_for(&mut h, "the filter", |h| {
        h.query_by_label("1 shown").is_some()
    });
    h.get_by_label("outlet = The Sun (England)");
    assert!(
        h.query_by_label("Port strike ends after pay deal")
            .is_none()
    );
    h.get_by_label("Remove the filter outlet = The Sun (England)")
        .click();
    wait_for(&mut h, "the full list", |h| {
        h.query_by_label("1 shown").is_none()
    });
    h.get_by_label("Port strike ends after pay deal");
}

#[test]
fn the_header_menu_adds_a_metadata_column_that_sorts() {
    let (_dir, mut h) = with_exports();
    assert!(
        h.query_by_label("Le Monde").is_none(),
        "no outlet column yet"
    );
    h.get_by_label("Title").click_secondary();
    settle(&mut h);
    h.get_by_label("Outlet").click();
    settle(&mut h);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    // The outlet shows for every article, and the column sorts.
    h.get_by_label("Le Monde");
    h.get_by_label("Süddeutsche Zeitung");
    h.get_by_label("Outlet").click();
    wait_for(&mut h, "the sorted list", |h| {
        let y = |name: &str| h.query_by_label(name).map(|n| n.rect().center().y);
        matches!((y("Frankfurter Allgemeine Zeitung"), y("Le Monde")), (Some(a), Some(b)) if a < b)
    });
    let y = |name: &str| h.get_by_label(name).rect().center().y;
    assert!(y("Le Monde") < y("Süddeutsche Zeitung"));
    // Hidden again from the same menu.
    h.get_by_label("Title").click_secondary();
    settle(&mut h);
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Outlet")
        .click();
    settle(&mut h);
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    assert!(h.query_by_label("Le Monde").is_none());
}

#[test]
fn a_title_set_in_the_reader_shows_in_the_table_and_undo_takes_it_back() {
    let (_dir, mut h) = with_exports();
    h.get_all_by_label("FLOOD FURY AT COUNCIL")
        .next()
        .unwrap()
        .click();
    settle(&mut h);
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Set title");
    field.focus();
    settle(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Set title")
        .type_text("Council blamed for harbour flood");
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    wait_for(&mut h, "the new title", |h| {
        h.query_all_by_label("FLOOD FURY AT COUNCIL").count() == 0
    });
    assert!(
        h.get_all_by_label("Council blamed for harbour flood")
            .count()
            >= 1
    );
    // Back to the found title from the reader…
    h.get_by_label("Use found title").click();

    wait_for(&mut h, "the found title", |h| {
        h.query_all_by_label("FLOOD FURY AT COUNCIL").count() > 0
    });
    // …and Undo brings the hand-set one back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    wait_for(&mut h, "the undone step", |h| {
        h.query_all_by_label("FLOOD FURY AT COUNCIL").count() == 0
    });
}

#[test]
fn the_file_menu_option_tags_imported_documents_with_their_folders() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    write(
        &news.join("business/001.txt"),
        "Shares fall\n\nMarkets fell today.",
    );
    write(
        &news.join("sport/002.txt"),
        "Cup final\n\nThe final was played.",
    );
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::ImportFolder, vec![news]);
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs);
    settle(&mut h);
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label("Tag documents with their folders").click();
    settle(&mut h);
    assert!(h.state().settings.tag_folders, "the choice is remembered");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    h.get_by_label("Import folder…").click();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Close").click();
    settle(&mut h);
    // Both folders are tags now, in the tag panel.
    assert!(h.query_all_by_label("business").count() >= 1);
    assert!(h.query_all_by_label("sport").count() >= 1);
}

/// Regression: every curly-vs-straight quote, dash and spacing change in the
/// two samples was marked; only wording differences are.
#[test]
fn the_samples_diff_marks_no_quote_or_dash_style_changes() {
    let (_dir, mut h) = with_samples();
    h.get_by_label("Duplicates (1)").click();
    wait_for(&mut h, "the diff", |h| h.state().review.diff.is_some());
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '“' | '”' | '„' | '«' | '»' => '"',
                '‘' | '’' => '\'',
                '–' | '—' => '-',
                c => c,
            })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Each marked run, folded: a style-only change would show as the same
    // run marked on both sides.
    let marked = |side: &[(String, bool)]| -> Vec<String> {
        side.iter()
            .filter(|(_, m)| *m)
            .map(|(t, _)| fold(t))
            .collect()
    };
    let diff = h.state().review.diff.as_ref().unwrap();
    let (left, right) = (marked(&diff.left_side), marked(&diff.right_side));
    let same_word_both_sides: Vec<&String> = left.iter().filter(|w| right.contains(w)).collect();
    assert!(
        same_word_both_sides.is_empty(),
        "style-only changes marked: {same_word_both_sides:?}"
    );
    // The real differences (the outlets' own lines) are still marked.
    assert!(!left.is_empty() && !right.is_empty());
    // Case and punctuation go too when asked.
    let before = left.len() + right.len();
    h.get_by_label("Ignore case and punctuation").click();
    wait_for(&mut h, "the loose diff", |h| {
        h.state().review.diff.is_some()
    });
    let diff = h.state().review.diff.as_ref().unwrap();
    let after = marked(&diff.left_side).len() + marked(&diff.right_side).len();
    assert!(after <= before, "{after} > {before}");
}

/// The import report says which texts were kept as publications of their
/// own and how many titles were mastheads.
#[test]
fn the_import_report_tells_publications_and_mastheads_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let body = "The harbour wall collapsed overnight as a storm surge pushed water over the \
                promenade, flooding dozens of homes in the old town.\n";
    write(
        &input.join("a.txt"),
        format!(
            "Date: 11 January 2010\nTitle: Harbour wall gives way\nSource: Guardian.com\n\n{body}"
        ),
    );
    write(
        &input.join("b.txt"),
        format!("Date: 1 July 2019\nTitle: Harbour wall gives way\nSource: The Guardian\n\n{body}"),
    );
    let headlines = [
        "Council delays the budget vote",
        "Harbour board buys two new cranes",
        "School trust names a new head",
        "Water bills rise after dry summer",
        "Night buses return to the estates",
        "Hospital opens a second scanner",
    ];
    for (i, h) in headlines.iter().enumerate() {
        write(
            &input.join(format!("observer-{i}.txt")),
            format!(
                "PLAINSVIEW OBSERVER\n{h}\n\nStory {i} of the week, told in one line of prose.\n"
            ),
        );
    }
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    dialogs.answer(DialogKind::ImportFolder, vec![input]);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::I,
    );
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Import finished");
    h.get_by_label("Imported: 8");
    h.get_by_label("    of which other publications of a text already in the library: 1");
    h.get_by_label("Titles that were an outlet's masthead, now the headline below it: 6");
    h.get_by_label("Close").click();
    settle(&mut h);
    h.get_by_label("8 documents");
    h.get_by_label("Hospital opens a second scanner");
}
