//! Every user action as a value. Menus, shortcuts and buttons push a
//! [`Command`]; the app applies them after drawing, so each action has one
//! implementation and panels never change the library mid-frame.

mod actions;
mod keys;
pub use actions::*;
pub use keys::*;

pub use crate::gui::app::commands::{
    CodeCommand, EditCommand, EntityCommand, ExportCommand, LibraryCommand, OcrCommand,
    RecoveryCommand, ReviewCommand, SearchCommand, TagCommand, ViewCommand, WindowCommand,
    WordsCommand,
};

/// Defines [`Command`] from its concerns, with each concern's `From`, so a
/// panel can push any concern's command and the list is written once.
macro_rules! concerns {
    ($($(#[doc = $doc:literal])* $variant:ident($ty:ty)),* $(,)?) => {
        /// A user action, by concern. Each concern's commands are an enum
        /// beside the code that applies them (`gui/app/commands/`), whose
        /// `match` names every one of them.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Command {
            $($(#[doc = $doc])* $variant($ty),)*
            /// A destructive command the user already said yes to.
            Confirmed(Box<Command>),
        }

        $(impl From<$ty> for Command {
            fn from(c: $ty) -> Command {
                Command::$variant(c)
            }
        })*
    };
}

concerns! {
    /// Open, create, import, the import history.
    Library(LibraryCommand),
    /// The search box, the results' order, batch and saved searches.
    Search(SearchCommand),
    /// What the list shows: filters, order, selection, panels.
    View(ViewCommand),
    /// Changes to documents: trash, dates, titles, undo.
    Edit(EditCommand),
    /// Tags made, changed, and put on documents.
    Tags(TagCommand),
    /// Passages coded, memos written, autocode, the Passages view.
    Code(CodeCommand),
    /// The duplicate search and its review.
    Review(ReviewCommand),
    /// The Words view.
    Words(WordsCommand),
    /// People, organisations and places: filters, cleaning, the list.
    Entities(EntityCommand),
    /// Scanned documents: OCR runs, its window, its languages.
    Ocr(OcrCommand),
    /// The Export dialog.
    Export(ExportCommand),
    /// Backups, restore, saving what a damaged library holds.
    Recovery(RecoveryCommand),
    /// The window: quit, Esc, settings, help.
    Window(WindowCommand),
}

impl Command {
    /// This command, marked as already confirmed by the user.
    pub fn confirmed(self) -> Command {
        Command::Confirmed(Box::new(self))
    }
}

/// The commands a frame's panels sent, applied in order after it is drawn.
#[derive(Debug, Default)]
pub struct Commands(Vec<Command>);

impl Commands {
    /// Sends a command of any concern.
    pub fn push(&mut self, command: impl Into<Command>) {
        self.0.push(command.into());
    }

    /// Takes the commands sent so far, leaving none.
    pub fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The commands sent so far, oldest first.
    pub fn iter(&self) -> std::slice::Iter<'_, Command> {
        self.0.iter()
    }
}

impl Extend<Command> for Commands {
    fn extend<I: IntoIterator<Item = Command>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}
