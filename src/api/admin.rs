//! `/v1/admin`: feed administration. Uploads are streamed to disk (never held in memory) and
//! checked as they arrive, then ingested by a job; reloads read a configured source from the
//! feed directory. The engine-side logic is [`crate::admin`]; this is only its HTTP face.

use super::audit::Note;
use super::dto::{JobDto, JobList};
use super::error::ApiError;
use super::extract::{query_count, ApiQuery};
use super::openapi::{errors, example, ErrorBody};
use super::AppState;
use crate::admin::upload::{discard, UploadError, UploadWriter};
use crate::admin::{IngestRequest, Origin};
use crate::auth::Identity;
use crate::feeds::{valid_code, Format, Mode};
use crate::index::writer::{Feed, IngestOptions, MAX_REMOVAL_SHARE};
use crate::jobs::{JobKind, JobRecord};
use axum::body::Body;
use axum::extract::{Extension, FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

/// The four files of an OFAC SDN upload (one multipart part each, named by file name).
pub const OFAC_FILES: [&str; 4] = ["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"];

/// `?mode=&format=&force=` of an ingest.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct IngestParams {
    /// `full` (default): replace every record of the source in one commit; `delta`: apply
    /// the feed's upserts and deletes.
    pub mode: Option<Mode>,
    /// `jsonl` (default), `ofac-sdn` (multipart, one part per file), `un-xml`, `ftm` or
    /// `senzing`.
    #[param(pattern = "^(jsonl|ofac-sdn|un-xml|ftm|senzing)$", example = "jsonl")]
    pub format: Option<String>,
    /// Apply a full ingest that would remove more than the source's `max_removal_share` of
    /// its records (default false: such an ingest is held back as `rejected`).
    pub force: Option<bool>,
}

/// `?force=` of a reload.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReloadParams {
    /// As for an ingest: apply a reload that removes more than `max_removal_share`.
    pub force: Option<bool>,
}

/// `?limit=` of a job list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Jobs listed, 1..=1000; default 50.
    #[param(minimum = 1, maximum = 1000, example = 50, value_type = Option<u64>)]
    pub limit: Option<String>,
}

/// The answer of `POST /v1/admin/reload`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReloadAllResponse {
    /// The jobs queued, one per source.
    pub queued: Vec<JobDto>,
    /// The sources not queued, and why.
    pub skipped: Vec<crate::admin::Skipped>,
}

fn check_source(source: &str) -> Result<(), ApiError> {
    if valid_code(source) {
        Ok(())
    } else {
        Err(bad_source(source))
    }
}

fn bad_source(source: &str) -> ApiError {
    ApiError::bad_request(format!("source '{source}' must match [A-Z0-9_-]{{2,32}}"))
}

/// A key administers the feeds of its own agency (a source is named by its organization's
/// code), the local operator's key every source.
fn check_manages(caller: &Identity, source: &str) -> Result<(), ApiError> {
    if caller.manages(source) {
        Ok(())
    } else {
        Err(not_managed(&caller.agency, source))
    }
}

fn not_managed(agency: &str, source: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!("this key administers the feeds of {agency} only, not {source}"),
    )
}

/// Whether `caller` may see an ingest job (one of its sources').
fn sees_job(caller: &Identity, job: &JobRecord) -> bool {
    job.key.as_deref().is_some_and(|s| caller.manages(s)) || caller.is_global()
}

/// `202` with the job, noting it for the audit line.
fn accepted(record: JobRecord) -> Response {
    let note = Note::json(json!({ "job": record.id }));
    note.attach((StatusCode::ACCEPTED, Json(JobDto::from(record))).into_response())
}

/// Upload a feed of `source` and queue its ingest.
///
/// The body is the feed, streamed to disk (never held in memory; up to 4 GiB, no overall
/// time limit, dropped after 60 s idle); for `ofac-sdn`, `multipart/form-data` with
/// `sdn.csv`, `alt.csv`, `add.csv` and `sdn_comments.csv` as parts. Line formats (jsonl, ftm)
/// are checked as they arrive: a line that is not UTF-8 or longer than 64 KiB stops the
/// upload at once with `422 feed_rejected`, before any job. The job then validates every
/// entry: a feed with any bad entry changes nothing (the job is `rejected` with the bad
/// lines). A source has at most one ingest queued or running.
#[utoipa::path(
    post,
    path = "/v1/admin/feeds/{source}/ingest",
    tag = "feeds",
    operation_id = "ingest_feed",
    params(("source" = String, Path, description = "The source organization's code", example = "AIMC"), IngestParams),
    request_body(description = "The feed", content(
        (String = "application/x-ndjson", example = json!("{\"source\": \"AIMC\", \"id\": \"P1\", \"kind\": \"person\", \"names\": [\"Cai Yan\"], \"sharing\": [\"*\"]}\n")),
        (String = "application/xml"),
        (Object = "multipart/form-data"),
    )),
    responses(
        (status = 202, description = "The job, queued", body = JobDto, example = json!(example!("ingest_job.json"))),
        (status = 400, description = "A bad source code, format or query parameter, a broken upload or multipart body", body = ErrorBody, examples(
            ("source" = (value = json!(errors::of(bad_source("bad"))))),
            ("format" = (value = json!(errors::invalid("unknown format 'nope' (expected one of jsonl, ofac-sdn, un-xml, ftm, senzing)")))),
        )),
        (status = 403, description = "Another organization's source", body = ErrorBody, example = json!(errors::of(not_managed("FRA-NCB", "AIMC")))),
        (status = 408, description = "The upload sent nothing for 60 s", body = ErrorBody, example = json!(errors::of(ApiError::new(StatusCode::REQUEST_TIMEOUT, "timeout", "the upload sent nothing for 60 s")))),
        (status = 409, description = "An ingest of the source is already queued or running", body = ErrorBody, example = json!(errors::engine(crate::Error::IngestRunning { source_code: "AIMC".into(), job_id: "ing_178a210d4493f8c456b4dc583b78a2f2".into() }))),
        (status = 413, description = "A feed over 4 GiB", body = ErrorBody, example = json!(errors::of(upload_error(UploadError::TooLarge(4 << 30))))),
        (status = 415, description = "An `ofac-sdn` feed not sent as `multipart/form-data`", body = ErrorBody, example = json!(errors::of(not_multipart()))),
        (status = 422, description = "A line that is not UTF-8 or too long: nothing was queued", body = ErrorBody, example = json!(errors::of(upload_error(UploadError::Framing(crate::LineError { line: 1, reason: "line is not valid UTF-8".into() }))))),
        (status = 503, description = "The index is not open yet", body = ErrorBody, example = json!(errors::not_ready())),
    ),
)]
pub async fn ingest(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
    Path(source): Path<String>,
    ApiQuery(params): ApiQuery<IngestParams>,
    request: Request,
) -> Result<Response, ApiError> {
    check_source(&source)?;
    check_manages(&caller, &source)?;
    let format = match params.format.as_deref() {
        None => Format::Jsonl,
        Some(f) => Format::parse(f).map_err(ApiError::bad_request)?,
    };
    let engine = state.engine()?;
    if let Some(job) = state
        .admin
        .store()
        .pending_with_key(JobKind::Ingest, &source)
    {
        // refuse before receiving a large body for nothing
        return Err(crate::Error::IngestRunning {
            source_code: source,
            job_id: job.id,
        }
        .into());
    }
    let path = state.admin.upload_path(&source)?;
    let received = if format.is_folder() {
        receive_parts(&state, &path, request).await
    } else {
        receive_body(&state, &path, format, request.into_body()).await
    };
    if let Err(e) = received {
        discard(&path);
        if e.code == "feed_rejected" {
            let _ = state.admin.record_refusal(&source, &e.message);
        }
        return Err(e);
    }
    let req = IngestRequest {
        feed: Feed {
            path: path.clone(),
            format,
            source: Some(source.clone()),
        },
        options: IngestOptions {
            mode: params.mode.unwrap_or_default(),
            max_removal_share: state
                .admin
                .layout()
                .ok()
                .and_then(|l| l.sources.get(&source).map(|s| s.max_removal_share))
                .unwrap_or(MAX_REMOVAL_SHARE),
            force: params.force.unwrap_or(false),
        },
        origin: Origin::Upload,
    };
    let admin = state.admin.clone();
    let submitted = super::blocking(move || Ok(admin.submit(engine, req)?)).await;
    match submitted {
        Ok(record) => Ok(accepted(record)),
        Err(e) => {
            discard(&path);
            Err(e)
        }
    }
}

fn upload_error(e: UploadError) -> ApiError {
    match e {
        UploadError::Framing(line) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "feed_rejected",
            format!("line {}: {}; nothing was queued", line.line, line.reason),
        )
        .with("total", json!(1))
        .with("errors", json!([line])),
        UploadError::TooLarge(max) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the feed is larger than {max} bytes"),
        ),
        UploadError::Io(e) => e.into(),
    }
}

/// Streams `body` into a new file at `path`, checked as it arrives.
async fn receive_body(
    state: &AppState,
    path: &std::path::Path,
    format: Format,
    body: Body,
) -> Result<u64, ApiError> {
    let writer = UploadWriter::create(path, format, state.config.max_feed_bytes)?;
    stream_into(state, writer, body.into_data_stream()).await
}

/// Feeds a byte stream to `writer` on a blocking thread through a bounded channel (a slow
/// disk slows the client down instead of filling memory).
async fn stream_into<S, E>(
    state: &AppState,
    mut writer: UploadWriter,
    mut stream: S,
) -> Result<u64, ApiError>
where
    S: futures_util::Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let (tx, mut rx) = tokio::sync::mpsc::channel::<axum::body::Bytes>(8);
    let write = tokio::task::spawn_blocking(move || -> Result<u64, UploadError> {
        while let Some(chunk) = rx.blocking_recv() {
            writer.write(&chunk)?;
        }
        writer.finish()
    });
    let idle = state.config.upload_idle_timeout;
    let mut failure = None;
    loop {
        match tokio::time::timeout(idle, stream.next()).await {
            Err(_) => {
                failure = Some(ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "timeout",
                    format!("the upload sent nothing for {} s", idle.as_secs()),
                ));
                break;
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                let too_large = e.to_string().contains("length limit");
                failure = Some(if too_large {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "payload_too_large",
                        e.to_string(),
                    )
                } else {
                    ApiError::bad_request(format!("the upload broke off: {e}"))
                });
                break;
            }
            Ok(Some(Ok(chunk))) => {
                if tx.send(chunk).await.is_err() {
                    break; // the writer stopped: its error says why
                }
            }
        }
    }
    drop(tx);
    let written = write.await.map_err(|e| {
        tracing::error!(error = %e, "upload writer failed");
        ApiError::internal()
    })?;
    match (written, failure) {
        (Err(e), _) => Err(upload_error(e)),
        (Ok(_), Some(f)) => Err(f),
        (Ok(n), None) => Ok(n),
    }
}

fn not_multipart() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        format!(
            "an ofac-sdn feed is sent as multipart/form-data with one part per file ({})",
            OFAC_FILES.join(", ")
        ),
    )
}

/// Receives an OFAC SDN upload: one part per file, named by its file name, into folder `dir`.
async fn receive_parts(
    state: &AppState,
    dir: &std::path::Path,
    request: Request,
) -> Result<u64, ApiError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type.starts_with("multipart/form-data") {
        return Err(not_multipart());
    }
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| ApiError::bad_request(e.body_text()))?;
    std::fs::create_dir_all(dir).map_err(|source| crate::Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut seen: Vec<String> = Vec::new();
    let mut total = 0u64;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::bad_request(format!("multipart body: {e}")))?
    {
        let name = field
            .file_name()
            .or(field.name())
            .unwrap_or_default()
            .to_string();
        if !OFAC_FILES.contains(&name.as_str()) {
            return Err(ApiError::bad_request(format!(
                "part '{name}' is not one of the OFAC SDN files ({})",
                OFAC_FILES.join(", ")
            )));
        }
        if seen.contains(&name) {
            return Err(ApiError::bad_request(format!("part '{name}' given twice")));
        }
        let remaining = state.config.max_feed_bytes.saturating_sub(total);
        let writer = UploadWriter::create(&dir.join(&name), Format::OfacSdn, remaining)?;
        total += stream_into(state, writer, field).await?;
        seen.push(name);
    }
    let missing: Vec<&str> = OFAC_FILES
        .iter()
        .filter(|f| !seen.iter().any(|s| s == *f))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::bad_request(format!(
            "the OFAC SDN upload lacks {}",
            missing.join(", ")
        )));
    }
    Ok(total)
}

/// An ingest job: status, progress, times, and once finished its report (a success) or its
/// bad entries (a rejected feed).
#[utoipa::path(
    get,
    path = "/v1/admin/jobs/{id}",
    tag = "jobs",
    operation_id = "get_ingest_job",
    params(("id" = String, Path, description = "The job's id", example = "ing_dad3d2732474c146f9a1b41d12f5d6e8")),
    responses(
        (status = 200, description = "The job", body = JobDto, examples(
            ("succeeded" = (value = json!(example!("ingest_job_done.json")))),
            ("rejected" = (value = json!(example!("ingest_job_rejected.json")))),
        )),
        (status = 404, description = "No such ingest job (or one of a source the key does not administer)", body = ErrorBody, example = json!(errors::no_job("ing_00000000000000000000000000000000"))),
    ),
)]
pub async fn job(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
    Path(id): Path<String>,
) -> Result<Json<JobDto>, ApiError> {
    let record = state.admin.store().get(&id)?;
    if record.kind != JobKind::Ingest || !sees_job(&caller, &record) {
        return Err(crate::Error::NoSuchJob(id).into());
    }
    Ok(Json(record.into()))
}

/// Recent ingest jobs of the sources the key administers, newest first.
#[utoipa::path(
    get,
    path = "/v1/admin/jobs",
    tag = "jobs",
    operation_id = "list_ingest_jobs",
    params(ListParams),
    responses(
        (status = 200, description = "The jobs", body = JobList, example = json!(example!("ingest_jobs.json"))),
        (status = 400, description = "A bad query parameter", body = ErrorBody, example = json!(errors::invalid("invalid limit: 0 is outside 1..=1000"))),
    ),
)]
pub async fn jobs(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Json<JobList>, ApiError> {
    let limit = query_count("limit", params.limit.as_deref(), 1..=1000, 50)? as usize;
    let jobs: Vec<JobDto> = state
        .admin
        .store()
        .list_of(JobKind::Ingest, usize::MAX)
        .into_iter()
        .filter(|j| sees_job(&caller, j))
        .take(limit)
        .map(JobDto::from)
        .collect();
    Ok(Json(JobList { jobs }))
}

/// Every source the key administers: records by kind, configuration, last success, last
/// failure, last refresh check, running job, next refresh; and (the local operator's key
/// only) the entries of the feed directory that are not a feed.
#[utoipa::path(
    get,
    path = "/v1/admin/feeds",
    tag = "feeds",
    operation_id = "feed_status",
    responses(
        (status = 200, description = "The sources", body = crate::admin::FeedsReport, example = json!(example!("feeds.json"))),
        (status = 503, description = "The index is not open yet, or every search slot is taken", body = ErrorBody, examples(
            ("not_ready" = (value = json!(errors::not_ready()))),
            ("overloaded" = (value = json!(errors::overloaded()))),
        )),
    ),
)]
pub async fn feeds(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
) -> Result<Response, ApiError> {
    let admin = state.admin.clone();
    let mut report = state.run(move |engine| admin.feeds(engine)).await?;
    // an organization's admin sees its own sources; the feed directory's problems are the
    // local operator's
    report.sources.retain(|f| caller.manages(&f.source));
    if !caller.is_global() {
        report.problems.clear();
    }
    Ok(Json(report).into_response())
}

/// Queue a full re-ingest of `source` from the feed directory.
#[utoipa::path(
    post,
    path = "/v1/admin/feeds/{source}/reload",
    tag = "feeds",
    operation_id = "reload_feed",
    params(("source" = String, Path, description = "The source organization's code", example = "AIMC"), ReloadParams),
    responses(
        (status = 202, description = "The job, queued", body = JobDto, example = json!(example!("ingest_job.json"))),
        (status = 400, description = "A bad source code or query parameter, or no feed configured for it", body = ErrorBody, examples(
            ("source" = (value = json!(errors::of(bad_source("bad"))))),
            ("not_configured" = (value = json!(errors::invalid("invalid source: no feed is configured for NOSUCH in index-data/feeds (configured: AFRIPOL, AIMC, AMERIPOL, ASEANAPOL, ECO, EUROPOL, FRONTEX, GCCPOL, INTERPOL)")))),
        )),
        (status = 403, description = "Another organization's source", body = ErrorBody, example = json!(errors::of(not_managed("FRA-NCB", "AIMC")))),
        (status = 409, description = "An ingest of the source is already queued or running", body = ErrorBody, example = json!(errors::engine(crate::Error::IngestRunning { source_code: "INTERPOL".into(), job_id: "ing_8c5387026ff5e2d64aed545b402552c7".into() }))),
        (status = 503, description = "The index is not open yet", body = ErrorBody, example = json!(errors::not_ready())),
    ),
)]
pub async fn reload(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
    Path(source): Path<String>,
    ApiQuery(params): ApiQuery<ReloadParams>,
) -> Result<Response, ApiError> {
    check_source(&source)?;
    check_manages(&caller, &source)?;
    let engine = state.engine()?;
    let admin = state.admin.clone();
    let force = params.force.unwrap_or(false);
    let src = source.clone();
    let record = super::blocking(move || Ok(admin.reload(engine, &src, force)?)).await?;
    Ok(accepted(record))
}

/// Queue a full re-ingest of every source configured in the feed directory (the local
/// operator's key only).
#[utoipa::path(
    post,
    path = "/v1/admin/reload",
    tag = "feeds",
    operation_id = "reload_all_feeds",
    params(ReloadParams),
    responses(
        (status = 202, description = "The jobs queued, and the sources skipped (an ingest already pending)", body = ReloadAllResponse, example = json!(example!("reload_all.json"))),
        (status = 400, description = "A bad query parameter", body = ErrorBody, example = json!(errors::invalid("Failed to deserialize query string: force: provided string was not `true` or `false`"))),
        (status = 403, description = "Not the local operator's key", body = ErrorBody, example = json!(errors::of(not_local("FRA-NCB")))),
        (status = 503, description = "The index is not open yet", body = ErrorBody, example = json!(errors::not_ready())),
    ),
)]
pub async fn reload_all(
    State(state): State<AppState>,
    Extension(caller): Extension<Identity>,
    ApiQuery(params): ApiQuery<ReloadParams>,
) -> Result<Response, ApiError> {
    if !caller.is_global() {
        return Err(not_local(&caller.agency));
    }
    let engine = state.engine()?;
    let admin = state.admin.clone();
    let force = params.force.unwrap_or(false);
    let out = super::blocking(move || Ok(admin.reload_all(engine, force)?)).await?;
    let note = Note::json(json!({
        "jobs": out.queued.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
    }));
    let body = ReloadAllResponse {
        queued: out.queued.into_iter().map(JobDto::from).collect(),
        skipped: out.skipped,
    };
    Ok(note.attach((StatusCode::ACCEPTED, Json(body)).into_response()))
}

fn not_local(agency: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        format!(
            "reloading every source is the local operator's; reload {agency} with \
             POST /v1/admin/feeds/{agency}/reload"
        ),
    )
}
