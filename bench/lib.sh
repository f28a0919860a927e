# Sourced by the bench scripts that start their own node on free loopback ports against a database of their own.
#   free_port tcp|udp          a free port on 127.0.0.1
#   bench_db <db-url> <name>   sets DB_USER DB_PASS DB_HOST DB_PORT DB from a mysql:// URL, creates the database,
#                              makes WORK (a temporary directory) and an EXIT trap that stops NODE_PID (when set),
#                              drops the database and removes WORK
#   sql <statement>            runs it there (no column names)
free_port() {
  python3 -c "import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1]=='udp' else socket.SOCK_STREAM); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])" "${1:-tcp}"
}

sql() { mariadb -N -u"$DB_USER" -p"$DB_PASS" -h"$DB_HOST" -P"$DB_PORT" -e "$1"; }

bench_db() {
  read -r DB_USER DB_PASS DB_HOST DB_PORT < <(python3 -c "
from urllib.parse import urlparse; import sys
u = urlparse(sys.argv[1]); print(u.username, u.password or '', u.hostname, u.port or 3306)" "$1")
  DB=$2
  WORK=$(mktemp -d)
  NODE_PID=""
  trap bench_cleanup EXIT
  sql "CREATE DATABASE $DB"
}

bench_cleanup() {
  if [ -n "${NODE_PID:-}" ]; then
    kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  fi
  sql "DROP DATABASE IF EXISTS $DB" || true
  rm -rf "$WORK"
}
