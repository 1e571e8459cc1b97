//! Reading an MRZ into its fields, with every check digit verified and every
//! tolerance reported.
//!
//! Flow: [`super::normalize::clean`] turns the text into the lines of one
//! format; the fields are then cut out at the positions of
//! [`super::layout::Layout`]; check digits are recomputed
//! ([`super::check::check_digit`]); dates are resolved ([`super::date`]) and
//! the name split ([`super::names`]). Only text that fits no layout is an
//! error: a wrong check digit or an unreadable date is reported, never fatal,
//! so a worn document never blocks the officer.

use super::check::check_digit;
use super::date::{parse_date, DateKind, MrzDate, Today};
use super::error::MrzError;
use super::layout::{Layout, MrzFormat, Span};
use super::names::read_name;
use super::normalize::clean;
use super::readings::name_readings;

/// The filler character.
const FILLER: char = '<';

/// One check digit: the field it protects, the digit printed and the one computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckDigit {
    /// `"document_number"`, `"date_of_birth"`, `"date_of_expiry"`,
    /// `"optional_data"` or `"composite"`.
    pub field: &'static str,
    /// The character in the check-digit position (may be a non-digit).
    pub printed: char,
    /// The check digit recomputed from the field.
    pub computed: char,
    /// Whether the printed digit is correct.
    pub valid: bool,
}

impl CheckDigit {
    /// A check of `printed` against the digit computed over `data`.
    fn new(field: &'static str, data: &str, printed: char) -> CheckDigit {
        let computed = check_digit(data);
        CheckDigit {
            field,
            printed,
            computed,
            valid: printed == computed,
        }
    }
}

/// A parsed machine readable zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    /// The layout the lines were read as.
    pub format: MrzFormat,
    /// The two-character document code with fillers kept: `"P<"`, `"ID"`, `"V<"`.
    pub document_code: String,
    /// The first character of the code: `'P'`, `'I'`, `'A'`, `'C'` or `'V'`.
    pub document_type: char,
    /// The second character of the code, unless it is `<`.
    pub document_subtype: Option<char>,
    /// Issuing State or organisation, fillers removed (`"D"` for Germany's `D<<`).
    pub issuing_state: String,
    /// Surname components joined by single spaces, e.g. `"VAN DER MUELLEN"`.
    pub primary_identifier: String,
    /// Given-name components joined by single spaces; `""` if none.
    pub secondary_identifier: String,
    /// The last position of the name field is a letter, so per Doc 9303 the
    /// name may have been truncated.
    pub name_truncated: bool,
    /// The full document number, fillers removed, long-number rule applied.
    pub document_number: String,
    /// The TD1/TD2 long-number rule was used (number continued in optional data).
    pub document_number_long: bool,
    /// Nationality, fillers removed.
    pub nationality: String,
    /// Date of birth.
    pub date_of_birth: MrzDate,
    /// `Some('M')`, `Some('F')`, `Some('X')`, or `None` for `<` (unspecified).
    pub sex: Option<char>,
    /// Date of expiry (visas: valid until).
    pub date_of_expiry: MrzDate,
    /// TD3 personal number, TD1 optional data 1 (after any long-number part),
    /// TD2 or MRV optional data; leading and trailing fillers trimmed.
    pub optional_data: String,
    /// TD1 line 2 optional data 2; `""` for other formats.
    pub optional_data_2: String,
    /// Every check digit of the format, in order: document_number,
    /// date_of_birth, date_of_expiry, optional_data (TD3), composite (TD1-3).
    pub checks: Vec<CheckDigit>,
    /// What tolerance was applied while reading, in plain English.
    pub warnings: Vec<String>,
    /// The lines as read, after clean-up (exact layout lengths).
    pub lines: Vec<String>,
}

impl Mrz {
    /// Whether every check digit is correct.
    pub fn valid(&self) -> bool {
        self.checks.iter().all(|c| c.valid)
    }

    /// The fields whose check digit is wrong, in check order.
    pub fn failed_checks(&self) -> Vec<&'static str> {
        self.checks
            .iter()
            .filter(|c| !c.valid)
            .map(|c| c.field)
            .collect()
    }

    /// The name as an officer reads it: primary then secondary identifier,
    /// e.g. `"ERIKSSON ANNA MARIA"`.
    pub fn name(&self) -> String {
        format!("{} {}", self.primary_identifier, self.secondary_identifier)
            .trim()
            .to_string()
    }

    /// The name as person-search queries: the plain reading first, then up to
    /// three readings with Doc 9303 transliterations undone
    /// (see [`super::readings`]).
    pub fn name_readings(&self) -> Vec<String> {
        name_readings(&self.name())
    }
}

/// The text of `span` on the cleaned `lines` (all ASCII, exact lengths).
fn field(lines: &[String], span: Span) -> &str {
    lines
        .get(span.line)
        .and_then(|l| l.get(span.start..span.end()))
        .unwrap_or("")
}

/// The single character at `span`.
fn char_at(lines: &[String], span: Span) -> char {
    field(lines, span).chars().next().unwrap_or(FILLER)
}

/// All fillers removed.
fn without_fillers(s: &str) -> String {
    s.chars().filter(|&c| c != FILLER).collect()
}

/// The document number, its check and the optional data that follows it,
/// applying the TD1/TD2 long-number rule (Part 5/6 note j).
struct NumberRead {
    number: String,
    long: bool,
    check: CheckDigit,
    optional: String,
}

/// Read the document number with the long-number rule where the layout allows it.
fn read_number(lines: &[String], l: &Layout, warnings: &mut Vec<String>) -> NumberRead {
    let principal = field(lines, l.document_number);
    let printed = char_at(lines, l.document_number_check);
    let optional = field(lines, l.optional_data);
    let overflow: &str = optional.split(FILLER).next().unwrap_or("");
    if l.long_number && printed == FILLER && !overflow.is_empty() {
        let (rest, digit) = overflow.split_at(overflow.len() - 1);
        let digit = digit.chars().next().unwrap_or(FILLER);
        let mut check = CheckDigit::new("document_number", &format!("{principal}{rest}"), digit);
        if !check.valid {
            // Some issuers (e.g. Belgium, PRADO BEL-BO-03003) include the `<`.
            let with_filler = CheckDigit::new(
                "document_number",
                &format!("{principal}{FILLER}{rest}"),
                digit,
            );
            if with_filler.valid {
                warnings.push(
                    "document number check digit matches only with the filler after the 9th \
                     character included (an issuer variant of the long-number rule)"
                        .to_string(),
                );
                check = with_filler;
            }
        }
        let after = optional.get(overflow.len()..).unwrap_or("");
        return NumberRead {
            number: without_fillers(&format!("{principal}{rest}")),
            long: true,
            check,
            optional: after.trim_matches(FILLER).to_string(),
        };
    }
    NumberRead {
        number: without_fillers(principal),
        long: false,
        check: CheckDigit::new("document_number", principal, printed),
        optional: optional.trim_matches(FILLER).to_string(),
    }
}

/// The TD3 optional-data check: an all-filler field may carry `0` or `<`.
fn optional_check(data: &str, printed: char) -> CheckDigit {
    let mut check = CheckDigit::new("optional_data", data, printed);
    if data.chars().all(|c| c == FILLER) && printed == FILLER {
        check.valid = true;
    }
    check
}

/// Read the sex position: `M`, `F`, `X`, or `None` for `<` (anything else is
/// read as unspecified, with a warning).
fn read_sex(c: char, warnings: &mut Vec<String>) -> Option<char> {
    match c {
        'M' | 'F' | 'X' => Some(c),
        FILLER => None,
        other => {
            warnings.push(format!(
                "sex '{other}' is not M, F, X or <; read as unspecified"
            ));
            None
        }
    }
}

/// Parse an MRZ from scanned or typed text. `today` resolves two-digit years.
///
/// Tolerant: see [`super::normalize`] for what is forgiven. Fails only when the
/// text is empty or fits no layout; check-digit failures are in
/// [`Mrz::checks`], oddities in [`Mrz::warnings`].
pub fn parse(input: &str, today: Today) -> Result<Mrz, MrzError> {
    let cleaned = clean(input)?;
    let (format, lines, mut warnings) = (cleaned.format, cleaned.lines, cleaned.warnings);
    let l = format.layout();
    let document_code = field(&lines, l.document_code).to_string();
    let mut code = document_code.chars();
    let document_type = code.next().unwrap_or(FILLER);
    let document_subtype = code.next().filter(|&c| c != FILLER);
    let name = read_name(field(&lines, l.name));
    let number = read_number(&lines, l, &mut warnings);
    let dob_raw = field(&lines, l.date_of_birth);
    let (date_of_birth, w) = parse_date(dob_raw, DateKind::Birth, &today);
    warnings.extend(w);
    let exp_raw = field(&lines, l.date_of_expiry);
    let (date_of_expiry, w) = parse_date(exp_raw, DateKind::Expiry, &today);
    warnings.extend(w);
    let sex = read_sex(char_at(&lines, l.sex), &mut warnings);

    let mut checks = vec![
        number.check,
        CheckDigit::new(
            "date_of_birth",
            dob_raw,
            char_at(&lines, l.date_of_birth_check),
        ),
        CheckDigit::new(
            "date_of_expiry",
            exp_raw,
            char_at(&lines, l.date_of_expiry_check),
        ),
    ];
    if let Some(span) = l.optional_data_check {
        let data = field(&lines, l.optional_data);
        checks.push(optional_check(data, char_at(&lines, span)));
    }
    if let Some((digit, spans)) = l.composite {
        let data: String = spans.iter().map(|s| field(&lines, *s)).collect();
        checks.push(CheckDigit::new("composite", &data, char_at(&lines, digit)));
    }
    let optional_data_2 = l
        .optional_data_2
        .map(|s| field(&lines, s).trim_matches(FILLER).to_string())
        .unwrap_or_default();

    Ok(Mrz {
        format,
        document_code,
        document_type,
        document_subtype,
        issuing_state: without_fillers(field(&lines, l.issuing_state)),
        primary_identifier: name.primary,
        secondary_identifier: name.secondary,
        name_truncated: name.truncated,
        document_number: number.number,
        document_number_long: number.long,
        nationality: without_fillers(field(&lines, l.nationality)),
        date_of_birth,
        sex,
        date_of_expiry,
        optional_data: number.optional,
        optional_data_2,
        checks,
        warnings,
        lines,
    })
}
