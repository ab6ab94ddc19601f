//! Reading a REFI-QDA project (`.qdpx`) made by any program into the
//! library.
//!
//! `project.qde` is read as a stream (never whole in memory): users, the
//! code tree and variables first, then each source as it ends — its text
//! (inline, a file in the zip, or a file beside the project) becomes a
//! document through the usual title, date and same-text rules, or is found
//! in the library when its text is already there (another coder's work on
//! the same documents). Selections become passages at the same characters
//! (mapped when the text had `\r\n` line ends), codings on a whole source
//! become document tags, notes and descriptions become memos, case and
//! source variables become metadata. What does not fit (a position past
//! the end of its text, a missing source file, pictures, audio, video,
//! unknown elements) is reported; the rest imports.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use quick_xml::events::{BytesStart, Event};
use rusqlite::{Connection, OptionalExtension};

use crate::core::error::{Error, Result};
use crate::core::import::item::{Item, Parsed};
use crate::core::import::{ImportReport, Progress, Rejection, date_value, formats, language, text};
use crate::core::model::{DateSource, DocId, PartialDate};
use crate::core::store::Store;
use crate::core::store::exchange::{CodingImport, CodingIn, MemoIn, MemoOn};
use crate::core::store::{imports, ingest};

mod elements;
mod positions;
mod sources;

use positions::{PositionMap, expand_color, norm_guid, normalize, strip_scheme};

/// Largest `project.qde` read (uncompressed): a zip bomb stops here.
const MAX_PROJECT_XML: u64 = 8 << 30;
/// Sources stored per writer transaction.
const CHUNK: usize = 512;

/// The elements of the project schema: anything else is reported as
/// unknown (and skipped with what it holds).
const KNOWN: &[&str] = &[
    "Project",
    "Users",
    "User",
    "CodeBook",
    "Codes",
    "Code",
    "Variables",
    "Variable",
    "Description",
    "Cases",
    "Case",
    "CodeRef",
    "VariableValue",
    "VariableRef",
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
    "SourceRef",
    "SelectionRef",
    "Sources",
    "TextSource",
    "PlainTextContent",
    "PlainTextSelection",
    "Coding",
    "NoteRef",
    "PictureSource",
    "TextDescription",
    "PictureSelection",
    "PDFSource",
    "PDFSelection",
    "Representation",
    "AudioSource",
    "VideoSource",
    "Transcript",
    "TranscriptSelection",
    "SyncPoint",
    "AudioSelection",
    "VideoSelection",
    "Notes",
    "Note",
    "Links",
    "Link",
    "Sets",
    "Set",
    "MemberCode",
    "MemberSource",
    "MemberNote",
    "Graphs",
    "Graph",
    "Vertex",
    "Edge",
];

/// A selection as read.
#[derive(Debug, Default)]
struct Selection {
    start: i64,
    end: i64,
    user: Option<String>,
    created: Option<i64>,
    /// (code GUID, coding user GUID).
    codes: Vec<(String, Option<String>)>,
    memo: Option<String>,
    notes: Vec<String>,
}

/// A text source as read (a `TextSource`, or a PDF's text representation).
#[derive(Debug, Default)]
struct Source {
    guid: String,
    /// The PDF source around a representation: cases and notes name it.
    outer: Option<String>,
    name: String,
    path: Option<String>,
    content: Option<String>,
    user: Option<String>,
    created: Option<i64>,
    selections: Vec<Selection>,
    codes: Vec<String>,
    memo: Option<String>,
    notes: Vec<String>,
    vars: Vec<(String, String)>,
}

/// A note as read.
#[derive(Debug, Default)]
struct Note {
    guid: String,
    user: Option<String>,
    created: Option<i64>,
    path: Option<String>,
    text: String,
}

/// What a note is attached to.
#[derive(Debug, Clone)]
enum NoteTarget {
    Document(DocId),
    /// Passages (indexes into the coding plan) of one selection.
    Passages(Vec<usize>),
    Tag(String),
}

/// A source waiting for its document id: its item (None when found in
/// the library), its selections and how its positions map.
struct Pending {
    item: Option<Item>,
    doc: Option<DocId>,
    source: Source,
    map: PositionMap,
}

/// What text capture is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Content,
    SourceMemo,
    SelectionMemo,
    CodeMemo,
    NoteContent,
    Value,
    Ignore,
}

/// A case's variables (name, value) and the sources it names.
type CaseRead = (Vec<(String, String)>, Vec<String>);

/// The reading of one project.
struct ProjectReader<'a> {
    store: &'a Store,
    conn: Connection,
    path: PathBuf,
    display: String,
    sources_zip: zip::ZipArchive<File>,
    /// Lower-cased file name → entry name, for `internal://` paths.
    entries: HashMap<String, String>,
    max_file_size: u64,
    batch: imports::BatchId,
    cancel: &'a AtomicBool,
    default_coder: String,
    base_path: Option<String>,
    users: HashMap<String, String>,
    /// Code GUID → tag name.
    codes: HashMap<String, String>,
    code_stack: Vec<String>,
    variables: HashMap<String, String>,
    /// Source GUID → variables from cases.
    case_vars: HashMap<String, Vec<(String, String)>>,
    /// The case being read: its variables and the sources it names.
    case: Option<CaseRead>,
    value: Option<(Option<String>, String)>,
    pdf: Option<(String, String)>,
    source: Option<Source>,
    selection: Option<Selection>,
    in_coding: Option<Option<String>>,
    note: Option<Note>,
    capture: Option<(Capture, String)>,
    pending: Vec<Pending>,
    plan: CodingImport,
    note_refs: Vec<(String, NoteTarget)>,
    notes: HashMap<String, MemoIn>,
    unknown: HashSet<String>,
    /// Inside an unknown element opened at this depth.
    skip: Option<usize>,
    skipped: HashMap<&'static str, usize>,
    /// The program that wrote the project.
    origin: String,
    /// Source GUID → its document, for the sets.
    source_docs: HashMap<String, DocId>,
    /// The set being read, and those read: (name, member source GUIDs).
    set: Option<(String, Vec<String>)>,
    sets: Vec<(String, Vec<String>)>,
    report: ImportReport,
    stack: Vec<String>,
}

/// Imports the project at `path`; the report names each problem.
pub fn read_project(
    store: &Store,
    path: &Path,
    max_file_size: u64,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<ImportReport> {
    let display = path.to_string_lossy().into_owned();
    let open = |p: &Path| -> Result<zip::ZipArchive<File>> {
        zip::ZipArchive::new(File::open(p)?).map_err(|e| {
            Error::Import(format!(
                "{}: not a readable REFI-QDA project (a .qdpx is a zip): {e}",
                p.display()
            ))
        })
    };
    let mut xml_zip = open(path)?;
    let sources_zip = open(path)?;
    let names: Vec<String> = sources_zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let entries: HashMap<String, String> = names
        .iter()
        .map(|n| (base_name(n).to_lowercase(), n.clone()))
        .collect();
    let Some(qde) = names
        .iter()
        .find(|n| n.to_lowercase().ends_with(".qde"))
        .cloned()
    else {
        return Err(Error::Import(format!(
            "{display}: no project.qde inside: not a REFI-QDA project"
        )));
    };
    let given = vec![display.clone()];
    let batch = store.writer().write(move |tx| imports::begin(tx, &given))?;
    let stem = path
        .file_stem()
        .map_or("project".into(), |s| s.to_string_lossy().into_owned());
    let mut reader = ProjectReader {
        store,
        conn: store.reader()?,
        path: path.to_path_buf(),
        display: display.clone(),
        sources_zip,
        entries,
        max_file_size,
        batch,
        cancel,
        default_coder: stem.clone(),
        base_path: None,
        users: HashMap::new(),
        codes: HashMap::new(),
        code_stack: Vec::new(),
        variables: HashMap::new(),
        case_vars: HashMap::new(),
        case: None,
        value: None,
        pdf: None,
        source: None,
        selection: None,
        in_coding: None,
        note: None,
        capture: None,
        pending: Vec::new(),
        plan: CodingImport {
            label: format!("import coding from {}", base_name(&display)),
            ..CodingImport::default()
        },
        note_refs: Vec::new(),
        notes: HashMap::new(),
        unknown: HashSet::new(),
        skip: None,
        skipped: HashMap::new(),
        origin: String::new(),
        source_docs: HashMap::new(),
        set: None,
        sets: Vec::new(),
        report: ImportReport {
            batch: Some(batch),
            ..ImportReport::default()
        },
        stack: Vec::new(),
    };
    let entry = xml_zip
        .by_name(&qde)
        .map_err(|e| Error::Import(format!("{display}: project.qde cannot be read: {e}")))?;
    let total = entry.size();
    let parsed = reader.parse(entry.take(MAX_PROJECT_XML), total, progress);
    let result = match parsed {
        Ok(()) => reader.finish(),
        // A damaged project: what was read before the damage is stored
        // whole, its coding too; the report says where it stopped.
        Err(Error::Import(reason)) => reader.finish().and(Err(Error::Import(reason))),
        Err(e) => Err(e),
    };
    let mut report = std::mem::take(&mut reader.report);
    let cancelled = matches!(result, Err(Error::Cancelled)) || cancel.load(Ordering::Relaxed);
    report.cancelled = cancelled;
    let rejected = report.errors.len();
    store
        .writer()
        .write(move |tx| imports::finish(tx, batch, rejected, cancelled))?;
    match result {
        Ok(()) | Err(Error::Cancelled) => Ok(report),
        Err(Error::Import(reason)) => {
            report.failure = Some(reason);
            Ok(report)
        }
        Err(e) => Err(e),
    }
}

fn base_name(p: &str) -> &str {
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

fn attr_of(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// Seconds for an `xsd:dateTime`.
fn seconds(s: Option<String>) -> Option<i64> {
    let s = s?;
    s.trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .or_else(|| {
            s.trim()
                .parse::<jiff::civil::DateTime>()
                .ok()
                .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
                .map(|z| z.timestamp())
        })
        .map(|t| t.as_second())
}

impl ProjectReader<'_> {
    fn parse(
        &mut self,
        input: impl Read,
        total: u64,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<()> {
        let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, input));
        xml.config_mut().trim_text(false);
        let mut buf = Vec::new();
        let mut seen = 0usize;
        loop {
            let event = xml.read_event_into(&mut buf).map_err(|e| {
                Error::Import(format!(
                    "{}: project.qde is not well-formed XML (at byte {}): {e}",
                    self.display,
                    xml.buffer_position()
                ))
            })?;
            match event {
                Event::Start(e) => {
                    let name = e.local_name().as_ref().to_string();
                    self.start(&name, &e)?;
                    self.stack.push(name);
                }
                Event::Empty(e) => {
                    let name = e.local_name().as_ref().to_string();
                    self.start(&name, &e)?;
                    self.end(&name)?;
                }
                Event::End(_) => {
                    if let Some(name) = self.stack.pop() {
                        self.end(&name)?;
                    }
                }
                Event::Text(t) => {
                    if let Some((_, s)) = &mut self.capture {
                        s.push_str(&t.xml10_content());
                    }
                }
                Event::CData(t) => {
                    if let Some((_, s)) = &mut self.capture {
                        s.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some((_, s)) = &mut self.capture {
                        match r.resolve_char_ref() {
                            Ok(Some(c)) => s.push(c),
                            _ => s.push_str(match &*r.xml10_content() {
                                "amp" => "&",
                                "lt" => "<",
                                "gt" => ">",
                                "quot" => "\"",
                                "apos" => "'",
                                _ => "",
                            }),
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
            seen += 1;
            if seen.is_multiple_of(4096) {
                if self.cancel.load(Ordering::Relaxed) {
                    return Err(Error::Cancelled);
                }
                // In MB of the project's XML (the current file is the
                // .qdpx: the window says so).
                progress(&Progress {
                    done: (xml.buffer_position().min(total) >> 20) as usize,
                    total: (total >> 20).max(1) as usize,
                    current: self.display.clone(),
                });
            }
        }
        if !self.stack.is_empty() {
            return Err(Error::Import(format!(
                "{}: project.qde ends inside <{}>: the file is cut short",
                self.display,
                self.stack.join("><")
            )));
        }
        Ok(())
    }
}
