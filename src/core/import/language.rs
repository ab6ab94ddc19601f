//! The language of a document whose source names none, by `whatlang`
//! (trigram statistics, no model files, about 80 µs on a news article's
//! first 400 bytes), written as the two-letter code pages and
//! exports use (`en`, `de`), or the three-letter one where none exists.

/// Bytes looked at: the opening of a document (about 60 words) is enough
/// for whatlang to be reliable. Its cost grows with the sample up to 600
/// trigrams: 150 µs at 700 bytes and more, 78 µs at 400 — at 2,000 bytes
/// detection took 44% of the import's time (perf, 40,000 news files).
const SAMPLE: usize = 400;

/// The language of `text`: settled by its function words when they leave
/// no doubt ([`by_function_words`], a few µs), else by whatlang when it is
/// confident.
pub fn detect(text: &str) -> Option<&'static str> {
    let mut end = text.len().min(SAMPLE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    by_function_words(&text[..end]).or_else(|| by_whatlang(&text[..end]))
}

/// whatlang's answer for `sample` when it is confident (the slow path of
/// [`detect`], public for the import benchmark's comparison).
pub fn by_whatlang(sample: &str) -> Option<&'static str> {
    let info = whatlang::detect(sample)?;
    info.is_reliable().then(|| two_letter(info.lang().code()))
}

/// The commonest function words of the languages most imports hold. A
/// word may belong to several (`de`, `la`, `en`); the margin below keeps
/// those from deciding.
const FUNCTION_WORDS: [(&str, &[&str]); 7] = [
    (
        "en",
        &[
            "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "as", "by",
            "at", "it", "from", "he", "said", "are", "be", "has", "have", "this", "which", "were",
            "an", "will", "his", "not", "but", "they", "their", "had", "been", "would", "who",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "den", "das", "von", "zu", "mit", "ist", "im", "des", "sich",
            "auf", "für", "nicht", "ein", "eine", "dem", "auch", "es", "als", "wie", "bei", "nach",
            "wird", "aus", "sie", "hat", "er", "werden", "wurde", "einer", "über", "noch",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "de", "des", "et", "du", "un", "une", "est", "en", "que", "qui",
            "dans", "pour", "pas", "sur", "au", "par", "plus", "il", "ce", "avec", "sont", "ont",
            "été", "aux", "elle", "mais", "ses", "leur", "cette", "selon", "était",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "de", "del", "y", "que", "en", "un", "una", "es", "por",
            "con", "para", "se", "al", "lo", "su", "como", "más", "pero", "sus", "fue", "ha",
            "este", "está", "son", "entre", "sobre", "también", "según", "dijo",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "e", "la", "per", "un", "una", "non", "del", "della", "dei", "le",
            "nel", "nella", "sono", "alla", "con", "ha", "gli", "anche", "più", "ma", "come",
            "stato", "dal", "degli", "essere", "questo", "tra",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "a", "as", "de", "do", "da", "dos", "das", "e", "que", "em", "no", "na",
            "um", "uma", "para", "com", "não", "por", "mais", "foi", "ao", "se", "seu", "sua",
            "também", "pelo", "pela", "disse", "são", "entre",
        ],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "van", "en", "in", "is", "op", "te", "dat", "die", "voor", "met",
            "zijn", "niet", "aan", "er", "om", "ook", "als", "bij", "door", "naar", "wordt",
            "werd", "heeft", "maar", "nog", "uit", "dit",
        ],
    ),
];

/// Words a sample needs, the share of them one language's function words
/// must make up, the words only that language has that must be among them,
/// and how many times more of those than any other language's.
const MIN_WORDS: usize = 25;
const MIN_SHARE: f64 = 0.2;
const MIN_OWN: usize = 5;
const MARGIN: usize = 3;

/// The language of `sample` when its function words settle it: at least a
/// fifth of its words (of at least 25) are one language's, at least five
/// of them words no other listed language has, and three times as many of
/// those as any other language's own. Shared words (`de`, `la`, `que`)
/// count towards the share but never decide. `None` leaves it to whatlang:
/// short text, other languages (Catalan, Swedish…) and scripts, mixed
/// passages.
pub fn by_function_words(sample: &str) -> Option<&'static str> {
    use std::collections::HashMap;
    use std::sync::LazyLock;
    static WORDS: LazyLock<HashMap<&'static str, u8>> = LazyLock::new(|| {
        let mut m: HashMap<&'static str, u8> = HashMap::new();
        for (i, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
            for w in *words {
                *m.entry(w).or_default() |= 1 << i;
            }
        }
        m
    });
    let n = FUNCTION_WORDS.len();
    let (mut all, mut own) = (
        [0usize; FUNCTION_WORDS.len()],
        [0usize; FUNCTION_WORDS.len()],
    );
    let mut words = 0usize;
    let mut lower = String::new();
    for w in sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        if let Some(&mask) = WORDS.get(lower.as_str()) {
            for i in (0..n).filter(|i| mask & (1 << i) != 0) {
                all[i] += 1;
                if mask.count_ones() == 1 {
                    own[i] += 1;
                }
            }
        }
    }
    if words < MIN_WORDS {
        return None;
    }
    let best = (0..n).max_by_key(|&i| own[i])?;
    let second = (0..n)
        .filter(|&i| i != best)
        .map(|i| own[i])
        .max()
        .unwrap_or(0);
    (own[best] >= MIN_OWN
        && own[best] >= MARGIN * second
        && all[best] as f64 >= MIN_SHARE * words as f64)
        .then_some(FUNCTION_WORDS[best].0)
}

/// ISO 639-1 for an ISO 639-3 code whatlang gives, where one exists.
fn two_letter(code: &'static str) -> &'static str {
    match code {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "ron" => "ro",
        "hun" => "hu",
        "fin" => "fi",
        "est" => "et",
        "lav" => "lv",
        "lit" => "lt",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "tur" => "tr",
        "ell" => "el",
        "ara" => "ar",
        "heb" => "he",
        "pes" => "fa",
        "hin" => "hi",
        "ben" => "bn",
        "urd" => "ur",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "vie" => "vi",
        "tha" => "th",
        "ind" => "id",
        "cat" => "ca",
        "epo" => "eo",
        "afr" => "af",
        other => other,
    }
}

/// Two-letter code of a language an export names ("ENGLISH", "Deutsch").
pub fn code_of_name(name: &str) -> Option<&'static str> {
    let code = match name.trim().to_lowercase().as_str() {
        "english" | "englisch" | "anglais" | "inglés" | "ingles" => "en",
        "german" | "deutsch" | "allemand" | "alemán" | "aleman" => "de",
        "french" | "französisch" | "francais" | "français" | "francés" | "frances" => "fr",
        "spanish" | "spanisch" | "espagnol" | "español" | "espanol" => "es",
        "italian" | "italienisch" | "italien" | "italiano" => "it",
        "dutch" | "niederländisch" | "néerlandais" | "nederlands" => "nl",
        "portuguese" | "português" | "portugues" => "pt",
        "russian" | "russisch" | "russe" | "ruso" => "ru",
        "swedish" | "svenska" => "sv",
        "danish" | "dansk" => "da",
        "norwegian" | "norsk" => "no",
        "polish" | "polski" => "pl",
        "turkish" | "türkçe" => "tr",
        "arabic" => "ar",
        "chinese" => "zh",
        "japanese" => "ja",
        _ => return None,
    };
    Some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whatlang_only(text: &str) -> Option<&'static str> {
        let mut end = text.len().min(SAMPLE);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        by_whatlang(&text[..end])
    }

    /// News openings in the languages listed and in others that share their
    /// words (Swedish, Catalan, Romanian, Danish): the function words name
    /// the language whatlang names, or leave it to whatlang.
    #[test]
    fn function_words_settle_only_what_they_know() {
        let cases = [
            (
                "en",
                "The minister said on Tuesday that the government would not change its plans for the harbour, despite warnings from engineers who have argued for years that the old sea wall will not survive another winter of storms.",
            ),
            (
                "de",
                "Der Minister sagte am Dienstag, dass die Regierung ihre Pläne für den Hafen nicht ändern werde, obwohl Ingenieure seit Jahren davor warnen, dass die alte Mauer einen weiteren Winter mit Stürmen nicht überstehen wird.",
            ),
            (
                "fr",
                "Le ministre a déclaré mardi que le gouvernement ne changerait pas ses projets pour le port, malgré les avertissements des ingénieurs qui affirment depuis des années que la vieille digue ne survivra pas à un autre hiver de tempêtes.",
            ),
            (
                "es",
                "El ministro dijo el martes que el gobierno no cambiará sus planes para el puerto, a pesar de las advertencias de los ingenieros que sostienen desde hace años que el viejo muro no resistirá otro invierno de tormentas.",
            ),
            (
                "it",
                "Il ministro ha detto martedì che il governo non cambierà i suoi piani per il porto, nonostante gli avvertimenti degli ingegneri che da anni sostengono che la vecchia diga non sopravviverà a un altro inverno di tempeste.",
            ),
            (
                "pt",
                "O ministro disse na terça-feira que o governo não vai mudar os seus planos para o porto, apesar dos avisos dos engenheiros que há anos defendem que o velho muro não vai resistir a mais um inverno de tempestades.",
            ),
            (
                "nl",
                "De minister zei dinsdag dat de regering haar plannen voor de haven niet zal wijzigen, ondanks waarschuwingen van ingenieurs die al jaren stellen dat de oude zeewering nog een winter met stormen niet zal overleven.",
            ),
            (
                "sv",
                "Ministern sade på tisdagen att regeringen inte kommer att ändra sina planer för hamnen, trots varningar från ingenjörer som i flera år har hävdat att den gamla muren inte kommer att klara ännu en vinter med stormar.",
            ),
            (
                "ca",
                "El ministre va dir dimarts que el govern no canviarà els seus plans per al port, malgrat els avisos dels enginyers que fa anys que sostenen que el vell mur no sobreviurà a un altre hivern de tempestes.",
            ),
            (
                "ro",
                "Ministrul a declarat marți că guvernul nu își va schimba planurile pentru port, în ciuda avertismentelor inginerilor care susțin de ani de zile că vechiul dig nu va rezista unei alte ierni cu furtuni.",
            ),
            (
                "da",
                "Ministeren sagde tirsdag, at regeringen ikke vil ændre sine planer for havnen, selv om ingeniører i årevis har advaret om, at den gamle mole ikke vil overleve endnu en vinter med storme.",
            ),
        ];
        for (lang, text) in cases {
            let fast = by_function_words(text);
            if let Some(f) = fast {
                assert_eq!(f, lang, "{text}");
            }
            if ["en", "de", "fr", "es", "it", "pt", "nl"].contains(&lang) {
                assert_eq!(fast, Some(lang), "settled: {text}");
            }
            if let Some(w) = whatlang_only(text) {
                assert_eq!(detect(text), Some(w), "{text}");
            }
        }
    }

    /// Measured on every text fixture of the repository (news in several
    /// languages, exports, mail, pages): where the function words settle
    /// a language, whatlang agrees or is unsure; and they settle most.
    #[test]
    fn function_words_agree_with_whatlang_on_the_fixtures() {
        fn texts(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    texts(&p, out);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push(t);
                }
            }
        }
        let mut all = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        texts(&root.join("tests/fixtures"), &mut all);
        texts(&root.join("../shared/samples"), &mut all);
        let (mut settled, mut judged) = (0, 0);
        for t in &all {
            // As the import samples it: the body, past a header line.
            // Prose, as the import hands it over (not markup, logs, PDF).
            let prose = |p: &&str| {
                p.len() > 200
                    && !p.contains('<')
                    && p.chars().filter(|c| c.is_alphabetic() || *c == ' ').count() * 10
                        >= p.chars().count() * 8
            };
            for part in t.split("\n\n").filter(prose).take(3) {
                let mut end = part.len().min(SAMPLE);
                while !part.is_char_boundary(end) {
                    end -= 1;
                }
                let Some(w) = whatlang_only(part) else {
                    continue;
                };
                judged += 1;
                if let Some(f) = by_function_words(&part[..end]) {
                    settled += 1;
                    assert_eq!(f, w, "{}", &part[..end]);
                } else if std::env::var_os("SHOW_UNSETTLED").is_some() {
                    eprintln!("UNSETTLED {w}: {}", &part[..end.min(160)]);
                }
            }
        }
        assert!(judged > 10, "{judged}");
        assert!(settled * 10 >= judged * 7, "{settled} of {judged}");
    }

    #[test]
    fn news_languages() {
        assert_eq!(
            detect(
                "The council said the harbour wall had last been repaired after the floods, and that engineers had warned it would not last another winter."
            ),
            Some("en")
        );
        assert_eq!(
            detect(
                "Die Mauer war zuletzt nach dem Hochwasser ausgebessert worden. Ingenieure hatten gewarnt, die Reparatur werde keinen weiteren Winter halten."
            ),
            Some("de")
        );
        assert_eq!(
            detect(
                "Les dockers du Havre ont voté mardi la fin de la grève après un accord sur les salaires conclu dans la nuit avec la direction du port."
            ),
            Some("fr")
        );
        assert_eq!(detect("ok"), None);
    }
}
