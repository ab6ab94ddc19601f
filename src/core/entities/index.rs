//! The entities of every document, in memory, for the facets: each
//! document's distinct entities (merged variants counted as the entity
//! they were merged into, ignored ones left out) in two flat arrays
//! indexed by document id. Counting the top entities of a filtered list
//! touches only that list's documents; "appears with" ranks the entities
//! named in the same documents by log-Dice.

use std::collections::HashMap;

use rusqlite::Connection;

use super::Kind;
use crate::core::error::Result;
use crate::core::model::{DocId, EntityId};
use crate::core::store::entities;

/// An entity as the facets show it (variants merged in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    pub id: EntityId,
    pub name: String,
    pub kind: Kind,
    /// The other names merged into it.
    pub variants: Vec<String>,
}

/// One facet line: an entity and how many documents of the list name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetRow {
    pub id: EntityId,
    pub name: String,
    pub kind: Kind,
    pub docs: usize,
}

/// An entity named in the same documents as another.
#[derive(Debug, Clone, PartialEq)]
pub struct Partner {
    pub id: EntityId,
    pub name: String,
    pub kind: Kind,
    /// Documents naming both.
    pub together: usize,
    /// 14 + log2(2·both / (one + other)): 14 at most, higher is closer.
    pub log_dice: f64,
}

#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    /// The library state it was built from ([`entities::version`]).
    pub version: (i64, i64, i64, i64),
    pub roots: Vec<Root>,
    by_id: HashMap<EntityId, u32>,
    /// Every stored entity (variants too) to its root's place.
    slots: HashMap<EntityId, u32>,
    /// The ignored entities (not variants), to show again: id, name, type.
    pub ignored: Vec<(EntityId, String, Kind)>,
    /// Document `d`'s entities are `ents[offsets[d]..offsets[d + 1]]`.
    offsets: Vec<u32>,
    ents: Vec<u32>,
}

impl EntityIndex {
    /// Reads the library's entities and mentions.
    pub fn build(conn: &Connection) -> Result<EntityIndex> {
        let version = entities::version(conn)?;
        let all = entities::all(conn)?;
        let merged: HashMap<EntityId, EntityId> = all
            .iter()
            .filter_map(|e| e.merged_into.map(|m| (e.id, m)))
            .collect();
        let by_entity: HashMap<EntityId, &entities::Entity> =
            all.iter().map(|e| (e.id, e)).collect();
        let mut roots: Vec<Root> = Vec::new();
        let mut by_id: HashMap<EntityId, u32> = HashMap::new();
        // Each stored entity to its root's place in `roots` (ignored: none).
        let mut slot: HashMap<EntityId, u32> = HashMap::new();
        let mut ignored = Vec::new();
        for e in &all {
            let root_id = entities::root_of(&merged, e.id);
            let Some(root) = by_entity.get(&root_id) else {
                continue;
            };
            if root.ignored || e.ignored {
                if e.ignored && e.merged_into.is_none() {
                    ignored.push((e.id, e.name.clone(), e.kind));
                }
                continue;
            }
            let i = *by_id.entry(root_id).or_insert_with(|| {
                roots.push(Root {
                    id: root.id,
                    name: root.name.clone(),
                    kind: root.kind,
                    variants: Vec::new(),
                });
                (roots.len() - 1) as u32
            });
            if e.id != root_id {
                roots[i as usize].variants.push(e.name.clone());
            }
            slot.insert(e.id, i);
        }
        let mut docs: Vec<(DocId, Vec<u32>)> = Vec::new();
        entities::doc_entities(conn, &mut |doc, entity| {
            let Some(&i) = slot.get(&entity) else {
                return;
            };
            match docs.last_mut() {
                Some((d, list)) if *d == doc => {
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
                _ => docs.push((doc, vec![i])),
            }
        })?;
        let mut index = EntityIndex::from_parts(roots, docs);
        index.version = version;
        index.slots = slot;
        ignored.sort_by(|a: &(EntityId, String, Kind), b| a.1.cmp(&b.1));
        index.ignored = ignored;
        Ok(index)
    }

    /// An index of these roots and documents (each document's distinct
    /// places in `roots`, documents in id order).
    pub fn from_parts(roots: Vec<Root>, docs: Vec<(DocId, Vec<u32>)>) -> EntityIndex {
        let by_id: HashMap<EntityId, u32> = roots
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i as u32))
            .collect();
        let max = docs.iter().map(|(d, _)| *d).max().unwrap_or(0).max(0) as usize;
        let mut offsets = vec![0u32; max + 2];
        let mut ents = Vec::with_capacity(docs.iter().map(|(_, l)| l.len()).sum());
        let mut next = 0usize;
        for (doc, list) in docs {
            let d = doc.max(0) as usize;
            while next <= d {
                offsets[next] = ents.len() as u32;
                next += 1;
            }
            ents.extend(list);
        }
        while next < offsets.len() {
            offsets[next] = ents.len() as u32;
            next += 1;
        }
        EntityIndex {
            version: (0, 0, 0, 0),
            roots,
            slots: by_id.clone(),
            ignored: Vec::new(),
            by_id,
            offsets,
            ents,
        }
    }

    /// A document's entities (places in [`Self::roots`]).
    fn of_doc(&self, doc: DocId) -> &[u32] {
        let d = doc.max(0) as usize;
        if d + 1 >= self.offsets.len() {
            return &[];
        }
        &self.ents[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }

    /// The entity (merged variants resolved) by id.
    pub fn root(&self, id: EntityId) -> Option<&Root> {
        self.by_id.get(&id).map(|&i| &self.roots[i as usize])
    }

    /// The entity a stored entity (a variant too) counts as; `None` for an
    /// ignored one.
    pub fn resolve(&self, stored: EntityId) -> Option<&Root> {
        self.slots.get(&stored).map(|&i| &self.roots[i as usize])
    }

    /// The entities `doc` names.
    pub fn doc_roots(&self, doc: DocId) -> impl Iterator<Item = &Root> {
        self.of_doc(doc).iter().map(|&i| &self.roots[i as usize])
    }

    /// Documents of `ids` per entity.
    fn counts(&self, ids: &[DocId]) -> Vec<u32> {
        let mut counts = vec![0u32; self.roots.len()];
        for &d in ids {
            for &e in self.of_doc(d) {
                counts[e as usize] += 1;
            }
        }
        counts
    }

    /// The `top` entities of each type over `ids` (most documents first),
    /// those whose name or a variant holds `needle` (any case).
    pub fn facets(&self, ids: &[DocId], needle: &str, top: usize) -> [Vec<FacetRow>; 3] {
        let counts = self.counts(ids);
        let needle = needle.trim().to_lowercase();
        let mut out: [Vec<FacetRow>; 3] = Default::default();
        for kind in Kind::ALL {
            let mut rows: Vec<(u32, u32)> = counts
                .iter()
                .enumerate()
                .filter(|&(i, &c)| c > 0 && self.roots[i].kind == kind)
                .filter(|&(i, _)| needle.is_empty() || self.matches(i, &needle))
                .map(|(i, &c)| (i as u32, c))
                .collect();
            let by = |a: &(u32, u32), b: &(u32, u32)| {
                b.1.cmp(&a.1).then_with(|| {
                    self.roots[a.0 as usize]
                        .name
                        .cmp(&self.roots[b.0 as usize].name)
                })
            };
            if rows.len() > top {
                rows.select_nth_unstable_by(top, by);
                rows.truncate(top);
            }
            rows.sort_by(by);
            out[kind as usize] = rows
                .into_iter()
                .map(|(i, c)| {
                    let r = &self.roots[i as usize];
                    FacetRow {
                        id: r.id,
                        name: r.name.clone(),
                        kind: r.kind,
                        docs: c as usize,
                    }
                })
                .collect();
        }
        out
    }

    fn matches(&self, i: usize, needle: &str) -> bool {
        let r = &self.roots[i];
        r.name.to_lowercase().contains(needle)
            || r.variants.iter().any(|v| v.to_lowercase().contains(needle))
    }

    /// The entities most often named with `entity` in `ids`, by log-Dice
    /// (at least two documents together when the list is large).
    pub fn appears_with(&self, ids: &[DocId], entity: EntityId, top: usize) -> Vec<Partner> {
        let Some(&x) = self.by_id.get(&entity) else {
            return Vec::new();
        };
        let counts = self.counts(ids);
        let mut together = vec![0u32; self.roots.len()];
        for &d in ids {
            let list = self.of_doc(d);
            if list.contains(&x) {
                for &e in list {
                    together[e as usize] += 1;
                }
            }
        }
        let fx = counts[x as usize] as f64;
        let min = if ids.len() > 1000 { 2 } else { 1 };
        let mut out: Vec<Partner> = together
            .iter()
            .enumerate()
            .filter(|&(i, &t)| i != x as usize && t >= min)
            .map(|(i, &t)| {
                let r = &self.roots[i];
                let fy = counts[i] as f64;
                Partner {
                    id: r.id,
                    name: r.name.clone(),
                    kind: r.kind,
                    together: t as usize,
                    log_dice: 14.0 + (2.0 * t as f64 / (fx + fy)).log2(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.log_dice
                .total_cmp(&a.log_dice)
                .then(b.together.cmp(&a.together))
                .then_with(|| a.name.cmp(&b.name))
        });
        out.truncate(top);
        out
    }
}
