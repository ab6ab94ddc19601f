//! Factiva exports, split into their articles. Each article is a run of
//! two-letter field codes, each on a line of its own (TXT) or in a cell of
//! its own (HTML, read as its visible text), followed by the value:
//! `HD` headline, `BY` byline, `WC` word count, `PD` publication date, `ET`
//! time, `SN` source name, `SC` source code, `ED` edition, `PG` page, `LA`
//! language, `CY` copyright, `LP` lead paragraphs, `TD` the rest of the
//! text, `CO`/`IN`/`NS`/`RE` codes, `AN` the accession number
//! ("Document TIMEUK0020190226ef2q00045"), which ends the article.

use super::date_value;
use super::item::Parsed;
use super::language::code_of_name;
use crate::core::model::DateSource;

/// The field codes, and the metadata key each becomes (`None`: text).
const FIELDS: &[(&str, Option<&str>)] = &[
    ("HD", Some("title")),
    ("BY", Some("byline")),
    ("CR", Some("credit")),
    ("WC", Some("length")),
    ("PD", Some("date")),
    ("ET", Some("time")),
    ("SN", Some("outlet")),
    ("SC", Some("source_code")),
    ("ED", Some("edition")),
    ("PG", Some("page")),
    ("LA", Some("language")),
    ("CY", Some("copyright")),
    ("LP", None),
    ("TD", None),
    ("CT", None),
    ("RF", None),
    ("CO", Some("companies")),
    ("IN", Some("industries")),
    ("NS", Some("subjects")),
    ("RE", Some("regions")),
    ("IPC", Some("ipc")),
    ("IPD", Some("ipd")),
    ("PUB", Some("publisher")),
    ("SE", Some("section")),
    ("CLM", Some("column")),
    ("VOL", Some("volume")),
    ("AN", Some("accession")),
];

fn field(line: &str) -> Option<(&'static str, Option<&'static str>)> {
    let t = line.trim();
    FIELDS.iter().find(|(c, _)| *c == t).copied()
}

/// A Factiva HTML export's visible text (field codes in cells of their
/// own), or `None` for any other page.
pub fn html_text(bytes: &[u8]) -> Option<String> {
    let marked = |code: &[u8]| [b">".as_slice(), code, b"<"].concat();
    if super::item::find(bytes, &marked(b"HD")).is_none()
        || super::item::find(bytes, &marked(b"AN")).is_none()
    {
        return None;
    }
    let (html, _) = super::html::decode_page(bytes).ok()?;
    // Each cell on a line of its own, as the TXT export has it.
    let html = html
        .replace("</td>", "<br></td>")
        .replace("</TD>", "<br></TD>");
    let dom = dom_query::Document::from(html.as_str());
    let text = super::entities::decode_entities(&super::html::visible_text(&dom));
    is_factiva(&text).then_some(text)
}

/// Whether `text` is a Factiva export: a headline field and an accession
/// number, each code on a line of its own.
pub fn is_factiva(text: &str) -> bool {
    let mut hd = false;
    let mut an = false;
    let mut pd = false;
    for l in text.lines().map(str::trim) {
        match l {
            "HD" => hd = true,
            "AN" => an = true,
            "PD" => pd = true,
            _ => {}
        }
        if hd && an && pd {
            return true;
        }
    }
    false
}

/// The articles of a Factiva export (row = the article's number).
pub fn split(text: &str, fallback: &str) -> Vec<Result<Parsed, (i64, String)>> {
    let mut out = Vec::new();
    let mut current: Option<Article> = None;
    let mut field_now: Option<(&str, Option<&str>)> = None;
    for line in text.lines() {
        if let Some(f) = field(line) {
            if f.0 == "HD" {
                if let Some(a) = current.take() {
                    out.push(a.finish(out.len() as i64 + 1, fallback));
                }
                current = Some(Article::default());
            }
            field_now = Some(f);
            continue;
        }
        let (Some(a), Some((code, key))) = (current.as_mut(), field_now) else {
            continue;
        };
        match key {
            None => a.text.push(line.trim().to_string()),
            Some(k) => {
                let t = line.trim();
                if t.is_empty() {
                    continue;
                }
                let v = a.fields.entry(k).or_default();
                if !v.is_empty() {
                    v.push(' ');
                }
                v.push_str(t);
                if code == "AN" {
                    // The accession number closes the article.
                    field_now = None;
                }
            }
        }
    }
    if let Some(a) = current.take() {
        out.push(a.finish(out.len() as i64 + 1, fallback));
    }
    out
}

#[derive(Default)]
struct Article {
    fields: std::collections::BTreeMap<&'static str, String>,
    text: Vec<String>,
}

impl Article {
    fn finish(mut self, n: i64, fallback: &str) -> Result<Parsed, (i64, String)> {
        // Paragraphs: runs of lines separated by blank lines.
        let mut paras: Vec<String> = Vec::new();
        let mut para = String::new();
        for l in self.text.iter().chain(std::iter::once(&String::new())) {
            if l.is_empty() {
                if !para.is_empty() {
                    paras.push(std::mem::take(&mut para));
                }
            } else {
                if !para.is_empty() {
                    para.push(' ');
                }
                para.push_str(l);
            }
        }
        let text = paras.join("\n\n");
        if text.trim().is_empty() {
            return Err((n, "article without text".into()));
        }
        let title = self
            .fields
            .remove("title")
            .unwrap_or_else(|| super::text::title_of(&text, fallback));
        let date = self
            .fields
            .remove("date")
            .as_deref()
            .and_then(|d| date_value::parse(d).ok())
            .map(|d| (d, DateSource::Metadata));
        self.fields.remove("time");
        let mut doc = Parsed::file(title, text, date);
        doc.row = n;
        if let Some(acc) = self.fields.remove("accession") {
            let acc = acc.strip_prefix("Document ").unwrap_or(&acc).to_string();
            doc.set_meta("accession", Some(acc));
        }
        if let Some(code) = self.fields.get("language").and_then(|l| code_of_name(l)) {
            doc.set_meta("lang", Some(code.to_string()));
        }
        for (k, v) in self.fields {
            doc.set_meta(k, Some(v));
        }
        Ok(doc)
    }
}
