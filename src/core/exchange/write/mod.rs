//! Writing a REFI-QDA project (`.qdpx`) and codebook (`.qdc`).
//!
//! One pass over the documents writes each text to `Sources/<guid>.txt` in
//! the zip and its case and source elements to two temporary files; the
//! `project.qde` entry is then put together from the small head (users,
//! code tree, variables), those files, the notes and the sets.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use zip::write::SimpleFileOptions;

use super::guid;
use crate::core::error::{Error, Result};
use crate::core::model::DocId;

mod head;
mod sources;

use head::Head;
pub use head::{ProjectCounts, write_codebook};
use sources::{DocWriter, tail_xml};

/// A temporary file written through a buffer, read back once.
struct Part(BufWriter<File>);

impl Part {
    fn new() -> Result<Part> {
        Ok(Part(BufWriter::with_capacity(
            1 << 20,
            tempfile::tempfile()?,
        )))
    }

    /// Copies what was written into `out`.
    fn copy_into(self, out: &mut dyn Write) -> Result<()> {
        let mut file = self.0.into_inner().map_err(|e| Error::Io(e.into_error()))?;
        file.seek(SeekFrom::Start(0))?;
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            out.write_all(&buf[..n])?;
        }
    }
}

/// Writes the project of documents `ids` to `out` (a new, empty file) as
/// a `.qdpx` zip. `salt` names this library in the GUIDs. Returns what it
/// holds.
pub fn write_project(
    conn: &Connection,
    salt: &str,
    name: &str,
    ids: &[DocId],
    out: &mut File,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ProjectCounts> {
    let head = Head::load(conn, salt, ids)?;
    let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(1 << 20, out));
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let (mut cases, mut sources) = (Part::new()?, Part::new()?);
    let mut notes: Vec<(&'static str, i64)> = Vec::new();
    let mut counts = ProjectCounts {
        codes: head.tree.nodes.len(),
        ..ProjectCounts::default()
    };
    let mut docs = DocWriter::new(conn, &head)?;
    for (i, &id) in ids.iter().enumerate() {
        if i % 256 == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            progress(i, ids.len());
        }
        let Some(doc) = docs.read(id)? else {
            continue;
        };
        let source = guid(salt, "source", &id.to_string());
        zip.start_file(format!("Sources/{source}.txt"), deflate)
            .map_err(zip_error)?;
        zip.write_all(doc.text.as_bytes())?;
        docs.case(&doc, &source, &mut cases.0)?;
        counts.passages += docs.source(&doc, &source, &mut sources.0, &mut notes)?;
        counts.documents += 1;
    }
    progress(ids.len(), ids.len());
    let tail = tail_xml(conn, &head, ids, &notes, cancel, &mut counts)?;
    let head_xml = head.xml(name);
    zip.start_file(
        "project.qde",
        deflate.large_file(true).compression_level(Some(6)),
    )
    .map_err(zip_error)?;
    zip.write_all(head_xml.as_bytes())?;
    if counts.documents > 0 {
        zip.write_all(b"  <Cases>\n")?;
        cases.copy_into(&mut zip)?;
        zip.write_all(b"  </Cases>\n  <Sources>\n")?;
        sources.copy_into(&mut zip)?;
        zip.write_all(b"  </Sources>\n")?;
    }
    zip.write_all(tail.as_bytes())?;
    zip.write_all(b"</Project>\n")?;
    let mut buffered = zip.finish().map_err(zip_error)?;
    buffered.flush()?;
    Ok(counts)
}

fn zip_error(e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(e) => Error::Io(e),
        other => Error::Export(format!("could not write the project: {other}")),
    }
}
