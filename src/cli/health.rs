//! `check`, `backup --list`, `restore`, `salvage`, and the library opened
//! for a write: checked first, backed up after.

use std::io::Write;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};

use crate::core::Library;
use crate::core::store::{backups, health, salvage};

/// The arguments of `corpusdesk backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The copy to write.
    #[arg(value_name = "PATH", required_unless_present = "list")]
    pub out: Option<PathBuf>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
    /// List the automatic backups (newest first) instead.
    #[arg(long, conflicts_with = "out")]
    pub list: bool,
    /// With --list: print a JSON array.
    #[arg(long, requires = "list")]
    pub json: bool,
}

/// The arguments of `corpusdesk salvage`.
#[derive(Debug, clap::Args)]
pub struct SalvageArgs {
    /// The JSONL file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

/// How long the check before a write may take: a small library is checked
/// whole, a large one as far as this goes (the writer still stops at the
/// first damaged page it meets).
const CHECK_BEFORE_WRITE: Duration = Duration::from_secs(3);

/// A library opened by a command that writes: checked first, so nothing is
/// written into a damaged file, and backed up on close when it changed and
/// the last automatic backup is a day old.
pub struct Writing(Library);

impl Deref for Writing {
    type Target = Library;
    fn deref(&self) -> &Library {
        &self.0
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        let lib = &self.0;
        if lib.writer().commits() == 0
            || lib.health().damage().is_some()
            || !backups::due(lib.path(), crate::core::store::now())
        {
            return;
        }
        match lib.auto_backup() {
            Ok(path) => eprintln!("backed up the library to {}", path.display()),
            Err(e) => eprintln!("corpusdesk: the automatic backup failed: {e}"),
        }
    }
}

/// Opens the library for a command that writes (see [`Writing`]).
pub fn open_for_writing(library: Option<PathBuf>) -> Result<Writing> {
    let lib = super::open(library)?;
    if lib.health().damage().is_none() {
        let report = health::quick_check(
            lib.path(),
            CHECK_BEFORE_WRITE,
            &Arc::new(AtomicBool::new(false)),
            &mut |_, _| {},
        )?;
        if let Some(problem) = report.problems.first() {
            lib.health().mark(problem.clone());
        }
    }
    if let Some(refusal) = lib.health().refusal() {
        return Err(refusal.into());
    }
    Ok(Writing(lib))
}

/// `corpusdesk check`: the full check; non-zero when anything is wrong.
pub fn cmd_check(library: Option<PathBuf>) -> Result<()> {
    let path = super::library_path(library)?;
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    let report = health::full_check(&path)?;
    let state = health::Health::for_library(&path);
    let mut out = std::io::stdout().lock();
    if report.problems.is_empty() {
        index_check(&path, &mut out)?;
        if state.damage().is_some() {
            state.clear();
            writeln!(
                out,
                "{}: no damage found (the earlier damage note was cleared)",
                path.display()
            )?;
        } else {
            writeln!(out, "{}: no damage found", path.display())?;
        }
        return Ok(());
    }
    state.mark(report.problems[0].clone());
    writeln!(out, "{}: damaged", path.display())?;
    for p in &report.problems {
        writeln!(out, "  {p}")?;
    }
    drop(out);
    bail!(
        "{} is damaged: corpusdesk will not write to it. Restore a backup (`corpusdesk backup --list`, `corpusdesk restore BACKUP`) or save what can be read (`corpusdesk salvage --out FILE.jsonl`)",
        path.display()
    )
}

/// The search index beside a whole library: brought in step, then
/// compared document by document. One that disagrees is removed, to be
/// rebuilt from the library by the next search.
fn index_check(path: &Path, out: &mut impl Write) -> Result<()> {
    use crate::core::search::{SearchIndex, index, sync};
    let conn = crate::core::store::open_reader(path)?;
    let differences = SearchIndex::for_library(path).and_then(|ix| {
        sync::sync(&ix, &conn, &mut |_, _| {}, &AtomicBool::new(false))?;
        sync::verify(&ix, &conn)
    });
    match differences {
        Ok(d) if d.is_empty() => {}
        Ok(d) => {
            let _ = std::fs::remove_dir_all(index::dir_for(path));
            writeln!(
                out,
                "the search index disagreed with the library ({}); it was removed and is rebuilt at the next search",
                d[0]
            )?;
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(index::dir_for(path));
            writeln!(
                out,
                "the search index could not be read ({e}); it was removed and is rebuilt at the next search"
            )?;
        }
    }
    Ok(())
}

/// `corpusdesk backup --list`.
pub fn cmd_list_backups(library: Option<PathBuf>, json: bool) -> Result<()> {
    let path = super::library_path(library)?;
    let found = backups::list(&path);
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<serde_json::Value> = found
            .iter()
            .map(|b| {
                serde_json::json!({
                    "path": b.path.to_string_lossy(),
                    "created": b.created_text(),
                    "documents": b.documents,
                    "bytes": b.size,
                })
            })
            .collect();
        serde_json::to_writer(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    if found.is_empty() {
        writeln!(
            out,
            "no backups of {} yet (they go to {})",
            path.display(),
            backups::folder(&path).display()
        )?;
    }
    for b in &found {
        let docs = b
            .documents
            .map(|n| crate::core::counts::plural(n.max(0) as usize, "document", "documents"))
            .unwrap_or_else(|| "unreadable".into());
        writeln!(
            out,
            "{}  {:>18}  {:>9}  {}",
            b.created_text(),
            docs,
            crate::core::counts::human_size(b.size),
            b.path.display()
        )?;
    }
    Ok(())
}

/// `corpusdesk restore BACKUP`.
pub fn cmd_restore(library: Option<PathBuf>, backup: &Path) -> Result<()> {
    let path = super::library_path(library)?;
    let aside = backups::restore(&path, backup)?;
    match aside {
        Some(aside) => outln!(
            "restored {} from {}; the replaced file is kept as {}",
            path.display(),
            backup.display(),
            aside.display()
        )?,
        None => outln!("restored {} from {}", path.display(), backup.display())?,
    }
    Ok(())
}

/// `corpusdesk salvage --out FILE`.
pub fn cmd_salvage(library: Option<PathBuf>, args: SalvageArgs) -> Result<()> {
    let SalvageArgs { out, force } = args;
    let out = out.as_path();
    let path = super::library_path(library)?;
    let report = salvage::salvage_jsonl(&path, out, force, &AtomicBool::new(false), &mut |_, _| {})
        .map_err(|e| match e {
            crate::core::Error::Exists(p) => {
                anyhow::anyhow!("{} already exists: pass --force to replace it", p.display())
            }
            e => e.into(),
        })?;
    outln!("{} Written to {}.", report.summary(), out.display())?;
    Ok(())
}

/// `corpusdesk backup`: write a copy, or list the automatic backups.
pub fn cmd_backup(library: Option<PathBuf>, args: BackupArgs) -> Result<()> {
    let BackupArgs {
        out,
        force,
        list,
        json,
    } = args;
    if list {
        return cmd_list_backups(library, json);
    }
    let out = out.context("give the file to write, or --list")?;
    let lib = super::open(library)?;
    lib.backup(&out, force).map_err(|e| match e {
        crate::core::Error::Exists(p) => {
            anyhow::anyhow!("{} already exists: pass --force to replace it", p.display())
        }
        e => e.into(),
    })?;
    outln!("backed up {} to {}", lib.path().display(), out.display())?;
    Ok(())
}
