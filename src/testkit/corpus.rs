//! A deterministic generator of article-like test corpora, with the answers.
//!
//! From a seed it writes N text files: stories made of random news
//! sentences, wrapped in the boilerplate of one of several outlets; planted
//! near-duplicate clusters (the story again at another of 20 outlets, some
//! with 120-word footers: reworded, other quote styles, re-spaced, cut to
//! half, a local paragraph added); unrelated stories sharing a 120-word
//! background block (hard negatives); exact
//! duplicates (the same text re-encoded as Windows-1252 or with CRLF and extra
//! spaces); every supported date form; and a few bad files. [`Truth`] says
//! what the importer must find in each file.

use std::collections::VecDeque;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::hard_cases::{self, Hard};

use crate::core::model::DateSource;

const WORDS: &[&str] = &[
    "minister",
    "government",
    "talks",
    "officials",
    "security",
    "border",
    "council",
    "agreement",
    "president",
    "ministry",
    "forces",
    "region",
    "statement",
    "meeting",
    "sanctions",
    "economy",
    "election",
    "parliament",
    "opposition",
    "rebels",
    "ceasefire",
    "refugees",
    "capital",
    "province",
    "police",
    "court",
    "judge",
    "protest",
    "workers",
    "union",
    "company",
    "market",
    "prices",
    "inflation",
    "bank",
    "budget",
    "energy",
    "pipeline",
    "harbour",
    "airport",
    "villagers",
    "farmers",
    "harvest",
    "drought",
    "flood",
    "storm",
    "hospital",
    "doctors",
    "vaccine",
    "school",
    "teachers",
    "students",
    "reporters",
    "analysts",
    "diplomats",
    "envoy",
    "embassy",
    "delegation",
    "summit",
    "negotiators",
    "coalition",
    "alliance",
    "army",
    "navy",
    "militia",
    "convoy",
    "aid",
    "agency",
    "charity",
    "volunteers",
    "residents",
    "city",
    "town",
    "district",
    "coast",
    "river",
    "bridge",
    "railway",
    "highway",
    "factory",
    "mine",
    "oil",
    "gas",
    "grain",
    "exports",
    "imports",
    "tariffs",
    "said",
    "added",
    "warned",
    "announced",
    "confirmed",
    "denied",
    "rejected",
    "welcomed",
    "urged",
    "called",
    "signed",
    "launched",
    "opened",
    "closed",
    "reported",
    "expected",
    "planned",
    "agreed",
    "discussed",
    "stressed",
    "pledged",
    "accused",
    "blamed",
    "praised",
    "criticised",
    "questioned",
    "the",
    "a",
    "of",
    "in",
    "on",
    "for",
    "with",
    "after",
    "before",
    "during",
    "against",
    "between",
    "and",
    "but",
    "while",
    "as",
    "that",
    "which",
    "new",
    "former",
    "senior",
    "local",
    "national",
    "regional",
    "foreign",
    "domestic",
    "northern",
    "southern",
    "eastern",
    "western",
    "several",
    "many",
    "few",
    "two",
    "three",
    "four",
    "dozens",
    "hundreds",
    "thousands",
    "early",
    "late",
    "last",
    "next",
    "week",
    "month",
    "year",
    "morning",
    "evening",
    "talks",
    "plan",
    "deal",
    "vote",
    "crisis",
    "reform",
    "investigation",
    "report",
    "decision",
    "ruling",
    "strike",
    "attack",
    "airstrikes",
    "shelling",
    "offensive",
    "withdrawal",
    "talks",
    "visit",
    "trip",
    "tour",
    "support",
    "funding",
    "loans",
    "debt",
    "growth",
    "recession",
    "jobs",
    "wages",
    "taxes",
];

/// Synonyms swapped to make a "changed word" copy.
const SWAPS: &[(&str, &str)] = &[
    ("rebels", "opposition"),
    ("airstrikes", "air strikes"),
    ("said", "stated"),
    ("talks", "negotiations"),
    ("forces", "troops"),
];

struct Outlet {
    name: &'static str,
    /// A line over every story (the outlet's name, a section), as some
    /// papers' files and e-mailed copies carry it: never the title.
    masthead: Option<&'static str>,
    header: &'static [&'static str],
    footer: &'static [&'static str],
}

/// A long footer, as some outlets print under every story (about 120 words).
const APPEAL: &str = "Support independent journalism: every donation, however small, keeps our reporters in the field and our newsroom free of owners and advertisers who would tell us what to print. Donate today and become a member of our community of readers who stand with reporting that holds the powerful to account. Members get early access to our investigations, a monthly letter from the editor, invitations to live events in their city, and the knowledge that they keep this work free for everyone who cannot pay. It takes less than a minute, you can cancel at any time, and every contribution is spent on reporting. Thank you for reading, and for standing with us this year.";
const ABOUT: &str = "About us: we are a non-profit newsroom covering politics, the economy, security and the environment across the region since 1998, with correspondents in eleven capitals and a network of local reporters in the provinces. Our journalism is funded by readers and foundations and is free to republish under a Creative Commons licence with credit. Corrections and complaints are handled by our independent ombudsman, whose reports are published every quarter on our website. To pitch a story, share a document or report an error, write to the newsroom through the secure form on our contact page; we read everything, and we protect our sources.";

const OUTLETS: &[Outlet] = &[
    Outlet {
        name: "gazette",
        masthead: Some("PLAINSVIEW GAZETTE"),
        header: &[],
        footer: &[
            "For all the latest headlines follow our Google News channel online or via the app.",
        ],
    },
    Outlet {
        name: "courier",
        masthead: None,
        header: &["COURIER WIRE SERVICE"],
        footer: &[APPEAL],
    },
    Outlet {
        name: "herald",
        masthead: Some("EASTERN HERALD | World"),
        header: &[],
        footer: &[
            "Read more:",
            "Markets rally as central bank holds rates",
            "Storm season arrives early on the coast",
        ],
    },
    Outlet {
        name: "tribune",
        masthead: None,
        header: &["Tribune staff"],
        footer: &[
            "Copyright Tribune Media. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
        ],
    },
    Outlet {
        name: "observer",
        masthead: None,
        header: &[],
        footer: &["Sign up for our morning newsletter to get the day's top stories in your inbox."],
    },
    Outlet {
        name: "ledger",
        masthead: None,
        header: &["LEDGER NEWS DESK"],
        footer: &["Have a tip? Contact our newsroom securely through our website."],
    },
    Outlet {
        name: "monitor",
        masthead: None,
        header: &[],
        footer: &[ABOUT],
    },
    Outlet {
        name: "dispatch",
        masthead: None,
        header: &["DISPATCH — Breaking news, analysis and opinion"],
        footer: &[
            APPEAL,
            "Share this article:",
            "Facebook",
            "Twitter",
            "Email",
        ],
    },
    Outlet {
        name: "chronicle",
        masthead: None,
        header: &[],
        footer: &[
            "Related coverage",
            "Talks stall as deadline nears",
            "Farmers count the cost of the drought",
        ],
    },
    Outlet {
        name: "sentinel",
        masthead: None,
        header: &["The Sentinel"],
        footer: &["This story has been updated with additional reporting."],
    },
    Outlet {
        name: "post",
        masthead: None,
        header: &[],
        footer: &[ABOUT, "Follow us on social media for live updates."],
    },
    Outlet {
        name: "times",
        masthead: None,
        header: &["Times Wire"],
        footer: &["Reporting by our correspondents; editing by the foreign desk."],
    },
    Outlet {
        name: "express",
        masthead: None,
        header: &[],
        footer: &[
            "Advertisement",
            "Continue reading below",
            "Most read this week: our guide to the budget",
        ],
    },
    Outlet {
        name: "journal",
        masthead: None,
        header: &["JOURNAL"],
        footer: &["(c) Journal Group. Subscribe for unlimited access to our reporting."],
    },
    Outlet {
        name: "star",
        masthead: None,
        header: &[],
        footer: &[
            "Our journalism is made possible by readers like you. Please consider subscribing.",
        ],
    },
    Outlet {
        name: "bulletin",
        masthead: None,
        header: &["Bulletin international service"],
        footer: &[],
    },
    Outlet {
        name: "review",
        masthead: None,
        header: &[],
        footer: &["Join the conversation: comments are open for 48 hours after publication."],
    },
    Outlet {
        name: "daily",
        masthead: None,
        header: &["DAILY"],
        footer: &["Get the Daily app for breaking news alerts."],
    },
    Outlet {
        name: "wire",
        masthead: None,
        header: &["WIRE SERVICE REPORT"],
        footer: &["Wire service material. Not for resale."],
    },
    Outlet {
        name: "voice",
        masthead: None,
        header: &[],
        footer: &[APPEAL, ABOUT],
    },
];

pub(crate) const MONTH_NAMES: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How a file carries its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    Header,
    FilenameIso,
    FilenameCompact,
    PublishedLine,
    WrittenInText,
    IsoInText,
    Undated,
    /// Undated, but the body mentions dates ("founded on 14 May 1870"):
    /// none of them is the story's.
    MentionedInBody,
}

const DATE_FORMS: &[DateForm] = &[
    DateForm::Header,
    DateForm::FilenameIso,
    DateForm::FilenameCompact,
    DateForm::PublishedLine,
    DateForm::WrittenInText,
    DateForm::IsoInText,
    DateForm::Undated,
    DateForm::MentionedInBody,
];

/// How a planted near copy differs from its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CopyKind {
    /// The same text re-encoded or re-spaced (one document, two sources).
    Exact,
    /// Reworded: changed words, other quotes, a sentence dropped.
    Reworded,
    /// Cut to about half its length (and reworded lightly).
    Cut,
    /// A local paragraph added (and reworded lightly).
    Extended,
}

impl CopyKind {
    pub fn name(self) -> &'static str {
        match self {
            CopyKind::Exact => "exact",
            CopyKind::Reworded => "reworded",
            CopyKind::Cut => "cut to half",
            CopyKind::Extended => "paragraph added",
        }
    }
}

/// What the importer must make of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// A document. `exact_copy_of` names the file (index in [`Truth::files`])
    /// whose text this one repeats exactly, so it joins that document.
    Document {
        story: usize,
        /// The headline (never the outlet's masthead).
        title: String,
        date: Option<String>,
        date_source: Option<DateSource>,
        exact_copy_of: Option<usize>,
        /// How this file copies its story (`None` for the story's first file).
        copy: Option<CopyKind>,
        /// A hard case: a different story that shares a block, a template or
        /// a passage with others.
        hard: Option<Hard>,
    },
    /// Rejected; the reason contains this text.
    Rejected { reason_contains: &'static str },
}

#[derive(Debug, Clone)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub expect: Expect,
}

#[derive(Debug, Clone, Default)]
pub struct Truth {
    pub files: Vec<GeneratedFile>,
}

/// The truth as JSON lines: per document file, its path, story, how it
/// copies its story and the hard case it belongs to.
pub fn truth_jsonl(truth: &Truth) -> String {
    let mut out = String::new();
    for f in &truth.files {
        if let Expect::Document {
            story,
            copy,
            hard,
            exact_copy_of,
            ..
        } = &f.expect
        {
            let line = serde_json::json!({
                "path": f.path.to_string_lossy(),
                "story": story,
                "copy": copy.map(|c| c.name()),
                "hard": hard.map(|h| format!("{h:?}")),
                "exact_copy_of": exact_copy_of,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}

impl Truth {
    /// Documents the library must hold after importing everything.
    pub fn distinct_documents(&self) -> usize {
        self.files
            .iter()
            .filter(|f| {
                matches!(
                    f.expect,
                    Expect::Document {
                        exact_copy_of: None,
                        ..
                    }
                )
            })
            .count()
    }

    pub fn rejected(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f.expect, Expect::Rejected { .. }))
            .count()
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Text files to write (bad files come on top).
    pub docs: usize,
    pub seed: u64,
    /// Share of files that are near copies of another story.
    pub near_copy_share: f64,
    /// Share of files that are exact copies of an earlier file.
    pub exact_copy_share: f64,
    /// Paragraphs per story (about 60 words each).
    pub paragraphs: usize,
    /// Add empty, whitespace-only and binary files.
    pub bad_files: bool,
    /// Share of files that are hard cases ([`super::hard_cases`]): unrelated
    /// documents sharing a long block, recurring template reports, stories
    /// reusing a passage of another.
    pub hard_share: f64,
    /// Long texts to add at the end (the long tail real collections have:
    /// logs, transcripts, books): 1, 3, 6 and 10 MB in turn, single-line
    /// and paragraphed in turn, each quoting two paragraphs of a story.
    pub long_tail: usize,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            docs: 1000,
            seed: 1,
            near_copy_share: 0.2,
            exact_copy_share: 0.05,
            paragraphs: 8,
            bad_files: true,
            hard_share: 0.0,
            long_tail: 0,
        }
    }
}

pub(crate) struct Story {
    pub(crate) title: String,
    pub(crate) paragraphs: Vec<String>,
    pub(crate) date: (i32, u32, u32),
}

pub(crate) fn sentence(rng: &mut fastrand::Rng) -> String {
    let n = rng.usize(8..18);
    let mut words: Vec<String> = (0..n)
        .map(|_| WORDS[rng.usize(..WORDS.len())].to_string())
        .collect();
    if let Some(first) = words.first_mut() {
        let mut c = first.chars();
        if let Some(f) = c.next() {
            *first = f.to_uppercase().collect::<String>() + c.as_str();
        }
    }
    // Some sentences quote someone, to exercise quote folding.
    if rng.u8(..4) == 0 {
        let cut = rng.usize(1..words.len());
        words[cut] = format!("“{}", words[cut]);
        if let Some(last) = words.last_mut() {
            last.push('”');
        }
    }
    let mut s = words.join(" ");
    s.push('.');
    s
}

/// A background block of about 120 words: several unrelated stories of the
/// recent window may carry the same one (hard negatives).
fn block(rng: &mut fastrand::Rng) -> String {
    let mut words = 0;
    let mut sentences = Vec::new();
    while words < 120 {
        let s = sentence(rng);
        words += s.split(' ').count();
        sentences.push(s);
    }
    sentences.join(" ")
}

pub(crate) fn story(rng: &mut fastrand::Rng, paragraphs: usize) -> Story {
    let title_words: Vec<&str> = (0..rng.usize(5..9))
        .map(|_| WORDS[rng.usize(..WORDS.len())])
        .collect();
    let mut title = title_words.join(" ");
    if let Some(f) = title.get(..1) {
        title = f.to_uppercase() + &title[1..];
    }
    let paragraphs = (0..paragraphs)
        .map(|_| {
            (0..rng.usize(3..6))
                .map(|_| sentence(rng))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    Story {
        title,
        paragraphs,
        date: (rng.i32(2015..2025), rng.u32(1..13), rng.u32(1..29)),
    }
}

fn straight_quotes(s: &str) -> String {
    s.replace(['“', '”'], "\"").replace('’', "'")
}

/// Changes about `share` of the sentences of a paragraph by one word (a
/// synonym where one is known, else another word).
fn reword(rng: &mut fastrand::Rng, paragraph: &str, share: f64) -> String {
    let sentences: Vec<&str> = paragraph.split_inclusive(". ").collect();
    sentences
        .iter()
        .map(|s| {
            if rng.f64() >= share {
                return s.to_string();
            }
            for (from, to) in SWAPS {
                if s.contains(from) {
                    return s.replacen(from, to, 1);
                }
            }
            let mut words: Vec<String> = s.split(' ').map(str::to_string).collect();
            if words.len() > 3 {
                let i = rng.usize(1..words.len() - 1);
                if words[i].chars().all(|c| c.is_ascii_lowercase()) {
                    words[i] = WORDS[rng.usize(..WORDS.len())].to_string();
                }
            }
            words.join(" ")
        })
        .collect()
}

/// The story as another outlet publishes it.
fn near_copy(rng: &mut fastrand::Rng, paras: &[String], kind: CopyKind) -> Vec<String> {
    let share = match kind {
        CopyKind::Reworded => 0.6,
        _ => 0.25,
    };
    let mut out: Vec<String> = paras.iter().map(|p| reword(rng, p, share)).collect();
    if rng.bool() {
        out = out.iter().map(|p| straight_quotes(p)).collect();
    }
    match kind {
        CopyKind::Reworded => {
            // A sentence dropped from a paragraph or two.
            for _ in 0..rng.usize(1..3) {
                let i = rng.usize(..out.len());
                if let Some((_, rest)) = out[i].split_once(". ") {
                    out[i] = rest.to_string();
                }
            }
        }
        CopyKind::Cut => out.truncate(out.len().div_ceil(2).max(1)),
        CopyKind::Extended => {
            let local = (0..rng.usize(2..4))
                .map(|_| sentence(rng))
                .collect::<Vec<_>>()
                .join(" ");
            let at = if rng.bool() { 0 } else { out.len() };
            out.insert(at, local);
        }
        CopyKind::Exact => {}
    }
    // Never an exact copy: at least one word differs.
    if out == paras
        && let Some(first) = out.first_mut()
    {
        *first = first.replacen(' ', " reportedly ", 1);
    }
    out
}

fn render(
    rng: &mut fastrand::Rng,
    title: &str,
    paragraphs: &[String],
    outlet: &Outlet,
    form: DateForm,
    date: (i32, u32, u32),
) -> String {
    let (y, m, d) = date;
    let mut lines: Vec<String> = Vec::new();
    lines.extend(outlet.masthead.map(str::to_string));
    lines.push(title.to_string());
    lines.extend(outlet.header.iter().map(|s| s.to_string()));
    match form {
        DateForm::PublishedLine => lines.push(format!(
            "Published: {} {d}, {y}",
            MONTH_NAMES[m as usize - 1]
        )),
        DateForm::IsoInText => lines.push(format!("{y:04}-{m:02}-{d:02}T09:30:00Z")),
        DateForm::WrittenInText => lines.push(format!(
            "By staff reporters, {d} {} {y}",
            MONTH_NAMES[m as usize - 1]
        )),
        _ => {}
    }
    let body_start = lines.len();
    lines.extend(paragraphs.iter().cloned());
    if form == DateForm::MentionedInBody {
        // Mentions in running text, in the forms wire copy uses.
        let mention = match rng.usize(..4) {
            0 => format!("The club was founded on 14 May {}.", rng.i32(1850..1990)),
            1 => format!(
                "The dividend is payable {} {d}, {y}, to holders of record.",
                MONTH_NAMES[m as usize - 1]
            ),
            2 => "Since September 11, 2001, checks have tightened.".to_string(),
            _ => format!(
                "The minister, born on {d} February {}, said so.",
                rng.i32(1940..1980)
            ),
        };
        let at = (body_start + 1).min(lines.len() - 1);
        lines[at] = format!("{} {mention}", lines[at]);
    }
    lines.extend(outlet.footer.iter().map(|s| s.to_string()));
    // Paragraph spacing differs between outlets and copies.
    let sep = ["\n", "\n\n", "\n\n\n\n"][rng.usize(..3)];
    let mut text = lines.join(sep);
    text.push('\n');
    if form == DateForm::Header {
        text = format!(" date {y:04}-{m:02}-{d:02} {text}");
    }
    text
}

fn file_name(i: usize, outlet: &Outlet, form: DateForm, date: (i32, u32, u32)) -> String {
    let (y, m, d) = date;
    match form {
        DateForm::FilenameIso => format!("{y:04}-{m:02}-{d:02}_{}-story-{i}.txt", outlet.name),
        DateForm::FilenameCompact => format!("{y:04}{m:02}{d:02}-{}-story-{i}.txt", outlet.name),
        _ => format!("{}-story-{i}.txt", outlet.name),
    }
}

fn expected_date(form: DateForm, date: (i32, u32, u32)) -> (Option<String>, Option<DateSource>) {
    let (y, m, d) = date;
    let s = Some(format!("{y:04}-{m:02}-{d:02}"));
    match form {
        DateForm::Header => (s, Some(DateSource::Header)),
        DateForm::FilenameIso | DateForm::FilenameCompact => (s, Some(DateSource::Filename)),
        DateForm::PublishedLine => (s, Some(DateSource::Label)),
        DateForm::WrittenInText | DateForm::IsoInText => (s, Some(DateSource::Dateline)),
        DateForm::Undated | DateForm::MentionedInBody => (None, None),
    }
}

/// The files of a corpus, in memory: (relative name, bytes, expectation).
pub fn generate(spec: &Spec) -> Vec<(String, Vec<u8>, Expect)> {
    let mut files = Vec::new();
    let _ = generate_each(spec, &mut |name, bytes, expect| {
        files.push((name, bytes, expect));
        Ok(())
    });
    files
}

/// Generates the files one by one into `sink` (relative name, bytes,
/// expectation), holding only a small window in memory.
#[allow(clippy::too_many_lines)] // the generator: one table of shapes, read top to bottom
pub fn generate_each(
    spec: &Spec,
    sink: &mut dyn FnMut(String, Vec<u8>, Expect) -> io::Result<()>,
) -> io::Result<()> {
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let mut count = 0usize;
    let mut files = |name: String, bytes: Vec<u8>, expect: Expect| -> io::Result<usize> {
        sink(name, bytes, expect)?;
        count += 1;
        Ok(count - 1)
    };
    // Copies are drawn from a window of recent files and stories (as real
    // republication follows soon after), which also bounds memory.
    let mut stories: VecDeque<(usize, Story)> = VecDeque::new();
    let mut story_count = 0usize;
    // Recent texts, for exact copies: the document's first file, its story,
    // the text, and the date the document shows.
    let mut texts: VecDeque<RecentText> = VecDeque::new();
    let mut blocks: VecDeque<String> = VecDeque::new();
    let mut pending: VecDeque<Pending> = VecDeque::new();
    let mut families = 0usize;
    for i in 0..spec.docs {
        let folder = format!("batch{:03}", i / 500);
        if pending.is_empty() && spec.hard_share > 0.0 && rng.f64() < spec.hard_share {
            families += 1;
            plan_hard_case(&mut rng, families, &stories, &mut story_count, &mut pending);
        }
        if let Some(p) = pending.pop_front() {
            let outlet = &OUTLETS[rng.usize(..OUTLETS.len())];
            let text = render(&mut rng, &p.title, &p.paragraphs, outlet, p.form, p.date);
            let (exp_date, exp_source) = expected_date(p.form, p.date);
            let ix = files(
                format!("{folder}/{}", file_name(i, outlet, p.form, p.date)),
                text.clone().into_bytes(),
                Expect::Document {
                    story: p.story,
                    title: p.title.clone(),
                    date: exp_date.clone(),
                    date_source: exp_source,
                    exact_copy_of: None,
                    copy: None,
                    hard: Some(p.hard),
                },
            )?;
            remember(
                &mut texts,
                (
                    ix,
                    p.story,
                    text,
                    exp_date,
                    exp_source,
                    Some(p.hard),
                    p.title.clone(),
                ),
            );
            continue;
        }
        let roll = rng.f64();
        let outlet = &OUTLETS[rng.usize(..OUTLETS.len())];
        let form = DATE_FORMS[rng.usize(..DATE_FORMS.len())];
        if roll < spec.exact_copy_share && !texts.is_empty() {
            // The same text again, re-encoded or re-spaced: one document, two sources.
            let (original, story_ix, text, date, date_source, hard, title) =
                texts[rng.usize(..texts.len())].clone();
            let (bytes, name) = if rng.bool() {
                let (b, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
                if unmappable {
                    (
                        text.replace('\n', "\r\n").into_bytes(),
                        format!("copy-{i}.txt"),
                    )
                } else {
                    (b.into_owned(), format!("copy-{i}-latin.txt"))
                }
            } else {
                (
                    text.replace('\n', "  \r\n").into_bytes(),
                    format!("copy-{i}.txt"),
                )
            };
            files(
                format!("{folder}/{name}"),
                bytes,
                Expect::Document {
                    story: story_ix,
                    title: title.clone(),
                    date: date.clone(),
                    date_source,
                    exact_copy_of: Some(original),
                    copy: Some(CopyKind::Exact),
                    hard,
                },
            )?;
            remember(
                &mut texts,
                (original, story_ix, text, date, date_source, hard, title),
            );
            continue;
        }
        let near = roll < spec.exact_copy_share + spec.near_copy_share && !stories.is_empty();
        let kind = near.then(|| match rng.u8(..10) {
            0..4 => CopyKind::Reworded,
            4..7 => CopyKind::Cut,
            _ => CopyKind::Extended,
        });
        let (story_ix, title, paragraphs, date) = if let Some(kind) = kind {
            let (s, st) = &stories[rng.usize(..stories.len())];
            (
                *s,
                st.title.clone(),
                near_copy(&mut rng, &st.paragraphs, kind),
                st.date,
            )
        } else {
            let mut st = story(&mut rng, spec.paragraphs);
            // Some stories carry a background block that a few unrelated
            // stories share.
            let roll = rng.f64();
            let shared = if roll < 0.1 {
                let b = block(&mut rng);
                remember_blocks(&mut blocks, b.clone());
                Some(b)
            } else if roll < 0.2 && !blocks.is_empty() {
                Some(blocks[rng.usize(..blocks.len())].clone())
            } else {
                None
            };
            if let Some(b) = shared {
                let at = rng.usize(..=st.paragraphs.len());
                st.paragraphs.insert(at, b);
            }
            let out = (
                story_count,
                st.title.clone(),
                st.paragraphs.clone(),
                st.date,
            );
            remember(&mut stories, (story_count, st));
            story_count += 1;
            out
        };
        let text = render(&mut rng, &title, &paragraphs, outlet, form, date);
        let (exp_date, exp_source) = expected_date(form, date);
        let ix = files(
            format!("{folder}/{}", file_name(i, outlet, form, date)),
            text.clone().into_bytes(),
            Expect::Document {
                story: story_ix,
                title: title.clone(),
                date: exp_date.clone(),
                date_source: exp_source,
                exact_copy_of: None,
                copy: kind,
                hard: None,
            },
        )?;
        remember(
            &mut texts,
            (ix, story_ix, text, exp_date, exp_source, None, title),
        );
    }
    for k in 0..spec.long_tail {
        let Some((source, st)) = stories.get(rng.usize(..stories.len().max(1))) else {
            break;
        };
        let (bytes, title) = long_text(&mut rng, k, &st.paragraphs);
        files(
            format!("long/long-{k:02}.txt"),
            bytes,
            Expect::Document {
                story: story_count + k,
                title,
                date: None,
                date_source: None,
                exact_copy_of: None,
                copy: None,
                hard: Some(Hard::Reuse { source: *source }),
            },
        )?;
    }
    if spec.bad_files {
        let bad: [(&str, &[u8], &'static str); 4] = [
            ("bad/empty.txt", b"", "empty"),
            ("bad/blank.txt", b"  \n\t\n  ", "whitespace"),
            (
                "bad/image.png",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
                "damaged PNG image",
            ),
            (
                "bad/control.txt",
                b"\x01\x02\x03\x04\x05\x06\x07\x08abc",
                "binary",
            ),
        ];
        for (name, bytes, reason) in bad {
            files(
                name.to_string(),
                bytes.to_vec(),
                Expect::Rejected {
                    reason_contains: reason,
                },
            )?;
        }
    }
    Ok(())
}

/// Long text number `k` of the long tail, quoting two paragraphs of
/// `quoted` a third of the way in: its bytes and its first line.
fn long_text(rng: &mut fastrand::Rng, k: usize, quoted: &[String]) -> (Vec<u8>, String) {
    const MEGABYTES: [usize; 4] = [1, 3, 6, 10];
    let target = MEGABYTES[k % MEGABYTES.len()] * 1_000_000;
    let single_line = k.is_multiple_of(2);
    let sep = if single_line { " " } else { "\n\n" };
    let title = format!("Proceedings of the committee, session {}", k + 1);
    let mut text = String::with_capacity(target + 4096);
    text.push_str(&title);
    text.push_str(sep);
    let mut quoted_yet = false;
    while text.len() < target {
        if !quoted_yet && text.len() >= target / 3 {
            for p in quoted.iter().take(2) {
                text.push_str(p);
                text.push_str(sep);
            }
            quoted_yet = true;
        }
        let n = rng.usize(3..7);
        for j in 0..n {
            if j > 0 {
                text.push(' ');
            }
            text.push_str(&sentence(rng));
        }
        text.push_str(sep);
    }
    text.push('\n');
    (text.into_bytes(), title)
}

/// A hard-case document waiting to be written.
struct Pending {
    story: usize,
    title: String,
    paragraphs: Vec<String>,
    form: DateForm,
    date: (i32, u32, u32),
    hard: Hard,
}

/// Plans the documents of one hard case (family number `family`), each a
/// story of its own.
fn plan_hard_case(
    rng: &mut fastrand::Rng,
    family: usize,
    stories: &VecDeque<(usize, Story)>,
    story_count: &mut usize,
    pending: &mut VecDeque<Pending>,
) {
    let mut next_story = || {
        *story_count += 1;
        *story_count - 1
    };
    match rng.usize(..3) {
        0 => {
            for paragraphs in hard_cases::shared_block_family(rng) {
                let st = story(rng, 0);
                pending.push_back(Pending {
                    story: next_story(),
                    title: st.title,
                    paragraphs,
                    form: DATE_FORMS[rng.usize(..DATE_FORMS.len())],
                    date: st.date,
                    hard: Hard::SharedBlock(family),
                });
            }
        }
        1 => {
            // Issued on consecutive days, always dated.
            let (y, m, d) = (rng.i32(2015..2025), rng.u32(1..13), rng.u32(1..22));
            let template = rng.usize(..1000);
            for issue in 0..rng.usize(3..6) {
                let (title, paragraphs) = hard_cases::template_report(rng, template, issue);
                let forms = [
                    DateForm::Header,
                    DateForm::PublishedLine,
                    DateForm::FilenameIso,
                ];
                pending.push_back(Pending {
                    story: next_story(),
                    title,
                    paragraphs,
                    form: forms[rng.usize(..forms.len())],
                    date: (y, m, d + issue as u32),
                    hard: Hard::Template(family),
                });
            }
        }
        _ => {
            let Some((source, st)) = stories.get(rng.usize(..stories.len().max(1))) else {
                return;
            };
            let paragraphs =
                hard_cases::reuse(rng, &st.paragraphs, &mut |rng, p| reword(rng, p, 0.5));
            let own = story(rng, 0);
            pending.push_back(Pending {
                story: next_story(),
                title: own.title,
                paragraphs,
                form: DATE_FORMS[rng.usize(..DATE_FORMS.len())],
                date: own.date,
                hard: Hard::Reuse { source: *source },
            });
        }
    }
}

/// A recent text, for exact copies: the document's first file, its story,
/// the text, and the date the document shows.
type RecentText = (
    usize,
    usize,
    String,
    Option<String>,
    Option<DateSource>,
    Option<Hard>,
    String,
);

/// How many recent files and stories copies are drawn from.
const WINDOW: usize = 400;

fn remember<T>(window: &mut VecDeque<T>, item: T) {
    if window.len() == WINDOW {
        window.pop_front();
    }
    window.push_back(item);
}

/// Background blocks stay in use for a while, then new ones replace them.
fn remember_blocks(window: &mut VecDeque<String>, block: String) {
    if window.len() == 20 {
        window.pop_front();
    }
    window.push_back(block);
}

/// Writes a corpus under `dir` and returns the answers.
pub fn write(dir: &Path, spec: &Spec) -> io::Result<Truth> {
    let mut truth = Truth::default();
    generate_each(spec, &mut |name, bytes, expect| {
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes)?;
        truth.files.push(GeneratedFile { path, expect });
        Ok(())
    })?;
    Ok(truth)
}
