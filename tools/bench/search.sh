#!/usr/bin/env bash
# Search latency benchmark: a fixed mix of 320 queries (tools/bench/queries.py:
# words, phrases, filters, OR, NOT) run in-process through
# `dossier search --batch` (each line's own "timings.totalMs"), and the same mix
# through a straightforward raw-Xapian implementation in the same run
# (tools/bench/reference-search.py), on one index:
#
#   (a) top 10 only:                   dossier --no-snippets   vs  reference --mode a
#   (b) top 10, all facets, snippets:  dossier --facets        vs  reference --mode b
#
# With --tantivy, Tantivy too (tantivy-py from PyPI, installed if missing;
# tools/bench/tantivy-search.py) on the same articles as Dossier enriched them
# (`dossier ingest --dry-run --json`), doing the same work: (a) top 10, (b) top
# 10 with five exact facets and snippets.
#
# Every side does what Dossier's search does by default when few articles
# match: when every word together finds nothing, the words are searched ORed;
# the reference also asks for a spelling correction when fewer than 5 match
# (Tantivy has no spelling data). The reference is also run once more without
# either ("no fallbacks"), for comparison.
#
# Each side runs the mix once to warm up, then --rounds times (default 10 on
# Reuters, 3 on generated articles), the sides taking turns within each round
# (a fresh process each, the order shifting every round), so that the
# machine's slower spells fall on every side alike; p50/p95/p99 are over all
# measured queries. Aims (PASS/MISS): (a) p50 within 1.2x of the reference's
# on Reuters, at most the reference's on generated articles; (b) p50 below the
# reference's; (b) p99 <= 50 ms at 1,000,000 articles; with --tantivy, (b) p50
# at or below Tantivy's.
#
# Usage: tools/bench/search.sh [reuters|N] [--index DIR] [--rounds K] [--tantivy [--tantivy-dir DIR]] [--keep]
#   reuters   Reuters-21578 from ../shared/datasets (the default)
#   N         N generated articles (tools/gen-corpus.py, seed 1, cached in .bench-cache/)
#   --index DIR  search this existing index instead of building one
#   --tantivy-dir DIR  with --tantivy, search this Tantivy index (the "tantivy"
#                folder a --keep run left) instead of enriching and building one
# Environment: DOSSIER=/path/to/dossier uses that binary instead of building;
# DOSSIER_SCRATCH=DIR builds with --scratch-path DIR instead of .build.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
dataset=reuters
index=""
rounds=""
keep=0
tantivy=0
tantivy_dir=""
while (($#)); do
    case "$1" in
        reuters) dataset=reuters ;;
        --index) index="${2:?--index needs a folder}"; shift ;;
        --rounds) rounds="${2:?--rounds needs a number}"; shift ;;
        --keep) keep=1 ;;
        --tantivy) tantivy=1 ;;
        --tantivy-dir) tantivy_dir="${2:?--tantivy-dir needs a folder}"; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *)
            if [[ "$1" =~ ^[0-9]+$ ]] && (($1 > 0)); then dataset="$1"; else
                echo "search.sh: unknown argument '$1'" >&2; exit 2
            fi ;;
    esac
    shift
done
say() { echo "search.sh: $*" >&2; }
[[ -n "$rounds" ]] || { [[ "$dataset" == reuters ]] && rounds=10 || rounds=3; }
/usr/bin/python3 -c 'import xapian' 2>/dev/null || {
    say "installing python3-xapian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-xapian >/dev/null
}
source tools/bench/common.sh
work="$(mktemp -d /tmp/dossier-search-bench.XXXXXX)"
if ((keep)); then say "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
bench_dossier

if [[ -z "$index" ]]; then
    bench_build_index "$dataset" "$dossier"
    index="$work/index"
fi
python3 tools/bench/queries.py > "$work/queries.txt"
say "$(wc -l < "$work/queries.txt") queries; $rounds rounds after a warm-up; index $index"

# One round of one side, its per-query milliseconds appended to $work/NAME.txt
# (NAME: ours-a, ours-a-nocollapse, ours-b, ref-a, ref-a-plain, ref-b,
# tantivy-a, tantivy-b); OUT is /dev/null for the warm-up.
# The "ms" list of a peer's JSON output, one figure a line.
ms_lines() { python3 -c 'import json,sys; [print(x) for x in json.load(sys.stdin)["ms"]]'; }
round_of() { # name out
    local name="$1" out="$2"
    case "$name" in
        ours-a) bench_batch_round "$index" "$work/queries.txt" "$out" --no-snippets ;;
        ours-a-nocollapse) bench_batch_round "$index" "$work/queries.txt" "$out" --no-snippets --no-collapse ;;
        ours-b) bench_batch_round "$index" "$work/queries.txt" "$out" --facets ;;
        ref-*)
            local options=(--mode "${name#ref-}")
            [[ "$name" == *-plain ]] && options=(--mode a --no-fallback)
            /usr/bin/python3 tools/bench/reference-search.py "$index" "$work/queries.txt" "${options[@]}" |
                ms_lines >> "$out" ;;
        tantivy-*)
            python3 tools/bench/tantivy-search.py "$tantivy_dir" "$work/queries.txt" --mode "${name#tantivy-}" |
                ms_lines >> "$out" ;;
    esac
}
sides=(ref-a ref-a-plain ours-a ours-a-nocollapse ref-b ours-b)

if ((tantivy)); then
    python3 -c 'import tantivy' 2>/dev/null || { say "installing tantivy-py"; pip install -q tantivy >&2; }
    if [[ -n "$tantivy_dir" ]]; then
        say "searching the Tantivy index $tantivy_dir"
    else
        [[ -n "${corpus:-}" ]] || bench_corpus "$dataset" 1
        say "enriching $corpus for Tantivy (dossier ingest --dry-run --json)"
        "$dossier" ingest "$corpus" --dry-run --json 2>/dev/null > "$work/enriched.jsonl" || true
        say "indexing into Tantivy"
        tantivy_dir="$work/tantivy"
        python3 tools/bench/tantivy-search.py "$tantivy_dir" --build "$work/enriched.jsonl" >&2
    fi
    sides+=(tantivy-a tantivy-b)
fi

# A warm-up round of each side, then the rounds, each side taking its turn
# in every round (a fresh process each time, whatever the engine) and the
# order shifting by one side a round: a slower spell of the machine falls on
# every side alike instead of on one side's rounds.
say "warming up: ${sides[*]}"
for side in "${sides[@]}"; do round_of "$side" /dev/null; done
for ((r = 0; r < rounds; r++)); do
    say "round $((r + 1)) of $rounds"
    for ((i = 0; i < ${#sides[@]}; i++)); do
        side="${sides[$(((i + r) % ${#sides[@]}))]}"
        round_of "$side" "$work/$side.txt"
    done
done

python3 - "$work" "$dataset" "$index" <<'PY'
import os, sys
work, dataset, index = sys.argv[1:4]
def load(name):
    return sorted(float(x) for x in open(f"{work}/{name}.txt") if x.strip())
def pct(v, p):
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
rows = {}
names = ["ref-a", "ref-a-plain", "ours-a", "ours-a-nocollapse", "ref-b", "ours-b"]
if os.path.exists(f"{work}/tantivy-a.txt"):
    names += ["tantivy-a", "tantivy-b"]
for name in names:
    v = load(name)
    rows[name] = (len(v), pct(v, 50), pct(v, 95), pct(v, 99))
print(f"Search latency on {dataset} ({index}), in-process, milliseconds per query")
print(f"{'':34} {'n':>5} {'p50':>8} {'p95':>8} {'p99':>8}")
labels = {"ref-a": "(a) reference, top 10", "ref-a-plain": "(a) reference, no fallbacks",
          "ours-a": "(a) dossier, top 10",
          "ours-a-nocollapse": "(a) dossier, top 10, --no-collapse",
          "ref-b": "(b) reference, facets+snippets", "ours-b": "(b) dossier, facets+snippets",
          "tantivy-a": "(a) tantivy, top 10", "tantivy-b": "(b) tantivy, facets+snippets"}
for name, (n, p50, p95, p99) in rows.items():
    print(f"{labels[name]:34} {n:5d} {p50:8.3f} {p95:8.3f} {p99:8.3f}")
ra = rows["ours-a"][1] / rows["ref-a"][1]
rb = rows["ours-b"][1] / rows["ref-b"][1]
# The issue's aims: within 1.2x on Reuters, no slower at 1,000,000 (and any other size).
aim_a = 1.2 if dataset == "reuters" else 1.0
print(f"(a) p50 ratio dossier/reference {ra:.2f}  {'PASS' if ra <= aim_a else 'MISS'} (aim <= {aim_a})")
rn = rows["ours-a-nocollapse"][1] / rows["ref-a"][1]
print(f"(a) p50 ratio without collapsing near-duplicates {rn:.2f}")
rp = rows["ours-a"][1] / rows["ref-a-plain"][1]
print(f"(a) p50 ratio against the reference without fallbacks {rp:.2f}")
print(f"(b) p50 ratio dossier/reference {rb:.2f}  {'PASS' if rb < 1 else 'MISS'} (aim < 1)")
if "tantivy-a" in rows:
    ta = rows["ours-a"][1] / rows["tantivy-a"][1]
    tb = rows["ours-b"][1] / rows["tantivy-b"][1]
    tb99 = rows["ours-b"][3] / rows["tantivy-b"][3]
    print(f"(a) p50 ratio dossier/tantivy {ta:.2f}")
    print(f"(b) p50 ratio dossier/tantivy {tb:.2f}  {'PASS' if tb <= 1 else 'MISS'} (aim <= 1); p99 ratio {tb99:.2f}")
if dataset == "1000000":
    p99 = rows["ours-b"][3]
    print(f"(b) p99 {p99:.1f} ms  {'PASS' if p99 <= 50 else 'MISS'} (aim <= 50 ms at 1,000,000 articles)")
PY
