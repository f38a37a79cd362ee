-- The learner's own classes of the mistake book (`upsc mistakes --reclassify`), made at
-- the first correction (src/store/why.rs); kept by `doctor`'s rebuild.
CREATE TABLE IF NOT EXISTS mistake_why (
    event TEXT PRIMARY KEY,     -- revlog.event of the wrong answer
    why   TEXT NOT NULL         -- overconfidence, elimination-error, knowledge-gap, misread, unclassed
);
