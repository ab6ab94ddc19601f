//! The `corpusdesk` binary: a subcommand runs the CLI; none prints help
//! (the window arrives with the GUI).

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use corpusdesk::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let Some(command) = args.command else {
        let _ = Cli::command().print_help();
        println!();
        return ExitCode::SUCCESS;
    };
    match cli::run(args.library, command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpusdesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
