#!/usr/bin/env bash
# Load benchmark of the query service: wrk (Debian's) against `dossier serve`
# on loopback, replaying the fixed query mix of the search benchmark
# (tools/bench/queries.py, 320 queries) as GET /api/search?q=…&limit=10&facets=true
# (top 10 with every facet and highlighted snippets), while another client posts
# new articles to POST /api/articles the whole time and checks that each batch
# can be fetched as soon as its request returns.
#
# In the same run, for reference:
#   - the same server's GET /healthz under the same load (the HTTP ceiling);
#   - the mix in-process on one core (`dossier search --batch --facets`).
#
# Prints requests/s, p50/p99 latency, errors (non-2xx, socket errors, failed or
# invisible ingests) and the ratios, then PASS/MISS for the aims: at least
# 2,000 requests/s with 0 errors on Reuters-21578. wrk, the ingest client and the
# server share the machine's cores.
#
# The search requests ask for gzip (Accept-Encoding: gzip, as browsers and
# most HTTP clients do) and the server writes its access log (a line per
# request, to a file here); --plain turns both off, for comparison.
#
# Usage: tools/bench/load.sh [reuters|N] [--index DIR] [--duration S] [--connections C]
#                            [--ingest-batch K] [--ingest-interval S] [--no-ingest] [--plain] [--keep]
#   reuters           Reuters-21578 from ../shared/datasets (the default)
#   N                 N generated articles (tools/gen-corpus.py, seed 1, cached in .bench-cache/)
#   --index DIR       serve a copy of this existing index instead of building one
#   --duration S      seconds of each measured wrk run (default 30)
#   --connections C   concurrent connections (default 16)
#   --ingest-batch K  articles per POST (default 20); --ingest-interval S between posts (default 0.5)
# Environment: DOSSIER=/path/to/dossier uses that binary instead of building;
# DOSSIER_SCRATCH=DIR builds with --scratch-path DIR instead of .build.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
dataset=reuters
index=""
duration=30
connections=16
batch=20
interval=0.5
ingest=1
plain=0
keep=0
while (($#)); do
    case "$1" in
        reuters) dataset=reuters ;;
        --index) index="${2:?--index needs a folder}"; shift ;;
        --duration) duration="${2:?--duration needs seconds}"; shift ;;
        --connections) connections="${2:?--connections needs a number}"; shift ;;
        --ingest-batch) batch="${2:?--ingest-batch needs a number}"; shift ;;
        --ingest-interval) interval="${2:?--ingest-interval needs seconds}"; shift ;;
        --no-ingest) ingest=0 ;;
        --plain) plain=1 ;;
        --keep) keep=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *)
            if [[ "$1" =~ ^[0-9]+$ ]] && (($1 > 0)); then dataset="$1"; else
                echo "load.sh: unknown argument '$1'" >&2; exit 2
            fi ;;
    esac
    shift
done
say() { echo "load.sh: $*" >&2; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)
command -v xz >/dev/null || missing+=(xz-utils)
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    sudo=""; ((EUID == 0)) || sudo=sudo
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
source tools/bench/common.sh
work="$(mktemp -d /tmp/dossier-load-bench.XXXXXX)"
server=""
ingester=""
cleanup() {
    [[ -n "$ingester" ]] && kill "$ingester" 2>/dev/null || true
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    if ((keep)); then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
bench_dossier

shared="$root/../shared/datasets"
if [[ -n "$index" ]]; then
    # The ingests write into it: work on a copy.
    cp -a "$index" "$work/index"
else
    bench_build_index "$dataset" "$dossier"
fi

# The query mix as a wrk script: each wrk thread walks the list from its own place.
python3 tools/bench/queries.py > "$work/queries.txt"
python3 - "$work/queries.txt" "$work/mix.lua" "$plain" <<'PY'
import sys, urllib.parse
headers = "nil" if sys.argv[3] == "1" else '{["Accept-Encoding"] = "gzip"}'
queries = [line.rstrip("\n") for line in open(sys.argv[1]) if line.strip()]
with open(sys.argv[2], "w") as out:
    out.write("local paths = {\n")
    for q in queries:
        out.write('  "/api/search?q=%s&limit=10&facets=true",\n' % urllib.parse.quote(q, safe=""))
    out.write("}\n")
    out.write("""
local started = 0
function setup(thread)
  thread:set("first", started * 97)
  started = started + 1
end
function init(args)
  counter = first or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], HEADERS)
end
""".replace("HEADERS", headers))
PY

# New articles for the ingest client: generated, with ids of their own.
if ((ingest)); then
    [[ -d "$shared" ]] || { say "../shared/datasets is absent: the ingest client needs tools/gen-corpus.py's sources (or --no-ingest)"; exit 2; }
    # Generated once and kept in .bench-cache/ (keyed like the corpora), since
    # generating them takes minutes.
    key="$(cat tools/gen-corpus.py Sources/NewsEnrich/Resources/gazetteer.json | sha256sum | cut -c1-12)"
    cached="$root/.bench-cache/load-new-20000-seed99-$key.jsonl"
    if [[ ! -s "$cached" ]]; then
        mkdir -p "$root/.bench-cache"
        python3 tools/gen-corpus.py --count 20000 --seed 99 > "$cached.tmp" 2>/dev/null
        mv "$cached.tmp" "$cached"
    fi
    cp "$cached" "$work/new.jsonl"
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
token="load-bench-$RANDOM$RANDOM"
quiet=()
((plain)) && quiet=(--quiet)
# A corpus folder of its own, where the posted articles are journaled as a
# service journals them: never the repository's corpus/ (serve's default here).
mkdir -p "$work/journal"
DOSSIER_TOKEN="$token" "$dossier" serve --host 127.0.0.1 --port "$port" --index "$work/index" \
    --corpus "$work/journal" "${quiet[@]}" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { say "the server stopped:"; cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
articles="$(curl -sf "$base/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin)["articles"])')"
cores="$(nproc)"
say "serving $articles articles at $base; $cores cores; $connections connections; ${duration}s runs"

run_wrk() { # name url [script]
    local name="$1" url="$2"; shift 2
    wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s --latency "$@" "$url" > "$work/wrk-$name.txt" 2>&1
}

say "warming up (5 s)"
wrk -t1 -c"$connections" -d5s -s "$work/mix.lua" "$base" > /dev/null 2>&1

say "reference: GET /healthz"
run_wrk healthz "$base/healthz"

say "reference: the mix in-process on one core"
bench_batch_ms "$work/index" "$work/queries.txt" 3 "$work/inprocess-ms.txt" --facets

if ((ingest)); then
    say "ingesting $batch articles every ${interval}s during the run"
    python3 - "$base" "$token" "$work/new.jsonl" "$batch" "$interval" "$work/ingest.json" <<'PY' &
import json, signal, sys, time, urllib.request, urllib.error
base, token, path, batch, interval, report = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
lines = [l for l in open(path) if l.strip()]
stats = {"batches": 0, "articles": 0, "failed": 0, "invisible": 0, "ms": [], "errors": []}
def stop(*_):
    with open(report, "w") as f: json.dump(stats, f)
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
position = 0
while position < len(lines):
    chunk = lines[position:position + batch]
    position += batch
    started = time.time()
    request = urllib.request.Request(base + "/api/articles", data="".join(chunk).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/x-ndjson"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = json.load(answer)
        stats["ms"].append((time.time() - started) * 1000)
        stats["batches"] += 1
        stats["articles"] += len(chunk)
        # Visible as soon as the POST has returned: fetch the batch's last article.
        last = json.loads(chunk[-1])["id"]
        try:
            urllib.request.urlopen(base + "/api/articles/" + urllib.request.quote(last, safe=""), timeout=10).read()
        except urllib.error.HTTPError as e:
            stats["invisible"] += 1
            stats["errors"].append("GET %s: %d" % (last, e.code))
    except Exception as e:
        stats["failed"] += 1
        stats["errors"].append(str(e)[:200])
    time.sleep(max(0.0, interval - (time.time() - started)))
stop()
PY
    ingester=$!
fi

say "measuring: the mix with facets and snippets"
run_wrk mix "$base" -s "$work/mix.lua"
if ((ingest)); then
    kill -TERM "$ingester" 2>/dev/null || true
    wait "$ingester" 2>/dev/null || true
    ingester=""
fi
curl -sf "$base/metrics" > "$work/metrics.txt" || true
# What a search answer to the benchmark's requests looks like on the wire.
accept=()
((plain)) || accept=(-H "Accept-Encoding: gzip")
encoding="$(curl -s -o /dev/null -D - "${accept[@]}" "$base/api/search?q=oil&limit=10&facets=true" |
    tr -d '\r' | sed -n 's/^[Cc]ontent-[Ee]ncoding: //p')"
logged="$(grep -c ' dossier.access: ' "$work/server.log" || true)"

python3 - "$work" "$dataset" "$articles" "$cores" "$connections" "$ingest" "$batch" "$interval" \
    "${encoding:-none}" "$logged" <<'PY'
import json, os, re, sys
work, dataset, articles, cores, connections = sys.argv[1:6]
ingest, batch, interval = sys.argv[6] == "1", int(sys.argv[7]), float(sys.argv[8])
encoding, logged = sys.argv[9], int(sys.argv[10])

def wrk(name):
    text = open(f"{work}/wrk-{name}.txt").read()
    def ms(label):
        m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\b" % re.escape(label), text, re.M)
        if not m: return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    sockets = sum(int(x) for x in socket.groups()) if socket else 0
    return {"rps": rps, "total": total, "p50": ms("50%"), "p99": ms("99%"), "non2xx": non2xx, "sockets": sockets}

mix, health = wrk("mix"), wrk("healthz")
queries = sum(1 for l in open(f"{work}/queries.txt") if l.strip())
times = [float(x) for x in open(f"{work}/inprocess-ms.txt") if x.strip()]
inprocess = 1000 * len(times) / sum(times)
# The server's own count of search answers that were not 200.
server_errors = 0
if os.path.exists(f"{work}/metrics.txt"):
    for line in open(f"{work}/metrics.txt"):
        m = re.match(r'dossier_http_requests_total\{route="/api/search",status="(\d+)"\} (\d+)', line)
        if m and m.group(1) != "200": server_errors += int(m.group(2))
print(f"Query service load on {dataset} ({articles} articles), {cores} cores, {connections} connections, "
      f"wrk 1 thread, {queries} queries: top 10, all facets, snippets")
print(f"search answers' Content-Encoding: {encoding}; access log lines written: {logged}")
print(f"{'':44} {'requests':>9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
def row(label, r):
    print(f"{label:44} {r['total']:9d} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} {r['non2xx'] + r['sockets']:7d}")
row("reference: GET /healthz", health)
row("GET /api/search, the mix" + (" + ingests" if ingest else ""), mix)
print(f"reference: the mix in-process on one core (dossier search --batch, search time only): "
      f"{inprocess:.0f} queries/s ({1000 / inprocess:.3f} ms each)")
print(f"ratios: search/healthz {mix['rps'] / health['rps']:.3f}; search over HTTP / in-process one core "
      f"{mix['rps'] / inprocess:.2f} (ideal with {cores} cores: {cores})")
errors = mix["non2xx"] + mix["sockets"] + server_errors
if ingest:
    st = json.load(open(f"{work}/ingest.json"))
    ms = sorted(st["ms"]) or [float("nan")]
    print(f"ingests during the run: {st['batches']} batches of {batch} ({st['articles']} articles, "
          f"one every {interval:g} s), POST p50 {ms[len(ms) // 2]:.0f} ms, max {ms[-1]:.0f} ms; "
          f"failed {st['failed']}, not visible right after {st['invisible']}")
    for e in st["errors"][:5]: print("  ingest error:", e)
    errors += st["failed"] + st["invisible"]
print(f"errors: {mix['non2xx']} non-2xx, {mix['sockets']} socket, {server_errors} non-200 in the server's metrics"
      + (f", {st['failed'] + st['invisible']} ingest" if ingest else ""))
if dataset == "reuters":
    ok = mix["rps"] >= 2000
    print(f"aim >= 2,000 requests/s: {mix['rps']:.0f} {'PASS' if ok else 'MISS'}")
print(f"aim 0 errors: {errors} {'PASS' if errors == 0 else 'MISS'}")
PY
