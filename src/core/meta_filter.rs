//! Filtering and sorting by a metadata field: a field and the value it must
//! have (`outlet = "The Times"`), and a field name small enough to sit in a
//! copyable sort key.

use serde::{Deserialize, Serialize};

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
