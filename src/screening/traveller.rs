//! A traveller to check: the fields a manifest row, a JSON object, a PAXLST passenger or an MRZ
//! gives, validated into one engine form ([`Traveller`]).
//!
//! Every manifest format reads into [`TravellerFields`] (strings as written) and goes through
//! [`TravellerFields::validate`], so CSV, JSON and PAXLST accept and reject exactly the same
//! values, and each rejection names the field.

use crate::model::{Date, DocType, Gender, PartialDate};
use crate::normalize::docnum;
use serde::{Deserialize, Serialize};

/// Longest surname or given names accepted, in characters.
pub const MAX_NAME_CHARS: usize = 128;
/// Longest carrier reference (`id`) accepted, in bytes.
pub const MAX_REFERENCE_BYTES: usize = 64;

/// One traveller's fields as a manifest writes them (any may be missing).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravellerFields {
    /// The carrier's reference, echoed back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_names: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `DD.MM.YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// ISO 3166-1 alpha-3 (or a Doc 9303 code such as `XXA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// `M`, `F`, `X` or `U`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// `passport`, `id_card`, `visa`, `residence_permit`, `other`, or the ICAO letter `P`,
    /// `I`, `A`, `C`, `V`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    /// Issuing country of the document, ISO 3166-1 alpha-3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_country: Option<String>,
}

/// The document a traveller presents.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct PresentedDocument {
    /// As written.
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuing_country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocType>,
}

/// A validated traveller (engine form).
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Traveller {
    /// The carrier's reference, echoed back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub surname: String,
    pub given_names: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<PresentedDocument>,
    /// Other readings of the name to search as well (an MRZ name with Doc 9303
    /// transliterations undone); surname first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub name_readings: Vec<String>,
}

impl From<Date> for crate::screening::mrz::Today {
    /// Today as the MRZ module (which never reads the clock) takes it.
    fn from(d: Date) -> Self {
        crate::screening::mrz::Today {
            year: i32::from(d.year),
            month: u32::from(d.month),
            day: u32::from(d.day),
        }
    }
}

/// A Doc 9303 state code as an ISO 3166-1 alpha-3 code: Germany's `D` is `DEU`; other codes
/// (including Doc 9303's own such as `XXA`, `UTO`) are kept; an empty code is none.
pub fn mrz_country(code: &str) -> Option<String> {
    match code {
        "" => None,
        "D" => Some("DEU".to_string()),
        c => Some(c.to_string()),
    }
}

/// The date of birth of an MRZ as far as it is known (year; year and month; full date).
fn mrz_birth_date(d: &crate::screening::mrz::MrzDate) -> Option<PartialDate> {
    let year = u16::try_from(d.year?).ok()?;
    let month = d.month.and_then(|m| u8::try_from(m).ok());
    let day = month.and(d.day).and_then(|x| u8::try_from(x).ok());
    Some(PartialDate { year, month, day })
}

impl Traveller {
    /// The traveller an MRZ describes: surname first, Doc 9303 readings of the name as
    /// extra readings, the document the MRZ is printed on as the presented document.
    pub fn from_mrz(m: &crate::screening::mrz::Mrz) -> Traveller {
        let document_type = parse_document_type(&m.document_type.to_string());
        let plain = m.name();
        Traveller {
            id: None,
            surname: m.primary_identifier.clone(),
            given_names: m.secondary_identifier.clone(),
            date_of_birth: mrz_birth_date(&m.date_of_birth),
            nationality: mrz_country(&m.nationality),
            gender: m.sex.and_then(|c| Gender::parse(&c.to_string()).ok()),
            document: (!m.document_number.is_empty()).then(|| PresentedDocument {
                number: m.document_number.clone(),
                issuing_country: mrz_country(&m.issuing_state),
                document_type,
            }),
            name_readings: m
                .name_readings()
                .into_iter()
                .filter(|r| *r != plain)
                .collect(),
        }
    }

    /// The name as an officer reads it: surname first.
    pub fn name(&self) -> String {
        match (self.surname.is_empty(), self.given_names.is_empty()) {
            (false, false) => format!("{} {}", self.surname, self.given_names),
            (false, true) => self.surname.clone(),
            _ => self.given_names.clone(),
        }
    }
}

/// A field that failed validation.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field's name as the formats write it (`date_of_birth`, `sex`, ...).
    pub field: &'static str,
    pub message: String,
}

fn err(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// Trims a value; empty means absent.
fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Parses a date of birth written `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `DD.MM.YYYY`; a date after
/// `today` is rejected.
pub fn parse_birth_date(s: &str, today: Date) -> Result<PartialDate, String> {
    let iso = match s.split('.').collect::<Vec<_>>()[..] {
        [d, m, y] if d.len() == 2 && m.len() == 2 && y.len() == 4 => format!("{y}-{m}-{d}"),
        [_] => s.to_string(),
        _ => {
            return Err(format!(
                "'{s}' is not a date: expected YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY"
            ))
        }
    };
    let d = PartialDate::parse(&iso).map_err(|e| {
        if iso == s {
            format!("{e} (or DD.MM.YYYY)")
        } else {
            e.replace(&iso, s) // name the date as it was written
        }
    })?;
    let first_possible = Date {
        year: d.year,
        month: d.month.unwrap_or(1),
        day: d.day.unwrap_or(1),
    };
    if first_possible > today {
        return Err(format!("'{s}' lies in the future"));
    }
    Ok(d)
}

/// Parses a document type: the feed names or the ICAO/PAXLST letters.
pub fn parse_document_type(s: &str) -> Option<DocType> {
    let lower = s.to_ascii_lowercase();
    DocType::parse(&lower).or(match lower.as_str() {
        "p" | "pp" => Some(DocType::Passport),
        "i" | "a" | "c" | "id" => Some(DocType::IdCard),
        "v" => Some(DocType::Visa),
        _ => None,
    })
}

/// Checks and upper-cases a country code.
fn country(field: &'static str, s: &str) -> Result<String, FieldError> {
    let up = s.to_ascii_uppercase();
    if crate::feeds::valid_country(&up) {
        Ok(up)
    } else {
        Err(err(
            field,
            format!("'{s}' is not a three-letter country code (ISO 3166-1 alpha-3)"),
        ))
    }
}

fn name(field: &'static str, s: Option<&str>) -> Result<String, FieldError> {
    let s = s.unwrap_or_default();
    if s.chars().count() > MAX_NAME_CHARS {
        return Err(err(
            field,
            format!("longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    Ok(s.to_string())
}

impl TravellerFields {
    /// Validates the fields into a [`Traveller`]; the first bad field is the error.
    pub fn validate(&self, today: Date) -> Result<Traveller, FieldError> {
        let id = present(&self.id).map(str::to_string);
        if id.as_ref().is_some_and(|i| i.len() > MAX_REFERENCE_BYTES) {
            return Err(err(
                "id",
                format!("longer than {MAX_REFERENCE_BYTES} bytes"),
            ));
        }
        let surname = name("surname", present(&self.surname))?;
        let given_names = name("given_names", present(&self.given_names))?;
        if !surname.chars().any(char::is_alphabetic) {
            return Err(err(
                "surname",
                if surname.is_empty() {
                    "is missing (a traveller with one name gives it as the surname)".to_string()
                } else {
                    format!("'{surname}' has no letters")
                },
            ));
        }
        let date_of_birth = present(&self.date_of_birth)
            .map(|d| parse_birth_date(d, today))
            .transpose()
            .map_err(|m| err("date_of_birth", m))?;
        let nationality = present(&self.nationality)
            .map(|c| country("nationality", c))
            .transpose()?;
        let gender = present(&self.sex)
            .map(|s| Gender::parse(s).map_err(|_| err("sex", format!("'{s}' is not M, F, X or U"))))
            .transpose()?;
        let document_type = present(&self.document_type)
            .map(|t| {
                parse_document_type(t).ok_or_else(|| {
                    err(
                        "document_type",
                        format!(
                            "'{t}' is not one of {} or the ICAO letters P, I, A, C, V",
                            DocType::ALL.join(", ")
                        ),
                    )
                })
            })
            .transpose()?;
        let issuing_country = present(&self.document_country)
            .map(|c| country("document_country", c))
            .transpose()?;
        let document = match present(&self.document_number) {
            Some(n) => {
                let normal = docnum::normalize(n);
                if normal.is_empty() {
                    return Err(err(
                        "document_number",
                        format!("'{n}' has no letters or digits"),
                    ));
                }
                if normal.len() > docnum::MAX_DOC_NUMBER_LEN
                    || n.len() > 4 * docnum::MAX_DOC_NUMBER_LEN
                {
                    return Err(err(
                        "document_number",
                        format!("longer than {} characters", docnum::MAX_DOC_NUMBER_LEN),
                    ));
                }
                Some(PresentedDocument {
                    number: n.to_string(),
                    issuing_country,
                    document_type,
                })
            }
            None if issuing_country.is_some() || document_type.is_some() => {
                return Err(err(
                    "document_number",
                    "is missing although document_type or document_country is given",
                ))
            }
            None => None,
        };
        Ok(Traveller {
            id,
            surname,
            given_names,
            date_of_birth,
            nationality,
            gender,
            document,
            name_readings: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-12-01").unwrap()
    }

    fn fields(surname: &str) -> TravellerFields {
        TravellerFields {
            surname: Some(surname.into()),
            ..Default::default()
        }
    }

    #[test]
    fn every_documented_date_form_is_read() {
        for (s, want) in [
            ("1975-08-17", "1975-08-17"),
            ("1975-08", "1975-08"),
            ("1975", "1975"),
            ("17.08.1975", "1975-08-17"),
        ] {
            assert_eq!(
                parse_birth_date(s, today()).unwrap().to_string(),
                want,
                "{s}"
            );
        }
        for bad in [
            "17/08/1975",
            "1975-13-01",
            "32.01.1975",
            "2027-01-01",
            "1.8.1975",
            "",
        ] {
            assert!(parse_birth_date(bad, today()).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut TravellerFields);
        let cases: [(&str, Spoil); 7] = [
            ("surname", |f| f.surname = None),
            ("date_of_birth", |f| {
                f.date_of_birth = Some("1975-13-40".into())
            }),
            ("nationality", |f| f.nationality = Some("XX1".into())),
            ("sex", |f| f.sex = Some("Q".into())),
            ("document_type", |f| {
                f.document_number = Some("X1".into());
                f.document_type = Some("banana".into())
            }),
            ("document_country", |f| {
                f.document_number = Some("X1".into());
                f.document_country = Some("France".into())
            }),
            ("document_number", |f| {
                f.document_country = Some("FRA".into())
            }),
        ];
        for (field, spoil) in cases {
            let mut f = fields("Eriksson");
            spoil(&mut f);
            assert_eq!(f.validate(today()).unwrap_err().field, field);
        }
    }

    #[test]
    fn good_fields_validate_with_codes_upper_cased() {
        let f = TravellerFields {
            id: Some(" PAX1 ".into()),
            surname: Some("Eriksson".into()),
            given_names: Some("Anna Maria".into()),
            date_of_birth: Some("12.08.1974".into()),
            nationality: Some("swe".into()),
            sex: Some("f".into()),
            document_number: Some("L898902C3".into()),
            document_type: Some("P".into()),
            document_country: Some("UTO".into()),
        };
        let t = f.validate(today()).unwrap();
        assert_eq!(t.id.as_deref(), Some("PAX1"));
        assert_eq!(t.name(), "Eriksson Anna Maria");
        assert_eq!(t.nationality.as_deref(), Some("SWE"));
        assert_eq!(t.gender, Some(Gender::F));
        let d = t.document.unwrap();
        assert_eq!(d.document_type, Some(DocType::Passport));
        assert_eq!(d.issuing_country.as_deref(), Some("UTO"));
    }
}
