//! The Words view in the window: a frequency row opens its concordance, a
//! concordance line opens the reader at that hit, and the counts follow
//! the view's filter.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

#[path = "support/gui.rs"]
mod gui_support;
mod support;

use corpusdesk::gui::dialogs::ScriptedDialogs;
use corpusdesk::gui::panels::words::Tab;
use egui_kittest::kittest::{NodeT, Queryable};
use gui_support::*;
use support::*;

/// The files of `folder` imported through the app into a library in `dir`,
/// and the Words view open.
fn words_view_of(dir: &tempfile::TempDir, folder: std::path::PathBuf) -> App {
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, folder);
    h.get_by_label("Words").click();
    h.run_ok();
    h
}

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
    let mut h = words_view_of(&dir, folder);
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

#[test]
fn a_words_line_is_drawn_on_the_timeline_and_pinned_words_stay_to_compare() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    write(
        &folder.join("a.txt"),
        " date 2023-01-10 Harbour strike. The harbour workers met at the gate.",
    );
    write(
        &folder.join("b.txt"),
        " date 2023-03-02 Council budget vote. The council met at the harbour.",
    );
    let mut h = words_view_of(&dir, folder);
    h.state_mut().words.pattern = "harbour".into();
    h.get_by_label("Run").click();
    wait_for(&mut h, "the concordance", |h| {
        !h.state().words.is_running() && h.state().words.over_time.is_some()
    });
    h.run_ok();
    // The word's line is on the timeline, with its own legend.
    h.get_by_label("— harbour");
    assert!(
        h.query_by_label("×").is_none(),
        "the looked-up word is not pinned"
    );
    let lines = h.state().words.word_lines();
    let drawn = h.state_mut().timeline.word_lines(lines.as_ref()).to_vec();
    assert_eq!(drawn.len(), 1);
    let hits: Vec<u64> = drawn[0].periods.iter().map(|p| p.hits).collect();
    assert_eq!(hits.iter().sum::<u64>(), 3, "{:?}", drawn[0].periods);
    // Pinned, it stays when the next word is looked up.
    h.get_by_label("Pin to timeline").click();
    h.run_ok();
    h.state_mut().words.pattern = "council".into();
    h.get_by_label("Run").click();
    wait_for(&mut h, "the second word", |h| {
        !h.state().words.is_running()
            && h.state()
                .words
                .over_time
                .as_ref()
                .is_some_and(|c| c.words.first().is_some_and(|w| w == "council"))
    });
    h.run_ok();
    h.get_by_label("— harbour");
    h.get_by_label("— council");
    // The pinned word keeps its place (and colour); the new word follows.
    let lines = h.state().words.word_lines();
    let drawn = h.state_mut().timeline.word_lines(lines.as_ref()).to_vec();
    let order: Vec<(&str, usize, bool)> = drawn
        .iter()
        .map(|l| (l.word.as_str(), l.index, l.pinned))
        .collect();
    assert_eq!(order, [("harbour", 0, true), ("council", 1, false)]);
    // × takes the pinned word off.
    h.get_by_label("×").click();
    h.run_ok();
    h.run_ok();
    assert!(h.query_by_label("— harbour").is_none());
    h.get_by_label("— council");
    assert!(h.state().words.pinned.is_empty());
}

#[test]
fn keywords_compare_the_view_with_a_saved_search() {
    use corpusdesk::core::store::saved::SavedFilter;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    for i in 0..3 {
        write(
            &folder.join(format!("h{i}.txt")),
            format!("Harbour report {i}. The harbour strike went on at the harbour gate today."),
        );
        write(
            &folder.join(format!("c{i}.txt")),
            format!("Council report {i}. The council budget vote went on at the council today."),
        );
        // In neither: the rest of the library would hold these too.
        write(
            &folder.join(format!("w{i}.txt")),
            format!("Weather report {i}. Rain went on at the coast today."),
        );
    }
    let dialogs = ScriptedDialogs::default();
    let mut h = app_on(&dir.path().join("lib.corpusdesk"), dialogs.clone());
    settle(&mut h);
    import_folder(&mut h, &dialogs, folder);
    h.state()
        .session
        .as_ref()
        .unwrap()
        .library
        .save_search(
            "council",
            SavedFilter {
                query: Some("council".into()),
                ..Default::default()
            },
        )
        .unwrap();
    wait_for(&mut h, "the saved search listed", |h| {
        h.state().saved.list.len() == 1
    });
    h.state_mut().view.query = Some("harbour".into());
    h.state_mut().filter_dirty = true;
    settle(&mut h);
    h.get_by_label("Words").click();
    h.run_ok();
    h.get_by_label("Keywords").click();
    h.run_ok();
    // The reference picker (labelled "Against").
    h.get_all_by_label("Against").last().unwrap().click();
    h.run_ok();
    h.get_by_label("Saved search council").click();
    h.run_ok();
    h.get_by_label("Run").click();
    wait_for(&mut h, "the keywords", |h| {
        !h.state().words.is_running() && h.state().words.keywords.is_some()
    });
    let k = h.state().words.keywords.clone().unwrap();
    // The saved search's 3 documents, not the other 6 of the library.
    assert_eq!((k.target_documents, k.reference_documents), (3, 3));
    let harbour = k.rows.iter().find(|r| r.term == "harbour").unwrap();
    assert_eq!((harbour.target, harbour.reference), (9, 0));
    assert!(
        k.rows.iter().all(|r| r.term != "council"),
        "under-used words are not keywords"
    );
}

/// The left context keeps the words next to the hit at the default 8 words
/// and width: a long left side is cut at its far end ("…carefully," said
/// e… | minister" hid the very words a reader looks for).
#[test]
fn the_concordance_keeps_the_words_next_to_the_hit() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    write(
        &folder.join("a.txt"),
        "Statement. After a lengthy and extraordinarily contentious overnight \
         negotiation, everyone present agreed, very carefully, said the eloquent \
         minister of agriculture.",
    );
    let mut h = words_view_of(&dir, folder);
    h.get_by_label("Concordance").click();
    h.run_ok();
    h.state_mut().words.pattern = "minister".into();
    h.get_by_label("Run").click();
    wait_for(&mut h, "the concordance", |h| {
        !h.state().words.is_running() && h.state().words.found.lock().unwrap().lines.len() == 1
    });
    h.run_ok();
    let left = h.get_by_label_contains("said the eloquent");
    let node = left.accesskit_node();
    let text = node.label().or(node.value()).unwrap_or_default();
    assert!(
        text.ends_with("said the eloquent"),
        "the left context ends at the hit: {text}"
    );
    assert!(text.contains('…'), "the far end was cut: {text}");
}
