//! Saved web pages: the article's main text, its headline, its own
//! publication date and its metadata.
//!
//! The main text comes from `rs-trafilatura` (a port of trafilatura, the
//! best-scoring open extractor on public benchmarks; see the README for our
//! measurements against `dom_smoothie`). The metadata is read here from the
//! page's own statements, in this order:
//! - title: `og:title`, the article's `<h1>`, `<title>`, each without a
//!   site-name suffix or prefix ("… | BBC News");
//! - date: `article:published_time` and other publication `<meta>`s
//!   (Dublin Core included), JSON-LD `datePublished`, a `<time>` of the
//!   article (never one in a related-stories list, a sidebar or comments),
//!   and only then a date the text or file name states, as for a text file.
//!   Modification dates are never used; a timestamp's day is the one the
//!   page wrote, a UTC one read in the zone the page states (`page_dates.rs`);
//! - `url` (canonical, `og:url`, a browser's "saved from"), `site`, `author`.
//!
//! Entities are decoded everywhere, also where a page escaped them twice. A
//! page with no article keeps its visible text, with a note for the report.

use std::sync::LazyLock;

use dom_query::{Document, NodeRef};
use encoding_rs::{Encoding, UTF_8};
use serde_json::Value;

use super::dates;
use super::decode;
use super::entities::decode_entities;
use super::item::{Parsed, find_ignore_case};
use super::page_dates::{
    PUBLISHED, date_of, day_in, is_utc, saved_from, stated_offset, time_values,
};
use super::text::title_of;
use crate::core::model::{DateSource, PartialDate};

/// What a page gave.
pub struct Page {
    pub doc: Parsed,
    pub encoding: String,
    /// Set when no article was found and the visible text was kept.
    pub note: Option<String>,
}

/// The note for a page whose article could not be told from the rest.
pub const NO_ARTICLE: &str =
    "no article found in the page: its visible text was imported (menus and all)";

/// Do these bytes (leading space and BOM skipped) start like HTML?
pub fn looks_like_html(start: &[u8]) -> bool {
    let head = &start[..start.len().min(2048)];
    let starts = |p: &[u8]| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"<!doctype html") || starts(b"<html") || starts(b"<head") {
        return true;
    }
    // `<?xml …?>` or a comment first, then the page.
    (starts(b"<?xml") || starts(b"<!--"))
        && (find_ignore_case(head, b"<html").is_some()
            || find_ignore_case(head, b"<!doctype html").is_some())
}

/// Reads a page's bytes: the charset its BOM or `<meta>` declares, else
/// UTF-8 when valid, else the encoding chardetng recognises.
pub fn parse(bytes: &[u8], stem: &str) -> Result<Page, String> {
    let (html, encoding) = decode_page(bytes)?;
    let mut page = parse_str(&html, stem)?;
    page.encoding = encoding;
    Ok(page)
}

pub(super) fn decode_page(bytes: &[u8]) -> Result<(String, String), String> {
    if Encoding::for_bom(bytes).is_none()
        && let Some(enc) = declared_charset(bytes)
    {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        // A page that says UTF-8 but is not (a common mistake) is guessed.
        if !(had_errors && enc == UTF_8) {
            return Ok((text.into_owned(), enc.name().to_string()));
        }
    }
    let decoded = decode::decode(bytes).map_err(|e| e.to_string())?;
    Ok((decoded.text, decoded.encoding))
}

/// The charset a page's first 2 kB declares (`<meta charset>`,
/// `http-equiv="Content-Type"`, or the XML declaration).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    #[allow(clippy::expect_used)] // a constant pattern, checked by the tests
    static CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"#)
            .expect("valid regex")
    });
    let head = &bytes[..bytes.len().min(2048)];
    let label = CHARSET.captures(head)?.get(1)?.as_bytes();
    let enc = Encoding::for_label(label)?;
    // The HTML standard: a page cannot declare itself UTF-16 in ASCII bytes.
    Some(if enc.name().starts_with("UTF-16") {
        UTF_8
    } else {
        enc
    })
}

/// Reads a page already in a Rust string.
pub fn parse_str(html: &str, stem: &str) -> Result<Page, String> {
    let dom = Document::from(html);
    let mut meta = PageMeta::read(&dom);
    if meta.url.is_none() {
        meta.url = saved_from(html);
    }
    let extracted = rs_trafilatura::extract(html).ok();
    let mut note = None;
    let mut text = extracted
        .as_ref()
        .map(|r| super::promos::without_promos(&tidy(&r.content_text)))
        .unwrap_or_default();
    // Fewer words than a news brief: what was found is a menu or a list of
    // headlines, not an article.
    if text.split_whitespace().count() < 25 {
        text = visible_text(&dom);
        if text.trim().is_empty() {
            return Err("web page without text".into());
        }
        note = Some(NO_ARTICLE.to_string());
    }
    let text = decode_entities(&text);
    let trafilatura = extracted.as_ref().map(|r| &r.metadata);
    let site = meta
        .site
        .clone()
        .or_else(|| trafilatura.and_then(|m| m.sitename.clone()))
        .map(|s| decode_entities(&s));
    let title = meta
        .title_candidates
        .iter()
        .map(|t| clean_title(t, site.as_deref()))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| title_of(&text, stem));
    let url_date = meta.url.as_deref().and_then(dates::from_url);
    let (date, text) = match meta.date {
        Some(d) => (Some((d, DateSource::Metadata)), text),
        // The address's date is the outlet's own, below its metadata.
        None if url_date.is_some() => (url_date.map(|d| (d, DateSource::Url)), text),
        // A page's visible text holds other stories' dates: only the file
        // name may still say when it was saved from.
        None if note.is_some() => (
            dates::from_filename(stem).map(|d| (d, DateSource::Filename)),
            text,
        ),
        None => {
            let (date, body) = dates::find(&text, Some(stem));
            let body = body.to_string();
            (date, body)
        }
    };
    let mut doc = Parsed::file(title, text, date);
    doc.set_meta("url", meta.url);
    // The same names the news exports use, so one column and one filter
    // serve every source.
    doc.set_meta("outlet", site);
    doc.set_meta(
        "byline",
        meta.author
            .or_else(|| trafilatura.and_then(|m| m.author.clone()))
            .map(|a| decode_entities(&a)),
    );
    doc.set_meta("section", meta.section.map(|s| decode_entities(&s)));
    // `lang` is the language (`en`), as detected ones are; the page's own
    // tag with its region (`en-GB`) stays in `locale`.
    let tag = meta
        .lang
        .or_else(|| trafilatura.and_then(|m| m.language.clone()));
    let primary = tag
        .as_deref()
        .and_then(|t| t.split(['-', '_']).next())
        .map(|p| p.trim().to_ascii_lowercase())
        .filter(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    if tag.as_deref().map(str::trim) != primary.as_deref() {
        doc.set_meta("locale", tag);
    }
    doc.set_meta("lang", primary);
    doc.set_meta("description", meta.description.map(|d| decode_entities(&d)));
    Ok(Page {
        doc,
        encoding: "UTF-8".into(),
        note,
    })
}

/// What a page says about itself.
#[derive(Default, Debug)]
struct PageMeta {
    /// og:title, the article's h1, `<title>`: best first.
    title_candidates: Vec<String>,
    date: Option<PartialDate>,
    url: Option<String>,
    site: Option<String>,
    author: Option<String>,
    section: Option<String>,
    lang: Option<String>,
    description: Option<String>,
}

impl PageMeta {
    fn read(dom: &Document) -> PageMeta {
        let mut m = PageMeta::default();
        let mut metas: Vec<(String, String)> = Vec::new();
        for node in dom.select("meta").nodes() {
            let key = node
                .attr("property")
                .or_else(|| node.attr("name"))
                .or_else(|| node.attr("itemprop"))
                .or_else(|| node.attr("http-equiv"));
            if let (Some(key), Some(content)) = (key, node.attr("content")) {
                let content = content.trim().to_string();
                if !content.is_empty() {
                    metas.push((key.trim().to_lowercase(), content));
                }
            }
        }
        let get = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| metas.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()))
        };
        let ld = JsonLd::read(dom);
        if let Some(t) = get(&["og:title", "twitter:title"]) {
            m.title_candidates.push(t);
        }
        if let Some(h) = ld.headline.clone() {
            m.title_candidates.push(h);
        }
        if let Some(h1) = article_h1(dom) {
            m.title_candidates.push(h1);
        }
        let title = squash(&dom.select("head title").text());
        if !title.is_empty() {
            m.title_candidates.push(title);
        }
        // A time in UTC is read in the zone the page states elsewhere (a
        // JSON-LD or `<time>` with its offset): an evening story in New York
        // is the outlet's day, not the next UTC day.
        let stamps: Vec<&str> = PUBLISHED
            .iter()
            .filter_map(|n| metas.iter().find(|(k, _)| k == n))
            .map(|(_, v)| v.as_str())
            .chain(ld.published.as_deref())
            .chain(ld.modified.as_deref())
            .chain(
                metas
                    .iter()
                    .filter(|(k, _)| k.contains("modified_time"))
                    .map(|(_, v)| v.as_str()),
            )
            .collect();
        let times = time_values(dom);
        let zone = stamps
            .iter()
            .copied()
            .chain(times.iter().map(String::as_str))
            .find_map(stated_offset);
        let day = |v: &str| match zone {
            Some(offset) if is_utc(v) => day_in(v, offset).or_else(|| date_of(v)),
            _ => date_of(v),
        };
        m.date = PUBLISHED
            .iter()
            .filter_map(|n| metas.iter().find(|(k, _)| k == n))
            .find_map(|(_, v)| day(v))
            .or_else(|| ld.published.as_deref().and_then(day))
            .or_else(|| article_time(dom));
        m.url = dom
            .select("link[rel='canonical']")
            .attr("href")
            .map(|h| h.to_string())
            .filter(|h| h.starts_with("http"))
            .or_else(|| get(&["og:url"]))
            .or(ld.url.clone());
        m.site = get(&["og:site_name", "application-name"])
            .or(ld.publisher.clone())
            .or_else(|| {
                m.url
                    .as_deref()
                    .and_then(|u| u.split('/').nth(2))
                    .map(|h| h.trim_start_matches("www.").to_string())
            });
        m.author = get(&[
            "author",
            "article:author",
            "dc.creator",
            "byl",
            "parsely-author",
        ])
        .filter(|a| !a.starts_with("http"))
        .or(ld.author.clone());
        m.section = get(&["article:section", "section", "parsely-section"]).or(ld.section);
        m.lang = dom
            .select("html")
            .attr("lang")
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .or_else(|| get(&["content-language", "dc.language", "og:locale"]));
        m.description = get(&["og:description", "description"]);
        m
    }
}

/// The fields of the page's JSON-LD article, if it has one.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    /// Only for the zone it states.
    modified: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    section: Option<String>,
    url: Option<String>,
}

const ARTICLE_TYPES: [&str; 8] = [
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "Report",
    "LiveBlogPosting",
];

impl JsonLd {
    fn read(dom: &Document) -> JsonLd {
        let mut values = Vec::new();
        for script in dom.select("script[type='application/ld+json']").nodes() {
            let raw = script.text();
            let raw = raw
                .trim()
                .trim_start_matches("<![CDATA[")
                .trim_end_matches("]]>")
                .trim();
            if let Ok(value) = serde_json::from_str::<Value>(raw) {
                values.push(value);
            }
        }
        let mut objects = Vec::new();
        for value in &values {
            collect_objects(value, &mut objects, 0);
        }
        let is_article = |o: &&&serde_json::Map<String, Value>| {
            let types = match o.get("@type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            types.iter().any(|t| ARTICLE_TYPES.contains(t))
        };
        let Some(article) = objects
            .iter()
            .find(is_article)
            .or_else(|| objects.iter().find(|o| o.contains_key("datePublished")))
        else {
            return JsonLd::default();
        };
        let text = |key: &str| match article.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        };
        JsonLd {
            headline: text("headline").or_else(|| text("name")),
            published: text("datePublished").or_else(|| text("dateCreated")),
            modified: text("dateModified"),
            author: article.get("author").and_then(names),
            publisher: article.get("publisher").and_then(names),
            section: text("articleSection"),
            url: text("url").filter(|u| u.starts_with("http")),
        }
    }
}

/// Every object in a JSON-LD value (`@graph` and arrays included).
fn collect_objects<'v>(
    value: &'v Value,
    out: &mut Vec<&'v serde_json::Map<String, Value>>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Object(o) => {
            out.push(o);
            if let Some(graph) = o.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_objects(v, out, depth + 1)),
        _ => {}
    }
}

/// A JSON-LD person or organisation (or a list of them) as names.
fn names(v: &Value) -> Option<String> {
    let list: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .into_iter()
            .collect(),
        Value::Array(a) => a.iter().filter_map(names).collect(),
        _ => Vec::new(),
    };
    let joined = list
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && !s.starts_with("http"))
        .collect::<Vec<_>>()
        .join(", ");
    (!joined.is_empty()).then_some(joined)
}

/// Elements whose dates and headings belong to other stories or to the site.
fn is_elsewhere(node: &NodeRef) -> bool {
    node.ancestors_it(None).any(|a| {
        let name = a.node_name().map(|n| n.to_lowercase()).unwrap_or_default();
        if matches!(name.as_str(), "aside" | "nav" | "footer" | "li" | "form") {
            return true;
        }
        let marks = format!(
            "{} {}",
            a.attr("class").unwrap_or_default(),
            a.attr("id").unwrap_or_default()
        )
        .to_lowercase();
        [
            "related",
            "comment",
            "sidebar",
            "recommend",
            "more-",
            "popular",
            "trending",
            "teaser",
            "promo",
            "newsletter",
            "cookie",
            "outbrain",
            "taboola",
        ]
        .iter()
        .any(|m| marks.contains(m))
    })
}

/// The main article element, when the page marks one.
fn article_root<'a>(dom: &'a Document) -> Option<NodeRef<'a>> {
    [
        "article",
        "[itemprop='articleBody']",
        "main",
        "[role='main']",
    ]
    .iter()
    .find_map(|sel| {
        dom.select(sel)
            .nodes()
            .iter()
            .find(|n| !is_elsewhere(n))
            .cloned()
    })
}

/// The article's headline: the first `<h1>` of the article, else of the page.
fn article_h1(dom: &Document) -> Option<String> {
    let in_article = article_root(dom).and_then(|root| {
        root.find(&["h1"])
            .into_iter()
            .map(|h| squash(&h.text()))
            .find(|t| !t.is_empty())
    });
    in_article.or_else(|| {
        dom.select("h1")
            .nodes()
            .iter()
            .filter(|n| !is_elsewhere(n))
            .map(|h| squash(&h.text()))
            .find(|t| !t.is_empty())
    })
}

/// The article's own `<time>`: one marked as the publication date, else the
/// first in the article (or the page) outside lists, sidebars and comments.
fn article_time(dom: &Document) -> Option<PartialDate> {
    let value = |n: &NodeRef| {
        n.attr("datetime")
            .map(|d| d.to_string())
            .unwrap_or_else(|| n.text().to_string())
    };
    let marked = dom
        .select(
            "time[itemprop='datePublished'], time[pubdate], [itemprop='datePublished'][datetime]",
        )
        .nodes()
        .iter()
        .find_map(|n| date_of(&value(n)));
    if marked.is_some() {
        return marked;
    }
    let times: Vec<NodeRef> = match article_root(dom) {
        Some(root) => root.find(&["time"]),
        None => dom.select("time").nodes().to_vec(),
    };
    times
        .iter()
        .filter(|n| !is_elsewhere(n))
        .find_map(|n| date_of(&value(n)))
}

/// A headline without the site's name around it: "Fine for broadcaster |
/// BBC News" → "Fine for broadcaster".
fn clean_title(title: &str, site: Option<&str>) -> String {
    const SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " :: ", " · ", " » "];
    let mut t = squash(&decode_entities(title));
    let site = site.map(|s| s.to_lowercase());
    let is_site = |part: &str| {
        let p = part.trim().to_lowercase();
        site.as_deref()
            .is_some_and(|s| !s.is_empty() && (p == s || p.contains(s) || s.contains(&p)))
    };
    for sep in SEPARATORS {
        if let Some(i) = t.rfind(sep) {
            let (head, tail) = (&t[..i], &t[i + sep.len()..]);
            let tail_words = tail.split_whitespace().count();
            let head_words = head.split_whitespace().count();
            if is_site(tail) || (tail_words <= 3 && head_words > tail_words + 2 && sep == " | ") {
                t = head.trim().to_string();
                continue;
            }
        }
        if let Some(i) = t.find(sep) {
            let (head, tail) = (&t[..i], &t[i + sep.len()..]);
            if is_site(head) && !tail.trim().is_empty() {
                t = tail.trim().to_string();
            }
        }
    }
    // A "title" that is the site's own name is no headline.
    if let Some(site) = site.as_deref()
        && is_site_name(&t, site)
    {
        return String::new();
    }
    t
}

/// Whether `title` is only the site's name ("The Plainsview Observer" for
/// the site "plainsviewobserver.com" or "Plainsview Observer").
fn is_site_name(title: &str, site: &str) -> bool {
    let letters = |s: &str| -> String {
        let s = s.trim().to_lowercase();
        let s = s.strip_prefix("www.").unwrap_or(&s);
        // A host: its name without the top-level domain.
        let s = match s.rsplit_once('.') {
            Some((name, tld)) if !s.contains(' ') && tld.len() <= 6 => name.to_string(),
            _ => s.to_string(),
        };
        let s = s.strip_prefix("the ").unwrap_or(&s);
        s.chars().filter(|c| c.is_alphanumeric()).collect()
    };
    let (t, s) = (letters(title), letters(site));
    !t.is_empty() && (t == s || s.strip_prefix("the") == Some(t.as_str()))
}

/// Whitespace runs as one space.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's visible text, for a page with no article: scripts, styles and
/// hidden templates left out, block elements on their own lines.
pub(super) fn visible_text(dom: &Document) -> String {
    dom.select("script, style, noscript, template, svg, head, iframe")
        .remove();
    tidy(&dom.select("body").formatted_text())
}

/// Paragraphs separated by one blank line, line-end spaces dropped.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for para in text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&squash(para));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_leave_titles() {
        let site = Some("BBC News");
        assert_eq!(
            clean_title(
                "Broadcaster gets &#163;1.8m indecency fine | BBC News",
                site
            ),
            "Broadcaster gets £1.8m indecency fine"
        );
        assert_eq!(
            clean_title("BBC News - Broadcaster gets fine", site),
            "Broadcaster gets fine"
        );
        assert_eq!(
            clean_title("Talks resume in Geneva - Reuters", Some("Reuters")),
            "Talks resume in Geneva"
        );
        // A dash inside the headline stays.
        assert_eq!(
            clean_title("Inflation - what it means for you", None),
            "Inflation - what it means for you"
        );
    }

    /// Regression: some saved pages were titled by their site's name.
    #[test]
    fn a_title_that_is_the_site_s_name_gives_way_to_the_headline() {
        let html = page_with(
            r#"<title>The Plainsview Observer</title><meta property="og:site_name" content="Plainsview Observer">"#,
            "",
        );
        assert_eq!(parse_str(&html, "x").unwrap().doc.title, "Bridge approved");
        let html = page_with(
            r#"<title>Plainsview Observer</title><link rel="canonical" href="https://www.plainsviewobserver.com/a/b">"#,
            "",
        );
        assert_eq!(parse_str(&html, "x").unwrap().doc.title, "Bridge approved");
        assert!(!is_site_name(
            "Observer praises bridge",
            "Plainsview Observer"
        ));
    }

    #[test]
    fn dates_keep_the_page_s_own_day() {
        assert_eq!(
            date_of("2023-04-25T23:30:00-07:00"),
            Some("2023-04-25".parse().unwrap())
        );
        assert_eq!(date_of("20230425"), Some("2023-04-25".parse().unwrap()));
        assert_eq!(
            date_of("April 25, 2023"),
            Some("2023-04-25".parse().unwrap())
        );
        assert_eq!(date_of("yesterday"), None);
    }

    fn page_with(head: &str, body_extra: &str) -> String {
        let para = "The council voted late on Monday to approve the new bridge across the river, \
                    ending a debate that had lasted for more than two years and divided the town.";
        format!(
            "<html><head>{head}</head><body><article><h1>Bridge approved</h1>{body_extra}\
             <p>{para}</p><p>{para}</p><p>{para}</p></article></body></html>"
        )
    }

    /// Regression: pages were dated by the UTC day of
    /// `article:published_time`, a day after the outlet's own.
    #[test]
    fn a_utc_time_is_read_in_the_zone_the_page_states() {
        let html = page_with(
            r#"<meta property="article:published_time" content="2019-11-19T02:30:00Z">
               <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-11-18T21:30:00-05:00","dateModified":"2019-11-18T22:00:00-05:00"}</script>"#,
            "",
        );
        let page = parse_str(&html, "x").unwrap();
        assert_eq!(
            page.doc.date,
            Some(("2019-11-18".parse().unwrap(), DateSource::Metadata))
        );
        // A `<time>` with its offset states the zone too.
        let html = page_with(
            r#"<meta property="article:published_time" content="2019-11-19T02:30:00+00:00">"#,
            r#"<time datetime="2019-11-19T13:00:00+11:00">19 Nov</time>"#,
        );
        let page = parse_str(&html, "x").unwrap();
        assert_eq!(page.doc.date.unwrap().0, "2019-11-19".parse().unwrap());
        // Without a zone anywhere, the UTC day is all there is.
        let html = page_with(
            r#"<meta property="article:published_time" content="2019-11-19T02:30:00Z">"#,
            "",
        );
        let page = parse_str(&html, "x").unwrap();
        assert_eq!(page.doc.date.unwrap().0, "2019-11-19".parse().unwrap());
        assert_eq!(stated_offset("2019-11-18T21:30:00-05:00"), Some(-5 * 3600));
        assert_eq!(
            stated_offset("2019-11-18T21:30:00+0530"),
            Some(5 * 3600 + 1800)
        );
        assert_eq!(stated_offset("2019-11-18T21:30:00Z"), None);
    }

    /// Regression: pages whose address carries the day were undated.
    #[test]
    fn a_date_in_the_address_is_below_the_page_s_metadata() {
        // A browser's "saved from" mark gives the address too.
        let html = format!(
            "<!-- saved from url=(0062)https://news.example.com/2019/11/19/bridge-approved -->\n{}",
            page_with("", "")
        );
        let page = parse_str(&html, "saved-page").unwrap();
        assert_eq!(
            page.doc.date,
            Some(("2019-11-19".parse().unwrap(), DateSource::Url))
        );
        assert_eq!(
            page.doc.meta["url"],
            "https://news.example.com/2019/11/19/bridge-approved"
        );
        let html = page_with(
            r#"<link rel="canonical" href="https://news.example.com/world/2019/11/19/bridge-approved">"#,
            "",
        );
        let page = parse_str(&html, "saved-page").unwrap();
        assert_eq!(
            page.doc.date,
            Some(("2019-11-19".parse().unwrap(), DateSource::Url))
        );
        let html = page_with(
            r#"<link rel="canonical" href="https://news.example.com/world/2019/11/19/bridge-approved">
               <meta property="article:published_time" content="2019-11-18T10:00:00+01:00">"#,
            "",
        );
        let page = parse_str(&html, "saved-page").unwrap();
        assert_eq!(
            page.doc.date,
            Some(("2019-11-18".parse().unwrap(), DateSource::Metadata))
        );
    }

    #[test]
    fn charset_declarations() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"windows-1252\">"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'>"
            ),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(declared_charset(b"<meta charset=utf-16>"), Some(UTF_8));
        assert_eq!(declared_charset(b"<html><p>none</p>"), None);
    }

    #[test]
    fn related_story_dates_are_not_the_page_s() {
        let html = r#"<html><body><article><h1>Harbour reopens</h1>
<p>The harbour reopened on Tuesday after repairs that lasted most of the winter and cost the city a great deal.</p>
<p>Fishing boats were back at their moorings by the afternoon, and the ferry company said its first crossing would run on Friday.</p></article>
<aside class="related"><ul><li><time datetime="2019-01-02">2 Jan 2019</time> Old story</li></ul></aside></body></html>"#;
        let page = parse_str(html, "f").unwrap();
        assert_eq!(page.doc.title, "Harbour reopens");
        assert_eq!(page.doc.date, None);
        assert!(page.note.is_none());
        // With too little article to tell, the visible text is kept, and
        // still no date is taken from the related list.
        let short = r#"<html><body><article><h1>Harbour reopens</h1><p>The harbour reopened.</p></article>
<aside class="related"><ul><li><time datetime="2019-01-02">2 Jan 2019</time> Old story</li></ul></aside></body></html>"#;
        let page = parse_str(short, "f").unwrap();
        assert!(page.note.is_some());
        assert_eq!(page.doc.date, None);
    }
}
