//! Schemas of the engine's types that serialize by hand ([`PartialDate`], [`Date`]: strings),
//! so the engine files stay free of OpenAPI code.

use crate::model::{Date, PartialDate};
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
