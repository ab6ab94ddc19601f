//! What a project knows before its documents: users, the tags as the
//! code tree, memos, variables; and the codebook alone.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use rusqlite::Connection;

use crate::core::counts::iso_time;
use crate::core::error::{Error, Result};
use crate::core::exchange::{PROJECT_NS, attr, code_name, guid, text};
use crate::core::model::DocId;
use crate::core::store::{documents, tags};

/// One code of the tree: a tag, or a level of tag names no tag has.
#[derive(Debug, Default)]
pub(super) struct CodeNode {
    pub(super) name: String,
    pub(super) full: String,
    pub(super) color: Option<String>,
    pub(super) tag: Option<i64>,
    pub(super) children: Vec<usize>,
}

/// The tags as a tree of codes (roots first in name order).
pub(super) struct CodeTree {
    pub(super) nodes: Vec<CodeNode>,
    pub(super) roots: Vec<usize>,
    /// Tag id → full name, for passages and document tags.
    pub(super) names: HashMap<i64, String>,
}

impl CodeTree {
    pub(super) fn load(conn: &Connection) -> Result<CodeTree> {
        let mut list = tags::list(conn)?;
        list.sort_by_key(|t| t.name.to_lowercase());
        let mut tree = CodeTree {
            nodes: Vec::new(),
            roots: Vec::new(),
            names: HashMap::new(),
        };
        let mut at: HashMap<String, usize> = HashMap::new();
        for t in list {
            let mut parent: Option<usize> = None;
            let mut full = String::new();
            for part in t.name.split('/').filter(|p| !p.trim().is_empty()) {
                if !full.is_empty() {
                    full.push('/');
                }
                full.push_str(part.trim());
                let key = full.to_lowercase();
                let i = match at.get(&key) {
                    Some(&i) => i,
                    None => {
                        let i = tree.nodes.len();
                        tree.nodes.push(CodeNode {
                            name: part.trim().to_string(),
                            full: full.clone(),
                            ..CodeNode::default()
                        });
                        match parent {
                            Some(p) => tree.nodes[p].children.push(i),
                            None => tree.roots.push(i),
                        }
                        at.insert(key, i);
                        i
                    }
                };
                parent = Some(i);
            }
            if let Some(i) = parent {
                tree.nodes[i].color = Some(t.color.clone());
                tree.nodes[i].tag = Some(t.id);
                tree.names.insert(t.id, tree.nodes[i].full.clone());
            }
        }
        Ok(tree)
    }

    pub(super) fn guid(salt: &str, full: &str) -> String {
        guid(salt, "code", &full.to_lowercase())
    }

    /// The `<Code>` elements; `notes` gives a tag's memo note GUID (none
    /// in a codebook, which has no notes).
    pub(super) fn xml(&self, salt: &str, memos: &Memos, notes: bool, depth: usize) -> String {
        let mut out = String::new();
        for &r in &self.roots {
            self.code_xml(r, salt, memos, notes, depth, &mut out);
        }
        out
    }

    pub(super) fn code_xml(
        &self,
        i: usize,
        salt: &str,
        memos: &Memos,
        notes: bool,
        depth: usize,
        out: &mut String,
    ) {
        let n = &self.nodes[i];
        let pad = "  ".repeat(depth);
        let _ = write!(
            out,
            "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\"",
            Self::guid(salt, &n.full),
            attr(&code_name(&n.name)),
            // A level of names no tag has groups codes; nothing is coded with it.
            n.tag.is_some()
        );
        if let Some(c) = &n.color {
            let _ = write!(out, " color=\"{}\"", c.to_uppercase());
        }
        let memo = n.tag.and_then(|t| memos.get("tag", t));
        if memo.is_none() && n.children.is_empty() {
            out.push_str("/>\n");
            return;
        }
        out.push_str(">\n");
        if let Some(m) = memo {
            let _ = writeln!(out, "{pad}  <Description>{}</Description>", text(&m.text));
            if notes && let Some(t) = n.tag {
                let _ = writeln!(
                    out,
                    "{pad}  <NoteRef targetGUID=\"{}\"/>",
                    note_guid(salt, "tag", t)
                );
            }
        }
        for &c in &n.children {
            self.code_xml(c, salt, memos, notes, depth + 1, out);
        }
        let _ = writeln!(out, "{pad}</Code>");
    }
}

/// A memo as a note.
pub(super) struct Memo {
    pub(super) text: String,
    pub(super) author: String,
    pub(super) created_at: i64,
    pub(super) updated_at: i64,
}

/// Every memo, by (target kind, target id).
pub(super) struct Memos(pub(super) HashMap<(String, i64), Memo>);

impl Memos {
    pub(super) fn load(conn: &Connection) -> Result<Memos> {
        let mut stmt = conn
            .prepare("SELECT target, target_id, text, author, created_at, updated_at FROM memos")?;
        let mut rows = stmt.query([])?;
        let mut map = HashMap::new();
        while let Some(r) = rows.next()? {
            map.insert(
                (r.get(0)?, r.get(1)?),
                Memo {
                    text: r.get(2)?,
                    author: r.get(3)?,
                    created_at: r.get(4)?,
                    updated_at: r.get(5)?,
                },
            );
        }
        Ok(Memos(map))
    }

    pub(super) fn get(&self, kind: &str, id: i64) -> Option<&Memo> {
        self.0.get(&(kind.to_string(), id))
    }
}

pub(super) fn note_guid(salt: &str, kind: &str, id: i64) -> String {
    guid(salt, "note", &format!("{kind}:{id}"))
}

pub(super) fn user_guid(salt: &str, name: &str) -> String {
    guid(salt, "user", name)
}

/// The codebook alone (`.qdc`): the code tree with colours and tag memos
/// as descriptions. Returns how many codes it holds.
pub fn write_codebook(conn: &Connection, salt: &str, out: &mut dyn Write) -> Result<usize> {
    let tree = CodeTree::load(conn)?;
    let memos = Memos::load(conn)?;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<CodeBook xmlns=\"{}\" origin=\"{}\">\n  <Codes>",
        crate::core::exchange::CODEBOOK_NS,
        attr(&origin())
    );
    if tree.nodes.is_empty() {
        return Err(Error::Export(
            "the library has no tags: a codebook needs at least one code".into(),
        ));
    }
    // A codebook's codes have no notes: the memo is the description.
    xml.push_str(&tree.xml(salt, &memos, false, 2));
    xml.push_str("  </Codes>\n</CodeBook>\n");
    out.write_all(xml.as_bytes())?;
    out.flush()?;
    Ok(tree.nodes.len())
}

/// What a project export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProjectCounts {
    pub documents: usize,
    pub passages: usize,
    pub memos: usize,
    pub codes: usize,
    pub sets: usize,
}

pub(super) fn origin() -> String {
    format!("corpusdesk {}", env!("CARGO_PKG_VERSION"))
}

/// The fixed variables, before the metadata keys.
pub(super) const FIXED_VARIABLES: [&str; 3] = ["title", "date", "date_source"];

/// What the project knows before its documents: users, codes, memos,
/// variables.
pub(super) struct Head {
    pub(super) salt: String,
    pub(super) tree: CodeTree,
    pub(super) memos: Memos,
    pub(super) users: Vec<String>,
    pub(super) variables: Vec<String>,
}

impl Head {
    pub(super) fn load(conn: &Connection, salt: &str, ids: &[DocId]) -> Result<Head> {
        let mut users: Vec<String> = conn
            .prepare(
                "SELECT coder FROM passages WHERE removed = 0
                 UNION SELECT author FROM memos",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        users.sort();
        let mut variables: Vec<String> = FIXED_VARIABLES.iter().map(|s| s.to_string()).collect();
        variables.extend(
            documents::meta_keys(conn, ids)?
                .into_iter()
                .filter(|k| !FIXED_VARIABLES.contains(&k.as_str())),
        );
        Ok(Head {
            salt: salt.to_string(),
            tree: CodeTree::load(conn)?,
            memos: Memos::load(conn)?,
            users,
            variables,
        })
    }

    pub(super) fn xml(&self, name: &str) -> String {
        let salt = &self.salt;
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = writeln!(
            out,
            "<Project xmlns=\"{PROJECT_NS}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:schemaLocation=\"{PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd\" \
             name=\"{}\" origin=\"{}\" creationDateTime=\"{}\">",
            attr(name),
            attr(&origin()),
            iso_time(crate::core::store::now()),
        );
        if !self.users.is_empty() {
            out.push_str("  <Users>\n");
        }
        for u in &self.users {
            let _ = writeln!(
                out,
                "    <User guid=\"{}\" name=\"{}\"/>",
                user_guid(salt, u),
                attr(u)
            );
        }
        if !self.users.is_empty() {
            out.push_str("  </Users>\n");
        }
        if !self.tree.nodes.is_empty() {
            out.push_str("  <CodeBook>\n    <Codes>\n");
            out.push_str(&self.tree.xml(salt, &self.memos, true, 3));
            out.push_str("    </Codes>\n  </CodeBook>\n");
        }
        out.push_str("  <Variables>\n");
        for v in &self.variables {
            let _ = writeln!(
                out,
                "    <Variable guid=\"{}\" name=\"{}\" typeOfVariable=\"Text\"/>",
                guid(salt, "variable", v),
                attr(v)
            );
        }
        out.push_str("  </Variables>\n");
        out
    }
}
