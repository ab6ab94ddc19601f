//! File names that are safe on Windows, macOS and Linux.

use std::collections::HashSet;

/// Names Windows reserves, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The most characters a slug keeps (a whole name stays far below the
/// 255-byte limit of common file systems, also in UTF-8).
const MAX_SLUG: usize = 60;

/// A title as a file-name part: letters and digits (any script), words
/// joined by `-`, lower-cased, at most `MAX_SLUG` (60) characters; `untitled`
/// when nothing is left. Never a path separator, `..`, a control
/// character or a reserved name.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else {
            dash = true;
        }
        if out.chars().count() >= MAX_SLUG {
            break;
        }
    }
    let out: String = out.chars().take(MAX_SLUG).collect();
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "untitled".to_string()
    } else if RESERVED.contains(&out.as_str()) {
        format!("{out}-")
    } else {
        out
    }
}

/// Hands out names unique within one folder, ignoring case (as Windows
/// and macOS do): `name.txt`, `name-2.txt`, …
#[derive(Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    pub fn name(&mut self, stem: &str, ext: &str) -> String {
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                format!("{stem}.{ext}")
            } else {
                format!("{stem}-{n}.{ext}")
            };
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_titles_become_safe_names() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("CON"), "con-");
        assert_eq!(slug("nul"), "nul-");
        assert_eq!(slug("🔥🔥"), "untitled");
        assert_eq!(
            slug("Ankara & Damascus: talks\\n\\t"),
            "ankara-damascus-talks-n-t"
        );
        assert_eq!(slug("a\u{0}b\u{7}c"), "a-b-c");
        assert_eq!(slug("Genève — talks"), "genève-talks");
        assert_eq!(slug(&"x".repeat(500)).chars().count(), MAX_SLUG);
        assert_eq!(slug(""), "untitled");
        let mut u = Unique::default();
        assert_eq!(u.name("a", "txt"), "a.txt");
        assert_eq!(u.name("A", "txt"), "A-2.txt");
        assert_eq!(u.name("a", "txt"), "a-3.txt");
    }

    proptest::proptest! {
        #[test]
        fn any_title_gives_a_safe_name(title in "\\\\PC{0,300}") {
            let s = slug(&title);
            proptest::prop_assert!(!s.is_empty() && s.chars().count() <= MAX_SLUG + 1);
            proptest::prop_assert!(s.chars().all(|c| c.is_alphanumeric() || c == '-'));
            proptest::prop_assert!(!s.contains(".."));
            proptest::prop_assert!(!RESERVED.contains(&s.as_str()));
        }
    }
}
