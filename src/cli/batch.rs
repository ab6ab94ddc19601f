//! `corpusdesk search --batch FILE [--csv OUT] [--tag-hits [PREFIX]]`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};

use crate::core::view::Filter;
use crate::core::view::batch;

pub fn cmd_batch(library: Option<PathBuf>, args: super::docs::SearchArgs) -> Result<()> {
    let super::docs::SearchArgs {
        batch,
        csv,
        tag_hits,
        force,
        json,
        ..
    } = args;
    let file = batch.context("give the batch file")?;
    let file = file.as_path();
    // Tagging the hits writes: the library is checked first.
    let writing;
    let reading;
    let lib: &crate::core::Library = if tag_hits.is_some() {
        writing = super::health::open_for_writing(library)?;
        &writing
    } else {
        reading = super::open(library)?;
        &reading
    };
    let conn = lib.reader()?;
    let queries = batch::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    if let Some(out) = &csv {
        crate::core::fsx::check_destination(lib.path(), out, false, force, "CSV file")?;
    }
    let cancel = AtomicBool::new(false);
    let results = batch::run(&conn, &queries, &Filter::default(), &cancel, &mut |_, _| {})?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(
            &mut out,
            &results
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "line": r.query.line, "query": r.query.query, "tag": r.query.tag,
                        "hits": r.ids.len(), "error": r.query.error,
                    })
                })
                .collect::<Vec<_>>(),
        )?;
        writeln!(out)?;
    } else {
        for r in &results {
            match &r.query.error {
                Some(e) => writeln!(
                    out,
                    "line {:>4}: not run: {e}  ({})",
                    r.query.line, r.query.query
                )?,
                None => writeln!(out, "{:>9}  {}", r.ids.len(), r.query.query)?,
            }
        }
        let bad = results.iter().filter(|r| r.query.error.is_some()).count();
        writeln!(
            out,
            "{} queries run, {bad} not understood",
            results.len() - bad
        )?;
    }
    if let Some(prefix) = tag_hits {
        let groups = batch::tag_groups(&results, &prefix);
        let label = format!("tag the hits of {} batch queries", groups.len());
        let n = lib
            .writer()
            .write(move |tx| crate::core::store::tags::tag_groups(tx, &label, &groups))?;
        eprintln!("tagged {n} hits (undo: Edit → Undo in the window)");
    }
    if let Some(dest) = csv {
        let rows = batch::write_csv(&conn, &results, &dest, force, &cancel)?;
        eprintln!("wrote {rows} rows to {}", dest.display());
    }
    Ok(())
}
