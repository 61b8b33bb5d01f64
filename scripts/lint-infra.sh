#!/usr/bin/env bash
# Lints every Bicep file under infra/ and compiles main.bicep and main.bicepparam with the Bicep CLI pinned in
# Directory.Packages.props (restored from NuGet, no separate install). The CI check is the test project
# tests/ModelService.Infra.Tests, which does the same and then asserts on the compiled ARM JSON; this script is
# the quick loop while editing Bicep. Usage: scripts/lint-infra.sh [--json out-dir]
set -euo pipefail
cd "$(dirname "$0")/.."

project=tests/ModelService.Infra.Tests/ModelService.Infra.Tests.csproj
dotnet restore "$project" >/dev/null
bicep=${BICEP_PATH:-$(dotnet msbuild "$project" -getProperty:BicepPath | tr '\\' '/')}
bicep=$(realpath "$bicep")
[ -x "$bicep" ] || chmod u+x "$bicep"
"$bicep" --version

status=0
while IFS= read -r file; do
  if output=$("$bicep" lint "$file" 2>&1) && [ -z "$output" ]; then
    echo "ok    $file"
  else
    echo "FAIL  $file"; echo "$output"; status=1
  fi
done < <(find infra -name '*.bicep' -o -name '*.bicepparam' | sort)

if [ "${1:-}" = "--json" ]; then out=${2:?"--json needs an output folder"}; mkdir -p "$out"; else out=$(mktemp -d); fi
if "$bicep" build infra/main.bicep --stdout > "$out/main.json"; then echo "ok    build infra/main.bicep"; else status=1; fi
if "$bicep" build-params infra/main.bicepparam --stdout > "$out/main.parameters.json"; then echo "ok    build-params infra/main.bicepparam"; else status=1; fi
exit "$status"
