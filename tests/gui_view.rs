//! Filters that hold, selections you can see, and the safety net for
//! destructive actions, driven through the window as a user would, on a
//! small news collection with the usual mess (tests/fixtures/news).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use corpusdesk::core::model::DocId;
use corpusdesk::gui::command::{LibraryCommand, ViewCommand, WindowCommand};
use corpusdesk::gui::dialogs::ScriptedDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT, Queryable};
use gui_support::*;
use support::*;

/// The nine readable stories of the fixture (the tenth file is binary).
const NEWS: usize = 9;
/// Stories about parliaments, coalitions and elections.
const POLITICS_QUERY: &str = "parliament OR debate OR coalition OR bundestag OR assemblée";
const POLITICS: usize = 5;

fn news_dir() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news")
}

/// A fresh library with the news collection imported through the app.
fn with_news() -> (tempfile::TempDir, App, ScriptedDialogs) {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, news_dir());
    h.get_by_label(&format!("{NEWS} documents"));
    (dir, h, dialogs)
}

fn search(h: &mut App, text: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    settle(h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Search").type_text(text);
    // Past the typing pause, then the filter job.
    wait_for(h, "the search", |h| h.state().search.edited_at.is_none());
}

fn create_tag(h: &mut App, name: &str) {
    h.get_by_label("New tag").focus();
    settle(h);
    h.get_by_label("New tag").type_text(name);
    settle(h);
    h.get_by_label("Add").click();
    settle(h);
}

/// The library with tags `economy` (key 1) and `politics` (key 2), the five
/// political stories tagged `politics` by a search, Ctrl+A and the key 2.
fn with_politics() -> (tempfile::TempDir, App, ScriptedDialogs) {
    let (dir, mut h, dialogs) = with_news();
    create_tag(&mut h, "economy");
    create_tag(&mut h, "politics");
    search(&mut h, POLITICS_QUERY);
    h.get_by_label(&format!("{POLITICS} shown"));
    // A click in the table takes the keys from the search box.
    click_row(&mut h, "2023-03-02_budget-vote.txt", Modifiers::NONE);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Num2);
    settle(&mut h);
    h.get_by_label(&format!("Tag 'politics' on {POLITICS} documents"));
    h.get_by_label("Clear").click();
    settle(&mut h);
    assert!(h.query_by_label(&format!("{POLITICS} shown")).is_none());
    (dir, h, dialogs)
}

/// The ids the table lists, in order.
fn listed(h: &mut App) -> Vec<DocId> {
    let session = h.state_mut().session.as_mut().unwrap();
    (0..session.view.len())
        .map(|i| session.view.row(&session.conn, i).unwrap().id)
        .collect()
}

/// The ids of active documents carrying `tag`, read from the library.
fn tagged(h: &App, tag: &str) -> BTreeSet<DocId> {
    let conn = &h.state().session.as_ref().unwrap().conn;
    let t = corpusdesk::core::store::tags::by_name(conn, tag)
        .unwrap()
        .unwrap();
    let f = corpusdesk::core::view::Filter {
        tags: corpusdesk::core::view::TagFilter {
            include: vec![t.id],
            ..Default::default()
        },
        ..Default::default()
    };
    corpusdesk::core::view::filtered_ids(conn, &f, None, &Default::default())
        .unwrap()
        .into_iter()
        .collect()
}

/// What the timeline counts (dated bars plus undated).
fn timeline_total(h: &App) -> u32 {
    let bars = h.state().timeline.bars.clone().unwrap();
    bars.periods.iter().map(|p| p.total()).sum::<u32>() + bars.undated
}

/// The table, the status bar, the chips, the timeline and the export
/// dialog's "current filter" all agree on `expected`.
fn assert_view_is(h: &mut App, expected: &BTreeSet<DocId>, chip: &str) {
    assert_view_and_timeline(h, expected, chip, Some(expected.len()));
}

/// As [`assert_view_is`]; the timeline counts `timeline` (a date filter
/// leaves the timeline on the period around it).
fn assert_view_and_timeline(
    h: &mut App,
    expected: &BTreeSet<DocId>,
    chip: &str,
    timeline: Option<usize>,
) {
    settle(h);
    let rows: BTreeSet<DocId> = listed(h).into_iter().collect();
    assert_eq!(
        &rows, expected,
        "the table lists exactly the filtered documents"
    );
    h.get_by_label(&format!("{} shown", expected.len()));
    h.get_by_label(&format!("Remove the filter {chip}"));
    wait_for(h, "the timeline", |h| !h.state().timeline.is_busy());
    if let Some(n) = timeline {
        assert_eq!(timeline_total(h) as usize, n, "the timeline agrees");
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    settle(h);
    h.get_by_label(&format!(
        "The current filter ({} document{})",
        expected.len(),
        if expected.len() == 1 { "" } else { "s" }
    ));
    h.key_press(Key::Escape);
    settle(h);
    assert!(!h.state().export.open, "Esc closes the export dialog");
}

/// Which end of the journal a notice speaks of.
enum Step {
    Undo,
    Redo,
}

/// The notice after a change says `text`; when it has already faded (a
/// slow machine runs many frames while a write settles), the journal's
/// next undo (or redo) step is the change it named.
fn said(h: &App, text: &str, step: Step) {
    if h.query_by_label(text).is_some() {
        return;
    }
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let next = corpusdesk::core::store::journal::next(&lib.reader().unwrap()).unwrap();
    let label = match step {
        Step::Undo => next.undo,
        Step::Redo => next.redo,
    }
    .unwrap_or_default()
    .to_lowercase();
    let named = text
        .split_once(": ")
        .map_or(text, |(_, rest)| rest)
        .to_lowercase();
    assert_eq!(
        label, named,
        "neither the notice {text:?} nor its journal entry"
    );
}

/// Clicks the row of a fixture file (its source cell, which shows the
/// folder and the file name).
fn click_row(h: &mut App, file: &str, modifiers: Modifiers) {
    let label = format!("news/{file}");
    let node = h.get_by_label(&label);
    if modifiers.is_none() {
        node.click();
    } else {
        node.click_modifiers(modifiers);
    }
    settle(h);
}

#[test]
fn tagging_untagging_undo_and_redo_under_a_tag_filter_keep_exactly_the_filtered_rows() {
    let (_dir, mut h, _d) = with_politics();
    let politics = tagged(&h, "politics");
    assert_eq!(politics.len(), POLITICS);
    // Click the tag: the five are listed.
    h.get_all_by_label("politics").next().unwrap().click();
    settle(&mut h);
    assert_view_is(&mut h, &politics, "politics");
    // Select one and press 1 (economy): the filter holds.
    click_row(&mut h, "2023-03-02_budget-vote.txt", Modifiers::NONE);
    h.key_press(Key::Num1);
    settle(&mut h);
    said(&h, "Tag 'economy' on 1 document", Step::Undo);
    assert_view_is(&mut h, &politics, "politics");
    // Untag (the same key again), undo, redo: still the same five.
    h.key_press(Key::Num1);
    settle(&mut h);
    said(&h, "Untag 'economy' from 1 document", Step::Undo);
    assert_view_is(&mut h, &politics, "politics");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    said(&h, "Undid: untag 'economy' from 1 document", Step::Redo);
    assert_view_is(&mut h, &politics, "politics");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut h);
    said(&h, "Redid: untag 'economy' from 1 document", Step::Undo);
    assert_view_is(&mut h, &politics, "politics");
    // Removing politics from a listed document takes it out of the view.
    click_row(&mut h, "2023-03-09_election-debate.txt", Modifiers::NONE);
    h.key_press(Key::Num2);
    settle(&mut h);
    let fewer = tagged(&h, "politics");
    assert_eq!(fewer.len(), POLITICS - 1);
    assert_view_is(&mut h, &fewer, "politics");
    assert!(
        h.query_by_label("1 selected").is_none(),
        "its row left the selection"
    );
}

#[test]
fn an_exclude_filter_holds_through_tagging_and_undo() {
    let (_dir, mut h, _d) = with_politics();
    let all: BTreeSet<DocId> = listed(&mut h).into_iter().collect();
    let others: BTreeSet<DocId> = all.difference(&tagged(&h, "politics")).copied().collect();
    h.get_all_by_label("politics")
        .next()
        .unwrap()
        .click_secondary();
    settle(&mut h);
    h.get_by_label("Leave documents with it out").click();
    settle(&mut h);
    assert_view_is(&mut h, &others, "politics");
    click_row(&mut h, "2023-04-03_wheat-prices.txt", Modifiers::NONE);
    h.key_press(Key::Num1);
    settle(&mut h);
    assert_view_is(&mut h, &others, "politics");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_view_is(&mut h, &others, "politics");
}

#[test]
fn a_date_filter_holds_through_tagging_and_undo() {
    let (_dir, mut h, _d) = with_politics();
    // April 2023, as a drag across the timeline sets it (that drag is tested in gui.rs).
    let april = corpusdesk::core::view::DateFilter::Range {
        from: corpusdesk::core::timeline::days_from_civil(2023, 4, 1),
        to: corpusdesk::core::timeline::days_from_civil(2023, 4, 30),
    };
    h.state_mut()
        .commands
        .push(ViewCommand::SetDateFilter(Some(april)));
    settle(&mut h);
    let in_april: BTreeSet<DocId> = listed(&mut h).into_iter().collect();
    assert_eq!(in_april.len(), 3, "wheat, central bank, strike");
    assert_view_and_timeline(&mut h, &in_april, &april.label(), Some(NEWS));
    click_row(&mut h, "2023-04-18_strike.txt", Modifiers::NONE);
    h.key_press(Key::Num2);
    settle(&mut h);
    assert_view_and_timeline(&mut h, &in_april, &april.label(), Some(NEWS));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_view_and_timeline(&mut h, &in_april, &april.label(), Some(NEWS));
}

#[test]
fn selected_rows_that_leave_the_view_leave_the_selection_and_the_reader() {
    let (_dir, mut h, _d) = with_politics();
    // The wheat story (not politics) is read; the budget story is selected too.
    click_row(&mut h, "2023-03-02_budget-vote.txt", Modifiers::NONE);
    click_row(&mut h, "2023-04-03_wheat-prices.txt", Modifiers::COMMAND);
    h.get_by_label("2 selected");
    assert!(reader_shows(&h, "Wheat futures fell"));
    h.get_all_by_label("politics").next().unwrap().click();
    settle(&mut h);
    h.get_by_label("1 selected");
    assert!(
        !reader_shows(&h, "Wheat futures fell"),
        "the reader's document left the view"
    );
    h.get_by_label("Select a document to read it.");
    // Number keys act only on what is visible: the wheat story stays untagged.
    h.key_press(Key::Num1);
    settle(&mut h);
    let economy = tagged(&h, "economy");
    assert_eq!(economy.len(), 1);
    said(&h, "Tag 'economy' on 1 document", Step::Undo);
    // Ctrl+A follows the filter: Delete asks about the five, not the nine.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Delete);
    settle(&mut h);
    h.get_by_label(&format!("Move {POLITICS} documents to the trash?"));
}

#[test]
fn deleting_several_documents_asks_first_and_the_notice_undoes_it() {
    let (_dir, mut h, _d) = with_news();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Delete);
    settle(&mut h);
    h.get_by_label(&format!("Move {NEWS} documents to the trash?"));
    // Cancel leaves everything.
    h.get_by_label("Cancel").click();
    settle(&mut h);
    h.get_by_label(&format!("{NEWS} documents"));
    h.key_press(Key::Delete);
    settle(&mut h);
    h.get_by_label("Move to trash").click();
    settle(&mut h);
    h.get_by_label(&format!("{NEWS} documents moved to the trash"));
    h.get_by_label(&format!("{NEWS} in the trash"));
    h.get_by_label("Undo").click();
    settle(&mut h);
    h.get_by_label(&format!("Undid: move {NEWS} documents to the trash"));
    h.get_by_label(&format!("{NEWS} documents"));
    assert!(h.query_by_label_contains("in the trash").is_none());
    // One document goes without a question.
    click_row(&mut h, "2023-04-18_strike.txt", Modifiers::NONE);
    h.key_press(Key::Delete);
    settle(&mut h);
    h.get_by_label("1 document moved to the trash");
}

#[test]
fn the_trash_view_restores_documents_and_emptying_it_deletes_them_for_good() {
    let (dir, mut h, _d) = with_news();
    click_row(&mut h, "2023-04-18_strike.txt", Modifiers::NONE);
    h.key_press(Key::Delete);
    settle(&mut h);
    click_row(&mut h, "2023-04-03_wheat-prices.txt", Modifiers::NONE);
    h.key_press(Key::Delete);
    settle(&mut h);
    h.get_by_label(&format!("{} documents", NEWS - 2));
    // The status bar's count opens the trash.
    h.get_by_label("2 in the trash").click();
    settle(&mut h);
    h.get_by_label("Trash");
    assert_eq!(listed(&mut h).len(), 2);
    click_row(&mut h, "2023-04-18_strike.txt", Modifiers::NONE);
    h.get_by_label("Restore").click();
    settle(&mut h);
    h.get_by_label("1 document restored from the trash");
    h.get_by_label(&format!("{} documents", NEWS - 1));
    assert_eq!(listed(&mut h).len(), 1);
    // Emptying asks, says it cannot be undone, and deletes for good.
    h.get_by_label("Empty trash…").click();
    settle(&mut h);
    h.get_by_label("Empty the trash?");
    h.get_by_label_contains("This cannot be undone");
    h.get_by_label("Empty trash").click();
    settle(&mut h);
    h.get_by_label("1 document deleted for good; the trash is empty");
    h.get_by_label("The trash is empty");
    let lib = dir.path().join("lib.corpusdesk");
    assert_consistent(&lib);
    let conn = rusqlite::Connection::open(&lib).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM documents"), (NEWS - 1) as i64);
    assert_eq!(
        count("SELECT count(*) FROM sources WHERE path_text LIKE '%wheat-prices%'"),
        0
    );
    assert!(
        corpusdesk::core::search::search(&conn, "wheat", 0)
            .unwrap()
            .is_empty()
    );
    // Nothing left to undo: the history went with the deleted documents.
    h.get_by_label("Back to the library").click();
    settle(&mut h);
    h.get_by_label("Edit").click();
    settle(&mut h);
    assert!(h.get_by_label("Undo Ctrl+Z").accesskit_node().is_disabled());
}

#[test]
fn undo_right_after_an_import_moves_its_documents_to_the_trash() {
    let (_dir, mut h, _d) = with_news();
    h.get_by_label("Edit").click();
    settle(&mut h);
    h.get_by_label_contains(&format!("Undo import of {NEWS} documents"));
    h.key_press(Key::Escape);
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    h.get_by_label(&format!("Undid: import of {NEWS} documents"));
    h.get_by_label("0 documents");
    h.get_by_label(&format!("{NEWS} in the trash"));
    h.get_by_label("Redo").click();
    settle(&mut h);
    h.get_by_label(&format!("{NEWS} documents"));
}

/// Re-importing files whose documents are in the trash said "Already in
/// the library: 2,226" and imported nothing while the table showed 2: now
/// the report says they are in the trash and offers to restore them.
#[test]
fn reimporting_trashed_files_offers_to_restore_them() {
    let (_dir, mut h, dialogs) = with_news();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    h.get_by_label("0 documents");
    dialogs.answer(
        corpusdesk::gui::dialogs::DialogKind::ImportFolder,
        vec![news_dir()],
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Imported: 0");
    h.get_by_label(&format!("In the trash: {NEWS} documents"));
    h.get_by_label("Already in the library: 0");
    h.get_by_label("Restore them").click();
    settle(&mut h);
    h.get_by_label(&format!("{NEWS} documents restored from the trash"));
    h.get_by_label(&format!("{NEWS} documents"));
}

/// The timeline fits the bulk of the dates (a stray 1887 is counted
/// "outside", not stretched over), refits after an import, and a
/// double-click shows everything without filtering a day.
#[test]
fn the_timeline_fits_the_bulk_and_refits_after_an_import() {
    let (dir, mut h, dialogs) = with_news();
    let day = |y, m, d| corpusdesk::core::timeline::days_from_civil(y, m, d);
    wait_for(&mut h, "the timeline", |h| {
        h.state().timeline.fitted.is_some()
    });
    let (from, to) = h.state().timeline.fitted.unwrap();
    assert!(
        from <= day(2023, 3, 2) && to > day(2023, 5, 22),
        "{from}..{to}"
    );
    // A later import from other years, and a typo dated 1887.
    let more = dir.path().join("more");
    for (i, y) in (2015..=2022).enumerate() {
        for k in 0..40 {
            write(
                &more.join(format!("{y}-06-{:02}_story-{i}-{k}.txt", k % 28 + 1)),
                format!("Story {i} {k}\n\nHarbour {y} report number {k} of {i} about fish."),
            );
        }
    }
    write(
        &more.join("1887-01-05_typo.txt"),
        "Typo\n\nA clipping whose date was mistyped.",
    );
    import_folder(&mut h, &dialogs, more);
    wait_for(&mut h, "the refit", |h| {
        h.state()
            .timeline
            .fitted
            .is_some_and(|(f, _)| f < day(2016, 1, 1))
    });
    settle(&mut h);
    let (from, to) = h.state().timeline.fitted.unwrap();
    assert!(
        from > day(2000, 1, 1),
        "the 1887 typo stays outside: {from}"
    );
    assert!(to > day(2023, 5, 22));
    h.get_by_label("1 outside the range").click();
    settle(&mut h);
    let (from, _) = h.state().timeline.fitted.unwrap();
    assert!(from <= day(1887, 1, 5), "the whole range: {from}");
    assert!(h.state().view.dates.is_none());
}

/// The column chooser stays open while columns are ticked; the Date source
/// column says where each date came from, and a click on it filters.
#[test]
fn a_date_source_column_and_filter() {
    let (_dir, mut h, _d) = with_news();
    h.get_all_by_label("Date").next().unwrap().click_secondary();
    settle(&mut h);
    h.get_by_label("Date source").click();
    settle(&mut h);
    // Still open: the next tick needs no second right-click.
    h.get_by_label("Metadata");
    h.key_press(Key::Escape);
    settle(&mut h);
    let cells = h.query_all_by_label("date line at the top").count();
    assert!(cells >= 2, "the column shows the sources: {cells}");
    let dated_by_header = {
        let conn = &h.state().session.as_ref().unwrap().conn;
        let f = corpusdesk::core::view::Filter {
            date_source: Some(corpusdesk::core::model::DateSource::Header),
            ..Default::default()
        };
        corpusdesk::core::view::filtered_ids(conn, &f, None, &Default::default())
            .unwrap()
            .len()
    };
    assert!(dated_by_header > 0);
    h.get_all_by_label("date line at the top")
        .next()
        .unwrap()
        .click();
    settle(&mut h);
    h.get_by_label(&format!("{dated_by_header} shown"));
    h.get_by_label("Clear filters").click();
    settle(&mut h);
    assert!(
        h.query_by_label(&format!("{dated_by_header} shown"))
            .is_none()
    );
}

/// A branch whose parent is no tag of its own (deleted, or never made)
/// filters its documents when clicked.
#[test]
fn clicking_a_branch_without_its_own_tag_filters_the_branch() {
    let (_dir, mut h, _d) = with_news();
    create_tag(&mut h, "conflict/syria");
    click_row(&mut h, "2023-03-02_budget-vote.txt", Modifiers::NONE);
    h.key_press(Key::Num1);
    settle(&mut h);
    said(&h, "Tag 'conflict/syria' on 1 document", Step::Undo);
    h.get_by_label("conflict").click();
    wait_for(&mut h, "the branch filter", |h| {
        h.state().view.tags.include.len() == 1
    });
    settle(&mut h);
    h.get_by_label("1 shown");
    let conn = &h.state().session.as_ref().unwrap().conn;
    assert!(
        corpusdesk::core::store::tags::by_name(conn, "conflict")
            .unwrap()
            .is_some()
    );
}

/// One file dropped on the window: a notice with Undo, not a report window.
#[test]
fn a_single_file_import_says_so_in_a_notice() {
    let (dir, mut h, dialogs) = with_news();
    let file = dir.path().join("one.txt");
    write(
        &file,
        "Harbour strike ends\n\nThe harbour workers went back on Monday.",
    );
    dialogs.answer(
        corpusdesk::gui::dialogs::DialogKind::ImportFiles,
        vec![file],
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    wait_for(&mut h, "the import", import_done);
    settle(&mut h);
    assert!(h.state().report.is_none(), "no report window");
    h.get_by_label("Imported 1 document");
    h.get_by_label(&format!("{} documents", NEWS + 1));
}

#[test]
fn an_import_batch_is_shown_as_a_filter_and_moved_to_the_trash_from_the_history() {
    let (dir, mut h, dialogs) = with_news();
    // A second import: the two samples.
    import_folder(&mut h, &dialogs, samples_dir());
    h.get_by_label(&format!("{} documents", NEWS + 2));
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label("Import history…").click();
    settle(&mut h);
    h.get_by_label("Import history");
    h.get_by_label("samples");
    h.get_by_label("news");
    // The newest run is listed first.
    h.get_all_by_label("Show").next().unwrap().click();
    settle(&mut h);
    let chip = h.state().view.batch.clone().unwrap().1;
    assert!(
        chip.starts_with("Imported ") && chip.ends_with(", 2 documents"),
        "{chip}"
    );
    assert_eq!(listed(&mut h).len(), 2);
    h.get_by_label(&format!("Remove the filter {chip}"));
    h.get_by_label("2 shown");
    h.get_all_by_label("Move to trash…").next().unwrap().click();
    settle(&mut h);
    h.get_by_label("Move the 2 documents of this import to the trash?");
    h.get_by_label("Move to trash").click();
    settle(&mut h);
    h.get_by_label("2 documents moved to the trash");
    h.get_by_label(&format!("{NEWS} documents"));
    let out = corpusdesk(&[
        "--library",
        dir.path().join("lib.corpusdesk").to_str().unwrap(),
        "imports",
        "--json",
    ]);
    let batches = stdout_json(&out);
    assert_eq!(batches[0]["in_library"], 0);
    assert_eq!(batches[0]["in_trash"], 2);
    assert_eq!(batches[1]["imported"], NEWS);
}

#[test]
fn escape_clears_the_search_from_the_box_and_from_the_table() {
    let (_dir, mut h, _d) = with_news();
    search(&mut h, "strike");
    h.get_by_label("1 shown");
    // In the box.
    h.key_press(Key::Escape);
    settle(&mut h);
    assert!(h.state().search.text.is_empty());
    assert!(h.query_by_label("1 shown").is_none());
    // From the table.
    search(&mut h, "wheat");
    h.get_by_label("1 shown");
    click_row(&mut h, "2023-04-03_wheat-prices.txt", Modifiers::NONE);
    let wheat = h.state().session.as_ref().unwrap().view.focus_id.unwrap();
    h.key_press(Key::Escape);
    settle(&mut h);
    assert!(h.state().search.text.is_empty());
    h.get_by_label(&format!("{NEWS} documents"));
    assert!(h.query_by_label("1 shown").is_none());
    // The selected row stays selected, found in the whole list, in sight.
    let focus = h.state().session.as_ref().unwrap().view.focus;
    let all = listed(&mut h);
    assert_eq!(focus.map(|f| all[f]), Some(wheat));
}

#[test]
fn escape_closes_the_topmost_window_or_question() {
    let (_dir, mut h, _d) = with_news();
    let closes = |h: &mut App, open: &dyn Fn(&mut App), title: &str| {
        open(h);
        settle(h);
        assert!(
            h.query_all_by_label(title).count() > 0,
            "{title} did not open"
        );
        h.key_press(Key::Escape);
        settle(h);
        assert_eq!(
            h.query_all_by_label(title).count(),
            0,
            "{title} is still open"
        );
    };
    closes(&mut h, &|h| h.key_press(Key::F1), "Keyboard shortcuts");
    closes(
        &mut h,
        &|h| h.key_press_modifiers(Modifiers::COMMAND, Key::Comma),
        "Settings",
    );
    closes(
        &mut h,
        &|h| h.state_mut().commands.push(WindowCommand::OpenAbout),
        "About corpusdesk",
    );
    closes(
        &mut h,
        &|h| h.key_press_modifiers(Modifiers::COMMAND, Key::E),
        "The whole library",
    );
    closes(
        &mut h,
        &|h| {
            h.state_mut()
                .commands
                .push(LibraryCommand::OpenImportHistory)
        },
        "Import history",
    );
    // A question closes first, and only it.
    h.key_press(Key::F1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Delete);
    settle(&mut h);
    h.get_by_label(&format!("Move {NEWS} documents to the trash?"));
    h.key_press(Key::Escape);
    settle(&mut h);
    assert!(h.query_by_label_contains("to the trash?").is_none());
    assert!(
        h.query_all_by_label("Keyboard shortcuts").count() > 0,
        "still open"
    );
    h.get_by_label(&format!("{NEWS} documents"));
}

#[test]
fn a_new_search_is_ranked_by_relevance_until_a_column_is_clicked() {
    let (_dir, mut h, _d) = with_news();
    assert!(h.query_by_label("· best matches first").is_none());
    search(&mut h, "rail OR strike OR pay");
    h.get_by_label("· best matches first");
    // The strike story names rail, strike and pay: it comes first.
    let first = listed(&mut h)[0];
    let title = corpusdesk::core::store::documents::document(
        &h.state().session.as_ref().unwrap().conn,
        first,
    )
    .unwrap()
    .title;
    assert!(title.starts_with("Rail workers strike"), "{title}");
    h.get_by_label("Date").click();
    settle(&mut h);
    assert!(h.query_by_label("· best matches first").is_none());
    // Now by date, oldest first.
    let conn = corpusdesk::core::Library::open(h.state().session.as_ref().unwrap().library.path())
        .unwrap()
        .reader()
        .unwrap();
    let dates: Vec<String> = listed(&mut h)
        .into_iter()
        .map(|id| {
            corpusdesk::core::store::documents::document(&conn, id)
                .unwrap()
                .date
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(dates.len() >= 2);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn a_new_search_starts_at_the_top_of_the_list() {
    let (_dir, mut h) = with_corpus(400);
    // To the bottom of the list, then search.
    h.get_by_label("Date").hover();
    h.key_press(Key::End);
    settle(&mut h);
    search(&mut h, "the");
    let n = shown(&h);
    assert!(n > 100, "the search must list more rows than fit: {n}");
    let first = {
        let session = h.state_mut().session.as_mut().unwrap();
        let row = session.view.row(&session.conn, 0).unwrap().clone();
        let path = std::path::Path::new(&row.source);
        let dir = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        format!("{dir}/{}", path.file_name().unwrap().to_string_lossy())
    };
    h.run_ok();
    assert!(
        h.query_by_label(&first).is_some(),
        "the first result ({first}) is in sight"
    );
}

#[test]
fn a_malformed_query_leaves_table_and_timeline_on_the_last_valid_result() {
    let (_dir, mut h, _d) = with_news();
    search(&mut h, "strike");
    h.get_by_label("1 shown");
    wait_for(&mut h, "the timeline", |h| !h.state().timeline.is_busy());
    assert_eq!(timeline_total(&h), 1);
    search(&mut h, "strike \"unclosed");
    h.get_by_label_contains("quote is not closed");
    h.get_by_label("1 shown");
    assert_eq!(listed(&mut h).len(), 1);
    assert_eq!(
        timeline_total(&h),
        1,
        "the timeline keeps the last valid result"
    );
    assert_eq!(h.state().view.query.as_deref(), Some("strike"));
}

#[test]
fn edit_menu_names_what_undo_and_redo_would_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on(
        &dir.path().join("lib.corpusdesk"),
        ScriptedDialogs::default(),
    );
    settle(&mut h);
    h.get_by_label("Edit").click();
    settle(&mut h);
    assert!(
        h.get_by_label("Undo Ctrl+Z").accesskit_node().is_disabled(),
        "nothing to undo yet"
    );
    assert!(
        h.get_by_label_contains("Redo ")
            .accesskit_node()
            .is_disabled()
    );
    h.key_press(Key::Escape);
    settle(&mut h);
    drop(h);
    let (_dir, mut h, _d) = with_politics();
    h.get_by_label("Edit").click();
    settle(&mut h);
    assert!(
        !h.get_by_label_contains(&format!("Undo tag 'politics' on {POLITICS} documents"))
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        h.get_by_label_contains("Redo ")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn moving_duplicates_to_the_trash_asks_first() {
    let (_dir, mut h, dialogs) = with_news();
    import_folder(&mut h, &dialogs, samples_dir());
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    wait_for(&mut h, "the clusters", |h| {
        h.query_by_label("Move duplicates to trash").is_some()
    });
    h.get_by_label("Move duplicates to trash").click();
    settle(&mut h);
    h.get_by_label("Move 1 document to the trash?");
    h.get_by_label("Move to trash").click();
    settle(&mut h);
    h.get_by_label("1 in the trash");
}

#[test]
fn the_import_report_shows_what_the_import_added() {
    let (_dir, mut h, dialogs) = with_news();
    dialogs.answer(
        corpusdesk::gui::dialogs::DialogKind::ImportFolder,
        vec![samples_dir()],
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Show imported").click();
    settle(&mut h);
    assert!(h.state().report.is_none(), "the report closes");
    h.get_by_label("2 shown");
    let chip = h.state().view.batch.clone().unwrap().1;
    h.get_by_label(&format!("Remove the filter {chip}")).click();
    settle(&mut h);
    assert!(h.query_by_label("2 shown").is_none());
    h.get_by_label(&format!("{} documents", NEWS + 2));
}

#[test]
fn resolve_all_asks_once_and_says_how_many_documents_it_touches() {
    let (_dir, mut h, dialogs) = with_news();
    import_folder(&mut h, &dialogs, samples_dir());
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    wait_for(&mut h, "the clusters", |h| {
        h.query_by_label("Resolve the open cluster…").is_some()
    });
    let menu = h.get_by_label("Resolve the open cluster…").rect();
    h.get_by_label("Resolve the open cluster…").click();
    settle(&mut h);
    // The menu's item, not the per-cluster button of the same name.
    h.get_all_by_label("Move duplicates to trash")
        .min_by(|a, b| {
            // The menu opens under its button, aligned with its left edge.
            let d = |n: &egui_kittest::Node| (n.rect().left() - menu.left()).abs();
            d(a).total_cmp(&d(b))
        })
        .unwrap()
        .click();
    settle(&mut h);
    h.get_by_label("Move duplicates to trash for all clusters?");
    h.get_by_label_contains("1 unresolved cluster (1 document besides their keepers)");
    h.get_all_by_label("Move duplicates to trash")
        .last()
        .unwrap()
        .click();
    settle(&mut h);
    assert!(
        h.query_by_label_contains("to the trash?").is_none(),
        "the question was the confirmation"
    );
    h.get_by_label("1 in the trash");
    h.get_by_label("Move duplicates to trash (1 cluster)");
}

#[test]
fn a_change_made_by_another_process_keeps_the_filter_and_shows_in_it() {
    let (dir, mut h, _d) = with_politics();
    h.get_all_by_label("politics").next().unwrap().click();
    settle(&mut h);
    let before = tagged(&h, "politics");
    assert_view_is(&mut h, &before, "politics");
    // A script tags the wheat story from the command line meanwhile.
    let out = corpusdesk(&[
        "--library",
        dir.path().join("lib.corpusdesk").to_str().unwrap(),
        "tag",
        "add",
        "politics",
        "--query",
        "wheat",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wait_for(&mut h, "the window to notice", |h| {
        h.query_by_label(&format!("{} shown", POLITICS + 1))
            .is_some()
    });
    let after = tagged(&h, "politics");
    assert_eq!(after.len(), POLITICS + 1);
    assert_view_is(&mut h, &after, "politics");
}

/// Three stories, each with a copy that differs more than the last one's.
fn three_clusters(dir: &std::path::Path) -> std::path::PathBuf {
    let pairs = dir.join("pairs");
    let stories = [
        "The harbour authority said the old sea wall would be rebuilt over two summers, with the first section closed to walkers from June while divers survey the foundations and engineers test the stone for frost damage and salt erosion along the promenade",
        "Farmers in the valley reported the wettest spring in forty years, with hay cut late and lambing sheds flooded twice, and the cooperative asked the ministry for help with feed prices that have doubled since the autumn storms closed the mountain roads",
        "The orchestra announced a season of free concerts in village halls, taking chamber music to places without a venue, after a survey found that most residents had never heard a live performance and that bus fares kept families from the city",
    ];
    let changes: [&[(&str, &str)]; 3] = [
        &[("Officials said", "A spokesperson said")],
        &[
            ("Officials said", "A spokesperson said"),
            ("twice", "three times"),
        ],
        &[
            ("Officials said", "A spokesperson said"),
            ("free", "open"),
            ("found", "showed"),
        ],
    ];
    for (i, s) in stories.iter().enumerate() {
        let text = format!("Story {i}\n\n{s}. Officials said more details would follow next week.");
        write(&pairs.join(format!("{i}-a.txt")), &text);
        let mut copy = text.clone();
        for (from, to) in changes[i] {
            copy = copy.replace(from, to);
        }
        write(&pairs.join(format!("{i}-b.txt")), copy);
    }
    pairs
}

#[test]
fn the_cluster_list_sorts_by_similarity_either_way() {
    let (dir, mut h, dialogs) = with_news();
    import_folder(&mut h, &dialogs, three_clusters(dir.path()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    wait_for(&mut h, "three clusters", |h| {
        h.state().review.clusters.len() == 3
    });
    let sims = |h: &App| -> Vec<f64> {
        h.state()
            .review
            .clusters
            .iter()
            .map(|c| c.similarity())
            .collect()
    };
    for (label, ascending) in [("Least similar first", true), ("Most similar first", false)] {
        h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Sort")
            .click();
        settle(&mut h);
        h.get_by_label(label).click();
        settle(&mut h);
        let s = sims(&h);
        let sorted = s.windows(2).all(|w| {
            if ascending {
                w[0] <= w[1]
            } else {
                w[0] >= w[1]
            }
        });
        assert!(sorted, "{label}: {s:?}");
        assert!(
            s[0] != s[2],
            "the copies differ by different amounts: {s:?}"
        );
    }
}

/// Regression: after *Mark duplicates* the review jumped back to the first
/// cluster; it goes on to the next one.
#[test]
fn a_decision_in_the_review_moves_on_to_the_next_cluster() {
    let (dir, mut h, dialogs) = with_news();
    let pairs = three_clusters(dir.path());
    import_folder(&mut h, &dialogs, pairs);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    wait_for(&mut h, "three clusters", |h| {
        h.state().review.clusters.len() == 3
    });
    // The second cluster, then M (mark duplicates).
    h.key_press(Key::J);
    settle(&mut h);
    let order: Vec<i64> = h.state().review.clusters.iter().map(|c| c.keeper).collect();
    assert_eq!(h.state().review.selected, Some(order[1]));
    h.key_press(Key::M);
    wait_for(&mut h, "the decision", |h| {
        h.state().review.selected != Some(order[1])
    });
    assert_eq!(
        h.state().review.selected,
        Some(order[2]),
        "the next cluster, not the first"
    );
}

#[test]
fn search_results_show_their_count_and_sort_by_date_or_relevance() {
    let (_dir, mut h, _d) = with_news();
    search(&mut h, POLITICS_QUERY);
    h.get_by_label(&format!("{POLITICS} hits"));
    h.get_by_label("· best matches first");
    let ranked = listed(&mut h);
    // Sort: Date, newest first.
    h.get_by_label("Sort").click();
    settle(&mut h);
    h.get_by_label("Date, newest first").click();
    settle(&mut h);
    wait_for(&mut h, "the sorted list", |h| {
        !h.state().search.is_running()
    });
    assert!(h.query_by_label("· best matches first").is_none());
    let conn =
        corpusdesk::core::store::open_reader(h.state().session.as_ref().unwrap().library.path())
            .unwrap();
    let by_date = listed(&mut h);
    let dates: Vec<String> = by_date
        .iter()
        .map(|id| {
            let d = corpusdesk::core::store::documents::document(&conn, *id).unwrap();
            d.date.map(|d| d.to_string()).unwrap_or_default()
        })
        .collect();
    assert_eq!(by_date.len(), POLITICS);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    // Back to the best matches first.
    h.get_by_label("Sort").click();
    settle(&mut h);
    h.get_by_label("Relevance").click();
    settle(&mut h);
    wait_for(&mut h, "the ranked list", |h| {
        !h.state().search.is_running()
    });
    h.get_by_label("· best matches first");
    assert_eq!(listed(&mut h), ranked);
}

#[test]
fn a_library_whose_search_index_lags_is_indexed_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.corpusdesk");
    // Written straight through the writer: nothing indexed yet.
    corpusdesk::testkit::bulk::build(&path, 8_000);
    let mut h = app_on(&path, ScriptedDialogs::default());
    settle(&mut h);
    wait_for(&mut h, "the search index", |h| {
        !h.state()
            .jobs
            .is_running(corpusdesk::gui::panels::status::JobKind::Indexing)
    });
    search(&mut h, "ceasefire");
    assert!(h.state().search.waiting.is_none());
    let hits = h.state().search.hits.unwrap();
    assert!(hits > 0);
    let conn = corpusdesk::core::store::open_reader(&path).unwrap();
    let index = corpusdesk::core::search::current_index(&conn, Some(0)).unwrap();
    assert!(
        corpusdesk::core::search::sync::verify(&index, &conn)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_saved_search_is_listed_with_its_count_applied_renamed_and_deleted_with_undo() {
    let (_dir, mut h, _d) = with_politics();
    search(&mut h, POLITICS_QUERY);
    h.get_by_label("Save…").click();
    settle(&mut h);
    h.get_by_label("Save search");
    // The name starts as the query; typed over.
    h.get_by_label("Name").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Name").type_text("Politics");
    settle(&mut h);
    h.get_by_label("Save").click();
    settle(&mut h);
    wait_for(&mut h, "the count", |h| !h.state().saved.is_counting());
    h.get_by_label("Politics");
    assert_eq!(
        h.state().saved.counts.values().copied().collect::<Vec<_>>(),
        vec![POLITICS]
    );
    // Cleared, then applied with a click: the query comes back.
    h.get_by_label("Clear").click();
    settle(&mut h);
    assert_eq!(listed(&mut h).len(), NEWS);
    h.get_by_label("Politics").click();
    settle(&mut h);
    wait_for(&mut h, "the saved search", |h| {
        !h.state().search.is_running()
    });
    assert_eq!(h.state().search.text, POLITICS_QUERY);
    assert_eq!(listed(&mut h).len(), POLITICS);
    // Renamed from its menu.
    h.get_by_label("Politics").click_secondary();
    settle(&mut h);
    h.get_by_label("Rename…").click();
    settle(&mut h);
    h.get_by_label("Name").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Name").type_text("Parliaments");
    settle(&mut h);
    // (The reader has a Rename button of its own: Enter renames here.)
    h.key_press(Key::Enter);
    settle(&mut h);
    h.get_by_label("Parliaments");
    // Deleted, then undone.
    h.get_by_label("Parliaments").click_secondary();
    settle(&mut h);
    h.get_by_label("Delete").click();
    settle(&mut h);
    assert!(h.query_by_label("Parliaments").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    h.get_by_label("Parliaments");
}

#[test]
fn a_batch_search_lists_each_query_shows_its_hits_tags_them_in_one_step_and_exports() {
    let (dir, mut h, dialogs) = with_news();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    settle(&mut h);
    h.get_by_label("Batch search");
    h.get_by_label("Queries").focus();
    h.get_by_label("Queries")
        .type_text("strike OR walkout\n\"open quote\nparliament OR coalition\nzebra");
    settle(&mut h);
    h.get_by_label("Run").click();
    wait_for(&mut h, "the batch", |h| !h.state().batch.is_running());
    let results = h.state().batch.results.clone().unwrap();
    assert_eq!(results.len(), 4);
    assert!(results[1].query.error.as_deref().unwrap().contains("quote"));
    assert!(!results[0].ids.is_empty());
    assert!(results[3].ids.is_empty());
    h.get_by_label_contains("1 not understood");
    // A click on a query shows its hits in the library.
    h.get_by_label("parliament OR coalition").click();
    settle(&mut h);
    wait_for(&mut h, "the search", |h| !h.state().search.is_running());
    assert_eq!(listed(&mut h).len(), results[2].ids.len());
    // Every query's hits tagged in one step, and undone in one.
    h.get_by_label("Tag hits").click();
    settle(&mut h);
    wait_for(&mut h, "the tags", |h| {
        h.state().session.as_ref().unwrap().tags.len() >= 2
    });
    assert_eq!(
        tagged(&h, "batch/parliament OR coalition").len(),
        results[2].ids.len()
    );
    assert_eq!(
        tagged(&h, "batch/strike OR walkout").len(),
        results[0].ids.len()
    );
    // The CSV of every hit.
    let csv = dir.path().join("hits.csv");
    dialogs.answer(
        corpusdesk::gui::dialogs::DialogKind::BatchCsv,
        vec![csv.clone()],
    );
    h.get_by_label("Export CSV…").click();
    wait_for(&mut h, "the CSV", |h| {
        !h.state().batch.is_running() && csv.exists()
    });
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("query,id,title,date,source,snippet"));
    assert_eq!(
        text.lines().count(),
        1 + results[0].ids.len() + results[2].ids.len()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    wait_for(&mut h, "the undo", |h| {
        h.state().session.as_ref().unwrap().tags.is_empty()
    });
}

#[test]
fn a_saved_search_is_an_export_scope() {
    let (dir, mut h, dialogs) = with_news();
    search(&mut h, POLITICS_QUERY);
    h.get_by_label("Save…").click();
    settle(&mut h);
    h.get_by_label("Name").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Name").type_text("Politics");
    h.key_press(Key::Enter);
    settle(&mut h);
    h.get_by_label("Clear").click();
    settle(&mut h);
    let out = dir.path().join("politics.jsonl");
    dialogs.answer(
        corpusdesk::gui::dialogs::DialogKind::ExportFile(corpusdesk::core::export::Format::Jsonl),
        vec![out.clone()],
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    settle(&mut h);
    h.get_by_label("A saved search:").click();
    settle(&mut h);
    h.get_by_label("Saved search").click();
    settle(&mut h);
    h.get_all_by_label("Politics").last().unwrap().click();
    settle(&mut h);
    h.get_by_label("Choose file and export…").click();
    wait_for(&mut h, "the export", |h| h.state().export.done.is_some());
    let lines = std::fs::read_to_string(&out).unwrap().lines().count();
    assert_eq!(lines, POLITICS);
}
