//! Documents over time: counts per day, ISO week, month or year.
//!
//! The dates of every document (not its text) are read once into a compact
//! [`DateColumn`] by one scan of the date index; aggregating it — all of it,
//! or the ids a search or tag filter let through — is then a pass over
//! arrays: a few milliseconds for a million documents, so dragging a range
//! feels instant. Partial dates (`2023-04`, `2023`) sit at the first day of
//! their period.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::error::{Error, Result};
use super::model::{DocId, DocState};

/// The length of a timeline bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Year,
}

impl Granularity {
    pub const ALL: [Granularity; 4] = [
        Granularity::Day,
        Granularity::Week,
        Granularity::Month,
        Granularity::Year,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Year => "year",
        }
    }

    /// The first day of the period holding `day`.
    pub fn start(self, day: i32) -> i32 {
        match self {
            Granularity::Day => day,
            // 1970-01-01 was a Thursday: Monday is (day + 3) mod 7 = 0.
            Granularity::Week => day - (day + 3).rem_euclid(7),
            Granularity::Month => {
                let (y, m, _) = civil_from_days(day);
                days_from_civil(y, m, 1)
            }
            Granularity::Year => days_from_civil(civil_from_days(day).0, 1, 1),
        }
    }

    /// The first day of the period after the one starting on `start`.
    pub fn next(self, start: i32) -> i32 {
        match self {
            Granularity::Day => start + 1,
            Granularity::Week => start + 7,
            Granularity::Month => {
                let (y, m, _) = civil_from_days(start);
                if m == 12 {
                    days_from_civil(y + 1, 1, 1)
                } else {
                    days_from_civil(y, m + 1, 1)
                }
            }
            Granularity::Year => days_from_civil(civil_from_days(start).0 + 1, 1, 1),
        }
    }

    /// The period's name: `2023-04-25`, `2023-W17`, `2023-04`, `2023`.
    pub fn label(self, start: i32) -> String {
        let (y, m, d) = civil_from_days(start);
        match self {
            Granularity::Day => format!("{y:04}-{m:02}-{d:02}"),
            Granularity::Week => {
                // The ISO year is the year of the week's Thursday.
                let thursday = start + 3;
                let (iso_year, _, _) = civil_from_days(thursday);
                let week = (thursday - days_from_civil(iso_year, 1, 1)) / 7 + 1;
                format!("{iso_year:04}-W{week:02}")
            }
            Granularity::Month => format!("{y:04}-{m:02}"),
            Granularity::Year => format!("{y:04}"),
        }
    }

    /// The bar length that suits a visible span of `days`.
    pub fn for_span(days: f64) -> Granularity {
        if days <= 120.0 {
            Granularity::Day
        } else if days <= 3.0 * 365.0 {
            Granularity::Week
        } else if days <= 30.0 * 365.0 {
            Granularity::Month
        } else {
            Granularity::Year
        }
    }
}

impl std::str::FromStr for Granularity {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Granularity::ALL
            .into_iter()
            .find(|g| g.name() == s)
            .ok_or_else(|| format!("{s:?} is not one of day, week, month, year"))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
///
/// Not jiff's `civil::Date` arithmetic: loading the timeline's date column
/// turns every document's date into a day number (a million per load), and
/// this is a few integer operations with no validation or allocation. The
/// property test `days_agree_with_jiff` pins both directions to jiff.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// The day a stored date sits at: `2023-04-25`, `2023-04` (the 1st),
/// `2023` (1 January). `None` for anything else (undated).
pub fn parse_day(date: &str) -> Option<i32> {
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut parts = date.split('-');
    let y = num(parts.next()?)? as i32;
    let m = parts.next().map_or(Some(1), num)?;
    let d = parts.next().map_or(Some(1), num)?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// The first and last day a date means: `2023-04-25` itself, all of
/// `2023-04`, all of `2023`. `None` unless it is one of those forms.
pub fn period_days(date: &str) -> Option<(i32, i32)> {
    let date: super::model::PartialDate = date.trim().parse().ok()?;
    let canonical = date.to_string();
    let start = parse_day(&canonical)?;
    let by = match canonical.len() {
        4 => Granularity::Year,
        7 => Granularity::Month,
        _ => Granularity::Day,
    };
    Some((start, by.next(start) - 1))
}

/// A day as `YYYY-MM-DD`.
pub fn day_string(day: i32) -> String {
    Granularity::Day.label(day)
}

const UNDATED: i32 = i32::MIN;

/// Every document's date, state and cluster, by id (texts are never read).
#[derive(Debug, Default)]
pub struct DateColumn {
    ids: Vec<DocId>,
    days: Vec<i32>,
    duplicate: Vec<bool>,
    /// Cluster id, 0 for none.
    clusters: Vec<u32>,
    /// Index of an id in the arrays, plus one (0: not in the column).
    pos: Vec<u32>,
}

impl DateColumn {
    /// Reads the dates of every document that is not in the trash.
    pub fn load(conn: &Connection, cancel: &AtomicBool) -> Result<DateColumn> {
        let mut col = DateColumn::default();
        // Index-only: (state, date_key, id) holds all it needs.
        let mut stmt = conn.prepare(
            "SELECT id, date_key, state FROM documents INDEXED BY documents_date
              WHERE state IN (?1, ?2)",
        )?;
        let mut rows = stmt.query([DocState::Active as i64, DocState::Duplicate as i64])?;
        let mut max_id = 0;
        while let Some(r) = rows.next()? {
            if col.ids.len() % 65_536 == 0 && cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let id: DocId = r.get(0)?;
            let key: String = r.get(1)?;
            let state: i64 = r.get(2)?;
            col.ids.push(id);
            col.days.push(parse_day(&key).unwrap_or(UNDATED));
            col.duplicate.push(state == DocState::Duplicate as i64);
            max_id = max_id.max(id);
        }
        col.clusters = vec![0; col.ids.len()];
        col.pos = vec![0; max_id as usize + 1];
        for (i, &id) in col.ids.iter().enumerate() {
            col.pos[id as usize] = i as u32 + 1;
        }
        let mut stmt = conn.prepare("SELECT doc_id, cluster_id FROM cluster_members")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (doc, cluster): (DocId, i64) = (r.get(0)?, r.get(1)?);
            if let Some(i) = col.index_of(doc) {
                col.clusters[i] = cluster as u32;
            }
        }
        Ok(col)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn index_of(&self, id: DocId) -> Option<usize> {
        let p = *self.pos.get(usize::try_from(id).ok()?)?;
        (p > 0).then(|| p as usize - 1)
    }

    /// The duplicate cluster `id` belongs to, if any.
    pub fn cluster_of(&self, id: DocId) -> Option<u32> {
        self.index_of(id)
            .map(|i| self.clusters[i])
            .filter(|&c| c != 0)
    }

    /// The first and last dated day, if any document is dated.
    pub fn span(&self) -> Option<(i32, i32)> {
        let dated = self.days.iter().copied().filter(|&d| d != UNDATED);
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        for d in dated {
            lo = lo.min(d);
            hi = hi.max(d);
        }
        (lo <= hi).then_some((lo, hi))
    }
}

/// What to count.
#[derive(Debug, Clone, Copy)]
pub struct Spec<'a> {
    pub by: Granularity,
    /// The documents a search or tag filter let through (`None`: all).
    pub ids: Option<&'a [DocId]>,
    /// Count documents marked as duplicates in review too.
    pub include_duplicates: bool,
    /// Count each duplicate cluster once, at its earliest date.
    pub stories: bool,
    /// Sorted ids per chosen tag: bars are stacked by the first tag a
    /// document carries; the last series is "other".
    pub stacks: &'a [Vec<DocId>],
}

/// One bar: its period and its count per series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// First day (days since 1970-01-01).
    pub start: i32,
    /// Per series (the stacked tags, then the rest).
    pub counts: Vec<u32>,
}

impl Period {
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub by: Granularity,
    /// Periods with documents, in order.
    pub periods: Vec<Period>,
    pub undated: u32,
    /// Series per period: the stacked tags, then "other".
    pub series: usize,
}

/// Per-period counts, fast for runs of equal days (the column is in date order).
struct Counter {
    by: Granularity,
    series: usize,
    slots: HashMap<i32, usize>,
    periods: Vec<Period>,
    undated: u32,
    /// The last day seen and its slot.
    last: Option<(i32, usize)>,
}

impl Counter {
    fn add(&mut self, day: i32, series: usize) {
        if day == UNDATED {
            self.undated += 1;
            return;
        }
        let slot = match self.last {
            Some((d, slot)) if d == day => slot,
            _ => {
                let start = self.by.start(day);
                let next = self.periods.len();
                let slot = *self.slots.entry(start).or_insert(next);
                if slot == next {
                    self.periods.push(Period {
                        start,
                        counts: vec![0; self.series],
                    });
                }
                self.last = Some((day, slot));
                slot
            }
        };
        self.periods[slot].counts[series] += 1;
    }
}

/// Counts documents per period (see [`Spec`]).
pub fn aggregate(col: &DateColumn, spec: &Spec) -> Timeline {
    let series = spec.stacks.len() + 1;
    // The series of each document: its first stacked tag, else "other".
    let series_of: Vec<u8> = if spec.stacks.is_empty() {
        Vec::new()
    } else {
        let mut v = vec![(series - 1) as u8; col.len()];
        for (s, ids) in spec.stacks.iter().enumerate().rev() {
            for &id in ids {
                if let Some(i) = col.index_of(id) {
                    v[i] = s as u8;
                }
            }
        }
        v
    };
    let mut counter = Counter {
        by: spec.by,
        series,
        slots: HashMap::new(),
        periods: Vec::new(),
        undated: 0,
        last: None,
    };
    // Stories: each cluster once, at its earliest day (undated only when all are).
    let mut earliest: HashMap<u32, (i32, usize)> = HashMap::new();
    let mut visit = |i: usize| {
        if col.duplicate[i] && !spec.include_duplicates {
            return;
        }
        let s = series_of.get(i).map_or(0, |&s| s as usize);
        let cluster = col.clusters[i];
        let day = col.days[i];
        if spec.stories && cluster != 0 {
            let e = earliest.entry(cluster).or_insert((day, s));
            // UNDATED is i32::MIN: any date beats it.
            if e.0 == UNDATED || (day != UNDATED && day < e.0) {
                *e = (day, s);
            }
        } else {
            counter.add(day, s);
        }
    };
    match spec.ids {
        Some(ids) => {
            for &id in ids {
                if let Some(i) = col.index_of(id) {
                    visit(i);
                }
            }
        }
        None => (0..col.len()).for_each(&mut visit),
    }
    for (_, (day, s)) in earliest {
        counter.add(day, s);
    }
    let mut periods = counter.periods;
    periods.sort_by_key(|p| p.start);
    Timeline {
        by: spec.by,
        periods,
        undated: counter.undated,
        series,
    }
}

/// Up to `limit` ids in view dated in `[from, to]` (days, inclusive), for
/// a bar's tooltip.
pub fn ids_between(col: &DateColumn, spec: &Spec, from: i32, to: i32, limit: usize) -> Vec<DocId> {
    let mut out = Vec::new();
    let mut take = |i: usize| {
        let d = col.days[i];
        if d != UNDATED
            && d >= from
            && d <= to
            && (spec.include_duplicates || !col.duplicate[i])
            && out.len() < limit
        {
            out.push(col.ids[i]);
        }
    };
    match spec.ids {
        Some(ids) => ids
            .iter()
            .filter_map(|&id| col.index_of(id))
            .for_each(&mut take),
        None => (0..col.len()).for_each(&mut take),
    }
    out
}

/// Where the bulk of the documents lies, for a first view that is not
/// stretched by a few stray dates (a 1887 typo in a 2015–2024 corpus).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bulk {
    /// First day of the first period in it.
    pub from: i32,
    /// First day after its last period.
    pub to: i32,
    /// Documents in the periods left outside.
    pub outside: u32,
}

impl Timeline {
    /// The periods holding all but the stray ends: from the 0.5th to the
    /// 99.5th percentile of documents, widened by a tenth of that span on
    /// each side (so an even spread keeps its ends); what lies beyond is
    /// counted as outside.
    pub fn bulk(&self) -> Option<Bulk> {
        let (first, last) = (self.periods.first()?, self.periods.last()?);
        let total: u64 = self.periods.iter().map(|p| p.total() as u64).sum();
        let cut = total / 200;
        let mut seen = 0u64;
        let lo = self
            .periods
            .iter()
            .find(|p| {
                seen += p.total() as u64;
                seen > cut
            })
            .unwrap_or(first);
        seen = 0;
        let hi = self
            .periods
            .iter()
            .rev()
            .find(|p| {
                seen += p.total() as u64;
                seen > cut
            })
            .unwrap_or(last);
        let (lo, hi_end) = (lo.start, self.by.next(hi.start));
        let margin = ((hi_end - lo) / 10).max(1);
        let inside =
            |p: &Period| p.start >= lo - margin && self.by.next(p.start) <= hi_end + margin;
        let mut from = None;
        let mut to = lo;
        let mut outside = 0;
        for p in &self.periods {
            if inside(p) {
                from.get_or_insert(p.start);
                to = self.by.next(p.start);
            } else {
                outside += p.total();
            }
        }
        Some(Bulk {
            from: from.unwrap_or(first.start),
            to,
            outside,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(counts: &[(i32, u32)]) -> Timeline {
        Timeline {
            by: Granularity::Year,
            periods: counts
                .iter()
                .map(|&(y, n)| Period {
                    start: Granularity::Year.start(crate::core::timeline::days_from_civil(y, 1, 1)),
                    counts: vec![n],
                })
                .collect(),
            undated: 0,
            series: 1,
        }
    }

    #[test]
    fn the_bulk_leaves_out_stray_dates_and_keeps_an_even_spread_whole() {
        let mut data = vec![(1887, 1), (1990, 1)];
        data.extend((2015..=2024).map(|y| (y, 500)));
        let t = years(&data);
        let b = t.bulk().unwrap();
        assert_eq!(b.outside, 2);
        assert_eq!(b.from, t.periods[2].start);
        assert_eq!(
            b.to,
            Granularity::Year.next(t.periods.last().unwrap().start)
        );
        let even = years(&(2015..=2024).map(|y| (y, 10)).collect::<Vec<_>>());
        assert_eq!(even.bulk().unwrap().outside, 0);
        assert_eq!(even.bulk().unwrap().from, even.periods[0].start);
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for d in (-800_000..800_000).step_by(997) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(parse_day("2023-04-25"), Some(days_from_civil(2023, 4, 25)));
        assert_eq!(parse_day("2023-04"), Some(days_from_civil(2023, 4, 1)));
        assert_eq!(parse_day("2023"), Some(days_from_civil(2023, 1, 1)));
        for bad in ["", "2023-13", "2023-04-x", "20-04-01-1", "abc"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        let d = |y, m, dd| days_from_civil(y, m, dd);
        assert_eq!(
            period_days("2024-02"),
            Some((d(2024, 2, 1), d(2024, 2, 29)))
        );
        assert_eq!(
            period_days(" 2023 "),
            Some((d(2023, 1, 1), d(2023, 12, 31)))
        );
        assert_eq!(
            period_days("2023-04-25"),
            Some((d(2023, 4, 25), d(2023, 4, 25)))
        );
        assert_eq!(period_days("April"), None);
    }

    #[test]
    fn periods_and_their_names() {
        let day = |y, m, d| days_from_civil(y, m, d);
        let g = Granularity::Week;
        // ISO weeks start on Monday; 2023-04-25 is a Tuesday of week 17.
        assert_eq!(g.start(day(2023, 4, 25)), day(2023, 4, 24));
        assert_eq!(g.label(g.start(day(2023, 4, 25))), "2023-W17");
        // Year boundaries: 2021-01-03 (Sunday) is in 2020-W53; 2024-12-30 in 2025-W01.
        assert_eq!(g.label(g.start(day(2021, 1, 3))), "2020-W53");
        assert_eq!(g.label(g.start(day(2021, 1, 4))), "2021-W01");
        assert_eq!(g.label(g.start(day(2024, 12, 30))), "2025-W01");
        assert_eq!(g.label(g.start(day(2026, 1, 1))), "2026-W01");
        assert_eq!(Granularity::Day.label(day(2023, 4, 25)), "2023-04-25");
        let m = Granularity::Month;
        assert_eq!(m.label(m.start(day(2023, 4, 25))), "2023-04");
        assert_eq!(m.next(m.start(day(2023, 12, 9))), day(2024, 1, 1));
        let y = Granularity::Year;
        assert_eq!(y.label(y.start(day(2023, 12, 31))), "2023");
        assert_eq!(y.next(day(2023, 1, 1)), day(2024, 1, 1));
        assert_eq!("week".parse::<Granularity>(), Ok(Granularity::Week));
        assert!("fortnight".parse::<Granularity>().is_err());
    }

    proptest::proptest! {
        /// ISO weeks agree with jiff's, on any day of four centuries.
        #[test]
        fn iso_weeks_agree_with_jiff(d in -146_097i32..146_097) {
            let (y, m, dd) = civil_from_days(d);
            let date = jiff::civil::Date::new(y as i16, m as i8, dd as i8).unwrap();
            let iso = date.iso_week_date();
            let expected = format!("{:04}-W{:02}", iso.year(), iso.week());
            proptest::prop_assert_eq!(Granularity::Week.label(Granularity::Week.start(d)), expected);
        }
    }

    #[test]
    fn days_agree_with_jiff() {
        let epoch = jiff::civil::date(1970, 1, 1);
        // Every day from 1600 to 2400, both ways.
        let mut d = jiff::civil::date(1600, 1, 1);
        let end = jiff::civil::date(2400, 12, 31);
        while d <= end {
            let ours = days_from_civil(i32::from(d.year()), d.month() as u32, d.day() as u32);
            let via_jiff = d.duration_since(epoch).as_secs() / 86_400;
            assert_eq!(i64::from(ours), via_jiff, "{d}");
            assert_eq!(
                civil_from_days(ours),
                (i32::from(d.year()), d.month() as u32, d.day() as u32),
                "{d}"
            );
            d = d.tomorrow().unwrap();
        }
    }
}
