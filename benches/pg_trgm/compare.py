#!/usr/bin/env python3
"""Frontline against PostgreSQL pg_trgm on one export (run by run.sh; see README.md).

Reads the export directory written by `frontline eval --export DIR`:

  persons.tsv    source, id, name       one row per name of each indexed person
  queries.tsv    qid, family, name, expect_source, expect_id   (expect_* empty: negative)
  frontline.tsv  qid, hits, micros      Frontline's top 10 ("source/id" ...), one-thread latency

loads persons.tsv into the PostgreSQL server it is pointed at (COPY, norm = lower(unaccent(name)),
GIN gin_trgm_ops index), asks it every query one at a time over one connection, and prints a
Markdown report on stdout (progress on stderr). It also writes pg_trgm.tsv (same columns as
frontline.tsv, micros measured by this client) and report.md into --out (default: the export dir).

Recall is computed the same way for both engines from persons.tsv: strict (the expected
person is rank 1 / in the top 10) and namesake-tolerant (a hit also counts when one of its
names equals one of the expected person's names after fold()).
"""

import argparse
import datetime
import os
import platform
import sys
import time
import unicodedata

try:
    import psycopg2
except ImportError:  # run.sh installs it into a venv
    sys.exit("compare.py: psycopg2 is missing (run.sh installs psycopg2-binary into its venv)")

PERSONS_HEADER = ["source", "id", "name"]
QUERIES_HEADER = ["qid", "family", "name", "expect_source", "expect_id"]
HITS_HEADER = ["qid", "hits", "micros"]

# The query, as the brief for this bench fixes it: the best name of each person, 10 persons,
# pg_trgm's `%` (similarity >= pg_trgm.similarity_threshold) served by the GIN index. The query
# text is normalised in SQL exactly as the stored column was, once per query: as uncorrelated
# scalar subqueries (InitPlans) lower(unaccent($1)) is evaluated once, not again for every
# candidate row in the bitmap heap scan's recheck and in similarity() (written inline it is,
# and p50 was ~20% slower on a 500k-name test; same results).
PG_SQL = (
    "SELECT source, id, max(similarity(norm, (SELECT lower(unaccent($1))))) AS s "
    "FROM names WHERE norm % (SELECT lower(unaccent($1))) "
    "GROUP BY source, id ORDER BY s DESC, source, id LIMIT 10"
)


def log(msg):
    print(f"[compare] {msg}", file=sys.stderr, flush=True)


def die(msg):
    sys.exit(f"compare.py: {msg}")


# ---------------------------------------------------------------------------------------------
# files


def read_tsv(path, header):
    """Yield (line number, columns) of a TSV file with the given header (checked)."""
    try:
        f = open(path, encoding="utf-8", newline="")
    except OSError as e:
        die(f"cannot read {path}: {e.strerror}")
    with f:
        try:
            first = f.readline().rstrip("\r\n")
            if first.lstrip("\ufeff").split("\t") != header:
                die(f"{path}: header is {first!r}, expected the tab-separated columns {header}")
            for n, line in enumerate(f, start=2):
                line = line.rstrip("\r\n")
                if not line:
                    continue
                cols = line.split("\t")
                if len(cols) != len(header):
                    die(f"{path}:{n}: {len(cols)} columns, expected {len(header)} ({header})")
                yield n, cols
        except UnicodeDecodeError as e:
            die(f"{path}: not UTF-8 ({e})")


def read_queries(path):
    queries, seen = [], set()
    for n, (qid, family, name, src, eid) in read_tsv(path, QUERIES_HEADER):
        if qid in seen:
            die(f"{path}:{n}: duplicate qid {qid!r}")
        seen.add(qid)
        if bool(src) != bool(eid):
            die(f"{path}:{n}: expect_source and expect_id must both be set or both empty")
        expect = f"{src}/{eid}" if src else None
        if (family == "negative") != (expect is None):
            log(f"warning: {path}:{n}: family {family!r} but expect {'empty' if expect is None else expect}")
        queries.append({"qid": qid, "family": family or "(none)", "name": name, "expect": expect})
    if not queries:
        die(f"{path}: no queries")
    return queries


def read_hits(path):
    out = {}
    for n, (qid, hits, micros) in read_tsv(path, HITS_HEADER):
        try:
            us = float(micros)
        except ValueError:
            die(f"{path}:{n}: micros {micros!r} is not a number")
        if qid in out:
            die(f"{path}:{n}: duplicate qid {qid!r}")
        out[qid] = (hits.split(), us / 1000.0)
    return out


def write_hits(path, queries, results):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\t".join(HITS_HEADER) + "\n")
        for q in queries:
            hits, ms = results[q["qid"]]
            f.write(f"{q['qid']}\t{' '.join(hits)}\t{round(ms * 1000)}\n")


# ---------------------------------------------------------------------------------------------
# namesake fold: lowercase + unaccent-like fold + whitespace collapse (Python side only; the
# PostgreSQL side searches with its own lower(unaccent()))

_LETTERS = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "þ": "th", "Þ": "th", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss",
    "ı": "i", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l", "ŧ": "t", "Ŧ": "t",
})


def fold(name):
    s = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().split())


def scan_persons(path, wanted):
    """(rows, distinct persons, {key: set of folded names} for the keys in `wanted`)."""
    rows, keys, names = 0, set(), {}
    for _, (src, pid, name) in read_tsv(path, PERSONS_HEADER):
        key = f"{src}/{pid}"
        rows += 1
        keys.add(key)
        if key in wanted:
            names.setdefault(key, set()).add(fold(name))
    return rows, len(keys), names


# ---------------------------------------------------------------------------------------------
# PostgreSQL


class _CopyStream:
    """persons.tsv after its header, made safe for COPY's text format: a backslash is COPY's
    escape character, so it is doubled; carriage returns (CRLF files) are dropped."""

    def __init__(self, f):
        self.f = f

    def read(self, size=-1):
        return self.f.read(size).replace(b"\\", b"\\\\").replace(b"\r", b"")


def timed(cur, sql):
    t = time.perf_counter()
    cur.execute(sql)
    return time.perf_counter() - t


def pg_load(conn, persons_path):
    cur = conn.cursor()
    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cur.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    cur.execute("DROP TABLE IF EXISTS names, names_raw")
    cur.execute("CREATE UNLOGGED TABLE names_raw (source text, id text, name text)")
    t = {}
    with open(persons_path, "rb") as f:
        header = f.readline().rstrip(b"\r\n").decode("utf-8", "replace").lstrip("\ufeff")
        if header.split("\t") != PERSONS_HEADER:
            die(f"{persons_path}: header is {header!r}, expected the tab-separated columns {PERSONS_HEADER}")
        log("COPY persons.tsv ...")
        start = time.perf_counter()
        try:
            cur.copy_expert("COPY names_raw (source, id, name) FROM STDIN", _CopyStream(f), size=1 << 20)
        except psycopg2.Error as e:
            die(f"COPY of {persons_path} failed (COPY's line N is the file's line N+1): {e}")
        t["copy"] = time.perf_counter() - start
    log("norm = lower(unaccent(name)) ...")
    # one transaction: with wal_level=minimal the new table's rows skip the WAL
    conn.autocommit = False
    start = time.perf_counter()
    cur.execute("CREATE TABLE names (source text, id text, name text, norm text)")
    cur.execute("INSERT INTO names SELECT source, id, name, lower(unaccent(name)) FROM names_raw")
    conn.commit()
    t["norm"] = time.perf_counter() - start
    conn.autocommit = True
    cur.execute("DROP TABLE names_raw")
    log("CREATE INDEX ... USING gin (norm gin_trgm_ops) ...")
    t["index"] = timed(cur, "CREATE INDEX names_norm_trgm ON names USING gin (norm gin_trgm_ops)")
    log("VACUUM ANALYZE ...")
    t["analyze"] = timed(cur, "VACUUM (ANALYZE) names")
    cur.execute("SELECT count(*), pg_table_size('names'), pg_relation_size('names_norm_trgm') FROM names")
    t["rows"], t["table_bytes"], t["index_bytes"] = cur.fetchone()
    return t


def pg_setup_queries(conn, threshold):
    cur = conn.cursor()
    cur.execute("SELECT similarity('a', 'a')")  # loads pg_trgm.so, so its settings exist
    if threshold is not None:
        cur.execute("SET pg_trgm.similarity_threshold = %s", (str(threshold),))
    cur.execute("SELECT current_setting('pg_trgm.similarity_threshold'), "
                "current_setting('server_version'), "
                "(SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm')")
    info = dict(zip(("threshold", "version", "pg_trgm"), cur.fetchone()))
    cur.execute("PREPARE frontline_peer(text) AS " + PG_SQL)
    return cur, info


def pg_search(cur, name):
    cur.execute("EXECUTE frontline_peer(%s)", (name,))
    return [f"{src}/{pid}" for src, pid, _ in cur.fetchall()]


def pg_explain(cur, name):
    cur.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) EXECUTE frontline_peer(%s)", (name,))
    return "\n".join(r[0] for r in cur.fetchall())


def pg_run(cur, queries, warmup):
    for q in queries[:warmup]:
        pg_search(cur, q["name"])
    results, step = {}, max(1, len(queries) // 10)
    for i, q in enumerate(queries, start=1):
        t = time.perf_counter()
        hits = pg_search(cur, q["name"])
        results[q["qid"]] = (hits, (time.perf_counter() - t) * 1000.0)
        if i % step == 0 or i == len(queries):
            log(f"pg_trgm: {i}/{len(queries)} queries")
    return results


# ---------------------------------------------------------------------------------------------
# metrics and report


def pct(values, p):
    """Nearest-rank percentile (the same rule for both engines)."""
    xs = sorted(values)
    k = max(1, -(-len(xs) * p // 100))  # ceil(n * p / 100)
    return xs[int(k) - 1]


def score(queries, results, names):
    """Recall counters per family and overall, negatives with any hit, latencies."""
    def ok(hit, expect):
        return hit == expect or bool(names.get(hit, set()) & names.get(expect, set()))

    fam, total = {}, {"n": 0, "r1": 0, "r10": 0, "n1": 0, "n10": 0}
    neg = {"n": 0, "any": 0}
    lat = []
    for q in queries:
        hits, ms = results[q["qid"]]
        lat.append(ms)
        if q["expect"] is None:
            neg["n"] += 1
            neg["any"] += bool(hits)
            continue
        e, top = q["expect"], hits[:10]
        row = {
            "n": 1,
            "r1": top[:1] == [e],
            "r10": e in top,
            "n1": bool(top) and ok(top[0], e),
            "n10": any(ok(h, e) for h in top),
        }
        f = fam.setdefault(q["family"], dict.fromkeys(total, 0))
        for k, v in row.items():
            f[k] += v
            total[k] += v
    return {"fam": fam, "total": total, "neg": neg, "lat": lat}


def ratio(c, k):
    return f"{c[k] / c['n']:.3f}" if c["n"] else "–"


def ms(x):
    return f"{x:.3f}" if x < 1 else f"{x:.2f}"


def report(a, queries, engines, persons_rows, persons_n, load, info, missing_expect):
    positives = sum(q["expect"] is not None for q in queries)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [f"## Frontline vs PostgreSQL pg_trgm — {now}", ""]
    out.append(f"- **{persons_rows:,} names** ({persons_n:,} persons) indexed by both; "
               f"**{len(queries):,} queries** ({positives:,} with an expected person, "
               f"{len(queries) - positives:,} negative)")
    if a.label:
        out.append(f"- Frontline: {a.label}")
    out.append("- Frontline latency: the export's own per-query micros (one thread, in process)")
    out.append(f"- PostgreSQL {info['version']}, pg_trgm {info['pg_trgm']}, "
               f"**pg_trgm.similarity_threshold = {info['threshold']}**; "
               "GIN (gin_trgm_ops) on norm = lower(unaccent(name)); "
               "`WHERE norm % q`, best name per person, top 10")
    out.append(f"- PostgreSQL latency: client-side (psycopg2), one connection on a unix socket, "
               f"server-side prepared statement, one query at a time after a {a.warmup}-query "
               f"warm-up; {a.pg_settings}")
    out.append(f"- PostgreSQL load: COPY {load['copy']:.1f} s, norm {load['norm']:.1f} s, "
               f"GIN index build {load['index']:.1f} s, VACUUM ANALYZE {load['analyze']:.1f} s; "
               f"table {load['table_bytes'] / 2**20:,.0f} MiB, index {load['index_bytes'] / 2**20:,.0f} MiB")
    out.append(f"- machine: {cpu_model()}, {os.cpu_count()} cores, {mem_gib()}; {platform.system()} "
               f"{platform.release()}")
    if missing_expect:
        out.append(f"- **warning**: {missing_expect} queries expect a person absent from persons.tsv")
    out += ["", "| engine | recall@1 | recall@10 | recall@1 (namesakes ok) | recall@10 (namesakes ok) "
            "| negatives with any hit | p50 ms | p99 ms |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label, s in engines:
        t, neg = s["total"], s["neg"]
        neg_s = f"{neg['any'] / neg['n']:.3f} ({neg['any']}/{neg['n']})" if neg["n"] else "–"
        out.append(f"| {label} | {ratio(t, 'r1')} | {ratio(t, 'r10')} | {ratio(t, 'n1')} | "
                   f"{ratio(t, 'n10')} | {neg_s} | {ms(pct(s['lat'], 50))} | {ms(pct(s['lat'], 99))} |")
    (_, fl), (_, pg) = engines
    r50 = pct(pg["lat"], 50) / pct(fl["lat"], 50) if pct(fl["lat"], 50) > 0 else float("inf")
    r99 = pct(pg["lat"], 99) / pct(fl["lat"], 99) if pct(fl["lat"], 99) > 0 else float("inf")
    out += ["", f"PostgreSQL p50 / Frontline p50 = **×{r50:.1f}** (p99: ×{r99:.1f}). "
            "Negatives with any hit depend on each engine's own cut-off, so they are not comparable "
            "as a score.", ""]
    fams = sorted(set(fl["fam"]) | set(pg["fam"]))
    if fams:
        out += ["### Recall per family (strict / namesakes ok)", "",
                "| family | queries | Frontline R@1 | Frontline R@10 | Frontline R@1 ns | Frontline R@10 ns "
                "| pg_trgm R@1 | pg_trgm R@10 | pg_trgm R@1 ns | pg_trgm R@10 ns |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        empty = {"n": 0}
        for name in fams:
            f, p = fl["fam"].get(name, empty), pg["fam"].get(name, empty)
            out.append(f"| {name} | {f['n']:,} | " + " | ".join(ratio(f, k) for k in ("r1", "r10", "n1", "n10"))
                       + " | " + " | ".join(ratio(p, k) for k in ("r1", "r10", "n1", "n10")) + " |")
    return "\n".join(out) + "\n"


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def mem_gib():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(f.readline().split()[1])
        return f"{kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        return "RAM unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", required=True, help="export directory (persons.tsv, queries.tsv, frontline.tsv)")
    ap.add_argument("--out", help="where pg_trgm.tsv and report.md go (default: --dir)")
    ap.add_argument("--check", action="store_true",
                    help="only check queries.tsv, frontline.tsv and persons.tsv's header, then exit")
    ap.add_argument("--host", help="PostgreSQL host or unix socket directory (required without --check)")
    ap.add_argument("--port", type=int, default=5432)
    ap.add_argument("--user", default="bench")
    ap.add_argument("--dbname", default="postgres")
    ap.add_argument("--warmup", type=int, default=50, help="untimed queries first (default 50)")
    ap.add_argument("--threshold", type=float, help="pg_trgm.similarity_threshold (default: pg_trgm's own)")
    ap.add_argument("--label", default="", help="a line on the Frontline build and export")
    ap.add_argument("--pg-settings", default="", help="a line on the server's settings, for the report")
    a = ap.parse_args()

    d = a.dir
    paths = {k: os.path.join(d, f"{k}.tsv") for k in ("persons", "queries", "frontline")}
    for k, p in paths.items():
        if not os.path.isfile(p):
            die(f"{p} is missing (the export writes persons.tsv, queries.tsv, frontline.tsv)")

    # everything that can be checked before the (long) load is checked first
    queries = read_queries(paths["queries"])
    frontline = read_hits(paths["frontline"])
    missing = [q["qid"] for q in queries if q["qid"] not in frontline]
    if missing:
        die(f"{paths['frontline']}: {len(missing)} of {len(queries)} queries have no row "
            f"(first: {missing[:5]})")
    extra = len(frontline) - len(queries)
    if extra:
        log(f"warning: frontline.tsv has {extra} qids that are not in queries.tsv (ignored)")
    log(f"{len(queries)} queries, frontline.tsv complete")
    next(read_tsv(paths["persons"], PERSONS_HEADER), None)  # its header
    if a.check:
        return
    if not a.host:
        die("--host is required")

    try:
        conn = psycopg2.connect(host=a.host, port=a.port, user=a.user, dbname=a.dbname,
                                client_encoding="UTF8", application_name="frontline-pg-trgm-bench")
    except psycopg2.Error as e:
        die(f"cannot connect to PostgreSQL at {a.host}:{a.port}: {e}")
    conn.autocommit = True

    load = pg_load(conn, paths["persons"])
    log(f"loaded {load['rows']:,} names: COPY {load['copy']:.1f} s, norm {load['norm']:.1f} s, "
        f"index {load['index']:.1f} s, VACUUM ANALYZE {load['analyze']:.1f} s")
    cur, info = pg_setup_queries(conn, a.threshold)
    log(f"PostgreSQL {info['version']}, pg_trgm {info['pg_trgm']}, similarity_threshold {info['threshold']}")
    pg = pg_run(cur, queries, a.warmup)
    first = next((q for q in queries if q["expect"]), queries[0])
    log(f"plan of query {first['qid']} ({first['name']!r}) after the run:\n{pg_explain(cur, first['name'])}")
    conn.close()

    wanted = {q["expect"] for q in queries if q["expect"]}
    for res in (frontline, pg):
        for q in queries:
            wanted.update(res[q["qid"]][0])
    log("scanning persons.tsv for the names of expected persons and hits ...")
    rows, persons_n, names = scan_persons(paths["persons"], wanted)
    if rows != load["rows"]:
        log(f"warning: persons.tsv has {rows} rows, PostgreSQL loaded {load['rows']}")
    missing_expect = sum(1 for q in queries if q["expect"] and q["expect"] not in names)

    engines = [("Frontline", score(queries, frontline, names)),
               ("PostgreSQL pg_trgm", score(queries, pg, names))]
    text = report(a, queries, engines, rows, persons_n, load, info, missing_expect)
    out = a.out or d
    try:
        write_hits(os.path.join(out, "pg_trgm.tsv"), queries, pg)
        with open(os.path.join(out, "report.md"), "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        log(f"warning: could not write pg_trgm.tsv / report.md into {out}: {e}")
    sys.stdout.write(text)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("compare.py: interrupted")
