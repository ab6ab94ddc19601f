//! The table of actions: each one's label, shortcuts, tooltip, when it is
//! enabled and the [`Command`] it sends, for the menus, the shortcut
//! handler and Help alike.

use super::{
    CodeCommand, EditCommand, ExportCommand, LibraryCommand, OcrCommand, RecoveryCommand,
    ReviewCommand, SearchCommand, ViewCommand, WindowCommand,
};
use crate::core::export::Format;
use crate::gui::view_state::Central;
use egui::{Key, KeyboardShortcut, Modifiers};

use super::Command;
use crate::core::store::decisions::Resolution;

/// Defines [`Action`], [`Action::ALL`] and [`Action::spec`] from one table,
/// so every action is listed (menus, Help, the shortcut handler iterate
/// `ALL`) with its label and keys beside its name.
macro_rules! actions {
    ($($variant:ident {
        label: $label:expr,
        keys: [$($key:expr),* $(,)?],
        tooltip: $tooltip:expr,
        while_typing: $typing:expr $(,)?
    }),* $(,)?) => {
        /// The actions menus, the shortcut handler, Help and the panels' keys
        /// know about. Each has its label, shortcuts, tooltip, when it is
        /// enabled and the [`Command`] it sends in one place
        /// ([`Action::spec`] and friends), so a shortcut shown is a shortcut
        /// that works.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Action {
            $($variant),*
        }

        impl Action {
            /// Every action, in the order they are declared.
            pub const ALL: [Action; [$(Action::$variant),*].len()] = [$(Action::$variant),*];

            /// The action's label, shortcuts, tooltip and whether it fires
            /// while a text field has the keyboard.
            pub fn spec(self) -> Spec {
                match self {
                    $(Action::$variant => Spec {
                        label: $label,
                        keys: &const { [$($key),*] },
                        tooltip: $tooltip,
                        while_typing: $typing,
                    },)*
                }
            }
        }
    };
}

actions! {
    BatchSearch {
        label: "Batch search…",
        keys: [key(CMD.plus(Modifiers::SHIFT), Key::F)],
        tooltip: "Run a list of queries at once: each one's hits, tags and a CSV",
        while_typing: false,
    },
    NewLibrary {
        label: "New library…",
        keys: [],
        tooltip: "Create a library file and open it",
        while_typing: false,
    },
    OpenLibrary {
        label: "Open library…",
        keys: [key(CMD, Key::O)],
        tooltip: "Open another library file",
        while_typing: true,
    },
    ImportFiles {
        label: "Import files…",
        keys: [key(CMD, Key::I)],
        tooltip: "Import text, JSONL/CSV corpora, web pages, Word/PDF/RTF, e-mail, news exports",
        while_typing: true,
    },
    ImportFolder {
        label: "Import folder…",
        keys: [key(CMD.plus(Modifiers::SHIFT), Key::I)],
        tooltip: "Import every file in a folder and its subfolders",
        while_typing: true,
    },
    ImportProject {
        label: "Import REFI-QDA project…",
        keys: [],
        tooltip: "A .qdpx project from NVivo, MAXQDA, ATLAS.ti or QualCoder: its texts, codes, coded passages, notes and variables (documents already here get the project's codings as another coder's)",
        while_typing: false,
    },
    ScannedDocuments {
        label: "Scanned documents (OCR)…",
        keys: [],
        tooltip: "PDF pages without text and images read by Tesseract OCR: what waits, running it, the languages tried",
        while_typing: false,
    },
    OcrOnly {
        label: "Only text from OCR",
        keys: [],
        tooltip: "List only the documents whose text was read by OCR (a filter chip, like any other)",
        while_typing: false,
    },
    ImportHistory {
        label: "Import history…",
        keys: [],
        tooltip: "Every import run: show it, or move it to the trash",
        while_typing: false,
    },
    Export {
        label: "Export…",
        keys: [key(CMD, Key::E)],
        tooltip: "Export documents as JSONL, CSV, Parquet or text files",
        while_typing: true,
    },
    ExportProject {
        label: "REFI-QDA project…",
        keys: [],
        tooltip: "A .qdpx project for NVivo, MAXQDA, ATLAS.ti and QualCoder: texts, tags as codes, coded passages by coder, memos, metadata, sets",
        while_typing: false,
    },
    ExportParquet {
        label: "Parquet for Spark, pandas, DuckDB…",
        keys: [],
        tooltip: "A folder of zstd Parquet shards (or one file): Dolma-style columns with title, date, tags, duplicate cluster and keeper",
        while_typing: false,
    },
    ExportCodebook {
        label: "REFI-QDA codebook…",
        keys: [],
        tooltip: "The tags as a .qdc codebook (with colours and tag memos as definitions)",
        while_typing: false,
    },
    Backup {
        label: "Back up library…",
        keys: [],
        tooltip: "Write a consistent copy of the library",
        while_typing: false,
    },
    RestoreBackup {
        label: "Restore from backup…",
        keys: [],
        tooltip: "Replace the library with one of its automatic backups",
        while_typing: false,
    },
    Settings {
        label: "Settings…",
        keys: [key(CMD, Key::Comma)],
        tooltip: "Theme, interface size, import limit, duplicate threshold",
        while_typing: true,
    },
    Quit {
        label: "Quit",
        keys: [key(CMD, Key::Q)],
        tooltip: "Close the window",
        while_typing: true,
    },
    Undo {
        label: "Undo",
        keys: [key(CMD, Key::Z)],
        tooltip: "Take back the latest change",
        while_typing: false,
    },
    Redo {
        label: "Redo",
        keys: [key(CMD.plus(Modifiers::SHIFT), Key::Z)],
        tooltip: "Make the change undone last again",
        while_typing: false,
    },
    Find {
        label: "Find",
        keys: [key(CMD, Key::F)],
        tooltip: "Search the library",
        while_typing: true,
    },
    SelectAll {
        label: "Select all",
        keys: [key(CMD, Key::A)],
        tooltip: "Select everything in view",
        while_typing: false,
    },
    Trash {
        label: "Move to trash",
        keys: [key(NONE, Key::Delete)],
        tooltip: "Move the selection to the trash",
        while_typing: false,
    },
    Restore {
        label: "Restore from trash",
        keys: [],
        tooltip: "Bring the selection back into the library",
        while_typing: false,
    },
    EmptyTrash {
        label: "Empty trash…",
        keys: [],
        tooltip: "Delete every document in the trash for good",
        while_typing: false,
    },
    Review {
        label: "Review duplicates",
        keys: [key(CMD, Key::D)],
        tooltip: "Library / duplicate review",
        while_typing: true,
    },
    Words {
        label: "Words",
        keys: [key(CMD, Key::K)],
        tooltip: "Concordance, frequencies, keywords and collocations of the documents in view",
        while_typing: true,
    },
    Passages {
        label: "Passages",
        keys: [key(CMD, Key::P)],
        tooltip: "Coded passages and memos of the documents in view: retrieve, combine, count, export",
        while_typing: true,
    },
    Agreement {
        label: "Coder agreement",
        keys: [],
        tooltip: "Two coders compared: percent agreement, Cohen's kappa and Krippendorff's alpha per tag, and where they disagree",
        while_typing: false,
    },
    Autocode {
        label: "Code search hits…",
        keys: [],
        tooltip: "Code every hit of the search (or its sentence or paragraph) with a tag, in one undoable step",
        while_typing: false,
    },
    Timeline {
        label: "Show timeline",
        keys: [key(CMD, Key::T)],
        tooltip: "Show or hide the timeline",
        while_typing: true,
    },
    SidePanel {
        label: "Show side panel",
        keys: [key(CMD, Key::B)],
        tooltip: "Show or hide the saved searches and tags on the left",
        while_typing: true,
    },
    Reader {
        label: "Show reader",
        keys: [key(CMD.plus(Modifiers::SHIFT), Key::B)],
        tooltip: "Show or hide the reader on the right",
        while_typing: true,
    },
    ShowTrash {
        label: "Trash",
        keys: [],
        tooltip: "Show the documents in the trash",
        while_typing: false,
    },
    FindDuplicates {
        label: "Find duplicates",
        keys: [],
        tooltip: "Compare new documents with the library",
        while_typing: false,
    },
    FindDuplicatesFromScratch {
        label: "Search duplicates again from scratch",
        keys: [],
        tooltip: "Compare every document again (your decisions are kept)",
        while_typing: false,
    },
    ReviewNext {
        label: "Review: next cluster",
        keys: [key(NONE, Key::J), key(NONE, Key::ArrowDown)],
        tooltip: "The next cluster",
        while_typing: false,
    },
    ReviewPrevious {
        label: "Review: previous cluster",
        keys: [key(NONE, Key::K), key(NONE, Key::ArrowUp)],
        tooltip: "The previous cluster",
        while_typing: false,
    },
    ReviewMark {
        label: "Review: mark the cluster's duplicates",
        keys: [key(NONE, Key::M)],
        tooltip: "Keep the keeper; hide the others",
        while_typing: false,
    },
    ReviewNotDuplicates {
        label: "Review: not duplicates",
        keys: [key(NONE, Key::N)],
        tooltip: "Never propose these together again",
        while_typing: false,
    },
    Escape {
        label: "Close the topmost window, else clear the search",
        keys: [key(NONE, Key::Escape)],
        tooltip: "",
        while_typing: true,
    },
    Shortcuts {
        label: "Keyboard shortcuts",
        keys: [key(NONE, Key::F1)],
        tooltip: "This list",
        while_typing: true,
    },
    OpenLogFolder {
        label: "Open log folder",
        keys: [],
        tooltip: "Show the log in the file manager",
        while_typing: false,
    },
    About {
        label: "About corpusdesk",
        keys: [],
        tooltip: "Version, library, license",
        while_typing: false,
    },
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
    /// The view in the middle of the window.
    pub central: Central,
    pub in_trash: usize,
    pub timeline_visible: bool,
    pub side_panel_visible: bool,
    pub reader_visible: bool,
    pub finding_duplicates: bool,
    pub backing_up: bool,
    pub has_log_folder: bool,
    /// A library (open, or damaged and not opened) whose backups can be
    /// restored, and no restore under way.
    pub can_restore: bool,
    /// Scans waiting for OCR.
    pub ocr_waiting: usize,
    /// The list shows only text from OCR.
    pub ocr_only: bool,
}

impl Context {
    pub fn reviewing(&self) -> bool {
        self.central == Central::Review
    }

    pub fn trash_view(&self) -> bool {
        self.central == Central::Trash
    }

    pub fn words_view(&self) -> bool {
        self.central == Central::Words
    }

    pub fn passages_view(&self) -> bool {
        self.central == Central::Passages
    }

    /// `central`, or the library when it is shown already (a toggle).
    pub fn toggle(&self, central: Central) -> Central {
        if self.central == central {
            Central::Library
        } else {
            central
        }
    }
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}
const CMD: Modifiers = Modifiers::COMMAND;
const NONE: Modifiers = Modifiers::NONE;

impl Action {
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
            Action::Review if cx.reviewing() => "Library".into(),
            Action::Timeline if cx.timeline_visible => "Hide timeline".into(),
            Action::SidePanel if cx.side_panel_visible => "Hide side panel".into(),
            Action::Reader if cx.reader_visible => "Hide reader".into(),
            Action::Words if cx.words_view() => "Back to the library".into(),
            Action::Passages if cx.passages_view() => "Back to the library".into(),
            Action::Agreement if cx.central == Central::Agreement => "Back to the library".into(),
            Action::ShowTrash if cx.trash_view() => "Back to the library".into(),
            Action::ShowTrash if cx.in_trash > 0 => {
                format!("Trash ({})", crate::core::counts::thousands(cx.in_trash))
            }
            Action::ScannedDocuments if cx.ocr_waiting > 0 => {
                format!("Run OCR on {}…", crate::core::counts::scans(cx.ocr_waiting))
            }
            Action::OcrOnly if cx.ocr_only => "Show all documents, not only OCR".into(),
            a => a.spec().label.to_string(),
        }
    }

    pub fn enabled(self, cx: &Context) -> bool {
        let lib = cx.has_library;
        let library_view = lib && !cx.reviewing() && !cx.trash_view();
        match self {
            Action::NewLibrary | Action::OpenLibrary | Action::Settings | Action::Quit => true,
            Action::Shortcuts | Action::About | Action::Escape => true,
            Action::ImportFiles | Action::ImportFolder => lib && !cx.importing,
            Action::ImportHistory | Action::Export | Action::Find | Action::Review => lib,
            Action::ScannedDocuments => lib,
            Action::OcrOnly => library_view,
            Action::ExportProject | Action::ExportCodebook | Action::ExportParquet => lib,
            Action::ImportProject => lib && !cx.importing,
            Action::Agreement => lib && !cx.reviewing(),
            Action::BatchSearch => lib && !cx.reviewing(),
            Action::Timeline | Action::ShowTrash | Action::SidePanel | Action::Reader => lib,
            Action::Words | Action::Passages | Action::Autocode => lib && !cx.reviewing(),
            Action::Backup => lib && !cx.backing_up,
            Action::RestoreBackup => cx.can_restore,
            Action::Undo => lib && cx.can_undo,
            Action::Redo => lib && cx.can_redo,
            Action::SelectAll => lib && !cx.reviewing(),
            Action::Trash => library_view && cx.selected > 0,
            Action::Restore => lib && cx.trash_view() && cx.selected > 0,
            Action::EmptyTrash => lib && cx.in_trash > 0,
            Action::FindDuplicates | Action::FindDuplicatesFromScratch => {
                lib && !cx.finding_duplicates
            }
            Action::ReviewNext
            | Action::ReviewPrevious
            | Action::ReviewMark
            | Action::ReviewNotDuplicates => lib && cx.reviewing(),
            Action::OpenLogFolder => cx.has_log_folder,
        }
    }

    /// The commands the action sends (in order).
    pub fn commands(self, cx: &Context) -> Vec<Command> {
        vec![match self {
            Action::NewLibrary => LibraryCommand::NewLibrary.into(),
            Action::OpenLibrary => LibraryCommand::OpenLibraryDialog.into(),
            Action::ImportFiles => LibraryCommand::ImportFilesDialog.into(),
            Action::ImportFolder => LibraryCommand::ImportFolderDialog.into(),
            Action::ImportHistory => LibraryCommand::OpenImportHistory.into(),
            Action::ScannedDocuments => OcrCommand::Open.into(),
            Action::OcrOnly => OcrCommand::OnlyOcr(!cx.ocr_only).into(),
            Action::BatchSearch => SearchCommand::OpenBatch.into(),
            Action::Export => ExportCommand::Open.into(),
            Action::ExportProject => ExportCommand::OpenAs(Format::Qdpx).into(),
            Action::ExportCodebook => ExportCommand::OpenAs(Format::Qdc).into(),
            Action::ExportParquet => ExportCommand::OpenAs(Format::Parquet).into(),
            Action::ImportProject => LibraryCommand::ImportProjectDialog.into(),
            Action::Agreement => ViewCommand::Show(cx.toggle(Central::Agreement)).into(),
            Action::Backup => RecoveryCommand::BackupDialog.into(),
            Action::RestoreBackup => RecoveryCommand::OpenRestore.into(),
            Action::Settings => WindowCommand::OpenSettings.into(),
            Action::Quit => WindowCommand::Quit.into(),
            Action::Undo => EditCommand::Undo.into(),
            Action::Redo => EditCommand::Redo.into(),
            Action::Find => SearchCommand::FocusSearch.into(),
            Action::SelectAll => ViewCommand::SelectAll.into(),
            Action::Trash => EditCommand::TrashSelection.into(),
            Action::Restore => EditCommand::RestoreSelection.into(),
            Action::EmptyTrash => EditCommand::EmptyTrash.into(),
            Action::Review => ViewCommand::Show(cx.toggle(Central::Review)).into(),
            Action::Timeline => ViewCommand::ToggleTimeline.into(),
            Action::Words => ViewCommand::Show(cx.toggle(Central::Words)).into(),
            Action::Passages => ViewCommand::Show(cx.toggle(Central::Passages)).into(),
            Action::Autocode => CodeCommand::OpenAutocode.into(),
            Action::SidePanel => ViewCommand::ToggleSidePanel.into(),
            Action::Reader => ViewCommand::ToggleReader.into(),
            Action::ShowTrash => ViewCommand::Show(cx.toggle(Central::Trash)).into(),
            Action::FindDuplicates | Action::FindDuplicatesFromScratch => {
                return vec![
                    ReviewCommand::Run {
                        full: self == Action::FindDuplicatesFromScratch,
                    }
                    .into(),
                    ViewCommand::Show(Central::Review).into(),
                ];
            }
            Action::ReviewNext => ReviewCommand::Step(1).into(),
            Action::ReviewPrevious => ReviewCommand::Step(-1).into(),
            Action::ReviewMark => ReviewCommand::ResolveCurrent(Resolution::MarkDuplicates).into(),
            Action::ReviewNotDuplicates => {
                ReviewCommand::ResolveCurrent(Resolution::NotDuplicates).into()
            }
            Action::Escape => WindowCommand::Escape.into(),
            Action::Shortcuts => WindowCommand::OpenShortcuts.into(),
            Action::OpenLogFolder => WindowCommand::OpenLogFolder.into(),
            Action::About => WindowCommand::OpenAbout.into(),
        }]
    }

    /// The menu it belongs to, for Help's list of shortcuts (in menu order).
    pub fn group(self) -> (u8, &'static str) {
        use Action::*;
        match self {
            NewLibrary | OpenLibrary | ImportFiles | ImportFolder | ImportProject
            | ImportHistory | ScannedDocuments | Export | ExportProject | ExportCodebook
            | ExportParquet | Backup | RestoreBackup | Settings | Quit | BatchSearch => {
                (0, "File menu")
            }
            Undo | Redo | Find | SelectAll | Trash | Restore | EmptyTrash | Escape | Autocode => {
                (1, "Edit menu")
            }
            Review | Words | Passages | Agreement | Timeline | SidePanel | Reader | ShowTrash
            | OcrOnly => (2, "View menu"),
            FindDuplicates
            | FindDuplicatesFromScratch
            | ReviewNext
            | ReviewPrevious
            | ReviewMark
            | ReviewNotDuplicates => (3, "Duplicate review"),
            Shortcuts | OpenLogFolder | About => (4, "Help menu"),
        }
    }

    /// The first key as this system writes it ("Ctrl+Z", "⌘Z" on a Mac),
    /// for hints in tooltips and questions: never a literal "Ctrl+".
    pub fn key_text(self) -> String {
        self.shortcut()
            .map(|k| k.format(&egui::ModifierNames::NAMES, cfg!(target_os = "macos")))
            .unwrap_or_default()
    }

    /// The first key, as Help and the menus show it.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        self.spec().keys.first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::super::keys::from_keys;
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
                central: Central::Review,
                ..base.clone()
            },
            Context {
                central: Central::Trash,
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
