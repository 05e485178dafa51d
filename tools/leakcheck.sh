#!/usr/bin/env bash
# Runs the tests of the code that manages C memory under LeakSanitizer (an
# AddressSanitizer build in .build-asan): the Xapian binding, and the readers
# over libxml2, liblzma and zlib. Fails if any leak passes through our code:
# the C shim (cxapian_*), the Swift Xapian and NewsIngest modules, or the C
# libraries called from them.
#
# Valgrind 3.19 (Debian 12) cannot read the DWARF 5 debug information that
# Swift 6 emits, so LeakSanitizer is the checker here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
swift build --build-tests --sanitize=address --scratch-path .build-asan
bin="$(swift build --sanitize=address --scratch-path .build-asan --show-bin-path)"
report="$(mktemp -d)/lsan"
# The run's exit status reflects leaks anywhere (the Swift runtime and the
# test library keep some allocations to exit); the log decides.
ASAN_OPTIONS="detect_leaks=1:log_path=$report:exitcode=0" \
LSAN_OPTIONS="print_suppressions=0" \
    "$bin/DossierPackageTests.xctest" --testing-library swift-testing --filter "XapianTests|NewsIngestTests" \
    > "$report.out" 2>&1 || { cat "$report.out"; echo "leakcheck: the tests failed under AddressSanitizer"; exit 1; }
grep -E "Test run with .* (passed|failed)" "$report.out" || true
if grep -q "failed after" "$report.out"; then
    cat "$report.out"
    echo "leakcheck: the tests failed under AddressSanitizer"
    exit 1
fi
shopt -s nullglob
logs=("$report".*)
if [[ ${#logs[@]} -eq 0 ]]; then
    echo "leakcheck: no leaks at all"
    exit 0
fi
# One leak report is a paragraph: "Direct leak of N byte(s) ..." then frames.
ours=$(awk '/^(Direct|Indirect) leak of/ { if (block != "") print block; block = $0; next }
            block != "" { block = block "\n" $0 }
            END { if (block != "") print block }' "${logs[@]}" \
       | awk 'BEGIN { RS = ""; ORS = "\n\n" } /cxapian|libxapian|6Xapian|10NewsIngest|libxml2|liblzma|libz\.so/')
if [[ -n "$ours" ]]; then
    echo "$ours"
    echo "leakcheck: leaks through our code (above)"
    exit 1
fi
echo "leakcheck: no leak through the Xapian binding or the readers ($(grep -c '^Direct leak' "${logs[@]}" | awk -F: '{s+=$NF} END {print s+0}') leak reports elsewhere: the Swift runtime and test library)"
