#!/usr/bin/env bash
# Make sure PostgreSQL (5432), RabbitMQ (5672, guest/guest) and Redis (6379) run on this machine.
#
# For a local development machine or CI runner (Debian, root, no systemd). Idempotent and quiet:
# when all three already answer it prints nothing and returns in well under a second. Otherwise,
# for each service: installed but stopped -> start it; not installed -> `apt-get update` (once) and
# `apt-get install`, then start it. It then waits until each one answers, and fails naming the one
# that did not.
#
# Authentication (local development only): the services connect over TCP as user `postgres`
# without a password. A PostgreSQL cluster that THIS script installs gets `trust` for 127.0.0.1
# and ::1 in pg_hba.conf (Debian's default there is scram-sha-256). An existing installation is
# never reconfigured: if it refuses a password-less TCP login the script stops and says so.
#
# Environment:
#   CIVICASE_INFRA_TIMEOUT        seconds to wait for each service to answer (default 90)
#   CIVICASE_RABBITMQ_MANAGEMENT  1 = also enable the RabbitMQ management plugin (UI on :15672);
#                                 always done on a RabbitMQ this script installs
set -euo pipefail

TIMEOUT="${CIVICASE_INFRA_TIMEOUT:-90}"
APT_UPDATED=0
INSTALLED_PG=0
INSTALLED_RABBIT=0

say() { printf 'ensure-infra: %s\n' "$*" >&2; }
die() { printf 'ensure-infra: ERROR: %s\n' "$*" >&2; exit 1; }

need_root() {
    [ "$(id -u)" -eq 0 ] || die "$1 needs root (run this script as root, or start it yourself)"
}

tcp_open() { # host port -> 0 if something accepts a TCP connection
    timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

apt_install() {
    need_root "installing $*"
    export DEBIAN_FRONTEND=noninteractive
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        apt-get update -qq >/dev/null || die "apt-get update failed"
        APT_UPDATED=1
    fi
    say "apt-get install -y $*"
    apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

wait_until() { # name check-function
    local name="$1" check="$2" waited=0
    until "$check"; do
        if [ "$waited" -ge "$TIMEOUT" ]; then
            die "$name did not answer within ${TIMEOUT}s (see its log: $(log_of "$name"))"
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

log_of() {
    case "$1" in
        PostgreSQL) echo "/var/log/postgresql/" ;;
        Redis) echo "/var/log/redis/ci.log" ;;
        RabbitMQ) echo "/var/log/rabbitmq/" ;;
    esac
}

# --- PostgreSQL -------------------------------------------------------------------------------
pg_up() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p 5432
    else
        tcp_open 127.0.0.1 5432
    fi
}

newest_subdir() { # the highest version-named directory in $1 (Debian's PostgreSQL layout), or nothing
    local d
    for d in "$1"/*/; do [ -d "$d" ] && basename "$d"; done | sort -V | tail -n 1
}

pg_version() { newest_subdir /etc/postgresql; }

pg_trust_loopback() {
    # Only for a cluster this script just installed: local development, no password on loopback.
    local hba
    hba="/etc/postgresql/$(pg_version)/main/pg_hba.conf"
    [ -f "$hba" ] || die "no $hba after installing PostgreSQL"
    sed -i -E \
        -e 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+)[a-z0-9-]+#\1trust#' \
        -e 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+::1/128[[:space:]]+)[a-z0-9-]+#\1trust#' \
        "$hba"
    sed -i '1i # civicase scripts/ensure-infra.sh: trust on loopback, for local development only' "$hba"
}

ensure_postgres() {
    pg_up && return 0
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        apt_install postgresql
        INSTALLED_PG=1
    fi
    local version
    version="$(pg_version)"
    if [ -z "$version" ] || [ ! -d "/etc/postgresql/$version/main" ]; then
        need_root "creating a PostgreSQL cluster"
        version="$(newest_subdir /usr/lib/postgresql)"
        say "creating PostgreSQL cluster $version/main"
        pg_createcluster "$version" main >/dev/null
    fi
    [ "$INSTALLED_PG" -eq 1 ] && pg_trust_loopback
    if pg_up; then # the package's own start script may have started it before the pg_hba change
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    else
        say "starting PostgreSQL $version/main"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start \
            || pg_ctlcluster --skip-systemctl-redirect "$version" main restart
    fi
    wait_until PostgreSQL pg_up
}

check_postgres_login() {
    # The services connect as postgres over TCP; say so clearly now rather than in every test.
    command -v psql >/dev/null 2>&1 || return 0
    psql -w -h 127.0.0.1 -p 5432 -U "${PGUSER:-postgres}" -d postgres -Atqc 'select 1' >/dev/null 2>&1 && return 0
    die "PostgreSQL runs but refuses user ${PGUSER:-postgres} over TCP without a password.
  For local development either set PGPASSWORD (and DATABASE_URL) to its password, or put
  'host all all 127.0.0.1/32 trust' first in pg_hba.conf and reload PostgreSQL."
}

# --- Redis ------------------------------------------------------------------------------------
redis_up() {
    if command -v redis-cli >/dev/null 2>&1; then
        [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]
    else
        tcp_open 127.0.0.1 6379
    fi
}

ensure_redis() {
    redis_up && return 0
    command -v redis-server >/dev/null 2>&1 || apt_install redis-server
    # A freshly installed package may have started its own copy: give it a moment before starting ours.
    redis_up && return 0
    say "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null
    wait_until Redis redis_up
}

# --- RabbitMQ ---------------------------------------------------------------------------------
rabbit_up() {
    # The AMQP listener opens last in RabbitMQ's boot, so an open 5672 means it is ready; this is
    # much faster than `rabbitmq-diagnostics ping`, which starts an Erlang VM.
    tcp_open 127.0.0.1 5672
}

ensure_rabbitmq() {
    if ! rabbit_up; then
        if ! command -v rabbitmq-server >/dev/null 2>&1; then
            apt_install rabbitmq-server
            INSTALLED_RABBIT=1
        fi
        if ! rabbit_up; then
            need_root "starting RabbitMQ"
            say "starting RabbitMQ (takes a few seconds)"
            rabbitmq-server -detached >/dev/null 2>&1 || true # it refuses if a node already boots
            wait_until RabbitMQ rabbit_up
        fi
    fi
    if [ "$INSTALLED_RABBIT" -eq 1 ] || [ "${CIVICASE_RABBITMQ_MANAGEMENT:-0}" = "1" ]; then
        # Cheap check first: the plugin list file, not rabbitmq-plugins (an Erlang VM start).
        if ! grep -qs rabbitmq_management /etc/rabbitmq/enabled_plugins; then
            say "enabling the RabbitMQ management plugin (http://localhost:15672, guest/guest)"
            rabbitmq-plugins enable rabbitmq_management >/dev/null \
                || say "could not enable rabbitmq_management (optional; carrying on)"
        fi
    fi
}

ensure_postgres
check_postgres_login
ensure_redis
ensure_rabbitmq
