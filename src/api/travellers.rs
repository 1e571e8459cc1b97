//! `POST /v1/travellers/check`: one traveller at a passport desk, from a scanned MRZ or from
//! typed fields, against persons and documents in one call.

use super::audit::Note;
use super::dto::{AlertThresholds, DocumentHitDto, PersonHitDto};
use super::error::ApiError;
use super::extract::{Agency, ApiJson};
use super::openapi::{errors, example, ErrorBody};
use super::AppState;
use crate::model::Date;
use crate::screening::check::{
    check_traveller, AlertingHit, CheckOptions, DEFAULT_TRAVELLER_LIMIT,
};
use crate::screening::mrz::{self, Mrz, MrzDate};
use crate::screening::traveller::{Traveller, TravellerFields};
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use std::time::Instant;
use utoipa::ToSchema;

/// The document a traveller presents, typed in.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PresentedDocumentRequest {
    /// Required.
    pub number: String,
    /// ISO 3166-1 alpha-3.
    pub issuing_country: Option<String>,
    /// `passport`, `id_card`, `visa`, `residence_permit`, `other` (or `P`, `I`, `V`).
    pub document_type: Option<String>,
}

/// `POST /v1/travellers/check`: either `mrz`, or `name` with optional evidence.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TravellerCheckRequest {
    /// The MRZ lines as scanned (newlines between lines, or joined).
    pub mrz: Option<String>,
    /// Any script, any order.
    pub name: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `DD.MM.YYYY`.
    pub date_of_birth: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub nationality: Option<String>,
    /// M, F, X or U.
    pub gender: Option<String>,
    /// The document presented.
    pub document: Option<PresentedDocumentRequest>,
    /// Person hits, 1..=100, default 5.
    #[schema(value_type = Option<i64>)]
    pub limit: Option<serde_json::Number>,
}

/// A check digit of the MRZ.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckDigitDto {
    pub field: &'static str,
    pub printed: String,
    pub computed: String,
    pub valid: bool,
}

/// An MRZ date: as printed and as read.
#[derive(Debug, Serialize, ToSchema)]
pub struct MrzDateDto {
    pub raw: String,
    /// `YYYY-MM-DD` with `??` for unknown parts; null when the year is unreadable.
    pub date: Option<String>,
}

impl From<&MrzDate> for MrzDateDto {
    fn from(d: &MrzDate) -> Self {
        MrzDateDto {
            raw: d.raw.clone(),
            date: d.year.map(|_| d.to_iso()),
        }
    }
}

/// The parsed MRZ with every check digit.
#[derive(Debug, Serialize, ToSchema)]
pub struct MrzDto {
    pub format: &'static str,
    pub document_code: String,
    pub issuing_state: String,
    pub primary_identifier: String,
    pub secondary_identifier: String,
    /// The name fills its field: per Doc 9303 it may have been truncated.
    pub name_truncated: bool,
    pub document_number: String,
    /// The TD1/TD2 long-number rule was applied.
    pub document_number_long: bool,
    pub nationality: String,
    pub date_of_birth: MrzDateDto,
    pub sex: Option<String>,
    pub date_of_expiry: MrzDateDto,
    /// The document expired before today.
    pub expired: bool,
    pub optional_data: String,
    pub optional_data_2: String,
    pub checks: Vec<CheckDigitDto>,
    /// Every check digit is correct.
    pub valid: bool,
    /// Fields whose check digit failed: the MRZ is worn, misread or forged.
    pub failed_checks: Vec<&'static str>,
    /// What was tolerated while reading (lower case, a line one character short ...).
    pub warnings: Vec<String>,
}

impl MrzDto {
    pub fn new(m: &Mrz, today: Date) -> Self {
        let expiry = &m.date_of_expiry;
        let expired = match (expiry.year, expiry.month, expiry.day) {
            (Some(y), Some(mo), Some(d)) => {
                (y, mo, d) < (today.year as i32, today.month as u32, today.day as u32)
            }
            _ => false,
        };
        MrzDto {
            format: m.format.as_str(),
            document_code: m.document_code.clone(),
            issuing_state: m.issuing_state.clone(),
            primary_identifier: m.primary_identifier.clone(),
            secondary_identifier: m.secondary_identifier.clone(),
            name_truncated: m.name_truncated,
            document_number: m.document_number.clone(),
            document_number_long: m.document_number_long,
            nationality: m.nationality.clone(),
            date_of_birth: (&m.date_of_birth).into(),
            sex: m.sex.map(|c| c.to_string()),
            date_of_expiry: expiry.into(),
            expired,
            optional_data: m.optional_data.clone(),
            optional_data_2: m.optional_data_2.clone(),
            checks: m
                .checks
                .iter()
                .map(|c| CheckDigitDto {
                    field: c.field,
                    printed: c.printed.to_string(),
                    computed: c.computed.to_string(),
                    valid: c.valid,
                })
                .collect(),
            valid: m.valid(),
            failed_checks: m.failed_checks(),
            warnings: m.warnings.clone(),
        }
    }
}

/// The answer of a traveller check.
#[derive(Debug, Serialize, ToSchema)]
pub struct TravellerCheckResponse {
    /// The traveller as read (from the MRZ or the fields).
    pub traveller: Traveller,
    /// The parsed MRZ, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mrz: Option<MrzDto>,
    /// True when any hit alerts.
    pub alert: bool,
    /// The scores at or above which person and document hits alert.
    pub alert_thresholds: AlertThresholds,
    /// What the officer must do: the action of the strongest alerting hit.
    pub action: Option<String>,
    /// The strongest alerting hit.
    pub strongest: Option<AlertingHit>,
    pub person_hits: Vec<PersonHitDto>,
    pub document_hits: Vec<DocumentHitDto>,
    pub took_ms: f64,
}

/// The typed fields' names in this request, for errors.
fn request_field(field: &str) -> String {
    match field {
        "surname" => "name".into(),
        "sex" => "gender".into(),
        "document_number" => "document.number".into(),
        "document_type" => "document.document_type".into(),
        "document_country" => "document.issuing_country".into(),
        other => other.into(),
    }
}

/// Reads the request into a traveller (and its MRZ).
pub fn traveller_of(
    req: TravellerCheckRequest,
    today: Date,
) -> Result<(Traveller, Option<Mrz>), ApiError> {
    match (req.mrz, req.name) {
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "give either 'mrz' or 'name' (with its evidence), not both",
        )),
        (None, None) => Err(ApiError::bad_request(
            "missing traveller: give 'mrz' (the scanned lines) or 'name'",
        )),
        (Some(lines), None) => {
            if req.date_of_birth.is_some()
                || req.nationality.is_some()
                || req.gender.is_some()
                || req.document.is_some()
            {
                return Err(ApiError::bad_request(
                    "with 'mrz', the MRZ gives date_of_birth, nationality, gender and document; \
                     do not send them as well",
                ));
            }
            let m = mrz::parse(&lines, today.into())
                .map_err(|e| ApiError::bad_request(format!("invalid mrz: {e}")))?;
            Ok((Traveller::from_mrz(&m), Some(m)))
        }
        (None, Some(name)) => {
            let (number, country, doc_type) = match req.document {
                Some(d) => (Some(d.number), d.issuing_country, d.document_type),
                None => (None, None, None),
            };
            let fields = TravellerFields {
                id: None,
                surname: Some(name),
                given_names: None,
                date_of_birth: req.date_of_birth,
                nationality: req.nationality,
                sex: req.gender,
                document_number: number,
                document_type: doc_type,
                document_country: country,
            };
            let t = fields.validate(today).map_err(|e| {
                ApiError::bad_request(format!("invalid {}: {}", request_field(e.field), e.message))
            })?;
            Ok((t, None))
        }
    }
}

/// Check one traveller at the passport desk, from a scanned MRZ or from typed fields, against
/// persons and documents in one call.
///
/// Give either `mrz` (the MRZ gives name, date of birth, nationality, sex and document) or
/// `name` with optional evidence. A failed MRZ check digit never blocks the check: it is
/// reported per field and the traveller is checked all the same. Person hits score at least
/// 0.6; each document hit whose record names a holder compares the traveller with it
/// (`holder_check`).
#[utoipa::path(
    post,
    path = "/v1/travellers/check",
    tag = "travellers",
    request_body(content = TravellerCheckRequest, examples(
        ("mrz" = (summary = "A scanned passport (TD3)", value = json!({"mrz": "P<CHNCAI<<YAN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nG337982769CHN9912083F3012316<<<<<<<<<<<<<<<4", "limit": 1}))),
        ("fields" = (summary = "Typed fields", value = json!({"name": "Cai Yan", "date_of_birth": "08.12.1999", "document": {"number": "G33798276", "issuing_country": "CHN"}, "limit": 1}))),
    )),
    responses(
        (status = 200, description = "Who was read, the hits, and what to do", body = TravellerCheckResponse, examples(
            ("mrz" = (value = json!(example!("traveller_check_mrz.json")))),
            ("fields" = (value = json!(example!("traveller_check.json")))),
        )),
        (status = 400, description = "Malformed JSON, both or neither of `mrz` and `name`, an unreadable MRZ, a bad field", body = ErrorBody, examples(
            ("mrz" = (value = json!(errors::invalid("invalid mrz: not a readable MRZ: expected 2 lines of 44 (passport or visa), 2 of 36 or 3 of 30 characters; got 1 line of 3 characters")))),
            ("neither" = (value = json!(errors::invalid("missing traveller: give 'mrz' (the scanned lines) or 'name'")))),
        )),
        (status = 415, description = "Not `Content-Type: application/json`", body = ErrorBody, example = json!(errors::not_json())),
        (status = 503, description = "The index is not open yet, or every search slot is taken", body = ErrorBody, examples(
            ("not_ready" = (value = json!(errors::not_ready()))),
            ("overloaded" = (value = json!(errors::overloaded()))),
        )),
    ),
)]
pub async fn check(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiJson(req): ApiJson<TravellerCheckRequest>,
) -> Response {
    let note = Note::query(&req);
    let res = checked(state, agency, req).await;
    let note = match &res {
        Ok(r) => note.hits(
            r.person_hits
                .iter()
                .map(|h| (&*h.source, &*h.id, h.alert))
                .chain(
                    r.document_hits
                        .iter()
                        .map(|h| (&*h.source, &*h.id, h.alert)),
                ),
        ),
        Err(_) => note,
    };
    note.respond(res.map(Json))
}

async fn checked(
    state: AppState,
    agency: Option<String>,
    req: TravellerCheckRequest,
) -> Result<TravellerCheckResponse, ApiError> {
    let started = Instant::now();
    let today = Date::today();
    let limit = limit_of(req.limit.clone())?;
    let (traveller, mrz) = traveller_of(req, today)?;
    let opts = CheckOptions {
        limit,
        agency: agency.clone(),
        explain: true,
    };
    let t = traveller.clone();
    let res = state.run(move |e| check_traveller(e, &t, &opts)).await;
    Ok(TravellerCheckResponse::new(
        traveller,
        mrz,
        res?,
        today,
        super::handlers::ms(started),
    ))
}

/// The request's person-hit limit: 1..=[`crate::search::MAX_LIMIT`], default
/// [`DEFAULT_TRAVELLER_LIMIT`].
pub fn limit_of(limit: Option<serde_json::Number>) -> Result<usize, ApiError> {
    let limit = super::dto::limit(limit)?;
    Ok(crate::search::check_limit(limit, DEFAULT_TRAVELLER_LIMIT)?)
}

impl TravellerCheckResponse {
    /// The answer for `traveller` (read from `mrz`, if any) and its check.
    pub fn new(
        traveller: Traveller,
        mrz: Option<Mrz>,
        res: crate::screening::check::TravellerResult,
        today: Date,
        took_ms: f64,
    ) -> Self {
        TravellerCheckResponse {
            mrz: mrz.as_ref().map(|m| MrzDto::new(m, today)),
            traveller,
            alert: res.alert,
            alert_thresholds: AlertThresholds::default(),
            action: res.action,
            strongest: res.strongest,
            person_hits: res.person_hits.into_iter().map(Into::into).collect(),
            document_hits: res.document_hits.into_iter().map(Into::into).collect(),
            took_ms,
        }
    }
}
