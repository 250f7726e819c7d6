-- Version 4: sentence embeddings of quotes, computed once per quote and model.
CREATE TABLE quote_vectors (
    quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    model    TEXT NOT NULL,
    vector   BLOB NOT NULL,        -- float32 rows of 384, unit length: the quote, then its sentences
    PRIMARY KEY (quote_id, model)
);
