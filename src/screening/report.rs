//! The screening report: one compact line per traveller (who it was, its hits, alert and
//! action, or why it was rejected), the same for the API, the jobs' stored results and
//! `frontline screen --out`. Hits carry what a screener triages by (score, alert, the matched
//! name, category, action, document status, holder check); the full explanation of a hit is
//! one traveller check or record lookup away.

use super::batch::{Screened, Summary};
use super::manifest::{Position, Rejection};
use super::traveller::Traveller;
use crate::matching::holder::HolderCheck;
use crate::model::Kind;
use crate::search::{DocumentHit, PersonHit};
use serde::Serialize;

/// A person hit in a report.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct ReportPersonHit {
    pub source: String,
    pub id: String,
    pub score: f32,
    pub alert: bool,
    /// The record name that matched best.
    pub name: String,
    #[schema(value_type = Option<String>)]
    pub date_of_birth: serde_json::Value,
    #[schema(value_type = Option<String>)]
    pub category: serde_json::Value,
    #[schema(value_type = Option<String>)]
    pub action: serde_json::Value,
}

impl From<&PersonHit> for ReportPersonHit {
    fn from(h: &PersonHit) -> Self {
        ReportPersonHit {
            source: h.source.clone(),
            id: h.id.clone(),
            score: h.score,
            alert: h.alert,
            name: h.name.clone(),
            date_of_birth: h.record["date_of_birth"].clone(),
            category: h.record["category"].clone(),
            action: h.record["action"].clone(),
        }
    }
}

/// A document hit in a report.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct ReportDocumentHit {
    pub source: String,
    pub id: String,
    /// `document` (a listed document) or `person` (a person's own document).
    pub kind: Kind,
    pub score: f32,
    pub alert: bool,
    pub number: String,
    /// A listed document's status (`stolen`, `lost` ...); null for a person's document.
    #[schema(value_type = Option<crate::model::DocStatus>)]
    pub status: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder_check: Option<HolderCheck>,
}

impl From<&DocumentHit> for ReportDocumentHit {
    fn from(h: &DocumentHit) -> Self {
        ReportDocumentHit {
            source: h.source.clone(),
            id: h.id.clone(),
            kind: h.kind,
            score: h.score,
            alert: h.alert,
            number: h.document.number.clone(),
            status: h.record["status"].clone(),
            holder_check: h.holder_check.clone(),
        }
    }
}

/// One traveller's line of a report.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct ReportLine {
    /// 0-based position among the manifest's travellers.
    pub n: usize,
    /// Where it stands in the input (`line`, `index` or `segment` + `tag`).
    pub position: Position,
    /// The carrier's reference, echoed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traveller: Option<Traveller>,
    pub alert: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    pub person_hits: Vec<ReportPersonHit>,
    pub document_hits: Vec<ReportDocumentHit>,
    /// Why the traveller could not be checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<Rejection>,
}

impl From<&Screened> for ReportLine {
    fn from(s: &Screened) -> Self {
        let (alert, action, person_hits, document_hits, rejected) = match &s.outcome {
            Ok(r) => (
                r.alert,
                r.action.clone(),
                r.person_hits.iter().map(Into::into).collect(),
                r.document_hits.iter().map(Into::into).collect(),
                None,
            ),
            Err(e) => (false, None, Vec::new(), Vec::new(), Some(e.clone())),
        };
        ReportLine {
            n: s.n,
            position: s.position.clone(),
            id: s
                .traveller
                .as_ref()
                .and_then(|t| t.id.clone())
                .or_else(|| s.outcome.as_ref().err().and_then(|r| r.id.clone())),
            traveller: s.traveller.clone(),
            alert,
            action,
            person_hits,
            document_hits,
            rejected,
        }
    }
}

/// The columns of a CSV report.
pub const CSV_COLUMNS: &[&str] = &[
    "n",
    "position",
    "id",
    "surname",
    "given_names",
    "date_of_birth",
    "document_number",
    "alert",
    "action",
    "best_person_hit",
    "best_person_score",
    "best_document_hit",
    "best_document_score",
    "rejected",
];

impl ReportLine {
    /// The line as CSV cells, in [`CSV_COLUMNS`] order.
    pub fn csv_cells(&self) -> Vec<String> {
        let t = self.traveller.as_ref();
        let hit = |source: &str, id: &str| format!("{source}/{id}");
        let p = self.person_hits.first();
        let d = self.document_hits.first();
        vec![
            self.n.to_string(),
            self.position.to_string(),
            self.id.clone().unwrap_or_default(),
            t.map(|t| t.surname.clone()).unwrap_or_default(),
            t.map(|t| t.given_names.clone()).unwrap_or_default(),
            t.and_then(|t| t.date_of_birth)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            t.and_then(|t| t.document.as_ref())
                .map(|d| d.number.clone())
                .unwrap_or_default(),
            self.alert.to_string(),
            self.action.clone().unwrap_or_default(),
            p.map(|h| hit(&h.source, &h.id)).unwrap_or_default(),
            p.map(|h| format!("{:.3}", h.score)).unwrap_or_default(),
            d.map(|h| hit(&h.source, &h.id)).unwrap_or_default(),
            d.map(|h| format!("{:.3}", h.score)).unwrap_or_default(),
            self.rejected
                .as_ref()
                .map(|r| format!("{}: {}", r.field, r.message))
                .unwrap_or_default(),
        ]
    }
}

/// A screening's totals and timing.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct ReportSummary {
    pub travellers: usize,
    pub alerts: usize,
    pub rejected: usize,
    pub took_ms: f64,
}

impl ReportSummary {
    pub fn new(s: Summary, took_ms: f64) -> Self {
        ReportSummary {
            travellers: s.travellers,
            alerts: s.alerts,
            rejected: s.rejected,
            took_ms,
        }
    }
}
