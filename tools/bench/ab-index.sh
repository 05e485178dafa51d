#!/usr/bin/env bash
# Two dossier builds on ONE existing index (same schema), in alternating
# rounds of the 320-query mix (tools/bench/queries.py) through
# `dossier search --batch`, so that a change can be told from the machine's
# noise: prints p50, p95 and p99 of each build's per-query timings.totalMs and
# the new/old ratios. Unlike compare.py it builds no index: give any index both
# builds can read (a large generated one, for instance).
#
# Usage: tools/bench/ab-index.sh OLD_DOSSIER NEW_DOSSIER INDEX [ROUNDS] [SEARCH OPTIONS...]
#   e.g. tools/bench/ab-index.sh ../old/.build/release/dossier .build/release/dossier /tmp/i250 3 --facets
set -euo pipefail
cd "$(dirname "$0")/../.."
old="${1:?old dossier}" new="${2:?new dossier}" index="${3:?index}"
rounds="${4:-3}"
shift $(($# >= 4 ? 4 : 3))
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 tools/bench/queries.py > "$work/queries.txt"
timings() { # binary, output file
    "$1" search --index "$index" --batch "$work/queries.txt" --limit 10 "${@:3}" 2>/dev/null |
        python3 -c 'import json, sys
for line in sys.stdin:
    o = json.loads(line)
    if "timings" in o: print(o["timings"]["totalMs"])' >> "$2"
}
# A warm-up round each, then turns, the order flipping every round.
timings "$old" /dev/null "$@"
timings "$new" /dev/null "$@"
for ((round = 0; round < rounds; round++)); do
    if ((round % 2 == 0)); then
        timings "$old" "$work/old.txt" "$@"; timings "$new" "$work/new.txt" "$@"
    else
        timings "$new" "$work/new.txt" "$@"; timings "$old" "$work/old.txt" "$@"
    fi
done
python3 - "$work" << 'PY'
import sys
work = sys.argv[1]
def q(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]
result = {}
for name in ("old", "new"):
    values = [float(x) for x in open(f"{work}/{name}.txt")]
    result[name] = values
    print(f"{name}: {len(values)} queries, p50 {q(values, .5):.2f} ms, p95 {q(values, .95):.2f} ms, p99 {q(values, .99):.2f} ms")
print("new/old: p50 %.3f, p95 %.3f, p99 %.3f" % tuple(q(result["new"], p) / q(result["old"], p) for p in (.5, .95, .99)))
PY
