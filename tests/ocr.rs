//! Scans read by OCR (Tesseract and poppler, which `.ci/run` installs):
//! PDF pages without text, mixed PDFs, PNG, JPEG and multi-page TIFF,
//! measured against the real texts they were set from
//! (`tests/fixtures/ocr/make.sh`); the cache, resuming, the queue without
//! Tesseract, and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use corpusdesk::core::Document;
use corpusdesk::core::Library;
use corpusdesk::core::ocr::run::{OcrOptions, OcrReport};
use corpusdesk::core::ocr::tools::Tools;
use corpusdesk::core::store::documents;
use corpusdesk::testkit::scans::scanned_pdf;
use support::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocr")
}

/// The programs, which CI installs: their absence fails here (it would
/// otherwise test nothing).
fn tools() -> Tools {
    let tools = Tools::find();
    assert!(
        tools.tesseract.is_some() && tools.pdftoppm.is_some(),
        "these tests need tesseract and pdftoppm ({}); .ci/run installs them",
        corpusdesk::core::ocr::tools::install_command()
    );
    tools
}

fn options(langs: &str) -> OcrOptions {
    OcrOptions {
        languages: langs.into(),
        tools: tools(),
        retry_failed: false,
    }
}

fn ocr(lib: &Library, langs: &str) -> OcrReport {
    lib.run_ocr(&options(langs), &AtomicBool::new(false), &mut |_| {})
        .unwrap()
}

/// The scans (and their truths) copied into a folder of their own.
fn scans_in(dir: &Path) -> PathBuf {
    let scans = dir.join("scans");
    std::fs::create_dir_all(&scans).unwrap();
    for name in [
        "article.pdf",
        "clipping.jpg",
        "fax.tiff",
        "notice.png",
        "mixed.pdf",
    ] {
        std::fs::copy(fixtures().join(name), scans.join(name)).unwrap();
    }
    scans
}

fn by_name(lib: &Library) -> HashMap<String, Document> {
    support::active_documents(&lib.reader().unwrap())
        .into_iter()
        .map(|d| (d.path.rsplit('/').next().unwrap().to_string(), d))
        .collect()
}

/// Words only, one space apart: layout is not what is measured.
fn words(s: &str) -> Vec<char> {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .chars()
        .collect()
}

/// Character error rate: edits to turn `got` into `truth`, per character
/// of the truth.
fn cer(got: &str, truth: &str) -> f64 {
    let (a, b) = (words(got), words(truth));
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()] as f64 / b.len().max(1) as f64
}

fn truth(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

fn text_of(lib: &Library, d: &Document) -> String {
    documents::text(&lib.reader().unwrap(), d.id).unwrap()
}

#[test]
fn scans_are_read_dated_titled_and_marked_as_ocr() {
    let dir = tempfile::tempdir().unwrap();
    let scans = scans_in(dir.path());
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    let report = lib.import(&[scans]).unwrap();
    // Nothing is stored before OCR has read it: five scans wait.
    assert_eq!(report.imported, 0);
    assert_eq!(report.scans.len(), 5, "{report:?}");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(lib.ocr_queue().unwrap().waiting, 5);
    assert_eq!(
        lib.ocr_queue().unwrap().pages,
        6,
        "a mixed PDF's text page is not read"
    );

    let ocr = ocr(&lib, "eng+deu+fra+spa");
    assert_eq!(ocr.documents, 5, "{ocr:?}");
    assert_eq!(ocr.pages_read, 6);
    assert!(ocr.failed.is_empty(), "{:?}", ocr.failed);
    assert_eq!(lib.ocr_queue().unwrap().waiting, 0);
    let docs = by_name(&lib);

    // Titles are the headlines, dates the ones the pages state.
    let article = &docs["article.pdf"];
    assert_eq!(
        article.title,
        "Russia hosts Syrian, Turkish and Iranian defence ministers"
    );
    assert_eq!(
        article.date.map(|d| d.to_string()).as_deref(),
        Some("2023-04-25")
    );
    let notice = &docs["notice.png"];
    assert_eq!(notice.title, "Qarase and Labour to hold talks");
    assert_eq!(
        notice.date.map(|d| d.to_string()).as_deref(),
        Some("2002-05-15")
    );
    assert_eq!(
        docs["clipping.jpg"].title,
        "Eröffnung des 179. Oktoberfests"
    );

    // Marked, with the mean confidence and the detected language.
    for (name, lang) in [
        ("article.pdf", "en"),
        ("clipping.jpg", "de"),
        ("fax.tiff", "fr"),
        ("notice.png", "en"),
    ] {
        let d = &docs[name];
        assert_eq!(d.meta["text_from"], "OCR", "{name}");
        let conf: f64 = d.meta["ocr_confidence"].as_str().unwrap().parse().unwrap();
        assert!((50.0..=100.0).contains(&conf), "{name}: {conf}");
        assert_eq!(d.meta["lang"], lang, "{name}");
    }
    assert_eq!(docs["mixed.pdf"].meta["ocr_pages"], "1 of 2");
    assert_eq!(lib.ocr_documents().unwrap(), 5);

    // The character error rate against the real texts the pages were set
    // from: at most 2 %, the 200 dpi fax too.
    let mut rates = Vec::new();
    for (name, truth_file, limit) in [
        ("article.pdf", "article.txt", 0.02),
        ("notice.png", "notice.txt", 0.02),
        ("clipping.jpg", "clipping.txt", 0.02),
        ("fax.tiff", "fax-all", 0.02),
    ] {
        let d = &docs[name];
        let truth = if truth_file == "fax-all" {
            truth("fax-1.txt") + "\n" + &truth("fax-2.txt")
        } else {
            truth(truth_file)
        };
        let rate = cer(&text_of(&lib, d), &truth);
        rates.push(format!("{name}: {:.2} %", rate * 100.0));
        assert!(rate <= limit, "{name}: CER {rate:.4}\n{}", text_of(&lib, d));
    }
    println!("character error rates: {}", rates.join(", "));

    // The mixed PDF: its text page first, then the read one, in order.
    let mixed = text_of(&lib, &docs["mixed.pdf"]);
    let (text_page, read_page) = (
        mixed.find("Port traffic").unwrap_or(usize::MAX),
        mixed.find("Wickremenayake").unwrap_or(usize::MAX),
    );
    assert!(text_page < read_page && read_page < usize::MAX, "{mixed}");
    let rate = cer(
        &mixed[read_page - "Sri Lankan Prime Minister ".len()..],
        &truth("mixed-2.txt"),
    );
    assert!(rate <= 0.02, "mixed page: CER {rate:.4}");
    // And they can be found.
    assert_eq!(lib.search("Oktoberfest").unwrap().len(), 1);
}

#[test]
fn a_page_is_read_once_whatever_happens_to_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let scans = scans_in(dir.path());
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(std::slice::from_ref(&scans)).unwrap();
    // Undoing the import takes its scans out of the queue; redoing it puts
    // them back.
    assert_eq!(
        lib.undo().unwrap().as_deref(),
        Some("import of 5 scanned documents")
    );
    assert_eq!(lib.ocr_queue().unwrap().waiting, 0);
    lib.redo().unwrap();
    assert_eq!(lib.ocr_queue().unwrap().waiting, 5);
    // Cancelled after the first pages: what was read is kept. (The fax's
    // first frame counts as Tesseract moves to its second; a frame is kept
    // when its file is done, so two pages done means one kept at least.)
    let cancel = AtomicBool::new(false);
    let first = lib
        .run_ocr(&options("eng"), &cancel, &mut |p| {
            if p.pages_done >= 2 {
                cancel.store(true, Ordering::Relaxed);
            }
        })
        .unwrap();
    assert!(first.cancelled);
    assert!(first.pages_read >= 1 && first.pages_read < 6, "{first:?}");
    assert!(lib.ocr_queue().unwrap().waiting >= 1);
    // The next run goes on: the pages read are not read again.
    let second = ocr(&lib, "eng");
    assert_eq!(
        second.pages_read + first.pages_read,
        6,
        "{first:?} {second:?}"
    );
    assert_eq!(by_name(&lib).len(), 5);
    // The import undone and redone: its documents (read by OCR) go to the
    // trash and come back, read once.
    lib.undo().unwrap();
    assert!(by_name(&lib).is_empty());
    lib.redo().unwrap();
    assert_eq!(by_name(&lib).len(), 5);

    // The documents deleted for good, the files imported again: read from
    // the cache, not by OCR.
    let ids: Vec<_> = by_name(&lib).values().map(|d| d.id).collect();
    lib.trash(ids).unwrap();
    lib.empty_trash().unwrap();
    let again = lib.import(&[scans]).unwrap();
    assert_eq!(again.scans.len(), 5);
    let third = ocr(&lib, "eng");
    assert_eq!(
        (third.pages_read, third.pages_cached, third.documents),
        (0, 6, 5)
    );
}

#[test]
fn without_tesseract_the_rest_imports_and_the_scans_wait_with_the_install_command() {
    let dir = tempfile::tempdir().unwrap();
    let scans = scans_in(dir.path());
    write(
        &scans.join("letter.txt"),
        "A letter\n\nDear editor, the harbour is closed.\n",
    );
    let empty = dir.path().join("empty-bin");
    std::fs::create_dir_all(&empty).unwrap();
    let lib_path = dir.path().join("lib.corpusdesk");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_corpusdesk"))
        .args([
            "--library",
            lib_path.to_str().unwrap(),
            "import",
            scans.to_str().unwrap(),
        ])
        .env("PATH", &empty)
        .env_remove("CORPUSDESK_LIBRARY")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("imported 1 document,"), "{said}");
    assert!(said.contains("5 files are scans waiting for OCR"), "{said}");
    assert!(
        said.contains("Tesseract OCR and poppler (pdftoppm) are not installed"),
        "{said}"
    );
    assert!(
        said.contains(&corpusdesk::core::ocr::tools::install_command()),
        "{said}"
    );
    assert!(said.contains("fax.tiff"), "{said}");
    // `corpusdesk ocr` without them says the same; with them, finishes.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_corpusdesk"))
        .args(["--library", lib_path.to_str().unwrap(), "ocr"])
        .env("PATH", &empty)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("install with: "));
    tools();
    let done = stdout_json(&corpusdesk(&[
        "--library",
        lib_path.to_str().unwrap(),
        "ocr",
        "--json",
    ]));
    assert_eq!(done["documents"], 5, "{done}");
    let lib = Library::open(&lib_path).unwrap();
    assert_eq!(by_name(&lib).len(), 6);

    // In the library: a run without the programs refuses with the command.
    let none = OcrOptions {
        languages: "eng".into(),
        tools: Tools::find_in(std::ffi::OsStr::new("")),
        retry_failed: false,
    };
    let err = lib
        .run_ocr(&none, &AtomicBool::new(false), &mut |_| {})
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Tesseract OCR and poppler (pdftoppm) are not installed"),
        "{err}"
    );
}

#[test]
fn bad_scans_get_reasons_and_nothing_is_half_imported() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    // A decompression bomb: a PNG header claiming 30,000 × 30,000 pixels.
    let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bomb.extend(30_000u32.to_be_bytes());
    bomb.extend(30_000u32.to_be_bytes());
    bomb.extend([8, 0, 0, 0, 0, 0, 0, 0, 0]);
    bomb.extend(vec![0u8; 4096]);
    write(&bad.join("bomb.png"), &bomb);
    // A PNG whose header is fine and whose pixels are not.
    let mut corrupt = std::fs::read(fixtures().join("notice.png")).unwrap();
    corrupt.truncate(300);
    corrupt.extend(vec![0x55u8; 2000]);
    write(&bad.join("0-corrupt.png"), &corrupt);
    // A blank page: read, no word found.
    std::fs::copy(fixtures().join("blank.png"), bad.join("1-blank.png")).unwrap();
    // A JPEG cut off before its frame header.
    write(
        &bad.join("cut.jpg"),
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F'],
    );
    // A password-protected PDF.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/locked.pdf"),
        bad.join("locked.pdf"),
    )
    .unwrap();
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    let report = lib.import(&[bad]).unwrap();
    let reasons: HashMap<String, String> = report
        .errors
        .iter()
        .map(|e| {
            (
                e.path.rsplit('/').next().unwrap().to_string(),
                e.reason.clone(),
            )
        })
        .collect();
    assert!(
        reasons["bomb.png"].contains("30,000 × 30,000 pixels"),
        "{reasons:?}"
    );
    assert!(
        reasons["cut.jpg"].starts_with("damaged JPEG image"),
        "{reasons:?}"
    );
    assert!(
        reasons["locked.pdf"].starts_with("password-protected PDF"),
        "{reasons:?}"
    );
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert_eq!(report.scans.len(), 2, "{report:?}");

    // The corrupt image fails with Tesseract's reason, the blank one as
    // without text: both stay in the queue, marked, not read again unless
    // asked; nothing is stored for them.
    let run = ocr(&lib, "eng");
    assert_eq!((run.documents, run.failed.len()), (0, 2), "{run:?}");
    let failed: Vec<_> = lib
        .ocr_queued()
        .unwrap()
        .into_iter()
        .filter_map(|s| s.failed.map(|f| (s.item.path_text, f)))
        .collect();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed[0].0.ends_with("0-corrupt.png"));
    assert!(failed[0].1.starts_with("Tesseract failed"), "{failed:?}");
    assert!(failed[1].0.ends_with("1-blank.png"));
    assert!(
        failed[1].1.starts_with("no text found by OCR"),
        "{failed:?}"
    );
    assert_eq!(
        ocr(&lib, "eng").pages_read,
        0,
        "failed scans wait to be asked"
    );
    assert!(by_name(&lib).is_empty(), "nothing half-imported");

    // A 1,000-page scan: queued at once; read a few pages at a time and
    // cancelled: no document yet, the pages read kept for the next run.
    let archive = dir.path().join("archive");
    std::fs::create_dir_all(&archive).unwrap();
    write(&archive.join("archive.pdf"), scanned_pdf(1000, None));
    let report = lib.import(&[archive]).unwrap();
    assert_eq!(report.scans.len(), 1);
    let queue = lib.ocr_queue().unwrap();
    assert_eq!((queue.waiting, queue.pages, queue.failed), (1, 1000, 2));
    let cancel = AtomicBool::new(false);
    let run = lib
        .run_ocr(&options("eng"), &cancel, &mut |p| {
            if p.pages_done >= 4 {
                cancel.store(true, Ordering::Relaxed);
            }
        })
        .unwrap();
    assert!(run.cancelled);
    assert_eq!(run.documents, 0);
    assert!(by_name(&lib).is_empty(), "nothing half-imported");
    let cached: i64 = lib
        .reader()
        .unwrap()
        .query_row("SELECT count(*) FROM ocr_pages", [], |r| r.get(0))
        .unwrap();
    assert!((4..1000).contains(&cached), "{cached}");
}

#[test]
fn a_killed_run_goes_on_where_it_stopped() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let scans = dir.path().join("scans");
    std::fs::create_dir_all(&scans).unwrap();
    write(
        &scans.join("report.pdf"),
        scanned_pdf(
            8,
            Some(&std::fs::read(fixtures().join("article.pdf")).unwrap()),
        ),
    );
    let lib_path = dir.path().join("lib.corpusdesk");
    let lib_arg = lib_path.to_str().unwrap();
    let out = corpusdesk(&[
        "--library",
        lib_arg,
        "import",
        "--no-ocr",
        scans.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 files are scans waiting for OCR"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_corpusdesk"))
        .args(["--library", lib_arg, "ocr"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once some pages are read (kept as each is read).
    let reader = corpusdesk::core::store::open_reader(&lib_path).unwrap();
    let cached = || -> i64 {
        reader
            .query_row("SELECT count(*) FROM ocr_pages", [], |r| r.get(0))
            .unwrap_or(0)
    };
    let start = std::time::Instant::now();
    while cached() < 2 {
        assert!(start.elapsed().as_secs() < 120, "no page read");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = cached();
    assert!(before < 8, "killed too late to tell: {before}");
    let done = stdout_json(&corpusdesk(&["--library", lib_arg, "ocr", "--json"]));
    assert_eq!(done["documents"], 1, "{done}");
    assert!(done["pages_cached"].as_i64().unwrap() >= before, "{done}");
    assert_eq!(
        done["pages_read"].as_i64().unwrap() + done["pages_cached"].as_i64().unwrap(),
        8,
        "{done}"
    );
    let lib = Library::open(&lib_path).unwrap();
    assert_eq!(by_name(&lib)["report.pdf"].meta["ocr_pages"], "8");
}

#[test]
fn a_multi_page_tiff_reports_each_page_as_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let scans = dir.path().join("fax");
    std::fs::create_dir_all(&scans).unwrap();
    std::fs::copy(fixtures().join("fax.tiff"), scans.join("fax.tiff")).unwrap();
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(&[scans]).unwrap();
    let mut seen = Vec::new();
    let report = lib
        .run_ocr(&options("fra"), &AtomicBool::new(false), &mut |p| {
            seen.push((p.pages_done, p.pages_total))
        })
        .unwrap();
    assert_eq!((report.documents, report.pages_read), (1, 2));
    // The first page counted while the second is read, then the end.
    assert_eq!(seen.first(), Some(&(0, 2)));
    assert!(seen.contains(&(1, 2)), "{seen:?}");
    assert_eq!(seen.last(), Some(&(2, 2)), "{seen:?}");
}
