#!/bin/bash
# Starts MariaDB; on an empty data directory first creates the system tables, the root password, the database
# and the application user from the MARIADB_* variables (each *_PASSWORD also as *_PASSWORD_FILE, a Docker
# secret). Root keeps unix-socket login inside the container (healthcheck.sh uses it) and gets the password
# for TCP. Any other command (a shell, mariadb-dump) runs as given.
set -euo pipefail
DATADIR=/var/lib/mysql
SOCKET=/run/mysqld/mysqld.sock

log() { echo "entrypoint: $*" >&2; }
die() { log "$*"; exit 1; }

# VAR or VAR_FILE (not both); prints the value.
secret() {
  local var=$1 file_var="$1_FILE"
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then die "set $var or $file_var, not both"; fi
  if [ -n "${!file_var:-}" ]; then
    [ -r "${!file_var}" ] || die "$file_var: cannot read ${!file_var}"
    cat "${!file_var}"
  else
    printf '%s' "${!var:-}"
  fi
}

# SQL string literal: backslashes and quotes escaped.
quote() { local s=${1//\\/\\\\}; printf "'%s'" "${s//\'/\\\'}"; }

initialise() {
  local root_password user_password
  root_password=$(secret MARIADB_ROOT_PASSWORD)
  user_password=$(secret MARIADB_PASSWORD)
  if [ -z "$root_password" ]; then
    if [ -n "${MARIADB_RANDOM_ROOT_PASSWORD:-}" ]; then
      root_password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
      echo "GENERATED ROOT PASSWORD: $root_password"
    elif [ -z "${MARIADB_ALLOW_EMPTY_ROOT_PASSWORD:-}" ]; then
      die "the database is not initialised: set MARIADB_ROOT_PASSWORD[_FILE], MARIADB_RANDOM_ROOT_PASSWORD or MARIADB_ALLOW_EMPTY_ROOT_PASSWORD"
    fi
  fi
  if [ -n "${MARIADB_USER:-}" ] && [ -z "$user_password" ]; then die "MARIADB_USER needs MARIADB_PASSWORD[_FILE]"; fi

  log "initialising $DATADIR"
  mariadb-install-db --user=mysql --datadir="$DATADIR" --skip-test-db --auth-root-authentication-method=socket \
    >/dev/null
  # A server only this script can reach (no TCP), until the accounts exist.
  mariadbd --user=mysql --datadir="$DATADIR" --skip-networking --socket="$SOCKET" &
  local pid=$!
  for _ in $(seq 1 60); do
    mariadb-admin --socket="$SOCKET" -uroot ping >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || die "the initialising server exited"
    sleep 0.5
  done
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    if [ -n "$root_password" ]; then
      echo "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD($(quote "$root_password"));"
      echo "CREATE USER 'root'@'%' IDENTIFIED BY $(quote "$root_password");"
      echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    fi
    if [ -n "${MARIADB_DATABASE:-}" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`${MARIADB_DATABASE//\`/}\`;"
    fi
    if [ -n "${MARIADB_USER:-}" ]; then
      echo "CREATE USER $(quote "$MARIADB_USER")@'%' IDENTIFIED BY $(quote "$user_password");"
      if [ -n "${MARIADB_DATABASE:-}" ]; then
        echo "GRANT ALL ON \`${MARIADB_DATABASE//\`/}\`.* TO $(quote "$MARIADB_USER")@'%';"
      fi
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$SOCKET" -uroot
  mariadb-admin --socket="$SOCKET" -uroot shutdown
  wait "$pid" || true
  log "initialised: database '${MARIADB_DATABASE:-}', user '${MARIADB_USER:-}'"
}

if [ "${1:-}" = mariadbd ] || [ "${1:-}" = mysqld ]; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld "$DATADIR"
  [ -d "$DATADIR/mysql" ] || initialise
  shift
  exec mariadbd --user=mysql --datadir="$DATADIR" --socket="$SOCKET" "$@"
fi
exec "$@"
