"""Frontline against PostgreSQL pg_trgm on the same persons and queries (run by pg_trgm.sh).

Queries: persons drawn at random (seeded) from the feeds, one of their names, with 1 to 3
random edits (insert, delete, substitute, transpose, doubled or undoubled letter) at random
letters. This generator knows nothing of the engine's spelling tables. A query is correct
at k when its record is among the first k records ("strict"), or a record with the same name
as the one edited is ("namesakes": synthetic feeds repeat common names without a date of
birth to tell them apart).
"""

import argparse
import glob
import http.client
import json
import random
import statistics
import string
import sys
import time
import urllib.parse

import psycopg

LETTERS = string.ascii_lowercase


def load(feeds):
    """(record key, [names]) of every person of the feeds that every agency may see: the
    local key's agency (LOCAL) sees only those, so PostgreSQL gets the same set (about 15%
    of synth's records are shared with some agencies only)."""
    persons = []
    for path in sorted(glob.glob(f"{feeds}/[A-Z]*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("kind") == "person" and "*" in r.get("sharing", []):
                    persons.append((f'{r["source"]}/{r["id"]}', r["names"]))
    return persons


def norm(name):
    return " ".join(name.casefold().split())


def edit(name, rng):
    """`name` with one random edit at a letter (a delete that would leave fewer than 3
    letters, or a swap of equal or non-letter neighbours, becomes a substitution)."""
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    kind = rng.choice(["insert", "delete", "substitute", "transpose", "double"])
    i = rng.choice(letters)
    c = name[i]
    lower = c.lower() == c
    rand = rng.choice(LETTERS)
    rand = rand if lower else rand.upper()
    if kind == "insert":
        return name[:i] + rand + name[i:]
    if kind == "delete" and len(letters) > 3:
        return name[:i] + name[i + 1:]
    if kind == "transpose" and i + 1 < len(name) and name[i + 1].isalpha() and name[i + 1] != c:
        return name[:i] + name[i + 1] + c + name[i + 2:]
    if kind == "double":
        if i + 1 < len(name) and name[i + 1] == c:
            return name[:i] + name[i + 1:]  # undouble
        return name[:i] + c + name[i:]
    while rand.lower() == c.lower():
        rand = rng.choice(LETTERS)
        rand = rand if lower else rand.upper()
    return name[:i] + rand + name[i + 1:]


def make_queries(persons, n, seed):
    rng = random.Random(seed)
    by_name = {}
    for key, names in persons:
        for name in names:
            by_name.setdefault(norm(name), set()).add(key)
    queries = []
    while len(queries) < n:
        key, names = rng.choice(persons)
        name = rng.choice(names)
        if sum(c.isalpha() for c in name) < 5:
            continue
        edits = rng.choice([1, 2, 3])
        q = name
        for _ in range(edits):
            q = edit(q, rng)
        if norm(q) == norm(name):
            continue
        queries.append({"query": q, "key": key, "edits": edits, "namesakes": by_name[norm(name)]})
    return queries


class Frontline:
    name = "Frontline"

    def __init__(self, url, key):
        u = urllib.parse.urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port)
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def search(self, q):
        body = json.dumps({"name": q, "limit": 10})
        self.conn.request("POST", "/v1/persons/search", body, self.headers)
        resp = self.conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            sys.exit(f"Frontline answered {resp.status}: {data[:200]!r}")
        return [f'{h["source"]}/{h["id"]}' for h in json.loads(data)["hits"]]


class Trgm:
    name = "PostgreSQL pg_trgm"
    SQL = (
        "SELECT rid FROM (SELECT rid, max(similarity(name, %(q)s)) AS s FROM names "
        "WHERE name %% %(q)s GROUP BY rid) t ORDER BY s DESC, rid LIMIT 10"
    )

    def __init__(self, dsn, persons):
        self.conn = psycopg.connect(dsn, autocommit=True)
        cur = self.conn.cursor()
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cur.execute("DROP TABLE IF EXISTS names")
        cur.execute("CREATE TABLE names (rid text NOT NULL, name text NOT NULL)")
        started = time.perf_counter()
        with cur.copy("COPY names (rid, name) FROM STDIN") as copy:
            for key, names in persons:
                for name in names:
                    copy.write_row((key, name))
        cur.execute("CREATE INDEX names_trgm ON names USING gin (name gin_trgm_ops)")
        cur.execute("VACUUM ANALYZE names")
        self.load_s = time.perf_counter() - started
        cur.execute("SELECT count(*) FROM names")
        self.rows = cur.fetchone()[0]
        self.cur = cur

    def search(self, q):
        self.cur.execute(self.SQL, {"q": q}, prepare=True)
        return [r[0] for r in self.cur.fetchall()]


def run(engine, queries):
    for q in queries[:50]:  # warm-up, not measured
        engine.search(q["query"])
    times, results = [], []
    for q in queries:
        t = time.perf_counter()
        hits = engine.search(q["query"])
        times.append((time.perf_counter() - t) * 1000)
        results.append(hits)
    return times, results


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def recall(queries, results, k, namesakes):
    ok = 0
    for q, hits in zip(queries, results):
        top = hits[:k]
        ok += any(h in q["namesakes"] for h in top) if namesakes else q["key"] in top
    return ok / len(queries)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", required=True)
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--key-file", required=True)
    ap.add_argument("--pg", required=True)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    persons = load(a.feeds)
    queries = make_queries(persons, a.queries, a.seed)
    key = open(a.key_file).read().strip()
    trgm = Trgm(a.pg, persons)
    print(f"{len(persons)} persons, {trgm.rows} names in PostgreSQL (COPY, GIN index, ANALYZE: "
          f"{trgm.load_s:.1f} s); {len(queries)} queries, 1-3 random edits, seed {a.seed}", file=sys.stderr)
    engines = [Frontline(a.frontline, key), trgm]
    rows = []
    for e in engines:
        times, results = run(e, queries)
        rows.append((e, times, results))
    print("| engine | recall@1 | recall@10 | recall@1 (namesakes) | recall@10 (namesakes) | "
          "recall@10 by edits 1 / 2 / 3 | p50 | p99 |")
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    for e, times, results in rows:
        by_edits = []
        for n in (1, 2, 3):
            sel = [(q, r) for q, r in zip(queries, results) if q["edits"] == n]
            hit = sum(q["key"] in r[:10] for q, r in sel)
            by_edits.append(f"{hit}/{len(sel)}")
        print(f"| {e.name} | {recall(queries, results, 1, False):.3f} | "
              f"{recall(queries, results, 10, False):.3f} | {recall(queries, results, 1, True):.3f} | "
              f"{recall(queries, results, 10, True):.3f} | {' / '.join(by_edits)} | "
              f"{pct(times, 50):.2f} ms | {pct(times, 99):.2f} ms |")
    (_, ft, _), (_, pt, _) = rows
    print(f"\npg_trgm p50 / Frontline p50: x{pct(pt, 50) / pct(ft, 50):.1f}; "
          f"p99: x{pct(pt, 99) / pct(ft, 99):.1f} (one client, one query at a time, loopback)")


if __name__ == "__main__":
    main()
