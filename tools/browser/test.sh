#!/usr/bin/env bash
# The web page in a real headless Chromium: builds a small index whose articles
# include one with <img src=x onerror=…> in its text, starts `dossier serve` on
# 127.0.0.1 (a free port), runs tools/browser/page-test.py (Selenium with
# Debian's chromium and chromedriver), and stops the server. Installs chromium,
# chromium-driver and Selenium (in .build-browser/venv) when missing. The
# screenshot is kept as .build-browser/page.png.
#
# Usage: tools/browser/test.sh [path/to/dossier]
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { echo "browser test: $*" >&2; }
dossier="${1:-$(swift build --show-bin-path)/dossier}"
[[ -x "$dossier" ]] || { say "no dossier binary at $dossier (run swift build first)"; exit 2; }

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    sudo=()
    ((EUID == 0)) || sudo=(sudo)
    say "installing chromium and chromium-driver"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
venv=.build-browser/venv
if ! "$venv/bin/python" -c 'import selenium, axe_core_python' 2>/dev/null; then
    say "installing Selenium and axe-core (axe-core-python) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q selenium "axe-core-python==0.1.0"
fi

work="$(mktemp -d)"
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/corpus"
cat > "$work/corpus/articles.jsonl" <<'JSONL'
{"id": "bf1", "title": "Coup in Burkina Faso", "body": "Soldiers ousted the president in Ouagadougou after a coup.", "date": "2022-01-24", "countries": ["Burkina Faso"]}
{"id": "ne1", "title": "Sanctions on Niger", "body": "ECOWAS imposed sanctions on Niger after the coup in Niamey.", "date": "2023-07-30", "countries": ["Niger"]}
{"id": "sn1", "title": "Elections in Senegal", "body": "Voters in Dakar went to the polls. <img src=x onerror=\"window.dossierXSS=1\"> was in the feed.", "date": "2024-03-24", "countries": ["Senegal"]}
{"id": "ml1", "title": "Junta in Mali extends transition", "body": "The junta in Bamako said the transition\nwould last two more years, citing security.\n\nECOWAS leaders met in Abuja\nto discuss the coup and new sanctions.", "date": "2022-06-06", "countries": ["Mali"], "categories": ["Politics"], "url": "https://example.org/ml1", "source": "wire"}
{"id": "gn1", "title": "Coup in Guinea", "body": "Special forces seized President Condé in Conakry in a coup.", "date": "2021-09-05", "countries": ["Guinea"]}
{"id": "td1", "title": "Chad after Déby", "body": "A military council took power in N'Djamena after the president's death.", "date": "2021-04-20", "countries": ["Chad"]}
{"id": "ga1", "title": "Coup in Gabon", "body": "Officers in Libreville annulled the election and announced a coup.", "date": "2023-08-30", "countries": ["Gabon"]}
{"id": "sd1", "title": "Coup in Sudan", "body": "The army in Khartoum dissolved the government in a coup.", "date": "2021-10-25", "countries": ["Sudan"]}
{"id": "mm1", "title": "Coup in Myanmar", "body": "The military in Naypyidaw detained Aung San Suu Kyi in a coup.", "date": "2021-02-01", "countries": ["Myanmar"]}
JSONL
"$dossier" index --corpus "$work/corpus" --index "$work/index" --quiet
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
token="browser-test-$RANDOM$RANDOM"
# Its own corpus: articles the page test posts are journaled there, never in
# the repository's corpus/ (serve's default when run from here).
env DOSSIER_TOKEN="$token" "$dossier" serve --index "$work/index" --corpus "$work/corpus" --host 127.0.0.1 \
    --port "$port" > "$work/serve.log" 2>&1 &
server=$!
python3 tools/wait-healthz.py "$port" || { cat "$work/serve.log" >&2; exit 1; }
mkdir -p .build-browser
"$venv/bin/python" tools/browser/page-test.py "http://127.0.0.1:$port" .build-browser "$dossier" "$work/index" \
    "$token"
