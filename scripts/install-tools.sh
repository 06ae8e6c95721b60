#!/usr/bin/env bash
# Packs the two command lines as .NET tools into artifacts/tools and installs them, so they run as
#   covidspark ...        (the operations CLI: launch, backfill, status, ledger, notify, rehearse, deploy)
#   covidspark-jobs run   (the pipeline)
# from any folder, without "dotnet run --project" (which builds first: seconds per command).
# Usage: scripts/install-tools.sh [--tool-path DIR]   (default: global tools, ~/.dotnet/tools, which must be on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
where=(--global)
if [ "${1:-}" = "--tool-path" ]; then
  where=(--tool-path "${2:?--tool-path needs a folder}")
fi
out=artifacts/tools
rm -rf "$out"
dotnet pack hosts/CovidSpark.Cli/CovidSpark.Cli.csproj -c Release -o "$out"
dotnet pack hosts/CovidSpark.Jobs.Cli/CovidSpark.Jobs.Cli.csproj -c Release -o "$out"
for id in CovidSpark.Cli CovidSpark.Jobs.Cli; do
  # "update" installs a tool that is missing and replaces one that is there.
  dotnet tool update "${where[@]}" --add-source "$out" "$id"
done
echo "installed: covidspark, covidspark-jobs (${where[*]})"
