//! The Words view's commands: run an analysis, follow a row to its
//! concordance, open a line's document at its hit, export the lines.

use std::sync::Arc;

use super::CorpusApp;
use crate::core::jobs::Job;
use crate::gui::command::Command;
use crate::gui::dialogs::DialogKind;

impl CorpusApp {
    pub(super) fn run_words(&mut self, cmd: Command) {
        match cmd {
            Command::ShowWords(on) => {
                self.words_view = on && self.session.is_some();
                if on {
                    self.reviewing = false;
                    if self.view.trash {
                        self.view.trash = false;
                        self.filter_dirty = true;
                    }
                }
            }
            Command::WordsRun => {
                if let Some(session) = &self.session {
                    let filter = self.view.filter();
                    self.words
                        .run(Arc::clone(&session.library), filter, self.library_changes);
                }
            }
            Command::WordsCancel => self.words.cancel(),
            Command::WordsPin => self.words.pin(),
            Command::WordsUnpin(word) => self.words.unpin(&word),
            Command::WordsConcordanceOf(pattern) => {
                self.words.tab = crate::gui::panels::words::Tab::Concordance;
                self.words.pattern = pattern;
                self.words.line_filter.clear();
                self.run_words(Command::WordsRun);
            }
            Command::WordsPair { node, collocate } => {
                self.words.tab = crate::gui::panels::words::Tab::Concordance;
                self.words.pattern = node;
                self.words.line_filter = collocate;
                // The context is the collocation window, so the lines kept
                // are exactly the co-occurrences counted.
                self.words.context = self.words.window;
                self.run_words(Command::WordsRun);
            }
            Command::OpenDocumentAt { id, start, end } => {
                // The reader follows the focused document: this one now.
                if let Some(session) = &mut self.session {
                    session.view.focus_id = Some(id);
                }
                self.load_reader(Some(id));
                self.reader.focus = Some((start, end));
                self.reader.scroll_to_hit = true;
            }
            Command::ExportKwicDialog => self.ask(DialogKind::KwicCsv),
            Command::ExportKwicTo(dest) => {
                let lines = self.words.shown_lines();
                self.kwic_export = Some(Job::spawn("concordance csv", move |_| {
                    crate::core::words::kwic::write_csv(&lines, &dest, true)?;
                    Ok(dest)
                }));
            }
            _ => {}
        }
    }
}
