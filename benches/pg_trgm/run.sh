#!/usr/bin/env bash
# Frontline against PostgreSQL pg_trgm on the same persons and the same queries, in one run:
# `frontline eval --export` writes persons, queries and Frontline's answers and latencies; a
# throwaway PostgreSQL cluster (unix socket in a temp dir, removed on exit) loads the same
# persons with a GIN trigram index and answers the same queries; compare.py prints a Markdown
# table. Optional, not in CI. See benches/pg_trgm/README.md.
#
#   benches/pg_trgm/run.sh                                   # 1,000,000 persons, seed 42
#   benches/pg_trgm/run.sh --persons 100000 --seed 7 [frontline eval flags...]
#   benches/pg_trgm/run.sh --dir DIR --skip-export           # an existing export, as is
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: benches/pg_trgm/run.sh [options] [--] [extra `frontline eval` arguments]

  --dir DIR        export directory (default: a temp dir, removed on exit)
  --skip-export    do not run frontline: use DIR as it is (needs --dir)
  --persons N      persons to export (default 1000000)
  --seed S         export seed (default 42)
  --warmup K       untimed PostgreSQL queries before the timed pass (default 50)
  --threshold T    set pg_trgm.similarity_threshold (default: pg_trgm's own, 0.3)
  --keep           keep the scratch dir (temp export, PostgreSQL data dir and log)
  -h, --help       this text

Any other argument is passed to `frontline eval` after --export/--persons/--seed.

Environment:
  FRONTLINE          frontline binary (default: target/release/frontline, built if missing)
  PGBIN              PostgreSQL server binaries (default: /usr/lib/postgresql/15/bin)
  PG_USER            user the cluster runs as when run as root (default: postgres, else nobody)
  PG_SHARED_BUFFERS  shared_buffers (default 1GB)
  PG_TRGM_VENV       Python venv with psycopg2 (default: target/pg-trgm-venv)
  TMPDIR             where the scratch dir goes (default /tmp)
EOF
}

die() { echo "run.sh: error: $*" >&2; exit 1; }
say() { echo "[run.sh] $*" >&2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

DIR=
SKIP_EXPORT=
PERSONS=1000000
SEED=42
WARMUP=50
THRESHOLD=
KEEP=
EXTRA=()
while (($#)); do
  case $1 in
    --dir) [[ $# -ge 2 ]] || die "--dir needs a value"; DIR=$2; shift 2 ;;
    --dir=*) DIR=${1#*=}; shift ;;
    --skip-export) SKIP_EXPORT=1; shift ;;
    --persons) [[ $# -ge 2 ]] || die "--persons needs a value"; PERSONS=$2; shift 2 ;;
    --persons=*) PERSONS=${1#*=}; shift ;;
    --seed) [[ $# -ge 2 ]] || die "--seed needs a value"; SEED=$2; shift 2 ;;
    --seed=*) SEED=${1#*=}; shift ;;
    --warmup) [[ $# -ge 2 ]] || die "--warmup needs a value"; WARMUP=$2; shift 2 ;;
    --warmup=*) WARMUP=${1#*=}; shift ;;
    --threshold) [[ $# -ge 2 ]] || die "--threshold needs a value"; THRESHOLD=$2; shift 2 ;;
    --threshold=*) THRESHOLD=${1#*=}; shift ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; EXTRA+=("$@"); break ;;
    *) EXTRA+=("$1"); shift ;;
  esac
done
[[ $PERSONS =~ ^[0-9]+$ ]] || die "--persons must be a whole number, not '$PERSONS'"
[[ $SEED =~ ^[0-9]+$ ]] || die "--seed must be a whole number, not '$SEED'"
[[ $WARMUP =~ ^[0-9]+$ ]] || die "--warmup must be a whole number, not '$WARMUP'"
[[ -z $THRESHOLD || $THRESHOLD =~ ^(0(\.[0-9]+)?|1(\.0*)?|\.[0-9]+)$ ]] ||
  die "--threshold must be a number in 0..1, not '$THRESHOLD'"
if [[ -n $SKIP_EXPORT ]]; then
  [[ -n $DIR ]] || die "--skip-export needs --dir DIR (an existing export)"
  [[ -d $DIR ]] || die "--dir $DIR: no such directory"
  ((${#EXTRA[@]} == 0)) || die "--skip-export: extra frontline arguments make no sense: ${EXTRA[*]}"
  for f in persons.tsv queries.tsv frontline.tsv; do
    [[ -f $DIR/$f ]] || die "$DIR/$f is missing (an export has persons.tsv, queries.tsv, frontline.tsv)"
  done
fi

# --- prerequisites, all checked before anything slow -----------------------------------------
INSTALL_HINT="install PostgreSQL and its contrib extensions: apt-get install -y postgresql postgresql-contrib"
if [[ -z ${PGBIN:-} ]]; then
  PGBIN=/usr/lib/postgresql/15/bin
  if [[ ! -x $PGBIN/postgres ]]; then # another major version is fine too
    for d in /usr/lib/postgresql/*/bin; do [[ -x $d/postgres ]] && PGBIN=$d; done
  fi
fi
for b in initdb pg_ctl postgres; do
  [[ -x $PGBIN/$b ]] || die "$PGBIN/$b not found; $INSTALL_HINT (or set PGBIN)"
done
PGVERSION=$("$PGBIN/postgres" --version) || die "$PGBIN/postgres --version failed"
PGMAJOR=$(sed -E 's/[^0-9]*([0-9]+).*/\1/' <<<"$PGVERSION")
SHAREDIR=
if [[ -x $PGBIN/pg_config ]]; then SHAREDIR=$("$PGBIN/pg_config" --sharedir 2>/dev/null || true); fi
[[ -n $SHAREDIR ]] || SHAREDIR=/usr/share/postgresql/$PGMAJOR
for ext in pg_trgm unaccent; do
  [[ -f $SHAREDIR/extension/$ext.control ]] ||
    die "the $ext extension is missing ($SHAREDIR/extension/$ext.control); $INSTALL_HINT"
done
[[ -f $SHAREDIR/tsearch_data/unaccent.rules ]] ||
  die "unaccent's rules are missing ($SHAREDIR/tsearch_data/unaccent.rules); $INSTALL_HINT"
command -v python3 >/dev/null || die "python3 not found: apt-get install -y python3 python3-venv"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 8))' || die "python3 is older than 3.8"

# a UTF-8 locale, so that lower() and pg_trgm's word characters cover every script
LOCALE=$(locale -a 2>/dev/null | grep -ixE 'c\.utf-?8' | head -n1 || true)
[[ -n $LOCALE ]] || LOCALE=$(locale -a 2>/dev/null | grep -iE '\.utf-?8$' | head -n1 || true)
[[ -n $LOCALE ]] || die "no UTF-8 locale (locale -a): apt-get install -y locales, then generate en_US.UTF-8"

if [[ $EUID == 0 ]]; then
  command -v runuser >/dev/null || die "runuser not found (util-linux): needed to run PostgreSQL as a non-root user"
  if [[ -z ${PG_USER:-} ]]; then
    if id -u postgres >/dev/null 2>&1; then PG_USER=postgres; else PG_USER=nobody; fi
  fi
  id -u "$PG_USER" >/dev/null 2>&1 || die "PG_USER=$PG_USER: no such user"
  as_pg() { runuser -u "$PG_USER" -- "$@"; }
else
  PG_USER=$(id -un)
  as_pg() { "$@"; }
fi

# --- scratch dir, cleaned up on exit, Ctrl-C and kill ----------------------------------------
WORK=
PGDATA=
PG_STARTED=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -n $PG_STARTED ]]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 ||
      echo "run.sh: warning: could not stop the PostgreSQL cluster in $PGDATA" >&2
  fi
  if [[ -n $WORK && -d $WORK ]]; then
    if [[ -n $KEEP ]]; then say "kept $WORK"; else rm -rf -- "$WORK"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
WORK=$(mktemp -d "${TMPDIR:-/tmp}/frontline-pg-trgm.XXXXXX")
chmod 711 "$WORK" # the cluster's user must be able to reach its dir inside
[[ -n $DIR ]] || DIR=$WORK/export
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

# --- Python venv with psycopg2 (a cache: made once) -------------------------------------------
VENV=${PG_TRGM_VENV:-$REPO/target/pg-trgm-venv}
if ! "$VENV/bin/python" -c 'import psycopg2' >/dev/null 2>&1; then
  say "creating the Python venv $VENV (psycopg2-binary from PyPI)"
  python3 -m venv "$VENV" || die "python3 -m venv $VENV failed (on Debian: apt-get install -y python3-venv)"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check 'psycopg2-binary>=2.9,<3' ||
    die "pip install psycopg2-binary into $VENV failed"
fi

# --- Frontline export ------------------------------------------------------------------------
if [[ -z $SKIP_EXPORT ]]; then
  if [[ -n ${FRONTLINE:-} ]]; then
    [[ -x $FRONTLINE ]] || die "FRONTLINE=$FRONTLINE is not an executable file"
  else
    FRONTLINE=$REPO/target/release/frontline
    if [[ ! -x $FRONTLINE ]]; then
      command -v cargo >/dev/null || die "$FRONTLINE is missing and cargo is not installed"
      say "building $FRONTLINE (cargo build --release)"
      (cd "$REPO" && cargo build --release --bin frontline) || die "cargo build --release failed"
    fi
  fi
  COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ -n $(git --no-optional-locks -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
    COMMIT+=" + uncommitted changes"
  fi
  BUILT=$(date -u -r "$FRONTLINE" '+%Y-%m-%d %H:%M UTC')
  # only the independent sets are exported: the synthetic set and the JW baseline would only
  # cost time here
  EVAL=(eval --no-synthetic --no-baseline --export "$DIR" --persons "$PERSONS" --seed "$SEED")
  say "exporting: $FRONTLINE ${EVAL[*]} ${EXTRA[*]}"
  START=$SECONDS
  "$FRONTLINE" "${EVAL[@]}" "${EXTRA[@]}" >&2 ||
    die "frontline eval --export failed"
  say "export took $((SECONDS - START)) s"
  for f in persons.tsv queries.tsv frontline.tsv; do
    [[ -s $DIR/$f ]] || die "frontline eval --export did not write $DIR/$f"
  done
  LABEL="tree $COMMIT, binary built $BUILT; export \`frontline ${EVAL[*]/$DIR/DIR}${EXTRA[*]:+ ${EXTRA[*]}}\`"
else
  LABEL="existing export $DIR (--skip-export)"
fi

# the export's files are checked before PostgreSQL starts
"$VENV/bin/python" "$HERE/compare.py" --dir "$DIR" --check

# --- throwaway PostgreSQL cluster -------------------------------------------------------------
mkdir "$WORK/pg" "$WORK/pg/sock"
if [[ $EUID == 0 ]]; then chown "$PG_USER" "$WORK/pg" "$WORK/pg/sock"; fi
as_pg test -w "$WORK/pg" || die "user $PG_USER cannot write $WORK/pg (set TMPDIR to a world-traversable dir)"
PGDATA=$WORK/pg/data
SOCK=$WORK/pg/sock
PORT=5432 # the socket is in our own dir: no clash with another cluster
((${#SOCK} < 90)) || die "socket path $SOCK is too long for a unix socket: set TMPDIR to a shorter dir"
SHARED_BUFFERS=${PG_SHARED_BUFFERS:-1GB}
say "initdb ($PGVERSION, locale $LOCALE, as user $PG_USER)"
as_pg "$PGBIN/initdb" -D "$PGDATA" -U bench --auth=trust --encoding=UTF8 --locale="$LOCALE" \
  --no-sync >"$WORK/pg/initdb.log" 2>&1 || { cat "$WORK/pg/initdb.log" >&2; die "initdb failed"; }
cat >>"$PGDATA/postgresql.conf" <<EOF

# frontline benches/pg_trgm/run.sh: a throwaway cluster, unix socket only
listen_addresses = ''
unix_socket_directories = '$SOCK'
port = $PORT
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 8GB
checkpoint_timeout = 1h
shared_buffers = '$SHARED_BUFFERS'
maintenance_work_mem = 1GB
work_mem = 64MB
max_parallel_workers_per_gather = 0
max_parallel_maintenance_workers = 0
jit = off
autovacuum = off
EOF
PG_STARTED=1
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$WORK/pg/server.log" -w -t 120 start >/dev/null ||
  { tail -n 30 "$WORK/pg/server.log" >&2 || true; die "PostgreSQL did not start (log above)"; }
PG_SETTINGS="shared_buffers $SHARED_BUFFERS, work_mem 64MB, jit off, no parallel workers, fsync off"

# --- compare ---------------------------------------------------------------------------------
ARGS=(--dir "$DIR" --host "$SOCK" --port "$PORT" --user bench --dbname postgres
  --warmup "$WARMUP" --label "$LABEL" --pg-settings "$PG_SETTINGS")
[[ -z $THRESHOLD ]] || ARGS+=(--threshold "$THRESHOLD")
"$VENV/bin/python" "$HERE/compare.py" "${ARGS[@]}"
if [[ -n $KEEP || $DIR != "$WORK"/* ]]; then say "report.md and pg_trgm.tsv written to $DIR"; fi
