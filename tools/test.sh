#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, checks formatting,
# runs the binding under LeakSanitizer, then every test (Swift Testing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
swift build --build-tests
bash tools/format.sh --lint
bash tools/leakcheck.sh
swift test --skip-build
