//! The same text again: one more source of a stored document, or a
//! publication of its own (its source states another date, outlet, title
//! or byline).

use super::item::Parsed;

/// What a stored document with the same text says about itself.
pub struct SameText {
    pub id: i64,
    pub undated: bool,
    pub title: String,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
}

/// Whether two statements of one field disagree (both made, and not the
/// same). Case and spacing do not count.
fn disagree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let norm = |s: &str| {
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            let (a, b) = (norm(a), norm(b));
            !a.is_empty() && !b.is_empty() && a != b
        }
        _ => false,
    }
}

/// Two dates that cannot be the same day: a partial date agrees with every
/// day inside it.
fn dates_disagree(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let n = a.len().min(b.len());
            a[..n] != b[..n]
        }
        _ => false,
    }
}

impl SameText {
    /// Whether `doc` is another publication of this text: its source states
    /// another date, outlet, title or byline. `derived` is the title the
    /// text itself gives (its first line): a title equal to it was not
    /// stated by the source.
    pub fn other_publication(&self, doc: &Parsed, date: Option<&str>, derived: &str) -> bool {
        let meta = |k: &str| doc.meta.get(k).and_then(|v| v.as_str());
        let stated = |t: &str| !derived.is_empty() && t != derived;
        dates_disagree(self.date.as_deref(), date)
            || disagree(self.outlet.as_deref(), meta("outlet"))
            || disagree(self.byline.as_deref(), meta("byline"))
            || (stated(&self.title)
                && stated(&doc.title)
                && disagree(Some(&self.title), Some(&doc.title)))
    }
}

/// A JSON metadata value as text (a number or string; arrays and objects
/// are no outlet or byline).
pub fn text_value(v: rusqlite::types::Value) -> Option<String> {
    match v {
        rusqlite::types::Value::Text(s) => Some(s),
        rusqlite::types::Value::Integer(i) => Some(i.to_string()),
        rusqlite::types::Value::Real(f) => Some(f.to_string()),
        _ => None,
    }
}
