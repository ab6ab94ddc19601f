//! Text as the duplicate finder compares it: Unicode NFKC, quotes,
//! apostrophes, dashes and ellipses folded, case folded, whitespace collapsed.

use unicode_normalization::UnicodeNormalization;

/// One normalised line (or the whole text, lines joined by spaces).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfkc() {
        let folded = match c {
            '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => '\'',
            '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
            '…' => {
                out.push_str("...");
                space = false;
                continue;
            }
            c => c,
        };
        if folded.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(folded.to_lowercase());
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
}
