//! Automatic backups and restoring one.
//!
//! Backups go to a `backups/` folder beside the library, named
//! `<library>-YYYYMMDD-HHMMSS.corpusdesk` (UTC), each a consistent copy
//! written aside and renamed ([`super::backup::backup_to`]). The last N are
//! kept (the library's `backup_keep` setting, 7 unless changed); older ones
//! of the same library are removed after a new one is complete.
//!
//! A restore copies the backup beside the library first, then moves the
//! current file (and its log) aside as `<name>.before-restore` — never
//! deleted — and the copy into place. The search index is derived: it is
//! removed and rebuilt from the restored documents.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction};

use super::{health, open_reader};
use crate::core::error::{Error, Result};
use crate::core::fsx;

/// Backups kept unless the library says otherwise.
pub const DEFAULT_KEEP: usize = 7;

/// Bulk destructive actions on at least this many documents take a backup
/// first.
pub const BEFORE_BULK_ACTION: usize = 100;

/// An automatic backup is due this long after the last one (seconds).
pub const EVERY: i64 = 24 * 3600;

/// One backup on disk.
#[derive(Debug, Clone, PartialEq)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When it was taken (seconds since the epoch, from its name).
    pub created: i64,
    pub size: u64,
    /// Documents not in the trash, when the file could be read.
    pub documents: Option<i64>,
}

impl BackupInfo {
    pub fn created_text(&self) -> String {
        jiff::Timestamp::from_second(self.created)
            .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default()
    }
}

/// The folder backups of `library` go in.
pub fn folder(library: &Path) -> PathBuf {
    fsx::parent_of(library).join("backups")
}

fn stem(library: &Path) -> String {
    library
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "library".into())
}

/// `<stem>-YYYYMMDD-HHMMSS.corpusdesk` for a time.
fn name_for(library: &Path, when: i64) -> String {
    let stamp = jiff::Timestamp::from_second(when)
        .map(|t| t.strftime("%Y%m%d-%H%M%S").to_string())
        .unwrap_or_else(|_| when.to_string());
    format!("{}-{stamp}.corpusdesk", stem(library))
}

/// The time in a backup's name and its number within that second (a
/// second backup within one second is named `…-2`).
fn parse_name(library: &Path, file: &str) -> Option<(i64, u32)> {
    let rest = file.strip_prefix(&format!("{}-", stem(library)))?;
    let full = rest.strip_suffix(".corpusdesk")?;
    let stamp = full.get(..15)?;
    let n = match full.get(15..) {
        Some("") | None => 1,
        Some(more) => more.strip_prefix('-')?.parse().ok()?,
    };
    let digits = |a: usize, b: usize| stamp.get(a..b)?.parse::<u32>().ok();
    if stamp.as_bytes().get(8) != Some(&b'-') {
        return None;
    }
    let (y, mo, d) = (digits(0, 4)?, digits(4, 6)?, digits(6, 8)?);
    let (h, mi, s) = (digits(9, 11)?, digits(11, 13)?, digits(13, 15)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = crate::core::timeline::days_from_civil(y as i32, mo, d) as i64;
    Some((days * 86_400 + (h * 3600 + mi * 60 + s) as i64, n))
}

/// `library`'s backups, newest first.
pub fn list(library: &Path) -> Vec<BackupInfo> {
    let mut found = list_files(library);
    for b in &mut found {
        b.documents = count_documents(&b.path);
    }
    found
}

/// Like [`list`] without opening each backup.
fn list_files(library: &Path) -> Vec<BackupInfo> {
    let Ok(entries) = fs::read_dir(folder(library)) else {
        return Vec::new();
    };
    let mut found: Vec<(u32, BackupInfo)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (created, n) = parse_name(library, &name)?;
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            Some((
                n,
                BackupInfo {
                    path: e.path(),
                    created,
                    size: meta.len(),
                    documents: None,
                },
            ))
        })
        .collect();
    found.sort_by(|(n, a), (m, b)| b.created.cmp(&a.created).then(m.cmp(n)));
    found.into_iter().map(|(_, b)| b).collect()
}

fn count_documents(path: &Path) -> Option<i64> {
    let conn = open_reader(path).ok()?;
    conn.query_row("SELECT count(*) FROM documents WHERE state != 2", [], |r| {
        r.get(0)
    })
    .ok()
}

/// When the newest backup of `library` was taken.
pub fn newest(library: &Path) -> Option<i64> {
    list_files(library).first().map(|b| b.created)
}

/// Is an automatic backup due (none yet, or the newest is a day old)?
pub fn due(library: &Path, now: i64) -> bool {
    newest(library).is_none_or(|t| now - t >= EVERY)
}

/// How many backups the library keeps.
pub fn keep(conn: &Connection) -> usize {
    conn.query_row(
        "SELECT value FROM settings WHERE key = 'backup_keep'",
        [],
        |r| r.get::<_, String>(0),
    )
    .optional()
    .ok()
    .flatten()
    .and_then(|v| v.parse().ok())
    .filter(|&n: &usize| n >= 1)
    .unwrap_or(DEFAULT_KEEP)
}

/// Sets how many backups the library keeps (at least one).
pub fn set_keep(tx: &Transaction, n: usize) -> Result<()> {
    tx.execute(
        "INSERT INTO settings(key, value) VALUES ('backup_keep', ?1)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [n.max(1).to_string()],
    )?;
    Ok(())
}

/// Removes the oldest of `library`'s backups beyond `keep`; returns them.
pub fn rotate(library: &Path, keep: usize) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for old in list_files(library).into_iter().skip(keep.max(1)) {
        if fs::remove_file(&old.path).is_ok() {
            removed.push(old.path);
        }
    }
    removed
}

/// Takes an automatic backup of the library at `library` into [`folder`]
/// (from a read transaction of its own) and rotates the old ones out.
/// Refused for a library known to be damaged: a copy of damage must not
/// push a good backup out.
pub fn take(library: &Path) -> Result<PathBuf> {
    if let Some(refusal) = health::Health::for_library(library).refusal() {
        return Err(refusal);
    }
    let dir = folder(library);
    fs::create_dir_all(&dir)?;
    let now = super::now();
    let base = name_for(library, now);
    // Within one second, each backup takes the next number, so the newest
    // sorts first even after rotation freed a lower one.
    let n = list_files(library)
        .iter()
        .filter(|b| b.created == now)
        .filter_map(|b| parse_name(library, &b.path.file_name()?.to_string_lossy()))
        .map(|(_, n)| n)
        .max();
    let dest = match n {
        None => dir.join(&base),
        Some(n) => dir.join(format!(
            "{}-{}.corpusdesk",
            base.trim_end_matches(".corpusdesk"),
            n + 1
        )),
    };
    let conn = open_reader(library)?;
    super::backup::backup_to(&conn, &dest, false)?;
    rotate(library, keep(&conn));
    Ok(dest)
}

/// Inside the transaction of a bulk destructive action on `documents`
/// documents: a backup of the library as it was, first (none below
/// [`BEFORE_BULK_ACTION`]). A failed backup stops the action.
pub fn before_bulk(tx: &Transaction, documents: usize, action: &str) -> Result<()> {
    if documents < BEFORE_BULK_ACTION {
        return Ok(());
    }
    let Some(path) = tx.path().filter(|p| !p.is_empty()) else {
        return Ok(()); // an in-memory library has no file to copy
    };
    take(Path::new(path)).map(|_| ()).map_err(|e| {
        Error::Refused(format!(
            "the backup before {action} could not be written ({e}); nothing was changed"
        ))
    })
}

/// Where the current file goes when a backup replaces it: the first free
/// name of `<name>.before-restore`, `<name>.before-restore-2`, …
fn aside_name(library: &Path) -> PathBuf {
    let name = library.file_name().unwrap_or_default().to_string_lossy();
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            library.with_file_name(format!("{name}.before-restore"))
        } else {
            library.with_file_name(format!("{name}.before-restore-{n}"))
        };
        if fs::symlink_metadata(&candidate).is_err() {
            return candidate;
        }
        n += 1;
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Replaces the library at `library` (which must not be open in this
/// process) with `backup`. Returns where the replaced file was kept, when
/// there was one. A damaged or foreign backup is refused and nothing moves.
pub fn restore(library: &Path, backup: &Path) -> Result<Option<PathBuf>> {
    if fsx::same_file(library, backup) {
        return Err(Error::Refused(
            "that file is the library itself; choose a backup".into(),
        ));
    }
    super::inspect_existing(backup)?;
    let check = health::full_check(backup)?;
    if let Some(problem) = check.problems.first() {
        return Err(Error::Refused(format!(
            "{} is damaged too ({problem}); choose another backup",
            backup.display()
        )));
    }
    // The copy first: until it is whole, nothing of the library moves.
    let mut tmp = fsx::temp_file_for(library, ".corpusdesk-restore-")?;
    let mut source = fs::File::open(backup)?;
    std::io::copy(&mut source, tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    let aside = if fs::symlink_metadata(library).is_ok() {
        let aside = aside_name(library);
        fs::rename(library, &aside)?;
        for suffix in ["-wal", "-shm"] {
            let from = with_suffix(library, suffix);
            if from.exists() {
                let _ = fs::rename(&from, with_suffix(&aside, suffix));
            }
        }
        Some(aside)
    } else {
        None
    };
    if let Err(e) = tmp.persist(library) {
        // Put the old file back rather than leave no library at all.
        if let Some(aside) = &aside {
            let _ = fs::rename(aside, library);
        }
        return Err(Error::from(e.error));
    }
    // Derived from the old file: rebuilt from the restored one.
    let _ = fs::remove_dir_all(super::index_dir(library));
    health::Health::for_library(library).clear();
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created_from_name(library: &Path, file: &str) -> Option<i64> {
        parse_name(library, file).map(|(t, _)| t)
    }

    #[test]
    fn names_carry_their_time() {
        let lib = Path::new("/x/My corpus.corpusdesk");
        let t = 1_796_347_920; // 2026-12-04 01:32:00 UTC
        let name = name_for(lib, t);
        assert_eq!(name, "My corpus-20261204-013200.corpusdesk");
        assert_eq!(created_from_name(lib, &name), Some(t));
        assert_eq!(
            created_from_name(lib, "My corpus-20261204-013200-2.corpusdesk"),
            Some(t)
        );
        assert_eq!(
            created_from_name(lib, "Other-20261204-013200.corpusdesk"),
            None
        );
        assert_eq!(created_from_name(lib, "My corpus-2026.corpusdesk"), None);
    }
}
