-- Version 10: what the cross-document stages last ran from in full (pipeline._link_stamp),
-- so a build that changes nothing they read skips them. No row: they must run.
CREATE TABLE link_state (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    stamp TEXT NOT NULL
);
