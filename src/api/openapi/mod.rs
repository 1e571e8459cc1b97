//! The OpenAPI 3.1 document of the REST API (`GET /openapi.json`) and its reference page
//! (`GET /docs`, Swagger UI built into the binary: the page loads nothing from elsewhere).
//!
//! The document is generated from the code that serves the routes, so the two cannot drift:
//! - each handler carries a `#[utoipa::path]` (method, path, parameters, request body,
//!   its own answers, with examples) and [`super::router`] registers every route through
//!   `utoipa_axum`'s `routes!`, which takes the method and path from that attribute: a route
//!   exists only as its documented operation;
//! - what the layers in front of a group of routes answer (a missing key, a missing role, a
//!   rate limit, a time limit, a body limit, an audit log that cannot be written) is added to
//!   the group's operations by the function that adds the layer ([`access`], [`timed`],
//!   [`body_limit`], [`finish`]), with the security requirement (bearer API key, and the role
//!   as its scope);
//! - response examples are answers of the service on the sample data (`index-data/`), kept in
//!   `examples/`; error examples are made by the constructors the handlers answer with
//!   ([`errors`]).
//!
//! `tests/openapi.rs` checks that every documented operation is served, that nothing else is,
//! and that every example validates against its schema.

pub mod errors;
pub mod reference;
mod schemas;

pub use errors::ErrorBody;
pub use reference::Document;

use crate::auth::Role;
use serde_json::Value;
use std::time::Duration;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Required, ResponseBuilder};
use utoipa::Modify;

/// An answer of the service on the sample data, from `src/api/openapi/examples/NAME`.
macro_rules! example {
    ($name:literal) => {
        serde_json::from_str::<serde_json::Value>(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/api/openapi/examples/",
            $name
        )))
        .expect(concat!($name, " is JSON"))
    };
}
pub(crate) use example;

/// The name of the bearer security scheme.
pub const BEARER: &str = "bearer";

/// What the document says before any route is added.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Frontline",
        description = "Fuzzy person and travel-document search for frontline identity checks.\n\n\
Every `/v1` route needs an API key, `Authorization: Bearer <key>`. The key says which agency \
is asking (whose sharing rules apply) and which roles it holds: `officer` (persons, documents, \
travellers, records), `screener` (manifests and screening jobs), `admin` (feeds, ingest jobs, \
keys). Each operation names the role it needs as the scope of its `bearer` requirement. \
`/healthz`, `/readyz` (unless the service runs with `--readyz-needs-key`), this document and \
the reference page are open.\n\n\
Every error is `{\"error\": {\"code\", \"message\"}}` (see the `ErrorCode` schema for the codes); \
429 and 503 answers carry `Retry-After`. Every `/v1` request is written to the audit log before \
it is answered, and its answer names the line in `X-Request-Id`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    tags(
        (name = "health", description = "Liveness and readiness, for load balancers"),
        (name = "persons", description = "Person search (officer)"),
        (name = "documents", description = "Travel-document checks (officer)"),
        (name = "records", description = "Stored records (officer)"),
        (name = "travellers", description = "One traveller at the passport desk, from an MRZ or typed fields (officer)"),
        (name = "manifests", description = "Passenger manifests screened at once (screener)"),
        (name = "screenings", description = "Manifest screening jobs (screener)"),
        (name = "feeds", description = "Feed administration: uploads, reloads, status (admin)"),
        (name = "jobs", description = "Ingest jobs (admin)"),
        (name = "keys", description = "API keys (admin)"),
        (name = "reference", description = "This document and its reference page"),
    ),
    components(schemas(errors::ErrorBody, errors::ErrorCode)),
    modifiers(&BearerScheme),
)]
pub struct ApiDoc;

/// Adds the `bearer` security scheme.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, api: &mut OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("fl_<key id>_<secret>")
            .description(Some(
                "An API key (`frontline keys create`, or `POST /v1/admin/keys`); the first start \
                 of `serve` writes one with every role to `<data dir>/local-admin.key`.",
            ))
            .build();
        api.components
            .get_or_insert_with(Default::default)
            .add_security_scheme(BEARER, SecurityScheme::Http(scheme));
    }
}

/// Who may call a group of routes, as the layer in front of it decides ([`super::auth`]).
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// No key.
    Public,
    /// Any valid key, whatever its roles.
    AnyKey,
    /// A valid key holding the role.
    Role(Role),
}

/// Calls `f` with every operation of `api` and its path.
fn each_operation(api: &mut OpenApi, mut f: impl FnMut(&str, &mut Operation)) {
    for (path, item) in api.paths.paths.iter_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            f(path, op);
        }
    }
}

/// Adds to `op`'s `status` answer (created if the handler does not document it) the error
/// example `body`, named `name`; `description` is appended to the answer's.
pub fn add_error(op: &mut Operation, status: u16, description: &str, name: &str, body: Value) {
    let key = status.to_string();
    let response = op
        .responses
        .responses
        .entry(key)
        .or_insert_with(|| ResponseBuilder::new().description(description).into());
    let RefOr::T(response) = response else {
        unreachable!("operations' answers are written inline")
    };
    if !response.description.contains(description) {
        response.description = format!("{}; {description}", response.description);
    }
    let content = response
        .content
        .entry("application/json".into())
        .or_insert_with(|| {
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .into()
        });
    let RefOr::T(content) = content else {
        unreachable!("contents are written inline")
    };
    // `example` and `examples` exclude each other: keep them all as `examples`
    if let Some(single) = content.example.take() {
        content.examples.insert(
            "example".into(),
            ExampleBuilder::new().value(Some(single)).into(),
        );
    }
    content
        .examples
        .insert(name.into(), ExampleBuilder::new().value(Some(body)).into());
    if status == 429 || status == 503 {
        response
            .headers
            .entry("Retry-After".into())
            .or_insert_with(|| {
                HeaderBuilder::new()
                    .schema(Some(ObjectBuilder::new().schema_type(Type::Integer)))
                    .description(Some("Seconds to wait before retrying"))
                    .build()
                    .into()
            });
    }
}

/// Documents the access rule of a group of routes on each of its operations: the security
/// requirement (the role as its scope; none for a public route) and what the auth layer
/// answers.
pub fn access(api: &mut OpenApi, access: Access) {
    each_operation(api, |_, op| {
        let requirement = match access {
            Access::Public => SecurityRequirement::default(),
            Access::AnyKey => SecurityRequirement::new::<_, [&str; 0], &str>(BEARER, []),
            Access::Role(role) => SecurityRequirement::new(BEARER, [role.as_str()]),
        };
        op.security = Some(vec![requirement]);
        if matches!(access, Access::Public) {
            return;
        }
        let no_key = "no API key, or a malformed, unknown or revoked one";
        add_error(op, 401, no_key, "no_key", errors::no_key());
        add_error(op, 401, no_key, "bad_key", errors::bad_key());
        let twice = super::auth::repeated_header("authorization");
        add_error(
            op,
            400,
            "a header given twice",
            "repeated_header",
            errors::of(twice),
        );
        if let Access::Role(role) = access {
            let missing = errors::missing_role(role);
            add_error(op, 403, "the key lacks the role", "missing_role", missing);
            let limited = errors::of(super::limits::rate_limited(1));
            add_error(
                op,
                429,
                "over the key's rate limit",
                "rate_limited",
                limited,
            );
        }
    });
}

/// Documents the `X-Agency` header on every operation of a group whose handlers take the
/// calling agency ([`super::extract::Agency`]).
pub fn agency_header(api: &mut OpenApi) {
    each_operation(api, |_, op| {
        let header = ParameterBuilder::new()
            .name("X-Agency")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "May only repeat the key's agency (another is a 403): a check that the key is \
                 the one meant.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^[A-Z0-9_-]{2,32}$")),
            ))
            .example(Some(serde_json::json!("LOCAL")))
            .build();
        op.parameters
            .get_or_insert_with(Vec::new)
            .push(header.into());
        let other = errors::of(super::extract::other_agency("LOCAL"));
        add_error(
            op,
            403,
            "X-Agency names another agency",
            "other_agency",
            other,
        );
        let bad = errors::of(super::extract::bad_agency());
        add_error(op, 400, "a malformed X-Agency", "bad_agency", bad);
    });
}

/// Documents the time limit in front of a group of routes.
pub fn timed(api: &mut OpenApi, limit: Duration) {
    let description = format!("the request took longer than {} s", limit.as_secs_f64());
    each_operation(api, |_, op| {
        let body = errors::of(super::timed_out());
        add_error(op, 408, &description, "timeout", body);
    });
}

/// Documents the body limit of `bytes` on the operations of `api` that take a body.
pub fn body_limit(api: &mut OpenApi, bytes: usize) {
    let description = format!("a body over {bytes} bytes");
    each_operation(api, |_, op| {
        if op.request_body.is_some() {
            let body = errors::of(super::extract::too_large(
                "Failed to buffer the request body: length limit exceeded",
            ));
            add_error(op, 413, &description, "payload_too_large", body);
        }
    });
}

/// Documents what the outermost layers answer on every route (the per-IP rate limit, the
/// `X-Request-Id` and `X-Index-Version` headers; on `/v1` the audit log), and returns the
/// finished document.
pub fn finish(mut api: OpenApi) -> OpenApi {
    each_operation(&mut api, |path, op| {
        let limited = errors::of(super::limits::rate_limited(1));
        add_error(
            op,
            429,
            "over the client IP's rate limit",
            "rate_limited",
            limited,
        );
        if path.starts_with("/v1/") {
            let audit = errors::of(super::error::ApiError::audit_unavailable());
            add_error(
                op,
                503,
                "the audit log cannot be written",
                "audit_unavailable",
                audit,
            );
        }
        for response in op.responses.responses.values_mut() {
            if let RefOr::T(r) = response {
                r.headers
                    .insert("X-Request-Id".into(), string_header(REQUEST_ID_HEADER));
                r.headers.insert(
                    "X-Index-Version".into(),
                    string_header(INDEX_VERSION_HEADER),
                );
            }
        }
    });
    api
}

/// What `X-Request-Id` says.
const REQUEST_ID_HEADER: &str = "The request's id: the request's own `X-Request-Id` when it \
    is 1 to 64 letters, digits and `-_.:`, else a new one (16 hex digits). On `/v1` its audit \
    line records it.";

/// What `X-Index-Version` says.
const INDEX_VERSION_HEADER: &str = "The index commit that answered (the one serving queries, \
    for an answer that did not search): its generation and each organization's feed \
    checksum (12 hex digits), `GENERATION; SOURCE=CHECKSUM ...`. Absent before the index is \
    open.";

/// A response header of type string described by `description`.
fn string_header(description: &str) -> RefOr<utoipa::openapi::header::Header> {
    HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .description(Some(description))
        .build()
        .into()
}
