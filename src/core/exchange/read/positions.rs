//! GUIDs, paths, colours and positions as the library needs them.

/// How positions in the project's text map to the stored text.
pub(super) enum PositionMap {
    /// The same characters (the text has this many).
    Same(i64),
    /// Old character index → new one (`\r\n` became `\n`).
    Table(Vec<u32>),
    /// The stored text differs a little (same words): passages are found
    /// again by their text.
    Refind { project: String, stored: String },
}

/// A GUID as compared: lower case, without braces.
pub(super) fn norm_guid(g: &str) -> String {
    g.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_lowercase()
}

pub(super) fn strip_scheme<'a>(path: &'a str, scheme: &str) -> Option<&'a str> {
    path.get(..scheme.len())
        .filter(|p| p.eq_ignore_ascii_case(scheme))
        .map(|_| &path[scheme.len()..])
}

/// `#abc` as `#aabbcc`.
pub(super) fn expand_color(c: &str) -> String {
    let c = c.trim();
    match c.strip_prefix('#') {
        Some(h) if h.len() == 3 => {
            let mut out = String::from("#");
            for ch in h.chars() {
                out.push(ch);
                out.push(ch);
            }
            out
        }
        _ => c.to_string(),
    }
}

/// The text as the library stores it (`\r\n` and lone `\r` as `\n`), and
/// how positions move.
pub(super) fn normalize(raw: &str) -> (String, PositionMap) {
    if !raw.contains('\r') {
        return (
            raw.to_string(),
            PositionMap::Same(raw.chars().count() as i64),
        );
    }
    let mut out = String::with_capacity(raw.len());
    let mut table = Vec::with_capacity(raw.len() + 1);
    let mut n = 0u32;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        table.push(n);
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                // The `\r` of `\r\n` goes: it sits where the `\n` will.
                continue;
            }
            out.push('\n');
        } else {
            out.push(c);
        }
        n += 1;
    }
    table.push(n);
    (out, PositionMap::Table(table))
}

impl PositionMap {
    /// The stored text's characters for the project's `start..end`.
    pub(super) fn position(&self, start: i64, end: i64) -> Option<(i64, i64)> {
        if start < 0 || end <= start {
            return None;
        }
        match self {
            PositionMap::Same(len) => (end <= *len).then_some((start, end)),
            PositionMap::Table(t) => {
                let s = *t.get(start as usize)? as i64;
                let e = *t.get(end as usize)? as i64;
                (e > s).then_some((s, e))
            }
            PositionMap::Refind { project, stored } => {
                let (b0, b1) = crate::core::reading::byte_ranges(project, &[(start, end)])[0];
                if b1 <= b0 || end > project.chars().count() as i64 {
                    return None;
                }
                let needle = &project[b0..b1];
                let hint = b0.min(stored.len());
                let at = crate::core::reading::find_nearest(stored, needle, hint)?;
                let s = crate::core::reading::char_of_byte(stored, at);
                Some((s, s + needle.chars().count() as i64))
            }
        }
    }
}
