#!/usr/bin/env bash
# Bounded load test of the HTTP path: starts a private in-memory Azurite and the function app on the development
# host (tests/ModelService.FunctionsHost), publishes the sample models from models/ (and a small generated model),
# then measures v2 inference over HTTP at 1, 8 and 32 clients next to the same call in-process.
# Extra arguments go to the load client, e.g. ./scripts/load-test.sh --duration 5 --clients 1,8
# HOST_LOG_LEVEL=Warning measures without the per-request log lines (Information, as a developer sees them, by default).
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

dotnet build src/ModelService.Functions -c Release --nologo -v quiet
dotnet build tests/ModelService.FunctionsHost -c Release --nologo -v quiet
dotnet build tests/ModelService.LoadTest -c Release --nologo -v quiet

# The worker reads its storage from its own settings (local.settings.json would point it at the default ports).
ModelService__Storage__ConnectionString="$storage" \
  dotnet tests/ModelService.FunctionsHost/bin/Release/net10.0/ModelService.FunctionsHost.dll \
    --worker src/ModelService.Functions/bin/Release/net10.0 --port "$port" --storage "$storage" \
    --log-level "${HOST_LOG_LEVEL:-Information}" >.local/load-test-host.log 2>&1 &
host_pid=$!

for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$port/v2/health/live" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$host_pid" 2>/dev/null; then cat .local/load-test-host.log >&2; exit 1; fi
  sleep 0.1
done
echo "Function app is up on http://127.0.0.1:$port (log in .local/load-test-host.log)."

dotnet tests/ModelService.LoadTest/bin/Release/net10.0/ModelService.LoadTest.dll \
  --endpoint "http://127.0.0.1:$port/" --storage "$storage" --synthetic "$@"
