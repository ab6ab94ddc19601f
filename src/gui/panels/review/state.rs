//! The duplicate review's state: the stored pairs and decisions (loaded in
//! the background), the clusters at the slider's threshold (rebuilt in
//! memory as the slider moves), the selected cluster, its side-by-side diff,
//! and the detection job.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;

use crate::core::Library;
use crate::core::dedup::cluster::build_clusters;
use crate::core::dedup::diff::{self, Side};
use crate::core::dedup::story::StoryCopy;
use crate::core::dedup::{self, Cluster, RunOptions, RunProgress, RunReport};
use crate::core::error::Result;
use crate::core::jobs::Job;
use crate::core::model::{DocId, DocState};
use crate::core::store::{self, documents};

pub use crate::core::store::review::ReviewData;

use super::pairs::{PairLists, ReviewList};

fn load(path: &std::path::Path) -> Result<ReviewData> {
    store::review::load(&store::open_reader(path)?)
}

/// What the list shows of a document.
#[derive(Debug, Clone)]
pub struct Summary {
    pub title: String,
    pub date: Option<String>,
    pub date_source: Option<String>,
    pub path: String,
    pub state: DocState,
    pub tags: Vec<String>,
}

/// Two documents side by side, marked where they differ.
pub struct DiffView {
    pub left: DocId,
    pub right: DocId,
    pub left_side: Side,
    pub right_side: Side,
    /// Per line of each text: learned boilerplate (shown dimmed).
    pub left_boiler: Vec<bool>,
    pub right_boiler: Vec<bool>,
}

/// How the cluster list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ClusterOrder {
    /// Largest first, then most similar (the finder's order).
    #[default]
    Size,
    /// Most similar first: the safest decisions at the top.
    MostSimilar,
    /// Least similar first: the doubtful ones at the top.
    LeastSimilar,
}

impl ClusterOrder {
    pub const ALL: [ClusterOrder; 3] = [
        ClusterOrder::Size,
        ClusterOrder::MostSimilar,
        ClusterOrder::LeastSimilar,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ClusterOrder::Size => "Largest first",
            ClusterOrder::MostSimilar => "Most similar first",
            ClusterOrder::LeastSimilar => "Least similar first",
        }
    }
}

pub struct ReviewState {
    pub threshold: f64,
    /// The list's order.
    pub order: ClusterOrder,
    pub hide_resolved: bool,
    data: Option<Arc<ReviewData>>,
    loading: Option<Job<ReviewData, ()>>,
    /// The library changed since the data was loaded.
    pub stale: bool,
    /// The clusters at `threshold`, filtered, largest and most similar first.
    pub clusters: Vec<Cluster>,
    /// All clusters at `threshold`, and how many are resolved.
    pub total: usize,
    pub resolved: usize,
    /// The keeper of the selected cluster.
    pub selected: Option<DocId>,
    /// The member compared with the keeper.
    pub compare: Option<DocId>,
    summaries: HashMap<DocId, Summary>,
    pub diff: Option<DiffView>,
    pub run: Option<Job<RunReport, RunProgress>>,
    pub progress: RunProgress,
    pub error: Option<String>,
    /// When the slider last moved (egui time), to store the threshold after a pause.
    pub threshold_moved_at: Option<f64>,
    /// Scroll the list to the selected cluster on the next frame.
    pub scroll_to_selected: bool,
    /// The clusters after the selected one when a decision was taken on
    /// it, in list order: once the decision shows, the first of them still
    /// open is selected (the next cluster, not the first of the list).
    advance_to: Option<Vec<DocId>>,
    /// Ignore case and punctuation in the diff, not only quote, dash and
    /// spacing styles.
    pub loose_diff: bool,
    /// The list shown: duplicate clusters, related pairs or same-template pairs.
    pub list: ReviewList,
    /// The related and same-template pairs.
    pub pairs: PairLists,
    /// The selected cluster's story across outlets (by its keeper).
    pub story: Option<(DocId, Vec<StoryCopy>)>,
    /// Keeps the two text panes scrolled together.
    pub pane_sync: PaneSync,
    /// The (keeper, member) the panes show, to start a new pair at the top.
    pub shown_pair: Option<(DocId, DocId)>,
}

/// The two panes' last offsets, and where one must move to follow the other.
#[derive(Debug, Default, Clone, Copy)]
pub struct PaneSync {
    pub last: [f32; 2],
    pub pending: [Option<f32>; 2],
}

impl Default for ReviewState {
    fn default() -> Self {
        ReviewState {
            threshold: dedup::DEFAULT_THRESHOLD,
            order: ClusterOrder::default(),
            hide_resolved: true,
            data: None,
            loading: None,
            stale: true,
            clusters: Vec::new(),
            total: 0,
            resolved: 0,
            selected: None,
            compare: None,
            summaries: HashMap::new(),
            diff: None,
            run: None,
            progress: RunProgress::default(),
            error: None,
            threshold_moved_at: None,
            scroll_to_selected: false,
            advance_to: None,
            loose_diff: false,
            list: ReviewList::default(),
            pairs: PairLists::default(),
            story: None,
            pane_sync: PaneSync::default(),
            shown_pair: None,
        }
    }
}

impl ReviewState {
    pub fn is_loaded(&self) -> bool {
        self.data.is_some()
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    pub fn is_running(&self) -> bool {
        self.run.is_some()
    }

    /// Documents in the duplicate index (0 before the first run).
    pub fn indexed(&self) -> usize {
        self.data.as_ref().map_or(0, |d| d.indexed)
    }

    /// Starts loading the review data when it is stale and nothing loads yet.
    pub fn load_if_stale(&mut self, path: PathBuf) {
        if self.stale && self.loading.is_none() && self.run.is_none() {
            self.stale = false;
            self.loading = Some(Job::spawn("load duplicates", move |_| load(&path)));
        }
    }

    /// Starts duplicate detection in the background.
    pub fn start_run(&mut self, library: Arc<Library>, full: bool) {
        if self.run.is_some() {
            return;
        }
        self.error = None;
        self.progress = RunProgress {
            stage: "Starting".into(),
            ..Default::default()
        };
        let opts = RunOptions {
            full,
            ..Default::default()
        };
        self.run = Some(Job::spawn("find duplicates", move |ctx| {
            let mut report = |p: &RunProgress| ctx.report(p.clone());
            dedup::run(&library, &opts, ctx.cancel_flag(), &mut report)
        }));
    }

    pub fn cancel_run(&mut self) {
        if let Some(run) = &self.run {
            run.cancel();
        }
    }

    /// Collects background results. Returns true when detection finished
    /// (the library changed).
    pub fn poll(&mut self, conn: &Connection) -> bool {
        let mut finished = false;
        if let Some(run) = &mut self.run {
            if let Some(p) = run.progress() {
                self.progress = p.clone();
            }
            if let Some(result) = run.try_result() {
                self.run = None;
                finished = true;
                self.stale = true;
                match result {
                    Ok(report) => {
                        tracing::info!(
                            indexed = report.indexed,
                            documents = report.documents,
                            clusters = report.clusters,
                            "duplicate search finished"
                        );
                    }
                    Err(crate::core::Error::Cancelled) => {}
                    Err(e) => self.error = Some(format!("Finding duplicates failed: {e}")),
                }
            }
        }
        if let Some(job) = &mut self.loading
            && let Some(result) = job.try_result()
        {
            self.loading = None;
            match result {
                Ok(data) => {
                    if self.data.is_none() {
                        self.threshold = data.threshold;
                    }
                    self.data = Some(Arc::new(data));
                    self.summaries.clear();
                    self.rebuild(conn);
                }
                Err(e) => self.error = Some(format!("Cannot read the duplicates: {e}")),
            }
        }
        finished
    }

    /// Rebuilds the cluster list at the current threshold and filter.
    pub fn rebuild(&mut self, conn: &Connection) {
        let Some(data) = &self.data else {
            return;
        };
        self.pairs.rebuild(&data.pairs, &data.info, &data.different);
        if self.list != ReviewList::Duplicates {
            self.pairs.ensure_selected(conn, self.list);
        }
        let all = build_clusters(&data.pairs, &data.info, &data.different, self.threshold);
        let resolved = |c: &Cluster| {
            c.members
                .iter()
                .all(|m| data.states.get(&m.id) != Some(&DocState::Active))
        };
        self.total = all.len();
        self.resolved = all.iter().filter(|c| resolved(c)).count();
        let mut clusters: Vec<Cluster> = if self.hide_resolved {
            all.into_iter().filter(|c| !resolved(c)).collect()
        } else {
            all
        };
        match self.order {
            ClusterOrder::Size => {}
            ClusterOrder::MostSimilar => {
                clusters.sort_by(|a, b| b.similarity().total_cmp(&a.similarity()))
            }
            ClusterOrder::LeastSimilar => {
                clusters.sort_by(|a, b| a.similarity().total_cmp(&b.similarity()))
            }
        }
        // Resolved ones after the others (a stable sort keeps the order).
        clusters.sort_by_key(|c| resolved(c));
        self.clusters = clusters;
        // A decision on the selected cluster has landed: on to the next one.
        if self.advance_to.is_some() {
            let decided = self.selected.is_none_or(|k| {
                self.clusters
                    .iter()
                    .find(|c| c.keeper == k)
                    .is_none_or(&resolved)
            });
            if decided {
                let next = self.advance_to.take().unwrap_or_default();
                if let Some(k) = next
                    .into_iter()
                    .find(|k| self.clusters.iter().any(|c| c.keeper == *k && !resolved(c)))
                {
                    self.selected = Some(k);
                    self.compare = None;
                    self.scroll_to_selected = true;
                }
            }
        }
        // Keep the selection on its cluster (by keeper, else by member).
        let selected = self.selected.and_then(|k| {
            self.clusters
                .iter()
                .find(|c| c.keeper == k || c.members.iter().any(|m| m.id == k))
                .map(|c| c.keeper)
        });
        let keep_compare = selected.is_some();
        self.select(
            conn,
            selected.or_else(|| self.clusters.first().map(|c| c.keeper)),
        );
        if !keep_compare {
            self.compare = None;
        }
        self.ensure_compare(conn);
    }

    /// A decision is being taken on the selected cluster: when it shows,
    /// select the next open cluster after it (wrapping round).
    pub fn advance_after_decision(&mut self) {
        let Some(at) = self
            .selected
            .and_then(|k| self.clusters.iter().position(|c| c.keeper == k))
        else {
            return;
        };
        let after = self.clusters[at + 1..].iter().chain(&self.clusters[..at]);
        self.advance_to = Some(after.map(|c| c.keeper).collect());
    }

    /// The selected cluster.
    pub fn current(&self) -> Option<&Cluster> {
        let k = self.selected?;
        self.clusters.iter().find(|c| c.keeper == k)
    }

    /// Shows another list.
    pub fn show_list(&mut self, conn: &Connection, list: ReviewList) {
        self.list = list;
        if list != ReviewList::Duplicates {
            self.pairs.ensure_selected(conn, list);
        }
    }

    pub fn is_resolved(&self, c: &Cluster) -> bool {
        self.data.as_ref().is_some_and(|d| {
            let members: Vec<DocId> = c.members.iter().map(|m| m.id).collect();
            !store::review::is_open(&members, &d.states)
        })
    }

    /// Selects the cluster kept by `keeper`.
    pub fn select(&mut self, conn: &Connection, keeper: Option<DocId>) {
        if self.selected != keeper {
            self.selected = keeper;
            self.compare = None;
        }
        self.ensure_compare(conn);
    }

    /// Selects the cluster a document belongs to; false when it is in none.
    pub fn select_document(&mut self, conn: &Connection, id: DocId) -> bool {
        let found = self
            .clusters
            .iter()
            .find(|c| c.keeper == id || c.members.iter().any(|m| m.id == id))
            .map(|c| c.keeper);
        if found.is_none() && self.hide_resolved {
            // It may be resolved: show resolved clusters too.
            self.hide_resolved = false;
            self.rebuild(conn);
            return self.select_document(conn, id);
        }
        if let Some(k) = found {
            self.select(conn, Some(k));
            if id != k {
                self.compare_with(conn, id);
            }
            self.scroll_to_selected = true;
        }
        found.is_some()
    }

    /// Moves the selection `step` clusters down (or up).
    pub fn step(&mut self, conn: &Connection, step: isize) {
        if self.clusters.is_empty() {
            return;
        }
        let at = self
            .selected
            .and_then(|k| self.clusters.iter().position(|c| c.keeper == k))
            .unwrap_or(0) as isize;
        let to = (at + step).clamp(0, self.clusters.len() as isize - 1) as usize;
        let keeper = self.clusters[to].keeper;
        self.select(conn, Some(keeper));
        self.scroll_to_selected = true;
    }

    pub fn compare_with(&mut self, conn: &Connection, member: DocId) {
        self.compare = Some(member);
        self.ensure_compare(conn);
    }

    /// The diff's folding changed: compute it again.
    pub fn refresh_diff(&mut self, conn: &Connection) {
        self.diff = None;
        self.ensure_compare(conn);
    }

    /// Makes sure a member is chosen and the diff is for it.
    fn ensure_compare(&mut self, conn: &Connection) {
        let Some(c) = self.current().cloned() else {
            self.diff = None;
            self.story = None;
            return;
        };
        if self
            .story
            .as_ref()
            .is_none_or(|(k, s)| *k != c.keeper || s.len() != c.members.len() + 1)
        {
            // A cluster is small (at most STORY_COPIES copies are read): in the frame.
            self.story = store::review::story_of(conn, &c.ids())
                .ok()
                .map(|s| (c.keeper, s));
        }
        let member = match self.compare {
            Some(m) if c.members.iter().any(|x| x.id == m) => m,
            _ => c.members[0].id,
        };
        self.compare = Some(member);
        if self
            .diff
            .as_ref()
            .is_some_and(|d| d.left == c.keeper && d.right == member)
        {
            return;
        }
        if self.shown_pair != Some((c.keeper, member)) {
            // Another pair: both panes start at the top, level.
            self.shown_pair = Some((c.keeper, member));
            self.pane_sync = PaneSync {
                last: [0.0; 2],
                pending: [Some(0.0); 2],
            };
        }
        let texts =
            documents::text(conn, c.keeper).and_then(|a| Ok((a, documents::text(conn, member)?)));
        self.diff = match texts {
            Ok((a, b)) => {
                // Bounded: a slow diff gets coarser rather than stalling the frame.
                let fold = if self.loose_diff {
                    diff::Fold::Loose
                } else {
                    diff::Fold::Typography
                };
                let (left_side, right_side) =
                    diff::word_diff_with(&a, &b, Duration::from_millis(30), fold);
                let boiler = |text: &str| {
                    self.data.as_ref().map_or_else(Vec::new, |d| {
                        crate::core::dedup::cluster::boiler_flags(text, &d.boilerplate)
                    })
                };
                Some(DiffView {
                    left: c.keeper,
                    right: member,
                    left_side,
                    right_side,
                    left_boiler: boiler(&a),
                    right_boiler: boiler(&b),
                })
            }
            Err(e) => {
                self.error = Some(e.to_string());
                None
            }
        };
    }

    /// A document's title, date and source, read once.
    pub fn summary(&mut self, conn: &Connection, id: DocId) -> Option<&Summary> {
        if !self.summaries.contains_key(&id) {
            let doc = documents::document(conn, id).ok()?;
            let summary = Summary {
                title: doc.title,
                date: doc.date.map(|d| d.to_string()),
                date_source: doc.date_source.map(|s| s.to_string()),
                path: doc.path,
                state: doc.state,
                tags: doc.tags,
            };
            if self.summaries.len() > 10_000 {
                self.summaries.clear();
            }
            self.summaries.insert(id, summary);
        }
        self.summaries.get(&id)
    }

    /// The clusters as (keeper, others) for a resolution.
    pub fn as_targets(clusters: &[Cluster]) -> Vec<(DocId, Vec<DocId>)> {
        clusters
            .iter()
            .map(|c| (c.keeper, c.members.iter().map(|m| m.id).collect()))
            .collect()
    }

    /// The unresolved clusters in the list.
    pub fn open_clusters(&self) -> Vec<Cluster> {
        self.clusters
            .iter()
            .filter(|c| !self.is_resolved(c))
            .cloned()
            .collect()
    }
}
