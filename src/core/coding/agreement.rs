//! Agreement between two coders over the documents both coded.
//!
//! **Segments.** Every passage either coder made in those documents is a
//! segment; segments that overlap by at least a chosen share (the
//! characters both cover over the characters either covers) are one
//! *unit*. For each tag and unit, each coder either applied the tag there
//! or not: a 2×2 table per tag (both, A only, B only, neither) gives the
//! percent agreement and Cohen's kappa, κ = (pₒ − pₑ) / (1 − pₑ) with
//! pₑ = p_A·p_B + (1 − p_A)(1 − p_B).
//!
//! **Characters.** Krippendorff's α with each character of the documents
//! as a unit and "coded with the tag" as its value (the unitized α of a
//! binary coding along the text, at the grain of one character):
//! α = 1 − (n − 1)·D / (n₀·n₁), n = 2N values for N characters, D the
//! characters only one coder coded, n₁ the characters coded counted per
//! coder, n₀ = n − n₁.
//!
//! Disagreements are the units where one coder applied a tag and the
//! other did not, each with both coders' passages there.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::core::error::{Error, Result};
use crate::core::model::{DocId, DocState, PassageId};

/// Which coders, which tag, how much overlap makes one segment.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementOptions {
    pub a: String,
    pub b: String,
    /// Only this tag's measures (by full name); else every tag either
    /// coder used. The documents and segments are the same either way.
    pub tag: Option<String>,
    /// Share of overlap (0 < share ≤ 1) for two passages to be one segment.
    pub overlap: f64,
}

impl Default for AgreementOptions {
    fn default() -> Self {
        AgreementOptions {
            a: String::new(),
            b: String::new(),
            tag: None,
            overlap: 0.5,
        }
    }
}

/// The measures for one tag (or all tags together).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TagAgreement {
    pub tag: String,
    /// Segments (units) in the documents both coded.
    pub segments: usize,
    pub both: usize,
    pub a_only: usize,
    pub b_only: usize,
    pub neither: usize,
    /// Share of segments where the coders agree (0–1).
    pub percent: Option<f64>,
    /// Cohen's kappa over segments; none when chance agreement is total.
    pub kappa: Option<f64>,
    /// Krippendorff's α over characters; none when nothing varies.
    pub alpha: Option<f64>,
    /// Characters coded with the tag by A, by B, by both.
    pub chars_a: i64,
    pub chars_b: i64,
    pub chars_both: i64,
}

/// One coder's passage in a disagreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub id: PassageId,
    pub start: i64,
    pub end: i64,
}

/// A segment where one coder applied a tag and the other did not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub doc: DocId,
    pub title: String,
    pub tag: String,
    /// The characters the segment spans.
    pub start: i64,
    pub end: i64,
    /// A's and B's passages with this tag in the segment (one side empty).
    pub a: Vec<Side>,
    pub b: Vec<Side>,
    /// The tags the other coder put on the segment instead.
    pub instead: Vec<String>,
}

/// Two coders compared.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    pub a: String,
    pub b: String,
    pub overlap: f64,
    /// Documents both coded.
    pub documents: usize,
    /// Documents only one of them coded (left out of the measures).
    pub documents_one_coder: usize,
    pub tags: Vec<TagAgreement>,
    /// All tags together.
    pub overall: TagAgreement,
    pub disagreements: Vec<Disagreement>,
}

/// Every coder with how many passages they coded, most first.
pub fn coders(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT p.coder, count(*) FROM passages p JOIN documents d ON d.id = p.doc_id
          WHERE p.removed = 0 AND d.state != ?1 GROUP BY p.coder ORDER BY count(*) DESC, p.coder",
    )?;
    let rows = stmt.query_map([DocState::Trashed as i64], |r| r.try_into())?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Settles a disagreement between coders `a` and `b` the way one of them
/// coded it: the other coder's passages of the tag in the segment go and
/// the chosen coder's are coded for them too (one undo step). Returns how
/// many passages changed.
pub fn settle(
    tx: &rusqlite::Transaction,
    d: &Disagreement,
    a: &str,
    b: &str,
    take_a: bool,
) -> Result<usize> {
    let (keep, drop, coder) = if take_a {
        (&d.a, &d.b, b)
    } else {
        (&d.b, &d.a, a)
    };
    let remove: Vec<PassageId> = drop.iter().map(|s| s.id).collect();
    let add: Vec<(DocId, i64, i64)> = keep.iter().map(|s| (d.doc, s.start, s.end)).collect();
    let label = format!(
        "accept {}'s coding of '{}'",
        if take_a { a } else { b },
        d.tag
    );
    crate::core::store::passages::settle(tx, &d.tag, &remove, &add, coder, &label)
}

/// Characters `from..to` of a document (a window around a segment), read
/// without loading the whole text.
pub fn window(conn: &Connection, doc: DocId, from: i64, to: i64) -> Result<String> {
    let from = from.max(0);
    Ok(conn
        .prepare_cached("SELECT substr(text, ?2 + 1, ?3) FROM documents WHERE id = ?1")?
        .query_row(params![doc, from, (to - from).max(0)], |r| r.get(0))?)
}

/// A passage as compared: (id, tag name, start, end, coder is A).
#[derive(Debug, Clone)]
struct Seg {
    id: PassageId,
    tag: String,
    start: i64,
    end: i64,
    a: bool,
}

/// Compares coders `a` and `b` (see the module).
pub fn agreement(conn: &Connection, opts: &AgreementOptions) -> Result<Agreement> {
    if opts.a == opts.b {
        return Err(Error::Query(format!(
            "compare two different coders (both are {:?})",
            opts.a
        )));
    }
    if !(opts.overlap > 0.0 && opts.overlap <= 1.0) {
        return Err(Error::Query(
            "the overlap share must be above 0 and at most 1 (e.g. 0.5)".into(),
        ));
    }
    let mut by_doc: BTreeMap<DocId, Vec<Seg>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT p.id, p.doc_id, t.name, p.start, p.end, p.coder = ?1
           FROM passages p JOIN tags t ON t.id = p.tag_id JOIN documents d ON d.id = p.doc_id
          WHERE p.removed = 0 AND d.state != ?3 AND p.coder IN (?1, ?2)
          ORDER BY p.doc_id, p.start, p.end, p.id",
    )?;
    let mut rows = stmt.query(params![opts.a, opts.b, DocState::Trashed as i64])?;
    while let Some(r) = rows.next()? {
        by_doc.entry(r.get(1)?).or_default().push(Seg {
            id: r.get(0)?,
            tag: r.get(2)?,
            start: r.get(3)?,
            end: r.get(4)?,
            a: r.get(5)?,
        });
    }
    let mut out = Agreement {
        a: opts.a.clone(),
        b: opts.b.clone(),
        overlap: opts.overlap,
        ..Agreement::default()
    };
    // The documents both coded, and every tag either coder used in them.
    let shared: Vec<(&DocId, &Vec<Seg>)> = by_doc
        .iter()
        .filter(|(_, segs)| segs.iter().any(|s| s.a) && segs.iter().any(|s| !s.a))
        .collect();
    out.documents = shared.len();
    out.documents_one_coder = by_doc.len() - shared.len();
    let mut tables: BTreeMap<String, TagAgreement> = BTreeMap::new();
    let asked = |tag: &str| {
        opts.tag
            .as_deref()
            .is_none_or(|t| t.trim().eq_ignore_ascii_case(tag))
    };
    for s in shared
        .iter()
        .flat_map(|(_, segs)| segs.iter())
        .filter(|s| asked(&s.tag))
    {
        tables.entry(s.tag.clone()).or_insert_with(|| TagAgreement {
            tag: s.tag.clone(),
            ..TagAgreement::default()
        });
    }
    let mut total_chars = 0i64;
    let mut doc_info =
        conn.prepare_cached("SELECT title, length(text) FROM documents WHERE id = ?1")?;
    for (doc, segs) in shared {
        let (title, len): (String, i64) = doc_info.query_row([doc], |r| r.try_into())?;
        total_chars += len;
        let units = units(segs, opts.overlap);
        for t in tables.values_mut() {
            count_units(t, segs, &units);
            count_chars(t, segs);
        }
        disagreements(&mut out.disagreements, *doc, &title, segs, &units);
    }
    out.disagreements.retain(|d| asked(&d.tag));
    let mut overall = TagAgreement {
        tag: "all tags".into(),
        ..TagAgreement::default()
    };
    for t in tables.values_mut() {
        finish(t, total_chars);
        overall.segments += t.segments;
        overall.both += t.both;
        overall.a_only += t.a_only;
        overall.b_only += t.b_only;
        overall.neither += t.neither;
        overall.chars_a += t.chars_a;
        overall.chars_b += t.chars_b;
        overall.chars_both += t.chars_both;
    }
    finish(&mut overall, total_chars * tables.len() as i64);
    out.tags = tables.into_values().collect();
    out.overall = overall;
    Ok(out)
}

/// The segments as units: groups of passages (indexes into `segs`, which
/// are in start order) linked by enough overlap.
fn units(segs: &[Seg], share: f64) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..segs.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // Passages still open at each start, pruned as the sweep passes them.
    let mut open: Vec<usize> = Vec::new();
    for (i, s) in segs.iter().enumerate() {
        open.retain(|&j| segs[j].end > s.start);
        for &j in &open {
            let o = &segs[j];
            let both = (o.end.min(s.end) - o.start.max(s.start)).max(0);
            let either = o.end.max(s.end) - o.start.min(s.start);
            if either > 0 && both as f64 / either as f64 >= share - 1e-12 {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                parent[ri] = rj;
            }
        }
        open.push(i);
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..segs.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|g| g[0]);
    out
}

fn count_units(t: &mut TagAgreement, segs: &[Seg], units: &[Vec<usize>]) {
    for u in units {
        let a = u.iter().any(|&i| segs[i].a && segs[i].tag == t.tag);
        let b = u.iter().any(|&i| !segs[i].a && segs[i].tag == t.tag);
        t.segments += 1;
        match (a, b) {
            (true, true) => t.both += 1,
            (true, false) => t.a_only += 1,
            (false, true) => t.b_only += 1,
            (false, false) => t.neither += 1,
        }
    }
}

/// The characters of one document a coder coded with the tag (merged).
fn coverage(segs: &[Seg], tag: &str, a: bool) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    for s in segs.iter().filter(|s| s.a == a && s.tag == tag) {
        match out.last_mut() {
            Some(last) if s.start <= last.1 => last.1 = last.1.max(s.end),
            _ => out.push((s.start, s.end)),
        }
    }
    out
}

fn count_chars(t: &mut TagAgreement, segs: &[Seg]) {
    let (ca, cb) = (coverage(segs, &t.tag, true), coverage(segs, &t.tag, false));
    t.chars_a += ca.iter().map(|(s, e)| e - s).sum::<i64>();
    t.chars_b += cb.iter().map(|(s, e)| e - s).sum::<i64>();
    let (mut i, mut j) = (0, 0);
    while i < ca.len() && j < cb.len() {
        let both = ca[i].1.min(cb[j].1) - ca[i].0.max(cb[j].0);
        if both > 0 {
            t.chars_both += both;
        }
        if ca[i].1 < cb[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// Percent, kappa and alpha from the counts; `chars` is N, the characters
/// compared.
fn finish(t: &mut TagAgreement, chars: i64) {
    let n = t.segments as f64;
    if t.segments > 0 {
        let po = (t.both + t.neither) as f64 / n;
        let pa = (t.both + t.a_only) as f64 / n;
        let pb = (t.both + t.b_only) as f64 / n;
        let pe = pa * pb + (1.0 - pa) * (1.0 - pb);
        t.percent = Some(po);
        t.kappa = (pe < 1.0 - 1e-12).then(|| (po - pe) / (1.0 - pe));
    }
    let values = 2.0 * chars as f64;
    let n1 = (t.chars_a + t.chars_b) as f64;
    let n0 = values - n1;
    let d = (t.chars_a + t.chars_b - 2 * t.chars_both) as f64;
    t.alpha = (n0 > 0.0 && n1 > 0.0).then(|| 1.0 - (values - 1.0) * d / (n0 * n1));
}

fn disagreements(
    out: &mut Vec<Disagreement>,
    doc: DocId,
    title: &str,
    segs: &[Seg],
    units: &[Vec<usize>],
) {
    for u in units {
        let mut tags: HashMap<&str, (Vec<Side>, Vec<Side>)> = HashMap::new();
        for &i in u {
            let s = &segs[i];
            let side = Side {
                id: s.id,
                start: s.start,
                end: s.end,
            };
            let e = tags.entry(s.tag.as_str()).or_default();
            if s.a { e.0.push(side) } else { e.1.push(side) }
        }
        let start = u.iter().map(|&i| segs[i].start).min().unwrap_or(0);
        let end = u.iter().map(|&i| segs[i].end).max().unwrap_or(0);
        let mut names: Vec<&&str> = tags.keys().collect();
        names.sort();
        for tag in names {
            let (a, b) = &tags[*tag];
            if a.is_empty() == b.is_empty() {
                continue;
            }
            let other_is_a = a.is_empty();
            let mut instead: Vec<String> = u
                .iter()
                .map(|&i| &segs[i])
                .filter(|s| s.a == other_is_a && s.tag != *tag)
                .map(|s| s.tag.clone())
                .collect();
            instead.sort();
            instead.dedup();
            out.push(Disagreement {
                doc,
                title: title.to_string(),
                tag: tag.to_string(),
                start,
                end,
                a: a.clone(),
                b: b.clone(),
                instead,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(id: i64, tag: &str, start: i64, end: i64, a: bool) -> Seg {
        Seg {
            id,
            tag: tag.into(),
            start,
            end,
            a,
        }
    }

    #[test]
    fn units_join_passages_that_overlap_enough() {
        let segs = vec![
            seg(1, "x", 0, 10, true),
            seg(2, "x", 2, 10, false), // 8 of 10: one unit at 0.5
            seg(3, "y", 20, 30, true),
            seg(4, "y", 28, 40, false), // 2 of 20: apart
        ];
        assert_eq!(units(&segs, 0.5), vec![vec![0, 1], vec![2], vec![3]]);
        assert_eq!(units(&segs, 0.9), vec![vec![0], vec![1], vec![2], vec![3]]);
    }

    /// Hand-computed: 10 units; tag x: both 4, A only 1, B only 1,
    /// neither 4. pₒ = 0.8; p_A = p_B = 0.5; pₑ = 0.5; κ = 0.6.
    #[test]
    fn kappa_and_percent_match_a_hand_computation() {
        let mut t = TagAgreement {
            tag: "x".into(),
            segments: 10,
            both: 4,
            a_only: 1,
            b_only: 1,
            neither: 4,
            ..TagAgreement::default()
        };
        finish(&mut t, 100);
        assert!((t.percent.unwrap() - 0.8).abs() < 1e-12);
        assert!((t.kappa.unwrap() - 0.6).abs() < 1e-12);
    }

    /// Hand-computed: 10 characters; A codes 0–4, B codes 2–6. Per
    /// character (A,B): 2×(1,0), 2×(1,1), 2×(0,1), 4×(0,0). n = 20,
    /// n₁ = 8, n₀ = 12, D = 4: α = 1 − 19·4/(12·8) = 0.208333…
    #[test]
    fn alpha_over_characters_matches_a_hand_computation() {
        let segs = vec![seg(1, "x", 0, 4, true), seg(2, "x", 2, 6, false)];
        let mut t = TagAgreement {
            tag: "x".into(),
            ..TagAgreement::default()
        };
        count_chars(&mut t, &segs);
        assert_eq!((t.chars_a, t.chars_b, t.chars_both), (4, 4, 2));
        finish(&mut t, 10);
        assert!((t.alpha.unwrap() - (1.0 - 76.0 / 96.0)).abs() < 1e-12);
        // Perfect agreement: α = 1; nothing coded: no α.
        let same = vec![seg(1, "x", 0, 4, true), seg(2, "x", 0, 4, false)];
        let mut t = TagAgreement {
            tag: "x".into(),
            ..TagAgreement::default()
        };
        count_chars(&mut t, &same);
        finish(&mut t, 10);
        assert!((t.alpha.unwrap() - 1.0).abs() < 1e-12);
        let mut none = TagAgreement::default();
        finish(&mut none, 10);
        assert_eq!(none.alpha, None);
    }

    /// Hand-computed, scattered: 10 characters; A codes characters 1 and
    /// 7, B codes 0 and 1. n₁ = 4, n₀ = 16, D = 2 (characters 0 and 7):
    /// α = 1 − 19·2/(16·4) = 0.40625.
    #[test]
    fn alpha_on_scattered_units() {
        let segs = vec![
            seg(1, "x", 1, 2, true),
            seg(2, "x", 7, 8, true),
            seg(3, "x", 0, 2, false),
        ];
        let mut t = TagAgreement {
            tag: "x".into(),
            ..TagAgreement::default()
        };
        count_chars(&mut t, &segs);
        assert_eq!((t.chars_a, t.chars_b, t.chars_both), (2, 2, 1));
        finish(&mut t, 10);
        assert!((t.alpha.unwrap() - (1.0 - 38.0 / 64.0)).abs() < 1e-12);
    }
}
