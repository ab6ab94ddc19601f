//! Library view benchmark: a library of 1,000,000 generated documents, the
//! time to open it in the app, and the CPU time of one frame while scrolling
//! (egui pass of the whole window, headless, via egui_kittest).
//!
//!     cargo bench --bench view            # builds the library once, then reuses it
//!     CORPUSDESK_BENCH_DOCS=200000 cargo bench --bench view

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::time::{Duration, Instant};

use corpusdesk::core::Library;
use corpusdesk::gui::dialogs::ScriptedDialogs;
use corpusdesk::gui::{AppOptions, CorpusApp};
use egui_kittest::Harness;

fn stats(name: &str, mut frames: Vec<Duration>) {
    frames.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
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
    let n: usize = std::env::var("CORPUSDESK_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = corpusdesk::testkit::bulk::library(n);

    // Open: what the app does at start-up (validate, count, first page).
    let t = Instant::now();
    let app = CorpusApp::with_settings(
        Default::default(),
        AppOptions {
            library: Some(path.clone()),
            dialogs: Box::new(ScriptedDialogs::default()),
            import_options: Default::default(),
            persist: false,
        },
    );
    let open = t.elapsed();
    assert_eq!(app.session.as_ref().unwrap().total, n);
    drop(app);

    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_accessibility_check(false)
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
    let t = Instant::now();
    h.step();
    let first_frame = t.elapsed();
    println!(
        "open {n} documents: {:.0} ms to open the library, first frame {:.1} ms",
        open.as_secs_f64() * 1000.0,
        first_frame.as_secs_f64() * 1000.0
    );

    // The anchors that allow jumping anywhere are collected in the background.
    let t = Instant::now();
    while h.state().session.as_ref().unwrap().view.is_busy() {
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    println!(
        "list index ready after {:.0} ms (in the background)",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // Scroll with the wheel, 600 points a frame.
    h.hover_at(egui::pos2(300.0, 400.0));
    let mut frames = Vec::new();
    for _ in 0..300 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -600.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        let t = Instant::now();
        h.step();
        frames.push(t.elapsed());
    }
    stats("wheel scrolling", frames);

    // Jumps: Page Down, then End and Home (deep in the list, by anchor).
    h.key_press(egui::Key::ArrowDown);
    h.step();
    let mut frames = Vec::new();
    for k in 0..60 {
        let key = match k % 3 {
            0 => egui::Key::End,
            1 => egui::Key::Home,
            _ => egui::Key::PageDown,
        };
        h.key_press(key);
        let t = Instant::now();
        h.step();
        h.step();
        frames.push(t.elapsed() / 2);
    }
    stats("jumps (Home / End / Page Down)", frames);

    drop(h);

    // Bulk tagging: 100,000 documents at once, through the writer.
    let lib = Library::open(corpusdesk::testkit::bulk::library(n)).unwrap();
    let ids: Vec<i64> = (1..=100_000.min(n as i64)).collect();
    let name = format!("bench/{}", std::process::id());
    let timed = |what: &str, f: &dyn Fn() -> usize| {
        let t = Instant::now();
        let changed = f();
        println!(
            "{what}: {changed} documents in {:.0} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    };
    timed("tag 100,000 documents", &|| {
        lib.tag_documents(&name, ids.clone(), true).unwrap()
    });
    timed("undo it", &|| {
        lib.undo().unwrap();
        ids.len()
    });
    timed("redo it", &|| {
        lib.redo().unwrap();
        ids.len()
    });
    timed("untag 100,000 documents", &|| {
        lib.tag_documents(&name, ids.clone(), false).unwrap()
    });
    let id = corpusdesk::core::store::tags::by_name(&lib.reader().unwrap(), &name)
        .unwrap()
        .unwrap()
        .id;
    lib.delete_tag(id).unwrap();
}
