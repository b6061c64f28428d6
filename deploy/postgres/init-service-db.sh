#!/bin/sh
# Runs once, when the PostgreSQL volume is first initialised: creates the
# role and database of the integrations store beside Temporal's databases.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v password="$ICONIK_DELIVERY_DB_PASSWORD" <<'SQL'
CREATE ROLE iconik_delivery LOGIN PASSWORD :'password';
CREATE DATABASE iconik_delivery OWNER iconik_delivery;
SQL
