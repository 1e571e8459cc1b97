#!/usr/bin/env bash
# What the audit log costs an officer: persons/s and latency over HTTP with the audit log on
# and off (`serve --no-audit`, loopback only), measured in the same run, after a discarded
# warm-up run, in CYCLES cycles of on, off, off, on so that drift of the machine falls on both
# (runs of one mode on this VM spread by up to 25% within minutes: several cycles are needed).
#
#   loadtest/audit-cost.sh [PERSONS] [SECONDS] [CYCLES]   # default 100000 persons, 20 s, 1 cycle
#
# It builds the release binaries, writes PERSONS synthetic persons with their query set
# (`frontline synth --seed 42`), ingests them into a temporary data directory, and for each
# run serves that directory and drives it with `frontline-loadtest --mix person=100
# --connections 32 --warmup 3` (every request authenticated with the local key, so the key
# check is in both). Prints one line per run and the on/off ratios of the means.
set -euo pipefail

PERSONS=${1:-100000}
SECS=${2:-20}
CYCLES=${3:-1}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin frontline --bin frontline-loadtest
BIN=$PWD/target/release/frontline
LOAD=$PWD/target/release/frontline-loadtest
WORK=$(mktemp -d)
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN" synth --persons "$PERSONS" --documents 0 --out "$WORK/q" --seed 42 --queries 20000 >/dev/null
mkdir -p "$WORK/data"
"$BIN" --data-dir "$WORK/data" ingest "$WORK"/q/[A-Z]*.jsonl >/dev/null

run() { # $1: on|off
  local flag=()
  [ "$1" = off ] && flag=(--no-audit)
  "$BIN" --data-dir "$WORK/data" serve --listen 127.0.0.1:0 --no-bootstrap "${flag[@]}" \
    > "$WORK/serve.out" 2> "$WORK/serve.log" &
  PID=$!
  for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
  local url
  url=$(sed -n 's/.*listening on //p' "$WORK/serve.out")
  for _ in $(seq 300); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
  "$LOAD" --target "$url" --key-file "$WORK/data/local-admin.key" --queries "$WORK/q" \
    --connections 32 --warmup 3 --mix person=100 --duration "$SECS" --json > "$WORK/report.json"
  kill "$PID"; wait "$PID" 2>/dev/null || true
  python3 - "$1" "$WORK/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
l = r["latency"]
print(f'{sys.argv[1]:>3}  {r["throughput_rps"]:8.1f} persons/s  p50 {l["p50_ms"]:6.2f} ms  p99 {l["p99_ms"]:6.2f} ms  failed {r["failed"]}')
PY
}

echo "$(date -u +%F) $PERSONS persons, $SECS s a run, $CYCLES cycles, 32 connections, $(nproc) cores" >&2
# a first, discarded run warms the page cache and the CPU (the first measured run was
# often the slowest of four, and it was always an "on" one); then on, off, off, on, so
# that a steady drift of the machine weighs on both alike
run warm > /dev/null
for _ in $(seq "$CYCLES"); do
  for mode in on off off on; do run "$mode"; done
done | tee "$WORK/runs"
python3 - "$WORK/runs" <<'PY'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1])]
def mean(mode, col):
    return st.mean(float(r[col]) for r in rows if r[0] == mode)
rate = mean("on", 1) / mean("off", 1)
p99 = mean("on", 7) / mean("off", 7)
cycles = [rows[i:i + 4] for i in range(0, len(rows), 4)]
each = ", ".join(
    f"x{(float(c[0][1]) + float(c[3][1])) / (float(c[1][1]) + float(c[2][1])):.3f}" for c in cycles
)
print(f"audit on/off: persons/s x{rate:.3f}, p99 x{p99:.3f} (persons/s by cycle: {each})")
PY
