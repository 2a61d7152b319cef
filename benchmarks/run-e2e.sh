#!/usr/bin/env bash
# tools/call through the gateway vs straight to the upstream, measured side by side in one run:
# the same upstream process (the project's test upstream over Streamable HTTP), the same load
# runner, rounds alternating direct/gateway so that machine noise hits both alike. The gateway is
# the embedded single silo, on a free client port and a free Orleans silo port (never 11111, which
# a gateway already running on this machine may hold).
#   bash benchmarks/run-e2e.sh [SESSIONS] [SECONDS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
sessions=${1:-8}
seconds=${2:-10}
rounds=${3:-3}

dotnet build Gateway.sln -c Release -nologo -v quiet >/dev/null
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

dotnet tests/Gateway.TestUpstream/bin/Release/net10.0/Gateway.TestUpstream.dll http --port 0 --name bench > "$work/upstream.out" 2>/dev/null &
until grep -q LISTENING "$work/upstream.out"; do sleep 0.2; done
upstream=$(sed -n 's/^LISTENING //p' "$work/upstream.out")

port=$(free_port)
silo_port=$(free_port)
while [ "$silo_port" = "$port" ]; do silo_port=$(free_port); done
cat > "$work/gateway.json" <<JSON
{"Gateway": {"Urls": "http://127.0.0.1:$port", "DataDirectory": "$work/data",
  "Cluster": {"SiloPort": $silo_port},
  "Upstreams": [{"Name": "bench", "Transport": "http", "Url": "$upstream"}]}}
JSON
dotnet src/Gateway.Silo/bin/Release/net10.0/Gateway.Silo.dll --config "$work/gateway.json" > "$work/silo.log" 2>&1 &
silo=$!
deadline=$((SECONDS + 90))
until curl -sf "http://127.0.0.1:$port/admin/upstreams" | grep -q '"state":"connected"'; do
  if ! kill -0 "$silo" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "the gateway did not become ready; the end of its log:" >&2
    tail -n 30 "$work/silo.log" >&2
    exit 1
  fi
  sleep 0.2
done

run() {
  dotnet benchmarks/Gateway.LoadRunner/bin/Release/net10.0/Gateway.LoadRunner.dll \
    --url "$1" --tool "$2" --args '{"message":"hi"}' --sessions "$sessions" --duration "$seconds" --warmup 2 --label "$3" --no-get-stream
}

for round in $(seq 1 "$rounds"); do
  run "$upstream" echo "direct#$round"
  run "http://127.0.0.1:$port/mcp" bench__echo "gateway#$round"
done
