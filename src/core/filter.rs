//! What narrows a list of documents, as plain values on the ground floor
//! of the core: a search, tags, dates, metadata, an import batch, the
//! trash ([`Filter`]). The store saves them (saved searches), the view
//! turns them into ids, the front ends build them; none of that is here.

use serde::{Deserialize, Serialize};

use crate::core::model::{BatchId, DateSource, DocState, EntityId, TagId};

/// Which tags a view requires or leaves out. A tag stands for itself and
/// every tag nested under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagFilter {
    pub include: Vec<TagId>,
    /// Documents must carry every included tag (else any of them).
    pub all: bool,
    pub exclude: Vec<TagId>,
}

impl TagFilter {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }
}

/// Everything that narrows the list: a search, tags (with / without, all /
/// any), marked duplicates shown or not, a period or the undated, one
/// import batch, the trash instead of the library, metadata values, and
/// where the date came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub query: Option<String>,
    pub tags: TagFilter,
    /// Show documents marked as duplicates in review too.
    pub show_duplicates: bool,
    /// A period of the timeline, or the undated documents.
    pub dates: Option<DateFilter>,
    /// Only documents whose date came from this source.
    pub date_source: Option<DateSource>,
    /// Only the documents one import run created.
    pub batch: Option<BatchId>,
    /// The trash instead of the library.
    pub trash: bool,
    /// Metadata fields that must have these values (`outlet` = "The
    /// Times"), every one of them.
    pub meta: Vec<MetaFilter>,
    /// Entities the documents must name (each of them, with its merged
    /// variants).
    pub entities: Vec<EntityId>,
    /// The search also finds documents whose memos (on the document or
    /// on a coded passage) hold its words.
    pub memos: bool,
}

/// Documents by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateFilter {
    /// Dated from `from` to `to` (days since 1970-01-01, inclusive); a
    /// partial date counts at the first day of its period.
    Range {
        from: i32,
        to: i32,
    },
    Undated,
}

impl DateFilter {
    /// As the user reads it: `2023-04-01 – 2023-04-30`, `undated`.
    pub fn label(&self) -> String {
        use crate::core::timeline::day_string;
        match self {
            DateFilter::Range { from, to } if from == to => day_string(*from),
            DateFilter::Range { from, to } => {
                format!("{} – {}", day_string(*from), day_string(*to))
            }
            DateFilter::Undated => "undated".to_string(),
        }
    }
}

impl Filter {
    /// The document states the view shows.
    pub fn states(&self) -> Vec<DocState> {
        if self.trash {
            vec![DocState::Trashed]
        } else if self.show_duplicates {
            vec![DocState::Active, DocState::Duplicate]
        } else {
            vec![DocState::Active]
        }
    }

    pub fn is_empty(&self) -> bool {
        self.query.is_none()
            && self.tags.is_empty()
            && !self.show_duplicates
            && self.dates.is_none()
            && self.date_source.is_none()
            && self.batch.is_none()
            && !self.trash
            && self.meta.is_empty()
            && self.entities.is_empty()
    }
}

/// A metadata field and the value it must have.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MetaFilter {
    pub field: String,
    pub value: String,
}

impl MetaFilter {
    /// Reads `field=value` (the value may be quoted: `outlet="The Times"`).
    pub fn parse(s: &str) -> std::result::Result<MetaFilter, String> {
        let (field, value) = s
            .split_once('=')
            .ok_or_else(|| format!("{s:?}: expected field=value, e.g. outlet=\"The Times\""))?;
        let field = field.trim();
        if field.is_empty() {
            return Err(format!("{s:?}: the field name is missing"));
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        Ok(MetaFilter {
            field: field.to_string(),
            value: value.to_string(),
        })
    }

    /// The JSON path of the field, quoted so any name is safe.
    pub(crate) fn path(&self) -> String {
        Self::path_of(&self.field)
    }

    pub(crate) fn path_of(field: &str) -> String {
        format!("$.\"{}\"", field.replace('\\', "\\\\").replace('"', "\\\""))
    }

    /// As the chip reads it: `outlet = The Times`.
    pub fn label(&self) -> String {
        if self.field == "text_from" {
            // OCR marks its documents so: "text from OCR".
            return format!("text from {}", self.value);
        }
        format!("{} = {}", self.field, self.value)
    }
}

/// A metadata field's name held inline (up to 31 bytes), so that a sort
/// stays a plain copyable value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldName {
    len: u8,
    bytes: [u8; 31],
}

impl FieldName {
    pub const EMPTY: FieldName = FieldName {
        len: 0,
        bytes: [0; 31],
    };

    /// `None` for a name longer than 31 bytes or with quotes or backslashes.
    pub fn new(name: &str) -> Option<FieldName> {
        let b = name.as_bytes();
        if b.len() > 31 || b.iter().any(|c| matches!(c, b'"' | b'\'' | b'\\')) {
            return None;
        }
        let mut bytes = [0u8; 31];
        bytes[..b.len()].copy_from_slice(b);
        Some(FieldName {
            len: b.len() as u8,
            bytes,
        })
    }

    pub fn as_str(&self) -> &str {
        let n = usize::from(self.len).min(31);
        std::str::from_utf8(&self.bytes[..n]).unwrap_or("")
    }
}

impl std::fmt::Debug for FieldName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}
