#!/usr/bin/python3
"""How a stemmed two-word phrase could be ranked, timed on a Dossier index
(Debian's python3-xapian; schema 6 or later, which has word pairs).

Dossier ranks a phrase as the AND of its words, each the OR of the index's
words sharing its stem, filtered by the OR of their word pairs (XP terms).
This compares that form with the AND of the words' stems (Z terms) under the
same filter: the same matches, other weights. For each phrase it prints the
best of five get_mset(0, 20) timings of each form (Dossier's BM25 parameters)
and how many of the top 20 the two forms share.

Usage: /usr/bin/python3 tools/bench/phrase-forms.py INDEX ["first second" ...]
"""
import sys
import time

import xapian

Q = xapian.Query


def text(term):
    return term.decode() if isinstance(term, bytes) else term


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    db = xapian.Database(sys.argv[1])
    phrases = sys.argv[2:] or ["central bank", "prime minister", "united states", "trade talks"]
    stemmer = xapian.Stem("english")

    def stem(word):
        return text(stemmer(word))

    def forms(word):
        """The index's lower-case words that share `word`'s stem."""
        target = stem(word)
        return [text(t.term) for t in db.allterms(word[:3])
                if text(t.term)[:1].islower() and stem(text(t.term)) == target]

    def timed(query):
        best, top = float("inf"), []
        for _ in range(5):
            enquire = xapian.Enquire(db)
            enquire.set_query(query)
            enquire.set_weighting_scheme(xapian.BM25Weight(1.2, 0, 1, 0.75, 0.5))
            start = time.perf_counter()
            mset = enquire.get_mset(0, 20, 10)
            best = min(best, time.perf_counter() - start)
            top = [item.docid for item in mset]
        return best * 1000, top

    print(f"{'phrase':20} {'forms':>7} {'ORed forms ms':>14} {'stems ms':>9} {'ratio':>6} {'shared top 20':>14}")
    for phrase in phrases:
        first, second = phrase.split()
        a, b = forms(first), forms(second)
        if not a or not b:
            print(f"{phrase:20} not in the index")
            continue
        pairs = Q(Q.OP_OR, [Q(f"XP{x} {y}") for x in a for y in b])
        ored = Q(Q.OP_FILTER, Q(Q.OP_AND, [Q(Q.OP_OR, [Q(x) for x in a]), Q(Q.OP_OR, [Q(y) for y in b])]), pairs)
        stems = Q(Q.OP_FILTER, Q(Q.OP_AND, [Q("Z" + stem(first)), Q("Z" + stem(second))]), pairs)
        ored_ms, ored_top = timed(ored)
        stems_ms, stems_top = timed(stems)
        print(f"{phrase:20} {len(a):>3}x{len(b):<3} {ored_ms:14.2f} {stems_ms:9.2f} {stems_ms / ored_ms:6.2f} "
              f"{len(set(ored_top) & set(stems_top)):>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
