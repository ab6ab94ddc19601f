//! The UI-free core: everything the GUI and the CLI share.

pub mod counts;
pub mod dedup;
pub mod error;
pub mod export;
pub mod fsx;
pub mod import;
pub mod jobs;
pub mod memory;
pub mod meta_filter;
pub mod model;
pub mod reading;
pub mod search;
pub mod store;
pub mod timeline;
pub mod view;
pub mod words;

pub use error::{Error, Result};
pub use model::{DateSource, DocId, DocState, Document, PartialDate, Source};
pub use store::Library;
