#!/usr/bin/env bash
# Installs the real Azure Mobile Apps Node server used by the compat tests (azure-mobile-apps 4.0.2,
# Express 4, sqlite3) into compat/node/node_modules, exactly as package-lock.json pins it (npm ci).
#
# sqlite3 is compiled from source (no prebuilt binary is downloaded): about 2 minutes on 2 cores.
# Idempotent: when node_modules was installed from the same lockfile with the same Node version and
# still loads, nothing is done. Pass --force to reinstall anyway.
# Needs Node 18+, npm, python3, make and a C++ compiler. Exits non-zero on any failure.
set -euo pipefail

cd "$(dirname "$0")"

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    *) echo "install.sh: unknown argument: $arg (only --force)" >&2; exit 2 ;;
  esac
done

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "install.sh: '$tool' not found on PATH; install Node.js 18 or newer" >&2
    exit 1
  fi
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then
  echo "install.sh: Node.js 18 or newer is needed, found $(node --version)" >&2
  exit 1
fi

stamp_file=node_modules/.offlinesync-install-stamp
stamp="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node --version) $(uname -m)"

if ! $force && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] \
   && node -e 'require("sqlite3"); require("azure-mobile-apps"); require("express")' >/dev/null 2>&1; then
  echo "install.sh: compat/node is up to date ($(node --version))"
  exit 0
fi

# Build sqlite3 from source: its install script would otherwise try to download a prebuilt binary.
export npm_config_build_from_source=true
# node-gyp needs Node's headers; use the ones installed with Node instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ]; then
  node_prefix="$(dirname "$(dirname "$(command -v node)")")"
  for dir in "$node_prefix" /usr /usr/local; do
    if [ -f "$dir/include/node/node_api.h" ] && [ -f "$dir/include/node/common.gypi" ]; then
      export npm_config_nodedir="$dir"
      break
    fi
  done
fi
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

echo "install.sh: npm ci in $(pwd) (Node $(node --version), npm $(npm --version)); compiling sqlite3 takes ~2 minutes"
start=$(date +%s)
rm -f "$stamp_file"
set +e
npm ci --no-audit --no-fund --loglevel=warn 2>&1 \
  | { grep -v -E '^npm warn Unknown (env|user|cli) config "(nodedir|build-from-source|--nodedir|--build-from-source)"' || true; }
npm_status=${PIPESTATUS[0]}
set -e
if [ "$npm_status" -ne 0 ]; then
  echo "install.sh: npm ci failed with exit code $npm_status" >&2
  exit "$npm_status"
fi

if ! node -e 'require("sqlite3"); require("azure-mobile-apps"); require("express")'; then
  echo "install.sh: npm ci finished but the server's modules do not load (see the error above)" >&2
  exit 1
fi
echo "$stamp" > "$stamp_file"
echo "install.sh: done in $(( $(date +%s) - start )) s"
