#!/usr/bin/env python3
"""How many facts of the gold list (tests/fixtures/draft/gold.txt: the facts the bundled
cards tested before the December 2026 review, one line each with the words that must
appear) some bundled card asks: all of a fact's words in one card's question, options,
statements, pairs, rows, assertion statements or answer (case folded, digit groups read
without commas). Explanations do not count: a fact there is taught, not asked.

    python3 benches/gold-coverage.py decks/*.toml
    mkdir -p /tmp/old && for f in $(git ls-tree --name-only 69455f1 decks/); do
        git show 69455f1:$f > /tmp/old/$(basename $f); done
    python3 benches/gold-coverage.py /tmp/old/*.toml
"""
import re
import sys
import tomllib

ARTICLES = {"adda247-notes-2025", "asia-group-oped-2025", "firstpost-analysis-2025",
            "preview-geopolitics-2025", "visit-report-2025"}


def asked(card):
    out = []
    for key, value in card.items():
        if key in ("prompt", "stem", "question", "answer") or key.startswith("statement"):
            if isinstance(value, str):
                out.append(value)
    for key in ("options", "accept", "columns"):
        out += [v for v in card.get(key, []) or [] if isinstance(v, str)]
    for s in card.get("statements", []) or []:
        if isinstance(s, dict):
            out.append(s.get("text", ""))
    for p in card.get("pairs", []) or []:
        out.append(p.get("left", "") + " " + p.get("right", ""))
    for r in card.get("rows", []) or []:
        out.append(" ".join(r.get("cells", [])))
    if "value" in card:
        out.append(f"{card['value']}{card.get('unit', '')}")
    return re.sub(r"(?<=\d),(?=\d)", "", " ".join(out).lower())


def main(paths):
    cards = [asked(c) for p in paths for c in tomllib.load(open(p, "rb")).get("card", [])]
    gold = [line.split("|") for line in open("tests/fixtures/draft/gold.txt", encoding="utf-8")
            if "|" in line and not line.startswith("#")]
    gold = [g for g in gold if g[0].strip() in ARTICLES]
    missing = []
    for source, card, words in gold:
        words = [re.sub(r"(?<=\d),(?=\d)", "", w.strip().lower()) for w in words.split(",") if w.strip()]
        if not any(all(w in c for w in words) for c in cards):
            missing.append(f"{card.strip()} | {', '.join(words)}")
    print(f"{len(cards)} cards; {len(gold) - len(missing)}/{len(gold)} gold facts asked")
    for m in missing:
        print("  not asked:", m)


if __name__ == "__main__":
    main(sys.argv[1:])
