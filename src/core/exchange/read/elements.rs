//! The elements of a project as they open and close.

use super::*;

impl ProjectReader<'_> {
    pub(super) fn parent(&self) -> Option<&str> {
        self.stack.last().map(String::as_str)
    }

    pub(super) fn start(&mut self, name: &str, e: &BytesStart) -> Result<()> {
        if self.skip.is_some() {
            return Ok(());
        }
        match name {
            "Project" => {
                self.base_path = attr_of(e, "basePath");
                self.origin = attr_of(e, "origin").unwrap_or_default();
            }
            "User" => {
                if let Some(g) = attr_of(e, "guid") {
                    let n = attr_of(e, "name").or_else(|| attr_of(e, "id"));
                    self.users.insert(norm_guid(&g), n.unwrap_or_default());
                }
            }
            "Code" if self.stack.iter().any(|s| s == "CodeBook") => {
                let part =
                    crate::core::exchange::code_name(&attr_of(e, "name").unwrap_or_default());
                let part = if part.is_empty() {
                    "unnamed code".into()
                } else {
                    part
                };
                let full = match self.code_stack.last() {
                    Some(p) => format!("{p}/{part}"),
                    None => part,
                };
                if let Some(g) = attr_of(e, "guid") {
                    self.codes.insert(norm_guid(&g), full.clone());
                }
                // A code nothing can be coded with only groups others: a
                // level of tag names, no tag of its own (unless used).
                let codable = attr_of(e, "isCodable").is_none_or(|v| v.trim() != "false");
                if codable {
                    self.plan
                        .tags
                        .push((full.clone(), attr_of(e, "color").map(|c| expand_color(&c))));
                }
                self.code_stack.push(full);
            }
            "Variable" => {
                if let (Some(g), Some(n)) = (attr_of(e, "guid"), attr_of(e, "name")) {
                    self.variables.insert(norm_guid(&g), n);
                }
            }
            "Case" => self.case = Some((Vec::new(), Vec::new())),
            "VariableValue" => self.value = Some((None, String::new())),
            "VariableRef" => {
                if let Some((v, _)) = &mut self.value {
                    *v = attr_of(e, "targetGUID").map(|g| norm_guid(&g));
                }
            }
            "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue"
            | "DateTimeValue" => self.capture = Some((Capture::Value, String::new())),
            "SourceRef" => {
                if let (Some((_, refs)), Some(g)) = (&mut self.case, attr_of(e, "targetGUID")) {
                    refs.push(norm_guid(&g));
                }
            }
            "PDFSource" => {
                self.pdf = Some((
                    norm_guid(&attr_of(e, "guid").unwrap_or_default()),
                    attr_of(e, "name").unwrap_or_default(),
                ));
            }
            "TextSource" | "Representation" if self.parent() != Some("PictureSource") => {
                self.start_source(name, e)
            }
            "PlainTextContent" if self.note.is_some() => {
                self.capture = Some((Capture::NoteContent, String::new()))
            }
            "PlainTextContent" if self.source.is_some() => {
                self.capture = Some((Capture::Content, String::new()))
            }
            "PlainTextSelection" if self.source.is_some() => {
                self.selection = Some(Selection {
                    start: attr_of(e, "startPosition")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(-1),
                    end: attr_of(e, "endPosition")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(-1),
                    user: attr_of(e, "creatingUser").map(|g| norm_guid(&g)),
                    created: seconds(attr_of(e, "creationDateTime")),
                    ..Selection::default()
                });
            }
            "Coding" => self.in_coding = Some(attr_of(e, "creatingUser").map(|g| norm_guid(&g))),
            "CodeRef" => self.code_ref(e),
            "NoteRef" => self.note_ref(e),
            "Description" => {
                let what = match self.parent() {
                    Some("Code") => Capture::CodeMemo,
                    Some("PlainTextSelection") => Capture::SelectionMemo,
                    Some("TextSource" | "Representation") => Capture::SourceMemo,
                    _ => Capture::Ignore,
                };
                self.capture = Some((what, String::new()));
            }
            "Note" if self.parent() == Some("Notes") => {
                self.note = Some(Note {
                    guid: norm_guid(&attr_of(e, "guid").unwrap_or_default()),
                    user: attr_of(e, "creatingUser").map(|g| norm_guid(&g)),
                    created: seconds(attr_of(e, "creationDateTime")),
                    path: attr_of(e, "plainTextPath"),
                    text: String::new(),
                });
            }
            "PictureSource" => *self.skipped.entry("picture sources").or_default() += 1,
            "AudioSource" => *self.skipped.entry("audio sources").or_default() += 1,
            "VideoSource" => *self.skipped.entry("video sources").or_default() += 1,
            "PDFSelection" => {
                *self
                    .skipped
                    .entry("PDF selections (areas of a page)")
                    .or_default() += 1
            }
            "Set" => self.set = Some((attr_of(e, "name").unwrap_or_default(), Vec::new())),
            "MemberSource" => {
                if let (Some((_, members)), Some(g)) = (&mut self.set, attr_of(e, "targetGUID")) {
                    members.push(norm_guid(&g));
                }
            }
            "Link" => *self.skipped.entry("links").or_default() += 1,
            "Graph" => *self.skipped.entry("graphs").or_default() += 1,
            other if !KNOWN.contains(&other) => {
                if self.unknown.insert(other.to_string()) {
                    self.report.projects.push(Rejection {
                        path: self.display.clone(),
                        reason: format!("unknown element <{other}> left out (with what it holds)"),
                    });
                }
                self.skip = Some(self.stack.len());
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn start_source(&mut self, name: &str, e: &BytesStart) {
        let (outer, pdf_name) = match (&self.pdf, name) {
            (Some((g, n)), "Representation") => (Some(g.clone()), Some(n.clone())),
            _ => (None, None),
        };
        self.source = Some(Source {
            guid: norm_guid(&attr_of(e, "guid").unwrap_or_default()),
            outer,
            name: pdf_name
                .filter(|n| !n.is_empty())
                .or_else(|| attr_of(e, "name"))
                .unwrap_or_default(),
            path: attr_of(e, "plainTextPath"),
            user: attr_of(e, "creatingUser").map(|g| norm_guid(&g)),
            created: seconds(attr_of(e, "creationDateTime")),
            ..Source::default()
        });
    }

    pub(super) fn code_ref(&mut self, e: &BytesStart) {
        let Some(user) = self.in_coding.clone() else {
            return;
        };
        let Some(target) = attr_of(e, "targetGUID").map(|g| norm_guid(&g)) else {
            return;
        };
        if let Some(sel) = &mut self.selection {
            sel.codes.push((target, user));
        } else if let Some(src) = &mut self.source {
            src.codes.push(target);
        }
    }

    pub(super) fn note_ref(&mut self, e: &BytesStart) {
        let Some(target) = attr_of(e, "targetGUID").map(|g| norm_guid(&g)) else {
            return;
        };
        match self.parent() {
            Some("PlainTextSelection") => {
                if let Some(s) = &mut self.selection {
                    s.notes.push(target);
                }
            }
            Some("TextSource" | "Representation") => {
                if let Some(s) = &mut self.source {
                    s.notes.push(target);
                }
            }
            Some("PDFSource") => {
                if let Some(s) = self.pending.last_mut().filter(|p| {
                    p.source.outer.is_some()
                        && p.source.outer == self.pdf.as_ref().map(|p| p.0.clone())
                }) {
                    s.source.notes.push(target);
                }
            }
            Some("Code") => {
                if let Some(code) = self.code_stack.last() {
                    self.note_refs.push((target, NoteTarget::Tag(code.clone())));
                }
            }
            _ => {}
        }
    }

    pub(super) fn end(&mut self, name: &str) -> Result<()> {
        if let Some(depth) = self.skip {
            if self.stack.len() == depth {
                self.skip = None;
            }
            return Ok(());
        }
        match name {
            "Code" if self.stack.iter().any(|s| s == "CodeBook") => {
                self.code_stack.pop();
            }
            "Case" => {
                if let Some((vars, refs)) = self.case.take() {
                    for r in refs {
                        self.case_vars
                            .entry(r)
                            .or_default()
                            .extend(vars.iter().cloned());
                    }
                }
            }
            "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue"
            | "DateTimeValue" => {
                if let (Some((_, v)), Some((Capture::Value, s))) =
                    (&mut self.value, self.capture.take())
                {
                    *v = s;
                }
            }
            "VariableValue" => {
                if let Some((Some(var), value)) = self.value.take()
                    && let Some(name) = self.variables.get(&var).cloned()
                {
                    if let Some((vars, _)) = &mut self.case {
                        vars.push((name, value));
                    } else if let Some(src) = &mut self.source {
                        src.vars.push((name, value));
                    } else if let Some(p) = self.pending.last_mut() {
                        // A PDF source's own variables, after its representation.
                        p.source.vars.push((name, value));
                    }
                }
            }
            "PlainTextContent" | "Description" => self.end_text(),
            "Coding" => self.in_coding = None,
            "PlainTextSelection" => {
                if let (Some(sel), Some(src)) = (self.selection.take(), &mut self.source) {
                    src.selections.push(sel);
                }
            }
            "TextSource" | "Representation" => {
                if let Some(src) = self.source.take() {
                    self.end_source(src)?;
                }
            }
            "PDFSource" => self.pdf = None,
            "Set" => {
                if let Some(set) = self.set.take() {
                    self.sets.push(set);
                }
            }
            "Note" => {
                if let Some(note) = self.note.take() {
                    self.end_note(note);
                }
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn end_text(&mut self) {
        let Some((what, s)) = self.capture.take() else {
            return;
        };
        match what {
            Capture::Content => {
                if let Some(src) = &mut self.source {
                    src.content = Some(s);
                }
            }
            Capture::SourceMemo => {
                if let Some(src) = &mut self.source {
                    src.memo = Some(s);
                }
            }
            Capture::SelectionMemo => {
                if let Some(sel) = &mut self.selection {
                    sel.memo = Some(s);
                }
            }
            Capture::CodeMemo => {
                if let Some(code) = self.code_stack.last() {
                    self.plan.memos.push((
                        MemoOn::Tag(code.clone()),
                        MemoIn {
                            text: s,
                            author: self.default_coder.clone(),
                            created_at: crate::core::store::now(),
                        },
                    ));
                }
            }
            Capture::NoteContent => {
                if let Some(n) = &mut self.note {
                    n.text = s;
                }
            }
            Capture::Value | Capture::Ignore => {}
        }
    }

    pub(super) fn user_name(&self, guid: Option<&String>) -> String {
        guid.and_then(|g| self.users.get(g))
            .filter(|n| !n.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| self.default_coder.clone())
    }

    pub(super) fn end_note(&mut self, note: Note) {
        let mut text = note.text;
        if text.trim().is_empty()
            && let Some(p) = &note.path
            && let Ok(t) = self.read_source_file(p)
        {
            text = t;
        }
        let memo = MemoIn {
            text,
            author: self.user_name(note.user.as_ref()),
            created_at: note.created.unwrap_or_else(crate::core::store::now),
        };
        self.notes.insert(note.guid, memo);
    }
}
