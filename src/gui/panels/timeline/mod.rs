//! The timeline under the table: documents per period as bars (egui_plot).
//! Drag across bars, or click one, to filter the library to that period;
//! scroll to pan, Ctrl+scroll to zoom, double-click to see everything.
//! While the Words view is open, its words' share of all words per period
//! is drawn over the bars as lines, on an axis of their own at the right.

mod state;

pub use state::*;

use egui::{Color32, RichText, Ui};
use egui_plot::{AxisHints, Bar, BarChart, HPlacement, Line, Plot, PlotPoints, Span};

use crate::core::counts::thousands;
use crate::core::timeline::{Granularity, day_string};
use crate::core::view::DateFilter;
use crate::gui::command::{Commands, ViewCommand, WordsCommand};
use crate::gui::theme;

/// What the timeline reads besides its own state.
pub struct TimelineView<'a> {
    /// The library's date filter, drawn as the selected range.
    pub dates: Option<DateFilter>,
    /// Marked duplicates are listed too (and counted in hover titles).
    pub include_duplicates: bool,
    pub tags: &'a [crate::core::store::tags::Tag],
    /// The Words view's words to draw as lines (while it is open).
    pub words: Option<crate::gui::panels::words::WordLines>,
}

/// The bars of `state` with its controls; `conn` reads hovered titles.
pub fn ui(
    ui: &mut Ui,
    state: &mut TimelineState,
    conn: &rusqlite::Connection,
    v: &TimelineView,
    commands: &mut Commands,
) {
    header(ui, state, v.tags, commands);
    let lines = state.word_lines(v.words.as_ref()).to_vec();
    if !lines.is_empty() {
        legend(ui, &lines, state.stories, commands);
    }
    let Some(bars) = state.bars.clone() else {
        ui.add_space(20.0);
        ui.vertical_centered(|ui| {
            ui.spinner();
        });
        return;
    };
    if bars.periods.is_empty() {
        ui.add_space(12.0);
        ui.vertical_centered(|ui| {
            ui.label(
                RichText::new(if state.passages.is_some() {
                    "No coded passages in dated documents in view."
                } else {
                    "No dated documents in view."
                })
                .weak(),
            );
        });
        return;
    }
    let by = bars.by;
    let (colors, names) = series(ui, state, v.tags, &bars);
    // The lines share the bars' height: the busiest period's bar top is
    // the highest share of any word (the right axis reads per million).
    let max_total = bars
        .periods
        .iter()
        .map(|p| p.total())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let max_share = lines
        .iter()
        .flat_map(|l| l.periods.iter().map(|p| p.per_million))
        .fold(0.0, f64::max);
    let scale = if max_share > 0.0 {
        max_total / max_share
    } else {
        1.0
    };
    let date_filter = v.dates;
    let plot = plot_of(ui, state, &bars, !lines.is_empty(), scale);
    let drag_from = state.drag_from;
    let accent = ui.visuals().selection.bg_fill;
    let response = plot.show(ui, |plot_ui| {
        let mut charts: Vec<BarChart> = Vec::new();
        for s in 0..bars.series {
            let bars_s: Vec<Bar> = bars
                .periods
                .iter()
                .map(|p| {
                    let width = (by.next(p.start) - p.start) as f64;
                    Bar::new(p.start as f64 + width / 2.0, p.counts[s] as f64)
                        .width(width * 0.9)
                        .fill(colors[s])
                        .stroke(egui::Stroke::NONE)
                })
                .collect();
            let refs: Vec<&BarChart> = charts.iter().collect();
            let chart = BarChart::new(names[s].clone(), bars_s)
                .color(colors[s])
                .allow_hover(false)
                .stack_on(&refs);
            charts.push(chart);
        }
        for chart in charts {
            plot_ui.bar_chart(chart);
        }
        for line in &lines {
            let points: Vec<[f64; 2]> = line
                .periods
                .iter()
                .map(|p| {
                    let mid = (p.start + by.next(p.start)) as f64 / 2.0;
                    [mid, p.per_million * scale]
                })
                .collect();
            plot_ui.line(
                Line::new(line.word.clone(), PlotPoints::from(points))
                    .color(theme::word_line(line.index))
                    .width(2.0)
                    .allow_hover(false),
            );
        }
        // The active period, and a range being dragged.
        if let Some(DateFilter::Range { from, to }) = date_filter {
            plot_ui.span(
                Span::new("", from as f64..=(to + 1) as f64)
                    .fill(accent.gamma_multiply(0.25))
                    .border_color(accent),
            );
        }
        let pointer = plot_ui.pointer_coordinate();
        if let (Some(from), Some(p)) = (drag_from, pointer) {
            let (a, b) = (from.min(p.x), from.max(p.x));
            plot_ui.span(
                Span::new("", a..=b)
                    .fill(accent.gamma_multiply(0.35))
                    .border_color(accent),
            );
        }
        (pointer, plot_ui.plot_bounds())
    });
    let (pointer, bounds) = response.inner;
    // The bar length follows the visible range unless chosen by hand.
    let span = bounds.width();
    if state.fixed.is_none() && span.is_finite() && span > 0.0 {
        let wanted = Granularity::for_span(span);
        if wanted != state.by {
            state.by = wanted;
        }
    }
    let r = &response.response;
    pick_period(r, state, pointer, &bars, date_filter, commands);
    let at = |x: f64| by.start(x.floor() as i32);
    let period_at = |x: f64| {
        let start = at(x);
        bars.periods.iter().find(|p| p.start == start)
    };
    if state.drag_from.is_none()
        && let Some(p) = pointer
        && let Some(period) = period_at(p.x)
    {
        let hover = Hover {
            period,
            by,
            names: &names,
            lines: &lines,
            include_duplicates: v.include_duplicates,
        };
        hover_tip(r, state, conn, &hover);
    }
}

/// A drag picks a range, a click a period, a double click takes the
/// click's filter back (the plot shows everything again).
fn pick_period(
    r: &egui::Response,
    state: &mut TimelineState,
    pointer: Option<egui_plot::PlotPoint>,
    bars: &crate::core::timeline::Timeline,
    date_filter: Option<DateFilter>,
    commands: &mut Commands,
) {
    let by = bars.by;
    let at = |x: f64| by.start(x.floor() as i32);
    if r.drag_started_by(egui::PointerButton::Primary)
        && let Some(p) = pointer
    {
        state.drag_from = Some(p.x);
    }
    if r.drag_stopped()
        && let Some(from) = state.drag_from.take()
        && let Some(p) = pointer
    {
        let (a, b) = (from.min(p.x), from.max(p.x));
        let (start, end) = (at(a), by.next(at(b)) - 1);
        commands.push(ViewCommand::SetDateFilter(Some(DateFilter::Range {
            from: start,
            to: end,
        })));
    }
    let period_at = |x: f64| {
        let start = at(x);
        bars.periods.iter().find(|p| p.start == start)
    };
    if r.double_clicked() {
        // The plot shows everything again; the first click's period filter
        // is taken back.
        if let Some(before) = state.before_click.take() {
            commands.push(ViewCommand::SetDateFilter(before));
        }
        state.outside = 0;
    } else if r.clicked()
        && let Some(p) = pointer
        && let Some(period) = period_at(p.x)
    {
        state.before_click = Some(date_filter);
        commands.push(ViewCommand::SetDateFilter(Some(DateFilter::Range {
            from: period.start,
            to: by.next(period.start) - 1,
        })));
    }
}

/// The plot's axes, zoom and, after a reset, its range: the bulk of the
/// dates (outliers counted in `state.outside`) or all of them.
fn plot_of(
    ui: &Ui,
    state: &mut TimelineState,
    bars: &crate::core::timeline::Timeline,
    has_lines: bool,
    scale: f64,
) -> Plot<'static> {
    let by = bars.by;
    let reset = std::mem::take(&mut state.reset_view);
    let mut plot = Plot::new("timeline")
        .height(ui.available_height().max(60.0))
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .allow_zoom([true, false])
        .allow_scroll([true, false])
        .allow_double_click_reset(true)
        .show_y(false)
        .y_axis_min_width(28.0)
        .y_axis_formatter(|mark, _| count_label(mark.value))
        .include_y(0.0)
        .auto_bounds([false, true])
        .x_axis_formatter(|mark, range| {
            let span = range.end() - range.start();
            let day = mark.value.round() as i32;
            if span > 3.0 * 365.0 {
                Granularity::Year.label(day)
            } else if span > 90.0 {
                Granularity::Month.label(day)
            } else {
                day_string(day)
            }
        })
        .label_formatter(|_| None)
        .sense(egui::Sense::click_and_drag());
    if has_lines {
        plot = plot.custom_y_axes(vec![
            AxisHints::new_y().min_thickness(28.0),
            AxisHints::new_y()
                .placement(HPlacement::Right)
                .min_thickness(36.0)
                .formatter(move |mark, _| share_label(mark.value / scale)),
        ]);
    }
    if reset {
        plot = plot.reset();
        let show_all = std::mem::take(&mut state.show_all);
        let bulk = bars.bulk();
        state.outside = if show_all {
            0
        } else {
            bulk.map_or(0, |b| b.outside)
        };
        let range = match (bulk, bars.periods.first(), bars.periods.last()) {
            (Some(b), _, _) if !show_all => Some((b.from, b.to)),
            (_, Some(first), Some(last)) => Some((first.start, by.next(last.start))),
            _ => None,
        };
        state.fitted = range;
        if let Some((from, to)) = range {
            let pad = ((to - from) as f64 * 0.02).max(1.0);
            plot = plot.default_x_bounds(from as f64 - pad, to as f64 + pad);
        }
    }
    plot
}

/// What the tooltip over a period says.
struct Hover<'a> {
    period: &'a crate::core::timeline::Period,
    by: Granularity,
    names: &'a [String],
    lines: &'a [WordLine],
    include_duplicates: bool,
}

/// The tooltip over a period: its counts, word shares and first titles.
fn hover_tip(
    r: &egui::Response,
    state: &mut TimelineState,
    conn: &rusqlite::Connection,
    h: &Hover,
) {
    let (period, by) = (h.period, h.by);
    let start = period.start;
    if state.hover.as_ref().map(|h| h.0) != Some(start) {
        let titles = state.titles_in(conn, start, h.include_duplicates);
        state.hover = Some((start, titles));
    }
    let titles = state
        .hover
        .as_ref()
        .map(|h| h.1.clone())
        .unwrap_or_default();
    let total = period.total();
    let what = if state.stories {
        "stories"
    } else {
        "documents"
    };
    let counts: Vec<(String, u32)> = h
        .names
        .iter()
        .cloned()
        .zip(period.counts.iter().copied())
        .filter(|(_, c)| *c > 0)
        .collect();
    r.clone().on_hover_ui_at_pointer(|ui| {
        ui.label(RichText::new(by.label(start)).strong());
        ui.label(format!("{} {what}", thousands(total as usize)));
        if counts.len() > 1 {
            for (name, c) in &counts {
                ui.label(RichText::new(format!("{name}: {c}")).small());
            }
        }
        for line in h.lines {
            if let Some(p) = line.periods.iter().find(|p| p.start == start) {
                ui.label(
                    RichText::new(format!(
                        "\"{}\": {} per million words ({})",
                        line.word,
                        share_label(p.per_million),
                        crate::core::counts::plural(p.hits as usize, "hit", "hits")
                    ))
                    .small()
                    .color(theme::word_line(line.index)),
                );
            }
        }
        for t in &titles {
            ui.label(RichText::new(format!("• {t}")).small());
        }
        if total as usize > titles.len() {
            ui.label(RichText::new("Click to show them all").small().weak());
        }
    });
}

/// The series' colours and names: the stacked tags', then the rest.
fn series(
    ui: &Ui,
    state: &TimelineState,
    tags: &[crate::core::store::tags::Tag],
    bars: &crate::core::timeline::Timeline,
) -> (Vec<Color32>, Vec<String>) {
    // Series colours: the stacked tags', then the rest.
    let mut colors: Vec<Color32> = state
        .stack
        .iter()
        .filter_map(|id| tags.iter().find(|t| t.id == *id))
        .map(|t| theme::parse_color(&t.color))
        .collect();
    colors.truncate(bars.series - 1);
    while colors.len() < bars.series - 1 {
        colors.push(theme::NEUTRAL);
    }
    colors.push(theme::timeline_bar(ui.visuals().dark_mode));
    let names: Vec<String> = state
        .stack
        .iter()
        .filter_map(|id| tags.iter().find(|t| t.id == *id))
        .map(|t| t.name.clone())
        .chain(std::iter::once(if bars.series > 1 {
            "other".to_string()
        } else {
            "documents".to_string()
        }))
        .collect();
    (colors, names)
}

/// A share per million words, with the digits its size needs.
/// A count on the y axis: whole numbers only, with separators.
fn count_label(v: f64) -> String {
    if v < 0.0 || (v - v.round()).abs() > 1e-6 {
        String::new()
    } else {
        thousands(v.round() as usize)
    }
}

fn share_label(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 100.0 {
        crate::core::counts::decimal(v, 0)
    } else if v.abs() >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// The words' colours, and × to take a pinned word's line off.
fn legend(ui: &mut Ui, lines: &[WordLine], stories: bool, commands: &mut Commands) {
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new("Per million words (right axis):")
                .small()
                .weak(),
        )
        .on_hover_text(if stories {
            "The words' share of all words per period, each story counted once (its earliest copy)"
        } else {
            "The words' share of all words per period, every copy counted"
        });
        for line in lines {
            ui.label(
                RichText::new(format!("— {}", line.word))
                    .color(theme::word_line(line.index))
                    .strong(),
            );
            if line.pinned
                && ui
                    .small_button("×")
                    .on_hover_text(format!("Take \"{}\" off the timeline", line.word))
                    .clicked()
            {
                commands.push(WordsCommand::Unpin(line.word.clone()));
            }
        }
    });
}

fn header(
    ui: &mut Ui,
    state: &mut TimelineState,
    all_tags: &[crate::core::store::tags::Tag],
    commands: &mut Commands,
) {
    let undated = state.bars.as_ref().map_or(0, |b| b.undated);
    // Wrapped: on a narrow window the controls take a second line rather
    // than run past the edge.
    ui.horizontal_wrapped(|ui| {
        let zoom = egui::ModifierNames::NAMES.format(
            &egui::Modifiers::COMMAND,
            cfg!(target_os = "macos"),
        );
        ui.label(RichText::new("Timeline").strong()).on_hover_text(format!(
            "Drag across bars or click one to filter by period · scroll to pan · \
             {zoom}+scroll to zoom · double-click to see everything ({} hides the timeline)",
            crate::gui::command::Action::Timeline.key_text()
        ));
        if state.passages.is_some() {
            ui.label(RichText::new("coded passages per period").weak())
                .on_hover_text("While the Passages view is open, the bars count the passages it lists, by their documents' dates");
        }
        let auto = state.fixed.is_none();
        let selected = if auto {
            format!("Auto ({})", state.by.name())
        } else {
            format!("By {}", state.by.name())
        };
        egui::ComboBox::from_id_salt("timeline-granularity")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(auto, "Auto")
                    .on_hover_text("Follow the visible range")
                    .clicked()
                {
                    state.fixed = None;
                }
                for g in Granularity::ALL {
                    if ui
                        .selectable_label(state.fixed == Some(g), format!("By {}", g.name()))
                        .clicked()
                    {
                        state.fixed = Some(g);
                        state.by = g;
                    }
                }
            })
            .response
            .on_hover_text("The length of a bar");
        ui.checkbox(&mut state.stories, "Stories")
            .on_hover_text(
                "Count each duplicate cluster once, at its earliest date: how many distinct stories there were",
            );
        let tags: Vec<(i64, String)> = all_tags.iter().map(|t| (t.id, t.name.clone())).collect();
        ui.add_enabled_ui(!tags.is_empty(), |ui| {
            let label = if state.stack.is_empty() {
                "Colour by tag".to_string()
            } else {
                format!("Colour by tag ({})", state.stack.len())
            };
            ui.menu_button(label, |ui| {
                for (id, name) in &tags {
                    let mut on = state.stack.contains(id);
                    if ui.checkbox(&mut on, name).changed() {
                        if on {
                            state.stack.push(*id);
                        } else {
                            state.stack.retain(|t| t != id);
                        }
                    }
                }
            })
            .response
            .on_hover_text("Stack the bars by the chosen tags");
        });
        if state.outside > 0
            && ui
                .button(format!("{} outside the range", thousands(state.outside as usize)))
                .on_hover_text(
                    "Documents dated far from the rest (a stray year, a typo) are left out of \
                     the first view; click to show the whole range",
                )
                .clicked()
        {
            state.show_all = true;
            state.reset_view = true;
        }
        if ui
            .button(format!("{} undated", thousands(undated as usize)))
            .on_hover_text("Show the documents without a date, to date them in the reader")
            .clicked()
        {
            commands.push(ViewCommand::SetDateFilter(Some(DateFilter::Undated)));
        }
    });
}
