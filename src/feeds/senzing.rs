//! Senzing JSON (the Generic Entity Specification, as OpenSanctions and others export it) ->
//! person records.
//!
//! A file is a JSON array of records when its first non-whitespace byte is `[` (read element
//! by element, never whole: the line of a record is the line its `{` is on), else JSON Lines
//! (one record a line). A UTF-8 byte-order mark is skipped.
//!
//! **Which records.** `RECORD_TYPE` `PERSON` is imported; any other type (ORGANIZATION,
//! VESSEL, AIRCRAFT...) is skipped silently. A record without a type (absent, null or empty:
//! OpenSanctions writes null for positions such as "United States senator") is imported only
//! when something only a person has marks it (name parts NAME_FIRST / NAME_MIDDLE /
//! NAME_LAST, a date of birth, a gender, a passport) and it has no NAME_ORG; otherwise it is
//! skipped with a warning, so a count that differs from the file's is explained.
//!
//! **Fields read.** Senzing attributes may sit at the top level or in any list of objects
//! (the list names, NAMES, DATES, COUNTRIES, IDENTIFIERS, ADDRESSES, RISKS..., are only
//! grouping), so the top-level object and every object of every top-level list are read
//! alike, for these attributes (all others, e.g. DATA_SOURCE, LAST_CHANGE, URL,
//! RELATIONSHIPS, OTHER_ID_* / TRUSTED_ID_* / TAX_ID_* / SSN_*, DATE_OF_DEATH,
//! PLACE_OF_BIRTH, are ignored):
//! - `RECORD_ID` (top level; string or number): the record id (1..=64 bytes, else a stable
//!   hash, see [`super::ftm::record_key`]) and the `senzing_record_id` reference; `RECORD_TYPE`.
//! - Names: `NAME_FULL`, or `NAME_FIRST` `NAME_MIDDLE` `NAME_LAST` `NAME_SUFFIX` joined (both
//!   when both are given; `NAME_PREFIX` titles are left out), grouped by object and by
//!   usage-type prefix (`PRIMARY_NAME_FULL`, `AKA_NAME_LAST`...). The type is the object's
//!   `NAME_TYPE` or the prefix: PRIMARY names come first (the top-level name without a type
//!   counts as primary), then the others in the order read (the top level first, then the
//!   lists in the order of their names: JSON objects are unordered); a type mentioning WEAK or LOW (as
//!   some mappers mark OFAC's weak a.k.a.s) -> `low_quality_names`.
//! - `DATE_OF_BIRTH`: the first -> `date_of_birth`, the rest -> `other_dates_of_birth`.
//! - `NATIONALITY`, `CITIZENSHIP`, `NATIONALITIES` (string or list; alpha-2 of either case,
//!   alpha-3 or English name) -> `nationality`; `COUNTRY_OF_ASSOCIATION` only when none.
//! - `GENDER` M / F / MALE / FEMALE (/ X / OTHER).
//! - `PASSPORT_NUMBER` with the same object's `PASSPORT_COUNTRY` -> passport documents;
//!   `NATIONAL_ID_NUMBER` with `NATIONAL_ID_COUNTRY` -> `id_card` documents.
//! - Addresses: `ADDR_FULL`, or `ADDR_LINE1`..`ADDR_LINE6` `ADDR_CITY` `ADDR_STATE`
//!   `ADDR_POSTAL_CODE` `ADDR_COUNTRY` joined by ", ", grouped by object and prefix
//!   (`HOME_ADDR_CITY`...).
//! - `TOPIC` (OpenSanctions' RISKS) -> `category`, as FtM topics map.

use super::ftm::{for_each_line, open, PersonBuilder, MAX_ENTRY_BYTES};
use super::Sink;
use serde_json::{Map, Value};
use std::io::{BufRead, Read};
use std::path::Path;

/// Imports the person records of the Senzing JSON file (array or JSON Lines) at `path`.
pub fn import(path: &Path, source: &str, sink: &mut dyn Sink) -> crate::Result<()> {
    if first_byte(path)? == Some(b'[') {
        for_each_element(path, |line, element| {
            let value = element.and_then(|bytes| {
                serde_json::from_slice::<Value>(bytes).map_err(|e| format!("invalid JSON: {e}"))
            });
            record(line, value, source, sink)
        })
    } else {
        for_each_line(path, |line, text| {
            let value = text.and_then(|t| {
                serde_json::from_str::<Value>(t).map_err(|e| format!("invalid JSON: {e}"))
            });
            record(line, value, source, sink)
        })
    }
}

/// The first byte of the file that is neither whitespace nor part of a byte-order mark.
fn first_byte(path: &Path) -> crate::Result<Option<u8>> {
    let io = |source| crate::Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = open(path)?;
    let mut buf = [0u8; 4096];
    let mut at_start = true;
    loop {
        let n = reader.read(&mut buf).map_err(io)?;
        if n == 0 {
            return Ok(None);
        }
        let mut bytes = &buf[..n];
        if at_start {
            bytes = bytes
                .strip_prefix(super::jsonl::BOM.as_bytes())
                .unwrap_or(bytes);
            at_start = false;
        }
        if let Some(b) = bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            return Ok(Some(*b));
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum State {
    /// Before the opening `[`.
    Start,
    /// After `[` or a `,`: an element or (not after a comma) `]` comes next.
    Expect { after_comma: bool },
    /// Inside an element.
    Element,
    /// After an element: `,` or `]` comes next.
    After,
    /// After the closing `]`.
    Done,
}

/// Splits a JSON array into its elements without reading it whole: calls `f` with each
/// element's starting line and bytes, or why the array is broken there.
fn for_each_element(
    path: &Path,
    mut f: impl FnMut(usize, Result<&[u8], String>) -> crate::Result<()>,
) -> crate::Result<()> {
    let io = |source| crate::Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = open(path)?;
    let mut state = State::Start;
    let mut line = 1;
    let (mut elem, mut elem_line, mut overflow) = (Vec::new(), 0, false);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut trailing_reported = false;
    let mut last_line = 1;
    let mut first = true;
    loop {
        let buf = reader.fill_buf().map_err(io)?;
        if buf.is_empty() {
            break;
        }
        let len = buf.len();
        let mut bytes = buf;
        if first {
            bytes = bytes
                .strip_prefix(super::jsonl::BOM.as_bytes())
                .unwrap_or(bytes);
            first = false;
        }
        for &b in bytes {
            if state == State::Element {
                let mut end = false;
                let mut closes_array = false;
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' if depth > 0 => {
                            depth -= 1;
                            if depth == 0 {
                                // The element's own closing bracket: keep it, then end.
                                push(&mut elem, &mut overflow, b);
                                end = true;
                            }
                        }
                        b']' => {
                            end = true;
                            closes_array = true;
                        }
                        b',' if depth == 0 => end = true,
                        _ => {}
                    }
                }
                if end {
                    finish(&mut f, elem_line, &elem, overflow)?;
                    state = if closes_array {
                        State::Done
                    } else if b == b',' {
                        State::Expect { after_comma: true }
                    } else {
                        State::After
                    };
                } else {
                    push(&mut elem, &mut overflow, b);
                }
            } else if !b.is_ascii_whitespace() {
                match (state, b) {
                    (State::Start, b'[') => state = State::Expect { after_comma: false },
                    (State::Expect { after_comma: false }, b']') | (State::After, b']') => {
                        state = State::Done
                    }
                    (State::Expect { after_comma: true }, b']') => {
                        f(line, Err("a ',' without an element before the ']'".into()))?;
                        state = State::Done;
                    }
                    (State::Expect { .. }, b',') => {
                        f(line, Err("an empty array element (two commas)".into()))?
                    }
                    (State::After, b',') => state = State::Expect { after_comma: true },
                    (State::Done, _) => {
                        if !trailing_reported {
                            f(line, Err("text after the array's closing ']'".into()))?;
                            trailing_reported = true;
                        }
                    }
                    (State::Start, _) => {
                        f(line, Err("a JSON array must start with '['".into()))?;
                        state = State::Done;
                        trailing_reported = true;
                    }
                    (State::Expect { .. } | State::After, _) => {
                        if state == State::After {
                            f(line, Err("expected ',' or ']' before this element".into()))?;
                        }
                        state = State::Element;
                        elem.clear();
                        overflow = false;
                        elem_line = line;
                        (depth, in_string, escaped) = (0, false, false);
                        match b {
                            b'"' => in_string = true,
                            b'{' | b'[' => depth = 1,
                            _ => {}
                        }
                        push(&mut elem, &mut overflow, b);
                    }
                    (State::Element, _) => unreachable!("handled above"),
                }
            }
            if !b.is_ascii_whitespace() {
                last_line = line;
            }
            if b == b'\n' {
                line += 1;
            }
        }
        reader.consume(len);
    }
    match state {
        State::Element => f(
            elem_line,
            Err("the file ends inside this record (truncated?)".into()),
        ),
        State::Expect { .. } | State::After => f(
            last_line,
            Err("the file ends before the array's closing ']' (truncated?)".into()),
        ),
        State::Start | State::Done => Ok(()),
    }
}

fn push(elem: &mut Vec<u8>, overflow: &mut bool, b: u8) {
    if elem.len() < MAX_ENTRY_BYTES {
        elem.push(b);
    } else {
        *overflow = true;
    }
}

fn finish(
    f: &mut impl FnMut(usize, Result<&[u8], String>) -> crate::Result<()>,
    line: usize,
    elem: &[u8],
    overflow: bool,
) -> crate::Result<()> {
    if overflow {
        f(
            line,
            Err(format!("record longer than {} MiB", MAX_ENTRY_BYTES >> 20)),
        )
    } else {
        f(line, Ok(elem.trim_ascii_end()))
    }
}

/// A string or number attribute as text (`None` for anything else or blank).
fn text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// The texts of an attribute that may be one value or a list of them.
fn texts(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    }
}

/// A name's role in the record.
#[derive(Clone, Copy, PartialEq)]
enum NameRole {
    Primary,
    Alias,
    Weak,
}

const NAME_PARTS: [&str; 7] = [
    "NAME_FULL",
    "NAME_FIRST",
    "NAME_MIDDLE",
    "NAME_LAST",
    "NAME_SUFFIX",
    "NAME_PREFIX",
    "NAME_ORG",
];
const ADDR_PARTS: [&str; 11] = [
    "ADDR_FULL",
    "ADDR_LINE1",
    "ADDR_LINE2",
    "ADDR_LINE3",
    "ADDR_LINE4",
    "ADDR_LINE5",
    "ADDR_LINE6",
    "ADDR_CITY",
    "ADDR_STATE",
    "ADDR_POSTAL_CODE",
    "ADDR_COUNTRY",
];

/// `key` split into (usage-type prefix, attribute) when it ends with one of `parts` (the
/// prefix is empty or ends with `_`).
fn split_key<'k>(key: &'k str, parts: &[&'static str]) -> Option<(&'k str, &'static str)> {
    parts.iter().find_map(|p| {
        let prefix = key.strip_suffix(p)?;
        (prefix.is_empty() || prefix.ends_with('_')).then_some((prefix, *p))
    })
}

/// What the objects of one record say, before it is known to be a person.
#[derive(Default)]
struct Features {
    /// Each name with its role, in the order read.
    names: Vec<(NameRole, String)>,
    org_name: bool,
    person_evidence: bool,
    dates: Vec<String>,
    nationalities: Vec<(String, &'static str)>,
    associated: Vec<String>,
    genders: Vec<String>,
    documents: Vec<(String, Option<String>, &'static str, &'static str)>,
    addresses: Vec<String>,
    topics: Vec<String>,
}

impl Features {
    fn read(&mut self, o: &Map<String, Value>, top_level: bool) {
        // Names and addresses, grouped by prefix.
        let mut name_groups: Vec<(&str, Vec<(&str, String)>)> = Vec::new();
        let mut addr_groups: Vec<(&str, Vec<(&str, String)>)> = Vec::new();
        for (k, v) in o {
            for (parts, groups) in [
                (&NAME_PARTS[..], &mut name_groups),
                (&ADDR_PARTS[..], &mut addr_groups),
            ] {
                if let (Some((prefix, part)), Some(t)) = (split_key(k, parts), text(v)) {
                    match groups.iter_mut().find(|(p, _)| *p == prefix) {
                        Some((_, g)) => g.push((part, t)),
                        None => groups.push((prefix, vec![(part, t)])),
                    }
                }
            }
        }
        let name_type = o.get("NAME_TYPE").and_then(text);
        for (prefix, group) in &name_groups {
            let get = |part: &str| group.iter().find(|(p, _)| *p == part).map(|(_, t)| t);
            let kind = if prefix.is_empty() {
                name_type.clone().unwrap_or_default()
            } else {
                prefix.trim_end_matches('_').to_string()
            }
            .to_uppercase();
            let role = if kind == "PRIMARY" || (kind.is_empty() && top_level) {
                NameRole::Primary
            } else if kind.contains("WEAK") || kind.contains("LOW") {
                NameRole::Weak
            } else {
                NameRole::Alias
            };
            if get("NAME_ORG").is_some() {
                self.org_name = true;
            }
            if let Some(full) = get("NAME_FULL") {
                self.names.push((role, full.clone()));
            }
            let parts: Vec<&str> = ["NAME_FIRST", "NAME_MIDDLE", "NAME_LAST", "NAME_SUFFIX"]
                .iter()
                .filter_map(|p| get(p).map(String::as_str))
                .collect();
            if ["NAME_FIRST", "NAME_MIDDLE", "NAME_LAST"]
                .iter()
                .any(|p| get(p).is_some())
            {
                self.person_evidence = true;
                self.names.push((role, parts.join(" ")));
            }
        }
        for (_, group) in &addr_groups {
            let get = |part: &str| group.iter().find(|(p, _)| *p == part).map(|(_, t)| t);
            match get("ADDR_FULL") {
                Some(full) => self.addresses.push(full.clone()),
                None => {
                    let parts: Vec<&str> = ADDR_PARTS[1..]
                        .iter()
                        .filter_map(|p| get(p).map(String::as_str))
                        .collect();
                    self.addresses.push(parts.join(", "));
                }
            }
        }
        if let Some(d) = o.get("DATE_OF_BIRTH") {
            let d = texts(d);
            self.person_evidence |= !d.is_empty();
            self.dates.extend(d);
        }
        for field in ["NATIONALITY", "CITIZENSHIP", "NATIONALITIES"] {
            if let Some(v) = o.get(field) {
                self.nationalities
                    .extend(texts(v).into_iter().map(|c| (c, field)));
            }
        }
        if let Some(v) = o.get("COUNTRY_OF_ASSOCIATION") {
            self.associated.extend(texts(v));
        }
        if let Some(g) = o.get("GENDER").and_then(text) {
            self.person_evidence = true;
            self.genders.push(g);
        }
        for (number, country, kind, field) in [
            (
                "PASSPORT_NUMBER",
                "PASSPORT_COUNTRY",
                "passport",
                "PASSPORT_NUMBER",
            ),
            (
                "NATIONAL_ID_NUMBER",
                "NATIONAL_ID_COUNTRY",
                "id_card",
                "NATIONAL_ID_NUMBER",
            ),
        ] {
            if let Some(n) = o.get(number).and_then(text) {
                self.person_evidence |= kind == "passport";
                let c = o.get(country).and_then(text);
                self.documents.push((n, c, kind, field));
            }
        }
        if let Some(t) = o.get("TOPIC") {
            self.topics.extend(texts(t));
        }
    }
}

fn record(
    line: usize,
    value: Result<Value, String>,
    source: &str,
    sink: &mut dyn Sink,
) -> crate::Result<()> {
    let o = match value {
        Ok(Value::Object(o)) => o,
        Ok(_) => return sink.op(line, Err("not a JSON object (a Senzing record)".into())),
        Err(e) => return sink.op(line, Err(e)),
    };
    let record_type = o
        .get("RECORD_TYPE")
        .and_then(text)
        .map(|t| t.to_uppercase());
    if record_type.as_deref().is_some_and(|t| t != "PERSON") {
        return Ok(());
    }
    let mut features = Features::default();
    features.read(&o, true);
    for v in o.values().filter_map(Value::as_array).flatten() {
        if let Some(inner) = v.as_object() {
            features.read(inner, false);
        }
    }
    if record_type.is_none() {
        if features.org_name && !features.person_evidence {
            return Ok(());
        }
        if !features.person_evidence || features.org_name {
            let name = features.names.first().map_or("", |(_, n)| n.as_str());
            sink.warning(
                line,
                format!(
                    "record {:?} ('{name}') has no RECORD_TYPE and nothing only a person has \
                     (NAME_FIRST/NAME_LAST, a date of birth, a gender, a passport): skipped as \
                     not a person",
                    o.get("RECORD_ID").and_then(text).unwrap_or_default()
                ),
            );
            return Ok(());
        }
    }
    let Some(id) = o.get("RECORD_ID").and_then(text) else {
        return sink.op(line, Err("no RECORD_ID".into()));
    };
    let mut b = PersonBuilder::default();
    for role in [NameRole::Primary, NameRole::Alias, NameRole::Weak] {
        for (r, n) in &features.names {
            if *r == role {
                b.name(n, role == NameRole::Weak, "name");
            }
        }
    }
    for d in &features.dates {
        b.date_of_birth(d, "DATE_OF_BIRTH");
    }
    for (c, field) in &features.nationalities {
        b.nationality(c, field);
    }
    if features.nationalities.is_empty() {
        for c in &features.associated {
            b.nationality(c, "COUNTRY_OF_ASSOCIATION");
        }
    }
    for g in &features.genders {
        b.gender(g);
    }
    for (number, country, kind, field) in &features.documents {
        b.document(number, country.as_deref(), kind, field);
    }
    for a in &features.addresses {
        b.address(a);
    }
    for t in &features.topics {
        b.topic(t);
    }
    b.emit(line, source, &id, "senzing-", "senzing_record_id", sink)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::ftm::tests::run;
    use crate::feeds::test_support::Collect;
    use serde_json::json;

    const ARRAY: &str = r#"[
  {
    "DATA_SOURCE": "TEST",
    "RECORD_ID": "P1",
    "RECORD_TYPE": "PERSON",
    "NAME_FIRST": "John",
    "NAME_LAST": "Smith",
    "DATE_OF_BIRTH": "1965-03-15",
    "NATIONALITY": "US",
    "ADDR_CITY": "Washington",
    "ADDR_STATE": "DC",
    "ADDR_COUNTRY": "United States"
  },
  {"RECORD_ID": "O1", "RECORD_TYPE": "ORGANIZATION", "NAME_ORG": "Ministry of Finance"},
  {
    "RECORD_ID": 42,
    "NAMES": [
      {"NAME_TYPE": "ALIAS", "NAME_FULL": "Ahmad \"Abu Ali\" Khan"},
      {"NAME_TYPE": "PRIMARY", "NAME_FIRST": "Ahmad", "NAME_LAST": "Khan"},
      {"NAME_TYPE": "AKA_WEAK", "NAME_FULL": "Abu Ali"}
    ],
    "DATES": [{"DATE_OF_BIRTH": "1970"}, {"DATE_OF_BIRTH": "1971-02-03"}, {"DATE_OF_DEATH": "2020"}],
    "COUNTRIES": [{"CITIZENSHIP": "Afghanistan"}, {"NATIONALITY": "Atlantis"}],
    "GENDER": "MALE",
    "IDENTIFIERS": [
      {"PASSPORT_NUMBER": "OA123456", "PASSPORT_COUNTRY": "AF"},
      {"NATIONAL_ID_NUMBER": "1234-5678", "NATIONAL_ID_TYPE": "idNumber"},
      {"OTHER_ID_TYPE": "OPEN_SANCTIONS", "OTHER_ID_NUMBER": "NK-x"}
    ],
    "ADDRESSES": [{"ADDR_FULL": "Kabul, Afghanistan"}],
    "RISKS": [{"TOPIC": "sanction"}]
  },
  {"RECORD_ID": "POS", "RECORD_TYPE": null, "NAMES": [{"NAME_TYPE": "PRIMARY", "NAME_FULL": "United States senator"}]},
  {"RECORD_ID": "NONAME", "RECORD_TYPE": "PERSON", "DATE_OF_BIRTH": "1950"},
  [1, 2]
]
"#;

    #[test]
    fn senzing_array() {
        let sink = run(import, ARRAY);
        let records = sink.records_json();
        assert_eq!(
            records,
            vec![
                (
                    2,
                    json!({
                        "kind": "person", "source": "OPENSANCTIONS", "id": "P1", "sharing": ["*"],
                        "references": [{"scheme": "senzing_record_id", "value": "P1"}],
                        "names": ["John Smith"],
                        "date_of_birth": "1965-03-15",
                        "nationality": ["USA"],
                        "documents": [],
                        "addresses": ["Washington, DC, United States"],
                    })
                ),
                (
                    15,
                    json!({
                        "kind": "person", "source": "OPENSANCTIONS", "id": "42", "sharing": ["*"],
                        "references": [{"scheme": "senzing_record_id", "value": "42"}],
                        "names": ["Ahmad Khan", "Ahmad \"Abu Ali\" Khan"],
                        "low_quality_names": ["Abu Ali"],
                        "date_of_birth": "1970",
                        "other_dates_of_birth": ["1971-02-03"],
                        "nationality": ["AFG"],
                        "gender": "M",
                        "category": "sanction",
                        "documents": [
                            {"number": "OA123456", "issuing_country": "AFG", "type": "passport"},
                            {"number": "1234-5678", "type": "id_card"},
                        ],
                        "addresses": ["Kabul, Afghanistan"],
                    })
                ),
            ]
        );
        assert_eq!(
            sink.rejected(),
            vec![
                (34, "no usable name"),
                (35, "not a JSON object (a Senzing record)")
            ]
        );
        let w: Vec<(usize, &str)> = sink
            .warnings
            .iter()
            .map(|(l, w)| (*l, w.as_str()))
            .collect();
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(
            w[0],
            (
                15,
                "NATIONALITY 'Atlantis' has no ISO 3166-1 code: left out"
            )
        );
        assert_eq!(w[1].0, 33);
        assert!(w[1]
            .1
            .contains("\"POS\" ('United States senator') has no RECORD_TYPE"));
    }

    #[test]
    fn senzing_json_lines() {
        let text = concat!(
            "\u{feff}",
            r#"{"DATA_SOURCE":"OS_US_CONGRESS","RECORD_ID":"NK-1","RECORD_TYPE":"PERSON","NAMES":[{"NAME_TYPE":"PRIMARY","NAME_FULL":"Jesús G. \"Chuy\" García"},{"NAME_TYPE":"ALIAS","NAME_FULL":"Jesus G. Garcia"},{"NAME_TYPE":"ALIAS","NAME_FULL":"JESUS G. GARCIA"}],"RISKS":[{"TOPIC":"role.pep"}],"DATES":[{"DATE_OF_BIRTH":"1956"}],"COUNTRIES":[{"NATIONALITY":"us"}]}"#,
            "\n\n",
            r#"{"RECORD_ID":"NK-2","PRIMARY_NAME_FIRST":"Anna","PRIMARY_NAME_LAST":"Ivanova","AKA_NAME_FULL":"Anna Ivanova-Smith","GENDER":"F","HOME_ADDR_LINE1":"1 Main St","HOME_ADDR_CITY":"Springfield","COUNTRY_OF_ASSOCIATION":"ca"}"#,
            "\n",
            "{\"RECORD_ID\":",
            "\n",
            r#"{"RECORD_TYPE":"PERSON","NAME_FULL":"No Id"}"#,
            "\n",
        );
        let sink = run(import, text);
        let records = sink.records_json();
        assert_eq!(
            records,
            vec![
                (
                    1,
                    json!({
                        "kind": "person", "source": "OPENSANCTIONS", "id": "NK-1", "sharing": ["*"],
                        "references": [{"scheme": "senzing_record_id", "value": "NK-1"}],
                        "names": ["Jesús G. \"Chuy\" García", "Jesus G. Garcia"],
                        "date_of_birth": "1956",
                        "nationality": ["USA"],
                        "category": "pep",
                        "documents": [],
                    })
                ),
                (
                    3,
                    json!({
                        "kind": "person", "source": "OPENSANCTIONS", "id": "NK-2", "sharing": ["*"],
                        "references": [{"scheme": "senzing_record_id", "value": "NK-2"}],
                        "names": ["Anna Ivanova", "Anna Ivanova-Smith"],
                        "nationality": ["CAN"],
                        "gender": "F",
                        "documents": [],
                        "addresses": ["1 Main St, Springfield"],
                    })
                ),
            ]
        );
        let errors = sink.rejected();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].0, 4);
        assert!(errors[0].1.starts_with("invalid JSON"));
        assert_eq!(errors[1], (5, "no RECORD_ID"));
        assert!(sink.warnings.is_empty(), "{:?}", sink.warnings);
    }

    #[test]
    fn broken_arrays_are_reported_not_fatal() {
        let sink = run(import, "[\n{\"RECORD_ID\":\"A\",\"RECORD_TYPE\":\"PERSON\",\"NAME_FULL\":\"A B\"},,\n{\"RECORD_ID\":\"B\",\"NAME_FIRST\":\"C\", \"NAME_LAST\":\"D ]}\"}\n");
        assert_eq!(sink.records_json().len(), 2, "{:?}", sink.ops);
        assert_eq!(
            sink.rejected(),
            vec![
                (2, "an empty array element (two commas)"),
                (
                    3,
                    "the file ends before the array's closing ']' (truncated?)"
                )
            ]
        );
        let sink = run(import, "[{\"RECORD_ID\":\"A\",\"NAME_FULL\":\"A\n");
        assert_eq!(
            sink.rejected(),
            vec![(1, "the file ends inside this record (truncated?)")]
        );
    }

    const REAL: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/watchman-testdata/opensanctions"
    );

    fn real(file: &str) -> Option<Collect> {
        let path = Path::new(REAL).join(file);
        if !path.exists() {
            eprintln!("{} absent: skipped", path.display());
            return None;
        }
        let mut sink = Collect::default();
        import(&path, "OPENSANCTIONS", &mut sink).unwrap();
        eprintln!(
            "{file}: {} records, {} rejected, {} warnings",
            sink.records_json().len(),
            sink.rejected().len(),
            sink.warnings.len()
        );
        for (l, w) in &sink.warnings {
            eprintln!("  line {l}: {w}");
        }
        Some(sink)
    }

    #[test]
    fn real_opensanctions_files() {
        if let Some(sink) = real("peps_senzing.json") {
            assert!(sink.rejected().is_empty(), "{:?}", sink.rejected());
            let r = sink.records_json();
            assert_eq!(r.len(), 2);
            assert_eq!(r[0].0, 2);
            assert_eq!(r[0].1["names"], json!(["John Smith"]));
            assert_eq!(r[1].1["nationality"], json!(["ESP"]));
            assert_eq!(r[1].1["addresses"], json!(["Madrid, Spain"]));
        }
        if let Some(sink) = real("us_congress_senzing.json") {
            assert!(sink.rejected().is_empty(), "{:?}", sink.rejected());
            // 1,319 lines: 1,317 persons and the two positions OpenSanctions exports with a
            // null RECORD_TYPE ("United States representative", "United States senator").
            assert_eq!(sink.records_json().len(), 1317);
            assert_eq!(sink.warnings.len(), 2);
            assert!(sink
                .warnings
                .iter()
                .all(|(_, w)| w.contains("no RECORD_TYPE")));
            let r = serde_json::to_value(sink.record("Q18631698").unwrap()).unwrap();
            assert_eq!(
                r["names"],
                json!([
                    "Jesús G. \"Chuy\" García",
                    "Jesus G. Garcia",
                    "Jesus G. \"Chuy\" Garcia"
                ])
            );
            assert_eq!(r["date_of_birth"], "1956");
            assert_eq!(r["nationality"], json!(["USA"]));
            assert_eq!(r["category"], "pep");
            let first = &sink.records_json()[0];
            assert_eq!(first.0, 1);
            assert_eq!(first.1["id"], "NK-AQ4HymsADSK2D63MkyTqfC");
            assert_eq!(first.1["names"], json!(["Jennifer L. McClellan"]));
            assert_eq!(first.1["date_of_birth"], "1972");
        }
    }
}
