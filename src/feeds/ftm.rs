//! FollowTheMoney entities as JSON Lines (OpenSanctions' `entities.ftm.json`) -> person records.
//!
//! One entity per line: `{"id", "schema", "properties": {prop: [values]}, ...}`. Only
//! `Person` entities become records; every other schema is skipped, except that `Passport`
//! and `Identification` entities (their own lines, or nested as objects inside a person's
//! properties) become documents of the person their `holder` names.
//!
//! **Two passes.** A holder may come before or after its documents, so the file is read
//! twice: the first pass keeps only the `Passport` / `Identification` entities (number,
//! country, kind: a few dozen bytes each) keyed by holder id; the second emits the persons in
//! file order, each with its documents. Memory grows with the documents, never with the
//! persons, and the persons stream out. (Buffering persons instead would hold most of a
//! multi-gigabyte file.) A document whose holder is a non-person entity of the file is dropped
//! silently; one whose holder is in no line at all is reported as a warning after the second
//! pass, on the document's line (so those warnings come after every op); one without a
//! `holder` is ignored. The file is opened twice, so it must be a regular file.
//!
//! **Fields read** (all others, top-level or property, are ignored: this is a foreign format
//! and we map what we know):
//! - top level: `id`, `schema`, `properties`, `referents` (documents whose holder is a merged
//!   id of the person are linked to it too);
//! - names: `name` (the first usable one is the primary name), then, when no `name` is
//!   usable, `firstName` `secondName` `middleName` `fatherName` `lastName` (first value of
//!   each) joined; then `alias` and `previousName` (a name the person was known by is a full
//!   name); `weakAlias` -> `low_quality_names`;
//! - `birthDate`: the first -> `date_of_birth`, the rest -> `other_dates_of_birth` (a
//!   timestamp keeps its date part);
//! - `nationality`, `citizenship` -> `nationality` (alpha-2 -> alpha-3); `country` only when
//!   neither is given (it is the person's associated country, not always a nationality; the
//!   Senzing export of the same data writes it as NATIONALITY, so PEP lists agree);
//! - `gender` male / female / other -> M / F / X (conflicting values: left out);
//! - `passportNumber` -> passport, `idNumber` -> `id_card` documents (no issuing country);
//!   linked `Passport` -> passport, `Identification` -> `id_card` (`passport` when its `type`
//!   says so), each with its `country` as issuing country;
//! - `address` -> `addresses`; `topics` -> `category` (see [`category_of`]).
//!
//! **Record id.** An FtM id that is 1..=64 bytes without control characters is the record id.
//! A longer one (never seen in OpenSanctions data, but FtM does not bound ids) gets the stable
//! id `ftm-` + the 128-bit FNV-1a hash in hex, and since a reference value is bounded by the
//! same 64 bytes, the `ftm_id` reference holds the id's first bytes followed by `…`, so it can
//! never be mistaken for a complete id; a warning gives the full id. Every record has the
//! `ftm_id` reference.
//!
//! The helpers the Senzing importer shares (line reading, [`PersonBuilder`] with its name,
//! date, country and document rules, [`record_key`], [`category_of`]) live here.

use super::{
    countries, jsonl, FeedOp, Sink, MAX_ID_LEN, MAX_LIST_LEN, MAX_NAMES, MAX_NAME_CHARS,
    MAX_TEXT_CHARS,
};
use crate::model::PartialDate;
use crate::normalize::docnum;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Longest entry (FtM line, Senzing record) read, in bytes: far above any real entity, low
/// enough that a corrupt file without newlines cannot exhaust memory.
pub(crate) const MAX_ENTRY_BYTES: usize = 16 << 20;

/// Imports the Person entities of the FtM JSON Lines file at `path`.
pub fn import(path: &Path, source: &str, sink: &mut dyn Sink) -> crate::Result<()> {
    // Pass 1: documents by holder id.
    let mut by_holder: HashMap<String, Vec<Linked>> = HashMap::new();
    for_each_line(path, |line, text| {
        let Ok(text) = text else { return Ok(()) };
        if !text.contains("\"Passport\"") && !text.contains("\"Identification\"") {
            return Ok(());
        }
        if let Ok(Value::Object(entity)) = serde_json::from_str::<Value>(text) {
            if let Some((holders, docs)) = linked_documents(&entity, line) {
                for h in holders {
                    by_holder.entry(h).or_default().extend(docs.iter().cloned());
                }
            }
        }
        Ok(())
    })?;
    // Pass 2: persons, in file order.
    for_each_line(path, |line, text| {
        let text = match text {
            Ok(t) => t,
            Err(reason) => return sink.op(line, Err(reason)),
        };
        let entity = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(o)) => o,
            Ok(_) => return sink.op(line, Err("not a JSON object (an FtM entity)".into())),
            Err(e) => return sink.op(line, Err(format!("invalid JSON: {e}"))),
        };
        let id = entity
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim();
        match entity.get("schema").and_then(Value::as_str) {
            None => return sink.op(line, Err("no 'schema': not an FtM entity".into())),
            Some("Person") => {}
            Some(_) => {
                by_holder.remove(id);
                return Ok(());
            }
        }
        if id.is_empty() {
            return sink.op(line, Err("Person entity without an 'id'".into()));
        }
        let mut linked = by_holder.remove(id).unwrap_or_default();
        for r in strings(entity.get("referents")) {
            linked.extend(by_holder.remove(r).unwrap_or_default());
        }
        person(line, source, id, &entity, linked, sink)
    })?;
    let mut left: Vec<(String, Linked)> = by_holder
        .into_iter()
        .flat_map(|(h, docs)| docs.into_iter().map(move |d| (h.clone(), d)))
        .collect();
    left.sort_by_key(|(_, d)| d.line);
    for (holder, d) in left {
        sink.warning(
            d.line,
            format!(
                "{} '{}': its holder '{holder}' is not an entity of the file: left out",
                d.schema, d.number
            ),
        );
    }
    Ok(())
}

/// A Passport / Identification entity's document, waiting for its holder.
#[derive(Clone, Debug)]
struct Linked {
    line: usize,
    schema: &'static str,
    kind: &'static str,
    number: String,
    country: Option<String>,
}

/// The holder ids and documents of a Passport / Identification entity (`None` for any other
/// schema).
fn linked_documents(
    entity: &Map<String, Value>,
    line: usize,
) -> Option<(Vec<String>, Vec<Linked>)> {
    let schema = match entity.get("schema").and_then(Value::as_str)? {
        "Passport" => "Passport",
        "Identification" => "Identification",
        _ => return None,
    };
    let empty = Map::new();
    let props = entity
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let says_passport = strings(props.get("type")).any(|t| t.to_lowercase().contains("passport"));
    let kind = if schema == "Passport" || says_passport {
        "passport"
    } else {
        "id_card"
    };
    let country = strings(props.get("country")).next().map(str::to_string);
    let docs = strings(props.get("number"))
        .map(|n| Linked {
            line,
            schema,
            kind,
            number: n.to_string(),
            country: country.clone(),
        })
        .collect();
    let holders = match props.get("holder") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|h| match h {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .filter(|h| !h.is_empty())
            .collect(),
        Some(Value::String(s)) => vec![s.trim().to_string()],
        _ => vec![],
    };
    Some((holders, docs))
}

/// The string values of an FtM property (a list of strings; a lone string is accepted).
fn strings(v: Option<&Value>) -> impl Iterator<Item = &str> {
    let (one, many) = match v {
        Some(Value::String(s)) => (Some(s.as_str()), None),
        Some(Value::Array(a)) => (None, Some(a.iter().filter_map(Value::as_str))),
        _ => (None, None),
    };
    one.into_iter().chain(many.into_iter().flatten())
}

fn person(
    line: usize,
    source: &str,
    id: &str,
    entity: &Map<String, Value>,
    linked: Vec<Linked>,
    sink: &mut dyn Sink,
) -> crate::Result<()> {
    let empty = Map::new();
    let props = entity
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let get = |k: &str| strings(props.get(k));
    let mut b = PersonBuilder::default();
    for n in get("name") {
        b.name(n, false, "name");
    }
    if !b.has_names() {
        let parts: Vec<&str> = [
            "firstName",
            "secondName",
            "middleName",
            "fatherName",
            "lastName",
        ]
        .iter()
        .filter_map(|k| get(k).map(str::trim).find(|s| !s.is_empty()))
        .collect();
        b.name(&parts.join(" "), false, "firstName/lastName");
    }
    for field in ["alias", "previousName"] {
        for n in get(field) {
            b.name(n, false, field);
        }
    }
    for n in get("weakAlias") {
        b.name(n, true, "weakAlias");
    }
    for d in get("birthDate") {
        b.date_of_birth(d, "birthDate");
    }
    let mut any_nationality = false;
    for field in ["nationality", "citizenship"] {
        for c in get(field) {
            any_nationality = true;
            b.nationality(c, field);
        }
    }
    if !any_nationality {
        for c in get("country") {
            b.nationality(c, "country");
        }
    }
    for g in get("gender") {
        b.gender(g);
    }
    for n in get("passportNumber") {
        b.document(n, None, "passport", "passportNumber");
    }
    for n in get("idNumber") {
        b.document(n, None, "id_card", "idNumber");
    }
    // Nested Passport / Identification entities (OpenSanctions' nested exports).
    for v in props.values().filter_map(Value::as_array).flatten() {
        if let Some((_, docs)) = v.as_object().and_then(|o| linked_documents(o, line)) {
            for d in docs {
                b.document(&d.number, d.country.as_deref(), d.kind, d.schema);
            }
        }
    }
    for d in linked {
        let field = format!("{} on line {}", d.schema, d.line);
        b.document(&d.number, d.country.as_deref(), d.kind, &field);
    }
    for a in get("address") {
        b.address(a);
    }
    for t in get("topics") {
        b.topic(t);
    }
    b.emit(line, source, id, "ftm-", "ftm_id", sink)
}

// ---- shared with the Senzing importer ----------------------------------------------------

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> crate::Error + '_ {
    move |source| crate::Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Opens `path` for buffered reading.
pub(crate) fn open(path: &Path) -> crate::Result<BufReader<std::fs::File>> {
    std::fs::File::open(path)
        .map(|f| BufReader::with_capacity(1 << 16, f))
        .map_err(io_error(path))
}

/// Reads `path` line by line, calling `f` with each non-blank line's 1-based number and its
/// trimmed text, or why it cannot be read (longer than [`MAX_ENTRY_BYTES`], not UTF-8). A
/// UTF-8 byte-order mark is skipped.
pub(crate) fn for_each_line(
    path: &Path,
    mut f: impl FnMut(usize, Result<&str, String>) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut reader = open(path)?;
    let io = io_error(path);
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_ENTRY_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(&io)?;
        if n == 0 {
            return Ok(());
        }
        line += 1;
        if buf.len() > MAX_ENTRY_BYTES && !buf.ends_with(b"\n") {
            loop {
                buf.clear();
                let n = (&mut reader)
                    .take(1 << 20)
                    .read_until(b'\n', &mut buf)
                    .map_err(&io)?;
                if n == 0 || buf.ends_with(b"\n") {
                    break;
                }
            }
            f(
                line,
                Err(format!("line longer than {} MiB", MAX_ENTRY_BYTES >> 20)),
            )?;
            continue;
        }
        let mut bytes = &buf[..];
        if line == 1 {
            bytes = bytes.strip_prefix(jsonl::BOM.as_bytes()).unwrap_or(bytes);
        }
        match std::str::from_utf8(bytes) {
            Err(e) => f(
                line,
                Err(format!(
                    "not UTF-8 (invalid byte at column {})",
                    e.valid_up_to() + 1
                )),
            )?,
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => f(line, Ok(text.trim()))?,
        }
    }
}

/// A record id and reference value made from a list's own identifier.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RecordKey {
    pub id: String,
    pub reference: String,
    /// Set when the identifier did not fit a record id.
    pub warning: Option<String>,
}

/// 128-bit FNV-1a: stable across builds and platforms (std's hashers are not).
fn fnv1a128(s: &str) -> u128 {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in s.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    h
}

/// The record id for the list identifier `raw`: itself when it is 1..=64 bytes without
/// control characters, else `prefix` + its FNV-1a hash (stable, so a re-import keeps the
/// id). The reference value is `raw`, or (too long) its first bytes and `…`.
pub(crate) fn record_key(raw: &str, prefix: &str, scheme: &str) -> RecordKey {
    if raw.len() <= MAX_ID_LEN && !raw.chars().any(char::is_control) {
        return RecordKey {
            id: raw.to_string(),
            reference: raw.to_string(),
            warning: None,
        };
    }
    let id = format!("{prefix}{:032x}", fnv1a128(raw));
    let clean: String = raw.chars().filter(|c| !c.is_control()).collect();
    let reference = if clean.len() <= MAX_ID_LEN {
        clean
    } else {
        let mut end = MAX_ID_LEN - '…'.len_utf8();
        while !clean.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &clean[..end])
    };
    let warning = Some(format!(
        "id {raw:?} is longer than {MAX_ID_LEN} bytes or has control characters: the record id \
         is '{id}' and the '{scheme}' reference is '{reference}'"
    ));
    RecordKey {
        id,
        reference,
        warning,
    }
}

/// A date of birth as a list writes it, normalised to `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a
/// timestamp (`1970-01-01T00:00:00`, `1970-01-01 00:00`) keeps its date part.
pub(crate) fn normalize_date(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let date = match s.as_bytes().get(10) {
        Some(b'T' | b' ') if s.len() > 10 => &s[..10],
        _ => s,
    };
    PartialDate::parse(date).map(|d| d.to_string())
}

/// The alpha-3 code of a country given by alpha-2 / alpha-3 code or English name; FtM's
/// `xk` (Kosovo, user-assigned) maps as the country table maps "Kosovo".
pub(crate) fn alpha3(raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("xk") {
        return countries::alpha3("Kosovo");
    }
    countries::alpha3(raw)
}

/// FtM topics (OpenSanctions writes them in Senzing RISKS too) and the category words they
/// become, most telling first. Other topics are kept as written.
const TOPIC_LABELS: &[(&str, &str)] = &[
    ("wanted", "wanted"),
    ("crime.terror", "terrorism"),
    ("sanction", "sanction"),
    ("sanction.linked", "sanction-linked"),
    ("sanction.counter", "counter-sanction"),
    ("crime.war", "war crimes"),
    ("crime", "crime"),
    ("debarment", "debarment"),
    ("poi", "person of interest"),
    ("role.pep", "pep"),
    ("role.rca", "pep associate"),
];

/// The category of a record with these topics: the known ones' labels in
/// [`TOPIC_LABELS`] order, then the others as written, joined by ", " (`None` for none).
pub(crate) fn category_of(topics: &[String]) -> Option<String> {
    let mut labels: Vec<&str> = TOPIC_LABELS
        .iter()
        .filter(|(t, _)| topics.iter().any(|x| x == t))
        .map(|(_, l)| *l)
        .collect();
    for t in topics {
        if !TOPIC_LABELS.iter().any(|(k, _)| k == t) && !labels.contains(&t.as_str()) {
            labels.push(t);
        }
    }
    let mut out = String::new();
    for l in labels {
        if out.chars().count() + l.chars().count() + 2 > MAX_TEXT_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(l);
    }
    (!out.is_empty()).then_some(out)
}

#[derive(Debug)]
struct Doc {
    number: String,
    norm: String,
    issuing_country: Option<&'static str>,
    kind: &'static str,
}

/// Collects one person's fields as a list gives them, checking each value by the feed
/// format's rules so a bad value is left out with a warning instead of failing the record;
/// [`PersonBuilder::emit`] builds the feed line and validates it with
/// [`jsonl::parse_value`].
#[derive(Default, Debug)]
pub(crate) struct PersonBuilder {
    names: Vec<String>,
    low_quality: Vec<String>,
    name_keys: HashSet<String>,
    dates: Vec<String>,
    nationality: Vec<&'static str>,
    genders: Vec<&'static str>,
    topics: Vec<String>,
    documents: Vec<Doc>,
    addresses: Vec<String>,
    warnings: Vec<String>,
}

fn clip(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

impl PersonBuilder {
    /// Adds a name (`low_quality`: a weak alias). Whitespace runs become one space; a name
    /// already given (same NFKC lower-case form) is skipped; one over 256 characters or
    /// without letters is left out with a warning naming `field`.
    pub fn name(&mut self, raw: &str, low_quality: bool, field: &str) {
        let n = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if n.is_empty() {
            return;
        }
        if n.chars().count() > MAX_NAME_CHARS {
            self.warnings.push(format!(
                "{field} '{}' longer than {MAX_NAME_CHARS} characters: left out",
                clip(&n)
            ));
            return;
        }
        if crate::normalize::name_tokens(&n).is_empty() {
            self.warnings
                .push(format!("{field} {n:?} has no letters: left out"));
            return;
        }
        if !self
            .name_keys
            .insert(n.nfkc().collect::<String>().to_lowercase())
        {
            return;
        }
        if low_quality {
            self.low_quality.push(n);
        } else {
            self.names.push(n);
        }
    }

    /// Whether a (full-quality) name was added.
    pub fn has_names(&self) -> bool {
        !self.names.is_empty()
    }

    /// Adds a date of birth (the first added is the record's `date_of_birth`).
    pub fn date_of_birth(&mut self, raw: &str, field: &str) {
        if raw.trim().is_empty() {
            return;
        }
        match normalize_date(raw) {
            Ok(d) if !self.dates.contains(&d) => self.dates.push(d),
            Ok(_) => {}
            Err(e) => self
                .warnings
                .push(format!("{field} '{}' left out: {e}", clip(raw))),
        }
    }

    /// Adds a nationality given by country code or name.
    pub fn nationality(&mut self, raw: &str, field: &str) {
        if raw.trim().is_empty() {
            return;
        }
        match alpha3(raw) {
            Some(c) if !self.nationality.contains(&c) => self.nationality.push(c),
            Some(_) => {}
            None => self.warnings.push(format!(
                "{field} '{}' has no ISO 3166-1 code: left out",
                clip(raw)
            )),
        }
    }

    /// Adds a gender: male / M, female / F, other / X; unknown / U adds nothing.
    pub fn gender(&mut self, raw: &str) {
        let g = match raw.trim().to_lowercase().as_str() {
            "m" | "male" => "M",
            "f" | "female" => "F",
            "x" | "o" | "other" => "X",
            "" | "u" | "unknown" => return,
            _ => {
                self.warnings
                    .push(format!("gender '{}' not understood: left out", clip(raw)));
                return;
            }
        };
        if !self.genders.contains(&g) {
            self.genders.push(g);
        }
    }

    /// Adds a topic (see [`category_of`]).
    pub fn topic(&mut self, raw: &str) {
        let t = raw.trim();
        if !t.is_empty() && !self.topics.iter().any(|x| x == t) {
            self.topics.push(t.to_string());
        }
    }

    /// Adds an identity document of `kind` (`passport` / `id_card`). One with the number of a
    /// document already added (same kind, no contradicting country) merges into it, filling
    /// in its issuing country. A number that is no document number by the feed format's rule
    /// (1..24 letters or digits) is left out with a warning, and so is an unknown country.
    pub fn document(
        &mut self,
        number: &str,
        country: Option<&str>,
        kind: &'static str,
        field: &str,
    ) {
        let number = number.trim();
        if number.is_empty() {
            return;
        }
        let norm = docnum::normalize(number);
        if norm.is_empty() || norm.len() > docnum::MAX_DOC_NUMBER_LEN || number.len() > 64 {
            self.warnings.push(format!(
                "{field} '{}' is not a document number (1..{} letters or digits): left out",
                clip(number),
                docnum::MAX_DOC_NUMBER_LEN
            ));
            return;
        }
        let issuing = country
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .and_then(|c| {
                let code = alpha3(c);
                if code.is_none() {
                    self.warnings.push(format!(
                        "{field} '{number}': country '{}' has no ISO 3166-1 code: left out",
                        clip(c)
                    ));
                }
                code
            });
        let same = self.documents.iter_mut().find(|d| {
            d.kind == kind
                && d.norm == norm
                && (d.issuing_country.is_none()
                    || issuing.is_none()
                    || d.issuing_country == issuing)
        });
        match same {
            Some(d) => d.issuing_country = d.issuing_country.or(issuing),
            None => self.documents.push(Doc {
                number: number.to_string(),
                norm,
                issuing_country: issuing,
                kind,
            }),
        }
    }

    /// Adds an address (display text).
    pub fn address(&mut self, raw: &str) {
        let a = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if a.is_empty() || self.addresses.contains(&a) {
            return;
        }
        if a.chars().count() > MAX_TEXT_CHARS {
            self.warnings.push(format!(
                "address '{}' longer than {MAX_TEXT_CHARS} characters: left out",
                clip(&a)
            ));
            return;
        }
        self.addresses.push(a);
    }

    /// The feed op (or why there is none) and the warnings, for the record with list
    /// identifier `raw_id` (see [`record_key`]).
    pub fn build(
        mut self,
        source: &str,
        raw_id: &str,
        id_prefix: &str,
        scheme: &str,
    ) -> (Result<FeedOp, String>, Vec<String>) {
        let key = record_key(raw_id, id_prefix, scheme);
        let mut warnings = Vec::new();
        warnings.extend(key.warning.clone());
        warnings.append(&mut self.warnings);
        if self.names.is_empty() {
            if self.low_quality.is_empty() {
                return (Err("no usable name".into()), warnings);
            }
            let first = self.low_quality.remove(0);
            warnings.push(format!(
                "only weak aliases: '{first}' is the record's name so the person stays searchable"
            ));
            self.names.push(first);
        }
        let mut cap = |list: &str, len: usize, max: usize| {
            if len > max {
                warnings.push(format!(
                    "{len} {list}: the first {max} kept, {} left out",
                    len - max
                ));
            }
        };
        cap("names", self.names.len(), MAX_NAMES);
        self.names.truncate(MAX_NAMES);
        let room = MAX_NAMES - self.names.len();
        cap(
            "weak aliases (with the names at most 64)",
            self.low_quality.len(),
            room,
        );
        self.low_quality.truncate(room);
        let other_dates = self.dates.len().saturating_sub(1);
        cap("other dates of birth", other_dates, MAX_LIST_LEN);
        self.dates.truncate(MAX_LIST_LEN + 1);
        cap("nationalities", self.nationality.len(), MAX_LIST_LEN);
        self.nationality.truncate(MAX_LIST_LEN);
        cap("documents", self.documents.len(), MAX_LIST_LEN);
        self.documents.truncate(MAX_LIST_LEN);
        cap("addresses", self.addresses.len(), MAX_LIST_LEN);
        self.addresses.truncate(MAX_LIST_LEN);
        if self.genders.len() > 1 {
            warnings.push(format!(
                "conflicting genders {}: left out",
                self.genders.join("/")
            ));
        }

        let mut v = json!({
            "kind": "person",
            "source": source,
            "id": key.id,
            "references": [{"scheme": scheme, "value": key.reference}],
            "names": self.names,
        });
        let o = v.as_object_mut().expect("an object");
        if !self.low_quality.is_empty() {
            o.insert("low_quality_names".into(), json!(self.low_quality));
        }
        let mut dates = self.dates.into_iter();
        if let Some(d) = dates.next() {
            o.insert("date_of_birth".into(), json!(d));
        }
        let other: Vec<String> = dates.collect();
        if !other.is_empty() {
            o.insert("other_dates_of_birth".into(), json!(other));
        }
        if !self.nationality.is_empty() {
            o.insert("nationality".into(), json!(self.nationality));
        }
        if let [g] = self.genders[..] {
            o.insert("gender".into(), json!(g));
        }
        if let Some(c) = category_of(&self.topics) {
            o.insert("category".into(), json!(c));
        }
        if !self.documents.is_empty() {
            let docs: Vec<Value> = self
                .documents
                .iter()
                .map(|d| {
                    let mut doc = json!({"number": d.number, "type": d.kind});
                    if let Some(c) = d.issuing_country {
                        doc["issuing_country"] = json!(c);
                    }
                    doc
                })
                .collect();
            o.insert("documents".into(), Value::Array(docs));
        }
        if !self.addresses.is_empty() {
            o.insert("addresses".into(), json!(self.addresses));
        }
        (jsonl::parse_value(v), warnings)
    }

    /// [`PersonBuilder::build`], then the warnings and the op go to `sink` under `line`.
    pub fn emit(
        self,
        line: usize,
        source: &str,
        raw_id: &str,
        id_prefix: &str,
        scheme: &str,
        sink: &mut dyn Sink,
    ) -> crate::Result<()> {
        let (op, warnings) = self.build(source, raw_id, id_prefix, scheme);
        for w in warnings {
            sink.warning(line, w);
        }
        sink.op(line, op)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::feeds::test_support::Collect;

    /// Imports `text` written to a temporary file with `import`.
    pub(crate) fn run(
        import: fn(&Path, &str, &mut dyn Sink) -> crate::Result<()>,
        text: &str,
    ) -> Collect {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.json");
        std::fs::write(&path, text).unwrap();
        let mut sink = Collect::default();
        import(&path, "OPENSANCTIONS", &mut sink).unwrap();
        sink
    }

    const FTM: &str = concat!(
        // 1: a passport before its holder
        r#"{"id":"ru-pass-1","schema":"Passport","properties":{"holder":["NK-ivan"],"number":["71 2345678"],"country":["ru"],"type":["Passport"]},"datasets":["test"]}"#,
        "\n",
        // 2: the person
        r#"{"id":"NK-ivan","caption":"Ivan Petrov","schema":"Person","properties":{"name":["Ivan Petrov","Иван Петров"],"alias":["Ivan  Petrov","Vanya Petrov"],"weakAlias":["Vanya","ivan petrov"],"birthDate":["1970-01-02","1971","1970-01-02T00:00:00","1970-13-01"],"nationality":["ru"],"citizenship":["ua","suhh"],"country":["de"],"gender":["male"],"passportNumber":["712345678"],"idNumber":["4510 123456"],"address":["Moscow,  Tverskaya 1"],"topics":["role.pep","sanction"],"notes":["ignored"]},"referents":["ofac-1234"],"datasets":["test"],"first_seen":"2020-01-01T00:00:00"}"#,
        "\n",
        "\n",
        // 4: an organization: skipped
        r#"{"id":"org-1","schema":"Organization","properties":{"name":["ACME"]}}"#,
        "\n",
        // 5: an identification after its holder, by the holder's merged id
        r#"{"id":"ru-id-1","schema":"Identification","properties":{"holder":["ofac-1234"],"number":["4510123456"],"country":["ru"],"type":["National ID"]}}"#,
        "\n",
        // 6: bad JSON
        r#"{"id":"broken","schema":"Person","#,
        "\n",
        // 7: a person with name parts only, country instead of nationality, a nested passport
        r#"{"id":"NK-maria","schema":"Person","properties":{"firstName":["Maria"],"lastName":["Garcia Lopez"],"country":["es"],"gender":["female"],"birthDate":["1965"],"topics":["wanted"],"identification":[{"id":"es-p","schema":"Passport","properties":{"number":["PAB123456"],"country":["es"]}}]}}"#,
        "\n",
        // 8: a person with no name
        r#"{"id":"NK-none","schema":"Person","properties":{"birthDate":["1980"]}}"#,
        "\n",
        // 9: a document of the organization: dropped silently; 10: of nobody in the file
        r#"{"id":"org-id","schema":"Identification","properties":{"holder":["org-1"],"number":["HRB 1"]}}"#,
        "\n",
        r#"{"id":"lost-id","schema":"Passport","properties":{"holder":["NK-ghost"],"number":["X1"]}}"#,
        "\n",
    );

    #[test]
    fn ftm_persons_with_linked_documents() {
        let sink = run(import, FTM);
        let records = sink.records_json();
        assert_eq!(records.len(), 2, "{:?}", sink.ops);
        assert_eq!(
            records[0],
            (
                2,
                json!({
                    "kind": "person", "source": "OPENSANCTIONS", "id": "NK-ivan", "sharing": ["*"],
                    "references": [{"scheme": "ftm_id", "value": "NK-ivan"}],
                    "names": ["Ivan Petrov", "Иван Петров", "Vanya Petrov"],
                    "low_quality_names": ["Vanya"],
                    "date_of_birth": "1970-01-02",
                    "other_dates_of_birth": ["1971"],
                    "nationality": ["RUS", "UKR"],
                    "gender": "M",
                    "category": "sanction, pep",
                    "documents": [
                        {"number": "712345678", "issuing_country": "RUS", "type": "passport"},
                        {"number": "4510 123456", "issuing_country": "RUS", "type": "id_card"},
                    ],
                    "addresses": ["Moscow, Tverskaya 1"],
                })
            )
        );
        assert_eq!(
            records[1],
            (
                7,
                json!({
                    "kind": "person", "source": "OPENSANCTIONS", "id": "NK-maria", "sharing": ["*"],
                    "references": [{"scheme": "ftm_id", "value": "NK-maria"}],
                    "names": ["Maria Garcia Lopez"],
                    "date_of_birth": "1965",
                    "nationality": ["ESP"],
                    "gender": "F",
                    "category": "wanted",
                    "documents": [{"number": "PAB123456", "issuing_country": "ESP", "type": "passport"}],
                })
            )
        );
        let errors = sink.rejected();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].0, 6);
        assert!(errors[0].1.starts_with("invalid JSON"), "{}", errors[0].1);
        assert_eq!(errors[1], (8, "no usable name"));
        let warnings: Vec<(usize, &str)> = sink
            .warnings
            .iter()
            .map(|(l, w)| (*l, w.as_str()))
            .collect();
        assert_eq!(
            warnings,
            vec![
                (
                    2,
                    "birthDate '1970-13-01' left out: '1970-13-01' is not a date: expected \
                     YYYY-MM-DD, YYYY-MM or YYYY"
                ),
                (2, "citizenship 'suhh' has no ISO 3166-1 code: left out"),
                (
                    10,
                    "Passport 'X1': its holder 'NK-ghost' is not an entity of the file: left out"
                ),
            ]
        );
    }

    #[test]
    fn long_ids_get_a_stable_hash_and_a_visibly_truncated_reference() {
        let long = format!("os-{}", "x".repeat(80));
        let k = record_key(&long, "ftm-", "ftm_id");
        assert_eq!(k.id, record_key(&long, "ftm-", "ftm_id").id);
        assert!(k.id.starts_with("ftm-") && k.id.len() == 36, "{}", k.id);
        assert!(k.reference.len() <= MAX_ID_LEN && k.reference.ends_with('…'));
        assert!(long.starts_with(k.reference.trim_end_matches('…')));
        assert!(k.warning.unwrap().contains(&long));
        let short = record_key("NK-1", "ftm-", "ftm_id");
        assert_eq!(
            (short.id.as_str(), short.reference.as_str()),
            ("NK-1", "NK-1")
        );
        assert!(short.warning.is_none());

        let line =
            format!(r#"{{"id":"{long}","schema":"Person","properties":{{"name":["A B"]}}}}"#);
        let sink = run(import, &line);
        let r = sink.record(&k.id).expect("imported under the hashed id");
        assert_eq!(r.references[0].value, k.reference);
        assert_eq!(sink.warnings.len(), 1);
    }

    #[test]
    fn dates_and_caps() {
        assert_eq!(normalize_date("1970-05").unwrap(), "1970-05");
        assert_eq!(
            normalize_date(" 1970-05-06T12:00:00Z").unwrap(),
            "1970-05-06"
        );
        assert_eq!(normalize_date("1970-05-06 12:00").unwrap(), "1970-05-06");
        assert!(normalize_date("06/05/1970").is_err());
        assert!(normalize_date("1970-02-30").is_err());

        let mut b = PersonBuilder::default();
        for i in 0..70 {
            b.name(&format!("Name {i}"), false, "name");
        }
        b.name("Weak", true, "weakAlias");
        b.name(&"a".repeat(300), false, "alias");
        b.name("---", false, "alias");
        for y in 1900..1940 {
            b.date_of_birth(&y.to_string(), "birthDate");
        }
        b.gender("male");
        b.gender("female");
        let (op, warnings) = b.build("OPENSANCTIONS", "P1", "ftm-", "ftm_id");
        let Ok(FeedOp::Upsert(r)) = op else {
            panic!("{op:?}")
        };
        let crate::model::Body::Person(p) = r.body else {
            panic!()
        };
        assert_eq!(p.names.len(), 64);
        assert!(p.low_quality_names.is_empty());
        assert_eq!(p.other_dates_of_birth.len(), 32);
        assert_eq!(p.gender, None);
        assert_eq!(warnings.len(), 6, "{warnings:?}");
    }

    #[test]
    fn weak_aliases_only_keep_the_person_searchable() {
        let sink = run(
            import,
            r#"{"id":"P","schema":"Person","properties":{"weakAlias":["Abu Ali","Ali"]}}"#,
        );
        let r = sink.records_json();
        assert_eq!(r[0].1["names"], json!(["Abu Ali"]));
        assert_eq!(r[0].1["low_quality_names"], json!(["Ali"]));
        assert_eq!(sink.warnings.len(), 1);
    }

    #[test]
    fn categories() {
        let t = |v: &[&str]| category_of(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(t(&["role.pep"]).as_deref(), Some("pep"));
        assert_eq!(
            t(&["role.pep", "crime.terror", "sanction"]).as_deref(),
            Some("terrorism, sanction, pep")
        );
        assert_eq!(t(&["export.control"]).as_deref(), Some("export.control"));
        assert_eq!(t(&[]), None);
    }
}
