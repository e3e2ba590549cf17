# shellcheck shell=bash
# Sourced by .ci/run (after Node is on PATH): exports TEST_DATABASE_URL to a PostgreSQL that
# answers, for the storage tests. In order: TEST_DATABASE_URL if it answers; else one on
# 127.0.0.1:5432; else Debian's `postgresql` (installed with apt-get when absent) as a throwaway
# cluster in a temp dir on a free port, run as the `postgres` user (initdb refuses root), stopped
# and removed when the sourcing shell exits. Developers: `source .ci/postgres.sh` does the same.
# CI_POSTGRES_THROWAWAY=1 skips the first two (to try the throwaway path by hand).

# True when a PostgreSQL server answers at the URL: a TCP connect and an SSLRequest, to which a
# server answers "S" or "N" (no client library needed: node_modules may not be installed yet).
_ci_pg_answers() {
  node -e '
    const u = new URL(process.argv[1]);
    const s = require("node:net").connect({ host: u.hostname || "127.0.0.1", port: Number(u.port || 5432) });
    const fail = () => process.exit(1);
    s.setTimeout(3000, fail);
    s.on("error", fail);
    s.on("connect", () => s.write(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])));
    s.on("data", (b) => process.exit(b[0] === 83 || b[0] === 78 ? 0 : 1));
  ' "$1" 2>/dev/null
}

_ci_pg_start_throwaway() {
  local bin port as_pg
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "no PostgreSQL found: install Debian's postgresql (sudo apt-get install -y postgresql) or set TEST_DATABASE_URL" >&2
      return 1
    fi
    echo "--- installing Debian postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  CI_PGDATA=$(mktemp -d)
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$CI_PGDATA"
    as_pg() { su postgres -s /bin/sh -c "$*"; }
  else
    as_pg() { sh -c "$*"; }
  fi
  as_pg "$bin/initdb -D $CI_PGDATA -U postgres --auth=trust -E UTF8 --no-locale" >/dev/null
  as_pg "$bin/pg_ctl -D $CI_PGDATA -l $CI_PGDATA/server.log -w -o '-p $port -k /tmp -c listen_addresses=127.0.0.1' start" >/dev/null
  CI_PGBIN=$bin
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  # Stop and remove it when the sourcing shell exits, after whatever EXIT trap it already had.
  local previous
  previous=$(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")
  # shellcheck disable=SC2064
  trap "${previous:+$previous; }_ci_pg_stop_throwaway" EXIT
  echo "--- throwaway PostgreSQL at $TEST_DATABASE_URL"
}

_ci_pg_stop_throwaway() {
  [ -n "${CI_PGDATA:-}" ] && [ -d "$CI_PGDATA" ] || return 0
  local pid=""
  [ -f "$CI_PGDATA/postmaster.pid" ] && pid=$(head -1 "$CI_PGDATA/postmaster.pid")
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/sh -c "$CI_PGBIN/pg_ctl -D $CI_PGDATA -m fast -w stop" >/dev/null 2>&1 || true
  else
    "$CI_PGBIN/pg_ctl" -D "$CI_PGDATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  # The postmaster lingers a few ms after pg_ctl returns: wait for it before removing its directory.
  if [ -n "$pid" ]; then
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$CI_PGDATA"
}

if [ "${CI_POSTGRES_THROWAWAY:-0}" != 1 ] && [ -n "${TEST_DATABASE_URL:-}" ] && _ci_pg_answers "$TEST_DATABASE_URL"; then
  echo "--- PostgreSQL at TEST_DATABASE_URL answers"
elif [ "${CI_POSTGRES_THROWAWAY:-0}" != 1 ] && _ci_pg_answers "postgres://postgres@127.0.0.1:5432/postgres"; then
  [ -n "${TEST_DATABASE_URL:-}" ] && echo "--- TEST_DATABASE_URL does not answer; using 127.0.0.1:5432"
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
  echo "--- PostgreSQL at 127.0.0.1:5432 answers"
else
  [ -n "${TEST_DATABASE_URL:-}" ] && echo "--- TEST_DATABASE_URL does not answer"
  _ci_pg_start_throwaway || echo "--- no PostgreSQL: its tests fail under CI=true" >&2
fi
