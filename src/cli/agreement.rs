//! `corpusdesk agreement`: how far two coders agree, per tag, and where
//! they do not.

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::core::coding::agreement::{AgreementOptions, TagAgreement};
use crate::core::counts::thousands;

/// `corpusdesk agreement`'s arguments.
#[derive(Debug, clap::Args)]
pub struct AgreementArgs {
    /// The two coders, as `A,B` (without it: the coders and their passages).
    #[arg(long)]
    pub coders: Option<String>,
    /// Only this tag (its full name, `parent/child`).
    #[arg(long)]
    pub tag: Option<String>,
    /// The share two passages must overlap to be one segment (0–1).
    #[arg(long, default_value_t = 0.5)]
    pub overlap: f64,
    /// List the disagreements too (document, tag, characters, who coded it).
    #[arg(long)]
    pub disagreements: bool,
    /// Print JSON (measures and disagreements).
    #[arg(long)]
    pub json: bool,
}

fn measure(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.3}"))
}

fn row(t: &TagAgreement) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        t.tag,
        t.segments,
        t.both,
        t.a_only,
        t.b_only,
        t.neither,
        t.percent
            .map_or("–".into(), |p| format!("{:.1}%", p * 100.0)),
        measure(t.kappa),
        measure(t.alpha)
    )
}

pub fn cmd_agreement(library: Option<PathBuf>, a: AgreementArgs) -> Result<()> {
    let lib = super::open(library)?;
    let Some(pair) = a.coders else {
        let coders = lib.coders()?;
        if a.json {
            outln!("{}", serde_json::to_string_pretty(&coders)?)?;
        } else if coders.is_empty() {
            outln!("No coded passages yet.")?;
        } else {
            for (name, n) in coders {
                outln!("{name}\t{}", thousands(n as usize))?;
            }
        }
        return Ok(());
    };
    let Some((x, y)) = pair.split_once(',') else {
        bail!("--coders takes two names separated by a comma, like --coders ana,ben");
    };
    let opts = AgreementOptions {
        a: x.trim().to_string(),
        b: y.trim().to_string(),
        tag: a.tag,
        overlap: a.overlap,
    };
    let r = lib.agreement(&opts)?;
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&r)?)?;
        return Ok(());
    }
    outln!(
        "{} and {}: {} coded by both ({} by one only, left out); segments overlap by ≥ {:.0}%",
        r.a,
        r.b,
        crate::core::counts::documents(r.documents),
        thousands(r.documents_one_coder),
        r.overlap * 100.0
    )?;
    if r.documents == 0 {
        return Ok(());
    }
    outln!(
        "tag\tsegments\tboth\t{} only\t{} only\tneither\tagreement\tkappa\talpha (characters)",
        r.a,
        r.b
    )?;
    for t in &r.tags {
        outln!("{}", row(t))?;
    }
    outln!("{}", row(&r.overall))?;
    if a.disagreements {
        for d in &r.disagreements {
            let who = if d.a.is_empty() { &r.b } else { &r.a };
            let instead = if d.instead.is_empty() {
                String::new()
            } else {
                format!(" (the other coded it {})", d.instead.join(", "))
            };
            outln!(
                "document {} characters {}–{}\t{}\tonly {who}{instead}\t{}",
                d.doc,
                d.start,
                d.end,
                d.tag,
                d.title
            )?;
        }
    }
    Ok(())
}
