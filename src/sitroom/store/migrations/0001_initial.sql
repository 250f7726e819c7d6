-- sitroom store, version 1: documents, what was removed from them, rejections,
-- dedupe fingerprints, language-stage output and entities.
CREATE TABLE documents (
    id                 TEXT PRIMARY KEY,       -- stable id of the source (file or record)
    path               TEXT NOT NULL,          -- as given on the command line; FILE#ID for records
    source_key         TEXT NOT NULL UNIQUE,   -- absolute path (#record id): what identifies a source
    content_hash       TEXT NOT NULL,          -- sha256 of the source bytes / record
    format             TEXT NOT NULL,          -- text | markdown | html | json
    outlet             TEXT,
    title              TEXT,
    authors            TEXT NOT NULL DEFAULT '[]',  -- JSON array of names
    published          TEXT,                   -- ISO 8601 date, or NULL when unknown
    published_inferred INTEGER NOT NULL DEFAULT 0,
    url                TEXT,
    duplicate_of       TEXT REFERENCES documents(id) DEFERRABLE INITIALLY DEFERRED,
    text               TEXT NOT NULL,          -- cleaned main text; every offset points into it
    words              INTEGER NOT NULL,
    analysed           INTEGER NOT NULL DEFAULT 0,  -- 1 once the language stage has stored its output
    ingested_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
CREATE INDEX documents_outlet ON documents(outlet);

CREATE TABLE removed_parts (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('boilerplate', 'comments', 'navigation', 'metadata')),
    text        TEXT NOT NULL,
    PRIMARY KEY (document_id, seq)
);

CREATE TABLE fingerprints (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    signature   BLOB NOT NULL,     -- MinHash hash values (uint64, little endian)
    shingles    INTEGER NOT NULL,
    richness    TEXT NOT NULL      -- JSON array used to pick the canonical copy
);

CREATE TABLE rejections (
    path        TEXT PRIMARY KEY,
    reason      TEXT NOT NULL,
    rejected_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE sentences (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    PRIMARY KEY (document_id, seq)
);

CREATE TABLE mentions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    label       TEXT NOT NULL,
    entity_id   TEXT,
    PRIMARY KEY (document_id, start, "end")
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE entities (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,
    aliases   TEXT NOT NULL DEFAULT '[]',   -- JSON array
    documents TEXT NOT NULL DEFAULT '[]',   -- JSON array of document ids
    mentions  INTEGER NOT NULL
);

-- Full-text search over the cleaned text and titles (external content: no second copy).
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
END;

-- A readable view for people opening the file in their own tools.
CREATE VIEW document_overview AS
SELECT d.id, d.outlet, d.title, d.published, d.words, d.duplicate_of, d.path,
       (SELECT count(*) FROM removed_parts r WHERE r.document_id = d.id) AS removed_parts,
       (SELECT count(*) FROM documents c WHERE c.duplicate_of = d.id) AS copies
FROM documents d;
