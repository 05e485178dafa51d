#!/usr/bin/env bash
# The HTTP contract: Schemathesis (PyPI; installed into .build-api/venv when
# missing) runs every one of its checks against a live `dossier serve` on
# 127.0.0.1, from the service's own OpenAPI document: schema-valid requests
# must be accepted, schema-invalid ones refused with 4xx, every answer must
# match its documented status and schema, undeclared methods must get 405,
# and what a POST creates must be found. Then a watch's Atom feed on the same
# service, read by feedparser (PyPI) and checked against RFC 4287's rules
# (tools/feed-check.py). Exits non-zero on any failure.
#
# Usage: tools/api-test.sh [DOSSIER]   (default: the debug build)
# Environment: API_TEST_SEED (default 1) and API_TEST_EXAMPLES (default 50)
# choose Hypothesis's seed and the examples per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
say() { printf 'api-test: %s\n' "$*" >&2; }
dossier="${1:-$(swift build --show-bin-path)/dossier}"
[[ -x "$dossier" ]] || { say "no dossier binary at $dossier (swift build first)"; exit 2; }

venv="$root/.build-api/venv"
if ! "$venv/bin/schemathesis" --version > /dev/null 2>&1; then
    say "installing Schemathesis into ${venv#"$root"/}"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi
if ! "$venv/bin/python" -c "import feedparser" 2> /dev/null; then
    "$venv/bin/pip" install -q "feedparser==6.0.14"
fi

work="$(mktemp -d)"
pid=""
cleanup() {
    [[ -n "$pid" ]] && kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null
    rm -rf "$work"
}
trap cleanup EXIT
# A copy of the corpus: the service keeps what Schemathesis posts in the
# journal beside the corpus it was built from (never the repository's), and
# its rebuilds read that journal, so they keep the articles posted before.
mkdir -p "$work/corpus"
cp "$root"/corpus/*.txt "$work/corpus/"
"$dossier" index --index "$work/index" --corpus "$work/corpus" --quiet
token="api-test-$RANDOM$RANDOM"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
env DOSSIER_TOKEN="$token" "$dossier" serve --index "$work/index" --corpus "$work/corpus" --port "$port" --quiet \
    > "$work/serve.log" 2>&1 &
pid=$!
python3 tools/wait-healthz.py "$port" || { cat "$work/serve.log" >&2; exit 1; }
say "Schemathesis, every check, against http://127.0.0.1:$port/"
# Run from a folder of its own: Schemathesis leaves its files there.
mkdir -p "$work/run"
cd "$work/run"
status=0
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" --checks all \
    -H "Authorization: Bearer $token" --seed "${API_TEST_SEED:-1}" \
    --max-examples "${API_TEST_EXAMPLES:-50}" --no-color || status=$?
say "a watch's Atom feed, checked by feedparser and against RFC 4287's rules (tools/feed-check.py)"
"$venv/bin/python" "$root/tools/feed-check.py" "http://127.0.0.1:$port" "$token" || status=$?
if ((status != 0)); then
    say "failures above; the service's log:"
    tail -n 50 "$work/serve.log" >&2
fi
exit "$status"
