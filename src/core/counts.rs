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

/// "1 scanned document", "12 scanned documents".
pub fn scans(n: usize) -> String {
    plural(n, "scanned document", "scanned documents")
}

/// `s` with its first letter upper-cased, as a sentence starts.
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A size in bytes as people read it: "1.2 MB", "340 bytes".
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{b} bytes"),
    }
}

/// `v` with `places` decimals and thousands separators: "12,345.6".
pub fn decimal(v: f64, places: usize) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let s = format!("{:.*}", places, v.abs());
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let whole = thousands(whole.parse::<usize>().unwrap_or(0));
    let sign = if v < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// `n` and the noun in the right number: "1 cluster", "2 clusters".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

/// Seconds since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ".
pub fn iso_time(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// `done` of `total` as a progress bar's fraction (0 while the total is
/// unknown).
pub fn fraction(done: usize, total: usize) -> f32 {
    if total == 0 {
        0.0
    } else {
        done as f32 / total as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_have_separators() {
        assert_eq!(decimal(12345.678, 1), "12,345.7");
        assert_eq!(decimal(0.5, 2), "0.50");
        assert_eq!(decimal(-1234.4, 0), "-1,234");
        assert_eq!(decimal(999.96, 1), "1,000.0");
    }

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
