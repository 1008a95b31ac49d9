#!/usr/bin/env bash
# The one test command: unit tests (pure) and integration tests against real servers
# (MariaDB sandboxes, embedded ElasticMQ, embedded DynamoDB Local). Installs what a fresh
# Debian/Ubuntu machine lacks. Extra arguments go to Maven, e.g. scripts/test.sh -pl core.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/java.sh
. scripts/lib/mysql.sh

log() { printf '==> %s\n' "$*"; }

ensure_mysql_server() {
  if [ -n "${DUPLEX_TEST_MYSQL_A:-}" ] && [ -n "${DUPLEX_TEST_MYSQL_B:-}" ]; then
    log "using external servers from DUPLEX_TEST_MYSQL_A / DUPLEX_TEST_MYSQL_B"
    return
  fi
  duplex_ensure_mysql_server
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

# The bench smoke test (BenchSmokeIT) runs sysbench, mydumper and myloader, as duplex bench does;
# VerifyRepairIT checks a repaired pair with pt-table-sync, and duplex bench measures verify against
# pt-table-checksum (both percona-toolkit, the tools users trust).
ensure_bench_tools() {
  command -v sysbench >/dev/null 2>&1 && command -v mydumper >/dev/null 2>&1 && command -v myloader >/dev/null 2>&1 \
    && command -v pt-table-sync >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing sysbench, mydumper and percona-toolkit (duplex bench, its smoke test, the repair test)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sysbench mydumper percona-toolkit >/dev/null
  else
    echo "duplex bench, its smoke test and the repair test need sysbench, mydumper and percona-toolkit;" >&2
    echo "install them (sudo apt-get install -y sysbench mydumper percona-toolkit)." >&2
    exit 1
  fi
}

# The dashboard's test (DashboardIT) renders the page in a real headless Chromium.
ensure_browser() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing chromium (the dashboard's browser test)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "the dashboard's test needs a headless Chromium; install it (sudo apt-get install -y chromium)." >&2
    exit 1
  fi
}

# infra/ is tested with moto's server (the deployment IT), cfn-lint (with aws-sam-translator) and
# node/npm (hcl2json for the Terraform parity check). When they are missing and this runs as root
# with apt-get, they are installed (Python tools in a venv under .duplex/tools, pinned versions);
# otherwise the run stops and says what to install. DUPLEX_SKIP_INFRA=1 leaves infra/ out, loudly.
INFRA_PYTHON_TOOLS=("cfn-lint==1.51.0" "moto[server]==5.2.1")
infra_tools_missing() {
  local py=${DUPLEX_PYTHON:-python3} missing=()
  "$py" -c 'import moto.server' >/dev/null 2>&1 || missing+=("moto's server (python: moto[server])")
  { command -v cfn-lint >/dev/null 2>&1 && "$py" -c 'import cfnlint' >/dev/null 2>&1; } || missing+=("cfn-lint")
  { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || missing+=("node and npm")
  printf '%s\n' "${missing[@]}"
}

ensure_infra_tools() {
  local venv=.duplex/tools/python missing
  if [ -x "$venv/bin/python" ]; then
    export PATH="$PWD/$venv/bin:$PATH" DUPLEX_PYTHON="$PWD/$venv/bin/python"
  fi
  missing=$(infra_tools_missing)
  [ -z "$missing" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "infra test tools missing ($(echo $missing | tr '\n' ' ')): installing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv nodejs npm >/dev/null
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "${INFRA_PYTHON_TOOLS[@]}"
    export PATH="$PWD/$venv/bin:$PATH" DUPLEX_PYTHON="$PWD/$venv/bin/python"
    missing=$(infra_tools_missing)
    [ -z "$missing" ] && return
  fi
  {
    echo "!!! infra/ cannot be tested: missing $(echo "$missing" | paste -sd, -)."
    echo "!!! Install: pip install ${INFRA_PYTHON_TOOLS[*]}   and   apt-get install -y nodejs npm"
    echo "!!! (or set DUPLEX_PYTHON to a python that has them), or run with DUPLEX_SKIP_INFRA=1 to leave infra/ out."
  } >&2
  exit 1
}

duplex_find_jdk
duplex_maven_opts
log "JDK: $JAVA_HOME ($(duplex_java_major "$JAVA_HOME/bin/java"))"
ensure_mysql_server
ensure_openssl
ensure_bench_tools
ensure_browser
skip_infra=
if [ $# -eq 0 ]; then
  if [ "${DUPLEX_SKIP_INFRA:-}" = 1 ]; then
    skip_infra=1
    log "!!! DUPLEX_SKIP_INFRA=1: infra/ is NOT tested (no moto deployment IT, no cfn-lint, parity or IAM checks)"
  else
    ensure_infra_tools
  fi
fi
log "running ./mvnw verify"
if [ -n "$skip_infra" ]; then
  ./mvnw -B -ntp verify -pl '!infra'
else
  ./mvnw -B -ntp verify "$@"
fi
if [ $# -eq 0 ]; then
  # verify packaged the cli: the launcher can use it as built.
  touch cli/target/.duplex-built
  log "smoke: ./duplex demo and ./duplex status as a user runs them"
  scripts/smoke-demo.sh
  if [ "${DUPLEX_TEST_FRESH_MACHINE:-}" = 1 ]; then
    log "fresh machine: ./duplex demo without MariaDB installs it (removes and reinstalls mariadb-server)"
    scripts/smoke-fresh-machine.sh
  fi
  if [ -z "$skip_infra" ]; then
    log "infra: cfn-lint, Terraform parity, IAM wildcards, metric names, packaging"
    infra/test/validate.sh
  fi
fi
