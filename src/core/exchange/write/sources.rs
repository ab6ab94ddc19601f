//! Each document as a case, a source and its selections; the notes and sets after them.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Write;
use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use serde_json::Value;

use super::head::{CodeTree, FIXED_VARIABLES, Head, ProjectCounts, note_guid, user_guid};
use crate::core::counts::iso_time;
use crate::core::error::{Error, Result};
use crate::core::exchange::{attr, guid, text};
use crate::core::model::DocId;
use crate::core::store::{imports, saved};

/// One document as the project needs it.
pub(super) struct Doc {
    pub(super) id: DocId,
    pub(super) title: String,
    pub(super) text: String,
    pub(super) date: Option<String>,
    pub(super) date_source: Option<String>,
    pub(super) meta: serde_json::Map<String, Value>,
    pub(super) imported_at: i64,
}

/// Reads documents and writes their case and source elements.
pub(super) struct DocWriter<'c> {
    pub(super) doc: rusqlite::CachedStatement<'c>,
    pub(super) passages: rusqlite::CachedStatement<'c>,
    pub(super) doc_tags: rusqlite::CachedStatement<'c>,
    pub(super) head: &'c Head,
}

impl<'c> DocWriter<'c> {
    pub(super) fn new(conn: &'c Connection, head: &'c Head) -> Result<DocWriter<'c>> {
        Ok(DocWriter {
            doc: conn.prepare_cached(
                "SELECT title, text, date, date_source, meta, imported_at FROM documents
                  WHERE id = ?1",
            )?,
            passages: conn.prepare_cached(
                "SELECT id, tag_id, start, end, coder, created_at FROM passages
                  WHERE doc_id = ?1 AND removed = 0 ORDER BY start, end, id",
            )?,
            doc_tags: conn.prepare_cached("SELECT tag_id FROM document_tags WHERE doc_id = ?1")?,
            head,
        })
    }

    pub(super) fn read(&mut self, id: DocId) -> Result<Option<Doc>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .doc
            .query_row([id], |r| {
                let meta: String = r.get(4)?;
                Ok(Doc {
                    id,
                    title: r.get(0)?,
                    text: r.get(1)?,
                    date: r.get(2)?,
                    date_source: r.get(3)?,
                    meta: match serde_json::from_str(&meta) {
                        Ok(Value::Object(m)) => m,
                        _ => serde_json::Map::new(),
                    },
                    imported_at: r.get(5)?,
                })
            })
            .optional()?)
    }

    pub(super) fn case(&self, doc: &Doc, source: &str, out: &mut dyn Write) -> Result<()> {
        let salt = &self.head.salt;
        let mut xml = format!(
            "    <Case guid=\"{}\" name=\"{}\">\n",
            guid(salt, "case", &doc.id.to_string()),
            attr(&doc.title)
        );
        let mut value = |name: &str, v: &str| {
            if v.trim().is_empty() {
                return;
            }
            let _ = writeln!(
                xml,
                "      <VariableValue><VariableRef targetGUID=\"{}\"/><TextValue>{}</TextValue></VariableValue>",
                guid(salt, "variable", name),
                text(v)
            );
        };
        value("title", &doc.title);
        value("date", doc.date.as_deref().unwrap_or(""));
        value("date_source", doc.date_source.as_deref().unwrap_or(""));
        for (k, v) in &doc.meta {
            if FIXED_VARIABLES.contains(&k.as_str()) {
                continue;
            }
            match v {
                Value::Null => {}
                Value::String(s) => value(k, s),
                other => value(k, &other.to_string()),
            }
        }
        let _ = writeln!(
            xml,
            "      <SourceRef targetGUID=\"{source}\"/>\n    </Case>"
        );
        out.write_all(xml.as_bytes())?;
        Ok(())
    }

    /// The `<TextSource>`; returns how many selections it holds.
    pub(super) fn source(
        &mut self,
        doc: &Doc,
        source: &str,
        out: &mut dyn Write,
        notes: &mut Vec<(&'static str, i64)>,
    ) -> Result<usize> {
        let head = self.head;
        let salt = &head.salt;
        let rows: Vec<(i64, i64, i64, i64, String, i64)> = self
            .passages
            .query_map([doc.id], |r| r.try_into())?
            .collect::<rusqlite::Result<_>>()?;
        let tagged: Vec<i64> = self
            .doc_tags
            .query_map([doc.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut xml = format!(
            "    <TextSource guid=\"{source}\" name=\"{}\" plainTextPath=\"internal://{source}.txt\" creationDateTime=\"{}\">\n",
            attr(&doc.title),
            iso_time(doc.imported_at)
        );
        let ranges: Vec<(i64, i64)> = rows.iter().map(|p| (p.2, p.3)).collect();
        let bytes = crate::core::reading::byte_ranges(&doc.text, &ranges);
        let mut written = 0;
        for (p, (b0, b1)) in rows.iter().zip(bytes) {
            let Some(code) = head.tree.names.get(&p.1) else {
                continue;
            };
            let (id, _, start, end, coder, created) = p;
            let name = selection_name(&doc.text[b0..b1]);
            let (user, time) = (user_guid(salt, coder), iso_time(*created));
            let _ = write!(
                xml,
                "      <PlainTextSelection guid=\"{}\" name=\"{}\" startPosition=\"{start}\" endPosition=\"{end}\" creatingUser=\"{user}\" creationDateTime=\"{time}\">\n        <Coding guid=\"{}\" creatingUser=\"{user}\" creationDateTime=\"{time}\"><CodeRef targetGUID=\"{}\"/></Coding>\n",
                guid(salt, "selection", &id.to_string()),
                attr(&name),
                guid(salt, "coding", &id.to_string()),
                CodeTree::guid(salt, code),
            );
            if head.memos.get("passage", *id).is_some() {
                notes.push(("passage", *id));
                let _ = writeln!(
                    xml,
                    "        <NoteRef targetGUID=\"{}\"/>",
                    note_guid(salt, "passage", *id)
                );
            }
            xml.push_str("      </PlainTextSelection>\n");
            written += 1;
        }
        for t in tagged {
            if let Some(code) = head.tree.names.get(&t) {
                let _ = writeln!(
                    xml,
                    "      <Coding guid=\"{}\"><CodeRef targetGUID=\"{}\"/></Coding>",
                    guid(salt, "document-coding", &format!("{}:{t}", doc.id)),
                    CodeTree::guid(salt, code)
                );
            }
        }
        if head.memos.get("document", doc.id).is_some() {
            notes.push(("document", doc.id));
            let _ = writeln!(
                xml,
                "      <NoteRef targetGUID=\"{}\"/>",
                note_guid(salt, "document", doc.id)
            );
        }
        xml.push_str("    </TextSource>\n");
        out.write_all(xml.as_bytes())?;
        Ok(written)
    }
}

/// A selection's name: its first words, on one line.
pub(super) fn selection_name(s: &str) -> String {
    let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.char_indices().nth(60) {
        Some((b, _)) => format!("{}…", &words[..b]),
        None => words,
    }
}

/// Notes and sets.
pub(super) fn tail_xml(
    conn: &Connection,
    head: &Head,
    ids: &[DocId],
    notes: &[(&'static str, i64)],
    cancel: &AtomicBool,
    counts: &mut ProjectCounts,
) -> Result<String> {
    let salt = &head.salt;
    let mut out = String::new();
    let tag_notes: Vec<(&'static str, i64)> = head
        .tree
        .nodes
        .iter()
        .filter_map(|n| n.tag)
        .filter(|t| head.memos.get("tag", *t).is_some())
        .map(|t| ("tag", t))
        .collect();
    let all: Vec<&(&'static str, i64)> = notes.iter().chain(tag_notes.iter()).collect();
    if !all.is_empty() {
        out.push_str("  <Notes>\n");
        for &&(kind, id) in &all {
            let Some(m) = head.memos.get(kind, id) else {
                continue;
            };
            let name = selection_name(&m.text);
            let _ = writeln!(
                out,
                "    <Note guid=\"{}\" name=\"{}\" creatingUser=\"{}\" creationDateTime=\"{}\" modifiedDateTime=\"{}\">\n      <PlainTextContent>{}</PlainTextContent>\n    </Note>",
                note_guid(salt, kind, id),
                attr(&name),
                user_guid(salt, &m.author),
                iso_time(m.created_at),
                iso_time(m.updated_at),
                text(&m.text)
            );
            counts.memos += 1;
        }
        out.push_str("  </Notes>\n");
    }
    let sets = sets(conn, ids, cancel)?;
    if !sets.is_empty() {
        out.push_str("  <Sets>\n");
        for (key, name, description, members) in &sets {
            let _ = writeln!(
                out,
                "    <Set guid=\"{}\" name=\"{}\">\n      <Description>{}</Description>",
                guid(salt, "set", key),
                attr(name),
                text(description)
            );
            for m in members {
                let _ = writeln!(
                    out,
                    "      <MemberSource targetGUID=\"{}\"/>",
                    guid(salt, "source", &m.to_string())
                );
            }
            out.push_str("    </Set>\n");
        }
        out.push_str("  </Sets>\n");
        counts.sets = sets.len();
    }
    Ok(out)
}

/// A set: its GUID key, name, description and member documents.
type SetRow = (String, String, String, Vec<DocId>);

/// Saved searches, import batches and duplicate clusters among `ids`.
pub(super) fn sets(conn: &Connection, ids: &[DocId], cancel: &AtomicBool) -> Result<Vec<SetRow>> {
    let chosen: HashSet<DocId> = ids.iter().copied().collect();
    let mut out = Vec::new();
    for s in saved::list(conn)? {
        let members = match s
            .filter
            .filter(conn)
            .and_then(|f| crate::core::view::filtered_ids(conn, &f, None, cancel))
        {
            Ok(found) => {
                let mut m: Vec<DocId> = found.into_iter().filter(|d| chosen.contains(d)).collect();
                m.sort_unstable();
                m
            }
            Err(Error::Cancelled) => return Err(Error::Cancelled),
            Err(e) => {
                tracing::warn!("saved search {:?} left out of the sets: {e}", s.name);
                continue;
            }
        };
        out.push((
            format!("saved:{}", s.id),
            format!("Saved search: {}", s.name),
            "A saved search in corpusdesk: the documents it finds.".to_string(),
            members,
        ));
    }
    let mut of_batch = conn.prepare("SELECT id FROM documents WHERE batch_id = ?1 ORDER BY id")?;
    for b in imports::list(conn)? {
        let members: Vec<DocId> = of_batch
            .query_map([b.id], |r| r.get(0))?
            .filter_map(|r| r.ok())
            .filter(|d| chosen.contains(d))
            .collect();
        if members.is_empty() {
            continue;
        }
        out.push((
            format!("batch:{}", b.id),
            b.label(),
            format!("An import: {}", b.paths.join("; ")),
            members,
        ));
    }
    let mut clusters: BTreeMap<i64, Vec<DocId>> = BTreeMap::new();
    let mut stmt =
        conn.prepare("SELECT cluster_id, doc_id FROM cluster_members ORDER BY cluster_id, doc_id")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let d: DocId = r.get(1)?;
        if chosen.contains(&d) {
            clusters.entry(r.get(0)?).or_default().push(d);
        }
    }
    for (c, members) in clusters {
        if members.len() < 2 {
            continue;
        }
        out.push((
            format!("cluster:{c}"),
            format!("Duplicate cluster {c}"),
            "Near-copies of one text, found by corpusdesk's duplicate search.".to_string(),
            members,
        ));
    }
    Ok(out)
}
