#!/usr/bin/env bash
# Runs the service locally on a fresh clone: installs and starts Azurite on loopback (data kept in .local/),
# publishes the sample models from models/, and serves the function app on http://127.0.0.1:7071 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/azurite.sh

PORT=${PORT:-7071}
require_command dotnet "Install the .NET SDK named in global.json."
install_azurite

children=()
cleanup() {
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_azurite
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_azurite 10000 10001 10002 .local/azurite
export MODELSVC_STORAGE="UseDevelopmentStorage=true"
export MODELSVC_ENDPOINT="http://127.0.0.1:$PORT"
echo "Azurite is up on 127.0.0.1:10000-10002 (data in .local/azurite)."

dotnet build src/ModelService.Cli -c Release --nologo -v quiet
# publish_sample NAME DESCRIPTION [FILE [PUSH OPTIONS...]]: FILE defaults to models/NAME.onnx.
publish_sample() {
  local name=$1 description=$2 file=${3:-models/$1.onnx} status=0
  shift $(( $# < 3 ? $# : 3 ))
  dotnet run --project src/ModelService.Cli -c Release --no-build -- models push "$file" --name "$name" --version 1 \
    --description "$description" --license MIT --alias prod "$@" >/dev/null 2>.local/push.err || status=$?
  case $status in
    0) echo "Published $name:1" ;;
    4) echo "$name:1 is already published" ;;
    *) cat .local/push.err >&2; exit "$status" ;;
  esac
}
publish_sample iris-mlp "Iris-style 3-class flower classifier (4 features)." models/iris-mlp.onnx --class-names setosa,versicolor,virginica
publish_sample tabular-scorer "Scores rows from features, a category and a threshold."
# The int8 samples are quantized from the float files on publish, so their manifests carry the quality figures;
# the bytes published are those of models/*-int8.onnx (the quantizer is deterministic).
publish_sample iris-mlp-int8 "Iris-style classifier, dynamic int8." models/iris-mlp.onnx \
  --quantize int8 --calibration models/iris-mlp.calibration.json
publish_sample tabular-scorer-int8 "Tabular scorer, dynamic int8 (approximate scores)." models/tabular-scorer.onnx \
  --quantize int8 --calibration models/tabular-scorer.calibration.json

# A development tenant and its key: every route but health needs one. The key is kept in .local/ (next to
# Azurite's data, which holds its hash) and printed, so curl and the CLI can use it.
modelsvc() { dotnet run --project src/ModelService.Cli -c Release --no-build -- "$@"; }
status=0
modelsvc tenants create dev --name "Local development" --requests-per-second 0 >/dev/null 2>.local/tenant.err || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 4 ]; then cat .local/tenant.err >&2; exit "$status"; fi
if [ ! -s .local/dev-api-key ] || [ "$status" -eq 0 ]; then
  modelsvc keys create dev --scope infer --scope usage --scope train --scope manage --json \
    | sed -n 's/.*"secret": *"\([^"]*\)".*/\1/p' >.local/dev-api-key
fi
export MODELSVC_API_KEY="$(cat .local/dev-api-key)"
echo "Tenant 'dev' key (in .local/dev-api-key): $MODELSVC_API_KEY"

export ModelService__Storage__ConnectionString="UseDevelopmentStorage=true"
if command -v func >/dev/null 2>&1; then
  echo "Starting the function app with Azure Functions Core Tools on http://127.0.0.1:$PORT ..."
  (cd src/ModelService.Functions && func start --port "$PORT") &
  children+=($!)
elif [ -f tools/ModelService.FunctionsHost/ModelService.FunctionsHost.csproj ]; then
  echo "Azure Functions Core Tools not found: starting the development host on http://127.0.0.1:$PORT ..."
  dotnet build src/ModelService.Functions -c Release --nologo -v quiet
  dotnet run --project tools/ModelService.FunctionsHost -c Release -- \
    --worker "src/ModelService.Functions/bin/Release/net10.0" --port "$PORT" &
  children+=($!)
else
  echo "Azure Functions Core Tools ('func') is not installed, so the HTTP endpoint cannot start here." >&2
  echo "Azurite keeps running with the sample models published; install 'func' and run this again for http://127.0.0.1:$PORT." >&2
fi

# The trainer polls training-jobs on the CPU (libtorch where it loads, else the managed backend) and idles for
# up to a week instead of exiting on an empty queue as a Container Apps Job execution does.
echo "Starting the trainer on the CPU (it takes jobs from the training-jobs queue) ..."
dotnet build src/ModelService.Trainer -c Release --nologo -v quiet
ModelService__Trainer__IdleExitSeconds=604800 ModelService__Trainer__Device=cpu \
  dotnet src/ModelService.Trainer/bin/Release/net10.0/linux-x64/ModelService.Trainer.dll >.local/trainer.log 2>&1 &
children+=($!)
echo "Trainer log: .local/trainer.log. The dev key has the train scope: modelsvc train submit … uses it."

echo "Try: curl -s -H \"Authorization: Bearer \$(cat .local/dev-api-key)\" http://127.0.0.1:$PORT/v2/models/iris-mlp  |  Ctrl-C stops everything."
wait "$AZURITE_PID"
