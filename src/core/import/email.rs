//! E-mail: `.eml` messages and `.mbox` mailboxes (one document per message,
//! source `FILE#N`), parsed by `mail-parser` (MIME, quoted-printable and
//! base64, RFC 2047 headers, charsets).
//!
//! Kept: Subject as the title, the `Date` header as the date (`metadata`, the
//! sender's calendar day), From/To/Cc/Message-ID in the metadata, the
//! plain-text part (an HTML-only message through the web-page extraction),
//! and the names of attachments (listed, not imported).

use std::borrow::Cow;

use mail_parser::{Address, MessageParser, MimeHeaders};
use serde_json::Value;

use super::html;
use super::item::{Parsed, RowError};
use super::text::title_of;
use crate::core::model::{DateSource, PartialDate};

/// Do these bytes start like an mbox mailbox (a `From ` separator line
/// followed by mail headers)?
pub fn looks_like_mbox(start: &[u8]) -> bool {
    let Some(rest) = start.strip_prefix(b"From ") else {
        return false;
    };
    let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
        return false;
    };
    // `From sender@example.org Tue Apr 25 10:00:00 2023`: a sender with an
    // @ (or MAILER-DAEMON), then a date with a time; not "From our
    // correspondent".
    let line = String::from_utf8_lossy(&rest[..nl]);
    let mut words = line.split_whitespace();
    let sender_ok = words
        .next()
        .is_some_and(|w| w.contains('@') || w == "MAILER-DAEMON" || w == "-");
    let has_time = line
        .split_whitespace()
        .any(|w| w.len() == 8 && w.as_bytes()[2] == b':' && w.as_bytes()[5] == b':');
    sender_ok && has_time && header_lines(&rest[nl + 1..]) >= 1
}

/// Do these bytes start with the headers of an e-mail? At least two header
/// lines, one of them a header only mail has (a news story may well begin
/// with `Date:` and `Title:`, but not with `Message-ID:` or `Received:`).
pub fn looks_like_email(start: &[u8]) -> bool {
    const MAIL_ONLY: [&[u8]; 7] = [
        b"message-id:",
        b"received:",
        b"return-path:",
        b"mime-version:",
        b"delivered-to:",
        b"x-mailer:",
        b"in-reply-to:",
    ];
    let head = &start[..start.len().min(8192)];
    let has_mail_header = head.split(|&b| b == b'\n').take(60).any(|line| {
        MAIL_ONLY
            .iter()
            .any(|h| line.len() >= h.len() && line[..h.len()].eq_ignore_ascii_case(h))
    });
    has_mail_header && header_lines(head) >= 2
}

/// How many `Name: value` lines the text starts with.
fn header_lines(text: &[u8]) -> usize {
    let mut n = 0;
    for line in text.split(|&b| b == b'\n').take(40) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            continue; // a folded header
        }
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            break;
        };
        let name = &line[..colon];
        if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-') {
            break;
        }
        n += 1;
    }
    n
}

/// One `.eml` message.
pub fn parse_message(bytes: &[u8], stem: &str) -> Result<Parsed, String> {
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or("not a readable e-mail message")?;
    message_document(&message, stem)
}

/// Every message of a mailbox, numbered from 1.
pub fn parse_mbox(bytes: &[u8], file_name: &str) -> Vec<Result<Parsed, RowError>> {
    let parser = MessageParser::default();
    let mut out = Vec::new();
    for (i, item) in mail_parser::mailbox::mbox::MessageIterator::new(bytes).enumerate() {
        let row = i as i64 + 1;
        let parsed = match item {
            Ok(raw) => match parser.parse(raw.contents()) {
                Some(message) => message_document(&message, &format!("{file_name}#{row}")),
                None => Err("not a readable e-mail message".to_string()),
            },
            Err(e) => Err(format!("cannot be read ({e})")),
        };
        out.push(
            parsed
                .map(|mut doc| {
                    doc.row = row;
                    doc
                })
                .map_err(|reason| (row, format!("message {row}: {reason}"))),
        );
    }
    out
}

fn message_document(message: &mail_parser::Message, fallback: &str) -> Result<Parsed, String> {
    let mut plain = Vec::new();
    let mut html_parts = Vec::new();
    for part in message.text_bodies() {
        let Some(text) = part.text_contents() else {
            continue;
        };
        if part.is_text_html() {
            html_parts.push(text.to_string());
        } else {
            plain.push(text.to_string());
        }
    }
    // An HTML-only message lists its one HTML part among the text bodies
    // too (mail-parser offers it there): each part once.
    if plain.is_empty() {
        for part in message
            .html_bodies()
            .filter_map(|p| p.text_contents().map(str::to_string))
        {
            if !html_parts.contains(&part) {
                html_parts.push(part);
            }
        }
    }
    let text = if !plain.is_empty() {
        plain.join("\n\n")
    } else {
        html_parts
            .iter()
            .filter_map(|h| html::parse_str(h, fallback).ok().map(|page| page.doc.text))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let text = super::decode::normalize_line_endings(text)
        .trim()
        .to_string();
    if text.is_empty() {
        return Err("the message has no text".into());
    }
    let subject = message
        .subject()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    let title = subject.unwrap_or_else(|| title_of(&text, fallback));
    let date = message.date().and_then(|d| {
        PartialDate::new(d.year as i32, Some(d.month as u32), Some(d.day as u32))
            .map(|d| (d, DateSource::Metadata))
    });
    let mut doc = Parsed::file(title, text, date);
    doc.set_meta("from", message.from().map(addresses));
    doc.set_meta("to", message.to().map(addresses));
    doc.set_meta("cc", message.cc().map(addresses));
    doc.set_meta("message_id", message.message_id().map(str::to_string));
    let attachments: Vec<Value> = message
        .attachments()
        .map(|a| {
            let name = a.attachment_name().map(Cow::Borrowed).unwrap_or_else(|| {
                Cow::Owned(a.content_type().map_or("attachment".into(), |t| {
                    format!("({}/{})", t.ctype(), t.subtype().unwrap_or("?"))
                }))
            });
            Value::String(name.into_owned())
        })
        .collect();
    if !attachments.is_empty() {
        doc.meta
            .insert("attachments".into(), Value::Array(attachments));
    }
    Ok(doc)
}

/// `Ana Ruiz <ana@example.org>, bob@example.org`.
fn addresses(a: &Address) -> String {
    a.iter()
        .map(|addr| match (addr.name(), addr.address()) {
            (Some(name), Some(mail)) => format!("{name} <{mail}>"),
            (None, Some(mail)) => mail.to_string(),
            (Some(name), None) => name.to_string(),
            (None, None) => String::new(),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const QP: &[u8] = b"From: Ana Ruiz <ana@example.org>\r\nTo: desk@example.org\r\nSubject: =?UTF-8?Q?Caf=C3=A9_closure?=\r\nDate: Tue, 25 Apr 2023 23:30:00 -0700\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nThe caf=C3=A9 on Main Street closes on Friday after forty years of trading=\r\n on the corner.\r\n";

    #[test]
    fn quoted_printable_message() {
        assert!(looks_like_email(QP));
        let doc = parse_message(QP, "m").unwrap();
        assert_eq!(doc.title, "Café closure");
        // The sender's day, not UTC's (that would be the 26th).
        assert_eq!(
            doc.date,
            Some(("2023-04-25".parse().unwrap(), DateSource::Metadata))
        );
        assert!(doc.text.contains("trading on the corner"), "{}", doc.text);
        assert_eq!(doc.meta["from"], "Ana Ruiz <ana@example.org>");
        assert_eq!(doc.meta["message_id"], "1@example.org");
    }

    /// Regression: a quoted-printable HTML-only message was stored twice
    /// (844 words for 416).
    #[test]
    fn an_html_only_message_s_text_appears_once() {
        let para = "The harbour board met on Tuesday and agreed to dredge the channel before the \
                    autumn storms, after ship owners warned that larger vessels could no longer \
                    enter at low tide without risk.";
        let html = format!(
            "<html><body><h1>Harbour to be dredged</h1><p>{para}</p><p>Unique closing line of the note.</p></body></html>"
        );
        let mut qp = String::new();
        for line in html.as_bytes().chunks(70) {
            qp.push_str(&String::from_utf8_lossy(line).replace('=', "=3D"));
            qp.push_str("=\r\n");
        }
        let raw = format!(
            "From: desk@example.org\r\nSubject: Harbour\r\nDate: Tue, 25 Apr 2023 10:00:00 +0000\r\n\
             MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\
             Content-Transfer-Encoding: quoted-printable\r\n\r\n{qp}"
        );
        let doc = parse_message(raw.as_bytes(), "m").unwrap();
        assert_eq!(
            doc.text.matches("Unique closing line").count(),
            1,
            "{}",
            doc.text
        );
        assert_eq!(
            doc.text.matches("harbour board met").count(),
            1,
            "{}",
            doc.text
        );
    }

    #[test]
    fn mailbox_numbers_its_messages() {
        let mut mbox = b"From ana@example.org Tue Apr 25 10:00:00 2023\n".to_vec();
        mbox.extend_from_slice(QP);
        mbox.extend_from_slice(b"\nFrom bob@example.org Wed Apr 26 10:00:00 2023\nFrom: bob@example.org\nSubject: Second\n\nAnother message body.\n");
        assert!(looks_like_mbox(&mbox));
        let rows = parse_mbox(&mbox, "box.mbox");
        assert_eq!(rows.len(), 2);
        let second = rows[1].as_ref().unwrap();
        assert_eq!((second.row, second.title.as_str()), (2, "Second"));
    }

    #[test]
    fn header_like_text_is_not_mail() {
        assert!(!looks_like_email(
            b"Date: 26-FEB-1987\nTitle: COCOA\n\nSalvador, Feb 26 - Showers"
        ));
        assert!(!looks_like_mbox(
            b"From the archive of a local paper\nIt was"
        ));
    }
}
