//! The duplicate review: clusters on the left (largest and most similar
//! first, or by similarity), the selected cluster's keeper and one member
//! side by side on the right with a word-level diff and the story across
//! outlets, and the actions that resolve clusters. Related and
//! same-template pairs are lists of their own (`pairs.rs`).

mod pairs;
mod panes;
mod state;
mod story;

pub use pairs::{PairLists, PassageView, ReviewList};
pub use state::*;

use crate::gui::view_state::Central;
use egui::text::LayoutJob;
use egui::{ProgressBar, RichText, ScrollArea, Slider, Ui};

use crate::core::counts::thousands;
use crate::core::dedup::MIN_THRESHOLD;
use crate::core::model::{DocId, DocState};
use crate::core::store::decisions::Resolution;
use crate::gui::command::{Commands, ReviewCommand, ViewCommand};
use crate::gui::theme;
use panes::{legend, marked_text, two_panes};
use rusqlite::Connection;

pub(super) const ROW_HEIGHT: f32 = 40.0;

/// The four ways to resolve a cluster, with what each does.
pub const RESOLUTIONS: [(Resolution, &str); 4] = [
    (
        Resolution::MarkDuplicates,
        "Keep the keeper; hide the others from the library and from export (M)",
    ),
    (
        Resolution::MergeTags,
        "Give the keeper every tag the others carry",
    ),
    (
        Resolution::Trash,
        "Keep the keeper; move the others to the trash (Edit → Undo takes it back)",
    ),
    (
        Resolution::NotDuplicates,
        "These are different documents: never propose them together again (N)",
    ),
];

/// The review's keys (J/K, M, N) come from the command table.
/// `review` is this panel's state; `conn` reads texts for the diff.
pub fn ui(ui: &mut Ui, review: &mut ReviewState, conn: &Connection, commands: &mut Commands) {
    toolbar(ui, review, conn, commands);
    ui.separator();
    if review.is_running() && review.clusters.is_empty() {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("Looking for duplicates…").heading().weak());
        });
        return;
    }
    if !review.is_loaded() {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.spinner();
        });
        return;
    }
    if review.indexed() == 0 && !review.is_running() {
        empty(
            ui,
            "No duplicate search yet",
            "Find duplicates compares every document with every other: the same story from another outlet, reworded, cut or extended, is found too.",
            commands,
        );
        return;
    }
    let no_pairs = review.pairs.related.is_empty() && review.pairs.template.is_empty();
    if review.clusters.is_empty() && no_pairs {
        let detail = if review.total > 0 {
            format!(
                "All {} clusters at this threshold are resolved. Untick \"Hide resolved\" to see them again.",
                thousands(review.total)
            )
        } else {
            "No documents are copies of each other at this threshold. Lower the threshold to see looser matches.".to_string()
        };
        empty(ui, "No duplicates to review", &detail, commands);
        return;
    }
    // A narrow window keeps most of its width for the two texts.
    let list_width = (ui.available_width() * 0.33).clamp(200.0, 330.0);
    egui::Panel::left("cluster-list")
        .resizable(true)
        .default_size(list_width)
        .size_range(200.0..=600.0)
        .show(ui, |ui| {
            list_choice(ui, review, conn);
            if review.list == ReviewList::Duplicates {
                cluster_list(ui, review, conn);
            } else {
                pairs::list(ui, review, conn);
            }
        });
    egui::CentralPanel::default().show(ui, |ui| {
        if review.list == ReviewList::Duplicates {
            compare(ui, review, conn, commands);
        } else {
            pairs::compare(ui, review, conn, commands);
        }
    });
}

/// Duplicates, related pairs or same-template pairs.
fn list_choice(ui: &mut Ui, review: &mut ReviewState, conn: &Connection) {
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        let lists = [
            (
                ReviewList::Duplicates,
                format!("Duplicates ({})", thousands(review.total)),
                "Clusters of copies of one story",
            ),
            (
                ReviewList::Related,
                format!("Related ({})", thousands(review.pairs.related.len())),
                "Different documents that share passages: a quoted paragraph, a common notice or background block",
            ),
            (
                ReviewList::Template,
                format!("Same template ({})", thousands(review.pairs.template.len())),
                "Reports built from one template about another day or other figures: kept apart unless you merge them",
            ),
        ];
        for (list, label, tip) in lists {
            if ui
                .selectable_label(review.list == list, label)
                .on_hover_text(tip)
                .clicked()
            {
                chosen = Some(list);
            }
        }
    });
    if let Some(list) = chosen {
        review.show_list(conn, list);
    }
    ui.separator();
}

fn empty(ui: &mut Ui, title: &str, detail: &str, commands: &mut Commands) {
    ui.add_space(60.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(title).heading());
        ui.add_space(8.0);
        ui.label(RichText::new(detail).weak());
        ui.add_space(12.0);
        if ui.button("Back to the library").clicked() {
            commands.push(ViewCommand::Show(Central::Library));
        }
    });
}

fn toolbar(ui: &mut Ui, review: &mut ReviewState, conn: &Connection, commands: &mut Commands) {
    // A narrow window gets two rows, so the panel never grows past its edge.
    let narrow = ui.available_width() < 1000.0;
    ui.horizontal(|ui| {
        let running = review.is_running();
        if ui
            .add_enabled(!running, egui::Button::new("Find duplicates"))
            .on_hover_text("Compare the documents added since the last search with the whole library")
            .clicked()
        {
            commands.push(ReviewCommand::Run { full: false });
        }
        if ui
            .add_enabled(!running, egui::Button::new("Search again from scratch"))
            .on_hover_text("Forget what was computed and compare every document again (your decisions are kept)")
            .clicked()
        {
            commands.push(ReviewCommand::Run { full: true });
        }
        ui.separator();
        let label = ui.label("Threshold");
        let slider = ui
            .add(
                Slider::new(&mut review.threshold, MIN_THRESHOLD..=1.0)
                    .step_by(0.01)
                    .custom_formatter(|v, _| format!("{:.0}%", v * 100.0))
                    .custom_parser(|s| {
                        s.trim_end_matches('%')
                            .trim()
                            .parse::<f64>()
                            .ok()
                            .map(|v| if v > 1.0 { v / 100.0 } else { v })
                    }),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "How much of the shorter document the longer one must contain. \
                 Lower finds looser copies (cut, reworded); higher only near-identical ones.",
            );
        if slider.changed() {
            review.threshold_moved_at = Some(ui.input(|i| i.time));
            review.rebuild(conn);
        }
        if !narrow {
            ui.separator();
            list_controls(ui, review, conn, commands);
        }
    });
    if narrow {
        ui.horizontal(|ui| list_controls(ui, review, conn, commands));
    }
    if let Some(err) = &review.error {
        let dark = ui.visuals().dark_mode;
        ui.label(RichText::new(err).color(theme::error_text(dark)));
    }
}

/// Hide resolved, Resolve all, and where the search is (or how many
/// clusters there are), right-aligned.
fn list_controls(
    ui: &mut Ui,
    review: &mut ReviewState,
    conn: &Connection,
    commands: &mut Commands,
) {
    let running = review.is_running();
    {
        if ui
            .checkbox(&mut review.hide_resolved, "Hide resolved")
            .on_hover_text("Leave out clusters whose duplicates are already marked or trashed")
            .changed()
        {
            review.rebuild(conn);
        }
        ui.separator();
        let open = review.open_clusters();
        ui.add_enabled_ui(!open.is_empty(), |ui| {
            let label = if open.len() == 1 {
                "Resolve the open cluster…".to_string()
            } else {
                format!("Resolve all {} open clusters…", thousands(open.len()))
            };
            ui.menu_button(label, |ui| {
                for (how, tip) in RESOLUTIONS {
                    if ui.button(how.label()).on_hover_text(tip).clicked() {
                        commands.push(ReviewCommand::ResolveAll(how));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text("Apply one action to every unresolved cluster in the list");
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if running {
                if ui
                    .button("Cancel")
                    .on_hover_text("Stop the search; nothing is changed")
                    .clicked()
                {
                    commands.push(ReviewCommand::Cancel);
                }
                let p = &review.progress;
                let fraction = crate::core::counts::fraction(p.done, p.total);
                ui.add(
                    ProgressBar::new(fraction)
                        .desired_width(ui.available_width().clamp(120.0, 360.0))
                        .text(p.text()),
                );
            } else {
                ui.label(
                    RichText::new(format!(
                        "{}, {} resolved",
                        crate::core::counts::plural(review.total, "cluster", "clusters"),
                        thousands(review.resolved)
                    ))
                    .weak(),
                );
            }
        });
    }
}

/// A copy's coded passages, and the button that carries them to the
/// keeper (true when clicked).
fn coded_copy(ui: &mut Ui, coded: i64) -> bool {
    if coded == 0 {
        return false;
    }
    ui.label(
        RichText::new(crate::core::counts::plural(
            coded as usize,
            "coded passage",
            "coded passages",
        ))
        .strong(),
    )
    .on_hover_text("Marked as a duplicate, this copy keeps its passages, hidden with it");
    ui.small_button("Carry to the keeper")
        .on_hover_text(
            "Code the same text in the keeper with the same codes (where the keeper holds it)",
        )
        .clicked()
}

/// One selectable, left-aligned row of the cluster list: the keeper's
/// title on one line, what the cluster holds below it.
pub(super) fn list_row(
    ui: &mut Ui,
    title: &str,
    meta: &str,
    resolved: bool,
    selected: bool,
) -> egui::Response {
    let width = ui.available_width();
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), egui::Sense::click());
    let label = format!("{title}\n{meta}");
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        if selected || response.hovered() {
            ui.painter()
                .rect_filled(rect, visuals.corner_radius, visuals.weak_bg_fill);
        }
        let padding = 6.0;
        let line = |text: &str, style: egui::TextStyle, color: egui::Color32| {
            let mut job =
                LayoutJob::simple_singleline(text.to_string(), style.resolve(ui.style()), color);
            job.wrap = egui::text::TextWrapping::truncate_at_width(width - 2.0 * padding);
            ui.fonts_mut(|f| f.layout_job(job))
        };
        let (title_color, meta_color) = if selected {
            (visuals.text_color(), visuals.text_color())
        } else if resolved {
            (
                ui.visuals().weak_text_color(),
                ui.visuals().weak_text_color(),
            )
        } else {
            (
                ui.visuals().strong_text_color(),
                ui.visuals().weak_text_color(),
            )
        };
        let top = line(title, egui::TextStyle::Body, title_color);
        let bottom = line(meta, egui::TextStyle::Small, meta_color);
        let height = top.size().y + 2.0 + bottom.size().y;
        let y = rect.center().y - height / 2.0;
        let x = rect.left() + padding;
        let top_height = top.size().y;
        ui.painter().galley(egui::pos2(x, y), top, title_color);
        ui.painter()
            .galley(egui::pos2(x, y + top_height + 2.0), bottom, meta_color);
    }
    response.on_hover_text(label)
}

fn cluster_list(ui: &mut Ui, review: &mut ReviewState, conn: &Connection) {
    let before = review.order;
    ui.horizontal(|ui| {
        let label = ui.label("Sort");
        egui::ComboBox::from_id_salt("cluster order")
            .selected_text(review.order.label())
            .show_ui(ui, |ui| {
                for o in super::review::ClusterOrder::ALL {
                    ui.selectable_value(&mut review.order, o, o.label());
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("The order of the cluster list");
    });
    if review.order != before {
        review.rebuild(conn);
        review.scroll_to_selected = true;
    }
    let n = review.clusters.len();
    let mut clicked = None;
    let mut scroll = ScrollArea::vertical().auto_shrink([false, false]);
    if review.scroll_to_selected {
        review.scroll_to_selected = false;
        if let Some(pos) = review
            .selected
            .and_then(|k| review.clusters.iter().position(|c| c.keeper == k))
        {
            let spacing = ui.spacing().item_spacing.y;
            scroll = scroll
                .vertical_scroll_offset((pos as f32 * (ROW_HEIGHT + spacing) - 120.0).max(0.0));
        }
    }
    scroll.show_rows(ui, ROW_HEIGHT, n, |ui, range| {
        for i in range {
            let c = review.clusters[i].clone();
            let resolved = review.is_resolved(&c);
            let title = review
                .summary(conn, c.keeper)
                .map(|s| s.title.clone())
                .unwrap_or_default();
            let selected = review.selected == Some(c.keeper);
            let meta = format!(
                "{} documents · {:.0}% similar{}",
                c.members.len() + 1,
                c.similarity() * 100.0,
                if resolved { " · resolved" } else { "" }
            );
            let response = list_row(ui, &title, &meta, resolved, selected);
            if response.clicked() {
                clicked = Some(c.keeper);
            }
        }
    });
    if let Some(k) = clicked {
        review.select(conn, Some(k));
    }
}

pub(super) fn doc_header(
    review: &mut ReviewState,
    ui: &mut Ui,
    conn: &rusqlite::Connection,
    id: DocId,
    role: &str,
) {
    let Some(s) = review.summary(conn, id).cloned() else {
        return;
    };
    ui.label(RichText::new(role).small().weak());
    ui.add(egui::Label::new(RichText::new(&s.title).strong()).truncate())
        .on_hover_text(&s.title);
    let date = match (&s.date, &s.date_source) {
        (Some(d), Some(src)) => format!("{d} ({})", crate::core::model::DateSource::label_of(src)),
        (Some(d), None) => d.clone(),
        (None, _) => "undated".to_string(),
    };
    let state = match s.state {
        DocState::Duplicate => " · marked as duplicate",
        DocState::Trashed => " · in the trash",
        DocState::Active => "",
    };
    ui.add(
        egui::Label::new(
            RichText::new(format!("{date} · {}{state}", s.path))
                .small()
                .weak(),
        )
        .truncate(),
    )
    .on_hover_text(&s.path);
    if !s.tags.is_empty() {
        ui.label(RichText::new(format!("Tags: {}", s.tags.join(", "))).small());
    }
}

fn compare(ui: &mut Ui, review: &mut ReviewState, conn: &Connection, commands: &mut Commands) {
    let Some(cluster) = review.current().cloned() else {
        let hint = if review.clusters.is_empty() && review.total > 0 {
            "Every cluster at this threshold is resolved. Untick \"Hide resolved\" to see them again."
        } else if review.clusters.is_empty() {
            "No duplicates at this threshold: see Related and Same template on the left."
        } else {
            "Select a cluster on the left."
        };
        ui.label(RichText::new(hint).weak());
        return;
    };
    let targets = ReviewState::as_targets(std::slice::from_ref(&cluster));
    ui.horizontal_wrapped(|ui| {
        for (how, tip) in RESOLUTIONS {
            if ui.button(how.label()).on_hover_text(tip).clicked() {
                commands.push(ReviewCommand::Resolve {
                    clusters: targets.clone(),
                    how,
                });
            }
        }
    });
    if cluster.members.len() > 1 {
        ui.horizontal_wrapped(|ui| {
            ui.label("Compare the keeper with:");
            let mut pick = None;
            for m in &cluster.members {
                let on = review.compare == Some(m.id);
                let (title, tip) = review
                    .summary(conn, m.id)
                    .map(|s| (s.title.clone(), format!("{}\n{}", s.title, s.path)))
                    .unwrap_or_default();
                let title = if title.chars().count() > 36 {
                    format!("{}…", title.chars().take(35).collect::<String>().trim_end())
                } else {
                    title
                };
                let text = format!("{title} ({:.0} %)", m.similarity * 100.0);
                if ui.selectable_label(on, text).on_hover_text(tip).clicked() {
                    pick = Some(m.id);
                }
            }
            if let Some(id) = pick {
                review.compare_with(conn, id);
            }
        });
    }
    if let Some(id) = story::ui(ui, review, cluster.keeper) {
        review.compare_with(conn, id);
    }
    ui.add_space(4.0);
    if ui
        .checkbox(&mut review.loose_diff, "Ignore case and punctuation")
        .on_hover_text(
            "Quote, dash and spacing styles are never marked; tick this to leave out case and punctuation changes too",
        )
        .changed()
    {
        review.refresh_diff(conn);
    }
    let Some(diff) = &review.diff else {
        return;
    };
    let (left, right) = (diff.left, diff.right);
    let similarity = cluster
        .members
        .iter()
        .find(|m| m.id == right)
        .map_or(0.0, |m| m.similarity);
    let dark = ui.visuals().dark_mode;
    let (only_left, only_right) = theme::diff_colors(dark);
    let left_job = marked_text(ui, &diff.left_side, only_left, &diff.left_boiler);
    let right_job = marked_text(ui, &diff.right_side, only_right, &diff.right_boiler);
    let dimmed = diff
        .left_boiler
        .iter()
        .chain(&diff.right_boiler)
        .any(|&b| b);
    let weak = ui.visuals().weak_text_color();
    let mut items = vec![
        (only_left, "only in the keeper"),
        (only_right, "only in this copy"),
    ];
    if dimmed {
        items.push((weak, "dimmed: boilerplate the library repeats"));
    }
    legend(ui, &items);
    let mut column_commands = Vec::new();
    let mut carry = None;
    // Coded passages on the copy: hidden with it unless carried over.
    let coded = crate::core::store::passages::count_in(conn, right).unwrap_or(0);
    ui.columns(2, |cols| {
        doc_header(review, &mut cols[0], conn, left, "KEEPER");
        doc_header(
            review,
            &mut cols[1],
            conn,
            right,
            &format!(
                "DUPLICATE · {:.0}% of the shorter text is in the longer",
                similarity * 100.0
            ),
        );
        cols[1].horizontal_wrapped(|ui| {
            if ui
                .small_button("Make keeper")
                .on_hover_text("Keep this document instead; your choice survives a new search")
                .clicked()
            {
                column_commands.push(ReviewCommand::ChooseKeeper {
                    keeper: right,
                    members: cluster.ids(),
                });
            }
            if ui
                .small_button("Not a duplicate")
                .on_hover_text("Take this document out of the cluster for good")
                .clicked()
            {
                column_commands.push(ReviewCommand::NotDuplicatePair(left, right));
            }
            if coded_copy(ui, coded) {
                carry = Some((right, left));
            }
        });
        cols[0].add_space(cols[1].min_rect().height() - cols[0].min_rect().height());
        two_panes(cols, left_job, right_job, &mut review.pane_sync);
    });
    commands.extend(
        column_commands
            .into_iter()
            .map(crate::gui::command::Command::from),
    );
    if let Some((from, to)) = carry {
        commands.push(crate::gui::command::CodeCommand::Carry { from, to });
    }
}
