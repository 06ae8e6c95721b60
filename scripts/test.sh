#!/usr/bin/env bash
# Restores, builds and runs every test project of CovidSpark.sln, then prints one plain summary line
# "N passed, N failed, N skipped" counted from each test's outcome in the TRX results (scripts/trx-summary.py).
set -euo pipefail
cd "$(dirname "$0")/.."
results="${TEST_RESULTS_DIR:-TestResults}"
rm -rf "$results"
dotnet restore CovidSpark.sln
dotnet build CovidSpark.sln --no-restore -warnaserror
status=0
dotnet test CovidSpark.sln --no-build --logger "trx" --results-directory "$results" "$@" || status=$?
python3 scripts/trx-summary.py "$results"
exit $status
