//! The real binary, run as a script would.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use support::*;

fn lib_arg(dir: &tempfile::TempDir) -> String {
    dir.path()
        .join("lib.corpusdesk")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn help_lists_the_commands() {
    let out = corpusdesk(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for cmd in ["import", "docs", "search", "dedup", "--library"] {
        assert!(text.contains(cmd), "{cmd} in {text}");
    }
}

#[test]
fn import_docs_and_search_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    write(&dir.path().join("extra/empty.txt"), "");
    let samples = samples_dir();
    let out = corpusdesk(&[
        "--library",
        &lib,
        "import",
        samples.to_str().unwrap(),
        dir.path().join("extra").to_str().unwrap(),
        "--json",
    ]);
    let report = stdout_json(&out);
    assert_eq!(report["imported"], 2);
    assert_eq!(report["already_present"], 0);
    assert_eq!(report["errors"][0]["reason"], "empty file");
    assert!(
        report["errors"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("empty.txt")
    );

    let again = stdout_json(&corpusdesk(&[
        "--library",
        &lib,
        "import",
        samples.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(
        (
            again["imported"].as_u64(),
            again["already_present"].as_u64()
        ),
        (Some(0), Some(2))
    );

    let docs = stdout_json(&corpusdesk(&["--library", &lib, "docs", "--json"]));
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    let first = &docs[0];
    for key in [
        "id",
        "title",
        "path",
        "paths",
        "date",
        "date_source",
        "encoding",
        "tags",
    ] {
        assert!(first.get(key).is_some(), "{key}");
    }
    assert_eq!(first["date"], "2023-04-25");
    assert_eq!(first["date_source"], "header");
    assert_eq!(first["encoding"], "UTF-8");
    assert_eq!(first["tags"], serde_json::json!([]));
    assert_eq!(docs[1]["date"], serde_json::Value::Null);

    let hits = stdout_json(&corpusdesk(&[
        "--library",
        &lib,
        "search",
        "Moscow Times",
        "--json",
    ]));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("002_944198b486eb7432.txt")
    );
    assert!(hits[0]["snippet"].as_str().unwrap().contains("«Moscow»"));

    // Everyday input just works; ranking puts the better match first.
    for q in [
        "Syria's",
        "U.S.",
        "covid-19",
        "Shoig*",
        "\"civil war\" -zebra",
        "Kremlin OR Tehran",
    ] {
        let out = corpusdesk(&["--library", &lib, "search", q, "--json"]);
        assert!(
            out.status.success(),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let hits = stdout_json(&corpusdesk(&[
        "--library",
        &lib,
        "search",
        "donation OR Advertisement",
        "--json",
    ]));
    assert_eq!(hits.as_array().unwrap().len(), 1);
}

#[test]
fn a_malformed_query_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    for q in ["\"unclosed", "OR", "-only"] {
        let out = corpusdesk(&["--library", &lib, "search", q, "--json"]);
        assert!(!out.status.success(), "{q}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("invalid search"), "{err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn rejected_files_do_not_fail_the_run_but_a_bad_library_does() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let out = corpusdesk(&["--library", &lib, "import", "/no/such/folder", "--json"]);
    let report = stdout_json(&out);
    assert_eq!(report["errors"][0]["reason"], "no such file or folder");
    let not_lib = dir.path().join("x.txt");
    write(&not_lib, "hello");
    let out = corpusdesk(&[
        "--library",
        not_lib.to_str().unwrap(),
        "import",
        samples_dir().to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a corpusdesk library"));
}

#[test]
fn text_output_is_readable() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let out = corpusdesk(&["--library", &lib, "import", samples_dir().to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 2 documents"));
    let out = corpusdesk(&["--library", &lib, "docs"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2023-04-25") && text.contains("undated"),
        "{text}"
    );
}

#[test]
fn tagging_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    corpusdesk(&["--library", &lib, "import", samples_dir().to_str().unwrap()]);
    let out = corpusdesk(&[
        "--library",
        &lib,
        "tag",
        "add",
        "conflict/syria",
        "--ids",
        "1,2",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("tagged 2 documents"));
    corpusdesk(&[
        "--library",
        &lib,
        "tag",
        "add",
        "moscow-times",
        "--query",
        "\"Moscow Times\"",
    ]);
    let tags = stdout_json(&corpusdesk(&["--library", &lib, "tags", "--json"]));
    let tags = tags.as_array().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0]["name"], "conflict/syria");
    assert_eq!(tags[0]["count"], 2);
    assert!(tags[0]["color"].as_str().unwrap().starts_with('#'));
    assert_eq!(tags[1]["name"], "moscow-times");
    assert_eq!(tags[1]["count"], 1);
    let docs = stdout_json(&corpusdesk(&["--library", &lib, "docs", "--json"]));
    assert_eq!(
        docs[1]["tags"],
        serde_json::json!(["conflict/syria", "moscow-times"])
    );
    let out = corpusdesk(&[
        "--library",
        &lib,
        "tag",
        "remove",
        "conflict/syria",
        "--query",
        "Shoigu",
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("untagged 2 documents"));
    // Neither ids nor a query: a usage error, nothing tagged.
    let out = corpusdesk(&["--library", &lib, "tag", "add", "x"]);
    assert!(!out.status.success());
}

#[test]
fn dedup_prints_the_sample_pair_as_one_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let samples = samples_dir();
    let out = corpusdesk(&["--library", &lib, "import", samples.to_str().unwrap()]);
    assert!(out.status.success());
    let v = stdout_json(&corpusdesk(&["--library", &lib, "dedup", "--json"]));
    let clusters = v["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1, "{v}");
    let c = &clusters[0];
    assert!(c["id"].is_i64());
    let members = c["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    let keeper = c["keeper"].as_i64().unwrap();
    assert!(members.iter().any(|m| m["id"].as_i64() == Some(keeper)));
    for m in members {
        assert_eq!(m["date"], "2023-04-25");
        assert!(m["path"].as_str().unwrap().ends_with(".txt"));
    }
    let sim = c["similarity"].as_f64().unwrap();
    assert!((0.6..=1.0).contains(&sim), "{sim}");
    // Above the pair's similarity there is no cluster; the cluster id is stable.
    let v = stdout_json(&corpusdesk(&[
        "--library",
        &lib,
        "dedup",
        "--threshold",
        "0.95",
        "--json",
    ]));
    assert_eq!(v["clusters"].as_array().unwrap().len(), 0);
    let v = stdout_json(&corpusdesk(&[
        "--library",
        &lib,
        "dedup",
        "--threshold",
        "0.6",
        "--json",
    ]));
    assert_eq!(v["clusters"][0]["keeper"], keeper);
    let bad = corpusdesk(&["--library", &lib, "dedup", "--threshold", "1.5"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("between"));
}

#[test]
fn dedup_lists_related_and_same_template_pairs_apart() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reuse");
    let out = corpusdesk(&["--library", &lib, "import", fixtures.to_str().unwrap()]);
    assert!(out.status.success());
    let out = corpusdesk(&["--library", &lib, "dedup"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("no duplicates found"), "{text}");
    assert!(text.contains("same template: "), "{text}");
    assert!(text.contains("related (shares passages): "), "{text}");
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("0 clusters, 1 related pair, 1 same-template pair"),
        "{summary}"
    );
    let v = stdout_json(&corpusdesk(&["--library", &lib, "dedup", "--json"]));
    let mut kinds: Vec<&str> = v["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, vec!["related", "template"], "{v}");
}

#[test]
fn export_writes_jsonl_and_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let samples = samples_dir();
    assert!(
        corpusdesk(&["--library", &lib, "import", samples.to_str().unwrap()])
            .status
            .success()
    );
    let out = dir.path().join("out.jsonl");
    let o = out.to_str().unwrap();
    let r = corpusdesk(&["--library", &lib, "export", "--format", "jsonl", "--out", o]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(String::from_utf8_lossy(&r.stdout).contains("exported 2 documents"));
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["date"], "2023-04-25");
    let again = corpusdesk(&["--library", &lib, "export", "--format", "jsonl", "--out", o]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    // Dates narrow the export; --force replaces the file.
    let r = corpusdesk(&[
        "--library",
        &lib,
        "export",
        "--format",
        "jsonl",
        "--out",
        o,
        "--from",
        "2024",
        "--force",
    ]);
    assert!(r.status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 0);
    // A search narrows it too: the phrase only one outlet's copy has.
    let r = corpusdesk(&[
        "--library",
        &lib,
        "export",
        "--format",
        "jsonl",
        "--out",
        o,
        "--query",
        "\"latest headlines\" google",
        "--force",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0]["source_path"].as_str().unwrap().contains("000_"));
    let bad = corpusdesk(&[
        "--library",
        &lib,
        "export",
        "--format",
        "jsonl",
        "--out",
        o,
        "--query",
        "\"unclosed",
        "--force",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("quote"));
    let bad = corpusdesk(&["--library", &lib, "export", "--format", "xml", "--out", o]);
    assert!(!bad.status.success());
    let bad = corpusdesk(&[
        "--library",
        &lib,
        "export",
        "--format",
        "jsonl",
        "--out",
        o,
        "--split",
        "0.9,0.9,0.1",
        "--force",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("add up to 1"));
}

/// The .desktop entry passes `desktop-file-validate` (installed by .ci/run).
#[test]
fn the_desktop_entry_validates() {
    let entry = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpusdesk.desktop");
    let text = std::fs::read_to_string(&entry).unwrap();
    assert!(text.contains("Exec=corpusdesk %F") && text.contains("MimeType=text/plain;"));
    match std::process::Command::new("desktop-file-validate")
        .arg(&entry)
        .output()
    {
        Ok(out) => assert!(
            out.status.success() && out.stdout.is_empty(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => assert!(
            std::env::var_os("CI").is_none(),
            "desktop-file-validate is missing: .ci/run installs desktop-file-utils"
        ),
    }
}

#[test]
fn docs_and_export_take_a_metadata_filter() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let exports = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports");
    let out = corpusdesk(&["--library", &lib, "import", exports.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = stdout_json(&corpusdesk(&[
        "--library",
        &lib,
        "docs",
        "--json",
        "--where",
        "outlet=\"The Times (London)\"",
    ]));
    let titles: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Port strike ends after pay deal"]);
    let file = dir.path().join("de.jsonl");
    let out = corpusdesk(&[
        "--library",
        &lib,
        "export",
        "--format",
        "jsonl",
        "--out",
        file.to_str().unwrap(),
        "--where",
        "lang=de",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut titles: Vec<&str> = lines.iter().map(|d| d["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "Hafen Hamburg meldet Rekordumschlag",
            "Sturmflut an der englischen Südküste: Hafenmauer bricht"
        ]
    );
    assert!(
        lines.iter().all(|d| d["date_source"] == "metadata"),
        "{lines:?}"
    );
    // A malformed filter is a clear error.
    let out = corpusdesk(&["--library", &lib, "docs", "--where", "outlet"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected field=value"));
}

#[test]
fn tag_folders_tags_each_document_with_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let bbc = dir.path().join("bbc");
    write(
        &bbc.join("business/001.txt"),
        "Shares fall\n\nMarkets fell today.",
    );
    write(
        &bbc.join("tech/mobile/002.txt"),
        "New phone\n\nA phone was launched.",
    );
    write(&bbc.join("top.txt"), "Top story\n\nSomething happened.");
    let out = corpusdesk(&[
        "--library",
        &lib,
        "import",
        "--tag-folders",
        bbc.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = stdout_json(&corpusdesk(&["--library", &lib, "docs", "--json"]));
    let tags_of = |title: &str| {
        docs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["title"] == title)
            .unwrap()["tags"]
            .clone()
    };
    assert_eq!(tags_of("Shares fall"), serde_json::json!(["business"]));
    assert_eq!(tags_of("New phone"), serde_json::json!(["tech/mobile"]));
    assert_eq!(tags_of("Top story"), serde_json::json!([]));
}

/// `corpusdesk docs | head -1`: the reader closes the pipe after one line;
/// the command ends quietly with success (it said "Broken pipe (os error
/// 32): Broken pipe (os error 32)" and exited 1, or panicked in println!).
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let spec = corpusdesk::testkit::corpus::Spec {
        docs: 1200,
        seed: 4,
        bad_files: false,
        ..Default::default()
    };
    corpusdesk::testkit::corpus::write(&dir.path().join("in"), &spec).unwrap();
    let out = corpusdesk(&[
        "--library",
        &lib,
        "import",
        dir.path().join("in").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    for args in [&["docs"][..], &["docs", "--json"], &["kwic", "the"]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_corpusdesk"))
            .arg("--library")
            .arg(&lib)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // One read, then the pipe is closed, as `head -1` does.
        let mut first = [0u8; 64];
        let n = child.stdout.as_mut().unwrap().read(&mut first).unwrap();
        assert!(n > 0, "{args:?} printed something");
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `--entity` right after an import from the command line, before any
/// `corpusdesk entities`: the documents are read for names first, so the
/// export, the Words commands and the passages all find the name.
#[test]
fn entity_scope_works_right_after_a_command_line_import() {
    let dir = tempfile::tempdir().unwrap();
    let lib = lib_arg(&dir);
    let samples = samples_dir();
    let r = corpusdesk(&["--library", &lib, "import", samples.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = dir.path().join("shoigu.jsonl");
    let o = out.to_str().unwrap();
    let r = corpusdesk(&[
        "--library",
        &lib,
        "export",
        "--format",
        "jsonl",
        "--out",
        o,
        "--entity",
        "Sergei Shoigu",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2);
    // One outlet's copy alone names Google (its "follow us" line).
    let freq = stdout_json(&corpusdesk(&[
        "--library",
        &lib,
        "freq",
        "--entity",
        "Google",
        "--json",
        "--limit",
        "0",
    ]));
    assert_eq!(freq["documents"], 1, "{freq}");
    let r = corpusdesk(&[
        "--library",
        &lib,
        "passages",
        "--entity",
        "Google",
        "--json",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // A name no document has is still refused with its reason.
    let r = corpusdesk(&[
        "--library",
        &lib,
        "export",
        "--format",
        "jsonl",
        "--out",
        o,
        "--force",
        "--entity",
        "Nobody Atall",
    ]);
    assert!(!r.status.success());
    assert!(String::from_utf8_lossy(&r.stderr).contains("no entity named"));
}
