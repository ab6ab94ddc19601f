//! The one entry point from bytes to documents: recognises a file's format by
//! its content (its name only decides where the content cannot: JSONL, CSV,
//! and which of text/e-mail a header-like start is) and hands the bytes to
//! that format's module.
//!
//! | format | module | recognised by |
//! |---|---|---|
//! | plain text | [`text`] | everything else that decodes as text |
//! | JSONL, CSV | [`table`] | `.jsonl`/`.ndjson`, `.csv` |
//! | Parquet | [`parquet`] | `PAR1` |
//! | web page | [`html`] | `<!doctype html`, `<html`, `<head>`… or `.html`/`.htm`/`.xhtml` |
//! | Word, OpenDocument | [`office`] | a zip holding `word/document.xml` or an ODF `mimetype` |
//! | PDF | [`pdf`] | `%PDF-` (pages without text: a scan, for OCR) |
//! | PNG, JPEG, TIFF | [`crate::core::ocr`] | their signatures: a scan, for OCR |
//! | e-mail, mbox | [`email`] | mail headers / a `From ` line, or `.eml`/`.mbox` |
//! | gzip | [`packed`] | `1f 8b`: unpacked (within the size limit), then recognised again |
//! | RTF | [`rtf`] | `{\\rtf`: its text, then as plain text (exports split) |
//! | LexisNexis TXT, Nexis Uni DOCX/TXT | [`lexis`] | "1 of 10 DOCUMENTS" … `LENGTH:`; "End of Document" and `Length: N words` |
//! | Factiva TXT/HTML | [`factiva`] | `HD`, `PD` and `AN` field codes on lines (cells) of their own |

use std::path::Path;

use super::decode;
use super::{email, factiva, html, lexis, office, packed, parquet, pdf, rtf, table, text};

pub use super::item::{FileDocs, Parsed, RowError, Scan, ScanKind, find, find_ignore_case};
pub use super::table::{parse_csv, parse_jsonl};
pub use super::text::{content_key, parse_text, title_of};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
    Csv,
    Html,
    /// A zip archive: Word or OpenDocument, or something we do not read.
    Zip,
    Pdf,
    Email,
    Mbox,
    Gzip,
    /// An OLE compound file: Word 97–2003, or an encrypted Office file.
    Ole,
    /// A PNG, JPEG or TIFF image: read by OCR.
    Image,
    Rtf,
    /// Apache Parquet: a table with a `text` column.
    Parquet,
}

impl Format {
    /// Recognises the format of `bytes`, a file called `name`.
    pub fn sniff(name: &str, bytes: &[u8]) -> Format {
        let ext = extension(name);
        let start = skip_bom_and_space(bytes);
        if bytes.starts_with(&[0x1f, 0x8b]) {
            return Format::Gzip;
        }
        if parquet::looks_like_parquet(bytes) {
            return Format::Parquet;
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return Format::Zip;
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Format::Ole;
        }
        if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
            return Format::Pdf;
        }
        if crate::core::ocr::image::sniff(bytes).is_some() {
            return Format::Image;
        }
        if start.starts_with(b"{\\rtf") {
            return Format::Rtf;
        }
        match ext.as_str() {
            "jsonl" | "ndjson" => return Format::Jsonl,
            "csv" => return Format::Csv,
            "html" | "htm" | "xhtml" | "shtml" | "xht" => return Format::Html,
            "eml" => return Format::Email,
            "mbox" | "mbx" => return Format::Mbox,
            _ => {}
        }
        if html::looks_like_html(start) {
            Format::Html
        } else if email::looks_like_mbox(start) {
            Format::Mbox
        } else if email::looks_like_email(start) {
            Format::Email
        } else {
            Format::Text
        }
    }
}

/// Reads the documents in one file's bytes. `limit` bounds what an archive
/// or compressed file may unpack to. An `Err` is the reason nothing in the
/// file could be imported.
pub fn read(name: &Path, bytes: Vec<u8>, limit: u64) -> Result<FileDocs, String> {
    if name
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"))
    {
        // Given on its own, a project is read as one (`Library::import_paths`).
        return Err(PROJECT_IN_FOLDER.into());
    }
    read_named(&file_name(name), bytes, limit, 0)
}

/// Why a REFI-QDA project met inside a folder is not read there.
pub const PROJECT_IN_FOLDER: &str = "a REFI-QDA project: import the file itself \
     (File → Import REFI-QDA project…, or corpusdesk import FILE.qdpx) to read its \
     documents and coding";

fn read_named(name: &str, bytes: Vec<u8>, limit: u64, depth: u8) -> Result<FileDocs, String> {
    let stem = stem_of(name);
    match Format::sniff(name, &bytes) {
        Format::Gzip => {
            if depth > 0 {
                return Err("gzip inside gzip: unpack it first".into());
            }
            let inner = packed::gunzip(&bytes, limit)?;
            drop(bytes);
            // `page.html.gz` holds `page.html`.
            read_named(&stem, inner, limit, depth + 1)
        }
        Format::Html => {
            if let Some(text) = factiva::html_text(&bytes) {
                return Ok(FileDocs {
                    rows: factiva::split(&text, &stem),
                    encoding: "UTF-8".into(),
                    ..FileDocs::default()
                });
            }
            let page = html::parse(&bytes, &stem)?;
            let mut docs = FileDocs::one(page.doc, &page.encoding);
            docs.notes.extend(page.note);
            Ok(docs)
        }
        Format::Zip => {
            let doc = office::parse(&bytes, &stem, extension(name).as_str(), limit)?;
            if lexis::is_nexis_uni(&doc.text) {
                return Ok(FileDocs {
                    rows: lexis::split_nexis_uni(&doc.text, &stem),
                    encoding: "UTF-8".into(),
                    ..FileDocs::default()
                });
            }
            Ok(FileDocs::one(doc, "UTF-8"))
        }
        Format::Ole => Err(office::ole_reason(&bytes, &extension(name))),
        Format::Parquet => Ok(FileDocs {
            rows: parquet::parse(bytes, name, limit)?,
            encoding: "Parquet".into(),
            ..FileDocs::default()
        }),
        Format::Rtf => {
            let text = rtf::to_text(&bytes).map_err(|e| format!("damaged RTF: {e}"))?;
            drop(bytes);
            if text.trim().is_empty() {
                return Err("RTF document without text".into());
            }
            plain_text(&text, &stem, "RTF")
        }
        Format::Pdf => match pdf::parse(&bytes, &stem)? {
            Ok(doc) => Ok(FileDocs::one(doc, "PDF")),
            Err(scanned) => Ok(FileDocs::scan(Scan {
                kind: ScanKind::Pdf,
                pages: scanned.pages.len() as u32,
                ocr_pages: scanned.ocr_pages().len() as u32,
                file_hash: *blake3::hash(&bytes).as_bytes(),
            })),
        },
        Format::Image => {
            let info = crate::core::ocr::image::info(&bytes)?;
            info.check()?;
            Ok(FileDocs::scan(Scan {
                kind: ScanKind::Image,
                pages: info.pages,
                ocr_pages: info.pages,
                file_hash: *blake3::hash(&bytes).as_bytes(),
            }))
        }
        Format::Email => {
            let mail = email::parse_message(&bytes, &stem)?;
            Ok(FileDocs::one(mail, "MIME"))
        }
        Format::Mbox => Ok(FileDocs {
            rows: email::parse_mbox(&bytes, name),
            encoding: "MIME".into(),
            ..FileDocs::default()
        }),
        Format::Text | Format::Jsonl | Format::Csv => {
            let format = Format::sniff(name, &bytes);
            let decoded = decode::decode(&bytes).map_err(|e| e.to_string())?;
            drop(bytes);
            match format {
                Format::Jsonl => Ok(FileDocs {
                    rows: table::parse_jsonl(&decoded.text, name),
                    encoding: decoded.encoding,
                    ..FileDocs::default()
                }),
                Format::Csv => Ok(FileDocs {
                    rows: table::parse_csv(&decoded.text, name)?,
                    encoding: decoded.encoding,
                    ..FileDocs::default()
                }),
                _ if extension(name) == "json" || table::is_json_document(&decoded.text) => {
                    Ok(FileDocs {
                        rows: table::parse_json(&decoded.text, name)?,
                        encoding: decoded.encoding,
                        ..FileDocs::default()
                    })
                }
                _ => plain_text(&decoded.text, &stem, &decoded.encoding),
            }
        }
    }
}

/// A plain text (a text file's, an RTF's): a news-database export split
/// into its articles, or one document. A text whose HTML character
/// references show it was entity-encoded (`&#163;1.8m`) is decoded first.
fn plain_text(text: &str, stem: &str, encoding: &str) -> Result<FileDocs, String> {
    let decoded;
    let text = if super::entities::is_entity_encoded(text) {
        decoded = super::entities::decode_entities(text);
        decoded.as_str()
    } else {
        text
    };
    let mut notes = Vec::new();
    let rows = if lexis::is_classic(text) {
        lexis::split_classic(text, stem)
    } else if lexis::is_nexis_uni(text) {
        lexis::split_nexis_uni(text, stem)
    } else if factiva::is_factiva(text) {
        factiva::split(text, stem)
    } else {
        let (doc, note) = text::parse_text_noted(text, stem)?;
        notes.extend(note);
        vec![Ok(doc)]
    };
    Ok(FileDocs {
        rows,
        encoding: encoding.to_string(),
        notes,
        scan: None,
    })
}

/// A text OCR read from an image file: titled and dated like a text file.
pub fn scan_text(text: &str, stem: &str) -> Result<Parsed, String> {
    text::parse_text_noted(text, stem).map(|(doc, _)| doc)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `a.b.html` → `a.b`.
fn stem_of(name: &str) -> String {
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

fn extension(name: &str) -> String {
    match name.rfind('.') {
        Some(i) if i > 0 => name[i + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn skip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_recognised_by_content() {
        let s = |name, bytes: &[u8]| Format::sniff(name, bytes);
        assert_eq!(s("a.txt", b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(s("page", b"\xEF\xBB\xBF\n  <html lang=en>"), Format::Html);
        assert_eq!(s("a.htm", b"just text"), Format::Html);
        assert_eq!(s("a.docx", b"PK\x03\x04rest"), Format::Zip);
        assert_eq!(s("a", b"%PDF-1.4\n"), Format::Pdf);
        assert_eq!(s("a.txt", &[0x1f, 0x8b, 8, 0]), Format::Gzip);
        assert_eq!(s("a.jsonl", b"{}"), Format::Jsonl);
        assert_eq!(s("a.txt", b"plain words < here"), Format::Text);
        assert_eq!(
            s(
                "Inbox",
                b"From alice@example.org Tue Apr 25 10:00:00 2023\nFrom: a\n"
            ),
            Format::Mbox
        );
        assert_eq!(
            s(
                "msg",
                b"Return-Path: <a@b>\nMessage-ID: <1@b>\nFrom: A <a@b>\nSubject: x\n\nbody"
            ),
            Format::Email
        );
        // A wire story's own header lines are not an e-mail.
        assert_eq!(
            s(
                "r.txt",
                b"Date: 26-FEB-1987 15:01:01.79\nTitle: BAHIA COCOA REVIEW\n\nbody"
            ),
            Format::Text
        );
        assert_eq!(s("x.rtf", b"{\\rtf1\\ansi"), Format::Rtf);
    }

    #[test]
    fn names() {
        assert_eq!(stem_of("page.html.gz"), "page.html");
        assert_eq!(extension("A.DOCX"), "docx");
        assert_eq!(extension(".hidden"), "");
    }
}
