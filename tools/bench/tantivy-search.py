#!/usr/bin/env python3
"""The Tantivy peer of the search benchmark (tantivy-py from PyPI).

Indexes ENRICHED articles (the JSON lines of `dossier ingest CORPUS --dry-run
--json`: the same articles and the same inferred countries, categories, topics
and dates as Dossier's index) into a Tantivy index, then runs the query mix:

  --mode a: the top 10 (`search(query, 10)`), each hit's stored document read;
  --mode b: the top 10, exact counts of five facets (terms aggregations over
            the fast fields country, category, topic, year and month, every
            value: each is multi-valued where Dossier's is) and a snippet of
            each hit's body (SnippetGenerator).

Queries are parsed with every word required (conjunction by default, as
Dossier's --match all) over title and body, English stemming; field values are
lower-cased as Dossier's are (`country:us`, `category:"interest"`). When every
word together finds nothing, the words are searched ORed, as Dossier's search
does by default.

Prints one JSON object: {"ms": [milliseconds per query], "errors": N}.

Usage: tools/bench/tantivy-search.py INDEX_DIR QUERIES --mode a|b [--repeat K]
       tools/bench/tantivy-search.py INDEX_DIR --build ENRICHED.jsonl
"""
import argparse
import json
import os
import sys
import time

try:
    import tantivy
except ImportError:
    sys.exit("tantivy-search: `pip install tantivy` (tantivy-py from PyPI) first")

FACETS = ["country", "category", "topic", "year", "month"]


def schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    for name in FACETS:
        builder.add_text_field(name, stored=False, fast=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


def build(path, enriched):
    os.makedirs(path, exist_ok=True)
    index = tantivy.Index(schema(), path=path)
    writer = index.writer(heap_size=512 * 1024 * 1024, num_threads=2)
    start = time.perf_counter()
    count = 0
    with open(enriched, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line.startswith("{"):
                continue
            a = json.loads(line)
            fields = {"id": a["id"], "title": a.get("title", ""), "body": a.get("body", "")}
            fields["country"] = sorted({c.lower() for c in a.get("countryCodes") or []})
            fields["category"] = sorted({c.lower() for c in a.get("categories") or []})
            fields["topic"] = sorted({t.lower() for t in a.get("topics") or []})
            date = a.get("date") or ""
            if len(date) >= 7:
                fields["year"] = [date[:4]]
                fields["month"] = [date[:7]]
            doc = tantivy.Document()
            for name, value in fields.items():
                for item in value if isinstance(value, list) else [value]:
                    doc.add_text(name, item)
            writer.add_document(doc)
            count += 1
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - start
    print(json.dumps({"articles": count, "seconds": round(seconds, 2), "articlesPerSecond": round(count / seconds)}))


def prepare(line):
    """Lower-cases everything but the operators, as Dossier's query text does."""
    return " ".join(w if w in ("AND", "OR", "NOT") else w.lower() for w in line.split())


def run(path, queries, mode, repeat):
    index = tantivy.Index.open(path)
    index.reload()
    searcher = index.searcher()
    s = index.schema
    aggregations = {name: {"terms": {"field": name, "size": 100000}} for name in FACETS}
    lines = [l.strip() for l in open(queries, encoding="utf-8") if l.strip()]

    def search(text, every_word):
        """The mode's work for one query; returns the number of hits shown."""
        query = index.parse_query(text, ["title", "body"], conjunction_by_default=every_word)
        result = searcher.search(query, 10)
        docs = [searcher.doc(address) for _, address in result.hits]
        if mode == "b":
            searcher.aggregate(query, aggregations)
            generator = tantivy.SnippetGenerator.create(searcher, query, s, "body")
            generator.set_max_num_chars(200)
            for doc in docs:
                generator.snippet_from_doc(doc).to_html()
        return len(docs)

    ms, errors = [], 0
    for _ in range(repeat):
        for line in lines:
            start = time.perf_counter()
            try:
                text = prepare(line)
                hits = search(text, True)
                # As Dossier's search does by default (and reference-search.py):
                # when every word together finds nothing, the words ORed.
                if hits == 0 and len([w for w in text.split() if w not in ("AND", "OR", "NOT") and ":" not in w]) > 1:
                    search(text, False)
            except ValueError:
                errors += 1
                continue
            ms.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"ms": ms, "errors": errors}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index")
    parser.add_argument("queries", nargs="?")
    parser.add_argument("--build", metavar="ENRICHED")
    parser.add_argument("--mode", choices=["a", "b"], default="a")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if args.build:
        build(args.index, args.build)
    elif args.queries:
        run(args.index, args.queries, args.mode, args.repeat)
    else:
        parser.error("give QUERIES to search, or --build ENRICHED to index")


if __name__ == "__main__":
    main()
