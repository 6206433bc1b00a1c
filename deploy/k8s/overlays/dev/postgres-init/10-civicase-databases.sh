#!/usr/bin/env bash
# Dev cluster only: the postgres image runs this once on an empty data directory. Same effect as
# deploy/postgres/initdb.d + service-database.psql (kustomize cannot load files from outside this
# folder): one database and login role civicase_<svc> per service, the role owning its database.
set -euo pipefail
for svc in intake routing reply survey alerts eapply; do
    var="CIVICASE_DB_PASSWORD_${svc^^}"
    psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --dbname postgres \
        -v name="civicase_${svc}" -v password="${!var}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'name', :'name', 'UTF8')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', :'name', :'name') \gexec
SQL
done
