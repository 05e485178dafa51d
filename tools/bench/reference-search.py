#!/usr/bin/python3
"""A straightforward search over a Dossier index written directly on Xapian
(Debian's python3-xapian): the reference the search benchmark compares with.

For each query line (lower-cased but for the operators AND, OR and NOT):
QueryParser (English stemmer, STEM_SOME, AND by default,
the same field prefixes), then
  --mode a: the top 10 (get_mset(0, 10));
  --mode b: the top 10 with exact counts for the four facet slots of schema 5
            (one ValueCountMatchSpy each, check_at_least = the document count) and a
            snippet of each hit's body (MSet.snippet with its default flags);
and, as Dossier's search does by default, when fewer than 5 articles match, a
spelling correction (searched when nothing matched), and when every word
together finds nothing, the words ORed.
Prints one JSON object: {"ms": [milliseconds per query], "errors": N}.

Usage: /usr/bin/python3 tools/bench/reference-search.py INDEX QUERIES --mode a|b [--no-fallback]
"""
import argparse
import json
import sys
import time

import xapian


def stored_body(data):
    """The body from Dossier's stored document data (NewsModel/StoredArticle.swift:
    0xD1, then id, title and body as varint length + UTF-8)."""
    if not data or data[0] != 0xD1:
        return json.loads(data).get("body", "")
    pos = 1
    for field in range(3):
        n = shift = 0
        while True:
            b = data[pos]
            pos += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        if field == 2:
            return data[pos:pos + n].decode("utf-8")
        pos += n


def prepare(line):
    """Lower-cases everything but the operators, as Dossier's query text does
    (and tantivy-search.py): lower-cased, "bank NOT gold" would be the three
    words ANDed, a much narrower query than the one the others run."""
    return " ".join(w if w in ("AND", "OR", "NOT") else w.lower() for w in line.split())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("index")
    parser.add_argument("queries")
    parser.add_argument("--mode", choices=["a", "b"], required=True)
    parser.add_argument("--no-fallback", action="store_true", help="no spelling correction, no words ORed")
    args = parser.parse_args()
    db = xapian.Database(args.index)
    stemmer = xapian.Stem("english")
    qp = xapian.QueryParser()
    qp.set_stemmer(stemmer)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_AND)
    qp.add_prefix("title", "S")
    for field, prefix in [("country", "XC"), ("category", "XK"), ("topic", "XT"), ("source", "XS"), ("year", "Y")]:
        qp.add_boolean_prefix(field, prefix)
    qp.add_rangeprocessor(xapian.DateRangeProcessor(0, "date:"))
    count = db.get_doccount()

    def search(query):
        """The mode's work for one query; returns its MSet."""
        enquire = xapian.Enquire(db)
        enquire.set_query(query)
        if args.mode == "a":
            mset = enquire.get_mset(0, 10)
            for item in mset:
                item.document.get_data()
            return mset
        spies = [xapian.ValueCountMatchSpy(slot) for slot in (1, 2, 3, 4)]
        for spy in spies:
            enquire.add_matchspy(spy)
        mset = enquire.get_mset(0, 10, count)
        for spy in spies:
            for item in spy.values():
                pass
        for item in mset:
            body = stored_body(item.document.get_data())
            mset.snippet(body, 200, stemmer)
        return mset

    lines = [l.strip() for l in open(args.queries, encoding="utf-8") if l.strip()]
    ms, errors = [], 0
    for line in lines:
        start = time.perf_counter()
        try:
            text = prepare(line)
            mset = search(qp.parse_query(text, xapian.QueryParser.FLAG_DEFAULT))
            # What Dossier's search does by default when few articles match
            # (fewer than 5: the page's lower bound is then exact): it looks
            # for a spelling correction of the words the index does not
            # know, searched when nothing matched; and when every word
            # together finds nothing, it ranks by any word.
            if args.no_fallback:
                pass
            elif mset.get_matches_lower_bound() < 5:
                qp.parse_query(text, xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_SPELLING_CORRECTION)
                corrected = qp.get_corrected_query_string()
                if corrected:
                    fixed = search(qp.parse_query(corrected, xapian.QueryParser.FLAG_DEFAULT))
                    if mset.empty() and not fixed.empty():
                        mset = fixed
            if not args.no_fallback and mset.empty() and len([w for w in text.split() if w not in ("AND", "OR", "NOT") and ":" not in w]) > 1:
                qp.set_default_op(xapian.Query.OP_OR)
                try:
                    mset = search(qp.parse_query(text, xapian.QueryParser.FLAG_DEFAULT))
                finally:
                    qp.set_default_op(xapian.Query.OP_AND)
        except xapian.Error:
            errors += 1
            continue
        ms.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"ms": ms, "errors": errors}))


if __name__ == "__main__":
    sys.exit(main())
