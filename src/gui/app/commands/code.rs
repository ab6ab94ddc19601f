//! Coding commands: passages coded, re-coded and removed, memos, autocode
//! (counted first, asked, then one undo step), the Passages view's
//! click-through and exports, and carrying a copy's passages to its keeper.

use std::path::PathBuf;
use std::sync::Arc;

use super::super::CorpusApp;
use super::done_label;
use crate::core::coding::agreement::{self, Disagreement};
use crate::core::coding::{Plan, Unit};
use crate::core::model::{DocId, PassageId, TagId};
use crate::core::store::change::{MemoTarget, PassageShape};
use crate::core::store::{memos, passages};
use crate::gui::dialogs::DialogKind;
use crate::gui::notices::{Confirm, Outcome};
use crate::gui::panels::memo::MemoDialog;
use crate::gui::panels::passages::AutocodeDialog;
use crate::gui::panels::status::JobKind;

#[derive(Debug, Clone, PartialEq)]
pub enum CodeCommand {
    /// Code characters `start..end` of a document with a tag (by name,
    /// made when new).
    Code {
        doc: DocId,
        start: i64,
        end: i64,
        tag: String,
    },
    /// Remove coded passages.
    Uncode(Vec<PassageId>),
    /// Re-code, extend or shrink a passage.
    Reshape {
        id: PassageId,
        tag: TagId,
        start: i64,
        end: i64,
    },
    /// Write a memo (empty: delete it).
    SetMemo {
        target: MemoTarget,
        text: String,
    },
    /// Open the memo editor.
    EditMemo {
        target: MemoTarget,
        about: String,
        text: String,
    },
    /// Open the memo editor on a tag (its definition).
    EditTagMemo(TagId),
    /// Open the autocode dialog (with the search in force).
    OpenAutocode,
    /// Count what autocoding would code (a job), then ask.
    PlanAutocode {
        query: String,
        tag: String,
        unit: Unit,
    },
    /// Code a counted plan (asks first unless confirmed).
    Autocode {
        plan: Arc<Plan>,
        tag: String,
    },
    /// Stop counting.
    CancelAutocode,
    /// Code a copy's passages in its keeper too.
    Carry {
        from: DocId,
        to: DocId,
    },
    /// Open a passage in the reader, selected.
    OpenPassage {
        id: PassageId,
        doc: DocId,
        start: i64,
        end: i64,
    },
    /// Open a document in the reader.
    OpenDocument(DocId),
    /// Ask where to save the passages listed.
    ExportDialog {
        csv: bool,
    },
    ExportTo {
        path: PathBuf,
        csv: bool,
    },
    ExportMemosDialog,
    ExportMemosTo(PathBuf),
    /// Settle a disagreement between coders `a` and `b` one coder's way.
    Settle {
        disagreement: Box<Disagreement>,
        a: String,
        b: String,
        take_a: bool,
    },
}

/// The status line of a passages export.
fn passages_export_status(p: Option<&(usize, usize)>) -> crate::gui::panels::status::JobStatus {
    let (done, total) = p.copied().unwrap_or((0, 0));
    crate::gui::panels::status::JobStatus {
        kind: JobKind::PassagesExport,
        text: format!(
            "Exporting passages {} / {}",
            crate::core::counts::thousands(done),
            crate::core::counts::thousands(total)
        ),
        fraction: crate::core::counts::fraction(done, total),
        about: "The passages listed, with their text, context and memo",
        stop: ("Cancel", "Stop the export; nothing is written"),
        width: 320.0,
    }
}

impl CorpusApp {
    pub(super) fn run_code(&mut self, cmd: CodeCommand, confirmed: bool) {
        let coder = self.settings.coder.trim().to_string();
        match cmd {
            CodeCommand::Code {
                doc,
                start,
                end,
                tag,
            } => self.write("Code", move |tx| {
                passages::code(tx, &tag, &[(doc, start, end)], &coder)?;
                done_label(tx)
            }),
            CodeCommand::Uncode(ids) => self.write("Remove code", move |tx| {
                passages::uncode(tx, &ids)?;
                done_label(tx)
            }),
            CodeCommand::Reshape {
                id,
                tag,
                start,
                end,
            } => self.write("Change passage", move |tx| {
                passages::reshape(tx, id, PassageShape { tag, start, end })?;
                done_label(tx)
            }),
            CodeCommand::SetMemo { target, text } => self.write("Memo", move |tx| {
                if memos::set(tx, target, &text, &coder)? {
                    done_label(tx)
                } else {
                    Ok(Outcome::Quiet)
                }
            }),
            CodeCommand::EditMemo {
                target,
                about,
                text,
            } => {
                self.memo_dialog = Some(MemoDialog {
                    target,
                    about,
                    text,
                })
            }
            CodeCommand::EditTagMemo(tag) => {
                let Some(session) = &self.session else {
                    return;
                };
                let name = session
                    .tags
                    .iter()
                    .find(|t| t.id == tag)
                    .map_or_else(String::new, |t| t.name.clone());
                let text = memos::get(&session.conn, MemoTarget::Tag(tag))
                    .ok()
                    .flatten()
                    .map(|m| m.text)
                    .unwrap_or_default();
                self.memo_dialog = Some(MemoDialog {
                    target: MemoTarget::Tag(tag),
                    about: format!("Code '{name}'"),
                    text,
                });
            }
            CodeCommand::OpenAutocode => {
                let query = self.view.query.clone().unwrap_or_default();
                self.passages.autocode = Some(AutocodeDialog {
                    query,
                    ..Default::default()
                });
            }
            CodeCommand::PlanAutocode { query, tag, unit } => self.plan_autocode(query, tag, unit),
            CodeCommand::CancelAutocode => {
                if let Some((_, job)) = self.passages.planning.take() {
                    job.cancel();
                }
            }
            CodeCommand::Autocode { plan, tag } => {
                if !confirmed {
                    self.confirm = Some(Confirm {
                        title: plan.question(&tag),
                        body: format!(
                            "{} of '{}' in the documents in view. One step: {} takes it back.",
                            crate::core::counts::plural(plan.hits, "hit", "hits"),
                            plan.query,
                            crate::gui::command::Action::Undo.key_text()
                        ),
                        yes: "Code them".into(),
                        then: CodeCommand::Autocode { plan, tag }.into(),
                    });
                    return;
                }
                self.write("Autocode", move |tx| {
                    let label = plan.label(&tag);
                    let n = passages::autocode(tx, &tag, &plan.ranges, &coder, &label)?;
                    if n == 0 {
                        Ok(Outcome::Info(
                            "Every hit was coded with this tag already.".into(),
                        ))
                    } else {
                        done_label(tx)
                    }
                })
            }
            CodeCommand::Carry { from, to } => self.write("Carry passages", move |tx| {
                let (n, missing) = passages::carry(tx, from, to)?;
                if n == 0 && missing > 0 {
                    Ok(Outcome::Info(format!(
                        "The keeper's text does not hold the {} coded passages",
                        crate::core::counts::thousands(missing)
                    )))
                } else {
                    done_label(tx)
                }
            }),
            CodeCommand::OpenPassage {
                id,
                doc,
                start,
                end,
            } => {
                self.open_document(doc);
                self.reader.coding.select = Some((start, end));
                self.reader.coding.active = Some(id);
            }
            CodeCommand::OpenDocument(doc) => self.open_document(doc),
            CodeCommand::ExportDialog { csv } => self.ask(DialogKind::Passages(csv)),
            CodeCommand::ExportTo { path, csv } => self.start_passages_export(path, csv),
            CodeCommand::ExportMemosDialog => self.ask(DialogKind::MemosCsv),
            CodeCommand::ExportMemosTo(path) => self.export_memos(path),
            CodeCommand::Settle {
                disagreement,
                a,
                b,
                take_a,
            } => self.write("Accept coding", move |tx| {
                agreement::settle(tx, &disagreement, &a, &b, take_a)?;
                done_label(tx)
            }),
        }
    }

    /// Shows a document in the reader (the list's focus follows).
    fn open_document(&mut self, doc: DocId) {
        if let Some(session) = &mut self.session {
            session.view.focus_id = Some(doc);
        }
        self.load_reader(Some(doc));
        if !self.layout.reader {
            self.layout.reader = true;
        }
    }

    /// Counts what autocoding would code, in the background.
    fn plan_autocode(&mut self, query: String, tag: String, unit: Unit) {
        let Some(session) = &self.session else {
            return;
        };
        if let Err(e) = crate::core::store::tags::clean_name(&tag) {
            if let Some(d) = &mut self.passages.autocode {
                d.error = Some(e.to_string());
            }
            return;
        }
        let mut filter = self.view.filter();
        filter.query = None;
        let library = Arc::clone(&session.library);
        let job = crate::core::jobs::Job::spawn("autocode count", move |ctx| {
            let conn = library.reader()?;
            crate::core::coding::autocode::plan(
                &conn,
                &filter,
                &query,
                unit,
                ctx.cancel_flag(),
                &mut |done, total| ctx.report((done, total)),
            )
        });
        self.passages.planning = Some((tag, job));
    }

    /// Writes the passages listed to `path` in the background.
    fn start_passages_export(&mut self, path: PathBuf, csv: bool) {
        let Some(session) = &self.session else {
            return;
        };
        let rows = self.passages.rows.clone();
        let library = Arc::clone(&session.library);
        let format = if csv {
            crate::core::coding::Format::Csv
        } else {
            crate::core::coding::Format::Jsonl
        };
        let n = rows.len();
        let job = crate::core::jobs::Job::spawn("passages export", move |ctx| {
            let conn = library.reader()?;
            crate::core::coding::write_file(
                &conn,
                &rows,
                format,
                &path,
                true,
                ctx.cancel_flag(),
                &mut |done, total| ctx.report((done, total)),
            )?;
            Ok(path)
        });
        self.jobs.start(
            JobKind::PassagesExport,
            job,
            Some(passages_export_status),
            move |app: &mut CorpusApp, result: crate::core::error::Result<PathBuf>| match result {
                Ok(path) => app.infos.push(format!(
                    "Exported {} to {}",
                    crate::core::counts::plural(n, "passage", "passages"),
                    path.display()
                )),
                Err(crate::core::Error::Cancelled) => {}
                Err(e) => app.notices.push(format!("Cannot export the passages: {e}")),
            },
        );
    }

    /// Writes every memo to a CSV (small: done at once).
    fn export_memos(&mut self, path: PathBuf) {
        let rows = self.passages.memos.clone();
        let result = (|| -> crate::core::error::Result<()> {
            let mut file = crate::core::fsx::temp_file_for(&path, ".corpusdesk-export-")?;
            {
                let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file.as_file_mut()));
                let err = crate::core::Error::from;
                w.write_record(["on", "id", "document", "about", "author", "updated", "memo"])
                    .map_err(err)?;
                for r in &rows {
                    w.write_record([
                        r.kind.to_string(),
                        r.memo.target_id.to_string(),
                        r.doc.map(|d| d.to_string()).unwrap_or_default(),
                        r.about.clone(),
                        r.memo.author.clone(),
                        crate::core::counts::iso_time(r.memo.updated_at),
                        r.memo.text.clone(),
                    ])
                    .map_err(err)?;
                }
                w.flush()?;
            }
            crate::core::fsx::persist(file, &path, true)
        })();
        match result {
            Ok(()) => self.infos.push(format!(
                "Exported {} to {}",
                crate::core::counts::plural(rows.len(), "memo", "memos"),
                path.display()
            )),
            Err(e) => self.notices.push(format!("Cannot export the memos: {e}")),
        }
    }
}
