//! The traveller check: one traveller against persons and documents in one call, with an
//! overall alert and the action of the strongest alerting hit.
//!
//! Flow: the name (surname first, and any extra readings such as an MRZ name with Doc 9303
//! transliterations undone) goes to person search with the date of birth, nationality and
//! gender as evidence; the presented document goes to the document check with the traveller
//! as its presenter, so a listed document or a person's own document found by its number says
//! whether the traveller is its recorded holder. Manifest screening is this same function in a
//! loop ([`super::batch`]), so a manifest gives exactly what checking each traveller would.

use super::traveller::Traveller;
use crate::matching::holder::HolderCheck;
use crate::model::Kind;
use crate::search::{DocumentHit, DocumentQuery, Engine, PersonHit, PersonQuery, PresentedBy};
use crate::Result;
use serde::Serialize;

/// Person hits returned per traveller by default.
pub const DEFAULT_TRAVELLER_LIMIT: usize = 5;
/// Document hits returned per traveller.
pub const TRAVELLER_DOCUMENT_LIMIT: usize = 5;
/// Person hits scoring below this are not returned for a traveller: a screening wants the
/// plausible matches, not the whole ranked neighbourhood of a name.
pub const TRAVELLER_MIN_SCORE: f32 = 0.6;

/// The action when an alerting person record gives none.
pub const DEFAULT_PERSON_ACTION: &str =
    "verify the traveller's identity and contact the record's owner before letting them pass";

/// How to check travellers.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Person hits per traveller, 1..=[`crate::search::MAX_LIMIT`].
    pub limit: usize,
    /// The calling agency; `None` sees only records shared with everyone.
    pub agency: Option<String>,
    /// Build the person hits' explanations (default true). Screening reports leave them out
    /// (see [`crate::search::PersonQuery::skip_explanations`]); scores and hits are the same.
    pub explain: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            limit: DEFAULT_TRAVELLER_LIMIT,
            agency: None,
            explain: true,
        }
    }
}

impl CheckOptions {
    /// The options of a manifest screening for `agency`: no explanations.
    pub fn screening(agency: Option<String>) -> Self {
        CheckOptions {
            agency,
            explain: false,
            ..Default::default()
        }
    }
}

/// Which hit set off the alert.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct AlertingHit {
    /// `person` (a person hit) or `document` (a document hit, of a listed document or of a
    /// person's own document).
    pub hit: &'static str,
    pub source: String,
    pub id: String,
    pub score: f32,
}

/// The outcome of checking one traveller.
#[derive(Debug, Clone, Serialize)]
pub struct TravellerResult {
    pub person_hits: Vec<PersonHit>,
    pub document_hits: Vec<DocumentHit>,
    /// True when any hit alerts.
    pub alert: bool,
    /// What the officer must do: the action of the strongest alerting hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strongest: Option<AlertingHit>,
}

/// The action for an alerting document hit: a person's own document carries the person's
/// action; a listed document one that follows from its status and from whether the traveller
/// is its recorded holder.
pub fn document_action(hit: &DocumentHit) -> String {
    if hit.kind == Kind::Person {
        return hit.record["action"]
            .as_str()
            .map_or_else(|| DEFAULT_PERSON_ACTION.to_string(), str::to_string);
    }
    let status = hit.record["status"].as_str().unwrap_or_default();
    let base = match status {
        "stolen" | "stolen_blank" => {
            "seize the document (reported stolen) and establish the traveller's identity"
        }
        "lost" => "withhold the document (reported lost) and establish the traveller's identity",
        "revoked" | "invalidated" => {
            "refuse the document (no longer valid) and establish the traveller's identity"
        }
        _ => "withhold the document and contact the record's owner",
    };
    match &hit.holder_check {
        Some(HolderCheck {
            other_person: true, ..
        }) => format!("{base}; it is presented by someone other than its recorded holder"),
        _ => base.to_string(),
    }
}

/// Checks one traveller (see the module doc).
pub fn check_traveller(
    engine: &Engine,
    t: &Traveller,
    opts: &CheckOptions,
) -> Result<TravellerResult> {
    let name = t.name();
    let mut readings = vec![name.clone()];
    for r in &t.name_readings {
        if !readings.contains(r) {
            readings.push(r.clone());
        }
    }
    let mut person_hits: Vec<PersonHit> = Vec::new();
    for reading in readings {
        let q = PersonQuery {
            name: reading,
            date_of_birth: t.date_of_birth.map(|d| d.to_string()),
            nationality: t.nationality.clone(),
            gender: t.gender.map(|g| g.as_char().to_string()),
            limit: Some(opts.limit),
            min_score: Some(TRAVELLER_MIN_SCORE),
            agency: opts.agency.clone(),
            skip_explanations: !opts.explain,
        };
        for hit in engine.search_persons(&q)?.hits {
            match person_hits
                .iter_mut()
                .find(|h| h.source == hit.source && h.id == hit.id)
            {
                Some(old) if old.score >= hit.score => {}
                Some(old) => *old = hit,
                None => person_hits.push(hit),
            }
        }
    }
    person_hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then((&a.source, &a.id).cmp(&(&b.source, &b.id)))
    });
    person_hits.truncate(opts.limit);

    let document_hits = match &t.document {
        Some(d) => {
            let q = DocumentQuery {
                number: d.number.clone(),
                issuing_country: d.issuing_country.clone(),
                document_type: d.document_type.map(|t| t.as_str().to_string()),
                limit: Some(TRAVELLER_DOCUMENT_LIMIT),
                agency: opts.agency.clone(),
                presented_by: Some(PresentedBy {
                    name,
                    date_of_birth: t.date_of_birth,
                }),
            };
            engine.check_document(&q)?.hits
        }
        None => Vec::new(),
    };

    // every alerting hit as (hit kind, source, id, score, action)
    let mut alerts: Vec<(&'static str, &String, &String, f32, String)> = Vec::new();
    for h in person_hits.iter().filter(|h| h.alert) {
        let action = h.record["action"]
            .as_str()
            .map_or_else(|| DEFAULT_PERSON_ACTION.to_string(), str::to_string);
        alerts.push(("person", &h.source, &h.id, h.score, action));
    }
    for h in document_hits.iter().filter(|h| h.alert) {
        alerts.push(("document", &h.source, &h.id, h.score, document_action(h)));
    }
    // the strongest alert; on a tie a document hit (a number is harder evidence than a name)
    let mut best: Option<&(&'static str, &String, &String, f32, String)> = None;
    for a in &alerts {
        let better = match best {
            None => true,
            Some(b) => a.3 > b.3 || (a.3 == b.3 && a.0 == "document" && b.0 != "document"),
        };
        if better {
            best = Some(a);
        }
    }
    let (strongest, action) = match best {
        Some((hit, source, id, score, action)) => (
            Some(AlertingHit {
                hit,
                source: (*source).clone(),
                id: (*id).clone(),
                score: *score,
            }),
            Some(action.clone()),
        ),
        None => (None, None),
    };
    Ok(TravellerResult {
        alert: strongest.is_some(),
        person_hits,
        document_hits,
        action,
        strongest,
    })
}
