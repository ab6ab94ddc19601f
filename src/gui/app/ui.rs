//! The layout of a frame: the panels around the table, the windows on top,
//! then the commands they sent.

use egui::{Context, ViewportCommand};

use super::{CorpusApp, JobKind, SEARCH_DELAY};
use crate::gui::panels;

impl CorpusApp {
    pub(super) fn update_title(&mut self, ctx: &Context) {
        let title = match self.library_name() {
            Some(name) => format!("{name} — corpusdesk"),
            None => "corpusdesk".to_string(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    /// Draws one frame and applies what it asked for.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.poll(&ctx);
        self.shortcuts(&ctx);

        self.top_bars(ui);
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        self.side_panels(ui);
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.windows(&ctx);
        for cmd in self.commands.take() {
            self.apply(&ctx, cmd);
        }
        self.after_frame(&ctx);
    }

    /// The menu bar, the toolbar and, for a damaged library, its banner.
    fn top_bars(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("menu").show(ui, |ui| {
            let next = self
                .session
                .as_ref()
                .map(|s| s.next.clone())
                .unwrap_or_default();
            let view = panels::menu::MenuView {
                cx: self.action_context(),
                undo: next.undo.as_deref(),
                redo: next.redo.as_deref(),
                recent: &self.settings.recent_libraries,
                include_marked_duplicates: self.view.show_duplicates,
                tag_folders: self.settings.tag_folders,
            };
            panels::menu::ui(ui, &view, &mut self.commands);
            let bar = panels::toolbar::ToolbarView {
                has_library: self.session.is_some(),
                reviewing: self.reviewing(),
                words: self.in_words(),
                passages: self.in_passages(),
                trash_view: self.view.trash(),
                // The review's own count once it is loaded (at its threshold),
                // so the button and the panel always say the same number.
                clusters: if self.review.is_loaded() && !self.review.stale {
                    self.review.total
                } else {
                    self.session.as_ref().map_or(0, |s| s.clusters)
                },
                in_trash: self.session.as_ref().map_or(0, |s| s.trash),
                include_marked_duplicates: self.view.show_duplicates,
                memos: self.view.memos,
                order: self
                    .view
                    .query
                    .is_some()
                    .then(|| (!self.view.ranked()).then_some(self.settings.sort)),
                hits: self.search.hits,
            };
            panels::toolbar::ui(ui, &mut self.search, &bar, &mut self.commands);
        });
        if let Some(damage) = self
            .session
            .as_ref()
            .and_then(|s| s.library.health().damage())
        {
            let salvaging = self.recovery.salvaging.is_some();
            egui::Panel::top("damage").show(ui, |ui| {
                panels::recovery::banner(ui, &damage, salvaging, &mut self.commands)
            });
        }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        let status = panels::status::StatusView {
            counts: self.session.as_ref().map(|s| panels::status::Counts {
                total: s.total,
                shown: (self.view.is_filtered() && !self.view.trash()).then(|| s.view.len()),
                selected: s.view.selected_count(),
                in_trash: s.trash,
            }),
            dedup: (self.review.is_running() && !self.reviewing()).then_some(&self.review.progress),
            jobs: self.jobs.statuses(),
        };
        panels::status::ui(ui, &status, &mut self.commands);
    }

    /// The tags on the left, the reader on the right, the timeline below.
    fn side_panels(&mut self, ui: &mut egui::Ui) {
        let has_documents = self.session.as_ref().is_some_and(|s| s.total > 0);
        // On a narrow window the side panels start narrower, so the table
        // keeps about half of the width.
        let width = ui.available_width();
        // On a narrow window the panels give back their width (a size kept
        // from a wider window is clamped), and the reader steps aside while
        // nothing is selected.
        let narrow = width < 1100.0;
        let selected = self.session.as_ref().map_or(0, |s| s.view.selected_count());
        if self.session.is_some() && self.layout.side_panel {
            egui::Panel::left("tags")
                .resizable(true)
                .default_size(
                    crate::gui::theme::TAGS_DEFAULT_WIDTH
                        .min(width * 0.2)
                        .max(160.0),
                )
                .size_range(160.0..=(width * 0.25).clamp(160.0, 480.0))
                .show(ui, |ui| {
                    if self.session.is_some() {
                        ui.add_space(crate::gui::theme::PANEL_MARGIN);
                        let shown = crate::core::store::saved::SavedFilter::of(&self.view.filter());
                        let current = (!self.view.trash() && self.view.batch.is_none())
                            .then(|| self.saved.list.iter().find(|s| s.filter == shown))
                            .flatten()
                            .map(|s| s.id);
                        let sv = panels::saved::SavedView {
                            can_save: self.view.is_filtered() && !self.view.trash(),
                            current,
                        };
                        panels::saved::ui(ui, &self.saved, &sv, &mut self.commands);
                        ui.separator();
                    }
                    let filtered: Vec<_> = self.view.entities.iter().map(|(id, _)| *id).collect();
                    // The names above the tags: what the tags leave (as
                    // they measured last frame), and at least 45% of the
                    // height when the tags want more.
                    let tags_wanted = egui::Id::unique("tags wanted height");
                    let wanted = ui.data(|d| d.get_temp::<f32>(tags_wanted));
                    let height = ui.available_height();
                    let names = wanted.map_or(height * 0.45, |w| {
                        (height - w - 2.0 * ui.spacing().item_spacing.y - 8.0).max(height * 0.45)
                    });
                    egui::ScrollArea::vertical()
                        .id_salt("entities scroll")
                        .max_height(names)
                        .auto_shrink([false, true])
                        .show(ui, |ui| {
                            panels::entities::ui(ui, &self.entities, &filtered, &mut self.commands);
                        });
                    ui.separator();
                    let v =
                        self.session.as_ref().map(|s| panels::tags::TagsView {
                            tags: &s.tags,
                            counts: &s.subtree_counts,
                            filter: &self.view.tags,
                            selected: s.view.selected_count(),
                            passage: self.reader.doc.as_ref().and_then(|d| {
                                self.reader.coding.selection.map(|(a, b)| (d.id, a, b))
                            }),
                        });
                    let w = panels::tags::ui(ui, v.as_ref(), &mut self.commands);
                    ui.data_mut(|d| d.insert_temp(tags_wanted, w));
                });
        }
        let trash_view = self.view.trash() && !self.reviewing();
        if (has_documents || trash_view)
            && !self.reviewing()
            && self.layout.reader
            && (!narrow || selected > 0)
        {
            egui::Panel::right("reader")
                .resizable(true)
                .default_size(
                    crate::gui::theme::READER_DEFAULT_WIDTH
                        .min(width * 0.3)
                        .max(260.0),
                )
                .size_range(260.0..=(width * 0.4).clamp(260.0, 900.0))
                .show(ui, |ui| {
                    let Some(s) = &self.session else {
                        return;
                    };
                    let v = panels::reader::ReaderView {
                        selected: s.view.selected_count(),
                        query: s.view.search_query(),
                        tags: &s.tags,
                    };
                    panels::reader::ui(ui, &mut self.reader, &v, &mut self.commands);
                });
        }
        if has_documents && !self.reviewing() && !self.view.trash() && self.timeline.visible {
            egui::Panel::bottom("timeline")
                .resizable(true)
                .default_size(crate::gui::theme::TIMELINE_DEFAULT_HEIGHT)
                .size_range(110.0..=480.0)
                .show(ui, |ui| {
                    let Some(s) = &self.session else {
                        return;
                    };
                    let v = panels::timeline::TimelineView {
                        dates: self.view.dates,
                        include_duplicates: self.view.show_duplicates,
                        tags: &s.tags,
                        // The Words view's lines, while it is open.
                        words: self.in_words().then(|| self.words.word_lines()).flatten(),
                    };
                    panels::timeline::ui(ui, &mut self.timeline, &s.conn, &v, &mut self.commands);
                });
        }
    }

    /// The library's list, the trash, the review or the Words view.
    fn central(&mut self, ui: &mut egui::Ui) {
        let trash_view = self.view.trash() && !self.reviewing();
        if self.recovery.restoring.is_some() {
            panels::recovery::restoring(ui);
        } else if self.session.is_none() {
            panels::empty::no_library(ui, self.open_error.as_deref(), &mut self.commands);
            if self.recovery.failed.is_some() {
                ui.vertical_centered(|ui| {
                    ui.horizontal_wrapped(|ui| {
                        let salvaging = self.recovery.salvaging.is_some();
                        panels::recovery::actions(ui, salvaging, &mut self.commands);
                    });
                });
            }
        } else if self.reviewing() {
            if let Some(s) = &self.session {
                panels::review::ui(ui, &mut self.review, &s.conn, &mut self.commands);
            }
        } else if self.in_words() {
            if let Some(s) = &self.session {
                panels::filters::ui(ui, &self.view, &s.tags, &mut self.commands);
                let v = panels::words::WordsView {
                    in_view: if self.view.is_filtered() {
                        s.view.len()
                    } else {
                        s.total
                    },
                    tags: &s.tags,
                    saved: &self.saved.list,
                    timeline: self.timeline.visible,
                };
                panels::words::ui(ui, &mut self.words, &v, &mut self.commands);
            }
        } else if self.in_passages() {
            if let Some(s) = &self.session {
                panels::filters::ui(ui, &self.view, &s.tags, &mut self.commands);
                let v = panels::passages::PassagesView {
                    tags: &s.tags,
                    conn: &s.conn,
                    in_view: if self.view.is_filtered() {
                        s.view.len()
                    } else {
                        s.total
                    },
                };
                panels::passages::ui(ui, &mut self.passages, &v, &mut self.commands);
            }
        } else if self.in_agreement() {
            if let Some(s) = &self.session {
                let v = panels::agreement::AgreementView {
                    tags: &s.tags,
                    conn: &s.conn,
                };
                panels::agreement::ui(ui, &mut self.agreement, &v, &mut self.commands);
            }
        } else if trash_view {
            let (in_trash, selected) = self
                .session
                .as_ref()
                .map_or((0, 0), |s| (s.trash, s.view.selected_count()));
            panels::trash::bar(ui, in_trash, selected, &mut self.commands);
            if in_trash == 0 {
                panels::trash::empty(ui);
            } else {
                self.table(ui);
            }
        } else if self.session.as_ref().is_some_and(|s| s.total == 0) && !self.is_importing() {
            let in_trash = self.session.as_ref().map_or(0, |s| s.trash);
            panels::empty::empty_library(ui, in_trash, &mut self.commands);
        } else {
            if let Some(s) = &self.session {
                panels::filters::ui(ui, &self.view, &s.tags, &mut self.commands);
            }
            self.table(ui);
        }
    }

    /// The windows and questions on top.
    fn windows(&mut self, ctx: &Context) {
        panels::tags::dialogs(ctx, &mut self.tags, &mut self.commands);
        panels::memo::ui(ctx, &mut self.memo_dialog, &mut self.commands);
        if self.session.is_some() {
            panels::passages::autocode_window(ctx, &mut self.passages, &mut self.commands);
        }
        panels::saved::dialogs(ctx, &mut self.saved.dialog, &mut self.commands);
        panels::entities::dialogs(ctx, &mut self.entities.dialog, &mut self.commands);
        if self.session.is_some() {
            panels::batch::ui(ctx, &mut self.batch, &mut self.commands);
        }
        let ocr_running = self.jobs.is_running(panels::status::JobKind::Ocr);
        panels::import_report::ui(
            ctx,
            &mut self.report,
            &self.ocr,
            ocr_running,
            &mut self.commands,
        );
        if self.session.is_some() {
            panels::ocr::window(ctx, &mut self.ocr, ocr_running, &mut self.commands);
        }
        if let Some(s) = &self.session {
            // The one view state says whether a filter is on; the list holds
            // its rows (the trash is no filter of the library).
            let wanted = self.view.filter();
            let v = panels::export::ExportView {
                filtered: (self.view.is_filtered() && !self.view.trash())
                    .then(|| (s.view.filter() == Some(&wanted)).then(|| s.view.len())),
                selected: s.view.selected_count(),
                tags: &s.tags,
                saved: &self.saved.list,
            };
            panels::export::ui(ctx, &mut self.export, &v, &mut self.commands);
        }
        let library = self
            .session
            .as_ref()
            .map(|s| s.library.path().to_path_buf());
        panels::windows::ui(
            ctx,
            &mut self.windows,
            &mut self.settings,
            library.as_deref(),
            self.session.as_ref().and(self.ocr.probe.as_ref()),
            &mut self.commands,
        );
        if let Some(session) = &self.session {
            self.history.ui(ctx, &session.conn, &mut self.commands);
        }
        panels::recovery::window(ctx, &mut self.recovery, &mut self.commands);
        panels::confirm::ui(&mut self.confirm, ctx, &mut self.commands);
        panels::import_report::notices(
            ctx,
            &mut self.notices,
            &mut self.infos,
            &mut self.toast,
            &mut self.commands,
        );
        let name = self.library_name();
        panels::overlay::ui(
            ctx,
            name.as_deref(),
            self.settings.tag_folders,
            &mut self.commands,
        );
    }

    /// The log of notices, the title, and the waits that need a timer.
    fn after_frame(&mut self, ctx: &Context) {
        // Every error the user is shown also goes to the log.
        if self.notices.len() < self.logged_notices {
            self.logged_notices = self.notices.len();
        }
        for n in &self.notices[self.logged_notices..] {
            tracing::warn!("{n}");
        }
        self.logged_notices = self.notices.len();
        self.update_title(ctx);
        // Background work wakes the window when it has news (see
        // `core::jobs::set_waker`); only the waits below are timed.
        if self.search.edited_at.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(SEARCH_DELAY));
        }
        if self.review.threshold_moved_at.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(super::THRESHOLD_DELAY));
        }
    }

    fn table(&mut self, ui: &mut egui::Ui) {
        let Some(s) = &mut self.session else {
            return;
        };
        let columns = self.settings.columns(s.library.path());
        let v = panels::table::TableView {
            sort: self.settings.sort,
            ranked: self.view.ranked(),
            importing: self.jobs.is_running(JobKind::Import),
            tags: &s.tags,
            meta_columns: &columns.meta,
            hidden_columns: &columns.hidden,
            meta_fields: &s.meta_fields,
            has_ocr: self.ocr.has_documents(),
        };
        panels::table::ui(ui, &mut s.view, &s.conn, &v, &mut self.commands);
    }
}
