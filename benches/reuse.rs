//! Passage reuse on a graded text-reuse corpus: each answer, written from a
//! source text by cut-and-paste, light revision, heavy revision or
//! independently ("non"), against the sources.
//!
//! The corpus is not shipped (it is not ours to redistribute): point the
//! benchmark at a folder in the layout of Clough & Stevenson's corpus of
//! plagiarised short answers, `file_information.csv` (File,Task,Category)
//! beside the answers and the `orig_task*.txt` sources:
//!
//!     CORPUSDESK_REUSE_CORPUS=/path/to/corpus cargo bench --bench reuse
//!
//! It prints, per category, how many answers were linked to their own
//! task's source (as a duplicate or as related), and every link between an
//! answer and another task's source (which must not happen).
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmarks stop at the first surprise

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use corpusdesk::core::dedup::{self, DocInfo, Options, PairKind};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Ok(dir) = std::env::var("CORPUSDESK_REUSE_CORPUS") else {
        println!(
            "reuse: set CORPUSDESK_REUSE_CORPUS to a folder with file_information.csv \
             (File,Task,Category) and the corpus files; nothing measured"
        );
        return;
    };
    let dir = Path::new(&dir);
    let mut reader = csv::Reader::from_path(dir.join("file_information.csv")).unwrap();
    let mut docs = Vec::new();
    let mut info: HashMap<i64, (String, String, String)> = HashMap::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.unwrap();
        let (file, task, category) = (row[0].to_string(), row[1].to_string(), row[2].to_string());
        let Ok(bytes) = std::fs::read(dir.join(&file)) else {
            continue;
        };
        let text = corpusdesk::core::import::decode::decode(&bytes)
            .unwrap()
            .text;
        let id = i as i64 + 1;
        docs.push(DocInfo {
            id,
            title: String::new(),
            text,
            date: None,
            imported_at: 0,
        });
        info.insert(id, (file, task, category));
    }
    let t = std::time::Instant::now();
    let pairs = dedup::find_pairs(&docs, &Options::default(), &AtomicBool::new(false)).unwrap();
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let source_of: HashMap<&str, i64> = info
        .iter()
        .filter(|(_, (_, _, c))| c == "orig")
        .map(|(&id, (_, task, _))| (task.as_str(), id))
        .collect();
    let kind_of: HashMap<(i64, i64), PairKind> =
        pairs.iter().map(|p| ((p.a, p.b), p.kind)).collect();
    let mut by_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut missed = Vec::new();
    for (&id, (file, task, category)) in &info {
        if category == "orig" {
            continue;
        }
        let entry = by_category.entry(category.as_str()).or_default();
        entry.1 += 1;
        if let Some(&source) = source_of.get(task.as_str())
            && let Some(kind) = kind_of.get(&(id.min(source), id.max(source)))
        {
            entry.0 += 1;
            if category == "non" {
                wrong.push(format!("{file} linked to its task's source as {kind:?}"));
            }
        } else if category == "cut" || category == "light" {
            missed.push(file.as_str());
        }
        for (other_task, &source) in &source_of {
            if other_task != task && kind_of.contains_key(&(id.min(source), id.max(source))) {
                wrong.push(format!("{file} linked to the source of task {other_task}"));
            }
        }
    }
    println!(
        "reuse corpus: {} documents, {} pairs in {ms:.0} ms",
        docs.len(),
        pairs.len()
    );
    for (category, (linked, all)) in &by_category {
        println!("  {category:<6} {linked}/{all} linked to their source");
    }
    missed.sort_unstable();
    for m in &missed {
        println!("  not linked: {m}");
    }
    for w in &wrong {
        println!("  unexpected: {w}");
    }
}
