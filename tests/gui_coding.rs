//! Coding in the window: select text in the reader, press a number key,
//! see the passage in its tag's colour with a stripe in the margin, undo
//! it; overlapping codes; a memo on a passage; autocode with its question
//! and undo; the Passages view with an AND combination, its click-through
//! to the reader, and following a filter change.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use corpusdesk::core::store::passages;
use corpusdesk::gui::dialogs::ScriptedDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use gui_support::*;
use support::*;

/// The two sample stories and a third document with non-ASCII text,
/// imported through the app, with tags "economy" and "security" made.
fn coded_app(dir: &tempfile::TempDir) -> App {
    let folder = dir.path().join("in");
    for entry in std::fs::read_dir(samples_dir()).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, folder_file(&folder, &p)).unwrap();
    }
    write(
        &folder.join("intl.txt"),
        "Ünïcode café talks: 日本 officials met. The migration law passed on Friday! \
         Critics of the migration plan said no. 🙂 Emoji stay one character.\r\n\
         A second paragraph on migration and the economy.\r\n",
    );
    let dialogs = ScriptedDialogs::default();
    let mut h = app_any_script(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, folder);
    let lib = h.state().session.as_ref().unwrap().library.clone();
    lib.create_tag("economy", None).unwrap();
    lib.create_tag("security", None).unwrap();
    h.state_mut().settings.coder = "ana".into();
    // The window learns of the tags made behind it (as of a CLI's changes).
    wait_for(&mut h, "the tags", |h| {
        h.state().session.as_ref().unwrap().tags.len() == 2
    });
    h
}

fn folder_file(folder: &std::path::Path, p: &std::path::Path) -> std::path::PathBuf {
    std::fs::create_dir_all(folder).unwrap();
    folder.join(p.file_name().unwrap())
}

/// Opens the document whose text holds `needle` in the reader.
fn open_doc_with(h: &mut App, needle: &str) -> i64 {
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let conn = lib.reader().unwrap();
    let id: i64 = conn
        .query_row(
            "SELECT id FROM documents WHERE instr(text, ?1) > 0 ORDER BY id LIMIT 1",
            [needle],
            |r| r.get(0),
        )
        .unwrap();
    h.state_mut().apply(
        &egui::Context::default(),
        corpusdesk::gui::command::CodeCommand::OpenDocument(id).into(),
    );
    settle(h);
    id
}

/// The character range of `needle` in the reader's text.
fn chars_of(h: &App, needle: &str) -> (i64, i64) {
    let text = &h.state().reader.text;
    let b = text.find(needle).expect("the text holds it");
    let s = text[..b].chars().count() as i64;
    (s, s + needle.chars().count() as i64)
}

/// Selects characters `range` in the reader as a user would: the text
/// gets the keyboard focus with that selection.
fn select(h: &mut App, range: (i64, i64)) {
    h.state_mut().reader.coding.select = Some(range);
    h.run_ok();
    assert_eq!(h.state().reader.coding.selection, Some(range), "selected");
}

/// Types into the field labelled `label`, as a user would (focus, type).
fn type_into(h: &mut App, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run_ok();
    h.get_by_label(label).type_text(text);
    h.run_ok();
}

fn passages_of(h: &App, doc: i64) -> Vec<passages::Passage> {
    let lib = h.state().session.as_ref().unwrap().library.clone();
    lib.passages_of(doc).unwrap()
}

#[test]
fn a_number_key_codes_the_selection_in_its_colour_and_undo_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = coded_app(&dir);
    let doc = open_doc_with(&mut h, "staunch ally");
    let sentence = "Damascus is a staunch ally of Moscow";
    let range = chars_of(&h, sentence);
    select(&mut h, range);
    h.key_press(Key::Num1);
    settle(&mut h);
    let coded = passages_of(&h, doc);
    assert_eq!(coded.len(), 1, "one passage coded");
    let p = &coded[0];
    assert_eq!((p.start, p.end), range);
    assert_eq!(p.coder, "ana");
    let tags = h.state().session.as_ref().unwrap().tags.clone();
    let economy = tags.iter().find(|t| t.name == "economy").unwrap();
    assert_eq!(p.tag, economy.id, "key 1 is the first tag made");
    // In the text, in the tag's colour; in the margin, a stripe.
    h.run_ok();
    let byte = h.state().reader.text.find(sentence).unwrap() + 3;
    let bg = h.state().reader.coding.background_at(byte).unwrap();
    let tag_color = corpusdesk::gui::theme::parse_color(&economy.color);
    assert_ne!(bg, egui::Color32::TRANSPARENT);
    assert_eq!(
        (bg.r() > 0, bg.g() > 0, bg.b() > 0),
        (tag_color.r() > 0, tag_color.g() > 0, tag_color.b() > 0),
        "painted in the tag's colour"
    );
    assert!(
        h.state().reader.coding.stripes.iter().any(|s| s.0 == p.id),
        "a stripe in the margin"
    );
    // The Passages view lists it; the tag list's filter finds its document.
    // Undo takes it back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(passages_of(&h, doc).is_empty(), "undone");
    h.run_ok();
    assert!(h.state().reader.coding.stripes.is_empty(), "no stripe left");
}

#[test]
fn the_keyboard_selects_and_overlapping_codes_get_two_lanes_and_a_memo() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = coded_app(&dir);
    let doc = open_doc_with(&mut h, "Ünïcode");
    // The keyboard: a caret at "Ünïcode", then Shift+→ seven times.
    let (start, _) = chars_of(&h, "Ünïcode");
    h.state_mut().reader.coding.select = Some((start, start));
    h.run_ok();
    for _ in 0..7 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    h.run_ok();
    assert_eq!(h.state().reader.coding.selection, Some((start, start + 7)));
    h.key_press(Key::Num2);
    settle(&mut h);
    // A longer passage over it with the other code.
    let long = chars_of(&h, "Ünïcode café talks: 日本 officials met.");
    select(&mut h, long);
    h.key_press(Key::Num1);
    settle(&mut h);
    let coded = passages_of(&h, doc);
    assert_eq!(coded.len(), 2);
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let conn = lib.reader().unwrap();
    let texts: Vec<String> = coded
        .iter()
        .map(|p| passages::text_of(&conn, p).unwrap())
        .collect();
    assert!(texts.contains(&"Ünïcode".to_string()), "{texts:?}");
    assert!(texts.contains(&"Ünïcode café talks: 日本 officials met.".to_string()));
    h.run_ok();
    let lanes: std::collections::HashSet<u8> = h
        .state()
        .reader
        .coding
        .stripes
        .iter()
        .map(|s| s.1)
        .collect();
    assert_eq!(lanes.len(), 2, "overlapping codes side by side");
    // A click on the short passage's stripe makes it the active one; its
    // memo is written through the memo window.
    let short = coded.iter().find(|p| p.end - p.start == 7).unwrap().id;
    let rect = h
        .state()
        .reader
        .coding
        .stripes
        .iter()
        .find(|s| s.0 == short)
        .unwrap()
        .2;
    h.state_mut().reader.coding.activate(short);
    h.run_ok();
    assert_eq!(h.state().reader.coding.active, Some(short));
    assert!(rect.height() > 0.0);
    h.get_by_label("Memo…").click();
    h.run_ok();
    h.get_by_label("Memo text").focus();
    h.run_ok();
    h.get_by_label("Memo text")
        .type_text("Unicode in a headline: check the source.");
    h.run_ok();
    h.get_by_label("Save").click();
    settle(&mut h);
    assert_eq!(
        passages::memo_of(&conn, short).unwrap().as_deref(),
        Some("Unicode in a headline: check the source.")
    );
    // Remove the code from the passage bar.
    h.get_by_label("Remove code").click();
    settle(&mut h);
    assert_eq!(passages_of(&h, doc).len(), 1);
    // In the reader's text, Shift+↓ extends the selection a line; the list
    // keeps its document (the arrows belong to the text while it has focus).
    h.state_mut().reader.coding.select = Some((start, start + 3));
    h.run_ok();
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    h.run_ok();
    assert_eq!(h.state().reader.doc.as_ref().unwrap().id, doc);
    let (s, e) = h.state().reader.coding.selection.unwrap();
    assert!(s == start && e > start + 3, "{s}..{e}");
}

#[test]
fn autocode_asks_first_codes_sentences_and_undoes_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = coded_app(&dir);
    h.get_all_by_label("Passages").next().unwrap().click();
    h.run_ok();
    h.get_by_label("Code search hits…").click();
    h.run_ok();
    type_into(&mut h, "Search for", "migration");
    type_into(&mut h, "Code with", "policy/migration");
    h.run_ok();
    h.get_by_label("Its sentence").click();
    h.run_ok();
    h.get_by_label("Count hits…").click();
    wait_for(&mut h, "the count", |h| h.state().confirm.is_some());
    let question = h.state().confirm.as_ref().unwrap().title.clone();
    assert_eq!(
        question,
        "Code 3 sentences in 1 document with 'policy/migration'?"
    );
    h.get_by_label("Code them").click();
    settle(&mut h);
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let conn = lib.reader().unwrap();
    let n = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM passages WHERE removed = 0", [], |r| {
            r.get(0)
        })
        .unwrap()
    };
    assert_eq!(n(&conn), 3);
    let texts: Vec<String> = conn
        .prepare("SELECT substr(d.text, p.start + 1, p.end - p.start) FROM passages p JOIN documents d ON d.id = p.doc_id ORDER BY p.start")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        texts,
        [
            "The migration law passed on Friday!",
            "Critics of the migration plan said no.",
            "A second paragraph on migration and the economy."
        ]
    );
    // The Passages view lists them.
    wait_for(&mut h, "the passages", |h| {
        h.state().passages.rows.len() == 3
    });
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert_eq!(n(&conn), 0, "one undo takes every passage back");
}

#[test]
fn the_passages_view_combines_codes_opens_the_reader_and_follows_the_filter() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = coded_app(&dir);
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let conn = lib.reader().unwrap();
    let tags = h.state().session.as_ref().unwrap().tags.clone();
    let id_of = |name: &str| tags.iter().find(|t| t.name == name).unwrap().id;
    let (economy, security) = (id_of("economy"), id_of("security"));
    // Two documents coded: in the first, economy and security overlap.
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    lib.code("economy", ids[0], (10, 80), "ana", None).unwrap();
    lib.code("security", ids[0], (50, 120), "ben", None)
        .unwrap();
    lib.code("economy", ids[1], (200, 260), "ana", None)
        .unwrap();
    settle(&mut h);
    h.get_all_by_label("Passages").next().unwrap().click();
    wait_for(&mut h, "the passages", |h| {
        h.state().passages.rows.len() == 3
    });
    // economy AND security (overlapping): only the first document's.
    h.state_mut().passages.query = corpusdesk::core::coding::PassageQuery {
        a: Some(economy),
        combine: corpusdesk::core::coding::Combine::And,
        b: Some(security),
        near: 0,
    };
    h.state_mut().passages.invalidate();
    wait_for(&mut h, "the combination", |h| {
        !h.state().passages.is_running() && h.state().passages.rows.len() == 1
    });
    let row = h.state().passages.rows[0].clone();
    assert_eq!((row.doc, row.start, row.end), (ids[0], 10, 80));
    // A click on the row opens the reader at exactly that range.
    h.run_ok();
    let title = corpusdesk::core::coding::retrieve::details(&conn, row.doc)
        .unwrap()
        .0;
    let start: String = title.chars().take(24).collect();
    h.get_all_by_label_contains(&start).next().unwrap().click();
    h.run_ok();
    settle(&mut h);
    h.run_ok();
    assert_eq!(h.state().reader.doc.as_ref().unwrap().id, ids[0]);
    assert_eq!(h.state().reader.coding.selection, Some((10, 80)));
    assert_eq!(h.state().reader.coding.active, Some(row.id));
    // Without: economy passages no security passage overlaps.
    h.state_mut().passages.query.combine = corpusdesk::core::coding::Combine::Without;
    h.state_mut().passages.invalidate();
    wait_for(&mut h, "the other combination", |h| {
        !h.state().passages.is_running()
            && h.state().passages.rows.len() == 1
            && h.state().passages.rows[0].doc == ids[1]
    });
    // The view's filter narrows the passages: a search for a word only
    // the third document holds leaves none.
    h.state_mut().passages.query = Default::default();
    h.state_mut().passages.invalidate();
    wait_for(&mut h, "every passage", |h| {
        !h.state().passages.is_running() && h.state().passages.rows.len() == 3
    });
    h.state_mut().view.query = Some("emoji".into());
    h.state_mut().filter_dirty = true;
    wait_for(&mut h, "the filter", |h| {
        !h.state().passages.is_running() && h.state().passages.rows.is_empty()
    });
}

#[test]
fn the_review_offers_to_carry_a_copys_passages_to_its_keeper() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = ScriptedDialogs::default();
    let mut h = app_any_script(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, samples_dir());
    h.get_by_label("Duplicates (1)").click();
    settle(&mut h);
    let cluster = h.state().review.clusters[0].clone();
    let keeper = cluster.keeper;
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let conn = lib.reader().unwrap();
    let copy: i64 = conn
        .query_row("SELECT id FROM documents WHERE id != ?1", [keeper], |r| {
            r.get(0)
        })
        .unwrap();
    let text = corpusdesk::core::store::documents::text(&conn, copy).unwrap();
    let quote = "The Kremlin has sought to mend ties between Damascus and Turkey";
    let b = text.find(quote).unwrap();
    let s = text[..b].chars().count() as i64;
    lib.code(
        "actors/kremlin",
        copy,
        (s, s + quote.chars().count() as i64),
        "ana",
        None,
    )
    .unwrap();
    settle(&mut h);
    h.run_ok();
    h.get_by_label("1 coded passage");
    h.get_by_label("Carry to the keeper").click();
    settle(&mut h);
    let carried = lib.passages_of(keeper).unwrap();
    assert_eq!(carried.len(), 1);
    assert_eq!(passages::text_of(&conn, &carried[0]).unwrap(), quote);
}
