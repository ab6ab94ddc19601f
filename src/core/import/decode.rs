//! Turning a file's bytes into UTF-8 text, or a clear reason why not.
//!
//! Order: a byte-order mark decides (UTF-8, UTF-16 LE/BE); otherwise valid
//! UTF-8 is taken as is; text full of NULs in a UTF-16 pattern is UTF-16
//! without a BOM; anything else with a NUL is binary; the rest is a legacy
//! encoding guessed by chardetng and decoded by encoding_rs. Line endings
//! come out as `\n`.
//!
//! Text that only looks binary is text: terminal formatting (ANSI escape
//! sequences, backspace overstrikes as in man pages) and form feeds are
//! taken out, and a few stray control characters are dropped. Only text
//! where stray controls are common (over 1 %) is refused.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and the name of the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
}

/// Why bytes could not become a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("contains only whitespace")]
    Whitespace,
    #[error("binary file (contains NUL bytes), not text")]
    Binary,
    #[error("binary file (contains control characters), not text")]
    ControlCharacters,
    #[error("not valid {0} text: the encoding is broken")]
    Malformed(String),
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (text, encoding) = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let text = if enc == UTF_8 {
            utf8_allowing_cut_end(body).ok_or_else(|| DecodeError::Malformed("UTF-8".into()))?
        } else {
            strict(enc, body)?
        };
        (text, enc.name())
    } else if let Some(text) = utf8_allowing_cut_end(bytes).filter(|t| !t.contains('\0')) {
        (text, UTF_8.name())
    } else if let Some(enc) = utf16_without_bom(bytes) {
        (strict(enc, bytes)?, enc.name())
    } else if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    } else {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        let enc = detector.guess(None, true);
        (strict(enc, bytes)?, enc.name())
    };
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    let (text, stray) = strip_terminal_formatting(&text);
    if stray > 0 && stray * 100 > text.chars().count() + stray {
        return Err(DecodeError::ControlCharacters);
    }
    check_text(&text)?;
    Ok(Decoded {
        text: normalize_line_endings(text),
        encoding: encoding.to_string(),
    })
}

/// Decodes without replacement characters: a broken byte is an error.
fn strict(enc: &'static Encoding, bytes: &[u8]) -> Result<String, DecodeError> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
        .ok_or_else(|| DecodeError::Malformed(enc.name().to_string()))
}

/// Valid UTF-8, also when the file was cut in the middle of its last character
/// (the incomplete character is dropped).
fn utf8_allowing_cut_end(bytes: &[u8]) -> Option<String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_string()),
        Err(e) if e.error_len().is_none() => {
            Some(String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned())
        }
        Err(_) => None,
    }
}

/// Spots UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let ratio = |n: usize| n as f64 / pairs as f64;
    if ratio(odd) > 0.3 && ratio(even) < 0.02 {
        Some(UTF_16LE)
    } else if ratio(even) > 0.3 && ratio(odd) < 0.02 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Takes terminal formatting out of text: ANSI escape sequences (CSI such
/// as `ESC[1m`, OSC up to BEL or `ESC\`, and two-character escapes),
/// backspace overstrikes (`X\bX` bold and `_\bX` underline show the last
/// character), form feeds (a page break: a blank line). Other control
/// characters but newline, carriage return and tab are dropped and counted:
/// the count is returned, to tell binary data from text.
pub fn strip_terminal_formatting(text: &str) -> (String, usize) {
    if !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return (text.to_string(), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut stray = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters and intermediates, then one final byte.
                Some('[') => {
                    for c in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&c) {
                            break;
                        }
                    }
                }
                // OSC (a window title, a hyperlink): up to BEL or ESC \.
                Some(']') => {
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' {
                            break;
                        }
                        if c == '\u{1b}' {
                            chars.next_if_eq(&'\\');
                            break;
                        }
                    }
                }
                // A two-character escape (ESC 7, ESC =, …).
                Some(_) | None => {}
            },
            // Overstrike: the character after the backspace is what shows.
            '\u{8}' => {
                if out.pop().is_none() {
                    stray += 1;
                }
            }
            '\x0c' => out.push('\n'),
            '\n' | '\r' | '\t' => out.push(c),
            c if c.is_control() => stray += 1,
            c => out.push(c),
        }
    }
    (out, stray)
}

/// Refuses decoded text with nothing in it.
fn check_text(text: &str) -> Result<(), DecodeError> {
    let body = text.trim_start_matches('\u{feff}');
    if body.is_empty() {
        return Err(DecodeError::Empty);
    }
    if body.trim().is_empty() {
        return Err(DecodeError::Whitespace);
    }
    Ok(())
}

/// `\r\n` and lone `\r` become `\n`; a stray BOM at the start goes.
pub fn normalize_line_endings(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(text: &str, e: &'static Encoding) -> Vec<u8> {
        e.encode(text).0.into_owned()
    }

    #[test]
    fn utf8_and_line_endings() {
        let d = decode(b"one\r\ntwo\rthree\n").unwrap();
        assert_eq!(d.text, "one\ntwo\nthree\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn boms() {
        let d = decode(b"\xEF\xBB\xBFhello").unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("hello", "UTF-8"));
        let mut le = vec![0xFF, 0xFE];
        for u in "Größe café".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            ("Größe café", "UTF-16LE")
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "Syria’s".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let d = decode(&be).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str()),
            ("Syria’s", "UTF-16BE")
        );
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let mut le = Vec::new();
        for u in "The minister said on Tuesday that talks would go on.".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&le).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.text.starts_with("The minister"));
    }

    #[test]
    fn latin1_is_detected() {
        let text = "Le ministre a déclaré que la réunion était très constructive, à Genève.";
        let d = decode(&enc(text, encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn rejects() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t \r\n"), Err(DecodeError::Whitespace));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
            Err(DecodeError::Binary)
        );
        assert_eq!(
            decode(b"\x01\x02\x03\x04\x05abc"),
            Err(DecodeError::ControlCharacters)
        );
        assert!(matches!(
            decode(b"\xEF\xBB\xBFok\xFF\xFEok"),
            Err(DecodeError::Malformed(_))
        ));
    }

    #[test]
    fn terminal_formatting_is_text() {
        // A man page: bold by overstrike, underline by underscore-backspace.
        let man = "N\u{8}NA\u{8}AM\u{8}ME\u{8}E\n     _\u{8}l_\u{8}s - list\u{c}next page\n";
        assert_eq!(
            decode(man.as_bytes()).unwrap().text,
            "NAME\n     ls - list\nnext page\n"
        );
        // ANSI colours, an OSC title and a hyperlink around plain words.
        let ansi = "\u{1b}[1;31mError:\u{1b}[0m disk \u{1b}]0;title\u{7}full \u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\ now";
        assert_eq!(
            decode(ansi.as_bytes()).unwrap().text,
            "Error: disk full link now"
        );
        // A stray control in a long text is dropped, not a reason to refuse.
        let mut long = "word ".repeat(100);
        long.push('\u{1}');
        assert_eq!(decode(long.as_bytes()).unwrap().text, "word ".repeat(100));
        // Many stray controls: binary.
        assert_eq!(
            decode(b"\x01\x02\x03\x04\x05\x06abc"),
            Err(DecodeError::ControlCharacters)
        );
    }

    #[test]
    fn utf8_cut_mid_character_keeps_the_rest() {
        let mut bytes = "Syria’s war".as_bytes().to_vec();
        bytes.extend_from_slice(&"’".as_bytes()[..2]);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Syria’s war");
        assert_eq!(d.encoding, "UTF-8");
    }
}
