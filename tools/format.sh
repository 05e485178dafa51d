#!/usr/bin/env bash
# Formats every Swift file git knows with the repository's .swift-format;
# with --lint, changes nothing and fails if any file is not formatted.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--lint" ]]; then
    git ls-files -z '*.swift' | xargs -0 swift format lint --strict --parallel
else
    git ls-files -z '*.swift' | xargs -0 swift format format --parallel --in-place
fi
