//! `timeline` and `over-time`: documents per period, and words' share of
//! all words per period, on the command line.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::Result;

use crate::core::timeline::DateColumn;
use crate::core::words::over_time;

use super::words::csv_out;

/// The arguments of `corpusdesk timeline`.
#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    /// The length of a period.
    #[arg(long, default_value = "month", value_parser = super::parse_granularity)]
    pub by: crate::core::timeline::Granularity,
    /// Count each duplicate cluster once, at its earliest date.
    #[arg(long)]
    pub stories: bool,
    /// Print {"periods": [{"period": "2023-04", "count": n}], "undated": n}.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `corpusdesk over-time`.
#[derive(Debug, clap::Args)]
pub struct OverTimeArgs {
    /// Words, "phrases" or prefixes* (one line each).
    #[arg(required = true)]
    pub words: Vec<String>,
    /// The length of a period (by default the one the timeline picks).
    #[arg(long, value_parser = super::parse_granularity)]
    pub by: Option<crate::core::timeline::Granularity>,
    /// Count each duplicate cluster once (its earliest document).
    #[arg(long)]
    pub stories: bool,
    #[command(flatten)]
    pub scope: super::words::ScopeArgs,
}

/// `corpusdesk timeline`.
pub fn cmd_timeline(library: Option<PathBuf>, args: TimelineArgs) -> Result<()> {
    let TimelineArgs { by, stories, json } = args;
    use crate::core::timeline::{self, Spec};
    let lib = super::open(library)?;
    let column = DateColumn::load(&lib.reader()?, &AtomicBool::new(false))?;
    let t = timeline::aggregate(
        &column,
        &Spec {
            by,
            ids: None,
            include_duplicates: false,
            stories,
            stacks: &[],
        },
    );
    let mut out = std::io::stdout().lock();
    if json {
        let periods: Vec<serde_json::Value> = t
            .periods
            .iter()
            .map(|p| serde_json::json!({ "period": by.label(p.start), "count": p.total() }))
            .collect();
        serde_json::to_writer(
            &mut out,
            &serde_json::json!({ "periods": periods, "undated": t.undated }),
        )?;
        writeln!(out)?;
    } else {
        let max = t
            .periods
            .iter()
            .map(|p| p.total())
            .max()
            .unwrap_or(1)
            .max(1);
        for p in &t.periods {
            let bar = "#".repeat((p.total() as usize * 50).div_ceil(max as usize));
            writeln!(out, "{:<10} {:>7}  {bar}", by.label(p.start), p.total())?;
        }
        writeln!(out, "{:<10} {:>7}", "undated", t.undated)?;
    }
    Ok(())
}

/// `corpusdesk over-time WORD...`: per period, its tokens and each word's
/// hits and share per million words.
pub fn cmd_over_time(library: Option<PathBuf>, args: OverTimeArgs) -> Result<()> {
    let OverTimeArgs {
        words,
        by,
        stories,
        scope,
    } = args;
    let (words, scope) = (&words[..], &scope);
    let lib = super::open(library)?;
    let conn = lib.reader()?;
    let ids = scope.ids(&lib)?;
    let no = AtomicBool::new(false);
    let counts = over_time::count(&conn, &ids, words, &no, &mut |_, _| {})?;
    let by = match by {
        Some(by) => by,
        None => over_time::granularity(&conn)?,
    };
    let column = if stories {
        Some(DateColumn::load(&conn, &no)?)
    } else {
        None
    };
    let series: Vec<Vec<over_time::Period>> = (0..words.len())
        .map(|w| over_time::series(&counts, w, by, column.as_ref()))
        .collect();
    // Every series has the same periods (those holding counted documents).
    let periods = series.first().map_or(0, |s| s.len());
    if scope.json {
        let rows: Vec<serde_json::Value> = (0..periods)
            .map(|i| {
                let p = &series[0][i];
                let per_word: Vec<serde_json::Value> = words
                    .iter()
                    .zip(&series)
                    .map(|(w, s)| {
                        serde_json::json!({
                            "word": w, "hits": s[i].hits, "per_million": s[i].per_million,
                        })
                    })
                    .collect();
                serde_json::json!({ "period": p.label, "tokens": p.tokens, "words": per_word })
            })
            .collect();
        outln!(
            "{}",
            serde_json::json!({ "by": by.name(), "stories": stories, "periods": rows })
        )?;
    } else if scope.csv {
        let mut w = csv_out();
        w.write_record(["period", "tokens", "word", "hits", "per_million"])?;
        for i in 0..periods {
            for (word, s) in words.iter().zip(&series) {
                w.write_record([
                    s[i].label.as_str(),
                    &s[i].tokens.to_string(),
                    word,
                    &s[i].hits.to_string(),
                    &format!("{:.3}", s[i].per_million),
                ])?;
            }
        }
        w.flush()?;
    } else {
        let mut out = std::io::stdout().lock();
        write!(out, "{:<10} {:>10}", "period", "tokens")?;
        for word in words {
            write!(out, "  {word:>14}")?;
        }
        writeln!(out, "   (hits, per million words)")?;
        for i in 0..periods {
            write!(
                out,
                "{:<10} {:>10}",
                series[0][i].label, series[0][i].tokens
            )?;
            for s in &series {
                write!(out, "  {:>5} {:>8.1}", s[i].hits, s[i].per_million)?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}
