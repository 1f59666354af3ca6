#!/usr/bin/env bash
# A throw-away local PostgreSQL cluster for the PostgreSQL test run and migration generation.
#   scripts/postgres.sh start [port]   -> prints the connection URL
#   scripts/postgres.sh stop [port]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
action="${1:-start}"
PORT="${2:-${DIGISOC_PG_PORT:-55432}}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$PGBIN" ] || { echo "PostgreSQL is not installed (./digisoc setup installs it for tests)" >&2; exit 1; }
DIR="/tmp/digisoc-pg-$PORT"
RUN_AS=()
if [ "$(id -u)" = "0" ]; then RUN_AS=(runuser -u postgres --); fi

case "$action" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"; [ "$(id -u)" = "0" ] && chown postgres:postgres "$DIR"
      "${RUN_AS[@]}" "$PGBIN/initdb" -D "$DIR" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    fi
    if ! "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    fi
    "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "select 1 from pg_roles where rolname='digisoc'" | grep -q 1 \
      || "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "create role digisoc login superuser password 'digisoc'"
    echo "postgresql://digisoc:digisoc@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [port]" >&2; exit 2 ;;
esac
