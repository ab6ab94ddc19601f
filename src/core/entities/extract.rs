//! Finds the people, organisations and places a text names, offline, from
//! rules and lists: runs of capitalised words (with the small words names
//! hold: "Bank of England", "Bashar al-Assad", "Côte d'Ivoire"), trimmed of
//! sentence openers, titles and nationality adjectives, then typed by what
//! stands around them (a title before a name, an organisation's or a place's
//! head word, a dateline, "in" before a place) and by the gazetteers, and
//! finally made consistent within the document (a surname alone after the
//! full name, one type for one name). Time and memory are linear in the
//! text; a name is at most [`MAX_NAME_WORDS`] words.

use std::collections::{HashMap, HashSet};

use super::gazetteer::{self, Gazetteer, PlaceKind, key};
use super::kind::{Kind, Lexicon, Mention};
use super::tokens::{Token, is_acronym, is_camel, tokenize};

/// A run of capitals longer than this is cut into names of this length.
pub const MAX_NAME_WORDS: usize = 8;
/// At most this many mentions are kept of one document.
pub const MAX_MENTIONS: usize = 20_000;

/// The language rules apply: German capitalises every noun, so a lone
/// capitalised word there needs more evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    English,
    German,
    French,
    Spanish,
    Other,
}

impl Lang {
    /// From a document's language code (`en`, `de`, …).
    pub fn from_code(code: Option<&str>) -> Lang {
        match code {
            Some("en") => Lang::English,
            Some("de") => Lang::German,
            Some("fr") => Lang::French,
            Some("es") => Lang::Spanish,
            _ => Lang::Other,
        }
    }
}

/// The people, organisations and places `text` names, in text order, as
/// byte ranges. `lexicon` holds the user's decisions (a name's type, or
/// that it is never an entity).
pub fn extract(text: &str, lang: Lang, lexicon: &Lexicon) -> Vec<Mention> {
    let g = gazetteer::get();
    let tokens = tokenize(text);
    let lower: HashSet<&str> = tokens
        .iter()
        .filter(|t| t.word && !t.cap)
        .map(|t| &text[t.start..t.end])
        .collect();
    // Words the document capitalises inside a sentence (names' words),
    // glued particles dropped ("al-Assad" gives "assad").
    let inner: HashSet<String> = tokens
        .iter()
        .filter(|t| t.word && t.cap && !t.sentence_start)
        .map(|t| {
            let k = key(&text[t.start..t.end]);
            match k.split_once('-') {
                Some(("al" | "el" | "as" | "ad" | "bin", rest)) => rest.to_string(),
                _ => k,
            }
        })
        .collect();
    let cx = Context {
        text,
        tokens: &tokens,
        g,
        lang,
        lexicon,
        lower: &lower,
        inner: &inner,
    };
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < tokens.len() && found.len() < MAX_MENTIONS {
        if !starts_name(text, &tokens[i]) {
            i += 1;
            continue;
        }
        let end = span_end(&cx, i);
        if let Some(f) = cx.classify(i, end) {
            found.push(f);
        }
        i = end;
    }
    settle(&cx, &mut found);
    found
        .into_iter()
        .filter_map(|f| {
            f.kind.map(|kind| Mention {
                start: f.start,
                end: f.end,
                kind,
            })
        })
        .collect()
}

/// A name found, typed or not yet.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    key: String,
    kind: Option<Kind>,
    /// Typed by strong evidence (a list, a title, a head word), not a guess.
    sure: bool,
}

struct Context<'a> {
    text: &'a str,
    tokens: &'a [Token],
    g: &'a Gazetteer,
    lang: Lang,
    lexicon: &'a Lexicon,
    /// The document's words written in lower case.
    lower: &'a HashSet<&'a str>,
    /// The words it capitalises inside sentences.
    inner: &'a HashSet<String>,
}

fn starts_name(text: &str, t: &Token) -> bool {
    t.word
        && t.cap
        && text[t.start..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
}

/// Only spaces between two tokens (no line break, no punctuation).
fn adjacent(cx: &Context, a: &Token, b: &Token) -> bool {
    !b.line_start
        && cx.text[a.end..b.start]
            .chars()
            .all(|c| c == ' ' || c == '\u{a0}')
}

/// Where the name starting at token `i` ends (exclusive).
fn span_end(cx: &Context, i: usize) -> usize {
    let tokens = cx.tokens;
    let mut end = i + 1;
    let mut words = 1;
    while end < tokens.len() && words < MAX_NAME_WORDS {
        let prev = &tokens[end - 1];
        let t = &tokens[end];
        if !t.word || !adjacent(cx, prev, t) {
            break;
        }
        if starts_name(cx.text, t) {
            end += 1;
            words += 1;
            continue;
        }
        // Up to two small words between capitals: "Bank of England",
        // "Organización de los Estados", "Côte d'Ivoire", "von der Leyen".
        let mut j = end;
        while j < tokens.len() && j < end + 2 && is_connector(cx, &tokens[j], j > end) {
            if j + 1 >= tokens.len() || !adjacent(cx, &tokens[j], &tokens[j + 1]) {
                break;
            }
            j += 1;
        }
        if j > end && j < tokens.len() && starts_name(cx.text, &tokens[j]) {
            words += j - end + 1;
            end = j + 1;
            continue;
        }
        break;
    }
    end
}

/// A small word inside a name; `second`: after another one ("de la").
fn is_connector(cx: &Context, t: &Token, second: bool) -> bool {
    if !t.word || t.cap {
        return false;
    }
    let w = &cx.text[t.start..t.end];
    (w.ends_with('\'') && !second)
        || cx.g.connectors.contains(w)
        || (second && cx.g.second_connectors.contains(w))
}

impl Context<'_> {
    fn word(&self, i: usize) -> &str {
        &self.text[self.tokens[i].start..self.tokens[i].end]
    }

    fn key(&self, i: usize) -> String {
        key(self.word(i))
    }

    fn span_key(&self, a: usize, b: usize) -> String {
        key(&self.text[self.tokens[a].start..self.tokens[b - 1].end])
    }

    /// Trims, then types the name in tokens `a..b`.
    fn classify(&self, mut a: usize, mut b: usize) -> Option<Found> {
        // Whole-name decisions of the user come first.
        if let Some(decision) = self.lexicon.get(&self.span_key(a, b)) {
            return decision.map(|kind| self.found(a, b, kind, true));
        }
        let mut titled = false;
        let head_last = |a: usize, b: usize| self.has_head(a, b);
        // Sentence openers, junk words, nationality adjectives, titles.
        while a < b {
            let whole = self.span_key(a, b);
            if self.g.listed(&whole).is_some() {
                break;
            }
            if let Some(decision) = self.lexicon.get(&whole) {
                return decision.map(|kind| self.found(a, b, kind, true));
            }
            let k = self.key(a);
            let article_of_title = b - a > 1
                && !self.tokens[a].sentence_start
                && matches!(
                    k.as_str(),
                    "the" | "le" | "la" | "el" | "der" | "die" | "das"
                )
                && self.g.org_heads.contains(&self.key(b - 1));
            if article_of_title {
                break;
            }
            let capitals = is_acronym(self.word(a));
            let opener = self.g.not_names.contains(&k)
                || (self.g.function_words.contains(&k) && !capitals)
                || is_connector(self, &self.tokens[a], true);
            if opener || (self.g.demonyms.contains(&k) && !head_last(a, b)) {
                a += 1;
                continue;
            }
            if self.g.is_title(&k) {
                titled = true;
                a += 1;
                continue;
            }
            // Sentence-initial words the document also writes in lower
            // case ("Successful Kremlin mediation"), or never capitalises
            // inside a sentence while it does the next word ("Later Assad
            // left", "See Zorbtown").
            let opener_word = self.tokens[a].sentence_start
                && b - a > 1
                && (self.lower.contains(k.as_str())
                    || (!self.inner.contains(&k)
                        && !self.g.given.contains(&k)
                        && (self.inner.contains(&self.key(a + 1))
                            || self.lexicon.contains_key(&self.span_key(a + 1, b)))));
            if opener_word {
                a += 1;
                continue;
            }
            // German: a noun after an article ("dem Koalitionspartner
            // Partidul …") when what follows it is known.
            if self.lang == Lang::German
                && b - a > 1
                && self.article_before(a)
                && !head_last(a, b)
                && self.known_from(a + 1, b)
            {
                a += 1;
                continue;
            }
            break;
        }
        if a >= b {
            return None;
        }
        // A name the user decided on at the end of a longer run.
        if let Some(s) = (a + 1..b).find(|&s| self.lexicon.contains_key(&self.span_key(s, b))) {
            a = s;
            let decision = self.lexicon.get(&self.span_key(a, b)).copied().flatten();
            return decision.map(|kind| self.found(a, b, kind, true));
        }
        // A listed name at the end of a longer run: "Successful Kremlin",
        // "US-Bundesstaat South Carolina", "Intérieur du Gabon".
        if self.g.listed(&self.span_key(a, b)).is_none()
            && !self.g.given.contains(&self.key(a))
            && !head_last(a, b)
        {
            let listed = |s: usize| {
                self.place(&self.span_key(s, b)).is_some()
                    || self.g.known.contains_key(&self.span_key(s, b))
            };
            if let Some(s) =
                (a + 1..b).find(|&s| listed(s) && !is_connector(self, &self.tokens[s], true))
            {
                a = s;
            }
        }
        // Titles inside the run: "Russian Defense Minister Sergei Shoigu".
        if let Some(last_title) = (a..b).rev().find(|&i| self.g.is_title(&self.key(i))) {
            if last_title + 1 >= b {
                return None;
            }
            if !(a..=last_title).any(|i| self.g.is_org_word(&self.key(i))) {
                titled = true;
                a = last_title + 1;
            }
        }
        while b > a
            && (self.g.not_names.contains(&self.key(b - 1))
                || is_connector(self, &self.tokens[b - 1], true))
        {
            b -= 1;
        }
        if a >= b {
            return None;
        }
        if let Some(decision) = self.lexicon.get(&self.span_key(a, b)) {
            return decision.map(|kind| self.found(a, b, kind, true));
        }
        let titled = titled || self.title_before(a);
        Some(self.type_name(a, b, titled))
    }

    /// A determiner just before token `a` (German).
    fn article_before(&self, a: usize) -> bool {
        a >= 1
            && self.tokens[a - 1].word
            && matches!(
                self.key(a - 1).as_str(),
                "der"
                    | "die"
                    | "das"
                    | "dem"
                    | "den"
                    | "des"
                    | "ein"
                    | "eine"
                    | "einem"
                    | "einen"
                    | "einer"
                    | "eines"
                    | "seiner"
                    | "seinem"
                    | "seinen"
                    | "ihrer"
                    | "ihrem"
            )
    }

    /// A word that heads an organisation's name anywhere in `a..b`, or a
    /// place's at its end or before "of" ("Republic of …").
    fn has_head(&self, a: usize, b: usize) -> bool {
        if b - a < 2 {
            return false;
        }
        let first_head = b - a > 2
            && is_connector(self, &self.tokens[a + 1], false)
            && self.g.place_heads.contains(&self.key(a));
        first_head
            || self.g.place_heads.contains(&self.key(b - 1))
            || (a..b).any(|i| self.g.is_org_word(&self.key(i)))
    }

    /// Tokens `a..b` make a listed name, or a person by a given name.
    fn known_from(&self, a: usize, b: usize) -> bool {
        self.g.listed(&self.span_key(a, b)).is_some()
            || (b - a > 1 && self.g.given.contains(&self.key(a)))
    }

    /// A lower-case title just before the name: "le président sortant
    /// Laurent Gbagbo", "el mandatario Nicolás Maduro".
    fn title_before(&self, a: usize) -> bool {
        let word_before = |i: usize| a >= i && self.tokens[a - i].word && !self.tokens[a - i].cap;
        if word_before(1) && self.g.is_title(&self.key(a - 1)) {
            return true;
        }
        word_before(1)
            && word_before(2)
            && !self.g.function_words.contains(&self.key(a - 1))
            && !self.g.connectors.contains(&self.key(a - 1))
            && self.g.is_title(&self.key(a - 2))
    }

    fn found(&self, a: usize, b: usize, kind: Kind, sure: bool) -> Found {
        Found {
            start: self.tokens[a].start,
            end: self.tokens[b - 1].end,
            key: self.span_key(a, b),
            kind: Some(kind),
            sure,
        }
    }

    fn unknown(&self, a: usize, b: usize) -> Found {
        Found {
            kind: None,
            sure: false,
            ..self.found(a, b, Kind::Person, false)
        }
    }

    fn place(&self, k: &str) -> Option<PlaceKind> {
        self.g.places.get(k).copied().or_else(|| {
            // German genitive: "Griechenlands".
            (self.lang == Lang::German)
                .then(|| k.strip_suffix('s'))
                .flatten()
                .and_then(|s| self.g.places.get(s).copied())
        })
    }

    /// The type of a trimmed name, from its words and what stands around.
    fn type_name(&self, a: usize, b: usize, titled: bool) -> Found {
        let g = self.g;
        let k = self.span_key(a, b);
        let n = b - a;
        let keys: Vec<String> = (a..b).map(|i| self.key(i)).collect();
        if let Some(&kind) = g.known.get(&k) {
            return self.found(a, b, kind, true);
        }
        let place = self.place(&k);
        if n == 1 && (g.org_heads.contains(&k) || g.place_heads.contains(&k)) {
            // "Office", "Parti", "Republic" alone are common nouns.
            return self.unknown(a, b);
        }
        let initial = self.tokens[a].sentence_start;
        let common = self.g.function_words.contains(&k) || self.lower.contains(k.as_str());
        if n == 1
            && place == Some(PlaceKind::Town)
            && (common || (self.lang == Lang::German && self.article_before(a)))
        {
            // "Una guerra", "Das Ende": a word, not the town of that name.
            return self.unknown(a, b);
        }
        if n > 1 && self.lang == Lang::German && is_acronym(self.word(a)) && !self.has_head(a, b) {
            // "die PASOK Fraktionsmitglieder".
            return self.found(a, a + 1, Kind::Organisation, true);
        }
        if titled && place != Some(PlaceKind::Country) {
            return self.found(a, b, Kind::Person, true);
        }
        let first_head = n > 2 && is_connector(self, &self.tokens[a + 1], false);
        if n > 1
            && g.place_heads
                .contains(&keys[if first_head { 0 } else { n - 1 }])
        {
            return self.found(a, b, Kind::Place, true);
        }
        if keys.iter().any(|w| g.is_org_word(w)) && !(n == 1 && place.is_some()) {
            return self.found(a, b, Kind::Organisation, true);
        }
        if n == 1 && k.contains('-') && k.split('-').all(|p| self.place(p).is_some()) {
            // "Bâle-Mulhouse".
            return self.found(a, b, Kind::Place, true);
        }
        if place.is_some() {
            return self.found(a, b, Kind::Place, true);
        }
        if self.dateline(a, b) {
            return self.found(a, b, Kind::Place, true);
        }
        let word = self.word(a);
        let acronym = n == 1 && is_acronym(word);
        if acronym || (n == 1 && is_camel(word)) {
            return self.found(a, b, Kind::Organisation, true);
        }
        let given = g.given.contains(&keys[0]);
        let surname = g.surnames.contains(&keys[n - 1]);
        let nouns = keys.iter().any(|w| g.looks_like_noun(w));
        if n > 1 && given && !nouns {
            return self.found(a, b, Kind::Person, true);
        }
        if n > 1 && surname && !nouns && self.lang != Lang::German {
            return self.found(a, b, Kind::Person, true);
        }
        if self.says_after(b) {
            return self.found(a, b, Kind::Person, false);
        }
        let digits = keys.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()));
        if n > 1 && self.lang != Lang::German && !digits && !nouns {
            return self.found(a, b, Kind::Person, false);
        }
        if n == 1 && !initial && self.lang != Lang::German {
            if self.place_before(a) {
                return self.found(a, b, Kind::Place, false);
            }
            if surname {
                return self.found(a, b, Kind::Person, false);
            }
        }
        self.unknown(a, b)
    }

    /// "MOSCOW (Reuters) -", "BERLIN, 3 May": a line's first words in
    /// capitals before a parenthesis, comma or dash.
    fn dateline(&self, a: usize, b: usize) -> bool {
        let t = &self.tokens[a];
        let all_caps = self.text[t.start..self.tokens[b - 1].end]
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let next = self
            .tokens
            .get(b)
            .filter(|n| !n.word)
            .map(|n| &self.text[n.start..n.end]);
        t.line_start
            && all_caps
            && matches!(next, Some("(" | "," | "-" | "–" | "—"))
            && self.place(&self.span_key(a, b)).is_some()
    }

    /// "in", "from", "near" before the name (a place).
    fn place_before(&self, a: usize) -> bool {
        a >= 1
            && self.tokens[a - 1].word
            && matches!(
                self.key(a - 1).as_str(),
                "in" | "from" | "near" | "nach" | "aus" | "à" | "en" | "desde" | "hacia"
            )
    }

    /// A verb of saying after the name: "Brown said", "dijo Maduro".
    fn says_after(&self, b: usize) -> bool {
        let next = self
            .tokens
            .get(b)
            .filter(|t| t.word)
            .map(|t| key(&self.text[t.start..t.end]));
        matches!(
            next.as_deref(),
            Some("said" | "says" | "told" | "added" | "sagte" | "erklärte" | "dijo" | "afirmó")
        )
    }
}

/// One document, one sense: names left untyped take the type the document
/// gives them elsewhere (a surname after the full name, "Papandreous" after
/// "Papandreou"); guesses give way to sure types of the same name.
fn settle(cx: &Context, found: &mut [Found]) {
    let mut sure: HashMap<String, Kind> = HashMap::new();
    let mut votes: HashMap<String, [usize; 3]> = HashMap::new();
    for f in found.iter() {
        let Some(kind) = f.kind else { continue };
        votes.entry(f.key.clone()).or_default()[kind as usize] += if f.sure { 2 } else { 1 };
        if f.sure {
            sure.entry(f.key.clone()).or_insert(kind);
        }
        if kind == Kind::Person && f.key.contains(' ') {
            // The surname (and the last two words) stand for the person.
            let words: Vec<&str> = f.key.split(' ').collect();
            let last = words[words.len() - 1];
            let bare = last
                .split_once('-')
                .filter(|(p, _)| matches!(*p, "al" | "el" | "as" | "ad" | "bin"))
                .map(|(_, r)| r.to_string());
            let tails = [
                Some(last.to_string()),
                bare,
                Some(words[words.len().saturating_sub(2)..].join(" ")),
            ];
            for tail in tails.into_iter().flatten() {
                if !cx.g.function_words.contains(&tail) {
                    sure.entry(tail).or_insert(Kind::Person);
                }
            }
        }
    }
    for f in found.iter_mut() {
        let tail_of_person = sure.get(&f.key) == Some(&Kind::Person) && !f.key.contains(' ');
        if f.kind.is_none() || !f.sure || tail_of_person {
            let german_genitive = f.key.strip_suffix('s').filter(|_| cx.lang == Lang::German);
            let known = sure
                .get(&f.key)
                .or_else(|| german_genitive.and_then(|k| sure.get(k)))
                .copied();
            let last_word = f.key.rsplit(' ').next().unwrap_or_default();
            let known = known.or_else(|| {
                (f.kind.is_none() && sure.get(last_word) == Some(&Kind::Person))
                    .then_some(Kind::Person)
            });
            if let Some(kind) = known {
                f.kind = Some(kind);
                continue;
            }
        }
        if let (Some(_), Some(v)) = (f.kind, votes.get(&f.key)) {
            let best = (0..3).max_by_key(|&i| v[i]).unwrap_or(0);
            f.kind = Some(Kind::ALL[best]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `text` names, as (name, type).
    fn names(text: &str, lang: Lang) -> Vec<(String, Kind)> {
        extract(text, lang, &Lexicon::new())
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.kind))
            .collect()
    }

    fn has(text: &str, lang: Lang, name: &str, kind: Kind) -> bool {
        names(text, lang).contains(&(name.to_string(), kind))
    }

    // One test per rule: each fails when its rule is taken out.

    #[test]
    fn a_title_before_a_name_makes_a_person_and_stays_out_of_it() {
        let t = "Talks began on Monday. Russian Defense Minister Sergei Shoigu hosted them.";
        assert!(
            has(t, Lang::English, "Sergei Shoigu", Kind::Person),
            "{:?}",
            names(t, Lang::English)
        );
        let f = "Il a rompu avec le président sortant Laurent Gbagbo hier.";
        assert!(has(f, Lang::French, "Laurent Gbagbo", Kind::Person));
        let d = "Gestern sagte Ministerpräsident Victor Ponta nichts.";
        assert!(has(d, Lang::German, "Victor Ponta", Kind::Person));
    }

    #[test]
    fn head_words_make_organisations_and_places() {
        let t = "Rates were held by the Bank of England on Thursday.";
        assert!(has(t, Lang::English, "Bank of England", Kind::Organisation));
        let d = "Am Montag kritisierte die Arbeiterpartei den Plan.";
        assert!(has(d, Lang::German, "Arbeiterpartei", Kind::Organisation));
        let p = "They marched along Haversham Street at noon.";
        assert!(has(p, Lang::English, "Haversham Street", Kind::Place));
        let r = "It lies in the Republic of Klant.";
        assert!(
            has(r, Lang::English, "Republic of Klant", Kind::Place),
            "{:?}",
            names(r, Lang::English)
        );
    }

    #[test]
    fn datelines_and_place_words_make_places() {
        let t = "MOSCOW (Reuters) - Talks resumed.";
        assert!(has(t, Lang::English, "MOSCOW", Kind::Place));
        let u = "The plant was built near Zorbtown last year.";
        assert!(has(u, Lang::English, "Zorbtown", Kind::Place));
        assert!(has(
            "Turks left Ankara.",
            Lang::English,
            "Ankara",
            Kind::Place
        ));
    }

    #[test]
    fn small_words_inside_names_and_elided_articles() {
        let t = "He met Bashar al-Assad twice. Later Assad left.";
        assert!(has(t, Lang::English, "Bashar al-Assad", Kind::Person));
        assert!(
            has(t, Lang::English, "Assad", Kind::Person),
            "the surname alone"
        );
        let f = "Il est protégé par la force de l'Onu depuis hier.";
        assert!(
            has(f, Lang::French, "Onu", Kind::Organisation),
            "{:?}",
            names(f, Lang::French)
        );
        let c = "Le nouvel ambassadeur de Côte d'Ivoire arrive.";
        assert!(
            has(c, Lang::French, "Côte d'Ivoire", Kind::Place),
            "{:?}",
            names(c, Lang::French)
        );
    }

    #[test]
    fn possessives_nationalities_and_openers_stay_out() {
        let t = "Fighting in Syria's north went on.";
        assert!(has(t, Lang::English, "Syria", Kind::Place));
        let n = names(
            "Russian officials said so. The Kremlin agreed.",
            Lang::English,
        );
        assert!(
            !n.iter()
                .any(|(w, _)| w.contains("Russian") || w.starts_with("The")),
            "{n:?}"
        );
        assert!(has(
            "Russian officials said so. The Kremlin agreed.",
            Lang::English,
            "Kremlin",
            Kind::Organisation
        ));
        assert!(names("Read More", Lang::English).is_empty());
    }

    #[test]
    fn acronyms_are_organisations_and_german_nouns_are_not_names() {
        assert!(has(
            "Support for the NDP grew.",
            Lang::English,
            "NDP",
            Kind::Organisation
        ));
        let d = "Die Regierung plant eine Reform der Verwaltung.";
        assert!(
            names(d, Lang::German).is_empty(),
            "{:?}",
            names(d, Lang::German)
        );
    }

    #[test]
    fn the_users_decisions_come_first() {
        let mut lexicon = Lexicon::new();
        lexicon.insert("read more".into(), None);
        lexicon.insert("zorbtown".into(), Some(Kind::Organisation));
        let found = extract("See Zorbtown. Read More here.", Lang::English, &lexicon);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, Kind::Organisation);
    }
}
