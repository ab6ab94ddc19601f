//! One row writer per format, behind [`RowWriter`]: the export loop hands
//! each document to the writer of the chosen format.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

use serde_json::Value;

use super::names;
use super::row::{CORE_FIELDS, JSON_ONLY, Row};
use crate::core::error::{Error, Result};

/// Takes the exported documents one by one.
pub(super) trait RowWriter {
    fn row(&mut self, row: &Row) -> Result<()>;
    /// Everything written (a writer may buffer).
    fn finish(&mut self) -> Result<()>;
}

/// JSON Lines: one object per document.
pub(super) struct Jsonl<W: Write> {
    pub out: W,
}

impl<W: Write> RowWriter for Jsonl<W> {
    fn row(&mut self, row: &Row) -> Result<()> {
        serde_json::to_writer(&mut self.out, &row.to_json())?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        Ok(self.out.flush()?)
    }
}

/// Names × documents: a CSV row per entity mention (document, its title
/// and date, the entity's canonical name and type, the name as written,
/// its characters).
pub(super) struct Entities<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> Entities<W> {
    pub(super) fn new(out: W) -> Result<Self> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "doc_id", "title", "date", "entity", "type", "surface", "start", "end",
        ])
        .map_err(csv_error)?;
        Ok(Entities { w })
    }
}

impl<W: Write> RowWriter for Entities<W> {
    fn row(&mut self, row: &Row) -> Result<()> {
        let field = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        for e in &row.entities {
            self.w
                .write_record([
                    row.id.to_string(),
                    row.title.clone(),
                    row.date.clone().unwrap_or_default(),
                    field(&e["name"]),
                    field(&e["type"]),
                    field(&e["surface"]),
                    field(&e["start"]),
                    field(&e["end"]),
                ])
                .map_err(csv_error)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        Ok(self.w.flush()?)
    }
}

/// CSV (RFC 4180, UTF-8): our columns in JSONL's order, `split` after them
/// when split, then one column per metadata key.
pub(super) struct Csv<W: Write> {
    w: csv::Writer<W>,
    split: bool,
    /// (metadata key, its column name).
    meta_cols: Vec<(String, String)>,
}

impl<W: Write> Csv<W> {
    pub fn new(out: W, split: bool, meta_keys: &[String]) -> Result<Csv<W>> {
        let mut w = csv::Writer::from_writer(out);
        let mut header: Vec<String> = CORE_FIELDS
            .iter()
            .filter(|f| **f != "split" && !JSON_ONLY.contains(f))
            .map(|s| s.to_string())
            .collect();
        if split {
            header.push("split".into());
        }
        let meta_cols: Vec<(String, String)> = meta_keys
            .iter()
            .map(|k| {
                let col = if CORE_FIELDS.contains(&k.as_str()) {
                    format!("meta_{k}")
                } else {
                    k.clone()
                };
                (k.clone(), col)
            })
            .collect();
        header.extend(meta_cols.iter().map(|(_, c)| c.clone()));
        w.write_record(&header).map_err(csv_error)?;
        Ok(Csv {
            w,
            split,
            meta_cols,
        })
    }
}

impl<W: Write> RowWriter for Csv<W> {
    fn row(&mut self, row: &Row) -> Result<()> {
        let mut rec = vec![
            row.id.to_string(),
            row.title.clone(),
            row.text.clone(),
            row.date.clone().unwrap_or_default(),
            row.date_source.clone().unwrap_or_default(),
            row.tags.join(";"),
            row.paths.first().cloned().unwrap_or_default(),
            row.paths.join(";"),
            row.cluster.map(|c| c.to_string()).unwrap_or_default(),
        ];
        if self.split {
            rec.push(row.split.unwrap_or_default().to_string());
        }
        for (k, _) in &self.meta_cols {
            rec.push(match row.meta.get(k) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            });
        }
        self.w.write_record(&rec).map_err(csv_error)
    }

    fn finish(&mut self) -> Result<()> {
        Ok(self.w.flush()?)
    }
}

pub(super) fn csv_error(e: csv::Error) -> Error {
    Error::from(e)
}

/// The row's date unless it came from a rule that no longer holds (a date
/// an earlier version picked from the running text) or lies outside 1800 to
/// today.
fn trusted_date(row: &Row) -> Option<&str> {
    let d = row.date.as_deref()?;
    let from_old_rule = row.date_source.as_deref() == Some(crate::core::DateSource::Text.as_str());
    let plausible = d
        .parse::<crate::core::PartialDate>()
        .is_ok_and(crate::core::import::date_value::plausible);
    (!from_old_rule && plausible).then_some(d)
}

/// A folder of `YYYY-MM-DD_title-slug.txt` files (`undated_…`), each
/// starting with the inline date header the importer reads back; in
/// `train/`, `validation/`, `test/` when split.
pub(super) struct Txt {
    root: PathBuf,
    unique: HashMap<&'static str, names::Unique>,
}

impl Txt {
    pub fn new(root: PathBuf) -> Txt {
        Txt {
            root,
            unique: HashMap::new(),
        }
    }
}

impl RowWriter for Txt {
    fn row(&mut self, row: &Row) -> Result<()> {
        let folder = match row.split {
            Some(side) => {
                let f = self.root.join(side);
                fs::create_dir_all(&f)?;
                f
            }
            None => self.root.clone(),
        };
        // Only a date the user can trust goes into the name and the header,
        // which a re-import takes as the most deliberate source there is.
        let date = trusted_date(row);
        let stem = format!("{}_{}", date.unwrap_or("undated"), names::slug(&row.title));
        let name = self
            .unique
            .entry(row.split.unwrap_or(""))
            .or_default()
            .name(&stem, "txt");
        let body = match date {
            Some(d) => format!(" date {d} {}", row.text),
            None => row.text.clone(),
        };
        fs::write(folder.join(name), body)?;
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(date: Option<&str>, source: Option<&str>) -> Row {
        Row {
            id: 1,
            title: "Harbour wall falls".into(),
            text: "The wall fell.".into(),
            date: date.map(Into::into),
            date_source: source.map(Into::into),
            tags: Vec::new(),
            paths: Vec::new(),
            cluster: None,
            keeper: None,
            marked_duplicate: false,
            added: 0,
            meta: serde_json::Map::new(),
            split: None,
            passages: Vec::new(),
            memos: Vec::new(),
            entities: Vec::new(),
        }
    }

    /// A date the current rules would refuse never reaches a file name or
    /// the header a re-import trusts most.
    #[test]
    fn txt_export_writes_only_trusted_dates() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Txt::new(dir.path().to_path_buf());
        w.row(&row(Some("2010-01-11"), Some("metadata"))).unwrap();
        w.row(&row(Some("1870-05-14"), Some("text"))).unwrap();
        w.row(&row(Some("1752-05-14"), Some("field"))).unwrap();
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "2010-01-11_harbour-wall-falls.txt",
                "undated_harbour-wall-falls-2.txt",
                "undated_harbour-wall-falls.txt"
            ]
        );
        let dated =
            fs::read_to_string(dir.path().join("2010-01-11_harbour-wall-falls.txt")).unwrap();
        assert!(dated.starts_with(" date 2010-01-11 "));
        let undated =
            fs::read_to_string(dir.path().join("undated_harbour-wall-falls.txt")).unwrap();
        assert_eq!(undated, "The wall fell.");
    }
}
