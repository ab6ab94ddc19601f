//! A whole text file as one document; titles; the key exact duplicates share.

use serde_json::Map;

use super::dates;
use super::formats::Parsed;

/// Longest title kept, in characters.
pub const TITLE_MAX: usize = 150;

/// A whole text file as one document.
pub fn parse_text(text: &str, file_stem: &str) -> Parsed {
    let (date, body) = dates::find(text, Some(file_stem));
    let body = body.to_string();
    Parsed {
        row: 0,
        title: title_of(&body, file_stem),
        text: body,
        date,
        tags: Vec::new(),
        meta: Map::new(),
    }
}

/// The first meaningful line (one with at least three letters), shortened at
/// a word boundary; else `fallback`.
pub fn title_of(text: &str, fallback: &str) -> String {
    let Some(line) = text
        .lines()
        .map(str::trim)
        .find(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 3)
    else {
        return fallback.to_string();
    };
    let line: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= TITLE_MAX {
        return line;
    }
    let cut: String = line.chars().take(TITLE_MAX).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > TITLE_MAX / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The text exact duplicates are recognised by: whitespace runs collapsed.
pub fn content_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            title_of("\n  --- \n  Big news today \nbody", "f"),
            "Big news today"
        );
        assert_eq!(title_of("12\n!!", "file-name"), "file-name");
        let long = "word ".repeat(100);
        let t = title_of(&long, "f");
        assert!(
            t.chars().count() <= TITLE_MAX + 1 && t.ends_with('…'),
            "{t}"
        );
    }
}
