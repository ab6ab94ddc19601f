//! The lists extraction looks names up in, built once per process: places
//! (GeoNames towns of 15,000 people and more, countries in four languages,
//! continents, US states), given names, surnames (shipped gzip-compressed
//! inside the binary, built by `assets/entities/build.py`), and the
//! hand-kept cues of [`super::cues`].

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use super::cues;
use super::kind::Kind;

static PLACES: &[u8] = include_bytes!("../../../assets/entities/places.txt.gz");
static GIVEN: &[u8] = include_bytes!("../../../assets/entities/given.txt.gz");
static SURNAMES: &[u8] = include_bytes!("../../../assets/entities/surnames.txt.gz");

/// How a place list names a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Region,
    Town,
}

/// Every list, keyed by [`key`].
pub struct Gazetteer {
    pub places: HashMap<String, PlaceKind>,
    pub given: HashSet<String>,
    pub surnames: HashSet<String>,
    pub titles: HashSet<String>,
    pub title_suffixes: Vec<String>,
    pub org_heads: HashSet<String>,
    pub org_suffixes: Vec<String>,
    pub place_heads: HashSet<String>,
    pub demonyms: HashSet<String>,
    /// Names typed by hand: well-known organisations and places.
    pub known: HashMap<String, Kind>,
    pub connectors: HashSet<String>,
    pub second_connectors: HashSet<String>,
    pub noun_endings: Vec<String>,
    pub not_names: HashSet<String>,
    /// The stop words of English, German, French and Spanish.
    pub function_words: HashSet<String>,
}

/// A name as the lists hold it: lower case, curly apostrophes straight.
pub fn key(name: &str) -> String {
    name.trim().replace('’', "'").to_lowercase()
}

/// The lists, built on first use (about 60 ms).
pub fn get() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(build)
}

/// A shipped list (an unreadable one is empty: extraction goes on with
/// the rules; a test checks they all read).
fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    if let Err(e) = flate2::read::GzDecoder::new(bytes).read_to_string(&mut out) {
        tracing::error!("a shipped gazetteer is unreadable: {e}");
        out.clear();
    }
    out
}

fn words(list: &str) -> HashSet<String> {
    list.split_whitespace().map(key).collect()
}

fn lines(list: &str) -> impl Iterator<Item = &str> {
    list.lines().map(str::trim).filter(|l| !l.is_empty())
}

fn build() -> Gazetteer {
    let mut places = HashMap::new();
    for line in gunzip(PLACES).lines() {
        let Some((name, kind)) = line.split_once('\t') else {
            continue;
        };
        let kind = match kind {
            "C" => PlaceKind::Country,
            "R" => PlaceKind::Region,
            _ => PlaceKind::Town,
        };
        let entry = places.entry(key(name)).or_insert(kind);
        if kind == PlaceKind::Country {
            *entry = kind;
        }
    }
    let mut known = HashMap::new();
    for name in lines(cues::KNOWN_PLACES) {
        places.insert(key(name), PlaceKind::Region);
    }
    for name in lines(cues::KNOWN_ORGS) {
        known.insert(key(name), Kind::Organisation);
        places.remove(&key(name));
    }
    let given: HashSet<String> = gunzip(GIVEN).lines().map(key).collect();
    let surnames: HashSet<String> = gunzip(SURNAMES).lines().map(key).collect();
    let mut function_words = HashSet::new();
    for lang in ["en", "de", "fr", "es"] {
        for w in stop_words::lookup(lang).unwrap_or_default() {
            function_words.insert(key(w));
        }
    }
    Gazetteer {
        places,
        given,
        surnames,
        titles: words(cues::PERSON_TITLES),
        title_suffixes: cues::TITLE_SUFFIXES.split_whitespace().map(key).collect(),
        org_heads: words(cues::ORG_HEADS),
        org_suffixes: cues::ORG_SUFFIXES.split_whitespace().map(key).collect(),
        place_heads: words(cues::PLACE_HEADS),
        demonyms: words(cues::DEMONYMS),
        known,
        connectors: words(cues::CONNECTORS),
        second_connectors: words(cues::SECOND_CONNECTORS),
        noun_endings: cues::NOUN_ENDINGS.split_whitespace().map(key).collect(),
        not_names: words(cues::NOT_NAMES),
        function_words,
    }
}

impl Gazetteer {
    /// A title before a name: in the list, or a German compound ending in
    /// one ("Verkehrsminister").
    pub fn is_title(&self, word_key: &str) -> bool {
        self.titles.contains(word_key)
            || self
                .title_suffixes
                .iter()
                .any(|s| word_key.len() > s.len() + 2 && word_key.ends_with(s.as_str()))
    }

    /// A name in a list: a well-known organisation or a place.
    pub fn listed(&self, name_key: &str) -> Option<Kind> {
        self.known
            .get(name_key)
            .copied()
            .or_else(|| self.places.contains_key(name_key).then_some(Kind::Place))
    }

    /// A common noun by its ending ("Cooperación", "Regierung").
    pub fn looks_like_noun(&self, word_key: &str) -> bool {
        self.noun_endings
            .iter()
            .any(|e| word_key.len() > e.len() + 2 && word_key.ends_with(e.as_str()))
    }

    /// A word that makes a name an organisation's.
    pub fn is_org_word(&self, word_key: &str) -> bool {
        self.org_heads.contains(word_key)
            || self
                .org_suffixes
                .iter()
                .any(|s| word_key.len() > s.len() + 2 && word_key.ends_with(s.as_str()))
    }
}
