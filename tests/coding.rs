//! Coding in the core: passages at character offsets that survive
//! non-ASCII text (Arabic, CJK, emoji) and CRLF files; undo and redo of
//! coding, autocode, memos, deleted and merged tags; passages and memos
//! through the trash, emptying it, backups and restore; retrieval with
//! combinations; a copy's passages carried to its keeper; the exports and
//! the CLI.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::sync::atomic::AtomicBool;

use corpusdesk::core::Library;
use corpusdesk::core::coding::{self, Combine, PassageQuery, Unit};
use corpusdesk::core::filter::Filter;
use corpusdesk::core::store::change::MemoTarget;
use corpusdesk::core::store::{documents, passages};
use support::*;

/// Characters `needle` takes in `text` (first place).
fn chars_of(text: &str, needle: &str) -> (i64, i64) {
    let b = text.find(needle).expect("the text holds it");
    let s = text[..b].chars().count() as i64;
    (s, s + needle.chars().count() as i64)
}

/// A library of the files `(name, bytes)` and their ids by name.
fn library_of(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Library, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    for (name, bytes) in files {
        write(&folder.join(name), bytes);
    }
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(&[folder]).unwrap();
    let conn = lib.reader().unwrap();
    let mut ids = Vec::new();
    for (name, _) in files {
        let id: i64 = conn
            .query_row(
                "SELECT doc_id FROM sources WHERE path_text LIKE '%' || ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap();
        ids.push(id);
    }
    (dir, lib, ids)
}

const ARABIC: &str =
    "قال وزير الخارجية إن المحادثات ستستأنف يوم الاثنين في جنيف.\nوأضاف أن الوفد سيضم خبراء.";
const CJK: &str =
    "外務大臣は月曜日にジュネーブで協議を再開すると述べた。代表団には専門家が含まれる。";
const EMOJI: &str = "Fans cheered 🎉🇫🇷 as the team 👨‍👩‍👧 arrived; the mayor said: “welcome home”.";
const CRLF: &[u8] = b"Harbour talks\r\n\r\nThe harbour board met on Monday.\r\nWorkers said the strike would end.\r\n";

#[test]
fn offsets_survive_arabic_cjk_emoji_and_crlf_texts() {
    let (_dir, lib, ids) = library_of(&[
        ("ar.txt", ARABIC.as_bytes()),
        ("ja.txt", CJK.as_bytes()),
        ("emoji.txt", EMOJI.as_bytes()),
        ("crlf.txt", CRLF),
    ]);
    let conn = lib.reader().unwrap();
    let cases = [
        (ids[0], "المحادثات ستستأنف"),
        (ids[1], "ジュネーブで協議"),
        (ids[2], "🇫🇷 as the team 👨‍👩‍👧"),
        (ids[3], "Workers said the strike would end."),
    ];
    for (doc, piece) in cases {
        let text = documents::text(&conn, doc).unwrap();
        let range = chars_of(&text, piece);
        let id = lib.code("quotes", doc, range, "ana", None).unwrap();
        let p = passages::get(&conn, id).unwrap().unwrap();
        assert_eq!(passages::text_of(&conn, &p).unwrap(), piece, "{doc}");
        // The reader's text is byte for byte the stored one.
        let shown = corpusdesk::core::reading::for_reading(&text);
        let bytes = corpusdesk::core::reading::byte_ranges(&shown, &[range]);
        assert_eq!(&shown[bytes[0].0..bytes[0].1], piece);
    }
    // A range past the end is refused with a reason; nothing is written.
    let err = lib
        .code("quotes", ids[1], (0, 10_000), "ana", None)
        .unwrap_err();
    assert!(err.to_string().contains("characters 0–10000"), "{err}");
    assert_eq!(lib.passages_of(ids[1]).unwrap().len(), 1);
    // The JSONL export carries each passage's text, exactly.
    let out = _dir.path().join("out.jsonl");
    lib.export(
        &out,
        &corpusdesk::core::export::ExportOptions {
            format: corpusdesk::core::export::Format::Jsonl,
            duplicates: corpusdesk::core::export::Duplicates::IncludeMarked,
            split: None,
            overwrite: false,
            shard_rows: None,
        },
    )
    .unwrap();
    let mut seen = Vec::new();
    for line in std::fs::read_to_string(&out).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for p in v["passages"].as_array().unwrap() {
            seen.push(p["text"].as_str().unwrap().to_string());
        }
    }
    seen.sort();
    let mut want: Vec<String> = cases.iter().map(|c| c.1.to_string()).collect();
    want.sort();
    assert_eq!(seen, want);
}

#[test]
fn undo_and_redo_take_back_codes_autocode_memos_and_tag_changes() {
    let (_dir, lib, ids) = library_of(&[
        (
            "a.txt",
            b"The migration law passed. Critics of migration said no.\nMore on migration here.",
        ),
        ("b.txt", b"Nothing about that. The economy grew."),
    ]);
    let doc = ids[0];
    let p = lib
        .code("topic", doc, (4, 17), "ana", Some("first"))
        .unwrap();
    assert_eq!(lib.passages_of(doc).unwrap().len(), 1);
    // The memo was its own step: undo takes it, then the code.
    lib.undo().unwrap();
    let conn = lib.reader().unwrap();
    assert_eq!(passages::memo_of(&conn, p).unwrap(), None);
    lib.undo().unwrap();
    assert!(lib.passages_of(doc).unwrap().is_empty());
    lib.redo().unwrap();
    assert_eq!(lib.passages_of(doc).unwrap().len(), 1);
    // Autocode: every sentence with the word, one step.
    let plan = lib
        .plan_autocode(&Filter::default(), "migration", Unit::Sentence)
        .unwrap();
    assert_eq!((plan.hits, plan.documents, plan.ranges.len()), (3, 1, 3));
    assert_eq!(
        plan.question("policy"),
        "Code 3 sentences in 1 document with 'policy'?"
    );
    assert_eq!(lib.autocode(plan.clone(), "policy", "bot").unwrap(), 3);
    assert_eq!(lib.passages_of(doc).unwrap().len(), 4);
    // Again: nothing new (each range is coded already).
    assert_eq!(lib.autocode(plan, "policy", "bot").unwrap(), 0);
    lib.undo().unwrap();
    assert_eq!(
        lib.passages_of(doc).unwrap().len(),
        1,
        "one undo, every passage"
    );
    lib.redo().unwrap();
    assert_eq!(lib.passages_of(doc).unwrap().len(), 4);
    // A tag memo, changed and deleted, each undoable.
    let policy = corpusdesk::core::store::tags::by_name(&conn, "policy")
        .unwrap()
        .unwrap()
        .id;
    lib.set_memo(MemoTarget::Tag(policy), "Laws and rules", "ana")
        .unwrap();
    lib.set_memo(MemoTarget::Tag(policy), "Laws, rules, plans", "ben")
        .unwrap();
    let memo = |conn| {
        corpusdesk::core::store::memos::get(conn, MemoTarget::Tag(policy))
            .unwrap()
            .map(|m| (m.text, m.author))
    };
    assert_eq!(
        memo(&conn),
        Some(("Laws, rules, plans".into(), "ben".into()))
    );
    lib.undo().unwrap();
    assert_eq!(memo(&conn), Some(("Laws and rules".into(), "ana".into())));
    // Deleting the tag takes its passages and memo; undo brings all back.
    lib.delete_tag(policy).unwrap();
    assert_eq!(lib.passages_of(doc).unwrap().len(), 1);
    assert_eq!(memo(&conn), None);
    lib.undo().unwrap();
    assert_eq!(lib.passages_of(doc).unwrap().len(), 4);
    assert_eq!(memo(&conn), Some(("Laws and rules".into(), "ana".into())));
    // Merging moves the passages; undo moves them back.
    let topic = corpusdesk::core::store::tags::by_name(&conn, "topic")
        .unwrap()
        .unwrap()
        .id;
    lib.merge_tags(policy, topic).unwrap();
    assert!(lib.passages_of(doc).unwrap().iter().all(|p| p.tag == topic));
    lib.undo().unwrap();
    assert_eq!(
        lib.passages_of(doc)
            .unwrap()
            .iter()
            .filter(|p| p.tag == policy)
            .count(),
        3
    );
    // A tag only on passages is no unused tag.
    assert!(
        corpusdesk::core::store::tags::unused(&conn)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn passages_and_memos_survive_the_trash_and_a_backup_and_go_when_it_is_emptied() {
    let (dir, lib, ids) = library_of(&[
        ("a.txt", b"Harbour workers met at the gate on Monday."),
        ("b.txt", b"The council approved the budget in Geneva."),
    ]);
    let p = lib
        .code("place", ids[0], (0, 7), "ana", Some("the harbour"))
        .unwrap();
    lib.set_memo(MemoTarget::Document(ids[0]), "check the date", "ana")
        .unwrap();
    let all = || {
        lib.retrieve(&Filter::default(), &PassageQuery::default())
            .unwrap()
            .len()
    };
    assert_eq!(all(), 1);
    lib.trash(vec![ids[0]]).unwrap();
    assert_eq!(all(), 0, "a trashed document's passages are not listed");
    assert!(lib.memos("").unwrap().is_empty());
    lib.restore(vec![ids[0]]).unwrap();
    assert_eq!(all(), 1);
    assert_eq!(lib.memos("").unwrap().len(), 2);
    // A backup holds them; a restore brings them back after an uncode.
    let backup = dir.path().join("backup.corpusdesk");
    lib.backup(&backup, false).unwrap();
    let copy = Library::open(&backup).unwrap();
    assert_eq!(copy.passages_of(ids[0]).unwrap().len(), 1);
    assert_eq!(copy.memos("harbour").unwrap().len(), 1);
    drop(copy);
    lib.uncode(vec![p]).unwrap();
    assert_eq!(all(), 0);
    let path = lib.path().to_path_buf();
    drop(lib);
    corpusdesk::core::store::backups::restore(&path, &backup).unwrap();
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.passages_of(ids[0]).unwrap().len(), 1);
    // Emptying the trash deletes a trashed document's passages and memos.
    lib.trash(vec![ids[0]]).unwrap();
    lib.empty_trash().unwrap();
    let conn = lib.reader().unwrap();
    let left: (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM passages), (SELECT count(*) FROM memos)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(left, (0, 0));
    assert_consistent(&path);
}

#[test]
fn combinations_retrieve_overlapping_near_and_without() {
    let text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi.";
    let (_dir, lib, ids) = library_of(&[("a.txt", text.as_bytes())]);
    let d = ids[0];
    let r = |w: &str| chars_of(text, w);
    let econ = |range| lib.code("econ", d, range, "ana", None).unwrap();
    let sec = |range| lib.code("sec", d, range, "ben", None).unwrap();
    let a1 = econ((r("Alpha").0, r("gamma").1)); // overlaps sec1
    let a2 = econ(r("theta")); // 2 words from sec2
    let a3 = econ(r("xi")); // far from everything
    sec((r("gamma").0, r("delta").1));
    sec(r("lambda"));
    let conn = lib.reader().unwrap();
    let tag = |n: &str| {
        corpusdesk::core::store::tags::by_name(&conn, n)
            .unwrap()
            .unwrap()
            .id
    };
    let ask = |combine, near| -> Vec<i64> {
        let q = PassageQuery {
            a: Some(tag("econ")),
            combine,
            b: Some(tag("sec")),
            near,
        };
        let mut v: Vec<i64> = lib
            .retrieve(&Filter::default(), &q)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        v.sort();
        v
    };
    assert_eq!(ask(Combine::And, 0), [a1]);
    assert_eq!(ask(Combine::Without, 0), [a2, a3]);
    // theta … lambda: iota, kappa between; lambda … xi: mu, nu.
    assert_eq!(ask(Combine::Near, 2), [a1, a2, a3]);
    assert_eq!(ask(Combine::Near, 1), [a1]);
    assert_eq!(ask(Combine::Near, 0), [a1], "overlapping counts as near");
    // Counts and co-occurrence.
    let o = coding::retrieve::overview(&conn, &Filter::default(), &AtomicBool::new(false)).unwrap();
    let econ_count = o.tags.iter().find(|t| t.tag == tag("econ")).unwrap();
    assert_eq!((econ_count.passages, econ_count.documents), (3, 1));
    assert_eq!(o.pairs.len(), 1);
    assert_eq!(o.pairs[0].1, (2, 1), "one overlap each way, one document");
    // The passages CSV has a row per passage with its text.
    let rows = lib
        .retrieve(&Filter::default(), &PassageQuery::default())
        .unwrap();
    let mut out = Vec::new();
    coding::write_rows(
        &conn,
        &rows,
        coding::Format::Csv,
        &mut out,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )
    .unwrap();
    let csv = String::from_utf8(out).unwrap();
    assert_eq!(
        csv::Reader::from_reader(csv.as_bytes()).records().count(),
        5
    );
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with("passage,document,title,date,outlet,tag,coder")
    );
    assert!(csv.contains(",theta,"), "{csv}");
}

#[test]
fn the_samples_copy_carries_its_passages_to_the_keeper_and_the_search_finds_memos() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(&[samples_dir()]).unwrap();
    let conn = lib.reader().unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids.len(), 2);
    // The same quote in both outlets' texts (their quote marks differ).
    let copy_text = documents::text(&conn, ids[1]).unwrap();
    let quote = "The Kremlin has sought to mend ties between Damascus and Turkey";
    lib.code(
        "actors/kremlin",
        ids[1],
        chars_of(&copy_text, quote),
        "ana",
        Some("Xylophone à Genève: mediation"),
    )
    .unwrap();
    let kept = "Shoigu, who hosted counterparts from Syria, Turkey and Iran";
    lib.code("meetings", ids[1], chars_of(&copy_text, kept), "ana", None)
        .unwrap();
    let (carried, missing) = lib
        .writer()
        .write({
            let (from, to) = (ids[1], ids[0]);
            move |tx| passages::carry(tx, from, to)
        })
        .unwrap();
    assert_eq!((carried, missing), (2, 0));
    let keeper_text = documents::text(&conn, ids[0]).unwrap();
    for p in lib.passages_of(ids[0]).unwrap() {
        let t = passages::text_of(&conn, &p).unwrap();
        assert!(keeper_text.contains(&t));
        assert!(t == quote || t == kept, "{t}");
    }
    lib.undo().unwrap();
    assert!(lib.passages_of(ids[0]).unwrap().is_empty(), "one undo");
    // The search finds a memo's words when asked to.
    let filter = Filter {
        query: Some("xylophon* geneve".into()),
        memos: true,
        ..Filter::default()
    };
    let found = corpusdesk::core::view::filtered_ids(&conn, &filter, None, &AtomicBool::new(false))
        .unwrap();
    assert_eq!(found, [ids[1]]);
    let without = Filter {
        memos: false,
        ..filter
    };
    assert!(
        corpusdesk::core::view::filtered_ids(&conn, &without, None, &AtomicBool::new(false))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_cli_codes_autocodes_lists_and_writes_memos() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.corpusdesk");
    let l = lib.to_str().unwrap();
    let folder = dir.path().join("in");
    write(
        &folder.join("a.txt"),
        "Ministers met in Oslo. The minister said talks would resume.\nAnother minister agreed.",
    );
    let ok = |args: &[&str]| {
        let mut all = vec!["--library", l];
        all.extend_from_slice(args);
        let out = corpusdesk(&all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&["import", folder.to_str().unwrap()]);
    let said = ok(&[
        "code",
        "quotes",
        "--doc",
        "1",
        "--start",
        "23",
        "--end",
        "60",
        "--memo",
        "the key quote",
        "--coder",
        "ana",
    ]);
    assert!(said.starts_with("passage 1:"), "{said}");
    let dry = ok(&[
        "autocode",
        "people/ministers",
        "--query",
        "minist*",
        "--unit",
        "hit",
        "--dry-run",
    ]);
    assert_eq!(
        dry.trim(),
        "Code 3 hits in 1 document with 'people/ministers'"
    );
    ok(&[
        "autocode",
        "people/ministers",
        "--query",
        "minist*",
        "--coder",
        "bot",
    ]);
    ok(&["memo", "--tag", "quotes", "Direct speech"]);
    let json = ok(&["passages", "--json"]);
    let rows: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4);
    let quote = rows.iter().find(|r| r["tag"] == "quotes").unwrap();
    assert_eq!(quote["text"], "The minister said talks would resume.");
    assert_eq!(quote["memo"], "the key quote");
    assert_eq!(quote["coder"], "ana");
    let only = ok(&["passages", "--tag", "people/ministers", "--csv"]);
    let records = csv::Reader::from_reader(only.as_bytes()).records().count();
    assert_eq!(records, 3, "the three ministers");
    let and = ok(&[
        "passages",
        "--tag",
        "quotes",
        "--and",
        "people/ministers",
        "--json",
    ]);
    assert_eq!(and.lines().count(), 1);
    ok(&["uncode", "--passages", "1"]);
    assert_eq!(ok(&["passages", "--json"]).lines().count(), 3);
    let memos = ok(&["memos", "--json"]);
    assert!(memos.contains("Direct speech"));
    // Bad input: a range outside the text, an unknown passage.
    let out = corpusdesk(&[
        "--library",
        l,
        "code",
        "quotes",
        "--doc",
        "1",
        "--start",
        "5",
        "--end",
        "999999",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid passage"));
    let out = corpusdesk(&["--library", l, "memo", "--passage", "99", "x"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no coded passage with id 99"));
}

#[test]
fn a_salvage_saves_each_documents_passages_and_memos() {
    let (dir, lib, ids) = library_of(&[("a.txt", b"Harbour workers met at the gate on Monday.")]);
    lib.code("place", ids[0], (0, 7), "ana", Some("the harbour"))
        .unwrap();
    lib.set_memo(MemoTarget::Document(ids[0]), "check the date", "ana")
        .unwrap();
    let out = dir.path().join("saved.jsonl");
    corpusdesk::core::store::salvage::salvage_jsonl(
        lib.path(),
        &out,
        false,
        &AtomicBool::new(false),
        &mut |_, _| {},
    )
    .unwrap();
    let line: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string(&out)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let p = &line["passages"][0];
    assert_eq!(
        (&p["tag"], &p["start"], &p["end"], &p["memo"]),
        (
            &serde_json::json!("place"),
            &serde_json::json!(0),
            &serde_json::json!(7),
            &serde_json::json!("the harbour")
        )
    );
    assert_eq!(line["memos"][0]["text"], "check the date");
}
