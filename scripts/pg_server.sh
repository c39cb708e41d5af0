#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests: `start [PORT]` makes a new cluster in a
# temporary directory, listening on 127.0.0.1:PORT only (no other address; its Unix socket
# in that directory), trusting local connections, and prints the URL to give the tests as
# FRONTDESK_TEST_PG; `stop [PORT]` stops it and removes the directory.
#
# PostgreSQL refuses to run as root, so as root the server runs as an unprivileged user
# (PG_SERVER_USER, else `postgres` where the system has one, else `nobody`) that owns the
# directory; otherwise it runs as the current user. Durability is switched off (fsync,
# full-page writes): nothing here outlives the run, and the suite creates a database per test.
#
#   url=$(scripts/pg_server.sh start 55432)
#   FRONTDESK_TEST_PG=$url FRONTDESK_TEST_ENGINE=postgres .venv/bin/python -m pytest
#   scripts/pg_server.sh stop 55432
set -euo pipefail

action=${1:-}
port=${2:-55432}
bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for candidate in /usr/lib/postgresql/15/bin /usr/pgsql-15/bin /opt/homebrew/opt/postgresql@15/bin \
                   /usr/local/opt/postgresql@15/bin; do
    [ -x "$candidate/pg_ctl" ] && { bindir=$candidate; break; }
  done
fi
if [ -z "$bindir" ] && command -v pg_ctl >/dev/null 2>&1; then
  bindir=$(dirname "$(command -v pg_ctl)")
fi
# Where `start` notes the directory of the server on PORT, for `stop` to find it.
pointer="${TMPDIR:-/tmp}/frontdesk-pg-$port.dir"

if [ "$(id -u)" = 0 ]; then
  user=${PG_SERVER_USER:-}
  if [ -z "$user" ]; then
    if id postgres >/dev/null 2>&1; then user=postgres; else user=nobody; fi
  fi
  as_server() { runuser -u "$user" -- "$@"; }
else
  user=$(id -un)
  as_server() { "$@"; }
fi

case "$action" in
  start)
    [ -n "$bindir" ] || { echo "pg_server: no PostgreSQL 15 (pg_ctl) found; set PG_BINDIR" >&2; exit 1; }
    if [ -f "$pointer" ] && [ -d "$(cat "$pointer")" ]; then
      echo "pg_server: a server on port $port is already running ($(cat "$pointer")); stop it first" >&2
      exit 1
    fi
    base=${TMPDIR:-/tmp}
    # As root, the server's user must be able to reach its directory (a root-only TMPDIR
    # would not do).
    if [ "$(id -u)" = 0 ] && ! as_server test -w "$base" -a -x "$base"; then base=/tmp; fi
    dir=$(mktemp -d "$base/frontdesk-pg.XXXXXX")
    chmod 700 "$dir"
    [ "$(id -u)" = 0 ] && chown "$user" "$dir"
    echo "$dir" > "$pointer"
    as_server "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync \
      --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off"
    opts="$opts -c synchronous_commit=off -c max_connections=200"
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$opts" -w -t 60 start \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -f "$pointer" ] || { echo "pg_server: no server noted for port $port" >&2; exit 0; }
    dir=$(cat "$pointer")
    if [ -d "$dir/data" ] && [ -n "$bindir" ]; then
      as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    case "$dir" in */frontdesk-pg.*) rm -rf "$dir" ;; esac
    rm -f "$pointer"
    ;;
  *)
    echo "usage: $0 start|stop [PORT]" >&2
    exit 2
    ;;
esac
