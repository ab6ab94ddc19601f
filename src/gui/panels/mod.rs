//! One module per part of the window. Each draws from the app's state and
//! pushes [`crate::gui::command::Command`]s; none changes the library itself.

pub mod confirm;
pub mod empty;
pub mod export;
pub mod filters;
pub mod history;
pub mod import_report;
pub mod menu;
pub mod overlay;
pub mod reader;
pub mod review;
pub mod status;
pub mod table;
pub mod tags;
pub mod timeline;
pub mod toolbar;
pub mod trash;
pub mod windows;
