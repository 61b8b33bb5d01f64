#!/usr/bin/env bash
# Runs the BenchmarkDotNet suite against a private in-memory Azurite on loopback; results land in
# BenchmarkDotNet.Artifacts/results. Arguments go to BenchmarkDotNet (default: every benchmark).
# Example: ./scripts/benchmark.sh --filter '*Warm*'
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/azurite.sh

require_command dotnet "Install the .NET SDK named in global.json."
install_azurite
trap stop_azurite EXIT INT TERM
start_azurite_on_free_ports
ports=("${AZURITE_PORTS[@]}")
export MODELSVC_TEST_STORAGE="$(azurite_connection_string "${ports[@]}")"

[ "$#" -gt 0 ] || set -- --filter '*'
dotnet run --project tests/ModelService.Benchmarks -c Release -- --inProcess "$@"
