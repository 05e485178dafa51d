#!/usr/bin/env bash
# The main job on a fresh machine: installs what is missing, builds dossier,
# indexes the bundled corpus into index/ and runs a few searches on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
echo "setup: building dossier (release)"
swift build -c release --product dossier
dossier="$(swift build -c release --show-bin-path)/dossier"
"$dossier" index --corpus corpus --index index
echo
echo "\$ dossier ingest corpus --dry-run   # what enrichment found: date, countries, title"
"$dossier" ingest corpus --dry-run
for query in 'coup' 'title:mali' '"Burkina Faso" AND military'; do
    echo
    echo "\$ dossier search '$query' --limit 3"
    "$dossier" search "$query" --index index --limit 3
done
echo
echo "setup: done. Try: $dossier search 'your words' --index index"
