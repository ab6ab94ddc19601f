//! Coding benchmark on a copy of the search benchmark's library (100,000
//! generated stories of ~2 KB, plus four 5 MB texts, two of them a single
//! line): autocode of common words (counting, then coding in one step, and
//! its undo), the Passages view's first screen over 100,000+ passages
//! (retrieval, order, the rows' text), the per-code overview, and the
//! reader on a 5 MB text with 10,000 coded passages (opening, frames while
//! scrolling, headless through egui_kittest).
//!
//!     cargo bench --bench coding
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use corpusdesk::core::Library;
use corpusdesk::core::coding::{self, PassageQuery, Unit};
use corpusdesk::core::filter::Filter;
use corpusdesk::gui::dialogs::ScriptedDialogs;
use corpusdesk::gui::{AppOptions, CorpusApp};
use egui_kittest::Harness;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn stats(name: &str, mut frames: Vec<Duration>) {
    frames.sort();
    let p = |q: f64| frames[((frames.len() - 1) as f64 * q) as usize];
    println!(
        "{name}: {} frames, median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        frames.len(),
        ms(p(0.5)),
        ms(p(0.95)),
        ms(*frames.last().unwrap())
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    corpusdesk::core::memory::tune_allocator();
    // A copy: the shared benchmark library stays as it was.
    let src = corpusdesk::testkit::prose::library(100_000);
    let dir = tempfile::tempdir_in(src.parent().unwrap()).unwrap();
    let path = dir.path().join("coding.corpusdesk");
    let t = Instant::now();
    {
        let lib = Library::open(&src).unwrap();
        lib.backup(&path, true).unwrap();
    }
    copy_dir(
        &corpusdesk::core::search::index::dir_for(&src),
        &corpusdesk::core::search::index::dir_for(&path),
    );
    println!("copied the library in {:.0} ms", ms(t.elapsed()));
    let lib = Library::open(&path).unwrap();
    let conn = lib.reader().unwrap();
    autocode(&lib, &conn);
    passages_view(&conn);
    let (long, before) = long_text(&lib, &conn);
    drop(conn);
    drop(lib);
    reader(path, long, before);
}

/// Autocode: count (read every document holding the word), then code.
fn autocode(lib: &Library, conn: &rusqlite::Connection) {
    let no = AtomicBool::new(false);
    for (word, unit, tag) in [
        ("minister", Unit::Hit, "bench/minister"),
        ("the", Unit::Hit, "bench/the"),
        ("talks", Unit::Sentence, "bench/talks"),
    ] {
        let t = Instant::now();
        let plan =
            coding::autocode::plan(conn, &Filter::default(), word, unit, &no, &mut |_, _| {})
                .unwrap();
        let counted = t.elapsed();
        let (hits, docs) = (plan.hits, plan.documents);
        let t = Instant::now();
        let n = lib.autocode(plan, tag, "bench").unwrap();
        let coded = t.elapsed();
        println!(
            "autocode {word:?} as {:?}: {hits} hits in {docs} documents, {n} passages; \
             count {:.0} ms + code {:.0} ms = {:.2} s",
            unit,
            ms(counted),
            ms(coded),
            (counted + coded).as_secs_f64()
        );
        if word == "the" {
            let t = Instant::now();
            lib.undo().unwrap();
            println!("  undo it: {:.0} ms", ms(t.elapsed()));
            let t = Instant::now();
            lib.redo().unwrap();
            println!("  redo it: {:.0} ms", ms(t.elapsed()));
        }
    }
}

/// The Passages view: every passage of a code over the library, by date.
fn passages_view(conn: &rusqlite::Connection) {
    let no = AtomicBool::new(false);
    // The Passages view: every passage of a code over the library, by
    // date, and the first screen's rows with their text.
    let minister = corpusdesk::core::store::tags::by_name(conn, "bench/minister")
        .unwrap()
        .unwrap()
        .id;
    for (what, query) in [
        (
            "passages of 'bench/minister'",
            PassageQuery {
                a: Some(minister),
                ..Default::default()
            },
        ),
        ("every coded passage", PassageQuery::default()),
    ] {
        // As the window does it: the rows by date, then the text, title
        // and outlet of the 40 rows on screen.
        let t = Instant::now();
        let rows = coding::retrieve::retrieve_lean(conn, &Filter::default(), &query, &no).unwrap();
        let listed = t.elapsed();
        for r in rows.iter().take(40) {
            coding::excerpt(conn, r, 40).unwrap();
            coding::retrieve::details(conn, r.doc).unwrap();
        }
        let screen = t.elapsed();
        // As the CLI and the export do it: every row's title and outlet.
        let t = Instant::now();
        let full = coding::retrieve::retrieve(conn, &Filter::default(), &query, &no).unwrap();
        println!(
            "Passages view, {what}: {} rows listed in {:.0} ms, first screen (40 rows with \
             text, title, outlet) at {:.0} ms; with every title and outlet {:.0} ms",
            rows.len(),
            ms(listed),
            ms(screen),
            ms(t.elapsed())
        );
        assert_eq!(full.len(), rows.len());
    }
    let filtered = Filter {
        query: Some("harbour".into()),
        ..Default::default()
    };
    let t = Instant::now();
    let rows = coding::retrieve::retrieve_lean(
        conn,
        &filtered,
        &PassageQuery {
            a: Some(minister),
            ..Default::default()
        },
        &no,
    )
    .unwrap();
    println!(
        "Passages view under a search ('harbour'): {} rows in {:.0} ms",
        rows.len(),
        ms(t.elapsed())
    );
    let t = Instant::now();
    let o = coding::retrieve::overview(conn, &Filter::default(), &no).unwrap();
    println!(
        "codes overview (counts, co-occurrence): {} codes in {:.0} ms",
        o.tags.len(),
        ms(t.elapsed())
    );
}

/// The 5 MB single-line text with 10,000 more passages: its id and the
/// passages it had.
fn long_text(lib: &Library, conn: &rusqlite::Connection) -> (i64, usize) {
    // The reader: the 5 MB single-line text, 10,000 more passages on it
    // (besides those autocode gave it).
    let (long, chars): (i64, i64) = conn
        .query_row(
            "SELECT id, length(text) FROM documents
              ORDER BY abs(byte_len - 5000000), instr(text, char(10)) LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let before = corpusdesk::core::store::passages::of_document(conn, long)
        .unwrap()
        .len();
    let step = chars / 10_000;
    let ranges: Vec<(i64, i64, i64)> = (0..10_000)
        .map(|i| (long, i * step, i * step + step / 2 + (i % 7) * step / 4))
        .collect();
    let t = Instant::now();
    lib.writer()
        .write(move |tx| {
            corpusdesk::core::store::passages::code(tx, "bench/long", &ranges, "bench")
        })
        .unwrap();
    println!(
        "code 10,000 passages on a {:.1} MB text: {:.0} ms",
        chars as f64 / 1e6,
        ms(t.elapsed())
    );
    (long, before)
}

/// The reader on that text: opening it, then frames while scrolling.
fn reader(path: std::path::PathBuf, long: i64, before: usize) {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_accessibility_check(false)
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            CorpusApp::with_settings(
                Default::default(),
                AppOptions {
                    library: Some(path),
                    dialogs: Box::new(ScriptedDialogs::default()),
                    import_options: Default::default(),
                    persist: false,
                },
            )
        });
    h.step();
    let t = Instant::now();
    h.state_mut().apply(
        &egui::Context::default(),
        corpusdesk::gui::command::CodeCommand::OpenDocument(long).into(),
    );
    h.step();
    h.step();
    println!(
        "open the 5 MB text with its 10,000 passages in the reader: {:.0} ms (two frames)",
        ms(t.elapsed())
    );
    assert_eq!(h.state().reader.coding.passages.len(), before + 10_000);
    println!(
        "  ({} passages on it in all, {} of them from autocode)",
        before + 10_000,
        before
    );
    h.hover_at(egui::pos2(1100.0, 600.0));
    let mut frames = Vec::new();
    for _ in 0..300 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -400.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        let t = Instant::now();
        h.step();
        frames.push(t.elapsed());
    }
    stats("reader, wheel scrolling the 5 MB coded text", frames);
    assert!(
        !h.state().reader.coding.stripes.is_empty(),
        "stripes on screen while scrolling"
    );
}
