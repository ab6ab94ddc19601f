//! REFI-QDA projects: exports valid against the schema (`xmllint`) in
//! several shapes; export then import into an empty library gives the same
//! documents, tags, passages, memos and metadata (non-ASCII and CRLF texts
//! included); projects in the shapes other programs write; damaged
//! projects; another coder's project on the same documents.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use corpusdesk::core::Library;
use corpusdesk::core::export::{Duplicates, ExportOptions, Format};
use corpusdesk::core::store::change::MemoTarget;
use corpusdesk::core::store::documents;
use support::*;

fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/refi-qda")
        .join(name)
}

/// Validates `xml` against `xsd` with xmllint (CI installs it; a machine
/// without it fails here rather than passing unchecked).
fn validate(xml: &[u8], xsd: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("project.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema(xsd))
        .arg(&file)
        .output()
        .expect("xmllint runs (apt install libxml2-utils)");
    assert!(
        out.status.success(),
        "not valid against {xsd}:\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&xml[..xml.len().min(4000)])
    );
}

/// The entries of a zip file.
fn unzip(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

fn qde_of(path: &Path) -> Vec<u8> {
    unzip(path)
        .into_iter()
        .find(|(n, _)| n == "project.qde")
        .expect("project.qde at the top")
        .1
}

fn export(lib: &Library, dest: &Path, format: Format) {
    lib.export(
        dest,
        &ExportOptions {
            format,
            duplicates: Duplicates::IncludeMarked,
            split: None,
            overwrite: true,
            shard_rows: None,
        },
    )
    .unwrap();
}

/// Writes a `.qdpx` of `qde` and `files` (name under `Sources/`, bytes).
fn project(dir: &Path, name: &str, qde: &str, files: &[(&str, &[u8])]) -> PathBuf {
    project_in(dir, name, qde, "Sources", files)
}

/// As [`project`], the texts under `folder/` (MAXQDA writes `sources/`).
fn project_in(dir: &Path, name: &str, qde: &str, folder: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("project.qde", opts).unwrap();
    z.write_all(qde.as_bytes()).unwrap();
    for (n, bytes) in files {
        z.start_file(format!("{folder}/{n}"), opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    path
}

/// Characters `needle` takes in `text` (first place).
fn chars_of(text: &str, needle: &str) -> (i64, i64) {
    let b = text.find(needle).expect("the text holds it");
    let s = text[..b].chars().count() as i64;
    (s, s + needle.chars().count() as i64)
}

const ARABIC: &str =
    "قال وزير الخارجية إن المحادثات ستستأنف يوم الاثنين في جنيف.\nوأضاف أن الوفد سيضم خبراء.";
const CRLF: &[u8] = b"Harbour talks resume\r\n\r\nThe harbour board met on Monday.\r\nWorkers said the strike would end.\r\n";

/// A library with news in JSON Lines (metadata), an Arabic text, a CRLF
/// file and a Japanese one, coded by two coders, with memos everywhere.
fn coded_library(dir: &Path) -> (Library, Vec<i64>) {
    let folder = dir.join("in");
    write(
        &folder.join("news.jsonl"),
        concat!(
            r#"{"title":"Port strike ends","date":"2019-11-19","text":"Dockers returned to work on Tuesday after a week-long strike.\n\nThe union said the deal was \"fair\" & final.","outlet":"Harbour Herald","byline":"Ana Lima","url":"https://example.org/2019/11/19/strike","section":"Business"}"#,
            "\n",
            r#"{"title":"Café owners protest","date":"2020-03","text":"Café owners in Zürich protested new rules.\tThey gathered at noon — about 200 of them.","outlet":"Alpine Post","lang":"en"}"#,
            "\n"
        ),
    );
    write(&folder.join("ar.txt"), ARABIC.as_bytes());
    write(&folder.join("crlf.txt"), CRLF);
    write(
        &folder.join("ja.txt"),
        "外務大臣は月曜日にジュネーブで協議を再開すると述べた。代表団には専門家が含まれる。"
            .as_bytes(),
    );
    let lib = Library::open(dir.join("lib.corpusdesk")).unwrap();
    lib.import(&[folder]).unwrap();
    let conn = lib.reader().unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids.len(), 5);
    let pieces = [
        ("economy/labour", "week-long strike", "ana"),
        ("economy/labour", "\"fair\" & final", "ben"),
        ("places/Zürich", "Café owners in Zürich", "ana"),
        ("diplomacy", "المحادثات ستستأنف", "ana"),
        (
            "economy/labour",
            "Workers said the strike would end.",
            "ben",
        ),
        ("diplomacy", "ジュネーブで協議", "ana"),
    ];
    for (tag, piece, coder) in pieces {
        let doc = *ids
            .iter()
            .find(|d| documents::text(&conn, **d).unwrap().contains(piece))
            .unwrap();
        let text = documents::text(&conn, doc).unwrap();
        let memo = (piece == "week-long strike").then_some("the length matters");
        lib.code(tag, doc, chars_of(&text, piece), coder, memo)
            .unwrap();
    }
    lib.set_memo(
        MemoTarget::Document(ids[0]),
        "Check the union's statement <first>.",
        "ana",
    )
    .unwrap();
    let labour = corpusdesk::core::store::tags::by_name(&conn, "economy/labour")
        .unwrap()
        .unwrap()
        .id;
    lib.set_memo(
        MemoTarget::Tag(labour),
        "Work, strikes & unions.\r\nNot wages.",
        "ben",
    )
    .unwrap();
    lib.tag_documents("whole/opinion", vec![ids[1]], true)
        .unwrap();
    (lib, ids)
}

/// Everything the round trip must keep, by text (ids differ).
#[derive(Debug, PartialEq)]
struct Snapshot {
    documents: Vec<(String, String, Option<String>, String)>,
    tags: Vec<(String, String)>,
    passages: Vec<(String, String, i64, i64, String)>,
    memos: Vec<(String, String)>,
    doc_tags: Vec<(String, String)>,
}

fn snapshot(lib: &Library) -> Snapshot {
    let conn = lib.reader().unwrap();
    let all = |sql: &str, n: usize| -> Vec<Vec<Option<String>>> {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut out = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            out.push(
                (0..n)
                    .map(|i| r.get::<_, Option<String>>(i).unwrap())
                    .collect(),
            );
        }
        out.sort();
        out
    };
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    Snapshot {
        documents: all(
            "SELECT text, title, date, json_remove(meta, '$.lang') FROM documents",
            4,
        )
        .iter()
        .map(|r| (s(&r[0]), s(&r[1]), r[2].clone(), s(&r[3])))
        .collect(),
        tags: all("SELECT name, color FROM tags", 2)
            .iter()
            .map(|r| (s(&r[0]), s(&r[1])))
            .collect(),
        passages: all(
            "SELECT substr(d.text, 1, 30), t.name, CAST(p.start AS TEXT), CAST(p.end AS TEXT), p.coder
               FROM passages p JOIN documents d ON d.id = p.doc_id JOIN tags t ON t.id = p.tag_id
              WHERE p.removed = 0",
            5,
        )
        .iter()
        .map(|r| {
            (
                s(&r[0]),
                s(&r[1]),
                s(&r[2]).parse().unwrap(),
                s(&r[3]).parse().unwrap(),
                s(&r[4]),
            )
        })
        .collect(),
        memos: all("SELECT target, text FROM memos", 2)
            .iter()
            .map(|r| (s(&r[0]), s(&r[1])))
            .collect(),
        doc_tags: all(
            "SELECT substr(d.text, 1, 30), t.name FROM document_tags dt
               JOIN documents d ON d.id = dt.doc_id JOIN tags t ON t.id = dt.tag_id",
            2,
        )
        .iter()
        .map(|r| (s(&r[0]), s(&r[1])))
        .collect(),
    }
}

#[test]
fn export_is_valid_and_import_into_an_empty_library_gives_the_same_library() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, _) = coded_library(dir.path());
    let filter = corpusdesk::core::filter::Filter {
        query: Some("strike".into()),
        ..Default::default()
    };
    lib.save_search(
        "strikes",
        corpusdesk::core::store::saved::SavedFilter::of(&filter),
    )
    .unwrap();
    let out = dir.path().join("team.qdpx");
    export(&lib, &out, Format::Qdpx);
    let entries = unzip(&out);
    let qde = qde_of(&out);
    validate(&qde, "Project.xsd");
    let xml = String::from_utf8(qde.clone()).unwrap();
    assert!(xml.contains("xmlns=\"urn:QDA-XML:project:1.0\""));
    assert!(xml.contains("name=\"Zürich\""), "non-ASCII code names");
    assert!(
        xml.contains("Work, strikes &amp; unions.&#13;\nNot wages."),
        "CR kept"
    );
    assert!(xml.contains("<Set "), "saved searches and imports as sets");
    assert!(xml.contains("Saved search: strikes"));
    // One UTF-8 text per document under Sources/, byte for byte.
    let texts: Vec<&(String, Vec<u8>)> = entries
        .iter()
        .filter(|(n, _)| n.starts_with("Sources/"))
        .collect();
    assert_eq!(texts.len(), 5);
    assert!(
        texts
            .iter()
            .any(|(_, b)| std::str::from_utf8(b).unwrap() == ARABIC)
    );
    // The codebook alone.
    let qdc = dir.path().join("codes.qdc");
    export(&lib, &qdc, Format::Qdc);
    let book = std::fs::read(&qdc).unwrap();
    validate(&book, "Codebook.xsd");
    assert!(String::from_utf8(book).unwrap().contains("Work, strikes"));

    // Into an empty library: the same documents, tags, passages, memos.
    let other = tempfile::tempdir().unwrap();
    let fresh = Library::open(other.path().join("lib.corpusdesk")).unwrap();
    let report = fresh.import(std::slice::from_ref(&out)).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.imported, 5, "{report:?}");
    let (a, b) = (snapshot(&lib), snapshot(&fresh));
    assert_eq!(a.documents, b.documents);
    assert_eq!(a.tags, b.tags);
    assert_eq!(a.passages, b.passages);
    assert_eq!(a.memos, b.memos);
    assert_eq!(a.doc_tags, b.doc_tags);
    // Importing it again adds nothing.
    let again = fresh.import(&[out]).unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(snapshot(&fresh), b);
}

#[test]
fn exports_of_every_shape_are_valid() {
    // No tags, no passages, no memos at all.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    write(&folder.join("a.txt"), "Plain text only.\n");
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(&[folder]).unwrap();
    let out = dir.path().join("plain.qdpx");
    export(&lib, &out, Format::Qdpx);
    validate(&qde_of(&out), "Project.xsd");
    // A codebook needs a code: a clear refusal, nothing written.
    let err = lib
        .export(
            &dir.path().join("none.qdc"),
            &ExportOptions {
                format: Format::Qdc,
                duplicates: Duplicates::IncludeMarked,
                split: None,
                overwrite: false,
                shard_rows: None,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("no tags"), "{err}");
    assert!(!dir.path().join("none.qdc").exists());
    // An empty library: a valid project with no sources.
    let empty = tempfile::tempdir().unwrap();
    let lib = Library::open(empty.path().join("lib.corpusdesk")).unwrap();
    let out = empty.path().join("empty.qdpx");
    export(&lib, &out, Format::Qdpx);
    validate(&qde_of(&out), "Project.xsd");
}

const MAXQDA_LIKE: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" origin="MAXQDA 2022" name="Interviews">
 <Users><User guid="{A1B2C3D4-0000-4000-8000-000000000001}" name="Maria"/></Users>
 <CodeBook><Codes>
  <Code guid="C0000000-0000-4000-8000-000000000001" name="Work" isCodable="true" color="#F00">
   <Description>Anything about jobs.</Description>
   <Code guid="C0000000-0000-4000-8000-000000000002" name="Strikes/Stoppages" isCodable="true" color="#00ff00"/>
  </Code>
 </Codes></CodeBook>
 <Variables><Variable guid="V0000000-0000-4000-8000-000000000001" name="outlet" typeOfVariable="Text"/></Variables>
 <Cases><Case guid="CA000000-0000-4000-8000-000000000001" name="Case 1">
  <VariableValue><VariableRef targetGUID="V0000000-0000-4000-8000-000000000001"/><TextValue>Dock Weekly</TextValue></VariableValue>
  <SourceRef targetGUID="50000000-0000-4000-8000-000000000001"/>
 </Case></Cases>
 <Sources>
  <TextSource guid="50000000-0000-4000-8000-000000000001" name="interview-1.txt" plainTextPath="internal://50000000-0000-4000-8000-000000000001.txt" creatingUser="A1B2C3D4-0000-4000-8000-000000000001">
   <PlainTextSelection guid="51000000-0000-4000-8000-000000000001" name="strike" startPosition="22" endPosition="45" creatingUser="A1B2C3D4-0000-4000-8000-000000000001" creationDateTime="2021-05-04T10:00:00Z">
    <Coding guid="52000000-0000-4000-8000-000000000001" creatingUser="A1B2C3D4-0000-4000-8000-000000000001"><CodeRef targetGUID="C0000000-0000-4000-8000-000000000002"/></Coding>
    <NoteRef targetGUID="N0000000-0000-4000-8000-000000000001"/>
   </PlainTextSelection>
   <PlainTextSelection guid="51000000-0000-4000-8000-000000000002" startPosition="5" endPosition="9000">
    <Coding guid="52000000-0000-4000-8000-000000000002"><CodeRef targetGUID="C0000000-0000-4000-8000-000000000001"/></Coding>
   </PlainTextSelection>
   <Fancy><Nested>ignored</Nested></Fancy>
  </TextSource>
  <TextSource guid="50000000-0000-4000-8000-000000000002" name="missing" plainTextPath="internal://gone.txt"/>
  <PictureSource guid="50000000-0000-4000-8000-000000000003" name="photo" path="internal://p.jpg"/>
 </Sources>
 <Notes>
  <Note guid="N0000000-0000-4000-8000-000000000001" name="memo" creatingUser="A1B2C3D4-0000-4000-8000-000000000001"><PlainTextContent>She hesitated here.</PlainTextContent></Note>
 </Notes>
</Project>"##;

#[test]
fn a_maxqda_shaped_project_imports_and_reports_what_does_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    // CRLF text: positions count the \r (as the program that wrote them).
    let text = "Interview one\r\nQ: The strike, how long?\r\nA: Three weeks.\r\n";
    let qde = MAXQDA_LIKE.replace(
        "startPosition=\"22\" endPosition=\"45\"",
        &format!(
            "startPosition=\"{}\" endPosition=\"{}\"",
            text[..text.find("The strike").unwrap()].chars().count(),
            text[..text.find("The strike").unwrap()].chars().count() + 21
        ),
    );
    let p = project(
        dir.path(),
        "maxqda.qdpx",
        &qde,
        &[("50000000-0000-4000-8000-000000000001.txt", text.as_bytes())],
    );
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    let report = lib.import(&[p]).unwrap();
    assert_eq!(report.imported, 1, "{report:?}");
    let reasons: Vec<String> = report
        .errors
        .iter()
        .chain(&report.projects)
        .map(|r| format!("{}: {}", r.path, r.reason))
        .collect();
    let said = reasons.join("\n");
    assert!(said.contains("gone.txt is missing"), "{said}");
    assert!(said.contains("1 selection left out"), "{said}");
    assert!(said.contains("unknown element <Fancy>"), "{said}");
    assert!(said.contains("picture sources (1)"), "{said}");
    let conn = lib.reader().unwrap();
    let (doc, stored, meta): (i64, String, String) = conn
        .query_row("SELECT id, text, meta FROM documents", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert!(!stored.contains('\r'));
    assert!(meta.contains("Dock Weekly"), "{meta}");
    let ps = lib.passages_of(doc).unwrap();
    assert_eq!(ps.len(), 1);
    let p = &ps[0];
    assert_eq!(
        corpusdesk::core::reading::char_slice(&stored, p.start, p.end),
        "The strike, how long?"
    );
    assert_eq!(p.coder, "Maria");
    let tag = corpusdesk::core::store::tags::by_name(&conn, "Work/Strikes\u{2215}Stoppages")
        .unwrap()
        .expect("nested code, its slash kept inside the name");
    assert_eq!(tag.color, "#00ff00");
    let work = corpusdesk::core::store::tags::by_name(&conn, "Work")
        .unwrap()
        .unwrap();
    assert_eq!(work.color, "#ff0000");
    let memos = lib.memos("").unwrap();
    let texts: Vec<&str> = memos.iter().map(|m| m.memo.text.as_str()).collect();
    assert!(texts.contains(&"She hesitated here."), "{texts:?}");
    assert!(texts.contains(&"Anything about jobs."), "{texts:?}");
}

const NVIVO_LIKE: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<Project name="Coverage" origin="NVivo" xmlns="urn:QDA-XML:project:1.0">
<Users><User guid="aaaaaaaa-0000-4000-8000-000000000001" name="Tom"/></Users>
<CodeBook><Codes><Code guid="cccccccc-0000-4000-8000-000000000001" name="Tone" isCodable="true"/></Codes></CodeBook>
<Sources>
<TextSource guid="ssssssss-0000-4000-8000-000000000001" name="Article A">
<Description>Scanned from the archive.</Description>
<PlainTextContent>Tone &amp; temper: the mayor was angry.&#13;
Residents were calm.</PlainTextContent>
<PlainTextSelection guid="eeeeeeee-0000-4000-8000-000000000001" startPosition="29" endPosition="34">
<Description>angry, not upset</Description>
<Coding guid="dddddddd-0000-4000-8000-000000000001" creatingUser="aaaaaaaa-0000-4000-8000-000000000001"><CodeRef targetGUID="cccccccc-0000-4000-8000-000000000001"/></Coding>
</PlainTextSelection>
<Coding guid="dddddddd-0000-4000-8000-000000000002"><CodeRef targetGUID="cccccccc-0000-4000-8000-000000000001"/></Coding>
</TextSource>
<PDFSource guid="pppppppp-0000-4000-8000-000000000001" name="Report.pdf" path="internal://r.pdf">
<PDFSelection guid="qqqqqqqq-0000-4000-8000-000000000001" page="1" firstX="1" firstY="1" secondX="2" secondY="2"/>
<Representation guid="rrrrrrrr-0000-4000-8000-000000000001" plainTextPath="internal://r.txt">
<PlainTextSelection guid="eeeeeeee-0000-4000-8000-000000000002" startPosition="0" endPosition="6">
<Coding guid="dddddddd-0000-4000-8000-000000000003" creatingUser="aaaaaaaa-0000-4000-8000-000000000001"><CodeRef targetGUID="cccccccc-0000-4000-8000-000000000001"/></Coding>
</PlainTextSelection>
</Representation>
</PDFSource>
</Sources>
<Sets><Set guid="55555555-0000-4000-8000-000000000001" name="Urban"><MemberSource targetGUID="ssssssss-0000-4000-8000-000000000001"/></Set></Sets>
</Project>"##;

#[test]
fn an_nvivo_shaped_project_with_inline_text_descriptions_and_a_pdf_imports() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(
        dir.path(),
        "nvivo.qdpx",
        NVIVO_LIKE,
        &[(
            "r.txt",
            "Budget report for the city council, 2021.".as_bytes(),
        )],
    );
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    let report = lib.import(&[p]).unwrap();
    assert_eq!(report.imported, 2, "{report:?}");
    let conn = lib.reader().unwrap();
    let a: i64 = conn
        .query_row(
            "SELECT id FROM documents WHERE text LIKE 'Tone%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let text = documents::text(&conn, a).unwrap();
    let ps = lib.passages_of(a).unwrap();
    assert_eq!(ps.len(), 1);
    assert_eq!(
        corpusdesk::core::reading::char_slice(&text, ps[0].start, ps[0].end),
        "angry"
    );
    assert_eq!(ps[0].coder, "Tom");
    let memo = corpusdesk::core::store::passages::memo_of(&conn, ps[0].id).unwrap();
    assert_eq!(memo.as_deref(), Some("angry, not upset"));
    // The whole source coded: a document tag; its description: a memo.
    let tagged: i64 = conn
        .query_row(
            "SELECT count(*) FROM document_tags WHERE doc_id = ?1",
            [a],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tagged, 2, "its code and its set");
    let set: i64 = conn
        .query_row(
            "SELECT count(*) FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
              WHERE dt.doc_id = ?1 AND t.name = 'sets/Urban'",
            [a],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(set, 1, "a set of sources: a tag under sets/");
    let pdf: i64 = conn
        .query_row(
            "SELECT id FROM documents WHERE text LIKE 'Budget%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let ps = lib.passages_of(pdf).unwrap();
    assert_eq!((ps[0].start, ps[0].end), (0, 6));
    let said: String = report
        .projects
        .iter()
        .map(|r| r.reason.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(said.contains("PDF selections"), "{said}");
}

/// The shape MAXQDA 24 writes for a codebook-and-documents project (as in
/// a public MAXQDA 24.7 export): uppercase GUIDs, a schemaLocation, parent
/// codes with descriptions, empty `TextSource` elements naming
/// `internal://GUID.txt`, the texts under a lowercase `sources/` folder,
/// and sets of documents.
const MAXQDA_24: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xsi:schemaLocation="urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="urn:QDA-XML:project:1.0" origin="MAXQDA 24 (Release 24.7.0)" name="Conference themes" modifiedDateTime="2025-07-14T18:42:34Z">
 <Users>
  <User guid="F3EA8DA1-BB99-411F-8ED4-011170237B6C" name="jo"/>
 </Users>
 <CodeBook>
  <Codes>
   <Code color="#ef8256" guid="C9E3D7E0-4DBF-46E2-96EF-14574ECD3B90" name="Research Methodology" isCodable="true">
    <Description>A parent category: apply only the codes within it.</Description>
    <Code color="#3b82f6" guid="C6C1BE73-B4F4-4C2D-91F1-90B73BFC5C25" name="RSRCHMTHD - Data - Qualitative - Interviews" isCodable="true">
     <Description>Apply when data come from one-on-one conversations &amp; interviews.</Description>
    </Code>
   </Code>
  </Codes>
 </CodeBook>
 <Sources>
  <TextSource modifyingUser="F3EA8DA1-BB99-411F-8ED4-011170237B6C" guid="C5E4C960-5296-4FDE-8C63-DEABA4E17F92" creatingUser="F3EA8DA1-BB99-411F-8ED4-011170237B6C" creationDateTime="2024-10-18T23:23:46Z" name="Proceedings 2024 3-10" plainTextPath="internal://C5E4C960-5296-4FDE-8C63-DEABA4E17F92.txt" modifiedDateTime="2024-10-18T23:23:46Z"/>
  <TextSource modifyingUser="F3EA8DA1-BB99-411F-8ED4-011170237B6C" guid="7391D47A-323D-4291-8202-ED599C250828" creatingUser="F3EA8DA1-BB99-411F-8ED4-011170237B6C" creationDateTime="2024-10-18T23:18:48Z" name="Proceedings 2024 11-18" plainTextPath="internal://7391D47A-323D-4291-8202-ED599C250828.txt" modifiedDateTime="2024-10-18T23:18:48Z"/>
 </Sources>
 <Sets>
  <Set guid="45FE4439-9BF4-47FC-AFAF-D87305293172" name="Proceedings 2024">
   <MemberSource targetGUID="C5E4C960-5296-4FDE-8C63-DEABA4E17F92"/>
   <MemberSource targetGUID="7391D47A-323D-4291-8202-ED599C250828"/>
  </Set>
 </Sets>
</Project>
"##;

#[test]
fn a_maxqda_24_project_with_texts_under_lowercase_sources_imports() {
    let dir = tempfile::tempdir().unwrap();
    let a = "A Multilevel Analysis of Teachers’ Digital Competence\n\nAbstract: This study examines \
             teachers’ perceived digital competence (TALIS 2018, 2,414 teachers).\n\nIntroduction\n…";
    let b =
        "Makerspaces and Identity\n\nAbstract: Interviews with 12 youth in a library makerspace.\n";
    let p = project_in(
        dir.path(),
        "themes.qdpx",
        MAXQDA_24,
        "sources",
        &[
            ("C5E4C960-5296-4FDE-8C63-DEABA4E17F92.txt", a.as_bytes()),
            ("7391D47A-323D-4291-8202-ED599C250828.txt", b.as_bytes()),
        ],
    );
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    let report = lib.import(&[p]).unwrap();
    assert_eq!(report.imported, 2, "{report:?}");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let conn = lib.reader().unwrap();
    let titles: Vec<String> = conn
        .prepare("SELECT title FROM documents ORDER BY title")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        titles,
        vec![
            "A Multilevel Analysis of Teachers’ Digital Competence",
            "Makerspaces and Identity"
        ]
    );
    let tag = "Research Methodology/RSRCHMTHD - Data - Qualitative - Interviews";
    let t = corpusdesk::core::store::tags::by_name(&conn, tag)
        .unwrap()
        .expect("the nested code");
    assert_eq!(t.color, "#3b82f6");
    let memos: Vec<String> = lib
        .memos("")
        .unwrap()
        .into_iter()
        .map(|m| m.memo.text)
        .collect();
    assert!(
        memos.contains(
            &"Apply when data come from one-on-one conversations & interviews.".to_string()
        ),
        "{memos:?}"
    );
    let in_set: i64 = conn
        .query_row(
            "SELECT count(*) FROM document_tags dt JOIN tags t ON t.id = dt.tag_id
              WHERE t.name = 'sets/Proceedings 2024'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(in_set, 2);
}

#[test]
fn damaged_projects_are_refused_with_a_reason_and_nothing_half_imported() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    let refused = |p: PathBuf| -> String {
        let report = lib.import(&[p]).unwrap();
        assert_eq!(report.imported, 0);
        assert_eq!(report.errors.len(), 1, "{report:?}");
        report.errors[0].reason.clone()
    };
    // Not a zip at all.
    let junk = dir.path().join("junk.qdpx");
    std::fs::write(&junk, b"PK\x03\x04 this is not really a zip").unwrap();
    let why = refused(junk.clone());
    assert!(why.contains("not a readable REFI-QDA project"), "{why}");
    // A zip cut in half.
    let whole = project(
        dir.path(),
        "whole.qdpx",
        NVIVO_LIKE,
        &[("r.txt", b"Budget.")],
    );
    let bytes = std::fs::read(&whole).unwrap();
    let cut = dir.path().join("cut.qdpx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert!(!refused(cut).is_empty());
    // A zip without project.qde.
    let mut z = zip::ZipWriter::new(std::fs::File::create(dir.path().join("no.qdpx")).unwrap());
    z.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(b"hello").unwrap();
    z.finish().unwrap();
    let why = refused(dir.path().join("no.qdpx"));
    assert!(why.contains("no project.qde"), "{why}");
    // A broken project among good files: the files import, the project is
    // named with its reason.
    let folder = dir.path().join("mixed");
    write(&folder.join("note.txt"), "A note that imports.\n");
    let report = lib.import(&[folder, junk]).unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(report.errors.len(), 1, "{report:?}");
    // A project inside a folder imported: named, with the way to read it.
    std::fs::copy(&whole, dir.path().join("mixed/inside.qdpx")).unwrap();
    let report = lib.import(&[dir.path().join("mixed")]).unwrap();
    assert!(
        report.errors.iter().any(|e| e.path.ends_with("inside.qdpx")
            && e.reason == corpusdesk::core::import::formats::PROJECT_IN_FOLDER),
        "{report:?}"
    );
    // XML cut short: the report says so; the source read before the cut
    // is stored whole, with its passage.
    let broken = project(
        dir.path(),
        "broken.qdpx",
        &NVIVO_LIKE[..NVIVO_LIKE.find("<PDFSource").unwrap()],
        &[],
    );
    let report = lib.import(&[broken]).unwrap();
    assert!(
        report
            .failure
            .as_deref()
            .is_some_and(|f| f.contains("cut short")),
        "{report:?}"
    );
    assert_consistent(&dir.path().join("lib.corpusdesk"));
}

#[test]
fn another_coders_project_on_the_same_documents_adds_their_passages_only() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, ids) = coded_library(dir.path());
    let out = dir.path().join("mine.qdpx");
    export(&lib, &out, Format::Qdpx);
    // A colleague's library: the same files, coded by "cleo".
    let other = tempfile::tempdir().unwrap();
    let theirs = Library::open(other.path().join("lib.corpusdesk")).unwrap();
    theirs.import(&[dir.path().join("in")]).unwrap();
    let conn = theirs.reader().unwrap();
    let doc: i64 = conn
        .query_row(
            "SELECT id FROM documents WHERE text LIKE 'Dockers%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let text = documents::text(&conn, doc).unwrap();
    theirs
        .code(
            "economy/labour",
            doc,
            chars_of(&text, "week-long strike"),
            "cleo",
            None,
        )
        .unwrap();
    theirs
        .code(
            "economy/labour",
            doc,
            chars_of(&text, "Dockers returned"),
            "cleo",
            None,
        )
        .unwrap();
    let colleague = other.path().join("cleo.qdpx");
    export(&theirs, &colleague, Format::Qdpx);
    let before: i64 = lib
        .reader()
        .unwrap()
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    let report = lib.import(&[colleague]).unwrap();
    assert_eq!(report.imported, 0, "{report:?}");
    let conn = lib.reader().unwrap();
    let after: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after, "no document twice");
    let mine: i64 = conn
        .query_row(
            "SELECT id FROM documents WHERE text LIKE 'Dockers%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(ids.contains(&mine));
    let coders: Vec<String> = lib
        .passages_of(mine)
        .unwrap()
        .into_iter()
        .map(|p| p.coder)
        .collect();
    assert_eq!(
        coders.iter().filter(|c| *c == "cleo").count(),
        2,
        "{coders:?}"
    );
    assert_eq!(
        coders.iter().filter(|c| *c == "ana").count(),
        1,
        "{coders:?}"
    );
}

mod damaged {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // Each case opens a library and imports a project: few cases.
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24)
        ))]

        /// A project's XML cut anywhere, with bytes changed anywhere, and a
        /// positions attribute set to anything: the import answers (a
        /// report or a reason), never panics, and leaves a consistent
        /// library whose passages all fit their texts.
        #[test]
        fn any_damage_to_a_project_gets_an_answer(
            cut in 0usize..NVIVO_LIKE.len(),
            flips in proptest::collection::vec((0usize..NVIVO_LIKE.len(), any::<u8>()), 0..6),
            start in -5i64..80,
            len in -3i64..60,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let mut xml = NVIVO_LIKE
                .replace("startPosition=\"29\" endPosition=\"34\"",
                         &format!("startPosition=\"{start}\" endPosition=\"{}\"", start + len))
                .into_bytes();
            for (at, b) in flips {
                if at < xml.len() {
                    xml[at] = b;
                }
            }
            xml.truncate(cut.max(1));
            let qde = String::from_utf8_lossy(&xml).into_owned();
            let p = project(dir.path(), "p.qdpx", &qde, &[("r.txt", b"Budget report.")]);
            let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
            let _ = lib.import(&[p]);
            let conn = lib.reader().unwrap();
            let bad: i64 = conn
                .query_row(
                    "SELECT count(*) FROM passages p JOIN documents d ON d.id = p.doc_id
                      WHERE p.start < 0 OR p.end <= p.start OR p.end > length(d.text)",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            prop_assert_eq!(bad, 0);
            drop(conn);
            drop(lib);
            assert_consistent(&dir.path().join("lib.corpusdesk"));
        }
    }
}
