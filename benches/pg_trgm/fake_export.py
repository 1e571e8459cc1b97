#!/usr/bin/env python3
"""A small fake export, to test run.sh / compare.py without Frontline (see README.md):

  benches/pg_trgm/fake_export.py DIR [--persons 3000] [--queries 300] [--seed 1]
  benches/pg_trgm/run.sh --dir DIR --skip-export

Writes DIR/persons.tsv, DIR/queries.tsv and DIR/frontline.tsv in the export's format: random
names in Latin (some with diacritics), Cyrillic and Arabic letters, 1-5 names per person,
deliberate namesakes, a few awkward characters (backslash, quotes, apostrophes); queries with
0-2 edits, accent-stripped and reordered names, and negatives; a fake Frontline answer per
query (the expected person at rank 1, lower, a namesake, or missing) with random micros.
The numbers it leads to mean nothing about either engine.
"""

import argparse
import os
import random
import unicodedata

LATIN_FIRST = ["anna", "maria", "jose", "jürgen", "zoë", "françois", "søren", "łukasz", "mohamed",
               "ahmed", "li", "wei", "olga", "ivan", "sean", "siobhán", "renée", "andré", "müller",
               "john", "james", "fatima", "aisha", "nguyen", "thi", "hà", "giorgos", "dimitris"]
SYLLABLES = ["ka", "ro", "mi", "zu", "len", "dor", "vik", "sa", "ne", "tal", "bre", "gon", "li",
             "ma", "ster", "quin", "haus", "ber", "wicz", "ović", "escu", "son", "sen", "ez"]
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщыэюя"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def cap(s):
    return s[:1].upper() + s[1:]


def latin_surname(rng):
    return cap("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))))


def script_word(rng, alphabet, lo=3, hi=7):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))


def person_names(rng):
    kind = rng.random()
    if kind < 0.75:
        first = cap(rng.choice(LATIN_FIRST))
        last = latin_surname(rng)
        names = [f"{first} {last}"]
        if rng.random() < 0.3:
            names.append(f"{last.upper()} {first}")
        if rng.random() < 0.2:
            names.append(f"{first} {cap(rng.choice(LATIN_FIRST))} {last}")
    elif kind < 0.9:
        names = [cap(script_word(rng, CYRILLIC)) + " " + cap(script_word(rng, CYRILLIC))]
    else:
        names = [script_word(rng, ARABIC) + " " + script_word(rng, ARABIC)]
    while len(names) < 5 and rng.random() < 0.25:
        names.append(names[0] + " " + latin_surname(rng))
    return names


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def edit(name, rng):
    i = rng.randrange(len(name))
    op = rng.choice(["sub", "del", "ins", "swap"])
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if op == "sub":
        return name[:i] + letter + name[i + 1:]
    if op == "del" and len(name) > 4:
        return name[:i] + name[i + 1:]
    if op == "swap" and i + 1 < len(name):
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name[:i] + letter + name[i:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--persons", type=int, default=3000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.dir, exist_ok=True)

    persons = []
    for n in range(a.persons):
        source = rng.choice(["UN", "EU", "OFAC", "LOCAL"])
        if persons and rng.random() < 0.05:  # a namesake: someone else's primary name
            names = [rng.choice(persons)[2][0]]
        else:
            names = person_names(rng)
        persons.append((source, f"{source.lower()}-{n:06d}", names))
    # awkward characters the COPY path must carry through unchanged
    persons.append(("UN", "un-backslash", ["Back\\slash Name", 'Jo "Jack" Smith', "D'Arcy O'Neil"]))

    with open(os.path.join(a.dir, "persons.tsv"), "w", encoding="utf-8") as f:
        f.write("source\tid\tname\n")
        for source, pid, names in persons:
            for name in names:
                f.write(f"{source}\t{pid}\t{name}\n")

    queries = []
    families = ["exact", "edit1", "edit2", "no-accents", "reordered", "negative"]
    for i in range(a.queries):
        fam = families[i % len(families)]
        source, pid, names = rng.choice(persons)
        name = rng.choice(names)
        if fam == "exact":
            q = name
        elif fam == "edit1":
            q = edit(name, rng)
        elif fam == "edit2":
            q = edit(edit(name, rng), rng)
        elif fam == "no-accents":
            q = strip_accents(name).upper()
        elif fam == "reordered":
            q = " ".join(reversed(name.split()))
        else:
            q = f"{cap(script_word(rng, 'qxzvwj', 5, 8))} {cap(script_word(rng, 'qxzvwj', 5, 8))}"
            source = pid = ""
        queries.append((f"q{i:05d}", fam, q, source, pid))
    # the awkward names come back through COPY unchanged; Cyrillic and Arabic get trigrams
    cyr = next(p for p in persons if p[2][0][0] in CYRILLIC.upper())
    arb = next(p for p in persons if p[2][0][0] in ARABIC)
    for j, (fam, q, (source, pid, _)) in enumerate([
            ("awkward", "Back\\slash Name", persons[-1]), ("awkward", 'Jo "Jack" Smith', persons[-1]),
            ("awkward", "D'Arcy O'Neil", persons[-1]), ("awkward", cyr[2][0].lower(), cyr),
            ("awkward", arb[2][0], arb)]):
        queries.append((f"qa{j}", fam, q, source, pid))

    with open(os.path.join(a.dir, "queries.tsv"), "w", encoding="utf-8") as f:
        f.write("qid\tfamily\tname\texpect_source\texpect_id\n")
        for row in queries:
            f.write("\t".join(row) + "\n")

    keys = [f"{s}/{p}" for s, p, _ in persons]
    with open(os.path.join(a.dir, "frontline.tsv"), "w", encoding="utf-8") as f:
        f.write("qid\thits\tmicros\n")
        for qid, fam, _, source, pid in queries:
            others = rng.sample(keys, 9)
            r = rng.random()
            if not source:
                hits = others[:3] if r < 0.1 else []
            elif r < 0.7:
                hits = [f"{source}/{pid}"] + others
            elif r < 0.85:
                hits = others[:4] + [f"{source}/{pid}"] + others[4:]
            else:
                hits = others
            micros = int(rng.lognormvariate(6.0, 0.5))  # ~400 us
            f.write(f"{qid}\t{' '.join(hits)}\t{micros}\n")
    print(f"{a.dir}: {len(persons)} persons, {sum(len(n) for _, _, n in persons)} names, "
          f"{len(queries)} queries")


if __name__ == "__main__":
    main()
