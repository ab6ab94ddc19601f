//! What main-text extraction keeps of a page that is not the article: the
//! "READ MORE: &lt;other headline&gt;" link lines and lone "Advertisement" labels
//! sites put between paragraphs.

/// Drops the in-article promotions extraction keeps as paragraphs: a
/// "READ MORE: &lt;other headline&gt;" link line, a lone "Advertisement" label.
pub fn without_promos(text: &str) -> String {
    const LEADS: &[&str] = &[
        "read more:",
        "read more -",
        "related:",
        "see also:",
        "also read:",
        "recommended:",
        "watch:",
    ];
    const LABELS: &[&str] = &["advertisement", "sponsored", "ad", "story continues below"];
    text.split("\n\n")
        .filter(|para| {
            let lower = para.to_lowercase();
            let short = para.split_whitespace().count() <= 20;
            !(short && LEADS.iter().any(|l| lower.starts_with(l))
                || LABELS.contains(&lower.trim_end_matches(['.', ':']).trim()))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotions_inside_the_article_are_dropped() {
        let text = "First paragraph of the story.\n\nREAD MORE: Another headline entirely\n\n\
                    Advertisement\n\nMore: the minister said it would not change.\n\n\
                    Read more: a long paragraph that merely starts like a promotion but goes on \
                    and on for well over twenty words, so it is the story's own text and stays.";
        let kept = without_promos(text);
        assert!(kept.starts_with("First paragraph of the story.\n\nMore: the minister"));
        assert!(kept.contains("Read more: a long paragraph"));
        assert!(!kept.contains("READ MORE"), "{kept}");
        assert!(!kept.contains("Advertisement"));
    }
}
