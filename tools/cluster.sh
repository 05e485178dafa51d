#!/usr/bin/env bash
# A Dossier deployment on one machine, for tests and demos, made of the
# stock Xapian servers (Debian's xapian-tools) and dossier itself:
#
#   indexing host   DIR/primary         `dossier index --shards 2` / `dossier ingest` write here;
#                                       XAPIAN_MAX_CHANGESETS makes each commit a changeset
#   shard servers   xapian-tcpsrv       one per shard, serving DIR/primary/shards/K
#   replication     xapian-replicate-server on DIR/primary
#   replica         DIR/replica         xapian-replicate pulls each shard every second
#   query service   dossier serve       on DIR/client (a stub naming the shard servers)
#
# Usage: tools/cluster.sh start [--dir DIR] [--corpus DIR] [--base-port N]
#        tools/cluster.sh add-replica NAME [--dir DIR]
#        tools/cluster.sh rebuild [--dir DIR] [--corpus DIR]   (searches go on)
#        tools/cluster.sh status|stop [--dir DIR]
# Ports (base 9100 unless --base-port): base+1.. the shard servers, base+50 the
# replication server, base+80 the query service. Everything binds 127.0.0.1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command="${1:-}"
[[ -n "$command" ]] && shift
dir="$root/.cluster"
corpus="$root/corpus"
base=9100
name=""
while [[ $# -gt 0 ]]; do
    case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    --base-port) base="$2"; shift 2 ;;
    -*) echo "cluster: unknown option $1" >&2; exit 64 ;;
    *) name="$1"; shift ;;
    esac
done
shards=2
dossier="${DOSSIER:-$root/.build/release/dossier}"
[[ -x "$dossier" ]] || dossier="$root/.build/debug/dossier"
if [[ ! -x "$dossier" ]]; then
    echo "cluster: no dossier build; run \`swift build -c release\` first" >&2
    exit 1
fi
for tool in xapian-tcpsrv xapian-replicate xapian-replicate-server; do
    command -v "$tool" >/dev/null || { echo "cluster: $tool is missing: run tools/install-deps.sh" >&2; exit 1; }
done
export XAPIAN_MAX_CHANGESETS="${XAPIAN_MAX_CHANGESETS:-100}"
pids="$dir/pids"

# start_process NAME COMMAND...: runs it in the background, its pid in pids/NAME, its output in logs/NAME.
start_process() {
    local process="$1"
    shift
    mkdir -p "$pids" "$dir/logs"
    setsid "$@" >"$dir/logs/$process" 2>&1 </dev/null &
    echo $! >"$pids/$process"
}

wait_port() {
    for _ in $(seq 100); do
        (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "cluster: nothing listens on port $1 (see $dir/logs)" >&2
    return 1
}

replica() { # replica NAME: the folder and one xapian-replicate loop per shard
    local folder="$dir/$1"
    mkdir -p "$folder"
    : >"$folder/XAPIANDB.tmp"
    for shard in $(seq 0 $((shards - 1))); do
        echo "auto shard-$shard" >>"$folder/XAPIANDB.tmp"
        start_process "replicate-$1-$shard" xapian-replicate -h 127.0.0.1 -p $((base + 50)) -m "shards/$shard" \
            -i 1 -r 0 -q "$folder/shard-$shard"
    done
    mv "$folder/XAPIANDB.tmp" "$folder/XAPIANDB"
    # The first full copies.
    for _ in $(seq 100); do
        local ready=1
        for shard in $(seq 0 $((shards - 1))); do
            [[ -f "$folder/shard-$shard/XAPIANDB" ]] || ready=0
        done
        [[ $ready -eq 1 ]] && break
        sleep 0.1
    done
    echo "cluster: replica $1 at $folder (dossier search --index $folder ...)"
}

case "$command" in
start)
    if [[ -d "$pids" ]] && ls "$pids"/* >/dev/null 2>&1; then
        echo "cluster: already started in $dir (tools/cluster.sh stop first)" >&2
        exit 1
    fi
    mkdir -p "$dir"
    "$dossier" index --corpus "$corpus" --index "$dir/primary" --shards $shards --quiet
    for shard in $(seq 0 $((shards - 1))); do
        start_process "shard-$shard" xapian-tcpsrv --interface 127.0.0.1 --port $((base + 1 + shard)) \
            "$dir/primary/shards/$shard"
    done
    start_process replication xapian-replicate-server --interface 127.0.0.1 --port $((base + 50)) "$dir/primary"
    addresses=()
    for shard in $(seq 0 $((shards - 1))); do
        wait_port $((base + 1 + shard))
        addresses+=("127.0.0.1:$((base + 1 + shard))")
    done
    wait_port $((base + 50))
    "$dossier" connect --index "$dir/client" --from "$dir/primary" "${addresses[@]}"
    replica replica
    start_process serve "$dossier" serve --index "$dir/client" --port $((base + 80))
    wait_port $((base + 80))
    echo "cluster: query service on http://127.0.0.1:$((base + 80))/ over shard servers ${addresses[*]}"
    echo "cluster: ingest with XAPIAN_MAX_CHANGESETS=$XAPIAN_MAX_CHANGESETS $dossier ingest FILE --index $dir/primary"
    ;;
add-replica)
    [[ -n "$name" ]] || { echo "cluster: add-replica NAME" >&2; exit 64; }
    replica "$name"
    ;;
rebuild)
    "$dossier" index --corpus "$corpus" --index "$dir/primary" --shards $shards --quiet
    ;;
status)
    for file in "$pids"/*; do
        [[ -f "$file" ]] || continue
        if kill -0 "$(cat "$file")" 2>/dev/null; then state=running; else state=stopped; fi
        printf '%-24s %-8s pid %s\n' "$(basename "$file")" "$state" "$(cat "$file")"
    done
    ;;
stop)
    for file in "$pids"/*; do
        [[ -f "$file" ]] || continue
        kill -- "-$(cat "$file")" 2>/dev/null || kill "$(cat "$file")" 2>/dev/null || true
        rm -f "$file"
    done
    echo "cluster: stopped (data kept in $dir)"
    ;;
*)
    sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 64
    ;;
esac
