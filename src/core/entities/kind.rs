//! What an entity is ([`Kind`]), a name found ([`Mention`]), the user's
//! decisions ([`Lexicon`]), and character offsets.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Person = 0,
    Organisation = 1,
    Place = 2,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Organisation, Kind::Place];

    /// As stored and written in exports: `person`, `organisation`, `place`.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organisation => "organisation",
            Kind::Place => "place",
        }
    }

    /// The facet's heading: "People", "Organisations", "Places".
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Person => "People",
            Kind::Organisation => "Organisations",
            Kind::Place => "Places",
        }
    }

    /// Reads `person`, `organisation` (or `organization`, `org`), `place`
    /// (or `location`, `loc`), in any case.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_lowercase().as_str() {
            "person" | "people" | "per" | "p" => Some(Kind::Person),
            "organisation" | "organization" | "organisations" | "organizations" | "org" | "o" => {
                Some(Kind::Organisation)
            }
            "place" | "places" | "location" | "loc" | "l" => Some(Kind::Place),
            _ => None,
        }
    }
}

/// A name found in a text: bytes `start..end`, and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// The user's decisions extraction obeys, by name ([`super::gazetteer::key`]):
/// a type, or `None` for a name that is never an entity.
pub type Lexicon = HashMap<String, Option<Kind>>;

/// Character offsets (Unicode scalar values) of byte offsets into `text`,
/// for ranges sorted by start.
pub fn char_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(ranges.len());
    let (mut byte, mut chars) = (0usize, 0usize);
    let mut advance = |to: usize| {
        if to >= byte {
            chars += text[byte..to].chars().count();
        } else {
            chars = text[..to].chars().count();
        }
        byte = to;
        chars
    };
    for &(s, e) in ranges {
        let cs = advance(s);
        let ce = advance(e);
        out.push((cs, ce));
    }
    out
}
