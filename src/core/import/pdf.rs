//! PDF files: the text layer in reading order (`pdf-extract` over `lopdf`),
//! page by page, title and author from the document information dictionary.
//!
//! The date is one the text states; the file's `CreationDate` is kept as
//! metadata only. Pages without a text layer (or with too little text for
//! their area) that show an image are scans: a PDF with any is handed to
//! OCR ([`crate::core::ocr`]) as a [`Scan`](super::item::Scan), and its text is put together
//! later from its text pages and its read ones, in page order
//! ([`assemble`]). An encrypted PDF is refused as "password-protected"
//! (one encrypted only against editing, with an empty open password, is
//! read).

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::dates;
use super::item::Parsed;
use super::text::title_of;

/// Why an encrypted PDF is not read.
pub const ENCRYPTED: &str =
    "password-protected PDF: open it with its password and save an unprotected copy to import it";

/// Characters a page shows per square inch of its area below which, with
/// an image on it, it counts as a scan (an A4 page: 47 characters; a page
/// of text holds thousands).
const SCAN_CHARS_PER_SQ_INCH: f64 = 0.5;

/// One page of a PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfPage {
    /// Its text layer, tidied.
    pub text: String,
    /// No text layer (or too little for its area), and an image on it.
    pub needs_ocr: bool,
    /// Its size in points (1/72 inch).
    pub width_pt: f64,
    pub height_pt: f64,
}

/// A PDF's pages and what its information dictionary says.
#[derive(Debug, Clone, Default)]
pub struct PdfFile {
    pub pages: Vec<PdfPage>,
    title: Option<String>,
    meta: Vec<(&'static str, Option<String>)>,
}

impl PdfFile {
    /// The page numbers (from 1) to read by OCR.
    pub fn ocr_pages(&self) -> Vec<u32> {
        (1..=self.pages.len() as u32)
            .filter(|&n| self.pages[n as usize - 1].needs_ocr)
            .collect()
    }
}

/// A PDF's text: a document, or the file is a scan (some pages need OCR).
pub fn parse(bytes: &[u8], stem: &str) -> Result<Result<Parsed, PdfFile>, String> {
    let file = read(bytes)?;
    if file.pages.iter().any(|p| p.needs_ocr) {
        return Ok(Err(file));
    }
    assemble(&file, &[], stem).map(Ok)
}

/// Reads a PDF page by page. pdf-extract unwraps on some malformed
/// objects: a panic is a damaged file.
pub fn read(bytes: &[u8]) -> Result<PdfFile, String> {
    catch_unwind(AssertUnwindSafe(|| read_inner(bytes)))
        .unwrap_or_else(|_| Err("damaged PDF (its text could not be read)".into()))
}

fn read_inner(bytes: &[u8]) -> Result<PdfFile, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => ENCRYPTED.to_string(),
        e => format!("damaged or truncated PDF ({e})"),
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ENCRYPTED.into());
    }
    let mut pages = Vec::new();
    for (number, id) in doc.get_pages() {
        let mut raw = String::new();
        {
            let mut output = pdf_extract::PlainTextOutput::new(&mut raw);
            pdf_extract::output_doc_page(&doc, &mut output, number)
                .map_err(|e| format!("damaged PDF: its text could not be read ({e})"))?;
        }
        let text = tidy(&raw);
        let (width_pt, height_pt) = page_size(&doc, id);
        let area = (width_pt / 72.0) * (height_pt / 72.0);
        let chars = text.chars().filter(|c| !c.is_whitespace()).count() as f64;
        let needs_ocr = chars < (SCAN_CHARS_PER_SQ_INCH * area).max(20.0) && has_image(&doc, id);
        pages.push(PdfPage {
            text,
            needs_ocr,
            width_pt,
            height_pt,
        });
    }
    if pages
        .iter()
        .all(|p| p.text.trim().is_empty() && !p.needs_ocr)
    {
        // No text anywhere and no image found where this reader looks
        // (inline images, nested forms): every page is worth a look.
        if pages.is_empty() {
            return Err("damaged PDF: no pages".into());
        }
        for page in &mut pages {
            page.needs_ocr = true;
        }
    }
    let info = |key: &[u8]| info_string(&doc, key);
    // The file's creation and modification times are metadata, never the
    // document's date (they say when the PDF was generated).
    let file_time = |key: &[u8]| info(key).and_then(|d| pdf_date(&d)).map(|d| d.to_string());
    Ok(PdfFile {
        pages,
        title: info(b"Title")
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty() && !looks_like_a_file_name(t)),
        meta: vec![
            ("file_created", file_time(b"CreationDate")),
            ("file_modified", file_time(b"ModDate")),
            ("author", info(b"Author")),
            ("subject", info(b"Subject")),
        ],
    })
}

/// The document: the text pages and the read ones (`ocr[i]` for page
/// `i + 1`, where read) in page order, dated and titled by the rules every
/// text follows.
pub fn assemble(file: &PdfFile, ocr: &[Option<String>], stem: &str) -> Result<Parsed, String> {
    let mut text = String::new();
    for (i, page) in file.pages.iter().enumerate() {
        let page_text = match ocr.get(i) {
            Some(Some(read)) if page.needs_ocr => read.as_str(),
            _ => page.text.as_str(),
        };
        if page_text.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(page_text.trim());
    }
    if text.trim().is_empty() {
        return Err(if file.pages.iter().any(|p| p.needs_ocr) {
            "no text found on its pages, also by OCR".into()
        } else {
            "no text layer (scanned image?)".into()
        });
    }
    let (date, body) = dates::find(&text, Some(stem));
    let body = body.to_string();
    let title = file.title.clone().unwrap_or_else(|| title_of(&body, stem));
    let mut parsed = Parsed::file(title, body, date);
    for (key, value) in &file.meta {
        parsed.set_meta(key, value.clone());
    }
    Ok(parsed)
}

/// A page's media box (inherited from the page tree where the page has
/// none), in points; US Letter when it cannot be read.
fn page_size(doc: &Document, id: ObjectId) -> (f64, f64) {
    let mut node = doc.get_dictionary(id).ok();
    for _ in 0..32 {
        let Some(dict) = node else { break };
        if let Ok(Object::Array(b)) = dict.get(b"MediaBox").map(|o| deref(doc, o)) {
            let n: Vec<f64> = b
                .iter()
                .filter_map(|o| match deref(doc, o) {
                    Object::Integer(i) => Some(*i as f64),
                    Object::Real(r) => Some(*r as f64),
                    _ => None,
                })
                .collect();
            if n.len() == 4 {
                let (w, h) = ((n[2] - n[0]).abs(), (n[3] - n[1]).abs());
                if w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0 {
                    return (w, h);
                }
            }
        }
        node = dict
            .get(b"Parent")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|p| doc.get_dictionary(p).ok());
    }
    (612.0, 792.0)
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        o => o,
    }
}

/// Whether a page draws an image (an image XObject of its own or its
/// page tree's resources, or one inside a form it draws).
fn has_image(doc: &Document, id: ObjectId) -> bool {
    let Ok((own, inherited)) = doc.get_page_resources(id) else {
        return false;
    };
    let dicts = own
        .into_iter()
        .chain(inherited.iter().filter_map(|r| doc.get_dictionary(*r).ok()));
    dicts.into_iter().any(|d| resources_have_image(doc, d, 0))
}

fn resources_have_image(doc: &Document, resources: &Dictionary, depth: u8) -> bool {
    let Ok(Object::Dictionary(xobjects)) = resources.get(b"XObject").map(|o| deref(doc, o)) else {
        return false;
    };
    xobjects.iter().any(|(_, x)| {
        let Object::Stream(stream) = deref(doc, x) else {
            return false;
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => true,
            Ok(b"Form") if depth < 3 => {
                match stream.dict.get(b"Resources").map(|o| deref(doc, o)) {
                    Ok(Object::Dictionary(inner)) => resources_have_image(doc, inner, depth + 1),
                    _ => false,
                }
            }
            _ => false,
        }
    })
}

/// A string from the document information dictionary (PDFDocEncoding or
/// UTF-16 with a BOM).
fn info_string(doc: &Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let value = info.as_dict().ok()?.get(key).ok()?;
    let bytes = match value {
        Object::String(bytes, _) => bytes,
        _ => return None,
    };
    let text = if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        // PDFDocEncoding agrees with Latin-1 for the letters that matter here.
        bytes.iter().map(|&b| b as char).collect()
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// `D:20230425103000+02'00'` → 2023-04-25.
fn pdf_date(s: &str) -> Option<crate::core::model::PartialDate> {
    let digits: String = s
        .trim_start_matches("D:")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let part = |r: std::ops::Range<usize>| digits.get(r).and_then(|d| d.parse::<u32>().ok());
    let year = part(0..4)? as i32;
    crate::core::model::PartialDate::new(year, part(4..6), part(4..6).and(part(6..8)))
}

/// Titles that are only the producing file's name.
fn looks_like_a_file_name(t: &str) -> bool {
    let lower = t.to_lowercase();
    lower.starts_with("microsoft word - ")
        || [".doc", ".docx", ".pdf", ".indd", ".odt", ".tex"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        || lower == "untitled"
}

/// Extracted text (pdf-extract's, the RTF reader's): runs of blank lines
/// collapsed to one, line-end whitespace dropped.
pub(super) fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank = 0;
    for line in raw.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_and_titles() {
        assert_eq!(
            pdf_date("D:20230425103000+02'00'"),
            Some("2023-04-25".parse().unwrap())
        );
        assert_eq!(pdf_date("D:2023"), Some("2023".parse().unwrap()));
        assert_eq!(pdf_date("garbage"), None);
        assert!(looks_like_a_file_name("Microsoft Word - report.docx"));
        assert!(!looks_like_a_file_name("Harbour report"));
        assert_eq!(tidy("a  \n\n\n\nb\nc\n"), "a\n\nb\nc");
    }

    #[test]
    fn garbage_is_a_damaged_pdf() {
        let err = parse(b"%PDF-1.4\n1 0 obj << /Type /Catalog", "x").unwrap_err();
        assert!(err.contains("damaged"), "{err}");
    }
}
