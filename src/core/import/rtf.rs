//! RTF to plain text, paragraphs kept: what LexisNexis, Nexis Uni and
//! Factiva RTF exports (and word processors' `.rtf` files) need.
//!
//! Written here because the RTF crate there is (`rtf-parser` 0.4) loses
//! paragraph breaks, includes the `\info` title in the text and drops the
//! character after `\uN?`; measured on an export-shaped sample before
//! deciding. This reader handles groups, the destinations that are not text
//! (font, colour and style tables, `\info`, pictures, `\*` groups, field
//! instructions, headers and footers), `\par`/`\line`/`\tab`/`\cell`/`\row`,
//! `\uN` with its `\ucN` fallback count, `\'hh` in the document's code page
//! (`\ansicpgN`, Windows-1252 by default) and the named quotes and dashes.

use encoding_rs::Encoding;

/// Deepest group nesting read (a hostile file cannot exhaust the stack:
/// the reader keeps its own stack, this caps its size).
const MAX_DEPTH: usize = 512;

/// Destinations whose content is not document text.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "header",
    "footer",
    "headerl",
    "headerr",
    "headerf",
    "footerl",
    "footerr",
    "footerf",
    "fldinst",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "latentstyles",
    "datastore",
    "revtbl",
    "filetbl",
    "footnote",
    "annotation",
    "bkmkstart",
    "bkmkend",
    "nonshppict",
    "shppict",
    "mmathPr",
    "pgdsctbl",
];

#[derive(Clone, Copy)]
struct Group {
    skip: bool,
    /// Characters to skip after `\uN` (`\ucN`).
    uc: usize,
}

/// The control word starting at `*i` (letters, then an optional signed
/// number and one space, all consumed).
fn control_word<'a>(bytes: &'a [u8], i: &mut usize) -> (&'a str, Option<i64>) {
    let word_start = *i;
    while *i < bytes.len() && bytes[*i].is_ascii_alphabetic() {
        *i += 1;
    }
    let word = std::str::from_utf8(&bytes[word_start..*i]).unwrap_or("");
    let num_start = *i;
    if *i < bytes.len() && (bytes[*i] == b'-' || bytes[*i].is_ascii_digit()) {
        *i += 1;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
    }
    let param: Option<i64> = std::str::from_utf8(&bytes[num_start..*i])
        .ok()
        .and_then(|s| s.parse().ok());
    // One space after a control word belongs to it.
    if *i < bytes.len() && bytes[*i] == b' ' {
        *i += 1;
    }
    (word, param)
}

/// The character a control word stands for, if it is one.
fn symbol(word: &str) -> Option<char> {
    Some(match word {
        "par" | "sect" | "page" | "line" | "row" => '\n',
        "tab" | "cell" => '\t',
        "emdash" => '—',
        "endash" => '–',
        "lquote" => '‘',
        "rquote" => '’',
        "ldblquote" => '“',
        "rdblquote" => '”',
        "bullet" => '•',
        "emspace" | "enspace" | "qmspace" => ' ',
        _ => return None,
    })
}

/// The text of an RTF document; `Err` for something that is not RTF.
pub fn to_text(bytes: &[u8]) -> Result<String, String> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if !bytes[start..].starts_with(b"{\\rtf") {
        return Err("not an RTF document".into());
    }
    let mut encoding: &'static Encoding = encoding_rs::WINDOWS_1252;
    let mut out = String::with_capacity(bytes.len() / 2);
    // Bytes of `\'hh` escapes waiting to be decoded together (a multi-byte
    // code page writes one character as two escapes).
    let mut pending: Vec<u8> = Vec::new();
    let mut stack: Vec<Group> = Vec::new();
    let mut group = Group { skip: false, uc: 1 };
    // Characters still to skip after a `\uN`.
    let mut skip_chars = 0usize;
    let mut i = start;
    let flush = |pending: &mut Vec<u8>, out: &mut String, encoding: &'static Encoding| {
        if !pending.is_empty() {
            let (text, _, _) = encoding.decode(pending);
            out.push_str(&text);
            pending.clear();
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' => {
                flush(&mut pending, &mut out, encoding);
                if stack.len() >= MAX_DEPTH {
                    return Err("damaged RTF: groups nested too deeply".into());
                }
                stack.push(group);
                skip_chars = 0;
                i += 1;
                // `{\*\dest …}`: an optional destination, never text.
                if bytes[i..].starts_with(b"\\*") {
                    group.skip = true;
                }
            }
            b'}' => {
                flush(&mut pending, &mut out, encoding);
                group = stack.pop().unwrap_or(Group { skip: false, uc: 1 });
                skip_chars = 0;
                i += 1;
            }
            b'\\' => {
                i += 1;
                let Some(&c) = bytes.get(i) else { break };
                if c.is_ascii_alphabetic() {
                    let (word, param) = control_word(bytes, &mut i);
                    if word != "u" && word != "uc" {
                        flush(&mut pending, &mut out, encoding);
                    }
                    if SKIPPED.contains(&word) {
                        group.skip = true;
                        continue;
                    }
                    if group.skip {
                        continue;
                    }
                    match word {
                        "ansicpg" => {
                            if let Some(e) = param.and_then(code_page) {
                                encoding = e;
                            }
                        }
                        "uc" => group.uc = param.unwrap_or(1).clamp(0, 8) as usize,
                        "u" => {
                            flush(&mut pending, &mut out, encoding);
                            let n = param.unwrap_or(0);
                            let code = if n < 0 { n + 65536 } else { n } as u32;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            skip_chars = group.uc;
                        }
                        word => out.extend(symbol(word)),
                    }
                    continue;
                }
                i += 1;
                match c {
                    b'\'' => {
                        let hex = bytes
                            .get(i..i + 2)
                            .and_then(|h| std::str::from_utf8(h).ok());
                        i += 2;
                        if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                            if skip_chars > 0 {
                                skip_chars -= 1;
                            } else if !group.skip {
                                pending.push(v);
                            }
                        }
                    }
                    b'\\' | b'{' | b'}' if !group.skip => {
                        flush(&mut pending, &mut out, encoding);
                        if skip_chars > 0 {
                            skip_chars -= 1;
                        } else {
                            out.push(c as char);
                        }
                    }
                    // `\` + line end is a paragraph, `\~` a no-break space.
                    b'\n' | b'\r' if !group.skip => out.push('\n'),
                    b'~' if !group.skip => out.push('\u{a0}'),
                    b'_' if !group.skip => out.push('-'),
                    _ => {}
                }
            }
            b'\r' | b'\n' => i += 1,
            _ => {
                flush(&mut pending, &mut out, encoding);
                // A run of plain text up to the next special byte.
                let run_start = i;
                while i < bytes.len() && !matches!(bytes[i], b'{' | b'}' | b'\\' | b'\r' | b'\n') {
                    i += 1;
                }
                if group.skip {
                    continue;
                }
                let run = &bytes[run_start..i];
                let (text, _, _) = encoding.decode(run);
                let mut chars = text.chars();
                while skip_chars > 0 {
                    if chars.next().is_none() {
                        break;
                    }
                    skip_chars -= 1;
                }
                out.push_str(chars.as_str());
            }
        }
    }
    flush(&mut pending, &mut out, encoding);
    Ok(super::pdf::tidy(&out))
}

/// The encoding of a Windows code page number.
fn code_page(n: i64) -> Option<&'static Encoding> {
    let label = match n {
        65001 => "utf-8",
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        1250..=1258 => return Encoding::for_label(format!("windows-{n}").as_bytes()),
        10000 => "macintosh",
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_escapes_and_skipped_destinations() {
        let rtf = br"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\froman Times New Roman;}}{\info{\title Test}}{\*\generator Word;}
\pard\qc 1 of 2 DOCUMENTS\par
\pard\par
\pard Harbour wall gives way\par
\pard BYLINE: Andrew Sparrow\par
\pard\par
\pard A caf\'e9 closed. \u8220?We were told,\u8221? she said \{sic\}.\par
\pard {\b LOAD-DATE:} January 12, 2010\par
}";
        let text = to_text(rtf).unwrap();
        assert_eq!(
            text,
            "1 of 2 DOCUMENTS\n\nHarbour wall gives way\nBYLINE: Andrew Sparrow\n\nA café closed. “We were told,” she said {sic}.\nLOAD-DATE: January 12, 2010"
        );
    }

    #[test]
    fn code_pages_and_unicode_fallbacks() {
        // Cyrillic in windows-1251; \uc2 skips a two-byte fallback.
        let rtf = br"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2 {\uc2\u1055\'3f\'3f}}";
        assert_eq!(to_text(rtf).unwrap(), "Привет П");
    }

    #[test]
    fn not_rtf_or_hostile() {
        assert!(to_text(b"plain text").is_err());
        let deep = [b"{\\rtf1 ".as_slice(), &[b'{'; 10_000]].concat();
        assert!(to_text(&deep).is_err());
        assert_eq!(to_text(b"{\\rtf1 \\'z").unwrap(), "");
    }
}
