//! The shape the code keeps: the core never touches a window toolkit, the
//! front ends never write SQL, panels never take the whole app. Checked
//! over the sources, so a shortcut that breaks the layering fails `cargo test`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn src(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir)
}

/// Lines of `file` (without comments) that contain any of `needles`.
fn offending(file: &Path, needles: &[&str]) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter(|l| needles.iter().any(|n| l.contains(n)))
        .map(|l| format!("{}: {}", file.display(), l.trim()))
        .collect()
}

#[test]
fn the_core_never_imports_a_window_toolkit() {
    let bad: Vec<String> = rust_files(&src("core"))
        .iter()
        .flat_map(|f| offending(f, &["egui", "eframe", "rfd::"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn the_front_ends_never_write_sql() {
    let sql = [
        "SELECT ",
        "INSERT ",
        "UPDATE ",
        "DELETE FROM",
        "query_row",
        "conn.prepare",
        "tx.prepare",
        "prepare_cached",
    ];
    let bad: Vec<String> = [src("gui"), src("cli")]
        .iter()
        .flat_map(|d| rust_files(d))
        .flat_map(|f| offending(&f, &sql))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn panels_take_their_state_not_the_app() {
    let bad: Vec<String> = rust_files(&src("gui/panels"))
        .iter()
        .flat_map(|f| offending(f, &["CorpusApp"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A shortcut named in a tooltip or a question comes from the action
/// table (`Action::key_text`: "⌘Z" on a Mac), never a literal "Ctrl+" (the
/// table itself, and its list of other keys for Help, excepted).
#[test]
fn user_facing_text_names_no_literal_ctrl_key() {
    let bad: Vec<String> = rust_files(&src("gui"))
        .iter()
        .filter(|f| !f.ends_with("command/actions.rs") && !f.ends_with("command/keys.rs"))
        .flat_map(|f| offending(f, &["Ctrl+"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A panel owns its state and answers with commands: it never reaches into
/// the app (`gui::app`), so it can be read, tested and moved alone.
#[test]
fn panels_never_import_the_app() {
    let bad: Vec<String> = rust_files(&src("gui/panels"))
        .iter()
        .flat_map(|f| offending(f, &["gui::app", "super::super::app"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// Each concern's handler names every one of its commands: no catch-all
/// arm that would quietly drop a command routed to it.
#[test]
fn command_handlers_have_no_catch_all_arm() {
    let bad: Vec<String> = rust_files(&src("gui/app/commands"))
        .iter()
        .flat_map(|f| offending(f, &["_ => {}", "_ => (),", "other =>", "_ => return"]))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    // And each concern has its enum beside its handler.
    for f in rust_files(&src("gui/app/commands")) {
        let text = std::fs::read_to_string(&f).unwrap();
        if f.ends_with("mod.rs") {
            continue;
        }
        assert!(
            text.contains("Command {") && text.contains("fn run_"),
            "{} should hold a command enum and its handler",
            f.display()
        );
    }
}

/// Writes happen only in the store (`src/core/store`), through its writer:
/// no other part of the core (or a front end) changes rows itself.
#[test]
fn rows_are_written_only_in_the_store() {
    let writes = ["INSERT ", "UPDATE ", "DELETE FROM", "REPLACE INTO"];
    let bad: Vec<String> = [src("core"), src("gui"), src("cli")]
        .iter()
        .flat_map(|d| rust_files(d))
        .filter(|f| !f.starts_with(src("core/store")))
        .flat_map(|f| offending(&f, &writes))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

/// A core module (a file) by its path: `store::documents`, `dedup`.
type Module = Vec<String>;

fn core_modules() -> std::collections::BTreeMap<Module, String> {
    let root = src("core");
    rust_files(&root)
        .into_iter()
        .map(|f| {
            let rel = f.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Module = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            // Code only: no comments, no tests.
            let text = std::fs::read_to_string(&f).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let code: String = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .map(|l| format!("{l}\n"))
                .collect();
            (parts, code)
        })
        .collect()
}

/// Which core modules each one uses: `crate::core::…` paths, `super::…`
/// paths, and a `mod.rs` re-exporting its children.
fn core_imports() -> std::collections::BTreeMap<Module, std::collections::BTreeSet<Module>> {
    let modules = core_modules();
    let resolve = |path: &[String]| -> Option<Module> {
        (1..=path.len())
            .rev()
            .map(|k| path[..k].to_vec())
            .find(|p| modules.contains_key(p))
    };
    // The lowercase path at the start of `s`: `a::b::Item;` gives `a::b`.
    let words = |s: &str| -> Vec<String> {
        let mut out = Vec::new();
        for piece in s.split("::") {
            let ident: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit())
                .collect();
            let whole = ident.len() == piece.len();
            if !ident.is_empty() {
                out.push(ident);
            }
            if !whole {
                break;
            }
        }
        out
    };
    // The module paths a use names after `base`: `x::y`, or each of a
    // brace list `{x, y::z}` (a path to an item resolves to its module).
    let targets = |base: &Module, rest: &str| -> Vec<Module> {
        let heads: Vec<Vec<String>> = match rest.strip_prefix('{') {
            Some(list) => list
                .split('}')
                .next()
                .unwrap_or("")
                .split(',')
                .map(|item| words(item.trim()))
                .collect(),
            None => vec![words(rest)],
        };
        heads
            .into_iter()
            .filter_map(|head| {
                let mut path = base.clone();
                path.extend(head);
                resolve(&path)
            })
            .collect()
    };
    let mut edges = std::collections::BTreeMap::new();
    for (module, code) in &modules {
        let is_dir = src("core").join(module.join("/")).join("mod.rs").exists();
        let mut used = std::collections::BTreeSet::new();
        for (i, _) in code.match_indices("crate::core::") {
            used.extend(targets(&Vec::new(), &code[i + 13..]));
        }
        for (i, _) in code.match_indices("super::") {
            if i > 0 && code.as_bytes()[i - 1] == b':' {
                continue; // counted with the first `super::`
            }
            // `super` of `a::b` (a file) and of `a::b` (a folder's mod.rs)
            // are both `a`.
            let mut base: Module = module.clone();
            base.pop();
            let mut rest = &code[i + 7..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            used.extend(targets(&base, rest));
        }
        if is_dir {
            for line in code.lines() {
                let l = line.trim_start();
                let l = l
                    .strip_prefix("pub ")
                    .or_else(|| l.strip_prefix("pub(crate) "))
                    .unwrap_or(l);
                if let Some(rest) = l.strip_prefix("use ") {
                    let rest = rest.strip_prefix("self::").unwrap_or(rest);
                    let mut child = module.clone();
                    child.extend(words(rest).into_iter().take(1));
                    if child.len() > module.len() && modules.contains_key(&child) {
                        used.insert(child);
                    }
                }
            }
        }
        used.remove(module);
        edges.insert(module.clone(), used);
    }
    edges
}

/// Tarjan's strongly connected components over `adj`.
struct Tarjan<'a> {
    adj: &'a [Vec<usize>],
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    rings: Vec<Vec<usize>>,
}

impl Tarjan<'_> {
    fn visit(&mut self, v: usize) {
        self.index[v] = self.next;
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        for &w in &self.adj[v] {
            if self.index[w] == usize::MAX {
                self.visit(w);
                self.low[v] = self.low[v].min(self.low[w]);
            } else if self.on_stack[w] {
                self.low[v] = self.low[v].min(self.index[w]);
            }
        }
        if self.low[v] == self.index[v] {
            let mut ring = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack[w] = false;
                ring.push(w);
                if w == v {
                    break;
                }
            }
            if ring.len() > 1 {
                self.rings.push(ring);
            }
        }
    }
}

/// Groups of core modules that import each other in a ring.
fn import_cycles() -> Vec<Vec<String>> {
    let edges = core_imports();
    let names: Vec<&Module> = edges.keys().collect();
    let index_of = |m: &Module| names.iter().position(|n| *n == m).unwrap();
    let adj: Vec<Vec<usize>> = names
        .iter()
        .map(|m| edges[*m].iter().map(index_of).collect())
        .collect();
    let n = names.len();
    let mut t = Tarjan {
        adj: &adj,
        index: vec![usize::MAX; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        rings: Vec::new(),
    };
    for v in 0..n {
        if t.index[v] == usize::MAX {
            t.visit(v);
        }
    }
    t.rings
        .into_iter()
        .map(|ring| {
            let mut r: Vec<String> = ring.iter().map(|&i| names[i].join("::")).collect();
            r.sort();
            r
        })
        .collect()
}

/// No two core modules import each other, directly or round a ring: each
/// floor builds on the ones below (model and errors, the store, the
/// search index, the view, the library on top).
#[test]
fn the_core_has_no_import_cycle() {
    let rings = import_cycles();
    let edges = core_imports();
    let m = |s: &str| -> Module { s.split("::").map(str::to_string).collect() };
    let within: Vec<String> = rings
        .iter()
        .flat_map(|ring| {
            ring.iter().flat_map(|a| {
                edges[&m(a)]
                    .iter()
                    .map(|b| b.join("::"))
                    .filter(|b| ring.contains(b))
                    .map(move |b| format!("{a} -> {b}"))
            })
        })
        .collect();
    assert!(
        rings.is_empty(),
        "modules that import each other: {rings:#?}\nby: {within:#?}"
    );
    // The rings this layout broke, named: the search index never reads the
    // view, the store never the view or the library, the formats'
    // parsers never their dispatcher, the store's shared helpers never the
    // rest of the store.
    for (from, to) in [
        ("search", "view"),
        ("search::sync", "view"),
        ("store::saved", "view"),
        ("store::documents", "view"),
        ("store", "search"),
        ("store", "library"),
        ("import::text", "import::formats"),
        ("import::table", "import::formats"),
        ("store::connection", "store"),
        ("jobs", "store::writer"),
    ] {
        assert!(
            !edges[&m(from)].contains(&m(to)),
            "{from} must not import {to}"
        );
    }
    // And the check sees an import at all.
    assert!(edges[&m("view::filter")].contains(&m("search")));
}
