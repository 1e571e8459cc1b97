#!/usr/bin/env python3
"""Feeds written by another generator than `frontline synth`, to time an ingest on names the
project did not make: N persons spread over the nine sample organizations' files, their
names drawn by Faker in 20 locales (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, CJK and
Hangul scripts), 0-2 aliases each (about 1.9 names per person), a date of birth for most, a
passport for about half.

    python3 -m venv /tmp/faker-venv && /tmp/faker-venv/bin/pip install faker
    /tmp/faker-venv/bin/python benches/ingest/faker_feeds.py --persons 1000000 --out /tmp/faker1m
    /usr/bin/time frontline --data-dir /tmp/ixf ingest /tmp/faker1m/*.jsonl

Deterministic for a given --seed (Faker 40).
"""
import argparse
import json
import os
import random

from faker import Faker

LOCALES = [
    "en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "pl_PL", "nl_NL", "sv_SE", "tr_TR",
    "ru_RU", "uk_UA", "el_GR", "ar_AA", "fa_IR", "he_IL", "hi_IN", "zh_CN", "ja_JP", "ko_KR",
]
COUNTRY = {
    "en_US": "USA", "de_DE": "DEU", "fr_FR": "FRA", "es_ES": "ESP", "it_IT": "ITA",
    "pt_BR": "BRA", "pl_PL": "POL", "nl_NL": "NLD", "sv_SE": "SWE", "tr_TR": "TUR",
    "ru_RU": "RUS", "uk_UA": "UKR", "el_GR": "GRC", "ar_AA": "EGY", "fa_IR": "IRN",
    "he_IL": "ISR", "hi_IN": "IND", "zh_CN": "CHN", "ja_JP": "JPN", "ko_KR": "KOR",
}
# the sample layout's organizations and their shares of the records
SOURCES = [
    ("INTERPOL", 30), ("EUROPOL", 14), ("FRONTEX", 12), ("AMERIPOL", 9), ("AFRIPOL", 8),
    ("ASEANAPOL", 8), ("GCCPOL", 7), ("AIMC", 6), ("ECO", 6),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    fakers = {}
    for i, loc in enumerate(LOCALES):
        f = Faker(loc)
        f.seed_instance(args.seed + i)
        fakers[loc] = f
    os.makedirs(args.out, exist_ok=True)
    files = {s: open(os.path.join(args.out, f"{s}.jsonl"), "w", encoding="utf-8") for s, _ in SOURCES}
    sources = [s for s, _ in SOURCES]
    weights = [w for _, w in SOURCES]
    names_written = 0
    for n in range(args.persons):
        loc = LOCALES[rng.randrange(len(LOCALES))]
        f = fakers[loc]
        gender = rng.choice("MF")
        first = f.first_name_male() if gender == "M" else f.first_name_female()
        last = f.last_name()
        names = [f"{first} {last}"]
        for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 2])):
            other = f.first_name_male() if gender == "M" else f.first_name_female()
            alias = rng.choice([f"{other} {last}", f"{first} {f.last_name()}", f"{first} {other} {last}"])
            if alias not in names:
                names.append(alias)
        names_written += len(names)
        source = rng.choices(sources, weights)[0]
        rec = {
            "kind": "person",
            "source": source,
            "id": f"F{n:08d}",
            "names": names,
            "nationality": [COUNTRY[loc]],
            "gender": gender,
            "category": "wanted",
            "action": "detain and contact issuing agency",
            "documents": [],
            "sharing": ["*"],
        }
        if rng.random() < 0.9:
            rec["date_of_birth"] = f.date_of_birth(minimum_age=18, maximum_age=80).isoformat()
        if rng.random() < 0.5:
            number = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + "".join(
                rng.choice("0123456789") for _ in range(7))
            rec["documents"].append({"number": number, "issuing_country": COUNTRY[loc], "type": "passport"})
        files[source].write(json.dumps(rec, ensure_ascii=False) + "\n")
    for fh in files.values():
        fh.close()
    print(f"{args.persons} persons, {names_written} names in {len(files)} files under {args.out}")


if __name__ == "__main__":
    main()
