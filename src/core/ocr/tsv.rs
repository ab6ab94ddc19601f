//! Tesseract's TSV output (one row per block, paragraph, line and word,
//! with its confidence) turned into text: a paragraph's words and lines
//! joined by spaces (a word hyphenated across a line end joined again),
//! paragraphs by a blank line; and the mean confidence of its words.

/// The text of one page and how sure Tesseract was.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageText {
    /// The page number in the file Tesseract read (from 1).
    pub page: u32,
    pub text: String,
    /// Mean word confidence (0–100), weighted by word length; `None` when
    /// no word was found.
    pub confidence: Option<f32>,
    pub words: u32,
}

/// Below this confidence a "word" without a letter or a digit is a speck
/// of the scan, dropped.
const SPECK_CONFIDENCE: f64 = 50.0;

/// A mark less than this share of its line's height is a speck too.
const SPECK_SIZE: f64 = 0.12;

/// Reads a TSV, page by page (a multi-page TIFF gives several).
pub fn parse(tsv: &str) -> Vec<PageText> {
    let mut pages: Vec<PageText> = Vec::new();
    let mut last: Option<(u32, u32, u32, u32)> = None;
    let (mut conf_sum, mut conf_chars) = (0f64, 0f64);
    let finish = |p: &mut PageText, sum: f64, chars: f64| {
        p.confidence = (chars > 0.0).then(|| (sum / chars) as f32);
    };
    // The height of the line being read and of the one before it: a
    // headline's lines are taller than the dateline Tesseract may put in
    // the same paragraph.
    let (mut line_height, mut last_height) = (0u32, 0u32);
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.splitn(12, '\t').collect();
        let num = |i: usize| cols.get(i).and_then(|c| c.parse::<u32>().ok()).unwrap_or(0);
        if cols.len() >= 10 && cols[0] == "4" {
            line_height = num(9);
        }
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let word = cols[11].trim();
        let conf = cols[10].trim().parse::<f64>().unwrap_or(-1.0);
        // Specks read as marks: nothing but punctuation, and unsure or
        // far smaller than the line's letters.
        let speck = !word.chars().any(char::is_alphanumeric)
            && (conf < SPECK_CONFIDENCE
                || (num(8).max(num(9)) as f64) < line_height as f64 * SPECK_SIZE);
        if word.is_empty() || speck {
            continue;
        }
        let (page, block, par, line_no) = (num(1), num(2), num(3), num(4));
        if pages.last().is_none_or(|p| p.page != page) {
            if let Some(p) = pages.last_mut() {
                finish(p, conf_sum, conf_chars);
            }
            (conf_sum, conf_chars) = (0.0, 0.0);
            pages.push(PageText {
                page,
                ..PageText::default()
            });
            last = None;
        }
        let Some(p) = pages.last_mut() else { continue };
        match last {
            None => {}
            Some((pg, b, pa, _)) if (pg, b, pa) != (page, block, par) => p.text.push_str("\n\n"),
            Some((_, _, _, l)) if l != line_no && other_size(last_height, line_height) => {
                p.text.push_str("\n\n")
            }
            Some((_, _, _, l)) if l != line_no => {
                // A paragraph's lines run on: their breaks are the
                // page's layout, not the text's.
                if ends_in_split_word(&p.text) {
                    if word.starts_with(char::is_lowercase) {
                        // eco- / nomy
                        p.text.pop();
                    }
                    // else Syrian- / Turkish: the hyphen is the word's.
                } else {
                    p.text.push(' ');
                }
            }
            Some(_) => p.text.push(' '),
        }
        p.text.push_str(word);
        p.words += 1;
        if conf >= 0.0 {
            let n = word.chars().count() as f64;
            conf_sum += conf * n;
            conf_chars += n;
        }
        if last.is_none_or(|(_, _, _, l)| l != line_no) {
            last_height = line_height;
        }
        last = Some((page, block, par, line_no));
    }
    if let Some(p) = pages.last_mut() {
        finish(p, conf_sum, conf_chars);
    }
    pages
}

/// Lines of another type size: one a third taller than the other.
fn other_size(a: u32, b: u32) -> bool {
    let (lo, hi) = (a.min(b) as f64, a.max(b) as f64);
    lo > 0.0 && hi > lo * 1.35
}

/// `…eco-` at a line's end: a letter, then the hyphen.
fn ends_in_split_word(text: &str) -> bool {
    let mut rev = text.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(page: u32, block: u32, par: u32, line: u32, conf: &str, word: &str) -> String {
        format!("5\t{page}\t{block}\t{par}\t{line}\t1\t0\t0\t10\t10\t{conf}\t{word}\n")
    }

    #[test]
    fn words_lines_and_paragraphs() {
        let mut tsv = String::from(
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n",
        );
        tsv += "1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n";
        tsv += &row(1, 1, 1, 1, "96.5", "Harbour");
        tsv += &row(1, 1, 1, 1, "90", "eco-");
        tsv += &row(1, 1, 1, 2, "80", "nomy");
        tsv += &row(1, 1, 1, 2, "80", "Syrian-");
        tsv += &row(1, 1, 1, 3, "80", "Turkish");
        tsv += &row(1, 1, 1, 3, "-1", " ");
        tsv += &row(1, 2, 1, 1, "70", "Next");
        tsv += &row(2, 1, 1, 1, "50", "Two");
        let pages = parse(&tsv);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].text, "Harbour economy Syrian-Turkish\n\nNext");
        assert_eq!(pages[0].words, 6);
        let c = pages[0].confidence.unwrap();
        assert!((c - 83.5).abs() < 0.05, "{c}");
        assert_eq!((pages[1].page, pages[1].text.as_str()), (2, "Two"));
        assert!(parse("").is_empty());
        assert!(parse("garbage\n5\tx").is_empty());
    }

    #[test]
    fn a_taller_line_starts_a_paragraph_and_specks_go() {
        let line = |n: u32, h: u32| format!("4\t1\t1\t1\t{n}\t0\t0\t0\t500\t{h}\t-1\t\n");
        let word = |n: u32, w: &str, size: u32| {
            format!("5\t1\t1\t1\t{n}\t1\t0\t0\t{size}\t{size}\t95\t{w}\n")
        };
        let tsv = String::from("header\n")
            + &line(1, 60)
            + &word(1, "Harbour", 50)
            + &word(1, "closes", 50)
            + &line(2, 30)
            + &word(2, ":", 2)
            + &word(2, "April", 25)
            + &word(2, "2023", 25)
            + &word(2, "–", 10);
        assert_eq!(parse(&tsv)[0].text, "Harbour closes\n\nApril 2023 –");
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses(s in ".{0,400}") {
            let _ = parse(&format!("h\n{s}"));
        }
    }
}
