//! What a document's headline names, for the judge: its distinctive
//! words, exchange symbols and figures. Short notices of other companies
//! differ only there (`NATIONAL WESTMINSTER BANCORP <NWB> QTLY DIV` and
//! `FIRST UNION CORP <FUNC> QTLY DIV` over one three-line body).

/// Below this many body words (the shorter side), a pair whose headlines
/// name other things is about other things: a dividend notice names its
/// company only in the headline ("Qtly div 10 cts vs 10 cts prior / Pay
/// March 31 / Record March 16").
pub(super) const SHORT_NOTICE_WORDS: u32 = 60;

/// Below this many body words, different exchange symbols in the headlines
/// (`<NWBL>`, `<FUNC>`) are different companies' reports.
const TICKER_NOTICE_WORDS: u32 = 150;
/// Headlines whose distinctive words overlap less than this (Jaccard) name
/// other things.
const SAME_HEADLINE: f64 = 0.5;

/// Words of a headline that say nothing of its subject: wire tags and
/// small words.
const HEADLINE_NOISE: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "on",
    "for",
    "and",
    "or",
    "at",
    "by",
    "with",
    "vs",
    "from",
    "is",
    "as",
    "its",
    "it",
    "corrected",
    "correction",
    "corrects",
    "repeat",
    "repeated",
    "update",
    "updated",
    "refile",
    "refiled",
    "urgent",
    "flash",
    "reuter",
    "reuters",
    "newsalert",
    "new",
    "says",
    "said",
];

/// What a headline names: its distinctive words and exchange symbols.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headline {
    /// Hashes of its words (lower case; no figures, no [`HEADLINE_NOISE`]),
    /// sorted and distinct.
    words: Vec<u64>,
    /// Hashes of the symbols in angle brackets (`<NWBL>`), sorted.
    tickers: Vec<u64>,
    /// Hashes of its figures ("200 MLN DLR"), sorted.
    figures: Vec<u64>,
}

fn word_key(w: &str) -> u64 {
    super::normalize::mix(w.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    }))
}

impl Headline {
    /// Reads a document's title.
    pub fn new(title: &str) -> Headline {
        let mut tickers: Vec<u64> = title
            .split('<')
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(sym, _)| sym.trim().to_lowercase()))
            .filter(|sym| !sym.is_empty() && sym.len() <= 12)
            .map(|sym| word_key(&sym))
            .collect();
        tickers.sort_unstable();
        tickers.dedup();
        let mut words: Vec<u64> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !w.chars().any(|c| c.is_numeric()))
            .map(str::to_lowercase)
            .filter(|w| !HEADLINE_NOISE.contains(&w.as_str()))
            .map(|w| word_key(&w))
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut figures: Vec<u64> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().any(|c| c.is_numeric()))
            .map(word_key)
            .collect();
        figures.sort_unstable();
        Headline {
            words,
            tickers,
            figures,
        }
    }

    /// Both headlines state figures, and other ones ("FILES 200 MLN DLR
    /// OFFERING" and "FILES 50 MLN DLR OFFERING").
    pub(super) fn figures_differ(&self, other: &Headline) -> bool {
        !self.figures.is_empty() && !other.figures.is_empty() && self.figures != other.figures
    }

    /// A key headlines that name the same things share (wire tags and
    /// figures aside): `None` for a headline too bare to tell.
    pub fn key(&self) -> Option<u64> {
        if self.tickers.is_empty() && self.words.len() < 2 {
            return None;
        }
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        for w in self.tickers.iter().chain([&0]).chain(&self.words) {
            h = super::normalize::mix(h ^ w);
        }
        Some(h)
    }

    /// Distinctive words one headline has and the other lacks (the larger
    /// side), when the two name other things in a text of `body_words`;
    /// `None` when they may name the same.
    pub(super) fn names_apart(&self, other: &Headline, body_words: u32) -> Option<u32> {
        let shared = |x: &[u64], y: &[u64]| x.iter().filter(|w| y.binary_search(w).is_ok()).count();
        let apart = || {
            let s = shared(&self.words, &other.words);
            (self.words.len().max(other.words.len()) - s).max(1) as u32
        };
        if !self.tickers.is_empty() && !other.tickers.is_empty() {
            // Symbols on both sides settle it.
            let disjoint = shared(&self.tickers, &other.tickers) == 0;
            return (disjoint && body_words < TICKER_NOTICE_WORDS).then(apart);
        }
        if body_words >= SHORT_NOTICE_WORDS || self.words.len() < 2 || other.words.len() < 2 {
            return None;
        }
        let s = shared(&self.words, &other.words) as f64;
        let union = (self.words.len() + other.words.len()) as f64 - s;
        (s / union < SAME_HEADLINE).then(apart)
    }
}
