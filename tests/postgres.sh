#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: its own cluster in a temp directory, on a free
# loopback port, stopped and removed when the shell that asked for it exits.
#
#   . tests/postgres.sh             exports GATEWAY_TEST_POSTGRES in this shell (tests/run-all.sh does this)
#   bash tests/postgres.sh CMD...   runs CMD with GATEWAY_TEST_POSTGRES set, then removes the server
#   bash tests/postgres.sh          provisions a server, prints its version and removes it (a self-check)
#
# - PostgreSQL comes from the Debian package `postgresql` (15), installed with apt-get when no
#   /usr/lib/postgresql/*/bin/initdb is found (root, or sudo, is needed for that).
# - initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user, in a
#   directory chowned to it. The unix socket lives in that directory too, not in /var/run/postgresql.
# - Authentication: tests connect over TCP to 127.0.0.1 only, as the role `gateway` with a random
#   password (scram-sha-256). That role owns the database `gateway_test` and may create databases,
#   but is not a superuser, like a production role. Only the socket in the private directory
#   trusts its callers; it serves this script's setup.
# - A GATEWAY_TEST_POSTGRES that is already set (a server of your own, or an earlier
#   `. tests/postgres.sh` in this shell) is used as it is, so sourcing twice starts one server.
#
# When sourced, it changes no shell option, and on failure it prints why and returns 1 (the caller
# goes on; the PostgreSQL tests then fail, saying PostgreSQL is required).

gateway_pg_log() { echo "postgres.sh: $*" >&2; }

# Runs a command as the owner of the cluster: the postgres user when we are root, else ourselves.
gateway_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

gateway_pg_millis() { echo $(( $(date +%s%N) / 1000000 )); }

# Prints the directory of initdb/pg_ctl/psql: PostgreSQL 15 when present, else the newest one
# Debian installed, else whatever is on PATH (other distributions, Homebrew).
gateway_pg_bindir() {
  local candidate
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo /usr/lib/postgresql/15/bin
    return 0
  fi
  candidate=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$candidate" ]; then
    dirname "$candidate"
    return 0
  fi
  if candidate=$(command -v initdb) && command -v pg_ctl >/dev/null; then
    dirname "$candidate"
    return 0
  fi
  return 1
}

gateway_pg_install() {
  local sudo=() started
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      gateway_pg_log "PostgreSQL is not installed, and installing it needs root: run 'apt-get install postgresql' as root," \
        "or set GATEWAY_TEST_POSTGRES to a server of your own (a role that may create databases)."
      return 1
    fi
    sudo=(sudo)
  fi
  if ! command -v apt-get >/dev/null; then
    gateway_pg_log "PostgreSQL is not installed and there is no apt-get here: install PostgreSQL (initdb, pg_ctl) yourself," \
      "or set GATEWAY_TEST_POSTGRES to a server of your own."
    return 1
  fi

  gateway_pg_log "PostgreSQL is not installed: running apt-get update && apt-get install -y postgresql"
  started=$(gateway_pg_millis)
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 ||
     ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2; then
    gateway_pg_log "apt-get could not install postgresql (see above)."
    return 1
  fi
  gateway_pg_log "installed postgresql in $(( $(gateway_pg_millis) - started )) ms"
}

# Prints a TCP port on 127.0.0.1 that nothing listens on. Another process may still take it
# before the server binds it; gateway_pg_start then tries another one.
gateway_pg_free_port() {
  local port attempt
  for attempt in $(seq 1 50); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Starts a new cluster; on success sets GATEWAY_TEST_POSTGRES and _GATEWAY_PG_DIR/_GATEWAY_PG_BIN.
gateway_pg_start() {
  local bin dir password port attempt started
  started=$(gateway_pg_millis)

  if ! bin=$(gateway_pg_bindir); then
    gateway_pg_install || return 1
    if ! bin=$(gateway_pg_bindir); then
      gateway_pg_log "postgresql was installed, but no initdb was found under /usr/lib/postgresql/*/bin."
      return 1
    fi
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    gateway_pg_log "running as root, but there is no 'postgres' user to run initdb and pg_ctl as (they refuse root)."
    return 1
  fi

  # As root, under /tmp: a TMPDIR private to root would be out of the postgres user's reach.
  if [ "$(id -u)" -eq 0 ]; then
    dir=$(mktemp -d /tmp/gateway-pg.XXXXXX) && chown postgres:postgres "$dir"
  else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/gateway-pg.XXXXXX")
  fi || { gateway_pg_log "could not create a temp directory for the cluster."; return 1; }

  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  # --no-sync and fsync=off: the cluster is thrown away, so durability buys nothing and costs seconds.
  if ! gateway_pg_as_owner "$bin/initdb" -D "$dir/data" --username=postgres --auth-local=trust \
       --auth-host=scram-sha-256 --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
    gateway_pg_log "initdb failed:"
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    return 1
  fi

  for attempt in 1 2 3 4 5; do
    port=$(gateway_pg_free_port) || break
    if gateway_pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -s start \
         -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"; then
      break
    fi
    port=
  done
  if [ -z "$port" ]; then
    gateway_pg_log "the server did not start; the end of its log:"
    tail -n 20 "$dir/server.log" >&2 2>/dev/null
    rm -rf "$dir"
    return 1
  fi

  _GATEWAY_PG_DIR=$dir
  _GATEWAY_PG_BIN=$bin
  if ! "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
       -c "CREATE ROLE gateway LOGIN CREATEDB PASSWORD '$password'" \
       -c "CREATE DATABASE gateway_test OWNER gateway" >&2; then
    gateway_pg_log "could not create the role and database (see above)."
    gateway_pg_stop
    return 1
  fi

  export GATEWAY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=gateway;Password=$password;Database=gateway_test"
  gateway_pg_log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port (role gateway, database gateway_test," \
    "cluster in $dir), ready in $(( $(gateway_pg_millis) - started )) ms"
}

# Stops the server and removes its directory; safe to call twice.
gateway_pg_stop() {
  [ -n "${_GATEWAY_PG_DIR:-}" ] || return 0
  # immediate: nothing in this cluster is worth a shutdown checkpoint.
  gateway_pg_as_owner "$_GATEWAY_PG_BIN/pg_ctl" -D "$_GATEWAY_PG_DIR/data" -m immediate -s stop >/dev/null 2>&1
  rm -rf "$_GATEWAY_PG_DIR"
  gateway_pg_log "stopped the server and removed $_GATEWAY_PG_DIR"
  unset _GATEWAY_PG_DIR _GATEWAY_PG_BIN GATEWAY_TEST_POSTGRES
}

# Adds gateway_pg_stop to the shell's EXIT trap, keeping whatever the trap already ran.
gateway_pg_stop_on_exit() {
  local previous
  previous=$(trap -p EXIT)
  # `trap -p` prints: trap -- 'commands' EXIT
  eval "set -- $previous"
  case "${3:-}" in
    *gateway_pg_stop*) ;;
    *) trap "gateway_pg_stop${3:+; $3}" EXIT ;;
  esac
}

gateway_pg_provision() {
  if [ -n "${GATEWAY_TEST_POSTGRES:-}" ]; then
    if [ -n "${_GATEWAY_PG_DIR:-}" ]; then
      gateway_pg_log "the server of this shell is already running ($_GATEWAY_PG_DIR)"
    else
      gateway_pg_log "using GATEWAY_TEST_POSTGRES from the environment"
    fi
    return 0
  fi
  gateway_pg_start || return 1
  gateway_pg_stop_on_exit
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  gateway_pg_provision
  return $?
fi

set -uo pipefail
gateway_pg_provision || exit 1
if [ "$#" -gt 0 ]; then
  "$@"
  exit $?
fi
# Self-check: connect the way the tests do (TCP, password) and ask the server what it is.
if [[ "$GATEWAY_TEST_POSTGRES" =~ Port=([0-9]+)\;Username=([^;]+)\;Password=([^;]+) ]]; then
  PGPASSWORD=${BASH_REMATCH[3]} "${_GATEWAY_PG_BIN:+$_GATEWAY_PG_BIN/}psql" -X -At -h 127.0.0.1 -p "${BASH_REMATCH[1]}" -U "${BASH_REMATCH[2]}" -d gateway_test \
    -c "SELECT version()"
else
  echo "GATEWAY_TEST_POSTGRES=$GATEWAY_TEST_POSTGRES"
fi
