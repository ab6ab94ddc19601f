//! Stop words: NLTK's lists (the `stop-words` crate) for the languages the
//! language detector reports most often, folded like the tokens.

use std::collections::HashSet;

/// Languages with a shipped list, as `meta.lang` names them.
pub const LANGUAGES: [&str; 12] = [
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "ru", "tr", "fi",
];

/// The stop words of these languages (English when none is known), as
/// tokens: `für` is `fur`, `l'` is `l`.
pub fn for_languages<'a>(langs: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    let mut chosen: Vec<&str> = langs
        .into_iter()
        .filter(|l| LANGUAGES.contains(l))
        .collect();
    if chosen.is_empty() {
        chosen.push("en");
    }
    let mut set = HashSet::new();
    for lang in chosen {
        for w in stop_words::lookup(lang).unwrap_or_default() {
            set.extend(super::words(w));
        }
    }
    set
}

/// The languages that make up at least 5% of `langs` (one entry per
/// document), most frequent first.
pub fn main_languages(langs: &[Option<String>]) -> Vec<String> {
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for l in langs.iter().flatten() {
        *counts.entry(l.as_str()).or_default() += 1;
    }
    let mut found: Vec<(&str, usize)> = counts
        .into_iter()
        .filter(|&(_, n)| n * 20 >= langs.len().max(1))
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    found.into_iter().map(|(l, _)| l.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_folded_like_tokens_and_default_to_english() {
        let en = for_languages([]);
        assert!(en.contains("the") && en.contains("and"));
        let de = for_languages(["de"]);
        assert!(
            de.contains("fur") && de.contains("und"),
            "folded: für → fur"
        );
        assert!(!de.contains("the"));
        let langs = vec![Some("en".to_string()); 19]
            .into_iter()
            .chain([Some("de".into()), None])
            .collect::<Vec<_>>();
        assert_eq!(main_languages(&langs), ["en"]);
    }
}
