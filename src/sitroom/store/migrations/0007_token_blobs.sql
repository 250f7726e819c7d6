-- Version 7: each analysed document's parse, kept so later stages can run again without spaCy.
CREATE TABLE parses (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    tokens      BLOB NOT NULL    -- zlib-compressed JSON: [[start, end, tag, pos, dep, head, sent, ent], ...]
);
