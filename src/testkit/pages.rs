//! Generated saved news pages with the answers: each page wraps a generated
//! story in the boilerplate real sites carry (navigation with dozens of
//! links, a cookie banner, share buttons, inline ads and "Read more" links,
//! a newsletter box, a related-stories list with its own dates, a comment
//! section, a footer, kilobytes of inline script and JSON-LD), in one of
//! four layouts: a modern CMS with `<article>`, an older `<div>` site dated
//! by Dublin Core, a WordPress blog, and an ad-heavy tabloid page.
//! [`Page`] holds what the importer must keep: headline, day and body.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::corpus::{self, Story};

/// One written page and what must come out of it.
#[derive(Debug, Clone)]
pub struct Page {
    pub path: PathBuf,
    pub title: String,
    /// The publication day, `YYYY-MM-DD`.
    pub date: String,
    /// The article body, paragraphs separated by a blank line.
    pub body: String,
    pub layout: &'static str,
}

const SITES: &[&str] = &[
    "The Harbour Herald",
    "Daily Meridian",
    "Northgate Post",
    "Riverside Chronicle",
];

const SECTIONS: &[&str] = &[
    "Home",
    "World",
    "UK",
    "Politics",
    "Business",
    "Money",
    "Tech",
    "Science",
    "Health",
    "Education",
    "Sport",
    "Football",
    "Culture",
    "Film",
    "Music",
    "Books",
    "Travel",
    "Opinion",
    "Letters",
    "Obituaries",
    "Weather",
    "Podcasts",
    "Video",
    "Puzzles",
    "Crosswords",
    "Newsletters",
    "Subscribe",
    "Jobs",
    "Dating",
    "Shop",
];

const NAMES: &[&str] = &[
    "Ana Ribeiro",
    "Tom Pengelly",
    "Margit Olsen",
    "David Okafor",
    "Lena Fischer",
    "Sam Whitlock",
];

/// Writes `n` pages under `dir` (100 per folder) and returns their answers.
pub fn write(dir: &Path, n: usize, seed: u64) -> io::Result<Vec<Page>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut pages = Vec::with_capacity(n);
    let mut recent: Vec<String> = Vec::new();
    for i in 0..n {
        let paragraphs = rng.usize(4..10);
        let story = corpus::story(&mut rng, paragraphs);
        let site = SITES[i % SITES.len()];
        let (layout, html) = match rng.usize(..4) {
            0 => ("cms", cms(&mut rng, &story, site, &recent)),
            1 => ("legacy", legacy(&mut rng, &story, site, &recent)),
            2 => ("blog", blog(&mut rng, &story, site, &recent)),
            _ => ("tabloid", tabloid(&mut rng, &story, site, &recent)),
        };
        let folder = dir.join(format!("site{:03}", i / 100));
        fs::create_dir_all(&folder)?;
        let path = folder.join(format!("page-{i:05}.html"));
        fs::write(&path, html)?;
        recent.push(story.title.clone());
        if recent.len() > 12 {
            recent.remove(0);
        }
        pages.push(Page {
            path,
            title: story.title.clone(),
            date: day(story.date),
            body: story.paragraphs.join("\n\n"),
            layout,
        });
    }
    Ok(pages)
}

fn day((y, m, d): (i32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// A day shortly after (for "modified" stamps) or before (related stories).
fn shifted((y, m, d): (i32, u32, u32), days: i32) -> (i32, u32, u32) {
    let d = (d as i32 + days).clamp(1, 28) as u32;
    if days > 0 && d == 28 {
        return if m == 12 {
            (y + 1, 1, 3)
        } else {
            (y, m + 1, 3)
        };
    }
    (y, m, d)
}

/// Text as a page carries it: `&`, `<` and `>` escaped, curly quotes
/// sometimes written as entities (as many CMSs do).
fn esc(rng: &mut fastrand::Rng, text: &str) -> String {
    let s = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    match rng.usize(..3) {
        0 => s.replace('“', "&ldquo;").replace('”', "&rdquo;"),
        1 => s.replace('“', "&#8220;").replace('”', "&#x201D;"),
        _ => s,
    }
}

fn attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;")
}

fn head(story: &Story, site: &str, modified: (i32, u32, u32), extra: &str) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t} | {site}</title>\n\
         <meta name=\"last-modified\" content=\"{m}T09:00:00Z\">\n\
         <link rel=\"stylesheet\" href=\"/static/css/main.3f9a1c.css\">\n{extra}",
        t = attr(&story.title),
        m = day(modified),
    );
    h.push_str(&script_blob(story.title.len()));
    h.push_str("</head>\n");
    h
}

/// Kilobytes of analytics and ad-loader script, as real pages carry.
fn script_blob(salt: usize) -> String {
    let mut s = String::from("<script>window.dataLayer=window.dataLayer||[];");
    for i in 0..120 {
        let _ = write!(
            s,
            "dataLayer.push({{'event':'slot_{i}','adUnit':'/2190/news/article/{salt}','sizes':[[300,250],[728,90]],'targeting':{{'kw':'minister government talks'}}}});"
        );
    }
    s.push_str("</script>\n<script async src=\"https://ads.example.net/tag.js\"></script>\n");
    s
}

fn nav(site: &str) -> String {
    let mut n = format!(
        "<header class=\"site-header\"><a class=\"logo\" href=\"/\">{site}</a>\
         <nav class=\"primary\"><ul>"
    );
    for s in SECTIONS {
        let _ = write!(n, "<li><a href=\"/{}\">{s}</a></li>", s.to_lowercase());
    }
    n.push_str("</ul></nav><form class=\"search\"><input name=\"q\" placeholder=\"Search\"></form></header>\n");
    n
}

fn cookie_banner() -> &'static str {
    "<div id=\"cookie-consent\" class=\"cookie-banner\" role=\"dialog\"><p>We use cookies and \
     similar technologies to improve your experience, to show you personalised advertising and \
     to measure how our site is used. You can change your choices at any time in Privacy \
     settings.</p><button>Accept all cookies</button><button>Manage preferences</button></div>\n"
}

fn share() -> &'static str {
    "<div class=\"share-tools\"><span>Share this article</span><a href=\"#\">Share on Facebook</a>\
     <a href=\"#\">Share on X</a><a href=\"#\">Share on WhatsApp</a><a href=\"#\">Copy link</a></div>\n"
}

fn related(rng: &mut fastrand::Rng, story: &Story, recent: &[String]) -> String {
    let mut r = String::from(
        "<section class=\"related\" aria-label=\"Related stories\"><h2>Related stories</h2><ul>",
    );
    for (k, title) in recent.iter().rev().take(5).enumerate() {
        let d = day(shifted(story.date, -(k as i32) - 2));
        let _ = write!(
            r,
            "<li><a href=\"/news/{k}\">{}</a> <time datetime=\"{d}T08:00:00Z\">{d}</time></li>",
            esc(rng, title)
        );
    }
    r.push_str("</ul></section>\n");
    r
}

fn comments(rng: &mut fastrand::Rng, story: &Story) -> String {
    let mut c = String::from(
        "<section id=\"comments\" class=\"comments\"><h2>Comments (4)</h2><ol class=\"comment-list\">",
    );
    for k in 0..4 {
        let d = day(shifted(story.date, k + 1));
        let said = corpus::sentence(rng);
        let _ = write!(
            c,
            "<li class=\"comment\"><div class=\"comment-author\">reader{k}</div>\
             <time datetime=\"{d}T21:1{k}:00Z\">{d}</time><p>{}</p>\
             <a class=\"reply\" href=\"#\">Reply</a></li>",
            esc(rng, &said)
        );
    }
    c.push_str("</ol><form class=\"comment-form\"><textarea></textarea><button>Post comment</button></form></section>\n");
    c
}

fn newsletter() -> &'static str {
    "<aside class=\"newsletter\"><h3>Sign up to our morning briefing</h3><p>The day's top \
     stories, straight to your inbox every weekday at 7am. Free to subscribers.</p>\
     <input type=\"email\" placeholder=\"Your email\"><button>Subscribe</button></aside>\n"
}

fn footer(site: &str) -> String {
    let mut f = String::from("<footer class=\"site-footer\"><ul>");
    for s in [
        "About us",
        "Contact",
        "Complaints & corrections",
        "Terms & conditions",
        "Privacy policy",
        "Cookie policy",
        "Advertise with us",
        "Accessibility",
        "Work for us",
        "Modern Slavery Act",
    ] {
        let _ = write!(f, "<li><a href=\"#\">{}</a></li>", attr(s));
    }
    let _ = writeln!(
        f,
        "</ul><p>© 2025 {site}. All rights reserved. Registered in England and Wales.</p></footer>"
    );
    f
}

fn paragraphs(
    rng: &mut fastrand::Rng,
    story: &Story,
    between: &mut dyn FnMut(usize) -> String,
) -> String {
    let mut p = String::new();
    for (k, para) in story.paragraphs.iter().enumerate() {
        let _ = writeln!(p, "<p>{}</p>", esc(rng, para));
        p.push_str(&between(k));
    }
    p
}

/// A modern CMS: `<article>`, og/article metas, JSON-LD with both dates.
fn cms(rng: &mut fastrand::Rng, story: &Story, site: &str, recent: &[String]) -> String {
    let modified = shifted(story.date, 2);
    let author = NAMES[rng.usize(..NAMES.len())];
    let d = day(story.date);
    let extra = format!(
        "<meta property=\"og:title\" content=\"{t}\">\n<meta property=\"og:site_name\" content=\"{site}\">\n\
         <meta property=\"og:url\" content=\"https://news.example.com/{d}/story\">\n\
         <meta property=\"article:published_time\" content=\"{d}T07:30:00+00:00\">\n\
         <meta property=\"article:modified_time\" content=\"{m}T12:00:00+00:00\">\n\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\
         \"headline\":\"{t}\",\"datePublished\":\"{d}T07:30:00+00:00\",\"dateModified\":\"{m}T12:00:00+00:00\",\
         \"author\":{{\"@type\":\"Person\",\"name\":\"{author}\"}}}}</script>\n",
        t = attr(&story.title),
        m = day(modified),
    );
    let mut h = head(story, site, modified, &extra);
    h.push_str("<body>\n");
    h.push_str(cookie_banner());
    h.push_str(&nav(site));
    let _ = writeln!(
        h,
        "<main><article class=\"story\"><h1>{}</h1><div class=\"byline\">By <a rel=\"author\">{author}</a>, \
         <time datetime=\"{d}T07:30:00Z\">{d}</time></div>",
        esc(rng, &story.title)
    );
    h.push_str(share());
    let n = story.paragraphs.len();
    let body = paragraphs(rng, story, &mut |k| {
        if k == 1 {
            "<figure><img src=\"/img/a.jpg\" alt=\"\"><figcaption>The council chamber. Photograph: Agency</figcaption></figure>\n".into()
        } else if k == n / 2 {
            "<div class=\"ad-slot\">Advertisement</div>\n".into()
        } else {
            String::new()
        }
    });
    h.push_str(&body);
    h.push_str(share());
    h.push_str("</article>\n");
    h.push_str(&related(rng, story, recent));
    h.push_str(&comments(rng, story));
    h.push_str("</main>\n");
    h.push_str(&footer(site));
    h.push_str("</body></html>\n");
    h
}

/// An older site: no `<article>`, the body in a `<div>`, dated by Dublin Core.
fn legacy(rng: &mut fastrand::Rng, story: &Story, site: &str, recent: &[String]) -> String {
    let d = day(story.date);
    let extra = format!(
        "<meta name=\"DC.title\" content=\"{t}\">\n<meta name=\"DC.date.issued\" content=\"{d}\">\n\
         <meta name=\"author\" content=\"{a}\">\n",
        t = attr(&story.title),
        a = NAMES[rng.usize(..NAMES.len())],
    );
    let mut h = head(story, site, shifted(story.date, 5), &extra);
    h.push_str("<body><div id=\"wrapper\">\n");
    h.push_str(&nav(site));
    h.push_str("<div id=\"leftcol\"><div class=\"box\"><h4>Most read</h4><ol>");
    for t in recent.iter().take(6) {
        let _ = write!(h, "<li><a href=\"#\">{}</a></li>", esc(rng, t));
    }
    h.push_str("</ol></div></div>\n<div id=\"content\"><div class=\"breadcrumb\"><a href=\"/\">Home</a> &gt; <a href=\"/news\">News</a></div>\n");
    let _ = writeln!(
        h,
        "<h2 class=\"headline\">{}</h2><div class=\"dateline\">Published {d}</div>\n<div class=\"story-body\">",
        esc(rng, &story.title)
    );
    let body = paragraphs(rng, story, &mut |k| {
        if k == 2 {
            "<div class=\"inline-promo\"><a href=\"#\">Read more: the week in pictures</a></div>\n"
                .into()
        } else {
            String::new()
        }
    });
    h.push_str(&body);
    h.push_str("</div>\n<div class=\"tools\"><a href=\"#\">Print this page</a> | <a href=\"#\">E-mail this story</a></div>\n");
    h.push_str(&related(rng, story, recent));
    h.push_str("</div>\n");
    h.push_str(&footer(site));
    h.push_str("</div></body></html>\n");
    h
}

/// A WordPress blog: `entry-content`, `<time class="entry-date">`, a
/// sidebar of recent posts and a comment list with its own dates.
fn blog(rng: &mut fastrand::Rng, story: &Story, site: &str, recent: &[String]) -> String {
    let d = day(story.date);
    let extra = format!(
        "<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\"{t}\">\n\
         <link rel=\"canonical\" href=\"https://blog.example.org/{d}/post/\">\n",
        t = attr(&story.title),
    );
    let mut h = head(story, site, shifted(story.date, 9), &extra);
    h.push_str("<body class=\"post-template-default single single-post\">\n");
    h.push_str(&nav(site));
    let _ = writeln!(
        h,
        "<div id=\"primary\" class=\"content-area\"><main id=\"main\" class=\"site-main\">\
         <article id=\"post-1\" class=\"post type-post status-publish\"><header class=\"entry-header\">\
         <h1 class=\"entry-title\">{}</h1><div class=\"entry-meta\">Posted on \
         <time class=\"entry-date published\" datetime=\"{d}T10:00:00+00:00\">{d}</time> by \
         <span class=\"author vcard\">{}</span></div></header>\n<div class=\"entry-content\">",
        esc(rng, &story.title),
        NAMES[rng.usize(..NAMES.len())]
    );
    let body = paragraphs(rng, story, &mut |_| String::new());
    h.push_str(&body);
    h.push_str("</div><footer class=\"entry-footer\"><span class=\"cat-links\">Posted in <a href=\"#\">Local</a></span> <span class=\"tags-links\">Tagged <a href=\"#\">council</a></span></footer></article>\n");
    h.push_str("<nav class=\"post-navigation\"><a href=\"#\" rel=\"prev\">Previous post</a> <a href=\"#\" rel=\"next\">Next post</a></nav>\n");
    h.push_str(&comments(rng, story));
    h.push_str("</main></div>\n<aside id=\"secondary\" class=\"widget-area\"><section class=\"widget\"><h2>Recent Posts</h2><ul>");
    for t in recent.iter().take(5) {
        let _ = write!(h, "<li><a href=\"#\">{}</a></li>", esc(rng, t));
    }
    h.push_str("</ul></section><section class=\"widget\"><h2>Archives</h2><ul><li><a href=\"#\">March 2024</a></li><li><a href=\"#\">February 2024</a></li></ul></section></aside>\n");
    h.push_str(&footer(site));
    h.push_str("</body></html>\n");
    h
}

/// An ad-heavy page: ads and "Read more" links between paragraphs, a
/// newsletter box, an "Around the web" block, JSON-LD in an `@graph`.
fn tabloid(rng: &mut fastrand::Rng, story: &Story, site: &str, recent: &[String]) -> String {
    let d = day(story.date);
    let extra = format!(
        "<meta property=\"og:title\" content=\"{t} | {site}\">\n\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@graph\":[\
         {{\"@type\":\"WebSite\",\"name\":\"{site}\"}},{{\"@type\":\"NewsArticle\",\"headline\":\"{t}\",\
         \"datePublished\":\"{d}T18:05:00+00:00\"}}]}}</script>\n",
        t = attr(&story.title),
    );
    let mut h = head(story, site, shifted(story.date, 1), &extra);
    h.push_str("<body>\n");
    h.push_str(cookie_banner());
    h.push_str(&nav(site));
    h.push_str("<div class=\"ad-leaderboard\">Advertisement</div>\n");
    let _ = writeln!(
        h,
        "<div class=\"article-wrap\"><article><h1 class=\"headline\">{}</h1>\
         <p class=\"standfirst-meta\">By {} | Updated {}</p>",
        esc(rng, &story.title),
        NAMES[rng.usize(..NAMES.len())],
        day(shifted(story.date, 1))
    );
    let mut promos = recent.iter().rev();
    let body = paragraphs(rng, story, &mut |k| {
        if k % 2 == 1 {
            match promos.next() {
                Some(t) => format!(
                    "<div class=\"read-more\"><strong>READ MORE:</strong> <a href=\"#\">{}</a></div>\n<div class=\"ad-slot mpu\">Advertisement</div>\n",
                    attr(t)
                ),
                None => "<div class=\"ad-slot mpu\">Advertisement</div>\n".into(),
            }
        } else {
            String::new()
        }
    });
    h.push_str(&body);
    h.push_str(share());
    h.push_str("</article>\n");
    h.push_str(newsletter());
    h.push_str("<div class=\"outbrain\"><h3>Around the web</h3><ul><li><a href=\"#\">Doctors stunned by this one simple trick</a></li><li><a href=\"#\">The 10 best holiday deals this winter</a></li><li><a href=\"#\">Homeowners are switching to this boiler</a></li></ul></div>\n");
    h.push_str(&related(rng, story, recent));
    h.push_str("</div>\n");
    h.push_str(&footer(site));
    h.push_str("</body></html>\n");
    h
}

/// Word-3-gram F1 of an extracted body against its gold body (case folded),
/// as the article-extraction benchmarks score main text.
pub fn body_f1(got: &str, gold: &str) -> f64 {
    let grams = |t: &str| -> std::collections::HashSet<String> {
        let w: Vec<String> = t.split_whitespace().map(str::to_lowercase).collect();
        w.windows(3).map(|g| g.join(" ")).collect()
    };
    let (a, b) = (grams(got), grams(gold));
    let common = a.intersection(&b).count() as f64;
    if common == 0.0 {
        return 0.0;
    }
    let (p, r) = (common / a.len() as f64, common / b.len() as f64);
    2.0 * p * r / (p + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_f1_scores_overlap() {
        let gold = "one two three four five six";
        assert_eq!(body_f1(gold, gold), 1.0);
        assert_eq!(body_f1("seven eight nine", gold), 0.0);
        // Half the gold trigrams, nothing extra: P 1, R 0.5.
        let half = body_f1("one two three four", gold);
        assert!((half - 2.0 / 3.0).abs() < 1e-9, "{half}");
    }
}
