//! Every user action as a value. Menus, shortcuts and buttons push a
//! [`Command`]; the app applies them after drawing, so each action has one
//! implementation and panels never change the library mid-frame.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::core::model::{DocId, PartialDate};
use crate::core::store::decisions::Resolution;
use crate::core::store::tags::TagId;
use crate::core::view::SortKey;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    NewLibrary,
    OpenLibraryDialog,
    OpenLibrary(PathBuf),
    ImportFilesDialog,
    ImportFolderDialog,
    Import(Vec<PathBuf>),
    CancelImport,
    Quit,
    FocusSearch,
    ClearSearch,
    /// Esc: close the topmost window or question, else clear the search.
    Escape,
    /// A destructive command the user already said yes to.
    Confirmed(Box<Command>),
    SortBy(SortKey),
    SelectAll,
    /// Move the selection to the trash (asks first for more than one).
    TrashSelection,
    /// Bring the selection back from the trash.
    RestoreSelection,
    /// Delete what is in the trash for good (asks first).
    EmptyTrash,
    /// Show the trash instead of the library (or back).
    ShowTrash(bool),
    /// Open the Import history window.
    OpenImportHistory,
    /// Filter the list to the documents an import created; `None` drops it.
    ShowBatch(Option<crate::core::store::imports::BatchId>),
    /// Move what an import created to the trash (asks first).
    TrashBatch {
        batch: crate::core::store::imports::BatchId,
        count: usize,
    },
    Undo,
    Redo,
    /// `None` marks the document explicitly undated.
    SetDate(DocId, Option<PartialDate>),
    /// Back to the date found in the document.
    ClearManualDate(DocId),
    CreateTag(String),
    RenameTag(TagId, String),
    RecolorTag(TagId, String),
    MergeTag {
        from: TagId,
        into: TagId,
    },
    DeleteTag(TagId),
    /// Show only documents with this tag (click again: stop).
    ToggleTagFilter(TagId),
    /// Leave documents with this tag out of the view.
    ExcludeTag(TagId),
    /// Drop a tag from the filter, required or excluded.
    RemoveTagFilter(TagId),
    /// Require every included tag (else any of them).
    TagFilterAll(bool),
    ClearFilters,
    /// Add or remove a tag (by name, created when new) on documents.
    TagDocs {
        docs: Vec<DocId>,
        tag: String,
        add: bool,
    },
    /// Add or remove a tag on the selection.
    TagSelection {
        tag: String,
        add: bool,
    },
    /// Number keys: add the tag to the selection, or remove it when all have it.
    ToggleTagOnSelection(TagId),
    OpenTagDialog(crate::gui::app::TagDialog),
    /// Switch between the library and the duplicate review.
    ShowReview(bool),
    /// Find duplicates in the background (`full`: forget the index first).
    RunDedup {
        full: bool,
    },
    CancelDedup,
    /// Store the review's threshold and rebuild the stored clusters at it.
    SetDedupThreshold(f64),
    /// Resolve clusters, given as (keeper, the others).
    Resolve {
        clusters: Vec<(DocId, Vec<DocId>)>,
        how: Resolution,
    },
    /// Make `keeper` the keeper of the cluster of `members`.
    ChooseKeeper {
        keeper: DocId,
        members: Vec<DocId>,
    },
    /// Two documents are not copies of each other.
    NotDuplicatePair(DocId, DocId),
    /// Show documents marked as duplicates in the library too.
    IncludeMarkedDuplicates(bool),
    /// Open the review at the cluster of a document.
    ReviewDocument(DocId),
    /// Filter the library to a period (or the undated documents); `None` drops it.
    SetDateFilter(Option<crate::core::view::DateFilter>),
    ToggleTimeline,
    /// Open the export dialog.
    OpenExport,
    /// The dialog's choices are made: ask where to write.
    ChooseExportDestination,
    /// Write the export there (asking first when it exists).
    ExportTo(PathBuf),
    /// The user's word on replacing an existing destination.
    ConfirmExport(bool),
    CancelExport,
    /// Show a folder in the file manager.
    OpenFolder(PathBuf),
    /// Ask where to back up the library.
    BackupDialog,
    /// Back up the library to this file (the save dialog asked about replacing it).
    BackupTo(PathBuf),
    OpenSettings,
    OpenShortcuts,
    OpenAbout,
    OpenLogFolder,
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
pub const DUPLICATES: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
pub const TIMELINE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::T);
pub const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
pub const SETTINGS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Comma);
pub const SHORTCUTS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);
pub const TRASH: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Delete);

/// The keys that toggle the first nine tags.
pub const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];
