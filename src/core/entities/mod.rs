//! People, organisations and places: found offline in every document
//! ([`extract()`]), from rules and gazetteers shipped inside the binary; the
//! user's merges, renames and ignores ([`Lexicon`]) feed back into what is
//! found. The rules are pure and sit on the ground floor of the core; the
//! background run that stores what they find is [`run`].

pub mod cues;
pub mod extract;
pub mod gazetteer;
pub mod index;
mod kind;
pub mod run;
mod tokens;

pub use extract::{Lang, MAX_MENTIONS, extract};
pub use kind::{Kind, Lexicon, Mention, char_ranges};
