-- sitroom store, version 1 (PostgreSQL): documents, what was removed from them, rejections,
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
    ingested_at        TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
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
    signature   BYTEA NOT NULL,     -- MinHash hash values (uint64, little endian)
    shingles    INTEGER NOT NULL,
    richness    TEXT NOT NULL      -- JSON array used to pick the canonical copy
);

CREATE TABLE rejections (
    path        TEXT PRIMARY KEY,
    reason      TEXT NOT NULL,
    rejected_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
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

-- Full-text search over titles and cleaned text: a stored tsvector (English stemming,
-- like SQLite's porter tokenizer), titles weighted above the text. A tsvector is limited to
-- 1 MB, so only the first 200,000 characters of a text are indexed (news articles are far
-- shorter; longer texts are still stored whole).
ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', left(text, 200000)), 'B')
) STORED;
CREATE INDEX documents_search ON documents USING GIN (search_vector);

-- A readable view for people opening the file in their own tools.
CREATE VIEW document_overview AS
SELECT d.id, d.outlet, d.title, d.published, d.words, d.duplicate_of, d.path,
       (SELECT count(*) FROM removed_parts r WHERE r.document_id = d.id) AS removed_parts,
       (SELECT count(*) FROM documents c WHERE c.duplicate_of = d.id) AS copies
FROM documents d;
