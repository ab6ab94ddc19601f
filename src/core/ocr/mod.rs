//! Scans read like the rest: OCR of PDF pages without a text layer and of
//! image files (PNG, JPEG, TIFF), by Tesseract run as a separate program.
//!
//! The import recognises a scan ([`crate::core::import::item::Scan`]) and
//! queues it instead of storing it (nothing half-imported); [`run`] reads
//! the queue in the background, page by page, up to the cores, keeping
//! every page's text in a cache keyed by the file's content (a re-import,
//! an undone and redone import or a killed run never reads a page twice),
//! and stores each finished file as a document through the import's own
//! writer, so dates, titles, language and duplicates follow the same rules.
//!
//! - [`image`]: image headers, pages, the decompression-bomb check
//! - [`tools`]: finding `tesseract` and `pdftoppm`, languages, the install command
//! - [`tsv`]: Tesseract's TSV → text and mean confidence
//! - [`page`]: rendering and reading one page
//! - [`run`]: the job (store floor)

pub mod image;
pub mod page;
pub mod run;
pub mod tools;
pub mod tsv;
