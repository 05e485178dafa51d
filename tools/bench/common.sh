# Shared by search.sh and load.sh (sourced, from the repository's root, with
# `say`, `$root` and `$work` set): the dossier binary, an index of a dataset,
# and the query mix timed in-process.

# bench_dossier: sets $dossier to $DOSSIER, or to a release build made now.
bench_dossier() {
    if [[ -n "${DOSSIER:-}" ]]; then
        dossier="$DOSSIER"
    else
        say "building dossier (release)"
        swift build -c release --product dossier >/dev/null
        dossier="$(swift build -c release --show-bin-path)/dossier"
    fi
}

# bench_batch_ms INDEX QUERIES ROUNDS OUT [search options...]: runs the queries
# once to warm up, then ROUNDS times through `dossier search --batch --limit 10`,
# appending each query's own "timings.totalMs" to OUT.
bench_batch_ms() {
    local index="$1" queries="$2" rounds="$3" out="$4" r
    shift 4
    "$dossier" search --index "$index" --batch "$queries" --limit 10 "$@" > /dev/null 2>&1 || true
    for ((r = 0; r < rounds; r++)); do
        "$dossier" search --index "$index" --batch "$queries" --limit 10 "$@" 2>/dev/null |
            python3 -c 'import json,sys
for l in sys.stdin:
    o = json.loads(l)
    if "timings" in o: print(o["timings"]["totalMs"])' >> "$out" || true
    done
}

# bench_build_index DATASET DOSSIER: indexes DATASET ("reuters", or a number of
# generated articles, cached in .bench-cache/) into $work/index.
bench_build_index() {
    local dataset="$1" dossier="$2" corpus key
    local shared="$root/../shared/datasets"
    [[ -d "$shared" ]] || { say "../shared/datasets is absent: give --index DIR or run beside the datasets"; exit 2; }
    if [[ "$dataset" == reuters ]]; then
        mkdir -p "$work/corpus"
        xz -dc "$shared/reuters21578/articles.jsonl.xz" > "$work/corpus/reuters21578.jsonl"
        corpus="$work/corpus"
    else
        key="$(cat tools/gen-corpus.py Sources/NewsEnrich/Resources/gazetteer.json | sha256sum | cut -c1-12)"
        corpus="$root/.bench-cache/gen-$dataset-seed1-$key"
        if [[ ! -d "$corpus" ]]; then
            say "generating $dataset articles into $corpus"
            mkdir -p "$corpus.tmp"
            python3 tools/gen-corpus.py --count "$dataset" --seed 1 > "$corpus.tmp/part-000.jsonl"
            mv "$corpus.tmp" "$corpus"
        fi
    fi
    say "indexing $corpus"
    # Exit status 1 means some articles were rejected (reported above); the index is built.
    "$dossier" index --corpus "$corpus" --index "$work/index" --quiet 2>/dev/null || (($? == 1)) ||
        { say "indexing failed"; exit 1; }
}
