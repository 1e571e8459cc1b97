//! Schemas of the engine's types that serialize by hand ([`PartialDate`], [`Date`]: strings)
//! or are made by a macro ([`DocType`], [`DocStatus`]: their spellings are `ALL`), so the
//! engine files stay free of OpenAPI code.

use crate::model::{Date, DocStatus, DocType, PartialDate};
use serde_json::json;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;

impl utoipa::PartialSchema for PartialDate {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "A date as far as it is known: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.",
            ))
            .pattern(Some(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))
            .examples([json!("1975-08-17"), json!("1975")])
            .into()
    }
}

impl utoipa::ToSchema for PartialDate {}

impl utoipa::PartialSchema for Date {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("A calendar date, `YYYY-MM-DD`."))
            .pattern(Some(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
            .examples([json!("2011-09-26")])
            .into()
    }
}

impl utoipa::ToSchema for Date {}

/// A string enum of `values`.
fn spellings(description: &str, values: &[&str]) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values.iter().copied()))
        .into()
}

impl utoipa::PartialSchema for DocType {
    fn schema() -> RefOr<Schema> {
        spellings("Travel document type.", DocType::ALL)
    }
}

impl utoipa::ToSchema for DocType {}

impl utoipa::PartialSchema for DocStatus {
    fn schema() -> RefOr<Schema> {
        spellings("Why a travel document is listed.", DocStatus::ALL)
    }
}

impl utoipa::ToSchema for DocStatus {}
