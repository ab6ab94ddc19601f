//! Generated plain-text stories for the date rules, with the answers: wire
//! stories opening with a labelled header block (`Date:`, `Title:`,
//! `Source:`…, labels in English, German, French and Spanish, dates in
//! every form the wild uses), and undated stories whose bodies mention
//! dates (birthdays, anniversaries, payment days, wire datelines without a
//! year). [`score`] reads them as the importer does and counts right, wrong
//! and missing dates.

use crate::core::import::text::parse_text_noted;

use super::corpus;

/// One generated text and its answers.
#[derive(Debug, Clone)]
pub struct Case {
    pub text: String,
    /// The date the text states as its own (`None`: undated, or a numeric
    /// date whose day and month cannot be told apart).
    pub date: Option<String>,
    pub title: String,
    /// The header's date was written ambiguously (03/04/2021).
    pub ambiguous: bool,
}

/// English month names: the generator's own.
const EN: &[&str] = corpus::MONTH_NAMES;
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn weekday(y: i32, m: u32, d: u32) -> usize {
    jiff::civil::Date::new(y as i16, m as i8, d as i8)
        .map(|date| date.weekday().to_monday_zero_offset() as usize)
        .unwrap_or(0)
}

/// A date written in one of the forms stories carry; `true` when day and
/// month cannot be told apart.
fn written(rng: &mut fastrand::Rng, (y, m, d): (i32, u32, u32)) -> (String, bool) {
    let i = m as usize - 1;
    let wd = WEEKDAYS[weekday(y, m, d)];
    let s = match rng.usize(..12) {
        0 => format!(
            "{d:02}-{}-{y} {:02}:{:02}:{:02}.{:02}",
            EN[i][..3].to_uppercase(),
            rng.u32(0..24),
            rng.u32(0..60),
            rng.u32(0..60),
            rng.u32(0..100)
        ),
        1 => format!(
            "{}, {d} {} {y} {:02}:{:02}:00 +0000",
            &wd[..3],
            &EN[i][..3],
            rng.u32(0..24),
            rng.u32(0..60)
        ),
        2 => format!("{y}-{m:02}-{d:02}T{:02}:30:00+01:00", rng.u32(0..24)),
        3 => format!("{}. {d}, {y}", &EN[i][..3]),
        4 => format!("{wd} {d} {} {y}", EN[i]),
        5 => format!("{} {d}, {y}", EN[i]),
        6 => format!("{d}. {} {y}", DE[i]),
        7 => format!("{d} {} {y}", FR[i]),
        8 => format!("{d} de {} de {y}", ES[i]),
        9 => format!("{y}-{m:02}-{d:02}"),
        // Numeric: with dots day first (never ambiguous); with slashes
        // month first, ambiguous unless one is over 12.
        10 => return (format!("{d:02}.{m:02}.{y}"), false),
        _ => return (format!("{m:02}/{d:02}/{y}"), d <= 12 && d != m),
    };
    (s, false)
}

fn date_of(rng: &mut fastrand::Rng) -> (i32, u32, u32) {
    (rng.i32(1850..2025), rng.u32(1..13), rng.u32(1..29))
}

/// A sentence mentioning a date that is not the story's.
fn mention(rng: &mut fastrand::Rng) -> String {
    let date = date_of(rng);
    let (w, _) = written(rng, date);
    match rng.usize(..5) {
        0 => format!("The club was founded on {w} by local fishermen."),
        1 => format!("She was born on {w} in a village near the coast."),
        2 => format!("The dividend is payable {w}, to holders of record."),
        3 => format!("The agreement signed on {w} still holds, officials said."),
        _ => format!("Since {w}, the rules have changed twice."),
    }
}

fn body(rng: &mut fastrand::Rng) -> (String, String) {
    let paragraphs = rng.usize(2..5);
    let story = corpus::story(rng, paragraphs);
    let mut paras = story.paragraphs.clone();
    let at = rng.usize(..paras.len());
    paras[at] = format!("{} {}", paras[at], mention(rng));
    (story.title, paras.join("\n\n"))
}

/// `n` wire stories with a header block.
pub fn with_header_blocks(n: usize, seed: u64) -> Vec<Case> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n)
        .map(|_| {
            let date = date_of(&mut rng);
            let (written, ambiguous) = written(&mut rng, date);
            let (title, text) = body(&mut rng);
            let title = if rng.bool() {
                title.to_uppercase()
            } else {
                title
            };
            let (date_label, title_label, source_label) = match rng.usize(..6) {
                0 => ("Date", "Title", "Source"),
                1 => ("date", "title", "source"),
                2 => ("DATE", "HEADLINE", "SOURCE"),
                3 => ("Datum", "Titel", "Quelle"),
                4 => ("Fecha", "Título", "Fuente"),
                _ => ("Published", "Subject", "Outlet"),
            };
            let mut lines = vec![format!("{date_label}: {written}")];
            let title_line = format!("{title_label}: {title}");
            if rng.bool() {
                lines.push(title_line);
            } else {
                lines.insert(0, title_line);
            }
            if rng.bool() {
                lines.push(format!("{source_label}: Reuters"));
            }
            if rng.u8(..3) == 0 {
                lines.push("Places: usa uk".into());
            }
            let (y, m, d) = date;
            Case {
                text: format!("{}\n\n{text}\n", lines.join("\n")),
                date: (!ambiguous).then(|| format!("{y:04}-{m:02}-{d:02}")),
                title,
                ambiguous,
            }
        })
        .collect()
}

/// `n` undated stories: a headline, perhaps a byline or a wire dateline
/// without a year, and bodies that mention dates.
pub fn undated(n: usize, seed: u64) -> Vec<Case> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n)
        .map(|_| {
            let (title, text) = body(&mut rng);
            let mut lines = vec![title.clone()];
            match rng.usize(..4) {
                0 => lines.push("By Ana Ribeiro, Business reporter".into()),
                1 => lines.push(format!(
                    "LONDON, {} {} (Reuters) - {}",
                    EN[rng.usize(..12)],
                    rng.u32(1..29),
                    mention(&mut rng)
                )),
                2 => lines.push(mention(&mut rng)),
                _ => {}
            }
            lines.push(text);
            Case {
                text: lines.join("\n\n"),
                date: None,
                title,
                ambiguous: false,
            }
        })
        .collect()
}

/// What the importer made of a set of cases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub cases: usize,
    /// Dated as stated.
    pub right: usize,
    /// Given a date that is not the stated one (or any date when undated).
    pub wrong: usize,
    /// A stated date left out.
    pub missed: usize,
    /// Ambiguous numeric dates left out and reported in a note.
    pub ambiguous_noted: usize,
    pub titles_right: usize,
}

/// Reads every case as a text file and counts.
pub fn score(cases: &[Case]) -> Score {
    let mut s = Score {
        cases: cases.len(),
        ..Default::default()
    };
    for (i, c) in cases.iter().enumerate() {
        let Ok((doc, note)) = parse_text_noted(&c.text, &format!("story-{i}")) else {
            // Refused as a header block without text: nothing was dated.
            s.missed += usize::from(c.date.is_some());
            continue;
        };
        let got = doc.date.map(|(d, _)| d.to_string());
        match (&c.date, &got) {
            (Some(want), Some(got)) if want == got => s.right += 1,
            (_, Some(_)) => s.wrong += 1,
            (Some(_), None) => s.missed += 1,
            (None, None) => {}
        }
        if c.ambiguous && note.is_some() {
            s.ambiguous_noted += 1;
        }
        s.titles_right += usize::from(doc.title == c.title);
    }
    s
}
