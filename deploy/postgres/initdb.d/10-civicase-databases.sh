#!/usr/bin/env bash
# docker-entrypoint-initdb.d hook of the official postgres image (runs once, on an empty data
# directory): one database and role per service, via ../service-database.psql mounted at /civicase.
# Passwords: CIVICASE_DB_PASSWORD_<SVC> if set, else CIVICASE_DB_PASSWORD (local development only).
set -euo pipefail
for svc in intake routing reply survey alerts eapply; do
    var="CIVICASE_DB_PASSWORD_${svc^^}"
    password="${!var:-${CIVICASE_DB_PASSWORD:?set CIVICASE_DB_PASSWORD or $var}}"
    psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --dbname postgres \
        -v svc="$svc" -v password="$password" -f /civicase/service-database.psql
done
