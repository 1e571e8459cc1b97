//! Manifest screening: `POST /v1/manifests/screen` (synchronous, up to
//! [`crate::config::Config::max_sync_travellers`]) and the asynchronous jobs
//! `POST /v1/screenings`, `GET /v1/screenings[/{id}]`, `DELETE /v1/screenings/{id}`.
//!
//! The manifest is the request body; its format comes from `?format=csv|json|paxlst` or the
//! `Content-Type` (`text/csv`, `application/json`, `application/edifact`). Both paths read the
//! manifest the same way and screen it on the batch pool; a job writes its report lines to the
//! job store as they are produced.

use super::audit::Note;
use super::dto::JobDto;
use super::error::ApiError;
use super::extract::{Agency, ApiQuery};
use super::handlers::ms;
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

/// Results per page of `GET /v1/screenings/{id}` unless `limit` says otherwise.
pub const DEFAULT_RESULTS_PAGE: u64 = 100;
/// Most results per page.
pub const MAX_RESULTS_PAGE: u64 = 1000;
/// Most jobs `GET /v1/screenings` lists.
pub const JOBS_LISTED: usize = 100;

/// `?format=` of a manifest upload.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestParams {
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
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "name the manifest format with ?format=csv|json|paxlst or a Content-Type of \
                 text/csv, application/json or application/edifact",
            )
        })
}

/// A manifest read and validated, ready to screen.
struct ReadManifest {
    travellers: Vec<(Position, Validated)>,
    warnings: Vec<String>,
    voyage: Option<Voyage>,
}

fn read(format: Format, body: &[u8]) -> Result<ReadManifest, ApiError> {
    let today = Date::today();
    let m = manifest::parse(format, body, today).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "manifest_rejected",
            e.to_string(),
        )
    })?;
    Ok(ReadManifest {
        travellers: m.validate(today),
        warnings: m.warnings,
        voyage: m.voyage,
    })
}

/// The answer of `POST /v1/manifests/screen`.
#[derive(Debug, Serialize)]
pub struct ScreenResponse {
    pub summary: ReportSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voyage: Option<Voyage>,
    /// Irregularities tolerated while reading the manifest.
    pub warnings: Vec<String>,
    /// One line per traveller, in input order.
    pub travellers: Vec<ReportLine>,
}

pub async fn screen(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiQuery(params): ApiQuery<ManifestParams>,
    headers: HeaderMap,
    body: Bytes,
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
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_many_travellers",
                format!(
                    "{} travellers; this call screens at most {max}: use POST /v1/screenings",
                    m.travellers.len()
                ),
            ));
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
            voyage,
            warnings,
            travellers,
        }
    }
}

pub async fn start(
    State(state): State<AppState>,
    Agency(agency): Agency,
    ApiQuery(params): ApiQuery<ManifestParams>,
    headers: HeaderMap,
    body: Bytes,
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
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    pub offset: Option<u64>,
    pub limit: Option<u64>,
}

/// A job and a page of its results.
#[derive(Debug, Serialize)]
pub struct JobResultsDto {
    #[serde(flatten)]
    pub job: JobDto,
    /// The page of results, once the job has stopped (succeeded, cancelled, interrupted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<serde_json::Value>>,
    pub offset: u64,
    pub limit: u64,
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

pub async fn get(
    State(state): State<AppState>,
    Agency(agency): Agency,
    Path(id): Path<String>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    let offset = page.offset.unwrap_or(0);
    let limit = page.limit.unwrap_or(DEFAULT_RESULTS_PAGE);
    if !(1..=MAX_RESULTS_PAGE).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "invalid limit: {limit} is outside 1..={MAX_RESULTS_PAGE}"
        )));
    }
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

pub async fn list(
    State(state): State<AppState>,
    Agency(agency): Agency,
) -> Json<serde_json::Value> {
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
    Json(json!({ "jobs": jobs }))
}

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
