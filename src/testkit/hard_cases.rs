//! The cases that fool a duplicate finder built on shared shingles alone,
//! planted by the corpus generator as *different* stories:
//!
//! - **Shared block**: 2–6 unrelated documents carrying the same long block
//!   (a legal notice, a press-release "About the company", a standard
//!   background paragraph) that is 50–85% of the shortest of them.
//! - **Template**: a recurring report (a repurchase notice, a price report,
//!   an earnings line) issued on consecutive days with other figures.
//! - **Reuse**: a new story that quotes a passage of an earlier one, lightly
//!   revised; the two should be linked as *related*, never merged.

use super::corpus::sentence;

/// Which hard case a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hard {
    /// Shares block number `n` with the other documents of its family.
    SharedBlock(usize),
    /// Report number `n` of a recurring template family.
    Template(usize),
    /// Reuses a passage of this planted story.
    Reuse { source: usize },
}

/// Words of a paragraph.
fn words(p: &str) -> usize {
    p.split_whitespace().count()
}

/// Prose paragraphs of about `target` words.
pub(crate) fn prose(rng: &mut fastrand::Rng, target: usize) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut total = 0;
    while total < target {
        let mut p = String::new();
        for _ in 0..rng.usize(3..6) {
            if total >= target {
                break;
            }
            let s = sentence(rng);
            total += words(&s);
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&s);
        }
        paragraphs.push(p);
    }
    paragraphs
}

/// A family of unrelated documents' paragraphs sharing one block, the block
/// 50–85% of the shortest.
pub fn shared_block_family(rng: &mut fastrand::Rng) -> Vec<Vec<String>> {
    let size = rng.usize(120..260);
    let block = prose(rng, size);
    let block_words: usize = block.iter().map(|p| words(p)).sum();
    let members = rng.usize(2..7);
    (0..members)
        .map(|k| {
            // The first is the shortest: the block is 50–85% of it.
            let share = if k == 0 {
                0.5 + 0.35 * rng.f64()
            } else {
                0.2 + 0.25 * rng.f64()
            };
            let own = ((block_words as f64) * (1.0 - share) / share) as usize;
            let mut paragraphs = prose(rng, own.max(20));
            let at = match rng.usize(..3) {
                0 => 0,
                1 => paragraphs.len(),
                _ => rng.usize(..=paragraphs.len()),
            };
            for (j, b) in block.iter().enumerate() {
                paragraphs.insert(at + j, b.clone());
            }
            paragraphs
        })
        .collect()
}

const COMPANIES: &[&str] = &[
    "Northern Mills",
    "Atlas Freight",
    "Harbor Energy",
    "Valley Foods",
    "Summit Steel",
    "Crescent Bank",
];
const METALS: &[&str] = &["copper", "zinc", "aluminium", "nickel", "lead", "tin"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// A figure with two decimals in `lo..hi`.
fn figure(rng: &mut fastrand::Rng, lo: u32, hi: u32) -> String {
    let cents = rng.u32(lo * 100..hi * 100);
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A recurring report's paragraphs for `issue` (one per day) of template
/// number `template`: the same wording, other figures.
pub fn template_report(
    rng: &mut fastrand::Rng,
    template: usize,
    issue: usize,
) -> (String, Vec<String>) {
    let day = WEEKDAYS[issue % WEEKDAYS.len()];
    match template % 3 {
        0 => (
            "Fed adds reserves via customer repurchase agreements".to_string(),
            vec![
                format!(
                    "The Federal Reserve entered the government securities market on {day} to supply temporary \
                     reserves to the banking system through customer repurchase agreements totalling {} billion \
                     dlrs, a spokesman for the New York Fed said.",
                    figure(rng, 1, 5)
                ),
                format!(
                    "Dealers said federal funds were trading at {} pct when the Fed began its temporary and \
                     indirect supply of reserves, compared with an average of {} pct the day before, and that \
                     the agreements mature in one business day.",
                    figure(rng, 5, 8),
                    figure(rng, 5, 8)
                ),
            ],
        ),
        1 => {
            let metal = METALS[template / 3 % METALS.len()];
            (
                format!("London {metal} prices close higher in quiet trade"),
                vec![
                    format!(
                        "Three-month {metal} closed at {} dlrs a tonne on the London Metal Exchange on {day}, \
                         against {} dlrs at the previous close, in quiet trade with a turnover of {} tonnes, \
                         traders said.",
                        figure(rng, 900, 2000),
                        figure(rng, 900, 2000),
                        rng.u32(1000..20000)
                    ),
                    format!(
                        "Cash metal was quoted at {} dlrs and warehouse stocks fell by {} tonnes to {} tonnes, \
                         according to the exchange's daily report published after the close.",
                        figure(rng, 900, 2000),
                        rng.u32(100..900),
                        rng.u32(50000..200000)
                    ),
                ],
            )
        }
        _ => {
            let company = COMPANIES[(template / 3 + issue) % COMPANIES.len()];
            (
                format!("{company} reports quarterly results"),
                vec![
                    format!(
                        "{company} said net profit for the quarter was {} mln dlrs, or {} dlrs per share, \
                         against {} mln dlrs, or {} dlrs per share, a year earlier, on revenue of {} mln dlrs.",
                        figure(rng, 5, 90),
                        figure(rng, 0, 4),
                        figure(rng, 5, 90),
                        figure(rng, 0, 4),
                        figure(rng, 100, 900)
                    ),
                    format!(
                        "The board declared a quarterly dividend of {} cts per share, payable to holders of \
                         record at the end of the month, the company said in a statement.",
                        rng.u32(5..60)
                    ),
                ],
            )
        }
    }
}

/// A new story's paragraphs that reuse a passage of `source` (one or two of
/// its paragraphs, lightly revised by `revise`).
pub fn reuse(
    rng: &mut fastrand::Rng,
    source: &[String],
    revise: &mut dyn FnMut(&mut fastrand::Rng, &str) -> String,
) -> Vec<String> {
    let size = rng.usize(200..350);
    let mut paragraphs = prose(rng, size);
    let from = rng.usize(..source.len());
    let taken = rng.usize(1..3).min(source.len() - from);
    let at = rng.usize(1..=paragraphs.len());
    for (j, p) in source[from..from + taken].iter().enumerate() {
        let revised = revise(rng, p);
        paragraphs.insert(at + j, revised);
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_is_half_to_most_of_the_shortest_member() {
        let mut rng = fastrand::Rng::with_seed(3);
        for _ in 0..50 {
            let family = shared_block_family(&mut rng);
            assert!(family.len() >= 2);
            let total = |d: &Vec<String>| d.iter().map(|p| words(p)).sum::<usize>();
            let shortest = family.iter().map(total).min().unwrap_or(0) as f64;
            // The block is the family's common part: its first paragraphs
            // shared by every member.
            let block: usize = family[0]
                .iter()
                .filter(|p| family.iter().all(|d| d.contains(p)))
                .map(|p| words(p))
                .sum();
            let share = block as f64 / shortest;
            assert!((0.45..=0.9).contains(&share), "{share}");
        }
        let (title, a) = template_report(&mut rng, 0, 0);
        let (_, b) = template_report(&mut rng, 0, 1);
        assert!(title.contains("repurchase"));
        assert_ne!(a, b);
    }
}
