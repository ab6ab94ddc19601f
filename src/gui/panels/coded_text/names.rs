//! Names in the reader: people, organisations and places underlined in
//! their type's colour (when *Mark names* is on); hovering names the
//! entity, a click filters the list by it.

use egui::Color32;

use crate::core::entities::Kind;
use crate::core::model::EntityId;

/// A name in the text: bytes `start..end`, its entity (merges followed).
#[derive(Debug, Clone, PartialEq)]
pub struct NameMark {
    pub start: usize,
    pub end: usize,
    pub id: EntityId,
    pub kind: Kind,
    pub name: String,
}

impl NameMark {
    /// The filter chip's words: "person = Bashar al-Assad".
    pub fn label(&self) -> String {
        format!("{} = {}", self.kind.word(), self.name)
    }
}

/// A type's colour (the same in the legend).
pub fn color(kind: Kind, dark: bool) -> Color32 {
    crate::gui::theme::name_color(kind as usize, dark)
}

/// Marks of `mentions` (characters of `text`: start, end, entity, type,
/// name), as byte ranges, in text order.
pub fn marks(text: &str, mentions: Vec<(i64, i64, EntityId, Kind, String)>) -> Vec<NameMark> {
    let ranges: Vec<(i64, i64)> = mentions.iter().map(|m| (m.0, m.1)).collect();
    let bytes = crate::core::reading::byte_ranges(text, &ranges);
    mentions
        .into_iter()
        .zip(bytes)
        .filter(|(_, (s, e))| s < e)
        .map(|((_, _, id, kind, name), (start, end))| NameMark {
            start,
            end,
            id,
            kind,
            name,
        })
        .collect()
}

/// The name covering byte `b`.
pub fn at(names: &[NameMark], b: usize) -> Option<&NameMark> {
    let i = names.partition_point(|n| n.end <= b);
    names.get(i).filter(|n| n.start <= b && b < n.end)
}

/// The marked name at character `k` of a chunk, when names are shown.
pub(super) fn name_at(
    state: &super::CodedText,
    text: &str,
    chunk: &super::Chunk,
    k: usize,
) -> Option<NameMark> {
    if !state.show_names {
        return None;
    }
    let piece = &text[chunk.start..chunk.end];
    let b = chunk.start + piece.char_indices().nth(k).map_or(piece.len(), |(b, _)| b);
    at(&state.names, b).cloned()
}
