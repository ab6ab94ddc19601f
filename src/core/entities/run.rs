//! The background reading of documents for names: the documents not read
//! yet (new imports) or read under an older list of the user's decisions,
//! in chunks of [`CHUNK`], each extracted on every core and stored in one
//! transaction, so a stopped run (Cancel, a closed window, a crash) goes on
//! where it stopped the next time.

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::{Lang, char_ranges, extract};
use crate::core::error::{Error, Result};
use crate::core::store::Store;
use crate::core::store::entities::{self, DocFound};

/// Documents read per transaction.
pub const CHUNK: usize = 2000;

/// Reads every pending document under the list as it is when the run
/// starts (a change made meanwhile is read by the next run);
/// `progress(done, total)` after each chunk.
/// Returns how many documents were read. Stops with [`Error::Cancelled`]
/// (what was read is kept).
pub fn run(
    store: &Store,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize> {
    let (total, rev, lexicon) = {
        let conn = store.reader()?;
        (
            entities::pending_count(&conn)?,
            entities::rev(&conn)?,
            entities::lexicon(&conn)?,
        )
    };
    let mut done = 0;
    // Keyset paging: each chunk starts after the last id read.
    let mut after = 0;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let docs = entities::pending(&store.reader()?, rev, after, CHUNK)?;
        let Some(last) = docs.last().map(|d| d.0) else {
            return Ok(done);
        };
        after = last;
        let n = docs.len();
        let found: Vec<DocFound> = docs
            .into_par_iter()
            .map(|(doc, text, lang)| read(doc, &text, lang.as_deref(), &lexicon))
            .collect();
        store
            .writer()
            .write(move |tx| entities::write_found(tx, rev, &found))?;
        done += n;
        progress(done.min(total.max(done)), total.max(done));
    }
}

/// What one document names, in characters of its text.
pub fn read(
    doc: crate::core::model::DocId,
    text: &str,
    lang: Option<&str>,
    lexicon: &super::Lexicon,
) -> DocFound {
    let mentions = extract(text, Lang::from_code(lang), lexicon);
    // A surname alone stands for the full name the document gave first
    // ("Assad" after "Bashar al-Assad"): one entity, not two.
    let mut full: std::collections::HashMap<String, &str> = Default::default();
    for m in mentions.iter().filter(|m| m.kind == super::Kind::Person) {
        let name = &text[m.start..m.end];
        if let Some(last) = name
            .split_whitespace()
            .last()
            .filter(|_| name.contains(' '))
        {
            let bare = last.split_once('-').map_or(last, |(_, r)| r);
            for k in [last, bare] {
                full.entry(super::gazetteer::key(k)).or_insert(name);
            }
        }
    }
    let ranges: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
    let chars = char_ranges(text, &ranges);
    DocFound {
        doc,
        mentions: mentions
            .iter()
            .zip(chars)
            .map(|(m, (s, e))| {
                let written = &text[m.start..m.end];
                let name = match m.kind {
                    super::Kind::Person if !written.contains(' ') => full
                        .get(&super::gazetteer::key(written))
                        .copied()
                        .unwrap_or(written),
                    _ => written,
                };
                (s, e, m.kind, name.to_string())
            })
            .collect(),
    }
}
