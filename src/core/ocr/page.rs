//! Reading one scanned page: a PDF page rendered by `pdftoppm` at up to
//! 300 dpi (less for a page so large the image would pass
//! [`MAX_RENDER_PIXELS`]), then `tesseract` on it, one thread each (the
//! job runs pages side by side, up to the cores). An image file is read
//! whole (a TIFF's frames come back as pages).

use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use super::tools::{RunError, Tools, run, run_watching};
use super::tsv::{self, PageText};

/// The resolution pages are rendered at.
pub const DPI: u32 = 300;

/// Pixels a rendered page may have (A4 at 300 dpi: 8.7 million).
pub const MAX_RENDER_PIXELS: f64 = 40_000_000.0;

/// How long one page may take before it is given up.
const PAGE_LIMIT: Duration = Duration::from_secs(180);

/// The resolution a page of this size (points) is rendered at, or why it
/// is not (too large to read at any useful resolution).
pub fn render_dpi(width_pt: f64, height_pt: f64) -> Result<u32, String> {
    let square_inches = (width_pt / 72.0) * (height_pt / 72.0);
    let dpi = (MAX_RENDER_PIXELS / square_inches.max(1e-6))
        .sqrt()
        .min(DPI as f64);
    if dpi < 70.0 {
        return Err(format!(
            "page too large to read: {:.0} × {:.0} inches",
            width_pt / 72.0,
            height_pt / 72.0
        ));
    }
    Ok(dpi as u32)
}

fn failed(what: &str, e: RunError) -> String {
    match e {
        RunError::Cancelled => "cancelled".into(),
        RunError::TimedOut => format!("{what} took longer than {} s", PAGE_LIMIT.as_secs()),
        RunError::Failed(said) => format!("{what} failed: {said}"),
    }
}

/// Reads page `page` (from 1) of the PDF at `file`.
pub fn pdf_page(
    tools: &Tools,
    file: &Path,
    page: u32,
    size_pt: (f64, f64),
    langs: &str,
    cancel: &AtomicBool,
) -> Result<PageText, String> {
    let (Some(pdftoppm), Some(_)) = (&tools.pdftoppm, &tools.tesseract) else {
        return Err(tools.missing(true).unwrap_or_default());
    };
    let dpi = render_dpi(size_pt.0, size_pt.1)?;
    let dir = tempfile::tempdir().map_err(|e| format!("no room for the page image: {e}"))?;
    let prefix = dir.path().join("page");
    let mut render = Command::new(pdftoppm);
    render
        .args(["-q", "-gray", "-png", "-singlefile", "-r"])
        .arg(dpi.to_string())
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(file)
        .arg(&prefix);
    run(render, PAGE_LIMIT, cancel).map_err(|e| failed("rendering the page", e))?;
    let reading = Reading {
        tools,
        image: &prefix.with_extension("png"),
        dpi: Some(dpi),
        cancel,
        pages: 1,
        dir: dir.path(),
    };
    let mut pages = reading.best(langs, &mut |_| {})?;
    let mut text = pages.pop().unwrap_or_default();
    text.page = page;
    Ok(text)
}

/// Reads an image file (`pages`: its frames, for the time limit);
/// `on_page` hears of each frame read as Tesseract moves on to the next.
pub fn image(
    tools: &Tools,
    file: &Path,
    pages: u32,
    langs: &str,
    cancel: &AtomicBool,
    on_page: &mut dyn FnMut(),
) -> Result<Vec<PageText>, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("no room for OCR's output: {e}"))?;
    let reading = Reading {
        tools,
        image: file,
        dpi: None,
        cancel,
        pages,
        dir: dir.path(),
    };
    let mut read = reading.best(langs, &mut |line| {
        // "Page 2": the first page is read.
        if line
            .strip_prefix("Page ")
            .and_then(|n| n.trim().parse::<u32>().ok())
            .is_some_and(|n| n > 1)
        {
            on_page();
        }
    })?;
    // A page without a word has no row in the TSV: it was read, blank.
    for page in 1..=pages.max(1) {
        if !read.iter().any(|p| p.page == page) {
            read.push(PageText {
                page,
                ..PageText::default()
            });
        }
    }
    read.sort_by_key(|p| p.page);
    Ok(read)
}

/// One image for Tesseract, and how.
struct Reading<'a> {
    tools: &'a Tools,
    image: &'a Path,
    /// Its resolution when known (a rendered page).
    dpi: Option<u32>,
    cancel: &'a AtomicBool,
    /// Its frames, for the time limit.
    pages: u32,
    /// Where Tesseract writes.
    dir: &'a Path,
}

impl Reading<'_> {
    /// Tesseract once, in `langs`; its stderr lines to `on_line`.
    fn once(&self, langs: &str, on_line: &mut dyn FnMut(&str)) -> Result<Vec<PageText>, String> {
        let Some(tesseract) = &self.tools.tesseract else {
            return Err(self.tools.missing(false).unwrap_or_default());
        };
        let out = self.dir.join("ocr");
        let mut cmd = Command::new(tesseract);
        cmd.arg(self.image)
            .arg(&out)
            .args(["-l", langs, "--psm", "3"]);
        if let Some(dpi) = self.dpi {
            cmd.args(["--dpi", &dpi.to_string()]);
        }
        // One thread per page: the job runs pages side by side.
        cmd.arg("tsv").env("OMP_THREAD_LIMIT", "1");
        run_watching(cmd, PAGE_LIMIT * self.pages.max(1), self.cancel, on_line)
            .map_err(|e| failed("Tesseract", e))?;
        let tsv = std::fs::read_to_string(out.with_extension("tsv"))
            .map_err(|e| format!("Tesseract wrote no text: {e}"))?;
        Ok(tsv::parse(&tsv))
    }

    /// Reads with the languages in the user's order, then, when the text
    /// is in another of them, again with that one first (Tesseract leans
    /// on its first language: `Eroffnung` under eng+deu, `Eröffnung` under
    /// deu+eng), keeping the surer reading.
    fn best(&self, langs: &str, on_line: &mut dyn FnMut(&str)) -> Result<Vec<PageText>, String> {
        let first = self.once(langs, on_line)?;
        let codes: Vec<&str> = langs.split('+').collect();
        let text: String = first
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let Some(lang) = crate::core::import::language::detect(&text)
            .and_then(super::tools::tesseract_code)
            .filter(|l| codes.len() > 1 && codes[0] != *l && codes.contains(l))
        else {
            return Ok(first);
        };
        let reordered: Vec<&str> = std::iter::once(lang)
            .chain(codes.iter().copied().filter(|c| *c != lang))
            .collect();
        let again = self.once(&reordered.join("+"), &mut |_| {})?;
        Ok(if mean(&again) >= mean(&first) {
            again
        } else {
            first
        })
    }
}

fn mean(pages: &[PageText]) -> f64 {
    let (sum, n) = pages.iter().fold((0.0, 0u32), |(s, n), p| {
        (
            s + p.confidence.unwrap_or(0.0) as f64 * p.words as f64,
            n + p.words,
        )
    });
    if n == 0 { 0.0 } else { sum / n as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_pages_render_at_less_and_huge_ones_not_at_all() {
        assert_eq!(render_dpi(595.0, 842.0), Ok(300));
        let broadsheet = render_dpi(1700.0, 2700.0).unwrap();
        assert!((200..300).contains(&broadsheet), "{broadsheet}");
        assert!(
            render_dpi(14_400.0, 14_400.0)
                .unwrap_err()
                .contains("too large")
        );
    }
}
