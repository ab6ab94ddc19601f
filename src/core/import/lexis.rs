//! LexisNexis exports, split into their articles: the classic TXT export
//! ("1 of 10 DOCUMENTS", outlet, date line, headline, `BYLINE:`, `SECTION:`,
//! `LENGTH:`, body, `LOAD-DATE:`, `LANGUAGE:`, copyright) and the Nexis Uni
//! export (a cover list, then per article: headline, outlet, date line,
//! `Section:`, `Length:`, `Byline:`, `Body`, `Load-Date:`, "End of
//! Document"), read from its DOCX text or a plain-text save of it.
//!
//! Each article is one document: title = headline, date = its own date line
//! (Load-Date only when it has none), body without the field block, and the
//! fields as metadata.

use std::sync::LazyLock;

use regex::Regex;

use super::date_value;
use super::item::Parsed;
use crate::core::model::{DateSource, PartialDate};

#[allow(clippy::expect_used)] // constant patterns, checked by the tests
fn re(p: &str) -> Regex {
    Regex::new(p).expect("valid pattern")
}

/// "1 of 10 DOCUMENTS" and its German, French and Spanish forms.
static DOC_MARK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?im)^[ \t]*([0-9]{1,6}) (?:of|von|de|sur) [0-9]{1,6} (?:DOCUMENTS?|DOKUMENTE?N?|DOCUMENTOS?)[ \t]*\r?$",
    )
});

/// `FIELD: value` in the classic export's upper-case form.
static CLASSIC_FIELD: LazyLock<Regex> =
    LazyLock::new(|| re(r"\A([A-Z][A-Z-]{1,30}(?: [A-Z]{2,12})?):[ \t]*(.*)\z"));

/// Fields that end a classic article's body.
const CLASSIC_TRAILERS: &[&str] = &[
    "LOAD-DATE",
    "LANGUAGE",
    "PUBLICATION-TYPE",
    "JOURNAL-CODE",
    "GRAPHIC",
    "NOTES",
    "CORRECTION-DATE",
    "DOCUMENT-TYPE",
    "SUBJECT",
    "URL",
    "TYPE",
    "DISTRIBUTION",
    "ORGANIZATION",
    "PERSON",
    "GEOGRAPHIC",
    "CITY",
    "STATE",
    "COUNTRY",
    "INDUSTRY",
    "TICKER",
];

/// Whether `text` is a classic LexisNexis TXT export.
pub fn is_classic(text: &str) -> bool {
    let head = &text[..floor(text, 20_000)];
    DOC_MARK.is_match(head) && text.contains("LENGTH:")
}

/// Whether `text` (a DOCX's or a plain-text save's) is a Nexis Uni export.
pub fn is_nexis_uni(text: &str) -> bool {
    text.lines().any(|l| l.trim() == "End of Document")
        && text.lines().any(|l| {
            let l = l.trim();
            l.starts_with("Length:") && l.ends_with("words")
        })
}

fn floor(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Lowercase metadata key of an export field.
fn key_of(field: &str) -> String {
    match field.to_ascii_lowercase().as_str() {
        "byline" | "author" => "byline".into(),
        "load-date" => "load_date".into(),
        "publication-type" => "publication_type".into(),
        "journal-code" => "journal_code".into(),
        "language" => "language".into(),
        other => other.replace('-', "_"),
    }
}

/// Joins hard-wrapped lines into paragraphs (blank lines separate them).
fn paragraphs(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut para = String::new();
    let flush = |para: &mut String, out: &mut String| {
        if !para.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(para);
            para.clear();
        }
    };
    for line in lines {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
        } else {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(&t.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    flush(&mut para, &mut out);
    out
}

/// A line that is only a date line: "January 11, 2010 Monday", "July 1,
/// 2019 Monday 9:20 AM GMT", "11. Januar 2010 Montag".
fn date_line(line: &str) -> Option<PartialDate> {
    let scan = date_value::scan(line.trim())?;
    if scan.words_before == 0 && scan.words_after <= 1 {
        scan.date.ok()
    } else {
        None
    }
}

fn finish(mut doc: Parsed, load_date: Option<PartialDate>) -> Parsed {
    if doc.date.is_none() {
        doc.date = load_date.map(|d| (d, DateSource::Metadata));
    }
    if let Some(code) = doc
        .meta
        .get("language")
        .and_then(|v| v.as_str())
        .and_then(super::language::code_of_name)
    {
        doc.meta
            .insert("lang".into(), serde_json::Value::String(code.into()));
    }
    doc
}

/// The articles of a classic TXT export (row = the article's number).
pub fn split_classic(text: &str, fallback: &str) -> Vec<Result<Parsed, (i64, String)>> {
    let marks: Vec<(usize, usize, i64)> = DOC_MARK
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some((m.start(), m.end(), c[1].parse().ok()?))
        })
        .collect();
    let mut out = Vec::new();
    for (k, &(_, body_start, n)) in marks.iter().enumerate() {
        let end = marks.get(k + 1).map_or(text.len(), |m| m.0);
        out.push(classic_article(&text[body_start..end], n, fallback));
    }
    out
}

fn classic_article(chunk: &str, n: i64, fallback: &str) -> Result<Parsed, (i64, String)> {
    let lines: Vec<&str> = chunk.lines().collect();
    let mut i = 0;
    let next_nonblank = |i: &mut usize| {
        while *i < lines.len() && lines[*i].trim().is_empty() {
            *i += 1;
        }
    };
    // Outlet, then the date line and any edition lines.
    next_nonblank(&mut i);
    let outlet = lines.get(i).map(|l| l.trim().to_string());
    i += 1;
    next_nonblank(&mut i);
    let mut date = None;
    let mut edition = Vec::new();
    while i < lines.len() && !lines[i].trim().is_empty() {
        let l = lines[i].trim();
        match date_line(l) {
            Some(d) if date.is_none() => date = Some(d),
            _ => edition.push(l.trim_end_matches(';').to_string()),
        }
        i += 1;
    }
    // The headline: up to the first field.
    next_nonblank(&mut i);
    let mut headline = Vec::new();
    while i < lines.len() && !CLASSIC_FIELD.is_match(lines[i].trim()) {
        if !lines[i].trim().is_empty() {
            headline.push(lines[i].trim());
        }
        i += 1;
    }
    // Fields up to LENGTH:, then the body up to a trailing field.
    let mut doc = Parsed::file(String::new(), String::new(), None);
    doc.row = n;
    doc.set_meta("outlet", outlet);
    doc.set_meta("edition", Some(edition.join("; ")));
    let mut load_date = None;
    let mut body = Vec::new();
    let mut in_body = false;
    let mut last_field: Option<String> = None;
    for line in lines.get(i..).unwrap_or_default() {
        let t = line.trim();
        // A centred copyright notice ends a body that has no trailing fields.
        if in_body
            && line.starts_with("          ")
            && (t.starts_with("Copyright") || t.starts_with('©'))
        {
            in_body = false;
        }
        if let Some(c) = CLASSIC_FIELD.captures(t) {
            let field = &c[1];
            let trailing = CLASSIC_TRAILERS.contains(&field);
            let before_text = body.iter().all(|l: &&str| l.trim().is_empty());
            let opening = before_text && matches!(field, "DATELINE" | "HIGHLIGHT" | "BODY");
            if !in_body || trailing || opening {
                if trailing {
                    in_body = false;
                }
                if field == "LOAD-DATE" {
                    load_date = date_value::parse(&c[2]).ok();
                }
                doc.set_meta(&key_of(field), Some(c[2].to_string()));
                last_field = Some(field.to_string());
                if field == "LENGTH" || opening {
                    in_body = true;
                    last_field = None;
                }
                continue;
            }
        }
        if in_body {
            body.push(*line);
        } else if t.is_empty() {
            last_field = None;
        } else if t.starts_with("Copyright") || t.starts_with('©') {
            doc.set_meta("copyright", Some(t.to_string()));
            last_field = None;
        } else if let Some(f) = &last_field {
            // A field's value wrapped onto the next line.
            let key = key_of(f);
            let joined = format!(
                "{} {t}",
                doc.meta.get(&key).and_then(|v| v.as_str()).unwrap_or("")
            );
            doc.set_meta(&key, Some(joined));
        } else if t != "All Rights Reserved" {
            // A stray line after the fields: part of the copyright notice.
            if let Some(c) = doc.meta.get("copyright").and_then(|v| v.as_str()) {
                let joined = format!("{c} {t}");
                doc.set_meta("copyright", Some(joined));
            }
        }
    }
    let text = paragraphs(&body);
    if text.trim().is_empty() {
        return Err((n, "article without text".into()));
    }
    doc.title = if headline.is_empty() {
        super::text::title_of(&text, fallback)
    } else {
        headline.join(" ")
    };
    doc.text = text;
    doc.date = date.map(|d| (d, DateSource::Metadata));
    Ok(finish(doc, load_date))
}

/// Nexis Uni labels before the body ("Section: NEWS; Pg. 3").
const UNI_FIELDS: &[&str] = &[
    "Section",
    "Length",
    "Byline",
    "Dateline",
    "Highlight",
    "Edition",
    "Type",
    "Series",
];

/// Nexis Uni labels after the body.
const UNI_TRAILERS: &[&str] = &[
    "Classification",
    "Language",
    "Publication-Type",
    "Subject",
    "Geographic",
    "Organization",
    "Person",
    "Company",
    "Industry",
    "Ticker",
    "Load-Date",
    "Graphic",
    "Notes",
    "Correction-Date",
    "Document-Type",
    "Journal Code",
    "Terms",
];

fn uni_field<'a>(line: &'a str, names: &[&str]) -> Option<(&'static str, &'a str)> {
    let (label, value) = line.split_once(':')?;
    let label = label.trim();
    let known = UNI_FIELDS
        .iter()
        .chain(UNI_TRAILERS)
        .find(|f| f.eq_ignore_ascii_case(label))?;
    names
        .iter()
        .any(|n| n.eq_ignore_ascii_case(label))
        .then_some((*known, value.trim()))
}

/// The articles of a Nexis Uni export, from its text (paragraphs one per
/// line or separated by blank lines).
pub fn split_nexis_uni(text: &str, fallback: &str) -> Vec<Result<Parsed, (i64, String)>> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // Articles end at "End of Document"; the cover page comes before the
    // first article's headline, which the cover's numbered list repeats.
    let mut chunks: Vec<&[&str]> = Vec::new();
    let mut start = 0;
    for (k, l) in lines.iter().enumerate() {
        if *l == "End of Document" {
            chunks.push(&lines[start..k]);
            start = k + 1;
        }
    }
    let mut out = Vec::new();
    for (k, chunk) in chunks.into_iter().enumerate() {
        let chunk = if k == 0 { skip_cover(chunk) } else { chunk };
        out.push(uni_article(chunk, k as i64 + 1, fallback));
    }
    out
}

/// Drops the cover page: everything up to the line before the first
/// article's date line's outlet (headline, outlet, date).
fn skip_cover<'a>(chunk: &'a [&'a str]) -> &'a [&'a str] {
    let has_cover = chunk.iter().take(8).any(|l| {
        COVER_STARTS.iter().any(|p| l.starts_with(p))
            || (l.contains(';') && is_cover_line(l) && l.contains(':'))
    });
    if !has_cover {
        return chunk;
    }
    // The first date line whose next lines lead to Length:/Section:/Byline:.
    for (k, l) in chunk.iter().enumerate() {
        if k >= 2
            && date_line(l).is_some()
            && chunk[k + 1..]
                .iter()
                .take(8)
                .any(|n| uni_field(n, UNI_FIELDS).is_some())
        {
            // Headline and outlet precede the date line (the outlet is one
            // line; the headline may have wrapped onto more).
            let mut h = k - 1;
            while h > 0 && !is_cover_line(chunk[h - 1]) && h > k.saturating_sub(4) {
                h -= 1;
            }
            return &chunk[h..];
        }
    }
    chunk
}

/// The lines that open a Nexis Uni cover page, in the interface languages
/// exports come in.
const COVER_STARTS: [&str; 12] = [
    "Date and Time:",
    "Job Number:",
    "User Name:",
    "Datum und Uhrzeit:",
    "Auftragsnummer:",
    "Benutzername:",
    "Date et heure:",
    "Numéro de la tâche:",
    "Nom d'utilisateur:",
    "Fecha y hora:",
    "Número de trabajo:",
    "Nombre de usuario:",
];

/// A line of a cover page (its fields, the result list's lines).
pub(super) fn is_cover_line(l: &str) -> bool {
    COVER_STARTS.iter().any(|p| l.starts_with(p))
        || [
            "Documents (",
            "Client/Matter:",
            "Search Terms:",
            "Search Type:",
            "Narrowed by",
            "Content Type",
            "Sources",
            "Timeline",
            "News",
            "Language",
            "Publication Type",
            // German, French, Spanish interfaces.
            "Dokumente (",
            "Kunde/Projekt:",
            "Suchbegriffe:",
            "Suchart:",
            "Eingegrenzt durch",
            "Inhaltstyp",
            "Quellen",
            "Zeitraum",
            "Sprache",
            "Publikationstyp",
            "Recherchebegriffe",
            "Termes de recherche",
            "Type de contenu",
            "Affiné par",
            "Términos de búsqueda",
            "Tipo de contenido",
            "Fuentes",
        ]
        .iter()
        .any(|p| l.starts_with(p))
        || l.split_once(". ")
            .is_some_and(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()))
}

fn uni_article(chunk: &[&str], n: i64, fallback: &str) -> Result<Parsed, (i64, String)> {
    // Headline lines, the outlet, the date line; then fields; "Body"; text.
    let Some(date_at) = chunk.iter().take(12).position(|l| date_line(l).is_some()) else {
        return Err((n, "article without a date line (damaged export?)".into()));
    };
    let mut doc = Parsed::file(String::new(), String::new(), None);
    doc.row = n;
    let head = &chunk[..date_at];
    let (headline, outlet) = match head {
        [] => (String::new(), None),
        [one] => (one.to_string(), None),
        [h @ .., o] => (h.join(" "), Some(o.to_string())),
    };
    doc.set_meta("outlet", outlet);
    doc.date = date_line(chunk[date_at]).map(|d| (d, DateSource::Metadata));
    let mut i = date_at + 1;
    let mut load_date = None;
    // Before "Body": copyright, edition lines, fields.
    while i < chunk.len() && chunk[i] != "Body" {
        let l = chunk[i];
        if let Some((f, v)) = uni_field(l, UNI_FIELDS) {
            doc.set_meta(&key_of(f), Some(v.to_string()));
        } else if l.starts_with("Copyright") || l.starts_with('©') {
            doc.set_meta("copyright", Some(l.to_string()));
        } else if doc.meta.get("copyright").is_none() {
            doc.set_meta("edition", Some(l.to_string()));
        }
        i += 1;
    }
    i += 1; // "Body"
    let mut body = Vec::new();
    while i < chunk.len() {
        let l = chunk[i];
        if l == "Classification" {
            i += 1;
            continue;
        }
        if let Some((f, v)) = uni_field(l, UNI_TRAILERS) {
            if f == "Load-Date" {
                load_date = date_value::parse(v).ok();
            }
            doc.set_meta(&key_of(f), Some(v.to_string()));
            i += 1;
            continue;
        }
        if doc.meta.contains_key("language") || doc.meta.contains_key("load_date") {
            // After the trailing fields only their wrapped values remain.
            i += 1;
            continue;
        }
        body.push(l);
        i += 1;
    }
    let text = body.join("\n\n");
    if text.trim().is_empty() {
        return Err((n, "article without text".into()));
    }
    // Never the export's front matter ("Quellen: The Guardian(London);
    // Content Type: News …"), should a cover page be left in.
    doc.title = if headline.is_empty() || is_cover_line(&headline) {
        super::text::title_of(&text, fallback)
    } else {
        headline
    };
    doc.text = text;
    Ok(finish(doc, load_date))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(cover: &str) -> String {
        format!(
            "{cover}\nHarbour wall gives way\nThe Guardian(London)\nJuly 1, 2019 Monday\n\
             Copyright 2019 Guardian Newspapers Limited\nSection: UK NEWS; Pg. 7\nLength: 120 words\n\
             Byline: Andrew Sparrow\nBody\nA section of the harbour wall collapsed overnight.\n\
             Load-Date: July 2, 2019\nEnd of Document\nStorm hits the coast\nGuardian.com\n\
             January 11, 2010 Monday\nLength: 80 words\nBody\nThe storm reached the coast at dawn.\n\
             End of Document\n"
        )
    }

    /// Regression: the first article of a Nexis Uni export with a German
    /// cover page was titled "Quellen: The Guardian(London); Content Type:
    /// News …".
    #[test]
    fn a_cover_page_in_another_language_is_no_article_s_title() {
        for cover in [
            "Datum und Uhrzeit: Dienstag, 2. Juli 2019 10:00:00 MESZ\nAuftragsnummer: 8812\n\
             Dokumente (2)\n1. Harbour wall gives way\n2. Storm hits the coast\nKunde/Projekt: -\n\
             Suchbegriffe: harbour\nSuchart: Begriffe und Verbinder\nEingegrenzt durch\n\
             Quellen: The Guardian(London); Content Type: News; Zeitraum: 2019",
            "Quellen: The Guardian(London); Content Type: News; Zeitraum: 2010 bis 2019\n\
             Dokumente (2)\n1. Harbour wall gives way\n2. Storm hits the coast",
            "",
        ] {
            let text = export(cover);
            assert!(is_nexis_uni(&text));
            let docs: Vec<Parsed> = split_nexis_uni(&text, "export")
                .into_iter()
                .map(|r| r.unwrap())
                .collect();
            assert_eq!(docs.len(), 2, "{cover}");
            assert_eq!(docs[0].title, "Harbour wall gives way", "{cover}");
            assert_eq!(docs[0].meta["outlet"], "The Guardian(London)");
            assert_eq!(docs[0].date.unwrap().0.to_string(), "2019-07-01");
            assert_eq!(docs[1].title, "Storm hits the coast");
        }
        assert!(is_cover_line(
            "Quellen: The Guardian(London); Content Type: News"
        ));
    }
}
