//! The timeline's counts, filters and the CLI, on libraries with known dates.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise

mod support;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use corpusdesk::core::dedup::RunOptions;
use corpusdesk::core::import::ImportOptions;
use corpusdesk::core::timeline::{self, DateColumn, Granularity, Spec};
use corpusdesk::core::view::{self, DateFilter, Filter};
use support::*;

/// Documents with these dates (`""` for undated), each a distinct story.
fn library_with_dates(dates: &[&str]) -> (tempfile::TempDir, corpusdesk::core::Library) {
    let (dir, lib) = temp_library();
    let src = dir.path().join("in");
    for (i, date) in dates.iter().enumerate() {
        let header = if date.is_empty() {
            String::new()
        } else {
            format!(" date {date} ")
        };
        write(
            &src.join(format!("doc{i:03}.txt")),
            format!(
                "{header}Story number {i}\nA body about subject {i} that no other story shares, {i}.\n"
            ),
        );
    }
    corpusdesk::core::Library::import_paths(
        &lib,
        &[src],
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    (dir, lib)
}

fn counts(
    lib: &corpusdesk::core::Library,
    by: Granularity,
    ids: Option<&[i64]>,
) -> (Vec<(String, u32)>, u32) {
    let col = DateColumn::load(&lib.reader().unwrap(), &AtomicBool::new(false)).unwrap();
    let t = timeline::aggregate(
        &col,
        &Spec {
            by,
            ids,
            include_duplicates: false,
            stories: false,
            stacks: &[],
        },
    );
    (
        t.periods
            .iter()
            .map(|p| (by.label(p.start), p.total()))
            .collect(),
        t.undated,
    )
}

fn owned(v: &[(&str, u32)]) -> Vec<(String, u32)> {
    v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

#[test]
fn counts_at_each_granularity_across_year_boundaries() {
    let (_dir, lib) = library_with_dates(&[
        "2020-12-31",
        "2021-01-03", // a Sunday: ISO week 2020-W53
        "2021-01-04", // Monday: 2021-W01
        "2021-01-04",
        "2021-02", // partial: the first of February
        "2022",    // partial: 1 January 2022
        "",
    ]);
    assert_eq!(
        counts(&lib, Granularity::Day, None),
        (
            owned(&[
                ("2020-12-31", 1),
                ("2021-01-03", 1),
                ("2021-01-04", 2),
                ("2021-02-01", 1),
                ("2022-01-01", 1)
            ]),
            1
        )
    );
    assert_eq!(
        counts(&lib, Granularity::Week, None).0,
        owned(&[
            ("2020-W53", 2),
            ("2021-W01", 2),
            ("2021-W05", 1),
            ("2021-W52", 1)
        ])
    );
    assert_eq!(
        counts(&lib, Granularity::Month, None).0,
        owned(&[
            ("2020-12", 1),
            ("2021-01", 3),
            ("2021-02", 1),
            ("2022-01", 1)
        ])
    );
    assert_eq!(
        counts(&lib, Granularity::Year, None).0,
        owned(&[("2020", 1), ("2021", 4), ("2022", 1)])
    );
}

#[test]
fn filters_combine_tags_search_and_dates() {
    let (_dir, lib) =
        library_with_dates(&["2021-01-04", "2021-01-05", "2021-03-01", "2022-06-01", ""]);
    lib.tag_documents("picked", vec![1, 3, 4, 5], true).unwrap();
    let conn = lib.reader().unwrap();
    let ids = |f: &Filter| {
        let mut v = view::filtered_ids(&conn, f, None, &AtomicBool::new(false)).unwrap();
        v.sort();
        v
    };
    let tag = corpusdesk::core::store::tags::by_name(&conn, "picked")
        .unwrap()
        .unwrap()
        .id;
    let tagged = Filter {
        tags: view::TagFilter {
            include: vec![tag],
            ..Default::default()
        },
        ..Default::default()
    };
    // The timeline of a tag filter counts only its documents.
    let tagged_ids = ids(&tagged);
    assert_eq!(tagged_ids, vec![1, 3, 4, 5]);
    // The timeline's fast path agrees, exclusions included.
    assert_eq!(
        view::tagged_ids(&conn, &tagged.tags).unwrap(),
        Some(tagged_ids.clone())
    );
    lib.tag_documents("left-out", vec![3], true).unwrap();
    let conn = lib.reader().unwrap();
    let out = corpusdesk::core::store::tags::by_name(&conn, "left-out")
        .unwrap()
        .unwrap()
        .id;
    let without = view::TagFilter {
        include: vec![tag],
        exclude: vec![out],
        ..Default::default()
    };
    assert_eq!(
        view::tagged_ids(&conn, &without).unwrap(),
        Some(vec![1, 4, 5])
    );
    assert_eq!(
        ids(&Filter {
            tags: without,
            ..Default::default()
        }),
        vec![1, 4, 5]
    );
    assert_eq!(
        counts(&lib, Granularity::Year, Some(&tagged_ids)),
        (owned(&[("2021", 2), ("2022", 1)]), 1)
    );
    // A period: January 2021, alone and with the tag and a search.
    let jan = DateFilter::Range {
        from: timeline::days_from_civil(2021, 1, 1),
        to: timeline::days_from_civil(2021, 1, 31),
    };
    let in_jan = Filter {
        dates: Some(jan),
        ..Default::default()
    };
    assert_eq!(ids(&in_jan), vec![1, 2]);
    assert_eq!(
        ids(&Filter {
            dates: Some(jan),
            ..tagged.clone()
        }),
        vec![1]
    );
    assert_eq!(
        ids(&Filter {
            query: Some("subject".into()),
            dates: Some(DateFilter::Range {
                from: timeline::days_from_civil(2021, 1, 5),
                to: timeline::days_from_civil(2022, 12, 31),
            }),
            ..Default::default()
        }),
        vec![2, 3, 4]
    );
    assert_eq!(
        ids(&Filter {
            dates: Some(DateFilter::Undated),
            ..Default::default()
        }),
        vec![5]
    );
    // A partial date counts at the first day of its period.
    let (_d2, lib2) = library_with_dates(&["2021-02", "2021"]);
    let conn2 = lib2.reader().unwrap();
    let feb1 = timeline::days_from_civil(2021, 2, 1);
    let f = Filter {
        dates: Some(DateFilter::Range {
            from: feb1,
            to: feb1,
        }),
        ..Default::default()
    };
    assert_eq!(
        view::filtered_ids(&conn2, &f, None, &AtomicBool::new(false)).unwrap(),
        vec![1]
    );
}

#[test]
fn stories_count_each_cluster_once_at_its_earliest_date_and_stacks_split_by_tag() {
    let (dir, lib) = temp_library();
    // The sample pair, dated apart, and one other story.
    let a = std::fs::read_to_string(samples_dir().join("000_90b2de136a6d840f.txt")).unwrap();
    let b = std::fs::read_to_string(samples_dir().join("002_944198b486eb7432.txt")).unwrap();
    write(
        &dir.path().join("in/a.txt"),
        a.replace("2023-04-25", "2023-05-02"),
    );
    write(
        &dir.path().join("in/b.txt"),
        format!(" date 2023-04-20 {b}"),
    );
    write(
        &dir.path().join("in/c.txt"),
        " date 2023-05-03 Another story entirely\nNothing like the others.\n",
    );
    corpusdesk::core::Library::import_paths(
        &lib,
        &[dir.path().join("in")],
        &ImportOptions::default(),
        &Arc::new(AtomicBool::new(false)),
        &mut |_| {},
    )
    .unwrap();
    lib.find_duplicates(&RunOptions::default()).unwrap();
    assert_eq!(lib.clusters().unwrap().len(), 1);
    let col = DateColumn::load(&lib.reader().unwrap(), &AtomicBool::new(false)).unwrap();
    let run = |stories: bool, stacks: &[Vec<i64>]| {
        let t = timeline::aggregate(
            &col,
            &Spec {
                by: Granularity::Month,
                ids: None,
                include_duplicates: false,
                stories,
                stacks,
            },
        );
        t.periods
            .iter()
            .map(|p| (Granularity::Month.label(p.start), p.counts.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(false, &[]),
        vec![
            ("2023-04".to_string(), vec![1]),
            ("2023-05".to_string(), vec![2])
        ]
    );
    // One story in April (the pair, at its earliest date), one in May.
    assert_eq!(
        run(true, &[]),
        vec![
            ("2023-04".to_string(), vec![1]),
            ("2023-05".to_string(), vec![1])
        ]
    );
    // Stacked by a tag on document 3: its own series, the rest "other".
    assert_eq!(
        run(false, &[vec![3]]),
        vec![
            ("2023-04".to_string(), vec![0, 1]),
            ("2023-05".to_string(), vec![1, 1])
        ]
    );
}

#[test]
fn the_cli_prints_periods_as_json() {
    let (dir, lib) = library_with_dates(&["2023-04-25", "2023-04-26", "2023-12-31", ""]);
    drop(lib);
    let path = dir.path().join("test.corpusdesk");
    let p = path.to_str().unwrap();
    let v = stdout_json(&corpusdesk(&[
        "--library",
        p,
        "timeline",
        "--by",
        "week",
        "--json",
    ]));
    assert_eq!(
        v,
        serde_json::json!({"periods": [{"period": "2023-W17", "count": 2}, {"period": "2023-W52", "count": 1}], "undated": 1})
    );
    let v = stdout_json(&corpusdesk(&[
        "--library",
        p,
        "timeline",
        "--by",
        "month",
        "--stories",
        "--json",
    ]));
    assert_eq!(
        v["periods"][0],
        serde_json::json!({"period": "2023-04", "count": 2})
    );
    let bad = corpusdesk(&["--library", p, "timeline", "--by", "fortnight"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("day, week, month, year"));
}
