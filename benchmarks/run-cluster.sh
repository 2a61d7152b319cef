#!/usr/bin/env bash
# tools/call straight to the upstream vs one silo vs a cluster of three silos, measured side by side
# in one run: the same test upstream (Streamable HTTP), the same load runner, rounds alternating
# over the targets so that machine noise hits all of them alike.
#   bash benchmarks/run-cluster.sh [SESSIONS] [SECONDS] [ROUNDS]
#
# Targets (TARGETS="direct embedded one three" by default, in this order within a round):
#   direct        the upstream itself (tool echo)
#   embedded      one silo in the default single-silo mode (Orleans' localhost clustering, SQLite storage)
#   one           a PostgreSQL cluster of one silo
#   three         a PostgreSQL cluster of three silos; the load runner sends each request of a
#                 session to the next silo in turn (a load balancer without stickiness)
#   three-sticky  the same three silos, each session kept on the silo it initialized on
# "one" and "three" are configured alike (PostgreSQL storage and membership, each cluster in a
# database of its own, its schema applied by the silos at start), so they differ only in the number
# of silos. Every silo, the embedded one too, opens an Orleans silo port: each gets a free one.
# PostgreSQL comes from tests/postgres.sh (a throwaway server), or GATEWAY_TEST_POSTGRES if set.
# The silos' logs are kept (in KEEP_LOGS, a directory, or else a new temp directory) when a silo
# logged a warning or error or a call failed.
# Everything runs on this machine: the silos share its cores with the upstream and the load runner.
set -euo pipefail
cd "$(dirname "$0")/.."
sessions=${1:-8}
seconds=${2:-10}
rounds=${3:-3}
targets=${TARGETS:-direct embedded one three}

dotnet build Gateway.sln -c Release -nologo -v quiet >/dev/null
work=$(mktemp -d)
pids=()
created_databases=()
keep_logs=${KEEP_LOGS:-}

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$keep_logs" ]; then
    mkdir -p "$keep_logs" && cp "$work"/*.log "$work"/*.json "$work"/*.err "$keep_logs"/ 2>/dev/null || true
    echo "logs kept in $keep_logs" >&2
  fi
  # Databases made in a server of the caller's own (GATEWAY_TEST_POSTGRES set beforehand) are dropped;
  # a server tests/postgres.sh started is removed whole.
  if [ -z "${_GATEWAY_PG_DIR:-}" ]; then
    for db in "${created_databases[@]}"; do pg_sql "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
  fi
  declare -F gateway_pg_stop >/dev/null && gateway_pg_stop
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port: a loopback port nothing listens on, never one handed out before in this run (a silo's
# client and silo ports, and every silo's, must differ; the kernel may offer a closed port again).
# It sets $port rather than printing it, so that the ports it handed out are remembered in this shell.
declare -A used_ports
free_port() {
  while :; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    if [ -z "${used_ports[$port]:-}" ]; then used_ports[$port]=1; return; fi
  done
}

# PostgreSQL: sourcing sets GATEWAY_TEST_POSTGRES (and an EXIT trap of its own, replaced below by cleanup).
. tests/postgres.sh || { echo "run-cluster.sh: PostgreSQL is required (see tests/postgres.sh)" >&2; exit 1; }
trap cleanup EXIT
pg=$GATEWAY_TEST_POSTGRES
pg_field() { sed -n "s/.*\(^\|;\)$1=\([^;]*\).*/\2/p" <<<"$pg"; }
# psql: from the server postgres.sh started, else from the installed PostgreSQL, else from PATH.
pg_bin=${_GATEWAY_PG_BIN:-$(gateway_pg_bindir 2>/dev/null || true)}
pg_sql() {
  PGPASSWORD=$(pg_field Password) "${pg_bin:+$pg_bin/}psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$(pg_field Host)" -p "$(pg_field Port)" -U "$(pg_field Username)" -d "$(pg_field Database)" -c "$1"
}
# new_database NAME: a database per cluster, so that the clusters share nothing but the server;
# its connection string in $database.
new_database() {
  local db="bench_${1}_$$"
  pg_sql "CREATE DATABASE $db" >&2
  created_databases+=("$db")
  database=$(sed "s/\(^\|;\)Database=[^;]*/\1Database=$db/" <<<"$pg")
}

dotnet tests/Gateway.TestUpstream/bin/Release/net10.0/Gateway.TestUpstream.dll http --port 0 --name bench > "$work/upstream.out" 2>/dev/null &
pids+=($!)
until grep -q LISTENING "$work/upstream.out"; do sleep 0.2; done
upstream=$(sed -n 's/^LISTENING //p' "$work/upstream.out")

# start_silo NAME [CLUSTER_ID CONNECTION_STRING]: a silo in the background, its client URL in url[NAME].
# Without a cluster it is the embedded single silo (cluster provider memory, the default).
declare -A url silo_pid
start_silo() {
  local name=$1 client_port silo_port cluster
  free_port; client_port=$port
  free_port; silo_port=$port
  cluster="\"Cluster\": {\"SiloPort\": $silo_port}"
  if [ "$#" -gt 1 ]; then
    cluster="\"Storage\": {\"Provider\": \"postgres\", \"ConnectionString\": \"$3\"},
  \"Cluster\": {\"Provider\": \"postgres\", \"ConnectionString\": \"$3\", \"ClusterId\": \"$2\", \"SiloPort\": $silo_port,
    \"AdvertisedAddress\": \"127.0.0.1\"}"
  fi
  cat > "$work/$name.json" <<JSON
{"Gateway": {"Urls": "http://127.0.0.1:$client_port", "DataDirectory": "$work/data-$name",
  $cluster,
  "Upstreams": [{"Name": "bench", "Transport": "http", "Url": "$upstream"}]}}
JSON
  dotnet src/Gateway.Silo/bin/Release/net10.0/Gateway.Silo.dll --config "$work/$name.json" > "$work/$name.log" 2>&1 &
  pids+=($!)
  silo_pid[$name]=$!
  url[$name]=http://127.0.0.1:$client_port
}

# wait_ready NAME: until the silo is ready and its upstream connected; fails if the silo exits.
wait_ready() {
  local deadline=$((SECONDS + 90))
  until curl -sf "${url[$1]}/health/ready" >/dev/null && curl -sf "${url[$1]}/admin/upstreams" | grep -q '"state":"connected"'; do
    if ! kill -0 "${silo_pid[$1]}" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "silo $1 did not become ready; the end of its log:" >&2
      tail -n 30 "$work/$1.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# wait_active_silos NAME COUNT: until the silo's membership view (GET /admin/cluster) holds COUNT
# active silos, so that no request of the first round meets a silo that has not yet seen its peers.
wait_active_silos() {
  local deadline=$((SECONDS + 60))
  until curl -sf "${url[$1]}/admin/cluster" | grep -q "\"activeSilos\":$2[,}]"; do
    if ! kill -0 "${silo_pid[$1]}" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "silo $1 did not see $2 active silos; it sees: $(curl -s "${url[$1]}/admin/cluster")" >&2
      tail -n 30 "$work/$1.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

for target in $targets; do
  case $target in
    direct) ;;
    embedded) start_silo embedded ;;
    one) new_database one; start_silo one-1 "bench-one-$$" "$database" ;;
    three|three-sticky)
      if [ -z "${url[three-1]:-}" ]; then
        new_database three
        for i in 1 2 3; do start_silo "three-$i" "bench-three-$$" "$database"; done
      fi ;;
    *) echo "unknown target '$target' in TARGETS" >&2; exit 2 ;;
  esac
done
for name in "${!silo_pid[@]}"; do wait_ready "$name"; done
if [ -n "${url[three-1]:-}" ]; then
  for i in 1 2 3; do wait_active_silos "three-$i" 3; done
fi

run() { # run LABEL TOOL URL...
  local label=$1 tool=$2
  shift 2
  local args=()
  for u in "$@"; do args+=(--url "$u"); done
  dotnet benchmarks/Gateway.LoadRunner/bin/Release/net10.0/Gateway.LoadRunner.dll "${args[@]}" ${STICKY_FLAG:-} \
    --tool "$tool" --args '{"message":"hi"}' --sessions "$sessions" --duration "$seconds" --warmup 2 --label "$label" \
    --no-get-stream --json-out "$work/$label.json" 2>"$work/$label.err" || echo "label=$label FAILED (exit $?)"
  grep -v '^connect' "$work/$label.err" >&2 || true
}

run_target() { # run_target TARGET LABEL
  case $1 in
    direct) run "$2" echo "$upstream" ;;
    embedded) run "$2" bench__echo "${url[embedded]}/mcp" ;;
    one) run "$2" bench__echo "${url[one-1]}/mcp" ;;
    three) run "$2" bench__echo "${url[three-1]}/mcp" "${url[three-2]}/mcp" "${url[three-3]}/mcp" ;;
    three-sticky) STICKY_FLAG=--sticky run "$2" bench__echo "${url[three-1]}/mcp" "${url[three-2]}/mcp" "${url[three-3]}/mcp" ;;
  esac
}

# One unreported pass over every target first: each silo process JITs its hot paths (three
# processes to warm for the cluster of three) and the silos open their connections to each other.
for target in $targets; do run_target "$target" "warmup-$target" >/dev/null; done

for round in $(seq 1 "$rounds"); do
  for target in $targets; do run_target "$target" "$target#$round"; done
done

# Silo logs: warnings and errors are worth a look (a product problem under load shows here first).
problems=0
for log in "$work"/*.log; do
  count=$(grep -c '"Level":"\(Warning\|Error\|Fatal\)"' "$log" || true)
  if [ "$count" -gt 0 ]; then
    echo "$(basename "$log"): $count warning/error line(s), e.g.:" >&2
    grep -m 3 '"Level":"\(Warning\|Error\|Fatal\)"' "$log" | cut -c1-400 >&2
    problems=$((problems + count))
  fi
done

echo
python3 - "$work" "$rounds" $targets <<'PY'
import json, os, statistics, sys
work, rounds, targets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
names = {"direct": "direct", "embedded": "embedded", "one": "1 silo", "three": "3 silos", "three-sticky": "3 sticky"}
def load(target, r):
    path = os.path.join(work, f"{target}#{r}.json")
    return json.load(open(path)) if os.path.exists(path) else None
res = {(t, r): load(t, r) for t in targets for r in range(1, rounds + 1)}
def cell(d, key, fmt):
    return fmt.format(d[key]) if d else "failed"
def ratio(a, b, key="rps"):
    return f"{a[key] / b[key]:.2f}" if a and b and b[key] else "-"
pairs = [(a, b) for a, b in [("three", "one"), ("three-sticky", "one"), ("one", "direct"), ("three", "direct"),
                             ("one", "embedded"), ("embedded", "direct")] if a in targets and b in targets]
head = ["round"] + [f"{names[t]} rps" for t in targets] + [f"{names[t]} p50" for t in targets] \
     + [f"{names[a]}/{names[b]} rps" for a, b in pairs] + ["errors"]
print("| " + " | ".join(head) + " |")
print("|" + " --- |" * len(head))
def row(label, get):
    cells = [label] + [cell(get(t), "rps", "{:.0f}") for t in targets] + [cell(get(t), "p50Ms", "{:.2f} ms") for t in targets] \
          + [ratio(get(a), get(b)) for a, b in pairs] + [str(sum(get(t)["errors"] for t in targets if get(t)))]
    print("| " + " | ".join(cells) + " |")
for r in range(1, rounds + 1):
    row(str(r), lambda t: res[(t, r)])
def median(t):
    done = [res[(t, r)] for r in range(1, rounds + 1) if res[(t, r)]]
    if not done:
        return None
    return {"rps": statistics.median(d["rps"] for d in done), "p50Ms": statistics.median(d["p50Ms"] for d in done),
            "errors": sum(d["errors"] for d in done)}
medians = {t: median(t) for t in targets}
row("median", lambda t: medians[t])
PY
errors=$(cat "$work"/*#*.json 2>/dev/null | grep -o '"errors": *[0-9]*' | awk -F: '{s+=$2} END {print s+0}')
if [ -z "$keep_logs" ] && { [ "$problems" -gt 0 ] || [ "$errors" -gt 0 ]; }; then
  keep_logs=$(mktemp -d "${TMPDIR:-/tmp}/run-cluster-logs.XXXXXX")
fi
