#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, checks formatting,
# runs the binding under LeakSanitizer, then every test (Swift Testing), then
# Schemathesis against the live service (tools/api-test.sh, which installs it),
# then the web page in a real headless Chromium (tools/browser/test.sh, which
# installs chromium, chromium-driver and Selenium when missing), then a short
# run of every libFuzzer target (tools/fuzz.sh) and the fault and load suites
# at small sizes (tools/faults.py --quick).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
swift build --build-tests
bash tools/format.sh --lint
bash tools/leakcheck.sh
swift test --skip-build
bash tools/api-test.sh "$(swift build --show-bin-path)/dossier"
bash tools/browser/test.sh "$(swift build --show-bin-path)/dossier"
bash tools/fuzz.sh --short
python3 tools/faults.py all --quick --dossier "$(swift build --show-bin-path)/dossier"
