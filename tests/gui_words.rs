//! The Words view in the window: a frequency row opens its concordance, a
//! concordance line opens the reader at that hit, and the counts follow
//! the view's filter.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use corpusdesk::gui::dialogs::ScriptedDialogs;
use corpusdesk::gui::panels::words::Tab;
use egui_kittest::kittest::Queryable;
use gui_support::*;
use support::*;

#[test]
fn a_frequency_row_opens_its_concordance_and_a_line_opens_the_reader_at_the_hit() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    write(
        &folder.join("a.txt"),
        "Harbour strike. The harbour workers met at the harbour gate.",
    );
    write(
        &folder.join("b.txt"),
        "Council budget vote in Geneva. The council met.",
    );
    write(&folder.join("c.txt"), "Harbour fees rose in Geneva.");
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, folder);
    h.get_by_label("Words").click();
    h.run_ok();
    h.get_by_label("Frequencies").click();
    h.run_ok();
    h.get_by_label("Run").click();
    wait_for(&mut h, "the frequency list", |h| {
        h.state().words.freq.is_some()
    });
    h.run_ok();
    let freq = h.state().words.freq.clone().unwrap();
    let harbour = freq.rows.iter().find(|r| r.term == "harbour").unwrap();
    assert_eq!((harbour.count, harbour.documents), (4, 2));
    assert_eq!(freq.rows[0].term, "harbour", "most frequent first");
    // A row → its concordance.
    h.get_by_label("harbour").click();
    wait_for(&mut h, "the concordance", |h| {
        !h.state().words.is_running() && h.state().words.found.lock().unwrap().lines.len() == 4
    });
    h.run_ok();
    assert_eq!(h.state().words.tab, Tab::Concordance);
    assert_eq!(h.state().words.pattern, "harbour");
    // A line → the reader, at that hit.
    let hits = h.get_all_by_label("harbour").count();
    assert!(hits >= 2, "the lines show their hits");
    h.get_all_by_label("harbour").last().unwrap().click();
    h.run_ok();

    let reader = &h.state().reader;
    let (start, end) = reader.focus.expect("the reader shows a hit");
    assert_eq!(&reader.text[start..end].to_lowercase(), "harbour");
    assert!(reader.doc.is_some());
    // The view's search narrows what is counted: the list follows.
    h.get_by_label("Frequencies").click();
    h.run_ok();
    h.state_mut().view.query = Some("geneva".into());
    h.state_mut().filter_dirty = true;
    wait_for(&mut h, "the list to follow the view", |h| {
        !h.state().words.is_running()
            && h.state()
                .words
                .freq
                .as_ref()
                .is_some_and(|f| f.documents == 2)
    });
    let freq = h.state().words.freq.clone().unwrap();
    let harbour = freq.rows.iter().find(|r| r.term == "harbour").unwrap();
    assert_eq!((harbour.count, harbour.documents), (1, 1));
    // Collocations over the whole library: a collocate opens the node's
    // lines that hold it.
    h.state_mut().view.query = None;
    h.state_mut().filter_dirty = true;
    settle(&mut h);
    h.get_by_label("Collocations").click();
    h.run_ok();
    h.state_mut().words.node = "harbour".into();
    h.state_mut().words.min = 1;
    h.get_by_label("Run").click();
    wait_for(&mut h, "the collocations", |h| {
        !h.state().words.is_running() && h.state().words.collocates.is_some()
    });
    h.run_ok();
    h.get_by_label("log-Dice");
    h.get_by_label("gate").click();
    wait_for(&mut h, "the pair's lines", |h| {
        !h.state().words.is_running() && h.state().words.tab == Tab::Concordance
    });
    assert_eq!(h.state().words.line_filter, "gate");
    let lines = h.state_mut().words.shown_lines();
    assert_eq!(lines.len(), 1, "only the line with both");
    assert!(lines[0].right.contains("gate"));
}
