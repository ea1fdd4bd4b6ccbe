#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster, then always stops and deletes it.
#
#   scripts/with-postgres.sh npm run test:pg
#
# The cluster lives in a fresh mktemp dir, listens on 127.0.0.1 on a random free port and
# trusts local connections (it is a test fixture, not a server). TEST_DATABASE_URL points
# at its `postgres` database; the command's exit code is this script's exit code.
# Postgres refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 64
fi

PGBIN="${PGBIN:-}"
if [ -z "$PGBIN" ]; then
  for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/initdb" ]; then PGBIN="$candidate"; break; fi
  done
fi
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server binaries found (apt-get install -y postgresql, or set PGBIN)" >&2
  exit 69
fi

# Run server commands as `postgres` when we are root; as ourselves otherwise.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Ask the kernel for a free port: bind to port 0 and read back what it chose.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

PGDIR="$(mktemp -d /tmp/pgtest.XXXXXX)"
STARTED=0

cleanup() {
  if [ "$STARTED" -eq 1 ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGDIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGDIR"; fi

as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$PGDIR/initdb.log" 2>&1 || {
  cat "$PGDIR/initdb.log" >&2
  exit 70
}

# A port can be taken between choosing and binding it: try a few times.
for attempt in 1 2 3 4 5; do
  PGPORT="$(free_port)"
  if as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null; then
    STARTED=1
    break
  fi
  echo "with-postgres: start on port $PGPORT failed (attempt $attempt)" >&2
done
if [ "$STARTED" -ne 1 ]; then
  cat "$PGDIR/server.log" >&2 || true
  exit 70
fi

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT" >&2

# Not exec: the EXIT trap must run after the command to remove the cluster.
set +e
"$@"
status=$?
set -e
exit "$status"
