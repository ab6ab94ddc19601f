//! corpusdesk — a desktop corpus manager.
//!
//! The crate is split in two layers:
//! - [`core`]: the UI-free engine (library file, import, search, jobs). It never
//!   touches a window toolkit, so the CLI, tests and benchmarks run headless.
//! - [`cli`]: the command-line front end over the same core calls.
//!
//! [`testkit`] holds the deterministic test-corpus generator shared by the
//! tests and the benchmarks.

pub mod cli;
pub mod core;
pub mod gui;
pub mod testkit;
