-- Version 8: claims, claim clusters across outlets, forecasts and their outcomes.
CREATE TABLE claims (
    id             TEXT PRIMARY KEY,      -- stable: document, span, holder and modality
    document_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,      -- the proposition
    "end"          INTEGER NOT NULL,
    text           TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    holder         TEXT NOT NULL,
    holder_kind    TEXT NOT NULL CHECK (holder_kind IN ('author', 'quoted', 'named', 'unnamed')),
    modality       TEXT NOT NULL CHECK (modality IN ('asserted', 'reported', 'hedged', 'denied', 'predicted', 'question')),
    negated        INTEGER NOT NULL,
    hedged         INTEGER NOT NULL,
    cue            TEXT,
    actors         TEXT NOT NULL DEFAULT '[]',   -- JSON array of actor names
    terms          TEXT NOT NULL DEFAULT '[]',   -- JSON array of content-word stems
    numbers        TEXT NOT NULL DEFAULT '[]',   -- JSON array of "thing=number"
    predicate      TEXT,                         -- stem of what it says happened
    cluster_id     TEXT                          -- claim_clusters.id, set by the cross-document stage
);
CREATE INDEX claims_document ON claims(document_id);
CREATE INDEX claims_cluster ON claims(cluster_id);

CREATE TABLE claim_vectors (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    model    TEXT NOT NULL,
    vector   BLOB NOT NULL,        -- float32, 384, unit length
    PRIMARY KEY (claim_id, model)
);

CREATE TABLE claim_clusters (
    id         TEXT PRIMARY KEY,
    summary    TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('corroborated', 'single-source', 'disputed')),
    origins    INTEGER NOT NULL,
    supporting TEXT NOT NULL,      -- JSON array of claim ids
    disputing  TEXT NOT NULL,      -- JSON array of claim ids
    stances    TEXT NOT NULL       -- JSON array of [outlet, stance]
);

CREATE TABLE forecasts (
    id          TEXT PRIMARY KEY,
    claim_id    TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        TEXT NOT NULL,
    holder      TEXT NOT NULL,
    due         TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('confirmed', 'partly confirmed', 'not reported', 'contradicted')),
    evidence    TEXT NOT NULL      -- JSON array of [claim id, document, start, end, relation]
);

-- Documents analysed before claims existed are analysed again.
UPDATE documents SET analysed = 0;
