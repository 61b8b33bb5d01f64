# Shared by run-local.sh and test.sh: install Azurite locally (npm, no global install) and run it on loopback.
# shellcheck shell=bash

AZURITE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../azurite" && pwd)"
AZURITE_BIN="$AZURITE_DIR/node_modules/.bin/azurite"
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
AZURITE_PID=""

require_command() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required but not installed. $2" >&2; exit 1; }
}

install_azurite() {
  require_command node "Install Node.js 20 or later (Debian: apt-get install nodejs npm)."
  require_command npm "Install npm (Debian: apt-get install npm)."
  if [ ! -x "$AZURITE_BIN" ] || [ "$AZURITE_DIR/package-lock.json" -nt "$AZURITE_DIR/node_modules/.package-lock.json" ]; then
    echo "Installing Azurite into scripts/azurite/node_modules ..."
    npm ci --prefix "$AZURITE_DIR" --no-audit --no-fund --loglevel=error
  fi
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_for_port() {
  local port=$1 tries=0
  until node -e "require('net').connect($port,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -ge 300 ]; then echo "error: nothing listens on 127.0.0.1:$port after 30 s" >&2; return 1; fi
    if [ -n "$AZURITE_PID" ] && ! kill -0 "$AZURITE_PID" 2>/dev/null; then echo "error: Azurite exited" >&2; return 1; fi
    sleep 0.1
  done
}

# start_azurite BLOB_PORT QUEUE_PORT TABLE_PORT [DATA_DIR]: without DATA_DIR the data lives in memory only.
start_azurite() {
  local blob=$1 queue=$2 table=$3 data=${4:-}
  local args=(--silent --skipApiVersionCheck --loose --disableProductStyleUrl
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue"
    --tableHost 127.0.0.1 --tablePort "$table")
  if [ -n "$data" ]; then mkdir -p "$data"; args+=(--location "$data"); else args+=(--inMemoryPersistence); fi
  "$AZURITE_BIN" "${args[@]}" >/dev/null 2>&1 &
  AZURITE_PID=$!
  wait_for_port "$blob" && wait_for_port "$queue" && wait_for_port "$table"
}

# start_azurite_on_free_ports: in memory, on three free loopback ports, left in AZURITE_PORTS. A free port can be
# taken by another process before Azurite binds it, so a failed start is tried again on new ports.
start_azurite_on_free_ports() {
  local attempt
  for attempt in 1 2 3; do
    AZURITE_PORTS=("$(free_port)" "$(free_port)" "$(free_port)")
    if start_azurite "${AZURITE_PORTS[@]}"; then return 0; fi
    stop_azurite
  done
  echo "error: Azurite did not start" >&2
  return 1
}

stop_azurite() {
  if [ -n "$AZURITE_PID" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=""
}

azurite_connection_string() {
  local blob=$1 queue=$2 table=$3
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
}
