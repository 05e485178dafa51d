#!/usr/bin/env python3
"""Relevance evaluation on BEIR SciFact (test split) for `dossier search --batch`.

Two steps, so that the shell script can run dossier in between:

  scifact.py prepare DATASET_DIR OUT_DIR
      writes OUT_DIR/corpus/scifact.jsonl (the abstracts in Dossier's interchange
      form: id, title, body), OUT_DIR/queries.txt (one test query per line) and
      OUT_DIR/query-ids.txt (the BEIR query id of each line);
  scifact.py score DATASET_DIR OUT_DIR RESULTS.jsonl
      reads the batch output (one JSON object per query line) and prints
      nDCG@10 and recall@100 next to published BM25 figures.

nDCG@10 follows trec_eval / pytrec_eval (gain = judged relevance, discount
log2(rank + 1), ideal DCG over the judged documents); recall@100 is the share of
judged relevant documents in the first 100 results, averaged over queries.
"""
import json
import lzma
import math
import re
import sys
from pathlib import Path


def load_qrels(dataset):
    qrels = {}
    with open(dataset / "qrels" / "test.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            qid, docid, score = line.rstrip("\n").split("\t")
            if int(score) > 0:
                qrels.setdefault(qid, {})[docid] = int(score)
    return qrels


def query_line(text):
    """A claim as one line of the query language: characters with a meaning
    there (quotes, brackets, a colon after a word) are spaces, and the words
    AND/OR/NOT/XOR/NEAR/ADJ in capitals are lower-cased, so the claim is read
    as plain words."""
    text = re.sub(r'["()\[\]{}]', " ", text)
    text = re.sub(r"(\w):", r"\1 ", text)
    text = re.sub(r"\b(AND|OR|NOT|XOR|NEAR|ADJ)\b", lambda m: m.group(1).lower(), text)
    return " ".join(text.split())


def prepare(dataset, out):
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    with lzma.open(dataset / "corpus.jsonl.xz", "rt", encoding="utf-8") as src, open(
        out / "corpus" / "scifact.jsonl", "w", encoding="utf-8"
    ) as dst:
        for line in src:
            doc = json.loads(line)
            dst.write(json.dumps({"id": doc["_id"], "title": doc.get("title", ""), "body": doc.get("text", ""),
                                  "source": "scifact"}) + "\n")
    qrels = load_qrels(dataset)
    queries = {}
    with open(dataset / "queries.jsonl", encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            queries[q["_id"]] = q["text"]
    ids = sorted(qrels, key=int)
    with open(out / "queries.txt", "w", encoding="utf-8") as f, open(out / "query-ids.txt", "w") as g:
        for qid in ids:
            f.write(query_line(queries[qid]) + "\n")
            g.write(qid + "\n")
    print(f"scifact.py: {len(ids)} test queries, {sum(len(v) for v in qrels.values())} judged relevant pairs",
          file=sys.stderr)


def score(dataset, out, results_path):
    qrels = load_qrels(dataset)
    ids = (out / "query-ids.txt").read_text().split()
    lines = [json.loads(l) for l in open(results_path, encoding="utf-8") if l.strip()]
    if len(lines) != len(ids):
        sys.exit(f"scifact.py: {len(lines)} results for {len(ids)} queries")
    ndcgs, recalls, errors, millis = [], [], 0, []
    for qid, result in zip(ids, lines):
        if "error" in result:
            errors += 1
            ranked = []
        else:
            ranked = [h["id"] for h in result["hits"]]
            millis.append(result["timings"]["totalMs"])
        rel = qrels[qid]
        dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
        ideal = sorted(rel.values(), reverse=True)[:10]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        ndcgs.append(dcg / idcg if idcg else 0.0)
        recalls.append(len(set(ranked[:100]) & set(rel)) / len(rel))
    ndcg = sum(ndcgs) / len(ndcgs)
    recall = sum(recalls) / len(recalls)
    millis.sort()
    p50 = millis[len(millis) // 2] if millis else float("nan")
    print(f"BEIR SciFact test: {len(ids)} queries, {errors} rejected")
    print(f"  nDCG@10    {ndcg:.3f}   (published BM25: BEIR/Elasticsearch 0.665, Anserini 0.679; aim 0.70)")
    print(f"  recall@100 {recall:.3f}")
    print(f"  in-process time per query (top 100 with snippets): p50 {p50:.2f} ms")
    print(json.dumps({"ndcg10": round(ndcg, 4), "recall100": round(recall, 4), "errors": errors}))


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) >= 5 and sys.argv[1] == "score":
        score(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(__doc__)
