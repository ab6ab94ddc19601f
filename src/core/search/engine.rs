//! Running a parsed [`Query`] on the search index.
//!
//! Each term becomes a tantivy query over the title (weighted 5×, as the
//! FTS5 ranking did) and the text. Matching documents are collected with
//! their BM25 score and library id, kept only when their state and the
//! other filters allow: every match is scored, which is what an exact hit
//! count and a list sortable by relevance need, and measured at about
//! 25 ns a match (`cargo bench --bench search`).

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::ColumnValues;
use tantivy::query::{
    BooleanQuery, BoostQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query as TQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId as TDocId, Score, SegmentReader, Term as TTerm};

use super::index::{Fields, SearchIndex, analyzer, index_error};
use super::{Query, Term};
use crate::core::error::Result;
use crate::core::model::{DocId, DocState};

/// The title's weight against the text.
const TITLE_BOOST: Score = 5.0;

/// How many words a prefix (`kremlin*`) may stand for.
const MAX_PREFIX_EXPANSIONS: u32 = 10_000;

/// The tokens of `text` as the index has them.
pub fn tokens(text: &str) -> Vec<String> {
    let mut a = analyzer();
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

fn field_query(field: Field, words: &[String], prefix: bool) -> Box<dyn TQuery> {
    let terms: Vec<TTerm> = words
        .iter()
        .map(|w| TTerm::from_field_text(field, w))
        .collect();
    match (terms.len(), prefix) {
        (0, _) => Box::new(EmptyQuery),
        (_, true) => {
            let mut q = PhrasePrefixQuery::new(terms);
            q.set_max_expansions(MAX_PREFIX_EXPANSIONS);
            Box::new(q)
        }
        (1, false) => Box::new(TermQuery::new(
            terms.into_iter().next().unwrap_or_else(|| unreachable!()),
            IndexRecordOption::WithFreqs,
        )),
        _ => Box::new(PhraseQuery::new(terms)),
    }
}

/// A term of the user's query: found in the title or in the text.
fn term_query(f: &Fields, term: &Term) -> Box<dyn TQuery> {
    let (words, prefix) = match term {
        Term::Word { text, prefix } => (tokens(text), *prefix),
        Term::Phrase(text) => (tokens(text), false),
    };
    Box::new(BooleanQuery::new(vec![
        (
            Occur::Should,
            Box::new(BoostQuery::new(
                field_query(f.title, &words, prefix),
                TITLE_BOOST,
            )),
        ),
        (Occur::Should, field_query(f.text, &words, prefix)),
    ]))
}

/// The whole query: every group (of alternatives) must match, no excluded
/// term may.
pub fn to_tantivy(f: &Fields, query: &Query) -> Box<dyn TQuery> {
    let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for group in &query.all_of {
        let alternatives: Vec<(Occur, Box<dyn TQuery>)> = group
            .iter()
            .map(|t| (Occur::Should, term_query(f, t)))
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
    }
    for t in &query.none_of {
        clauses.push((Occur::MustNot, term_query(f, t)));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// A set of document ids, one bit each.
#[derive(Debug, Clone, Default)]
pub struct IdSet {
    words: Vec<u64>,
}

impl IdSet {
    pub fn from_ids(ids: impl IntoIterator<Item = DocId>) -> IdSet {
        let mut set = IdSet::default();
        for id in ids {
            set.insert(id);
        }
        set
    }

    pub fn insert(&mut self, id: DocId) {
        let Ok(i) = usize::try_from(id) else { return };
        let w = i / 64;
        if w >= self.words.len() {
            self.words.resize(w + 1, 0);
        }
        self.words[w] |= 1 << (i % 64);
    }

    pub fn contains(&self, id: u64) -> bool {
        let i = id as usize;
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// Which documents may be found.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Bit `s` set: documents in state `s` may be found.
    pub states: u8,
    /// Only these, when given (the other filters of the view).
    pub only: Option<IdSet>,
}

impl Scope {
    pub fn of_states(states: &[DocState]) -> Scope {
        Scope {
            states: states.iter().fold(0, |m, s| m | 1 << (*s as u8)),
            only: None,
        }
    }

    /// The library's active documents.
    pub fn active() -> Scope {
        Scope::of_states(&[DocState::Active])
    }
}

/// A match: its score (higher is better) and library id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub score: Score,
    pub id: DocId,
}

/// Every document matching `query` within `scope`, in no order.
pub fn matches(index: &SearchIndex, query: &Query, scope: Scope) -> Result<Vec<Scored>> {
    let q = to_tantivy(&index.fields, query);
    let searcher = index.reader.searcher();
    let collector = Matches {
        scope: Arc::new(scope),
    };
    searcher.search(&*q, &collector).map_err(index_error)
}

/// Best first; equal scores by id.
pub fn rank(hits: &mut [Scored]) {
    hits.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
}

/// The best `k` of `hits`, best first (all of them when `k` is 0).
pub fn top(mut hits: Vec<Scored>, k: usize) -> Vec<Scored> {
    let order = |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id));
    if k > 0 && hits.len() > k {
        hits.select_nth_unstable_by(k - 1, order);
        hits.truncate(k);
    }
    hits.sort_unstable_by(order);
    hits
}

struct Matches {
    scope: Arc<Scope>,
}

struct SegmentMatches {
    scope: Arc<Scope>,
    ids: Arc<dyn ColumnValues<u64>>,
    states: Arc<dyn ColumnValues<u64>>,
    out: Vec<Scored>,
}

impl Collector for Matches {
    type Fruit = Vec<Scored>;
    type Child = SegmentMatches;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<SegmentMatches> {
        let ff = segment.fast_fields();
        Ok(SegmentMatches {
            scope: self.scope.clone(),
            ids: ff.u64("id")?.first_or_default_col(0),
            states: ff.u64("state")?.first_or_default_col(0),
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Scored>>) -> tantivy::Result<Vec<Scored>> {
        let mut all = Vec::with_capacity(fruits.iter().map(Vec::len).sum());
        for f in fruits {
            all.extend(f);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Scored>;

    fn collect(&mut self, doc: TDocId, score: Score) {
        let state = self.states.get_val(doc);
        if state > 7 || self.scope.states & (1 << state) == 0 {
            return;
        }
        let id = self.ids.get_val(doc);
        if let Some(only) = &self.scope.only
            && !only.contains(id)
        {
            return;
        }
        self.out.push(Scored {
            score,
            id: id as DocId,
        });
    }

    fn harvest(self) -> Vec<Scored> {
        self.out
    }
}
