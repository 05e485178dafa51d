#!/usr/bin/env bash
# What splitting a ranking over the cores gains and costs on this machine
# (see the README's "Without facets, both cores rank"): builds
# tools/bench/two-cores.c and tools/bench/id-filter.cc in a temporary folder
# (with Swift's clang, or $CC and $CXX; tools/install-deps.sh installs
# libxapian-dev), then prints whether the two cores run two threads at once
# (30 tries), and, on INDEX, what filtering a query to a stretch of ids costs.
#
# Usage: tools/bench/split-costs.sh INDEX [QUERY...]
#   e.g. tools/bench/split-costs.sh DIR/index prices summit "unemployment OR olympic"
set -euo pipefail
index="${1:?usage: tools/bench/split-costs.sh INDEX [QUERY...]}"
shift
[ $# -gt 0 ] || set -- prices exports tax coup troops summit "unemployment OR olympic"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"${CC:-clang}" -O1 -o "$work/two-cores" "$here/two-cores.c" -lpthread
"${CXX:-clang++}" -O2 -o "$work/id-filter" "$here/id-filter.cc" -lxapian
"$work/two-cores" 30
"$work/id-filter" "$index" "$@"
