//! OCR benchmark (needs tesseract and pdftoppm, as CI installs them).
//!
//! 1. The fixtures of `tests/fixtures/ocr` (real news texts set at 300 dpi,
//!    turned and speckled: a scanned PDF, a mixed PDF, a PNG, a JPEG, a
//!    two-page 200 dpi fax TIFF; 6 pages read), imported and read.
//! 2. A 24-page scanned PDF (the article's page image on every page),
//!    read: pages per second with the pages side by side on this machine's
//!    cores, and the peak memory of this process and of one Tesseract.
//! 3. The same files imported again after their documents were deleted:
//!    every page from the cache.
//! 4. A 1,000-page scanned PDF imported: the time to queue it (pages are
//!    found, none read).
//!
//!     cargo bench --bench ocr
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use corpusdesk::core::Library;
use corpusdesk::core::ocr::run::{OcrOptions, OcrReport};
use corpusdesk::core::ocr::tools::Tools;
use corpusdesk::testkit::scans::scanned_pdf;

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The largest resident size of any child process (Tesseract, pdftoppm).
fn child_peak_mb() -> f64 {
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: getrusage fills the zeroed struct it is given, nothing else.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss as f64 / 1024.0
    }
    #[cfg(not(unix))]
    0.0
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocr")
}

fn read(lib: &Library) -> (OcrReport, f64) {
    let opts = OcrOptions {
        languages: "eng".into(),
        tools: Tools::find(),
        retry_failed: false,
    };
    let t = Instant::now();
    let report = lib
        .run_ocr(&opts, &AtomicBool::new(false), &mut |_| {})
        .unwrap();
    (report, t.elapsed().as_secs_f64())
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let tools = Tools::find();
    assert!(
        tools.tesseract.is_some() && tools.pdftoppm.is_some(),
        "the OCR benchmark needs tesseract and pdftoppm"
    );
    println!(
        "{} on {} cores",
        tools.version().unwrap_or_default(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("bench.corpusdesk")).unwrap();
    let article = std::fs::read(fixtures().join("article.pdf")).unwrap();

    // 1. The fixtures.
    let scans = dir.path().join("scans");
    std::fs::create_dir_all(&scans).unwrap();
    for name in [
        "article.pdf",
        "mixed.pdf",
        "notice.png",
        "clipping.jpg",
        "fax.tiff",
    ] {
        std::fs::copy(fixtures().join(name), scans.join(name)).unwrap();
    }
    let t = Instant::now();
    lib.import(std::slice::from_ref(&scans)).unwrap();
    let queued = t.elapsed().as_secs_f64();
    let (r, secs) = read(&lib);
    println!(
        "fixtures: {} documents, {} pages read in {secs:.2} s ({:.2} pages/s; queued in {queued:.3} s)",
        r.documents,
        r.pages_read,
        r.pages_read as f64 / secs
    );

    // 2. A 24-page scan.
    let long = dir.path().join("long");
    std::fs::create_dir_all(&long).unwrap();
    std::fs::write(long.join("24-pages.pdf"), scanned_pdf(24, Some(&article))).unwrap();
    lib.import(std::slice::from_ref(&long)).unwrap();
    let (r, secs) = read(&lib);
    println!(
        "24-page scanned PDF (300 dpi): {} pages in {secs:.1} s = {:.2} pages/s; peak memory: this process {:.0} MB, one Tesseract {:.0} MB",
        r.pages_read,
        r.pages_read as f64 / secs,
        peak_rss_mb(),
        child_peak_mb()
    );

    // 3. Again from the cache.
    let ids: Vec<i64> = lib
        .reader()
        .unwrap()
        .prepare("SELECT id FROM documents")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let n = ids.len();
    lib.trash(ids).unwrap();
    lib.empty_trash().unwrap();
    lib.import(&[scans, long]).unwrap();
    let (r, secs) = read(&lib);
    println!(
        "imported again ({n} documents deleted first): {} documents, {} pages from the cache, {} read, in {secs:.2} s",
        r.documents, r.pages_cached, r.pages_read
    );

    // 4. A 1,000-page scan queued.
    let big = dir.path().join("big");
    std::fs::create_dir_all(&big).unwrap();
    std::fs::write(
        big.join("1000-pages.pdf"),
        scanned_pdf(1000, Some(&article)),
    )
    .unwrap();
    let t = Instant::now();
    let report = lib.import(&[big]).unwrap();
    println!(
        "1,000-page scanned PDF ({:.1} MB): queued in {:.2} s ({} scan, {} pages waiting)",
        std::fs::metadata(dir.path().join("big/1000-pages.pdf"))
            .unwrap()
            .len() as f64
            / 1e6,
        t.elapsed().as_secs_f64(),
        report.scans.len(),
        lib.ocr_queue().unwrap().pages
    );
}
