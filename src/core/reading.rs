//! A stored text laid out for reading: hard-wrapped lines (wire copy at 70
//! columns, text pulled out of a PDF line by line) joined into paragraphs,
//! and runs of blank lines shown as one. Only whitespace bytes change, one
//! for one (`\n` ↔ space), so every byte offset into the stored text — a
//! search hit, a concordance line, later a coded passage — points at the
//! same character in what the reader shows.

/// `text` for the reader, byte for byte as long as `text`.
pub fn for_reading(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    join_wrapped_lines(text, &mut bytes);
    collapse_blank_runs(&mut bytes);
    // Only ASCII whitespace was swapped for ASCII whitespace.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

/// The width the text was wrapped at, when it was: most of its lines end
/// within a few columns of the same length, between 40 and 120 characters.
fn wrap_width(text: &str) -> Option<usize> {
    let mut lengths: Vec<usize> = text
        .lines()
        .map(|l| l.trim_end().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lengths.len() < 6 {
        return None;
    }
    lengths.sort_unstable();
    let width = lengths[lengths.len() * 9 / 10];
    if !(40..=120).contains(&width) {
        return None;
    }
    let near = lengths
        .iter()
        .filter(|&&n| n * 4 >= width * 3 && n <= width + 2)
        .count();
    (near * 2 >= lengths.len()).then_some(width)
}

/// Within a paragraph of a hard-wrapped text, a break after a line that
/// reaches most of the width joins the next line (a short line ends its
/// paragraph: a headline, a list item, the paragraph's last line).
fn join_wrapped_lines(text: &str, bytes: &mut [u8]) {
    let Some(width) = wrap_width(text) else {
        return;
    };
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let content = line.trim_end();
        let next = &text[end..];
        let next_line = next.split('\n').next().unwrap_or("").trim();
        if line.ends_with('\n')
            && !content.trim().is_empty()
            && !next_line.is_empty()
            && content.chars().count() * 10 >= width * 7
            && !next_line.starts_with(['-', '*', '•'])
        {
            bytes[end - 1] = b' ';
        }
        start = end;
    }
}

/// Three or more line breaks in a row (blank lines with only spaces
/// between them too) read as one blank line: the extra breaks become
/// spaces at the end of the line before, where they show as nothing.
fn collapse_blank_runs(bytes: &mut [u8]) {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\n' {
            i += 1;
            continue;
        }
        // The run of breaks and blanks from here.
        let mut j = i;
        let mut breaks = Vec::new();
        while j < bytes.len() && matches!(bytes[j], b'\n' | b' ' | b'\t' | b'\r') {
            if bytes[j] == b'\n' {
                breaks.push(j);
            }
            j += 1;
        }
        if breaks.len() > 2 {
            // Keep the last two breaks; the rest, and the blanks between
            // them, become spaces.
            let keep_from = breaks[breaks.len() - 2];
            for b in &mut bytes[i..keep_from] {
                *b = b' ';
            }
            // No trailing blanks on the blank line itself.
            for b in &mut bytes[keep_from + 1..breaks[breaks.len() - 1]] {
                *b = b' ';
            }
        }
        i = j.max(i + 1);
    }
}

/// The byte offset of character `c` of `text` (its length past the end).
pub fn byte_of_char(text: &str, c: i64) -> usize {
    if c <= 0 {
        return 0;
    }
    text.char_indices()
        .nth(c as usize)
        .map_or(text.len(), |(b, _)| b)
}

/// The character offset of byte `b` of `text` (a char boundary, or the
/// character it falls in).
pub fn char_of_byte(text: &str, b: usize) -> i64 {
    let mut b = b.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].chars().count() as i64
}

/// Characters `start..end` of `text` (clamped to it).
pub fn char_slice(text: &str, start: i64, end: i64) -> &str {
    let s = byte_of_char(text, start);
    let e = byte_of_char(text, end.max(start));
    &text[s..e.max(s)]
}

/// Byte ranges for character ranges of one text, in one pass over it
/// (`ranges` in any order; the answer in the same order).
pub fn byte_ranges(text: &str, ranges: &[(i64, i64)]) -> Vec<(usize, usize)> {
    let mut marks: Vec<i64> = ranges.iter().flat_map(|&(s, e)| [s, e]).collect();
    marks.sort_unstable();
    marks.dedup();
    let mut at = std::collections::HashMap::with_capacity(marks.len());
    let mut next = marks.iter().peekable();
    for (count, (b, _)) in text.char_indices().enumerate() {
        while let Some(&&m) = next.peek() {
            if m <= count as i64 {
                at.insert(m, b);
                next.next();
            } else {
                break;
            }
        }
    }
    for &m in next {
        at.insert(m, text.len());
    }
    ranges.iter().map(|&(s, e)| (at[&s], at[&e])).collect()
}

/// Where `needle` occurs in `hay` nearest to byte `hint` (a byte offset),
/// when it occurs at all.
pub fn find_nearest(hay: &str, needle: &str, hint: usize) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    hay.match_indices(needle)
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Characters and bytes map one to one both ways, in any script.
        #[test]
        fn characters_and_bytes_agree(
            text in "[a-zé日本\u{1F600}\u{0627}-\u{064A}\r\n .]{0,60}",
            a in 0i64..70,
            b in 0i64..70,
        ) {
            let n = text.chars().count() as i64;
            let (s, e) = (a.min(b).min(n), a.max(b).min(n));
            let bytes = byte_ranges(&text, &[(s, e), (e, e)]);
            proptest::prop_assert_eq!(bytes[0].0, byte_of_char(&text, s));
            proptest::prop_assert_eq!(bytes[0].1, byte_of_char(&text, e));
            proptest::prop_assert_eq!(&text[bytes[0].0..bytes[0].1], char_slice(&text, s, e));
            proptest::prop_assert_eq!(char_of_byte(&text, bytes[0].0), s);
            proptest::prop_assert_eq!(char_slice(&text, s, e).chars().count() as i64, e - s);
        }
    }

    #[test]
    fn hard_wrapped_wire_copy_reads_as_paragraphs() {
        let text = "Sugar prices rise\n\n\
            LONDON, March 4 - World sugar prices rose for a third day on\n\
            Tuesday as dealers bought ahead of the harvest in Brazil, where\n\
            rain has delayed the cutting of cane by two weeks, traders said.\n\
            \n\
            The London daily price was set at 142 pounds a tonne, up from\n\
            139 on Monday, the highest level since the autumn of last year.\n";
        let shown = for_reading(text);
        assert_eq!(shown.len(), text.len());
        assert!(shown.contains("third day on Tuesday as dealers"), "{shown}");
        assert!(shown.contains("traders said.\n\nThe London"), "{shown}");
        assert!(shown.starts_with("Sugar prices rise\n\n"), "{shown}");
    }

    #[test]
    fn prose_with_long_paragraph_lines_is_left_alone() {
        let text = "Title\n\nA paragraph that is one long line, as most files hold their text, and goes on well past any wrap width one could name.\n\nAnother one, also long, also on a line of its own, as a web page or a JSONL corpus gives it.\n";
        assert_eq!(for_reading(text), text);
    }

    #[test]
    fn runs_of_blank_lines_read_as_one() {
        let text = "First paragraph.\n\n\n\n\nSecond paragraph.\n \n \n\nThird.";
        let shown = for_reading(text);
        assert_eq!(shown.len(), text.len());
        assert!(shown.contains("First paragraph.   \n\nSecond"), "{shown:?}");
        assert!(shown.contains("Second paragraph.  "), "{shown:?}");
        assert_eq!(shown.matches("\n\n").count(), 2, "{shown:?}");
    }

    proptest::proptest! {
        /// Any text keeps its length and every non-whitespace character in
        /// place, so offsets into the stored text hold.
        #[test]
        fn only_whitespace_moves(text in "[a-zé .\n]{0,400}") {
            let shown = for_reading(&text);
            proptest::prop_assert_eq!(shown.len(), text.len());
            for ((i, a), b) in text.char_indices().zip(shown.chars()) {
                if !a.is_whitespace() {
                    proptest::prop_assert_eq!(a, b, "at {}", i);
                }
            }
        }
    }
}
