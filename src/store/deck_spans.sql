-- Each deck file's card spans (`IndexedFile::spans`), beside `deck_files` rather than in
-- it so that no schema version is needed: a cache, valid while `hash` is the entry's.
-- Made when missing (src/store/mod.rs).
CREATE TABLE IF NOT EXISTS deck_spans (
    path  TEXT PRIMARY KEY,
    hash  INTEGER NOT NULL,
    spans TEXT NOT NULL
);
