//! Expanding the paths a user gave (files and folders) into the files to read.
//!
//! Folders are walked recursively, following links, in name order. Hidden
//! entries inside folders (`.git`, `.DS_Store`) are skipped; a file named
//! directly is always read. FIFOs, sockets and devices are refused before
//! anything opens them (opening a FIFO would hang), and link loops are reported.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;

use super::report::Rejection;

/// A regular file to read, with what its metadata says.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub path: PathBuf,
    pub size: u64,
    pub mtime: Option<i64>,
}

fn mtime_of(meta: &fs::Metadata) -> Option<i64> {
    meta.modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs() as i64)
}

fn not_regular(path: &Path) -> Rejection {
    Rejection::new(path, "not a regular file (a FIFO, socket or device)")
}

/// The absolute form of a path the user gave, with `.` and `dir/..` removed
/// so the stored path reads as the user expects (links are not resolved).
pub fn absolute_clean(path: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in abs.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(part);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Files under `roots`, and the entries that cannot be read, in walk order.
/// Stops early (returning what it found) when `cancel` is set.
pub fn walk(roots: &[PathBuf], cancel: &AtomicBool) -> (Vec<FileEntry>, Vec<Rejection>) {
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    for root in roots {
        let root = absolute_clean(root);
        let meta = match fs::metadata(&root) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let reason = if fs::symlink_metadata(&root).is_ok() {
                    "broken link: its target does not exist"
                } else {
                    "no such file or folder"
                };
                rejected.push(Rejection::new(&root, reason));
                continue;
            }
            Err(e) => {
                rejected.push(Rejection::new(&root, format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_file() {
            files.push(FileEntry {
                size: meta.len(),
                mtime: mtime_of(&meta),
                path: root,
            });
            continue;
        }
        if !meta.is_dir() {
            rejected.push(not_regular(&root));
            continue;
        }
        let walker = walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            if cancel.load(Ordering::Relaxed) {
                return (files, rejected);
            }
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) if e.file_type().is_file() => match e.metadata() {
                    Ok(meta) => files.push(FileEntry {
                        size: meta.len(),
                        mtime: mtime_of(&meta),
                        path: e.into_path(),
                    }),
                    Err(err) => {
                        rejected.push(Rejection::new(e.path(), format!("cannot read: {err}")))
                    }
                },
                Ok(e) => rejected.push(not_regular(e.path())),
                Err(err) => {
                    let path = err
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop: the link points back into a folder above it"
                            .to_string()
                    } else if let Some(io) = err.io_error() {
                        if io.kind() == std::io::ErrorKind::NotFound {
                            "broken link: its target does not exist".to_string()
                        } else {
                            format!("cannot read: {io}")
                        }
                    } else {
                        format!("cannot read: {err}")
                    };
                    rejected.push(Rejection::new(&path, reason));
                }
            }
        }
    }
    (files, rejected)
}

/// The tag for a file's folder relative to the imported folder it was
/// found under: `business` for `bbc/business/001.txt` imported as `bbc`,
/// `europe/politics` for a file two folders down; `None` at the top.
pub fn folder_tag(path: &Path, roots: &[PathBuf]) -> Option<String> {
    let parent = path.parent()?;
    let root = roots
        .iter()
        .filter(|r| parent.starts_with(r))
        .max_by_key(|r| r.components().count())?;
    let rel = parent.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}
