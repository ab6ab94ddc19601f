//! One module per part of the window. Each owns its state (a folder holds
//! it in `state.rs` when it is more than a few fields) and draws through a
//! narrow `ui` function: its state, a read-only view of what it shows, and
//! a command sink. Panels never take the whole app and never change the
//! library: they push [`crate::gui::command::Command`]s, applied after the
//! frame by the app's command handling.

pub mod agreement;
pub mod batch;
pub mod coded_text;
pub mod confirm;
pub mod empty;
pub mod entities;
pub mod export;
pub mod filters;
pub mod history;
pub mod import_report;
pub mod memo;
pub mod menu;
pub mod ocr;
pub mod overlay;
pub mod passages;
pub mod reader;
pub mod recovery;
pub mod review;
pub mod saved;
pub mod status;
pub mod table;
pub mod tags;
pub mod timeline;
pub mod toolbar;
pub mod trash;
pub mod windows;
pub mod words;
