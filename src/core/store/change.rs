//! What an edit does, as data: the [`Change`]s the undo journal stores and
//! the one door ([`super::edit::commit`]) applies. This module depends on
//! nothing else in the store, so every domain module can describe its edits
//! without the others.

use serde::{Deserialize, Serialize};

use crate::core::model::{DocId, DocState};

pub use crate::core::model::TagId;

pub use crate::core::model::BatchId;

/// A tag as stored, to recreate it on undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRecord {
    pub id: TagId,
    pub name: String,
    pub color: String,
}

/// A document's date override (`set_date`, `set_source`) at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateOverride {
    pub date: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateEdit {
    pub id: DocId,
    pub before: DateOverride,
    pub after: DateOverride,
}

/// A document's hand-set title at one moment (`None`: the found title).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleEdit {
    pub id: DocId,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub use crate::core::model::PassageId;

/// A passage's tag and range (characters of the stored text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassageShape {
    pub tag: TagId,
    pub start: i64,
    pub end: i64,
}

/// What a memo is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemoTarget {
    Document(DocId),
    Passage(PassageId),
    Tag(TagId),
}

impl MemoTarget {
    /// The `memos.target` column's word and the id.
    pub fn parts(self) -> (&'static str, i64) {
        match self {
            MemoTarget::Document(id) => ("document", id),
            MemoTarget::Passage(id) => ("passage", id),
            MemoTarget::Tag(id) => ("tag", id),
        }
    }

    /// The target a `memos` row names.
    pub fn from_parts(kind: &str, id: i64) -> Option<MemoTarget> {
        match kind {
            "document" => Some(MemoTarget::Document(id)),
            "passage" => Some(MemoTarget::Passage(id)),
            "tag" => Some(MemoTarget::Tag(id)),
            _ => None,
        }
    }
}

/// A memo as stored, to put it back on undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoRecord {
    pub id: i64,
    pub target: MemoTarget,
    pub text: String,
    pub author: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A saved search as stored (its filter as JSON), to recreate it on undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRecord {
    pub id: i64,
    pub name: String,
    pub filter: String,
}

pub use crate::core::model::EntityId;

/// An entity's editable state at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityState {
    pub name: String,
    pub kind: crate::core::entities::Kind,
    pub merged_into: Option<EntityId>,
    pub ignored: bool,
    pub user_set: bool,
}

/// An entity merged, renamed, retyped, split off or ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityEdit {
    pub id: EntityId,
    pub before: EntityState,
    pub after: EntityState,
}

/// One undoable change. Later features add variants; old entries stay readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    SetDate {
        edits: Vec<DateEdit>,
    },
    SetTitle {
        edits: Vec<TitleEdit>,
    },
    SetState {
        ids: Vec<DocId>,
        before: Vec<DocState>,
        after: DocState,
    },
    CreateTag {
        tag: TagRecord,
    },
    DeleteTag {
        tag: TagRecord,
        docs: Vec<DocId>,
        /// The passages coded with it (removed with it, back on undo).
        #[serde(default)]
        passages: Vec<PassageId>,
        /// Its memo (the code's definition), deleted with it.
        #[serde(default)]
        memo: Option<MemoRecord>,
    },
    /// (tag, old name, new name): a parent and its children.
    RenameTags {
        renames: Vec<(TagId, String, String)>,
    },
    Recolor {
        id: TagId,
        before: String,
        after: String,
    },
    MergeTag {
        from: TagRecord,
        from_docs: Vec<DocId>,
        into: TagId,
        /// Documents that carried `from` but not `into`.
        added: Vec<DocId>,
        /// The passages coded with `from`, coded with `into` from then on.
        #[serde(default)]
        passages: Vec<PassageId>,
    },
    /// `docs` are exactly those whose tagging changed.
    TagDocs {
        tag: TagId,
        docs: Vec<DocId>,
        add: bool,
    },
    /// Several changes made by one action, applied in order (undone in reverse).
    Batch {
        changes: Vec<Change>,
    },
    /// Pairs (`a < b`) the user called "not duplicates" (newly recorded ones).
    NotDuplicates {
        pairs: Vec<(DocId, DocId)>,
    },
    /// Pairs (`a < b`) the user called the same story although the finder
    /// listed them as related or as the same template ("Merge anyway").
    SameStory {
        pairs: Vec<(DocId, DocId)>,
    },
    /// The user chose `keeper` for its cluster; `before` were the chosen
    /// keepers among its members until then.
    ChooseKeeper {
        keeper: DocId,
        before: Vec<DocId>,
        /// Whether `keeper` was already chosen.
        was_chosen: bool,
    },
    /// An import run that created documents: undone, they go to the trash.
    Import {
        batch: BatchId,
    },
    /// Passages coded (`add`) or uncoded: their rows are kept, marked
    /// removed while uncoded, so undo and redo only flip the mark.
    Code {
        passages: Vec<PassageId>,
        add: bool,
    },
    /// An autocode run: every passage it made, by its run id (a journal
    /// entry of one number for 300,000 passages).
    Autocode {
        run: i64,
    },
    /// A passage re-coded, extended or shrunk.
    Reshape {
        id: PassageId,
        before: PassageShape,
        after: PassageShape,
    },
    /// A memo written (`before` none), changed or deleted (`after` none).
    Memo {
        before: Option<MemoRecord>,
        after: Option<MemoRecord>,
    },
    /// Entities merged, renamed, retyped, split off or ignored; the
    /// library reads its documents again for names (in the background).
    Entities {
        edits: Vec<EntityEdit>,
    },
    /// A saved search created (`before` none), changed or deleted (`after`
    /// none).
    Saved {
        id: i64,
        before: Option<SavedRecord>,
        after: Option<SavedRecord>,
    },
}

impl Change {
    /// Clusters depend on it: states (the trash), verdicts, keepers.
    pub fn touches_clusters(&self) -> bool {
        match self {
            Change::SetState { .. }
            | Change::Import { .. }
            | Change::NotDuplicates { .. }
            | Change::SameStory { .. }
            | Change::ChooseKeeper { .. } => true,
            Change::Batch { changes } => changes.iter().any(Change::touches_clusters),
            _ => false,
        }
    }
}

/// A planned edit: what it is called in Edit → Undo, its changes in order,
/// and how many documents it touches (for the notice that follows it).
/// Planning reads the library; only [`super::edit::commit`] writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edit {
    pub label: String,
    pub changes: Vec<Change>,
    pub documents: usize,
}

impl Edit {
    pub fn new(label: impl Into<String>, change: Change, documents: usize) -> Edit {
        Edit {
            label: label.into(),
            changes: vec![change],
            documents,
        }
    }

    /// Nothing to do (e.g. tagging documents that all have the tag).
    pub fn none() -> Edit {
        Edit::default()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Several planned edits as one undo step named `label`.
    pub fn combine(label: impl Into<String>, edits: impl IntoIterator<Item = Edit>) -> Edit {
        let mut out = Edit {
            label: label.into(),
            ..Edit::default()
        };
        for e in edits {
            out.changes.extend(e.changes);
            out.documents += e.documents;
        }
        out
    }
}
