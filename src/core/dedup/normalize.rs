//! Text as the duplicate finder compares it: Unicode NFKC, quotes,
//! apostrophes, dashes and ellipses folded, case folded, whitespace collapsed.
//!
//! [`normalize`] gives the normalised string (for display and tests);
//! [`tokenize`] goes straight to hashed words and lines without building
//! strings, since it runs over every text of the library. Most text is ASCII
//! or needs only the folding table, so NFKC runs only on the lines that
//! need it.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Folds typographic variants to one form; `None` for other characters.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => "'",
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => "-",
        '…' => "...",
        _ => return None,
    })
}

/// One normalised line (or the whole text, lines joined by spaces).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfkc() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match fold(c) {
            Some(f) => out.push_str(f),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The normalised, non-empty lines of a text.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(normalize)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Words for shingling: letters and digits only, so punctuation and quote
/// styles do not matter ("air strikes" vs "airstrikes" still differ).
pub fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A text as hashed words, with its lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Every word of the text, hashed, in order.
    pub words: Vec<u32>,
    /// Per line that has words: the line's hash and the end of its words in
    /// `words` (a line starts where the previous one ended).
    pub lines: Vec<(u64, u32)>,
}

impl Tokens {
    /// The words of each line, with the line's hash.
    pub fn line_words(&self) -> impl Iterator<Item = (u64, &[u32])> {
        let mut start = 0usize;
        self.lines.iter().map(move |&(hash, end)| {
            let words = &self.words[start..end as usize];
            start = end as usize;
            (hash, words)
        })
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// A strong 64-bit mix (splitmix64's finaliser).
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Builds [`Tokens`] word by word.
struct Builder {
    tokens: Tokens,
    word: u64,
    in_word: bool,
    line: u64,
}

impl Builder {
    fn byte(&mut self, b: u8) {
        self.word = (self.word ^ b as u64).wrapping_mul(FNV_PRIME);
        self.in_word = true;
    }

    fn char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            self.byte(b);
        }
    }

    fn end_word(&mut self) {
        if self.in_word {
            let h = mix(self.word) as u32;
            self.tokens.words.push(h);
            self.line = mix(self.line ^ h as u64);
            self.word = FNV_OFFSET;
            self.in_word = false;
        }
    }

    fn end_line(&mut self) {
        self.end_word();
        let end = self.tokens.words.len() as u32;
        let start = self.tokens.lines.last().map_or(0, |l| l.1);
        if end > start {
            self.tokens.lines.push((self.line, end));
        }
        self.line = FNV_OFFSET;
    }

    /// A character already in NFKC form.
    fn normal_char(&mut self, c: char) {
        if c.is_alphanumeric() {
            if c.is_lowercase() {
                self.char(c);
            } else {
                for l in c.to_lowercase() {
                    self.char(l);
                }
            }
        } else {
            self.end_word();
        }
    }
}

/// Hashed words and lines of a normalised `text`: the same words as
/// `lines(text)` split by [`words`], without building the strings.
pub fn tokenize(text: &str) -> Tokens {
    let mut b = Builder {
        tokens: Tokens {
            words: Vec::with_capacity(text.len() / 5),
            lines: Vec::new(),
        },
        word: FNV_OFFSET,
        in_word: false,
        line: FNV_OFFSET,
    };
    for line in text.lines() {
        if line.is_ascii() {
            for &byte in line.as_bytes() {
                if byte.is_ascii_alphanumeric() {
                    b.byte(byte.to_ascii_lowercase());
                } else {
                    b.end_word();
                }
            }
        } else if is_nfkc_quick(line.chars().filter(|c| fold(*c).is_none())) == IsNormalized::Yes {
            for c in line.chars() {
                if fold(c).is_some() {
                    b.end_word(); // folded forms are all punctuation
                } else {
                    b.normal_char(c);
                }
            }
        } else {
            for c in line.nfkc() {
                if fold(c).is_some() {
                    b.end_word();
                } else {
                    b.normal_char(c);
                }
            }
        }
        b.end_line();
    }
    b.tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(
            normalize("  Syria’s  “civil”\twar — ﬁne…  "),
            "syria's \"civil\" war - fine..."
        );
        assert_eq!(lines("A\n\n  \nB  b\r\n"), vec!["a", "b b"]);
        assert_eq!(
            words("syria's \"civil\" war").collect::<Vec<_>>(),
            vec!["syria", "s", "civil", "war"]
        );
    }

    /// The fast path must agree with the slow, obvious one.
    fn slow(text: &str) -> Tokens {
        let mut joined = String::new();
        for line in lines(text) {
            let words: Vec<&str> = words(&line).collect();
            if words.is_empty() {
                continue;
            }
            joined.push_str(&words.join(" "));
            joined.push('\n');
        }
        let mut b = tokenize(&joined);
        // Line hashes depend only on the words, so they agree too.
        b.lines.shrink_to_fit();
        b
    }

    #[test]
    fn tokenize_agrees_with_normalize() {
        for text in [
            "Syria’s “civil” war — ﬁne…\nSecond LINE, here.",
            "ÉCOLE Straße\r\n\r\nＦｕｌｌｗｉｄｔｈ ＡＢＣ",
            "  \n--\n",
            "e\u{301}te\u{301} été",
        ] {
            assert_eq!(tokenize(text), slow(text), "{text:?}");
        }
        assert_eq!(
            tokenize("Air Strikes").words,
            tokenize("air  strikes").words
        );
        assert_ne!(tokenize("airstrikes").words, tokenize("air strikes").words);
    }
}
