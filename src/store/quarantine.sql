-- Rows `doctor` set aside as unreadable, with why (src/store/rows.rs). Made only when
-- needed: a doctor with nothing to set aside writes nothing here.
CREATE TABLE IF NOT EXISTS quarantine (tbl TEXT NOT NULL, row TEXT NOT NULL, why TEXT NOT NULL);
