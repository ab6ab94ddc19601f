//! `corpusdesk dedup`: find duplicates, list the clusters, resolve them.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::{ResolveArg, print_doc_line};
use crate::core::store::documents;
use std::io::{IsTerminal, Write};

/// The arguments of `corpusdesk dedup`.
#[derive(Debug, clap::Args)]
pub struct DedupArgs {
    /// Similarity threshold: the share of the shorter text the longer one
    /// must contain (0.4–1.0; default: the library's, first 0.6). Stored.
    #[arg(long, value_name = "X", value_parser = parse_threshold)]
    pub threshold: Option<f64>,
    /// Forget the stored index and compare every document again.
    #[arg(long)]
    pub full: bool,
    /// Print {"clusters": [{"id", "keeper", "similarity", "members": [{"id", "path", "date"}]}],
    /// "related": [{"kind", "a", "b", "shared"}]} (related and same-template pairs).
    #[arg(long)]
    pub json: bool,
    /// Then resolve every unresolved cluster this way (one undo step).
    #[arg(long, value_enum, value_name = "HOW")]
    pub resolve_all: Option<ResolveArg>,
}

pub(super) fn parse_threshold(s: &str) -> std::result::Result<f64, String> {
    let t: f64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number; use e.g. 0.6"))?;
    let range = crate::core::dedup::MIN_THRESHOLD..=1.0;
    if !range.contains(&t) {
        return Err(format!(
            "the threshold must be between {} and {}",
            range.start(),
            range.end()
        ));
    }
    Ok(t)
}

pub fn cmd_dedup(library: Option<PathBuf>, args: DedupArgs) -> Result<()> {
    let DedupArgs {
        threshold,
        full,
        json,
        resolve_all,
    } = args;
    use crate::core::dedup::{RunOptions, RunProgress};
    let lib = super::health::open_for_writing(library)?;
    let show_progress = std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let opts = RunOptions {
        full,
        threshold,
        ..Default::default()
    };
    let mut on_progress = |p: &RunProgress| {
        if show_progress {
            eprint!("\r\x1b[K{}", p.text());
        }
    };
    let report = crate::core::dedup::run(&lib, &opts, &AtomicBool::new(false), &mut on_progress)?;
    if show_progress {
        eprintln!();
    }
    if let Some(how) = resolve_all {
        use crate::core::store::decisions::Resolution;
        let how = match how {
            ResolveArg::Mark => Resolution::MarkDuplicates,
            ResolveArg::MergeTags => Resolution::MergeTags,
            ResolveArg::Trash => Resolution::Trash,
            ResolveArg::NotDuplicates => Resolution::NotDuplicates,
        };
        let resolved = lib.writer().write(move |tx| {
            let open = crate::core::store::review::open_clusters(tx)?;
            let n = open.len();
            if n > 0 {
                crate::core::store::decisions::resolve(tx, &open, how)?;
            }
            Ok(n)
        })?;
        eprintln!("resolved {resolved} clusters ({})", how.label());
    }
    let conn = lib.reader()?;
    let clusters = crate::core::store::clusters::stored_clusters(&conn)?;
    let side = crate::core::store::review::side_pairs(&conn)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let member = |id: i64, similarity: f64| -> Result<serde_json::Value> {
        let (date, path) = crate::core::store::review::member_summary(&conn, id)?;
        Ok(serde_json::json!({
            "id": id,
            "path": path,
            "date": date,
            "similarity": similarity,
        }))
    };
    if json {
        let mut list = Vec::with_capacity(clusters.len());
        for c in &clusters {
            let mut members = vec![member(c.keeper, 1.0)?];
            for m in &c.members {
                members.push(member(m.id, m.similarity)?);
            }
            let similarity = c.members.iter().map(|m| m.similarity).fold(1.0, f64::min);
            list.push(serde_json::json!({
                "id": c.id,
                "keeper": c.keeper,
                "similarity": similarity,
                "members": members,
            }));
        }
        let side: Vec<serde_json::Value> = side
            .iter()
            .map(|p| {
                serde_json::json!({
                    "kind": p.kind,
                    "a": p.a,
                    "b": p.b,
                    "shared": p.containment,
                })
            })
            .collect();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "clusters": list, "related": side }),
        )?;
        writeln!(out)?;
    } else {
        for c in &clusters {
            writeln!(out, "cluster {} ({} documents)", c.id, c.members.len() + 1)?;
            let keeper = documents::document(&conn, c.keeper)?;
            write!(out, "  keeper ")?;
            print_doc_line(&mut out, &keeper)?;
            for m in &c.members {
                write!(out, "  {:>5.0}% ", m.similarity * 100.0)?;
                print_doc_line(&mut out, &documents::document(&conn, m.id)?)?;
            }
        }
        if clusters.is_empty() {
            writeln!(out, "no duplicates found")?;
        }
        for p in &side {
            writeln!(
                out,
                "{}: {:.0}% of the shorter text shared, not duplicates",
                p.kind.label(),
                p.containment * 100.0
            )?;
            for id in [p.a, p.b] {
                write!(out, "  ")?;
                print_doc_line(&mut out, &documents::document(&conn, id)?)?;
            }
        }
    }
    out.flush()?;
    let count = |kind| side.iter().filter(|p| p.kind == kind).count();
    eprintln!(
        "{}, {}, {}; indexed {} of {} documents, verified {} candidate pairs in {:.2} s",
        crate::core::counts::plural(report.clusters, "cluster", "clusters"),
        crate::core::counts::plural(
            count(crate::core::dedup::PairKind::Related),
            "related pair",
            "related pairs"
        ),
        crate::core::counts::plural(
            count(crate::core::dedup::PairKind::Template),
            "same-template pair",
            "same-template pairs"
        ),
        report.indexed,
        report.documents,
        report.candidates,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
