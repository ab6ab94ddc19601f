//! `corpusdesk code`, `uncode`, `autocode`, `passages`, `memo` and
//! `memos`: qualitative coding from the command line, over the same core
//! calls as the window.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, bail};

use super::export::{date_filter, tag_ids};
use crate::core::coding::{self, Combine, PassageQuery, Unit};
use crate::core::counts::{documents, plural, thousands};
use crate::core::filter::Filter;
use crate::core::store::change::MemoTarget;

/// Who codes: `--coder`, else `$CORPUSDESK_CODER`, else the login name.
fn coder_of(arg: Option<String>) -> String {
    arg.or_else(|| std::env::var("CORPUSDESK_CODER").ok())
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_default()
}

/// `corpusdesk code`'s arguments.
#[derive(Debug, clap::Args)]
pub struct CodeArgs {
    /// The tag (made when new; nest with `/`).
    pub tag: String,
    /// The document's id.
    #[arg(long)]
    pub doc: i64,
    /// The first character of the passage, counted from 0 (Unicode scalar values).
    #[arg(long)]
    pub start: i64,
    /// One past the passage's last character.
    #[arg(long)]
    pub end: i64,
    /// A memo (comment) on the passage.
    #[arg(long)]
    pub memo: Option<String>,
    /// Who coded it (default: $CORPUSDESK_CODER or the login name).
    #[arg(long)]
    pub coder: Option<String>,
}

pub fn cmd_code(library: Option<PathBuf>, a: CodeArgs) -> Result<()> {
    let lib = super::health::open_for_writing(library)?;
    let coder = coder_of(a.coder);
    let id = lib.code(&a.tag, a.doc, (a.start, a.end), &coder, a.memo.as_deref())?;
    outln!(
        "passage {id}: document {} characters {}–{} coded with '{}'",
        a.doc,
        a.start,
        a.end,
        a.tag
    )?;
    Ok(())
}

/// `corpusdesk uncode`'s arguments.
#[derive(Debug, clap::Args)]
pub struct UncodeArgs {
    /// Passage ids, comma-separated (see `passages`).
    #[arg(long, value_delimiter = ',', required = true)]
    pub passages: Vec<i64>,
}

pub fn cmd_uncode(library: Option<PathBuf>, a: UncodeArgs) -> Result<()> {
    let lib = super::health::open_for_writing(library)?;
    let n = lib.uncode(a.passages)?;
    outln!("{} removed", plural(n, "coded passage", "coded passages"))?;
    Ok(())
}

/// Which documents a coding command reads: the export's scope flags.
#[derive(Debug, clap::Args)]
pub struct ScopeArgs {
    /// Only documents matching this search.
    #[arg(long = "in", value_name = "SEARCH", allow_hyphen_values = true)]
    pub search: Option<String>,
    /// Only documents with this tag on the whole document or a passage
    /// (or a tag nested under it); repeat for any of several.
    #[arg(long = "doc-tag", value_name = "TAG")]
    pub doc_tags: Vec<String>,
    /// Only documents dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only documents dated on or before this day.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only documents whose metadata field has this value (repeatable).
    #[arg(long = "where", value_name = "FIELD=VALUE", value_parser = crate::core::view::MetaFilter::parse)]
    pub wheres: Vec<crate::core::view::MetaFilter>,
    /// Only documents naming this entity (repeat: every one).
    #[arg(long = "entity", value_name = "NAME")]
    pub entities: Vec<String>,
    /// Only the documents a saved search finds.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["doc_tags", "from", "to", "wheres", "search", "entities"])]
    pub saved: Option<String>,
    /// Also the documents marked as duplicates in review.
    #[arg(long)]
    pub include_duplicates: bool,
}

impl ScopeArgs {
    fn filter(&self, lib: &crate::core::Library) -> Result<Filter> {
        let conn = &lib.reader()?;
        if let Some(name) = &self.saved {
            return Ok(Filter {
                show_duplicates: self.include_duplicates,
                ..super::saved::saved_filter(conn, name)?
            });
        }
        Ok(Filter {
            query: self.search.clone(),
            tags: crate::core::filter::TagFilter {
                include: tag_ids(conn, &self.doc_tags)?,
                ..Default::default()
            },
            dates: date_filter(self.from.as_deref(), self.to.as_deref())?,
            show_duplicates: self.include_duplicates,
            meta: self.wheres.clone(),
            entities: super::export::entity_ids(lib, &self.entities)?,
            ..Default::default()
        })
    }
}

/// `corpusdesk autocode`'s arguments.
#[derive(Debug, clap::Args)]
pub struct AutocodeArgs {
    /// The tag (made when new).
    pub tag: String,
    /// A word, a "phrase" or a prefix*.
    #[arg(long, allow_hyphen_values = true)]
    pub query: String,
    /// What to code around each hit.
    #[arg(long, default_value = "hit", value_parser = parse_unit)]
    pub unit: Unit,
    /// Who coded it (default: $CORPUSDESK_CODER or the login name).
    #[arg(long)]
    pub coder: Option<String>,
    /// Only count what would be coded.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

fn parse_unit(s: &str) -> std::result::Result<Unit, String> {
    Unit::parse(s).ok_or_else(|| format!("{s:?}: use hit, sentence or paragraph"))
}

pub fn cmd_autocode(library: Option<PathBuf>, a: AutocodeArgs) -> Result<()> {
    let lib = super::health::open_for_writing(library)?;
    let conn = lib.reader()?;
    let filter = a.scope.filter(&lib)?;
    let show = std::io::stderr().is_terminal();
    let plan = coding::autocode::plan(
        &conn,
        &filter,
        &a.query,
        a.unit,
        &AtomicBool::new(false),
        &mut |done, total| {
            if show {
                eprint!("\rreading: {done}/{total}");
            }
        },
    )?;
    if show {
        eprintln!();
    }
    if a.dry_run {
        outln!("{}", plan.question(&a.tag).trim_end_matches('?'))?;
        return Ok(());
    }
    let found = plan.ranges.len();
    let docs = plan.documents;
    let n = lib.autocode(plan, &a.tag, &coder_of(a.coder))?;
    outln!(
        "coded {} {} in {} with '{}' ({} already coded)",
        thousands(n),
        a.unit.noun(n),
        documents(docs),
        a.tag,
        thousands(found - n)
    )?;
    Ok(())
}

/// `corpusdesk passages`' arguments.
#[derive(Debug, clap::Args)]
pub struct PassagesArgs {
    /// Passages coded with this tag (or one nested under it); all without.
    #[arg(long)]
    pub tag: Option<String>,
    /// …that a passage of this tag overlaps.
    #[arg(long, value_name = "TAG", conflicts_with_all = ["near", "without"])]
    pub and: Option<String>,
    /// …with a passage of this tag within --words words.
    #[arg(long, value_name = "TAG", conflicts_with = "without", requires = "tag")]
    pub near: Option<String>,
    /// Words between the two for --near.
    #[arg(long, default_value_t = 20)]
    pub words: u32,
    /// …that no passage of this tag overlaps.
    #[arg(long, value_name = "TAG")]
    pub without: Option<String>,
    /// Print JSON lines (passage, document, title, date, outlet, tag, coder, coded_at, start, end, text, left, right, memo).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV with those columns.
    #[arg(long)]
    pub csv: bool,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

pub fn cmd_passages(library: Option<PathBuf>, a: PassagesArgs) -> Result<()> {
    let lib = super::open(library)?;
    let conn = lib.reader()?;
    let filter = a.scope.filter(&lib)?;
    let one = |name: &Option<String>| -> Result<Option<i64>> {
        Ok(match name {
            Some(n) => Some(tag_ids(&conn, std::slice::from_ref(n))?[0]),
            None => None,
        })
    };
    let (combine, b) = if a.and.is_some() {
        (Combine::And, one(&a.and)?)
    } else if a.near.is_some() {
        (Combine::Near, one(&a.near)?)
    } else if a.without.is_some() {
        (Combine::Without, one(&a.without)?)
    } else {
        (Combine::Only, None)
    };
    if b.is_some() && a.tag.is_none() {
        bail!("--and, --near and --without narrow a --tag");
    }
    let query = PassageQuery {
        a: one(&a.tag)?,
        combine,
        b,
        near: a.words,
    };
    let rows = coding::retrieve::retrieve(&conn, &filter, &query, &AtomicBool::new(false))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.json || a.csv {
        let format = if a.csv {
            coding::Format::Csv
        } else {
            coding::Format::Jsonl
        };
        coding::write_rows(
            &conn,
            &rows,
            format,
            &mut out,
            &AtomicBool::new(false),
            &mut |_, _| {},
        )?;
        return Ok(());
    }
    for r in &rows {
        let ex = coding::excerpt(&conn, r, 0)?;
        let text: String = ex.text.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}–{}\t{}",
            r.id,
            r.doc,
            r.date.as_deref().unwrap_or("undated"),
            r.tag_path,
            r.start,
            r.end,
            text
        )?;
    }
    out.flush()?;
    eprintln!("{}", plural(rows.len(), "passage", "passages"));
    Ok(())
}

/// `corpusdesk memo`'s arguments.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["doc", "tag", "passage"])))]
pub struct MemoArgs {
    /// A memo on this document.
    #[arg(long)]
    pub doc: Option<i64>,
    /// A memo on this tag (its definition in the codebook).
    #[arg(long)]
    pub tag: Option<String>,
    /// A memo on this coded passage.
    #[arg(long)]
    pub passage: Option<i64>,
    /// The memo's text (empty: delete the memo).
    pub text: String,
    /// Who wrote it (default: $CORPUSDESK_CODER or the login name).
    #[arg(long)]
    pub author: Option<String>,
}

pub fn cmd_memo(library: Option<PathBuf>, a: MemoArgs) -> Result<()> {
    let lib = super::health::open_for_writing(library)?;
    let target = match (a.doc, &a.tag, a.passage) {
        (Some(d), _, _) => {
            crate::core::store::documents::document(&lib.reader()?, d)?;
            MemoTarget::Document(d)
        }
        (_, Some(t), _) => MemoTarget::Tag(tag_ids(&lib.reader()?, std::slice::from_ref(t))?[0]),
        (_, _, Some(p)) => {
            crate::core::store::passages::get(&lib.reader()?, p)?
                .with_context(|| format!("no coded passage with id {p}"))?;
            MemoTarget::Passage(p)
        }
        _ => bail!("say what the memo is on: --doc, --tag or --passage"),
    };
    let changed = lib.set_memo(target, &a.text, &coder_of(a.author))?;
    outln!(
        "{}",
        match (changed, a.text.trim().is_empty()) {
            (false, _) => "memo unchanged",
            (true, true) => "memo deleted",
            (true, false) => "memo written",
        }
    )?;
    Ok(())
}

/// `corpusdesk memos`' arguments.
#[derive(Debug, clap::Args)]
pub struct MemosArgs {
    /// Only memos holding these words.
    #[arg(long, default_value = "")]
    pub matching: String,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

pub fn cmd_memos(library: Option<PathBuf>, a: MemosArgs) -> Result<()> {
    let lib = super::open(library)?;
    let rows = lib.memos(&a.matching)?;
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    for r in &rows {
        outln!(
            "{} {}\t{}\t{}\t{}",
            r.kind,
            r.memo.target_id,
            r.about,
            r.memo.author,
            r.memo.text.replace('\n', " ")
        )?;
    }
    Ok(())
}
