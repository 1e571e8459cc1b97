//! The UN Security Council consolidated list (XML) -> person records.
//!
//! Each `CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL` becomes one record (the `ENTITIES` are no
//! persons and are skipped). Its id is the list's REFERENCE_NUMBER (`QDi.001`), or
//! `UN-<DATAID>` when there is none; both go into `references` (`un_reference`,
//! `un_dataid`). The mapping, element by element:
//!
//! - FIRST_NAME..FOURTH_NAME, joined: the primary name; NAME_ORIGINAL_SCRIPT: an alias;
//!   INDIVIDUAL_ALIAS/ALIAS_NAME: an alias, a low-quality name when its QUALITY is "Low".
//! - INDIVIDUAL_DATE_OF_BIRTH: TYPE_OF_DATE EXACT or APPROXIMATELY with DATE or YEAR, or
//!   BETWEEN with FROM_YEAR and TO_YEAR (every year of it, at most ten); the first one is the
//!   date of birth, the others further ones. A date given only as a NOTE is a warning.
//! - NATIONALITY/VALUE: country names mapped to ISO alpha-3 (an unknown one is a warning).
//! - INDIVIDUAL_DOCUMENT: NUMBER (read out of the descriptions the list often wraps it in,
//!   "Pakistani passport number AA3829182"), ISSUING_COUNTRY or else COUNTRY_OF_ISSUE, and
//!   the type from TYPE_OF_DOCUMENT / TYPE_OF_DOCUMENT2 (`passport`, `id_card`, `other`).
//! - INDIVIDUAL_ADDRESS: an address; GENDER: the gender; UN_LIST_TYPE: the category.
//!
//! Each entry is reported on the line of its INDIVIDUAL start tag. XML that is not well
//! formed stops the import with an error naming the line.

use super::ofac::{check_source, english_date, read_document, year_span, Draft};
use super::{jsonl, Sink};
use crate::model::PartialDate;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// Reads the UN consolidated list at `path` into `sink`, every record owned by `source`.
pub fn import(path: &Path, source: &str, sink: &mut dyn Sink) -> crate::Result<()> {
    check_source(source)?;
    let bytes = std::fs::read(path).map_err(|e| crate::Error::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        crate::Error::invalid(
            "feed",
            format!(
                "{}: not UTF-8 (at byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix(jsonl::BOM).unwrap_or(&text);
    let mut reader = Reader::from_str(text);
    let mut lines = LineCounter::default();
    let bad_xml = |pos: u64, lines: &mut LineCounter, why: String| {
        crate::Error::invalid(
            "feed",
            format!(
                "{}: XML not well formed on line {}: {why}",
                path.display(),
                lines.at(text, pos as usize)
            ),
        )
    };
    let mut stack: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut root_seen = false;
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| bad_xml(reader.error_position(), &mut lines, e.to_string()))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(_) => {
                stack.pop();
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(tag) = start else { continue };
        let name = String::from_utf8_lossy(tag.name().as_ref()).into_owned();
        if stack.is_empty() {
            if name != "CONSOLIDATED_LIST" {
                return Err(crate::Error::invalid(
                    "feed",
                    format!(
                        "{}: not a UN consolidated list (root element <{name}>, expected \
                         <CONSOLIDATED_LIST>)",
                        path.display()
                    ),
                ));
            }
            root_seen = true;
        }
        if name == "INDIVIDUAL" && stack == ["CONSOLIDATED_LIST", "INDIVIDUALS"] {
            let line = lines.at(text, pos as usize);
            let node = if empty {
                Node::new(name)
            } else {
                read_subtree(&mut reader, name)
                    .map_err(|why| bad_xml(reader.buffer_position(), &mut lines, why))?
            };
            let op = match individual(&node, source) {
                Err(reason) => Err(reason),
                Ok((id, value, warnings)) => {
                    for w in warnings {
                        sink.warning(line, w);
                    }
                    match seen.get(&id) {
                        Some(first) => Err(format!("id '{id}' already given on line {first}")),
                        None => {
                            seen.insert(id, line);
                            jsonl::parse_value(value)
                        }
                    }
                }
            };
            sink.op(line, op)?;
        } else if !empty {
            stack.push(name);
        }
    }
    if !root_seen {
        return Err(crate::Error::invalid(
            "feed",
            format!(
                "{}: not a UN consolidated list (no <CONSOLIDATED_LIST> element)",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// Byte offset -> 1-based line, for offsets asked in increasing order.
#[derive(Default)]
struct LineCounter {
    pos: usize,
    newlines: usize,
}

impl LineCounter {
    fn at(&mut self, text: &str, pos: usize) -> usize {
        let pos = pos.min(text.len());
        if pos < self.pos {
            // asked out of order (an error position): count afresh
            return text.as_bytes()[..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
        }
        self.newlines += text.as_bytes()[self.pos..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = pos;
        self.newlines + 1
    }
}

/// One element of an INDIVIDUAL, with its text and child elements (attributes unused).
#[derive(Debug)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn new(name: String) -> Self {
        Node {
            name,
            text: String::new(),
            children: Vec::new(),
        }
    }

    /// The child elements named `name`.
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`, if not blank.
    fn text_of(&self, name: &str) -> Option<&str> {
        self.children
            .iter()
            .filter(|c| c.name == name)
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
    }
}

/// Reads the element whose start tag `name` was just read, up to its end tag.
fn read_subtree(reader: &mut Reader<&[u8]>, name: String) -> Result<Node, String> {
    let mut stack = vec![Node::new(name)];
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let top = stack.last_mut().expect("the element being read");
        match event {
            Event::Start(e) => stack.push(Node::new(
                String::from_utf8_lossy(e.name().as_ref()).into_owned(),
            )),
            Event::Empty(e) => top.children.push(Node::new(
                String::from_utf8_lossy(e.name().as_ref()).into_owned(),
            )),
            Event::Text(t) => top
                .text
                .push_str(&t.xml10_content().map_err(|e| e.to_string())?),
            Event::CData(c) => top.text.push_str(&c.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                if let Some(ch) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    top.text.push(ch);
                } else {
                    let entity = r.decode().map_err(|e| e.to_string())?;
                    let s = quick_xml::escape::resolve_predefined_entity(&entity)
                        .ok_or_else(|| format!("unknown entity &{entity};"))?;
                    top.text.push_str(s);
                }
            }
            Event::End(_) => {
                let done = stack.pop().expect("the element being read");
                match stack.last_mut() {
                    None => return Ok(done),
                    Some(parent) => parent.children.push(done),
                }
            }
            Event::Eof => return Err("the file ends inside an INDIVIDUAL".into()),
            _ => {}
        }
    }
}

/// Maps one INDIVIDUAL to (record id, feed line, warnings), or why it cannot be imported.
fn individual(n: &Node, source: &str) -> Result<(String, Value, Vec<String>), String> {
    let dataid = n.text_of("DATAID");
    let reference = n.text_of("REFERENCE_NUMBER");
    let id = match (reference, dataid) {
        (Some(r), _) => r.to_string(),
        (None, Some(d)) => format!("UN-{d}"),
        (None, None) => return Err("INDIVIDUAL has neither REFERENCE_NUMBER nor DATAID".into()),
    };
    let mut d = Draft::default();
    let primary: Vec<&str> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .iter()
        .filter_map(|f| n.text_of(f))
        .collect();
    d.name(&primary.join(" "), false);
    if let Some(original) = n.text_of("NAME_ORIGINAL_SCRIPT") {
        d.name(original, false);
    }
    for alias in n.all("INDIVIDUAL_ALIAS") {
        if let Some(name) = alias.text_of("ALIAS_NAME") {
            let low = alias
                .text_of("QUALITY")
                .is_some_and(|q| q.to_ascii_lowercase().contains("low"));
            d.name(name, low);
        }
    }
    for dob in n.all("INDIVIDUAL_DATE_OF_BIRTH") {
        match date_of_birth(dob) {
            Ok(dates) => d.dates(dates),
            Err(why) => d.warn(format!("date of birth not read: {why}")),
        }
    }
    for nat in n.all("NATIONALITY") {
        for v in nat.all("VALUE") {
            let v = v.text.trim();
            if !v.is_empty() {
                d.nationality(v);
            }
        }
    }
    for doc in n.all("INDIVIDUAL_DOCUMENT") {
        let Some(number) = doc.text_of("NUMBER") else {
            continue; // a document the list knows only by type or note: nothing to match
        };
        let kind = doc.text_of("TYPE_OF_DOCUMENT");
        let text = read_document(number);
        let country = doc
            .text_of("ISSUING_COUNTRY")
            .or(doc.text_of("COUNTRY_OF_ISSUE"))
            .or(text.country.as_deref());
        let doc_type = document_type(kind, doc.text_of("TYPE_OF_DOCUMENT2"), &text.described);
        let remark = format!("{}: {number}", kind.unwrap_or("document"));
        d.document(&text.number, country, doc_type, &remark);
    }
    for a in n.all("INDIVIDUAL_ADDRESS") {
        let parts: Vec<&str> = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"]
            .iter()
            .filter_map(|f| a.text_of(f))
            .collect();
        let mut address = parts.join(", ");
        if let Some(note) = a.text_of("NOTE") {
            address = format!("{address} ({note})");
        }
        d.address(address);
    }
    if let Some(g) = n.text_of("GENDER") {
        match g.to_ascii_lowercase().as_str() {
            "male" => d.gender("M"),
            "female" => d.gender("F"),
            _ => d.warn(format!("gender not read: '{g}'")),
        }
    }
    let category = n
        .text_of("UN_LIST_TYPE")
        .map(|l| format!("sanctioned ({l})"));
    let mut refs = Vec::new();
    if let Some(r) = reference {
        refs.push(serde_json::json!({"scheme": "un_reference", "value": r}));
    }
    if let Some(dataid) = dataid {
        refs.push(serde_json::json!({"scheme": "un_dataid", "value": dataid}));
    }
    let (value, warnings) = d.into_value(source, &id, Value::Array(refs), category);
    Ok((id, value, warnings))
}

/// The dates of one INDIVIDUAL_DATE_OF_BIRTH (none when it is blank), or why it is not read.
fn date_of_birth(dob: &Node) -> Result<Vec<PartialDate>, String> {
    let year = |field: &str| -> Result<Option<u16>, String> {
        dob.text_of(field)
            .map(|y| {
                PartialDate::parse(y)
                    .ok()
                    .filter(|p| p.month.is_none())
                    .map(|p| p.year)
                    .ok_or_else(|| format!("{field} '{y}' is not a year"))
            })
            .transpose()
    };
    if let Some(date) = dob.text_of("DATE") {
        // xs:date, sometimes with a time or zone after the day
        let day = date.get(..10).filter(|_| date.len() > 10).unwrap_or(date);
        return PartialDate::parse(day)
            .map(|p| vec![p])
            .map_err(|e| format!("DATE {e}"));
    }
    if let Some(y) = year("YEAR")? {
        return year_span(y, y);
    }
    match (year("FROM_YEAR")?, year("TO_YEAR")?) {
        (Some(from), Some(to)) => return year_span(from, to),
        (Some(y), None) | (None, Some(y)) => return year_span(y, y),
        (None, None) => {}
    }
    match dob.text_of("NOTE") {
        // "Nov. 1973", "August 1961"
        Some(note) if english_date(note).is_ok() => english_date(note).map(|d| vec![d]),
        Some(note) => Err(format!(
            "{} '{}'",
            dob.text_of("TYPE_OF_DATE").unwrap_or("note"),
            note.split_whitespace().collect::<Vec<_>>().join(" ")
        )),
        None => Ok(Vec::new()),
    }
}

/// A document's type from the list's TYPE_OF_DOCUMENT, its more specific TYPE_OF_DOCUMENT2
/// and the words around the number ("Afghan passport number ..."), the specific ones first.
fn document_type(kind: Option<&str>, kind2: Option<&str>, described: &str) -> &'static str {
    let specific = format!("{} {described}", kind2.unwrap_or("")).to_lowercase();
    classify(&specific)
        .or_else(|| classify(&kind.unwrap_or("").to_lowercase()))
        .unwrap_or("other")
}

fn classify(text: &str) -> Option<&'static str> {
    // Numbers of documents that are neither passports nor identity cards.
    const OTHER: &[&str] = &[
        "driving",
        "driver",
        "social security",
        "ration",
        "birth",
        "fiscal",
        "student",
        "voter",
        "military",
        "alien",
        "residen",
        "certificate",
        "laissez",
        "travel document",
        "reiseausweis",
        "other id",
    ];
    const PASSPORT: &[&str] = &["passport", "pasaporte", "passeport"];
    const ID_CARD: &[&str] = &[
        "identity",
        "identification",
        "id card",
        "tazkira",
        "national number",
    ];
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(OTHER) {
        Some("other")
    } else if has(PASSPORT) {
        Some("passport")
    } else if has(ID_CARD) {
        Some("id_card")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::test_support::{testdata, Collect};

    const UN: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>6908555</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>ABDUL</FIRST_NAME>
      <SECOND_NAME>RAHMAN</SECOND_NAME>
      <THIRD_NAME>AL</THIRD_NAME>
      <FOURTH_NAME>HASSAN</FOURTH_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER>
      <GENDER>Male</GENDER>
      <NAME_ORIGINAL_SCRIPT>عبد الرحمن الحسن</NAME_ORIGINAL_SCRIPT>
      <COMMENTS1>Two
lines.</COMMENTS1>
      <NATIONALITY>
        <VALUE>Iran (Islamic Republic of)</VALUE>
        <VALUE>former Soviet Union</VALUE>
        <VALUE>Türkiye</VALUE>
      </NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu Mohammed</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu M.</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>ABDUL RAHMAN AL HASSAN</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS>
        <STREET>1 Rue Ibn &amp; Khaldoun</STREET>
        <CITY>Tunis</CITY>
        <COUNTRY>Tunisia</COUNTRY>
        <NOTE>as of 2016</NOTE>
      </INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_ADDRESS><COUNTRY/></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-03-05</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1969</YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
        <FROM_YEAR>1972</FROM_YEAR>
        <TO_YEAR>1974</TO_YEAR>
        <NOTE>Approximately</NOTE>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Between Aug. and Sep. 1977</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE/></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH><COUNTRY/></INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>
        <NUMBER>Pakistani passport number AA3829182</NUMBER>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>
        <NUMBER>D 000769</NUMBER>
        <ISSUING_COUNTRY>Afghanistan</ISSUING_COUNTRY>
        <DATE_OF_ISSUE>2009-02-12</DATE_OF_ISSUE>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT>
        <NUMBER>R00012098, South Sudan</NUMBER>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT>
        <TYPE_OF_DOCUMENT2>Birth certificate</TYPE_OF_DOCUMENT2>
        <NUMBER>77/123</NUMBER>
        <COUNTRY_OF_ISSUE>Iraq</COUNTRY_OF_ISSUE>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>
        <NOTE>number unknown</NOTE>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT/>
      <SORT_KEY/>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>123</DATAID>
      <FIRST_NAME>ZAINAB</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER/>
      <GENDER>Female</GENDER>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1900</FROM_YEAR><TO_YEAR>1950</TO_YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
    <INDIVIDUAL><FIRST_NAME>NO IDS</FIRST_NAME></INDIVIDUAL>
    <INDIVIDUAL><DATAID>9</DATAID><REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER><FIRST_NAME>AGAIN</FIRST_NAME></INDIVIDUAL>
    <INDIVIDUAL><DATAID>10</DATAID><REFERENCE_NUMBER>QDi.010</REFERENCE_NUMBER></INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY><DATAID>1</DATAID><FIRST_NAME>SOME COMPANY</FIRST_NAME></ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"#;

    /// The 1-based lines of the INDIVIDUAL start tags of `xml`.
    fn individual_lines(xml: &str) -> Vec<usize> {
        xml.lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with("<INDIVIDUAL>"))
            .map(|(i, _)| i + 1)
            .collect()
    }

    fn run(xml: &str) -> crate::Result<Collect> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("un.xml");
        std::fs::write(&path, xml).unwrap();
        let mut sink = Collect::default();
        import(&path, "UNSC", &mut sink).map(|_| sink)
    }

    #[test]
    fn individuals_map_every_element() {
        let sink = run(UN).unwrap();
        let lines = individual_lines(UN);
        assert_eq!(lines.len(), 5);
        assert_eq!(sink.ops.len(), 5, "{:?}", sink.ops);
        let expect = |v: Value| jsonl::parse_value(v).unwrap();
        assert_eq!(
            sink.ops[0],
            (
                lines[0],
                Ok(expect(serde_json::json!({
                    "kind": "person", "source": "UNSC", "id": "QDi.999", "sharing": ["*"],
                    "references": [
                        {"scheme": "un_reference", "value": "QDi.999"},
                        {"scheme": "un_dataid", "value": "6908555"},
                    ],
                    "names": ["ABDUL RAHMAN AL HASSAN", "عبد الرحمن الحسن", "Abu Mohammed"],
                    "low_quality_names": ["Abu M."],
                    "date_of_birth": "1970-03-05",
                    "other_dates_of_birth": ["1971", "1969", "1972", "1973", "1974", "1973-11"],
                    "nationality": ["IRN", "TUR"],
                    "gender": "M",
                    "category": "sanctioned (Al-Qaida)",
                    "documents": [
                        {"number": "AA3829182", "type": "passport"},
                        {"number": "D 000769", "issuing_country": "AFG", "type": "passport"},
                        {"number": "R00012098", "issuing_country": "SSD", "type": "id_card"},
                        {"number": "77/123", "issuing_country": "IRQ", "type": "other"},
                    ],
                    "addresses": ["1 Rue Ibn & Khaldoun, Tunis, Tunisia (as of 2016)"],
                })))
            )
        );
        assert_eq!(
            sink.ops[1],
            (
                lines[1],
                Ok(expect(serde_json::json!({
                    "kind": "person", "source": "UNSC", "id": "UN-123", "sharing": ["*"],
                    "references": [{"scheme": "un_dataid", "value": "123"}],
                    "names": ["ZAINAB"], "gender": "F", "category": "sanctioned (DPRK)",
                })))
            )
        );
        assert_eq!(
            sink.rejected(),
            vec![
                (
                    lines[2],
                    "INDIVIDUAL has neither REFERENCE_NUMBER nor DATAID"
                ),
                (lines[3], "id 'QDi.999' already given on line 4"),
                (lines[4], "'names' must not be empty"),
            ]
        );
        assert_eq!(
            sink.warnings,
            vec![
                (
                    lines[0],
                    "date of birth not read: EXACT 'Between Aug. and Sep. 1977'".to_string()
                ),
                (
                    lines[0],
                    "unknown country: 'former Soviet Union' (nationality)".to_string()
                ),
                (
                    lines[1],
                    "date of birth not read: the range 1900 to 1950 spans 51 years, more than 10"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn broken_xml_and_other_documents_are_errors() {
        let broken = "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL>\n<DATAID>1</DATA>\n";
        let err = run(broken).unwrap_err().to_string();
        assert!(err.contains("XML not well formed on line 4"), "{err}");
        let err = run("<?xml version=\"1.0\"?>\n<html/>")
            .unwrap_err()
            .to_string();
        assert!(err.contains("root element <html>"), "{err}");
        let err = run("").unwrap_err().to_string();
        assert!(err.contains("no <CONSOLIDATED_LIST>"), "{err}");
        let empty =
            run("<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>").unwrap();
        assert!(empty.ops.is_empty());
    }

    #[test]
    fn document_types_come_from_the_most_specific_words() {
        let t = |k: &str, k2: Option<&str>, d: &str| document_type(Some(k), k2, d);
        assert_eq!(t("Passport", None, ""), "passport");
        assert_eq!(t("National Identification Number", None, ""), "id_card");
        assert_eq!(
            t(
                "National Identification Number",
                Some("national passport"),
                ""
            ),
            "passport"
        );
        assert_eq!(
            t(
                "National Identification Number",
                Some("Ration card no."),
                ""
            ),
            "other"
        );
        assert_eq!(t("Passport", None, "German travel document"), "other");
        assert_eq!(t("Numéro de passeport ", None, ""), "passport");
    }

    #[test]
    fn real_un_file_imports_every_individual() {
        let Some(dir) = testdata() else { return };
        let mut sink = Collect::default();
        let t = std::time::Instant::now();
        import(&dir.join("UN_consolidated.xml"), "UNSC", &mut sink).unwrap();
        sink.report("UN", t.elapsed());
        assert_eq!(sink.records().len(), 730);
        assert!(sink.rejected().is_empty());

        let (line, p) = sink.person("CDi.001");
        assert_eq!(line, 4);
        assert_eq!(p.names, ["ERIC BADEGE"]);
        assert_eq!(p.date_of_birth.unwrap().to_string(), "1971");
        assert_eq!(p.nationality, ["COD"]);
        assert_eq!(p.addresses, ["Rwanda (as of early 2016)"]);
        assert_eq!(p.category.as_deref(), Some("sanctioned (DRC)"));

        let (line, p) = sink.person("QDi.426");
        assert_eq!(line, 30469);
        assert_eq!(p.names[1], "أمیر محمد سعید عبد الرحمن السلبي");
        assert_eq!(p.low_quality_names, ["Al-Ustadh", "Ustadh Ahmad"]);
        assert_eq!(p.documents[0].number, "00278640");

        // EXACT 1985 and BETWEEN 1984 and 1986
        let (_, p) = sink.person("YEi.002");
        assert_eq!(p.date_of_birth.unwrap().to_string(), "1985");
        let others: Vec<String> = p
            .other_dates_of_birth
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(others, ["1984", "1986"]);
    }
}
