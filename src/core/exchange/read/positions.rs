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

/// Full-text searches for passages of one source whose text is not near
/// its old place (each costs a pass over the text): past these, such
/// passages are refused, so a 5 MB text with 10,000 of them stays bounded.
const FULL_SEARCHES: usize = 100;

/// Bytes either side of a passage's old place searched first.
const NEAR: usize = 4096;

impl PositionMap {
    /// The stored text's characters for the project's `start..end`
    /// ranges, in order (`None`: it does not fit). One pass over the texts
    /// for all of them.
    pub(super) fn positions(&self, ranges: &[(i64, i64)]) -> Vec<Option<(i64, i64)>> {
        let usable = |&(s, e): &(i64, i64)| s >= 0 && e > s;
        match self {
            PositionMap::Same(len) => ranges
                .iter()
                .map(|&(s, e)| (usable(&(s, e)) && e <= *len).then_some((s, e)))
                .collect(),
            PositionMap::Table(t) => ranges
                .iter()
                .map(|&(s, e)| {
                    if !usable(&(s, e)) {
                        return None;
                    }
                    let s = *t.get(s as usize)? as i64;
                    let e = *t.get(e as usize)? as i64;
                    (e > s).then_some((s, e))
                })
                .collect(),
            PositionMap::Refind { project, stored } => refind(project, stored, ranges),
        }
    }
}

/// Passages of `project` found again in `stored` (a text with the same
/// words): near their old place first, else anywhere (within a budget).
fn refind(project: &str, stored: &str, ranges: &[(i64, i64)]) -> Vec<Option<(i64, i64)>> {
    let chars = project.chars().count() as i64;
    let fits: Vec<bool> = ranges
        .iter()
        .map(|&(s, e)| s >= 0 && e > s && e <= chars)
        .collect();
    let valid: Vec<(i64, i64)> = ranges
        .iter()
        .zip(&fits)
        .filter(|(_, ok)| **ok)
        .map(|(r, _)| *r)
        .collect();
    let mut bytes = crate::core::reading::byte_ranges(project, &valid).into_iter();
    let mut budget = FULL_SEARCHES;
    // (index of the range, byte found in `stored`, characters long)
    let mut found: Vec<(usize, usize, i64)> = Vec::new();
    for (i, ok) in fits.iter().enumerate() {
        if !*ok {
            continue;
        }
        let Some((b0, b1)) = bytes.next() else { break };
        let needle = &project[b0..b1];
        let hint = b0.min(stored.len());
        let lo = floor(stored, hint.saturating_sub(NEAR));
        let hi = ceil(stored, (hint + needle.len() + NEAR).min(stored.len()));
        let near = crate::core::reading::find_nearest(&stored[lo..hi], needle, hint - lo)
            .map(|at| lo + at);
        let at = near.or_else(|| {
            (budget > 0).then(|| {
                budget -= 1;
                crate::core::reading::find_nearest(stored, needle, hint)
            })?
        });
        if let Some(at) = at {
            found.push((i, at, needle.chars().count() as i64));
        }
    }
    // Bytes to characters, in one pass.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&k| found[k].1);
    let mut out = vec![None; ranges.len()];
    let mut walk = stored.char_indices().map(|(b, _)| b).enumerate().peekable();
    for k in order {
        let (i, at, len) = found[k];
        let mut c = None;
        while let Some(&(n, b)) = walk.peek() {
            if b >= at {
                c = (b == at).then_some(n as i64);
                break;
            }
            walk.next();
        }
        if let Some(s) = c {
            out[i] = Some((s, s + len));
        }
    }
    out
}

fn floor(s: &str, mut b: usize) -> usize {
    while b > 0 && !s.is_char_boundary(b) {
        b -= 1;
    }
    b
}

fn ceil(s: &str, mut b: usize) -> usize {
    while b < s.len() && !s.is_char_boundary(b) {
        b += 1;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_map_to_the_stored_text() {
        let (text, map) = normalize("ab\r\ncd\ref");
        assert_eq!(text, "ab\ncd\nef");
        // "cd" is 4..6 with \r\n, 3..5 after; a range ending at the \r
        // ends before the \n.
        assert_eq!(
            map.positions(&[(4, 6), (0, 2), (0, 3), (9, 20)]),
            vec![Some((3, 5)), Some((0, 2)), Some((0, 2)), None]
        );
    }

    #[test]
    fn passages_are_found_again_in_a_text_spaced_otherwise() {
        let project = "Tone  &  temper: the mayor was angry. Résidents étaient calmes.";
        let stored = "Tone & temper: the mayor was angry. Résidents étaient calmes.";
        let at = |needle: &str| {
            let b = project.find(needle).unwrap();
            let s = project[..b].chars().count() as i64;
            (s, s + needle.chars().count() as i64)
        };
        let map = PositionMap::Refind {
            project: project.into(),
            stored: stored.into(),
        };
        let got = map.positions(&[at("angry"), at("étaient"), (0, 999)]);
        let slice = |r: Option<(i64, i64)>| {
            let (s, e) = r.unwrap();
            stored
                .chars()
                .skip(s as usize)
                .take((e - s) as usize)
                .collect::<String>()
        };
        assert_eq!(slice(got[0]), "angry");
        assert_eq!(slice(got[1]), "étaient");
        assert_eq!(got[2], None);
    }

    /// 10,000 passages none of which is where it was, in a 2 MB text: near
    /// searches, then a bounded number of full ones (this would take
    /// minutes unbounded).
    #[test]
    fn refinding_is_bounded_on_a_long_text() {
        let project: String = "lorem ipsum ".repeat(170_000);
        let stored: String = format!("{}{}", "x".repeat(100_000), "dolor sit ".repeat(190_000));
        let ranges: Vec<(i64, i64)> = (0..10_000).map(|i| (i * 100, i * 100 + 11)).collect();
        let map = PositionMap::Refind { project, stored };
        assert!(map.positions(&ranges).iter().all(Option::is_none));
    }
}
