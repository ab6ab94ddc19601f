//! Coding operations on a [`Library`]: passages coded, uncoded and
//! autocoded, memos written, passages retrieved.

use std::sync::atomic::AtomicBool;

use super::Library;
use crate::core::coding::{self, PassageQuery, PassageRow, Plan, Unit};
use crate::core::error::Result;
use crate::core::filter::Filter;
use crate::core::model::{DocId, PassageId};
use crate::core::store::change::MemoTarget;
use crate::core::store::memos::{self, MemoRow};
use crate::core::store::passages::{self, Passage};

impl Library {
    /// Codes characters `start..end` of a document with the tag `tag`
    /// (made when new), by `coder`; returns the passage's id. With a memo,
    /// the memo is written on the passage (a second undo step).
    pub fn code(
        &self,
        tag: &str,
        doc: DocId,
        (start, end): (i64, i64),
        coder: &str,
        memo: Option<&str>,
    ) -> Result<PassageId> {
        let (tag, coder) = (tag.to_string(), coder.to_string());
        let memo = memo.map(str::to_string);
        self.writer().write(move |tx| {
            let id = passages::code(tx, &tag, &[(doc, start, end)], &coder)?[0];
            if let Some(m) = memo {
                memos::set(tx, MemoTarget::Passage(id), &m, &coder)?;
            }
            Ok(id)
        })
    }

    /// Uncodes passages; returns how many went.
    pub fn uncode(&self, ids: Vec<PassageId>) -> Result<usize> {
        self.writer().write(move |tx| passages::uncode(tx, &ids))
    }

    /// The passages coded in a document, in text order.
    pub fn passages_of(&self, doc: DocId) -> Result<Vec<Passage>> {
        passages::of_document(&self.reader()?, doc)
    }

    /// What autocoding `query` as `unit` over `filter` would code.
    pub fn plan_autocode(&self, filter: &Filter, query: &str, unit: Unit) -> Result<Plan> {
        let conn = self.reader()?;
        coding::autocode::plan(
            &conn,
            filter,
            query,
            unit,
            &AtomicBool::new(false),
            &mut |_, _| {},
        )
    }

    /// Codes a plan's ranges with `tag` as one undo step; returns how
    /// many passages were made.
    pub fn autocode(&self, plan: Plan, tag: &str, coder: &str) -> Result<usize> {
        let (tag, coder) = (tag.to_string(), coder.to_string());
        self.writer()
            .write(move |tx| passages::autocode(tx, &tag, &plan.ranges, &coder, &plan.label(&tag)))
    }

    /// Writes (or, empty, deletes) the memo on `target`.
    pub fn set_memo(&self, target: MemoTarget, text: &str, author: &str) -> Result<bool> {
        let (text, author) = (text.to_string(), author.to_string());
        self.writer()
            .write(move |tx| memos::set(tx, target, &text, &author))
    }

    /// Every memo holding the words of `needle`, newest first.
    pub fn memos(&self, needle: &str) -> Result<Vec<MemoRow>> {
        memos::list(&self.reader()?, needle)
    }

    /// The passages `query` asks for over `filter`, by date.
    pub fn retrieve(&self, filter: &Filter, query: &PassageQuery) -> Result<Vec<PassageRow>> {
        coding::retrieve::retrieve(&self.reader()?, filter, query, &AtomicBool::new(false))
    }
}
