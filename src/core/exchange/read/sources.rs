//! Each source's text into a document, its coding into the plan.

use super::*;

impl ProjectReader<'_> {
    /// The text a source path names: a file in the zip (`internal://`),
    /// or beside the project (`relative://`, `absolute://`, `file://`).
    pub(super) fn read_source_file(&mut self, path: &str) -> std::result::Result<String, String> {
        let limit = self.max_file_size;
        let bytes = if let Some(rest) = strip_scheme(path, "internal://") {
            let Some(entry) = self.entries.get(&base_name(rest).to_lowercase()).cloned() else {
                return Err(format!("its text file {rest} is missing from the project"));
            };
            let mut f = self
                .sources_zip
                .by_name(&entry)
                .map_err(|e| format!("its text file {rest} cannot be read: {e}"))?;
            let mut bytes = Vec::new();
            (&mut f)
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("its text file {rest} cannot be read: {e}"))?;
            bytes
        } else {
            let file = if let Some(rest) = strip_scheme(path, "relative://") {
                let base = self
                    .base_path
                    .as_deref()
                    .map(PathBuf::from)
                    .or_else(|| self.path.parent().map(Path::to_path_buf))
                    .unwrap_or_default();
                base.join(rest.trim_start_matches('/'))
            } else {
                let rest = strip_scheme(path, "absolute://")
                    .or_else(|| strip_scheme(path, "file://"))
                    .unwrap_or(path);
                PathBuf::from(rest)
            };
            let f = File::open(&file)
                .map_err(|e| format!("its text file {} is missing: {e}", file.display()))?;
            let mut bytes = Vec::new();
            f.take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("its text file {} cannot be read: {e}", file.display()))?;
            bytes
        };
        if bytes.len() as u64 > limit {
            return Err(format!(
                "its text is over the import limit of {}",
                crate::core::counts::human_size(limit)
            ));
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => crate::core::import::decode::decode(bytes)
                .map(|d| d.text)
                .map_err(|e| format!("its text cannot be read: {e}")),
        }
    }

    pub(super) fn problem(&mut self, source: &str, reason: String) {
        self.report.errors.push(Rejection {
            path: format!("{}#{source}", self.display),
            reason,
        });
    }

    pub(super) fn end_source(&mut self, mut src: Source) -> Result<()> {
        let label = if src.name.is_empty() {
            src.guid.clone()
        } else {
            src.name.clone()
        };
        let raw = match (src.content.take(), src.path.clone()) {
            (Some(t), _) if !t.is_empty() => t,
            (_, Some(p)) => match self.read_source_file(&p) {
                Ok(t) => t,
                Err(reason) => {
                    self.problem(&label, reason);
                    return Ok(());
                }
            },
            _ => {
                self.problem(
                    &label,
                    "no text: neither PlainTextContent nor plainTextPath".into(),
                );
                return Ok(());
            }
        };
        let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(&raw);
        let (text, map) = normalize(raw);
        if text.trim().is_empty() {
            self.problem(&label, "empty: its text has no words".into());
            return Ok(());
        }
        let mut vars = self.case_vars.remove(&src.guid).unwrap_or_default();
        if let Some(o) = &src.outer
            && let Some(v) = self.case_vars.remove(o)
        {
            vars.extend(v);
        }
        vars.append(&mut src.vars);
        src.vars = vars;
        let hash = *blake3::hash(formats::content_key(&text).as_bytes()).as_bytes();
        let found: Option<(DocId, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, text FROM documents WHERE content_hash = ?1 AND state != 2
                  ORDER BY id LIMIT 1",
            )?
            .query_row([&hash[..]], |r| r.try_into())
            .optional()?;
        let pending = match found {
            Some((id, stored)) => {
                self.report.already_present += 1;
                let map = if stored == text {
                    map
                } else {
                    PositionMap::Refind {
                        project: text,
                        stored,
                    }
                };
                Pending {
                    item: None,
                    doc: Some(id),
                    source: src,
                    map,
                }
            }
            None => {
                let row = self.pending.len() as i64 + self.report.imported as i64 + 1;
                let item = self.item(&src, text, hash, row);
                Pending {
                    item: Some(item),
                    doc: None,
                    source: src,
                    map,
                }
            }
        };
        self.pending.push(pending);
        if self.pending.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// A new document through the usual rules; the text stays whole (the
    /// positions count it all) and stated variables win.
    pub(super) fn item(&self, src: &Source, text: String, hash: [u8; 32], row: i64) -> Item {
        let stem = src
            .name
            .rsplit_once('.')
            .filter(|(_, ext)| ext.len() <= 4 && !ext.contains(' '))
            .map_or(src.name.as_str(), |(s, _)| s);
        let parsed = text::parse_text(&text, stem);
        let mut doc = Parsed {
            row,
            title: parsed.title,
            text,
            date: parsed.date,
            tags: Vec::new(),
            meta: parsed.meta,
        };
        let mut date_source = None;
        for (k, v) in &src.vars {
            let v = v.trim();
            match k.as_str() {
                "title" if !v.is_empty() => doc.title = v.to_string(),
                "date" => {
                    if let Ok(d) = v.get(..10).unwrap_or(v).parse::<PartialDate>() {
                        doc.date = Some((d, DateSource::Label));
                    }
                }
                "date_source" => date_source = DateSource::parse(v),
                _ => doc.set_meta(k, Some(v.to_string())),
            }
        }
        if let (Some((d, _)), Some(s)) = (doc.date, date_source) {
            doc.date = Some((d, s));
        }
        doc.date = doc.date.filter(|(d, _)| date_value::plausible(*d));
        if !doc.meta.contains_key("lang")
            && let Some(lang) = language::detect(&doc.text)
        {
            doc.meta
                .insert("lang".into(), serde_json::Value::String(lang.into()));
        }
        let (size, mtime) = std::fs::metadata(&self.path)
            .map(|m| {
                let mtime = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_secs() as i64);
                (m.len() as i64, mtime)
            })
            .unwrap_or((0, None));
        Item {
            path_bytes: self.path.as_os_str().as_encoded_bytes().to_vec(),
            path_text: self.display.clone(),
            size,
            mtime,
            encoding: "UTF-8".into(),
            hash,
            doc,
        }
    }

    /// Stores the waiting sources' new documents and plans their coding.
    pub(super) fn flush(&mut self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let mut pending = std::mem::take(&mut self.pending);
        let items: Vec<Item> = pending.iter_mut().filter_map(|p| p.item.take()).collect();
        if !items.is_empty() {
            let batch = self.batch;
            let never = std::sync::Arc::new(AtomicBool::new(false));
            let result = self
                .store
                .writer()
                .write(move |tx| ingest::write_batch(tx, batch, &items, &never))?;
            self.report.imported += result.imported;
            self.report.already_present += result.already_present;
            self.report.repeated += result.repeated;
            self.report.other_publications += result.other_publications;
            self.report.in_trash.extend(result.in_trash);
            let mut ids = result.ids.into_iter();
            for p in pending.iter_mut().filter(|p| p.doc.is_none()) {
                p.doc = ids.next();
            }
        }
        for p in pending {
            if let Some(doc) = p.doc {
                self.source_docs.insert(p.source.guid.clone(), doc);
                if let Some(o) = &p.source.outer {
                    self.source_docs.insert(o.clone(), doc);
                }
                self.plan_source(doc, p.source, &p.map);
            }
        }
        Ok(())
    }

    /// A stored source's selections, codings and memos into the plan.
    pub(super) fn plan_source(&mut self, doc: DocId, src: Source, map: &PositionMap) {
        let label = if src.name.is_empty() {
            src.guid.clone()
        } else {
            src.name.clone()
        };
        for code in &src.codes {
            if let Some(tag) = self.codes.get(code) {
                self.plan.doc_tags.push((doc, tag.clone()));
            }
        }
        let author = self.user_name(src.user.as_ref());
        if let Some(m) = src.memo.filter(|m| !m.trim().is_empty()) {
            self.plan.memos.push((
                MemoOn::Document(doc),
                MemoIn {
                    text: m,
                    author,
                    created_at: src.created.unwrap_or_else(crate::core::store::now),
                },
            ));
        }
        for n in src.notes {
            self.note_refs.push((n, NoteTarget::Document(doc)));
        }
        let (mut outside, mut uncoded) = (0usize, 0usize);
        let ranges: Vec<(i64, i64)> = src.selections.iter().map(|s| (s.start, s.end)).collect();
        let positions = map.positions(&ranges);
        for (sel, at) in src.selections.into_iter().zip(positions) {
            let Some((start, end)) = at else {
                outside += 1;
                continue;
            };
            if sel.codes.is_empty() {
                uncoded += 1;
                continue;
            }
            let mut made = Vec::new();
            for (code, user) in &sel.codes {
                let Some(tag) = self.codes.get(code).cloned() else {
                    *self
                        .skipped
                        .entry("codings of codes the project does not define")
                        .or_default() += 1;
                    continue;
                };
                made.push(self.plan.codings.len());
                self.plan.codings.push(CodingIn {
                    doc,
                    tag,
                    start,
                    end,
                    coder: self.user_name(user.as_ref().or(sel.user.as_ref())),
                    created_at: sel.created.unwrap_or_else(crate::core::store::now),
                    memo: sel
                        .memo
                        .clone()
                        .filter(|m| !m.trim().is_empty())
                        .map(|text| MemoIn {
                            text,
                            author: self.user_name(sel.user.as_ref()),
                            created_at: sel.created.unwrap_or_else(crate::core::store::now),
                        }),
                });
            }
            for n in sel.notes {
                self.note_refs.push((n, NoteTarget::Passages(made.clone())));
            }
        }
        if outside > 0 {
            self.problem(
                &label,
                format!(
                    "{} left out: the positions do not fit its text",
                    crate::core::counts::plural(outside, "selection", "selections")
                ),
            );
        }
        if uncoded > 0 {
            *self.skipped.entry("selections with no code").or_default() += uncoded;
        }
    }

    /// After the last element: the last sources, the notes, the coding.
    pub(super) fn finish(&mut self) -> Result<()> {
        self.flush()?;
        self.plan_sets();
        let mut unattached = 0usize;
        let refs = std::mem::take(&mut self.note_refs);
        let mut used = HashSet::new();
        for (guid, target) in refs {
            let Some(memo) = self.notes.get(&guid).cloned() else {
                continue;
            };
            used.insert(guid);
            match target {
                NoteTarget::Document(d) => self.plan.memos.push((MemoOn::Document(d), memo)),
                NoteTarget::Tag(t) => self.plan.memos.push((MemoOn::Tag(t), memo)),
                NoteTarget::Passages(idx) => {
                    for i in idx {
                        let c = &mut self.plan.codings[i];
                        c.memo = Some(match c.memo.take() {
                            Some(mut m) if !m.text.contains(memo.text.trim()) => {
                                m.text = format!("{}\n\n{}", m.text.trim_end(), memo.text);
                                m
                            }
                            Some(m) => m,
                            None => memo.clone(),
                        });
                    }
                }
            }
        }
        unattached += self.notes.keys().filter(|g| !used.contains(*g)).count();
        if unattached > 0 {
            *self
                .skipped
                .entry("notes on the whole project or on sets")
                .or_default() += unattached;
        }
        let plan = std::mem::take(&mut self.plan);
        let coders: HashSet<&str> = plan.codings.iter().map(|c| c.coder.as_str()).collect();
        let coders = coders.len();
        let counts = self
            .store
            .writer()
            .write(move |tx| crate::core::store::exchange::import_coding(tx, &plan))?;
        use crate::core::counts::plural;
        let mut said = format!(
            "{} by {}, {}, {} tagged whole, {}",
            plural(counts.passages, "coded passage", "coded passages"),
            plural(coders, "coder", "coders"),
            plural(counts.memos, "memo", "memos"),
            plural(counts.documents_tagged, "document", "documents"),
            plural(counts.tags_made, "new tag", "new tags"),
        );
        if counts.passages_present > 0 {
            said.push_str(&format!(
                "; {} already there",
                plural(counts.passages_present, "passage was", "passages were")
            ));
        }
        self.report.projects.push(Rejection {
            path: self.display.clone(),
            reason: said,
        });
        if counts.passages_refused > 0 {
            self.report.errors.push(Rejection {
                path: self.display.clone(),
                reason: format!(
                    "{} left out: the positions do not fit the text, or the code cannot be a tag",
                    plural(counts.passages_refused, "coding", "codings")
                ),
            });
        }
        let mut skipped: Vec<(&str, usize)> = self.skipped.iter().map(|(k, v)| (*k, *v)).collect();
        skipped.sort_unstable();
        for (what, n) in skipped {
            self.report.projects.push(Rejection {
                path: self.display.clone(),
                reason: format!("not imported: {what} ({n})"),
            });
        }
        Ok(())
    }

    /// Sets of documents from other programs become tags under `sets/`;
    /// corpusdesk's own (saved searches, imports, duplicate clusters) are
    /// found again here and left out.
    fn plan_sets(&mut self) {
        let sets = std::mem::take(&mut self.sets);
        if self.origin.starts_with("corpusdesk") {
            if !sets.is_empty() {
                *self
                    .skipped
                    .entry("corpusdesk's sets (saved searches, imports, duplicate clusters)")
                    .or_default() += sets.len();
            }
            return;
        }
        for (name, members) in sets {
            let name = crate::core::exchange::code_name(&name);
            let tag = format!(
                "sets/{}",
                if name.is_empty() {
                    "unnamed set"
                } else {
                    &name
                }
            );
            for m in members {
                if let Some(&doc) = self.source_docs.get(&m) {
                    self.plan.doc_tags.push((doc, tag.clone()));
                }
            }
        }
    }
}
