//! PDF files: the text layer in reading order (`pdf-extract` over `lopdf`),
//! title and author from the document information dictionary.
//!
//! The date is one the text states; only when there is none the file's
//! `CreationDate`, marked `properties`. A PDF whose pages carry no text (a
//! scan) is refused as "no text layer", an encrypted one as "encrypted"
//! (one encrypted only against editing, with an empty open password, is read).

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Document, Object};

use super::dates;
use super::item::Parsed;
use super::text::title_of;

pub fn parse(bytes: &[u8], stem: &str) -> Result<Parsed, String> {
    // pdf-extract unwraps on some malformed objects: a panic is a damaged file.
    catch_unwind(AssertUnwindSafe(|| parse_inner(bytes, stem)))
        .unwrap_or_else(|_| Err("damaged PDF (its text could not be read)".into()))
}

fn parse_inner(bytes: &[u8], stem: &str) -> Result<Parsed, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => "encrypted".to_string(),
        e => format!("damaged or truncated PDF ({e})"),
    })?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err("encrypted".into());
    }
    let mut raw = String::new();
    {
        let mut output = pdf_extract::PlainTextOutput::new(&mut raw);
        pdf_extract::output_doc(&doc, &mut output)
            .map_err(|e| format!("damaged PDF: its text could not be read ({e})"))?;
    }
    let text = tidy(&raw);
    if text.trim().is_empty() {
        return Err("no text layer (scanned image?)".into());
    }
    let info = |key: &[u8]| info_string(&doc, key);
    let (date, body) = dates::find(&text, Some(stem));
    let body = body.to_string();
    // The file's creation and modification times are metadata, never the
    // document's date (they say when the PDF was generated).
    let file_time = |key: &[u8]| info(key).and_then(|d| pdf_date(&d)).map(|d| d.to_string());
    let title = info(b"Title")
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty() && !looks_like_a_file_name(t))
        .unwrap_or_else(|| title_of(&body, stem));
    let mut parsed = Parsed::file(title, body, date);
    parsed.set_meta("file_created", file_time(b"CreationDate"));
    parsed.set_meta("file_modified", file_time(b"ModDate"));
    parsed.set_meta("author", info(b"Author"));
    parsed.set_meta("subject", info(b"Subject"));
    Ok(parsed)
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
