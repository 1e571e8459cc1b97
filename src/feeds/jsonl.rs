//! The JSON Lines feed format (documented in README.md, "Feed format").
//!
//! [`parse_line`] turns one line into a [`FeedOp`] or a reason; [`parse_lines`] does a whole
//! text and also checks that every line names the same source and that no id repeats.

use super::*;
use crate::model::{
    Body, Date, DocStatus, DocType, Gender, Holder, IdentityDocument, PartialDate, Person, Record,
    Reference, TravelDocument, SHARE_ALL,
};
use crate::LineError;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc {
    number: String,
    issuing_country: Option<String>,
    #[serde(rename = "type")]
    doc_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHolder {
    #[serde(default)]
    names: Vec<String>,
    date_of_birth: Option<String>,
}

/// Every field a line may carry: any other is an error naming it (a misspelled `sharing`
/// must never publish a restricted record, nor a misspelled date be dropped).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    kind: Option<String>,
    source: Option<String>,
    id: Option<String>,
    op: Option<String>,
    sharing: Option<Vec<String>>,
    expires: Option<String>,
    references: Option<Vec<Reference>>,
    // person
    names: Option<Vec<String>>,
    date_of_birth: Option<String>,
    nationality: Option<Vec<String>>,
    gender: Option<String>,
    category: Option<String>,
    action: Option<String>,
    documents: Option<Vec<RawDoc>>,
    low_quality_names: Option<Vec<String>>,
    other_dates_of_birth: Option<Vec<String>>,
    addresses: Option<Vec<String>>,
    // document
    number: Option<String>,
    issuing_country: Option<String>,
    document_type: Option<String>,
    status: Option<String>,
    reported: Option<String>,
    holder: Option<RawHolder>,
}

fn required<T>(v: Option<T>, field: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("missing required field '{field}'"))
}

fn text(v: Option<String>, field: &str, max: usize) -> Result<Option<String>, String> {
    match v {
        Some(s) if s.chars().count() > max => {
            Err(format!("'{field}' longer than {max} characters"))
        }
        Some(s) if s.trim().is_empty() => Ok(None),
        other => Ok(other.map(|s| s.trim().to_string())),
    }
}

fn names(v: Vec<String>, field: &str) -> Result<Vec<String>, String> {
    if v.len() > MAX_NAMES {
        return Err(format!("'{field}' has more than {MAX_NAMES} entries"));
    }
    let mut out = Vec::with_capacity(v.len());
    for (i, n) in v.into_iter().enumerate() {
        if n.chars().count() > MAX_NAME_CHARS {
            return Err(format!(
                "'{field}[{i}]' longer than {MAX_NAME_CHARS} characters"
            ));
        }
        if !crate::normalize::has_name_tokens(&n) {
            return Err(format!("'{field}[{i}]' ({n:?}) has no letters"));
        }
        out.push(n.trim().to_string());
    }
    Ok(out)
}

/// An optional list of names (absent = empty), validated like `names`.
fn names_list(v: Option<Vec<String>>, field: &str) -> Result<Vec<String>, String> {
    names(v.unwrap_or_default(), field)
}

fn countries(v: Vec<String>, field: &str) -> Result<Vec<String>, String> {
    if v.len() > MAX_LIST_LEN {
        return Err(format!("'{field}' has more than {MAX_LIST_LEN} entries"));
    }
    for c in &v {
        if !valid_country(c) {
            return Err(format!(
                "'{field}' entry '{c}' is not an ISO 3166-1 alpha-3 code"
            ));
        }
    }
    Ok(v)
}

fn country(c: String, field: &str) -> Result<String, String> {
    if valid_country(&c) {
        Ok(c)
    } else {
        Err(format!("'{field}' '{c}' is not an ISO 3166-1 alpha-3 code"))
    }
}

fn dob(v: Option<String>, field: &str) -> Result<Option<PartialDate>, String> {
    v.map(|s| PartialDate::parse(&s).map_err(|e| format!("'{field}': {e}")))
        .transpose()
}

fn doc_number(n: String, field: &str) -> Result<String, String> {
    let norm = crate::normalize::docnum::normalize(&n);
    if norm.is_empty() {
        return Err(format!("'{field}' has no letters or digits"));
    }
    if norm.len() > crate::normalize::docnum::MAX_DOC_NUMBER_LEN || n.len() > 64 {
        return Err(format!(
            "'{field}' longer than {} characters",
            crate::normalize::docnum::MAX_DOC_NUMBER_LEN
        ));
    }
    Ok(n.trim().to_string())
}

/// Parses and validates one feed line (without its line number).
/// `*`, an agency code, or an organization prefix: a code followed by `*` (`EUROPOL*`).
pub fn valid_sharing_entry(entry: &str) -> bool {
    entry == SHARE_ALL || valid_code(entry) || entry.strip_suffix('*').is_some_and(valid_code)
}

pub fn parse_line(line: &str) -> Result<FeedOp, String> {
    if line.len() > MAX_LINE_BYTES {
        return Err(format!("line longer than {MAX_LINE_BYTES} bytes"));
    }
    let raw: RawLine = serde_json::from_str(line).map_err(|_| json_error(line))?;
    from_raw(raw)
}

/// Why `line` is not a feed line, naming the field at fault when there is one (`field
/// `sharing`: invalid type: ...`) and the column (serde's "line 1" would contradict the
/// feed's line number given beside it). Parsed again only for the message, so a good line
/// pays nothing for the path tracking.
fn json_error(line: &str) -> String {
    let mut de = serde_json::Deserializer::from_str(line);
    let Err(e) = serde_path_to_error::deserialize::<_, RawLine>(&mut de) else {
        return "invalid JSON".into();
    };
    let inner = e.inner().to_string();
    let why = inner
        .strip_suffix(&format!(" at line 1 column {}", e.inner().column()))
        .map_or(inner.clone(), |why| {
            format!("{why} at column {}", e.inner().column())
        });
    if e.path().iter().next().is_some() {
        format!("invalid JSON: field `{}`: {why}", e.path())
    } else {
        format!("invalid JSON: {why}")
    }
}

/// Validates one record given as a JSON value in the feed line format: how the real-list
/// importers build records, so every format goes through the same validation as a feed line.
pub fn parse_value(value: serde_json::Value) -> Result<FeedOp, String> {
    let raw: RawLine = serde_json::from_value(value).map_err(|e| e.to_string())?;
    from_raw(raw)
}

fn from_raw(raw: RawLine) -> Result<FeedOp, String> {
    let kind = match required(raw.kind, "kind")?.as_str() {
        "person" => Kind::Person,
        "document" => Kind::Document,
        other => {
            return Err(format!(
                "unknown kind '{other}' (expected \"person\" or \"document\")"
            ))
        }
    };
    let source = required(raw.source, "source")?;
    if !valid_code(&source) {
        return Err(format!("source '{source}' must match [A-Z0-9_-]{{2,32}}"));
    }
    let id = required(raw.id, "id")?;
    if id.is_empty() || id.len() > MAX_ID_LEN || id.chars().any(char::is_control) {
        return Err(format!(
            "'id' must be 1..{MAX_ID_LEN} bytes without control characters"
        ));
    }
    match raw.op.as_deref().unwrap_or("upsert") {
        "upsert" => {}
        "delete" => return Ok(FeedOp::Delete { kind, source, id }),
        other => {
            return Err(format!(
                "unknown op '{other}' (expected \"upsert\" or \"delete\")"
            ))
        }
    }
    let sharing = raw.sharing.unwrap_or_else(|| vec![SHARE_ALL.to_string()]);
    if sharing.is_empty() || sharing.len() > MAX_LIST_LEN {
        return Err(format!(
            "'sharing' must list 1..{MAX_LIST_LEN} agency codes or \"*\""
        ));
    }
    if let Some(bad) = sharing.iter().find(|s| !valid_sharing_entry(s)) {
        return Err(format!(
            "'sharing' entry '{bad}' is neither \"*\", an agency code nor an organization \
             prefix such as \"EUROPOL*\""
        ));
    }
    let expires = raw
        .expires
        .map(|s| Date::parse(&s).map_err(|e| format!("'expires': {e}")))
        .transpose()?;
    let body = match kind {
        Kind::Person => {
            let names = names(required(raw.names, "names")?, "names")?;
            if names.is_empty() {
                return Err("'names' must not be empty".into());
            }
            let documents = raw.documents.unwrap_or_default();
            if documents.len() > MAX_LIST_LEN {
                return Err(format!("'documents' has more than {MAX_LIST_LEN} entries"));
            }
            let documents = documents
                .into_iter()
                .map(|d| {
                    Ok(IdentityDocument {
                        number: doc_number(d.number, "documents.number")?,
                        issuing_country: d
                            .issuing_country
                            .map(|c| country(c, "documents.issuing_country"))
                            .transpose()?,
                        doc_type: text(d.doc_type, "documents.type", 32)?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?;
            let low_quality_names = names_list(raw.low_quality_names, "low_quality_names")?;
            if names.len() + low_quality_names.len() > MAX_NAMES {
                return Err(format!(
                    "'names' and 'low_quality_names' have more than {MAX_NAMES} entries together"
                ));
            }
            let other_dates = raw.other_dates_of_birth.unwrap_or_default();
            if other_dates.len() > MAX_LIST_LEN {
                return Err(format!(
                    "'other_dates_of_birth' has more than {MAX_LIST_LEN} entries"
                ));
            }
            let other_dates_of_birth = other_dates
                .into_iter()
                .map(|d| dob(Some(d), "other_dates_of_birth").map(Option::unwrap))
                .collect::<Result<Vec<_>, String>>()?;
            let addresses = raw.addresses.unwrap_or_default();
            if addresses.len() > MAX_LIST_LEN {
                return Err(format!("'addresses' has more than {MAX_LIST_LEN} entries"));
            }
            let addresses = addresses
                .into_iter()
                .filter_map(|a| text(Some(a), "addresses", MAX_TEXT_CHARS).transpose())
                .collect::<Result<Vec<_>, String>>()?;
            Body::Person(Person {
                names,
                low_quality_names,
                other_dates_of_birth,
                addresses,
                date_of_birth: dob(raw.date_of_birth, "date_of_birth")?,
                nationality: countries(raw.nationality.unwrap_or_default(), "nationality")?,
                gender: raw.gender.map(|g| Gender::parse(&g)).transpose()?,
                category: text(raw.category, "category", MAX_TEXT_CHARS)?,
                action: text(raw.action, "action", MAX_TEXT_CHARS)?,
                documents,
            })
        }
        Kind::Document => {
            let dt = required(raw.document_type, "document_type")?;
            let st = required(raw.status, "status")?;
            Body::Document(TravelDocument {
                number: doc_number(required(raw.number, "number")?, "number")?,
                issuing_country: country(
                    required(raw.issuing_country, "issuing_country")?,
                    "issuing_country",
                )?,
                document_type: DocType::parse(&dt).ok_or_else(|| {
                    format!(
                        "unknown document_type '{dt}' (expected one of {:?})",
                        DocType::ALL
                    )
                })?,
                status: DocStatus::parse(&st).ok_or_else(|| {
                    format!(
                        "unknown status '{st}' (expected one of {:?})",
                        DocStatus::ALL
                    )
                })?,
                reported: raw
                    .reported
                    .map(|s| Date::parse(&s).map_err(|e| format!("'reported': {e}")))
                    .transpose()?,
                holder: raw
                    .holder
                    .map(|h| {
                        Ok::<_, String>(Holder {
                            names: names(h.names, "holder.names")?,
                            date_of_birth: dob(h.date_of_birth, "holder.date_of_birth")?,
                        })
                    })
                    .transpose()?,
            })
        }
    };
    let references = raw.references.unwrap_or_default();
    if references.len() > MAX_LIST_LEN {
        return Err(format!("'references' has more than {MAX_LIST_LEN} entries"));
    }
    for r in &references {
        if r.scheme.is_empty()
            || r.scheme.len() > 32
            || !r
                .scheme
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            return Err(format!(
                "'references' scheme '{}' must match [a-z0-9_]{{1,32}}",
                r.scheme
            ));
        }
        if r.value.is_empty() || r.value.len() > MAX_ID_LEN {
            return Err(format!(
                "'references' value of '{}' must be 1..{MAX_ID_LEN} bytes",
                r.scheme
            ));
        }
    }
    Ok(FeedOp::Upsert(Record {
        kind,
        source,
        id,
        sharing,
        expires,
        references,
        body,
    }))
}

/// Outcome of checking a batch of numbered lines against file-level rules.
#[derive(Default)]
pub struct FileChecker {
    source: Option<(String, usize)>,
    /// Ids given by 64-bit hash (bounded memory on 10M-line feeds) -> line.
    seen: std::collections::HashMap<u64, usize>,
}

impl FileChecker {
    /// Checks that `op` (on `line`) names the same source as the file's first valid line and
    /// that its id has not been given earlier in the same file (by an upsert or a delete: the
    /// order of two lines about one record must never decide what lands).
    pub fn check(&mut self, line: usize, op: &FeedOp) -> Result<(), String> {
        match &self.source {
            None => self.source = Some((op.source().to_string(), line)),
            Some((s, first)) if s != op.source() => {
                return Err(format!(
                    "source '{}' differs from '{s}' on line {first}: a feed holds one organization's records",
                    op.source()
                ))
            }
            _ => {}
        }
        let h = id_hash(op.id());
        if let Some(prev) = self.seen.insert(h, line) {
            return Err(format!("id '{}' already given on line {prev}", op.id()));
        }
        Ok(())
    }

    /// The file's source, once a valid line was seen.
    pub fn source(&self) -> Option<&str> {
        self.source.as_ref().map(|(s, _)| s.as_str())
    }
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(id)
}

/// The UTF-8 byte-order mark some editors write at the start of a file; it is skipped.
pub const BOM: &str = "\u{feff}";

/// Parses a whole feed text: every op in order, or every bad line.
pub fn parse_lines(text: &str) -> Result<Vec<FeedOp>, Vec<LineError>> {
    let mut ops = Vec::new();
    let mut errors = Vec::new();
    let mut checker = FileChecker::default();
    let text = text.strip_prefix(BOM).unwrap_or(text);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line).and_then(|op| checker.check(i + 1, &op).map(|_| op)) {
            Ok(op) => ops.push(op),
            Err(reason) => errors.push(LineError {
                line: i + 1,
                reason,
            }),
        }
    }
    if errors.is_empty() {
        Ok(ops)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = r#"{"kind":"person","source":"INTERPOL","id":"P1","names":["Ivan Petrov","Иван Петров"],"date_of_birth":"1970-03","nationality":["RUS"],"gender":"M","category":"wanted","action":"arrest"}"#;
    const D: &str = r#"{"kind":"document","source":"INTERPOL","id":"D1","number":"AB 123-456","issuing_country":"FRA","document_type":"passport","status":"stolen","reported":"2024-01-02"}"#;

    #[test]
    fn valid_lines_parse() {
        let ops = parse_lines(&format!("{P}\n\n{D}\n")).unwrap();
        assert_eq!(ops.len(), 2);
        let FeedOp::Upsert(r) = &ops[0] else { panic!() };
        assert_eq!(r.sharing, vec!["*"]);
        let Body::Person(p) = &r.body else { panic!() };
        assert_eq!(p.date_of_birth.unwrap().to_string(), "1970-03");
    }

    #[test]
    fn each_bad_line_is_reported_with_its_number_and_reason() {
        let cases = [
            ("{not json", "invalid JSON"),
            (
                r#"{"kind":"person","source":"INTERPOL","id":"x","names":["A B"],"sharing":"evryone"}"#,
                "invalid JSON: field `sharing`: invalid type: string \"evryone\", expected a sequence at column 81",
            ),
            (
                r#"{"kind":"car","source":"INTERPOL","id":"x"}"#,
                "unknown kind",
            ),
            (
                r#"{"kind":"person","source":"INTERPOL","id":"x"}"#,
                "missing required field 'names'",
            ),
            (
                r#"{"kind":"person","source":"INTERPOL","id":"x","names":[]}"#,
                "must not be empty",
            ),
            (
                r#"{"kind":"person","source":"INTERPOL","id":"x","names":["A B"],"date_of_birth":"1970-02-31"}"#,
                "not a calendar date",
            ),
            (
                r#"{"kind":"person","source":"EUROPOL","id":"x","names":["A B"]}"#,
                "differs from 'INTERPOL'",
            ),
            (
                r#"{"kind":"document","source":"INTERPOL","id":"y","number":"1","issuing_country":"FR","document_type":"passport","status":"stolen"}"#,
                "alpha-3",
            ),
            (
                r#"{"kind":"document","source":"INTERPOL","id":"y","number":"1","issuing_country":"FRA","document_type":"passport","status":"found"}"#,
                "unknown status",
            ),
        ];
        let mut text = format!("{P}\n");
        for (line, _) in &cases {
            text.push_str(line);
            text.push('\n');
        }
        let long = format!(
            r#"{{"kind":"person","source":"INTERPOL","id":"z","names":["{}"]}}"#,
            "a".repeat(300)
        );
        text.push_str(&long);
        text.push('\n');
        text.push_str(P); // duplicate id
        let errors = parse_lines(&text).unwrap_err();
        assert_eq!(errors.len(), cases.len() + 2);
        for (k, (_, reason)) in cases.iter().enumerate() {
            assert_eq!(errors[k].line, k + 2);
            assert!(
                errors[k].reason.contains(reason),
                "{} !~ {reason}",
                errors[k].reason
            );
        }
        assert!(errors[cases.len()].reason.contains("longer than"));
        assert!(errors[cases.len() + 1]
            .reason
            .contains("already given on line 1"));
    }

    #[test]
    fn delete_needs_only_the_key() {
        let op =
            parse_line(r#"{"kind":"person","source":"INTERPOL","id":"P1","op":"delete"}"#).unwrap();
        assert!(matches!(op, FeedOp::Delete { .. }));
    }
}
