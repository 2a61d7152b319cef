#!/usr/bin/env bash
# The fuzz job: random and mutated requests (default 100,000) against the MCP front door and the
# admin API of an embedded gateway with auth on, a real stdio upstream (the project's test
# upstream, named "fuzz") and short-lived sessions. Passes when nothing answered 5xx, no
# connection was dropped, every request was answered, and /health/live stayed 200; prints the
# fuzzer's JSON report and the silo's error-level log lines. The gateway and the fuzzer run inside
# a network namespace with only loopback (root and iproute2 needed), so that nothing a mutated
# upstream URL names can be reached or even looked up.
#   bash benchmarks/run-fuzz.sh [COUNT] [WORKERS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
workers=${2:-8}
seed=${3:-1}

if [ -z "${GATEWAY_FUZZ_NETNS:-}" ]; then
  dotnet build Gateway.sln -c Release -nologo -v quiet >/dev/null
  ns="gwfuzz-$$"
  ip netns add "$ns"
  trap 'ip netns delete "$ns" 2>/dev/null || true' EXIT
  ip -n "$ns" link set lo up
  GATEWAY_FUZZ_NETNS="$ns" ip netns exec "$ns" bash "$0" "$count" "$workers" "$seed"
  exit $?
fi

work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
silo_port=$(free_port)
while [ "$silo_port" = "$port" ]; do silo_port=$(free_port); done
user_key="fuzz-user-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
admin_key="fuzz-admin-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
upstream_dll="$PWD/tests/Gateway.TestUpstream/bin/Release/net10.0/Gateway.TestUpstream.dll"

cat > "$work/gateway.json" <<JSON
{"Gateway": {"Urls": "http://127.0.0.1:$port", "DataDirectory": "$work/data",
  "Cluster": {"SiloPort": $silo_port},
  "Auth": {"ApiKeys": [{"Name": "user", "Key": "$user_key"}, {"Name": "admin", "Key": "$admin_key", "Roles": ["admin"]}]},
  "Sessions": {"IdleTimeout": "00:00:30", "MaxPerPrincipal": 1000},
  "Upstreams": [{"Name": "fuzz", "Transport": "stdio", "Command": "dotnet", "Args": ["$upstream_dll", "stdio", "--name", "fuzz"], "MaxProcesses": 8}]}}
JSON
dotnet src/Gateway.Silo/bin/Release/net10.0/Gateway.Silo.dll --config "$work/gateway.json" > "$work/silo.log" 2>&1 &
silo=$!
deadline=$((SECONDS + 90))
until curl -sf -H "Authorization: Bearer $admin_key" "http://127.0.0.1:$port/admin/upstreams" | grep -q '"state":"connected"'; do
  if ! kill -0 "$silo" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    echo "the gateway did not become ready; the end of its log:" >&2
    tail -n 30 "$work/silo.log" >&2
    exit 1
  fi
  sleep 0.2
done

status=0
dotnet benchmarks/Gateway.Fuzz/bin/Release/net10.0/Gateway.Fuzz.dll "http://127.0.0.1:$port" "$user_key" "$admin_key" "$count" "$workers" "$seed" || status=$?
if ! kill -0 "$silo" 2>/dev/null; then
  echo "the silo exited during the run" >&2
  status=1
fi
echo "silo log lines at Error or Fatal: $(grep -cE '"Level":"(Error|Fatal)"' "$work/silo.log" || true)"
grep -E '"Level":"(Error|Fatal)"' "$work/silo.log" | head -n 5 || true
echo "silo resident memory after the run: $(ps -o rss= -p "$silo" 2>/dev/null | awk '{printf "%.0f MB", $1/1024}')"
exit "$status"
