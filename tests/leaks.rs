//! Sharing rules hold through every route: a randomized property test of what each agency
//! sees. A seeded feed set (six sources, eight agencies, see [`World::generate`]) is served
//! by the real binary and queried as every agency through every route: person search,
//! document check, record fetch, traveller check by name and by MRZ, manifest screening in
//! CSV, JSON and PAXLST, screening jobs, feed administration.
//!
//! Properties checked, for every response to an agency A:
//! - no record hidden from A shows: no `{source, id}` object names one, and no string anywhere
//!   in the response carries a hidden record's id (`rec-NNNNN`), its action marker
//!   (`desk-NNNNN`) or its alias name (`Xq` + four letters, also folded in explanations);
//! - for reference agencies (those that see no hidden crowd; always LOCAL among them) the
//!   response equals, field by field and ignoring `took_ms`, the response of a second server
//!   whose index holds only the records visible to A: the same hits, scores and explanations,
//!   so neither a candidate cap nor rarity statistics let records hidden from A change what A
//!   gets;
//! - a visible record next to a hidden crowd of near-identical ones (120 persons of one name
//!   and date of birth, 60 documents of one number: more than the candidate caps) is found;
//! - a hidden record fetched by id is the same 404 as a record that does not exist;
//! - a screening job is its submitter's: its results equal the synchronous screening of the
//!   same manifest, and another agency gets 404 for it and for its cancellation and does not
//!   see it listed;
//! - feed administration: an agency's admin sees only its own sources and their ingest jobs,
//!   the local operator (LOCAL) all of them;
//! - organization prefixes (`EUROPOL*`, `EUROPOL-*`) admit exactly the codes they start, also
//!   beside codes they cover (each visible record counted once), and a malformed sharing
//!   entry (`*EUROPOL`, `EURO POL*`) refuses the whole feed.
//!
//! The seed is printed; `FRONTLINE_LEAK_SEED=N cargo test --release --test tests leaks`
//! replays a run.

use crate::util::{cli, eventually, strings_of, Server};
use frontline::screening::mrz::{encode, MrzFields, MrzFormat};
use frontline::search::{DOCUMENT_CANDIDATE_CAP, PERSON_CANDIDATE_CAP};
use frontline::synth::manifests::{write_csv, write_json, write_paxlst, Planted, SynthTraveller};
use frontline::synth::Rng;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Agencies that query: six sources (each owns a feed; EUROPOL-NL and EUROPOL-DE share the
/// organization prefix EUROPOL, which is an agency of its own), a national bureau that owns
/// nothing, and the local operator (whose key sees what is shared with everyone or with LOCAL).
const AGENCIES: [&str; 8] = [
    "INTERPOL",
    "EUROPOL",
    "EUROPOL-NL",
    "EUROPOL-DE",
    "FRONTEX",
    "AFRIPOL",
    "FRA-NCB",
    "LOCAL",
];
/// The agencies that own a feed.
const SOURCES: [&str; 6] = [
    AGENCIES[0],
    AGENCIES[1],
    AGENCIES[2],
    AGENCIES[3],
    AGENCIES[4],
    AGENCIES[5],
];
const ORG: &str = "EUROPOL";
const ORG_MEMBERS: [&str; 2] = ["EUROPOL-NL", "EUROPOL-DE"];

/// Sizes. Outside the crowds, persons (at most 6 x 11 + 8 x 3 + 1 = 91) stay within the
/// person candidate cap and number-holding records (6 x 5 + 3 x 2 + 10 + 1 = 47) within the
/// document one, so for an agency that sees no crowd every query's candidates all fit and the
/// reference comparison is exact (asserted in `generate`).
const PERSONS_PER_SOURCE: usize = 11;
const DOCUMENTS_PER_SOURCE: usize = 5;
const PERSON_TWIN_GROUPS: usize = 8;
const DOCUMENT_TWIN_GROUPS: usize = 3;
const PERSONS_WITH_DOCUMENTS: usize = 10;
const PERSON_CROWD: usize = 120;
const DOCUMENT_CROWD: usize = 60;
/// Agencies compared with a server of their own visible records.
const REFERENCE_AGENCIES: usize = 3;
/// Requests per agency, besides the crowd queries, three manifests, a screening job, twelve
/// record fetches and feed administration.
const PERSON_SEARCHES: usize = 48;
const DOCUMENT_CHECKS: usize = 24;
const TRAVELLER_CHECKS: usize = 12;
const MRZ_CHECKS: usize = 8;

const GIVEN: [&str; 40] = [
    "Anna",
    "Maria",
    "Jan",
    "Piotr",
    "Ahmed",
    "Fatima",
    "Omar",
    "Leila",
    "Chidi",
    "Ngozi",
    "Kwame",
    "Ama",
    "Ivan",
    "Olga",
    "Dmitri",
    "Elena",
    "Lukas",
    "Sophie",
    "Pierre",
    "Camille",
    "Marco",
    "Giulia",
    "Javier",
    "Lucia",
    "Mehmet",
    "Ayse",
    "Yusuf",
    "Zeynep",
    "Samir",
    "Nadia",
    "Tomasz",
    "Agnieszka",
    "Henrik",
    "Ingrid",
    "Matteo",
    "Chiara",
    "Kofi",
    "Abena",
    "Bogdan",
    "Irina",
];
const SURNAMES: [&str; 40] = [
    "Kowalski",
    "Nowak",
    "Wisniewski",
    "Haddad",
    "Mansour",
    "Okafor",
    "Mensah",
    "Diallo",
    "Traore",
    "Petrov",
    "Ivanova",
    "Smirnov",
    "Schmidt",
    "Fischer",
    "Weber",
    "Jansen",
    "de Vries",
    "Bakker",
    "Moreau",
    "Lefebvre",
    "Rossi",
    "Bianchi",
    "Garcia",
    "Martinez",
    "Yilmaz",
    "Demir",
    "Kaya",
    "Popescu",
    "Horvat",
    "Novak",
    "Lindqvist",
    "Johansson",
    "Virtanen",
    "Papadopoulos",
    "Kovacs",
    "Nagy",
    "Dvorak",
    "Ortega",
    "Castillo",
    "Adeyemi",
];
const COUNTRIES: [&str; 12] = [
    "FRA", "DEU", "NLD", "POL", "ESP", "ITA", "NGA", "GHA", "SYR", "TUR", "ROU", "SWE",
];
/// Letters of generated document numbers: no O or I (OCR-confusable with digits) and no X
/// or Q (an `xq` in a response marks an alias).
const NUMBER_LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVWYZ";

#[derive(Debug, Clone)]
struct Person {
    given: String,
    surname: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    dob: Option<String>,
    nationality: &'static str,
    gender: char,
    /// Own documents: (number, issuing country).
    documents: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone)]
struct Document {
    number: String,
    country: &'static str,
    doc_type: &'static str,
    status: &'static str,
    holder: Option<(String, Option<String>)>,
}

#[derive(Debug, Clone)]
enum Body {
    Person(Person),
    Document(Document),
}

/// One generated record; its serial is its index in [`World::recs`].
#[derive(Debug, Clone)]
struct Rec {
    serial: usize,
    source: &'static str,
    /// `None`: the line has no `sharing` (everyone sees it).
    sharing: Option<Vec<String>>,
    body: Body,
}

/// Four letters naming `serial` (base 26), for alias names.
fn letters(serial: usize) -> String {
    (0..4)
        .rev()
        .map(|k| (b'a' + (serial / 26usize.pow(k) % 26) as u8) as char)
        .collect()
}

fn unletters(s: &[u8]) -> usize {
    s.iter().fold(0, |n, c| n * 26 + usize::from(c - b'a'))
}

impl Rec {
    fn id(&self) -> String {
        format!("rec-{:05}", self.serial)
    }

    /// A name no query uses, unique to this record (`Xqabcd`).
    fn alias(&self) -> String {
        format!("Xq{}", letters(self.serial))
    }

    /// The sharing rule as the README states it: listed agencies, organization prefixes
    /// (`EUROPOL*`: every code that starts with `EUROPOL`), `*` for everyone, and the owner
    /// always. Written here from the README, not with the engine's code.
    fn visible_to(&self, agency: &str) -> bool {
        agency == self.source
            || self.sharing.as_ref().is_none_or(|s| {
                s.iter().any(|c| {
                    c == "*"
                        || c == agency
                        || c.strip_suffix('*')
                            .is_some_and(|stem| agency.starts_with(stem))
                })
            })
    }

    fn person(&self) -> Option<&Person> {
        match &self.body {
            Body::Person(p) => Some(p),
            Body::Document(_) => None,
        }
    }

    /// Numbers this record holds: a listed document's, or a person's own.
    fn numbers(&self) -> Vec<(String, &'static str)> {
        match &self.body {
            Body::Person(p) => p.documents.clone(),
            Body::Document(d) => vec![(d.number.clone(), d.country)],
        }
    }

    fn line(&self) -> Value {
        let mut v = match &self.body {
            Body::Person(p) => {
                let mut v = json!({
                    "kind": "person", "source": self.source, "id": self.id(),
                    "names": [format!("{} {}", p.given, p.surname), self.alias()],
                    "nationality": [p.nationality], "gender": p.gender.to_string(),
                    "category": "wanted",
                    "action": format!("arrest and notify desk-{:05}", self.serial),
                });
                if let Some(d) = &p.dob {
                    v["date_of_birth"] = json!(d);
                }
                if !p.documents.is_empty() {
                    v["documents"] = p
                        .documents
                        .iter()
                        .map(
                            |(n, c)| json!({"number": n, "issuing_country": c, "type": "passport"}),
                        )
                        .collect();
                }
                v
            }
            Body::Document(d) => {
                let mut v = json!({
                    "kind": "document", "source": self.source, "id": self.id(),
                    "number": d.number, "issuing_country": d.country,
                    "document_type": d.doc_type, "status": d.status, "reported": "2025-03-01",
                });
                if let Some((name, dob)) = &d.holder {
                    v["holder"] = json!({"names": [name, self.alias()]});
                    if let Some(dob) = dob {
                        v["holder"]["date_of_birth"] = json!(dob);
                    }
                }
                v
            }
        };
        if let Some(s) = &self.sharing {
            v["sharing"] = json!(s);
        }
        v
    }
}

/// Many records hidden from most agencies around one visible to all.
#[derive(Debug)]
struct Crowd {
    /// The crowd's serials; all of one owner, shared with at most one other agency.
    members: Vec<usize>,
    /// The visible record the crowd would push out of a candidate cap.
    needle: usize,
    /// The query that finds the crowd first: a person search or a document check body.
    query: Value,
}

struct World {
    recs: Vec<Rec>,
    persons: Crowd,
    documents: Crowd,
}

fn share(codes: &[&str]) -> Option<Vec<String>> {
    Some(codes.iter().map(|c| c.to_string()).collect())
}

/// A random sharing rule for a record of `source`.
fn sharing(rng: &mut Rng, source: &str) -> Option<Vec<String>> {
    match rng.idx(12) {
        0 => None,
        1 | 2 => share(&["*"]),
        3 | 4 => share(&[source]),
        // the organization's own code: not its member agencies
        5 => share(&[ORG]),
        // the organization and its member agencies by prefix, alone or beside codes it covers
        6 => match rng.idx(3) {
            0 => share(&["EUROPOL*"]),
            1 => share(&["EUROPOL*", ORG_MEMBERS[0], "FRONTEX"]),
            _ => share(&["EUROPOL-*", "EUROPOL-NL", "EUROPOL-D*"]),
        },
        7 => {
            let other = *rng.pick(&AGENCIES);
            share(&[other, "*"])
        }
        _ => {
            let n = 1 + rng.idx(3);
            let mut v: Vec<String> = Vec::new();
            while v.len() < n {
                let a = rng.pick(&AGENCIES).to_string();
                if !v.contains(&a) {
                    v.push(a);
                }
            }
            Some(v)
        }
    }
}

fn public(s: &Option<Vec<String>>) -> bool {
    s.as_ref().is_none_or(|s| s.iter().any(|c| c == "*"))
}

/// A rule that hides the record from someone.
fn restricted(rng: &mut Rng, source: &str) -> Option<Vec<String>> {
    loop {
        let s = sharing(rng, source);
        if !public(&s) {
            return s;
        }
    }
}

/// The owner of a crowd and its rule: the owner only, or the owner and one other agency
/// (never LOCAL, which is always a reference agency).
fn crowd_rule(rng: &mut Rng) -> (&'static str, Option<Vec<String>>) {
    let owner = *rng.pick(&SOURCES);
    let sharee = rng
        .chance(500)
        .then(|| *rng.pick(&AGENCIES[..7]))
        .filter(|a| *a != owner);
    let codes: Vec<&str> = [Some(owner), sharee].into_iter().flatten().collect();
    (owner, share(&codes))
}

/// One edit of a word (substitution, deletion, insertion or transposition), never of its
/// first letter.
fn edit(rng: &mut Rng, word: &str) -> String {
    let c: Vec<char> = word.chars().collect();
    loop {
        let letter = (b'a' + rng.idx(26) as u8) as char;
        let mut out = c.clone();
        match rng.idx(4) {
            0 => out[1 + rng.idx(c.len() - 1)] = letter,
            1 if c.len() > 4 => {
                out.remove(1 + rng.idx(c.len() - 1));
            }
            2 => out.insert(1 + rng.idx(c.len()), letter),
            3 if c.len() > 3 => {
                let i = 1 + rng.idx(c.len() - 2);
                out.swap(i, i + 1);
            }
            _ => continue,
        }
        let out: String = out.into_iter().collect();
        if out != word {
            return out;
        }
    }
}

/// One edit of a two-part name: of the surname or of the given name.
fn edit_name(rng: &mut Rng, given: &str, surname: &str) -> (String, String) {
    if rng.chance(700) {
        let last = surname.rsplit(' ').next().unwrap();
        let prefix = &surname[..surname.len() - last.len()];
        (given.to_string(), format!("{prefix}{}", edit(rng, last)))
    } else {
        (edit(rng, given), surname.to_string())
    }
}

/// One digit of a number changed.
fn edit_number(rng: &mut Rng, n: &str) -> String {
    let mut b = n.as_bytes().to_vec();
    let digits: Vec<usize> = (0..b.len()).filter(|&i| b[i].is_ascii_digit()).collect();
    let i = *rng.pick(&digits);
    b[i] = b'0' + ((b[i] - b'0' + 1 + rng.idx(9) as u8) % 10);
    String::from_utf8(b).unwrap()
}

fn full_date(rng: &mut Rng) -> String {
    format!(
        "{}-{:02}-{:02}",
        1950 + rng.idx(55),
        1 + rng.idx(12),
        1 + rng.idx(28)
    )
}

fn dob(rng: &mut Rng) -> Option<String> {
    let d = full_date(rng);
    match rng.idx(20) {
        0 => None,
        1 | 2 => Some(d[..4].to_string()),
        3..=5 => Some(d[..7].to_string()),
        _ => Some(d),
    }
}

fn push(
    recs: &mut Vec<Rec>,
    source: &'static str,
    sharing: Option<Vec<String>>,
    body: Body,
) -> usize {
    let serial = recs.len();
    recs.push(Rec {
        serial,
        source,
        sharing,
        body,
    });
    serial
}

fn document(rng: &mut Rng, number: String, country: &'static str) -> Body {
    let holder = rng.chance(500).then(|| {
        let name = format!("{} {}", rng.pick(&GIVEN), rng.pick(&SURNAMES));
        (name, dob(rng))
    });
    Body::Document(Document {
        number,
        country,
        doc_type: rng_pick(rng, &["passport", "id_card", "passport"]),
        status: rng_pick(rng, &["stolen", "lost", "revoked"]),
        holder,
    })
}

fn person(rng: &mut Rng, given: &str, surname: &str, dob: Option<String>) -> Body {
    Body::Person(Person {
        given: given.to_string(),
        surname: surname.to_string(),
        dob,
        nationality: rng_pick(rng, &COUNTRIES),
        gender: *rng.pick(&['M', 'F']),
        documents: Vec::new(),
    })
}

impl World {
    /// The feed set of one seed: per source 11 persons and 5 listed documents with random
    /// sharing; twin groups (the same person, or one edit apart, in 2-3 sources under
    /// different rules, at least one hidden from someone); document twins (one number, or one
    /// digit apart, in two sources); persons holding documents, some with a listed number;
    /// and two hidden crowds with their visible needle.
    fn generate(rng: &mut Rng) -> World {
        let mut recs: Vec<Rec> = Vec::new();
        let mut used = BTreeSet::new();
        let mut fresh_number = |rng: &mut Rng| loop {
            let mut n = String::new();
            for _ in 0..2 {
                n.push(*rng.pick(NUMBER_LETTERS) as char);
            }
            for _ in 0..7 {
                n.push((b'0' + rng.idx(10) as u8) as char);
            }
            if used.insert(n.clone()) {
                return n;
            }
        };
        // listed documents, then their twins
        for source in SOURCES {
            for _ in 0..DOCUMENTS_PER_SOURCE {
                let number = fresh_number(rng);
                let country = *rng.pick(&COUNTRIES);
                let body = document(rng, number, country);
                let s = sharing(rng, source);
                push(&mut recs, source, s, body);
            }
        }
        let listed: Vec<usize> = (0..recs.len()).collect();
        for _ in 0..DOCUMENT_TWIN_GROUPS {
            let Body::Document(base) = recs[*rng.pick(&listed)].body.clone() else {
                unreachable!()
            };
            for _ in 0..2 {
                let number = if rng.chance(500) {
                    base.number.clone()
                } else {
                    edit_number(rng, &base.number)
                };
                let source = *rng.pick(&SOURCES);
                let body = document(rng, number, base.country);
                let s = restricted(rng, source);
                push(&mut recs, source, s, body);
            }
        }
        let numbers: Vec<(String, &'static str)> = recs.iter().flat_map(Rec::numbers).collect();

        // persons, some holding documents
        let first_person = recs.len();
        for source in SOURCES {
            for _ in 0..PERSONS_PER_SOURCE {
                let (given, surname) = (rng_pick(rng, &GIVEN), rng_pick(rng, &SURNAMES));
                let d = dob(rng);
                let body = person(rng, given, surname, d);
                let s = sharing(rng, source);
                push(&mut recs, source, s, body);
            }
        }
        let persons: Vec<usize> = (first_person..recs.len()).collect();
        let mut holders = BTreeSet::new();
        while holders.len() < PERSONS_WITH_DOCUMENTS {
            holders.insert(*rng.pick(&persons));
        }
        for &p in &holders {
            let doc = match rng.idx(4) {
                0 => rng.pick(&numbers).clone(),
                1 => {
                    let (n, c) = rng.pick(&numbers).clone();
                    (edit_number(rng, &n), c)
                }
                _ => (fresh_number(rng), *rng.pick(&COUNTRIES)),
            };
            if let Body::Person(p) = &mut recs[p].body {
                p.documents.push(doc);
            }
        }

        // twins: one person in 2-3 sources, exact or one edit apart, under different rules
        for _ in 0..PERSON_TWIN_GROUPS {
            let (given, surname) = (rng_pick(rng, &GIVEN), rng_pick(rng, &SURNAMES));
            let base_dob = Some(full_date(rng));
            let mut sources = SOURCES.to_vec();
            for k in 0..2 + rng.idx(2) {
                let source = sources.remove(rng.idx(sources.len()));
                let (g, s) = if rng.chance(500) {
                    (given.to_string(), surname.to_string())
                } else {
                    edit_name(rng, given, surname)
                };
                let d = match rng.idx(5) {
                    0 => None,
                    1 => base_dob.as_ref().map(|d| d[..4].to_string()),
                    _ => base_dob.clone(),
                };
                let rule = if k == 0 {
                    restricted(rng, source)
                } else {
                    sharing(rng, source)
                };
                let body = person(rng, &g, &s, d);
                push(&mut recs, source, rule, body);
            }
        }

        // the person crowd: one owner (and at most one other agency) sees 120 records of one
        // name and date of birth; everyone sees the needle, one edit away and without a date
        let (owner, rule) = crowd_rule(rng);
        let (given, surname) = (rng_pick(rng, &GIVEN), rng_pick(rng, &SURNAMES));
        let crowd_dob = full_date(rng);
        let mut members = Vec::new();
        for _ in 0..PERSON_CROWD {
            let (g, s) = if rng.chance(700) {
                (given.to_string(), surname.to_string())
            } else {
                edit_name(rng, given, surname)
            };
            let body = person(rng, &g, &s, Some(crowd_dob.clone()));
            members.push(push(&mut recs, owner, rule.clone(), body));
        }
        let (g, s) = edit_name(rng, given, surname);
        let needle_source = *rng.pick(&SOURCES);
        let body = person(rng, &g, &s, None);
        let needle = push(&mut recs, needle_source, share(&["*"]), body);
        let person_crowd = Crowd {
            members,
            needle,
            query: json!({"name": format!("{given} {surname}"), "date_of_birth": crowd_dob}),
        };

        // the document crowd: 60 listed documents of one number; the needle one digit off
        let (owner, rule) = crowd_rule(rng);
        let number = fresh_number(rng);
        let country = *rng.pick(&COUNTRIES);
        let mut members = Vec::new();
        for _ in 0..DOCUMENT_CROWD {
            let body = document(rng, number.clone(), country);
            members.push(push(&mut recs, owner, rule.clone(), body));
        }
        let needle_number = edit_number(rng, &number);
        let needle_source = *rng.pick(&SOURCES);
        let body = document(rng, needle_number, country);
        let needle = push(&mut recs, needle_source, share(&["*"]), body);
        let document_crowd = Crowd {
            members,
            needle,
            query: json!({"number": number}),
        };

        let world = World {
            recs,
            persons: person_crowd,
            documents: document_crowd,
        };
        let crowds: BTreeSet<usize> = world.crowd_members().collect();
        let outside = |f: &dyn Fn(&Rec) -> bool| {
            world
                .recs
                .iter()
                .filter(|r| !crowds.contains(&r.serial) && f(r))
                .count()
        };
        assert!(outside(&|r| r.person().is_some()) <= PERSON_CANDIDATE_CAP);
        assert!(outside(&|r| !r.numbers().is_empty()) <= DOCUMENT_CANDIDATE_CAP);
        world
    }

    fn crowd_members(&self) -> impl Iterator<Item = usize> + '_ {
        self.persons
            .members
            .iter()
            .chain(&self.documents.members)
            .copied()
    }

    /// Whether `agency` sees any crowd (then more of its candidates than a cap may match one
    /// query, and which of them are kept depends on index order: no exact reference).
    fn sees_a_crowd(&self, agency: &str) -> bool {
        self.crowd_members()
            .any(|m| self.recs[m].visible_to(agency))
    }

    fn persons(&self) -> Vec<&Rec> {
        self.recs.iter().filter(|r| r.person().is_some()).collect()
    }

    /// Writes `<dir>/feeds/<SOURCE>.jsonl` with the records `keep` admits.
    fn write_feeds(&self, dir: &Path, keep: impl Fn(&Rec) -> bool) {
        let feeds = dir.join("feeds");
        std::fs::create_dir_all(&feeds).unwrap();
        for source in SOURCES {
            let lines: Vec<String> = self
                .recs
                .iter()
                .filter(|r| r.source == source && keep(r))
                .map(|r| r.line().to_string())
                .collect();
            if !lines.is_empty() {
                std::fs::write(
                    feeds.join(format!("{source}.jsonl")),
                    lines.join("\n") + "\n",
                )
                .unwrap();
            }
        }
    }

    /// Fails when `resp` shows anything of a record hidden from `agency`; returns how many
    /// record markers it checked.
    fn assert_no_leak(&self, agency: &str, what: &str, resp: &Value) -> usize {
        let mut seen = Vec::new();
        collect_markers(resp, &mut seen);
        for (serial, evidence) in &seen {
            let r = self
                .recs
                .get(*serial)
                .unwrap_or_else(|| panic!("{agency} {what}: unknown marker {evidence:?}"));
            assert!(
                r.visible_to(agency),
                "LEAK to {agency} ({what}): record {}/{} (sharing {:?}) shows as {evidence:?} in {resp}",
                r.source,
                r.id(),
                r.sharing
            );
            // a hit names its record by its own source
            if let Some(source) = evidence.strip_prefix("hit ") {
                assert_eq!(source, r.source, "{what}: {resp}");
            }
        }
        seen.len()
    }
}

fn rng_pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.idx(from.len())]
}

/// Serials of every record marker in `v`: ids, action markers, aliases; and `hit SOURCE` for
/// each `{source, id}` object naming a record.
fn collect_markers(v: &Value, out: &mut Vec<(usize, String)>) {
    match v {
        Value::String(s) => scan(s, out),
        Value::Array(a) => a.iter().for_each(|x| collect_markers(x, out)),
        Value::Object(o) => {
            if let (Some(Value::String(source)), Some(Value::String(id))) =
                (o.get("source"), o.get("id"))
            {
                if let Some(n) = id.strip_prefix("rec-").and_then(|n| n.parse().ok()) {
                    out.push((n, format!("hit {source}")));
                }
            }
            for (k, x) in o {
                scan(k, out);
                collect_markers(x, out);
            }
        }
        _ => {}
    }
}

fn scan(s: &str, out: &mut Vec<(usize, String)>) {
    let lower = s.to_ascii_lowercase();
    let b = lower.as_bytes();
    for (prefix, digits) in [("rec-", true), ("desk-", true), ("xq", false)] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(prefix) {
            let start = from + i + prefix.len();
            let tail = &b[start..b.len().min(start + if digits { 5 } else { 4 })];
            if digits && tail.len() == 5 && tail.iter().all(u8::is_ascii_digit) {
                let n = std::str::from_utf8(tail).unwrap().parse().unwrap();
                out.push((n, format!("{prefix}{}", std::str::from_utf8(tail).unwrap())));
            } else if !digits && tail.len() == 4 && tail.iter().all(u8::is_ascii_lowercase) {
                out.push((
                    unletters(tail),
                    format!("xq{}", std::str::from_utf8(tail).unwrap()),
                ));
            }
            from = start;
        }
    }
}

/// `v` without its timings and the index version that answered (the reference index holds
/// other feed files, so other checksums and generations).
fn untimed(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(k, _)| *k != "took_ms" && *k != "index")
                .map(|(k, x)| (k.clone(), untimed(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(untimed).collect()),
        other => other.clone(),
    }
}

/// Where two JSON values first differ.
fn difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.keys()
                .chain(y.keys())
                .find_map(|k| match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => difference(p, q, &format!("{path}.{k}")),
                    _ => Some(format!("{path}.{k} on one side only")),
                })
        }
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| difference(p, q, &format!("{path}[{i}]")))
            .or_else(|| {
                (x.len() != y.len()).then(|| format!("{path}: {} vs {} entries", x.len(), y.len()))
            }),
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

/// One request, sent alike to the full server and to a reference server.
struct Req {
    what: String,
    method: &'static str,
    path: String,
    body: Option<String>,
    content_type: Option<&'static str>,
}

impl Req {
    fn post(what: impl Into<String>, path: &str, body: Value) -> Req {
        Req {
            what: what.into(),
            method: "POST",
            path: path.to_string(),
            body: Some(body.to_string()),
            content_type: None,
        }
    }

    fn send(&self, s: &Server, agency: &str) -> (u16, Value) {
        let mut headers = vec![("X-Agency", agency)];
        if let Some(ct) = self.content_type {
            headers.push(("Content-Type", ct));
        }
        s.request(self.method, &self.path, self.body.as_deref(), &headers)
    }
}

/// A random rendering of a person's name as an officer might type it.
fn typed_name(rng: &mut Rng, p: &Person) -> String {
    let (g, s) = if rng.chance(300) {
        edit_name(rng, &p.given, &p.surname)
    } else {
        (p.given.clone(), p.surname.clone())
    };
    match rng.idx(6) {
        0 => format!("{s} {g}"),
        1 => format!("{} {}", s.to_uppercase(), g.to_uppercase()),
        2 => s,
        _ => format!("{g} {s}"),
    }
}

/// A request with, sometimes, a random `limit`.
fn with_limit(rng: &mut Rng, route: &str, path: &str, mut body: Value) -> Req {
    if rng.chance(400) {
        body["limit"] = json!(1 + rng.idx(20));
    }
    Req::post(format!("{route} {body}"), path, body)
}

/// `YYMMDD` of a full date, or of a made-up one.
fn yymmdd(rng: &mut Rng, dob: Option<&String>) -> String {
    let d = dob
        .filter(|d| d.len() == 10)
        .cloned()
        .unwrap_or_else(|| full_date(rng));
    format!("{}{}{}", &d[2..4], &d[5..7], &d[8..10])
}

/// A number to present: a listed or own one (any record's), one digit off, or unknown.
fn presented_number(rng: &mut Rng, world: &World) -> (String, &'static str) {
    let holders: Vec<&Rec> = world
        .recs
        .iter()
        .filter(|r| !r.numbers().is_empty())
        .collect();
    let numbers = rng.pick(&holders).numbers();
    let (n, c) = rng.pick(&numbers).clone();
    match rng.idx(5) {
        0 => (edit_number(rng, &n), c),
        1 => ("ZZ1234567".to_string(), c),
        _ => (n, c),
    }
}

/// The requests of one agency: searches, document checks, traveller checks by name and MRZ,
/// and manifests in the three formats, of random targets (visible to it or not).
fn requests(rng: &mut Rng, world: &World, dir: &Path) -> Vec<Req> {
    let persons = world.persons();
    let mut out = Vec::new();
    out.push(Req::post(
        "person crowd",
        "/v1/persons/search",
        world.persons.query.clone(),
    ));
    let mut wide = world.persons.query.clone();
    wide["limit"] = json!(100);
    out.push(Req::post("person crowd, 100", "/v1/persons/search", wide));
    out.push(Req::post(
        "document crowd",
        "/v1/documents/check",
        world.documents.query.clone(),
    ));
    for _ in 0..PERSON_SEARCHES {
        let p = rng.pick(&persons).person().unwrap();
        let mut body = json!({"name": typed_name(rng, p)});
        match rng.idx(10) {
            0..=3 => {
                if let Some(d) = &p.dob {
                    body["date_of_birth"] = json!(d);
                }
            }
            4 => body["date_of_birth"] = json!(full_date(rng)),
            _ => {}
        }
        if rng.chance(200) {
            body["nationality"] = json!(p.nationality);
        }
        if rng.chance(150) {
            body["gender"] = json!(p.gender.to_string());
        }
        if rng.chance(150) {
            body["min_score"] = json!(*rng.pick(&[0.5, 0.7, 0.85]));
        }
        out.push(with_limit(rng, "person search", "/v1/persons/search", body));
    }
    for _ in 0..DOCUMENT_CHECKS {
        let (n, c) = presented_number(rng, world);
        let mut body = json!({"number": n});
        match rng.idx(10) {
            0..=3 => body["issuing_country"] = json!(c),
            4 => body["issuing_country"] = json!(rng.pick(&COUNTRIES)),
            _ => {}
        }
        if rng.chance(200) {
            body["document_type"] = json!(rng.pick(&["passport", "id_card"]));
        }
        out.push(with_limit(
            rng,
            "document check",
            "/v1/documents/check",
            body,
        ));
    }
    for _ in 0..TRAVELLER_CHECKS {
        let p = rng.pick(&persons).person().unwrap();
        let mut body = json!({"name": typed_name(rng, p)});
        if let Some(d) = p.dob.as_ref().filter(|d| d.len() == 10) {
            body["date_of_birth"] = json!(if rng.chance(500) {
                d.clone()
            } else {
                format!("{}.{}.{}", &d[8..10], &d[5..7], &d[..4])
            });
        }
        if rng.chance(600) {
            let (n, c) = match p.documents.first() {
                Some(d) if rng.chance(500) => d.clone(),
                _ => presented_number(rng, world),
            };
            body["document"] = json!({"number": n, "issuing_country": c});
        }
        out.push(with_limit(
            rng,
            "traveller check",
            "/v1/travellers/check",
            body,
        ));
    }
    // MRZs: random persons, and the crowd's name and date with the crowd's number
    let crowd = world.recs[world.persons.members[0]].person().unwrap();
    let crowd_number = world.documents.query["number"].as_str().unwrap();
    for k in 0..MRZ_CHECKS {
        let (p, number) = if k == 0 {
            (crowd, crowd_number.to_string())
        } else {
            let p = rng.pick(&persons).person().unwrap();
            let n = match p.documents.first() {
                Some(d) => d.0.clone(),
                None => presented_number(rng, world).0,
            };
            (p, n)
        };
        let lines = encode(&MrzFields {
            format: MrzFormat::Td3,
            document_code: "P<".into(),
            issuing_state: p.nationality.into(),
            primary_identifier: p.surname.clone(),
            secondary_identifier: p.given.clone(),
            document_number: number,
            nationality: p.nationality.into(),
            date_of_birth: yymmdd(rng, p.dob.as_ref()),
            sex: Some(p.gender),
            date_of_expiry: "351231".into(),
            optional_data: String::new(),
            optional_data_2: String::new(),
        })
        .unwrap();
        out.push(Req::post(
            format!("MRZ {lines:?}"),
            "/v1/travellers/check",
            json!({"mrz": lines.join("\n")}),
        ));
    }
    for (format, write) in [
        (
            "csv",
            write_csv as fn(&Path, &[SynthTraveller]) -> std::io::Result<()>,
        ),
        ("json", write_json),
        ("paxlst", write_paxlst),
    ] {
        let rows = manifest(rng, world);
        let path = dir.join(format!("manifest.{format}"));
        write(&path, &rows).unwrap();
        out.push(Req {
            what: format!("{format} manifest {rows:?}"),
            method: "POST",
            path: format!("/v1/manifests/screen?format={format}"),
            body: Some(std::fs::read_to_string(&path).unwrap()),
            content_type: Some("application/octet-stream"),
        });
    }
    out
}

/// Eight travellers: listed persons (one from the crowd), a needle, presented numbers.
fn manifest(rng: &mut Rng, world: &World) -> Vec<SynthTraveller> {
    let persons = world.persons();
    (0..8)
        .map(|k| {
            let p = match k {
                0 => world.recs[world.persons.members[0]].person().unwrap(),
                1 => world.recs[world.persons.needle].person().unwrap(),
                _ => rng.pick(&persons).person().unwrap(),
            };
            let (number, country) = match k {
                0 => (
                    world.documents.query["number"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    "",
                ),
                _ if rng.chance(500) => presented_number(rng, world),
                _ => (String::new(), ""),
            };
            SynthTraveller {
                id: format!("PAX{k:06}"),
                surname: p.surname.clone(),
                given_names: p.given.clone(),
                date_of_birth: p.dob.clone().filter(|d| d.len() == 10).unwrap_or_default(),
                nationality: p.nationality.to_string(),
                sex: p.gender.to_string(),
                document_type: if number.is_empty() { "" } else { "passport" }.to_string(),
                document_number: number,
                document_country: country.to_string(),
                planted: Planted::None,
                defect: None,
            }
        })
        .collect()
}

/// The seed of this run: `FRONTLINE_LEAK_SEED`, else the clock.
fn seed() -> u64 {
    match std::env::var("FRONTLINE_LEAK_SEED") {
        Ok(s) => s
            .parse()
            .unwrap_or_else(|_| panic!("FRONTLINE_LEAK_SEED={s:?} is not a number")),
        Err(_) => {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                % 1_000_000_007
        }
    }
}

#[test]
fn no_route_shows_an_agency_a_record_it_may_not_see() {
    let started = std::time::Instant::now();
    let seed = seed();
    eprintln!("leaks: seed {seed} (replay with FRONTLINE_LEAK_SEED={seed})");
    let mut rng = Rng::new(seed);
    let world = World::generate(&mut rng);

    let full_dir = tempfile::tempdir().unwrap();
    world.write_feeds(full_dir.path(), |_| true);
    let full = Server::start(full_dir.path());
    // reference servers: LOCAL and two more of the agencies that see no crowd
    let mut candidates: Vec<&str> = AGENCIES[..7]
        .iter()
        .copied()
        .filter(|a| !world.sees_a_crowd(a))
        .collect();
    let mut references = vec!["LOCAL"];
    while references.len() < REFERENCE_AGENCIES && !candidates.is_empty() {
        references.push(candidates.remove(rng.idx(candidates.len())));
    }
    let reference_dirs: Vec<tempfile::TempDir> = references
        .iter()
        .map(|a| {
            let dir = tempfile::tempdir().unwrap();
            world.write_feeds(dir.path(), |r| r.visible_to(a));
            dir
        })
        .collect();
    let reference: BTreeMap<&str, Server> = references
        .iter()
        .zip(&reference_dirs)
        .map(|(a, d)| (*a, Server::start(d.path())))
        .collect();
    eprintln!(
        "leaks: {} records ({} in crowds), reference agencies {references:?}, servers up in {:?}",
        world.recs.len(),
        world.crowd_members().count(),
        started.elapsed()
    );

    let (mut sent, mut markers) = (0, 0);
    let scratch = tempfile::tempdir().unwrap();
    for agency in AGENCIES {
        let reference = reference.get(agency);
        let probe = Probe {
            seed,
            world: &world,
            full: &full,
            reference,
            agency,
        };
        let ctx = |what: &str| probe.what(what);
        for req in requests(&mut rng, &world, scratch.path()) {
            let (status, resp) = req.send(&full, agency);
            sent += 1;
            assert_eq!(status, 200, "{}: {resp}", ctx(&req.what));
            markers += world.assert_no_leak(agency, &ctx(&req.what), &resp);
            if let Some(r) = reference {
                let (rs, rresp) = req.send(r, agency);
                sent += 1;
                assert_eq!(rs, 200, "reference {}: {rresp}", ctx(&req.what));
                if let Some(d) = difference(&untimed(&resp), &untimed(&rresp), "") {
                    panic!(
                        "{}: differs from the index of {agency}'s visible records at {d}\nfull: {resp}\nreference: {rresp}",
                        ctx(&req.what)
                    );
                }
            }
        }
        // the needles: a hidden crowd never pushes a visible record out
        for (crowd, path) in [
            (&world.persons, "/v1/persons/search"),
            (&world.documents, "/v1/documents/check"),
        ] {
            if crowd
                .members
                .iter()
                .any(|&m| world.recs[m].visible_to(agency))
            {
                continue;
            }
            let (_, resp) = full.post_as(agency, path, &crowd.query);
            sent += 1;
            let needle = world.recs[crowd.needle].id();
            assert!(
                resp["hits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|h| h["id"] == needle.as_str()),
                "{}: the visible {needle} is missing next to a hidden crowd: {resp}",
                ctx(&format!("{path} {}", crowd.query))
            );
        }
        sent += check_records(&probe, &mut rng);
        sent += check_job(&probe, &mut rng);
        sent += check_admin(&probe);
    }
    sent += check_prefix_rules_admit_exactly(&world, &full);
    check_prefix_rule_is_refused();
    eprintln!(
        "leaks: seed {seed}: {sent} requests, {markers} record markers checked, {} agencies ({} \
         with a reference server), {:?}",
        AGENCIES.len(),
        reference.len(),
        started.elapsed()
    );
}

/// What the checks of one agency work with.
struct Probe<'a> {
    seed: u64,
    world: &'a World,
    full: &'a Server,
    /// The server of the agency's visible records, for reference agencies.
    reference: Option<&'a Server>,
    agency: &'static str,
}

impl Probe<'_> {
    /// `what` in a failure message, with the seed and agency that replay it.
    fn what(&self, what: &str) -> String {
        format!("seed {}, {}, {what}", self.seed, self.agency)
    }
}

/// Record fetches: visible ones as the reference has them, hidden ones the same 404 as ids
/// that do not exist.
fn check_records(probe: &Probe, rng: &mut Rng) -> usize {
    let (world, full, reference, agency) = (probe.world, probe.full, probe.reference, probe.agency);
    let ctx = |what: &str| probe.what(what);
    let get = |s: &Server, source: &str, id: &str| {
        s.request(
            "GET",
            &format!("/v1/records/{source}/{id}"),
            None,
            &[("X-Agency", agency)],
        )
    };
    let (visible, hidden): (Vec<&Rec>, Vec<&Rec>) =
        world.recs.iter().partition(|r| r.visible_to(agency));
    let mut sent = 0;
    for _ in 0..6 {
        let r = rng.pick(&visible);
        let (status, record) = get(full, r.source, &r.id());
        sent += 1;
        assert_eq!(status, 200, "{}: {record}", ctx(&r.id()));
        assert_eq!(record["id"], r.id().as_str());
        world.assert_no_leak(agency, &ctx(&format!("record {}", r.id())), &record);
        if let Some(reference) = reference {
            sent += 1;
            assert_eq!(get(reference, r.source, &r.id()), (status, record));
        }
    }
    for _ in 0..6 {
        let Some(r) = hidden.get(rng.idx(hidden.len().max(1))) else {
            break;
        };
        let id = r.id();
        let absent = format!("rec-9{:04}", rng.idx(10_000));
        let (status, err) = get(full, r.source, &id);
        let (absent_status, absent_err) = get(full, r.source, &absent);
        sent += 2;
        let what = ctx(&format!("hidden record {}/{id}", r.source));
        assert_eq!((status, absent_status), (404, 404), "{what}: {err}");
        assert_eq!(
            err.to_string().replace(&id, "ID"),
            absent_err.to_string().replace(&absent, "ID"),
            "{what}"
        );
        if let Some(reference) = reference {
            sent += 1;
            assert_eq!(get(reference, r.source, &id), (status, err), "{what}");
        }
    }
    sent
}

/// A screening job: what the synchronous screening gives, as the reference gives it, and
/// nobody else's.
fn check_job(probe: &Probe, rng: &mut Rng) -> usize {
    let (world, full, reference, agency) = (probe.world, probe.full, probe.reference, probe.agency);
    let rows = manifest(rng, world);
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("job.csv");
    write_csv(&path, &rows).unwrap();
    let csv = std::fs::read_to_string(&path).unwrap();
    let what = probe.what(&format!("screening job {rows:?}"));
    let as_ = |who: &'static str| [("X-Agency", who), ("Content-Type", "text/csv")];
    let run = |s: &Server| {
        let (status, job) = s.request("POST", "/v1/screenings", Some(&csv), &as_(agency));
        assert_eq!(status, 202, "{what}: {job}");
        let id = job["id"].as_str().unwrap().to_string();
        let mut done = Value::Null;
        assert!(
            eventually(|| {
                done = s
                    .request(
                        "GET",
                        &format!("/v1/screenings/{id}?limit=1000"),
                        None,
                        &as_(agency),
                    )
                    .1;
                !matches!(done["status"].as_str(), Some("queued" | "running"))
            }),
            "{what}: job never finished: {done}"
        );
        assert_eq!(done["status"], "succeeded", "{what}: {done}");
        (id, done)
    };
    let (id, done) = run(full);
    let mut sent = 2;
    world.assert_no_leak(agency, &what, &done);
    let (_, sync) = full.request(
        "POST",
        "/v1/manifests/screen?format=csv",
        Some(&csv),
        &as_(agency),
    );
    sent += 1;
    assert_eq!(done["results"], sync["travellers"], "{what}");
    if let Some(reference) = reference {
        let (_, theirs) = run(reference);
        sent += 2;
        if let Some(d) = difference(&done["results"], &theirs["results"], "results") {
            panic!("{what}: differs from the reference at {d}");
        }
    }
    // another agency: 404 for the job and its cancellation, not in its list
    let other = *AGENCIES
        .iter()
        .filter(|a| **a != agency)
        .nth(rng.idx(AGENCIES.len() - 1))
        .unwrap();
    let h = [("X-Agency", other)];
    let (status, err) = full.request("GET", &format!("/v1/screenings/{id}"), None, &h);
    let (_, absent) = full.request("GET", "/v1/screenings/0123456789abcdef", None, &h);
    assert_eq!(status, 404, "{what}: {other} sees the job: {err}");
    assert_eq!(err["error"]["code"], absent["error"]["code"], "{what}");
    let (status, _) = full.request("DELETE", &format!("/v1/screenings/{id}"), None, &h);
    assert_eq!(status, 404, "{what}: {other} may cancel the job");
    let (_, list) = full.request("GET", "/v1/screenings", None, &h);
    assert!(
        !list.to_string().contains(&id),
        "{what}: {other} lists the job: {list}"
    );
    let (status, _) = full.request(
        "GET",
        &format!("/v1/screenings/{id}"),
        None,
        &[("X-Agency", agency)],
    );
    assert_eq!(status, 200, "{what}: the job is still its submitter's");
    sent + 5
}

/// Feed administration: its own sources and their ingest jobs (LOCAL: every source).
fn check_admin(probe: &Probe) -> usize {
    let (full, agency) = (probe.full, probe.agency);
    let ctx = |what: &str| probe.what(what);
    let h = [("X-Agency", agency)];
    let (status, feeds) = full.request("GET", "/v1/admin/feeds", None, &h);
    assert_eq!(status, 200, "{}: {feeds}", ctx("feeds"));
    let listed: BTreeSet<&str> = strings_of(&feeds, "sources", "source")
        .into_iter()
        .collect();
    let own: BTreeSet<&str> = SOURCES
        .iter()
        .copied()
        .filter(|s| agency == "LOCAL" || *s == agency)
        .collect();
    assert_eq!(listed, own, "{}: {feeds}", ctx("feed status"));
    let (_, jobs) = full.request("GET", "/v1/admin/jobs", None, &h);
    let (_, all) = full.get("/v1/admin/jobs");
    let mut sent = 3;
    for job in all["jobs"].as_array().unwrap() {
        let key = job["key"].as_str().unwrap_or_default();
        let listed = jobs.to_string().contains(job["id"].as_str().unwrap());
        assert_eq!(
            listed,
            own.contains(key),
            "{}: {job} in {jobs}",
            ctx("ingest jobs")
        );
        if !own.contains(key) {
            let (status, _) = full.request("GET", job["href"].as_str().unwrap(), None, &h);
            sent += 1;
            assert_eq!(status, 404, "{}: {job}", ctx("another source's ingest job"));
        }
    }
    sent
}

/// Every person record shared by an organization prefix, looked up by its unique alias as the
/// organization and each of its member agencies (and an outsider): found exactly by those the
/// rule admits. (The comparisons with reference servers cover only the agencies picked.)
fn check_prefix_rules_admit_exactly(world: &World, full: &Server) -> usize {
    let mut sent = 0;
    let prefixed = world.recs.iter().filter(|r| {
        r.person().is_some()
            && r.sharing
                .as_ref()
                .is_some_and(|s| s.iter().any(|c| c.len() > 1 && c.ends_with('*')))
    });
    for rec in prefixed.take(12) {
        for agency in [ORG, ORG_MEMBERS[0], ORG_MEMBERS[1], "AFRIPOL"] {
            let query = serde_json::json!({ "name": rec.alias(), "limit": 100 });
            let (status, resp) = full.post_as(agency, "/v1/persons/search", &query);
            assert_eq!(status, 200, "{resp}");
            sent += 1;
            let found = resp["hits"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| h["id"] == rec.id().as_str() && h["source"] == rec.source);
            assert_eq!(
                found,
                rec.visible_to(agency),
                "{agency} searching {} ({} shared {:?}): {resp}",
                rec.alias(),
                rec.id(),
                rec.sharing
            );
        }
    }
    assert!(
        sent > 0,
        "no record shared by prefix: the generator lost that rule"
    );
    sent
}

/// A malformed sharing entry refuses the whole feed, naming the entry.
fn check_prefix_rule_is_refused() {
    for bad in ["*EUROPOL", "EURO POL*", "EUROPOL**", "europol*"] {
        let dir = tempfile::tempdir().unwrap();
        let feed = dir.path().join("INTERPOL.jsonl");
        let line = serde_json::json!({
            "kind": "person", "source": "INTERPOL", "id": "P1", "names": ["Anna Kowalski"],
            "sharing": [bad],
        });
        std::fs::write(&feed, line.to_string()).unwrap();
        let out = cli(dir.path(), &["ingest", feed.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains(bad), "{err}");
    }
}
