#!/usr/bin/env bash
# The main job on a fresh machine: installs what is missing, builds dossier,
# indexes the bundled corpus into index/ (when there is no index yet), runs a
# few searches on it, then starts the query service and its web page on
# loopback in the background and prints the address.
#
# Environment: DOSSIER_PORT (default 8080; when taken, any free port is used).
# The service's log is .build/dossier-serve.log; running setup again restarts it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
echo "setup: building dossier (release)"
swift build -c release --product dossier
dossier="$(swift build -c release --show-bin-path)/dossier"
# An index this dossier can search is kept; none, or one of an older schema, is built anew.
if "$dossier" search coup --index index --limit 1 >/dev/null 2>&1; then
    echo "setup: using the existing index in index/ (rebuild it: $dossier index --corpus corpus --index index)"
else
    "$dossier" index --corpus corpus --index index
fi
echo
echo "\$ dossier ingest corpus --dry-run   # what enrichment found: date, countries, title"
"$dossier" ingest corpus --dry-run
for query in 'coup' 'title:mali' '"Burkina Faso" AND military'; do
    echo
    echo "\$ dossier search '$query' --limit 3"
    "$dossier" search "$query" --index index --limit 3
done

# The query service, left running after this script ends.
log=.build/dossier-serve.log
pidfile=.build/dossier-serve.pid
if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo
    echo "setup: stopping the service started last time (pid $(cat "$pidfile"))"
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
fi
start() { # port -> 0 once the service listens, 1 if it stopped
    : > "$log"
    nohup "$dossier" serve --index index --corpus corpus --host 127.0.0.1 --port "$1" > "$log" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    for _ in $(seq 100); do
        grep -q "listening on" "$log" && return 0
        kill -0 "$(cat "$pidfile")" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}
port="${DOSSIER_PORT:-8080}"
if ! start "$port"; then
    echo "setup: the service could not listen on port $port:" >&2
    sed 's/^/  /' "$log" >&2
    echo "setup: trying any free port instead" >&2
    start 0 || { echo "setup: the service did not start; its log: $log" >&2; exit 1; }
fi
address="$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$log" | head -1)"
echo
echo "setup: Dossier is serving the bundled corpus at $address"
echo "  open $address in a browser, or try: curl '${address}api/search?q=coup&facets=true'"
echo "  log: $log; stop it: kill $(cat "$pidfile")"
echo "  the CLI: $dossier search 'your words' --index index"
