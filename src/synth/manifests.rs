//! Synthetic passenger manifests, screened against the synthetic feeds.
//!
//! A manifest is a list of travellers as a carrier sends them: surname, given
//! names, date of birth, nationality, sex and one travel document. Some
//! travellers are planted from the feeds written by
//! [`write_feeds`](super::write_feeds) with the same seed and counts, so a
//! screening run has known hits; [`write_truth`] records which.
//!
//! Composition. Traveller `k` depends only on `(seed, k)` (and on the feed
//! counts it may plant from), drawn from its own [`Rng`] stream:
//! - ~4% ([`PLANTED_PERSON_PER_MILLE`]) a listed person `person(seed, i)`,
//!   `i < persons`: surname and given names from the person's family and given
//!   parts, exact (45%), with a spelling variant (25%), with a typo (15%),
//!   without the middle name (13%) or, rarely (2%), in the native script when it
//!   splits into the same parts (else exact); their date of birth (missing for
//!   10%), first nationality, sex, and one of their own documents, or a
//!   made-up never-indexed number when they have none.
//! - ~2% ([`PLANTED_DOCUMENT_PER_MILLE`]) a listed document `document(seed, j)`,
//!   `j < documents`: its number, issuing country and type (a residence permit
//!   travels as a `visa`, an `other` document as a `passport`), presented by
//!   its recorded holder (name parts and date of birth) in half of the cases
//!   when it has one, else by an outsider identity: a lost passport presented
//!   by someone else.
//! - ~1% ([`DEFECT_PER_MILLE`]) deliberately malformed rows: an outsider with
//!   one defect (an impossible date of birth, no surname, a nationality that is
//!   not ISO alpha-3, an unknown document type), named in
//!   [`SynthTraveller::defect`].
//! - the rest clean outsiders (`outsider(seed, k)`, not in the index) with a
//!   never-indexed document number, drawn like the negatives of
//!   [`write_queries`](super::write_queries).
//!
//! With `persons == 0` (or `documents == 0`) that kind of planting is skipped
//! and its share becomes clean outsiders. For every row, names are upper-cased
//! in 30% of the cases, sex is missing for 2% (`X` for 0.5%), and full dates of
//! birth are written `DD.MM.YYYY` for 10% (also `YYYY-MM` and `YYYY` when that is
//! all the record knows).
//!
//! Output: [`write_csv`] (RFC 4180 quoting), [`write_json`] (an array of
//! objects, empty values omitted) and [`write_truth`] (JSON Lines).

use super::documents::document;
use super::noise::{spelling_variant_parts, typo};
use super::numbers::{format_number, permute, NONINDEX_BASE};
use super::persons::{outsider, person, SynthPerson};
use super::rng::{Rng, SALT_MANIFEST};
use super::spelling::upper;
use serde::Serialize;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Share of travellers planted from the listed persons, per mille.
pub const PLANTED_PERSON_PER_MILLE: u64 = 40;
/// Share of travellers presenting a listed document, per mille.
pub const PLANTED_DOCUMENT_PER_MILLE: u64 = 20;
/// Share of deliberately malformed rows, per mille.
pub const DEFECT_PER_MILLE: u64 = 10;

/// Width of the never-indexed number range the made-up numbers come from.
const NONINDEX_SPAN: u64 = 10_000_000;

/// The CSV header, in column order: the columns the manifest reader documents.
pub const CSV_HEADER: [&str; 9] = crate::screening::manifest::COLUMNS;

/// The defects a malformed row may carry, as named in [`SynthTraveller::defect`].
pub const DEFECTS: [&str; 4] = [
    "date_of_birth is not a calendar date",
    "surname is missing",
    "nationality is not ISO alpha-3",
    "document_type is unknown",
];

/// What a planted traveller was made from (ground truth for tests and evaluation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Planted {
    /// A listed person of the feeds, presented under their own identity.
    Person {
        /// The person's organization.
        source: String,
        /// The person's record id (`P…`).
        id: String,
    },
    /// A listed stolen / lost document, presented by its holder or by someone else.
    Document {
        /// The document's organization.
        source: String,
        /// The document's record id (`D…`).
        id: String,
    },
    /// Not planted: the traveller is in no feed.
    None,
}

/// One manifest row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthTraveller {
    /// Carrier reference, `PAX` + at least 6 digits (`PAX000123`).
    pub id: String,
    /// Family name(s); `""` only in a defective row.
    pub surname: String,
    /// Given and middle names, space-separated.
    pub given_names: String,
    /// Mostly `YYYY-MM-DD`; some `YYYY-MM`, `YYYY`, `DD.MM.YYYY`; `""` when unknown.
    pub date_of_birth: String,
    /// ISO alpha-3, or `""`.
    pub nationality: String,
    /// `M`, `F`, `X` or `""`.
    pub sex: String,
    /// The travel document's number.
    pub document_number: String,
    /// `passport`, `id_card` or `visa`.
    pub document_type: String,
    /// ISO alpha-3 issuing country.
    pub document_country: String,
    /// What the row was planted from.
    pub planted: Planted,
    /// `Some(reason)` (one of [`DEFECTS`]) when the row is deliberately malformed.
    pub defect: Option<&'static str>,
}

/// Travellers `0..count` of the manifest for feeds of `persons` persons and
/// `documents` documents written with `seed`.
pub fn travellers(seed: u64, persons: u64, documents: u64, count: u64) -> Vec<SynthTraveller> {
    (0..count)
        .map(|k| traveller(seed, persons, documents, k))
        .collect()
}

/// Traveller `k`; depends only on `(seed, persons, documents, k)`.
fn traveller(seed: u64, persons: u64, documents: u64, k: u64) -> SynthTraveller {
    let mut rng = Rng::stream(seed, SALT_MANIFEST, k);
    let id = format!("PAX{k:06}");
    let band = rng.below(1000);
    let person_end = PLANTED_PERSON_PER_MILLE;
    let document_end = person_end + PLANTED_DOCUMENT_PER_MILLE;
    let defect_end = document_end + DEFECT_PER_MILLE;
    if band < person_end && persons > 0 {
        planted_person(&mut rng, seed, k, id, persons)
    } else if (person_end..document_end).contains(&band) && documents > 0 {
        planted_document(&mut rng, seed, k, id, documents)
    } else if (document_end..defect_end).contains(&band) {
        let mut t = clean_outsider(&mut rng, seed, k, id);
        break_row(&mut rng, &mut t);
        t
    } else {
        clean_outsider(&mut rng, seed, k, id)
    }
}

fn planted_person(rng: &mut Rng, seed: u64, k: u64, id: String, persons: u64) -> SynthTraveller {
    let p = person(seed, rng.below(persons));
    let (surname, given_names) = varied_name(rng, &p);
    let date_of_birth = listed_dob(rng, p.date_of_birth.as_deref(), 100);
    let sex = listed_sex(rng, p.gender);
    let (document_number, document_country, document_type) = if p.documents.is_empty() {
        made_up_document(rng, seed, k, &p.nationality[0])
    } else {
        rng.pick(&p.documents).clone()
    };
    SynthTraveller {
        id,
        surname,
        given_names,
        date_of_birth,
        nationality: p.nationality[0].clone(),
        sex,
        document_number,
        document_type,
        document_country,
        planted: Planted::Person {
            source: p.source,
            id: p.id,
        },
        defect: None,
    }
}

fn planted_document(
    rng: &mut Rng,
    seed: u64,
    k: u64,
    id: String,
    documents: u64,
) -> SynthTraveller {
    let d = document(seed, rng.below(documents));
    let by_holder = rng.chance(500);
    let mut t = match (&d.holder_parts, by_holder) {
        (Some(h), true) => {
            let (surname, given_names) = listed_name(rng, &h.given, &h.family, false);
            let dob = d.holder.as_ref().and_then(|(_, dob)| dob.as_deref());
            let own_country = d.document_type == "passport" || d.document_type == "id_card";
            SynthTraveller {
                id,
                surname,
                given_names,
                date_of_birth: listed_dob(rng, dob, 100),
                nationality: if own_country {
                    d.issuing_country.clone()
                } else {
                    String::new()
                },
                sex: listed_sex(rng, h.gender),
                document_number: String::new(),
                document_type: String::new(),
                document_country: String::new(),
                planted: Planted::None,
                defect: None,
            }
        }
        _ => clean_outsider(rng, seed, k, id),
    };
    t.document_number = d.number;
    t.document_type = match d.document_type.as_str() {
        "passport" | "id_card" | "visa" => d.document_type.clone(),
        "residence_permit" => "visa".to_string(),
        _ => "passport".to_string(),
    };
    t.document_country = d.issuing_country;
    t.planted = Planted::Document {
        source: d.source,
        id: d.id,
    };
    t
}

fn clean_outsider(rng: &mut Rng, seed: u64, k: u64, id: String) -> SynthTraveller {
    let o = outsider(seed, k);
    let (surname, given_names) = varied_name(rng, &o);
    let (document_number, document_country, document_type) =
        made_up_document(rng, seed, k, &o.nationality[0]);
    SynthTraveller {
        id,
        surname,
        given_names,
        date_of_birth: listed_dob(rng, o.date_of_birth.as_deref(), 30),
        nationality: o.nationality[0].clone(),
        sex: listed_sex(rng, o.gender),
        document_number,
        document_type,
        document_country,
        planted: Planted::None,
        defect: None,
    }
}

/// Give the row one of the [`DEFECTS`].
fn break_row(rng: &mut Rng, t: &mut SynthTraveller) {
    let which = rng.idx(DEFECTS.len());
    match which {
        0 => {
            let year = 1940 + rng.below(68);
            let month = 13 + rng.below(7);
            let day = 32 + rng.below(9);
            t.date_of_birth = format!("{year}-{month}-{day}");
        }
        1 => t.surname.clear(),
        2 => t.nationality = "XX1".to_string(),
        _ => t.document_type = "banana".to_string(),
    }
    t.defect = Some(DEFECTS[which]);
}

/// (number, country, type) of a passport or ID card whose number is never indexed.
fn made_up_document(rng: &mut Rng, seed: u64, k: u64, country: &str) -> (String, String, String) {
    let v = permute(seed, NONINDEX_BASE + k % NONINDEX_SPAN);
    let number = format_number(country, v, rng);
    let ty = if rng.chance(850) {
        "passport"
    } else {
        "id_card"
    };
    (number, country.to_string(), ty.to_string())
}

/// (surname, given names) of `p` with the variation described in the module doc.
fn varied_name(rng: &mut Rng, p: &SynthPerson) -> (String, String) {
    let mode = rng.below(1000);
    let exact = || (p.given.clone(), p.family.clone());
    let (given, family) = if mode < 450 {
        exact()
    } else if mode < 700 {
        spelling_variant_parts(rng, p).unwrap_or_else(exact)
    } else if mode < 850 {
        let (surname, given) = listed_name(rng, &p.given, &p.family, p.culture == "turkish");
        return if rng.chance(500) || surname.is_empty() {
            (surname, typo(rng, &given))
        } else {
            (typo(rng, &surname), given)
        };
    } else if mode < 980 {
        (p.given[..1].to_vec(), p.family.clone())
    } else {
        native_parts(p).unwrap_or_else(exact)
    };
    listed_name(rng, &given, &family, p.culture == "turkish")
}

/// The native-script name split into (given, family) parts, when its words line
/// up with the Latin parts.
fn native_parts(p: &SynthPerson) -> Option<(Vec<String>, Vec<String>)> {
    let words: Vec<String> = p.native.as_ref()?.split(' ').map(str::to_string).collect();
    if words.len() != p.given.len() + p.family.len() {
        return None;
    }
    let (first, second) = words.split_at(if p.family_first {
        p.family.len()
    } else {
        p.given.len()
    });
    Some(if p.family_first {
        (second.to_vec(), first.to_vec())
    } else {
        (first.to_vec(), second.to_vec())
    })
}

/// (surname, given names) as a carrier lists them: a mononym goes into the
/// surname; 30% of rows are upper-cased.
fn listed_name(
    rng: &mut Rng,
    given: &[String],
    family: &[String],
    turkish: bool,
) -> (String, String) {
    let (mut surname, mut given) = if family.is_empty() {
        (given.join(" "), String::new())
    } else {
        (family.join(" "), given.join(" "))
    };
    if rng.chance(300) {
        surname = upper(&surname, turkish);
        given = upper(&given, turkish);
    }
    (surname, given)
}

/// A feed date of birth as a manifest carries it: `""` for `missing_per_mille`
/// (and when unknown), 10% of full dates as `DD.MM.YYYY`.
fn listed_dob(rng: &mut Rng, dob: Option<&str>, missing_per_mille: u64) -> String {
    let missing = rng.chance(missing_per_mille);
    let dotted = rng.chance(100);
    match dob {
        None => String::new(),
        Some(_) if missing => String::new(),
        Some(d) if dotted && d.len() == 10 => format!("{}.{}.{}", &d[8..10], &d[5..7], &d[..4]),
        Some(d) => d.to_string(),
    }
}

/// `M`/`F` as recorded; `""` for 2%, `X` for 0.5%.
fn listed_sex(rng: &mut Rng, gender: char) -> String {
    match rng.below(1000) {
        0..=19 => String::new(),
        20..=24 => "X".to_string(),
        _ => gender.to_string(),
    }
}

impl SynthTraveller {
    /// The CSV / JSON fields, in [`CSV_HEADER`] order.
    fn fields(&self) -> [&str; 9] {
        [
            &self.id,
            &self.surname,
            &self.given_names,
            &self.date_of_birth,
            &self.nationality,
            &self.sex,
            &self.document_number,
            &self.document_type,
            &self.document_country,
        ]
    }
}

impl SynthTraveller {
    fn json(&self) -> TravellerJson<'_> {
        TravellerJson {
            id: &self.id,
            surname: &self.surname,
            given_names: &self.given_names,
            date_of_birth: &self.date_of_birth,
            nationality: &self.nationality,
            sex: &self.sex,
            document_number: &self.document_number,
            document_type: &self.document_type,
            document_country: &self.document_country,
        }
    }
}

/// Writes the manifest as CSV: the [`CSV_HEADER`] line, then one row per
/// traveller, `\n`-terminated, fields quoted per RFC 4180 when needed (the `csv`
/// writer the report uses).
pub fn write_csv(path: &Path, t: &[SynthTraveller]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)?;
    w.write_record(CSV_HEADER)?;
    for row in t {
        w.write_record(row.fields())?;
    }
    w.flush()
}

/// Travellers per body of `manifest_queries.jsonl`.
pub const LOAD_MANIFEST_TRAVELLERS: usize = 50;

/// Writes load-test bodies: `traveller_queries.jsonl` (one `POST /v1/travellers/check` body
/// per well-formed traveller: name surname first, date of birth, nationality, gender,
/// document) and `manifest_queries.jsonl` (JSON manifests of [`LOAD_MANIFEST_TRAVELLERS`]
/// travellers each, for `POST /v1/manifests/screen`).
pub fn write_load_bodies(out_dir: &Path, t: &[SynthTraveller]) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(out_dir.join("traveller_queries.jsonl"))?);
    for r in t.iter().filter(|r| r.defect.is_none()) {
        let mut body =
            serde_json::json!({"name": format!("{} {}", r.surname, r.given_names).trim()});
        for (key, value) in [
            ("date_of_birth", &r.date_of_birth),
            ("nationality", &r.nationality),
            ("gender", &r.sex),
        ] {
            if !value.is_empty() {
                body[key] = serde_json::Value::String(value.clone());
            }
        }
        if !r.document_number.is_empty() {
            body["document"] = serde_json::json!({
                "number": r.document_number,
                "issuing_country": r.document_country,
                "document_type": r.document_type,
            });
        }
        serde_json::to_writer(&mut w, &body)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    let mut w = BufWriter::new(File::create(out_dir.join("manifest_queries.jsonl"))?);
    for chunk in t.chunks(LOAD_MANIFEST_TRAVELLERS) {
        let rows: Vec<TravellerJson> = chunk.iter().map(SynthTraveller::json).collect();
        serde_json::to_writer(&mut w, &rows)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// Writes the manifest as a UN/EDIFACT PAXLST passenger list (D.15B, one flight
/// `ZZ123 SYD-FRA`), one segment per line. Dates of birth are written `YYMMDD`
/// when the row has a full date (a defective date keeps its bad digits), the
/// first letter of the document type is the DOC code, the id is `RFF+ABO`.
pub fn write_paxlst(path: &Path, t: &[SynthTraveller]) -> io::Result<()> {
    use crate::screening::paxlst::{
        encode, EncodeMessage, Leg, ListKind, PaxTraveller, TravelDocument,
    };
    let yymmdd = |d: &str| -> Option<String> {
        let b = d.as_bytes();
        (d.len() == 10 && b[4] == b'-' && b[7] == b'-')
            .then(|| format!("{}{}{}", &d[2..4], &d[5..7], &d[8..10]))
    };
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let travellers = t
        .iter()
        .map(|r| PaxTraveller {
            segment: 0,
            role: "FL".into(),
            // airlines send names in upper case (syntax level UNOA)
            surname: r.surname.to_uppercase(),
            given_names: r.given_names.to_uppercase(),
            sex: opt(&r.sex),
            date_of_birth: yymmdd(&r.date_of_birth),
            nationality: opt(&r.nationality),
            documents: opt(&r.document_number)
                .map(|number| TravelDocument {
                    doc_type: r
                        .document_type
                        .chars()
                        .next()
                        .map(|c| c.to_ascii_uppercase().to_string()),
                    number,
                    expiry: None,
                    issuing_country: opt(&r.document_country),
                })
                .into_iter()
                .collect(),
            references: vec![("ABO".into(), r.id.clone())],
            place_of_birth: None,
            residence: None,
            embarkation: None,
            debarkation: None,
        })
        .collect();
    let message = EncodeMessage {
        sender: "ZZAIRLINE".into(),
        recipient: "CUSTOMS".into(),
        prepared: "261201:0900".into(),
        reference: "000000001".into(),
        version: "D:15B".into(),
        list: ListKind::Passengers,
        legs: vec![Leg {
            transport_id: "ZZ123".into(),
            carrier: Some("ZZ".into()),
            departure: Some("SYD".into()),
            departure_time: Some("2612010900".into()),
            arrival: Some("FRA".into()),
            arrival_time: Some("2612012200".into()),
        }],
        travellers,
        una: true,
    };
    std::fs::write(path, encode(&message))
}

/// Writes the manifest as a JSON array, one object per line, with the
/// [`CSV_HEADER`] keys; empty values are omitted.
pub fn write_json(path: &Path, t: &[SynthTraveller]) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    w.write_all(b"[")?;
    for (n, row) in t.iter().enumerate() {
        w.write_all(if n == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut w, &row.json())?;
    }
    w.write_all(b"\n]\n")?;
    w.flush()
}

/// A manifest row as JSON: the [`CSV_HEADER`] keys in that order, empty values omitted.
#[derive(Serialize)]
struct TravellerJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    surname: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    given_names: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    date_of_birth: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    nationality: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    sex: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    document_number: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    document_type: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    document_country: &'a str,
}

#[derive(Serialize)]
struct TruthLine<'a> {
    id: &'a str,
    planted: Option<PlantedLine<'a>>,
    defect: Option<&'a str>,
}

#[derive(Serialize)]
struct PlantedLine<'a> {
    kind: &'static str,
    source: &'a str,
    id: &'a str,
}

/// Writes the ground truth as JSON Lines, one line per traveller:
/// `{"id", "planted": {"kind": "person"|"document", "source", "id"} | null, "defect": reason | null}`.
pub fn write_truth(path: &Path, t: &[SynthTraveller]) -> io::Result<()> {
    let mut w = BufWriter::new(File::create(path)?);
    for row in t {
        let planted = match &row.planted {
            Planted::Person { source, id } => Some(PlantedLine {
                kind: "person",
                source,
                id,
            }),
            Planted::Document { source, id } => Some(PlantedLine {
                kind: "document",
                source,
                id,
            }),
            Planted::None => None,
        };
        let line = TruthLine {
            id: &row.id,
            planted,
            defect: row.defect,
        };
        serde_json::to_writer(&mut w, &line)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    //! Properties: the manifest is a function of the seed; planted shares are
    //! near their constants; planted persons and documents exist in the feeds
    //! with the same source and id; CSV quoting round-trips.
    use super::super::test_support::temp_dir;
    use super::*;
    use std::fs;

    /// Splits CSV text into records (RFC 4180: quoted fields, doubled quotes).
    fn read_csv(text: &str) -> Vec<Vec<String>> {
        let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
        let (mut quoted, mut chars) = (false, text.chars().peekable());
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\n') => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => field.push(c),
            }
        }
        rows
    }

    fn write_all(dir: &Path, t: &[SynthTraveller]) {
        fs::create_dir_all(dir).unwrap();
        write_csv(&dir.join("manifest.csv"), t).unwrap();
        write_json(&dir.join("manifest.json"), t).unwrap();
        write_truth(&dir.join("manifest.truth.jsonl"), t).unwrap();
    }

    #[test]
    fn same_seed_same_files() {
        let (a, b) = (temp_dir("manifest-a"), temp_dir("manifest-b"));
        write_all(&a, &travellers(7, 3000, 3000, 2000));
        write_all(&b, &travellers(7, 3000, 3000, 2000));
        for f in ["manifest.csv", "manifest.json", "manifest.truth.jsonl"] {
            assert_eq!(fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap());
        }
        assert_ne!(
            travellers(7, 3000, 3000, 200),
            travellers(8, 3000, 3000, 200)
        );
        // Traveller k does not depend on how many travellers are drawn.
        assert_eq!(
            travellers(7, 3000, 3000, 2000)[..50],
            travellers(7, 3000, 3000, 50)[..]
        );
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(a.join("manifest.json")).unwrap()).unwrap();
        let t = travellers(7, 3000, 3000, 2000);
        for (object, row) in json.as_array().unwrap().iter().zip(&t) {
            for (key, value) in CSV_HEADER.iter().zip(row.fields()) {
                match object.get(*key) {
                    Some(v) => assert_eq!(v, value),
                    None => assert!(value.is_empty(), "{key} missing in {object}"),
                }
            }
        }
        fs::remove_dir_all(&a).unwrap();
        fs::remove_dir_all(&b).unwrap();
    }

    #[test]
    fn planted_shares_are_roughly_right() {
        let t = travellers(3, 5000, 20_000, 10_000);
        let persons = t
            .iter()
            .filter(|t| matches!(t.planted, Planted::Person { .. }))
            .count();
        let documents = t
            .iter()
            .filter(|t| matches!(t.planted, Planted::Document { .. }))
            .count();
        let defects = t.iter().filter(|t| t.defect.is_some()).count();
        assert!((320..=480).contains(&persons), "{persons}");
        assert!((140..=260).contains(&documents), "{documents}");
        assert!((60..=140).contains(&defects), "{defects}");
        for r in &t {
            if r.defect.is_none() {
                assert!(!r.surname.is_empty(), "{r:?}");
                assert!(["passport", "id_card", "visa"].contains(&r.document_type.as_str()));
                assert!(r.nationality.is_empty() || r.nationality.len() == 3);
            }
        }
        let none = travellers(3, 0, 0, 2000);
        assert!(none.iter().all(|t| t.planted == Planted::None));
    }

    #[test]
    fn planted_records_exist_in_the_feeds() {
        let (np, nd) = (3000, 3000);
        let mut holders = 0;
        for t in travellers(11, np, nd, 5000) {
            match &t.planted {
                Planted::Person { source, id } => {
                    let i: u64 = id.strip_prefix('P').unwrap().parse().unwrap();
                    assert!(i < np);
                    let p = person(11, i);
                    assert_eq!((&p.source, &p.id), (source, id));
                    assert_eq!(t.nationality, p.nationality[0]);
                    if !p.documents.is_empty() {
                        assert!(p.documents.iter().any(|(n, _, _)| *n == t.document_number));
                    }
                }
                Planted::Document { source, id } => {
                    let j: u64 = id.strip_prefix('D').unwrap().parse().unwrap();
                    assert!(j < nd);
                    let d = document(11, j);
                    assert_eq!((&d.source, &d.id), (source, id));
                    assert_eq!(
                        (&d.number, &d.issuing_country),
                        (&t.document_number, &t.document_country)
                    );
                    if let Some(h) = &d.holder_parts {
                        holders += usize::from(t.surname.eq_ignore_ascii_case(&h.family.join(" ")));
                    }
                }
                Planted::None => {}
            }
        }
        assert!(
            holders > 0,
            "some lost documents are presented by their holder"
        );
    }

    #[test]
    fn csv_quoting_round_trips() {
        let mut t = travellers(5, 100, 100, 3);
        t[1].surname = "O'Neil, \"Jr\"".to_string();
        t[1].given_names = "Anna\nMaria".to_string();
        let dir = temp_dir("manifest-csv");
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("manifest.csv");
        write_csv(&path, &t).unwrap();
        let rows = read_csv(&fs::read_to_string(&path).unwrap());
        assert_eq!(rows[0], CSV_HEADER);
        assert_eq!(rows.len(), 4);
        for (row, want) in rows[1..].iter().zip(&t) {
            assert_eq!(*row, want.fields());
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
