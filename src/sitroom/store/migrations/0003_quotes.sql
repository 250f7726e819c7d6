-- Version 3: quotes, with the speaker as the text names them and as an entity.
CREATE TABLE quotes (
    id             TEXT PRIMARY KEY,      -- stable: document id + span
    document_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,      -- the quoted words (direct, partial) or reported clause (indirect)
    "end"          INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('direct', 'partial', 'indirect')),
    speaker_name   TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    speaker_entity TEXT,                  -- entities.id, set by the cross-document stage
    cue            TEXT,
    cue_start      INTEGER,
    cue_end        INTEGER,
    channel        TEXT,
    group_id       TEXT                   -- the same statement across documents (not yet grouped: NULL)
);
CREATE INDEX quotes_document ON quotes(document_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity);
