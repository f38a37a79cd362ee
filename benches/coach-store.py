#!/usr/bin/env python3
# Writes the scripted store of BENCHMARKS.md's coach section: usage
#   UPSC_HOME=$H target/release/upsc coach && python3 benches/coach-store.py $H/progress.db
# A store of 500,000 mock-test answers (5,000 tests of 100) and 500,000 quiz answers
# declared before the verdict, written through the store's own triggers.
import sqlite3, random, sys
db = sys.argv[1]
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
rng = random.Random(7)
kinds = ["statements", "pairs", "rows", "assertion", "mcq"]
levels = [("sure", .88), ("50-50", .52), ("guess", .31), (None, .6)]
q = "Consider the following statements about the constitutional and statutory bodies of India and the powers the Constitution gives them :\n  1. The first statement of a typical Prelims question, of about the usual length.\n  2. The second statement, also of about the length the paper prints.\n  3. The third statement, with a date and a name in it, 1950.\n\nWhich of the statements given above is/are correct?"
opts = '["1 only","1 and 2 only","2 and 3 only","1, 2 and 3"]'
now = 1780000000000
con.execute("BEGIN")
for t in range(5000):
    cur = con.execute("INSERT INTO mock_tests (started_at, utc_offset, finished_at, status, marking, minutes, filters, questions, right_count, wrong_count, score_sixths, max_sixths) VALUES (?, 19800, ?, 'submitted', 'gs1', 120, 'all decks', 100, 0, 0, 0, 1200)", (now - t * 8640000, now - t * 8640000))
    tid = cur.lastrowid
    rows = []
    for pos in range(100):
        kind = rng.choice(kinds)
        correct = rng.randrange(4)
        if rng.randrange(6) == 0:
            chosen, conf = None, None
        else:
            conf, p = rng.choice(levels)
            chosen = correct if rng.random() < p else (correct + 1) % 4
        rows.append((tid, pos, f"deck-{rng.randrange(50)}", f"card-{rng.randrange(100000)}", kind, f"subject-{rng.randrange(20)}\ngs1", q, opts, correct, chosen, conf))
    con.executemany("INSERT INTO mock_answers (test_id, position, deck, card, kind, fingerprint, tags, question, options, correct, answer_text, notes, explanation, chosen, confidence, visited, seconds) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, '(b) 1 and 2 only', '', NULL, ?, ?, 1, 60)", rows)
for c in range(20000):
    con.execute("INSERT INTO cards (deck, id, kind, fingerprint) VALUES (?, ?, ?, 1)", (f"deck-{c % 50}", f"quiz-card-{c}", kinds[c % 5]))
ids = [r[0] for r in con.execute("SELECT card_id FROM cards")]
rows = []
for i in range(500000):
    conf, p = rng.choice(levels[:3])
    right = 1 if rng.random() < p else 0
    rows.append((rng.choice(ids), now - i * 60000, 2 if right else 1, right, conf))
con.executemany("INSERT INTO revlog (card_id, reviewed_at, utc_offset, rating, correct, duration_ms, confidence, given, mode, fingerprint, state_before, state_after, due_after, stability, difficulty, step_after, scheduled, declared) VALUES (?, ?, 19800, ?, ?, 5000, NULL, '(a) x', 'quiz', 1, 0, 0, 0, 1, 5, 0, 0, ?)", rows)
con.execute("COMMIT")
print(con.execute("SELECT source, sum(answers), count(*) FROM coach_counts GROUP BY source").fetchall())
