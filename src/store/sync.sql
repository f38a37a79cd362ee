-- The sync bookkeeping added within schema version 4, made when missing
-- (src/store/events.rs): the tests already sent (by name: a test's finishing time is a
-- wall clock, no mark of what was sent), the newest amend known of each answer from
-- another device (applied when the answer arrives, however late), the other names of
-- answers known under two (the same card answered at the same millisecond: one answer,
-- see docs/sync.md), and an index to find an answer's amends.
CREATE TABLE IF NOT EXISTS sent_mocks (uid TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS amend_marks (
    event      TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL,
    rating     INTEGER NOT NULL,
    confidence TEXT
);
CREATE TABLE IF NOT EXISTS aliases (event TEXT PRIMARY KEY, target TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS amends_event ON amends (event);
