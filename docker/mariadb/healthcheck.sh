#!/bin/bash
# Health of this container's MariaDB for Docker's HEALTHCHECK, with the options the stack uses:
#   --connect              the server answers, and it is the real one (networking on), not the one that
#                          initialises an empty data directory
#   --innodb_initialized   InnoDB is up
# Runs as root inside the container, so root's unix-socket login needs no password. Exit 0 healthy, 1 not.
set -uo pipefail
query() { mariadb --protocol=socket --socket=/run/mysqld/mysqld.sock -uroot -N -B -e "$1" 2>/dev/null; }
[ $# -gt 0 ] || set -- --connect
for check in "$@"; do
  case "$check" in
    --connect) [ "$(query 'SELECT @@skip_networking')" = 0 ] || { echo "healthcheck: not accepting connections"; exit 1; } ;;
    --innodb_initialized)
      [ "$(query "SELECT COUNT(*) FROM information_schema.ENGINES WHERE ENGINE = 'InnoDB' AND SUPPORT IN ('YES', 'DEFAULT')")" = 1 ] \
        || { echo "healthcheck: InnoDB is not initialised"; exit 1; } ;;
    *) echo "healthcheck: unknown check $check (--connect, --innodb_initialized)"; exit 1 ;;
  esac
done
