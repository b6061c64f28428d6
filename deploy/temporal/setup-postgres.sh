#!/bin/sh
# Creates Temporal's two PostgreSQL databases and migrates their schemas to
# the versions bundled with the admin-tools image. Safe to run again: the
# create step tolerates an existing database and update-schema is a no-op
# when the schema is current.
set -eu

: "${POSTGRES_SEEDS:?set POSTGRES_SEEDS to the PostgreSQL host}"
: "${POSTGRES_USER:?set POSTGRES_USER}"
: "${POSTGRES_PWD:?set POSTGRES_PWD}"
DB_PORT="${DB_PORT:-5432}"
SCHEMA_DIR=/etc/temporal/schema/postgresql/v12

until nc -z "$POSTGRES_SEEDS" "$DB_PORT"; do
  echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT"
  sleep 1
done

for db in temporal temporal_visibility; do
  case "$db" in
    temporal) versioned="$SCHEMA_DIR/temporal/versioned" ;;
    temporal_visibility) versioned="$SCHEMA_DIR/visibility/versioned" ;;
  esac
  tool="temporal-sql-tool --plugin postgres12 --ep $POSTGRES_SEEDS -p $DB_PORT -u $POSTGRES_USER --pw $POSTGRES_PWD --db $db"
  $tool create || echo "database $db exists"
  $tool setup-schema -v 0.0 || echo "schema of $db is already set up"
  $tool update-schema -d "$versioned"
done
echo "Temporal schemas are ready"
