//! The per-frame logic: collect what background work finished (imports,
//! writes, filter jobs, duplicate searches, other processes' changes) within
//! a frame's budget, and the one reaction to a changed library.

use std::sync::Arc;

use egui::Context;

use super::{CorpusApp, POLL_EVERY, SEARCH_DELAY, THRESHOLD_DELAY};
use crate::core::error::{Error, Result};
use crate::core::jobs::Job;
use crate::core::model::DocId;
use crate::core::store::{self, tags};
use crate::core::view;
use crate::gui::command::ReviewCommand;
use crate::gui::notices::{Outcome, Toast};

impl CorpusApp {
    /// Collects what background work finished since the last frame.
    pub(super) fn poll(&mut self, ctx: &Context) {
        let now = ctx.input(|i| i.time);
        self.poll_writes();
        for done in self.jobs.poll() {
            done(self);
        }
        self.export.poll();
        self.saved.poll();
        if let Some(session) = &self.session {
            let path = session.library.path().to_path_buf();
            self.entities.update(path, &self.view.filter());
        }
        // Names read again (or first read) while a document is open.
        if self.entities.marks
            && self.reader.coding.names_for != self.entities.generation()
            && let Some(doc) = self.reader.doc.as_ref().map(|d| d.id)
        {
            self.load_reader(Some(doc));
        }
        self.batch.poll(&mut self.infos, &mut self.notices);
        self.poll_recovery();
        self.look_for_auto_backup(now);
        self.poll_words();
        self.poll_passages();
        self.agreement.poll();
        if self.in_agreement()
            && let Some(session) = &self.session
        {
            self.agreement
                .follow(&session.library, self.library_changes);
        }
        // Dialogs.
        if let Some((kind, answer)) = &self.pending_dialog {
            match answer.try_recv() {
                Ok(paths) => {
                    let kind = *kind;
                    self.pending_dialog = None;
                    if let Some(command) = kind.command(paths) {
                        self.commands.push(command);
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.pending_dialog = None,
            }
        }
        let Some(session) = &mut self.session else {
            return;
        };
        session.view.poll();
        // Duplicate detection and the review's data.
        let dedup_finished = self.review.poll(&session.conn);
        if self.view.central == crate::gui::view_state::Central::Review {
            self.review
                .load_if_stale(session.library.path().to_path_buf());
        }
        if let Some(at) = self.review.threshold_moved_at
            && now - at >= THRESHOLD_DELAY
            && !ctx.input(|i| i.pointer.any_down())
        {
            self.review.threshold_moved_at = None;
            self.commands
                .push(ReviewCommand::SetThreshold(self.review.threshold));
        }
        // Another process (or our writer) changed the library: looked at
        // once a second at most while frames are drawn (the library's watch
        // wakes the window when its files change).
        let mut changed_elsewhere = false;
        let since = now - session.last_poll;
        if since >= POLL_EVERY {
            session.last_poll = now;
            changed_elsewhere =
                store::data_version(&session.conn).is_ok_and(|v| v != session.data_version);
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(POLL_EVERY - since));
        }
        if dedup_finished || changed_elsewhere {
            self.on_library_changed();
        }
        // The search box: after a pause in typing, a query that can be
        // understood becomes the view's; a malformed one only shows its
        // message (the table and the timeline keep the last valid result).
        if let Some(at) = self.search.edited_at
            && now - at >= SEARCH_DELAY
        {
            self.search.edited_at = None;
            self.take_search_text();
        }
        if self.filter_dirty && self.search.edited_at.is_none() {
            self.filter_dirty = false;
            self.apply_view();
        }
        let Some(session) = &mut self.session else {
            return;
        };
        if let Some((filter, job)) = &mut self.search.job
            && let Some(result) = job.try_result()
        {
            let filter = filter.clone();
            self.search.job = None;
            match result {
                Ok(ids) => {
                    self.search.waiting = None;
                    self.search.hits = filter.query.is_some().then_some(ids.len());
                    session.view.show_filtered(filter, ids);
                }
                Err(Error::Cancelled) => {}
                Err(e @ Error::IndexBehind(_)) => {
                    // The index job re-applies the view when it is done.
                    self.search.waiting = Some(e.to_string());
                }
                Err(e) => {
                    session.library.observe(&e);
                    self.search.error = Some(match e {
                        Error::Query(msg) => msg,
                        e => e.to_string(),
                    });
                    // Back to what the list shows, so every part agrees.
                    self.view.query = session.view.search_query().map(str::to_string);
                }
            }
        }
        // The timeline follows the view (without its dates: it shows the
        // period around them).
        if !self.view.trash() {
            self.timeline
                .update(session.library.path().to_path_buf(), &self.view.filter());
        }
        // The reader follows the focused document.
        let focus = session.view.focus_id;
        if focus != self.reader.doc.as_ref().map(|d| d.id) {
            self.load_reader(focus);
        }
    }

    /// Takes the search box's text as the view's query when it parses.
    pub(super) fn take_search_text(&mut self) {
        let text = self.search.text.trim();
        let query = (!text.is_empty()).then(|| text.to_string());
        match query.as_deref().map(crate::core::search::Query::parse) {
            Some(Err(Error::Query(msg))) => self.search.error = Some(msg),
            Some(Err(e)) => self.search.error = Some(e.to_string()),
            _ => {
                self.search.error = None;
                if self.view.query != query {
                    self.view.query = query;
                    self.view.rank_order = true;
                    self.filter_dirty = true;
                }
            }
        }
    }

    /// Shows what the view state asks for: every document at once, or the
    /// filter's ids from a background job (the old rows stay meanwhile).
    pub(super) fn apply_view(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        if let Some((_, job)) = self.search.job.take() {
            job.cancel();
        }
        let wanted = self.view.filter();
        // A metadata column has no index to page by: its order comes from a job.
        if wanted.query.is_none() {
            self.search.hits = None;
            self.search.waiting = None;
        }
        if wanted.is_empty() && !self.settings.sort.key.is_meta() {
            if let Err(e) = session.view.show_all(&session.conn, session.library.path()) {
                self.notices.push(format!("Cannot read the library: {e}"));
            }
            return;
        }
        let path = session.library.path().to_path_buf();
        let sort = (!self.view.ranked()).then_some(self.settings.sort);
        let filter = wanted.clone();
        let job = Job::spawn("filter", move |ctx| {
            let conn = store::open_reader(&path)?;
            view::filtered_ids(&conn, &filter, sort, ctx.cancel_flag())
        });
        self.search.job = Some((wanted, job));
    }

    /// The one reaction to a changed library, whoever changed it (a write
    /// in this window, an import, a duplicate search, another process):
    /// counts, tags and undo labels are read again and the whole view state
    /// is applied again, so filters hold.
    pub(crate) fn on_library_changed(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        if let Ok(v) = store::data_version(&session.conn) {
            session.data_version = v;
        }
        if let Err(e) = session.refresh() {
            self.notices.push(format!("Cannot read the library: {e}"));
        }
        // A toast whose step is gone (the trash was emptied, the branch redone).
        if let Some(t) = &self.toast {
            let gone = match t.action {
                crate::gui::notices::ToastAction::Undo => session.next.undo.is_none(),
                crate::gui::notices::ToastAction::Redo => session.next.redo.is_none(),
            };
            if gone {
                self.toast = None;
            }
        }
        // A branch clicked before its parent tag existed: filter by it now.
        if let Some(name) = self.pending_tag_filter.take() {
            match session.tags.iter().find(|t| t.name == name) {
                Some(t) => self.view.toggle_tag(t.id),
                None => self.pending_tag_filter = Some(name),
            }
        }
        let tags: std::collections::HashSet<tags::TagId> =
            session.tags.iter().map(|t| t.id).collect();
        self.view.keep_tags(|t| tags.contains(&t));
        self.filter_dirty = true;
        self.library_changes += 1;
        // Read again from the focus (or left empty if it leaves the view).
        self.reader.doc = None;
        self.review.stale = true;
        self.timeline.stale = true;
        self.history.stale = true;
        self.entities.stale = true;
        self.start_indexing();
        self.start_entities();
        if let Some(session) = &self.session {
            self.saved
                .reload(&session.conn, session.library.path().to_path_buf());
        }
    }

    pub(super) fn load_reader(&mut self, id: Option<DocId>) {
        // The same document read again (after an edit) keeps its place:
        // scroll, selection, the passage clicked, a memo being typed.
        let before = std::mem::take(&mut self.reader);
        let same = id.is_some() && before.coding.doc() == id;
        let (Some(id), Some(session)) = (id, &self.session) else {
            return;
        };
        if same {
            self.reader.coding = before.coding;
            self.reader.memo_input = before.memo_input;
            self.reader.code_input = before.code_input;
            self.reader.tag_input = before.tag_input;
            self.reader.focus = before.focus;
        }
        let conn = &session.conn;
        let loaded = (|| -> Result<_> {
            Ok((
                store::documents::document(conn, id)?,
                store::documents::text(conn, id)?,
                store::documents::sources(conn, id)?,
                store::clusters::cluster_of(conn, id)?,
                store::passages::of_document(conn, id)?,
                store::memos::of_document(conn, id)?,
            ))
        })();
        match loaded {
            Ok((doc, text, sources, cluster, passages, memos)) => {
                self.reader.cluster = cluster;
                self.reader.date_input = doc.date.map(|d| d.to_string()).unwrap_or_default();
                self.reader.title_input = doc.title.clone();
                self.reader.doc = Some(doc);
                self.reader.text = crate::core::reading::for_reading(&text);
                self.reader.sources = sources;
                self.reader.scroll_to_hit = !same;
                let mut passage_memos = std::collections::HashMap::new();
                let mut doc_memo = None;
                for (kind, target, m) in memos {
                    if kind == "passage" {
                        passage_memos.insert(target, m.text);
                    } else {
                        doc_memo = Some(m.text);
                    }
                }
                // A memo being typed stays; else the stored one shows.
                if !same || before.memo.clone().unwrap_or_default() == self.reader.memo_input {
                    self.reader.memo_input = doc_memo.clone().unwrap_or_default();
                }
                self.reader.memo = doc_memo;
                self.reader
                    .coding
                    .load(id, &self.reader.text, passages, passage_memos);
                self.reader.coding.show_names = self.entities.marks;
                self.reader.coding.names_for = self.entities.generation();
                self.reader.coding.names = match (&self.entities.index, self.entities.marks) {
                    (Some(index), true) => {
                        let mentions = store::entities::mentions(conn, id)
                            .unwrap_or_default()
                            .into_iter()
                            .filter_map(|(s, e, entity)| {
                                let r = index.resolve(entity)?;
                                Some((s as i64, e as i64, r.id, r.kind, r.name.clone()))
                            })
                            .collect();
                        crate::gui::panels::coded_text::names::marks(&self.reader.text, mentions)
                    }
                    _ => Vec::new(),
                };
            }
            Err(e) => self.reader.error = Some(e.to_string()),
        }
    }

    /// The Passages view: a finished retrieval, a view that changed under
    /// it, an autocode count that ended (its question comes next); the
    /// timeline counts the passages while the view is open.
    fn poll_passages(&mut self) {
        self.passages.poll();
        if let Some((tag, job)) = &mut self.passages.planning {
            job.progress();
            if let Some(result) = job.try_result() {
                let tag = tag.clone();
                self.passages.planning = None;
                match result {
                    Ok(plan) if plan.ranges.is_empty() => {
                        if let Some(d) = &mut self.passages.autocode {
                            d.error = Some(format!(
                                "No hits of '{}' in the documents in view.",
                                plan.query
                            ));
                        }
                    }
                    Ok(plan) => {
                        self.passages.autocode = None;
                        self.commands
                            .push(crate::gui::command::CodeCommand::Autocode {
                                plan: Arc::new(plan),
                                tag,
                            });
                    }
                    Err(Error::Cancelled) => {}
                    Err(e) => {
                        if let Some(d) = &mut self.passages.autocode {
                            d.error = Some(match e {
                                Error::Query(m) => m,
                                e => e.to_string(),
                            });
                        }
                    }
                }
            }
        }
        let open = self.in_passages();
        if open && let Some(session) = &self.session {
            let filter = self.view.filter();
            self.passages
                .follow(&session.library, &filter, self.library_changes);
        }
        let wanted = open.then_some(self.passages.generation);
        let have = self.timeline.passages.as_ref().map(|(g, _)| *g);
        if wanted != have {
            self.timeline.passages = wanted.map(|g| (g, self.passages.doc_ids()));
        }
    }

    /// The Words view: a finished analysis, a view that changed under it.
    fn poll_words(&mut self) {
        self.words.poll();
        if self.in_words()
            && let Some(session) = &self.session
        {
            let filter = self.view.filter();
            self.words
                .follow(&session.library, &filter, self.library_changes);
        }
    }

    /// The one place a read's error is looked at for damage (the writer
    /// does so for writes): a corrupt page makes the library read-only.
    pub(super) fn observe(&self, e: &Error) {
        if let Some(session) = &self.session {
            session.library.observe(e);
        }
    }

    /// The check on open, a restore, saving what can be read.
    fn poll_recovery(&mut self) {
        let library = self.session.as_ref().map(|s| Arc::clone(&s.library));
        let mark = |problem: &str| {
            if let Some(lib) = &library {
                lib.health().mark(problem);
            }
        };
        use crate::gui::panels::recovery::Finished;
        for finished in self.recovery.poll(&mark) {
            match finished {
                Finished::Damaged(problem) => {
                    tracing::warn!("the library check found damage: {problem}");
                }
                Finished::Restored(path, result) => {
                    match result {
                        Ok(message) => self.infos.push(message),
                        Err(message) => self.notices.push(message),
                    }
                    self.open_library(&path);
                }
                Finished::Salvaged(Ok(message)) => self.infos.push(message),
                Finished::Salvaged(Err(message)) => self.notices.push(message),
            }
        }
    }

    /// Collects finished writes, says what they did, and re-applies the
    /// view once any finished.
    pub(super) fn poll_writes(&mut self) {
        let mut finished = false;
        let mut outcomes = Vec::new();
        self.pending_writes
            .retain(|(what, pending)| match pending.try_take() {
                Some(result) => {
                    finished = true;
                    outcomes.push(result.map_err(|e| format!("{what} failed: {e}")));
                    false
                }
                None => true,
            });
        for outcome in outcomes {
            match outcome {
                Err(e) => self.notices.push(e),
                Ok(Outcome::Quiet) => {}
                Ok(Outcome::Info(text)) => self.infos.push(text),
                Ok(done) => self.toast = Toast::after(done),
            }
        }
        if finished {
            self.on_library_changed();
        }
    }
}
