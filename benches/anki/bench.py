"""Anki's backend at the scale of `cargo bench --bench revision`: 100,000 cards in 500
decks with 1,000,000 review-log rows, then, each in a fresh process, the time to open the
collection and get the first card of the study queue, and the time to compute all of the
statistics screen's graphs over the log. Medians of five runs after one warm-up run, with
peak memory. These are the anchors of the speed issue's table (BENCHMARKS.md).

Not part of `cargo test`. Run by hand (needs Python 3.9+ and network access to PyPI once):

    python3 benches/anki/bench.py [WORK-DIR]

It makes a virtual environment (in $UPSC_ANKI_VENV, default /tmp/upsc-anki-venv) with the
`anki` package from PyPI when `anki` cannot be imported, and runs itself again inside it.
The collection is built once in WORK-DIR (default /tmp/upsc-anki-bench) and reused.
"""

import os
import random
import resource
import statistics
import subprocess
import sys
import time

FILES = 500
CARDS = 100_000
REVIEWS_PER_CARD = 10
DAY_MS = 86_400_000


def ensure_anki():
    try:
        import anki  # noqa: F401
        return
    except ImportError:
        pass
    venv = os.environ.get("UPSC_ANKI_VENV", "/tmp/upsc-anki-venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "anki"], check=True)
    if os.path.realpath(sys.prefix) == os.path.realpath(venv):
        sys.exit("the anki package did not install into " + venv)
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def build(path):
    """A collection shaped like the upsc bench store, written with direct inserts (as the
    upsc bench inserts its log), since adding a million reviews one by one would take long."""
    from anki.collection import Collection

    col = Collection(path)
    basic = col.models.by_name("Basic")
    now_ms = int(time.time() * 1000)
    today = col.sched.today
    rng = random.Random(2026)
    notes, cards, revlog = [], [], []
    per_file = CARDS // FILES
    card_index = 0
    for f in range(FILES):
        did = col.decks.id(f"synthetic-{f}")
        for c in range(per_file):
            card_index += 1
            nid = 1_000_000_000_000 + card_index
            cid = 2_000_000_000_000 + card_index
            front = f"Which edition, for card {c} of deck {f}?"
            fields = front + "\x1f" + "The 15th. Card %d of deck %d: the fact and its context." % (c, f)
            guid = "%016x" % rng.getrandbits(64)
            notes.append((nid, guid, basic["id"], now_ms // 1000, -1, " synthetic ", fields, front, card_index, 0, ""))
            # Due dates spread over ten days, so some cards are due today and most are not.
            due = today + ((card_index % 240) - 12) // 24
            cards.append((cid, nid, did, 0, now_ms // 1000, -1, 2, 2, due, 20, 2500, REVIEWS_PER_CARD, 0, 0, 0, 0, 0, ""))
            for r in range(REVIEWS_PER_CARD):
                at = now_ms - (200 - r * 20) * DAY_MS + card_index
                revlog.append((at, cid, -1, 3, 20, 10, 2500, 4000, 1))
    # All decks under one parent, selected, as a learner studies them all at once.
    parent = col.decks.id("synthetic")
    col.decks.reparent([d["id"] for d in col.decks.all() if d["name"].startswith("synthetic-")], parent)
    col.decks.select(parent)
    col.db.executemany("insert into notes values (?,?,?,?,?,?,?,?,?,?,?)", notes)
    col.db.executemany("insert into cards values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
    col.db.executemany("insert into revlog values (?,?,?,?,?,?,?,?,?)", revlog)
    col.close()


def select_all(path):
    """Puts every synthetic deck under one parent deck and selects it (for a collection
    built before the script did so itself)."""
    from anki.collection import Collection

    col = Collection(path)
    parent = col.decks.id("synthetic")
    loose = [d["id"] for d in col.decks.all() if d["name"].startswith("synthetic-")]
    if loose:
        col.decks.reparent(loose, parent)
    col.decks.select(parent)
    col.close(downgrade=False)


CHILD = r"""
import resource, sys, time
started = time.perf_counter()
from anki.collection import Collection
imported = time.perf_counter()
col = Collection(sys.argv[1])
if sys.argv[2] == "first-card":
    queued = col.sched.get_queued_cards(fetch_limit=1)
    assert queued.cards, "nothing due"
    card = col.get_card(queued.cards[0].card.id)
    card.question()
else:
    col._backend.graphs(search="", days=365)
done = time.perf_counter()
col.close(downgrade=False)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{(done - imported) * 1000:.1f} {peak}")
"""


def measure(path, what):
    inside, whole, peaks = [], [], []
    for run in range(6):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, path, what], check=True, capture_output=True, text=True
        ).stdout.split()
        elapsed = (time.perf_counter() - start) * 1000
        if run == 0:
            continue
        inside.append(float(out[0]))
        whole.append(elapsed)
        peaks.append(int(out[1]))
    return statistics.median(inside), statistics.median(whole), max(peaks) / 1024


def main():
    ensure_anki()
    work = sys.argv[1] if len(sys.argv) > 1 else "/tmp/upsc-anki-bench"
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "collection.anki2")
    if not os.path.exists(path):
        started = time.perf_counter()
        build(path)
        print(f"built {CARDS} cards, {CARDS * REVIEWS_PER_CARD} log rows in {time.perf_counter() - started:.1f} s")
    else:
        select_all(path)
    from anki.buildinfo import version

    print(f"anki {version}, Python {sys.version.split()[0]}")
    print("| Anki's backend | median (in process, after `import anki`) | median (whole process) | peak memory |")
    print("|---|---|---|---|")
    for what, name in [("first-card", "open + first card"), ("graphs", "all graphs over the log (365 days)")]:
        inside, whole, peak = measure(path, what)
        print(f"| {name} | {inside:.0f} ms | {whole:.0f} ms | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
