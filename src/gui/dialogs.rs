//! File dialogs behind a small trait, so tests inject the chosen paths and
//! never open a real dialog.
//!
//! A request returns at once with a receiver; the app polls it each frame,
//! so the UI never blocks on a dialog (rfd's blocking dialogs would freeze it).

use crate::gui::command::{
    CodeCommand, Command, EntityCommand, ExportCommand, LibraryCommand, RecoveryCommand,
    SearchCommand, WordsCommand,
};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

/// What a dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKind {
    ImportFiles,
    ImportFolder,
    /// REFI-QDA projects (.qdpx) to import.
    ImportProject,
    OpenLibrary,
    NewLibrary,
    /// Where to save an export file of this format.
    ExportFile(crate::core::export::Format),
    /// The folder to write a folder export into.
    ExportFolder,
    /// Where to write a backup of the library.
    Backup,
    /// A list of queries for the batch search (.txt or .csv).
    BatchFile,
    /// Where to write the batch search's CSV.
    BatchCsv,
    /// Where to save what can be read of a damaged library (JSONL).
    Salvage,
    /// Where to save the concordance lines (CSV).
    KwicCsv,
    /// A backup file to restore the library from (one kept elsewhere).
    BackupFile,
    /// Where to save the coded passages listed (`true`: CSV, else JSONL).
    Passages(bool),
    /// Where to save the memos (CSV).
    MemosCsv,
    /// Where to save the entity list (CSV).
    EntityListOut,
    /// An entity list (CSV) to take.
    EntityListIn,
}

impl DialogKind {
    /// What the app does with the paths chosen (`None`: the user cancelled).
    pub fn command(self, paths: Vec<PathBuf>) -> Option<Command> {
        let path = paths.first()?.clone();
        Some(match self {
            DialogKind::ImportFiles | DialogKind::ImportFolder | DialogKind::ImportProject => {
                LibraryCommand::Import(paths).into()
            }
            DialogKind::OpenLibrary | DialogKind::NewLibrary => {
                LibraryCommand::OpenLibrary(path).into()
            }
            DialogKind::ExportFile(_) | DialogKind::ExportFolder => ExportCommand::To(path).into(),
            DialogKind::Backup => RecoveryCommand::BackupTo(path).into(),
            DialogKind::BatchFile => SearchCommand::LoadBatchFrom(path).into(),
            DialogKind::BatchCsv => SearchCommand::ExportBatchTo(path).into(),
            DialogKind::Salvage => RecoveryCommand::SalvageTo(path).into(),
            DialogKind::KwicCsv => WordsCommand::ExportKwicTo(path).into(),
            DialogKind::BackupFile => RecoveryCommand::RestoreBackup(path).into(),
            DialogKind::Passages(csv) => CodeCommand::ExportTo { path, csv }.into(),
            DialogKind::MemosCsv => CodeCommand::ExportMemosTo(path).into(),
            DialogKind::EntityListOut => EntityCommand::ExportList(path).into(),
            DialogKind::EntityListIn => EntityCommand::ImportList(path).into(),
        })
    }
}

/// The memos' and the entity list's files.
async fn lists(base: rfd::AsyncFileDialog, kind: DialogKind) -> Vec<PathBuf> {
    match kind {
        DialogKind::MemosCsv => save_as(base, "Export the memos", "memos.csv", "CSV", "csv").await,
        DialogKind::KwicCsv => {
            save_as(
                base,
                "Export the concordance",
                "concordance.csv",
                "CSV",
                "csv",
            )
            .await
        }
        DialogKind::EntityListOut => {
            save_as(base, "Export the entity list", "entities.csv", "CSV", "csv").await
        }
        _ => pick_files(base, "Import an entity list", "Entity list (CSV)", &["csv"]).await,
    }
}

/// Files to open, of the kinds `extensions` (or any).
async fn pick_files(
    base: rfd::AsyncFileDialog,
    title: &str,
    kinds: &str,
    extensions: &[&str],
) -> Vec<PathBuf> {
    base.set_title(title)
        .add_filter(kinds, extensions)
        .add_filter("All files", &["*"])
        .pick_files()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.path().to_path_buf())
        .collect()
}

/// Shows the system's dialog for `kind`: the paths chosen, or none.
async fn choose(base: rfd::AsyncFileDialog, kind: DialogKind) -> Vec<PathBuf> {
    match kind {
        DialogKind::ImportFiles => {
            pick_files(
                base,
                "Import files",
                "Documents and corpora",
                &[
                    "txt", "text", "md", "jsonl", "ndjson", "csv", "html", "htm", "xhtml", "gz",
                    "docx", "odt", "pdf", "eml", "mbox", "qdpx", "parquet", "png", "jpg", "jpeg",
                    "tif", "tiff", "rtf",
                ],
            )
            .await
        }
        DialogKind::ImportProject => {
            pick_files(
                base,
                "Import REFI-QDA project",
                "REFI-QDA project",
                &["qdpx"],
            )
            .await
        }
        DialogKind::ImportFolder => base
            .set_title("Import folder")
            .pick_folders()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.path().to_path_buf())
            .collect(),
        DialogKind::OpenLibrary => base
            .set_title("Open library")
            .add_filter("corpusdesk library", &["corpusdesk"])
            .add_filter("All files", &["*"])
            .pick_file()
            .await
            .map(|f| f.path().to_path_buf())
            .into_iter()
            .collect(),
        DialogKind::ExportFile(format) => base
            .set_title("Export")
            .set_file_name(format!("corpus.{}", format.extension()))
            .add_filter(format.label(), &[format.extension()])
            .save_file()
            .await
            .map(|f| f.path().to_path_buf())
            .into_iter()
            .collect(),
        DialogKind::ExportFolder => base
            .set_title("Export into a new or empty folder")
            .pick_folder()
            .await
            .map(|f| f.path().to_path_buf())
            .into_iter()
            .collect(),
        DialogKind::BatchFile => base
            .set_title("Load queries")
            .add_filter(
                "Queries (one per line, or a CSV with a query column)",
                &["txt", "csv"],
            )
            .add_filter("All files", &["*"])
            .pick_file()
            .await
            .map(|f| f.path().to_path_buf())
            .into_iter()
            .collect(),
        DialogKind::BatchCsv => {
            save_as(
                base,
                "Export the batch's hits",
                "batch-hits.csv",
                "CSV",
                "csv",
            )
            .await
        }
        DialogKind::Passages(true) => {
            save_as(
                base,
                "Export the coded passages",
                "passages.csv",
                "CSV",
                "csv",
            )
            .await
        }
        DialogKind::Passages(false) => {
            save_as(
                base,
                "Export the coded passages",
                "passages.jsonl",
                "JSON lines",
                "jsonl",
            )
            .await
        }
        DialogKind::MemosCsv
        | DialogKind::KwicCsv
        | DialogKind::EntityListOut
        | DialogKind::EntityListIn => lists(base, kind).await,
        DialogKind::BackupFile => base
            .set_title("Restore from a backup file")
            .add_filter(
                "corpusdesk library or backup",
                &["corpusdesk", "db", "sqlite"],
            )
            .add_filter("All files", &["*"])
            .pick_file()
            .await
            .map(|f| f.path().to_path_buf())
            .into_iter()
            .collect(),
        DialogKind::Salvage => base
            .set_title("Save what can be read")
            .set_file_name("saved-documents.jsonl")
            .add_filter("JSON Lines", &["jsonl"])
            .save_file()
            .await
            .map(|f| f.path().to_path_buf())
            .into_iter()
            .collect(),
        DialogKind::Backup => base
            .set_title("Back up library")
            .set_file_name("library-backup.corpusdesk")
            .add_filter("corpusdesk library", &["corpusdesk"])
            .save_file()
            .await
            .map(|f| f.path().to_path_buf())
            .into_iter()
            .collect(),
        DialogKind::NewLibrary => base
            .set_title("New library")
            .set_file_name("library.corpusdesk")
            .add_filter("corpusdesk library", &["corpusdesk"])
            .save_file()
            .await
            .map(|f| f.path().to_path_buf())
            .into_iter()
            .collect(),
    }
}

/// A save dialog for one kind of file: the path chosen, or none.
async fn save_as(
    base: rfd::AsyncFileDialog,
    title: &str,
    name: &str,
    label: &str,
    ext: &str,
) -> Vec<PathBuf> {
    base.set_title(title)
        .set_file_name(name)
        .add_filter(label, &[ext])
        .save_file()
        .await
        .map(|f| f.path().to_path_buf())
        .into_iter()
        .collect()
}

/// The chosen paths; empty when the user cancelled.
pub type DialogAnswer = Receiver<Vec<PathBuf>>;

pub trait Dialogs {
    fn ask(&self, kind: DialogKind) -> DialogAnswer;

    /// Whether a save dialog already asked before choosing a file that
    /// exists (the system's dialogs do), so the app need not ask again.
    fn confirms_overwrite(&self) -> bool {
        false
    }
}

/// Native dialogs (rfd), each on its own thread.
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn confirms_overwrite(&self) -> bool {
        true
    }

    fn ask(&self, kind: DialogKind) -> DialogAnswer {
        let (tx, rx) = mpsc::channel();
        // The window sleeps while the dialog is open: the answer wakes it.
        let wake = crate::core::jobs::waker();
        std::thread::spawn(move || {
            let base = rfd::AsyncFileDialog::new();
            let chosen: Vec<PathBuf> = pollster::block_on(choose(base, kind));
            let _ = tx.send(chosen);
            if let Some(wake) = wake {
                wake();
            }
        });
        rx
    }
}

/// Queued answers: which dialog, and the paths it gives.
type Answers = Vec<(DialogKind, Vec<PathBuf>)>;

/// Answers every dialog at once with scripted paths (for tests and scripts).
#[derive(Default, Clone)]
pub struct ScriptedDialogs {
    pub answers: std::sync::Arc<std::sync::Mutex<Answers>>,
}

impl ScriptedDialogs {
    /// Queues the answer the next dialog of `kind` gives.
    pub fn answer(&self, kind: DialogKind, paths: Vec<PathBuf>) {
        if let Ok(mut a) = self.answers.lock() {
            a.push((kind, paths));
        }
    }
}

impl Dialogs for ScriptedDialogs {
    fn ask(&self, kind: DialogKind) -> DialogAnswer {
        let (tx, rx) = mpsc::channel();
        let mut answer = Vec::new();
        if let Ok(mut answers) = self.answers.lock()
            && let Some(i) = answers.iter().position(|(k, _)| *k == kind)
        {
            answer = answers.remove(i).1;
        }
        let _ = tx.send(answer);
        rx
    }
}

#[cfg(test)]
mod answer_tests {
    use super::*;

    #[test]
    fn a_dialog_answer_becomes_its_command() {
        let (a, b) = (PathBuf::from("a.txt"), PathBuf::from("b.txt"));
        assert_eq!(
            DialogKind::ImportFiles.command(Vec::new()),
            None,
            "cancelled"
        );
        assert_eq!(
            DialogKind::ImportFiles.command(vec![a.clone(), b.clone()]),
            Some(LibraryCommand::Import(vec![a.clone(), b]).into())
        );
        assert_eq!(
            DialogKind::Backup.command(vec![a.clone()]),
            Some(RecoveryCommand::BackupTo(a.clone()).into())
        );
        assert_eq!(
            DialogKind::KwicCsv.command(vec![a.clone()]),
            Some(WordsCommand::ExportKwicTo(a).into())
        );
    }
}
