//! Manifest screening: `POST /v1/manifests/screen` (synchronous, up to
//! [`crate::config::Config::max_sync_travellers`]) and the asynchronous jobs
//! `POST /v1/screenings`, `GET /v1/screenings[/{id}]`, `DELETE /v1/screenings/{id}`.
//!
//! The manifest is the request body; its format comes from `?format=csv|json|paxlst` or the
//! `Content-Type` (`text/csv`, `application/json`, `application/edifact`). Both paths read the
//! manifest the same way and screen it on the batch pool; a job writes its report lines to the
//! job store as they are produced.

use super::audit::Note;
use super::dto::{JobDto, JobList};
use super::error::ApiError;
use super::extract::{query_count, Agency, ApiBytes, ApiQuery};
use super::handlers::ms;
use super::openapi::{errors, example, ErrorBody};
use super::AppState;
use crate::jobs::{JobKind, JobOutcome, JobRecord, JobStatus, Progress};
use crate::model::Date;
use crate::screening::check::CheckOptions;
use crate::screening::manifest::{self, Format, Position, Validated, Voyage};
use crate::screening::report::{ReportLine, ReportSummary};
use crate::screening::Summary;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use std::time::Instant;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, PartialSchema, ToSchema};

/// Results per page of `GET /v1/screenings/{id}` unless `limit` says otherwise.
pub const DEFAULT_RESULTS_PAGE: u64 = 100;
/// Most results per page.
pub const MAX_RESULTS_PAGE: u64 = 1000;
/// Most jobs `GET /v1/screenings` lists.
pub const JOBS_LISTED: usize = 100;

/// A CSV manifest of one traveller (the documents' example).
const CSV_EXAMPLE: &str = "id,surname,given_names,date_of_birth,nationality,sex,document_number,\
document_type,document_country\nPAX000016,Demetriou,Aikaterini,1985-12-24,GRC,F,G38198945,passport,GRC\n";

/// `?format=` of a manifest upload.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ManifestParams {
    /// `csv`, `json` or `paxlst`; default: told by the `Content-Type` (`text/csv`,
    /// `application/json`, `application/edifact`).
    #[param(pattern = "^(csv|json|paxlst)$", example = "csv")]
    pub format: Option<String>,
}

fn format_of(params: &ManifestParams, headers: &HeaderMap) -> Result<Format, ApiError> {
    if let Some(f) = &params.format {
        return Format::parse(f).ok_or_else(|| {
            ApiError::bad_request(format!(
                "invalid format: '{f}' is not one of {}",
                Format::ALL.join(", ")
            ))
        });
    }
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(Format::from_content_type)
        .ok_or_else(no_format)
}

/// `415`: no manifest format named.
fn no_format() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "name the manifest format with ?format=csv|json|paxlst or a Content-Type of \
         text/csv, application/json or application/edifact",
    )
}

/// `422`: a manifest that cannot be read (`why`).
fn rejected(why: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "manifest_rejected", why)
}

/// `413`: `n` travellers, more than the synchronous call's `max`.
fn too_many_travellers(n: usize, max: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_many_travellers",
        format!("{n} travellers; this call screens at most {max}: use POST /v1/screenings"),
    )
}

/// A manifest read and validated, ready to screen.
struct ReadManifest {
    travellers: Vec<(Position, Validated)>,
    warnings: Vec<String>,
    voyage: Option<Voyage>,
}

fn read(format: Format, body: &[u8]) -> Result<ReadManifest, ApiError> {
    let today = Date::today();
    let m = manifest::parse(format, body, today).map_err(|e| rejected(e.to_string()))?;
    Ok(ReadManifest {
        travellers: m.validate(today),
        warnings: m.warnings,
        voyage: m.voyage,
    })
}

/// The answer of `POST /v1/manifests/screen`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScreenResponse {
    pub summary: ReportSummary,
    /// The scores at or above which person and document hits alert.
    pub alert_thresholds: super::dto::AlertThresholds,
    /// What a PAXLST manifest says of the voyage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voyage: Option<Voyage>,
    /// Irregularities tolerated while reading the manifest.
    pub warnings: Vec<String>,
    /// One line per traveller, in input order.
    pub travellers: Vec<ReportLine>,
}

/// Screen a passenger or crew manifest at once (up to 1,000 travellers).
///
/// The body is the manifest, CSV, JSON or PAXLST (UN/EDIFACT), named by `?format=` or the
/// `Content-Type`. Every traveller gets a line, in input order: a bad one is reported with
/// its position and `rejected`, the good ones are screened. Each line is what
/// `POST /v1/travellers/check` gives for that traveller, without the explanations.
#[utoipa::path(
    post,
    path = "/v1/manifests/screen",
    tag = "manifests",
    operation_id = "screen_manifest",
    params(ManifestParams),
    request_body(description = "The manifest (README, Manifest screening: the fields and formats)", content(
        (String = "text/csv", example = json!(CSV_EXAMPLE)),
        (Vec<Object> = "application/json", example = json!([{"id": "PAX000016", "surname": "Demetriou", "given_names": "Aikaterini", "date_of_birth": "1985-12-24", "nationality": "GRC", "sex": "F", "document_number": "G38198945", "document_type": "passport", "document_country": "GRC"}])),
        (String = "application/edifact", example = json!("UNA:+.? '\nUNB+UNOA:4+ZZAIRLINE+CUSTOMS+261201:0900+000000001'\nUNH+PAX001+PAXLST:D:15B:UN:IATA'\nBGM+745'\nNAD+FL+++DEMETRIOU:AIKATERINI'\nDTM+329:851224'\nUNT+5+PAX001'\nUNZ+1+000000001'\n")),
    )),
    responses(
        (status = 200, description = "The report, one line per traveller", body = ScreenResponse, example = json!(example!("manifest_screen.json"))),
        (status = 400, description = "A bad `?format=` or query parameter", body = ErrorBody, example = json!(errors::invalid("invalid format: 'xml' is not one of csv, json, paxlst"))),
        (status = 413, description = "More travellers than a synchronous call screens", body = ErrorBody, example = json!(errors::of(too_many_travellers(1200, 1000)))),
        (status = 415, description = "No format named by `?format=` or the `Content-Type`", body = ErrorBody, example = json!(errors::of(no_format()))),
        (status = 422, description = "A manifest that cannot be read at all (not UTF-8, a bad header, not a JSON array, no PAXLST message)", body = ErrorBody, example = json!(errors::of(rejected("json manifest rejected: not valid JSON: expected value at line 1 column 1")))),
        (status = 503, description = "The index is not open yet, or too many manifests are in flight", body = ErrorBody, examples(
            ("not_ready" = (value = json!(errors::not_ready()))),
            ("overloaded" = (value = json!(errors::of(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "overloaded", super::MANIFESTS_BUSY))))),
        )),
    ),
)]
pub async fn screen(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiQuery(params): ApiQuery<ManifestParams>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Response {
    let bytes = body.len();
    let res = screened(state, agency, params, headers, body).await;
    let note = match &res {
        Ok(r) => Note::json(json!({
            "bytes": bytes,
            "travellers": r.summary.travellers,
            "voyage": r.voyage,
        }))
        .hits(r.travellers.iter().flat_map(|t| {
            t.person_hits
                .iter()
                .map(|h| (&*h.source, &*h.id, h.alert))
                .chain(
                    t.document_hits
                        .iter()
                        .map(|h| (&*h.source, &*h.id, h.alert)),
                )
        })),
        Err(_) => Note::json(json!({ "bytes": bytes })),
    };
    note.respond(res.map(Json))
}

async fn screened(
    state: AppState,
    agency: Option<String>,
    params: ManifestParams,
    headers: HeaderMap,
    body: Bytes,
) -> Result<ScreenResponse, ApiError> {
    let started = Instant::now();
    let format = format_of(&params, &headers)?;
    let engine = state.engine()?;
    let pool = state.batch.clone();
    let max = state.config.max_sync_travellers;
    let opts = CheckOptions::screening(agency.clone());
    let permit = state.batch_permit().await?;
    let (m, screened) = super::blocking(move || {
        let _permit = permit;
        let m = read(format, &body)?;
        if m.travellers.len() > max {
            return Err(too_many_travellers(m.travellers.len(), max));
        }
        let screened = pool.screen_all(&engine, &m.travellers, &opts)?;
        Ok((m, screened))
    })
    .await?;
    Ok(ScreenResponse::new(
        m.voyage,
        m.warnings,
        &screened,
        ms(started),
    ))
}

impl ScreenResponse {
    /// The report of a screened manifest.
    pub fn new(
        voyage: Option<Voyage>,
        warnings: Vec<String>,
        screened: &[crate::screening::batch::Screened],
        took_ms: f64,
    ) -> Self {
        let mut summary = Summary::default();
        let travellers = screened
            .iter()
            .map(|s| {
                summary.add(s);
                s.into()
            })
            .collect();
        ScreenResponse {
            summary: ReportSummary::new(summary, took_ms),
            alert_thresholds: Default::default(),
            voyage,
            warnings,
            travellers,
        }
    }
}

/// Start a screening job: the manifest is read and validated, then screened in the
/// background (up to 64 MiB, about 150,000 travellers).
///
/// Answers `202` with the job at once; follow it at its `href`. Jobs run one at a time, first
/// in first out, on the screening pool; at most 4 may be queued or running. A job is visible
/// only to the agency that submitted it, and kept 24 hours.
#[utoipa::path(
    post,
    path = "/v1/screenings",
    tag = "screenings",
    operation_id = "start_screening",
    params(ManifestParams),
    request_body(description = "The manifest, as for `POST /v1/manifests/screen`", content(
        (String = "text/csv", example = json!(CSV_EXAMPLE)),
        (Vec<Object> = "application/json", example = json!([{"id": "PAX000016", "surname": "Demetriou", "given_names": "Aikaterini", "date_of_birth": "1985-12-24"}])),
        (String = "application/edifact"),
    )),
    responses(
        (status = 202, description = "The job, queued", body = JobDto, example = json!(example!("screening_job.json"))),
        (status = 400, description = "A bad `?format=` or query parameter", body = ErrorBody, example = json!(errors::invalid("invalid format: 'xml' is not one of csv, json, paxlst"))),
        (status = 415, description = "No format named by `?format=` or the `Content-Type`", body = ErrorBody, example = json!(errors::of(no_format()))),
        (status = 422, description = "A manifest that cannot be read at all", body = ErrorBody, example = json!(errors::of(rejected("json manifest rejected: not valid JSON: expected value at line 1 column 1")))),
        (status = 429, description = "4 jobs are already queued or running", body = ErrorBody, example = json!(errors::engine(crate::Error::TooManyJobs(4)))),
        (status = 503, description = "The index is not open yet", body = ErrorBody, example = json!(errors::not_ready())),
    ),
)]
pub async fn start(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiQuery(params): ApiQuery<ManifestParams>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<Response, ApiError> {
    let format = format_of(&params, &headers)?;
    let engine = state.engine()?;
    let jobs = state.jobs.clone();
    let pool = state.batch.clone();
    let retention = state.config.job_retention;
    let ag = agency.clone();
    let record = super::blocking(move || -> Result<JobRecord, ApiError> {
        let m = read(format, &body)?;
        let total = m.travellers.len() as u64;
        let params = json!({
            "format": format,
            "agency": ag,
            "warnings": m.warnings,
            "voyage": m.voyage,
        });
        if let Err(e) = jobs.store().purge(retention) {
            tracing::warn!(error = %e, "could not remove expired jobs");
        }
        let travellers = Arc::new(m.travellers);
        let opts = CheckOptions::screening(ag);
        let work: crate::jobs::Work = Box::new(move |ctx| {
            let started = Instant::now();
            let mut out = ctx.results()?;
            let mut summary = Summary::default();
            pool.screen(
                &engine,
                &travellers,
                &opts,
                ctx.cancel_flag(),
                &mut |chunk| {
                    for s in &chunk {
                        summary.add(s);
                        out.push(&ReportLine::from(s))?;
                    }
                    let written = out.flush()?;
                    let mut progress = Progress {
                        done: summary.travellers as u64,
                        total,
                        ..Default::default()
                    };
                    progress
                        .counters
                        .insert("alerts".into(), summary.alerts as u64);
                    progress
                        .counters
                        .insert("rejected".into(), summary.rejected as u64);
                    ctx.progress(progress, written)
                },
            )?;
            let summary = ReportSummary::new(summary, ms(started));
            Ok(JobOutcome::Done(
                serde_json::to_value(summary).unwrap_or_default(),
            ))
        });
        Ok(jobs.submit(JobKind::Screening, total, params, work)?)
    })
    .await?;
    let note = Note::json(json!({ "travellers": record.progress.total, "job": record.id }));
    Ok(note.attach((StatusCode::ACCEPTED, Json(JobDto::from(record))).into_response()))
}

/// `?offset=&limit=` of a job's results.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// The first result of the page (0-based); default 0.
    #[param(minimum = 0, example = 0, value_type = Option<u64>)]
    pub offset: Option<String>,
    /// Results per page, 1..=1000; default 100.
    #[param(minimum = 1, maximum = 1000, example = 100, value_type = Option<u64>)]
    pub limit: Option<String>,
}

/// A job and a page of its results.
#[derive(Debug)]
pub struct JobResultsDto {
    pub job: JobDto,
    /// The page of results, once the job has stopped (succeeded, cancelled, interrupted).
    pub results: Option<Vec<serde_json::Value>>,
    pub offset: u64,
    pub limit: u64,
}

impl Serialize for JobResultsDto {
    /// The job's fields, `offset`, `limit`, and `results`: the page once the job has stopped
    /// (in place of the job record's count of results written, so the key is given once),
    /// else that count.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut v = serde_json::to_value(&self.job).map_err(serde::ser::Error::custom)?;
        if let Some(map) = v.as_object_mut() {
            if let Some(page) = &self.results {
                map.insert("results".into(), json!(page));
            }
            map.insert("offset".into(), json!(self.offset));
            map.insert("limit".into(), json!(self.limit));
        }
        v.serialize(s)
    }
}

impl PartialSchema for JobResultsDto {
    /// The job record's schema with `results` either the count (pending) or the page, and
    /// `href`, `offset`, `limit`.
    fn schema() -> RefOr<Schema> {
        let RefOr::T(Schema::Object(mut object)) = <JobRecord as PartialSchema>::schema() else {
            unreachable!("a job record is an object")
        };
        let page = ArrayBuilder::new().items(Ref::from_schema_name(ReportLine::name()));
        let results = OneOfBuilder::new()
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0)),
            )
            .item(page)
            .description(Some(
                "While the job is queued, running or rejected: how many results are written. \
                 Once it has stopped: the page of results (lines of the report, as \
                 `POST /v1/manifests/screen` gives them).",
            ));
        let integer = || {
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0))
        };
        object.properties.insert("results".into(), results.into());
        let href = ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("Where to follow the job"));
        object.properties.insert("href".into(), href.into());
        object.properties.insert("offset".into(), integer().into());
        object.properties.insert("limit".into(), integer().into());
        object
            .required
            .extend(["href", "offset", "limit"].map(String::from));
        object.description = Some("A screening job and a page of its results.".into());
        Schema::Object(object).into()
    }
}

impl ToSchema for JobResultsDto {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <JobRecord as ToSchema>::schemas(schemas);
        schemas.push((ReportLine::name().into(), ReportLine::schema()));
        <ReportLine as ToSchema>::schemas(schemas);
    }
}

/// The job, if the calling agency submitted it (another agency's job is not found: its
/// results hold what that agency may see).
fn own_job(state: &AppState, id: &str, agency: &Option<String>) -> Result<JobRecord, ApiError> {
    let r = state.jobs.store().get(id)?;
    let owner = r.params.get("agency").and_then(|a| a.as_str());
    if r.kind != JobKind::Screening || owner != agency.as_deref() {
        return Err(crate::Error::NoSuchJob(id.to_string()).into());
    }
    Ok(r)
}

/// A screening job: its status, progress and, once it has stopped, a page of its results and
/// the summary.
#[utoipa::path(
    get,
    path = "/v1/screenings/{id}",
    tag = "screenings",
    operation_id = "get_screening",
    params(("id" = String, Path, description = "The job's id", example = "scr_cc528087446d307ee495e38f2e3be912"), PageParams),
    responses(
        (status = 200, description = "The job and a page of its results", body = JobResultsDto, example = json!(example!("screening_results.json"))),
        (status = 400, description = "A bad query parameter", body = ErrorBody, example = json!(errors::invalid("invalid limit: 0 is outside 1..=1000"))),
        (status = 404, description = "No such job (or another agency's)", body = ErrorBody, example = json!(errors::no_job("scr_00000000000000000000000000000000"))),
    ),
)]
pub async fn get(
    State(state): State<AppState>,
    Agency(agency): Agency,
    Path(id): Path<String>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    let offset = query_count("offset", page.offset.as_deref(), 0..=u64::MAX, 0)?;
    let limit = query_count(
        "limit",
        page.limit.as_deref(),
        1..=MAX_RESULTS_PAGE,
        DEFAULT_RESULTS_PAGE,
    )?;
    let record = own_job(&state, &id, &agency)?;
    let results = if record.status.is_pending() || record.status == JobStatus::Rejected {
        None
    } else {
        let store = state.jobs.store().clone();
        let id = id.clone();
        Some(super::blocking(move || Ok(store.read_results(&id, offset, limit)?)).await?)
    };
    let note = match &results {
        Some(page) => Note::default().hits_in(page),
        None => Note::default(),
    };
    Ok(note.respond(Ok(Json(JobResultsDto {
        job: record.into(),
        results,
        offset,
        limit,
    }))))
}

/// The recent screening jobs of the key's agency, newest first (at most 100).
#[utoipa::path(
    get,
    path = "/v1/screenings",
    tag = "screenings",
    operation_id = "list_screenings",
    responses(
        (status = 200, description = "The jobs", body = JobList, example = json!(example!("screening_list.json"))),
    ),
)]
pub async fn list(State(state): State<AppState>, Agency(agency): Agency) -> Json<JobList> {
    let jobs: Vec<JobDto> = state
        .jobs
        .store()
        .list(usize::MAX)
        .into_iter()
        .filter(|r| {
            r.kind == JobKind::Screening
                && r.params.get("agency").and_then(|a| a.as_str()) == agency.as_deref()
        })
        .take(JOBS_LISTED)
        .map(Into::into)
        .collect();
    Json(JobList { jobs })
}

/// Cancel a queued or running job (kept as `cancelled` with the results so far), or remove a
/// stopped one with its results.
#[utoipa::path(
    delete,
    path = "/v1/screenings/{id}",
    tag = "screenings",
    operation_id = "cancel_screening",
    params(("id" = String, Path, description = "The job's id", example = "scr_cc528087446d307ee495e38f2e3be912")),
    responses(
        (status = 200, description = "The job was pending: it is cancelled", body = JobDto, example = json!(example!("screening_cancelled.json"))),
        (status = 204, description = "The job had stopped: it is removed with its results"),
        (status = 404, description = "No such job (or another agency's)", body = ErrorBody, example = json!(errors::no_job("scr_00000000000000000000000000000000"))),
    ),
)]
pub async fn cancel(
    State(state): State<AppState>,
    Agency(agency): Agency,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    own_job(&state, &id, &agency)?;
    let jobs = state.jobs.clone();
    let res = super::blocking(move || Ok(jobs.cancel(&id)?)).await?;
    Ok(match res {
        Some(record) => (StatusCode::OK, Json(JobDto::from(record))).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}
