#!/usr/bin/env bash
# Ranking quality on BEIR SciFact (test split: 300 claims, 5,183 abstracts):
# indexes the abstracts with `dossier index`, runs the claims through
# `dossier search --batch --match any --limit 100`, and prints nDCG@10 and
# recall@100 next to the published BM25 figures (tools/eval/scifact.py).
#
# Usage: tools/eval/scifact.sh [extra dossier search options, e.g. --no-collapse]
# Environment: DOSSIER=/path/to/dossier uses that binary instead of building.
set -euo pipefail
cd "$(dirname "$0")/../.."
dataset="../shared/datasets/beir-scifact"
[[ -d "$dataset" ]] || { echo "scifact.sh: no dataset at $dataset (../shared/datasets is not here)" >&2; exit 2; }
if [[ -n "${DOSSIER:-}" ]]; then
    dossier="$DOSSIER"
else
    swift build -c release --product dossier >/dev/null
    dossier="$(swift build -c release --show-bin-path)/dossier"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 tools/eval/scifact.py prepare "$dataset" "$work"
"$dossier" index --corpus "$work/corpus" --index "$work/index" --quiet
"$dossier" search --index "$work/index" --batch "$work/queries.txt" --match any --limit 100 "$@" \
    > "$work/results.jsonl" || true
python3 tools/eval/scifact.py score "$dataset" "$work" "$work/results.jsonl"
