-- The progress store, schema version 4 (version 2 added deck_files; version 3 reshaped it
-- and added the mock tests; version 4 gave every answer an event id for `upsc sync`, and
-- added the tombstones of undone answers, the amends log and the sync bookkeeping:
-- src/store/events.rs).
-- The review log is the source of truth; card_state is derived from it (the state after
-- each card's last logged review) and can be rebuilt by `upsc doctor`.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per card ever answered; card_id is the number the review-log export uses.
CREATE TABLE IF NOT EXISTS cards (
    card_id     INTEGER PRIMARY KEY,
    deck        TEXT NOT NULL,
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    fingerprint INTEGER NOT NULL,
    UNIQUE (deck, id)
);

CREATE TABLE IF NOT EXISTS revlog (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id      INTEGER NOT NULL REFERENCES cards (card_id),
    reviewed_at  INTEGER NOT NULL,          -- milliseconds since the Unix epoch, UTC
    utc_offset   INTEGER NOT NULL,          -- the learner's offset then, in seconds (day boundaries)
    rating       INTEGER NOT NULL,          -- 1 again, 2 hard, 3 good, 4 easy
    correct      INTEGER NOT NULL,          -- 0 or 1
    duration_ms  INTEGER NOT NULL,
    confidence   TEXT,                      -- 'sure', '50-50', 'guess' or NULL
    given        TEXT,                      -- the answer given, for the mistake book
    mode         TEXT NOT NULL,             -- 'review', 'quiz', 'test'
    fingerprint  INTEGER NOT NULL,          -- the card's content when it was answered
    state_before INTEGER NOT NULL,          -- 0 new, 1 learning, 2 review, 3 relearning
    state_after  INTEGER NOT NULL,
    due_after    INTEGER NOT NULL,
    stability    REAL NOT NULL,             -- after the review
    difficulty   REAL NOT NULL,             -- after the review
    step_after   INTEGER NOT NULL,
    scheduled    INTEGER NOT NULL DEFAULT 1, -- 0 when the answer did not move the schedule
    -- Version 4. `event` names the answer on every device (`<device>-<row id>-<random>`),
    -- given by the trigger below; `origin` is the device it came from, NULL for this one.
    event        TEXT,
    origin       TEXT
);
CREATE INDEX IF NOT EXISTS revlog_card ON revlog (card_id, id);
CREATE INDEX IF NOT EXISTS revlog_time ON revlog (reviewed_at);

CREATE TABLE IF NOT EXISTS card_state (
    card_id     INTEGER PRIMARY KEY REFERENCES cards (card_id),
    state       INTEGER NOT NULL,
    due         INTEGER NOT NULL,
    stability   REAL NOT NULL,
    difficulty  REAL NOT NULL,
    step        INTEGER NOT NULL,
    reps        INTEGER NOT NULL,
    lapses      INTEGER NOT NULL,
    last_review INTEGER
);
CREATE INDEX IF NOT EXISTS card_state_due ON card_state (due);

-- The deck index: what each deck file holds, so that counting and queueing cards need not
-- parse unchanged decks. A cache, not a record: dropped and refilled when its shape changes.
-- A row is valid while the file's size and modification time (or, failing those, its
-- content hash) are unchanged and the source notes it cites exist as they did
-- (`seeds_key`); see src/deck/index.rs.
CREATE TABLE IF NOT EXISTS deck_files (
    path      TEXT PRIMARY KEY,
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL,
    hash      INTEGER NOT NULL,     -- xxh3 of the file's text
    cited     TEXT NOT NULL,        -- every source id the file cites, one per line
    seeds_key INTEGER NOT NULL,     -- xxh3 of the cited ids that existed when it was read
    deck      TEXT NOT NULL,        -- the deck id; '' when the file gave no usable deck
    deck_at   TEXT NOT NULL,        -- `path:line:column` of the deck id, for "already used"
    cards     TEXT NOT NULL,        -- card ids in file order, one per line
    problem   TEXT,                 -- the file's first problem as one line, when it has errors
    -- Last, as the largest column and the one read least (only to filter by tag).
    tags      TEXT NOT NULL         -- per card, its deck's tags and its own, space-separated
);

-- Mock tests (`upsc test`), version 3. A test is saved as it is taken: the row is made
-- when it starts and each question's answer is updated as the learner changes it, so a
-- test cut short is never lost. Scores are exact, in sixths of a mark.
CREATE TABLE IF NOT EXISTS mock_tests (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at   INTEGER NOT NULL,          -- milliseconds since the Unix epoch, UTC
    utc_offset   INTEGER NOT NULL,
    finished_at  INTEGER,
    status       TEXT NOT NULL,             -- 'running', 'submitted', 'timed-out', 'abandoned'
    marking      TEXT NOT NULL,             -- 'gs1', 'csat', 'none'
    minutes      REAL NOT NULL,
    filters      TEXT NOT NULL,             -- what the test was drawn from, as shown
    questions    INTEGER NOT NULL,
    right_count  INTEGER,
    wrong_count  INTEGER,
    score_sixths INTEGER,
    max_sixths   INTEGER,
    -- Version 4: the test's name on every device, and the device it came from (NULL: this).
    uid          TEXT,
    origin       TEXT
);

CREATE TABLE IF NOT EXISTS mock_answers (
    test_id     INTEGER NOT NULL REFERENCES mock_tests (id),
    position    INTEGER NOT NULL,          -- 0-based question number
    deck        TEXT NOT NULL,
    card        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    fingerprint INTEGER NOT NULL,
    tags        TEXT NOT NULL,             -- one per line
    question    TEXT NOT NULL,             -- the question as it was shown
    options     TEXT NOT NULL,             -- JSON array of the options as shown
    correct     INTEGER NOT NULL,          -- index of the right option
    answer_text TEXT NOT NULL,
    notes       TEXT NOT NULL,             -- per-item notes shown with the answer, one per line
    explanation TEXT,
    chosen      INTEGER,                   -- index of the option chosen, NULL if none
    confidence  TEXT,
    marked      INTEGER NOT NULL DEFAULT 0,
    visited     INTEGER NOT NULL DEFAULT 0,
    seconds     REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (test_id, position)
);

-- Version 4: sync (src/store/events.rs, src/sync/). Columns added to older files by the
-- migration in src/store/mod.rs before this runs.
CREATE UNIQUE INDEX IF NOT EXISTS revlog_event ON revlog (event);
-- The log in time order per card: replaying merged answers, deriving states.
-- (`revlog_card (card_id, id)` stays for what reads a card's answers in the order this
-- store learnt of them: the mistake book.)
CREATE INDEX IF NOT EXISTS revlog_card_time ON revlog (card_id, reviewed_at, event);

-- Every answer gets its event id as it is written, so no writer of the log needs to know.
CREATE TRIGGER IF NOT EXISTS revlog_event_id AFTER INSERT ON revlog WHEN NEW.event IS NULL
BEGIN
    UPDATE revlog
    SET event = coalesce((SELECT value FROM meta WHERE key = 'device'), 'local')
                || '-' || printf('%012d', NEW.id) || '-' || lower(hex(randomblob(4)))
    WHERE id = NEW.id;
END;

-- An undone answer, in the same transaction as its row's deletion: sync sends it, and a
-- union of logs can never bring the answer back. `origin` as in revlog.
CREATE TABLE IF NOT EXISTS tombstones (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    event  TEXT NOT NULL UNIQUE,
    origin TEXT
);
CREATE TRIGGER IF NOT EXISTS revlog_tombstone AFTER DELETE ON revlog WHEN OLD.event IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO tombstones (event) VALUES (OLD.event);
END;

-- A rating changed after the answer was saved (the confidence key), so that it reaches
-- the other devices even when the answer went out before it.
CREATE TABLE IF NOT EXISTS amends (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    event      TEXT NOT NULL,
    rating     INTEGER NOT NULL,
    confidence TEXT,
    origin     TEXT
);
CREATE TRIGGER IF NOT EXISTS revlog_amend AFTER UPDATE OF rating, confidence ON revlog
WHEN OLD.rating IS NOT NEW.rating OR OLD.confidence IS NOT NEW.confidence
BEGIN
    INSERT INTO amends (event, rating, confidence) VALUES (NEW.event, NEW.rating, NEW.confidence);
END;

CREATE UNIQUE INDEX IF NOT EXISTS mock_tests_uid ON mock_tests (uid);
CREATE TRIGGER IF NOT EXISTS mock_tests_uid AFTER INSERT ON mock_tests WHEN NEW.uid IS NULL
BEGIN
    UPDATE mock_tests
    SET uid = coalesce((SELECT value FROM meta WHERE key = 'device'), 'local')
              || '-' || printf('%012d', NEW.id) || '-' || lower(hex(randomblob(4)))
    WHERE id = NEW.id;
END;

-- How far each file of the sync folder has been read (path relative to the folder), so a
-- second sync reads only what is new, and a half-copied file is taken up where it ended.
CREATE TABLE IF NOT EXISTS sync_files (
    path    TEXT PRIMARY KEY,
    device  TEXT NOT NULL,
    bytes   INTEGER NOT NULL
);
