//! Export: every format field by field, the round trip, hostile titles,
//! overwriting, cancelling, duplicates and the split.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use corpusdesk::core::dedup::RunOptions;
use corpusdesk::core::export::{self, Duplicates, ExportOptions, Format, Split};
use corpusdesk::core::import::ImportOptions;
use corpusdesk::core::store::decisions::Resolution;
use corpusdesk::core::{DocState, Error, Library};
use support::*;

fn import(lib: &Library, paths: &[std::path::PathBuf]) {
    let r = corpusdesk::core::Library::import_paths(
        lib,
        paths,
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

fn opts(format: Format) -> ExportOptions {
    ExportOptions {
        format,
        duplicates: Duplicates::LeaveOutMarked,
        split: None,
        overwrite: false,
        shard_rows: None,
    }
}

fn run(
    lib: &Library,
    dest: &Path,
    o: &ExportOptions,
) -> corpusdesk::core::Result<export::ExportReport> {
    export::export(lib, None, dest, o, &AtomicBool::new(false), &mut |_| {})
}

/// The samples (one cluster), a JSONL corpus with metadata and tags, an undated file.
fn library() -> (tempfile::TempDir, Library) {
    let (dir, lib) = temp_library();
    write(
        &dir.path().join("in/rows.jsonl"),
        concat!(
            r#"{"text": "First row story about talks in Geneva.", "title": "Row one", "date": "2021-03-04", "tags": ["wire", "talks"], "outlet": "AFP", "id": "x-1"}"#,
            "\n",
            r#"{"text": "Second row, with \"quotes\", commas; and\nnewlines.", "title": "Row, two", "date": "2021-03", "outlet": "Reuters"}"#,
            "\n"
        ),
    );
    write(
        &dir.path().join("in/undated.txt"),
        "A note with no date at all\nJust some words.\n",
    );
    import(&lib, &[samples_dir(), dir.path().join("in")]);
    lib.find_duplicates(&RunOptions::default()).unwrap();
    (dir, lib)
}

fn jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn jsonl_holds_every_field() {
    let (dir, lib) = library();
    let out = dir.path().join("out.jsonl");
    let report = run(&lib, &out, &opts(Format::Jsonl)).unwrap();
    assert_eq!(report.documents, 5);
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 5);
    let row = rows.iter().find(|r| r["title"] == "Row one").unwrap();
    assert_eq!(row["text"], "First row story about talks in Geneva.");
    assert_eq!(row["date"], "2021-03-04");
    assert_eq!(row["date_source"], "field");
    assert_eq!(row["tags"], serde_json::json!(["talks", "wire"]));
    assert!(
        row["source_path"]
            .as_str()
            .unwrap()
            .ends_with("rows.jsonl#1")
    );
    assert_eq!(row["source_paths"].as_array().unwrap().len(), 1);
    assert_eq!(row["cluster"], serde_json::Value::Null);
    assert_eq!(row["outlet"], "AFP");
    assert_eq!(row["meta_id"], "x-1", "a metadata field never hides ours");
    assert!(row["id"].is_i64());
    let clustered: Vec<_> = rows.iter().filter(|r| r["cluster"].is_i64()).collect();
    assert_eq!(clustered.len(), 2, "the sample pair");
    let undated = rows
        .iter()
        .find(|r| r["text"].as_str().unwrap().starts_with("A note"))
        .unwrap();
    assert_eq!(undated["date"], serde_json::Value::Null);
    assert_consistent(lib.path());
}

#[test]
fn csv_is_rfc_4180_with_the_same_columns() {
    let (dir, lib) = library();
    let out = dir.path().join("out.csv");
    run(&lib, &out, &opts(Format::Csv)).unwrap();
    let mut r = csv::Reader::from_path(&out).unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &headers[..9],
        [
            "id",
            "title",
            "text",
            "date",
            "date_source",
            "tags",
            "source_path",
            "source_paths",
            "cluster"
        ]
    );
    assert!(headers.contains(&"outlet".to_string()) && headers.contains(&"meta_id".to_string()));
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 5);
    let two = rows
        .iter()
        .find(|x| &x[col("title")] == "Row, two")
        .unwrap();
    assert_eq!(
        &two[col("text")],
        "Second row, with \"quotes\", commas; and\nnewlines."
    );
    assert_eq!(&two[col("date")], "2021-03");
    assert_eq!(&two[col("outlet")], "Reuters");
    let one = rows.iter().find(|x| &x[col("title")] == "Row one").unwrap();
    assert_eq!(&one[col("tags")], "talks;wire");
}

#[test]
fn txt_files_carry_the_date_header_and_import_back_with_their_dates() {
    let (dir, lib) = library();
    let out = dir.path().join("texts");
    run(&lib, &out, &opts(Format::Txt)).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    assert!(
        names.contains(&"2021-03-04_row-one.txt".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"2021-03_row-two.txt".to_string()),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("undated_a-note-with-no-date"))
    );
    let one = std::fs::read_to_string(out.join("2021-03-04_row-one.txt")).unwrap();
    assert!(one.starts_with(" date 2021-03-04 First row story"), "{one}");
    // A re-import keeps the dates.
    let again = Library::open(dir.path().join("again.corpusdesk")).unwrap();
    import(&again, &[out]);
    let mut dates: Vec<Option<String>> = Vec::new();
    corpusdesk::core::store::documents::for_each(&again.reader().unwrap(), DocState::Active, |d| {
        dates.push(d.date.map(|d| d.to_string()));
        Ok(())
    })
    .unwrap();
    dates.sort();
    assert_eq!(
        dates,
        vec![
            None,
            Some("2021-03".into()),
            Some("2021-03-04".into()),
            Some("2023-04-25".into()),
            Some("2023-04-25".into())
        ]
    );
}

#[test]
fn jsonl_round_trips_texts_titles_dates_and_tags() {
    let (dir, lib) = library();
    let out = dir.path().join("out.jsonl");
    run(&lib, &out, &opts(Format::Jsonl)).unwrap();
    let again = Library::open(dir.path().join("again.corpusdesk")).unwrap();
    import(&again, &[out]);
    let snapshot = |lib: &Library| {
        let mut docs = Vec::new();
        corpusdesk::core::store::documents::for_each(
            &lib.reader().unwrap(),
            DocState::Active,
            |d| {
                let text = corpusdesk::core::store::documents::text(&lib.reader().unwrap(), d.id)?;
                let mut tags = d.tags.clone();
                tags.sort();
                docs.push((text, d.title, d.date.map(|d| d.to_string()), tags));
                Ok(())
            },
        )
        .unwrap();
        docs.sort();
        docs
    };
    assert_eq!(snapshot(&lib), snapshot(&again));
}

#[test]
fn hostile_titles_become_safe_unique_file_names() {
    let (dir, lib) = temp_library();
    let long = "x".repeat(500);
    let rows: Vec<String> = [
        "../../etc/passwd",
        "CON",
        "nul",
        "🔥🔥🔥",
        &long,
        "a/b\\c:d*e?f",
        "Same",
        "same",
    ]
    .iter()
    .enumerate()
    .map(|(i, t)| serde_json::json!({"title": t, "text": format!("Text number {i}.")}).to_string())
    .collect();
    write(&dir.path().join("in/rows.jsonl"), rows.join("\n"));
    import(&lib, &[dir.path().join("in")]);
    let out = dir.path().join("texts");
    run(&lib, &out, &opts(Format::Txt)).unwrap();
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            assert!(
                e.file_type().unwrap().is_file(),
                "only files, in the folder itself"
            );
            e.file_name().to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(names.len(), 8);
    let lower: std::collections::HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
    assert_eq!(lower.len(), 8, "unique ignoring case: {names:?}");
    for n in &names {
        assert!(n.len() < 120, "{n}");
        assert!(
            !n.contains('/') && !n.contains('\\') && !n.contains(".."),
            "{n}"
        );
        let stem = n.trim_end_matches(".txt").to_lowercase();
        assert!(
            !["con", "nul", "undated_con"].contains(&stem.as_str()) || stem.starts_with("undated_")
        );
    }
    assert!(
        names.contains(&"undated_etc-passwd.txt".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"undated_con-.txt".to_string())
            || names.contains(&"undated_con.txt".to_string())
    );
    assert!(!dir.path().join("etc").exists());
}

#[test]
fn an_existing_destination_is_never_overwritten_without_consent() {
    let (dir, lib) = library();
    let out = dir.path().join("out.jsonl");
    std::fs::write(&out, "precious").unwrap();
    assert!(matches!(
        run(&lib, &out, &opts(Format::Jsonl)),
        Err(Error::Exists(_))
    ));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious");
    let folder = dir.path().join("texts");
    write(&folder.join("keep.txt"), "mine");
    assert!(matches!(
        run(&lib, &folder, &opts(Format::Txt)),
        Err(Error::Exists(_))
    ));
    assert_eq!(
        std::fs::read_to_string(folder.join("keep.txt")).unwrap(),
        "mine"
    );
    // An empty folder is fine; with consent, both are replaced.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(run(&lib, &empty, &opts(Format::Txt)).unwrap().documents, 5);
    let force = ExportOptions {
        overwrite: true,
        ..opts(Format::Jsonl)
    };
    run(&lib, &out, &force).unwrap();
    assert_eq!(jsonl(&out).len(), 5);
    run(
        &lib,
        &folder,
        &ExportOptions {
            overwrite: true,
            ..opts(Format::Txt)
        },
    )
    .unwrap();
    assert!(!folder.join("keep.txt").exists());
    // No temporary leftovers.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".corpusdesk"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_cancelled_export_leaves_nothing_behind() {
    let (dir, lib) = library();
    for (format, name) in [
        (Format::Jsonl, "c.jsonl"),
        (Format::Csv, "c.csv"),
        (Format::Txt, "c-texts"),
    ] {
        let dest = dir.path().join(name);
        let r = export::export(
            &lib,
            None,
            &dest,
            &opts(format),
            &AtomicBool::new(true),
            &mut |_| {},
        );
        assert!(matches!(r, Err(Error::Cancelled)), "{r:?}");
        assert!(!dest.exists());
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".corpusdesk"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn duplicates_are_left_out_when_marked_and_keepers_only_keeps_one_per_cluster() {
    let (dir, lib) = library();
    let c = lib.clusters().unwrap().remove(0);
    let out = dir.path().join("k.jsonl");
    let keepers = ExportOptions {
        duplicates: Duplicates::KeepersOnly,
        ..opts(Format::Jsonl)
    };
    run(&lib, &out, &keepers).unwrap();
    let ids: Vec<i64> = jsonl(&out)
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 4);
    assert!(ids.contains(&c.keeper) && !ids.contains(&c.members[0].id));
    lib.resolve_clusters(
        vec![(c.keeper, vec![c.members[0].id])],
        Resolution::MarkDuplicates,
    )
    .unwrap();
    let out = dir.path().join("d.jsonl");
    assert_eq!(run(&lib, &out, &opts(Format::Jsonl)).unwrap().documents, 4);
    let out = dir.path().join("i.jsonl");
    let include = ExportOptions {
        duplicates: Duplicates::IncludeMarked,
        ..opts(Format::Jsonl)
    };
    assert_eq!(run(&lib, &out, &include).unwrap().documents, 5);
    // The cluster report lists the pair.
    let out = dir.path().join("clusters.csv");
    run(&lib, &out, &opts(Format::Clusters)).unwrap();
    let mut r = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 1, "the marked duplicate is left out by default");
    assert_eq!(&rows[0][2], c.keeper.to_string());
}

#[test]
fn a_split_keeps_each_cluster_on_one_side() {
    let (dir, lib) = temp_library();
    let spec = corpusdesk::testkit::corpus::Spec {
        docs: 400,
        seed: 4,
        bad_files: false,
        ..Default::default()
    };
    corpusdesk::testkit::corpus::write(&dir.path().join("in"), &spec).unwrap();
    import(&lib, &[dir.path().join("in")]);
    lib.find_duplicates(&RunOptions::default()).unwrap();
    let out = dir.path().join("split.jsonl");
    let o = ExportOptions {
        split: Some(Split::parse("0.8,0.1,0.1", 7).unwrap()),
        ..opts(Format::Jsonl)
    };
    let report = run(&lib, &out, &o).unwrap();
    let rows = jsonl(&out);
    let mut side_of_cluster = std::collections::HashMap::new();
    for r in &rows {
        if let Some(c) = r["cluster"].as_i64() {
            let side = r["split"].as_str().unwrap().to_string();
            assert_eq!(
                side_of_cluster.entry(c).or_insert(side.clone()),
                &side,
                "cluster {c} split"
            );
        }
    }
    assert!(side_of_cluster.len() > 10);
    let train = rows.iter().filter(|r| r["split"] == "train").count() as f64 / rows.len() as f64;
    assert!((0.7..0.9).contains(&train), "{train}");
    assert_eq!(report.sides.iter().map(|s| s.1).sum::<usize>(), rows.len());
    // The same seed gives the same split; the txt format uses sub-folders.
    let again = dir.path().join("again.jsonl");
    run(&lib, &again, &o).unwrap();
    assert_eq!(jsonl(&again), rows);
    let folder = dir.path().join("texts");
    run(
        &lib,
        &folder,
        &ExportOptions {
            format: Format::Txt,
            ..o.clone()
        },
    )
    .unwrap();
    assert!(folder.join("train").is_dir() && folder.join("test").is_dir());
    assert!(Split::parse("0.8,0.3,0.1", 1).is_err());
    assert!(Split::parse("0.8,0.2", 1).is_err());
}

#[test]
fn the_library_itself_or_a_folder_is_never_a_file_destination() {
    let (dir, lib) = library();
    let before = std::fs::read(lib.path()).unwrap();
    let force = ExportOptions {
        overwrite: true,
        ..opts(Format::Jsonl)
    };
    let err = run(&lib, lib.path(), &force).unwrap_err();
    assert!(err.to_string().contains("the library itself"), "{err}");
    assert_eq!(std::fs::read(lib.path()).unwrap(), before);
    let err = run(&lib, dir.path(), &force).unwrap_err();
    assert!(err.to_string().contains("is a folder"), "{err}");
    let err = lib.backup(lib.path(), true).unwrap_err();
    assert!(err.to_string().contains("the library itself"), "{err}");
    assert_consistent(lib.path());
}

#[test]
fn the_clusters_report_tells_the_story_across_outlets() {
    let (dir, lib) = library();
    let c = lib.clusters().unwrap().remove(0);
    let out = dir.path().join("story.csv");
    run(&lib, &out, &opts(Format::Clusters)).unwrap();
    let mut r = csv::Reader::from_path(&out).unwrap();
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    let keeper = rows
        .iter()
        .find(|row| row[col("document")] == c.keeper.to_string())
        .unwrap();
    let copy = rows
        .iter()
        .find(|row| row[col("document")] == c.members[0].id.to_string())
        .unwrap();
    for row in [keeper, copy] {
        assert_eq!(&row[col("first_seen")], "2023-04-25");
    }
    assert_eq!(&keeper[col("lag_days")], "0");
    assert_eq!(&keeper[col("passages_added")], "0");
    // The copy is undated (its inherited date is not a publication date)
    // and added The Moscow Times' appeal.
    assert_eq!(&copy[col("date")], "");
    assert_eq!(&copy[col("lag_days")], "");
    assert!(copy[col("passages_added")].parse::<usize>().unwrap() >= 1);
    assert!(
        copy[col("outlet")].ends_with(".txt"),
        "no outlet field: the file"
    );
}
