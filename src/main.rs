//! The `corpusdesk` binary: no subcommand opens the window; a subcommand
//! runs the command-line interface over the same core.

// No console window behind the app on a Windows double-click.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::process::ExitCode;

use clap::Parser;
use corpusdesk::cli::{self, Cli};

fn main() -> ExitCode {
    corpusdesk::core::memory::tune_allocator();
    let args = Cli::parse();
    let result = match args.command {
        Some(command) => cli::run(args.library, command),
        None => corpusdesk::gui::run(args.library, args.paths),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader closed the pipe (`| head -1`): it has what it wanted.
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpusdesk: {}", cli::error_message(&e));
            ExitCode::FAILURE
        }
    }
}
