#!/usr/bin/env bash
# Uploads one large JSON Lines feed to a running `frontline serve` over the admin API and
# samples the server's resident memory while the upload streams in and while the ingest runs,
# to show that the upload path keeps memory flat (the body is streamed to disk and validated
# as it arrives, never held whole).
#
#   loadtest/upload-memory.sh [GIB]      # default 2: a feed of about GIB GiB (0.1 works)
#
# It builds the release binaries, writes the feed with `frontline synth` (persons only,
# seed 42, every record re-assigned to source EUROPOL) into a temporary directory, serves a
# fresh data directory holding one small EUROPOL feed, uploads the big one with curl
# (`mode=full&force=true`), and prints: the feed's size, the server's RSS before, its peak
# during the upload, its peak during the ingest, the upload and ingest times, and the job's
# final status. Needs curl, python3 and about 3x GIB of free space in $TMPDIR.
set -euo pipefail

GIB=${1:-2}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin frontline
BIN=$PWD/target/release/frontline
WORK=$(mktemp -d)
trap 'kill "${PID:-}" "${SAMPLER:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# about 310 bytes a person: enough persons for GIB GiB
PERSONS=$(python3 -c "print(int($GIB * 2**30 / 310) + 1)")
echo "writing $PERSONS persons ..." >&2
"$BIN" synth --persons "$PERSONS" --documents 0 --out "$WORK/synth" --seed 42 >/dev/null
FEED=$WORK/feed.jsonl
cat "$WORK"/synth/*.jsonl | sed 's/"source":"[A-Z]*"/"source":"EUROPOL"/' > "$FEED"
BYTES=$(stat -c %s "$FEED")

mkdir -p "$WORK/data/feeds"
echo '{"kind":"person","source":"EUROPOL","id":"E1","names":["Anna Maria Rossi"]}' \
  > "$WORK/data/feeds/EUROPOL.jsonl"
"$BIN" --data-dir "$WORK/data" serve --listen 127.0.0.1:0 > "$WORK/serve.out" 2> "$WORK/serve.log" &
PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/.*listening on //p' "$WORK/serve.out")
for _ in $(seq 300); do curl -sf "$URL/readyz" >/dev/null && break; sleep 0.1; done

AUTH="Authorization: Bearer $(cat "$WORK/data/local-admin.key")"
rss() { awk '/VmRSS/ {print $2}' "/proc/$PID/status"; }
BEFORE=$(rss)
# one sample every 100 ms: "phase kB"
PHASE=$WORK/phase
echo upload > "$PHASE"
( while kill -0 "$PID" 2>/dev/null; do echo "$(cat "$PHASE") $(rss)"; sleep 0.1; done ) \
  > "$WORK/samples" 2>/dev/null &
SAMPLER=$!

T0=$(date +%s.%N)
# -T streams the file (--data-binary @FILE would read it whole into curl's memory)
ANSWER=$(curl -sS -X POST -H "$AUTH" -H 'Content-Type: application/x-ndjson' -T "$FEED" \
  "$URL/v1/admin/feeds/EUROPOL/ingest?mode=full&force=true")
T1=$(date +%s.%N)
echo ingest > "$PHASE"
JOB=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$ANSWER")
while :; do
  STATUS=$(curl -sf -H "$AUTH" "$URL/v1/admin/jobs/$JOB" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  case $STATUS in queued|running) sleep 0.5 ;; *) break ;; esac
done
T2=$(date +%s.%N)
kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true

peak() { awk -v p="$1" '$1 == p && $2 > m {m = $2} END {printf "%.0f", m / 1024}' "$WORK/samples"; }
echo "feed            $BYTES bytes ($(python3 -c "print(round($BYTES/2**30, 2))") GiB), $PERSONS persons"
echo "server RSS      before $((BEFORE / 1024)) MiB; peak during the upload $(peak upload) MiB; peak during the ingest $(peak ingest) MiB"
echo "times           upload $(python3 -c "print(round($T1-$T0, 1))") s; ingest after it $(python3 -c "print(round($T2-$T1, 1))") s"
echo "job             $JOB $STATUS"
