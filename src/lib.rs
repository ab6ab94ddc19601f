//! corpusdesk — a desktop corpus manager.
//!
//! The crate is a UI-free core and two front ends over it:
//! - [`core`]: the engine (library file, import, search, dedup, timeline,
//!   Words, export, jobs), in floors without import cycles, the
//!   [`core::Library`] on top. It never touches a window toolkit, so the
//!   CLI, tests and benchmarks run headless. Every row is written in
//!   `core::store`, through its writer thread; reads (views, Words, the
//!   duplicate index, the search sync) query the library from their own
//!   modules, and the front ends never write SQL (`tests/layout.rs` checks
//!   all three). `ARCHITECTURE.md` has the map.
//! - `gui` (feature `gui`): the eframe window.
//! - `cli` (feature `cli`): the command-line subcommands.
//!
//! `testkit` (feature `testkit`, on for the crate's own tests and benches)
//! holds the deterministic test-corpus generator with its ground truth.

#[cfg(feature = "cli")]
pub mod cli;
pub mod core;
#[cfg(feature = "gui")]
pub mod gui;
#[cfg(feature = "testkit")]
pub mod testkit;
