#!/usr/bin/env bash
# Country extraction from the text alone, scored against Reuters-21578's place
# labels: runs `dossier ingest --dry-run --json --infer-only` over the 18,000
# stories and prints micro precision, recall and F1 (tools/eval/countries.py).
#
# Usage: tools/eval/countries.sh [JSONL(.xz)] [extra countries.py options, e.g. --errors 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/datasets/reuters21578/articles.jsonl.xz}"
shift || true
[[ -f "$data" ]] || { echo "countries.sh: no dataset at $data (../shared/datasets is not here)"; exit 2; }
swift build -c release --product dossier >/dev/null
dossier="$(swift build -c release --show-bin-path)/dossier"
predictions="$(mktemp)"
trap 'rm -f "$predictions"' EXIT
"$dossier" ingest "$data" --dry-run --json --infer-only > "$predictions" 2>/dev/null || true
# Ingest skips exact duplicates (248 Reuters stories repeat an earlier one) and
# rejects empty ones: score the articles it printed.
python3 tools/eval/countries.py "$data" "$predictions" --only-predicted "$@"
