#!/usr/bin/env bash
# Runs the server scenarios of the official MCP conformance suite (npm
# @modelcontextprotocol/conformance, the exact version in package.json and package-lock.json)
# twice: against tests/Gateway.ConformanceUpstream directly, then against the same upstream
# through a gateway silo (/servers/conformance/mcp, the upstream passed through with its own
# names). Then compares the two runs scenario by scenario and check by check (compare.mjs), prints
# the table and ends with "N passed, N failed", counting scenarios with the same result both ways;
# exits 1 when any differs in a way expected-differences.txt does not list.
#
#   dotnet build Gateway.sln -c Release && bash tests/conformance/run.sh
#
# Builds nothing. Needs the .NET SDK and Node.js with npm: the suite needs Node 22, so with an
# older node this installs node@22 from npm into tests/conformance/.node22 and runs the suite
# with it. Each run's checks.json files and logs are kept in tests/conformance/results/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

readonly node_version=22.23.3
readonly upstream_dll="$root/tests/Gateway.ConformanceUpstream/bin/Release/net10.0/Gateway.ConformanceUpstream.dll"
readonly silo_dll="$root/src/Gateway.Silo/bin/Release/net10.0/Gateway.Silo.dll"
readonly results="$here/results"
readonly startup_timeout=60
readonly suite_timeout=900

fail() {
  echo "conformance: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

pids=()
stop_processes() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null
  done
}
trap stop_processes EXIT

[ -f "$upstream_dll" ] && [ -f "$silo_dll" ] || fail "build the solution first: dotnet build Gateway.sln -c Release (missing $upstream_dll or $silo_dll)"
command -v node >/dev/null && command -v npm >/dev/null || fail "Node.js and npm are required"

# Node 22 from npm when the machine's is older: its bin directory goes first on PATH, so npm and
# the suite both run on it.
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  node22="$here/.node22"
  if [ "$("$node22/node_modules/.bin/node" --version 2>/dev/null)" != "v$node_version" ]; then
    echo "== node $node_version (npm install node@$node_version: this machine has node $(node --version))"
    npm install --prefix "$node22" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node@$node_version" >/dev/null \
      || fail "installing node@$node_version from npm failed"
  fi
  export PATH="$node22/node_modules/.bin:$PATH"
  [ "$(node --version)" = "v$node_version" ] || fail "node@$node_version from npm does not run ($node22/node_modules/.bin/node)"
fi

# The suite at the version package-lock.json pins; npm ci again only when that version changed.
suite_version=$(node -p "require('$here/package.json').dependencies['@modelcontextprotocol/conformance']")
installed=$(node -p "require('$here/node_modules/@modelcontextprotocol/conformance/package.json').version" 2>/dev/null)
if [ "$installed" != "$suite_version" ]; then
  echo "== @modelcontextprotocol/conformance $suite_version (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci in $here failed"
fi
suite=("$here/node_modules/@modelcontextprotocol/conformance/dist/index.js" server --suite all)

rm -rf "$results"
mkdir -p "$results/silo"

# Starts a background process with its output in results/NAME.out and .err; exec, so that the
# recorded pid is the process itself and stop_processes ends it.
start() {
  local name=$1 dir=$2
  shift 2
  (cd "$dir" && exec "$@" >"$results/$name.out" 2>"$results/$name.err") &
  pids+=("$!")
}

echo "== conformance upstream"
start upstream "$results" dotnet "$upstream_dll" --port 0
upstream_url=""
for _ in $(seq $((startup_timeout * 4))); do
  upstream_url=$(sed -n 's/^LISTENING //p' "$results/upstream.out")
  [ -n "$upstream_url" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || break
  sleep 0.25
done
[ -n "$upstream_url" ] || fail "the conformance upstream did not print LISTENING within $startup_timeout s: $(tail -5 "$results/upstream.err")"
echo "   $upstream_url"

# Suite runs fail when a check fails; the comparison, not their exit code, decides.
run_suite() {
  local name=$1 url=$2
  echo "== suite $suite_version, every server scenario: $name ($url)"
  timeout "$suite_timeout" node "${suite[@]}" --url "$url" -o "$results/$name" >"$results/$name.log" 2>&1
  local code=$?
  [ "$code" -eq 124 ] && echo "   the suite did not finish within $suite_timeout s" >&2
  grep -E '^Total: ' "$results/$name.log" | sed 's/^/   /'
}

run_suite direct "$upstream_url"

# One embedded silo (SQLite in results/silo) on free loopback ports, naming the upstream in its
# config file; no Gateway__ environment variable may override the file.
gateway_port=$(node "$here/free-port.mjs")
silo_port=$(node "$here/free-port.mjs")
cat >"$results/silo/gateway.json" <<EOF
{
  "Gateway": {
    "Urls": "http://127.0.0.1:$gateway_port",
    "DataDirectory": "$results/silo",
    "Cluster": { "SiloPort": $silo_port },
    "Upstreams": [ { "Name": "conformance", "Transport": "http", "Url": "$upstream_url" } ]
  }
}
EOF
while read -r variable; do
  unset "$variable"
done < <(env | sed -n 's/^\([Gg][Aa][Tt][Ee][Ww][Aa][Yy]__[^=]*\)=.*/\1/p')

echo "== gateway silo"
start silo "$results/silo" dotnet "$silo_dll" --config "$results/silo/gateway.json"
gateway_url="http://127.0.0.1:$gateway_port"
node "$here/wait-for-gateway.mjs" "$gateway_url" conformance "$startup_timeout" \
  || fail "the gateway did not come up; its last output: $(tail -5 "$results/silo.out")"
echo "   $gateway_url/servers/conformance/mcp"

run_suite gateway "$gateway_url/servers/conformance/mcp"

echo "== compare"
node "$here/compare.mjs" "$results/direct" "$results/gateway" "$here/expected-differences.txt"
exit $?
