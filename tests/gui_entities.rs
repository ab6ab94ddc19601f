//! Names in the window: after an import the People / Organisations /
//! Places facets list what the documents name; a click filters (a chip),
//! the right-click menu renames and ignores (undoable, kept across a
//! restart), the merge dialog merges, "Appears with" lists partners.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use corpusdesk::gui::dialogs::ScriptedDialogs;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use gui_support::*;
use support::*;

fn facet_names(h: &App) -> Vec<String> {
    h.state()
        .entities
        .facets
        .iter()
        .flatten()
        .map(|r| r.name.clone())
        .collect()
}

fn facets_show(h: &mut App, name: &str) {
    let name = name.to_string();
    wait_for(h, &format!("{name} in the facets"), |h| {
        facet_names(h).contains(&name)
    });
}

/// Narrows the facets to names holding `text` (the Find box).
fn find(h: &mut App, text: &str) {
    h.get_by_label("Find").click();
    settle(h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    if !text.is_empty() {
        h.get_by_label("Find").type_text(text);
    }
    settle(h);
    let text = text.to_string();
    wait_for(h, "the names found", |h| {
        h.state().entities.needle == text
            && !h.state().entities.is_busy()
            && !facet_names(h).is_empty()
    });
}

/// The window on a new library (in the returned folder) with the two
/// samples imported.
fn samples_app() -> (tempfile::TempDir, std::path::PathBuf, ScriptedDialogs, App) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.corpusdesk");
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&lib, dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, samples_dir());
    (dir, lib, dialogs, h)
}

/// With few tags, the names take the room the tags leave: the places
/// under the people and organisations are in sight above the Tags heading,
/// not scrolled away below it.
#[test]
fn a_short_tag_list_leaves_the_names_room_to_show_every_type() {
    let (_dir, _, _, mut h) = samples_app();
    facets_show(&mut h, "Ankara");
    settle(&mut h);
    // The tags section's first row (the table has a Tags column too).
    let tags = h.get_by_label("New tag").rect();
    for place in ["Ankara", "Damascus"] {
        let r = h.get_by_label(place).rect();
        assert!(
            r.bottom() <= tags.top(),
            "{place} at {r:?} is below the tags section at {tags:?}"
        );
    }
}

#[test]
fn names_are_listed_filtered_renamed_ignored_and_merged_in_the_window() {
    let (_dir, lib, dialogs, mut h) = samples_app();
    facets_show(&mut h, "Bashar al-Assad");
    h.get_by_label("People");
    h.get_by_label("Places");
    // A click filters: a chip, and the list shows the documents naming it.
    find(&mut h, "Damascus");
    h.get_by_label("Damascus").click();
    wait_for(&mut h, "the filter", |h| h.state().view.entities.len() == 1);
    h.get_by_label("place = Damascus");
    wait_for(&mut h, "two documents", |h| shown(h) == 2);
    // The chip removes the filter.
    h.get_by_label("Remove the filter place = Damascus").click();
    settle(&mut h);
    assert!(h.state().view.entities.is_empty());

    // Rename through the right-click menu and its dialog, then undo.
    find(&mut h, "Kreml");
    h.get_by_label("Kremlin").click_secondary();
    settle(&mut h);
    h.get_by_label("Rename…").click();
    settle(&mut h);
    h.get_by_label("New name").click();
    settle(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("New name").type_text("The Kremlin");
    settle(&mut h);
    h.get_by_label("Rename").click();
    facets_show(&mut h, "The Kremlin");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    facets_show(&mut h, "Kremlin");

    // Ignore: gone from the facets, and still gone after a restart.
    find(&mut h, "Moscow");
    h.get_by_label("Moscow").click_secondary();
    settle(&mut h);
    h.get_by_label("Ignore (never show this name)").click();
    wait_for(&mut h, "Moscow gone", |h| {
        !facet_names(h).contains(&"Moscow".to_string()) && !h.state().entities.is_busy()
    });
    drop(h);
    let mut h = app_on(&lib, dialogs.clone());
    facets_show(&mut h, "Damascus");
    assert!(
        !facet_names(&h).contains(&"Moscow".to_string()),
        "ignored across a restart"
    );
    // The ⋯ menu lists it, to show it again (and the ignore is undone).
    h.get_by_label("⋯").click();
    settle(&mut h);
    h.get_by_label("Ignored names (1)").click();
    settle(&mut h);
    h.get_by_label("Show \u{201c}Moscow\u{201d} again").click();
    settle(&mut h);
    facets_show(&mut h, "Moscow");

    // Merge two names: select one, merge it into another from its menu.
    find(&mut h, "Ankara");
    h.get_by_label("Ankara").click_secondary();
    settle(&mut h);
    h.get_by_label("Select for merging").click();
    settle(&mut h);
    find(&mut h, "Turkey");
    h.get_by_label("Turkey").click_secondary();
    settle(&mut h);
    h.get_by_label("Merge 1 selected into this…").click();
    settle(&mut h);
    h.get_by_label("Merge").click();
    find(&mut h, "");
    wait_for(&mut h, "Ankara merged", |h| {
        !facet_names(h).contains(&"Ankara".to_string())
            && facet_names(h).contains(&"Turkey".to_string())
    });
    let lib = h.state().session.as_ref().unwrap().library.clone();
    let turkey = lib.entity_named("Ankara", None).unwrap();
    assert_eq!(
        turkey.name, "Turkey",
        "the variant's name finds the entity it was merged into"
    );

    // What appears with a name.
    find(&mut h, "Turkey");
    h.get_by_label("Turkey").click_secondary();
    settle(&mut h);
    h.get_by_label("Appears with…").click();
    wait_for(&mut h, "partners", |h| {
        h.state()
            .entities
            .with
            .as_ref()
            .is_some_and(|(_, p)| !p.is_empty())
    });
    h.get_by_label("Appears with Turkey");

    // Names marked in the reader: the toggle, the legend, the marks.
    h.get_by_label("Damascus").click();
    settle(&mut h);
    wait_for(&mut h, "the filtered list", |h| shown(h) == 2);
    h.key_press(Key::ArrowDown);
    wait_for(&mut h, "a document in the reader", |h| {
        h.state().reader.doc.is_some()
    });
    h.get_by_label("Mark names").click();
    wait_for(&mut h, "names marked", |h| {
        h.state().reader.coding.show_names && !h.state().reader.coding.names.is_empty()
    });
    h.get_by_label("organisation");
    let text = h.state().reader.text.clone();
    let marks = &h.state().reader.coding.names;
    assert!(
        marks
            .iter()
            .any(|n| &text[n.start..n.end] == "Shoigu" && n.name == "Sergei Shoigu")
    );
}
