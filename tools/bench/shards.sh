#!/usr/bin/env bash
# Remote shards against one local index of the same articles: the 320-query
# mix (tools/bench/queries.py) through `dossier search --batch`, each query's
# own timings.totalMs, for
#
#   local      one compacted local database (the reference, measured in the same run)
#   local-N    N local shards (`dossier index --shards N`), searched in-process
#   remote-N   the same N shards, each served by Debian's stock xapian-tcpsrv on
#              127.0.0.1, searched through a client folder (`dossier connect`)
#   delay-N    the same with 1 ms added each way (2 ms a round trip): the shard
#              servers in a network namespace of their own behind a veth pair
#              with `tc netem`; where the kernel has no netem, a userspace proxy
#              adds the delay instead (tools/bench/delay-proxy.py), in front of
#              servers in the namespace (or on loopback where namespaces are not
#              permitted); the output says which
#
# for (a) the top 10 (--no-snippets) and (b) top 10 with facets and snippets,
# N = 2 and 4. Prints p50/p95 per row and the p50 ratio to `local`.
#
# Usage: tools/bench/shards.sh [reuters|N] [--rounds K] [--shards "2 4"] [--keep]
# Environment: DOSSIER=/path/to/dossier uses that binary instead of building.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
dataset=reuters
rounds=3
counts="2 4"
keep=0
while (($#)); do
    case "$1" in
        reuters) dataset=reuters ;;
        --rounds) rounds="${2:?--rounds needs a number}"; shift ;;
        --shards) counts="${2:?--shards needs a list}"; shift ;;
        --keep) keep=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *)
            if [[ "$1" =~ ^[0-9]+$ ]] && (($1 > 0)); then dataset="$1"; else
                echo "shards.sh: unknown argument '$1'" >&2; exit 2
            fi ;;
    esac
    shift
done
say() { echo "shards.sh: $*" >&2; }
command -v xapian-tcpsrv >/dev/null || { say "xapian-tcpsrv is missing: run tools/install-deps.sh"; exit 2; }
source tools/bench/common.sh
work="$(mktemp -d /tmp/dossier-shards-bench.XXXXXX)"
namespace="dossier-bench-$$"
servers=()
cleanup() {
    # Each server is a session of its own (xapian-tcpsrv passes SIGTERM on to
    # its whole process group, which would otherwise include this script).
    for pid in "${servers[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
    ip netns del "$namespace" 2>/dev/null || true
    ip link del "veth-db$$" 2>/dev/null || true
    if ((keep)); then say "keeping $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
bench_dossier
bench_corpus "$dataset" 1
python3 tools/bench/queries.py > "$work/queries.txt"

say "indexing $corpus: one database"
"$dossier" index --corpus "$corpus" --index "$work/local" --quiet 2>/dev/null || (($? == 1))
for n in $counts; do
    say "indexing $corpus: $n shards"
    "$dossier" index --corpus "$corpus" --index "$work/local-$n" --shards "$n" --quiet 2>/dev/null || (($? == 1))
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # host port
    for _ in $(seq 100); do
        (echo > "/dev/tcp/$1/$2") 2>/dev/null && return 0
        sleep 0.05
    done
    say "nothing listens on $1:$2"; exit 1
}
# serve NAME N HOST: shard servers for local-N on HOST, and a client folder NAME.
serve() {
    local name="$1" n="$2" host="$3" k port addresses=()
    for ((k = 0; k < n; k++)); do
        port="$(free_port)"
        setsid xapian-tcpsrv --interface "$host" --port "$port" "$work/local-$n/shards/$k" > /dev/null 2>&1 &
        servers+=($!)
        wait_port "$host" "$port"
        addresses+=("$host:$port")
    done
    "$dossier" connect --index "$work/$name" --from "$work/local-$n" "${addresses[@]}" > /dev/null
}

run() { # ROW INDEX
    say "$1"
    bench_batch_ms "$work/$2" "$work/queries.txt" "$rounds" "$work/a-$1.txt" --no-snippets
    bench_batch_ms "$work/$2" "$work/queries.txt" "$rounds" "$work/b-$1.txt" --facets
}
rows=(local)
run local local
delay_host=127.0.0.1
delay_note="a userspace delay proxy in front of servers on loopback (network namespaces are not permitted here)"
proxy=1
if ip netns add "$namespace" 2>/dev/null &&
    ip link add "veth-db$$" type veth peer name "veth-dn$$" 2>/dev/null &&
    ip link set "veth-dn$$" netns "$namespace" &&
    ip addr add 10.231.0.1/30 dev "veth-db$$" && ip link set "veth-db$$" up &&
    ip netns exec "$namespace" ip addr add 10.231.0.2/30 dev "veth-dn$$" &&
    ip netns exec "$namespace" ip link set "veth-dn$$" up &&
    ip netns exec "$namespace" ip link set lo up; then
    delay_host=10.231.0.2
    if tc qdisc add dev "veth-db$$" root netem delay 1ms 2>/dev/null &&
        ip netns exec "$namespace" tc qdisc add dev "veth-dn$$" root netem delay 1ms; then
        delay_note="netem on a veth pair to a network namespace"
        proxy=0
    else
        delay_note="a userspace delay proxy in front of servers in a network namespace (this kernel has no netem)"
    fi
fi
# serve_delayed N: shard servers for local-N behind the delay, and the client folder delay-N.
serve_delayed() {
    local n="$1" k port listen addresses=()
    for ((k = 0; k < n; k++)); do
        port="$(free_port)"
        if [[ "$delay_host" == 127.0.0.1 ]]; then
            setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$work/local-$n/shards/$k" > /dev/null 2>&1 &
        else
            setsid ip netns exec "$namespace" xapian-tcpsrv --interface "$delay_host" --port "$port" \
                "$work/local-$n/shards/$k" > /dev/null 2>&1 &
        fi
        servers+=($!)
        wait_port "$delay_host" "$port"
        if ((proxy)); then
            listen="$(free_port)"
            setsid python3 tools/bench/delay-proxy.py 127.0.0.1 "$listen" "$delay_host" "$port" 1 &
            servers+=($!)
            wait_port 127.0.0.1 "$listen"
            addresses+=("127.0.0.1:$listen")
        else
            addresses+=("$delay_host:$port")
        fi
    done
    "$dossier" connect --index "$work/delay-$n" --from "$work/local-$n" "${addresses[@]}" > /dev/null
}
say "2 ms rows: $delay_note"
for n in $counts; do
    run "local-$n" "local-$n"
    serve "remote-$n" "$n" 127.0.0.1
    run "remote-$n" "remote-$n"
    rows+=("local-$n" "remote-$n")
    serve_delayed "$n"
    run "delay-$n" "delay-$n"
    rows+=("delay-$n")
done

python3 - "$work" "$dataset" "$delay_note" "${rows[@]}" <<'PY'
import sys
work, dataset, note, rows = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
def load(name):
    return sorted(float(x) for x in open(f"{work}/{name}.txt") if x.strip())
def pct(v, p):
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
print(f"Shards on {dataset}: the query mix, ms per query (p50 ratio to one local database)")
print(f"{'':12} {'(a) p50':>9} {'p95':>8} {'ratio':>6}   {'(b) p50':>9} {'p95':>8} {'ratio':>6}")
base = {m: pct(load(f"{m}-local"), 50) for m in "ab"}
for row in rows:
    cells = []
    for m in "ab":
        v = load(f"{m}-{row}")
        cells.append(f"{pct(v, 50):9.3f} {pct(v, 95):8.3f} {pct(v, 50) / base[m]:6.2f}")
    print(f"{row:12} {cells[0]}   {cells[1]}")
print(f"delay-N: 2 ms a round trip through {note}")
PY
