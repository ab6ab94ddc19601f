//! Is the library file whole? Damage is noticed in one place and, once
//! known, stops every write from this process.
//!
//! Damage is known from three sources: SQLite reporting a corrupt page
//! while working ([`Error::Corrupt`], caught by the writer and by
//! [`super::Store::observe`]), a check ([`quick_check`] in the background
//! on open, [`full_check`] on request), and a note left beside the library
//! by an earlier process (`<library>.damaged`), so the next open knows at
//! once. A restore removes the note.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};

/// What is known to be wrong, and since when (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Damage {
    pub detail: String,
    pub since: i64,
}

impl Damage {
    /// "2026-12-04 01:32 UTC".
    pub fn since_text(&self) -> String {
        jiff::Timestamp::from_second(self.since)
            .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|_| self.since.to_string())
    }
}

/// The damage state of one library file, shared by everything in this
/// process that uses it.
#[derive(Debug)]
pub struct Health {
    path: PathBuf,
    damage: Mutex<Option<Damage>>,
}

fn registry() -> &'static Mutex<HashMap<PathBuf, Weak<Health>>> {
    static REGISTRY: OnceLock<Mutex<HashMap<PathBuf, Weak<Health>>>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

fn key(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The note an earlier process left beside a damaged library.
pub fn marker_path(library: &Path) -> PathBuf {
    let mut name = library.file_name().unwrap_or_default().to_os_string();
    name.push(".damaged");
    library.with_file_name(name)
}

/// Is `library` known to be damaged, by this process or an earlier one?
pub fn known_damaged(library: &Path) -> bool {
    if marker_path(library).exists() {
        return true;
    }
    let map = registry().lock().unwrap_or_else(|p| p.into_inner());
    map.get(&key(library))
        .and_then(Weak::upgrade)
        .is_some_and(|h| h.damage().is_some())
}

impl Health {
    /// The shared state of `library`, with any note an earlier process left.
    pub fn for_library(library: &Path) -> Arc<Health> {
        let k = key(library);
        let mut map = registry().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(open) = map.get(&k).and_then(Weak::upgrade) {
            return open;
        }
        map.retain(|_, w| w.strong_count() > 0);
        let noted = std::fs::read_to_string(marker_path(library))
            .ok()
            .map(|text| {
                serde_json::from_str::<Damage>(&text).unwrap_or(Damage {
                    detail: "an earlier check found it damaged".into(),
                    since: super::connection::now(),
                })
            });
        let health = Arc::new(Health {
            path: library.to_path_buf(),
            damage: Mutex::new(noted),
        });
        map.insert(k, Arc::downgrade(&health));
        health
    }

    pub fn damage(&self) -> Option<Damage> {
        self.damage
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Records damage (the first finding stays) and leaves the note beside
    /// the library. Returns whether this was news.
    pub fn mark(&self, detail: impl Into<String>) -> bool {
        let mut damage = self.damage.lock().unwrap_or_else(|p| p.into_inner());
        if damage.is_some() {
            return false;
        }
        let found = Damage {
            detail: detail.into(),
            since: super::connection::now(),
        };
        tracing::warn!(
            "library {} is damaged: {}",
            self.path.display(),
            found.detail
        );
        if let Ok(text) = serde_json::to_string(&found) {
            // Best effort: a disk that cannot take the note still has the
            // in-process state.
            let _ = std::fs::write(marker_path(&self.path), text);
        }
        *damage = Some(found);
        true
    }

    /// Forgets the damage (after a restore, or a full check that found
    /// nothing wrong).
    pub fn clear(&self) {
        *self.damage.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let _ = std::fs::remove_file(marker_path(&self.path));
    }

    /// The error every write gets once the library is known to be damaged.
    pub fn refusal(&self) -> Option<Error> {
        self.damage().map(|d| Error::LibraryDamaged {
            path: self.path.clone(),
            since: d.since_text(),
            detail: d.detail,
        })
    }

    /// Marks the library damaged when `e` says so.
    pub fn observe(&self, e: &Error) {
        match e {
            Error::Corrupt(detail) => {
                self.mark(detail.clone());
            }
            Error::Damaged { detail, .. } => {
                self.mark(detail.clone());
            }
            _ => {}
        }
    }
}

/// What a check found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// Each problem in SQLite's or our words; empty when all is well.
    pub problems: Vec<String>,
    /// Every part was checked (false: the time box or Cancel ended it).
    pub complete: bool,
}

/// At most this many problems are listed: one is enough to know.
const MAX_PROBLEMS: usize = 20;

/// Libraries up to this size get one whole-file check; larger ones are
/// checked a table at a time, so progress shows and the time box can end
/// the check between tables.
const WHOLE_FILE_CHECK_BYTES: u64 = 256 << 20;

/// SQLite's structural check (`PRAGMA quick_check`: every page, every
/// b-tree, CHECK and NOT NULL constraints), plus the write-ahead log's
/// checksums, on a read-only connection of its own. Stops at `budget` or
/// `cancel` with what it found so far. `progress(done, total)` counts parts.
pub fn quick_check(
    library: &Path,
    budget: Duration,
    cancel: &Arc<AtomicBool>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    if let Some(problem) = check_wal(library) {
        report.problems.push(problem);
    }
    let mut conn = match super::connection::open_reader(library) {
        Ok(conn) => conn,
        Err(e) => {
            report.problems.push(e.to_string());
            report.complete = true;
            return Ok(report);
        }
    };
    let started = Instant::now();
    let flag = Arc::clone(cancel);
    let stop = move || flag.load(Ordering::Relaxed) || started.elapsed() > budget;
    // SQLite calls this every few thousand steps: a long check stops
    // mid-table when the budget is spent or the user cancels.
    let handler_stop = stop.clone();
    conn.progress_handler(10_000, Some(handler_stop))?;
    let size = std::fs::metadata(library).map(|m| m.len()).unwrap_or(0);
    let parts: Vec<Option<String>> = if size <= WHOLE_FILE_CHECK_BYTES {
        vec![None]
    } else {
        match tables(&conn) {
            Ok(names) => names.into_iter().map(Some).collect(),
            Err(e) => {
                report.problems.push(e.to_string());
                report.complete = true;
                return Ok(report);
            }
        }
    };
    let total = parts.len();
    for (i, part) in parts.iter().enumerate() {
        progress(i, total);
        if stop() {
            return Ok(report);
        }
        match run_check(&conn, "quick_check", part.as_deref()) {
            Ok(found) => report.problems.extend(found),
            Err(Error::Sqlite(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) =>
            {
                return Ok(report);
            }
            Err(e) => report.problems.push(e.to_string()),
        }
        if report.problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    progress(total, total);
    report.complete = true;
    Ok(report)
}

/// The library's ordinary tables (virtual tables have no pages to check).
fn tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY rootpage",
    )?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Runs `PRAGMA quick_check` or `integrity_check` (of one table when
/// `table` is given) and returns its complaints.
fn run_check(conn: &Connection, pragma: &str, table: Option<&str>) -> Result<Vec<String>> {
    let sql = match table {
        Some(t) => format!("PRAGMA {pragma}('{}')", t.replace('\'', "''")),
        None => format!("PRAGMA {pragma}({MAX_PROBLEMS})"),
    };
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // A row may hold several lines under a "*** in database main ***"
    // heading: one problem per line, without the heading.
    Ok(rows
        .iter()
        .filter(|r| r.as_str() != "ok")
        .flat_map(|r| r.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("***"))
        .map(str::to_string)
        .collect())
}

/// Everything: SQLite's full `integrity_check` (indexes against their
/// tables too), foreign keys, the write-ahead log, and our own rules.
pub fn full_check(library: &Path) -> Result<CheckReport> {
    let mut report = CheckReport {
        complete: true,
        ..Default::default()
    };
    if let Some(problem) = check_wal(library) {
        report.problems.push(problem);
    }
    let conn = match super::connection::open_reader(library) {
        Ok(conn) => conn,
        Err(e) => {
            report.problems.push(e.to_string());
            return Ok(report);
        }
    };
    let mut push = |r: Result<Vec<String>>| match r {
        Ok(found) => report.problems.extend(found),
        Err(e) => report.problems.push(e.to_string()),
    };
    push(run_check(&conn, "integrity_check", None));
    push(foreign_keys(&conn));
    push(own_rules(&conn));
    Ok(report)
}

fn foreign_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "a row of {} (rowid {}) points to a missing row of {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(2)?
            ))
        })?
        .take(MAX_PROBLEMS)
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Invariants SQLite cannot state: every document has a known state and
/// at least one source.
fn own_rules(conn: &Connection) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let bad_state: i64 = conn.query_row(
        "SELECT count(*) FROM documents WHERE state NOT IN (0, 1, 2)",
        [],
        |r| r.get(0),
    )?;
    if bad_state > 0 {
        found.push(format!("{bad_state} documents have an unknown state"));
    }
    let sourceless: i64 = conn.query_row(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.doc_id = d.id)",
        [],
        |r| r.get(0),
    )?;
    if sourceless > 0 {
        found.push(format!("{sourceless} documents have no source file"));
    }
    Ok(found)
}

/// The write-ahead log beside `library`, checked as SQLite reads it: a
/// frame that fails its checksum ends the log, so a damaged frame with
/// frames of the same log after it silently drops committed changes.
/// A torn last frame (a crash while writing) is normal. Returns the
/// problem, if any.
pub fn check_wal(library: &Path) -> Option<String> {
    let mut path = library.as_os_str().to_owned();
    path.push("-wal");
    let mut bytes = Vec::new();
    std::fs::File::open(PathBuf::from(path))
        .ok()?
        .take(1 << 31)
        .read_to_end(&mut bytes)
        .ok()?;
    wal_problem(&bytes)
}

/// [`check_wal`] on the log's bytes.
pub fn wal_problem(bytes: &[u8]) -> Option<String> {
    if bytes.len() < 32 {
        return None; // empty, or reset: nothing SQLite would read
    }
    let be = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let magic = be(0);
    if magic != 0x377f_0682 && magic != 0x377f_0683 {
        if bytes[..32].iter().all(|&b| b == 0) {
            return None;
        }
        return Some("the write-ahead log's header is garbled".into());
    }
    let big_endian = magic & 1 == 1;
    let page_size = be(8) as usize;
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Some("the write-ahead log's header is garbled".into());
    }
    let (salt1, salt2) = (be(16), be(20));
    let mut sum = checksum(&bytes[..24], (0, 0), big_endian);
    if sum != (be(24), be(28)) {
        return Some("the write-ahead log's header fails its checksum".into());
    }
    let frame = 24 + page_size;
    let frames = (bytes.len() - 32) / frame;
    let mut broken: Option<usize> = None;
    for i in 0..frames {
        let at = 32 + i * frame;
        let same_log = be(at + 8) == salt1 && be(at + 12) == salt2;
        match broken {
            None => {
                if !same_log {
                    return None; // the rest is an older log's leftovers
                }
                sum = checksum(&bytes[at..at + 8], sum, big_endian);
                sum = checksum(&bytes[at + 24..at + frame], sum, big_endian);
                if sum != (be(at + 16), be(at + 20)) {
                    broken = Some(i);
                }
            }
            Some(first) if same_log => {
                return Some(format!(
                    "frame {} of {frames} in the write-ahead log is damaged, and committed changes after it would be lost",
                    first + 1
                ));
            }
            Some(_) => {}
        }
    }
    None
}

/// SQLite's WAL checksum over `data` (a multiple of 8 bytes), continuing `s`.
fn checksum(data: &[u8], s: (u32, u32), big_endian: bool) -> (u32, u32) {
    let (mut s0, mut s1) = s;
    for pair in data.chunks_exact(8) {
        let word = |b: &[u8]| {
            let a = [b[0], b[1], b[2], b[3]];
            if big_endian {
                u32::from_be_bytes(a)
            } else {
                u32::from_le_bytes(a)
            }
        };
        s0 = s0.wrapping_add(word(&pair[..4])).wrapping_add(s1);
        s1 = s1.wrapping_add(word(&pair[4..])).wrapping_add(s0);
    }
    (s0, s1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_or_zeroed_log_is_no_problem() {
        assert_eq!(wal_problem(&[]), None);
        assert_eq!(wal_problem(&[0u8; 100]), None);
    }

    #[test]
    fn a_garbled_header_is_a_problem() {
        let mut bytes = vec![0u8; 100];
        bytes[3] = 9;
        assert!(wal_problem(&bytes).is_some());
    }
}
