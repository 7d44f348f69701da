#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, type-checks and builds, lints, then runs
# every test (unit, integration, end-to-end) with node's built-in test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
echo "== lint" >&2
npx eslint .
npx prettier --check . >&2
echo "== tests" >&2
mapfile -t files < <(find dist/src dist/test -name '*.test.js' 2>/dev/null | sort)
if [ ${#files[@]} -eq 0 ]; then
  echo "no test files found under dist/" >&2
  exit 1
fi
exec node --enable-source-maps --test --test-concurrency=2 --test-timeout=600000 "$@" "${files[@]}"
