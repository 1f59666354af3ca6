#!/usr/bin/env bash
# A throw-away local PostgreSQL cluster for the PostgreSQL test run and migration generation.
#   scripts/postgres.sh start [port]   -> prints the connection URL
#   scripts/postgres.sh stop [port]
# DIGISOC_PG_DIR chooses the data directory (default /tmp/digisoc-pg-<port>). `scripts/postgres.sh free-port` prints
# the first free TCP port from 55432 upward, so a test run never meets a cluster somebody else left listening.
set -euo pipefail
action="${1:-start}"
PORT="${2:-${DIGISOC_PG_PORT:-55432}}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$PGBIN" ] || { echo "PostgreSQL is not installed (./digisoc setup installs it for tests)" >&2; exit 1; }
DIR="${DIGISOC_PG_DIR:-/tmp/digisoc-pg-$PORT}"
RUN_AS=()
if [ "$(id -u)" = "0" ]; then RUN_AS=(runuser -u postgres --); fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

init_cluster() {
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" = "0" ] && chown postgres:postgres "$DIR"
  "${RUN_AS[@]}" "$PGBIN/initdb" -D "$DIR" -U postgres -A trust --no-sync -E UTF8 >/dev/null
}

start_cluster() {
  # The socket and its lock file live in the data directory: a stale /tmp/.s.PGSQL.<port>.lock cannot stop us.
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -o \
    "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
}

case "$action" in
  free-port)
    p=55432
    while ! port_free "$p"; do p=$((p + 1)); done
    echo "$p"
    ;;
  start)
    # A cluster made by another PostgreSQL major version cannot start: make a new one.
    if [ ! -f "$DIR/PG_VERSION" ] || [ "$(cat "$DIR/PG_VERSION")" != "$("$PGBIN/postgres" -V | sed -E 's/.* ([0-9]+).*/\1/')" ]; then
      init_cluster
    fi
    if ! "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      if ! port_free "$PORT"; then
        echo "port $PORT is taken by another process; choose another (scripts/postgres.sh start <port>)" >&2
        exit 1
      fi
      if ! start_cluster; then
        echo "PostgreSQL did not start; the end of $DIR/server.log:" >&2
        tail -20 "$DIR/server.log" >&2 || true
        exit 1
      fi
    fi
    "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "select 1 from pg_roles where rolname='digisoc'" | grep -q 1 \
      || "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "create role digisoc login superuser password 'digisoc'"
    echo "postgresql://digisoc:digisoc@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop [port] | free-port" >&2; exit 2 ;;
esac
