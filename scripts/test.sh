#!/usr/bin/env bash
# Runs every test on a fresh clone: installs Azurite locally, starts it on free loopback ports (in memory),
# restores and builds the solution, runs all test projects against it, runs the int8 tests again on an emulated
# AVX2-only CPU (qemu-user, installed from Debian if missing), and stops Azurite whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/azurite.sh
source scripts/lib/emulated-cpu.sh

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

# The int8 tests again where ONNX Runtime's u8×s8 kernels saturate int16 pair sums (README, "The same answers on
# every CPU"): the classes that quantize or run int8 models.
echo "== int8 tests on an emulated AVX2-only CPU (qemu-user, $EMULATED_CPU: AVX2, no AVX-512, no VNNI)"
install_qemu_user
emulated=$(mktemp -d)
write_emulated_dotnet "$emulated"
# shellcheck disable=SC2046 # one argument per class name
run_emulated tests/ModelService.Onnx.Tests/ModelService.Onnx.Tests.csproj "$results" $(test_classes tests/ModelService.Onnx.Tests) || status=$?
run_emulated tests/ModelService.Cli.Tests/ModelService.Cli.Tests.csproj "$results" QuantizeCommandTests StaticQuantizeCommandTests ModelsCommandTests || status=$?
run_emulated tests/ModelService.Trainer.Tests/ModelService.Trainer.Tests.csproj "$results" QuantizeStageTests TrainingJobTests || status=$?
rm -rf "$emulated"

# One closing line for every project together, so a reader (or CI) sees the whole run at a glance.
count() { cat "$results"/${2:-}*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | awk -F'"' '{ n += $2 } END { print n + 0 }'; }
passed=$(count passed)
failed=$(count failed)
emulated_passed=$(count passed emulated-)
rm -rf "$results"
echo "tests: $passed passed, $failed failed ($emulated_passed of the passed on the emulated AVX2-only CPU)"
exit "$status"
