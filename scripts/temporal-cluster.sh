#!/usr/bin/env bash
# A self-hosted Temporal cluster on the machine's PostgreSQL, built from source into the git-ignored
# .tools/ (once), configured with the server module's own config/development-postgres12.yaml.
#
#   bash scripts/temporal-cluster.sh build     # go install server + sql tool (about 2 minutes, once)
#   bash scripts/temporal-cluster.sh setup     # role, databases, schemas (idempotent)
#   bash scripts/temporal-cluster.sh start     # runs the server in the foreground (frontend 127.0.0.1:7233)
#   bash scripts/temporal-cluster.sh reset     # drops both databases (a clean cluster next setup)
#
# Environment: PGHOST/PGPORT (127.0.0.1:5432), TEMPORAL_CLUSTER_DIR (.tools/temporal-cluster).
set -euo pipefail
VERSION="v1.29.1"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.tools/bin"
DIR="${TEMPORAL_CLUSTER_DIR:-$ROOT/.tools/temporal-cluster}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
# the module's development config connects as temporal/temporal; we create that role rather than edit it
PGUSER_ADMIN="${PGUSER_ADMIN:-postgres}"

build() {
  if [[ -x "$BIN/temporal-server" && -x "$BIN/temporal-sql-tool" ]]; then return; fi
  command -v go >/dev/null || { echo "temporal-cluster: Go is needed to build the server" >&2; exit 1; }
  mkdir -p "$BIN"
  local tmp
  tmp="$(mktemp -d)"
  echo "temporal-cluster: building go.temporal.io/server $VERSION (server and sql tool, once; a few minutes)" >&2
  GOBIN="$tmp" go install "go.temporal.io/server/cmd/server@$VERSION" "go.temporal.io/server/cmd/tools/sql@$VERSION" >&2
  mv "$tmp/server" "$BIN/temporal-server"
  mv "$tmp/sql" "$BIN/temporal-sql-tool"
  rmdir "$tmp"
}

module_dir() {
  # the module source go install fetched: its config/ and schema/ are the server's own
  local dir
  dir="$(go env GOMODCACHE)/go.temporal.io/server@$VERSION"
  [[ -d "$dir/config" ]] || GOFLAGS=-mod=mod go mod download -json "go.temporal.io/server@$VERSION" >/dev/null
  echo "$dir"
}

# psql as the admin user on one database (the first argument); psql_admin is the maintenance database's
psql_admin_on() { local db="$1"; shift; psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER_ADMIN" -d "$db" -v ON_ERROR_STOP=1 -qtA "$@"; }
psql_admin() { psql_admin_on postgres "$@"; }

setup() {
  build
  local module sqltool
  module="$(module_dir)"
  sqltool=("$BIN/temporal-sql-tool" --plugin postgres12 --ep "$PGHOST" -p "$PGPORT" -u temporal --pw temporal)
  if [[ -z "$(psql_admin -c "select 1 from pg_roles where rolname = 'temporal'")" ]]; then
    psql_admin -c "create role temporal login password 'temporal' createdb"
  fi
  for db in temporal temporal_visibility; do
    if [[ -z "$(psql_admin -c "select 1 from pg_database where datname = '$db'")" ]]; then
      "${sqltool[@]}" --db "$db" create-database
      "${sqltool[@]}" --db "$db" setup-schema -v 0.0
    fi
  done
  "${sqltool[@]}" --db temporal update-schema -d "$module/schema/postgresql/v12/temporal/versioned"
  "${sqltool[@]}" --db temporal_visibility update-schema -d "$module/schema/postgresql/v12/visibility/versioned"
  # the server resolves its dynamic-config path against its working directory: give it the module's tree
  mkdir -p "$DIR"
  rm -rf "$DIR/config"
  cp -r "$module/config" "$DIR/config"
  chmod -R u+w "$DIR/config"
  echo "temporal-cluster: schemas ready in $PGHOST:$PGPORT (temporal, temporal_visibility)" >&2
}

# What autovacuum does for a production PostgreSQL, once a minute: Temporal's queue tables (transfer,
# timer and visibility tasks) and its executions take an insert, update or delete for every event,
# and unvacuumed their dead rows make every queue read and mutable-state write dearer as a campaign
# goes (62,113 dead rows beside 582 live ones in transfer_tasks after 11,700 contacts here).
vacuum_every_minute() {
  while sleep 60; do
    for db in temporal temporal_visibility; do
      psql_admin_on "$db" -c "vacuum (analyze)" >/dev/null 2>&1 || true
    done
  done
}

start() {
  [[ -d "$DIR/config" ]] || setup
  cd "$DIR"
  local server_args=(--root "$DIR" --config config --env development-postgres12 --allow-no-auth start)
  if [[ "$(psql_admin -c "show autovacuum")" != "off" ]]; then
    exec "$BIN/temporal-server" "${server_args[@]}"
  fi
  # this PostgreSQL does not vacuum (this build machine's runs with autovacuum off): do its work for
  # the cluster's two databases while the server runs, and stop with it
  echo "temporal-cluster: autovacuum is off on $PGHOST:$PGPORT; vacuuming the cluster's databases every minute" >&2
  vacuum_every_minute &
  local vacuum=$!
  "$BIN/temporal-server" "${server_args[@]}" &
  local server=$!
  trap 'kill -TERM "$server" 2>/dev/null || true' TERM INT
  local rc=0
  # a trapped signal ends the first wait early; the second waits for the server's own shutdown
  wait "$server" || rc=$?
  if kill -0 "$server" 2>/dev/null; then rc=0; wait "$server" || rc=$?; fi
  kill "$vacuum" 2>/dev/null || true
  return "$rc"
}

reset() {
  for db in temporal temporal_visibility; do psql_admin -c "drop database if exists $db with (force)"; done
}

case "${1:-}" in
  build) build ;;
  setup) setup ;;
  start) start ;;
  reset) reset ;;
  *) echo "usage: $0 build|setup|start|reset" >&2; exit 2 ;;
esac
