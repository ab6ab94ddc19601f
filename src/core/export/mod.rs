//! Export: the chosen documents, in the format the next tool reads, never
//! half-written.
//!
//! Files are written under a temporary name in the destination's folder and
//! renamed when complete, so a cancelled or failed export leaves nothing
//! behind; an existing file or non-empty folder is replaced only when the
//! caller says so. Documents marked as duplicates in review are left out
//! unless asked for; "keepers only" keeps one document per cluster. An
//! optional train / validation / test split keeps every duplicate cluster on
//! one side, so near-copies never leak between train and test.

mod clusters;
mod context;
pub mod names;
pub mod parquet;
mod row;
mod writers;

use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use context::{Context, clusters};
use row::Row;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{Error, Result};
use super::fsx;
use super::model::{DocId, DocState};
use super::store::Store;
use writers::RowWriter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// RFC 4180, UTF-8, a header row.
    Csv,
    /// A folder of `.txt` files with the date as an inline header.
    Txt,
    /// The duplicate clusters as a CSV report.
    Clusters,
    /// A REFI-QDA project for NVivo, MAXQDA, ATLAS.ti, QualCoder.
    Qdpx,
    /// The REFI-QDA codebook alone: the tags as codes.
    Qdc,
    /// Names × documents: one CSV row per person, organisation or place
    /// named in a document.
    Entities,
    /// Apache Parquet (Dolma / datatrove columns and ours), zstd: one
    /// `.parquet` file, or a folder of shards.
    Parquet,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Jsonl,
        Format::Csv,
        Format::Txt,
        Format::Clusters,
        Format::Qdpx,
        Format::Qdc,
        Format::Entities,
        Format::Parquet,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Format::Jsonl => "JSON Lines (.jsonl)",
            Format::Csv => "CSV (.csv)",
            Format::Txt => "Folder of text files (.txt)",
            Format::Clusters => "Duplicate clusters report (.csv)",
            Format::Qdpx => "REFI-QDA project (.qdpx)",
            Format::Qdc => "REFI-QDA codebook (.qdc)",
            Format::Entities => "Names × documents (.csv)",
            Format::Parquet => "Parquet (folder of .parquet shards)",
        }
    }

    /// The destination is a folder (else a file).
    pub fn is_folder(self) -> bool {
        matches!(self, Format::Txt | Format::Parquet)
    }

    /// Whether an export to `dest` is a folder: a Parquet export named
    /// `….parquet` is one file.
    pub fn writes_folder(self, dest: &Path) -> bool {
        self.is_folder() && !(self == Format::Parquet && parquet::is_single_file(dest))
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv | Format::Clusters | Format::Entities => "csv",
            Format::Txt | Format::Parquet => "",
            Format::Qdpx => "qdpx",
            Format::Qdc => "qdc",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "jsonl" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "txt" => Ok(Format::Txt),
            "clusters" => Ok(Format::Clusters),
            "qdpx" => Ok(Format::Qdpx),
            "qdc" => Ok(Format::Qdc),
            "entities" => Ok(Format::Entities),
            "parquet" => Ok(Format::Parquet),
            _ => Err(format!(
                "{s:?} is not one of jsonl, csv, txt, parquet, clusters, qdpx, qdc, entities"
            )),
        }
    }
}

/// What happens to documents in duplicate clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Duplicates {
    /// Leave out documents marked as duplicates in review (the default).
    #[default]
    LeaveOutMarked,
    /// One document per cluster: its keeper (proposed or confirmed).
    KeepersOnly,
    /// Put the marked duplicates back in.
    IncludeMarked,
}

/// Train / validation / test fractions and the seed that places clusters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    pub train: f64,
    pub validation: f64,
    pub test: f64,
    pub seed: u64,
}

impl Split {
    /// Parses `0.8,0.1,0.1`.
    pub fn parse(fractions: &str, seed: u64) -> Result<Split> {
        let parts: Vec<f64> = fractions
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| {
                Error::Export(format!(
                    "split {fractions:?}: use three fractions like 0.8,0.1,0.1"
                ))
            })?;
        let [train, validation, test] = parts[..] else {
            return Err(Error::Export(format!(
                "split {fractions:?}: use three fractions like 0.8,0.1,0.1"
            )));
        };
        let s = Split {
            train,
            validation,
            test,
            seed,
        };
        s.check()?;
        Ok(s)
    }

    pub fn check(&self) -> Result<()> {
        let all = [self.train, self.validation, self.test];
        if all.iter().any(|f| !f.is_finite() || *f < 0.0)
            || ((all.iter().sum::<f64>()) - 1.0).abs() > 1e-6
        {
            return Err(Error::Export(
                "the split fractions must be 0 or more and add up to 1".into(),
            ));
        }
        Ok(())
    }

    /// The side of a group (a cluster, or a document on its own).
    fn side(&self, group: u64) -> &'static str {
        let h = crate::core::dedup::normalize::mix(
            group ^ crate::core::dedup::normalize::mix(self.seed),
        );
        let x = (h >> 11) as f64 / (1u64 << 53) as f64;
        if x < self.train {
            "train"
        } else if x < self.train + self.validation {
            "validation"
        } else {
            "test"
        }
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    pub duplicates: Duplicates,
    pub split: Option<Split>,
    /// Replace an existing file or non-empty folder.
    pub overwrite: bool,
    /// Parquet: rows per shard (`None`: all in one file).
    pub shard_rows: Option<usize>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportReport {
    pub documents: usize,
    pub path: PathBuf,
    /// Per split side, when split.
    pub sides: Vec<(String, usize)>,
    /// What else it holds, in words ("12 codes, 340 coded passages").
    pub detail: Option<String>,
}

/// The documents to export, by id: `ids` (else every document not in the
/// trash) under the duplicates policy.
pub fn select(
    conn: &Connection,
    ids: Option<&[DocId]>,
    duplicates: Duplicates,
) -> Result<Vec<DocId>> {
    let (cluster_of, keepers) = clusters(conn)?;
    let mut stmt = conn.prepare_cached("SELECT state FROM documents WHERE id = ?1")?;
    let candidates: Vec<DocId> = match ids {
        Some(ids) => ids.to_vec(),
        None => {
            let mut all = conn.prepare("SELECT id FROM documents WHERE state != ?1 ORDER BY id")?;
            all.query_map([DocState::Trashed as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        }
    };
    let mut out = Vec::with_capacity(candidates.len());
    let mut seen = HashSet::new();
    for id in candidates {
        if !seen.insert(id) {
            continue;
        }
        let Some(state) = stmt
            .query_row([id], |r| r.get::<_, i64>(0))
            .map(DocState::from_i64)
            .ok()
        else {
            continue;
        };
        let keep = match (state, duplicates) {
            (DocState::Trashed, _) => false,
            (DocState::Duplicate, Duplicates::IncludeMarked) => true,
            (DocState::Duplicate, _) => false,
            (DocState::Active, Duplicates::KeepersOnly) => cluster_of
                .get(&id)
                .is_none_or(|c| keepers.get(c) == Some(&id)),
            (DocState::Active, _) => true,
        };
        if keep {
            out.push(id);
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// Streams the selected documents, in id order, to `each`.
fn for_each_row(
    conn: &Connection,
    ids: &[DocId],
    ctx: &Context,
    split: Option<&Split>,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
    each: &mut dyn FnMut(Row) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT title, text, date, date_source, meta, imported_at, state FROM documents WHERE id = ?1",
    )?;
    let total = ids.len();
    for (i, &id) in ids.iter().enumerate() {
        if i % 256 == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            progress(Progress { done: i, total });
        }
        let (title, text, date, date_source, meta, added, state): (
            String,
            String,
            Option<String>,
            Option<String>,
            String,
            i64,
            i64,
        ) = stmt.query_row([id], |r| r.try_into())?;
        let meta = match serde_json::from_str::<Value>(&meta) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        let cluster = ctx.cluster_of.get(&id).copied();
        let group = match cluster {
            Some(c) => (c as u64) | (1 << 63),
            None => id as u64,
        };
        let (passages, memos) = row::coding_of(&ctx.passages, &ctx.memos, id, &text);
        let entities = row::entities_of(conn, &ctx.entities, id, &text)?;
        each(Row {
            entities,
            id,
            title,
            text,
            date,
            date_source,
            tags: ctx.tags.get(&id).cloned().unwrap_or_default(),
            paths: ctx.paths.get(&id).cloned().unwrap_or_default(),
            cluster,
            keeper: cluster.and_then(|c| ctx.keepers.get(&c).copied()),
            marked_duplicate: DocState::from_i64(state) == DocState::Duplicate,
            added,
            meta,
            split: split.map(|s| s.side(group)),
            passages,
            memos,
        })?;
    }
    progress(Progress { done: total, total });
    Ok(())
}

/// Exports `ids` (else the whole library) to `dest`.
pub fn export(
    library: &Store,
    ids: Option<&[DocId]>,
    dest: &Path,
    opts: &ExportOptions,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportReport> {
    if let Some(s) = &opts.split {
        s.check()?;
    }
    let folder = opts.format.writes_folder(dest);
    if opts.format == Format::Parquet && !folder && opts.shard_rows.is_some() {
        return Err(Error::Export(format!(
            "{} is one file: shards need a folder (a name without .parquet)",
            dest.display()
        )));
    }
    fsx::check_destination(library.path(), dest, folder, opts.overwrite, "destination")?;
    let parent = fsx::parent_of(dest);
    if !parent.is_dir() {
        return Err(Error::Export(format!(
            "the folder {} does not exist",
            parent.display()
        )));
    }
    let conn = library.reader()?;
    let selected = select(&conn, ids, opts.duplicates)?;
    let ctx = Context::load(&conn)?;
    let mut sides: HashMap<&'static str, usize> = HashMap::new();
    let mut count = 0usize;
    let mut detail = None;
    let mut rows = |writer: &mut dyn RowWriter, progress: &mut dyn FnMut(Progress)| {
        for_each_row(
            &conn,
            &selected,
            &ctx,
            opts.split.as_ref(),
            cancel,
            progress,
            &mut |row| {
                writer.row(&row)?;
                if let Some(s) = row.split {
                    *sides.entry(s).or_default() += 1;
                }
                count += 1;
                Ok(())
            },
        )?;
        writer.finish()
    };
    let columns = parquet::Columns {
        split: opts.split.is_some(),
        passages: selected.iter().any(|d| ctx.passages.contains_key(d)),
        entities: !ctx.entities.is_empty(),
    };
    let shard_rows = opts.shard_rows.unwrap_or(0);
    if folder {
        let tmp = fsx::temp_dir_for(dest, ".corpusdesk-export-")?;
        let root = tmp.path().to_path_buf();
        if opts.format == Format::Parquet {
            let target = parquet::Target::Folder(root);
            let mut w = parquet::ParquetWriter::new(target, shard_rows, columns);
            rows(&mut w, progress)?;
            detail = Some(crate::core::counts::plural(w.shards(), "file", "files"));
        } else {
            rows(&mut writers::Txt::new(root), progress)?;
        }
        fsx::replace_folder(tmp, dest)?;
    } else {
        let mut file = fsx::temp_file_for(dest, ".corpusdesk-export-")?;
        if let Some(d) = exchange_file(
            library,
            &conn,
            &selected,
            opts.format,
            &mut file,
            cancel,
            progress,
        )? {
            count = d.0;
            detail = Some(d.1);
        } else {
            let out = BufWriter::with_capacity(1 << 20, file.as_file_mut());
            match opts.format {
                Format::Jsonl => rows(&mut writers::Jsonl { out }, progress)?,
                Format::Csv => {
                    let keys = crate::core::store::documents::meta_keys(&conn, &selected)?;
                    let mut w = writers::Csv::new(out, opts.split.is_some(), &keys)?;
                    rows(&mut w, progress)?;
                }
                Format::Clusters => {
                    let mut out = out;
                    count = clusters::write_cluster_report(
                        &conn, &selected, &ctx, &mut out, cancel, progress,
                    )?;
                    out.flush()?;
                }
                Format::Entities => rows(&mut writers::Entities::new(out)?, progress)?,
                Format::Parquet => {
                    drop(out);
                    let target = parquet::Target::File(file.as_file().try_clone()?);
                    rows(
                        &mut parquet::ParquetWriter::new(target, 0, columns),
                        progress,
                    )?;
                }
                Format::Txt | Format::Qdpx | Format::Qdc => {}
            }
        }
        fsx::persist(file, dest, opts.overwrite)?;
    }
    let mut sides: Vec<(String, usize)> =
        sides.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    sides.sort_by_key(|(k, _)| match k.as_str() {
        "train" => 0,
        "validation" => 1,
        _ => 2,
    });
    Ok(ExportReport {
        documents: count,
        path: dest.to_path_buf(),
        sides,
        detail,
    })
}

/// A REFI-QDA project or codebook into `file`: (documents, what else).
fn exchange_file(
    library: &Store,
    conn: &Connection,
    selected: &[DocId],
    format: Format,
    file: &mut tempfile::NamedTempFile,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Option<(usize, String)>> {
    use crate::core::counts::plural;
    use crate::core::exchange::write;
    let salt = library.path().to_string_lossy().into_owned();
    match format {
        Format::Qdpx => {
            let name = library
                .path()
                .file_stem()
                .map_or("corpusdesk".into(), |s| s.to_string_lossy().into_owned());
            let c = write::write_project(
                conn,
                &salt,
                &name,
                selected,
                file.as_file_mut(),
                cancel,
                &mut |done, total| progress(Progress { done, total }),
            )?;
            let detail = format!(
                "{}, {}, {}, {}",
                plural(c.codes, "code", "codes"),
                plural(c.passages, "coded passage", "coded passages"),
                plural(c.memos, "memo", "memos"),
                plural(c.sets, "set", "sets")
            );
            Ok(Some((c.documents, detail)))
        }
        Format::Qdc => {
            let mut out = BufWriter::new(file.as_file_mut());
            let codes = write::write_codebook(conn, &salt, &mut out)?;
            out.flush()?;
            Ok(Some((0, plural(codes, "code", "codes"))))
        }
        Format::Jsonl
        | Format::Csv
        | Format::Txt
        | Format::Clusters
        | Format::Entities
        | Format::Parquet => Ok(None),
    }
}
