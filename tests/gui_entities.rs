//! Names in the window: after an import the People / Organisations /
//! Places facets list what the documents name; a click filters (a chip),
//! the right-click menu renames and ignores (undoable, kept across a
//! restart), the merge dialog merges, "Appears with" lists partners.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use corpusdesk::gui::command::EntityCommand;
use corpusdesk::gui::dialogs::ScriptedDialogs;
use corpusdesk::gui::panels::entities::EntityDialog;
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

fn push(h: &mut App, c: EntityCommand) {
    h.state_mut().commands.push(c);
    settle(h);
}

/// Narrows the facets to names holding `text` (the Find box).
fn find(h: &mut App, text: &str) {
    h.get_by_label("Find");
    push(h, EntityCommand::Needle(text.to_string()));
    let text = text.to_string();
    wait_for(h, "the names found", |h| {
        h.state().entities.needle == text
            && !h.state().entities.is_busy()
            && !facet_names(h).is_empty()
    });
}

#[test]
fn names_are_listed_filtered_renamed_ignored_and_merged_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.corpusdesk");
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&lib, dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, samples_dir());
    facets_show(&mut h, "Bashar al-Assad");
    h.get_by_label("People");
    h.get_by_label("Places");
    // The facets' commands (what a click and the right-click menu push).
    let id = |h: &App, name: &str| {
        h.state()
            .entities
            .facets
            .iter()
            .flatten()
            .find(|r| r.name == name)
            .map(|r| r.id)
            .unwrap()
    };
    let damascus = id(&h, "Damascus");
    push(
        &mut h,
        EntityCommand::Filter(damascus, "place = Damascus".into()),
    );
    wait_for(&mut h, "the filter", |h| h.state().view.entities.len() == 1);
    h.get_by_label("place = Damascus");
    wait_for(&mut h, "two documents", |h| shown(h) == 2);
    // The chip removes the filter.
    h.get_by_label("Remove the filter place = Damascus").click();
    settle(&mut h);
    assert!(h.state().view.entities.is_empty());

    // Rename through the dialog, then undo.
    find(&mut h, "Kreml");
    let kremlin = id(&h, "Kremlin");
    push(
        &mut h,
        EntityCommand::OpenDialog(EntityDialog::Rename {
            id: kremlin,
            name: "Kremlin".into(),
        }),
    );
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
    find(&mut h, "");
    let moscow = id(&h, "Moscow");
    push(&mut h, EntityCommand::Ignore(vec![moscow], true));
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

    // Merge two names into one through the dialog.
    let (ankara, turkey) = (id(&h, "Ankara"), id(&h, "Turkey"));
    push(&mut h, EntityCommand::Select(ankara));
    push(
        &mut h,
        EntityCommand::OpenDialog(EntityDialog::Merge {
            from: vec![ankara],
            into: turkey,
            name: "Turkey".into(),
        }),
    );
    h.get_by_label("Merge").click();
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
    push(&mut h, EntityCommand::ShowWith(Some(turkey.id)));
    wait_for(&mut h, "partners", |h| {
        h.state()
            .entities
            .with
            .as_ref()
            .is_some_and(|(_, p)| !p.is_empty())
    });
    h.get_by_label("Appears with Turkey");
}
