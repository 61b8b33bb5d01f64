#!/usr/bin/env bash
# Replays issue 13's finding 2 against the running service: starts a private in-memory Azurite and the function app
# on the development host, then submits async predictions whose webhook receiver (a 127.0.0.1 server that accepts
# and never answers) hangs, next to async predictions without a webhook, and prints the latter's latency from
# submission to "succeeded" before and while the receiver hangs.
# WORKER_DIR=<a worker build> replays against another build (e.g. one from before webhooks had their own queue).
# Extra arguments go to the replay, e.g. ./scripts/hostile-replay.sh --hostile 32 --probes 16
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/azurite.sh

require_command dotnet "Install the .NET SDK named in global.json."
install_azurite

host_pid=""
cleanup() {
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    kill "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  stop_azurite
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ports=("$(free_port)" "$(free_port)" "$(free_port)")
start_azurite "${ports[@]}"
storage="$(azurite_connection_string "${ports[@]}")"
port=$(free_port)
mkdir -p .local
echo "Azurite is up on 127.0.0.1:${ports[0]}-${ports[2]} (in memory)."

worker="${WORKER_DIR:-src/ModelService.Functions/bin/Release/net10.0}"
if [ -z "${WORKER_DIR:-}" ]; then
  dotnet build src/ModelService.Functions -c Release --nologo -v quiet
fi
dotnet build tests/ModelService.FunctionsHost -c Release --nologo -v quiet
dotnet build tests/ModelService.LoadTest -c Release --nologo -v quiet

# The receiver is on 127.0.0.1, so private targets are allowed here (local development only); the webhook's
# timeout and retries are the service's defaults.
ModelService__Storage__ConnectionString="$storage" \
ModelService__Predictions__AllowPrivateWebhookTargets=true \
  dotnet tests/ModelService.FunctionsHost/bin/Release/net10.0/ModelService.FunctionsHost.dll \
    --worker "$worker" --port "$port" --storage "$storage" --max-polling-interval 00:00:01 \
    --log-level Warning >.local/hostile-replay-host.log 2>&1 &
host_pid=$!

for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$port/v2/health/live" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$host_pid" 2>/dev/null; then cat .local/hostile-replay-host.log >&2; exit 1; fi
  sleep 0.1
done
echo "Function app is up on http://127.0.0.1:$port (worker $worker; log in .local/hostile-replay-host.log)."

dotnet tests/ModelService.LoadTest/bin/Release/net10.0/ModelService.LoadTest.dll hostile-webhook \
  --endpoint "http://127.0.0.1:$port/" --storage "$storage" "$@"
