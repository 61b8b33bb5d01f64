#!/usr/bin/env bash
# Runs every test on a fresh clone: installs Azurite locally, starts it on free loopback ports (in memory),
# restores and builds the solution, runs all test projects against it, and stops Azurite whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/azurite.sh

require_command dotnet "Install the .NET SDK named in global.json."
install_azurite
trap stop_azurite EXIT INT TERM

start_azurite_on_free_ports
ports=("${AZURITE_PORTS[@]}")
export MODELSVC_TEST_STORAGE="$(azurite_connection_string "${ports[@]}")"
echo "Azurite is up on 127.0.0.1:${ports[0]} (blob), ${ports[1]} (queue), ${ports[2]} (table)."

dotnet restore Functions.sln
dotnet build Functions.sln --no-restore -c Release
results=$(mktemp -d)
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" --no-build -c Release --filter "Category!=Performance" --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
done

# One closing line for every project together, so a reader (or CI) sees the whole run at a glance.
count() { cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | awk -F'"' '{ n += $2 } END { print n + 0 }'; }
passed=$(count passed)
failed=$(count failed)
rm -rf "$results"
echo "tests: $passed passed, $failed failed"
exit "$status"
