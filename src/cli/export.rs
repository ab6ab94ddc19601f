//! `corpusdesk export`: the chosen documents to a file or folder.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};

use super::open;
use std::io::IsTerminal;

fn parse_format(s: &str) -> std::result::Result<crate::core::export::Format, String> {
    s.parse()
}

/// `corpusdesk export`'s arguments.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// jsonl, csv, txt (a folder), parquet (a folder of shards, or one FILE.parquet),
    /// clusters (a CSV report of the duplicate clusters), qdpx (a REFI-QDA project for
    /// NVivo, MAXQDA, ATLAS.ti, QualCoder), qdc (the tags as a REFI-QDA codebook) or
    /// entities (names × documents, CSV).
    #[arg(long, value_parser = parse_format)]
    pub format: crate::core::export::Format,
    /// The file (or, for txt and parquet, the folder) to write.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Only documents matching this search (the search box's syntax).
    #[arg(long, value_name = "SEARCH", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// Only documents with this tag (or a tag nested under it); repeat for any of several.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only documents dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only documents dated on or before this day (a month or year: its end).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only documents whose metadata field has this value, e.g.
    /// --where outlet="The Times" (repeat: every one must hold).
    #[arg(long = "where", value_name = "FIELD=VALUE", value_parser = crate::core::view::MetaFilter::parse)]
    pub wheres: Vec<crate::core::view::MetaFilter>,
    /// Only documents naming this entity (a person, organisation or
    /// place, by its name or a variant's); repeat: every one must be named.
    #[arg(long = "entity", value_name = "NAME")]
    pub entities: Vec<String>,
    /// Only the documents a saved search finds (its query and filters).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["query", "tags", "from", "to", "wheres", "entities"])]
    pub saved: Option<String>,
    /// One document per duplicate cluster: its keeper.
    #[arg(long)]
    pub keepers_only: bool,
    /// Also the documents marked as duplicates in review (left out by default).
    #[arg(long, conflicts_with = "keepers_only")]
    pub include_duplicates: bool,
    /// Train/validation/test fractions, e.g. 0.8,0.1,0.1 (clusters stay on one side).
    #[arg(long, value_name = "TRAIN,VALIDATION,TEST")]
    pub split: Option<String>,
    /// Seed for the split.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Replace an existing file or non-empty folder.
    #[arg(long)]
    pub force: bool,
    /// Parquet into a folder: at most N rows per file (part-00000.parquet, …).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub shard_rows: Option<u64>,
}

/// The first and last day of a date argument (`2023-04` runs to the 30th).
fn day_range(arg: &str) -> Result<(i32, i32)> {
    crate::core::timeline::period_days(arg)
        .with_context(|| format!("invalid date {arg:?}: use YYYY-MM-DD, YYYY-MM or YYYY"))
}

/// The ids of the tags named `--tag` (each must exist).
pub(super) fn tag_ids(
    conn: &rusqlite::Connection,
    names: &[String],
) -> Result<Vec<crate::core::store::tags::TagId>> {
    let mut include = Vec::new();
    for name in names {
        let tag = crate::core::store::tags::by_name(conn, name)?
            .with_context(|| format!("no tag named {name:?}"))?;
        include.push(tag.id);
    }
    Ok(include)
}

/// `--from` and `--to` as a date filter (a month or year covers all of it).
pub(super) fn date_filter(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Option<crate::core::view::DateFilter>> {
    Ok(match (from, to) {
        (None, None) => None,
        (from, to) => Some(crate::core::view::DateFilter::Range {
            from: from
                .map(day_range)
                .transpose()?
                .map_or(i32::MIN / 2, |r| r.0),
            to: to.map(day_range).transpose()?.map_or(i32::MAX / 2, |r| r.1),
        }),
    })
}

/// The entities named on the command line (`--entity NAME`). Documents
/// not yet read for names (an import from the command line, which does
/// not wait for them) are read first, as `corpusdesk entities` does.
pub(super) fn entity_ids(lib: &crate::core::Library, names: &[String]) -> Result<Vec<i64>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    super::entities::read_pending(lib)?;
    let conn = lib.reader()?;
    let mut ids = Vec::new();
    for name in names {
        let found = crate::core::store::entities::find(&conn, name, None)?;
        match found.as_slice() {
            [] => anyhow::bail!("no entity named {name:?} (see `corpusdesk entities`)"),
            [one] => ids.push(one.id),
            many => anyhow::bail!(
                "{name:?} names {} entities ({}); rename one first",
                many.len(),
                many.iter()
                    .map(|e| e.kind.word())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
    Ok(ids)
}

pub(super) fn cmd_export(library: Option<PathBuf>, a: ExportArgs) -> Result<()> {
    use crate::core::export::{self, Duplicates, ExportOptions, Split};
    use crate::core::view::{Filter, TagFilter};
    let lib = open(library)?;
    let conn = lib.reader()?;
    let include = tag_ids(&conn, &a.tags)?;
    let dates = date_filter(a.from.as_deref(), a.to.as_deref())?;
    // Marked duplicates are the export's own choice (below), so every
    // scope lets them through.
    let filter = if let Some(name) = &a.saved {
        Some(Filter {
            show_duplicates: true,
            ..super::saved::saved_filter(&conn, name)?
        })
    } else if a.query.is_none()
        && include.is_empty()
        && dates.is_none()
        && a.wheres.is_empty()
        && a.entities.is_empty()
    {
        None
    } else {
        Some(Filter {
            query: a.query.clone(),
            tags: TagFilter {
                include,
                ..Default::default()
            },
            dates,
            show_duplicates: true,
            meta: a.wheres.clone(),
            entities: entity_ids(&lib, &a.entities)?,
            ..Default::default()
        })
    };
    let ids = match filter {
        Some(f) => {
            crate::core::search::current_index(&conn, None)?;
            Some(crate::core::view::filtered_ids(
                &conn,
                &f,
                None,
                &AtomicBool::new(false),
            )?)
        }
        None => None,
    };
    let a_codebook = a.format == crate::core::export::Format::Qdc;
    let opts = ExportOptions {
        format: a.format,
        duplicates: if a.keepers_only {
            Duplicates::KeepersOnly
        } else if a.include_duplicates {
            Duplicates::IncludeMarked
        } else {
            Duplicates::LeaveOutMarked
        },
        split: a
            .split
            .as_deref()
            .map(|s| Split::parse(s, a.seed))
            .transpose()?,
        overwrite: a.force,
        shard_rows: a.shard_rows.map(|n| n as usize),
    };
    let show_progress = std::io::stderr().is_terminal();
    let mut on_progress = |p: export::Progress| {
        if show_progress {
            eprint!("\rexporting: {}/{}", p.done, p.total);
        }
    };
    let report = export::export(
        &lib,
        ids.as_deref(),
        &a.out,
        &opts,
        &AtomicBool::new(false),
        &mut on_progress,
    )
    .map_err(|e| match e {
        crate::core::Error::Exists(p) => {
            anyhow::anyhow!("{} already exists: pass --force to replace it", p.display())
        }
        e => e.into(),
    })?;
    if show_progress {
        eprintln!();
    }
    let sides: Vec<String> = report
        .sides
        .iter()
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    if a_codebook {
        outln!(
            "exported {} to {}",
            report.detail.as_deref().unwrap_or("the codebook"),
            report.path.display()
        )?;
        return Ok(());
    }
    outln!(
        "exported {} to {}{}",
        crate::core::counts::plural(report.documents, "document", "documents"),
        report.path.display(),
        if sides.is_empty() {
            String::new()
        } else {
            format!(" ({})", sides.join(", "))
        }
    )?;
    if let Some(detail) = &report.detail {
        outln!("with {detail}")?;
    }
    Ok(())
}
