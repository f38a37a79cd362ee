-- Figures derived from the review log, kept in each answer's and undo's own transaction
-- and rebuilt whole when missing or marked by another version (src/store/aggregate.rs).
CREATE TABLE IF NOT EXISTS agg_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- One row per card with at least one answer in the log.
CREATE TABLE IF NOT EXISTS agg_card (
    card_id     INTEGER PRIMARY KEY,
    answers     INTEGER NOT NULL,
    correct     INTEGER NOT NULL,
    wrongs      INTEGER NOT NULL,
    last_wrong  INTEGER,            -- revlog id of the newest wrong answer
    right_since INTEGER NOT NULL    -- answers after it (all right), or all answers if none
);
-- The mistake book is the cards with a wrong answer and fewer than two right since.
CREATE INDEX IF NOT EXISTS agg_card_book ON agg_card (right_since) WHERE last_wrong IS NOT NULL;
-- One row per quarter hour (UTC) with at least one answer.
CREATE TABLE IF NOT EXISTS agg_slot (
    slot        INTEGER PRIMARY KEY, -- floor(reviewed_at / 900000)
    answers     INTEGER NOT NULL,
    correct     INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    reviews     INTEGER NOT NULL,    -- due reviews of graduated cards in daily revision
    recalled    INTEGER NOT NULL     -- of those, recalled
);
