//! Command handling: every user action, whether from a menu, a shortcut or
//! a panel, is applied here, after the frame that asked for it. Each
//! concern's commands are an enum in its own file, beside its handler.

mod code;
mod edit;
mod entities;
mod export;
mod library;
mod ocr;
mod recovery;
mod review;
mod search;
mod tags;
mod view;
mod window;
mod words;

pub use code::CodeCommand;
pub use edit::EditCommand;
pub use entities::EntityCommand;
pub use export::ExportCommand;
pub use library::LibraryCommand;
pub use ocr::{FROM_OCR, OcrCommand};
pub use recovery::RecoveryCommand;
pub use review::ReviewCommand;
pub use search::SearchCommand;
pub use tags::TagCommand;
pub use view::ViewCommand;
pub use window::WindowCommand;
pub use words::WordsCommand;

use egui::Context;
use rusqlite::Transaction;

use super::CorpusApp;
use crate::core::error::Result;
use crate::core::model::DocId;
use crate::core::store::journal;
use crate::gui::command::Command;
use crate::gui::notices::Outcome;

/// The newest journal entry's label, as a sentence: what a change just did.
pub(super) fn done_label(tx: &Transaction) -> Result<Outcome> {
    Ok(match journal::next(tx)?.undo {
        Some(label) => Outcome::Done(capitalised(&label)),
        None => Outcome::Quiet,
    })
}

pub use crate::core::counts::capitalised;

impl CorpusApp {
    /// Applies one command.
    pub fn apply(&mut self, ctx: &Context, cmd: Command) {
        self.run(ctx, cmd, false);
    }

    /// Applies one command; `confirmed` when the user already answered the
    /// question a destructive command asks. One arm per concern: each
    /// concern's handler names every one of its commands.
    fn run(&mut self, ctx: &Context, cmd: Command, confirmed: bool) {
        match cmd {
            Command::Confirmed(inner) => self.run(ctx, *inner, true),
            Command::Library(c) => self.run_library(c, confirmed),
            Command::Search(c) => self.run_search(c),
            Command::View(c) => self.run_view(c),
            Command::Edit(c) => self.run_edit(c, confirmed),
            Command::Tags(c) => self.run_tags(c),
            Command::Code(c) => self.run_code(c, confirmed),
            Command::Review(c) => self.run_review(c, confirmed),
            Command::Words(c) => self.run_words(c),
            Command::Entities(c) => self.run_entities(c),
            Command::Ocr(c) => self.run_ocr(c),
            Command::Export(c) => self.run_export(c),
            Command::Recovery(c) => self.run_recovery(c, confirmed),
            Command::Window(c) => self.run_window(ctx, c),
        }
    }

    /// Queues a change for the writer; the UI goes on and picks up the
    /// result in a later frame (see [`Self::poll_writes`]).
    pub(super) fn write(
        &mut self,
        what: &str,
        f: impl FnOnce(&Transaction) -> Result<Outcome> + Send + 'static,
    ) {
        let Some(session) = &self.session else {
            return;
        };
        let pending = session.library.writer().submit(f);
        self.pending_writes.push((what.to_string(), pending));
    }

    /// Like [`Self::write`], on the selection (resolved by the writer, so
    /// "all but these" over a million documents never stalls a frame).
    pub(super) fn write_selection(
        &mut self,
        what: &str,
        clear: bool,
        f: impl FnOnce(&Transaction, Vec<DocId>) -> Result<Outcome> + Send + 'static,
    ) {
        let Some(session) = &mut self.session else {
            return;
        };
        if session.view.selected_count() == 0 {
            return;
        }
        let targets = session.view.targets();
        if clear {
            session.view.selection = Default::default();
            session.view.focus_id = None;
        }
        self.write(what, move |tx| {
            let ids = targets.resolve(tx)?;
            if ids.is_empty() {
                Ok(Outcome::Quiet)
            } else {
                f(tx, ids)
            }
        });
    }
}
