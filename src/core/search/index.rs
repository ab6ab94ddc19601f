//! The search index: a tantivy index stored beside the library file.
//!
//! The library stays the source of truth. Every insert, text or state
//! change and deletion of a document appends its id to the library's
//! `search_queue` (triggers, in the same transaction as the change), and
//! the index records in its commit payload the last queue entry it holds.
//! Bringing the index up to date ([`super::sync`]) applies the entries
//! after that one. Anything the index cannot vouch for — another library's
//! index, an older format, entries it never saw that were already trimmed,
//! a library restored from a backup older than the index — means a
//! rebuild from the documents table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::core::error::{Error, Result};

/// Bumped whenever the schema or the tokenizer changes: an index of another
/// format is rebuilt.
pub const FORMAT: u32 = 1;

/// The tokenizer's name in the index.
const TOKENIZER: &str = "corpus";

/// Longer tokens (a base64 blob, a URL without separators) are not indexed.
pub const MAX_TOKEN_BYTES: usize = 80;

/// The analyzer every text and every query goes through: runs of letters
/// and digits, lower-cased, diacritics folded (`Genève` → `geneve`). The
/// same splitting as SQLite's `unicode61` tokenizer, so `covid-19` is the
/// phrase "covid 19" and `U.S.` the phrase "u s".
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The document id in the library (indexed to delete by it, fast to read).
    pub id: Field,
    /// The document's [`crate::core::DocState`].
    pub state: Field,
    pub title: Field,
    pub text: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_u64_field("id", INDEXED | FAST);
    let state = b.add_u64_field("state", FAST);
    let text_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let title = b.add_text_field("title", text_options.clone());
    let text = b.add_text_field("text", text_options);
    (
        b.build(),
        Fields {
            id,
            state,
            title,
            text,
        },
    )
}

/// What a commit of the index vouches for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    pub format: u32,
    /// The library's `library_id` setting.
    pub library: String,
    /// The last `search_queue` entry applied.
    pub seq: i64,
    /// The highest document id ever added: newer ids need no delete first.
    pub max_id: i64,
}

/// An open search index.
pub struct SearchIndex {
    dir: PathBuf,
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// One sync at a time in this process (another process is kept out by
    /// tantivy's writer lock).
    pub(crate) sync_lock: Mutex<()>,
}

/// The index's folder for a library: `library.corpusdesk` →
/// `.library.corpusdesk.search` beside it, hidden (it is derived data the
/// user never handles). A visible folder of earlier versions is renamed on
/// first use ([`SearchIndex::for_library`]).
pub fn dir_for(library: &Path) -> PathBuf {
    crate::core::store::index_dir(library)
}

/// Where earlier versions kept the index: `library.corpusdesk.search`.
fn old_dir_for(library: &Path) -> PathBuf {
    let mut name = library.as_os_str().to_os_string();
    name.push(".search");
    PathBuf::from(name)
}

/// Open indexes by library path, so every connection of a process shares
/// one (the `Library` keeps it alive).
fn registry() -> &'static Mutex<HashMap<PathBuf, Weak<SearchIndex>>> {
    static REGISTRY: OnceLock<Mutex<HashMap<PathBuf, Weak<SearchIndex>>>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

pub(crate) fn index_error(e: tantivy::TantivyError) -> Error {
    Error::SearchIndex(e.to_string())
}

impl SearchIndex {
    /// The index of the library at `library`, opened (or created) once per
    /// process.
    pub fn for_library(library: &Path) -> Result<Arc<SearchIndex>> {
        let key = library
            .canonicalize()
            .unwrap_or_else(|_| library.to_path_buf());
        let mut map = registry().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(open) = map.get(&key).and_then(Weak::upgrade) {
            return Ok(open);
        }
        map.retain(|_, w| w.strong_count() > 0);
        let (dir, old) = (dir_for(library), old_dir_for(library));
        if !dir.exists() && old.is_dir() && std::fs::rename(&old, &dir).is_err() {
            tracing::warn!("search index at {} stays where it is", old.display());
        }
        let dir = if dir.exists() || !old.is_dir() {
            dir
        } else {
            old
        };
        let index = Arc::new(SearchIndex::open(&dir)?);
        map.insert(key, Arc::downgrade(&index));
        Ok(index)
    }

    /// The index of the database `conn` is connected to.
    pub fn for_connection(conn: &Connection) -> Result<Arc<SearchIndex>> {
        let path = conn.path().filter(|p| !p.is_empty()).ok_or_else(|| {
            Error::SearchIndex("an in-memory database has no search index".into())
        })?;
        SearchIndex::for_library(Path::new(path))
    }

    /// Opens the index in `dir`, creating it when missing; an index that
    /// cannot be opened or has another schema is replaced by an empty one
    /// (the next sync fills it).
    fn open(dir: &Path) -> Result<SearchIndex> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir)?;
        let index = match Index::open_in_dir(dir) {
            Ok(index) if index.schema() == schema => index,
            Ok(_) | Err(_) if dir_has_index(dir) => {
                tracing::warn!(
                    "search index at {} unreadable or of another format: rebuilding",
                    dir.display()
                );
                std::fs::remove_dir_all(dir)?;
                std::fs::create_dir_all(dir)?;
                Index::create_in_dir(dir, schema).map_err(index_error)?
            }
            _ => Index::create_in_dir(dir, schema).map_err(index_error)?,
        };
        index.tokenizers().register(TOKENIZER, analyzer());
        // Segments are searched on both cores: a phrase matching every
        // document of a million took 75 ms on one.
        let mut index = index;
        index.set_multithread_executor(2).map_err(index_error)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error)?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            sync_lock: Mutex::new(()),
        })
    }

    /// Where the index lives.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the last commit on disk vouches for (another process may have
    /// committed since this one last looked). A fresh index vouches for
    /// nothing.
    pub fn payload(&self) -> Payload {
        self.index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| serde_json::from_str(&p).ok())
            .unwrap_or_default()
    }

    /// Documents in the index (trashed and duplicates included).
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

fn dir_has_index(dir: &Path) -> bool {
    dir.join("meta.json").exists()
}
