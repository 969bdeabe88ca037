#!/usr/bin/env bash
# Starts a local PostgreSQL for store-postgres's tests and creates their role and database (idempotent).
# Installs Debian's postgresql package when no server is installed (needs root, as on CI). The server listens on
# 127.0.0.1 only; the tests read OFFLINESYNC_PG_URL/_USER/_PASSWORD and fall back to the values below.
set -euo pipefail
PG_USER="${OFFLINESYNC_PG_USER:-offlinesync}"
PG_PASSWORD="${OFFLINESYNC_PG_PASSWORD:-offlinesync}"
PG_DB="${OFFLINESYNC_PG_DB:-offlinesync_test}"
PG_PORT="${OFFLINESYNC_PG_PORT:-5432}"

if ! command -v pg_lsclusters >/dev/null || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters -h | head -n 1)
CONF="/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf"
if ! grep -q "^listen_addresses = '127.0.0.1'" "$CONF"; then
  echo "listen_addresses = '127.0.0.1'" >> "$CONF"
  [ "$STATUS" = online ] && pg_ctlcluster "$VERSION" "$CLUSTER" restart
fi
if [ "$PORT" != "$PG_PORT" ]; then
  echo "the PostgreSQL cluster $VERSION/$CLUSTER listens on port $PORT; set OFFLINESYNC_PG_URL to use it" >&2
fi
pg_ctlcluster "$VERSION" "$CLUSTER" start 2>/dev/null || pg_ctlcluster "$VERSION" "$CLUSTER" status >/dev/null

as_postgres() { su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qtA $*"; }
if [ "$(as_postgres "-c \"SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'\"")" != 1 ]; then
  as_postgres "-c \"CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'\""
fi
if [ "$(as_postgres "-c \"SELECT 1 FROM pg_database WHERE datname = '$PG_DB'\"")" != 1 ]; then
  # A linguistic collation (ICU en-US), as many production databases have: the store must not depend on the
  # database's string order, and the tests should notice if it did.
  as_postgres "-c \"CREATE DATABASE $PG_DB OWNER $PG_USER TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'\""
fi
echo "PostgreSQL $VERSION is up: jdbc:postgresql://127.0.0.1:$PORT/$PG_DB (user $PG_USER)"
