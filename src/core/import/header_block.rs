//! A block of labelled lines at the very top of a plain text, as wire
//! archives, scrapers and hand-made corpora write them:
//!
//! ```text
//! Date: 26-FEB-1987 15:01:01.79
//! Title: BAHIA COCOA REVIEW
//! Source: Reuters
//!
//! Showers continued throughout the week in the Bahia cocoa zone...
//! ```
//!
//! The block gives the date, the title and metadata and is taken out of
//! the stored text; its lines never become the title. A block counts only
//! when it holds at least one label we know, so a story opening "Note: the
//! minister said" stays a story.

use serde_json::{Map, Value};

use super::date_value::{self, Refused};
use crate::core::model::PartialDate;

/// What the block's fields say.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Block {
    pub date: Option<PartialDate>,
    /// The date's text when it could not be used (ambiguous, impossible).
    pub date_refused: Option<(String, Refused)>,
    pub title: Option<String>,
    /// outlet, byline, url, section, language, and any other field by its
    /// label in lower case.
    pub meta: Map<String, Value>,
}

/// Lines a block may have.
const MAX_LINES: usize = 30;

/// The field a known label stands for, in English, French, German and
/// Spanish (with their lower-case forms).
fn known(label: &str) -> Option<&'static str> {
    Some(match label {
        "date" | "dated" | "published" | "publication date" | "pubdate" | "datum" | "fecha"
        | "publié le" | "veröffentlicht" | "publicado" => "date",
        "title" | "headline" | "subject" | "titel" | "título" | "titulo" | "titre" | "betreff"
        | "asunto" | "objet" | "überschrift" | "titular" => "title",
        "source" | "outlet" | "publication" | "newspaper" | "quelle" | "fuente" | "medium"
        | "zeitung" | "journal" | "periódico" => "outlet",
        "author" | "authors" | "by" | "byline" | "autor" | "auteur" | "autores" | "verfasser" => {
            "byline"
        }
        "url" | "link" | "source url" | "permalink" | "lien" | "enlace" => "url",
        "section" | "category" | "rubrik" | "ressort" | "rubrique" | "sección" | "seccion"
        | "sektion" => "section",
        "language" | "lang" | "sprache" | "langue" | "idioma" => "lang",
        _ => return None,
    })
}

/// Splits a labelled line: `Label: value` with a short label.
fn field(line: &str) -> Option<(String, &str)> {
    let (label, value) = line.split_once(':')?;
    let label = label.trim();
    // Short, made of letters (and spaces, dots, hyphens): "Source URL", "By".
    if label.is_empty()
        || label.chars().count() > 24
        || label.split_whitespace().count() > 3
        || !label.chars().next().is_some_and(char::is_alphabetic)
        || !label
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '.')
    {
        return None;
    }
    // `http://…` on a line of its own is not a label "http".
    if value.starts_with("//") {
        return None;
    }
    Some((label.to_lowercase(), value.trim()))
}

/// The block at the top of `text` and the text after it. Without a block,
/// `(Block::default(), text)`.
pub fn split(text: &str) -> (Block, &str) {
    let mut block = Block::default();
    let mut known_fields = 0;
    let mut end = 0;
    let mut offset = 0;
    let mut fields = Vec::new();
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if fields.is_empty() {
                continue;
            }
            // A blank line ends the block.
            end = offset;
            break;
        }
        if n >= MAX_LINES {
            return (Block::default(), text);
        }
        let Some((label, value)) = field(trimmed) else {
            // The first line that is not a field ends the block.
            end = start;
            break;
        };
        if known(&label).is_some() {
            known_fields += 1;
        }
        fields.push((label, value.to_string()));
        end = offset;
    }
    if known_fields == 0 {
        return (Block::default(), text);
    }
    for (label, value) in fields {
        if value.is_empty() {
            continue;
        }
        match known(&label) {
            Some("date") if block.date.is_none() => match date_value::parse(&value) {
                Ok(d) => block.date = Some(d),
                Err(why) => block.date_refused = Some((value, why)),
            },
            Some("title") if block.title.is_none() => {
                block.title = Some(value.split_whitespace().collect::<Vec<_>>().join(" "))
            }
            Some(key) => {
                block.meta.entry(key).or_insert(Value::String(value));
            }
            None => {
                block.meta.entry(label).or_insert(Value::String(value));
            }
        }
    }
    (block, &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wire_story_s_block() {
        let text = "Date: 26-FEB-1987 15:01:01.79\nTitle: BAHIA COCOA REVIEW\nPlaces: el-salvador usa\n\nShowers continued throughout the week.\n";
        let (block, rest) = split(text);
        assert_eq!(block.date, Some("1987-02-26".parse().unwrap()));
        assert_eq!(block.title.as_deref(), Some("BAHIA COCOA REVIEW"));
        assert_eq!(block.meta["places"], "el-salvador usa");
        assert_eq!(rest, "Showers continued throughout the week.\n");
    }

    #[test]
    fn labels_in_other_languages_and_cases() {
        let (block, rest) = split(
            "titel: Fernwärme wird teurer\nDatum: 17.10.2022\nQuelle: Stadtanzeiger\nAutor: Margit Olsen\nText beginnt.",
        );
        assert_eq!(block.title.as_deref(), Some("Fernwärme wird teurer"));
        assert_eq!(block.date, Some("2022-10-17".parse().unwrap()));
        assert_eq!(block.meta["outlet"], "Stadtanzeiger");
        assert_eq!(block.meta["byline"], "Margit Olsen");
        assert_eq!(rest, "Text beginnt.");
    }

    #[test]
    fn not_a_block() {
        for text in [
            "Note: the minister said no.\nMore text.",
            "Breaking news\nDate: 2021-03-04\n",
            "https://example.org/story\nText",
        ] {
            let (block, rest) = split(text);
            assert_eq!(block, Block::default(), "{text}");
            assert_eq!(rest, text);
        }
    }

    #[test]
    fn an_ambiguous_date_is_kept_aside() {
        let (block, _) = split("Date: 03/04/2021\nTitle: x\n\nBody");
        assert_eq!(block.date, None);
        assert_eq!(
            block.date_refused,
            Some(("03/04/2021".to_string(), Refused::Ambiguous))
        );
    }
}
