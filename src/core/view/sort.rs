//! The orders the list can take: a column and a direction.

use serde::{Deserialize, Serialize};

use crate::core::filter::{FieldName, MetaFilter};

/// The columns the list can be sorted by: title, date and source each
/// backed by an index, and any metadata field (sorted by a background job,
/// as a filter is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum SortKey {
    #[default]
    Title,
    Date,
    Source,
    Meta(FieldName),
}

impl SortKey {
    pub(super) fn column(self) -> String {
        match self {
            SortKey::Title => "d.title_key".into(),
            SortKey::Date => "d.date_key".into(),
            SortKey::Source => "d.source_key".into(),
            SortKey::Meta(f) => format!(
                "ifnull(json_extract(d.meta, '{}'), '')",
                MetaFilter::path_of(f.as_str()).replace('\'', "''")
            ),
        }
    }

    /// Sorted without an index: the list comes from a background job.
    pub fn is_meta(self) -> bool {
        matches!(self, SortKey::Meta(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}
