//! The reader's text with its coded passages: each passage in its tag's
//! colour, coding stripes in a margin (one lane per overlapping code, as
//! MAXQDA and QualCoder draw them), hover names the codes, a click on a
//! stripe selects its passage. Text selected with the mouse or the
//! keyboard is coded with the number keys, the right-click menu or the
//! passage bar.
//!
//! Long texts are cut into chunks of about [`CHUNK_BYTES`] at line
//! breaks; only the chunks on screen are laid out (a 5 MB text with
//! 10,000 passages scrolls within the frame budget). A selection lives in
//! one chunk.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Color32, FontId, Id, Rect, ScrollArea, Sense, Stroke, TextEdit, Ui, UiBuilder, Vec2};

use crate::core::model::{DocId, PassageId};
use crate::core::store::passages::Passage;
use crate::core::store::tags::Tag;
use crate::gui::command::{CodeCommand, Commands};
use crate::gui::theme;

mod menu;
use menu::{menu, number_keys};

pub mod names;
use names::NameMark;

/// The most text one chunk holds (cut at the line break before it).
pub const CHUNK_BYTES: usize = 24_000;
/// The margin's width: up to four lanes of stripes.
const MARGIN: f32 = 26.0;
const LANES: usize = 4;
const LANE_WIDTH: f32 = 5.0;
const FONT_SIZE: f32 = 14.5;

/// One chunk of the text.
#[derive(Debug, Clone)]
pub(super) struct Chunk {
    /// Bytes of the text.
    start: usize,
    end: usize,
    /// The character offset of its first byte.
    chars: i64,
}

/// What the coded text keeps between frames.
#[derive(Default)]
pub struct CodedText {
    doc: Option<DocId>,
    pub passages: Vec<Passage>,
    /// Each passage's byte range in the text (same order).
    bytes: Vec<(usize, usize)>,
    /// Each passage's stripe lane.
    lanes: Vec<u8>,
    /// Memos on passages, by passage.
    pub memos: HashMap<PassageId, String>,
    chunks: Vec<Chunk>,
    /// Each chunk's height at `width` (estimated until laid out).
    heights: Vec<f32>,
    width: f32,
    /// Text selected (characters of the stored text), while not empty.
    pub selection: Option<(i64, i64)>,
    /// The passage the user clicked (its bar shows).
    pub active: Option<PassageId>,
    /// Select this range (and scroll to it) on the next frame.
    pub select: Option<(i64, i64)>,
    /// Layout jobs per chunk, with the key they were built for.
    jobs: HashMap<usize, (u64, Arc<LayoutJob>)>,
    /// Bumped when passages or the active one change.
    version: u64,
    /// The text had the keyboard focus in the last frame.
    pub focused: bool,
    /// The stripes drawn in the last frame: (passage, lane, where).
    pub stripes: Vec<(PassageId, u8, Rect)>,
    /// People, organisations and places named in the text (bytes).
    pub names: Vec<NameMark>,
    /// Underline them.
    pub show_names: bool,
    /// The entity index generation the names were read under.
    pub names_for: usize,
}

impl CodedText {
    /// Prepares `text` (as the reader shows it, byte for byte the stored
    /// text) with its passages.
    pub fn load(
        &mut self,
        doc: DocId,
        text: &str,
        passages: Vec<Passage>,
        memos: HashMap<PassageId, String>,
    ) {
        let same_doc = self.doc == Some(doc);
        let ranges: Vec<(i64, i64)> = passages.iter().map(|p| (p.start, p.end)).collect();
        self.bytes = crate::core::reading::byte_ranges(text, &ranges);
        self.lanes = lanes_of(&passages);
        self.passages = passages;
        self.memos = memos;
        self.jobs.clear();
        self.version += 1;
        if !same_doc {
            self.doc = Some(doc);
            self.chunks = chunks_of(text);
            self.heights.clear();
            self.width = 0.0;
            self.selection = None;
            self.active = None;
        }
        if self
            .active
            .is_some_and(|a| !self.passages.iter().any(|p| p.id == a))
        {
            self.active = None;
        }
    }

    /// The background the text has at byte `b` as last laid out (a
    /// passage's tag colour, a search hit's highlight), if on screen.
    pub fn background_at(&self, b: usize) -> Option<Color32> {
        self.jobs.iter().find_map(|(i, (_, job))| {
            let c = self.chunks.get(*i)?;
            if !(c.start..c.end).contains(&b) {
                return None;
            }
            let local = b - c.start;
            job.sections
                .iter()
                .find(|s| s.byte_range.start.0 <= local && local < s.byte_range.end.0)
                .map(|s| s.format.background)
        })
    }

    /// The document shown.
    pub fn doc(&self) -> Option<DocId> {
        self.doc
    }

    /// The active passage.
    pub fn active_passage(&self) -> Option<&Passage> {
        let id = self.active?;
        self.passages.iter().find(|p| p.id == id)
    }

    /// Passages covering character `c`, innermost (shortest) first.
    fn at_char(&self, c: i64) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.passages.len())
            .filter(|&i| self.passages[i].start <= c && c < self.passages[i].end)
            .collect();
        out.sort_by_key(|&i| self.passages[i].end - self.passages[i].start);
        out
    }

    /// Makes `id` the active passage and selects its text.
    pub fn activate(&mut self, id: PassageId) {
        if let Some(p) = self.passages.iter().find(|p| p.id == id) {
            self.select = Some((p.start, p.end));
            self.active = Some(id);
            self.version += 1;
        }
    }
}

/// Cuts `text` into chunks of at most [`CHUNK_BYTES`], at line breaks
/// when there is one (else at a space, else anywhere on a char boundary).
fn chunks_of(text: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = 0i64;
    while start < text.len() || out.is_empty() {
        let mut end = (start + CHUNK_BYTES).min(text.len());
        if end < text.len() {
            let window = &text.as_bytes()[start..end];
            let cut = window
                .iter()
                .rposition(|&b| b == b'\n')
                .or_else(|| window.iter().rposition(|&b| b == b' '))
                .map(|i| start + i + 1)
                .filter(|&c| c > start + CHUNK_BYTES / 4);
            end = cut.unwrap_or(end);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
        }
        out.push(Chunk { start, end, chars });
        chars += text[start..end].chars().count() as i64;
        if end == start {
            break;
        }
        start = end;
    }
    out
}

/// A lane per passage: the first whose last passage has ended.
fn lanes_of(passages: &[Passage]) -> Vec<u8> {
    let mut order: Vec<usize> = (0..passages.len()).collect();
    order.sort_by_key(|&i| (passages[i].start, std::cmp::Reverse(passages[i].end)));
    let mut ends = [i64::MIN; LANES];
    let mut lanes = vec![0u8; passages.len()];
    for i in order {
        let p = &passages[i];
        let lane = (0..LANES)
            .find(|&l| ends[l] <= p.start)
            .unwrap_or(LANES - 1);
        ends[lane] = ends[lane].max(p.end);
        lanes[i] = lane as u8;
    }
    lanes
}

/// The colour of a tag by id.
fn color_of(tags: &[Tag], id: crate::core::model::TagId) -> Color32 {
    tags.iter()
        .find(|t| t.id == id)
        .map_or(theme::NEUTRAL, |t| theme::parse_color(&t.color))
}

fn name_of(tags: &[Tag], id: crate::core::model::TagId) -> String {
    tags.iter()
        .find(|t| t.id == id)
        .map_or_else(|| format!("tag {id}"), |t| t.name.clone())
}

/// What the coded text reads besides its own state.
pub struct CodedView<'a> {
    pub doc: DocId,
    pub text: &'a str,
    /// Search hits to highlight (bytes).
    pub hits: &'a [(usize, usize)],
    pub tags: &'a [Tag],
    /// Scroll to the first hit.
    pub scroll_to_hit: bool,
}

/// The layout job of one chunk: passages in their colours (the innermost
/// on top), hits highlighted, the active passage underlined.
fn chunk_job(ui: &Ui, state: &CodedText, chunk: &Chunk, v: &CodedView) -> LayoutJob {
    let dark = ui.visuals().dark_mode;
    let font = FontId::proportional(FONT_SIZE);
    let color = ui.visuals().text_color();
    let (cs, ce) = (chunk.start, chunk.end);
    // Boundaries inside the chunk.
    let mut marks = vec![cs, ce];
    let mut inside: Vec<usize> = Vec::new();
    for (i, &(s, e)) in state.bytes.iter().enumerate() {
        if s < ce && e > cs {
            inside.push(i);
            marks.push(s.clamp(cs, ce));
            marks.push(e.clamp(cs, ce));
        }
    }
    let hits: Vec<(usize, usize)> = v
        .hits
        .iter()
        .filter(|&&(s, e)| s < ce && e > cs)
        .map(|&(s, e)| (s.max(cs), e.min(ce)))
        .collect();
    for &(s, e) in &hits {
        marks.push(s);
        marks.push(e);
    }
    let names: &[NameMark] = if state.show_names { &state.names } else { &[] };
    for n in names.iter().filter(|n| n.start < ce && n.end > cs) {
        marks.push(n.start.clamp(cs, ce));
        marks.push(n.end.clamp(cs, ce));
    }
    marks.sort_unstable();
    marks.dedup();
    let mut job = LayoutJob::default();
    let text = v.text;
    for w in marks.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        let mut f = TextFormat::simple(font.clone(), color);
        // The innermost passage covering the segment gives its colour.
        let covering = inside
            .iter()
            .copied()
            .filter(|&i| state.bytes[i].0 <= s && state.bytes[i].1 >= e)
            .min_by_key(|&i| state.bytes[i].1 - state.bytes[i].0);
        if let Some(i) = covering {
            let c = color_of(v.tags, state.passages[i].tag);
            f.background = c.gamma_multiply(if dark { 0.45 } else { 0.3 });
            if inside.iter().any(|&j| {
                Some(state.passages[j].id) == state.active
                    && state.bytes[j].0 <= s
                    && state.bytes[j].1 >= e
            }) {
                f.underline = Stroke::new(2.0, c);
            }
        }
        if hits.iter().any(|&(hs, he)| hs <= s && he >= e) {
            f.background = theme::highlight(dark);
        }
        if let Some(n) = names::at(names, s).filter(|n| n.end >= e)
            && f.underline == Stroke::NONE
        {
            let c = names::color(n.kind, dark);
            f.color = c;
            f.underline = Stroke::new(1.5, c);
        }
        job.append(&text[s..e], 0.0, f);
    }
    job
}

/// A cheap key for a chunk's job: what it depends on.
fn job_key(state: &CodedText, i: usize, v: &CodedView, dark: bool) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (i, state.version, state.active, dark, v.hits.len()).hash(&mut h);
    (state.show_names, state.names.len()).hash(&mut h);
    v.hits.first().hash(&mut h);
    h.finish()
}

/// Draws the coded text.
pub fn ui(ui: &mut Ui, state: &mut CodedText, v: &CodedView, commands: &mut Commands) {
    let width = (ui.available_width() - MARGIN).max(80.0);
    if (width - state.width).abs() > 0.5 || state.heights.len() != state.chunks.len() {
        state.width = width;
        let row = FONT_SIZE * 1.3;
        let per_line = (width / (FONT_SIZE * 0.5)).max(10.0) as usize;
        state.heights = state
            .chunks
            .iter()
            .map(|c| {
                let piece = &v.text[c.start..c.end];
                let lines: usize = piece
                    .split('\n')
                    .map(|l| l.len().div_ceil(per_line).max(1))
                    .sum();
                lines as f32 * row
            })
            .collect();
    }
    // Scroll to a hit or a range asked for: the chunk holding it.
    let target = state.select.map(|(s, _)| s).or_else(|| {
        v.scroll_to_hit
            .then(|| v.hits.first())
            .flatten()
            .map(|&(b, _)| crate::core::reading::char_of_byte(v.text, b))
    });
    let target_chunk = target.map(|c| {
        state
            .chunks
            .iter()
            .rposition(|ch| ch.chars <= c)
            .unwrap_or(0)
    });
    let mut scroll = ScrollArea::vertical()
        .id_salt(("reader-text", v.doc))
        .auto_shrink(false);
    if let Some(i) = target_chunk {
        let y: f32 = state.heights[..i].iter().sum();
        scroll = scroll.vertical_scroll_offset((y - 40.0).max(0.0));
    }
    state.stripes.clear();
    scroll.show_viewport(ui, |ui, viewport| {
        let origin = ui.min_rect().min;
        let full = ui.available_width();
        let mut y = 0.0;
        let mut focused_any = false;
        for i in 0..state.chunks.len() {
            let h = state.heights[i];
            let visible = y + h >= viewport.min.y - 200.0 && y <= viewport.max.y + 200.0;
            if visible || target_chunk == Some(i) {
                let rect = Rect::from_min_size(origin + Vec2::new(MARGIN, y), Vec2::new(width, h));
                let mut child = ui.new_child(UiBuilder::new().max_rect(rect));
                let (measured, focused) = chunk_ui(&mut child, state, i, v, target, commands);
                focused_any |= focused;
                if (measured - h).abs() > 0.5 {
                    state.heights[i] = measured;
                    ui.ctx().request_repaint();
                }
            }
            y += state.heights[i];
        }
        state.focused = focused_any;
        ui.allocate_rect(
            Rect::from_min_size(origin, Vec2::new(full, y.max(20.0))),
            Sense::hover(),
        );
    });
}

/// One chunk: the text edit (read-only: select, copy), the stripes, the
/// keys and menu that code the selection. Returns its height and whether
/// it has the keyboard focus.
fn chunk_ui(
    ui: &mut Ui,
    state: &mut CodedText,
    i: usize,
    v: &CodedView,
    target: Option<i64>,
    commands: &mut Commands,
) -> (f32, bool) {
    let chunk = state.chunks[i].clone();
    let id = Id::unique(("reader-chunk", v.doc, i));
    let chunk_chars = v.text[chunk.start..chunk.end].chars().count() as i64;
    // A range asked for: selected in its chunk (clamped to it).
    if let Some((s, e)) = state.select
        && s >= chunk.chars
        && s < chunk.chars + chunk_chars.max(1)
    {
        let mut te = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
        let ls = (s - chunk.chars) as usize;
        let le = (e.min(chunk.chars + chunk_chars) - chunk.chars) as usize;
        te.cursor
            .set_char_range(Some(CCursorRange::two(CCursor::new(ls), CCursor::new(le))));
        te.store(ui.ctx(), id);
        ui.memory_mut(|m| m.request_focus(id));
        state.select = None;
    }
    let key = job_key(state, i, v, ui.visuals().dark_mode);
    let job = match state.jobs.get(&i) {
        Some((k, job)) if *k == key => Arc::clone(job),
        _ => {
            let job = Arc::new(chunk_job(ui, state, &chunk, v));
            state.jobs.insert(i, (key, Arc::clone(&job)));
            job
        }
    };
    let mut layouter = |ui: &Ui, _: &dyn egui::TextBuffer, wrap: f32| {
        let mut j = (*job).clone();
        j.wrap.max_width = wrap;
        ui.fonts_mut(|f| f.layout_job(j))
    };
    let mut piece: &str = &v.text[chunk.start..chunk.end];
    let out = TextEdit::multiline(&mut piece)
        .id(id)
        .frame(egui::Frame::NONE)
        .margin(Vec2::ZERO)
        .desired_width(ui.available_width())
        .desired_rows(1)
        .layouter(&mut layouter)
        .show(ui);
    let response = out.response.response.clone();
    let focused = response.has_focus();
    let galley = Arc::clone(&out.galley);
    let galley_pos = out.galley_pos;
    // The selection, in characters of the whole text.
    if focused {
        state.selection = out.cursor_range.and_then(|r| {
            let (a, b) = (r.primary.index, r.secondary.index);
            let (a, b) = (a.min(b), a.max(b));
            (a < b).then(|| (chunk.chars + a.0 as i64, chunk.chars + b.0 as i64))
        });
    }
    // A click in a passage makes it the active one.
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        let c = chunk.chars + galley.cursor_from_pos(pos - galley_pos).index.0 as i64;
        let hit = state.at_char(c).first().map(|&k| state.passages[k].id);
        if hit != state.active {
            state.active = hit;
            state.version += 1;
        }
    }
    // Hovering text in a passage names its codes (and the name there).
    if let Some(pos) = response.hover_pos() {
        let k = galley.cursor_from_pos(pos - galley_pos).index.0;
        let c = chunk.chars + k as i64;
        let here = state.at_char(c);
        let name = names::name_at(state, v.text, &chunk, k);
        let mut lines = Vec::new();
        if !here.is_empty() {
            lines.push(describe(state, &here, v.tags));
        }
        if let Some(n) = &name {
            lines.push(format!(
                "{} ({}): click to filter by it",
                n.name,
                n.kind.word()
            ));
        }
        if !lines.is_empty() {
            response.clone().on_hover_text_at_pointer(lines.join("\n"));
        }
    }
    // A click on a marked name filters by it.
    if response.clicked()
        && state.selection.is_none()
        && let Some(pos) = response.interact_pointer_pos()
        && let Some(n) = names::name_at(
            state,
            v.text,
            &chunk,
            galley.cursor_from_pos(pos - galley_pos).index.0,
        )
    {
        commands.push(crate::gui::command::EntityCommand::Filter(n.id, n.label()));
    }
    // The hit or passage asked for, centred (the chunk's top was scrolled
    // to; a 24 KB chunk is many screens of text).
    if let Some(c) = target
        && c >= chunk.chars
        && c <= chunk.chars + chunk_chars
    {
        let at = galley
            .pos_from_cursor(CCursor::new((c - chunk.chars) as usize))
            .translate(galley_pos.to_vec2());
        ui.scroll_to_rect(at, Some(egui::Align::Center));
    }
    stripes(ui, state, &chunk, chunk_chars, &galley, galley_pos, v.tags);
    if focused {
        number_keys(ui, state, v, commands);
    }
    if let Some(tag) = response.dnd_release_payload::<crate::gui::panels::tags::TagDrag>()
        && let Some((s, e)) = state.selection
    {
        commands.push(CodeCommand::Code {
            doc: v.doc,
            start: s,
            end: e,
            tag: tag.0.clone(),
        });
    }
    response.context_menu(|ui| menu(ui, state, v, commands));
    (galley.size().y.max(FONT_SIZE), focused)
}

/// The codes of passages `idx`, one per line, with coder and memo.
fn describe(state: &CodedText, idx: &[usize], tags: &[Tag]) -> String {
    idx.iter()
        .map(|&k| {
            let p = &state.passages[k];
            let mut line = name_of(tags, p.tag);
            if !p.coder.is_empty() {
                line.push_str(&format!(" (by {})", p.coder));
            }
            if let Some(m) = state.memos.get(&p.id) {
                line.push_str(&format!(": {}", m.lines().next().unwrap_or("")));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The coding stripes of a chunk, left of the text; hover names the code,
/// a click selects its passage.
fn stripes(
    ui: &mut Ui,
    state: &mut CodedText,
    chunk: &Chunk,
    chunk_chars: i64,
    galley: &egui::Galley,
    galley_pos: egui::Pos2,
    tags: &[Tag],
) {
    let left = galley_pos.x - MARGIN + 2.0;
    let mut clicked = None;
    for k in 0..state.passages.len() {
        let p = &state.passages[k];
        let (s, e) = (p.start - chunk.chars, p.end - chunk.chars);
        if e <= 0 || s >= chunk_chars {
            continue;
        }
        let (s, e) = (s.max(0) as usize, (e.min(chunk_chars) as usize).max(1));
        let top = galley.pos_from_cursor(CCursor::new(s)).min.y;
        let bottom = galley.pos_from_cursor(CCursor::new(e - 1)).max.y;
        let x = left + state.lanes[k] as f32 * LANE_WIDTH;
        let rect = Rect::from_min_max(
            egui::pos2(x, galley_pos.y + top),
            egui::pos2(x + LANE_WIDTH - 1.0, galley_pos.y + bottom),
        );
        let color = color_of(tags, p.tag);
        let active = state.active == Some(p.id);
        state.stripes.push((p.id, state.lanes[k], rect));
        ui.painter().rect_filled(
            rect,
            1.0,
            if active {
                color
            } else {
                color.gamma_multiply(0.85)
            },
        );
        let r = ui
            .interact(
                rect.expand2(Vec2::new(1.0, 0.0)),
                Id::unique(("stripe", p.id)),
                Sense::click(),
            )
            .on_hover_text(describe(state, &[k], tags));
        if r.clicked() {
            clicked = Some(p.id);
        }
    }
    if let Some(id) = clicked {
        state.activate(id);
    }
}
