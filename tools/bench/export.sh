#!/usr/bin/env bash
# Export benchmark: the peak memory and time of `dossier search --all`, which
# streams every match a page at a time, on N generated articles (default
# 100,000; tools/gen-corpus.py, cached in .bench-cache/), each run under GNU
# time into /dev/null:
#
#   a) reference: `dossier search coup --limit 10` (one page of results) on
#      the same index, in the same run: what any search of this index costs;
#   b) `dossier search --all --format jsonl`: every article;
#   c) `dossier search --all --format csv`: every article;
#   d) `dossier search coup --all --format jsonl`: a share of them.
#
# Bounded memory means (b)'s peak stays near (a)'s and (d)'s although it
# writes many times more: the figures printed are each run's peak resident
# memory, seconds, articles and bytes written, and the ratio of each peak to
# the reference's.
#
# Usage: tools/bench/export.sh [N] [--index DIR] [--keep]
#   --index DIR  use an index of the N articles built before (else one is built)
# Environment: DOSSIER=/path/to/dossier uses that binary instead of building.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"

count=100000
index=""
keep=0
while (($#)); do
    case "$1" in
        --index) index="${2:?--index needs a folder}"; shift ;;
        --keep) keep=1 ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *)
            if [[ "$1" =~ ^[0-9]+$ ]] && (($1 > 0)); then count="$1"; else
                echo "export.sh: unknown argument '$1' (expected a number of articles, --index DIR or --keep)" >&2
                exit 2
            fi ;;
    esac
    shift
done
say() { echo "export.sh: $*" >&2; }
# bench_corpus, bench_dossier
source tools/bench/common.sh
[[ -x /usr/bin/time ]] || { say "needs GNU time (apt-get install time)"; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/dossier-export.XXXXXX")"
cleanup() { if ((keep)); then say "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT
bench_dossier
if [[ -z "$index" ]]; then
    if [[ ! -d "$root/../shared/datasets" ]]; then
        say "../shared/datasets is absent: the generated corpus draws on it. Stopping."
        exit 2
    fi
    bench_corpus "$count" 1
    index="$work/index"
    say "indexing $count generated articles into \$TMP/index"
    "$dossier" index --corpus "$corpus" --index "$index" --quiet > "$work/index.log"
fi

# run NAME ARGS...: dossier ARGS under GNU time, stdout counted and dropped;
# prints "peak-KB seconds lines bytes".
run() {
    local name="$1"
    shift
    echo "+ dossier $*" | sed "s|$work|\$TMP|g" >&2
    /usr/bin/time -f '%M %e' -o "$work/$name.time" "$dossier" "$@" --index "$index" 2> "$work/$name.err" \
        | wc -lc > "$work/$name.count"
    read -r kb seconds < "$work/$name.time"
    read -r lines bytes < "$work/$name.count"
    echo "$kb $seconds $lines $bytes"
}

read -r ref_kb ref_s _ _ < <(run reference search coup --limit 10)
read -r all_kb all_s all_lines all_bytes < <(run all search --all --format jsonl)
read -r csv_kb csv_s _ csv_bytes < <(run csv search --all --format csv)
read -r part_kb part_s part_lines part_bytes < <(run part search coup --all --format jsonl)

python3 - "$ref_kb" "$ref_s" "$all_kb" "$all_s" "$all_lines" "$all_bytes" "$csv_kb" "$csv_s" "$csv_bytes" \
    "$part_kb" "$part_s" "$part_lines" "$part_bytes" "$(grep -c '' "$work/csv.err" || true)" <<'PY'
import sys
(ref_kb, ref_s, all_kb, all_s, all_lines, all_bytes, csv_kb, csv_s, csv_bytes,
 part_kb, part_s, part_lines, part_bytes, _) = sys.argv[1:]
mb = lambda kb: int(kb) / 1024
print(f"{'run':<44} {'peak MB':>8} {'x ref':>6} {'seconds':>8} {'articles':>9} {'MB out':>8}")
rows = [
    ("a) reference: search coup --limit 10", ref_kb, ref_s, "10", "0"),
    ("b) search --all --format jsonl", all_kb, all_s, all_lines, all_bytes),
    ("c) search --all --format csv", csv_kb, csv_s, str(int(all_lines)), csv_bytes),
    ("d) search coup --all --format jsonl", part_kb, part_s, part_lines, part_bytes),
]
for name, kb, seconds, lines, out in rows:
    print(f"{name:<44} {mb(kb):8.1f} {int(kb) / int(ref_kb):6.2f} {float(seconds):8.2f} {int(lines):9,} "
          f"{int(out) / 1048576:8.1f}")
print(f"export b): {int(all_lines) / max(float(all_s), 0.01):,.0f} articles/s; "
      f"peak {mb(all_kb):.1f} MB for {int(all_bytes) / 1048576:.0f} MB written")
PY
