#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, on 127.0.0.1.
#   scripts/pg-cluster.sh start DIR   initdb into DIR, start it on a free port,
#                                     write the connection URL to DIR/url, and
#                                     the same through the Unix socket (in DIR)
#                                     to DIR/socket-url
#   scripts/pg-cluster.sh stop DIR    stop it (the directory is left for inspection)
#   scripts/pg-cluster.sh restart DIR stop and start again on the same port
# As root the server runs as the 'postgres' user (initdb refuses root).
set -euo pipefail
cmd=${1:?usage: pg-cluster.sh start|stop|restart DIR}
dir=${2:?usage: pg-cluster.sh start|stop|restart DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start_server() {
  local port=$1
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=128MB" \
    start >/dev/null
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)  # the socket URL needs an absolute path
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres "$dir"
      chmod o+x "$(dirname "$dir")"  # the postgres user must reach DIR (mktemp makes 0700 parents)
    fi
    as_owner "$bindir/initdb" -D "$dir/data" -U civicdesk --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    port=$(free_port)
    echo "$port" > "$dir/port"
    start_server "$port"
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U civicdesk civicdesk
    echo "postgres://civicdesk@127.0.0.1:$port/civicdesk" > "$dir/url"
    echo "postgres://civicdesk@${dir//\//%2F}:$port/civicdesk" > "$dir/socket-url"
    [ "$(id -u)" -eq 0 ] && chmod 755 "$dir" && chmod 644 "$dir/url" "$dir/socket-url" "$dir/port"
    cat "$dir/url"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    start_server "$(cat "$dir/port")"
    ;;
  *) echo "usage: pg-cluster.sh start|stop|restart DIR" >&2; exit 2 ;;
esac
