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

/// The actions menus, the shortcut handler, Help and the panels' keys know
/// about. Each has its label, shortcuts, tooltip, when it is enabled and
/// the [`Command`] it sends in one place ([`Action::spec`] and friends), so
/// a shortcut shown is a shortcut that works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    BatchSearch,
    NewLibrary,
    OpenLibrary,
    ImportFiles,
    ImportFolder,
    ImportHistory,
    Export,
    Backup,
    RestoreBackup,
    Settings,
    Quit,
    Undo,
    Redo,
    Find,
    SelectAll,
    Trash,
    Restore,
    EmptyTrash,
    Review,
    Timeline,
    ShowTrash,
    FindDuplicates,
    FindDuplicatesFromScratch,
    ReviewNext,
    ReviewPrevious,
    ReviewMark,
    ReviewNotDuplicates,
    Escape,
    Shortcuts,
    OpenLogFolder,
    About,
}

/// What the table says about an action.
pub struct Spec {
    /// As menus and Help show it.
    pub label: &'static str,
    /// The keys that fire it (the first is shown).
    pub keys: &'static [KeyboardShortcut],
    pub tooltip: &'static str,
    /// Fires while a text field has the keyboard (else the field gets the key).
    pub while_typing: bool,
}

/// What an action's enabled state and command depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub has_library: bool,
    pub importing: bool,
    pub selected: usize,
    pub can_undo: bool,
    pub can_redo: bool,
    pub reviewing: bool,
    pub trash_view: bool,
    pub in_trash: usize,
    pub timeline_visible: bool,
    pub finding_duplicates: bool,
    pub backing_up: bool,
    pub has_log_folder: bool,
    /// A library (open, or damaged and not opened) whose backups can be
    /// restored, and no restore under way.
    pub can_restore: bool,
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}
const CMD: Modifiers = Modifiers::COMMAND;
const NONE: Modifiers = Modifiers::NONE;

impl Action {
    pub const ALL: [Action; 31] = [
        Action::BatchSearch,
        Action::NewLibrary,
        Action::OpenLibrary,
        Action::ImportFiles,
        Action::ImportFolder,
        Action::ImportHistory,
        Action::Export,
        Action::Backup,
        Action::RestoreBackup,
        Action::Settings,
        Action::Quit,
        Action::Undo,
        Action::Redo,
        Action::Find,
        Action::SelectAll,
        Action::Trash,
        Action::Restore,
        Action::EmptyTrash,
        Action::Review,
        Action::Timeline,
        Action::ShowTrash,
        Action::FindDuplicates,
        Action::FindDuplicatesFromScratch,
        Action::ReviewNext,
        Action::ReviewPrevious,
        Action::ReviewMark,
        Action::ReviewNotDuplicates,
        Action::Escape,
        Action::Shortcuts,
        Action::OpenLogFolder,
        Action::About,
    ];

    pub fn spec(self) -> Spec {
        let (label, keys, tooltip, while_typing): (_, &'static [KeyboardShortcut], _, _) =
            match self {
                Action::NewLibrary => (
                    "New library…",
                    &[],
                    "Create a library file and open it",
                    false,
                ),
                Action::OpenLibrary => (
                    "Open library…",
                    &const { [key(CMD, Key::O)] },
                    "Open another library file",
                    true,
                ),
                Action::ImportFiles => (
                    "Import files…",
                    &const { [key(CMD, Key::I)] },
                    "Import text files, JSONL or CSV corpora",
                    true,
                ),
                Action::ImportFolder => (
                    "Import folder…",
                    &const { [key(CMD.plus(Modifiers::SHIFT), Key::I)] },
                    "Import every file in a folder and its subfolders",
                    true,
                ),
                Action::BatchSearch => (
                    "Batch search…",
                    &const { [key(CMD.plus(Modifiers::SHIFT), Key::F)] },
                    "Run a list of queries at once: each one's hits, tags and a CSV",
                    false,
                ),
                Action::ImportHistory => (
                    "Import history…",
                    &[],
                    "Every import run: show it, or move it to the trash",
                    false,
                ),
                Action::Export => (
                    "Export…",
                    &const { [key(CMD, Key::E)] },
                    "Export documents as JSONL, CSV or text files",
                    true,
                ),
                Action::Backup => (
                    "Back up library…",
                    &[],
                    "Write a consistent copy of the library",
                    false,
                ),
                Action::RestoreBackup => (
                    "Restore from backup…",
                    &[],
                    "Replace the library with one of its automatic backups",
                    false,
                ),
                Action::Settings => (
                    "Settings…",
                    &const { [key(CMD, Key::Comma)] },
                    "Theme, interface size, import limit, duplicate threshold",
                    true,
                ),
                Action::Quit => (
                    "Quit",
                    &const { [key(CMD, Key::Q)] },
                    "Close the window",
                    true,
                ),
                Action::Undo => (
                    "Undo",
                    &const { [key(CMD, Key::Z)] },
                    "Take back the latest change",
                    false,
                ),
                Action::Redo => (
                    "Redo",
                    &const { [key(CMD.plus(Modifiers::SHIFT), Key::Z)] },
                    "Make the change undone last again",
                    false,
                ),
                Action::Find => (
                    "Find",
                    &const { [key(CMD, Key::F)] },
                    "Search the library",
                    true,
                ),
                Action::SelectAll => (
                    "Select all",
                    &const { [key(CMD, Key::A)] },
                    "Select everything in view",
                    false,
                ),
                Action::Trash => (
                    "Move to trash",
                    &const { [key(NONE, Key::Delete)] },
                    "Move the selection to the trash",
                    false,
                ),
                Action::Restore => (
                    "Restore from trash",
                    &[],
                    "Bring the selection back into the library",
                    false,
                ),
                Action::EmptyTrash => (
                    "Empty trash…",
                    &[],
                    "Delete every document in the trash for good",
                    false,
                ),
                Action::Review => (
                    "Review duplicates",
                    &const { [key(CMD, Key::D)] },
                    "Library / duplicate review",
                    true,
                ),
                Action::Timeline => (
                    "Show timeline",
                    &const { [key(CMD, Key::T)] },
                    "Show or hide the timeline",
                    true,
                ),
                Action::ShowTrash => ("Trash", &[], "Show the documents in the trash", false),
                Action::FindDuplicates => (
                    "Find duplicates",
                    &[],
                    "Compare new documents with the library",
                    false,
                ),
                Action::FindDuplicatesFromScratch => (
                    "Search duplicates again from scratch",
                    &[],
                    "Compare every document again (your decisions are kept)",
                    false,
                ),
                Action::ReviewNext => (
                    "Review: next cluster",
                    &const { [key(NONE, Key::J), key(NONE, Key::ArrowDown)] },
                    "The next cluster",
                    false,
                ),
                Action::ReviewPrevious => (
                    "Review: previous cluster",
                    &const { [key(NONE, Key::K), key(NONE, Key::ArrowUp)] },
                    "The previous cluster",
                    false,
                ),
                Action::ReviewMark => (
                    "Review: mark the cluster's duplicates",
                    &const { [key(NONE, Key::M)] },
                    "Keep the keeper; hide the others",
                    false,
                ),
                Action::ReviewNotDuplicates => (
                    "Review: not duplicates",
                    &const { [key(NONE, Key::N)] },
                    "Never propose these together again",
                    false,
                ),
                Action::Escape => (
                    "Close the topmost window, else clear the search",
                    &const { [key(NONE, Key::Escape)] },
                    "",
                    true,
                ),
                Action::Shortcuts => (
                    "Keyboard shortcuts",
                    &const { [key(NONE, Key::F1)] },
                    "This list",
                    true,
                ),
                Action::OpenLogFolder => (
                    "Open log folder",
                    &[],
                    "Show the log in the file manager",
                    false,
                ),
                Action::About => ("About corpusdesk", &[], "Version, library, license", false),
            };
        Spec {
            label,
            keys,
            tooltip,
            while_typing,
        }
    }

    /// The label as the menu shows it now ("Undo tag 'x' on 3 documents",
    /// "Hide timeline").
    pub fn label(self, cx: &Context, undo: Option<&str>, redo: Option<&str>) -> String {
        let with = |verb: &str, l: Option<&str>| match l {
            None => verb.to_string(),
            Some(l) if l.chars().count() > 48 => {
                format!("{verb} {}…", l.chars().take(48).collect::<String>())
            }
            Some(l) => format!("{verb} {l}"),
        };
        match self {
            Action::Undo => with("Undo", undo),
            Action::Redo => with("Redo", redo),
            Action::Review if cx.reviewing => "Library".into(),
            Action::Timeline if cx.timeline_visible => "Hide timeline".into(),
            Action::ShowTrash if cx.trash_view => "Back to the library".into(),
            Action::ShowTrash if cx.in_trash > 0 => {
                format!("Trash ({})", crate::core::counts::thousands(cx.in_trash))
            }
            a => a.spec().label.to_string(),
        }
    }

    pub fn enabled(self, cx: &Context) -> bool {
        let lib = cx.has_library;
        let library_view = lib && !cx.reviewing && !cx.trash_view;
        match self {
            Action::NewLibrary | Action::OpenLibrary | Action::Settings | Action::Quit => true,
            Action::Shortcuts | Action::About | Action::Escape => true,
            Action::ImportFiles | Action::ImportFolder => lib && !cx.importing,
            Action::ImportHistory | Action::Export | Action::Find | Action::Review => lib,
            Action::BatchSearch => lib && !cx.reviewing,
            Action::Timeline | Action::ShowTrash => lib,
            Action::Backup => lib && !cx.backing_up,
            Action::RestoreBackup => cx.can_restore,
            Action::Undo => lib && cx.can_undo,
            Action::Redo => lib && cx.can_redo,
            Action::SelectAll => lib && !cx.reviewing,
            Action::Trash => library_view && cx.selected > 0,
            Action::Restore => lib && cx.trash_view && cx.selected > 0,
            Action::EmptyTrash => lib && cx.in_trash > 0,
            Action::FindDuplicates | Action::FindDuplicatesFromScratch => {
                lib && !cx.finding_duplicates
            }
            Action::ReviewNext
            | Action::ReviewPrevious
            | Action::ReviewMark
            | Action::ReviewNotDuplicates => lib && cx.reviewing,
            Action::OpenLogFolder => cx.has_log_folder,
        }
    }

    /// The commands the action sends (in order).
    pub fn commands(self, cx: &Context) -> Vec<Command> {
        vec![match self {
            Action::NewLibrary => Command::NewLibrary,
            Action::OpenLibrary => Command::OpenLibraryDialog,
            Action::ImportFiles => Command::ImportFilesDialog,
            Action::ImportFolder => Command::ImportFolderDialog,
            Action::ImportHistory => Command::OpenImportHistory,
            Action::BatchSearch => Command::OpenBatch,
            Action::Export => Command::OpenExport,
            Action::Backup => Command::BackupDialog,
            Action::RestoreBackup => Command::OpenRestore,
            Action::Settings => Command::OpenSettings,
            Action::Quit => Command::Quit,
            Action::Undo => Command::Undo,
            Action::Redo => Command::Redo,
            Action::Find => Command::FocusSearch,
            Action::SelectAll => Command::SelectAll,
            Action::Trash => Command::TrashSelection,
            Action::Restore => Command::RestoreSelection,
            Action::EmptyTrash => Command::EmptyTrash,
            Action::Review => Command::ShowReview(!cx.reviewing),
            Action::Timeline => Command::ToggleTimeline,
            Action::ShowTrash => Command::ShowTrash(!cx.trash_view),
            Action::FindDuplicates | Action::FindDuplicatesFromScratch => {
                return vec![
                    Command::RunDedup {
                        full: self == Action::FindDuplicatesFromScratch,
                    },
                    Command::ShowReview(true),
                ];
            }
            Action::ReviewNext => Command::ReviewStep(1),
            Action::ReviewPrevious => Command::ReviewStep(-1),
            Action::ReviewMark => Command::ResolveCurrent(Resolution::MarkDuplicates),
            Action::ReviewNotDuplicates => Command::ResolveCurrent(Resolution::NotDuplicates),
            Action::Escape => Command::Escape,
            Action::Shortcuts => Command::OpenShortcuts,
            Action::OpenLogFolder => Command::OpenLogFolder,
            Action::About => Command::OpenAbout,
        }]
    }

    /// The first key, as Help and the menus show it.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        self.spec().keys.first().copied()
    }
}

/// Keys the list and the tags use that are not one action each; Help lists
/// them after the actions.
pub const LIST_KEYS: [(&str, &str); 3] = [
    (
        "↑ ↓ PgUp PgDn Home End",
        "Move through the list (Shift extends the selection)",
    ),
    (
        "Click, Ctrl+click, Shift+click",
        "Select, add to, extend the selection",
    ),
    (
        "1 – 9",
        "Add or remove one of the first nine tags on the selection",
    ),
];

/// The commands the keys pressed this frame ask for, consuming those keys.
/// Esc is only read (a focused text field also gives up its focus on it).
pub fn from_keys(ctx: &egui::Context, cx: &Context, typing: bool) -> Vec<Command> {
    // Ctrl+Shift+Z before Ctrl+Z: egui matches a shortcut also when Shift
    // is held besides, so the fuller chord must be offered first.
    let mut keys: Vec<(Action, KeyboardShortcut)> = Action::ALL
        .into_iter()
        .filter(|a| (!typing || a.spec().while_typing) && a.enabled(cx))
        .flat_map(|a| a.spec().keys.iter().map(move |k| (a, *k)))
        .collect();
    let held = |k: &KeyboardShortcut| {
        let m = k.modifiers;
        [m.alt, m.shift, m.command || m.ctrl || m.mac_cmd]
            .into_iter()
            .filter(|b| *b)
            .count()
    };
    keys.sort_by_key(|(_, k)| std::cmp::Reverse(held(k)));
    let mut out = Vec::new();
    let mut fired: Vec<Action> = Vec::new();
    for (action, k) in keys {
        if fired.contains(&action) {
            continue;
        }
        let pressed = if action == Action::Escape {
            ctx.input(|i| i.key_pressed(k.logical_key))
        } else {
            ctx.input_mut(|i| i.consume_shortcut(&k))
        };
        if pressed {
            fired.push(action);
            out.extend(action.commands(cx));
        }
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Contexts to find one in which an action is enabled.
    fn contexts() -> Vec<Context> {
        let base = Context {
            has_library: true,
            selected: 2,
            can_undo: true,
            can_redo: true,
            in_trash: 3,
            has_log_folder: true,
            ..Default::default()
        };
        vec![
            base.clone(),
            Context {
                reviewing: true,
                ..base.clone()
            },
            Context {
                trash_view: true,
                ..base
            },
        ]
    }

    /// Presses `key` in a frame and returns what the table makes of it.
    fn press(key: &KeyboardShortcut, cx: &Context, typing: bool) -> Vec<Command> {
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            events: vec![egui::Event::Key {
                key: key.logical_key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: key.modifiers,
            }],
            ..Default::default()
        };
        let mut out = Vec::new();
        let mut output = ctx.run_ui(input, |ui| out = from_keys(ui.ctx(), cx, typing));
        output.textures_delta.clear();
        out
    }

    #[test]
    fn every_shortcut_listed_in_help_fires_its_command() {
        let mut checked = 0;
        for action in Action::ALL {
            let spec = action.spec();
            if spec.keys.is_empty() {
                continue;
            }
            let cx = contexts()
                .into_iter()
                .find(|cx| action.enabled(cx))
                .unwrap_or_else(|| panic!("{action:?} is never enabled"));
            for key in spec.keys {
                let fired = press(key, &cx, false);
                assert!(
                    fired.starts_with(&action.commands(&cx)),
                    "{action:?} ({key:?}) sent {fired:?}"
                );
                if spec.while_typing {
                    assert_eq!(press(key, &cx, true), fired, "{action:?} while typing");
                } else {
                    assert!(
                        !press(key, &cx, true).contains(&action.commands(&cx)[0]),
                        "{action:?} must leave the key to a text field"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 18, "only {checked} keys checked");
    }

    #[test]
    fn disabled_actions_ignore_their_keys() {
        let cx = Context::default();
        assert!(
            press(&key(CMD, Key::Z), &cx, false).is_empty(),
            "no library, no undo"
        );
        let lib = Context {
            has_library: true,
            ..Default::default()
        };
        assert!(
            press(&key(NONE, Key::Delete), &lib, false).is_empty(),
            "nothing selected"
        );
        assert!(
            press(&key(NONE, Key::M), &lib, false).is_empty(),
            "M only in review"
        );
    }

    #[test]
    fn no_two_actions_share_a_key_when_both_can_fire() {
        for cx in contexts() {
            let mut seen: Vec<(KeyboardShortcut, Action)> = Vec::new();
            for a in Action::ALL.into_iter().filter(|a| a.enabled(&cx)) {
                for k in a.spec().keys {
                    if let Some((_, other)) = seen.iter().find(|(s, _)| s == k) {
                        panic!("{a:?} and {other:?} share {k:?}");
                    }
                    seen.push((*k, a));
                }
            }
        }
    }
}
