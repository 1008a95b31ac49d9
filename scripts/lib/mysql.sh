# Makes sure a MySQL/MariaDB server binary is there for the local servers Duplex starts (demo,
# bench, tests): installs Debian's mariadb-server when run as root with apt-get, otherwise says
# what to install. Sourced by scripts/test.sh and ./duplex.

duplex_ensure_mysql_server() { # returns 0 when a server binary is there (or was installed), exits 1 otherwise
  if [ -n "${DUPLEX_MYSQLD:-}" ] || command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 \
     || [ -x /usr/sbin/mariadbd ] || [ -x /usr/sbin/mysqld ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    printf '==> %s\n' "no MySQL/MariaDB server binary found: installing mariadb-server" >&2
    # apt's own chatter (debconf notes) only when it fails, with what to do then.
    local log
    log=$(mktemp)
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server; } >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "Installing mariadb-server failed (apt-get's output above). Install it yourself" \
           "(sudo apt-get install -y mariadb-server), or set DUPLEX_MYSQLD to a server binary." >&2
      exit 1
    fi
    rm -f "$log"
  else
    echo "No mariadbd or mysqld found. Install one (sudo apt-get install -y mariadb-server)," >&2
    echo "set DUPLEX_MYSQLD to a server binary, or name external servers in DUPLEX_TEST_MYSQL_A/B." >&2
    exit 1
  fi
}
