//! Counts as people read them, shared by the CLI, the window and the undo
//! labels stored in the journal.

/// `6038` as `6,038`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 document", "6,038 documents".
pub fn documents(n: usize) -> String {
    plural(n, "document", "documents")
}

/// `n` and the noun in the right number: "1 cluster", "2 clusters".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(6038), "6,038");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(documents(1), "1 document");
        assert_eq!(documents(2), "2 documents");
        assert_eq!(plural(3, "cluster", "clusters"), "3 clusters");
    }
}
