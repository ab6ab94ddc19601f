//! Timeline benchmark on the 1,000,000-document library of the view
//! benchmark (built once, then reused): loading the date column, and
//! aggregating it by day / week / month / year, with a tag filter, a date
//! range and a text search.
//!
//!     cargo bench --bench timeline

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark stops at the first surprise

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use corpusdesk::core::Library;
use corpusdesk::core::store::tags;
use corpusdesk::core::timeline::{self, DateColumn, Granularity, Spec};
use corpusdesk::core::view::{self, DateFilter, Filter, TagFilter};

/// The best of 5 runs of `f`, and its last result.
fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..5 {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        out = Some(r);
    }
    (best, out.unwrap())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n: usize = std::env::var("CORPUSDESK_BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = corpusdesk::testkit::bulk::library(n);
    let t = Instant::now();
    let lib = Library::open(&path).unwrap();
    eprintln!(
        "opened (and upgraded if needed) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // A tag on every tenth document.
    let conn = lib.reader().unwrap();
    if tags::by_name(&conn, "bench/tenth").unwrap().is_none() {
        let ids: Vec<i64> = (1..=n as i64).step_by(10).collect();
        lib.tag_documents("bench/tenth", ids, true).unwrap();
    }
    let conn = lib.reader().unwrap();
    let tag = tags::by_name(&conn, "bench/tenth").unwrap().unwrap().id;
    let cancel = AtomicBool::new(false);

    let (load, col) = best(|| DateColumn::load(&conn, &cancel).unwrap());
    println!(
        "load the date column of {} documents: {}",
        col.len(),
        ms(load)
    );
    let spec = |by, ids: Option<&'static [i64]>| Spec {
        by,
        ids,
        include_duplicates: false,
        stories: false,
        stacks: &[],
    };
    for by in Granularity::ALL {
        let (d, t) = best(|| timeline::aggregate(&col, &spec(by, None)));
        println!(
            "aggregate all by {}: {} ({} periods, {} undated)",
            by.name(),
            ms(d),
            t.periods.len(),
            t.undated
        );
    }
    let tagged = Filter {
        tags: TagFilter {
            include: vec![tag],
            ..Default::default()
        },
        ..Default::default()
    };
    let (sql, ids) = best(|| view::tagged_ids(&conn, &tagged.tags).unwrap().unwrap());
    let ids: &'static [i64] = Box::leak(ids.into_boxed_slice());
    let (d, _) = best(|| timeline::aggregate(&col, &spec(Granularity::Month, Some(ids))));
    println!(
        "tag filter ({} documents): ids {} (tag index), aggregate by month {}",
        ids.len(),
        ms(sql),
        ms(d)
    );
    let range = Filter {
        dates: Some(DateFilter::Range {
            from: timeline::days_from_civil(2010, 1, 1),
            to: timeline::days_from_civil(2012, 12, 31),
        }),
        ..tagged.clone()
    };
    let (sql, ids) = best(|| view::filtered_ids(&conn, &range, None, &cancel).unwrap());
    let ids: &'static [i64] = Box::leak(ids.into_boxed_slice());
    let (d, _) = best(|| timeline::aggregate(&col, &spec(Granularity::Week, Some(ids))));
    println!(
        "the table's rows for tag + date range ({} documents): {} (SQL), aggregate by week {}",
        ids.len(),
        ms(sql),
        ms(d)
    );
    let stacks = vec![{
        let mut v = ids.to_vec();
        v.sort_unstable();
        v
    }];
    let (d, _) = best(|| {
        timeline::aggregate(
            &col,
            &Spec {
                by: Granularity::Month,
                ids: None,
                include_duplicates: false,
                stories: true,
                stacks: &stacks,
            },
        )
    });
    println!("all, stories, stacked by one tag, by month: {}", ms(d));
    let searched = Filter {
        query: Some("minister".into()),
        ..Default::default()
    };
    let (sql, ids) = best(|| view::filtered_ids(&conn, &searched, None, &cancel).unwrap());
    let ids: &'static [i64] = Box::leak(ids.into_boxed_slice());
    let (d, _) = best(|| timeline::aggregate(&col, &spec(Granularity::Month, Some(ids))));
    println!(
        "search \"minister\" ({} documents): search {}, aggregate by month {}",
        ids.len(),
        ms(sql),
        ms(d)
    );
}
