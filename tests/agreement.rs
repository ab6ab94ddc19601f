//! Coder agreement through the library and the CLI, against hand
//! computations; settling a disagreement (and undoing it); the export
//! and import of a project carrying both coders.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use corpusdesk::core::Library;
use corpusdesk::core::coding::agreement::AgreementOptions;
use support::*;

/// Two documents, 100 characters each (plus one only ana coded).
fn library() -> (tempfile::TempDir, Library, Vec<i64>) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("in");
    let body = |c: char| -> String {
        let mut s: String = std::iter::repeat_n(c, 99).collect();
        s.push('.');
        s
    };
    write(&folder.join("a.txt"), body('a'));
    write(&folder.join("b.txt"), body('b'));
    write(&folder.join("c.txt"), body('c'));
    let lib = Library::open(dir.path().join("lib.corpusdesk")).unwrap();
    lib.import(&[folder]).unwrap();
    let conn = lib.reader().unwrap();
    let ids: Vec<i64> = ["a.txt", "b.txt", "c.txt"]
        .iter()
        .map(|n| {
            conn.query_row(
                "SELECT doc_id FROM sources WHERE path_text LIKE '%' || ?1",
                [n],
                |r| r.get(0),
            )
            .unwrap()
        })
        .collect();
    (dir, lib, ids)
}

/// Hand computation. Document a (100 chars):
/// - x: ana 0–20, ben 0–20 → one segment, both.
/// - x: ana 40–60, ben 45–60 (15/20 = 0.75 overlap) → one segment, both.
/// - y: ana 70–80, ben nothing there; ben codes z 70–80 → one segment:
///   y ana only, z ben only.
///
/// Document b (100 chars): x: ben 10–30 only → one segment, ben only;
/// w: ana 80–90 only → one segment, ana only.
/// Document c: only ana → left out.
///
/// Segments: 5. Tag x: both 2, ana only 0, ben only 1, neither 2:
/// pₒ = 4/5; p_A = 2/5, p_B = 3/5; pₑ = .4·.6 + .6·.4 = .48;
/// κ = (.8 − .48)/(1 − .48) = 8/13.
/// Characters for x (N = 200): ana 40, ben 55, both 35 → D = 25,
/// n₁ = 95, n₀ = 305: α = 1 − 399·25/(305·95).
fn code(lib: &Library, ids: &[i64]) {
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    for (tag, doc, range, coder) in [
        ("x", a, (0, 20), "ana"),
        ("x", a, (0, 20), "ben"),
        ("x", a, (40, 60), "ana"),
        ("x", a, (45, 60), "ben"),
        ("y", a, (70, 80), "ana"),
        ("z", a, (70, 80), "ben"),
        ("x", b, (10, 30), "ben"),
        ("w", b, (80, 90), "ana"),
        ("x", c, (10, 30), "ana"),
    ] {
        lib.code(tag, doc, range, coder, None).unwrap();
    }
}

#[test]
fn measures_match_the_hand_computation() {
    let (_dir, lib, ids) = library();
    code(&lib, &ids);
    let r = lib
        .agreement(&AgreementOptions {
            a: "ana".into(),
            b: "ben".into(),
            tag: None,
            overlap: 0.5,
        })
        .unwrap();
    assert_eq!((r.documents, r.documents_one_coder), (2, 1));
    let x = r.tags.iter().find(|t| t.tag == "x").unwrap();
    assert_eq!(
        (x.segments, x.both, x.a_only, x.b_only, x.neither),
        (5, 2, 0, 1, 2)
    );
    assert!((x.percent.unwrap() - 0.8).abs() < 1e-12);
    assert!((x.kappa.unwrap() - 8.0 / 13.0).abs() < 1e-12);
    assert_eq!((x.chars_a, x.chars_b, x.chars_both), (40, 55, 35));
    let alpha = 1.0 - 399.0 * 25.0 / (305.0 * 95.0);
    assert!((x.alpha.unwrap() - alpha).abs() < 1e-12, "{:?}", x.alpha);
    let y = r.tags.iter().find(|t| t.tag == "y").unwrap();
    assert_eq!((y.both, y.a_only, y.b_only, y.neither), (0, 1, 0, 4));
    // Disagreements: y (ana only, ben put z there), z (ben only), x and
    // w in b.
    let mut seen: Vec<(String, i64, bool)> = r
        .disagreements
        .iter()
        .map(|d| (d.tag.clone(), d.doc, d.a.is_empty()))
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("w".to_string(), ids[1], false),
            ("x".to_string(), ids[1], true),
            ("y".to_string(), ids[0], false),
            ("z".to_string(), ids[0], true)
        ]
    );
    let y_dis = r.disagreements.iter().find(|d| d.tag == "y").unwrap();
    assert_eq!(y_dis.instead, vec!["z".to_string()]);
    // A stricter overlap splits 40–60 from 45–60: x agrees less (one tag
    // asked for: the same documents, one table).
    let strict = lib
        .agreement(&AgreementOptions {
            a: "ana".into(),
            b: "ben".into(),
            tag: Some("x".into()),
            overlap: 0.9,
        })
        .unwrap();
    assert_eq!(strict.documents, 2);
    assert_eq!(strict.tags.len(), 1);
    let x = &strict.tags[0];
    assert_eq!((x.both, x.a_only, x.b_only), (1, 1, 2));
    // The same coder twice, or a share out of range: a clear refusal.
    let err = lib
        .agreement(&AgreementOptions {
            a: "ana".into(),
            b: "ana".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert!(err.to_string().contains("two different coders"), "{err}");
}

#[test]
fn settling_a_disagreement_aligns_the_coders_and_undoes() {
    let (_dir, lib, ids) = library();
    code(&lib, &ids);
    let opts = AgreementOptions {
        a: "ana".into(),
        b: "ben".into(),
        tag: None,
        overlap: 0.5,
    };
    let r = lib.agreement(&opts).unwrap();
    let y = r.disagreements.iter().find(|d| d.tag == "y").unwrap();
    // Accept ana's: ben gets y on 70–80 too.
    assert_eq!(lib.settle(y, "ana", "ben", true).unwrap(), 1);
    let after = lib.agreement(&opts).unwrap();
    assert!(!after.disagreements.iter().any(|d| d.tag == "y"));
    // Accept ben's x-only segment in b the other way: ben's passage goes.
    let xb = after.disagreements.iter().find(|d| d.tag == "x").unwrap();
    assert_eq!(lib.settle(xb, "ana", "ben", true).unwrap(), 1);
    let left: Vec<i64> = lib
        .passages_of(ids[1])
        .unwrap()
        .iter()
        .map(|p| p.start)
        .collect();
    assert_eq!(
        left,
        vec![80],
        "ana had no x there: ben's x went, ana's w stays"
    );
    lib.undo().unwrap();
    assert_eq!(lib.passages_of(ids[1]).unwrap().len(), 2);
    lib.undo().unwrap();
    let back = lib.agreement(&opts).unwrap();
    assert_eq!(back.disagreements.len(), r.disagreements.len());
}

#[test]
fn the_cli_lists_coders_and_prints_the_measures() {
    let (dir, lib, ids) = library();
    code(&lib, &ids);
    drop(lib);
    let path = dir.path().join("lib.corpusdesk");
    let p = path.to_str().unwrap();
    let out = corpusdesk(&["--library", p, "agreement"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("ana\t5") && said.contains("ben\t4"), "{said}");
    let json = stdout_json(&corpusdesk(&[
        "--library",
        p,
        "agreement",
        "--coders",
        "ana,ben",
        "--json",
    ]));
    let x = json["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tag"] == "x")
        .unwrap();
    assert!((x["kappa"].as_f64().unwrap() - 8.0 / 13.0).abs() < 1e-12);
    let out = corpusdesk(&[
        "--library",
        p,
        "agreement",
        "--coders",
        "ana,ben",
        "--disagreements",
    ]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("only ana (the other coded it z)"), "{said}");
    let bad = corpusdesk(&["--library", p, "agreement", "--coders", "ana"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("two names"));
}
