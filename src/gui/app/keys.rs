//! The keyboard: the command table's shortcuts (and the number keys that
//! toggle the first nine tags) turned into commands each frame.

use egui::Context;

use super::CorpusApp;
use crate::core::store::tags;
use crate::gui::command::{self, TagCommand, WindowCommand};

impl CorpusApp {
    /// What the command table's enabled states and commands depend on now.
    pub fn action_context(&self) -> command::Context {
        let s = self.session.as_ref();
        command::Context {
            has_library: s.is_some(),
            importing: self.is_importing(),
            selected: s.map_or(0, |s| s.view.selected_count()),
            can_undo: s.is_some_and(|s| s.next.undo.is_some()),
            can_redo: s.is_some_and(|s| s.next.redo.is_some()),
            central: self.view.central,
            in_trash: s.map_or(0, |s| s.trash),
            timeline_visible: self.timeline.visible,
            side_panel_visible: self.layout.side_panel,
            reader_visible: self.layout.reader,
            finding_duplicates: self.review.is_running(),
            backing_up: self
                .jobs
                .is_running(crate::gui::panels::status::JobKind::Backup),
            has_log_folder: crate::gui::log_folder().is_some(),
            can_restore: (s.is_some() || self.recovery.failed.is_some())
                && self.recovery.restoring.is_none(),
            ocr_waiting: self.ocr.waiting(),
            ocr_only: self
                .view
                .meta
                .iter()
                .any(|m| (m.field.as_str(), m.value.as_str()) == super::commands::FROM_OCR),
        }
    }

    /// Keyboard shortcuts, from the command table; then the number keys.
    pub(super) fn shortcuts(&mut self, ctx: &Context) {
        // The reader's text takes the focus to select, not to type: the
        // shortcuts (Undo…) work while it has it.
        let reader = self.reader.coding.focused;
        let typing =
            !reader && ctx.memory(|m| m.focused().is_some()) && ctx.egui_wants_keyboard_input();
        let cx = self.action_context();
        let keys = if reader {
            command::from_keys_reading(ctx, &cx)
        } else {
            command::from_keys(ctx, &cx, typing)
        };
        for cmd in keys {
            if cmd == WindowCommand::Escape.into() {
                // Before drawing: the window it closes is not drawn, and a
                // question's own Esc handling cannot close a second one.
                self.apply(ctx, cmd);
            } else {
                self.commands.push(cmd);
            }
        }
        // With text selected in the reader, the number keys code it (the
        // reader handles them); else they tag the selected documents.
        if typing || self.reviewing() || (reader && self.reader.coding.selection.is_some()) {
            return;
        }
        // 1–9 toggle the first nine tags on the selection.
        let first_nine: Vec<tags::TagId> = self
            .session
            .as_ref()
            .map(|s| tags::number_keys(&s.tags))
            .unwrap_or_default();
        for (i, id) in first_nine.into_iter().enumerate() {
            let shortcut =
                egui::KeyboardShortcut::new(egui::Modifiers::NONE, command::NUMBER_KEYS[i]);
            if ctx.input_mut(|inp| inp.consume_shortcut(&shortcut)) {
                self.commands.push(TagCommand::ToggleOnSelection(id));
            }
        }
    }
}
