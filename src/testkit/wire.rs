//! A wire service's files as Reuters-21578 keeps them (`Date:` and `Title:`
//! lines over the story), with the shapes that make duplicate finding hard:
//! short notices of three lines whose company is named only in the
//! headline (dividends, earnings), daily reports from one template with
//! other figures and days (the Fed's reserve operations), offerings of
//! other companies in one wording, and the real duplicates among them:
//! re-issues the same day, corrections of one figure, stories re-filed
//! word for word on another day, and longer stories re-sent with another
//! headline. Every file's story, company and template family are known.

use std::fs;
use std::io;
use std::path::Path;

/// What a generated file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireFile {
    /// File name under the corpus folder.
    pub name: String,
    /// The story: files of one story are duplicates of each other.
    pub story: usize,
    /// The company the story is about (its symbol), if any.
    pub company: Option<String>,
    /// The template family (`dividend`, `earnings`, `fed`, `offering`,
    /// `story`): different stories of one family are same-template pairs.
    pub family: &'static str,
}

const NAME_A: [&str; 12] = [
    "American",
    "National",
    "First",
    "Pacific",
    "General",
    "United",
    "Western",
    "Southern",
    "Atlantic",
    "Continental",
    "Northern",
    "Central",
];
const NAME_B: [&str; 10] = [
    "Bancorp",
    "Industries",
    "Corp",
    "Holdings",
    "Financial",
    "Resources",
    "Electric",
    "Systems",
    "Foods",
    "Realty",
];
const CITIES: [&str; 8] = [
    "NEW YORK",
    "CHICAGO",
    "DALLAS",
    "BOSTON",
    "ATLANTA",
    "LOS ANGELES",
    "PITTSBURGH",
    "DENVER",
];
const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const UNDERWRITERS: [&str; 5] = [
    "Morgan Stanley and Co Inc",
    "Salomon Brothers Inc",
    "First Boston Corp",
    "Goldman, Sachs and Co",
    "Merrill Lynch Capital Markets",
];

/// A company: its name and exchange symbol.
fn company(k: usize) -> (String, String) {
    let a = NAME_A[k % NAME_A.len()];
    let b = NAME_B[k / NAME_A.len() % NAME_B.len()];
    let group = k / (NAME_A.len() * NAME_B.len()) % 2 == 1;
    let symbol = format!(
        "{}{}{}",
        &a[..2].to_uppercase(),
        &b[..3].to_uppercase(),
        if group { "G" } else { "" }
    );
    let name = if group {
        format!("{a} {b} Group")
    } else {
        format!("{a} {b}")
    };
    (name, symbol)
}

/// Day `d` of the corpus (weekdays from Monday 2 March 1987): (day of
/// month, month index, weekday).
fn day(d: usize) -> (u32, usize, &'static str) {
    // Weekdays from Monday 2 March 1987.
    let weeks = d / 5;
    let wd = d % 5;
    let mut offset = 1 + weeks * 7 + wd; // days after 1 March
    let mut month = 2;
    for len in [31, 30, 31, 30, 31, 31, 30, 31, 30, 31] {
        if offset < len {
            break;
        }
        offset -= len;
        month += 1;
    }
    (offset as u32 + 1, month.min(11), WEEKDAYS[wd])
}

fn header(d: usize, minute: usize, title: &str) -> String {
    let (dom, month, _) = day(d);
    format!(
        "Date: {dom}-{}-1987 {:02}:{:02}:{:02}.{:02}\nTitle: {title}\n\n",
        MONTHS[month],
        9 + minute / 60 % 9,
        minute % 60,
        (minute * 7) % 60,
        (minute * 13) % 100
    )
}

/// A pay or record day in words: "March 31".
fn later_day(rng: &mut fastrand::Rng, after: usize) -> String {
    let (dom, month, _) = day(after + rng.usize(5..25));
    format!("{} {dom}", MONTH_NAMES[month])
}

fn cents(rng: &mut fastrand::Rng) -> u32 {
    [5, 8, 10, 12, 15, 18, 20, 25, 30, 40][rng.usize(..10)]
}

fn dividend(rng: &mut fastrand::Rng, name: &str, sym: &str, d: usize) -> (String, String) {
    let heads = [
        format!("{} <{sym}> SETS QUARTERLY DIVIDEND", name.to_uppercase()),
        format!("{} <{sym}> QTLY DIV", name.to_uppercase()),
        format!("{} <{sym}> REGULAR DIVIDEND SET", name.to_uppercase()),
    ];
    let title = heads[rng.usize(..3)].clone();
    let now = cents(rng);
    let prior = if rng.bool() { now } else { cents(rng) };
    let record = later_day(rng, d);
    let pay = later_day(rng, d + 10);
    let city = CITIES[rng.usize(..CITIES.len())];
    let (dom, month, _) = day(d);
    let opening = if rng.bool() {
        format!("{city}, {} {dom} - ", MONTH_NAMES[month])
    } else {
        String::new()
    };
    (
        title,
        format!(
            "{opening}Qtly div {now} cts vs {prior} cts prior\n    Pay {pay}\n    Record {record}\n Reuter\n"
        ),
    )
}

fn earnings(rng: &mut fastrand::Rng, name: &str, sym: &str, _d: usize) -> (String, String) {
    let quarter = ["1ST", "2ND", "3RD", "4TH"][rng.usize(..4)];
    let title = format!("{} <{sym}> {quarter} QTR NET", name.to_uppercase());
    let shr = |rng: &mut fastrand::Rng| rng.u32(5..99);
    let mln = |rng: &mut fastrand::Rng| format!("{}.{}", rng.u32(1..90), rng.u32(0..10));
    let body = format!(
        "Shr {} cts vs {} cts\n    Net {} mln vs {} mln\n    Revs {} mln vs {} mln\n Reuter\n",
        shr(rng),
        shr(rng),
        mln(rng),
        mln(rng),
        mln(rng),
        mln(rng)
    );
    (title, body)
}

fn fed(rng: &mut fastrand::Rng, d: usize) -> (String, String) {
    let (dom, month, weekday) = day(d);
    let amount = ["1.5", "2.0", "2.5", "3.0", "4.0"][rng.usize(..5)];
    let rate = ["6-1/8", "6-1/16", "6", "5-15/16", "6-3/16"][rng.usize(..5)];
    let kind = ["customer", "system"][rng.usize(..2)];
    (
        format!("FED ADDS RESERVES VIA {} REPURCHASES", kind.to_uppercase()),
        format!(
            "NEW YORK, {} {dom} - The Federal Reserve entered the U.S. Government securities market \
             on {weekday} to arrange {amount} billion dlrs of {kind} repurchase agreements, a Fed \
             spokesman said.\n    Dealers said Federal funds were trading at {rate} pct when the \
             Fed began its temporary and indirect supply of reserves to the banking system.\n Reuter\n",
            MONTH_NAMES[month]
        ),
    )
}

fn offering(rng: &mut fastrand::Rng, name: &str, sym: &str, _d: usize) -> (String, String) {
    let amount = [50, 75, 100, 150, 200][rng.usize(..5)];
    let what = [
        "convertible subordinated debentures",
        "senior notes",
        "sinking fund debentures",
    ][rng.usize(..3)];
    let due = rng.u32(1992..2017);
    let uw = UNDERWRITERS[rng.usize(..UNDERWRITERS.len())];
    (
        format!(
            "{} <{sym}> FILES {amount} MLN DLR OFFERING",
            name.to_uppercase()
        ),
        format!(
            "{name} said it filed with the Securities and Exchange Commission a registration \
             statement covering a {amount} mln dlr issue of {what} due {due}.\n    Proceeds will be \
             used for general corporate purposes, including the repayment of bank debt, the company \
             said.\n    {name} named {uw} as lead manager of the offering.\n Reuter\n"
        ),
    )
}

fn story(rng: &mut fastrand::Rng, k: usize, d: usize) -> (String, String) {
    let (dom, month, _) = day(d);
    let city = CITIES[k % CITIES.len()];
    let topics = [
        "COCOA", "COFFEE", "SUGAR", "GRAIN", "OIL", "TIN", "TRADE", "MONEY",
    ];
    let size = rng.usize(60..260);
    let paragraphs = super::hard_cases::prose(rng, size);
    let mut body = format!("{city}, {} {dom} - ", MONTH_NAMES[month]);
    body.push_str(&paragraphs.join("\n    "));
    body.push_str("\n Reuter\n");
    let first: Vec<&str> = paragraphs[0].split_whitespace().skip(1).take(4).collect();
    (
        format!(
            "{} - {} ({k})",
            topics[k % topics.len()],
            first.join(" ").to_uppercase()
        ),
        body,
    )
}

/// Writes `stories` wire stories (and their duplicates) under `dir`; the
/// same `seed` writes the same corpus.
pub fn write(dir: &Path, stories: usize, seed: u64) -> io::Result<Vec<WireFile>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    fs::create_dir_all(dir)?;
    let mut files = Vec::new();
    let mut minute = 0usize;
    let mut put = |files: &mut Vec<WireFile>,
                   story: usize,
                   company: Option<&str>,
                   family: &'static str,
                   d: usize,
                   title: &str,
                   body: &str|
     -> io::Result<()> {
        minute += 7;
        let name = format!("reut-{:05}.txt", files.len());
        fs::write(
            dir.join(&name),
            format!("{}{body}", header(d, minute, title)),
        )?;
        files.push(WireFile {
            name,
            story,
            company: company.map(str::to_string),
            family,
        });
        Ok(())
    };
    let days = 30;
    // The Fed's reserve operations: one report a day.
    let mut fed_days = 0usize;
    for s in 0..stories {
        let mut d = rng.usize(..days);
        let k = rng.usize(..NAME_A.len() * NAME_B.len() * 2);
        let (name, sym) = company(k);
        let which = rng.usize(..100);
        let (family, company, (title, body)) = match which {
            0..=34 => (
                "dividend",
                Some(sym.clone()),
                dividend(&mut rng, &name, &sym, d),
            ),
            35..=59 => (
                "earnings",
                Some(sym.clone()),
                earnings(&mut rng, &name, &sym, d),
            ),
            60..=64 => {
                d = fed_days;
                fed_days += 1;
                ("fed", None, fed(&mut rng, d))
            }
            65..=84 => (
                "offering",
                Some(sym.clone()),
                offering(&mut rng, &name, &sym, d),
            ),
            _ => ("story", None, story(&mut rng, s, d)),
        };
        put(&mut files, s, company.as_deref(), family, d, &title, &body)?;
        // Its duplicates, as a wire's archive holds them.
        match rng.usize(..100) {
            // Re-issued the same day, word for word.
            0..=5 => put(&mut files, s, company.as_deref(), family, d, &title, &body)?,
            // Corrected the same day: one figure, and the headline says so.
            6..=11 => {
                // A figure after the dateline.
                let (opening, rest) = body.split_once(" - ").unwrap_or(("", &body));
                let fixed = rest.replacen(" 1", " 2", 1);
                let fixed = if fixed == rest {
                    rest.replacen(" 2", " 3", 1)
                } else {
                    fixed
                };
                let fixed = if opening.is_empty() {
                    fixed
                } else {
                    format!("{opening} - {fixed}")
                };
                put(
                    &mut files,
                    s,
                    company.as_deref(),
                    family,
                    d,
                    &format!("CORRECTED - {title}"),
                    &fixed,
                )?;
            }
            // Re-filed word for word on another day.
            12..=17 => put(
                &mut files,
                s,
                company.as_deref(),
                family,
                d + 1 + rng.usize(..3),
                &title,
                &body,
            )?,
            // A long story re-sent the same day under a shorter headline.
            18..=27 if family == "story" => {
                let short = title.split(" MARKET").next().unwrap_or(&title).to_string();
                put(
                    &mut files,
                    s,
                    company.as_deref(),
                    family,
                    d,
                    &format!("{short} TRADE ACTIVE"),
                    &body,
                )?
            }
            _ => {}
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn companies_have_distinct_symbols() {
        let symbols: std::collections::HashSet<String> = (0..NAME_A.len() * NAME_B.len() * 2)
            .map(|k| company(k).1)
            .collect();
        assert_eq!(symbols.len(), NAME_A.len() * NAME_B.len() * 2);
    }

    #[test]
    fn days_are_weekdays_of_march_and_april() {
        assert_eq!(day(0), (2, 2, "Monday"));
        assert_eq!(day(4), (6, 2, "Friday"));
        assert_eq!(day(5), (9, 2, "Monday"));
        assert_eq!(day(21), (31, 2, "Tuesday"));
        assert_eq!(day(22), (1, 3, "Wednesday"));
    }
}
