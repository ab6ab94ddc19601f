//! The agreement view's state: the two coders, the tag and overlap asked
//! for, the comparison (run in the background, again after each change
//! to the library), and the disagreement being looked at.

use std::collections::HashSet;
use std::sync::Arc;

use crate::core::coding::agreement::{self, Agreement, AgreementOptions, Disagreement};
use crate::core::jobs::Job;
use crate::core::model::DocId;

/// What a run found: the coders, and the comparison when two are chosen.
pub struct Found {
    pub coders: Vec<(String, i64)>,
    pub agreement: Option<Agreement>,
}

/// Text around the disagreement looked at: where it starts, and the text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Window {
    pub key: (DocId, i64, i64),
    pub from: i64,
    pub text: String,
}

/// A disagreement's identity, to keep it out of the list ("keep both").
pub type DisagreementKey = (DocId, String, i64, i64);

pub fn key_of(d: &Disagreement) -> DisagreementKey {
    (d.doc, d.tag.clone(), d.start, d.end)
}

pub struct AgreementState {
    pub coders: Vec<(String, i64)>,
    pub a: String,
    pub b: String,
    /// Only this tag's measures.
    pub tag: Option<String>,
    /// Share of overlap for one segment, 0–1.
    pub overlap: f64,
    pub result: Option<Agreement>,
    pub error: Option<String>,
    /// The disagreement looked at (index into the result's list).
    pub selected: Option<usize>,
    /// Disagreements the user kept both codings of (this session).
    pub kept: HashSet<DisagreementKey>,
    pub window: Option<Window>,
    job: Option<Job<Found, ()>>,
    ran_for: Option<(AgreementOptions, i64)>,
}

impl Default for AgreementState {
    fn default() -> Self {
        AgreementState {
            coders: Vec::new(),
            a: String::new(),
            b: String::new(),
            tag: None,
            overlap: 0.5,
            result: None,
            error: None,
            selected: None,
            kept: HashSet::new(),
            window: None,
            job: None,
            ran_for: None,
        }
    }
}

impl AgreementState {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    pub fn options(&self) -> AgreementOptions {
        AgreementOptions {
            a: self.a.clone(),
            b: self.b.clone(),
            tag: self.tag.clone(),
            overlap: self.overlap,
        }
    }

    /// Compares again when the choices or the library changed.
    pub fn follow(&mut self, library: &Arc<crate::core::Library>, version: i64) {
        let key = (self.options(), version);
        if self.ran_for.as_ref() == Some(&key) {
            return;
        }
        if let Some(job) = &self.job {
            job.cancel();
        }
        self.ran_for = Some(key);
        let library = Arc::clone(library);
        let opts = self.options();
        self.job = Some(Job::spawn("coder agreement", move |_| {
            let conn = library.reader()?;
            let coders = agreement::coders(&conn)?;
            let known = |n: &str| coders.iter().any(|(c, _)| c == n);
            let agreement = if known(&opts.a) && known(&opts.b) && opts.a != opts.b {
                Some(agreement::agreement(&conn, &opts)?)
            } else {
                None
            };
            Ok(Found { coders, agreement })
        }));
    }

    /// Collects a finished run; picks two coders the first time.
    pub fn poll(&mut self) {
        let Some(job) = &mut self.job else {
            return;
        };
        let Some(result) = job.try_result() else {
            return;
        };
        self.job = None;
        match result {
            Ok(found) => {
                self.coders = found.coders;
                self.error = None;
                let names: Vec<&String> = self.coders.iter().map(|(c, _)| c).collect();
                if (self.a.is_empty() || self.b.is_empty()) && names.len() >= 2 {
                    // The two coders with most passages, the first time.
                    self.a = names[0].clone();
                    self.b = names[1].clone();
                    self.ran_for = None;
                }
                let keep = self.selected_key();
                self.result = found.agreement;
                self.selected =
                    keep.and_then(|k| self.visible().iter().position(|d| key_of(d) == k));
                if self.selected.is_none() {
                    self.window = None;
                }
            }
            Err(crate::core::Error::Cancelled) => {}
            Err(e) => {
                self.error = Some(e.to_string());
            }
        }
    }

    /// The disagreements not kept as they are.
    pub fn visible(&self) -> Vec<&Disagreement> {
        self.result.as_ref().map_or(Vec::new(), |r| {
            r.disagreements
                .iter()
                .filter(|d| !self.kept.contains(&key_of(d)))
                .collect()
        })
    }

    pub fn current(&self) -> Option<&Disagreement> {
        self.selected.and_then(|i| self.visible().get(i).copied())
    }

    fn selected_key(&self) -> Option<DisagreementKey> {
        self.current().map(key_of)
    }

    /// Keeps both codings of the disagreement looked at: it leaves the list.
    pub fn keep_current(&mut self) {
        if let Some(k) = self.selected_key() {
            self.kept.insert(k);
            let n = self.visible().len();
            self.selected = self.selected.filter(|&i| i < n);
            self.window = None;
        }
    }
}
