//! One document as an export writes it, the same for every format.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::core::model::DocId;

/// One document as exported.
pub(super) struct Row {
    pub(super) id: DocId,
    pub(super) title: String,
    pub(super) text: String,
    pub(super) date: Option<String>,
    pub(super) date_source: Option<String>,
    pub(super) tags: Vec<String>,
    pub(super) paths: Vec<String>,
    pub(super) cluster: Option<i64>,
    /// Its cluster's keeper.
    pub(super) keeper: Option<DocId>,
    /// Marked as a duplicate in review.
    pub(super) marked_duplicate: bool,
    /// When it was imported (unix seconds).
    pub(super) added: i64,
    pub(super) meta: Map<String, Value>,
    pub(super) split: Option<&'static str>,
    /// Coded passages (JSON objects), in text order.
    pub(super) passages: Vec<Value>,
    /// Memos on the document (JSON objects).
    pub(super) memos: Vec<Value>,
    /// People, organisations and places named (JSON objects), in text order.
    pub(super) entities: Vec<Value>,
}

/// Fields only JSON lines carry (lists), kept out of CSV columns.
pub(super) const JSON_ONLY: [&str; 3] = ["passages", "memos", "entities"];

pub(super) const CORE_FIELDS: [&str; 13] = [
    "id",
    "title",
    "text",
    "date",
    "date_source",
    "tags",
    "source_path",
    "source_paths",
    "cluster",
    "split",
    "passages",
    "memos",
    "entities",
];

impl Row {
    pub(super) fn to_json(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("id".into(), self.id.into());
        m.insert("title".into(), self.title.clone().into());
        m.insert("text".into(), self.text.clone().into());
        m.insert("date".into(), self.date.clone().into());
        m.insert("date_source".into(), self.date_source.clone().into());
        m.insert("tags".into(), self.tags.clone().into());
        m.insert(
            "source_path".into(),
            self.paths.first().cloned().unwrap_or_default().into(),
        );
        m.insert("source_paths".into(), self.paths.clone().into());
        m.insert("cluster".into(), self.cluster.into());
        if let Some(s) = self.split {
            m.insert("split".into(), s.into());
        }
        m.insert("passages".into(), Value::Array(self.passages.clone()));
        m.insert("memos".into(), Value::Array(self.memos.clone()));
        m.insert("entities".into(), Value::Array(self.entities.clone()));
        for (k, v) in &self.meta {
            // A metadata field never hides one of ours.
            let key = if CORE_FIELDS.contains(&k.as_str()) {
                format!("meta_{k}")
            } else {
                k.clone()
            };
            m.insert(key, v.clone());
        }
        m
    }
}

/// A coded passage as exported: (id, tag path, start, end, coder, time).
pub(super) type CodedPassage = (i64, String, i64, i64, String, i64);

/// A document's coded passages (with their text and memo) and its memos,
/// as the JSON lines carry them.
pub(super) fn coding_of(
    passages: &HashMap<DocId, Vec<CodedPassage>>,
    memos: &HashMap<(String, i64), (String, i64, String)>,
    id: DocId,
    text: &str,
) -> (Vec<Value>, Vec<Value>) {
    let memo = |kind: &str, of: i64| {
        memos.get(&(kind.to_string(), of)).map(|(author, t, text)| {
            serde_json::json!({
                "author": author,
                "updated": crate::core::counts::iso_time(*t),
                "text": text,
            })
        })
    };
    let list = passages.get(&id).map_or(&[][..], Vec::as_slice);
    let ranges: Vec<(i64, i64)> = list.iter().map(|p| (p.2, p.3)).collect();
    let bytes = crate::core::reading::byte_ranges(text, &ranges);
    let passages = list
        .iter()
        .zip(bytes)
        .map(|((pid, tag, start, end, coder, t), (bs, be))| {
            let mut m = serde_json::json!({
                "id": pid,
                "tag": tag,
                "start": start,
                "end": end,
                "coder": coder,
                "coded": crate::core::counts::iso_time(*t),
                "text": &text[bs..be],
            });
            if let Some(note) = memo("passage", *pid) {
                m["memo"] = note;
            }
            m
        })
        .collect();
    let memos = memo("document", id).into_iter().collect();
    (passages, memos)
}

/// A document's entity mentions as exported: canonical name, type, the
/// name as written, start and end (characters).
pub(super) fn entities_of(
    conn: &rusqlite::Connection,
    names: &HashMap<i64, (String, &'static str)>,
    id: DocId,
    text: &str,
) -> crate::core::error::Result<Vec<Value>> {
    let mentions = crate::core::store::entities::mentions(conn, id)?;
    if mentions.is_empty() {
        return Ok(Vec::new());
    }
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let at = |c: usize| bytes.get(c).copied().unwrap_or(text.len());
    Ok(mentions
        .into_iter()
        .filter_map(|(start, end, entity)| {
            let (name, kind) = names.get(&entity)?;
            Some(serde_json::json!({
                "name": name,
                "type": kind,
                "surface": text.get(at(start)..at(end)).unwrap_or(""),
                "start": start,
                "end": end,
            }))
        })
        .collect())
}
