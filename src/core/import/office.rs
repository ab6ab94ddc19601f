//! Word (`.docx`) and OpenDocument (`.odt`) files: a zip archive read with
//! `zip`, its XML with `quick-xml`; no office suite.
//!
//! Kept: the body text with its paragraphs (a blank line between them, tabs
//! and line breaks as written; deleted tracked changes, comments, notes and
//! field codes left out), the title (the title property, else the first
//! heading), author and language. The date is one the text states (as for a
//! text file); only when there is none the file's creation date from its
//! properties, marked `properties`.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::dates;
use super::item::{Parsed, find};
use super::packed::zip_member;
use super::text::title_of;

/// Reads a zip archive that should be a Word or OpenDocument file.
pub fn parse(bytes: &[u8], stem: &str, ext: &str, limit: u64) -> Result<Parsed, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("damaged or truncated archive ({e})"))?;
    if let Some(xml) = zip_member(&mut archive, "word/document.xml", limit)? {
        let body = docx_body(&xml).map_err(|e| format!("damaged Word file: {e}"))?;
        let props = match zip_member(&mut archive, "docProps/core.xml", limit) {
            Ok(Some(xml)) => leaf_texts(&xml),
            _ => HashMap::new(),
        };
        return Ok(document(
            body,
            &props,
            ("created", "modified"),
            "creator",
            stem,
        ));
    }
    if let Some(mimetype) = zip_member(&mut archive, "mimetype", 1000)? {
        let mimetype = String::from_utf8_lossy(&mimetype).trim().to_string();
        if mimetype == "application/vnd.oasis.opendocument.text" {
            if let Ok(Some(manifest)) = zip_member(&mut archive, "META-INF/manifest.xml", limit)
                && find(&manifest, b"encryption-data").is_some()
            {
                return Err("password-protected".into());
            }
            let xml = zip_member(&mut archive, "content.xml", limit)?
                .ok_or("damaged OpenDocument file: no content.xml")?;
            let body = odt_body(&xml).map_err(|e| format!("damaged OpenDocument file: {e}"))?;
            let props = match zip_member(&mut archive, "meta.xml", limit) {
                Ok(Some(xml)) => leaf_texts(&xml),
                _ => HashMap::new(),
            };
            return Ok(document(
                body,
                &props,
                ("creation-date", "date"),
                "initial-creator",
                stem,
            ));
        }
        if mimetype.starts_with("application/vnd.oasis.opendocument.") {
            return Err(format!(
                "OpenDocument {}: only text documents (.odt) are imported",
                mimetype.trim_start_matches("application/vnd.oasis.opendocument.")
            ));
        }
    }
    Err(match ext {
        "xlsx" | "xlsm" => "Excel workbook: not imported (save the sheet as CSV)".into(),
        "pptx" => "PowerPoint presentation: not imported".into(),
        _ => "zip archive, not a Word or OpenDocument file: unpack it first".into(),
    })
}

/// Why an OLE compound file (the pre-2007 Office container) is not imported.
pub fn ole_reason(bytes: &[u8], ext: &str) -> String {
    // An encrypted .docx/.odt-era file is an OLE container holding the
    // stream "EncryptedPackage" (its directory names are UTF-16).
    let encrypted: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if find(bytes, &encrypted).is_some() {
        return "password-protected".into();
    }
    match ext {
        "doc" => "Word 97–2003 document (.doc): not supported yet (save it as .docx)".into(),
        _ => "Office 97–2003 file: not supported (save it as .docx)".into(),
    }
}

/// The body text and the first heading of a document.
struct Body {
    text: String,
    heading: Option<String>,
}

fn document(
    body: Body,
    props: &HashMap<String, String>,
    (created_key, modified_key): (&str, &str),
    author_key: &str,
    stem: &str,
) -> Parsed {
    // A file's creation and modification times say when the file was made
    // (often from a template years old), not when the text was published:
    // kept as metadata, never the document's date.
    let (date, text) = dates::find(&body.text, Some(stem));
    let text = text.to_string();
    let file_time = |key: &str| {
        let value = props.get(key)?;
        dates::parse_loose(value.get(..10).unwrap_or(value)).map(|d| d.to_string())
    };
    let title = props
        .get("title")
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty() && !is_placeholder_title(t))
        .or(body.heading)
        .unwrap_or_else(|| title_of(&text, stem));
    let mut doc = Parsed::file(title, text, date);
    doc.set_meta("file_created", file_time(created_key));
    doc.set_meta("file_modified", file_time(modified_key));
    doc.set_meta(
        "author",
        props
            .get(author_key)
            .or_else(|| props.get("creator"))
            .cloned(),
    );
    doc.set_meta("language", props.get("language").cloned());
    doc.set_meta("subject", props.get("subject").cloned());
    doc
}

/// Titles word processors fill in by themselves.
fn is_placeholder_title(t: &str) -> bool {
    let t = t.to_lowercase();
    ["untitled", "document", "doc1", "title", "microsoft word"]
        .iter()
        .any(|p| t == *p || t.starts_with("microsoft word - "))
}

/// Text of a paragraph-structured XML body.
#[derive(Default)]
struct TextBuilder {
    text: String,
    paragraph: String,
    heading: Option<String>,
    in_heading: bool,
}

impl TextBuilder {
    fn end_paragraph(&mut self) {
        let p = self.paragraph.trim_end();
        if !p.trim().is_empty() {
            if self.in_heading && self.heading.is_none() {
                self.heading = Some(p.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            self.text.push_str(p);
        }
        self.paragraph.clear();
        self.in_heading = false;
    }

    fn finish(mut self) -> Body {
        self.end_paragraph();
        Body {
            text: self.text,
            heading: self.heading,
        }
    }
}

fn resolve_ref(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .unwrap_or_default()
        .to_string()
}

fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == local).then(|| a.value.to_string()))
}

/// `word/document.xml`: paragraphs `w:p`, text `w:t`, tabs and breaks; a
/// paragraph styled `Title` or `Heading…` is a heading.
fn docx_body(xml: &[u8]) -> Result<Body, String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = TextBuilder::default();
    let mut buf = Vec::new();
    // Depth inside elements whose text is not the document's: deleted
    // text, field codes, the fallback copy of a text box.
    let mut skip = 0usize;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("{e} at byte {}", reader.buffer_position()))?;
        match &event {
            Event::Start(e) => match e.local_name().as_ref() {
                "delText" | "instrText" | "Fallback" | "del" => skip += 1,
                "t" if skip == 0 => in_text = true,
                _ => {}
            },
            Event::Empty(e) if skip == 0 => match e.local_name().as_ref() {
                "tab" => out.paragraph.push('\t'),
                "br" | "cr" => out.paragraph.push('\n'),
                "pStyle" => {
                    let style = attr(e, "val").unwrap_or_default().to_lowercase();
                    out.in_heading = style == "title" || style.starts_with("heading");
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "delText" | "instrText" | "Fallback" | "del" => skip = skip.saturating_sub(1),
                "t" => in_text = false,
                "p" if skip == 0 => out.end_paragraph(),
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => out.paragraph.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skip == 0 => out.paragraph.push_str(&resolve_ref(r)),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out.finish())
}

/// `content.xml`: paragraphs `text:p`, headings `text:h`, runs of spaces
/// `text:s`, tabs, line breaks; notes, annotations and tracked deletions are
/// left out.
fn odt_body(xml: &[u8]) -> Result<Body, String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = TextBuilder::default();
    let mut buf = Vec::new();
    let mut skip = 0usize;
    let mut in_body = 0usize;
    // Text between paragraphs is layout whitespace, not content.
    let mut in_para = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("{e} at byte {}", reader.buffer_position()))?;
        match &event {
            Event::Start(e) => match e.local_name().as_ref() {
                "note" | "annotation" | "tracked-changes" => skip += 1,
                "text" if e.name().as_ref() == "office:text" => in_body += 1,
                "h" if skip == 0 => {
                    out.in_heading = true;
                    in_para += 1;
                }
                "p" if skip == 0 => in_para += 1,
                _ => {}
            },
            Event::Empty(e) if skip == 0 && in_body > 0 => match e.local_name().as_ref() {
                "s" => {
                    let n = attr(e, "c").and_then(|c| c.parse().ok()).unwrap_or(1usize);
                    out.paragraph.push_str(&" ".repeat(n.min(100)));
                }
                "tab" => out.paragraph.push('\t'),
                "line-break" => out.paragraph.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "note" | "annotation" | "tracked-changes" => skip = skip.saturating_sub(1),
                "text" if e.name().as_ref() == "office:text" => in_body = in_body.saturating_sub(1),
                "p" | "h" if skip == 0 => {
                    in_para = in_para.saturating_sub(1);
                    out.end_paragraph()
                }
                _ => {}
            },
            Event::Text(t) if skip == 0 && in_body > 0 && in_para > 0 => {
                out.paragraph.push_str(&t.xml10_content())
            }
            Event::GeneralRef(r) if skip == 0 && in_body > 0 && in_para > 0 => {
                out.paragraph.push_str(&resolve_ref(r))
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out.finish())
}

/// The text of every leaf element of a properties file, by local name (the
/// first of each): `title`, `creator`, `created`, `creation-date`, …
fn leaf_texts(xml: &[u8]) -> HashMap<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = HashMap::new();
    let mut buf = Vec::new();
    let mut current: Option<(String, String)> = None;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(e) => current = Some((e.local_name().as_ref().to_string(), String::new())),
            Event::Text(t) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, text)) = &mut current {
                    text.push_str(&resolve_ref(&r));
                }
            }
            Event::End(_) => {
                if let Some((name, text)) = current.take()
                    && !text.trim().is_empty()
                {
                    out.entry(name).or_insert_with(|| text.trim().to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::DateSource;

    #[test]
    fn docx_paragraphs_headings_and_what_is_left_out() {
        let xml = br#"<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Port strike &amp; talks</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Dockers </w:t></w:r><w:r><w:t>walked out.</w:t></w:r><w:del><w:r><w:delText>old words</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:fldChar/><w:instrText>PAGE \* MERGEFORMAT</w:instrText><w:t>Second</w:t><w:tab/><w:t>para</w:t><w:br/><w:t>line</w:t></w:r></w:p>
</w:body></w:document>"#;
        let body = docx_body(xml).unwrap();
        assert_eq!(body.heading.as_deref(), Some("Port strike & talks"));
        assert_eq!(
            body.text,
            "Port strike & talks\n\nDockers walked out.\n\nSecond\tpara\nline"
        );
    }

    #[test]
    fn odt_spaces_notes_and_headings() {
        let xml = br#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:h text:outline-level="1">Budget vote</text:h>
<text:p>MPs<text:s text:c="2"/>voted<text:note><text:note-body><text:p>a footnote</text:p></text:note-body></text:note> late.</text:p>
<text:p>Caf&#233; owners<text:tab/>cheered.</text:p>
</office:text></office:body></office:document-content>"#;
        let body = odt_body(xml).unwrap();
        assert_eq!(body.heading.as_deref(), Some("Budget vote"));
        assert_eq!(
            body.text,
            "Budget vote\n\nMPs  voted late.\n\nCafé owners\tcheered."
        );
    }

    #[test]
    fn properties_give_the_title_and_file_times_never_the_date() {
        let props = leaf_texts(
            br#"<cp:coreProperties xmlns:dc="d" xmlns:dcterms="t"><dc:title>Harbour report</dc:title><dc:creator>Ana Ruiz</dc:creator><dcterms:created>2021-06-01T09:00:00Z</dcterms:created></cp:coreProperties>"#,
        );
        let body = |text: &str| Body {
            text: text.into(),
            heading: Some("Heading".into()),
        };
        let doc = document(
            body("Some text."),
            &props,
            ("created", "modified"),
            "creator",
            "f",
        );
        assert_eq!(doc.title, "Harbour report");
        // Regression: Word files were dated by their template's creation.
        assert_eq!(doc.date, None);
        assert_eq!(doc.meta["file_created"], "2021-06-01");
        assert_eq!(doc.meta["author"], "Ana Ruiz");
        let stated = document(
            body(" date 2023-04-25 Text."),
            &props,
            ("created", "modified"),
            "creator",
            "f",
        );
        assert_eq!(
            stated.date,
            Some(("2023-04-25".parse().unwrap(), DateSource::Header))
        );
    }

    #[test]
    fn broken_xml_is_an_error_not_a_panic() {
        assert!(docx_body(b"<w:p><w:t>open</w:p>").is_err());
    }
}
