//! Keys pressed in a frame, read through the action table: the commands
//! they ask for, and the keys that are not one action each.

use egui::{Key, KeyboardShortcut};

use super::{Action, Command, Context};

/// Keys the list and the tags use that are not one action each; Help lists
/// them after the actions.
pub const LIST_KEYS: [(&str, &str); 3] = [
    (
        "↑ ↓ PgUp PgDn Home End",
        "Move through the list (Shift extends the selection)",
    ),
    (
        "Click, Ctrl+click, Shift+click",
        "Select, add to, extend the selection",
    ),
    (
        "1 – 9",
        "Add or remove one of the first nine tags on the selection; with text selected in the reader, code it",
    ),
];

/// The commands the keys pressed this frame ask for, consuming those keys.
/// Esc is only read (a focused text field also gives up its focus on it).
pub fn from_keys(ctx: &egui::Context, cx: &Context, typing: bool) -> Vec<Command> {
    from_keys_where(ctx, cx, |a, _| !typing || a.spec().while_typing)
}

/// The commands of the keys pressed while the reader's text has the focus
/// (to select, not to type): plain keys move in the text, chords with
/// Ctrl/⌘ (Undo, Redo…) act as anywhere, but Select all selects the text.
pub fn from_keys_reading(ctx: &egui::Context, cx: &Context) -> Vec<Command> {
    from_keys_where(ctx, cx, |a, k| {
        a != Action::SelectAll && (a.spec().while_typing || k.modifiers.command)
    })
}

fn from_keys_where(
    ctx: &egui::Context,
    cx: &Context,
    allow: impl Fn(Action, &KeyboardShortcut) -> bool,
) -> Vec<Command> {
    // Ctrl+Shift+Z before Ctrl+Z: egui matches a shortcut also when Shift
    // is held besides, so the fuller chord must be offered first.
    let mut keys: Vec<(Action, KeyboardShortcut)> = Action::ALL
        .into_iter()
        .filter(|a| a.enabled(cx))
        .flat_map(|a| a.spec().keys.iter().map(move |k| (a, *k)))
        .filter(|(a, k)| allow(*a, k))
        .collect();
    let held = |k: &KeyboardShortcut| {
        let m = k.modifiers;
        [m.alt, m.shift, m.command || m.ctrl || m.mac_cmd]
            .into_iter()
            .filter(|b| *b)
            .count()
    };
    keys.sort_by_key(|(_, k)| std::cmp::Reverse(held(k)));
    let mut out = Vec::new();
    let mut fired: Vec<Action> = Vec::new();
    for (action, k) in keys {
        if fired.contains(&action) {
            continue;
        }
        let pressed = if action == Action::Escape {
            ctx.input(|i| i.key_pressed(k.logical_key))
        } else {
            ctx.input_mut(|i| i.consume_shortcut(&k))
        };
        if pressed {
            fired.push(action);
            out.extend(action.commands(cx));
        }
    }
    out
}

/// The keys that toggle the first nine tags.
pub const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];
