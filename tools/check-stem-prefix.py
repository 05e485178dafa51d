#!/usr/bin/python3
"""Check the property that snippets' restricted stemmer relies on
(cxapian_stem_new_restricted, Stem.restricted(to:)): Xapian's English stemmer
keeps the first two bytes of a word in its stem (all of a stem shorter than
two bytes), apart from "dying", "lying" and "tying".

Cuts the text of every article of the JSON Lines files given (plain or .xz:
title, body and text fields) into words with Xapian's own term generator, as
a snippet sees them, stems each distinct word with Xapian's English stemmer,
and prints how many words there were and every word that breaks the property.
Exits 1 if any does.

Needs Debian's python3-xapian (/usr/bin/python3).

Usage: /usr/bin/python3 tools/check-stem-prefix.py FILE.jsonl[.xz] ...
  e.g. /usr/bin/python3 tools/check-stem-prefix.py ../shared/datasets/*/*.jsonl.xz
"""
import json
import lzma
import sys

import xapian

EXCEPTIONS = {b"dying", b"lying", b"tying"}


def texts(path):
    opener = lzma.open if path.endswith(".xz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                for field in ("title", "body", "text"):
                    if isinstance(record.get(field), str):
                        yield record[field]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    generator = xapian.TermGenerator()
    words = set()
    for path in sys.argv[1:]:
        for text in texts(path):
            document = xapian.Document()
            generator.set_document(document)
            generator.index_text(text)
            words.update(item.term for item in document.termlist())
    stem = xapian.Stem("english")
    broken = []
    for word in sorted(words):
        stemmed = stem(word)
        keep = min(2, len(stemmed))
        if stemmed[:keep] != word[:keep] and word not in EXCEPTIONS:
            broken.append((word, stemmed))
    print(f"{len(words)} distinct words from {len(sys.argv) - 1} files; {len(broken)} break the property")
    for word, stemmed in broken[:50]:
        print(f"  {word.decode(errors='replace')!r} -> {stemmed.decode(errors='replace')!r}")
    sys.exit(1 if broken else 0)


if __name__ == "__main__":
    main()
