#!/usr/bin/env bash
# What batching saves: a manifest screened as one job (POST /v1/screenings) against the same
# travellers checked one by one over HTTP (POST /v1/travellers/check, 32 connections), measured
# in the same run, in CYCLES cycles of job, one-by-one, one-by-one, job, so that drift of the
# machine (2x within the hour on this VM) falls on both alike.
#
#   loadtest/screening-ratio.sh DATA_DIR SYNTH_DIR [CYCLES] [REQUESTS]
#
# DATA_DIR: a data directory with an index (`frontline ingest`); SYNTH_DIR: what
# `frontline synth --queries N --manifest-travellers M` wrote for it (manifest.csv,
# traveller_queries.jsonl, ...); MANIFEST= screens another manifest (e.g. the first rows of
# manifest.csv). Defaults: 1 cycle, 30,000 one-by-one requests. Serves DATA_DIR
# with the release binary (`FRONTLINE_BIN=` for another build), authenticated with its
# local key, and prints one line per run and the job/one-by-one ratio of each cycle.
set -euo pipefail

DATA=${1:?data dir}
SYNTH=${2:?synth dir}
CYCLES=${3:-1}
REQUESTS=${4:-30000}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin frontline --bin frontline-loadtest
BIN=${FRONTLINE_BIN:-$PWD/target/release/frontline}
LOAD=$PWD/target/release/frontline-loadtest
WORK=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" --data-dir "$DATA" serve --listen 127.0.0.1:0 --no-bootstrap \
  > "$WORK/serve.out" 2> "$WORK/serve.log" &
PID=$!
for _ in $(seq 600); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on //p' "$WORK/serve.out")
for _ in $(seq 600); do curl -sf "$URL/readyz" >/dev/null && break; sleep 0.1; done
KEY="$DATA/local-admin.key"
MANIFEST=${MANIFEST:-$SYNTH/manifest.csv}

run() { # $1: job|single
  if [ "$1" = job ]; then
    "$LOAD" --target "$URL" --key-file "$KEY" --screening "$MANIFEST" \
      --screening-only --json > "$WORK/report.json"
  else
    "$LOAD" --target "$URL" --key-file "$KEY" --queries "$SYNTH" --connections 32 \
      --requests "$REQUESTS" --warmup 2 --mix traveller=100,doc=0,person=0,manifest=0 \
      --json > "$WORK/report.json"
  fi
  python3 - "$1" "$WORK/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
if sys.argv[1] == "job":
    j = r["screening"]
    print(f'job     {j["server_travellers_per_sec"]:8.1f} travellers/s  {j["travellers"]} travellers in {j["wall_secs"]:.1f} s, {j["status"]}')
else:
    l = r["latency"]
    print(f'single  {r["throughput_rps"]:8.1f} travellers/s  p50 {l["p50_ms"]:6.2f} ms  p99 {l["p99_ms"]:6.2f} ms  failed {r["failed"]}')
PY
}

echo "$(date -u '+%F %H:%M') $DATA, $CYCLES cycles, $(nproc) cores" >&2
for _ in $(seq "$CYCLES"); do
  for mode in job single single job; do run "$mode"; done
done | tee "$WORK/runs"
python3 - "$WORK/runs" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
cycles = [rows[i:i + 4] for i in range(0, len(rows), 4)]
each = [(float(c[0][1]) + float(c[3][1])) / (float(c[1][1]) + float(c[2][1])) for c in cycles]
print("job / one by one: " + ", ".join(f"x{x:.2f}" for x in each))
PY
