#!/usr/bin/env bash
# Starts a local PostgreSQL for store-postgres's tests and creates their role and database (idempotent): installs
# Debian's postgresql package when no server is installed, creates a cluster when there is none, makes it listen
# on 127.0.0.1 only and starts it. Needs root; without root it only says so (the tests are then skipped, or fail
# when CI=true). With OFFLINESYNC_PG_URL set, the tests use that server and this script does nothing.
# The tests read OFFLINESYNC_PG_URL, OFFLINESYNC_PG_USER and OFFLINESYNC_PG_PASSWORD; the defaults are below.
set -euo pipefail
if [ -n "${OFFLINESYNC_PG_URL:-}" ]; then
  echo "OFFLINESYNC_PG_URL is set: the PostgreSQL tests use $OFFLINESYNC_PG_URL; nothing to set up"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "setup-postgres.sh needs root to install and start PostgreSQL: run 'sudo bash $0'." \
       "Until then the PostgreSQL tests are skipped (with CI=true they fail)." >&2
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
PG_USER=offlinesync
PG_PASSWORD=offlinesync
PG_DB=offlinesync_test

if ! command -v pg_lsclusters >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if [ -z "$(pg_lsclusters -h)" ]; then
  pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -n 1)" main >/dev/null
fi
read -r VERSION CLUSTER PORT STATUS _ < <(pg_lsclusters -h | head -n 1)
CONF="/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf"
if ! grep -q "^listen_addresses = '127.0.0.1'" "$CONF"; then
  echo "listen_addresses = '127.0.0.1'" >> "$CONF"
  if [ "$STATUS" = online ]; then
    pg_ctlcluster "$VERSION" "$CLUSTER" restart
  fi
fi
if [ "$(pg_lsclusters -h | head -n 1 | awk '{print $4}')" != online ]; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

psql_as_postgres() { su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qtA -c \"$1\""; }
if [ "$(psql_as_postgres "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
  psql_as_postgres "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'"
fi
if [ "$(psql_as_postgres "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
  # A linguistic collation (ICU en-US), as many production databases have: the store must not depend on the
  # database's string order, and the tests notice if it did.
  psql_as_postgres "CREATE DATABASE $PG_DB OWNER $PG_USER TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
fi
echo "PostgreSQL $VERSION is up: jdbc:postgresql://127.0.0.1:$PORT/$PG_DB (user $PG_USER)"
if [ "$PORT" != 5432 ]; then
  echo "the cluster listens on port $PORT, not 5432: export OFFLINESYNC_PG_URL=jdbc:postgresql://127.0.0.1:$PORT/$PG_DB"
fi
