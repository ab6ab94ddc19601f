//! Entity extraction measured on real news paragraphs annotated by hand
//! (`tests/fixtures/entities/`, four languages, several outlets): typed
//! F1 over person, organisation and place mentions, exact spans.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop at the first surprise
use std::collections::HashSet;

use corpusdesk::core::entities::{Kind, Lang, Lexicon, extract};

/// A fixture's plain text and its gold mentions (byte ranges).
fn gold(path: &str) -> (String, Vec<(usize, usize, Kind)>) {
    let raw = std::fs::read_to_string(path).unwrap();
    let mut text = String::new();
    let mut spans = Vec::new();
    for line in raw.lines() {
        if line.starts_with('#') {
            continue;
        }
        let mut rest = line;
        while let Some(open) = rest.find("[[") {
            text.push_str(&rest[..open]);
            let close = rest[open..].find("]]").unwrap() + open;
            let (name, kind) = rest[open + 2..close].rsplit_once('|').unwrap();
            let kind = match kind {
                "P" => Kind::Person,
                "O" => Kind::Organisation,
                "L" => Kind::Place,
                k => panic!("unknown type {k}"),
            };
            spans.push((text.len(), text.len() + name.len(), kind));
            text.push_str(name);
            rest = &rest[close + 2..];
        }
        text.push_str(rest);
        text.push('\n');
    }
    (text, spans)
}

#[derive(Default, Debug, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn f1(&self) -> f64 {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Score) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// Scores per type for one fixture, printing the misses.
fn score(lang: &str) -> [Score; 3] {
    let (text, gold) = gold(&format!("tests/fixtures/entities/{lang}.txt"));
    let found: Vec<(usize, usize, Kind)> =
        extract(&text, Lang::from_code(Some(lang)), &Lexicon::new())
            .into_iter()
            .map(|m| (m.start, m.end, m.kind))
            .collect();
    let gold_set: HashSet<_> = gold.iter().copied().collect();
    let found_set: HashSet<_> = found.iter().copied().collect();
    let mut scores = [Score::default(); 3];
    for m in &found {
        if gold_set.contains(m) {
            scores[m.2 as usize].tp += 1;
        } else {
            scores[m.2 as usize].fp += 1;
            eprintln!("{lang} extra  {:?} {:?}", &text[m.0..m.1], m.2);
        }
    }
    for m in &gold {
        if !found_set.contains(m) {
            scores[m.2 as usize].fn_ += 1;
            eprintln!("{lang} missed {:?} {:?}", &text[m.0..m.1], m.2);
        }
    }
    scores
}

fn total(scores: &[Score; 3]) -> Score {
    let mut t = Score::default();
    for s in scores {
        t.add(*s);
    }
    t
}

#[test]
fn typed_f1_on_real_news_in_four_languages() {
    let mut all = Score::default();
    let mut by_kind = [Score::default(); 3];
    for lang in ["en", "de", "fr", "es"] {
        let s = score(lang);
        let t = total(&s);
        eprintln!(
            "{lang}: F1 {:.3} (person {:.3}, organisation {:.3}, place {:.3})",
            t.f1(),
            s[0].f1(),
            s[1].f1(),
            s[2].f1()
        );
        assert!(t.f1() >= 0.65, "{lang}: typed F1 {:.3} below 0.65", t.f1());
        all.add(t);
        for k in 0..3 {
            by_kind[k].add(s[k]);
        }
    }
    eprintln!("all: F1 {:.3}", all.f1());
    assert!(all.f1() >= 0.75, "typed F1 {:.3}", all.f1());
    for (k, s) in by_kind.iter().enumerate() {
        assert!(s.f1() >= 0.6, "{:?}: F1 {:.3}", Kind::ALL[k], s.f1());
    }
}

/// Paragraphs annotated after the rules were written, never tuned on: the
/// held-out measure (the target is 0.65).
#[test]
fn typed_f1_on_held_out_newswire() {
    let s = score("heldout-en");
    let t = total(&s);
    eprintln!(
        "held out: F1 {:.3} (person {:.3}, organisation {:.3}, place {:.3})",
        t.f1(),
        s[0].f1(),
        s[1].f1(),
        s[2].f1()
    );
    assert!(t.f1() >= 0.65, "held-out typed F1 {:.3}", t.f1());
}

mod library {
    use std::sync::atomic::AtomicBool;

    use corpusdesk::core::Library;
    use corpusdesk::core::entities::Kind;
    use corpusdesk::core::export::{ExportOptions, Format};
    use corpusdesk::core::filter::Filter;
    use corpusdesk::core::import::ImportOptions;

    fn import(lib: &Library, path: &std::path::Path) {
        lib.import_paths(
            &[path.to_path_buf()],
            &ImportOptions::default(),
            &std::sync::Arc::new(AtomicBool::new(false)),
            &mut |_| {},
        )
        .unwrap();
        lib.extract_entities(&AtomicBool::new(false), &mut |_, _| {})
            .unwrap();
    }

    fn docs_of(lib: &Library, name: &str) -> usize {
        let conn = lib.reader().unwrap();
        let ids = corpusdesk::core::view::filtered_ids(
            &conn,
            &Filter::default(),
            None,
            &AtomicBool::new(false),
        )
        .unwrap();
        let index = lib.entity_index().unwrap();
        index
            .facets(&ids, "", usize::MAX)
            .iter()
            .flatten()
            .filter(|r| r.name == name)
            .map(|r| r.docs)
            .sum()
    }

    fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// The two sample stories: names found in both, a surname alone
    /// counted as the full name, the chip as an export scope, merge and
    /// ignore undoable and kept.
    #[test]
    fn names_are_found_counted_merged_ignored_and_exported() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path().join("l.corpusdesk")).unwrap();
        import(&lib, &std::path::PathBuf::from("../shared/samples"));
        assert_eq!(lib.entities_pending().unwrap(), 0);
        assert_eq!(docs_of(&lib, "Bashar al-Assad"), 2);
        assert_eq!(
            docs_of(&lib, "Assad"),
            0,
            "the surname alone is the same person"
        );
        assert_eq!(
            lib.entity_named("Sergei Shoigu", None).unwrap().kind,
            Kind::Person
        );
        assert_eq!(
            lib.entity_named("Kremlin", None).unwrap().kind,
            Kind::Organisation
        );
        assert_eq!(
            lib.entity_named("Damascus", None).unwrap().kind,
            Kind::Place
        );

        // Merge Ankara into Turkey: one entity, two names; undo splits them.
        let turkey = lib.entity_named("Turkey", None).unwrap().id;
        let ankara = lib.entity_named("Ankara", None).unwrap().id;
        lib.merge_entities(vec![ankara], turkey, None).unwrap();
        assert_eq!(lib.entity_named("Ankara", None).unwrap().id, turkey);
        assert_eq!(docs_of(&lib, "Ankara"), 0);
        lib.undo().unwrap();
        assert_eq!(lib.entity_named("Ankara", None).unwrap().id, ankara);

        // Ignore: gone from the facets, the exports and the next reading.
        let moscow = lib.entity_named("Moscow", None).unwrap().id;
        lib.ignore_entities(vec![moscow], true).unwrap();
        assert!(
            lib.entities_pending().unwrap() > 0,
            "the documents are read again"
        );
        lib.extract_entities(&AtomicBool::new(false), &mut |_, _| {})
            .unwrap();
        assert_eq!(docs_of(&lib, "Moscow"), 0);

        // The entity as an export scope; rows carry their entities.
        let shoigu = lib.entity_named("Sergei Shoigu", None).unwrap();
        let out = dir.path().join("out.jsonl");
        let filter = Filter {
            entities: vec![shoigu.id],
            show_duplicates: true,
            ..Default::default()
        };
        let conn = lib.reader().unwrap();
        let ids =
            corpusdesk::core::view::filtered_ids(&conn, &filter, None, &AtomicBool::new(false))
                .unwrap();
        assert_eq!(ids.len(), 2);
        corpusdesk::core::export::export(
            lib.store(),
            Some(&ids),
            &out,
            &ExportOptions {
                format: Format::Jsonl,
                duplicates: Default::default(),
                split: None,
                overwrite: true,
                shard_rows: None,
            },
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        let row: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        let ents = row["entities"].as_array().unwrap();
        assert!(ents.iter().any(|e| e["name"] == "Sergei Shoigu"
            && e["type"] == "person"
            && e["surface"] == "Shoigu"));
        assert!(
            !ents.iter().any(|e| e["name"] == "Moscow"),
            "ignored names stay out"
        );
        let doc_text = row["text"].as_str().unwrap();
        let first = &ents[0];
        let (s, e) = (
            first["start"].as_u64().unwrap() as usize,
            first["end"].as_u64().unwrap() as usize,
        );
        let surface: String = doc_text.chars().skip(s).take(e - s).collect();
        assert_eq!(
            surface,
            first["surface"].as_str().unwrap(),
            "offsets are characters of the text"
        );

        // Names × documents as CSV.
        let csv_out = dir.path().join("names.csv");
        corpusdesk::core::export::export(
            lib.store(),
            Some(&[row["id"].as_i64().unwrap()]),
            &csv_out,
            &ExportOptions {
                format: Format::Entities,
                duplicates: Default::default(),
                split: None,
                overwrite: true,
                shard_rows: None,
            },
            &AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap();
        let csv = std::fs::read_to_string(&csv_out).unwrap();
        assert!(csv.starts_with("doc_id,title,date,entity,type,surface,start,end"));
        assert!(csv.contains(",Sergei Shoigu,person,Shoigu,"), "{csv}");

        // Kept across a restart.
        drop(conn);
        drop(lib);
        let lib = Library::open(dir.path().join("l.corpusdesk")).unwrap();
        assert!(lib.entity_named("Moscow", None).unwrap().ignored);
    }

    /// A reading stopped (Cancel, a closed window) leaves the rest pending,
    /// and the next one reads only that.
    #[test]
    fn a_stopped_reading_goes_on_where_it_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path().join("l.corpusdesk")).unwrap();
        lib.import_paths(
            &[std::path::PathBuf::from("../shared/samples")],
            &ImportOptions::default(),
            &std::sync::Arc::new(AtomicBool::new(false)),
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(lib.entities_pending().unwrap(), 2);
        let stopped = lib.extract_entities(&AtomicBool::new(true), &mut |_, _| {});
        assert!(matches!(stopped, Err(corpusdesk::core::Error::Cancelled)));
        assert_eq!(lib.entities_pending().unwrap(), 2, "nothing half-read");
        drop(lib);
        let lib = Library::open(dir.path().join("l.corpusdesk")).unwrap();
        let n = lib
            .extract_entities(&AtomicBool::new(false), &mut |_, _| {})
            .unwrap();
        assert_eq!((n, lib.entities_pending().unwrap()), (2, 0));
        let again = lib
            .extract_entities(&AtomicBool::new(false), &mut |_, _| {})
            .unwrap();
        assert_eq!(again, 0, "read documents are not read again");
    }

    /// A shared list's alias applies to documents imported later, and its
    /// ignored names are never found.
    #[test]
    fn an_alias_from_a_shared_list_applies_to_a_later_import() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path().join("l.corpusdesk")).unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir(&a).unwrap();
        write(
            &a,
            "one.txt",
            "Putin visits Minsk\n\nPresident Vladimir Putin met Alexander Lukashenko in Minsk on Monday, the Kremlin said. Read More\n",
        );
        import(&lib, &a);
        assert_eq!(docs_of(&lib, "Vladimir Putin"), 1);
        let list = "canonical,type,aliases,ignored\nVladimir Putin,person,Wladimir Putin|V. Putin,no\nRead More,organisation,,yes\n";
        let report = lib.read_entity_list(&mut list.as_bytes()).unwrap();
        assert_eq!((report.entities, report.aliases, report.ignored), (2, 2, 1));
        let b = dir.path().join("b");
        std::fs::create_dir(&b).unwrap();
        write(
            &b,
            "zwei.txt",
            "Putin in Berlin\n\nDer russische Präsident Wladimir Putin ist am Montag in Berlin eingetroffen. Bundeskanzler Olaf Scholz empfing ihn im Kanzleramt.\n",
        );
        import(&lib, &b);
        assert_eq!(
            docs_of(&lib, "Vladimir Putin"),
            2,
            "the alias counts as the person"
        );
        assert_eq!(docs_of(&lib, "Wladimir Putin"), 0);
        let mut out = Vec::new();
        lib.write_entity_list(&mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("Vladimir Putin,person,Wladimir Putin|V. Putin,no"),
            "{out}"
        );
        assert!(out.contains("Read More,organisation,,yes"), "{out}");
        assert!(
            lib.read_entity_list(&mut "canonical,type\nX,animal\n".as_bytes())
                .is_err(),
            "a bad type is refused"
        );
    }
}

mod hostile {
    use corpusdesk::core::entities::{Lang, Lexicon, extract};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Any text: no panic, mentions inside the text on char boundaries.
        #[test]
        fn extraction_never_panics(text in "(\\PC|[A-Z][a-z]{0,6} |al-|d'|'s |\\. |\n){0,300}") {
            for lang in [Lang::English, Lang::German, Lang::French, Lang::Spanish, Lang::Other] {
                for m in extract(&text, lang, &Lexicon::new()) {
                    prop_assert!(m.start < m.end && m.end <= text.len());
                    prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                }
            }
        }
    }

    /// A megabyte of capitalised words, one without spaces, mixed scripts:
    /// names stay short, mentions bounded.
    #[test]
    fn long_capitalised_runs_no_spaces_and_mixed_scripts_stay_bounded() {
        let caps = "Alpha Beta Gamma Delta ".repeat(50_000);
        let found = extract(&caps, Lang::English, &Lexicon::new());
        assert!(found.len() <= corpusdesk::core::entities::MAX_MENTIONS);
        assert!(
            found
                .iter()
                .all(|m| caps[m.start..m.end].split(' ').count() <= 8)
        );
        let solid = "Ab".repeat(500_000);
        assert!(extract(&solid, Lang::English, &Lexicon::new()).len() <= 1);
        let mixed = "Москва Berlin 東京 Παρίσι al-Ḥasan D'Artagnan ".repeat(2000);
        let _ = extract(&mixed, Lang::Other, &Lexicon::new());
    }
}
