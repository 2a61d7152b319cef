#!/usr/bin/env bash
# Builds the solution in Release and runs every test project, then prints the totals.
# Needs only the .NET SDK and Node.js (npm); the end-to-end tests fetch their npm packages
# (the official TypeScript SDK client, the "everything" server) on first use, and
# tests/postgres.sh installs PostgreSQL with apt-get when it is missing.
set -uo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "run-all: the .NET SDK (dotnet) is required" >&2; exit 2; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "run-all: Node.js and npm are required by the end-to-end tests" >&2; exit 2; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== build"
if ! dotnet build Gateway.sln -c Release -nologo -v minimal; then
  echo "0 passed, 1 failed"
  exit 1
fi

# A throwaway PostgreSQL server (installed with apt-get when missing) for every test project, via
# GATEWAY_TEST_POSTGRES, removed after the tests (or on exit). Without it the other tests still run,
# and the PostgreSQL tests fail saying that PostgreSQL is required.
echo "== postgres"
if ! . tests/postgres.sh; then
  echo "run-all: no PostgreSQL for the tests (see above): the PostgreSQL tests will fail" >&2
fi

log=$(mktemp)
status=0
timings=()
for project in tests/*/*.Tests.csproj; do
  echo "== test $project"
  started=$(date +%s)
  # A test that hangs for 10 minutes is reported (with a dump of where it hung) instead of stalling CI.
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" \
      --blame-hang-timeout 10m --blame-hang-dump-type none 2>&1 | tee -a "$log" \
    | awk '/^[ \t]+(Passed|Failed|Skipped)[ :]|Total tests/ { print; next }
           /Error Message/ { print; if ((getline line) > 0) print line }' || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  timings+=("$(basename "$project" .csproj): $(( $(date +%s) - started )) s")
done
echo "== times"
printf '  %s\n' "${timings[@]}"
# Now rather than on exit, so that the totals stay the last line.
declare -F gateway_pg_stop >/dev/null && gateway_pg_stop

# Each test assembly ends with "Total tests: N", then "     Passed: N" and, when any failed, "     Failed: N".
passed=$(grep -E '^ +Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^ +Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
assemblies=$(grep -Ec '^Total tests: ' "$log")
projects=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$assemblies" -lt "$projects" ]; then
  echo "run-all: only $assemblies of $projects test projects reported results (a test host crashed?)" >&2
  failed=$((failed + projects - assemblies))
  status=1
fi
rm -f "$log"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
