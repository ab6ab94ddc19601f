//! `kwic`, `freq`, `keywords`, `collocates`: the Words view on the command
//! line, over the same scopes as export.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result, bail};

use crate::core::model::DocId;
use crate::core::view::{Filter, TagFilter};
use crate::core::words::{self, collocates, freq, keywords, kwic};

/// The arguments of `corpusdesk kwic`.
#[derive(Debug, clap::Args)]
pub struct KwicArgs {
    /// A word, a "phrase" or a prefix*.
    #[arg(allow_hyphen_values = true, value_name = "PATTERN")]
    pub pattern: String,
    /// Words of context each side.
    #[arg(long, default_value_t = crate::core::words::kwic::DEFAULT_CONTEXT)]
    pub context: usize,
    /// Order: doc, date, left1, left2, left3, right1, right2, right3.
    #[arg(long, default_value = "doc")]
    pub sort: String,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// The arguments of `corpusdesk freq`.
#[derive(Debug, clap::Args)]
pub struct FreqArgs {
    /// n-grams of this many words (1–4).
    #[arg(long, default_value_t = 1)]
    pub ngram: usize,
    /// Leave out stop words (for the scope's main languages).
    #[arg(long)]
    pub stopwords: bool,
    /// Count words by their Snowball stem (each document's language).
    #[arg(long)]
    pub stem: bool,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// The arguments of `corpusdesk keywords`.
#[derive(Debug, clap::Args)]
pub struct KeywordsArgs {
    /// Compare with the documents of this tag instead.
    #[arg(long, value_name = "TAG")]
    pub against: Option<String>,
    /// Compare with the documents of this saved search instead.
    #[arg(long, value_name = "NAME", conflicts_with = "against")]
    pub against_saved: Option<String>,
    /// At least this many times in the scope.
    #[arg(long, default_value_t = 3)]
    pub min: u64,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// The arguments of `corpusdesk collocates`.
#[derive(Debug, clap::Args)]
pub struct CollocatesArgs {
    /// The node: a word or a prefix*.
    pub word: String,
    /// Words each side (1–10).
    #[arg(long, default_value_t = 5)]
    pub window: usize,
    /// Seen together at least this many times.
    #[arg(long, default_value_t = 3)]
    pub min: u64,
    /// Keep function words (the, he, was), which are left out by default.
    #[arg(long)]
    pub keep_stopwords: bool,
    #[command(flatten)]
    pub scope: ScopeArgs,
}

/// Which documents: the same flags as export (and a search).
#[derive(Debug, Clone, clap::Args)]
pub struct ScopeArgs {
    /// Only documents matching this search.
    #[arg(long, allow_hyphen_values = true)]
    pub query: Option<String>,
    /// Only documents with this tag (or one nested under it); repeat for any of several.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Only documents dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only documents dated on or before this day.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only documents whose metadata field has this value (repeat: every one must hold).
    #[arg(long = "where", value_name = "FIELD=VALUE", value_parser = crate::core::view::MetaFilter::parse)]
    pub wheres: Vec<crate::core::view::MetaFilter>,
    /// Only documents naming this entity (repeat: every one).
    #[arg(long = "entity", value_name = "NAME")]
    pub entities: Vec<String>,
    /// The documents a saved search finds.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["query", "tags", "from", "to", "wheres", "entities"])]
    pub saved: Option<String>,
    /// Also the documents marked as duplicates (left out by default).
    #[arg(long)]
    pub include_duplicates: bool,
    /// Print JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV.
    #[arg(long)]
    pub csv: bool,
    /// Rows printed at most (0: all; over-time prints every period).
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

impl ScopeArgs {
    fn filter(&self, lib: &crate::core::Library) -> Result<Filter> {
        let conn = &lib.reader()?;
        if let Some(name) = &self.saved {
            let f = super::saved::saved_filter(conn, name)?;
            return Ok(Filter {
                show_duplicates: f.show_duplicates || self.include_duplicates,
                ..f
            });
        }
        let include = super::export::tag_ids(conn, &self.tags)?;
        let dates = super::export::date_filter(self.from.as_deref(), self.to.as_deref())?;
        Ok(Filter {
            query: self.query.clone(),
            tags: TagFilter {
                include,
                ..Default::default()
            },
            dates,
            show_duplicates: self.include_duplicates,
            meta: self.wheres.clone(),
            entities: super::export::entity_ids(lib, &self.entities)?,
            ..Default::default()
        })
    }

    pub(super) fn ids(&self, lib: &crate::core::Library) -> Result<Vec<DocId>> {
        let filter = self.filter(lib)?;
        Ok(words::scope(
            &lib.reader()?,
            &filter,
            &AtomicBool::new(false),
        )?)
    }

    pub(super) fn take<T>(&self, rows: Vec<T>) -> Vec<T> {
        if self.limit == 0 {
            rows
        } else {
            rows.into_iter().take(self.limit).collect()
        }
    }
}

/// Said when rare terms were dropped while counting (see
/// `FreqList::max_undercount`).
fn undercount_line(out: &mut impl Write, max: u64) -> std::io::Result<()> {
    if max > 0 {
        writeln!(
            out,
            "rare terms were dropped to stay within memory: counts may be low by up to {max}"
        )?;
    }
    Ok(())
}

pub(super) fn csv_out() -> csv::Writer<std::io::StdoutLock<'static>> {
    csv::Writer::from_writer(std::io::stdout().lock())
}

/// `corpusdesk kwic QUERY`.
pub fn cmd_kwic(library: Option<PathBuf>, args: KwicArgs) -> Result<()> {
    let KwicArgs {
        pattern,
        context,
        sort,
        scope,
    } = args;
    let (query, sort, scope) = (pattern.as_str(), sort.as_str(), &scope);
    let order = kwic::Order::parse(sort).with_context(|| {
        format!("unknown order {sort:?}: doc, date, left1–left3, right1–right3")
    })?;
    let pattern = kwic::Pattern::parse(query)?;
    let lib = super::open(library)?;
    let conn = lib.reader()?;
    let ids = scope.ids(&lib)?;
    let found = kwic::Shared::default();
    kwic::concordance(
        &conn,
        &ids,
        &pattern,
        context,
        &found,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )?;
    let mut found = std::mem::take(&mut *found.lock().unwrap_or_else(|p| p.into_inner()));
    kwic::sort(&mut found.lines, order);
    let hits = found.hits;
    let lines = scope.take(found.lines);
    if scope.json {
        let v = serde_json::json!({ "hits": hits, "lines": lines });
        outln!("{v}")?;
    } else if scope.csv {
        let mut w = csv_out();
        w.write_record(kwic::CSV_HEADER)?;
        for l in &lines {
            w.write_record(kwic::csv_fields(l))?;
        }
        w.flush()?;
    } else {
        let mut out = std::io::stdout().lock();
        let width = lines
            .iter()
            .map(|l| l.left.chars().count())
            .max()
            .unwrap_or(0)
            .min(60);
        for l in &lines {
            let left: String = {
                let n = l.left.chars().count();
                l.left.chars().skip(n.saturating_sub(width)).collect()
            };
            writeln!(out, "{:>7}  {left:>width$}[{}]{}", l.doc, l.hit, l.right)?;
        }
        writeln!(
            out,
            "{} in {} searched",
            crate::core::counts::plural(hits as usize, "hit", "hits"),
            crate::core::counts::plural(ids.len(), "document", "documents")
        )?;
    }
    Ok(())
}

/// `corpusdesk freq`.
pub fn cmd_freq(library: Option<PathBuf>, args: FreqArgs) -> Result<()> {
    let FreqArgs {
        ngram,
        stopwords,
        stem,
        scope,
    } = args;
    let scope = &scope;
    if !(1..=4).contains(&ngram) {
        bail!("--ngram takes 1 to 4");
    }
    let lib = super::open(library)?;
    let conn = lib.reader()?;
    let ids = scope.ids(&lib)?;
    let list = freq::frequencies(
        &conn,
        &ids,
        &freq::FreqOptions {
            ngram,
            stopwords,
            stem,
        },
        &AtomicBool::new(false),
        &mut |_, _| {},
    )?;
    let rows = scope.take(list.rows.clone());
    if scope.json {
        let v = serde_json::json!({
            "tokens": list.tokens, "documents": list.documents,
            "stopword_languages": list.stopword_languages, "rows": rows,
            "max_undercount": list.max_undercount,
        });
        outln!("{v}")?;
    } else if scope.csv {
        let mut w = csv_out();
        w.write_record(["term", "count", "documents", "per_million"])?;
        for r in &rows {
            w.write_record([
                r.term.as_str(),
                &r.count.to_string(),
                &r.documents.to_string(),
                &format!("{:.2}", r.per_million),
            ])?;
        }
        w.flush()?;
    } else {
        let mut out = std::io::stdout().lock();
        for r in &rows {
            writeln!(
                out,
                "{:>10}  {:>8}  {:>10.2}  {}",
                r.count, r.documents, r.per_million, r.term
            )?;
        }
        writeln!(
            out,
            "{} in {}",
            crate::core::counts::plural(list.tokens as usize, "token", "tokens"),
            crate::core::counts::plural(list.documents as usize, "document", "documents")
        )?;
        undercount_line(&mut out, list.max_undercount)?;
    }
    Ok(())
}

/// `corpusdesk keywords`.
pub fn cmd_keywords(library: Option<PathBuf>, args: KeywordsArgs) -> Result<()> {
    let KeywordsArgs {
        against,
        against_saved,
        min,
        scope,
    } = args;
    let (against, against_saved, scope) = (against.as_deref(), against_saved.as_deref(), &scope);
    let lib = super::open(library)?;
    let conn = lib.reader()?;
    let target = scope.ids(&lib)?;
    let cancel = AtomicBool::new(false);
    let reference = match (against, against_saved) {
        (Some(tag), _) => {
            let t = crate::core::store::tags::by_name(&conn, tag)?
                .with_context(|| format!("no tag named {tag:?}"))?;
            let f = Filter {
                tags: TagFilter {
                    include: vec![t.id],
                    ..Default::default()
                },
                show_duplicates: scope.include_duplicates,
                ..Default::default()
            };
            words::scope(&conn, &f, &cancel)?
        }
        (None, Some(name)) => {
            words::scope(&conn, &super::saved::saved_filter(&conn, name)?, &cancel)?
        }
        (None, None) => {
            let all = Filter {
                show_duplicates: scope.include_duplicates,
                ..Default::default()
            };
            words::scope(&conn, &all, &cancel)?
        }
    };
    let k = keywords::keywords(&conn, &target, &reference, min, &cancel, &mut |_, _| {})?;
    let rows = scope.take(k.rows.clone());
    if scope.json {
        let v = serde_json::json!({
            "target_tokens": k.target_tokens, "reference_tokens": k.reference_tokens,
            "target_documents": k.target_documents, "reference_documents": k.reference_documents,
            "rows": rows, "max_undercount": k.max_undercount,
        });
        outln!("{v}")?;
    } else if scope.csv {
        let mut w = csv_out();
        w.write_record(["term", "target", "reference", "log_likelihood", "log_ratio"])?;
        for r in &rows {
            w.write_record([
                r.term.as_str(),
                &r.target.to_string(),
                &r.reference.to_string(),
                &format!("{:.3}", r.log_likelihood),
                &format!("{:.3}", r.log_ratio),
            ])?;
        }
        w.flush()?;
    } else {
        let mut out = std::io::stdout().lock();
        for r in &rows {
            writeln!(
                out,
                "{:>10.2}  {:>6.2}  {:>8} {:>8}  {}",
                r.log_likelihood, r.log_ratio, r.target, r.reference, r.term
            )?;
        }
        writeln!(
            out,
            "{} documents ({} tokens) against {} ({} tokens)",
            k.target_documents, k.target_tokens, k.reference_documents, k.reference_tokens
        )?;
        undercount_line(&mut out, k.max_undercount)?;
    }
    Ok(())
}

/// `corpusdesk collocates WORD`.
pub fn cmd_collocates(library: Option<PathBuf>, args: CollocatesArgs) -> Result<()> {
    let CollocatesArgs {
        word,
        window,
        min,
        keep_stopwords,
        scope,
    } = args;
    let (word, scope) = (word.as_str(), &scope);
    let lib = super::open(library)?;
    let conn = lib.reader()?;
    let ids = scope.ids(&lib)?;
    let c = collocates::collocates(
        &conn,
        &ids,
        word,
        &collocates::CollocOptions {
            window,
            min_together: min,
            stopwords: !keep_stopwords,
        },
        &AtomicBool::new(false),
        &mut |_, _| {},
    )?;
    let rows = scope.take(c.rows.clone());
    if scope.json {
        let v = serde_json::json!({
            "node": c.node, "node_frequency": c.node_frequency, "tokens": c.tokens,
            "window": c.window, "rows": rows,
        });
        outln!("{v}")?;
    } else if scope.csv {
        let mut w = csv_out();
        w.write_record(["term", "together", "frequency", "log_dice", "mi"])?;
        for r in &rows {
            w.write_record([
                r.term.as_str(),
                &r.together.to_string(),
                &r.frequency.to_string(),
                &format!("{:.3}", r.log_dice),
                &format!("{:.3}", r.mi),
            ])?;
        }
        w.flush()?;
    } else {
        let mut out = std::io::stdout().lock();
        for r in &rows {
            writeln!(
                out,
                "{:>6.2}  {:>6.2}  {:>8} {:>8}  {}",
                r.log_dice, r.mi, r.together, r.frequency, r.term
            )?;
        }
        writeln!(
            out,
            "{} ({} times) within ±{} words, {} tokens",
            c.node, c.node_frequency, c.window, c.tokens
        )?;
    }
    Ok(())
}
