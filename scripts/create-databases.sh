#!/usr/bin/env bash
# Create each service's PostgreSQL database (civicase_<svc>) if it is missing; with --test also the
# test databases (civicase_<svc>_test$CIVICASE_TEST_DB_SUFFIX). Idempotent and quiet when nothing is missing.
#
# Connects with psql over TCP as PGUSER on PGHOST:PGPORT (default postgres@localhost:5432; set
# PGPASSWORD if the server wants one). The databases belong to that user. Schemas are not created
# here: each service's migrations do that (`alembic -c services/<svc>/alembic.ini upgrade head`).
#
# Usage: scripts/create-databases.sh [--test] [service ...]   (default: every service with a database)
set -euo pipefail

SERVICES_WITH_DB=(intake routing reply survey alerts eapply)

export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

with_test=0
services=()
for arg in "$@"; do
    case "$arg" in
        --test) with_test=1 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "create-databases: unknown option $arg" >&2; exit 2 ;;
        *) services+=("$arg") ;;
    esac
done
[ "${#services[@]}" -gt 0 ] || services=("${SERVICES_WITH_DB[@]}")

suffix="${CIVICASE_TEST_DB_SUFFIX:-}"
[[ "$suffix" =~ ^[a-z0-9_]*$ ]] || { echo "create-databases: bad CIVICASE_TEST_DB_SUFFIX '$suffix'" >&2; exit 2; }

names=()
for svc in "${services[@]}"; do
    [[ "$svc" =~ ^[a-z][a-z0-9_]*$ ]] || { echo "create-databases: bad service name '$svc'" >&2; exit 2; }
    names+=("civicase_${svc}")
    [ "$with_test" -eq 1 ] && names+=("civicase_${svc}_test${suffix}")
done

psql_q() { psql -X -w -v ON_ERROR_STOP=1 -d postgres -Atq "$@"; }

if ! existing="$(psql_q -c 'select datname from pg_database')"; then
    echo "create-databases: cannot connect to PostgreSQL as $PGUSER@$PGHOST:$PGPORT" \
         "(is it running? try scripts/ensure-infra.sh)" >&2
    exit 1
fi

for name in "${names[@]}"; do
    if ! grep -qx "$name" <<<"$existing"; then
        # CREATE DATABASE cannot run in a transaction block or take a parameter: the name was
        # checked against ^[a-z][a-z0-9_]*$ above, and a concurrent creator only makes this fail loudly.
        psql_q -c "CREATE DATABASE \"$name\" ENCODING 'UTF8' TEMPLATE template0"
        echo "create-databases: created $name" >&2
    fi
done
