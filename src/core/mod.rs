//! The UI-free core: everything the GUI and the CLI share, in floors that
//! only build on the ones below (a test fails on any import cycle):
//!
//! 1. the ground: [`model`], [`error`], [`filter`], [`counts`], [`fsx`],
//!    [`jobs`], [`timeline`] and the pure rules of [`import`] (parsing,
//!    dates, titles) and [`dedup`] (signatures, the judge, clusters);
//! 2. [`store`]: the SQLite file and every write to it;
//! 3. [`search`]: the tantivy index derived from the store;
//! 4. [`view`] (the list, filters, batch search), [`words`], [`export`],
//!    [`coding`] (autocode, retrieval of coded passages), the import run and the duplicate search over a store;
//! 5. [`library`]: the [`Library`] the front ends hold, with the
//!    operations they call (see its module for a tour).

pub mod coding;
pub mod counts;
pub mod dedup;
pub mod entities;
pub mod error;
pub mod exchange;
pub mod export;
pub mod filter;
pub mod fsx;
pub mod import;
pub mod jobs;
pub mod library;
pub mod memory;
pub mod model;
pub mod ocr;
pub mod reading;
pub mod search;
pub mod store;
pub mod timeline;
pub mod view;
pub mod words;

pub use error::{Error, Result};
pub use library::Library;
pub use model::{DateSource, DocId, DocState, Document, PartialDate, Source};
