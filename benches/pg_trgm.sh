#!/usr/bin/env bash
# Frontline against a real peer, PostgreSQL pg_trgm, side by side in one run: the same
# synthetic persons, the same name queries with 1-3 random edits (written by this script's
# own generator, not by the engine's tables), recall@1 and recall@10 (strict, and with
# namesakes counted as correct) and latency p50/p99 of each, both served over loopback and
# asked one query at a time by the same client.
#
#   benches/pg_trgm.sh [PERSONS] [QUERIES] [SEED]     # default 100000 persons, 500 queries, 7
#   FRONTLINE_BIN=/path/to/frontline benches/pg_trgm.sh  # another build (e.g. an older tree)
#
# Needs Debian's postgresql and postgresql-contrib (initdb, pg_ctl, the pg_trgm extension)
# and Python 3 (psycopg is installed into a virtualenv in the scratch folder from PyPI).
# Optional, not in CI. Run as root, the cluster runs as the `postgres` user.
#
# Frontline: `frontline synth --seed 42` feeds ingested into a scratch data directory and
# served by `frontline serve` (audit log on, the local key), queried with
# `POST /v1/persons/search {"name", "limit": 10}`. PostgreSQL: a throwaway cluster on
# 127.0.0.1, one row per name (aliases included) with a GIN gin_trgm_ops index, queried as
# pg_trgm's documentation suggests: `WHERE name % q ORDER BY similarity(name, q) DESC`
# (default similarity threshold 0.3), the best row per record, 10 records.
set -euo pipefail

PERSONS=${1:-100000}
QUERIES=${2:-500}
SEED=${3:-7}
cd "$(dirname "$0")/.."
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found: apt-get install -y postgresql postgresql-contrib" >&2; exit 1; }
if [ -z "${FRONTLINE_BIN:-}" ]; then
  cargo build --release --quiet --bin frontline
fi
BIN=${FRONTLINE_BIN:-$PWD/target/release/frontline}
WORK=$(mktemp -d)
chmod 755 "$WORK"
cleanup() {
  kill "${PID:-}" 2>/dev/null || true
  [ -d "$WORK/pg" ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

echo "$(date -u '+%F %H:%M') UTC, $(nproc) cores: $PERSONS persons, $QUERIES queries, query seed $SEED" >&2
"$BIN" synth --persons "$PERSONS" --documents 0 --out "$WORK/feeds" --seed 42 >/dev/null
mkdir -p "$WORK/data"
"$BIN" --data-dir "$WORK/data" ingest "$WORK"/feeds/[A-Z]*.jsonl >/dev/null
"$BIN" --data-dir "$WORK/data" serve --listen 127.0.0.1:0 --no-bootstrap > "$WORK/serve.out" 2> "$WORK/serve.log" &
PID=$!

mkdir -p "$WORK/pg" "$WORK/pgsock"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg" "$WORK/pgsock"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -A trust -U bench >/dev/null
PORT=$((20000 + RANDOM % 20000))
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK/pgsock -c shared_buffers=512MB -c max_parallel_workers_per_gather=0" \
  start >/dev/null

python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "psycopg[binary]>=3.1,<4"

for _ in $(seq 300); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on //p' "$WORK/serve.out")
"$WORK/venv/bin/python" benches/pg_trgm.py --feeds "$WORK/feeds" --frontline "$URL" \
  --key-file "$WORK/data/local-admin.key" --pg "host=127.0.0.1 port=$PORT user=bench dbname=postgres" \
  --queries "$QUERIES" --seed "$SEED"
