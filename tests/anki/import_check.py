"""Imports an `upsc export --format anki` file into a fresh collection with Anki's own
importer (the `anki` package from PyPI) and prints what Anki made of it.

Not part of `cargo test` (it needs Python and the anki wheel); run by hand:

    python3 -m venv /tmp/ankienv && /tmp/ankienv/bin/pip install anki
    upsc export --format anki --out /tmp/upsc-anki.txt
    /tmp/ankienv/bin/python tests/anki/import_check.py /tmp/upsc-anki.txt
"""

import sys
import tempfile

from anki.collection import Collection
from anki.import_export_pb2 import ImportCsvRequest


def import_once(col, path):
    meta = col.get_csv_metadata(path=path, delimiter=None)
    log = col.import_csv(ImportCsvRequest(path=path, metadata=meta)).log
    return meta, log


def main(path):
    with tempfile.TemporaryDirectory() as folder:
        col = Collection(f"{folder}/check.anki2")
        meta, log = import_once(col, path)
        print(f"html {meta.is_html}, guid column {meta.guid_column}, deck column "
              f"{meta.deck_column}, tags column {meta.tags_column}")
        print(f"first import: {len(log.new)} new, {len(log.updated)} updated, "
              f"{len(log.duplicate)} duplicate, {len(log.conflicting)} conflicting, "
              f"{len(log.empty_first_field)} with an empty front")
        decks = [d.name for d in col.decks.all_names_and_ids() if d.name != "Default"]
        print(f"notes {col.note_count()}, cards {col.card_count()}, decks {len(decks)}")
        _, again = import_once(col, path)
        print(f"second import of the same file: {len(again.new)} new, "
              f"{len(again.duplicate)} recognised by guid")
        col.close()


if __name__ == "__main__":
    main(sys.argv[1])
