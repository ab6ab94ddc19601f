//! Re-reading the found dates and titles of documents imported under the
//! rules of earlier versions, which took dates from mentions in the running
//! text and titles from `Date:` lines. The upgrade to schema 4 lists every
//! document in `rederive_pending`; [`run`] works through the list in small
//! transactions (so it can stop and go on later) and says how much changed.
//!
//! Manual and inherited dates (`set_*`) and titles set by hand are never
//! touched; a date found by a rule that still holds (header, file name,
//! row field, page or e-mail metadata, properties) stays, unless it lies
//! before 1800 or after today.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::Store;
use crate::core::error::{Error, Result};
use crate::core::import::{date_value, dates, header_block, text::title_of};
use crate::core::model::{DateSource, PartialDate};

/// Documents handled per transaction.
const CHUNK: usize = 2000;

/// What a run changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub documents: usize,
    pub dates_changed: usize,
    pub titles_changed: usize,
}

impl Report {
    /// "12 dates and 3 titles changed".
    pub fn summary(&self) -> String {
        format!(
            "{} and {} changed",
            crate::core::counts::plural(self.dates_changed, "date", "dates"),
            crate::core::counts::plural(self.titles_changed, "title", "titles"),
        )
    }
}

/// Documents still to re-read.
pub fn pending(conn: &rusqlite::Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM rederive_pending", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Works through the pending list; `progress(done, total)` after each
/// chunk. Stops with [`Error::Cancelled`] when `cancel` is set (what was
/// done is kept, the rest stays pending).
pub fn run(
    lib: &Store,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report> {
    let total = pending(&lib.reader()?)?;
    let mut report = Report::default();
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        let chunk = lib.writer().write(chunk_step)?;
        if chunk.documents == 0 {
            // Titles that are an outlet's masthead, now the library can
            // tell (see `import::mastheads`).
            report.titles_changed += lib.writer().write(crate::core::store::mastheads::retitle)?;
            return Ok(report);
        }
        report.documents += chunk.documents;
        report.dates_changed += chunk.dates_changed;
        report.titles_changed += chunk.titles_changed;
        progress(report.documents.min(total), total);
    }
}

fn chunk_step(tx: &Transaction) -> Result<Report> {
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT doc_id FROM rederive_pending ORDER BY doc_id LIMIT ?1")?
        .query_map([CHUNK as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut report = Report::default();
    let mut read = tx.prepare_cached(
        "SELECT title, text, found_date, found_source, found_title FROM documents WHERE id = ?1",
    )?;
    let mut set_date =
        tx.prepare_cached("UPDATE documents SET found_date = ?2, found_source = ?3 WHERE id = ?1")?;
    let mut set_source_dates = tx.prepare_cached(
        "UPDATE sources SET found_date = ?2, found_source = ?3
         WHERE doc_id = ?1 AND (found_source IS NULL OR found_source = 'text')",
    )?;
    let mut set_title =
        tx.prepare_cached("UPDATE documents SET title = ?2, title_key = ?3 WHERE id = ?1")?;
    let mut done = tx.prepare_cached("DELETE FROM rederive_pending WHERE doc_id = ?1")?;
    let mut first_path =
        tx.prepare_cached("SELECT path_text FROM sources WHERE doc_id = ?1 ORDER BY id LIMIT 1")?;
    for id in ids {
        report.documents += 1;
        let row = read
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .optional()?;
        done.execute([id])?;
        let Some((title, text, found_date, found_source, found_title)) = row else {
            continue;
        };
        let (mut date, mut source) =
            new_date(&text, found_date.as_deref(), found_source.as_deref());
        // A date from the file name: still one under the current rules
        // (never digits inside a hash-like token)?
        if source.as_deref() == Some(DateSource::Filename.as_str()) {
            let path: Option<String> = first_path.query_row([id], |r| r.get(0)).optional()?;
            let stem = path.as_deref().map(file_stem).unwrap_or_default();
            if dates::from_filename(stem).is_none() {
                (date, source) = new_date(&text, None, None);
            }
        }
        if date != found_date || source != found_source {
            set_date.execute(params![id, date, source])?;
            set_source_dates.execute(params![id, date, source])?;
            report.dates_changed += 1;
        }
        if found_title.is_none()
            && let Some(new) = new_title(&title, &text)
        {
            set_title.execute(params![id, new, new.to_lowercase()])?;
            report.titles_changed += 1;
        }
    }
    Ok(report)
}

/// A path's file name without its extension (`a/b/2021-03-04_x.txt` →
/// `2021-03-04_x`).
fn file_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

/// The found date under the current rules.
fn new_date(
    text: &str,
    found: Option<&str>,
    source: Option<&str>,
) -> (Option<String>, Option<String>) {
    let plausible = |d: &str| d.parse::<PartialDate>().is_ok_and(date_value::plausible);
    match source {
        // Taken by a rule that still holds: kept when it can be a date.
        Some(s) if s != DateSource::Text.as_str() => match found {
            Some(d) if plausible(d) => (Some(d.to_string()), Some(s.to_string())),
            _ => (None, None),
        },
        // Found by the old text rule (or not at all): read the text again.
        _ => {
            let (block, body) = header_block::split(text);
            let date = block
                .date
                .map(|d| (d, DateSource::Label))
                .or_else(|| dates::in_text(body))
                .filter(|(d, _)| date_value::plausible(*d));
            match date {
                Some((d, s)) => (Some(d.to_string()), Some(s.as_str().to_string())),
                None => (None, None),
            }
        }
    }
}

/// The title under the current rules, when the stored one came from the
/// old first-line rule and the new rules find another.
fn new_title(title: &str, text: &str) -> Option<String> {
    if old_first_line(text)? != title {
        return None;
    }
    let (block, body) = header_block::split(text);
    let new = block.title.unwrap_or_else(|| title_of(body, title));
    (new != title).then_some(new)
}

/// The title earlier versions took: the first line with three letters,
/// shortened as [`title_of`] shortens.
fn old_first_line(text: &str) -> Option<String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| l.chars().filter(|c| c.is_alphabetic()).count() >= 3)?;
    // `title_of` on that line alone shortens it the same way.
    Some(title_of(line, line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems() {
        assert_eq!(
            file_stem("/a/b/099123_d18740731febfefb.txt"),
            "099123_d18740731febfefb"
        );
        assert_eq!(file_stem("C:\\x\\2021-03-04_s.txt"), "2021-03-04_s");
        assert_eq!(file_stem(".hidden"), ".hidden");
    }

    #[test]
    fn dates_from_mentions_go_and_stated_ones_stay() {
        let story = "Rugby\n\nThe club was founded on 14 May 1870 in Dublin.";
        assert_eq!(
            new_date(story, Some("1870-05-14"), Some("text")),
            (None, None)
        );
        let wire = "Date: 26-FEB-1987 15:01:01.79\nTitle: BAHIA COCOA REVIEW\n\nShowers.";
        assert_eq!(
            new_date(wire, Some("1987-04-10"), Some("text")),
            (Some("1987-02-26".into()), Some("label".into()))
        );
        assert_eq!(
            new_date(story, Some("2021-03-04"), Some("filename")),
            (Some("2021-03-04".into()), Some("filename".into()))
        );
        assert_eq!(
            new_date(story, Some("2068-01-01"), Some("field")),
            (None, None)
        );
    }

    #[test]
    fn titles_from_label_lines_are_replaced() {
        let wire = "Date: 26-FEB-1987 15:01:01.79\nTitle: BAHIA COCOA REVIEW\n\nShowers.";
        assert_eq!(
            new_title("Date: 26-FEB-1987 15:01:01.79", wire).as_deref(),
            Some("BAHIA COCOA REVIEW")
        );
        // A title from elsewhere (metadata, a field) is left alone.
        assert_eq!(new_title("Harbour storm", wire), None);
        assert_eq!(new_title("Rugby", "Rugby\n\nText."), None);
    }
}
