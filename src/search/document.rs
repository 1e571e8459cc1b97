//! Document check: exact, OCR-canonical and one-deletion lookups of the number, then
//! rescoring with the issuing country respected when given.

use super::{check_country, check_limit, term_query as boosted, Engine, DOCUMENT_CANDIDATE_CAP};
use crate::matching::document::{score_document, DocumentExplanation};
use crate::matching::DOCUMENT_ALERT_THRESHOLD;
use crate::model::{Date, DocType};
use crate::normalize::{deletions, docnum};
use crate::{Error, Result};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::TantivyDocument;

/// A document check request (engine form).
#[derive(Debug, Clone, Default)]
pub struct DocumentQuery {
    pub number: String,
    /// ISO 3166-1 alpha-3; when given, documents of other countries are not returned.
    pub issuing_country: Option<String>,
    /// When given, a different type lowers the score.
    pub document_type: Option<String>,
    pub limit: Option<usize>,
    /// The calling agency; `None` sees only records shared with everyone.
    pub agency: Option<String>,
}

/// One document hit.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentHit {
    pub source: String,
    pub id: String,
    pub score: f32,
    pub alert: bool,
    pub record: serde_json::Value,
    pub explanation: DocumentExplanation,
}

/// Ranked document hits.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentResults {
    pub hits: Vec<DocumentHit>,
    pub candidates: usize,
}

impl Engine {
    /// Checks a travel-document number against the listed documents.
    pub fn check_document(&self, q: &DocumentQuery) -> Result<DocumentResults> {
        let number = docnum::normalize(&q.number);
        if number.is_empty() {
            return Err(Error::invalid("number", "must contain letters or digits"));
        }
        if number.len() > docnum::MAX_DOC_NUMBER_LEN
            || q.number.len() > 4 * docnum::MAX_DOC_NUMBER_LEN
        {
            return Err(Error::invalid(
                "number",
                format!("longer than {} characters", docnum::MAX_DOC_NUMBER_LEN),
            ));
        }
        check_country("issuing_country", q.issuing_country.as_deref())?;
        let doc_type = q
            .document_type
            .as_deref()
            .map(|t| {
                DocType::parse(t).ok_or_else(|| {
                    Error::invalid(
                        "document_type",
                        format!("'{t}' is not one of {:?}", DocType::ALL),
                    )
                })
            })
            .transpose()?;
        let limit = check_limit(q.limit)?;

        let canonical = docnum::ocr_canonical(&number);
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, boosted(f.doc_number, &number, 4.0)),
            (Occur::Should, boosted(f.doc_canonical, &canonical, 2.0)),
            (Occur::Should, boosted(f.doc_deletion, &canonical, 1.0)),
        ];
        for d in deletions(&canonical) {
            clauses.push((Occur::Should, boosted(f.doc_canonical, &d, 1.0)));
            clauses.push((Occur::Should, boosted(f.doc_deletion, &d, 0.5)));
        }
        let searcher = self.reader.searcher();
        let candidates = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(DOCUMENT_CANDIDATE_CAP).order_by_score(),
        )?;
        let today = Date::today();
        let mut scored = Vec::new();
        for (_, addr) in &candidates {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let facts = self.facts(&doc)?;
            if !facts.visible(q.agency.as_deref(), today) {
                continue;
            }
            let Some(d) = &facts.document else { continue };
            let country_agrees = q.issuing_country.as_deref().map(|c| c == d.issuing_country);
            if country_agrees == Some(false) {
                continue;
            }
            let type_agrees = doc_type.map(|t| t == d.document_type);
            if let Some(e) = score_document(&number, d.number, country_agrees, type_agrees) {
                let (source, id) = (facts.source.to_string(), facts.id.to_string());
                scored.push((e, doc, source, id));
            }
        }
        scored.sort_by(|a, b| {
            b.0.score
                .total_cmp(&a.0.score)
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        scored.truncate(limit);
        let hits = scored
            .into_iter()
            .map(|(explanation, doc, source, id)| {
                Ok(DocumentHit {
                    source,
                    id,
                    score: explanation.score,
                    alert: explanation.score >= DOCUMENT_ALERT_THRESHOLD,
                    record: self.record_json(&doc)?,
                    explanation,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(DocumentResults {
            hits,
            candidates: candidates.len(),
        })
    }
}
