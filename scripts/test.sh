#!/usr/bin/env bash
# The one test command: unit tests (pure) and integration tests against real servers
# (MariaDB sandboxes, embedded ElasticMQ, embedded DynamoDB Local). Installs what a fresh
# Debian/Ubuntu machine lacks. Extra arguments go to Maven, e.g. scripts/test.sh -pl core.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/java.sh

log() { printf '==> %s\n' "$*"; }

ensure_mysql_server() {
  if [ -n "${DUPLEX_TEST_MYSQL_A:-}" ] && [ -n "${DUPLEX_TEST_MYSQL_B:-}" ]; then
    log "using external servers from DUPLEX_TEST_MYSQL_A / DUPLEX_TEST_MYSQL_B"
    return
  fi
  if [ -n "${DUPLEX_MYSQLD:-}" ] || command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 \
     || [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ]; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "no MySQL/MariaDB server binary found: installing mariadb-server"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
  else
    echo "No mariadbd or mysqld found. Install one (sudo apt-get install -y mariadb-server)," >&2
    echo "set DUPLEX_MYSQLD to a server binary, or name external servers in DUPLEX_TEST_MYSQL_A/B." >&2
    exit 1
  fi
}

# The precheck's TLS test makes a self-signed server certificate with openssl.
ensure_openssl() {
  command -v openssl >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing openssl (test certificates)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null
  else
    echo "openssl is needed by the tests; install it (sudo apt-get install -y openssl)." >&2
    exit 1
  fi
}

# The bench smoke test (BenchSmokeIT) runs sysbench, mydumper and myloader, as duplex bench does.
ensure_bench_tools() {
  command -v sysbench >/dev/null 2>&1 && command -v mydumper >/dev/null 2>&1 && command -v myloader >/dev/null 2>&1 \
    && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing sysbench and mydumper (duplex bench and its smoke test)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sysbench mydumper >/dev/null
  else
    echo "duplex bench and its smoke test need sysbench and mydumper; install them" >&2
    echo "(sudo apt-get install -y sysbench mydumper)." >&2
    exit 1
  fi
}

duplex_find_jdk
duplex_maven_opts
log "JDK: $JAVA_HOME ($(duplex_java_major "$JAVA_HOME/bin/java"))"
ensure_mysql_server
ensure_openssl
ensure_bench_tools
log "running ./mvnw verify"
./mvnw -B -ntp verify "$@"
if [ $# -eq 0 ]; then
  # verify packaged the cli: the launcher can use it as built.
  touch cli/target/.duplex-built
  log "smoke: ./duplex demo and ./duplex status as a user runs them"
  scripts/smoke-demo.sh
fi
