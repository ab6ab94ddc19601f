//! The entity facets' state: the in-memory index (rebuilt in the
//! background when the library changed), the ids of the current filter,
//! the counted facets, the filter box, the entity whose partners are
//! shown, the selection for Merge, and the open dialog.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::core::entities::index::{EntityIndex, FacetRow, Partner};
use crate::core::filter::Filter;
use crate::core::jobs::Job;
use crate::core::model::{DocId, EntityId};
use crate::core::store;

/// Entities listed per type.
pub const TOP: usize = 15;

/// A small dialog about entities.
#[derive(Debug, Clone, PartialEq)]
pub enum EntityDialog {
    Rename {
        id: EntityId,
        name: String,
    },
    /// Merge the selected entities into `into`, under `name`.
    Merge {
        from: Vec<EntityId>,
        into: EntityId,
        name: String,
    },
}

type Counted = ([Vec<FacetRow>; 3], Option<(EntityId, Vec<Partner>)>);

#[derive(Default)]
pub struct EntitiesState {
    pub index: Option<Arc<EntityIndex>>,
    index_job: Option<Job<Option<EntityIndex>, ()>>,
    /// The library changed since the index was read.
    pub stale: bool,
    ids: Option<(Filter, Arc<Vec<DocId>>)>,
    ids_job: Option<(Filter, Job<Vec<DocId>, ()>)>,
    pub facets: [Vec<FacetRow>; 3],
    /// The entity whose partners ("appears with") are listed.
    pub with: Option<(EntityId, Vec<Partner>)>,
    count_job: Option<Job<Counted, ()>>,
    /// What the shown facets were counted from.
    counted: Option<(usize, String, Option<EntityId>, usize)>,
    pub needle: String,
    pub show_with: Option<EntityId>,
    pub selected: BTreeSet<EntityId>,
    pub dialog: Option<EntityDialog>,
    pub error: Option<String>,
    /// Names marked in the reader.
    pub marks: bool,
    /// The library changed while names were being read: read again after.
    pub again: bool,
    generation: usize,
}

impl EntitiesState {
    /// Busy reading the index or counting.
    pub fn is_busy(&self) -> bool {
        self.index_job.is_some() || self.ids_job.is_some() || self.count_job.is_some()
    }

    /// Brings the facets in step with the library and `filter`.
    pub fn update(&mut self, path: PathBuf, filter: &Filter) {
        if (self.stale || self.index.is_none()) && self.index_job.is_none() {
            // The library changed: the filter's documents are read again too.
            if self.stale {
                self.ids = None;
            }
            self.stale = false;
            let path = path.clone();
            let have = self.index.as_ref().map(|i| i.version);
            // Read again only when names or mentions changed since.
            self.index_job = Some(Job::spawn("entity index", move |_| {
                let conn = store::open_reader(&path)?;
                if have == Some(store::entities::version(&conn)?) {
                    return Ok(None);
                }
                EntityIndex::build(&conn).map(Some)
            }));
        }
        if let Some(job) = &mut self.index_job
            && let Some(result) = job.try_result()
        {
            self.index_job = None;
            match result {
                Ok(Some(index)) => {
                    self.index = Some(Arc::new(index));
                    self.generation += 1;
                }
                // Unchanged names: the filter's documents may have changed.
                Ok(None) => self.generation += 1,
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        // The filter's ids (all documents when nothing narrows the list).
        let want = filter.clone();
        let have = self.ids.as_ref().map(|(f, _)| f);
        let running = self.ids_job.as_ref().map(|(f, _)| f);
        if have != Some(&want) && running != Some(&want) {
            let f = want.clone();
            self.ids_job = Some((
                want,
                Job::spawn("entity facets filter", move |ctx| {
                    let conn = store::open_reader(&path)?;
                    crate::core::view::filtered_ids(&conn, &f, None, ctx.cancel_flag())
                }),
            ));
        }
        if let Some((f, job)) = &mut self.ids_job
            && let Some(result) = job.try_result()
        {
            let f = f.clone();
            self.ids_job = None;
            match result {
                Ok(ids) => {
                    self.ids = Some((f, Arc::new(ids)));
                    self.generation += 1;
                }
                Err(crate::core::Error::Cancelled) => {}
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        self.count();
    }

    /// Counts the facets (and partners) in the background when their
    /// inputs changed.
    fn count(&mut self) {
        if let Some(job) = &mut self.count_job
            && let Some(result) = job.try_result()
        {
            self.count_job = None;
            if let Ok((facets, with)) = result {
                self.facets = facets;
                self.with = with;
            }
        }
        let (Some(index), Some((_, ids))) = (&self.index, &self.ids) else {
            return;
        };
        let key = (
            self.generation,
            self.needle.clone(),
            self.show_with,
            ids.len(),
        );
        if self.counted.as_ref() == Some(&key) || self.count_job.is_some() {
            return;
        }
        self.counted = Some(key);
        let (index, ids) = (Arc::clone(index), Arc::clone(ids));
        let (needle, with) = (self.needle.clone(), self.show_with);
        self.count_job = Some(Job::spawn("entity facets", move |_| {
            let facets = index.facets(&ids, &needle, TOP);
            let with = with.map(|id| (id, index.appears_with(&ids, id, 10)));
            Ok((facets, with))
        }));
    }

    /// The index was read again since `generation` (for the reader's marks).
    pub fn generation(&self) -> usize {
        self.generation
    }

    /// The entity's name and type, from the index.
    pub fn label(&self, id: EntityId) -> String {
        self.index
            .as_ref()
            .and_then(|i| i.root(id))
            .map(|r| format!("{} = {}", r.kind.word(), r.name))
            .unwrap_or_else(|| format!("entity {id}"))
    }
}
