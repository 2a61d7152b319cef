#!/usr/bin/env bash
# Builds the solution in Release and runs the test tiers in order, then prints each project's and
# each tier's time and the totals (the last line, "N passed, N failed").
#
#   bash tests/run-all.sh                 every tier
#   bash tests/run-all.sh unit            one tier (or several: unit in-process)
#
# Tiers: unit (pure logic, fake clock), in-process (silos in the test process: the front door on
# ASP.NET Core, and grain clusters on Orleans' TestingHost), isolated (a silo in the test process
# pointed at internal addresses, run inside a network namespace that has only loopback: the SSRF
# guard), end-to-end (silo executables, kill -9, npm's servers and the TypeScript SDK client),
# conformance (the official MCP conformance suite against tests/Gateway.ConformanceUpstream,
# directly and through a silo executable, compared check by check: tests/conformance/run.sh, whose
# "N passed, N failed" counts scenarios into the totals), other (the CLI's, the storage's and the
# test upstream's own tests).
#
# Needs only the .NET SDK, and Node.js (npm) for the end-to-end and conformance tiers, which fetch
# their npm packages on first use (conformance also Node 22, from npm when the machine's node is
# older); tests/postgres.sh installs PostgreSQL with apt-get when it is missing.
# The isolated tier needs root and iproute2 (`ip netns`), installed with apt-get when missing.
set -uo pipefail
cd "$(dirname "$0")/.."

declare -A tier_projects=(
  [unit]="tests/Gateway.UnitTests/Gateway.UnitTests.csproj"
  [in-process]="tests/Gateway.Tests/Gateway.Tests.csproj tests/Gateway.Cluster.Tests/Gateway.Cluster.Tests.csproj"
  [isolated]="tests/Gateway.Isolated.Tests/Gateway.Isolated.Tests.csproj"
  [end-to-end]="tests/Gateway.EndToEnd.Tests/Gateway.EndToEnd.Tests.csproj"
  [conformance]=""
  [other]="tests/Gateway.Cli.Tests/Gateway.Cli.Tests.csproj tests/Gateway.Persistence.Tests/Gateway.Persistence.Tests.csproj tests/Gateway.TestUpstream.Tests/Gateway.TestUpstream.Tests.csproj"
)
# Tiers run by a script rather than dotnet test: its last line is "N passed, N failed".
declare -A tier_scripts=([conformance]="tests/conformance/run.sh")
all_tiers=(unit in-process isolated end-to-end conformance other)
# Tiers whose tests need a PostgreSQL server (GATEWAY_TEST_POSTGRES).
declare -A tier_needs_postgres=([in-process]=1 [end-to-end]=1 [other]=1)

if [ "$#" -eq 0 ]; then
  tiers=("${all_tiers[@]}")
  # A test project in no tier would never run: refuse rather than skip it silently.
  for project in tests/*/*Tests.csproj; do
    if ! printf '%s\n' "${tier_projects[@]}" | tr ' ' '\n' | grep -qxF "$project"; then
      echo "run-all: $project is in no tier; add it to tier_projects in tests/run-all.sh" >&2
      echo "0 passed, 1 failed"
      exit 1
    fi
  done
else
  tiers=("$@")
  for tier in "${tiers[@]}"; do
    [ -n "${tier_projects[$tier]+x}" ] || { echo "run-all: unknown tier '$tier'; tiers: ${all_tiers[*]}" >&2; exit 2; }
  done
fi

needs_postgres=0
needs_node=0
needs_namespace=0
for tier in "${tiers[@]}"; do
  [ -n "${tier_needs_postgres[$tier]+x}" ] && needs_postgres=1
  [ "$tier" = end-to-end ] || [ "$tier" = conformance ] && needs_node=1
  [ "$tier" = isolated ] && needs_namespace=1
done

command -v dotnet >/dev/null || { echo "run-all: the .NET SDK (dotnet) is required" >&2; exit 2; }
if [ "$needs_node" -eq 1 ]; then
  command -v node >/dev/null && command -v npm >/dev/null || { echo "run-all: Node.js and npm are required by the end-to-end and conformance tests" >&2; exit 2; }
fi
if [ "$needs_namespace" -eq 1 ]; then
  # A fresh Debian has no iproute2: installed here, as PostgreSQL is by tests/postgres.sh.
  if [ "$(id -u)" -eq 0 ] && ! command -v ip >/dev/null && command -v apt-get >/dev/null; then
    echo "== iproute2 (apt-get)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2; } >/dev/null 2>&1 \
      || echo "run-all: installing iproute2 with apt-get failed" >&2
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null; then
    echo "run-all: the isolated tests need root and iproute2 (ip netns) for their network namespace" >&2
    echo "0 passed, 1 failed"
    exit 2
  fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== build"
if ! dotnet build Gateway.sln -c Release -nologo -v minimal; then
  echo "0 passed, 1 failed"
  exit 1
fi

# The isolated tier runs in a network namespace of its own that has only loopback, so a test of the
# SSRF guard cannot send anything off the machine if the guard fails. `ip netns exec` mounts
# /etc/netns/NAME/hosts over /etc/hosts: the names below resolve to internal addresses there
# (tests/Gateway.Isolated.Tests/Infrastructure/IsolatedNetwork.cs checks them), and an empty
# resolv.conf leaves no DNS server to ask. Removed on exit.
isolated_ns="gwtest-$$"
remove_isolated_ns() {
  ip netns delete "$isolated_ns" 2>/dev/null
  rm -rf "/etc/netns/$isolated_ns"
}
if [ "$needs_namespace" -eq 1 ]; then
  echo "== network namespace $isolated_ns"
  trap remove_isolated_ns EXIT
  mkdir -p "/etc/netns/$isolated_ns"
  printf '%s\n' "127.0.0.1 localhost" "::1 localhost ip6-localhost ip6-loopback" \
    "127.0.0.1 loop.test" "10.0.0.5 internal.test" "169.254.169.254 metadata.test" "127.0.0.3 allowed.test" \
    > "/etc/netns/$isolated_ns/hosts"
  echo "# no DNS server inside the isolated tests' namespace" > "/etc/netns/$isolated_ns/resolv.conf"
  if ! ip netns add "$isolated_ns" || ! ip -n "$isolated_ns" link set lo up; then
    echo "run-all: could not create the network namespace $isolated_ns: the isolated tests will fail" >&2
  fi
fi

# A throwaway PostgreSQL server (installed with apt-get when missing) for the tiers that need one,
# via GATEWAY_TEST_POSTGRES, removed after the tests (or on exit). Without it the other tests still
# run, and the PostgreSQL tests fail saying that PostgreSQL is required.
if [ "$needs_postgres" -eq 1 ]; then
  echo "== postgres"
  if ! . tests/postgres.sh; then
    echo "run-all: no PostgreSQL for the tests (see above): the PostgreSQL tests will fail" >&2
  fi
fi

log=$(mktemp)
status=0
expected=0
script_passed=0
script_failed=0
times=()
for tier in "${tiers[@]}"; do
  tier_started=$(date +%s)
  project_times=()
  if [ -n "${tier_scripts[$tier]+x}" ]; then
    script=${tier_scripts[$tier]}
    echo "== $tier: $script"
    started=$(date +%s)
    script_log=$(mktemp)
    bash "$script" 2>&1 | tee "$script_log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    # Its totals join the test projects'; a script that ended without them counts as one failure.
    totals=$(tail -n 1 "$script_log" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p')
    if [ -n "$totals" ]; then
      script_passed=$((script_passed + ${totals% *}))
      script_failed=$((script_failed + ${totals#* }))
    else
      echo "run-all: $script ended without its \"N passed, N failed\" line" >&2
      script_failed=$((script_failed + 1))
      status=1
    fi
    rm -f "$script_log"
    project_times+=("    $(basename "$(dirname "$script")"): $(( $(date +%s) - started )) s")
  fi
  for project in ${tier_projects[$tier]}; do
    echo "== $tier: test $project"
    expected=$((expected + 1))
    started=$(date +%s)
    runner=()
    [ "$tier" = isolated ] && runner=(ip netns exec "$isolated_ns")
    # A test that hangs for 10 minutes is reported (with a dump of where it hung) instead of stalling CI.
    "${runner[@]}" dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" \
        --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee -a "$log" \
      | awk '/^[ \t]+(Passed|Failed|Skipped)[ :]|Total tests/ { print; next }
             /Error Message/ { print; if ((getline line) > 0) print line }' || true
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    project_times+=("    $(basename "$project" .csproj): $(( $(date +%s) - started )) s")
  done
  times+=("  $tier: $(( $(date +%s) - tier_started )) s" "${project_times[@]}")
done
echo "== times"
printf '%s\n' "${times[@]}"
# Now rather than on exit, so that the totals stay the last line.
declare -F gateway_pg_stop >/dev/null && gateway_pg_stop

# Each test assembly ends with "Total tests: N", then "     Passed: N" and, when any failed, "     Failed: N".
passed=$(grep -E '^ +Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^ +Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
passed=$((passed + script_passed))
failed=$((failed + script_failed))
assemblies=$(grep -Ec '^Total tests: ' "$log")
if [ "$assemblies" -lt "$expected" ]; then
  echo "run-all: only $assemblies of $expected test projects reported results (a test host crashed?)" >&2
  failed=$((failed + expected - assemblies))
  status=1
fi
rm -f "$log"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
