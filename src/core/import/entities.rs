//! HTML character references left in text after parsing: a page that
//! escaped its title twice (`&amp;#163;`) still reads "£".

/// Entity references left in text (a page that escaped them twice):
/// `&#163;1.8m` → `£1.8m`, `&amp;` → `&`.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .char_indices()
            .take(33)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map(|(j, c)| (j + 1, c));
        let decoded = match end {
            Some((j, ';')) => entity(&rest[1..j]).map(|d| (d, j + 1)),
            _ => None,
        };
        match decoded {
            Some((d, len)) => {
                out.push_str(&d);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a plain text was clearly written with HTML character references
/// (a BBC text with `&#163;1.8m`, `Jos&#233; Manuel`): a numeric reference,
/// or two named ones (`&amp;`, `&eacute;`). One stray `&amp;` in prose is
/// not enough.
pub fn is_entity_encoded(s: &str) -> bool {
    let (mut numeric, mut named) = (0usize, 0usize);
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let end = rest
            .char_indices()
            .take(33)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'));
        if let Some((j, ';')) = end
            && j > 0
            && entity(&rest[..j]).is_some()
        {
            if rest.starts_with('#') {
                numeric += 1;
            } else {
                named += 1;
            }
            if numeric >= 1 || named >= 2 {
                return true;
            }
        }
    }
    false
}

fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // Numeric references in 0x80–0x9F mean windows-1252 (the HTML rule).
        if (0x80..=0x9F).contains(&code) {
            let byte = [code as u8];
            return Some(encoding_rs::WINDOWS_1252.decode(&byte).0.into_owned());
        }
        return char::from_u32(code)
            .filter(|c| *c != '\0')
            .map(String::from);
    }
    let (first, second) = *markup5ever::data::NAMED_ENTITIES.get(format!("{name};").as_str())?;
    [first, second]
        .into_iter()
        .filter(|&c| c != 0)
        .map(char::from_u32)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decoded_once_more_where_left() {
        assert_eq!(
            decode_entities("&#163;1.8m indecency fine"),
            "£1.8m indecency fine"
        );
        assert_eq!(
            decode_entities("Tom &amp; Jerry &eacute; &#x20AC;5"),
            "Tom & Jerry é €5"
        );
        assert_eq!(
            decode_entities("AT&T & co; &bogus; &#150;"),
            "AT&T & co; &bogus; –"
        );
        assert_eq!(decode_entities("no entity"), "no entity");
    }

    #[test]
    fn entity_encoded_texts_are_told_apart() {
        assert!(is_entity_encoded("Jos&#233; Manuel Barroso"));
        assert!(is_entity_encoded("Tom &amp; Jerry &eacute;"));
        assert!(!is_entity_encoded("Marks &amp; Spencer said"));
        assert!(!is_entity_encoded("AT&T & co; &bogus; R&D"));
        assert!(!is_entity_encoded("plain"));
    }
}
