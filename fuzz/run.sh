#!/usr/bin/env bash
# Fuzzes every target for SECONDS each (default 300), one after another, single worker, on
# stable Rust (`-s none`: no sanitizer; ASan needs nightly). Growing corpora are kept in
# fuzz/corpus/<target>/ (committed); crashes land in fuzz/artifacts/<target>/ (not committed:
# fix them, add a unit test beside the fix, and copy the input into the corpus as
# regress-<what>).
#
#   fuzz/run.sh [SECONDS] [TARGET...]      e.g. fuzz/run.sh 60 mrz paxlst
#   fuzz/run.sh --minimise [TARGET...]     only minimise the corpora (no fuzzing)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). The build has debug assertions and overflow
# checks on (cargo-fuzz's default), so an overflow the release build would wrap is a crash here.
# A corpus over MAX_CORPUS files (default 300) is minimised afterwards (see minimise). Each
# target's statistics (executions, coverage, corpus) are printed at the end and kept, with the
# whole libFuzzer log, in fuzz/target/logs/.
set -euo pipefail
cd "$(dirname "$0")"

MINIMISE_ONLY=false
if [ "${1:-}" = "--minimise" ]; then
    MINIMISE_ONLY=true
    shift
    set -- 0 "$@"
fi
SECONDS_EACH=${1:-300}
shift || true
MAX_CORPUS=${MAX_CORPUS:-300}
if [ $# -gt 0 ]; then
    TARGETS=("$@")
else
    mapfile -t TARGETS < <(cargo fuzz list)
fi

# The targets write scratch files (feeds, a small index) under TMPDIR; libFuzzer exits
# without running destructors, so keep them here and remove them after each target. One
# folder per run.sh process, so that several can fuzz different targets at once (one core
# each: `fuzz/run.sh 300 mrz paxlst & fuzz/run.sh 300 feed_jsonl feed_ofac`).
SCRATCH="$PWD/target/tmp-$$"
LOGS="$PWD/target/logs"
mkdir -p "$LOGS"

cargo fuzz build -s none

count() { find "$1" -type f | wc -l; }

# Minimises corpus/$1 like `cargo fuzz cmin`, but keeps the seed-* files (seed_corpus.py) and
# the regress-* files (inputs that once crashed) with their names:
# libFuzzer's merge keeps every file of the first folder and adds from the others a small set
# of inputs covering what they cover (-set_cover_merge: a greedy set cover, smaller than
# -merge's first-come pick). Coverage counts edges and hit-count buckets; when that still
# leaves more than MAX_CORPUS files, edges only (-use_counters=0).
minimise() {
    local t=$1 before new flags
    before=$(count "corpus/$t")
    for flags in "" "-use_counters=0"; do
        new="corpus/$t.min"
        rm -rf "$new" && mkdir -p "$new" "$SCRATCH"
        cp corpus/"$t"/seed-* corpus/"$t"/regress-* "$new"/ 2>/dev/null || true
        # shellcheck disable=SC2086
        TMPDIR="$SCRATCH" cargo fuzz run -s none "$t" "$new" "corpus/$t" -- -set_cover_merge=1 $flags \
            >"$LOGS/$t.merge.log" 2>&1
        rm -rf "$SCRATCH"
        rm -rf "corpus/$t" && mv "$new" "corpus/$t"
        [ "$(count "corpus/$t")" -le "$MAX_CORPUS" ] && break
    done
    echo "   corpus/$t minimised: $before -> $(count "corpus/$t") files"
}

if $MINIMISE_ONLY; then
    for t in "${TARGETS[@]}"; do
        minimise "$t"
    done
    exit 0
fi

summary=()
status=0
for t in "${TARGETS[@]}"; do
    mkdir -p "corpus/$t" "$SCRATCH"
    echo "== $t: ${SECONDS_EACH}s"
    log="$LOGS/$t.log"
    set +e
    TMPDIR="$SCRATCH" cargo fuzz run -s none "$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1
    rc=$?
    set -e
    rm -rf "$SCRATCH"
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    if [ $rc -ne 0 ]; then
        status=1
        summary+=("$t: CRASH (rc $rc), see $log and artifacts/$t/")
        grep -E 'panicked at|SUMMARY|Test unit written' "$log" | head -5 || true
    else
        summary+=("$t: ${SECONDS_EACH}s, ${execs:-?} executions; $last")
    fi
    if [ "$(count "corpus/$t")" -gt "$MAX_CORPUS" ]; then
        minimise "$t"
    fi
done

echo
printf '%s\n' "${summary[@]}"
exit $status
