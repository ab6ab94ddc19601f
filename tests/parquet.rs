//! Parquet in and out: the round trip (documents, metadata, tags, clusters),
//! shards, the export read by pyarrow and pandas, corpora written by other
//! tools (snappy, gzip, lz4; struct and JSON metadata), and damaged files.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use corpusdesk::core::dedup::RunOptions;
use corpusdesk::core::export::{self, Duplicates, ExportOptions, Format};
use corpusdesk::core::import::ImportOptions;
use corpusdesk::core::store::{clusters as stored, documents};
use corpusdesk::core::{DocState, Library};
use corpusdesk::testkit::corpus::{self, Spec};
use proptest::prelude::*;
use support::*;

fn import(lib: &Library, paths: &[PathBuf]) -> corpusdesk::core::import::ImportReport {
    corpusdesk::core::Library::import_paths(
        lib,
        paths,
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap()
}

fn parquet(shard_rows: Option<usize>) -> ExportOptions {
    ExportOptions {
        format: Format::Parquet,
        duplicates: Duplicates::IncludeMarked,
        split: None,
        overwrite: false,
        shard_rows,
    }
}

fn export_to(lib: &Library, dest: &Path, o: &ExportOptions) -> export::ExportReport {
    export::export(lib, None, dest, o, &AtomicBool::new(false), &mut |_| {}).unwrap()
}

/// What a document is, whatever its id: text → (title, date, tags, metadata).
type Seen = BTreeMap<String, (String, Option<String>, Vec<String>, String)>;

fn documents_of(lib: &Library) -> Seen {
    let conn = lib.reader().unwrap();
    let mut out = BTreeMap::new();
    documents::for_each(&conn, DocState::Active, |d| {
        let text = documents::text(&conn, d.id)?;
        let mut meta = d.meta.clone();
        // Where it came from is the one thing a re-import changes.
        meta.remove("file_created");
        out.insert(
            text,
            (
                d.title.clone(),
                d.date.map(|x| x.to_string()),
                d.tags.clone(),
                serde_json::Value::Object(meta).to_string(),
            ),
        );
        Ok(())
    })
    .unwrap();
    out
}

/// The duplicate clusters as sets of texts.
fn clusters_of(lib: &Library) -> BTreeSet<BTreeSet<String>> {
    let conn = lib.reader().unwrap();
    let clusters =
        stored::compute_clusters(&conn, corpusdesk::core::dedup::DEFAULT_THRESHOLD).unwrap();
    clusters
        .iter()
        .map(|c| {
            c.ids()
                .into_iter()
                .map(|id| documents::text(&conn, id).unwrap())
                .collect()
        })
        .collect()
}

/// A generated corpus with its hard cases (copies from other outlets,
/// shared blocks, template reports, a long single-line text) and the two
/// sample stories, de-duplicated and tagged.
fn source_library(dir: &Path) -> Library {
    let root = dir.join("corpus");
    corpus::write(
        &root,
        &Spec {
            docs: 400,
            seed: 36,
            bad_files: false,
            hard_share: 0.1,
            long_tail: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let lib = Library::open(dir.join("source.corpusdesk")).unwrap();
    let report = import(&lib, &[root, samples_dir()]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    lib.find_duplicates(&RunOptions::default()).unwrap();
    let conn = lib.reader().unwrap();
    let mut ids = Vec::new();
    documents::for_each(&conn, DocState::Active, |d| {
        ids.push(d.id);
        Ok(())
    })
    .unwrap();
    lib.tag_documents(
        "Économie/inflation",
        ids.iter().step_by(7).copied().collect(),
        true,
    )
    .unwrap();
    lib.tag_documents("wire", ids.iter().step_by(5).copied().collect(), true)
        .unwrap();
    lib
}

#[test]
fn a_round_trip_through_parquet_keeps_documents_metadata_tags_and_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let lib = source_library(dir.path());
    let out = dir.path().join("shards");
    let report = export_to(&lib, &out, &parquet(Some(150)));
    let files: Vec<PathBuf> = {
        let mut f: Vec<PathBuf> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        f.sort();
        f
    };
    let expected_files = report.documents.div_ceil(150);
    assert_eq!(files.len(), expected_files, "{files:?}");
    assert_eq!(files[0].file_name().unwrap(), "part-00000.parquet");
    assert_eq!(
        report.detail.as_deref(),
        Some(format!("{expected_files} files").as_str())
    );

    let copy = Library::open(dir.path().join("copy.corpusdesk")).unwrap();
    let back = import(&copy, &[out]);
    assert!(back.errors.is_empty(), "{:?}", back.errors);
    assert_eq!(back.imported, report.documents, "{back:?}");
    copy.find_duplicates(&RunOptions::default()).unwrap();

    let (before, after) = (documents_of(&lib), documents_of(&copy));
    assert_eq!(before.len(), after.len());
    for (text, was) in &before {
        let now = after.get(text).expect("every text comes back");
        assert_eq!(was, now, "{}", &text[..text.len().min(80)]);
    }
    let (c1, c2) = (clusters_of(&lib), clusters_of(&copy));
    assert!(c1.len() > 5, "the corpus has clusters: {}", c1.len());
    let only: Vec<_> = c1.symmetric_difference(&c2).map(|c| c.len()).collect();
    assert!(
        only.is_empty(),
        "clusters in one library only (sizes): {only:?}"
    );
}

#[test]
fn one_parquet_file_reads_in_pyarrow_and_pandas_with_the_documented_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, lib) = temp_library();
    import(&lib, &[samples_dir()]);
    lib.find_duplicates(&RunOptions::default()).unwrap();
    lib.tag_documents("talks", vec![1], true).unwrap();
    lib.code("economy", 1, (0, 40), "ana", Some("the lede"))
        .unwrap();
    // The curator's decision: the copy marked as a duplicate in review.
    let conn = lib.reader().unwrap();
    let cluster = stored::compute_clusters(&conn, corpusdesk::core::dedup::DEFAULT_THRESHOLD)
        .unwrap()
        .remove(0);
    lib.resolve_clusters(
        vec![(cluster.keeper, vec![cluster.members[0].id])],
        corpusdesk::core::store::decisions::Resolution::MarkDuplicates,
    )
    .unwrap();
    let file = dir.path().join("corpus.parquet");
    let report = export_to(&lib, &file, &parquet(None));
    assert_eq!(report.documents, 2);
    assert!(file.is_file());
    let script = r#"
import json, sys
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
types = {f.name: str(f.type) for f in t.schema}
df = t.to_pandas()
rows = df.to_dict("records")
for r in rows:
    r["tags"] = list(r["tags"])
    r["passages"] = [dict(p) for p in r["passages"]]
    r["added"] = str(r["added"])
    r["created"] = str(r["created"])
    r["metadata"] = json.loads(r["metadata"])
    r["text"] = len(r["text"])
    for k in ("cluster_id", "duplicate_of"):
        r[k] = None if r[k] != r[k] else int(r[k])
print(json.dumps({"types": types, "rows": rows, "meta": {k.decode(): v.decode() for k, v in (pq.read_metadata(sys.argv[1]).metadata or {}).items() if k.startswith(b"corpusdesk")}}, default=str))
"#;
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .expect("python3 runs (CI installs it with pyarrow and pandas)");
    assert!(
        out.status.success(),
        "pyarrow/pandas read the export (pip install pyarrow pandas): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let types = &v["types"];
    for (name, ty) in [
        ("id", "int64"),
        ("text", "string"),
        ("source", "string"),
        ("source_path", "string"),
        ("added", "timestamp[ms, tz=UTC]"),
        ("created", "date32[day]"),
        ("metadata", "string"),
        ("title", "string"),
        ("date", "string"),
        ("date_source", "string"),
        ("lang", "string"),
        ("tags", "list<item: string>"),
        ("cluster_id", "int64"),
        ("is_keeper", "bool"),
        ("duplicate_of", "int64"),
        ("marked_duplicate", "bool"),
    ] {
        assert_eq!(types[name], ty, "{name}: {types}");
    }
    assert_eq!(
        types["passages"],
        "list<item: struct<tag: string not null, start: int64 not null, end: int64 not null, coder: string, text: string> not null>",
        "{types}"
    );
    assert!(types.get("entities").is_none(), "no names were extracted");
    assert_eq!(v["meta"]["corpusdesk.schema"], "1");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let keeper = rows.iter().find(|r| r["is_keeper"] == true).unwrap();
    let copy = rows.iter().find(|r| r["is_keeper"] == false).unwrap();
    assert_eq!(copy["duplicate_of"], keeper["id"]);
    assert_eq!(copy["cluster_id"], keeper["cluster_id"]);
    assert_eq!(copy["marked_duplicate"], true);
    assert_eq!(keeper["marked_duplicate"], false);
    assert!(keeper["duplicate_of"].is_null());
    for r in rows {
        assert_eq!(r["date"], "2023-04-25");
        assert_eq!(r["created"], "2023-04-25");
        assert_eq!(r["lang"], "en");
        assert!(r["text"].as_u64().unwrap() > 1000);
        assert!(r["source_path"].as_str().unwrap().ends_with(".txt"));
    }
    let first = rows.iter().find(|r| r["id"] == 1).unwrap();
    assert_eq!(first["tags"], serde_json::json!(["talks"]));
    let passage = &first["passages"][0];
    assert_eq!(passage["tag"], "economy");
    assert_eq!(
        (passage["start"].as_i64(), passage["end"].as_i64()),
        (Some(0), Some(40))
    );
    assert_eq!(passage["coder"], "ana");
    assert_eq!(passage["text"].as_str().unwrap().chars().count(), 40);
}

#[test]
fn corpora_written_by_other_tools_import_with_their_columns_as_metadata() {
    let (_d, lib) = temp_library();
    let report = import(&lib, &[fixture("parquet")]);
    let reasons: HashMap<String, String> = report
        .errors
        .iter()
        .map(|e| (e.path.clone(), e.reason.clone()))
        .collect();
    let reason = |name: &str| {
        reasons
            .iter()
            .find(|(p, _)| p.contains(name))
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    assert!(
        reason("no_text.parquet").contains("no \"text\" column (the columns are: body, n)"),
        "{reasons:?}"
    );
    assert!(
        reason("text_not_string").contains("not text"),
        "{reasons:?}"
    );
    assert!(
        reason("brotli.parquet").contains("compressed with brotli, which corpusdesk does not read"),
        "{reasons:?}"
    );
    assert!(
        reason("pandas_snappy.parquet#3").contains("empty"),
        "{reasons:?}"
    );
    assert_eq!(report.imported, 5, "{report:?}");
    let conn = lib.reader().unwrap();
    let mut by_id: HashMap<String, corpusdesk::core::Document> = HashMap::new();
    let mut others = Vec::new();
    documents::for_each(&conn, DocState::Active, |d| {
        match d.meta.get("id").and_then(|v| v.as_str()) {
            Some(id) => {
                by_id.insert(id.to_string(), documents::document(&conn, d.id)?);
            }
            None => others.push(documents::document(&conn, d.id)?),
        }
        Ok(())
    })
    .unwrap();
    // Dolma: JSON metadata spread, title/date/tags used, the rest kept.
    let d1 = &by_id["d1"];
    assert_eq!(d1.title, "BoE holds rates");
    assert_eq!(d1.date.unwrap().to_string(), "2021-03-04");
    assert_eq!(d1.tags, vec!["economy", "uk"]);
    assert_eq!(d1.meta["outlet"], "Reuters");
    assert_eq!(d1.meta["section"], "Markets");
    assert_eq!(d1.meta["source"], "reuters");
    assert_eq!(d1.meta["created"], "2021-03-04T10:00:00.000Z");
    // A null date column says "undated"; the language is detected.
    assert!(by_id["d2"].date.is_none());
    assert_eq!(by_id["d2"].meta["lang"], "de");
    // pandas: struct metadata spread, a timestamp as ISO text, the date
    // from the text's dateline (no date column).
    let cc = &by_id["cc-001"];
    assert_eq!(cc.meta["author"], "Staff");
    assert_eq!(cc.meta["words"], 40);
    assert_eq!(cc.meta["crawled"], "2023-01-02T03:04:05Z");
    assert_eq!(cc.meta["url"], "https://example.org/2021/03/04/boe-rates");
    assert_eq!(cc.date.unwrap().to_string(), "2021-03-04");
    // Spark: a date32 column is the date; a foreign cluster id is metadata.
    let spark = others
        .iter()
        .find(|d| d.meta.contains_key("cluster_id"))
        .unwrap();
    assert_eq!(spark.date.unwrap().to_string(), "2021-03-04");
    assert_eq!(spark.meta["is_keeper"], true);
}

#[test]
fn damaged_parquet_files_give_a_reason_and_the_rest_imports() {
    let dir = tempfile::tempdir().unwrap();
    let (_d, src) = temp_library();
    import(&src, &[samples_dir()]);
    let good = dir.path().join("good.parquet");
    export_to(&src, &good, &parquet(None));
    let bytes = std::fs::read(&good).unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("cut.parquet"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(input.join("magic_only.parquet"), b"PAR1PAR1").unwrap();
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 3;
    for b in &mut flipped[mid..mid + 64] {
        *b ^= 0x5a;
    }
    std::fs::write(input.join("flipped.parquet"), &flipped).unwrap();
    std::fs::write(input.join("note.txt"), "A plain note that imports.\n").unwrap();
    let (_d2, lib) = temp_library();
    let report = import(&lib, &[input]);
    assert_eq!(report.imported, 1, "{report:?}");
    for name in ["cut.parquet", "magic_only.parquet"] {
        let e = report
            .errors
            .iter()
            .find(|e| e.path.ends_with(name))
            .unwrap();
        assert!(e.reason.contains("damaged Parquet file"), "{}", e.reason);
    }
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.path.contains("flipped.parquet")),
        "{:?}",
        report.errors
    );
}

/// The reader of untrusted bytes never panics: any cut or change of a real
/// file gives documents or a reason.
fn sample_file() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (_d, src) = temp_library();
        import(&src, &[samples_dir()]);
        let file = dir.path().join("s.parquet");
        export_to(&src, &file, &parquet(None));
        std::fs::read(file).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn changed_parquet_bytes_never_panic(at in 0usize..8192, len in 1usize..64, xor in 1u8..=255, cut in 0usize..8192) {
        let mut bytes = sample_file().to_vec();
        let n = bytes.len();
        let at = at % n;
        for b in &mut bytes[at..(at + len).min(n)] {
            *b ^= xor;
        }
        bytes.truncate(n - cut % (n / 2));
        let _ = corpusdesk::core::import::formats::read(Path::new("x.parquet"), bytes, 1 << 26);
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn the_command_line_exports_shards_and_reads_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib.corpusdesk");
    let lib = lib.to_str().unwrap();
    let samples = samples_dir();
    let out = corpusdesk(&["--library", lib, "import", samples.to_str().unwrap()]);
    assert!(out.status.success());
    let shards = dir.path().join("shards");
    let export = |out: &Path, rows: &str| {
        corpusdesk(&[
            "--library",
            lib,
            "export",
            "--format",
            "parquet",
            "--out",
            out.to_str().unwrap(),
            "--shard-rows",
            rows,
        ])
    };
    let out = export(&shards, "1");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("exported 2 documents") && said.contains("with 2 files"),
        "{said}"
    );
    assert!(shards.join("part-00001.parquet").is_file());
    // Zero rows per file is no size; shards need a folder.
    let out = export(&dir.path().join("zero"), "0");
    assert!(!out.status.success());
    let out = export(&dir.path().join("one.parquet"), "10");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("shards need a folder"), "{err}");
    assert!(!out.status.success());
    // Into another library, with the report's numbers as JSON.
    let other = dir.path().join("other.corpusdesk");
    let out = corpusdesk(&[
        "--library",
        other.to_str().unwrap(),
        "import",
        shards.to_str().unwrap(),
        "--json",
    ]);
    assert!(out.status.success());
    let report = stdout_json(&out);
    assert_eq!(report["imported"], 2, "{report}");
}
