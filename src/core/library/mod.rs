//! The library as the front ends see it: one SQLite file (the store) and
//! the search index beside it, with the operations the GUI and the CLI
//! call. This is the core's top floor: it ties the store (every write),
//! the search index, import, duplicate detection and the backups
//! together, and owns none of their rules.
//!
//! ```
//! use corpusdesk::core::Library;
//! # fn main() -> corpusdesk::core::Result<()> {
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "Harbour talks resumed in Oslo on Monday.")?;
//! std::fs::write(dir.path().join("b.txt"), "Wheat prices fell for a third week.")?;
//!
//! // Open (or create) a library, and import a folder into it.
//! let library = Library::open(dir.path().join("news.corpusdesk"))?;
//! let report = library.import(&[dir.path().to_path_buf()])?;
//! assert_eq!(report.imported, 2);
//!
//! // Search it: the index catches up with the import on the way.
//! let hits = library.search("harbour")?;
//! assert_eq!(hits.len(), 1);
//!
//! // Tag what was found; undo takes it back.
//! library.tag_documents("ports", hits.clone(), true)?;
//! assert!(library.undo()?.is_some());
//!
//! // Export the library as JSONL.
//! use corpusdesk::core::export::{Duplicates, ExportOptions, Format};
//! let out = dir.path().join("news.jsonl");
//! let options = ExportOptions {
//!     format: Format::Jsonl,
//!     duplicates: Duplicates::LeaveOutMarked,
//!     split: None,
//!     overwrite: false,
//!     shard_rows: None,
//! };
//! assert_eq!(library.export(&out, &options)?.documents, 2);
//! assert_eq!(std::fs::read_to_string(&out)?.lines().count(), 2);
//! # Ok(())
//! # }
//! ```

mod coding;
pub mod entities;
mod exchange;
mod ocr;
mod operations;

use std::path::Path;
use std::sync::Arc;

use crate::core::error::Result;
use crate::core::search::SearchIndex;
use crate::core::store::{self, Store};

/// An open corpusdesk library: its store (the file, the writer, its
/// health: reached through `Deref`) and its search index.
pub struct Library {
    store: Store,
    /// Held so every connection of this process shares one open index.
    search: Arc<SearchIndex>,
}

impl std::ops::Deref for Library {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

impl Library {
    /// Opens the library at `path`, creating it when the file is missing or
    /// empty (0 bytes), and upgrading an older schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Library> {
        let path = path.as_ref();
        let store = store::open(path)?;
        let search = SearchIndex::for_library(path)?;
        Ok(Library { store, search })
    }

    /// The search index beside the library (not necessarily up to date:
    /// see [`crate::core::search::sync`]).
    pub fn search_index(&self) -> &Arc<SearchIndex> {
        &self.search
    }

    /// The store alone, for work that needs no search index.
    pub fn store(&self) -> &Store {
        &self.store
    }
}
