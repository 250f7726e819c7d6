-- Version 9: the actor graph, one row per pair of entities.
CREATE TABLE relations (
    source   TEXT NOT NULL,          -- entities.id, source < target
    target   TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('cooperation', 'conflict', 'mixed')),
    score    REAL NOT NULL,          -- -10 (hostile) .. +10 (cooperative)
    events   INTEGER NOT NULL,
    claims   INTEGER NOT NULL,
    evidence TEXT NOT NULL,          -- JSON array of [document, start, end]
    PRIMARY KEY (source, target)
);
CREATE INDEX relations_target ON relations(target);
