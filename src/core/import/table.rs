//! JSONL and CSV corpora: one document per line or row.
//!
//! Rows have a `text` field and optional `title`, `date` and `tags`; every
//! other field goes into the document's `meta`. A `date` field, when present,
//! is the date (null or empty means undated); without one the row's text is
//! searched as a text file's would be (but not the file name, which for a
//! corpus file is usually the crawl date, not each article's).

use serde_json::{Map, Value};

use super::dates;
use super::decode::normalize_line_endings;
use super::item::{Parsed, RowError};
use super::text::{content_key, title_of};
use crate::core::model::DateSource;

/// Builds a document from a row's fields.
pub(super) fn from_fields(
    mut fields: Map<String, Value>,
    row: i64,
    fallback_title: &str,
) -> Result<Parsed, String> {
    let text = match fields.remove("text") {
        Some(Value::String(s)) => normalize_line_endings(s),
        Some(Value::Null) | None => return Err("no \"text\" field".into()),
        Some(_) => return Err("the \"text\" field is not a string".into()),
    };
    let (header_date, body) = dates::split_header(&text);
    if body.trim().is_empty() {
        return Err("the text is empty".into());
    }
    let body = body.to_string();
    let date = match fields.remove("date") {
        Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => match dates::parse_loose(&s) {
            Some(d) => Some((d, DateSource::Field)),
            None => {
                // Keep what the file said rather than lose it.
                fields.insert("date_raw".into(), Value::String(s));
                None
            }
        },
        Some(other) => {
            fields.insert("date_raw".into(), other);
            None
        }
        None => header_date
            .map(|d| (d, DateSource::Header))
            .or_else(|| dates::in_text(&body)),
    };
    let title = match fields.remove("title") {
        Some(Value::String(s)) if !s.trim().is_empty() => content_key(&s),
        _ => title_of(&body, fallback_title),
    };
    let tags = match fields.remove("tags") {
        Some(Value::Array(items)) => items
            .into_iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) => s.split([';', ',']).map(str::to_string).collect(),
        _ => Vec::new(),
    };
    let mut tags: Vec<String> = tags
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    tags.dedup();
    Ok(Parsed {
        row,
        title,
        text: body,
        date,
        tags,
        meta: fields,
    })
}

/// One document per non-blank line of a JSONL file.
pub fn parse_jsonl(text: &str, file_name: &str) -> Vec<Result<Parsed, RowError>> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let row = i as i64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let fallback = format!("{file_name}#{row}");
        let parsed = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(fields)) => from_fields(fields, row, &fallback),
            Ok(_) => Err("not a JSON object".into()),
            Err(e) => Err(format!("not valid JSON ({e})")),
        };
        out.push(parsed.map_err(|reason| (row, format!("line {row}: {reason}"))));
    }
    out
}

/// A `.json` file (or a text that is one JSON value): an array of objects
/// with a `text` field (one document each, as JSONL rows), or one such
/// object. Anything else (a settings or labels file beside a corpus) is no
/// corpus, and says so.
pub fn parse_json(text: &str, file_name: &str) -> Result<Vec<Result<Parsed, RowError>>, String> {
    const NOT_A_CORPUS: &str = "a JSON file that is not a corpus: corpusdesk reads JSON Lines \
        (one object with a \"text\" field per line) or a JSON array of such objects";
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("not valid JSON ({e})"))?;
    let has_text = |v: &Value| v.get("text").is_some_and(Value::is_string);
    match value {
        Value::Array(items) if !items.is_empty() && items.iter().any(has_text) => Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let row = i as i64 + 1;
                let fallback = format!("{file_name}#{row}");
                match item {
                    Value::Object(fields) => from_fields(fields, row, &fallback),
                    _ => Err("not a JSON object".into()),
                }
                .map_err(|reason| (row, format!("item {row}: {reason}")))
            })
            .collect()),
        Value::Object(fields) if fields.get("text").is_some_and(Value::is_string) => {
            Ok(vec![from_fields(fields, 0, file_name).map_err(|r| (0, r))])
        }
        _ => Err(NOT_A_CORPUS.into()),
    }
}

/// Whether a text is one whole JSON object or array (not JSON Lines).
pub fn is_json_document(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim();
    ((t.starts_with('{') && t.ends_with('}')) || (t.starts_with('[') && t.ends_with(']')))
        && serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok()
}

/// One document per row of a CSV file with a header row naming a `text` column.
pub fn parse_csv(text: &str, file_name: &str) -> Result<Vec<Result<Parsed, RowError>>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(e) => return Err(format!("not a readable CSV file ({e})")),
    };
    if !headers.iter().any(|h| h == "text") {
        return Err("CSV file without a \"text\" column".into());
    }
    let mut out = Vec::new();
    let records: Vec<_> = reader.records().collect();
    let count = records.len();
    for (i, record) in records.into_iter().enumerate() {
        let row = i as i64 + 1;
        let record = match record {
            // A quote never closed swallows the rest of the file into one field.
            Ok(r)
                if i + 1 == count
                    && unclosed_quote_from(text, r.position().map_or(0, |p| p.byte())) =>
            {
                out.push(Err((row, format!("row {row}: a quote is never closed, so this row and the rest of the file could not be read"))));
                continue;
            }
            Ok(r) => r,
            Err(e) => {
                out.push(Err((row, format!("row {row}: {}", csv_error(&e)))));
                continue;
            }
        };
        let mut fields = Map::new();
        for (name, value) in headers.iter().zip(record.iter()) {
            // An empty date cell still says "undated"; other empty cells say nothing.
            if !name.is_empty() && (name == "date" || !value.is_empty()) {
                fields.insert(name.clone(), Value::String(value.to_string()));
            }
        }
        let fallback = format!("{file_name}#{row}");
        out.push(
            from_fields(fields, row, &fallback)
                .map_err(|reason| (row, format!("row {row}: {reason}"))),
        );
    }
    Ok(out)
}

/// Is there an odd number of quotes from `start` to the end of the text?
fn unclosed_quote_from(text: &str, start: u64) -> bool {
    let start = usize::try_from(start).unwrap_or(0).min(text.len());
    text.as_bytes()[start..]
        .iter()
        .filter(|&&b| b == b'"')
        .count()
        % 2
        == 1
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("has {len} fields where the header has {expected_len} (an unbalanced quote?)"),
        _ => e.to_string(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_rows_and_errors() {
        let text = r#"{"text": "First story about talks.", "title": "One", "date": "2023-04-25", "tags": ["a", "b"], "url": "http://x", "outlet": "AFP"}
{"text": "Second story", "date": null}
not json
{"title": "no text"}

{"text": " date 2021-02-03 Third with header"}
"#;
        let rows = parse_jsonl(text, "c.jsonl");
        assert_eq!(rows.len(), 5);
        let first = rows[0].as_ref().unwrap();
        assert_eq!(first.title, "One");
        assert_eq!(
            first.date,
            Some(("2023-04-25".parse().unwrap(), DateSource::Field))
        );
        assert_eq!(first.tags, vec!["a", "b"]);
        assert_eq!(first.meta["outlet"], "AFP");
        assert_eq!(rows[1].as_ref().unwrap().date, None);
        assert!(
            rows[2]
                .as_ref()
                .unwrap_err()
                .1
                .starts_with("line 3: not valid JSON")
        );
        assert_eq!(rows[3].as_ref().unwrap_err().1, "line 4: no \"text\" field");
        let third = rows[4].as_ref().unwrap();
        assert_eq!(third.row, 6);
        assert_eq!(third.text, "Third with header");
        assert_eq!(
            third.date,
            Some(("2021-02-03".parse().unwrap(), DateSource::Header))
        );
    }

    #[test]
    fn csv_rows() {
        let text = "title,text,date,tags,outlet\nA,\"Body, with comma\",2020-01-02,x;y,BBC\nB,Other body,,,\n";
        let rows = parse_csv(text, "c.csv").unwrap();
        let a = rows[0].as_ref().unwrap();
        assert_eq!(
            (a.title.as_str(), a.text.as_str()),
            ("A", "Body, with comma")
        );
        assert_eq!(a.tags, vec!["x", "y"]);
        assert_eq!(a.meta["outlet"], "BBC");
        assert_eq!(rows[1].as_ref().unwrap().date, None);
        assert!(parse_csv("a,b\n1,2\n", "x.csv").is_err());
    }

    #[test]
    fn csv_unbalanced_quote_is_a_row_error() {
        let text = "title,text\nA,ok text\nB,\"broken\nC,more\n";
        let rows = parse_csv(text, "c.csv").unwrap();
        assert!(rows[0].is_ok());
        assert!(rows.iter().skip(1).any(|r| r.is_err()));
    }
}
