#!/usr/bin/env bash
# Fuzzes the REST API from its own OpenAPI document with schemathesis (PyPI): starts the
# release binary on a throwaway data directory holding a copy of the sample feeds, waits for
# /readyz, runs `schemathesis run http://ADDR/openapi.json` with the local admin key (every
# role) and checks that no answer is a server error and every answer conforms to the
# document (status, content type, headers, body schema). Stops the server and removes the
# data directory at the end. Optional, not part of CI; needs python3 (with venv) and PyPI.
#
#   loadtest/schemathesis.sh                # 100 cases per operation, every phase
#   MAX_EXAMPLES=20 loadtest/schemathesis.sh
#   SCHEMATHESIS_ARGS="--include-tag persons" loadtest/schemathesis.sh
#
# schemathesis is installed once into target/schemathesis-venv. Reports (JUnit and the
# NDJSON events) go to target/schemathesis-report/.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
MAX_EXAMPLES=${MAX_EXAMPLES:-100}
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release/frontline
VENV=target/schemathesis-venv
REPORT=target/schemathesis-report

cargo build --release --bin frontline
if [ ! -x "$VENV/bin/schemathesis" ]; then
    mkdir -p target
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

DATA=$(mktemp -d)
mkdir -p "$DATA/feeds"
cp index-data/feeds/* "$DATA/feeds/"
SERVER=
cleanup() {
    if [ -n "$SERVER" ]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT

# port 0: a free port, printed on the first line; the log goes to the data directory
"$BIN" --data-dir "$DATA" serve --listen 127.0.0.1:0 >"$DATA/stdout" 2>"$DATA/server.log" &
SERVER=$!
ADDR=
for _ in $(seq 100); do
    ADDR=$(sed -n 's|^frontline listening on http://||p' "$DATA/stdout" | head -1)
    [ -n "$ADDR" ] && break
    sleep 0.1
done
[ -n "$ADDR" ] || { echo "the server did not start:" >&2; cat "$DATA/server.log" >&2; exit 1; }
for _ in $(seq 600); do
    curl -sf "http://$ADDR/readyz" >/dev/null && break
    sleep 0.5
done
curl -sf "http://$ADDR/readyz" >/dev/null || { echo "not ready after 5 min" >&2; exit 1; }
KEY=$(cat "$DATA/local-admin.key")

mkdir -p "$REPORT"
status=0
# shellcheck disable=SC2086 # SCHEMATHESIS_ARGS is a list of arguments
PYTHONPATH=loadtest SCHEMATHESIS_HOOKS=schemathesis_hooks "$VENV/bin/schemathesis" run "http://$ADDR/openapi.json" \
    --header "Authorization: Bearer $KEY" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-examples "$MAX_EXAMPLES" \
    --seed 42 \
    --workers 1 \
    --report junit,ndjson --report-dir "$REPORT" \
    ${SCHEMATHESIS_ARGS:-} || status=$?
if grep -q "panicked\|internal error" "$DATA/server.log"; then
    echo "the server log has internal errors:" >&2
    grep "panicked\|internal error" "$DATA/server.log" | head -20 >&2
    status=1
fi
exit $status
