//! `corpusdesk_dedup._core`: corpusdesk's duplicate finder, one document or
//! one pair at a time, for Python and Spark. Every function is a step of
//! the app's own run ([`corpusdesk::core::dedup::portable`]) with the app's
//! parameters, so the results are the app's.
//!
//! Keys are Python ints that fit a signed 64-bit column (Spark's
//! `LongType`, Arrow's `int64`).

use std::collections::HashMap;

use corpusdesk::core::dedup::cluster::BoilerLines;
use corpusdesk::core::dedup::portable::{self, Doc, Member, Proposed, Verdict};
use corpusdesk::core::dedup::{PairKind, anchors, minhash, normalize};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A 64-bit key as a signed int (the same bits).
fn signed(k: u64) -> i64 {
    k as i64
}

/// The lines that recur in many documents of a corpus: outlets' mastheads,
/// footers and appeals, left out before comparing.
#[pyclass(frozen, module = "corpusdesk_dedup")]
struct Boilerplate {
    lines: BoilerLines,
}

#[pymethods]
impl Boilerplate {
    /// From line keys (those [`line_keys`] gave that at least
    /// `BOILERPLATE_DOCS` documents hold).
    #[new]
    #[pyo3(signature = (lines=Vec::new()))]
    fn new(lines: Vec<i64>) -> Self {
        Boilerplate {
            lines: lines.into_iter().map(|k| k as u64).collect(),
        }
    }

    /// From `{line key: documents holding it}` counts: the lines in at
    /// least `boilerplate_docs` documents.
    #[staticmethod]
    #[pyo3(signature = (counts, boilerplate_docs=portable::BOILERPLATE_DOCS))]
    fn from_counts(counts: HashMap<i64, u32>, boilerplate_docs: u32) -> Self {
        Boilerplate {
            lines: portable::boiler_lines(
                counts.into_iter().map(|(k, n)| (k as u64, n)),
                boilerplate_docs,
            ),
        }
    }

    fn __len__(&self) -> usize {
        self.lines.len()
    }

    /// The line keys, to ship to workers.
    fn keys(&self) -> Vec<i64> {
        let mut keys: Vec<i64> = self.lines.iter().map(|&k| signed(k)).collect();
        keys.sort_unstable();
        keys
    }

    fn __repr__(&self) -> String {
        format!("Boilerplate({} lines)", self.lines.len())
    }
}

fn no_boiler() -> &'static BoilerLines {
    static EMPTY: std::sync::OnceLock<BoilerLines> = std::sync::OnceLock::new();
    EMPTY.get_or_init(BoilerLines::default)
}

/// A text as the finder reads it: lower case, quotes and dashes folded,
/// one line per line with words.
#[pyfunction]
fn normalise(text: &str) -> String {
    normalize::normalize(text)
}

/// The title the app gives a text without one: its first meaningful line
/// (not a label, dateline or byline), shortened at a word boundary.
#[pyfunction]
fn title(text: &str) -> String {
    corpusdesk::core::import::text::title_of(text, "")
}

/// The distinct line keys of a text, to count across the corpus (a line in
/// many documents is boilerplate).
#[pyfunction]
fn line_keys(py: Python<'_>, text: &str) -> Vec<i64> {
    py.detach(|| portable::line_keys(text))
        .into_iter()
        .map(signed)
        .collect()
}

/// Signs a text: `{"bands": [...], "anchors": [...], "shingles": n}`.
/// Documents sharing a band key are candidates (buckets of at most
/// `MAX_BUCKET`); so are documents sharing `ANCHOR_MIN_SHARED` anchors held
/// by at most `ANCHOR_MAX_DF` documents.
#[pyfunction]
#[pyo3(signature = (text, boilerplate=None))]
fn sign<'py>(
    py: Python<'py>,
    text: &str,
    boilerplate: Option<&Boilerplate>,
) -> PyResult<Bound<'py, PyDict>> {
    let boiler = boilerplate.map_or(no_boiler(), |b| &b.lines);
    let s = py.detach(|| portable::sign(text, boiler));
    let out = PyDict::new(py);
    out.set_item(
        "bands",
        s.bands.into_iter().map(signed).collect::<Vec<i64>>(),
    )?;
    out.set_item("anchors", s.anchors)?;
    out.set_item("shingles", s.shingles)?;
    Ok(out)
}

/// The key of "the same text" (the library's normalised text, hashed).
#[pyfunction]
fn text_key(py: Python<'_>, text: &str) -> i64 {
    signed(py.detach(|| portable::text_key(text)))
}

/// A short notice's key (its headline and day), or None.
#[pyfunction]
#[pyo3(signature = (title, date, text))]
fn notice_key(title: &str, date: Option<&str>, text: &str) -> Option<i64> {
    portable::notice_key(title, date, text.len()).map(signed)
}

fn verdict_dict<'py>(py: Python<'py>, v: &Verdict) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("kind", v.kind.as_str())?;
    out.set_item("containment", v.similarity.containment)?;
    out.set_item("coverage", v.similarity.coverage)?;
    out.set_item("jaccard", v.similarity.jaccard)?;
    let passages: Vec<(u32, u32, u32, u32)> = v
        .passages
        .iter()
        .map(|p| (p.a.start, p.a.end, p.b.start, p.b.end))
        .collect();
    out.set_item("passages", passages)?;
    Ok(out)
}

/// Judges a candidate pair (the lower id as `a`) as the app does:
/// `{"kind": "duplicate" | "related" | "template", "containment",
/// "coverage", "jaccard", "passages": [(a_start, a_end, b_start, b_end)]}`
/// (word ranges), or None when it is not worth keeping. Say how it was
/// proposed: by shingles (band keys or anchors), the same text, the same
/// notice.
#[pyfunction]
#[pyo3(signature = (a_text, a_title, a_date, b_text, b_title, b_date, boilerplate=None, shingles=true, same_text=false, notice=false))]
#[allow(clippy::too_many_arguments)] // the two documents, and how they met
fn judge<'py>(
    py: Python<'py>,
    a_text: &str,
    a_title: &str,
    a_date: Option<&str>,
    b_text: &str,
    b_title: &str,
    b_date: Option<&str>,
    boilerplate: Option<&Boilerplate>,
    shingles: bool,
    same_text: bool,
    notice: bool,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    let boiler = boilerplate.map_or(no_boiler(), |b| &b.lines);
    let a = Doc {
        text: a_text,
        title: a_title,
        date: a_date,
    };
    let b = Doc {
        text: b_text,
        title: b_title,
        date: b_date,
    };
    let how = Proposed {
        shingles,
        same_text,
        notice,
    };
    let v = py.detach(|| portable::judge_pair(&a, &b, boiler, how));
    v.map(|v| verdict_dict(py, &v)).transpose()
}

/// A cluster as Python gets it: the keeper, and each member with its
/// similarity to the keeper.
type ClusterOut = (i64, Vec<(i64, f64)>);

/// The clusters among the duplicate pairs of one connected component, as
/// the app builds them (stars around keepers: dated, then the longest
/// body, then the earliest). `pairs`: `(a, b, containment, coverage,
/// jaccard)`; `members`: `{id: (dated, shingles, order)}`. Returns
/// `[(keeper, [(member, similarity), ...]), ...]`.
#[pyfunction]
#[pyo3(signature = (pairs, members, threshold=portable::DEFAULT_THRESHOLD))]
fn clusters(
    py: Python<'_>,
    pairs: Vec<(i64, i64, f64, f64, f64)>,
    members: HashMap<i64, (bool, usize, i64)>,
    threshold: f64,
) -> PyResult<Vec<ClusterOut>> {
    if !(0.0..=1.0).contains(&threshold) {
        return Err(PyValueError::new_err(format!(
            "threshold {threshold} is not between 0 and 1"
        )));
    }
    let pairs: Vec<(i64, i64, Verdict)> = pairs
        .into_iter()
        .map(|(a, b, containment, coverage, jaccard)| {
            (
                a,
                b,
                Verdict {
                    kind: PairKind::Duplicate,
                    similarity: corpusdesk::core::dedup::Similarity {
                        jaccard,
                        containment,
                        coverage,
                    },
                    passages: Vec::new(),
                },
            )
        })
        .collect();
    let members: HashMap<i64, Member> = members
        .into_iter()
        .map(|(id, (dated, shingles, order))| {
            (
                id,
                Member {
                    dated,
                    shingles,
                    order,
                },
            )
        })
        .collect();
    let found = py.detach(|| portable::clusters(&pairs, &members, threshold));
    Ok(found
        .into_iter()
        .map(|c| {
            (
                c.keeper,
                c.members.iter().map(|m| (m.id, m.similarity)).collect(),
            )
        })
        .collect())
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Boilerplate>()?;
    m.add_function(wrap_pyfunction!(normalise, m)?)?;
    m.add_function(wrap_pyfunction!(line_keys, m)?)?;
    m.add_function(wrap_pyfunction!(title, m)?)?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(text_key, m)?)?;
    m.add_function(wrap_pyfunction!(notice_key, m)?)?;
    m.add_function(wrap_pyfunction!(judge, m)?)?;
    m.add_function(wrap_pyfunction!(clusters, m)?)?;
    m.add("THRESHOLD", portable::DEFAULT_THRESHOLD)?;
    m.add("BOILERPLATE_DOCS", portable::BOILERPLATE_DOCS)?;
    m.add("MAX_BUCKET", portable::MAX_BUCKET)?;
    m.add("EXTRA_GROUP", portable::EXTRA_GROUP)?;
    m.add("SHORT_NOTICE_BYTES", portable::SHORT_NOTICE_BYTES)?;
    m.add("MAX_SIDE_PAIRS", portable::MAX_SIDE_PAIRS)?;
    m.add("ANCHOR_MAX_DF", anchors::MAX_DF)?;
    m.add("ANCHOR_MIN_SHARED", anchors::MIN_SHARED)?;
    m.add("BANDS", minhash::BANDS)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
