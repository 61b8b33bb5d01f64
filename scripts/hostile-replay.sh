#!/usr/bin/env bash
# Replays issue 13's findings against the running service: starts a private in-memory Azurite and the function app
# on the development host, then one replay or all (docs/hostile-replay.md):
#   webhook (default)  async latency of predictions without a webhook while others' receiver (127.0.0.1, accepts and
#                      never answers) hangs, before and during             [--hostile 32] [--probes 16]
#   answer             worker peak memory (VmHWM) for one sync call with a huge answer         [--rows 1500000]
#   keys               time to reject a flood of unknown API keys                   [--requests 5000] [--connections 32]
#   all                the three, one after the other, on the same host
# WORKER_DIR=<a worker build> replays against another build (e.g. one from before a fix).
# Usage: ./scripts/hostile-replay.sh [webhook|answer|keys|all] [options for the replay]
set -euo pipefail
cd "$(dirname "$0")/.."
replay="webhook"
case "${1:-}" in
  webhook|answer|keys|all) replay="$1"; shift ;;
esac
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
dotnet build tools/ModelService.FunctionsHost -c Release --nologo -v quiet
dotnet build tests/ModelService.LoadTest -c Release --nologo -v quiet

# The receiver is on 127.0.0.1, so private targets are allowed here (local development only); the webhook's
# timeout and retries are the service's defaults.
ModelService__Storage__ConnectionString="$storage" \
ModelService__Predictions__AllowPrivateWebhookTargets=true \
  dotnet tools/ModelService.FunctionsHost/bin/Release/net10.0/ModelService.FunctionsHost.dll \
    --worker "$worker" --port "$port" --storage "$storage" --max-polling-interval 00:00:01 \
    --log-level Warning >.local/hostile-replay-host.log 2>&1 &
host_pid=$!

for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$port/v2/health/live" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$host_pid" 2>/dev/null; then cat .local/hostile-replay-host.log >&2; exit 1; fi
  sleep 0.1
done
echo "Function app is up on http://127.0.0.1:$port (worker $worker; log in .local/hostile-replay-host.log)."

worker_pid="$(pgrep -P "$host_pid" | head -n 1)"
run_replay() {
  echo
  echo "== $1"
  dotnet tests/ModelService.LoadTest/bin/Release/net10.0/ModelService.LoadTest.dll "$1" \
    --endpoint "http://127.0.0.1:$port/" --storage "$storage" --worker-pid "$worker_pid" "${@:2}"
}
case "$replay" in
  webhook) run_replay hostile-webhook "$@" ;;
  answer) run_replay hostile-answer "$@" ;;
  keys) run_replay hostile-keys "$@" ;;
  all) run_replay hostile-webhook; run_replay hostile-answer; run_replay hostile-keys ;;
esac
