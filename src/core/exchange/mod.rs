//! REFI-QDA project exchange: the `.qdpx` project (a zip of `project.qde`
//! and the source texts under `Sources/`) that NVivo, MAXQDA, ATLAS.ti and
//! QualCoder read and write, and the `.qdc` codebook.
//!
//! - [`write`](mod@write): documents as text sources, tags as the code tree, coded
//!   passages as selections with their coders, memos as notes, metadata as
//!   case variables, saved searches, import batches and duplicate clusters
//!   as sets. Streamed: the project's XML goes through temporary files, so
//!   its size never sits in memory.
//! - [`read`](mod@read): a project made by any of those programs back into the
//!   library, with a report of what did not fit.
//!
//! Positions are characters (Unicode scalar values) of the source text as
//! stored in `Sources/`, as the standard counts them; `\r` in any XML text
//! is written as `&#13;` so that no XML parser's line-end handling moves
//! them.

pub mod read;
pub mod write;

/// The project schema's namespace.
pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
/// The codebook schema's namespace.
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

/// A GUID (version-4 layout) that names `kind` `id` of one library: the
/// same library exports the same thing under the same GUID every time.
pub fn guid(salt: &str, kind: &str, id: &str) -> String {
    let mut h = blake3::Hasher::new();
    for part in [salt, kind, id] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let b = h.finalize();
    let mut x = [0u8; 16];
    x.copy_from_slice(&b.as_bytes()[..16]);
    x[6] = (x[6] & 0x0f) | 0x40;
    x[8] = (x[8] & 0x3f) | 0x80;
    let hex: String = x.iter().map(|v| format!("{v:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Whether a character may appear in an XML 1.0 document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// `s` as XML element text: markup escaped, `\r` as a character reference,
/// characters XML cannot hold as U+FFFD.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// `s` as an XML attribute value (quoted with `"`): line breaks and tabs
/// as character references, which attribute normalisation keeps.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// A code's name as one level of a tag name: `/` inside it is no level
/// (it becomes U+2215 DIVISION SLASH), line breaks and other control
/// characters become spaces, runs of spaces one, at most 60 characters.
pub fn code_name(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| match c {
            '/' => '\u{2215}',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let words = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.char_indices().nth(60) {
        Some((b, _)) => words[..b].trim_end().to_string(),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_version_4_and_distinct() {
        let a = guid("lib", "source", "1");
        assert_eq!(a, guid("lib", "source", "1"));
        assert_ne!(a, guid("lib", "source", "2"));
        assert_ne!(a, guid("lib", "code", "1"));
        assert_ne!(a, guid("other", "source", "1"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn escapes_keep_line_ends_and_drop_what_xml_cannot_hold() {
        assert_eq!(text("a\r\nb <&>"), "a&#13;\nb &lt;&amp;&gt;");
        assert_eq!(attr("\"x\"\n\t"), "&quot;x&quot;&#10;&#9;");
        assert_eq!(text("bell\u{7}"), "bell\u{FFFD}");
    }

    #[test]
    fn code_names_are_one_clean_level() {
        assert_eq!(code_name(" Yes/No "), "Yes\u{2215}No");
        assert_eq!(code_name("two\nlines\tand  tabs"), "two lines and tabs");
        assert_eq!(code_name(&"x".repeat(500)).chars().count(), 60);
    }
}
