#!/usr/bin/env bash
# What `./digisoc start --cluster` needs beyond ./digisoc setup: the real Temporal server (not the dev server) and its
# SQL schema tool, built from the pinned Go module, with the PostgreSQL schema files copied beside them. Cached in
# .tools/temporal-server/ like MinIO: a second run takes a second.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/env.sh"

TEMPORAL_SERVER_VERSION=v1.32.2   # go.temporal.io/server
TEMPORAL_SERVER_GO=go1.26.10      # the server's go.mod needs at least this toolchain (fetched by GOTOOLCHAIN)
TEMPORAL_UI_VERSION=v2.56.4       # github.com/temporalio/ui-server/v2: the Web UI as its own server (v2.58 needs
                                  # go.temporal.io/api v1.64.0 and echo v4.16.1, which the module proxy here refuses)
DIR="$DIGISOC_TOOLS/temporal-server"
MARKER="$DIR/.server-$TEMPORAL_SERVER_VERSION"
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

if ! [ -f "$MARKER" ] || ! [ -x "$DIR/bin/temporal-server" ] || ! [ -x "$DIR/bin/temporal-sql-tool" ]; then
  command -v go >/dev/null || { echo "Go is needed to build the Temporal server" >&2; exit 1; }
  say "building the Temporal server $TEMPORAL_SERVER_VERSION and its SQL tool with go install (first time: several minutes)"
  mkdir -p "$DIR/bin"
  export GOTOOLCHAIN="$TEMPORAL_SERVER_GO" GOFLAGS=-trimpath
  GOBIN="$DIR/bin" go install "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION"
  GOBIN="$DIR/bin" go install "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
  mv "$DIR/bin/server" "$DIR/bin/temporal-server"
  mv "$DIR/bin/sql" "$DIR/bin/temporal-sql-tool"
  module="$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
  rm -rf "$DIR/schema"
  mkdir -p "$DIR/schema"
  cp -r "$module/schema/postgresql" "$DIR/schema/"
  chmod -R u+w "$DIR/schema"
  rm -f "$DIR"/.server-*
  touch "$MARKER"
fi
UI_MARKER="$DIR/.ui-$TEMPORAL_UI_VERSION"
if ! [ -f "$UI_MARKER" ] || ! [ -x "$DIR/bin/temporal-ui-server" ]; then
  say "building the Temporal Web UI server $TEMPORAL_UI_VERSION with go install"
  mkdir -p "$DIR/ui-build"
  GOTOOLCHAIN="$TEMPORAL_SERVER_GO" GOFLAGS=-trimpath GOBIN="$DIR/ui-build" \
    go install "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_VERSION"
  mv "$DIR/ui-build/server" "$DIR/bin/temporal-ui-server"
  rm -rf "$DIR/ui-build"
  rm -f "$DIR"/.ui-*
  touch "$UI_MARKER"
fi
say "Temporal server $("$DIR/bin/temporal-server" --version 2>/dev/null | head -1 || echo "$TEMPORAL_SERVER_VERSION") ready"
