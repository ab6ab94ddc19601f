//! The shape the code keeps: the core never touches a window toolkit, the
//! front ends never write SQL, panels never take the whole app. Checked
//! over the sources, so a shortcut that breaks the layering fails `cargo test`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn src(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir)
}

/// Lines of `file` (without comments) that contain any of `needles`.
fn offending(file: &Path, needles: &[&str]) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter(|l| needles.iter().any(|n| l.contains(n)))
        .map(|l| format!("{}: {}", file.display(), l.trim()))
        .collect()
}

#[test]
fn the_core_never_imports_a_window_toolkit() {
    let bad: Vec<String> = rust_files(&src("core"))
        .iter()
        .flat_map(|f| offending(f, &["egui", "eframe", "rfd::"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_front_ends_never_write_sql() {
    let sql = [
        "SELECT ",
        "INSERT ",
        "UPDATE ",
        "DELETE FROM",
        "query_row",
        "conn.prepare",
        "tx.prepare",
        "prepare_cached",
    ];
    let bad: Vec<String> = [src("gui"), src("cli")]
        .iter()
        .flat_map(|d| rust_files(d))
        .flat_map(|f| offending(&f, &sql))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn panels_take_their_state_not_the_app() {
    let bad: Vec<String> = rust_files(&src("gui/panels"))
        .iter()
        .flat_map(|f| offending(f, &["CorpusApp"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A shortcut named in a tooltip or a question comes from the action
/// table (`Action::key_text`: "⌘Z" on a Mac), never a literal "Ctrl+".
#[test]
fn user_facing_text_names_no_literal_ctrl_key() {
    let bad: Vec<String> = rust_files(&src("gui"))
        .iter()
        .filter(|f| !f.ends_with("command/actions.rs"))
        .flat_map(|f| offending(f, &["Ctrl+"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A panel owns its state and answers with commands: it never reaches into
/// the app (`gui::app`), so it can be read, tested and moved alone.
#[test]
fn panels_never_import_the_app() {
    let bad: Vec<String> = rust_files(&src("gui/panels"))
        .iter()
        .flat_map(|f| offending(f, &["gui::app", "super::super::app"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// Each concern's handler names every one of its commands: no catch-all
/// arm that would quietly drop a command routed to it.
#[test]
fn command_handlers_have_no_catch_all_arm() {
    let bad: Vec<String> = rust_files(&src("gui/app/commands"))
        .iter()
        .flat_map(|f| offending(f, &["_ => {}", "_ => (),", "other =>", "_ => return"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // And each concern has its enum beside its handler.
    for f in rust_files(&src("gui/app/commands")) {
        let text = std::fs::read_to_string(&f).unwrap();
        if f.ends_with("mod.rs") {
            continue;
        }
        assert!(
            text.contains("Command {") && text.contains("fn run_"),
            "{} should hold a command enum and its handler",
            f.display()
        );
    }
}
