#!/usr/bin/env bash
# Enrichment speed on Reuters-21578 (18,000 stories of 1987), on one core.
#
# Times `dossier ingest FILE --dry-run --json --infer-only` (read, enrich,
# print) against the same command with --raw (read and print, no enrichment),
# both pinned to one core, best of 3 runs each. Enrichment's throughput is
# articles / (enriched time - raw time); the ratio of the two runs says how
# much of ingest enrichment costs.
#
# Usage: tools/bench/enrich.sh [JSONL(.xz)]   (default: the Reuters copy in ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/datasets/reuters21578/articles.jsonl.xz}"
[[ -f "$data" ]] || { echo "enrich.sh: no dataset at $data"; exit 2; }
swift build -c release --product dossier >/dev/null
dossier="$(swift build -c release --show-bin-path)/dossier"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Decompress once, so xz is not part of either timing.
if [[ "$data" == *.xz ]]; then xz -dc "$data" > "$work/in.jsonl"; else cp "$data" "$work/in.jsonl"; fi
articles=$(grep -c . "$work/in.jsonl")
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)

best() {  # best wall time of 3 runs of: dossier ingest in.jsonl --dry-run --json "$@"
    local best=""
    for _ in 1 2 3; do
        local start end
        start=$(date +%s.%N)
        "${pin[@]}" "$dossier" ingest "$work/in.jsonl" --dry-run --json "$@" > /dev/null 2> "$work/stderr" || true
        end=$(date +%s.%N)
        best=$(python3 -c "import sys; t=$end-$start; b='$best'; print(t if not b or t < float(b) else b)")
    done
    echo "$best"
}
raw=$(best --raw)
full=$(best --infer-only)
python3 - "$articles" "$raw" "$full" <<'PY'
import sys
n, raw, full = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
enrich = max(full - raw, 1e-9)
print(f"articles:                {n}")
print(f"read + print (--raw):    {raw:.3f} s   {n / raw:,.0f} articles/s")
print(f"read + enrich + print:   {full:.3f} s   {n / full:,.0f} articles/s")
print(f"enrichment alone:        {enrich:.3f} s   {n / enrich:,.0f} articles/s on one core (target: 5,000)")
print(f"ratio enriched/raw time: {full / raw:.2f}")
PY
