//! Every user action as a value. Menus, shortcuts and buttons push a
//! [`Command`]; the app applies them after drawing, so each action has one
//! implementation and panels never change the library mid-frame.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::core::model::{DocId, PartialDate};
use crate::core::view::SortKey;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    NewLibrary,
    OpenLibraryDialog,
    OpenLibrary(PathBuf),
    ImportFilesDialog,
    ImportFolderDialog,
    Import(Vec<PathBuf>),
    CancelJob,
    Quit,
    FocusSearch,
    SortBy(SortKey),
    SelectAll,
    TrashSelection,
    Undo,
    Redo,
    /// `None` marks the document explicitly undated.
    SetDate(DocId, Option<PartialDate>),
    /// Back to the date found in the document.
    ClearManualDate(DocId),
}

pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const IMPORT_FILES: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);
pub const IMPORT_FOLDER: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::I);
pub const QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
pub const SELECT_ALL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::A);
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
pub const TRASH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Delete);
