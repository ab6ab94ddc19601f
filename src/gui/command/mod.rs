//! Every user action as a value. Menus, shortcuts and buttons push a
//! [`Command`]; the app applies them after drawing, so each action has one
//! implementation and panels never change the library mid-frame.

use std::path::PathBuf;

use crate::core::model::{DocId, PartialDate};
use crate::core::store::decisions::Resolution;
use crate::core::store::tags::TagId;
use crate::core::view::SortKey;

mod actions;
pub use actions::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    NewLibrary,
    OpenLibraryDialog,
    OpenLibrary(PathBuf),
    ImportFilesDialog,
    ImportFolderDialog,
    Import(Vec<PathBuf>),
    CancelImport,
    /// Whether imports tag documents with their folders.
    SetTagFolders(bool),
    /// Stop re-reading an upgraded library's dates (it goes on next time).
    CancelRederive,
    /// Stop bringing the search index in step (it goes on when needed).
    CancelIndexing,
    /// The search's order: best matches first (`None`) or a column.
    SortResults(Option<crate::core::view::Sort>),
    /// Open the Batch search window.
    OpenBatch,
    /// Ask for a batch file (.txt or .csv) to load into the window.
    LoadBatchDialog,
    /// Run the window's queries.
    RunBatch,
    /// Show one batch query's hits in the library.
    ShowBatchQuery(String),
    /// Tag every batch query's hits (its tag, else this prefix and the query).
    TagBatchHits(String),
    /// Ask where to write the batch's CSV.
    ExportBatchDialog,
    LoadBatchFrom(PathBuf),
    ExportBatchTo(PathBuf),
    /// Ask for a name to save the current view under.
    SaveSearchDialog,
    OpenSavedDialog(crate::gui::panels::saved::SavedDialog),
    /// Save the current view (search and filters) under this name.
    SaveSearch(String),
    /// Show what a saved search holds.
    ApplySaved(crate::core::store::saved::SavedId),
    RenameSaved(crate::core::store::saved::SavedId, String),
    /// Replace a saved search's filters with the current view's.
    UpdateSaved(crate::core::store::saved::SavedId),
    DeleteSaved(crate::core::store::saved::SavedId),
    Quit,
    FocusSearch,
    ClearSearch,
    /// Esc: close the topmost window or question, else clear the search.
    Escape,
    /// A destructive command the user already said yes to.
    Confirmed(Box<Command>),
    SortBy(SortKey),
    /// A click on row `index` (document `id`); Ctrl toggles, Shift extends.
    ClickRow {
        index: usize,
        id: DocId,
        toggle: bool,
        extend: bool,
    },
    /// The keyboard moves to row `index` (Shift: extending the selection).
    FocusRow {
        index: usize,
        extend: bool,
    },
    SelectAll,
    /// Move the selection to the trash (asks first for more than one).
    TrashSelection,
    /// Bring the selection back from the trash.
    RestoreSelection,
    /// Bring these documents back from the trash (the import report's
    /// *Restore* for trashed documents an import met again).
    RestoreDocuments(Vec<crate::core::model::DocId>),
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
    /// A title set by hand; `None` goes back to the found one.
    SetTitle(DocId, Option<String>),
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
    /// Show only documents whose metadata field has this value.
    AddMetaFilter(crate::core::view::MetaFilter),
    /// Stop filtering by this metadata field.
    RemoveMetaFilter(String),
    /// Show or hide a table column: a built-in one by its label, or a
    /// metadata field.
    ToggleColumn(String),
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
    OpenTagDialog(crate::gui::panels::tags::TagDialog),
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
    /// Two documents listed as related or as the same template are the same
    /// story after all ("Merge anyway").
    SamePair(DocId, DocId),
    /// Show documents marked as duplicates in the library too.
    IncludeMarkedDuplicates(bool),
    /// Open the review at the cluster of a document.
    ReviewDocument(DocId),
    /// Move through the review's clusters.
    ReviewStep(isize),
    /// Resolve the cluster the review shows.
    ResolveCurrent(Resolution),
    /// Resolve every open cluster in the review's list (asks first).
    ResolveAll(Resolution),
    /// Filter the library to a period (or the undated documents); `None` drops it.
    SetDateFilter(Option<crate::core::view::DateFilter>),
    ToggleTimeline,
    /// Only documents dated from this source (`None`: any).
    SetDateSourceFilter(Option<crate::core::model::DateSource>),
    /// Filter by a tag branch whose parent is no tag of its own (a parent
    /// deleted, or never made): the parent is made, then filtered by.
    FilterBranch(String),
    /// Delete a tag and every tag nested under it (undoable).
    DeleteTagBranch(crate::core::store::tags::TagId),
    /// Delete the tags no document outside the trash carries (undoable).
    RemoveUnusedTags,
    /// Show or hide the left panel (saved searches, tags).
    ToggleSidePanel,
    /// Show or hide the reader on the right.
    ToggleReader,
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
    /// Show the Words view (concordance, frequencies…) or leave it.
    ShowWords(bool),
    /// Run the Words view's current analysis over the view.
    WordsRun,
    WordsCancel,
    /// Keep the concordance word's line on the timeline.
    WordsPin,
    /// Take a pinned word's line off the timeline.
    WordsUnpin(String),
    /// The concordance of this pattern (from a frequency or keyword row).
    WordsConcordanceOf(String),
    /// The concordance of a node word, only the lines with the collocate.
    WordsPair {
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
    /// Show the Restore from backup window (for the open library, or the
    /// damaged one that would not open).
    OpenRestore,
    /// Replace the library with this backup (asks first).
    /// Pick a backup file kept elsewhere to restore from.
    RestoreFileDialog,
    RestoreBackup(PathBuf),
    /// Ask where to save what can be read of a damaged library.
    SalvageDialog,
    /// Save every readable document to this JSONL file.
    SalvageTo(PathBuf),
    OpenSettings,
    /// The Settings window changed something: apply it to the app.
    ApplySettings,
    OpenShortcuts,
    OpenAbout,
    OpenLogFolder,
}
