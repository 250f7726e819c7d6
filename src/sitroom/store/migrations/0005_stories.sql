-- Version 5: which real-world event (story) each document reports.
CREATE TABLE stories (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story       TEXT NOT NULL      -- the smallest document id of the story: stable across builds
);
CREATE INDEX stories_story ON stories(story);
