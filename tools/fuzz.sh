#!/usr/bin/env bash
# libFuzzer over Dossier's input handling (issue 14). Builds the
# dossier-fuzz product with -sanitize=fuzzer,address into .build-fuzz, seeds
# each target's working corpus, runs the targets one after another and
# prints runs, executions per second and the corpus each ended with.
#
#   bash tools/fuzz.sh --short            # the test suite's run: 4,000 inputs a target
#   bash tools/fuzz.sh --runs 1000000     # a long run (issue 14's figures)
#   bash tools/fuzz.sh --time 600 html    # ten minutes of one target
#
# Targets (Sources/Fuzzing/FuzzTarget.swift): query, params, text, jsonl,
# html, feed, decompress. A crash, a hang (over 10 s for one input) or a
# broken promise stops the target; its input is copied to
# Tests/Fuzz/Regressions/TARGET/, where the test suite replays it: commit it
# with the fix. The working corpora stay in .build-fuzz/corpus and grow from
# run to run.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-runs=4000)
seed=1
targets=()
while (($#)); do
    case "$1" in
    --short) limit=(-runs=4000) ;;
    --runs) limit=("-runs=$2"); shift ;;
    --time) limit=("-max_total_time=$2"); shift ;;
    --seed) seed="$2"; shift ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    *) targets+=("$1") ;;
    esac
    shift
done
all=(query params text jsonl html feed decompress)
((${#targets[@]})) || targets=("${all[@]}")
for target in "${targets[@]}"; do
    [[ " ${all[*]} " == *" $target "* ]] || { echo "fuzz.sh: no target $target (one of: ${all[*]})" >&2; exit 2; }
done

bash tools/install-deps.sh
echo "== building dossier-fuzz (-sanitize=fuzzer,address) into .build-fuzz" >&2
DOSSIER_FUZZ=1 swift build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address --product dossier-fuzz \
    2>&1 | grep -v "Cannot export local symbol" >&2
binary="$(DOSSIER_FUZZ=1 swift build -c release --scratch-path .build-fuzz --show-bin-path)/dossier-fuzz"

work=.build-fuzz/fuzzing
mkdir -p "$work"
# Seeds: the committed ones, past failures, and the bundled corpus (as it
# is, and compressed for the decompression target).
seed_corpus() {
    local target="$1" into="$2"
    mkdir -p "$into"
    cp Tests/Fuzz/Seeds/"$target"/* "$into"/ 2>/dev/null || true
    cp Tests/Fuzz/Regressions/"$target"/* "$into"/ 2>/dev/null || true
    case "$target" in
    text) cp corpus/*.txt "$into"/ ;;
    decompress)
        # Python's gzip and lzma, so that no compressor needs installing.
        python3 - "$into" corpus/*.txt <<'PYTHON'
import gzip, lzma, os, sys
for path in sys.argv[2:]:
    data = open(path, "rb").read()
    name = os.path.join(sys.argv[1], os.path.basename(path))
    open(name + ".gz", "wb").write(gzip.compress(data, mtime=0))
    open(name + ".xz", "wb").write(lzma.compress(data))
PYTHON
        ;;
    esac
}

failed=()
printf '%-11s %10s %9s %8s %8s %9s  %s\n' target runs "exec/s" seconds corpus "rss MB" result
for target in "${targets[@]}"; do
    corpus=.build-fuzz/corpus/$target
    seed_corpus "$target" "$corpus"
    artifacts=$work/artifacts/$target/
    rm -rf "$artifacts" && mkdir -p "$artifacts"
    log=$work/$target.log
    started=$(date +%s)
    status=0
    # Queries and parameters are short (the service takes 1,000 characters);
    # files are cut at 8 KB, which keeps each input quick without losing
    # any structure the readers know.
    case "$target" in query | params) max_len=1024 ;; *) max_len=8192 ;; esac
    DOSSIER_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
        "$binary" "${limit[@]}" -seed="$seed" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1 || status=$?
    seconds=$(($(date +%s) - started))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
    size=$(find "$corpus" -type f | wc -l)
    result=ok
    if ((status != 0)); then
        result="FAILED (exit $status, log $log)"
        failed+=("$target")
        mkdir -p Tests/Fuzz/Regressions/"$target"
        for found in "$artifacts"*; do
            [[ -e "$found" ]] || continue
            cp "$found" Tests/Fuzz/Regressions/"$target"/
            result+="; input kept as Tests/Fuzz/Regressions/$target/$(basename "$found")"
        done
        grep -m3 -E "broken promise|ERROR: |Fatal error" "$log" >&2 || tail -20 "$log" >&2
    fi
    printf '%-11s %10s %9s %8s %8s %9s  %s\n' "$target" "${runs:-?}" "${speed:-?}" "$seconds" "$size" "${rss:-?}" "$result"
done
if ((${#failed[@]})); then
    echo "fuzz.sh: failed: ${failed[*]}" >&2
    exit 1
fi
