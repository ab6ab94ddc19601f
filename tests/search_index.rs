//! The search index beside the library: derived from it, rebuilt when
//! missing, stale or not its own, and never finding what the library no
//! longer holds.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use corpusdesk::core::search::{self, index, sync};
use corpusdesk::core::{DocState, Library};
use support::*;

fn news() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/news")
}

fn hits(lib: &Library, q: &str) -> Vec<i64> {
    let conn = lib.reader().unwrap();
    search::search(&conn, q, 0)
        .unwrap()
        .into_iter()
        .map(|h| h.document.id)
        .collect()
}

fn in_step(lib: &Library) {
    let conn = lib.reader().unwrap();
    let index = search::current_index(&conn, None).unwrap();
    assert_eq!(sync::verify(&index, &conn).unwrap(), Vec::<String>::new());
}

#[test]
fn a_deleted_index_is_rebuilt_on_the_next_search() {
    let (dir, lib) = temp_library();
    lib.import(&[news()]).unwrap();
    let before = hits(&lib, "strike");
    assert!(!before.is_empty());
    let path = lib.path().to_path_buf();
    drop(lib);
    std::fs::remove_dir_all(index::dir_for(&path)).unwrap();
    let lib = Library::open(&path).unwrap();
    assert_eq!(hits(&lib, "strike"), before);
    in_step(&lib);
    drop(dir);
}

#[test]
fn trashed_and_deleted_documents_are_not_found() {
    let (_dir, lib) = temp_library();
    lib.import(&[news()]).unwrap();
    let found = hits(&lib, "strike");
    lib.set_state(found.clone(), DocState::Trashed).unwrap();
    assert!(hits(&lib, "strike").is_empty());
    // The trash itself is searchable.
    let conn = lib.reader().unwrap();
    let trash = corpusdesk::core::view::Filter {
        query: Some("strike".into()),
        trash: true,
        ..Default::default()
    };
    let in_trash =
        corpusdesk::core::view::filtered_ids(&conn, &trash, None, &Default::default()).unwrap();
    assert_eq!(in_trash.len(), found.len());
    lib.empty_trash().unwrap();
    assert!(
        corpusdesk::core::view::filtered_ids(&conn, &trash, None, &Default::default())
            .unwrap()
            .is_empty()
    );
    in_step(&lib);
}

#[test]
fn a_library_restored_from_an_older_copy_gets_its_index_rebuilt() {
    let (dir, lib) = temp_library();
    lib.import(&[news()]).unwrap();
    let path = lib.path().to_path_buf();
    let strike = hits(&lib, "strike");
    // A copy made now (what a backup is) …
    let copy = dir.path().join("copy.corpusdesk");
    lib.reader()
        .unwrap()
        .execute("VACUUM INTO ?1", [copy.to_str().unwrap()])
        .unwrap();
    // … then more work, which the index follows.
    lib.set_state(strike.clone(), DocState::Trashed).unwrap();
    assert!(hits(&lib, "strike").is_empty());
    drop(lib);
    // Restored: the index is ahead of the library and must not be trusted.
    std::fs::copy(&copy, &path).unwrap();
    let _ = std::fs::remove_file(path.with_extension("corpusdesk-wal"));
    let lib = Library::open(&path).unwrap();
    assert_eq!(hits(&lib, "strike"), strike);
    in_step(&lib);
}

#[test]
fn an_index_beside_a_copied_library_is_not_taken_for_its_own() {
    let (dir, lib) = temp_library();
    lib.import(&[news()]).unwrap();
    let strike = hits(&lib, "strike");
    // Another library whose file sits where this one's index expects its own.
    let other = dir.path().join("other.corpusdesk");
    let other_lib = Library::open(&other).unwrap();
    drop(other_lib);
    let path = lib.path().to_path_buf();
    drop(lib);
    std::fs::remove_file(&path).unwrap();
    std::fs::copy(&other, &path).unwrap();
    let lib = Library::open(&path).unwrap();
    assert!(hits(&lib, "strike").is_empty());
    in_step(&lib);
    drop(lib);
    assert!(!strike.is_empty());
}

#[test]
fn queries_keep_their_meaning() {
    let (_dir, lib) = temp_library();
    lib.import(&[news()]).unwrap();
    let n = |q: &str| hits(&lib, q).len();
    let strike = n("strike");
    assert!(strike > 0);
    assert_eq!(n("STRIKE"), strike);
    assert!(n("strik*") >= strike);
    assert_eq!(n("strike -strike"), 0);
    assert!(n("strike OR zebra") == strike);
    assert_eq!(n("strike zebra"), 0);
    assert_eq!(n("\"rail workers\""), n("\"Rail Workers\""));
    // Diacritics fold both ways.
    assert_eq!(n("assemblee"), n("assemblée"));
    assert!(n("assemblee") > 0);
}

#[test]
fn saved_searches_round_trip_undo_and_serve_the_cli() {
    use corpusdesk::core::store::saved::{self, SavedFilter};
    let (dir, lib) = temp_library();
    lib.import(&[news()]).unwrap();
    let conn = lib.reader().unwrap();
    let strike = hits(&lib, "strike");
    let id = lib
        .save_search(
            "Strikes",
            SavedFilter {
                query: Some("strike".into()),
                ..Default::default()
            },
        )
        .unwrap();
    // A second one of the same name (any case) is refused.
    assert!(lib.save_search("strikes", SavedFilter::default()).is_err());
    let listed = saved::list(&conn).unwrap();
    assert_eq!(listed.len(), 1);
    let filter = listed[0].filter.filter(&conn).unwrap();
    let ids =
        corpusdesk::core::view::filtered_ids(&conn, &filter, None, &Default::default()).unwrap();
    assert_eq!(ids, strike);
    lib.rename_saved_search(id, "Rail strikes").unwrap();
    assert_eq!(saved::list(&conn).unwrap()[0].name, "Rail strikes");
    lib.delete_saved_search(id).unwrap();
    assert!(saved::list(&conn).unwrap().is_empty());
    // Undo brings it back under its last name; undo again, its first.
    lib.undo().unwrap();
    assert_eq!(saved::list(&conn).unwrap()[0].name, "Rail strikes");
    lib.undo().unwrap();
    assert_eq!(saved::list(&conn).unwrap()[0].name, "Strikes");
    let path = lib.path().to_path_buf();
    drop(lib);

    // The CLI: listed with a count, searched, and as an export scope.
    let p = path.to_str().unwrap();
    let out = corpusdesk(&["--library", p, "saved", "list", "--json"]);
    let list = stdout_json(&out);
    assert_eq!(list[0]["name"], "Strikes");
    assert_eq!(list[0]["count"], strike.len());
    let out = corpusdesk(&["--library", p, "search", "--saved", "strikes", "--json"]);
    assert_eq!(stdout_json(&out).as_array().unwrap().len(), strike.len());
    let export = dir.path().join("strikes.jsonl");
    let out = corpusdesk(&[
        "--library",
        p,
        "export",
        "--format",
        "jsonl",
        "--out",
        export.to_str().unwrap(),
        "--saved",
        "Strikes",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&export).unwrap().lines().count(),
        strike.len()
    );
    let out = corpusdesk(&["--library", p, "docs", "--saved", "Strikes", "--json"]);
    let docs = stdout_json(&out);
    let mut ids: Vec<i64> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    let mut want = strike.clone();
    want.sort_unstable();
    assert_eq!(ids, want);
    let out = corpusdesk(&["--library", p, "search", "--saved", "nothing"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no saved search named"));
    let out = corpusdesk(&[
        "--library",
        p,
        "saved",
        "add",
        "Pay",
        "--query",
        "pay -rail",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = corpusdesk(&["--library", p, "saved", "add", "Bad", "--query", "\"open"]);
    assert!(!out.status.success());
    let out = corpusdesk(&["--library", p, "saved", "delete", "Pay"]);
    assert!(out.status.success());
}

#[test]
fn batch_search_from_the_cli_lists_bad_lines_and_writes_the_csv() {
    let (dir, lib) = temp_library();
    lib.import(&[news()]).unwrap();
    let path = lib.path().to_path_buf();
    drop(lib);
    let p = path.to_str().unwrap();
    let queries = dir.path().join("q.csv");
    std::fs::write(
        &queries,
        "query,tag\nstrike OR walkout,labour\na OR,\nparliament,politics\n",
    )
    .unwrap();
    let out_csv = dir.path().join("hits.csv");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "--library",
            p,
            "search",
            "--batch",
            queries.to_str().unwrap(),
            "--csv",
            out_csv.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        corpusdesk(&args)
    };
    let out = run(&["--json", "--tag-hits"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = stdout_json(&out);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["line"], 3);
    assert!(
        rows[1]["error"]
            .as_str()
            .unwrap()
            .contains("OR needs a word")
    );
    let hits = rows[0]["hits"].as_u64().unwrap() + rows[2]["hits"].as_u64().unwrap();
    assert!(hits >= 2);
    let csv = std::fs::read_to_string(&out_csv).unwrap();
    assert_eq!(csv.lines().count() as u64, 1 + hits);
    // Tagged with the CSV's own tags.
    let out = corpusdesk(&["--library", p, "tags", "--json"]);
    let tags = stdout_json(&out).to_string();
    assert!(
        tags.contains("labour") && tags.contains("politics"),
        "{tags}"
    );
    // The CSV is not replaced without --force.
    let out = run(&[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert!(run(&["--force"]).status.success());
}
