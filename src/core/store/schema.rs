//! The library's schema as code.
//!
//! `MIGRATIONS[i]` upgrades a library from `user_version` i to i + 1; each step
//! runs in one transaction. A fresh library runs every step, so a new and an
//! upgraded library always end up with the same schema. A library whose
//! `user_version` is above [`VERSION`] was written by a newer build and is refused.

/// `PRAGMA application_id` of every corpusdesk library: "CpDk".
pub const APPLICATION_ID: i32 = 0x4370_446B;

/// The schema version this build writes.
pub const VERSION: i32 = MIGRATIONS.len() as i32;

pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: the foundation.
    r#"
    -- One row per distinct text. `found_*` is the date found in the document
    -- itself (header, file name, text, row field); `set_*` is a manual or
    -- inherited date that overrides it, kept apart so it can be undone.
    -- `set_source` set with `set_date` NULL means "explicitly undated".
    CREATE TABLE documents (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        title         TEXT    NOT NULL,
        title_key     TEXT    NOT NULL,            -- lower-cased title, sort key
        text          TEXT    NOT NULL,
        content_hash  BLOB    NOT NULL,            -- blake3 of the normalised text
        byte_len      INTEGER NOT NULL,
        imported_at   INTEGER NOT NULL,            -- unix seconds
        state         INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)), -- active/duplicate/trashed
        state_changed_at INTEGER,
        found_date    TEXT,
        found_source  TEXT,
        set_date      TEXT,
        set_source    TEXT,
        date          TEXT GENERATED ALWAYS AS
                        (CASE WHEN set_source IS NOT NULL THEN set_date ELSE found_date END) VIRTUAL,
        date_source   TEXT GENERATED ALWAYS AS
                        (CASE WHEN set_source IS NOT NULL THEN set_source ELSE found_source END) VIRTUAL,
        date_key      TEXT GENERATED ALWAYS AS (ifnull(date, '')) VIRTUAL, -- sort key, never NULL
        source_key    TEXT    NOT NULL DEFAULT '', -- first source's path, sort key
        meta          TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(meta))
    );
    CREATE INDEX documents_hash   ON documents(content_hash);
    CREATE INDEX documents_title  ON documents(state, title_key, id);
    CREATE INDEX documents_date   ON documents(state, date_key, id);
    CREATE INDEX documents_source ON documents(state, source_key, id);

    -- Every file or row a document was found at. `path` holds the exact OS
    -- bytes (also when not valid UTF-8), `path_text` a readable form.
    CREATE TABLE sources (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id      INTEGER NOT NULL REFERENCES documents(id),
        path        BLOB    NOT NULL,
        path_text   TEXT    NOT NULL,
        row         INTEGER NOT NULL DEFAULT 0,     -- line/row number in JSONL/CSV, 0 = whole file
        size        INTEGER NOT NULL,
        mtime       INTEGER,
        encoding    TEXT    NOT NULL,
        found_date  TEXT,
        found_source TEXT,
        imported_at INTEGER NOT NULL
    );
    CREATE INDEX sources_doc  ON sources(doc_id, id);
    CREATE INDEX sources_path ON sources(path, row);

    -- Full-text index over title and text, external content: no second copy.
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text,
        content = 'documents', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    -- Bulk imports: merge segments less eagerly and keep more pending terms
    -- in memory before writing a segment (measured: import 40% faster).
    INSERT INTO documents_fts(documents_fts, rank) VALUES ('automerge', 16);
    INSERT INTO documents_fts(documents_fts, rank) VALUES ('hashsize', 33554432);
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
    END;

    -- Tags (filled by the tagging panel). Nested tags use '/' in the name.
    CREATE TABLE tags (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
        color      TEXT    NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE document_tags (
        tag_id INTEGER NOT NULL REFERENCES tags(id),
        doc_id INTEGER NOT NULL REFERENCES documents(id),
        PRIMARY KEY (tag_id, doc_id)
    ) WITHOUT ROWID;
    CREATE INDEX document_tags_doc ON document_tags(doc_id, tag_id);

    -- Duplicate clusters and the user's decisions (filled by deduplication).
    CREATE TABLE clusters (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        keeper_id  INTEGER REFERENCES documents(id),
        status     TEXT    NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'dismissed')),
        created_at INTEGER NOT NULL
    );
    CREATE TABLE cluster_members (
        cluster_id INTEGER NOT NULL REFERENCES clusters(id),
        doc_id     INTEGER NOT NULL REFERENCES documents(id),
        similarity REAL,
        PRIMARY KEY (cluster_id, doc_id)
    ) WITHOUT ROWID;
    CREATE INDEX cluster_members_doc ON cluster_members(doc_id);
    -- A remembered verdict on a pair, so a re-run does not ask again.
    CREATE TABLE pair_decisions (
        doc_a      INTEGER NOT NULL REFERENCES documents(id),
        doc_b      INTEGER NOT NULL REFERENCES documents(id),
        verdict    TEXT    NOT NULL CHECK (verdict IN ('same', 'different')),
        decided_at INTEGER NOT NULL,
        PRIMARY KEY (doc_a, doc_b),
        CHECK (doc_a < doc_b)
    ) WITHOUT ROWID;

    -- The undo journal: each entry holds the change to reverse and to redo,
    -- as JSON, so undo survives a restart.
    CREATE TABLE journal (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        label      TEXT    NOT NULL,
        change     TEXT    NOT NULL CHECK (json_valid(change)),
        undone     INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );

    -- Small per-library settings (key/value).
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 1 -> 2: what duplicate detection keeps between runs; timeline positions.
    r#"
    -- Per document: its normalised lines' hashes (for the line frequencies
    -- that say what is boilerplate), the MinHash signature of its body, and a
    -- digest of the lines that were left out as boilerplate when the
    -- signature was made: when that set changes, the signature is stale.
    -- No foreign key to documents: checking one would read a page of texts
    -- per row; the trigger below keeps the table clean instead.
    CREATE TABLE dedup_docs (
        doc_id    INTEGER PRIMARY KEY,
        lines     BLOB    NOT NULL,     -- u64 little-endian line hashes, in order
        signature BLOB    NOT NULL,     -- u16 little-endian MinHash values
        boiler    INTEGER NOT NULL,     -- digest of the lines dropped as boilerplate
        shingles  INTEGER NOT NULL      -- size of the body's shingle set
    );
    -- Verified pairs, also somewhat below the threshold, so the review
    -- panel's slider needs no recomputation.
    CREATE TABLE dedup_pairs (
        doc_a       INTEGER NOT NULL REFERENCES dedup_docs(doc_id) ON DELETE CASCADE,
        doc_b       INTEGER NOT NULL REFERENCES dedup_docs(doc_id) ON DELETE CASCADE,
        containment REAL    NOT NULL,   -- shared / the shorter body
        coverage    REAL    NOT NULL,   -- shared / the longer body
        jaccard     REAL    NOT NULL,
        PRIMARY KEY (doc_a, doc_b),
        CHECK (doc_a < doc_b)
    ) WITHOUT ROWID;
    CREATE INDEX dedup_pairs_b ON dedup_pairs(doc_b, doc_a);
    CREATE TRIGGER dedup_docs_delete AFTER DELETE ON documents BEGIN
        DELETE FROM dedup_docs WHERE doc_id = old.id;
    END;
    -- Documents the user chose as their cluster's keeper.
    CREATE TABLE dedup_keepers (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        chosen_at INTEGER NOT NULL
    );
    CREATE INDEX clusters_keeper ON clusters(keeper_id);
    -- Dates inherited from a duplicate are taken back on every re-clustering:
    -- find them without reading every document.
    CREATE INDEX documents_inherited ON documents(id) WHERE set_source = 'duplicate';

    -- Where a date sits on the timeline: partial dates at the first day of
    -- their period, so a range filter is one indexed comparison.
    ALTER TABLE documents ADD COLUMN date_pos TEXT GENERATED ALWAYS AS
        (CASE length(date) WHEN 4 THEN date || '-01-01' WHEN 7 THEN date || '-01' ELSE date END) VIRTUAL;
    CREATE INDEX documents_date_pos ON documents(state, date_pos);
    "#,
    // 2 -> 3: import batches, so an import can be listed, shown and taken back.
    r#"
    -- One row per import run: when, what was asked for, what it did.
    CREATE TABLE imports (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at      INTEGER NOT NULL,
        finished_at     INTEGER,                 -- NULL: stopped by a crash or still running
        paths           TEXT    NOT NULL CHECK (json_valid(paths)), -- the files and folders given
        imported        INTEGER NOT NULL DEFAULT 0,
        already_present INTEGER NOT NULL DEFAULT 0,
        rejected        INTEGER NOT NULL DEFAULT 0,
        cancelled       INTEGER NOT NULL DEFAULT 0
    );
    -- The run that created the document (NULL before version 3). A document
    -- found again by a later run keeps its first batch: taking that run back
    -- never touches what was already there.
    ALTER TABLE documents ADD COLUMN batch_id INTEGER REFERENCES imports(id);
    CREATE INDEX documents_batch ON documents(batch_id, state) WHERE batch_id IS NOT NULL;
    "#,
    // 3 -> 4: titles set by hand; dates and titles re-read under the rules of
    // version 4 (no dates from running text).
    r#"
    -- The found title while the user shows one of their own in `title`
    -- (NULL: `title` is the found one).
    ALTER TABLE documents ADD COLUMN found_title TEXT;
    -- Documents whose found date and title are still to be re-derived under
    -- the current rules (filled by the upgrade, emptied in the background).
    CREATE TABLE rederive_pending (doc_id INTEGER PRIMARY KEY);
    INSERT INTO rederive_pending(doc_id) SELECT id FROM documents;
    "#,
    // 4 -> 5: what a verified pair is (a duplicate, related by shared
    // passages, or built from the same template).
    r#"
    ALTER TABLE dedup_pairs ADD COLUMN kind TEXT NOT NULL DEFAULT 'duplicate'
        CHECK (kind IN ('duplicate', 'related', 'template'));
    -- A fixed sample of the body's shingles (u32 little-endian): documents
    -- sharing a passage share some of them.
    ALTER TABLE dedup_docs ADD COLUMN anchors BLOB NOT NULL DEFAULT x'';
    -- Pairs stored before were judged on shingle sets alone: every index
    -- entry is made stale (its boilerplate digest flipped in one bit), so the
    -- next run judges every document again; the clusters stay until then.
    UPDATE dedup_docs SET boiler = (boiler | 1) - (boiler & 1);
    "#,
    // 5 -> 6: search moves from FTS5 to a tantivy index beside the library
    // (ranked top hits at a million documents in milliseconds; FTS5 scored
    // every match). The library says what changed; the index follows.
    r#"
    DROP TRIGGER documents_fts_insert;
    DROP TRIGGER documents_fts_delete;
    DROP TRIGGER documents_fts_update;
    DROP TABLE documents_fts;
    -- Every document whose searchable part (title, text, state) changed or
    -- which was deleted, in order; the search index records the last entry
    -- it applied, and applied entries are trimmed.
    CREATE TABLE search_queue (
        seq    INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL
    );
    CREATE TRIGGER search_queue_insert AFTER INSERT ON documents BEGIN
        INSERT INTO search_queue(doc_id) VALUES (new.id);
    END;
    CREATE TRIGGER search_queue_update AFTER UPDATE OF title, text, state ON documents BEGIN
        INSERT INTO search_queue(doc_id) VALUES (new.id);
    END;
    CREATE TRIGGER search_queue_delete AFTER DELETE ON documents BEGIN
        INSERT INTO search_queue(doc_id) VALUES (old.id);
    END;
    -- Names this library to its search index: an index found beside a
    -- library that is not its own is rebuilt.
    INSERT OR REPLACE INTO settings(key, value) VALUES ('library_id', lower(hex(randomblob(16))));
    "#,
    // 6 -> 7: saved searches (smart collections).
    r#"
    -- A named view: its search and filters as JSON (`SavedFilter`). Ids are
    -- given by the app (not AUTOINCREMENT) so undo can put one back as it was.
    CREATE TABLE saved_searches (
        id         INTEGER PRIMARY KEY,
        name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
        filter     TEXT    NOT NULL CHECK (json_valid(filter)),
        created_at INTEGER NOT NULL
    );
    "#,
    // 7 -> 8: a file's creation time (Word, OpenDocument, PDF properties)
    // is no publication date: moved into the `file_created` metadata; the
    // mastheads the library learned.
    r#"
    UPDATE documents
       SET meta = json_set(meta, '$.file_created', found_date),
           found_date = NULL, found_source = NULL
     WHERE found_source = 'properties';
    UPDATE sources SET found_date = NULL, found_source = NULL
     WHERE found_source = 'properties';
    -- First lines the library learned are an outlet's masthead, not a
    -- headline (see `import::mastheads`), in lower case.
    CREATE TABLE mastheads (line_key TEXT PRIMARY KEY) WITHOUT ROWID;
    -- Titles and dates re-read under this version's rules (no date lines
    -- as titles, no dates from digits inside a hash-like file name); the
    -- mastheads are looked for when that is done.
    INSERT OR IGNORE INTO rederive_pending(doc_id) SELECT id FROM documents;
    "#,
    // 8 -> 9: coded passages and memos (qualitative coding).
    r#"
    -- A tag on a passage of a document's stored text: `start`..`end` in
    -- Unicode scalar values (characters, as SQLite's substr counts them and
    -- REFI-QDA expects). `removed` rows were uncoded (or their tag deleted)
    -- and come back on undo; emptying the trash deletes them for good.
    -- `run_id` names the autocode run that made a passage (undone as one).
    CREATE TABLE passages (
        id         INTEGER PRIMARY KEY,
        doc_id     INTEGER NOT NULL REFERENCES documents(id),
        tag_id     INTEGER NOT NULL,
        start      INTEGER NOT NULL CHECK (start >= 0),
        end        INTEGER NOT NULL CHECK (end > start),
        coder      TEXT    NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        run_id     INTEGER,
        removed    INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1))
    );
    CREATE INDEX passages_doc ON passages(doc_id, start) WHERE removed = 0;
    CREATE INDEX passages_tag ON passages(tag_id, doc_id) WHERE removed = 0;
    CREATE INDEX passages_run ON passages(run_id) WHERE run_id IS NOT NULL;
    -- A note on a document, a passage (a comment) or a tag (its definition,
    -- the codebook): one per thing, with who wrote it last and when.
    CREATE TABLE memos (
        id         INTEGER PRIMARY KEY,
        target     TEXT    NOT NULL CHECK (target IN ('document', 'passage', 'tag')),
        target_id  INTEGER NOT NULL,
        text       TEXT    NOT NULL,
        author     TEXT    NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (target, target_id)
    );
    "#,
    // 9 -> 10: people, organisations and places.
    r#"
    -- An entity: a name of one type. `key` is the name as extraction finds
    -- it (folded), its identity; `name` the one shown (renamed by hand).
    -- `merged_into` points a variant at the entity it was merged into;
    -- `ignored` hides it and keeps extraction from finding it again;
    -- `user_set` marks names the user typed, merged or shared, which
    -- extraction takes as they are.
    CREATE TABLE entities (
        id          INTEGER PRIMARY KEY,
        kind        TEXT    NOT NULL CHECK (kind IN ('person', 'organisation', 'place')),
        name        TEXT    NOT NULL,
        key         TEXT    NOT NULL,
        merged_into INTEGER,
        ignored     INTEGER NOT NULL DEFAULT 0 CHECK (ignored IN (0, 1)),
        user_set    INTEGER NOT NULL DEFAULT 0 CHECK (user_set IN (0, 1))
    );
    CREATE INDEX entities_key ON entities(key, kind);
    CREATE INDEX entities_merged ON entities(merged_into) WHERE merged_into IS NOT NULL;
    -- Where extraction found them: characters `start`..`end` of the stored text.
    CREATE TABLE entity_mentions (
        doc_id    INTEGER NOT NULL,
        start     INTEGER NOT NULL,
        end       INTEGER NOT NULL,
        entity_id INTEGER NOT NULL,
        PRIMARY KEY (doc_id, start)
    ) WITHOUT ROWID;
    CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id, doc_id);
    -- The documents extraction has read, and under which revision of the
    -- user's list (`settings.entities_rev`): older ones are read again.
    CREATE TABLE entity_runs (
        doc_id INTEGER PRIMARY KEY,
        rev    INTEGER NOT NULL
    );
    CREATE TRIGGER entity_docs_delete AFTER DELETE ON documents BEGIN
        DELETE FROM entity_mentions WHERE doc_id = old.id;
        DELETE FROM entity_runs WHERE doc_id = old.id;
    END;
    "#,
    // 10 -> 11: scans waiting for OCR, and what OCR read.
    r#"
    -- A file whose text (or some of it) must be read by OCR, queued by the
    -- import that met it; gone once its document is stored. `failed` says
    -- why OCR could not read it (NULL: waiting).
    CREATE TABLE scans (
        id         INTEGER PRIMARY KEY,
        path       BLOB    NOT NULL,
        path_text  TEXT    NOT NULL,
        size       INTEGER NOT NULL,
        mtime      INTEGER,
        file_hash  BLOB    NOT NULL,
        kind       TEXT    NOT NULL CHECK (kind IN ('pdf', 'image')),
        pages      INTEGER NOT NULL,
        ocr_pages  INTEGER NOT NULL,
        batch_id   INTEGER,
        added_at   INTEGER NOT NULL,
        failed     TEXT,
        -- 1 while the import that queued it is undone or moved to the trash
        withdrawn  INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1))
    );
    CREATE INDEX scans_path ON scans(path, file_hash);
    -- What OCR read on one page of a file (by the file's content, so a
    -- re-import never reads it again), in a set of languages.
    CREATE TABLE ocr_pages (
        file_hash  BLOB    NOT NULL,
        page       INTEGER NOT NULL,
        langs      TEXT    NOT NULL,
        text       TEXT    NOT NULL,
        confidence REAL,
        words      INTEGER NOT NULL,
        PRIMARY KEY (file_hash, page, langs)
    ) WITHOUT ROWID;
    "#,
    // 11 -> 12: a dotted numeric date (09.12.2012) is day first; earlier
    // versions left it out when the day was 12 or less. The documents with
    // no found date are read again (manual dates are never touched).
    r#"
    INSERT OR IGNORE INTO rederive_pending(doc_id)
        SELECT id FROM documents WHERE found_date IS NULL;
    "#,
];
