//! The Words view's commands: run an analysis, follow a row to its
//! concordance, open a line's document at its hit, export the lines.

use crate::core::model::DocId;
use std::path::PathBuf;
use std::sync::Arc;

use super::super::CorpusApp;
use crate::gui::dialogs::DialogKind;

#[derive(Debug, Clone, PartialEq)]
pub enum WordsCommand {
    /// Run the Words view's current analysis over the view.
    Run,
    Cancel,
    /// Keep the concordance word's line on the timeline.
    Pin,
    /// Take a pinned word's line off the timeline.
    Unpin(String),
    /// The concordance of this pattern (from a frequency or keyword row).
    ConcordanceOf(String),
    /// The concordance of a node word, only the lines with the collocate.
    Pair {
        node: String,
        collocate: String,
    },
    /// Open a document in the reader at this hit (byte range of its text).
    OpenDocumentAt {
        id: DocId,
        start: usize,
        end: usize,
    },
    /// Ask where to save the concordance lines shown.
    ExportKwicDialog,
    ExportKwicTo(PathBuf),
}

impl CorpusApp {
    pub(super) fn run_words(&mut self, cmd: WordsCommand) {
        match cmd {
            WordsCommand::Run => {
                if let Some(session) = &self.session {
                    let filter = self.view.filter();
                    self.words
                        .run(Arc::clone(&session.library), filter, self.library_changes);
                }
            }
            WordsCommand::Cancel => self.words.cancel(),
            WordsCommand::Pin => self.words.pin(),
            WordsCommand::Unpin(word) => self.words.unpin(&word),
            WordsCommand::ConcordanceOf(pattern) => {
                self.words.tab = crate::gui::panels::words::Tab::Concordance;
                self.words.pattern = pattern;
                self.words.line_filter.clear();
                self.run_words(WordsCommand::Run);
            }
            WordsCommand::Pair { node, collocate } => {
                self.words.tab = crate::gui::panels::words::Tab::Concordance;
                self.words.pattern = node;
                self.words.line_filter = collocate;
                // The context is the collocation window, so the lines kept
                // are exactly the co-occurrences counted.
                self.words.context = self.words.window;
                self.run_words(WordsCommand::Run);
            }
            WordsCommand::OpenDocumentAt { id, start, end } => {
                // The reader follows the focused document: this one now.
                if let Some(session) = &mut self.session {
                    session.view.focus_id = Some(id);
                }
                self.load_reader(Some(id));
                self.reader.focus = Some((start, end));
                self.reader.scroll_to_hit = true;
            }
            WordsCommand::ExportKwicDialog => self.ask(DialogKind::KwicCsv),
            WordsCommand::ExportKwicTo(dest) => {
                self.start_kwic_export(dest);
            }
        }
    }
}
