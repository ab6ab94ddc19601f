//! Parsing one date as documents write it: ISO 8601 (with time and zone),
//! RFC 2822, `26-FEB-1987 15:01:01.79`, `Feb. 26, 1987`, `Thursday 26
//! February 1987`, `26.02.1987`, and month and weekday names in English,
//! French, German and Spanish. Numeric day/month orders with slashes or
//! dashes are taken only when unambiguous; with dots the day comes first.
//! Nothing before 1800 or after today is a date.

use crate::core::model::PartialDate;

/// Why a value gave no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No date in it.
    NotADate,
    /// `03/04/2021`: day/month or month/day cannot be told.
    Ambiguous,
    /// Before 1800 or after today.
    OutOfRange,
}

/// A date found in a short string, and what else the string held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scan {
    pub date: Result<PartialDate, Refused>,
    /// Words before the date that are not part of a date ("By", "staff").
    pub words_before: usize,
    /// Words after it that are not times, zones or weekdays.
    pub words_after: usize,
}

impl Scan {
    /// The string is a date and nothing else (times, zones, weekdays aside).
    pub fn is_whole(&self) -> bool {
        self.words_before == 0 && self.words_after == 0
    }
}

/// Earliest year a document date may have.
pub const EARLIEST_YEAR: i16 = 1800;

/// Whether `d` can be a document's date: from 1800 up to today.
pub fn plausible(d: PartialDate) -> bool {
    if d.year < EARLIEST_YEAR {
        return false;
    }
    let today = today();
    let key = |p: PartialDate| (p.year, p.month.unwrap_or(1), p.day.unwrap_or(1));
    key(d) <= key(today)
}

fn today() -> PartialDate {
    let now = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    PartialDate {
        year: now.year(),
        month: Some(now.month() as u8),
        day: Some(now.day() as u8),
    }
}

/// A field value or labelled line's date ("2023-04-25T10:00:00+02:00",
/// "Thu, 26 Feb 1987 15:01:01 +0000", "April 2023", "2023"); other words
/// around it are allowed.
pub fn parse(s: &str) -> Result<PartialDate, Refused> {
    let t = s.trim();
    // A bare year (a JSONL field).
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        let d = PartialDate::new(t.parse().unwrap_or(0), None, None).ok_or(Refused::NotADate)?;
        return if plausible(d) {
            Ok(d)
        } else {
            Err(Refused::OutOfRange)
        };
    }
    scan(t).map_or(Err(Refused::NotADate), |s| s.date)
}

/// The first date in a short string, with the words around it.
pub fn scan(s: &str) -> Option<Scan> {
    let tokens = tokenize(s);
    let (start, len, date) = find_date(&tokens)?;
    let is_word = |t: &Token| matches!(t, Token::Word | Token::Num(_) | Token::Year(_));
    let words_before = tokens[..start].iter().filter(|t| is_word(t)).count();
    let words_after = tokens[start + len..].iter().filter(|t| is_word(t)).count();
    let date = date.and_then(|d| {
        if plausible(d) {
            Ok(d)
        } else {
            Err(Refused::OutOfRange)
        }
    });
    Some(Scan {
        date,
        words_before,
        words_after,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A one- or two-digit number (a day, perhaps an ordinal).
    Num(u32),
    Year(i32),
    Month(u32),
    /// A whole date in one token: ISO, or numeric with its order settled.
    Full(Result<PartialDate, Refused>),
    /// A weekday, a time, a zone, a connector ("of", "de", "le"): part of how
    /// dates are written, not a word of their own.
    Filler,
    Word,
}

fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for piece in s.split(|c: char| c.is_whitespace() || c == ',') {
        let piece = piece.trim_matches(|c: char| "()[]\"'«»;".contains(c));
        if piece.is_empty() {
            continue;
        }
        if let Some(t) = iso(piece).or_else(|| numeric(piece)) {
            out.push(t);
            continue;
        }
        // 26-FEB-1987, 26.Feb.1987
        let letters = piece.chars().any(char::is_alphabetic);
        let digits = piece.chars().any(|c| c.is_ascii_digit());
        if letters && digits && piece.contains(['-', '/']) {
            for part in piece.split(['-', '/']) {
                if !part.is_empty() {
                    out.push(classify(part));
                }
            }
            continue;
        }
        out.push(classify(piece));
    }
    out
}

/// `2023-04-25`, `2023-04-25T10:00:00Z`, `2023/04/25`, `2023-04`.
fn iso(piece: &str) -> Option<Token> {
    let b = piece.as_bytes();
    if b.len() < 7 || !b[..4].iter().all(u8::is_ascii_digit) || !matches!(b[4], b'-' | b'/') {
        return None;
    }
    let sep = b[4];
    let rest = &piece[5..];
    let month_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&month_len) {
        return None;
    }
    let month: u32 = rest[..month_len].parse().ok()?;
    let after = &rest[month_len..];
    let year: i32 = piece[..4].parse().ok()?;
    let (day, tail) = match after.as_bytes().first() {
        Some(&c) if c == sep => {
            let d = &after[1..];
            let n = d.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=2).contains(&n) {
                return None;
            }
            (Some(d[..n].parse().ok()?), &d[n..])
        }
        None => (None, ""),
        _ => return None,
    };
    // Whatever follows must be a time: T10:00, Z, +02:00.
    if !(tail.is_empty() || tail.starts_with(['T', 't', ' '])) {
        return None;
    }
    let date = PartialDate::new(year, Some(month), day).ok_or(Refused::NotADate);
    Some(Token::Full(date))
}

/// `26/02/1987`, `02-26-1987`: day and month told apart only when one of
/// them is over 12 (or both are the same). With dots (`09.12.2012`) the
/// day comes first: the form German, Russian, Polish, Czech, Scandinavian
/// and Turkish writers use; no convention writes the month first with dots.
fn numeric(piece: &str) -> Option<Token> {
    let sep = piece.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = piece.trim_end_matches('.').split(sep).collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (a, b, y) = (parts[0], parts[1], parts[2]);
    if a.is_empty() || a.len() > 2 || b.is_empty() || b.len() > 2 || y.len() != 4 {
        return None;
    }
    let (a, b, y): (u32, u32, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let date = match (a > 12, b > 12) {
        _ if sep == '.' => PartialDate::ymd(y, b, a).ok_or(Refused::NotADate),
        (true, false) => PartialDate::ymd(y, b, a).ok_or(Refused::NotADate),
        (false, true) => PartialDate::ymd(y, a, b).ok_or(Refused::NotADate),
        (false, false) if a == b => PartialDate::ymd(y, a, a).ok_or(Refused::NotADate),
        (false, false) => Err(Refused::Ambiguous),
        (true, true) => Err(Refused::NotADate),
    };
    Some(Token::Full(date))
}

fn classify(piece: &str) -> Token {
    let p = piece.trim_end_matches(['.', ':']).to_lowercase();
    if p.is_empty() {
        return Token::Filler;
    }
    if p.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = p.parse().unwrap_or(u32::MAX);
        return match p.len() {
            1 | 2 => Token::Num(n),
            4 => Token::Year(n as i32),
            _ => Token::Word,
        };
    }
    // Ordinals: 1st, 2nd, 26th, 1er, 1º, 3e.
    let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() && digits.len() <= 2 {
        let suffix = &p[digits.len()..];
        if ["st", "nd", "rd", "th", "er", "re", "e", "º", "ª", "o"].contains(&suffix) {
            return Token::Num(digits.parse().unwrap_or(0));
        }
    }
    if let Some(m) = month_number(&p) {
        return Token::Month(m);
    }
    if is_filler(&p) {
        return Token::Filler;
    }
    Token::Word
}

/// A month name or abbreviation in English, French, German or Spanish.
pub fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_lowercase();
    let month = match n.as_str() {
        "january" | "jan" | "janvier" | "janv" | "januar" | "jänner" | "enero" | "ene" => 1,
        "february" | "feb" | "février" | "fevrier" | "févr" | "fevr" | "februar" | "febrero" => 2,
        "march" | "mar" | "mars" | "märz" | "maerz" | "mär" | "mrz" | "marzo" => 3,
        "april" | "apr" | "avril" | "avr" | "abril" | "abr" => 4,
        "may" | "mai" | "mayo" => 5,
        "june" | "jun" | "juin" | "juni" | "junio" => 6,
        "july" | "jul" | "juillet" | "juil" | "juli" | "julio" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" | "ago" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "setiembre" => 9,
        "october" | "oct" | "octobre" | "oktober" | "okt" | "octubre" => 10,
        "november" | "nov" | "novembre" | "noviembre" => 11,
        "december" | "dec" | "décembre" | "decembre" | "déc" | "dezember" | "dez" | "diciembre"
        | "dic" => 12,
        _ => return None,
    };
    Some(month)
}

/// Words dates are written with: weekdays, times, zones, connectors.
fn is_filler(p: &str) -> bool {
    const WORDS: &[&str] = &[
        // weekdays
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonnabend",
        "sonntag",
        "lunes",
        "martes",
        "miércoles",
        "miercoles",
        "jueves",
        "viernes",
        "sábado",
        "sabado",
        "domingo",
        // connectors
        "of",
        "the",
        "de",
        "del",
        "le",
        "den",
        "am",
        "on",
        "at",
        "à",
        "um",
        "a",
        "las",
        "h",
        // clock and zones
        "pm",
        "a.m",
        "p.m",
        "gmt",
        "utc",
        "bst",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "pst",
        "pdt",
        "cet",
        "cest",
        "mez",
        "mesz",
        "ist",
        "jst",
        "aest",
        "z",
        "uhr",
    ];
    if WORDS.contains(&p) {
        return true;
    }
    // 15:01, 15:01:01.79, 9.20, +0000, -05:00, 10h30
    let clock = |s: &str| {
        !s.is_empty()
            && s.bytes().any(|b| b.is_ascii_digit())
            && s.bytes().all(|b| b.is_ascii_digit() || b":.h".contains(&b))
            && s.contains([':', 'h'])
    };
    clock(p)
        || ((p.starts_with('+') || p.starts_with('-'))
            && p.len() >= 3
            && p[1..].bytes().all(|b| b.is_ascii_digit() || b == b':'))
        || p.strip_suffix("am")
            .or_else(|| p.strip_suffix("pm"))
            .is_some_and(clock)
}

/// The first date in the tokens: (start, length, date).
fn find_date(tokens: &[Token]) -> Option<(usize, usize, Result<PartialDate, Refused>)> {
    // Positions of the non-filler tokens, so "26 de febrero de 1987" and
    // "Thursday, 26 February" read as adjacent parts.
    let parts: Vec<(usize, Token)> = tokens
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, t)| *t != Token::Filler)
        .collect();
    let date =
        |y: i32, m: u32, d: Option<u32>| PartialDate::new(y, Some(m), d).ok_or(Refused::NotADate);
    for (k, &(at, t)) in parts.iter().enumerate() {
        let next = |i: usize| parts.get(k + i).map(|&(_, t)| t);
        let end = |i: usize| parts.get(k + i).map_or(at + 1, |&(p, _)| p + 1);
        match (t, next(1), next(2)) {
            (Token::Full(d), _, _) => return Some((at, 1, d)),
            (Token::Num(d), Some(Token::Month(m)), Some(Token::Year(y))) => {
                return Some((at, end(2) - at, date(y, m, Some(d))));
            }
            (Token::Month(m), Some(Token::Num(d)), Some(Token::Year(y))) => {
                return Some((at, end(2) - at, date(y, m, Some(d))));
            }
            (Token::Month(m), Some(Token::Year(y)), _) => {
                return Some((at, end(1) - at, date(y, m, None)));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Result<PartialDate, Refused> {
        Ok(s.parse().unwrap())
    }

    #[test]
    fn forms_in_the_wild() {
        for (text, want) in [
            ("26-FEB-1987 15:01:01.79", "1987-02-26"),
            ("Thu, 26 Feb 1987 15:01:01 +0000", "1987-02-26"),
            ("1987-02-26T15:01:01+01:00", "1987-02-26"),
            ("2019-12-31T23:59:00Z", "2019-12-31"),
            ("Feb. 26, 1987", "1987-02-26"),
            ("Thursday 26 February 1987", "1987-02-26"),
            ("26.02.1987", "1987-02-26"),
            ("02/26/1987", "1987-02-26"),
            ("July 1, 2019 Monday 9:20 AM GMT", "2019-07-01"),
            ("le 1er mars 2020", "2020-03-01"),
            ("jeudi 26 février 1987", "1987-02-26"),
            ("Donnerstag, 26. Februar 1987", "1987-02-26"),
            ("17. Oktober 2022 um 10:30 Uhr", "2022-10-17"),
            ("26 de febrero de 1987", "1987-02-26"),
            ("jueves, 26 de febrero de 1987", "1987-02-26"),
            ("Sept. 14th, 2020", "2020-09-14"),
            ("April 2023", "2023-04"),
            ("2023", "2023"),
            ("2023-04", "2023-04"),
        ] {
            assert_eq!(parse(text), d(want), "{text}");
        }
    }

    #[test]
    fn refusals() {
        assert_eq!(parse("03/04/2021"), Err(Refused::Ambiguous));
        assert_eq!(parse("04.04.2021"), d("2021-04-04"));
        // Dotted dates are day first, whatever the day.
        assert_eq!(parse("09.12.2012"), d("2012-12-09"));
        assert_eq!(parse("Datum: 03.04.2021"), d("2021-04-03"));
        assert_eq!(parse("12.31.2020"), Err(Refused::NotADate));
        assert_eq!(parse("03-04-2021"), Err(Refused::Ambiguous));
        assert_eq!(parse("14 May 1752"), Err(Refused::OutOfRange));
        assert_eq!(parse("1 January 2068"), Err(Refused::OutOfRange));
        assert_eq!(parse("yesterday"), Err(Refused::NotADate));
        assert_eq!(parse("30 February 2020"), Err(Refused::NotADate));
        assert_eq!(parse("in 2011"), Err(Refused::NotADate));
    }

    #[test]
    fn words_around_the_date_are_counted() {
        let s = scan("By staff reporters, 4 March 2021").unwrap();
        assert_eq!((s.words_before, s.words_after), (3, 0));
        assert!(
            scan("Thursday 26 February 1987 10:00 GMT")
                .unwrap()
                .is_whole()
        );
        assert!(!scan("was born on 20 February 1951").unwrap().is_whole());
    }
}
