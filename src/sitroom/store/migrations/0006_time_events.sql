-- Version 6: time expressions, event mentions, merged events and inferred dates.
CREATE TABLE times (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       TEXT,              -- ISO 8601; NULL when relative and the document is undated
    type        TEXT NOT NULL,     -- DATE | TIME | DURATION | SET
    anchored    INTEGER NOT NULL,  -- 1 when computed from the document's date
    PRIMARY KEY (document_id, start, "end")
);

CREATE TABLE event_mentions (
    document_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,   -- the sentence
    "end"         INTEGER NOT NULL,
    trigger       TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end   INTEGER NOT NULL,
    type          TEXT NOT NULL,      -- PLOVER event type
    status        TEXT NOT NULL,      -- occurred | planned | predicted | hypothetical | denied
    cameo         TEXT,
    mode          TEXT,
    action        TEXT,
    source        TEXT NOT NULL DEFAULT '[]',  -- JSON array of actor texts
    target        TEXT NOT NULL DEFAULT '[]',
    event_id      TEXT,               -- events.id, set by the cross-document stage
    PRIMARY KEY (document_id, start, trigger_start)
);

CREATE TABLE events (
    id        TEXT PRIMARY KEY,
    type      TEXT NOT NULL,
    summary   TEXT NOT NULL,
    actors    TEXT NOT NULL,   -- JSON array of entity ids
    location  TEXT,
    date      TEXT,
    status    TEXT NOT NULL,
    cameo     TEXT,
    documents TEXT NOT NULL,   -- JSON array of document ids
    evidence  TEXT NOT NULL    -- JSON array of [document, start, end]
);

CREATE TABLE date_inferences (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    value       TEXT NOT NULL,
    earliest    TEXT,
    latest      TEXT,
    evidence    TEXT NOT NULL    -- JSON array of sentences for a reader
);
