# Shared by search.sh and load.sh (sourced, from the repository's root, with
# `say`, `$root` and `$work` set): the corpus of a dataset, and an index of it.

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
