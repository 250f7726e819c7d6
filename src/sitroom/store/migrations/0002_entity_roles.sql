-- Version 2: the roles documents state for people, and an entity's roles.
CREATE TABLE roles (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person      TEXT NOT NULL,     -- the name as written after the title
    office      TEXT NOT NULL,     -- "president", "deputy foreign minister"
    country     TEXT               -- canonical country name, when the text gives one
);
CREATE INDEX roles_document ON roles(document_id);
ALTER TABLE entities ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';  -- JSON array
