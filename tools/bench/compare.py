#!/usr/bin/env python3
"""Compares the search latency of two dossier builds in one run, so that a
change can be told apart from the machine's run-to-run noise: each build
indexes Reuters-21578 (from ../shared/datasets) into an index of its own
schema, then both run the 320-query mix of tools/bench/queries.py through
`dossier search --batch --limit 10`, round after round, taking turns (the
order flips every round), after one warm-up round each. Prints p50 and p95 of
each query's own timings.totalMs, and the p50 ratio new/old, for:

  (a) top 10, no snippets       (--no-snippets)
  (a') the same without collapsing near-duplicates (--no-snippets --no-collapse)
  (b) top 10, facets, snippets  (--facets)

Usage: tools/bench/compare.py OLD_DOSSIER NEW_DOSSIER [--rounds N] [--keep]
  e.g. build the old commit in a worktree (git worktree add ../old COMMIT;
  swift build -c release there), then
  tools/bench/compare.py ../old/.build/release/dossier .build/release/dossier
"""
import argparse
import json
import lzma
import os
import shutil
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("old")
parser.add_argument("new")
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
args = parser.parse_args()
data = os.path.join(root, "..", "shared", "datasets", "reuters21578", "articles.jsonl.xz")
if not os.path.exists(data):
    sys.exit(f"compare.py: no Reuters copy at {data} (the research datasets are never committed); stopping")
for binary in (args.old, args.new):
    if not os.access(binary, os.X_OK):
        sys.exit(f"compare.py: {binary} is not an executable")

work = tempfile.mkdtemp(prefix="dossier-compare.")
try:
    os.makedirs(f"{work}/corpus")
    with lzma.open(data) as source, open(f"{work}/corpus/reuters21578.jsonl", "wb") as out:
        shutil.copyfileobj(source, out)
    queries = f"{work}/queries.txt"
    with open(queries, "w") as out:
        subprocess.run([sys.executable, os.path.join(root, "tools/bench/queries.py")], stdout=out, check=True)
    builds = {}
    for name, binary in (("old", args.old), ("new", args.new)):
        index = f"{work}/{name}-index"
        print(f"compare.py: indexing with the {name} build ({binary})", file=sys.stderr)
        done = subprocess.run([binary, "index", "--corpus", f"{work}/corpus", "--index", index, "--quiet"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode > 1:
            sys.exit(f"compare.py: the {name} build could not index (status {done.returncode})")
        builds[name] = (binary, index)

    def run(name, options):
        binary, index = builds[name]
        out = subprocess.run([binary, "search", "--index", index, "--batch", queries, "--limit", "10"] + options,
                             capture_output=True, text=True).stdout
        return [json.loads(line)["timings"]["totalMs"] for line in out.splitlines() if '"timings"' in line]

    def quantile(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    modes = [("(a)  top 10", ["--no-snippets"]), ("(a') top 10, no collapsing", ["--no-snippets", "--no-collapse"]),
             ("(b)  facets + snippets", ["--facets"])]
    print(f"Search latency, Reuters-21578, the 320-query mix, {args.rounds} rounds each taking turns; ms per query")
    print(f"{'':30} {'old p50':>8} {'old p95':>8} {'new p50':>8} {'new p95':>8}  new/old p50")
    for label, options in modes:
        times = {"old": [], "new": []}
        for name in times:
            run(name, options)  # warm-up
        for r in range(args.rounds):
            for name in (("old", "new") if r % 2 == 0 else ("new", "old")):
                times[name] += run(name, options)
        old, new = quantile(times["old"], 0.5), quantile(times["new"], 0.5)
        print(f"{label:30} {old:8.3f} {quantile(times['old'], 0.95):8.3f} {new:8.3f} "
              f"{quantile(times['new'], 0.95):8.3f}  {new / old:.2f}")
finally:
    if args.keep:
        print(f"compare.py: kept {work}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)
