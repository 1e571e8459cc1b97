//! OFAC's SDN list in its legacy CSV format -> person records.
//!
//! The feed is a folder of four CSV files without header rows, `-0-` standing for an empty
//! field: `sdn.csv` (one row per listed party), `alt.csv` (its aliases), `add.csv` (its
//! addresses) and `sdn_comments.csv` (the tail of remarks longer than the 1,000 characters
//! `sdn.csv` holds). Only individuals are imported; entities, vessels and aircraft are no
//! persons and are skipped without a word.
//!
//! An individual becomes a record `SDN-<ent_num>` whose names are the listed name turned
//! from "LAST, First" into "First LAST" plus every alias of `alt.csv`; the weak aliases OFAC
//! writes into the remarks (`a.k.a. 'NAME'`) become low-quality names. The remarks also give
//! the dates of birth (`DOB 01 Jan 1960`, `DOB circa 1960`, `DOB 1960 to 1964`, `alt. DOB
//! ...`; the first is the date of birth, the others further ones, a range every year of it),
//! the nationalities and citizenships, the gender and the identity documents (passports and
//! national identity numbers, with the issuing country in parentheses).
//!
//! Every entry is reported on its line of `sdn.csv`; a problem in one of the other files
//! names that file and line. A row of `alt.csv`, `add.csv` or `sdn_comments.csv` naming an
//! ent_num that `sdn.csv` lacks is a warning on line 0 (it belongs to no line of `sdn.csv`).
//!
//! The record builder [`Draft`] (dedupes names, maps countries, caps lists to the feed
//! limits with a warning) and the document-number reader [`read_document`] are shared with
//! the UN importer ([`super::un_xml`]).

use super::{countries, jsonl, valid_code, Sink, MAX_LIST_LEN, MAX_NAMES};
use super::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
use crate::model::PartialDate;
use crate::normalize::docnum;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// The four files of the feed folder.
const SDN: &str = "sdn.csv";
const ALT: &str = "alt.csv";
const ADD: &str = "add.csv";
const COMMENTS: &str = "sdn_comments.csv";

/// Fields of a `sdn.csv` row.
const SDN_FIELDS: usize = 12;

/// Reads the SDN folder at `path` into `sink`, every record owned by `source`.
pub fn import(path: &Path, source: &str, sink: &mut dyn Sink) -> crate::Result<()> {
    check_source(source)?;
    if !path.is_dir() {
        return Err(crate::Error::invalid(
            "path",
            format!(
                "{}: an ofac-sdn feed is a folder holding {SDN}, {ALT}, {ADD} and {COMMENTS}",
                path.display()
            ),
        ));
    }
    // All four files must be there before anything is read: a folder missing its aliases
    // must not import half-named persons.
    let mut data = Vec::with_capacity(4);
    for name in [SDN, ALT, ADD, COMMENTS] {
        let p = path.join(name);
        data.push(std::fs::read(&p).map_err(|source| crate::Error::Io { path: p, source })?);
    }
    let mut extras: HashMap<u64, Extras> = HashMap::new();
    let mut loose = Vec::new(); // warnings on no line of sdn.csv
    read_side_file(
        ALT,
        &data[1],
        4,
        &mut extras,
        &mut loose,
        |x, line, f| match value(f, 3) {
            Some(name) => {
                let weak = value(f, 4).is_some_and(|r| is_weak(&r));
                x.aliases.push((name, weak));
            }
            None => x
                .warnings
                .push(format!("alias without a name: {ALT} line {line}")),
        },
    )?;
    read_side_file(ADD, &data[2], 5, &mut extras, &mut loose, |x, _, f| {
        let parts: Vec<String> = (2..5).filter_map(|i| value(f, i)).collect();
        if !parts.is_empty() {
            x.addresses.push(parts.join(", "));
        }
    })?;
    read_side_file(COMMENTS, &data[3], 2, &mut extras, &mut loose, |x, _, f| {
        // The tail goes on where sdn.csv cut the remarks, mid-word.
        if value(f, 1).is_some() {
            x.remarks_tail.push_str(f[1].trim_end_matches('\u{1a}'));
        }
    })?;

    let mut seen: HashMap<u64, usize> = HashMap::new();
    for_each_row(SDN, &data[0], |line, fields| {
        let op = sdn_entry(line, &fields, source, &mut extras, &mut seen);
        let (op, warnings) = match op {
            Entry::Skip => return Ok(()),
            Entry::Bad(reason) => (Err(reason), Vec::new()),
            Entry::Record(value, warnings) => (jsonl::parse_value(value), warnings),
        };
        for w in warnings {
            sink.warning(line, w);
        }
        sink.op(line, op)
    })?;
    for w in loose {
        sink.warning(0, w);
    }
    let mut orphans: Vec<(u64, Extras)> = extras.into_iter().collect();
    orphans.sort_by_key(|(_, x)| (x.first_file, x.first_line));
    for (ent, x) in orphans {
        let more = match x.rows {
            1 => String::new(),
            n => format!(" ({n} rows)"),
        };
        sink.warning(
            0,
            format!(
                "unknown ent_num: {} line {} names ent_num {ent}, which {SDN} does not \
                 list{more}",
                x.first_file, x.first_line
            ),
        );
    }
    Ok(())
}

/// The feed's source must be an organization code (checked once, not on every entry).
pub(crate) fn check_source(source: &str) -> crate::Result<()> {
    if valid_code(source) {
        Ok(())
    } else {
        Err(crate::Error::invalid(
            "source",
            format!("'{source}' must match [A-Z0-9_-]{{2,32}}"),
        ))
    }
}

/// What `alt.csv`, `add.csv` and `sdn_comments.csv` add to one ent_num.
#[derive(Default)]
struct Extras {
    /// (name, weak)
    aliases: Vec<(String, bool)>,
    addresses: Vec<String>,
    remarks_tail: String,
    /// Rows that could not be read: the entry is rejected with them.
    problems: Vec<String>,
    warnings: Vec<String>,
    /// Where the ent_num first appeared, and in how many rows (for the unknown-ent_num
    /// warning).
    first_file: &'static str,
    first_line: usize,
    rows: usize,
}

/// An alias the list marks as weak or of low quality.
fn is_weak(remarks: &str) -> bool {
    let r = remarks.to_ascii_lowercase();
    r.contains("weak") || r.contains("low quality") || r.contains("low-quality")
}

/// Calls `f(line, fields)` for every row of a headerless CSV file, skipping blank rows and
/// the DOS end-of-file mark (0x1A) OFAC's files end with.
fn for_each_row(
    file: &str,
    data: &[u8],
    mut f: impl FnMut(usize, Vec<String>) -> crate::Result<()>,
) -> crate::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(crate::Error::invalid("feed", format!("{file}: {e}"))),
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        let fields: Vec<String> = record.iter().map(decode).collect();
        if (0..fields.len()).all(|i| value(&fields, i).is_none()) {
            continue;
        }
        f(line, fields)?;
    }
}

/// One CSV field as text. The legacy files are ASCII; bytes that are not UTF-8 are read as
/// Latin-1 rather than lost.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// Field `i`, trimmed; `-0-` (and the `-0` a truncated last line leaves) is empty.
fn value(fields: &[String], i: usize) -> Option<String> {
    let t = fields
        .get(i)?
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{1a}');
    (!t.is_empty() && t != "-0-" && t != "-0").then(|| t.to_string())
}

/// Reads a side file into `extras`: `add(extras, line, fields)` for each row with at least
/// `min_fields` fields and a numeric ent_num.
fn read_side_file(
    file: &'static str,
    data: &[u8],
    min_fields: usize,
    extras: &mut HashMap<u64, Extras>,
    loose: &mut Vec<String>,
    mut add: impl FnMut(&mut Extras, usize, &[String]),
) -> crate::Result<()> {
    for_each_row(file, data, |line, fields| {
        let ent_text = value(&fields, 0).unwrap_or_default();
        let Ok(ent) = ent_text.parse::<u64>() else {
            loose.push(format!(
                "row not read: {file} line {line}: ent_num '{ent_text}' is not a number"
            ));
            return Ok(());
        };
        let x = extras.entry(ent).or_insert_with(|| Extras {
            first_file: file,
            first_line: line,
            ..Extras::default()
        });
        x.rows += 1;
        if fields.len() < min_fields {
            x.problems.push(format!(
                "{file} line {line}: expected {min_fields} fields or more, found {}",
                fields.len()
            ));
        } else {
            add(x, line, &fields);
        }
        Ok(())
    })
}

enum Entry {
    /// Not an individual.
    Skip,
    Bad(String),
    Record(Value, Vec<String>),
}

/// Maps one `sdn.csv` row (with its side-file extras) to a feed line.
fn sdn_entry(
    line: usize,
    f: &[String],
    source: &str,
    extras: &mut HashMap<u64, Extras>,
    seen: &mut HashMap<u64, usize>,
) -> Entry {
    let Some(ent_text) = value(f, 0) else {
        return Entry::Bad(format!("{SDN}: row without an ent_num"));
    };
    let Ok(ent) = ent_text.parse::<u64>() else {
        return Entry::Bad(format!("{SDN}: ent_num '{ent_text}' is not a number"));
    };
    let x = extras.remove(&ent).unwrap_or_default();
    if f.len() < 3 {
        return Entry::Bad(format!(
            "{SDN}: expected {SDN_FIELDS} fields, found {}",
            f.len()
        ));
    }
    if !value(f, 2).is_some_and(|t| t.eq_ignore_ascii_case("individual")) {
        return Entry::Skip;
    }
    if let Some(first) = seen.insert(ent, line) {
        return Entry::Bad(format!(
            "{SDN}: ent_num {ent} already given on line {first}"
        ));
    }
    if f.len() != SDN_FIELDS {
        return Entry::Bad(format!(
            "{SDN}: expected {SDN_FIELDS} fields, found {}",
            f.len()
        ));
    }
    if !x.problems.is_empty() {
        return Entry::Bad(x.problems.join("; "));
    }
    let Some(name) = value(f, 1) else {
        return Entry::Bad(format!("{SDN}: individual {ent} has no name"));
    };
    let mut d = Draft {
        warnings: x.warnings,
        ..Draft::default()
    };
    d.name(&first_last(&name), false);
    for (alias, weak) in &x.aliases {
        d.name(&first_last(alias), *weak);
    }
    // The remarks as written (not trimmed: the tail may go on after a space).
    let mut remarks = value(f, 11).map_or(String::new(), |_| f[11].clone());
    remarks.push_str(&x.remarks_tail);
    read_remarks(&remarks, &mut d);
    for a in x.addresses {
        d.address(a);
    }
    let category = value(f, 3).map(|p| {
        // Several programs are written "SDGT] [SDT".
        let programs: Vec<&str> = p
            .split("] [")
            .map(|s| s.trim_matches(|c| c == '[' || c == ']' || c == ' '))
            .filter(|s| !s.is_empty())
            .collect();
        format!("sanctioned ({})", programs.join(", "))
    });
    let id = format!("SDN-{ent}");
    let refs = json!([{"scheme": "ofac_ent_num", "value": ent.to_string()}]);
    let (value, warnings) = d.into_value(source, &id, refs, category);
    Entry::Record(value, warnings)
}

/// "LAST, First" -> "First LAST"; "LAST, First, Jr." -> "First LAST Jr."; a name without a
/// comma is kept as written.
fn first_last(name: &str) -> String {
    let mut parts = name.split(',').map(str::trim).filter(|p| !p.is_empty());
    let Some(last) = parts.next() else {
        return name.trim().to_string();
    };
    let (suffixes, given): (Vec<&str>, Vec<&str>) = parts.partition(|p| is_suffix(p));
    let mut out: Vec<&str> = given;
    out.push(last);
    out.extend(suffixes);
    out.join(" ")
}

fn is_suffix(part: &str) -> bool {
    matches!(
        part.trim_end_matches('.').to_ascii_lowercase().as_str(),
        "jr" | "sr" | "ii" | "iii" | "iv"
    )
}

/// The remark labels that name an identity document, with the document type they become.
/// Other identifiers (tax, registration, phone numbers, driver's licences, SSNs...) are not
/// identity documents a traveller shows and are left out.
const DOCUMENT_LABELS: &[(&str, &str)] = &[
    ("Diplomatic Passport", "passport"),
    ("Passport", "passport"),
    ("National ID No.", "id_card"),
    ("National Foreign ID Number", "id_card"),
    ("Personal ID Card", "id_card"),
    ("Cedula No.", "id_card"),
    ("D.N.I.", "id_card"),
    ("Numero de Identidad", "id_card"),
    ("Citizen's Card Number", "id_card"),
    ("Credencial electoral", "id_card"),
    ("Travel Document Number", "other"),
    ("Identification Number", "other"),
];

/// Reads the `;`-separated remarks of an individual into the draft.
fn read_remarks(remarks: &str, d: &mut Draft) {
    for item in remarks.split(';') {
        let item = item.trim().trim_end_matches('.').trim_end();
        let rest = strip_prefix_ci(item, "alt. ").unwrap_or(item);
        if let Some(v) = after_label(rest, "DOB") {
            match read_ofac_dob(v) {
                Ok(dates) => d.dates(dates),
                Err(why) => d.warn(format!("date of birth not read: '{item}' ({why})")),
            }
        } else if let Some(v) = after_label(rest, "nationality").or(after_label(rest, "citizen")) {
            d.nationality(v);
        } else if let Some(v) = after_label(rest, "Gender") {
            match v.to_ascii_lowercase().as_str() {
                "male" => d.gender("M"),
                "female" => d.gender("F"),
                _ => d.warn(format!("gender not read: '{item}'")),
            }
        } else if let Some(v) = after_label(rest, "a.k.a.") {
            // Weak aliases are quoted: a.k.a. 'ABU-'UMAR' (the name may hold apostrophes).
            let name = v.strip_prefix('\'').unwrap_or(v);
            let name = name.strip_suffix('\'').unwrap_or(name);
            d.name(&first_last(name), true);
        } else if let Some((v, doc_type)) = DOCUMENT_LABELS
            .iter()
            .find_map(|(label, t)| after_label(rest, label).map(|v| (v, *t)))
        {
            let doc = read_document(v);
            d.document(&doc.number, doc.country.as_deref(), doc_type, item);
        }
    }
}

/// `text` without `prefix`, ignoring ASCII case.
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// What follows `label` when the item starts with it as a whole word (then a space or a
/// colon), trimmed; `None` otherwise.
fn after_label<'a>(item: &'a str, label: &str) -> Option<&'a str> {
    let rest = item.strip_prefix(label)?;
    if !(rest.starts_with(' ') || rest.starts_with(':')) {
        return None;
    }
    let v = rest.trim_start_matches([' ', ':']).trim();
    (!v.is_empty()).then_some(v)
}

/// The dates an OFAC DOB remark gives: `01 Jan 1960`, `Jan 1960`, `1960`, each optionally
/// after `circa`, or a range `<date> to <date>` / `1979-1982`.
fn read_ofac_dob(v: &str) -> Result<Vec<PartialDate>, String> {
    let v = strip_prefix_ci(v, "circa ").unwrap_or(v).trim();
    let range = v.split_once(" to ").or_else(|| {
        // "1979-1982": two bare years
        v.split_once('-')
            .filter(|(a, b)| is_year(a.trim()) && is_year(b.trim()))
    });
    if let Some((from, to)) = range {
        let (from, to) = (english_date(from.trim())?, english_date(to.trim())?);
        return date_range(from, to);
    }
    Ok(vec![english_date(v)?])
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `01 Jan 1960`, `Jan 1960` or `1960` (month names in English, full or abbreviated).
pub(crate) fn english_date(s: &str) -> Result<PartialDate, String> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let (day, month, year) = match parts[..] {
        [y] => (None, None, y),
        [m, y] => (None, Some(m), y),
        [d, m, y] => (Some(d), Some(m), y),
        _ => return Err("expected DD Mon YYYY, Mon YYYY or YYYY".into()),
    };
    if !is_year(year) {
        return Err(format!("'{year}' is not a year"));
    }
    let mut text = year.to_string();
    if let Some(m) = month {
        let m = month_number(m).ok_or_else(|| format!("'{m}' is not a month"))?;
        text.push_str(&format!("-{m:02}"));
    }
    if let Some(d) = day {
        let d: u8 = d.parse().map_err(|_| format!("'{d}' is not a day"))?;
        text.push_str(&format!("-{d:02}"));
    }
    PartialDate::parse(&text)
}

/// The month of an English month name or its abbreviation (`Sep`, `Sept.`, `September`).
pub(crate) fn month_number(name: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    if n.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&n))
        .map(|i| i as u8 + 1)
}

/// Most years a range of birth dates becomes; a wider range is no date of birth.
pub(crate) const MAX_DOB_RANGE_YEARS: u16 = 10;

/// Every year from `from` to `to`, or why the range is not used.
pub(crate) fn year_span(from: u16, to: u16) -> Result<Vec<PartialDate>, String> {
    if to < from {
        return Err(format!("the range {from} to {to} ends before it starts"));
    }
    let years = to - from + 1;
    if years > MAX_DOB_RANGE_YEARS {
        return Err(format!(
            "the range {from} to {to} spans {years} years, more than {MAX_DOB_RANGE_YEARS}"
        ));
    }
    (from..=to)
        .map(|y| PartialDate::parse(&format!("{y:04}")))
        .collect()
}

/// A range between two dates: one month when it covers exactly one month (`01 Mar 1965 to
/// 31 Mar 1965`), the one date when both ends are equal, otherwise every year of it.
fn date_range(from: PartialDate, to: PartialDate) -> Result<Vec<PartialDate>, String> {
    if from == to {
        return Ok(vec![from]);
    }
    let whole_month = from.year == to.year
        && from.month.is_some()
        && from.month == to.month
        && from.day.is_none_or(|d| d == 1)
        && to.day.is_none_or(|d| {
            let next = format!("{:04}-{:02}-{:02}", to.year, to.month.unwrap_or(1), d + 1);
            PartialDate::parse(&next).is_err()
        });
    if whole_month {
        return Ok(vec![PartialDate { day: None, ..from }]);
    }
    year_span(from.year, to.year)
}

/// A document number as a list writes it, split from what surrounds it.
#[derive(Debug, PartialEq)]
pub(crate) struct DocumentText {
    /// The number (display form).
    pub number: String,
    /// The issuing country, when the text names one: `(Iran)`, `, South Sudan`, `Libya 42`.
    pub country: Option<String>,
    /// The words before the number that describe it ("Russian foreign travel passport").
    pub described: String,
}

/// Splits a document remark into number, country and description: `A1234567 (Iran) issued
/// 01 Jan 2010 expires 01 Jan 2015`, `Booklet: A8235074 (Pakistan)`, `Pakistani passport
/// number AA3829182`, `D 000769`, `R00012098, South Sudan`, `381110042 (Expired 2016)`.
pub(crate) fn read_document(text: &str) -> DocumentText {
    let mut t = text.replace('\n', " ");
    // "issued ...", "expires ...", "valid until ..." follow the number (and its country)
    let lower = t.to_ascii_lowercase();
    let cut = ["issued", "issue date", "expire", "valid until", "date of"]
        .iter()
        .filter_map(|m| {
            lower.match_indices(m).find_map(|(i, _)| match i {
                // the remark starts with it ("Passport expires 02 Jun 2011"): no number
                0 => Some(0),
                _ => matches!(lower.as_bytes()[i - 1], b' ' | b'(' | b',').then(|| i - 1),
            })
        })
        .min();
    if let Some(i) = cut {
        t.truncate(i);
    }
    let mut t = t
        .trim()
        .trim_end_matches([',', '.', ';'])
        .trim()
        .to_string();
    let mut country = None;
    // "(Country)" at the end
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            let inner = t[open + 1..t.len() - 1].trim().to_string();
            if !inner.is_empty() && open > 0 {
                country = Some(inner);
                t.truncate(open);
                t = t.trim_end().to_string();
            }
        }
    }
    let has_digit = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    // ", South Sudan" or ", Diplomatic" after the number: a country is kept, words dropped
    if let Some((head, tail)) = t.rsplit_once(", ") {
        if has_digit(head) && !has_digit(tail) {
            if country.is_none() && countries::alpha3(tail).is_some() {
                country = Some(tail.trim().to_string());
            }
            t = head.trim().to_string();
        }
    }
    // "AF465508 Colombia": a country name after the number
    if let Some((head, last)) = t.rsplit_once(' ') {
        if country.is_none()
            && last.len() >= 4
            && last.chars().all(char::is_alphabetic)
            && has_digit(head)
            && countries::alpha3(last).is_some()
        {
            country = Some(last.to_string());
            t = head.trim().to_string();
        }
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    // "... number 123", "... No. 123", "Booklet: 123": the number follows the last marker
    let marker = tokens[..tokens.len().saturating_sub(1)]
        .iter()
        .rposition(|tok| is_marker_word(tok) || (tok.ends_with(':') && tok.len() > 1));
    let start = match marker {
        Some(m) => m + 1,
        None => {
            // descriptive words before the first token with a digit; a short upper-case
            // series letter just before it is part of the number ("D 000769", "TR-P 614 166")
            match tokens
                .iter()
                .position(|tok| tok.bytes().any(|b| b.is_ascii_digit()))
            {
                None => 0,
                Some(mut i) => {
                    while i > 0 && is_series(tokens[i - 1]) {
                        i -= 1;
                    }
                    i
                }
            }
        }
    };
    let described = tokens[..start]
        .iter()
        .map(|tok| tok.trim_end_matches(':'))
        .filter(|tok| !tok.is_empty() && !is_marker_word(tok))
        .collect::<Vec<_>>()
        .join(" ");
    if country.is_none() && !described.is_empty() && countries::alpha3(&described).is_some() {
        country = Some(described.clone());
    }
    DocumentText {
        number: tokens[start..].join(" "),
        country,
        described,
    }
}

fn is_series(token: &str) -> bool {
    token.len() <= 4
        && token.bytes().any(|b| b.is_ascii_uppercase())
        && token
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b == b'-' || b == b'/')
}

/// A word that says "the number follows" ("number", "No.", "N°", "#").
fn is_marker_word(token: &str) -> bool {
    matches!(
        token.to_lowercase().trim_end_matches(':'),
        "number" | "no." | "no" | "nr." | "nr" | "n°" | "#"
    )
}

/// One person record being put together from a list entry: names deduped (a weak alias
/// equal to a strong name is dropped, a strong alias promotes an equal weak one), countries
/// mapped to ISO alpha-3 (an unknown one is a warning), documents and dates deduped, and
/// every list capped to the feed's limits with a warning rather than failing validation.
#[derive(Default)]
pub(crate) struct Draft {
    names: Vec<(String, String)>,
    low: Vec<(String, String)>,
    /// name key -> low quality
    keys: HashMap<String, bool>,
    dates: Vec<PartialDate>,
    nationality: Vec<String>,
    gender: Option<&'static str>,
    /// (number, country, type, normalised number)
    documents: Vec<(String, Option<String>, &'static str, String)>,
    addresses: Vec<String>,
    pub(crate) warnings: Vec<String>,
}

impl Draft {
    /// Notes something left out of the entry.
    pub(crate) fn warn(&mut self, message: String) {
        self.warnings.push(message);
    }

    /// Adds a name (`low_quality` for the list's weak aliases); blank ones are ignored, ones
    /// the feed would refuse are dropped with a warning.
    pub(crate) fn name(&mut self, name: &str, low_quality: bool) {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return;
        }
        if name.chars().count() > MAX_NAME_CHARS {
            self.warn(format!(
                "name dropped: longer than {MAX_NAME_CHARS} characters: '{}...'",
                name.chars().take(40).collect::<String>()
            ));
            return;
        }
        let mut tokens = crate::normalize::name_tokens(&name);
        if tokens.is_empty() {
            self.warn(format!("name dropped: no letters in '{name}'"));
            return;
        }
        // The engine matches names whatever their word order: "A B" and "B A" are one name.
        tokens.sort_unstable();
        let key = tokens.join(" ");
        match self.keys.get(&key) {
            None => {
                self.keys.insert(key.clone(), low_quality);
                if low_quality {
                    self.low.push((key, name));
                } else {
                    self.names.push((key, name));
                }
            }
            Some(true) if !low_quality => {
                self.keys.insert(key.clone(), false);
                self.low.retain(|(k, _)| *k != key);
                self.names.push((key, name));
            }
            Some(_) => {}
        }
    }

    /// Adds dates of birth (the first one added is the date of birth).
    pub(crate) fn dates(&mut self, dates: Vec<PartialDate>) {
        for d in dates {
            if !self.dates.contains(&d) {
                self.dates.push(d);
            }
        }
    }

    /// The alpha-3 code of a country the list names, or a warning saying what it was for.
    pub(crate) fn country(&mut self, name: &str, what: &str) -> Option<&'static str> {
        // "Cabo Verde.  Previously Cape Verde.": the first sentence names the country
        let code = countries::alpha3(name).or_else(|| {
            name.split_once(". ")
                .and_then(|(first, _)| countries::alpha3(first))
        });
        if code.is_none() {
            self.warn(format!("unknown country: '{name}' ({what})"));
        }
        code
    }

    /// Adds a nationality or citizenship given by country name.
    pub(crate) fn nationality(&mut self, name: &str) {
        if let Some(code) = self.country(name, "nationality") {
            if !self.nationality.iter().any(|c| c == code) {
                self.nationality.push(code.to_string());
            }
        }
    }

    /// Sets the gender (`M` / `F`); a second, different one is a warning.
    pub(crate) fn gender(&mut self, g: &'static str) {
        match self.gender {
            None => self.gender = Some(g),
            Some(old) if old != g => self.warn(format!(
                "gender not read: given as both {old} and {g}; kept {old}"
            )),
            _ => {}
        }
    }

    /// Adds an identity document; `remark` is what the list wrote, for the warning when the
    /// number is unusable.
    pub(crate) fn document(
        &mut self,
        number: &str,
        country: Option<&str>,
        doc_type: &'static str,
        remark: &str,
    ) {
        let number = number.trim();
        let norm = docnum::normalize(number);
        if norm.is_empty() || norm.len() > docnum::MAX_DOC_NUMBER_LEN || number.len() > 64 {
            self.warn(format!(
                "document number not usable: '{}' (no number, or one longer than {} letters and \
                 digits)",
                remark.replace('\n', " "),
                docnum::MAX_DOC_NUMBER_LEN
            ));
            return;
        }
        let code = country.and_then(|c| self.country(c, "document issuer"));
        let code = code.map(str::to_string);
        if !self
            .documents
            .iter()
            .any(|(_, c, t, n)| *n == norm && *c == code && *t == doc_type)
        {
            self.documents
                .push((number.to_string(), code, doc_type, norm));
        }
    }

    /// Adds an address (display text).
    pub(crate) fn address(&mut self, address: String) {
        let a = address.split_whitespace().collect::<Vec<_>>().join(" ");
        if a.is_empty() || self.addresses.contains(&a) {
            return;
        }
        if a.chars().count() > MAX_TEXT_CHARS {
            self.warn(format!(
                "address dropped: longer than {MAX_TEXT_CHARS} characters"
            ));
            return;
        }
        self.addresses.push(a);
    }

    /// The feed line (for [`jsonl::parse_value`]) and the warnings about the entry.
    pub(crate) fn into_value(
        mut self,
        source: &str,
        id: &str,
        references: Value,
        category: Option<String>,
    ) -> (Value, Vec<String>) {
        let mut names: Vec<String> = std::mem::take(&mut self.names)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        let mut low: Vec<String> = std::mem::take(&mut self.low)
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        if names.len() + low.len() > MAX_NAMES {
            self.warn(format!(
                "list capped: {} names and {} low-quality names, kept {MAX_NAMES} together",
                names.len(),
                low.len()
            ));
            names.truncate(MAX_NAMES);
            low.truncate(MAX_NAMES - names.len());
        }
        let mut dates = std::mem::take(&mut self.dates).into_iter();
        let dob = dates.next();
        let mut other: Vec<String> = dates.map(|d| d.to_string()).collect();
        self.cap(&mut other, "other dates of birth");
        let mut nationality = std::mem::take(&mut self.nationality);
        self.cap(&mut nationality, "nationalities");
        let mut documents: Vec<Value> = std::mem::take(&mut self.documents)
            .into_iter()
            .map(|(number, country, t, _)| {
                let mut d = Map::new();
                d.insert("number".into(), number.into());
                if let Some(c) = country {
                    d.insert("issuing_country".into(), c.into());
                }
                d.insert("type".into(), t.into());
                Value::Object(d)
            })
            .collect();
        self.cap(&mut documents, "documents");
        let mut addresses = std::mem::take(&mut self.addresses);
        self.cap(&mut addresses, "addresses");

        let mut v = Map::new();
        v.insert("kind".into(), "person".into());
        v.insert("source".into(), source.into());
        v.insert("id".into(), id.into());
        v.insert("sharing".into(), json!(["*"]));
        v.insert("references".into(), references);
        v.insert("names".into(), names.into());
        if !low.is_empty() {
            v.insert("low_quality_names".into(), low.into());
        }
        if let Some(d) = dob {
            v.insert("date_of_birth".into(), d.to_string().into());
        }
        if !other.is_empty() {
            v.insert("other_dates_of_birth".into(), other.into());
        }
        if !nationality.is_empty() {
            v.insert("nationality".into(), nationality.into());
        }
        if let Some(g) = self.gender {
            v.insert("gender".into(), g.into());
        }
        if let Some(c) = category {
            let c: String = c.chars().take(MAX_TEXT_CHARS).collect();
            v.insert("category".into(), c.into());
        }
        if !documents.is_empty() {
            v.insert("documents".into(), documents.into());
        }
        if !addresses.is_empty() {
            v.insert("addresses".into(), addresses.into());
        }
        (Value::Object(v), self.warnings)
    }

    fn cap<T>(&mut self, list: &mut Vec<T>, what: &str) {
        if list.len() > MAX_LIST_LEN {
            self.warn(format!(
                "list capped: {} {what}, kept the first {MAX_LIST_LEN}",
                list.len()
            ));
            list.truncate(MAX_LIST_LEN);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::test_support::{testdata, Collect};
    use crate::feeds::FeedOp;

    const SDN_CSV: &str = concat!(
        "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"a.k.a. 'AC'.\"\n",
        "7001,\"PETROV, Ivan Ivanovich\",\"individual\",\"SDGT] [IRGC\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,",
        "\"DOB 01 Feb 1960; alt. DOB 1962; alt. DOB circa 1958; POB Moscow, Russia; nationality Russia; ",
        "alt. nationality Iran; citizen Korea, North; Gender Male; Passport A1234567 (Iran) issued 01 Jan 2010 ",
        "expires 01 Jan 2015; National ID No. 123-456 (Atlantis); alt. Passport Booklet: B7654321 (Pakistan); ",
        "SSN 123-45-6789 (United States); a.k.a. 'VANYA'; a.k.a. 'ABU-'UMAR'.\"\n",
        "7002,\"DELOS REYES, Feliciano, Jr.\",\"individual\",\"SDNTK\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,",
        "\"DOB 1957 to 1959; alt. DOB 01 Mar 1965 to 31 Mar 1965; alt. DOB 1900 to 1950; DOB sometime; ",
        "Gender Female; Cedula No. 5.944.426 (Venezuela); Linked To: PRO\"\n",
        "7003,\"SEA STAR\",\"vessel\",\"IRAN\",-0- ,\"9HA1\",\"Tanker\",-0- ,-0- ,\"Malta\",-0- ,-0- \n",
        "7004,\"SOLO\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
        "7005,\"BROKEN, Row\",\"individual\",\"SDGT\"\n",
        "7004,\"SOLO, Again\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
    );
    const ALT_CSV: &str = concat!(
        "36,1,\"aka\",\"AERO\",-0- \n",
        "7001,2,\"aka\",\"PETROV, Vanya\",-0- \n",
        "7001,3,\"fka\",\"PETROV, Ivan Ivanovich\",-0- \n",
        "7001,4,\"aka\",\"VANYA\",-0- \n",
        "7001,5,\"aka\",\"PETROFF, Ivan\",\"weak alias\"\n",
        "7002,6,\"aka\",\"REYES, Feliciano\",-0- \n",
        "9999,7,\"aka\",\"NOBODY\",-0- \n",
    );
    const ADD_CSV: &str = concat!(
        "7001,10,\"Ulitsa 1\",\"Moscow 101000\",\"Russia\",-0- \n",
        "7001,11,-0- ,\"Tehran\",\"Iran\",-0- \n",
        "7002,12,-0- ,-0- ,\"Colombia\",-0-",
    );
    const COMMENTS_CSV: &str = "7002,\"MI FEL, S.A.; DOB 1961\"\n\u{1a}";

    fn sdn_folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    fn expect(value: Value) -> FeedOp {
        jsonl::parse_value(value).unwrap()
    }

    #[test]
    fn individuals_become_records_with_remarks_aliases_and_addresses() {
        let dir = sdn_folder(&[
            (SDN, SDN_CSV),
            (ALT, ALT_CSV),
            (ADD, ADD_CSV),
            (COMMENTS, COMMENTS_CSV),
        ]);
        let mut sink = Collect::default();
        import(dir.path(), "OFAC", &mut sink).unwrap();
        assert_eq!(sink.ops.len(), 5, "{:?}", sink.ops);
        assert_eq!(
            sink.ops[0],
            (
                2,
                Ok(expect(json!({
                    "kind": "person", "source": "OFAC", "id": "SDN-7001", "sharing": ["*"],
                    "references": [{"scheme": "ofac_ent_num", "value": "7001"}],
                    "names": ["Ivan Ivanovich PETROV", "Vanya PETROV", "VANYA"],
                    "low_quality_names": ["Ivan PETROFF", "ABU-'UMAR"],
                    "date_of_birth": "1960-02-01",
                    "other_dates_of_birth": ["1962", "1958"],
                    "nationality": ["RUS", "IRN", "PRK"],
                    "gender": "M",
                    "category": "sanctioned (SDGT, IRGC)",
                    "documents": [
                        {"number": "A1234567", "issuing_country": "IRN", "type": "passport"},
                        {"number": "123-456", "type": "id_card"},
                        {"number": "B7654321", "issuing_country": "PAK", "type": "passport"},
                    ],
                    "addresses": ["Ulitsa 1, Moscow 101000, Russia", "Tehran, Iran"],
                })))
            )
        );
        // the remarks go on in sdn_comments.csv: "PRO" + "MI FEL, S.A.; DOB 1961"
        assert_eq!(
            sink.ops[1],
            (
                3,
                Ok(expect(json!({
                    "kind": "person", "source": "OFAC", "id": "SDN-7002", "sharing": ["*"],
                    "references": [{"scheme": "ofac_ent_num", "value": "7002"}],
                    "names": ["Feliciano DELOS REYES Jr.", "Feliciano REYES"],
                    "date_of_birth": "1957",
                    "other_dates_of_birth": ["1958", "1959", "1965-03", "1961"],
                    "gender": "F",
                    "category": "sanctioned (SDNTK)",
                    "documents": [{"number": "5.944.426", "issuing_country": "VEN", "type": "id_card"}],
                    "addresses": ["Colombia"],
                })))
            )
        );
        assert_eq!(
            sink.ops[2],
            (
                5,
                Ok(expect(json!({
                    "kind": "person", "source": "OFAC", "id": "SDN-7004", "sharing": ["*"],
                    "references": [{"scheme": "ofac_ent_num", "value": "7004"}],
                    "names": ["SOLO"], "category": "sanctioned (SDGT)",
                })))
            )
        );
        assert_eq!(
            sink.rejected(),
            vec![
                (6, "sdn.csv: expected 12 fields, found 4"),
                (7, "sdn.csv: ent_num 7004 already given on line 5"),
            ]
        );
        assert_eq!(
            sink.warnings,
            vec![
                (
                    2,
                    "unknown country: 'Atlantis' (document issuer)".to_string()
                ),
                (
                    3,
                    "date of birth not read: 'alt. DOB 1900 to 1950' (the range 1900 to 1950 \
                     spans 51 years, more than 10)"
                        .to_string()
                ),
                (
                    3,
                    "date of birth not read: 'DOB sometime' ('sometime' is not a year)".to_string()
                ),
                (
                    0,
                    "unknown ent_num: alt.csv line 7 names ent_num 9999, which sdn.csv does \
                     not list"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it_and_empty_files_give_no_entries() {
        let dir = sdn_folder(&[(SDN, SDN_CSV), (ALT, ALT_CSV), (COMMENTS, COMMENTS_CSV)]);
        let err = import(dir.path(), "OFAC", &mut Collect::default()).unwrap_err();
        assert!(
            matches!(&err, crate::Error::Io { path, .. } if path.ends_with(ADD)),
            "{err}"
        );
        let err = import(&dir.path().join(SDN), "OFAC", &mut Collect::default()).unwrap_err();
        assert!(err.to_string().contains("is a folder holding"), "{err}");
        let err = import(dir.path(), "ofac", &mut Collect::default()).unwrap_err();
        assert!(err.to_string().contains("source"), "{err}");

        let empty = sdn_folder(&[(SDN, ""), (ALT, ""), (ADD, ""), (COMMENTS, "\u{1a}")]);
        let mut sink = Collect::default();
        import(empty.path(), "OFAC", &mut sink).unwrap();
        assert!(sink.ops.is_empty() && sink.warnings.is_empty());
    }

    #[test]
    fn a_broken_alias_row_rejects_its_entry_naming_the_file_and_line() {
        let dir = sdn_folder(&[
            (SDN, SDN_CSV),
            (ALT, "7001,1,\"aka\"\nx,2,\"aka\",\"NAME\",-0-\n"),
            (ADD, ""),
            (COMMENTS, ""),
        ]);
        let mut sink = Collect::default();
        import(dir.path(), "OFAC", &mut sink).unwrap();
        assert_eq!(
            sink.rejected()[0],
            (2, "alt.csv line 1: expected 4 fields or more, found 3")
        );
        assert!(sink.warnings.contains(&(
            0,
            "row not read: alt.csv line 2: ent_num 'x' is not a number".to_string()
        )));
    }

    #[test]
    fn names_turn_to_first_last() {
        assert_eq!(first_last("CRUZ, Juan M. de la"), "Juan M. de la CRUZ");
        assert_eq!(first_last("KNOWLES, JR., Samuel"), "Samuel KNOWLES JR.");
        assert_eq!(
            first_last("MARUF, Taha, Muhyi al-Din"),
            "Taha Muhyi al-Din MARUF"
        );
        assert_eq!(first_last("ZULKARNAEN"), "ZULKARNAEN");
    }

    #[test]
    fn dates_of_birth_read_every_form() {
        let dates = |s: &str| -> Vec<String> {
            read_ofac_dob(s)
                .unwrap()
                .into_iter()
                .map(|d| d.to_string())
                .collect()
        };
        assert_eq!(dates("16 Sep 1960"), ["1960-09-16"]);
        assert_eq!(dates("Apr 1963"), ["1963-04"]);
        assert_eq!(dates("circa 1956"), ["1956"]);
        assert_eq!(dates("circa 1979-1982"), ["1979", "1980", "1981", "1982"]);
        assert_eq!(
            dates("01 Jan 1946 to 31 Dec 1948"),
            ["1946", "1947", "1948"]
        );
        assert_eq!(dates("01 Feb 1965 to 28 Feb 1965"), ["1965-02"]);
        assert_eq!(dates("10 Feb 1965 to 28 Feb 1965"), ["1965"]);
        assert!(read_ofac_dob("31 Feb 1965").is_err());
        assert!(read_ofac_dob("1950 to 1970")
            .unwrap_err()
            .contains("21 years"));
    }

    /// Found by fuzzing (fuzz/README.md, feed_ofac): a document remark starting with its
    /// date marker ("alt. Passport expires 02 Jun 2011") panicked with overflow checks on
    /// (`then_some(i - 1)` evaluates `0 - 1`), and without them read its date as the number.
    #[test]
    fn a_remark_starting_with_a_date_marker_holds_no_number() {
        for remark in [
            "expires 02 Jun 2011",
            "issued 21 Jun 1992 in Amman, Jordan.",
        ] {
            assert_eq!(read_document(remark).number, "", "{remark}");
        }
        let sdn = concat!(
            "2676,\"ZAWAHIRI, Ayman\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,",
            "\"Passport 1084010 (Egypt); alt. Passport expires 02 Jun 2011.\"\n",
        );
        let dir = sdn_folder(&[
            ("sdn.csv", sdn),
            ("alt.csv", ""),
            ("add.csv", ""),
            ("sdn_comments.csv", ""),
        ]);
        let mut sink = Collect::default();
        import(dir.path(), "OFAC", &mut sink).unwrap();
        let (_, p) = sink.person("SDN-2676");
        let numbers: Vec<&str> = p.documents.iter().map(|d| d.number.as_str()).collect();
        assert_eq!(numbers, ["1084010"]);
        assert!(
            sink.warnings
                .iter()
                .any(|(_, w)| w.starts_with("document number not usable")
                    && w.contains("Passport expires 02 Jun 2011")),
            "{:?}",
            sink.warnings
        );
    }

    #[test]
    fn document_numbers_are_split_from_their_descriptions() {
        let doc = |s: &str| {
            let d = read_document(s);
            (d.number, d.country, d.described)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            doc("G02447186 (Mexico) issued 01 Apr 2010 expires 01 Apr 2016"),
            ("G02447186".into(), some("Mexico"), "".into())
        );
        assert_eq!(
            doc("KE007776 expires Aug 2009"),
            ("KE007776".into(), None, "".into())
        );
        assert_eq!(
            doc("Booklet: A8235074 (Pakistan)"),
            ("A8235074".into(), some("Pakistan"), "Booklet".into())
        );
        assert_eq!(
            doc("13/Ta Ta Na (Naing)019077 (Burma)"),
            ("13/Ta Ta Na (Naing)019077".into(), some("Burma"), "".into())
        );
        assert_eq!(
            doc("No.: 0310857, Eritrea, Issue Date 21 August 2006, Expire Date 20 August 2008)"),
            ("0310857".into(), some("Eritrea"), "".into())
        );
        assert_eq!(
            doc("Pakistani passport number AA3829182"),
            ("AA3829182".into(), None, "Pakistani passport".into())
        );
        assert_eq!(doc("D 000769"), ("D 000769".into(), None, "".into()));
        assert_eq!(
            doc("R00012098, South Sudan"),
            ("R00012098".into(), some("South Sudan"), "".into())
        );
        assert_eq!(
            doc("381110042 (Expired 25 Jan. 2016)"),
            ("381110042".into(), None, "".into())
        );
        assert_eq!(
            doc("Libya 428720"),
            ("428720".into(), some("Libya"), "Libya".into())
        );
        assert_eq!(
            doc("AF465508 Colombia"),
            ("AF465508".into(), some("Colombia"), "".into())
        );
        assert_eq!(
            doc("D000000483, Diplomatic (Syria)"),
            ("D000000483".into(), some("Syria"), "".into())
        );
    }

    #[test]
    fn drafts_dedupe_names_and_cap_lists() {
        let mut d = Draft::default();
        d.name("Abu Omar", true);
        d.name("OMAR, Abu", false); // the same name: promotes the weak one
        d.name("omar abu", true);
        d.name("?!", false);
        d.name("   ", false);
        for i in 0..70 {
            d.name(&format!("Name{i} Alias"), i % 2 == 0);
        }
        for i in 0..40 {
            d.address(format!("Street {i}"));
        }
        let (v, warnings) = d.into_value("OFAC", "SDN-1", json!([]), None);
        let names = v["names"].as_array().unwrap();
        assert_eq!(names[0], "OMAR, Abu");
        assert_eq!(
            names.len() + v["low_quality_names"].as_array().unwrap().len(),
            MAX_NAMES
        );
        assert_eq!(v["addresses"].as_array().unwrap().len(), MAX_LIST_LEN);
        assert_eq!(
            warnings,
            [
                "name dropped: no letters in '?!'",
                "list capped: 36 names and 35 low-quality names, kept 64 together",
                "list capped: 40 addresses, kept the first 32",
            ]
        );
        assert!(jsonl::parse_value(v).is_ok());
    }

    #[test]
    fn real_sdn_files_import_every_individual() {
        let Some(dir) = testdata() else { return };
        let mut sink = Collect::default();
        let t = std::time::Instant::now();
        import(&dir, "OFAC", &mut sink).unwrap();
        sink.report("SDN", t.elapsed());
        assert_eq!(sink.records().len(), 3845);
        assert!(sink.rejected().is_empty());

        // the newer, larger snapshot beside it (SOURCE.md: 4,620 individuals)
        let mut bench = Collect::default();
        let t = std::time::Instant::now();
        import(&dir.join("bench"), "OFAC", &mut bench).unwrap();
        bench.report("SDN bench", t.elapsed());
        assert_eq!(bench.records().len(), 4620);
        assert!(bench.rejected().is_empty());

        let (line, p) = sink.person("SDN-3754");
        assert_eq!(line, 78);
        assert_eq!(p.names[0], "Mousa Mohammed ABU MARZOOK");
        assert_eq!(p.low_quality_names, ["ABU-'UMAR"]);
        assert_eq!(p.date_of_birth.unwrap().to_string(), "1951-02-09");
        assert_eq!(p.category.as_deref(), Some("sanctioned (SDGT, SDT)"));
        assert_eq!(p.documents.len(), 1);
        assert_eq!(
            (
                p.documents[0].number.as_str(),
                p.documents[0].issuing_country.as_deref()
            ),
            ("92/664", Some("EGY"))
        );

        let (line, p) = sink.person("SDN-7828");
        assert_eq!(line, 809);
        assert_eq!(p.nationality, ["TUN"]);
        assert_eq!(p.low_quality_names, ["ABU THALE"]);
        let dobs: Vec<String> = p
            .other_dates_of_birth
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(dobs, ["1968-05-25", "1968-12-18", "1969-07-14"]);
        let numbers: Vec<&str> = p.documents.iter().map(|d| d.number.as_str()).collect();
        assert_eq!(numbers, ["G737411", "0801888"]);

        // DOB 1957 to 1959; Passport TR030544 (Afghanistan); alt. Passport TR035506 ...
        let (_, p) = sink.person("SDN-21392");
        assert_eq!(p.date_of_birth.unwrap().to_string(), "1957");
        assert_eq!(p.other_dates_of_birth.len(), 2);
        assert_eq!(p.gender, Some(crate::model::Gender::M));
        assert!(p
            .documents
            .iter()
            .all(|d| d.issuing_country.as_deref() == Some("AFG")
                && d.doc_type.as_deref() == Some("passport")));
    }
}
