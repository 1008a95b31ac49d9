#!/usr/bin/env bash
# The README's first command on a machine without MariaDB: removes Debian's MariaDB server
# packages, then runs ./duplex demo with a PATH that holds no MySQL or MariaDB server, and checks
# that the demo installs mariadb-server itself and ends with both nodes identical.
# It changes the machine's packages: it runs only as root with apt-get, and only when asked
# (DUPLEX_TEST_FRESH_MACHINE=1; .ci/run asks on CI's throwaway machine). The server is back at
# the end either way, installed by the demo or, if the demo failed, here.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "fresh machine: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || fail "needs root and apt-get"
[ -z "${DUPLEX_MYSQLD:-}" ] || fail "DUPLEX_MYSQLD is set; unset it for this test"

reinstall() { command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null; }
trap reinstall EXIT
echo "==> removing mariadb-server and mariadb-server-core (a machine without MariaDB)"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq mariadb-server mariadb-server-core >/dev/null
path=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
for dir in ${path//:/ }; do
  for bin in mariadbd mysqld; do
    [ ! -e "$dir/$bin" ] || fail "$dir/$bin is still there after removing the packages"
  done
done

state=$(mktemp -d /tmp/duplex-fresh-XXXXXX)
out="$state.out"
set +e
env -i HOME="$HOME" PATH="$path" TERM=dumb ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
  ./duplex demo --duration 8 --rate 10 --state-dir "$state" >"$out" 2>&1
rc=$?
set -e
echo "--- ./duplex demo on a machine without MariaDB (exit $rc):"; cat "$out"
grep -q "no MySQL/MariaDB server binary found: installing mariadb-server" "$out" || fail "the demo did not install mariadb-server"
[ -x /usr/sbin/mariadbd ] || fail "mariadbd is not installed after the demo"
grep -q "both nodes identical" "$out" || fail "the demo did not run to both nodes identical"
[ "$rc" = 0 ] || fail "the demo exited $rc"
noise=$(grep -E 'debconf|WARNING|Unsafe|ANTLR|\[(INFO|WARN|ERROR)\]' "$out" || true)
[ -z "$noise" ] || fail "the demo's output has installer or log noise: $(echo "$noise" | head -3)"
rm -rf "$state" "$out"
echo "1 passed, 0 failed: fresh machine: ./duplex demo installed mariadb-server and ended with both nodes identical"
