//! REFI-QDA in the window: File → Export → REFI-QDA project… writes a
//! project; File → Import REFI-QDA project… (and a dropped .qdpx) reads
//! one, with what it brought in the report; View → Coder agreement shows
//! the measures and a disagreement side by side, and accepting one
//! coder's coding settles it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use std::sync::Arc;

use corpusdesk::core::export::Format;
use corpusdesk::gui::dialogs::{DialogKind, ScriptedDialogs};
use egui_kittest::kittest::Queryable;
use gui_support::*;
use support::*;

/// The two sample stories imported through the app, two passages coded
/// by ana and one by ben behind the window.
fn coded(dir: &tempfile::TempDir, dialogs: &ScriptedDialogs) -> App {
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, dialogs, samples_dir());
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let conn = lib.reader().unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    lib.code("economy", ids[0], (0, 40), "ana", Some("the lede"))
        .unwrap();
    lib.code("economy", ids[1], (0, 40), "ben", None).unwrap();
    lib.code("security", ids[1], (100, 160), "ana", None)
        .unwrap();
    lib.code("economy", ids[1], (0, 40), "ana", None).unwrap();
    wait_for(&mut h, "the tags", |h| {
        h.state().session.as_ref().unwrap().tags.len() == 2
    });
    h
}

/// Opens a File menu item (inside the Export submenu when `export`).
fn file_menu(h: &mut App, item: &str, export: bool) {
    h.get_by_label("File").click();
    settle(h);
    if export {
        h.get_by_label("Export").hover();
        settle(h);
    }
    h.get_by_label(item).click();
    settle(h);
}

#[test]
fn a_project_goes_out_through_the_export_menu_and_comes_back_through_import() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team.qdpx");
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::ExportFile(Format::Qdpx), vec![out.clone()]);
    let mut h = coded(&dir, &dialogs);
    file_menu(&mut h, "REFI-QDA project…", true);
    assert_eq!(
        h.state().export.format,
        Format::Qdpx,
        "the dialog, with the format chosen"
    );
    h.get_by_label_contains("For NVivo, MAXQDA, ATLAS.ti, QualCoder");
    h.get_by_label("Choose file and export…").click();
    wait_for(&mut h, "the export", |h| h.state().export.done.is_some());
    h.get_by_label("Export finished");
    h.get_by_label_contains("Exported 2 documents with 2 codes, 4 coded passages, 1 memo");
    h.get_by_label("Close").click();
    settle(&mut h);
    assert!(out.is_file());

    // Into a new library through File → Import REFI-QDA project….
    let other = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::ImportProject, vec![out.clone()]);
    let mut h = app_on(&other.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    file_menu(&mut h, "Import REFI-QDA project…", false);
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Imported: 2");
    h.get_by_label("From REFI-QDA projects:");
    h.get_by_label_contains("4 coded passages by 2 coders, 1 memo");
    h.get_by_label("Close").click();
    settle(&mut h);
    h.get_by_label("2 documents");
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let n: i64 = lib
        .reader()
        .unwrap()
        .query_row("SELECT count(*) FROM passages WHERE removed = 0", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 4);

    // Dropped on the window: the same project again adds nothing.
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(out.clone())));
    h.step();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Imported: 0");
    h.get_by_label_contains("4 passages were already there");
}

#[test]
fn the_agreement_view_compares_coders_and_settles_a_disagreement() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = coded(&dir, &dialogs);
    h.get_by_label("View").click();
    settle(&mut h);
    h.get_by_label("Coder agreement").click();
    settle(&mut h);
    wait_for(&mut h, "the comparison", |h| {
        h.state().agreement.result.is_some()
    });
    h.get_by_label("Coder agreement");
    // ana coded two documents, ben one: one document compared.
    h.get_by_label_contains("1 document coded by both ana and ben");
    h.get_by_label("Kappa");
    h.get_by_label("1 disagreement");
    h.get_by_label_contains("security — only ana").click();
    settle(&mut h);
    h.get_by_label("ana: coded 'security'");
    h.get_by_label("ben: not coded 'security'");
    h.get_by_label("Accept ana's coding").click();
    settle(&mut h);
    wait_for(&mut h, "the comparison again", |h| {
        h.state()
            .agreement
            .result
            .as_ref()
            .is_some_and(|r| r.disagreements.is_empty())
    });
    h.get_by_label("0 disagreements");
    h.get_by_label("The two coders agree on every segment.");
    // Undo brings the disagreement back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    wait_for(&mut h, "the disagreement back", |h| {
        h.state()
            .agreement
            .result
            .as_ref()
            .is_some_and(|r| r.disagreements.len() == 1)
    });
    // Keep both: it leaves the list.
    h.get_by_label_contains("security — only ana").click();
    settle(&mut h);
    h.get_by_label("Keep both").click();
    settle(&mut h);
    h.get_by_label("0 disagreements");
}

#[test]
fn parquet_goes_out_through_the_export_menu_in_shards_and_comes_back_by_drop() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shards");
    let dialogs = ScriptedDialogs::default();
    dialogs.answer(DialogKind::ExportFolder, vec![out.clone()]);
    let mut h = coded(&dir, &dialogs);
    file_menu(&mut h, "Parquet for Spark, pandas, DuckDB…", true);
    assert_eq!(h.state().export.format, Format::Parquet);
    h.get_by_label_contains("For pandas, polars, DuckDB, Spark");
    h.state_mut().export.duplicates = corpusdesk::core::export::Duplicates::IncludeMarked;
    h.state_mut().export.shard_rows = 1;
    h.step();
    h.get_by_label("Rows per file");
    h.get_by_label("Choose folder and export…").click();
    wait_for(&mut h, "the export", |h| h.state().export.done.is_some());
    h.get_by_label("Export finished");
    h.get_by_label_contains("Exported 2 documents");
    h.get_by_label("Close").click();
    settle(&mut h);
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["part-00000.parquet", "part-00001.parquet"]);

    // Dropped on another library's window: both documents, with their tags.
    let other = tempfile::tempdir().unwrap();
    let mut h = app_on(
        &other.path().join("lib.corpusdesk"),
        ScriptedDialogs::default(),
    );
    settle(&mut h);
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(out.clone())));
    h.step();
    wait_for(&mut h, "the import", import_done);
    h.get_by_label("Imported: 2");
}
