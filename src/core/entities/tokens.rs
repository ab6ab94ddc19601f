//! Words and the marks between them, with character-class rules news
//! text needs: inner hyphens and apostrophes ("al-Assad", "O'Brien"),
//! possessives split off ("Syria's"), French elisions as words of their
//! own ("d'Alassane"), "U.S." with its full stops, and where sentences and
//! lines start (a full stop after "Mr" or an initial ends none).

#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) word: bool,
    /// Begins with a capital letter (or is a particle glued to one:
    /// "al-Assad").
    pub(super) cap: bool,
    pub(super) sentence_start: bool,
    pub(super) line_start: bool,
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.')
}

/// Words (letters and digits, with inner hyphens and apostrophes, "U.S."),
/// and every other visible character as a token of its own.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut line_start = true;
    let mut sentence_start = true;
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            line_start = true;
            sentence_start = true;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut word = String::from(c);
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    word.push(d);
                    end = j + d.len_utf8();
                    chars.next();
                    continue;
                }
                if !is_joiner(d) {
                    break;
                }
                let next = text[j + d.len_utf8()..].chars().next();
                let Some(n) = next.filter(|n| n.is_alphanumeric()) else {
                    break;
                };
                if matches!(d, '\'' | '’') {
                    let after = text[j + d.len_utf8() + n.len_utf8()..].chars().next();
                    let possessive =
                        (n == 's' || n == 'S') && !after.is_some_and(char::is_alphanumeric);
                    if possessive {
                        break;
                    }
                    if is_elision(&word) {
                        // "d'Alassane", "l'Onu": the article is a word of its own.
                        word.push('\'');
                        end = j + d.len_utf8();
                        chars.next();
                        break;
                    }
                }
                if d == '.'
                    && !(word.chars().last().is_some_and(char::is_uppercase) && n.is_uppercase())
                {
                    break;
                }
                word.push(d);
                end = j + d.len_utf8();
                chars.next();
            }
            // "U.S." keeps its last full stop.
            if word.contains('.') && text[end..].starts_with('.') {
                end += 1;
            }
            let first = text[i..].chars().next().unwrap_or(' ');
            let cap = first.is_uppercase() || glued_particle(&text[i..end]);
            tokens.push(Token {
                start: i,
                end,
                word: true,
                cap,
                sentence_start,
                line_start,
            });
            sentence_start = false;
            line_start = false;
            continue;
        }
        let end = i + c.len_utf8();
        let ends_sentence = matches!(c, '.' | '!' | '?' | ':' | '–' | '—' | '•' | '|')
            && !(c == '.' && after_abbreviation(text, &tokens));
        tokens.push(Token {
            start: i,
            end,
            word: false,
            cap: false,
            sentence_start,
            line_start,
        });
        line_start = false;
        if ends_sentence {
            sentence_start = true;
        } else if !matches!(
            c,
            '"' | '“' | '”' | '„' | '«' | '»' | '(' | '[' | '\'' | '‘' | '*' | '#'
        ) {
            sentence_start = false;
        }
    }
    tokens
}

/// French and Spanish elided articles and prepositions.
fn is_elision(word: &str) -> bool {
    matches!(
        word,
        "d" | "l" | "D" | "L" | "qu" | "j" | "n" | "s" | "c" | "m" | "t"
    )
}

/// "al-Assad", "el-Sisi": a lower-case particle glued to a name.
fn glued_particle(word: &str) -> bool {
    ["al-", "el-", "as-", "ad-", "bin-"].iter().any(|p| {
        word.strip_prefix(p)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase)
    })
}

/// A full stop after "Mr", "Dr", "St" or an initial ends no sentence.
fn after_abbreviation(text: &str, tokens: &[Token]) -> bool {
    let Some(last) = tokens.last().filter(|t| t.word) else {
        return false;
    };
    let w = &text[last.start..last.end];
    let short = w.chars().count() == 1 && w.chars().all(char::is_uppercase);
    short
        || matches!(
            w,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Prof"
                | "Gen"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Lt"
                | "Col"
                | "Capt"
                | "Sgt"
                | "Jr"
                | "Sr"
                | "Sra"
                | "Mme"
                | "Mlle"
                | "Co"
                | "Corp"
                | "Inc"
                | "Ltd"
                | "No"
                | "Nr"
                | "vs"
        )
}

/// Two to seven capital letters ("NATO", "PP-DD", "TOP09").
pub(super) fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=7).contains(&letters)
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// "WikiTribune", "YouTube", "MoDem": a capital inside a word.
pub(super) fn is_camel(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next();
    let rest: Vec<char> = chars.collect();
    rest.iter().any(|c| c.is_uppercase())
        && rest.iter().any(|c| c.is_lowercase())
        && !w.contains('-')
}
