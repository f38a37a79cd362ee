-- The scheduler settings each answer was given under, by id (`revlog.sched`), so that
-- every replay on any computer uses them (src/store/schedules.rs). Made when missing,
-- within schema version 4.
CREATE TABLE IF NOT EXISTS schedulers (id TEXT PRIMARY KEY, spec TEXT NOT NULL);
