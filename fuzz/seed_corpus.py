#!/usr/bin/env python3
"""Writes the seed files (`seed-*`) of fuzz/corpus/<target>/ from realistic inputs.

Sources, all read here, none downloaded:
- the project: tests/fixtures, index-data/ (feeds, manifests), the string constants of the
  unit tests (src/feeds/*.rs, src/screening/paxlst/tests.rs, the MRZ specimen table) and of
  tests/screening.rs;
- ../shared/docs/screening-standards.md: the specimen MRZs (§1.7) and PAXLST samples (§2.5);
- ../shared/data/watchman-testdata (when present): small excerpts of the OFAC SDN CSV (US
  government work, public domain) and the UN consolidated list XML (UN public document), and
  the hand-made 3-record Senzing fixture. The OpenSanctions US Congress export (CC BY-NC) is
  NOT used.

Run from anywhere: python3 fuzz/seed_corpus.py. It rewrites seed-* files only; the files
libFuzzer added (named by their SHA-1) are left alone.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SHARED = ROOT.parent / "shared"
TESTDATA = SHARED / "data" / "watchman-testdata"
OFAC_SEP = b"\x1e"


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / f"seed-{name}").write_bytes(data)


# ---- Rust string literals ---------------------------------------------------------------

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}


def rust_string(src, i):
    """Parses the string literal at src[i]; returns (value, index after it)."""
    if src[i] == "r":
        j = i + 1
        hashes = 0
        while src[j] == "#":
            hashes += 1
            j += 1
        assert src[j] == '"'
        end = src.index('"' + "#" * hashes, j + 1)
        return src[j + 1 : end], end + 1 + hashes
    assert src[i] == '"', src[i : i + 20]
    out = []
    j = i + 1
    while src[j] != '"':
        c = src[j]
        if c != "\\":
            out.append(c)
            j += 1
            continue
        e = src[j + 1]
        if e == "\n":  # continuation: skip the newline and the next line's indentation
            j += 2
            while src[j] in " \t\n":
                j += 1
        elif e == "u":
            end = src.index("}", j)
            out.append(chr(int(src[j + 3 : end], 16)))
            j = end + 1
        elif e == "x":
            out.append(chr(int(src[j + 2 : j + 4], 16)))
            j += 4
        else:
            out.append(ESCAPES[e])
            j += 2
    return "".join(out), j + 1


def rust_const(path, name, nth=0):
    """The value of `const NAME: &str = "..." | r#"..."# | concat!(...);` (or `let NAME =`) in
    a Rust file; a `name` holding `(` stands for the string argument of the `nth` call."""
    src = (ROOT / path).read_text()
    pattern = re.escape(name) + r"\s*" if "(" in name else r"(?:const " + name + r": &str|let " + name + r") =\s*"
    m = list(re.finditer(pattern, src))[nth]
    i = m.end()
    if src.startswith("concat!(", i):
        i += len("concat!(")
        parts = []
        while True:
            while src[i] in " \t\n,":
                i += 1
            if src.startswith("//", i):
                i = src.index("\n", i)
                continue
            if src[i] == ")":
                return "".join(parts)
            s, i = rust_string(src, i)
            parts.append(s)
    return rust_string(src, i)[0]


# ---- feeds ------------------------------------------------------------------------------


def feed_seeds():
    for f in sorted((ROOT / "tests" / "fixtures").glob("*.jsonl")):
        write("feed_jsonl", f"fixture-{f.stem}", f.read_bytes())
    for f in sorted((ROOT / "index-data" / "feeds").glob("*.jsonl")):
        lines = f.read_bytes().splitlines(keepends=True)
        write("feed_jsonl", f"index-data-{f.stem}", b"".join(lines[:6]))
    p = rust_const("src/feeds/jsonl.rs", "P")
    d = rust_const("src/feeds/jsonl.rs", "D")
    write("feed_jsonl", "unit-person-document", "\ufeff" + p + "\n\n" + d + "\r\n")
    write("feed_jsonl", "delete", '{"kind":"person","source":"INTERPOL","id":"P3","op":"delete"}\n')

    ofac = [rust_const("src/feeds/ofac.rs", n) for n in ("SDN_CSV", "ALT_CSV", "ADD_CSV", "COMMENTS_CSV")]
    write("feed_ofac", "unit-tests", OFAC_SEP.join(s.encode() for s in ofac))
    write("feed_un_xml", "unit-tests", rust_const("src/feeds/un_xml.rs", "UN"))
    ftm = rust_const("src/feeds/ftm.rs", "FTM")
    write("feed_ftm", "unit-tests", ftm)
    write("feed_senzing", "unit-array", rust_const("src/feeds/senzing.rs", "ARRAY"))
    write("feed_senzing", "unit-lines", rust_const("src/feeds/senzing.rs", "text"))
    write("feed_senzing", "unit-bad-array", rust_const("src/feeds/senzing.rs", "run(import,", 2))
    for n, line in enumerate(l for l in ftm.split("\n") if l.strip()):
        write("feed_ftm", f"unit-line-{n}", line + "\n")

    if TESTDATA.is_dir():
        ofac_excerpts()
        un_excerpts()
        write("feed_senzing", "peps-fixture", (TESTDATA / "opensanctions" / "peps_senzing.json").read_bytes())


def ofac_excerpts():
    """Small SDN folders: a few individuals (rich remarks, aliases, addresses, a comments
    tail) and one non-person, each with its rows of the side files."""
    for tag, folder in (("2019", TESTDATA), ("bench", TESTDATA / "bench")):
        files = {n: (folder / n).read_bytes().split(b"\n") for n in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")}
        ent = lambda row: row.split(b",", 1)[0]
        commented = {ent(r) for r in files["sdn_comments.csv"] if r.strip()}
        individuals = [r for r in files["sdn.csv"] if b'"individual"' in r]
        rich = [r for r in individuals if b"Passport" in r and b"DOB" in r]
        chosen = [
            [rich[0], rich[len(rich) // 2]],
            [r for r in individuals if ent(r) in commented][:2],
            [individuals[7], [r for r in files["sdn.csv"] if b'"vessel"' in r][0]],
        ]
        for n, rows in enumerate(chosen):
            ents = {ent(r) for r in rows}
            parts = [b"\n".join(rows) + b"\n"]
            for name in ("alt.csv", "add.csv", "sdn_comments.csv"):
                parts.append(b"\n".join(r for r in files[name] if ent(r) in ents) + b"\n")
            write("feed_ofac", f"sdn-{tag}-{n}", OFAC_SEP.join(parts))


def un_excerpts():
    text = (TESTDATA / "UN_consolidated.xml").read_text()
    head = text[: text.index("<INDIVIDUALS>")]
    individuals = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text, re.S)
    entities = re.findall(r"<ENTITY>.*?</ENTITY>", text, re.S)
    picks = [
        individuals[0:2],
        [i for i in individuals if "BETWEEN" in i][:1] + [i for i in individuals if "<INDIVIDUAL_DOCUMENT>" in i and "<NUMBER>" in i][:1],
        [i for i in individuals if "ALIAS_NAME>" in i and "Low" in i][:1] + [i for i in individuals if "NAME_ORIGINAL_SCRIPT" in i][:1],
    ]
    for n, picked in enumerate(picks):
        body = "<INDIVIDUALS>\n    " + "\n    ".join(picked) + "\n  </INDIVIDUALS>\n"
        if n == 0:
            body += "  <ENTITIES>\n    " + entities[0] + "\n  </ENTITIES>\n"
        write("feed_un_xml", f"un-{n}", head + body + "</CONSOLIDATED_LIST>\n")


# ---- screening --------------------------------------------------------------------------


def mrz_seeds():
    src = (ROOT / "src/screening/mrz/specimen_tests.rs").read_text()
    specimens = []
    for m in re.finditer(r"lines: &\[(.*?)\]", src, re.S):
        lines = re.findall(r'"([^"]*)"', m.group(1))
        if lines and all(re.fullmatch(r"[A-Z0-9<]{30,44}", l) for l in lines):
            specimens.append(lines)
    doc = (SHARED / "docs" / "screening-standards.md").read_text()
    section = doc[doc.index("### 1.7") : doc.index("### 1.8")]
    for block in re.findall(r"```\n(.*?)```", section, re.S):
        lines = block.split()
        if lines not in specimens:
            specimens.append(lines)
    for n, lines in enumerate(specimens):
        write("mrz", f"specimen-{n:02}", "\n".join(lines))
    # as scanners and officers send them: joined, lower case, spaced, CRLF
    td3 = specimens[0]
    write("mrz", "joined", "".join(td3))
    write("mrz", "lower-spaced", " \n".join(l.lower().replace("<<", "<< ") for l in td3))
    write("mrz", "crlf-short-line", "\r\n".join([td3[0][:-1], td3[1]]) + "\r\n")
    return specimens


def paxlst_seeds():
    tests = "src/screening/paxlst/tests.rs"
    for name in ("GUIDE_5_1", "GTAS_APIS", "CREW_LIST", "BAD_TRAVELLERS"):
        write("paxlst", f"unit-{name.lower()}", rust_const(tests, name))
    write("paxlst", "unit-envelope-msg", rust_const("src/screening/paxlst/envelope.rs", "MSG"))
    write("paxlst", "service-test", rust_const("tests/screening.rs", "PAXLST"))
    doc = (SHARED / "docs" / "screening-standards.md").read_text()
    section = doc[doc.index("### 2.5") : doc.index("### 2.6")]
    for n, block in enumerate(re.findall(r"```\n(.*?)```", section, re.S)):
        write("paxlst", f"standards-doc-{n}", block)
    edi = (ROOT / "index-data/manifests/manifest.edi").read_text().split("\n")
    nads = [i for i, l in enumerate(edi) if l.startswith("NAD+FL")]
    tail = [l for l in edi if l.startswith(("CNT", "UNT", "UNE", "UNZ"))]
    write("paxlst", "index-data-head", "\n".join(edi[: nads[4]] + tail) + "\n")


def manifest_seeds():
    write("manifest_csv", "service-test", rust_const("tests/screening.rs", "CSV"))
    rows = (ROOT / "index-data/manifests/manifest.csv").read_text().split("\n")
    write("manifest_csv", "index-data-head", "\n".join(rows[:9]) + "\n")
    write("manifest_csv", "index-data-rows", "\r\n".join([rows[0]] + rows[100:106]))
    write("manifest_csv", "quoted-bom", '\ufeffid,surname,given_names\n"P1","O\'Neil, ""Jr""",Mary\n,,\n')
    write("manifest_json", "service-test", rust_const("tests/screening.rs", "JSON_MANIFEST"))
    items = json.loads((ROOT / "index-data/manifests/manifest.json").read_text())
    write("manifest_json", "index-data-head", json.dumps(items[:6], ensure_ascii=False, indent=1))
    write("manifest_json", "nulls-and-bad", '[{"surname":null,"given_names":"A"},7,{"surname":"B","sex":1},{}]')


# ---- API bodies -------------------------------------------------------------------------


def api_seeds(specimens):
    person = [
        {"name": "Mohammed Al-Hassan", "date_of_birth": "1975-04-12", "nationality": "SYR", "gender": "M"},
        {"name": "Mohammed", "limit": 2},
        {"name": "Mohammed Khan", "min_score": 0.99},
        {"name": "محمد الحسن", "date_of_birth": "1975"},
        {"name": "Olga Smirnova", "date_of_birth": "1970-02"},
        {"name": "Евгений Иванов", "limit": 100, "min_score": 0},
        {"name": "王伟", "gender": "X"},
        {"name": "Johann Expiredmann", "limit": -1},
    ]
    document = [
        {"number": "XI234567"},
        {"number": "a8-8O1 2345", "issuing_country": "DEU"},
        {"number": "K5501234", "issuing_country": "ITA", "document_type": "id_card", "limit": 3},
        {"number": "MP7654321"},
        {"number": "YA0099887", "document_type": "passport"},
        {"number": "<<C01X00T47<<"},
    ]
    traveller = [
        {"mrz": "\n".join(specimens[0])},
        {"mrz": "".join(specimens[1]).lower()},
        {"name": "Ali Hassan", "date_of_birth": "03.04.1990", "nationality": "SYR", "gender": "M"},
        {"name": "MUELLER HANS", "date_of_birth": "1977-01-02", "document": {"number": "AB-801 2345", "issuing_country": "DEU", "document_type": "P"}},
        {"name": "Hans Jürgen Müller", "document": {"number": "C01X00T47"}, "limit": 100},
        {"mrz": "P<UTO", "name": "A"},
        {"name": "A B", "date_of_birth": "1975-13-01"},
    ]
    keys = [
        {"agency": "FRONTEX", "roles": ["officer"]},
        {"agency": "FRA-NCB", "roles": ["screener", "officer"], "label": "desk 4"},
        {"agency": "EUROPOL", "roles": ["admin"], "label": None},
        {"agency": "x", "roles": []},
    ]
    for target, bodies in (
        ("api_person_search", person),
        ("api_document_check", document),
        ("api_traveller_check", traveller),
        ("api_create_key", keys),
    ):
        for n, body in enumerate(bodies):
            write(target, f"{n:02}", json.dumps(body, ensure_ascii=False))


feed_seeds()
specimens = mrz_seeds()
paxlst_seeds()
manifest_seeds()
api_seeds(specimens)
for d in sorted(CORPUS.iterdir()):
    print(f"{d.name}: {len(list(d.iterdir()))} files")
