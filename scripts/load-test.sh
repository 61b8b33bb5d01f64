#!/usr/bin/env bash
# Bounded load test of the HTTP path: starts a private in-memory Azurite behind a counting proxy (every storage
# request of the run goes through it, so they can be counted per billed call), the function app on the development host (tools/ModelService.FunctionsHost) twice — billing on, and
# billing off (Billing:UsageDurability=Discard) — and once more as the usage ledger's instance, and the bare ONNX Runtime floor server (ModelService.LoadTest floor),
# publishes the sample models from models/ (and a small generated model), then measures v2 inference at 1, 8 and 32
# clients on every path side by side, kills the billed worker and the ledger's in the middle of a last phase, redelivers usage, and
# checks the ledger: N answered calls, N × price.
# Extra arguments go to the load client, e.g. ./scripts/load-test.sh --duration 5 --clients 1,8
# HOST_LOG_LEVEL=Warning measures without the per-request log lines (Information, as a developer sees them, by default).
# USAGE_DURABILITY=GroupCommit measures the other durability contract (Asynchronous, the default, otherwise).
# The usage ledger (RecordUsage) runs in a third host of the same app, with the serving hosts' copies disabled
# (AzureWebJobs.RecordUsage.Disabled), as the Flex Consumption plan runs it: per-function scaling gives a queue-triggered
# function instances of its own, apart from the HTTP functions' group.
# LOAD_TEST_CORES=split runs what is another machine in Azure — Azurite, the storage proxy, the load client and the
# ledger's instance — on the last CPU, and what runs on an HTTP instance — the serving hosts, their workers and the
# floor server — on the others, so billing's cost on the serving instance is measured without the storage emulator's
# own CPU competing with the calls. LOAD_TEST_CORES=backend keeps only billing's back end — Azurite, the proxy and the
# ledger — on the last CPU and runs the load client with the serving hosts and the floor, so that the back end's work
# cannot slow the client's half of a billed call either (the same client load is on the serving cores in every cell).
# Every cell gets the same layout.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/azurite.sh

require_command dotnet "Install the .NET SDK named in global.json."
install_azurite

pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  stop_azurite
}
trap cleanup EXIT
trap 'exit 130' INT TERM

durability="${USAGE_DURABILITY:-Asynchronous}"
# Every process of the run (floor, hosts, workers, proxy, client) gets the JIT policy the function app ships with
# (local.settings.json, Bicep): hot methods are optimized as soon as they are hot. Same policy on both sides.
export DOTNET_TC_CallCountingDelayMs=0
# Without a split layout these run commands as they are.
on_instance=()
outside_instance=()
client_placement=()
layout="${LOAD_TEST_CORES:-shared}"
case "$layout" in
  shared) ;;
  split | backend)
    require_command taskset "Install util-linux (taskset) for LOAD_TEST_CORES=$layout."
    last=$(( $(nproc) - 1 ))
    [ "$last" -ge 1 ] || { echo "error: LOAD_TEST_CORES=$layout needs two CPUs or more" >&2; exit 2; }
    outside="$last"
    instance="0-$(( last - 1 ))"
    on_instance=(taskset -c "$instance")
    # ONNX Runtime sizes its intra-op pool by the machine's cores; on fewer, its spinning threads take turns.
    session_threads="$last"
    outside_instance=(taskset -c "$outside")
    if [ "$layout" = split ]; then
      client_placement=("${outside_instance[@]}")
      echo "Cores split: Azurite, storage proxy, ledger and load client on CPU $outside; serving hosts, workers and floor on CPU $instance."
    else
      client_placement=("${on_instance[@]}")
      echo "Billing's back end apart: Azurite, storage proxy and ledger on CPU $outside; serving hosts, workers, floor and load client on CPU $instance."
    fi
    ;;
  *) echo "error: LOAD_TEST_CORES is shared, split or backend, not '$layout'" >&2; exit 2 ;;
esac

mkdir -p .local
ports=("$(free_port)" "$(free_port)" "$(free_port)")
start_azurite "${ports[@]}"
# Azurite is started by the shared helper; its threads are moved once it runs.
if [ -n "${outside:-}" ]; then taskset -a -cp "$outside" "$AZURITE_PID" >/dev/null; fi
echo "Azurite is up on 127.0.0.1:${ports[0]}-${ports[2]} (in memory)."

dotnet build src/ModelService.Functions -c Release --nologo -v quiet
dotnet build tools/ModelService.FunctionsHost -c Release --nologo -v quiet
dotnet build tests/ModelService.LoadTest -c Release --nologo -v quiet
load=tests/ModelService.LoadTest/bin/Release/net10.0/ModelService.LoadTest.dll

wait_live() {
  local port=$1 pid=$2 log=$3
  for _ in $(seq 1 600); do
    if curl -sf "http://127.0.0.1:$port/v2/health/live" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "error: nothing answers on port $port" >&2
  exit 1
}

# start_host PORT LOG DURABILITY ROLE: the real worker on the development host. The worker reads its storage from its
# own settings (local.settings.json would point it at the default ports). ROLE serving: the HTTP instance, usage
# functions disabled; ledger: the usage functions' own instance, placed outside the serving cores.
start_host() {
  local port=$1 log=$2 durability=$3 role=$4
  local placement=("${on_instance[@]}") disabled=()
  if [ "$role" = serving ]; then
    disabled=("AzureWebJobs.RecordUsage.Disabled=true" "AzureWebJobs.ParkPoisonedUsage.Disabled=true")
  else
    placement=("${outside_instance[@]}")
  fi
  env "${disabled[@]}" \
  ModelService__Storage__ConnectionString="$storage" \
  ModelService__Billing__UsageDurability="$durability" \
  ModelService__Session__IntraOpNumThreads="${session_threads:-0}" \
  ModelService__Cache__DiskPath="$PWD/.local/load-test-cache-$port" \
    "${placement[@]}" dotnet tools/ModelService.FunctionsHost/bin/Release/net10.0/ModelService.FunctionsHost.dll \
      --worker src/ModelService.Functions/bin/Release/net10.0 --port "$port" --storage "$storage" \
      --log-level "${HOST_LOG_LEVEL:-Information}" >"$log" 2>&1 &
  pids+=($!)
  wait_live "$port" "${pids[-1]}" "$log"
}

proxy=("$(free_port)" "$(free_port)" "$(free_port)")
"${outside_instance[@]}" dotnet "$load" storage-proxy --forward "${proxy[0]}=${ports[0]}" --forward "${proxy[1]}=${ports[1]}" --forward "${proxy[2]}=${ports[2]}" \
  >.local/load-test-storage-proxy.log 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:${proxy[1]}/_count" >/dev/null 2>&1 && break; sleep 0.1; done
storage="$(azurite_connection_string "${proxy[@]}")"
echo "Storage requests are counted by a proxy on 127.0.0.1:${proxy[0]}-${proxy[2]}."

port=$(free_port)
start_host "$port" .local/load-test-host.log "$durability" serving
host_pid=${pids[-1]}
echo "Function app (billing on, $durability) is up on http://127.0.0.1:$port (log in .local/load-test-host.log)."
off_port=$(free_port)
start_host "$off_port" .local/load-test-host-billing-off.log Discard serving
echo "Function app (billing off) is up on http://127.0.0.1:$off_port."
ledger_port=$(free_port)
start_host "$ledger_port" .local/load-test-ledger.log "$durability" ledger
ledger_pid=${pids[-1]}
echo "Usage ledger (RecordUsage on its own instance) is up (log in .local/load-test-ledger.log)."
floor_port=$(free_port)
"${on_instance[@]}" dotnet "$load" floor --port "$floor_port" --models iris-mlp,tabular-scorer --synthetic --intra-op-threads "${session_threads:-0}" >.local/load-test-floor.log 2>&1 &
pids+=($!)
wait_live "$floor_port" "$!" .local/load-test-floor.log
echo "Floor server (Kestrel + ONNX Runtime only) is up on http://127.0.0.1:$floor_port."

"${client_placement[@]}" dotnet "$load" --endpoint "http://127.0.0.1:$port/" --storage "$storage" --synthetic \
  --billing-off "http://127.0.0.1:$off_port/" --floor "http://127.0.0.1:$floor_port/" \
  --storage-counter "http://127.0.0.1:${proxy[1]}/" --kill-worker-of "$host_pid,$ledger_pid" \
  --loss-bound "$([ "$durability" = Asynchronous ] && echo 400 || echo 0)" "$@"
# What the storage requests of the whole run were, by operation and resource (setup and every cell included).
curl -sf "http://127.0.0.1:${proxy[1]}/_count/detail" >.local/load-test-storage-requests.txt || true
