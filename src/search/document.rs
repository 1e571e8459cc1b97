//! Document check: exact, OCR-canonical and one-edit lookups of the number, then
//! rescoring with the issuing country respected when given.
//!
//! Two kinds of records hold numbers: listed (stolen, lost, revoked ...) documents, and persons
//! of interest whose records list their own passports and ID cards. Both are found the same
//! way; a hit says which ([`DocumentHit::kind`]). When the query names the traveller who
//! presents the document, each hit whose record names a holder says whether they agree
//! ([`crate::matching::holder`]).

use super::near::one_edit_numbers;
use super::visibility::Visibility;
use super::{check_country, check_limit, Engine, DEFAULT_LIMIT, DOCUMENT_CANDIDATE_CAP};
use crate::index::FactsView;
use crate::matching::document::{score_document, DocumentExplanation, MIN_ONE_EDIT_LEN};
use crate::matching::holder::{compare_holder, HolderCheck};
use crate::matching::name::{NameMatcher, NameProfile};
use crate::matching::DOCUMENT_ALERT_THRESHOLD;
use crate::model::{Date, DocType, Kind, PartialDate};
use crate::normalize::docnum;
use crate::{Error, Result};
use serde::Serialize;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

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
    /// Who presents the document, when known: each hit whose record names a holder is
    /// compared with them.
    pub presented_by: Option<PresentedBy>,
}

/// The traveller presenting a document (engine form).
#[derive(Debug, Clone, Default)]
pub struct PresentedBy {
    /// Any script, any order; empty when unknown.
    pub name: String,
    pub date_of_birth: Option<PartialDate>,
}

/// The document a hit matched: the listed document itself, or the one of a person's
/// documents whose number matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedDocument {
    /// Normalised number.
    pub number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuing_country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocType>,
}

/// One document hit.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentHit {
    pub source: String,
    pub id: String,
    /// `document`: a listed stolen/lost/invalid document; `person`: a document listed in a
    /// person-of-interest record.
    pub kind: Kind,
    pub score: f32,
    pub alert: bool,
    pub document: MatchedDocument,
    pub record: serde_json::Value,
    pub explanation: DocumentExplanation,
    /// Whether the presenting traveller agrees with the holder the record names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder_check: Option<HolderCheck>,
}

/// Ranked document hits.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentResults {
    pub hits: Vec<DocumentHit>,
    pub candidates: usize,
    /// The index commit that answered.
    pub index: std::sync::Arc<crate::index::IndexVersion>,
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
        let limit = check_limit(q.limit, DEFAULT_LIMIT)?;

        let canonical = docnum::ocr_canonical(&number);
        let f = &self.fields;
        let searcher = self.reader.searcher();
        // the canonical-equal numbers (exact or OCR-confused) first, then those one edit away
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Should, boosted(f.doc_canonical, &canonical, 2.0))];
        // numbers one edit away; shorter ones are matched exactly only
        if canonical.len() >= MIN_ONE_EDIT_LEN {
            for near in one_edit_numbers(&searcher, f.doc_canonical, f.doc_reversed, &canonical)? {
                clauses.push((Occur::Should, boosted(f.doc_canonical, &near, 1.0)));
            }
        }
        // only the records the agency may see compete for the candidate places
        let visible = Visibility::of(
            &self.fields,
            q.agency.as_deref(),
            &self.visible_sets,
            &searcher,
        )?;
        let candidates = searcher.search(
            &BooleanQuery::new(clauses),
            &visible.top_docs(DOCUMENT_CANDIDATE_CAP),
        )?;
        let today = Date::today();
        // the presenting traveller's name, prepared once for every holder check
        let presented_name = q
            .presented_by
            .as_ref()
            .map(|p| NameProfile::new(&p.name))
            .filter(|n| !n.tokens.is_empty());
        let mut presented_matcher = presented_name.as_ref().map(NameMatcher::new);
        let presented_dob = q.presented_by.as_ref().and_then(|p| p.date_of_birth);
        let mut scored = Vec::new();
        for (_, addr) in &candidates {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let facts = self.facts(&doc)?;
            // the candidates are visible ones; this drops the expired
            if !facts.visible(q.agency.as_deref(), today) {
                continue;
            }
            let country = q.issuing_country.as_deref();
            let Some((mut explanation, document)) =
                best_document(&facts, &number, country, doc_type)
            else {
                continue;
            };
            // the holder check of every scored candidate (few: those within one edit), before
            // ranking, since it moves the score of a number that is not read exactly
            let holder_check = match &q.presented_by {
                Some(_) => self.holder_check(
                    &doc,
                    &facts,
                    presented_matcher.as_mut(),
                    presented_dob.as_ref(),
                )?,
                None => None,
            };
            if let Some(h) = &holder_check {
                explanation.apply_holder(h);
            }
            let (source, id) = (facts.source.to_string(), facts.id.to_string());
            scored.push((
                explanation,
                document,
                facts.kind,
                doc,
                source,
                id,
                holder_check,
            ));
        }
        scored.sort_by(|a, b| {
            b.0.score
                .total_cmp(&a.0.score)
                .then(a.4.cmp(&b.4))
                .then(a.5.cmp(&b.5))
        });
        scored.truncate(limit);
        let hits = scored
            .into_iter()
            .map(
                |(mut explanation, document, kind, doc, source, id, holder_check)| {
                    explanation.put_in_words(holder_check.as_ref());
                    Ok(DocumentHit {
                        source,
                        id,
                        kind,
                        score: explanation.score,
                        alert: explanation.score >= DOCUMENT_ALERT_THRESHOLD,
                        document,
                        record: self.record_json(&doc)?,
                        explanation,
                        holder_check,
                    })
                },
            )
            .collect::<Result<Vec<_>>>()?;
        crate::metrics::check("document", hits.iter().any(|h| h.alert));
        Ok(DocumentResults {
            hits,
            candidates: candidates.len(),
            index: self.version_of(&searcher)?,
        })
    }
}

/// A candidate clause that scores its boost alone: document candidates are ranked by how
/// their number relates to the query's (canonical-equal, or one edit away), not by BM25,
/// whose document frequencies would count records the caller may not see.
fn boosted(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let q = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic);
    Box::new(ConstScoreQuery::new(Box::new(q), boost))
}

/// The best-scoring document of a candidate: the listed document itself, or the best of a
/// person's documents. A given issuing country excludes documents of other countries (a
/// person's document without a country is kept).
fn best_document(
    facts: &FactsView,
    number: &str,
    country: Option<&str>,
    doc_type: Option<DocType>,
) -> Option<(DocumentExplanation, MatchedDocument)> {
    let listed = facts
        .document
        .iter()
        .map(|d| (d.number, Some(d.issuing_country), Some(d.document_type)));
    let held = facts
        .held
        .iter()
        .map(|d| (d.number, d.issuing_country, d.document_type));
    listed
        .chain(held)
        .filter_map(|(n, c, t)| {
            let country_agrees = country.zip(c).map(|(q, r)| q == r);
            if country_agrees == Some(false) {
                return None;
            }
            let type_agrees = doc_type.zip(t).map(|(q, r)| q == r);
            let e = score_document(number, n, country_agrees, type_agrees)?;
            let matched = MatchedDocument {
                number: n.to_string(),
                issuing_country: c.map(str::to_string),
                document_type: t,
            };
            Some((e, matched))
        })
        .max_by(|a, b| a.0.score.total_cmp(&b.0.score))
}

impl Engine {
    /// Compares the presenting traveller with the holder a record names: the person whose
    /// record lists the document (from its precomputed facts), or a listed document's
    /// `holder` (its record is parsed only when it names one).
    fn holder_check(
        &self,
        doc: &TantivyDocument,
        facts: &FactsView,
        name: Option<&mut NameMatcher>,
        dob: Option<&PartialDate>,
    ) -> Result<Option<HolderCheck>> {
        if let Some(p) = &facts.person {
            let p = p.to_facts();
            let dates: Vec<PartialDate> = p
                .date_of_birth
                .into_iter()
                .chain(p.other_dates_of_birth)
                .collect();
            return Ok(compare_holder(name, dob, &p.names, &dates));
        }
        let text = doc
            .get_first(self.fields.record)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        if !text.contains("\"holder\"") {
            return Ok(None);
        }
        let record = self.record_json(doc)?;
        let holder = &record["holder"];
        let names: Vec<NameProfile> = holder["names"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|n| n.as_str())
                    .map(NameProfile::new)
                    .collect()
            })
            .unwrap_or_default();
        let holder_dob = holder["date_of_birth"]
            .as_str()
            .and_then(|d| PartialDate::parse(d).ok());
        Ok(compare_holder(
            name,
            dob,
            &names,
            Vec::from_iter(holder_dob).as_slice(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::Mode;
    use crate::matching::document::NumberEvidence;

    fn check(engine: &Engine, number: &str) -> Vec<(String, NumberEvidence)> {
        let q = DocumentQuery {
            number: number.into(),
            agency: Some("INTERPOL".into()),
            ..Default::default()
        };
        let hits = engine.check_document(&q).unwrap().hits;
        hits.into_iter()
            .map(|h| (h.id, h.explanation.number))
            .collect()
    }

    /// Every kind of single edit finds the number (over two segments, so each segment's
    /// dictionary is walked), OCR confusions are exact on the canonical form, two edits and
    /// short numbers off by one find nothing.
    #[test]
    fn one_edit_of_any_kind_is_found_two_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path().join("index")).unwrap();
        let line = |id: &str, number: &str| {
            format!(
                r#"{{"kind":"document","source":"INTERPOL","id":"{id}","number":"{number}","issuing_country":"FRA","document_type":"passport","status":"stolen"}}"#
            )
        };
        let a = dir.path().join("a.jsonl");
        std::fs::write(
            &a,
            line("D1", "X1234567") + "\n" + &line("D2", "AB12") + "\n",
        )
        .unwrap();
        let b = dir.path().join("b.jsonl");
        std::fs::write(&b, line("D3", "QZ998877") + "\n").unwrap();
        engine.ingest(&[a], Mode::Delta).unwrap();
        engine.ingest(&[b], Mode::Delta).unwrap();
        let one = |id: &str| vec![(id.to_string(), NumberEvidence::OneEdit)];
        assert_eq!(
            check(&engine, "X1234567"),
            vec![("D1".into(), NumberEvidence::Exact)]
        );
        assert_eq!(
            check(&engine, "XI234567"),
            vec![("D1".into(), NumberEvidence::OcrConfusion)]
        );
        assert_eq!(check(&engine, "X1234568"), one("D1"), "substitution");
        assert_eq!(check(&engine, "X12345678"), one("D1"), "insertion");
        assert_eq!(check(&engine, "X123457"), one("D1"), "deletion");
        assert_eq!(check(&engine, "X1243567"), one("D1"), "transposition");
        assert_eq!(check(&engine, "QZ998878"), one("D3"), "second segment");
        assert!(check(&engine, "X1243568").is_empty(), "two edits");
        assert!(
            check(&engine, "AB13").is_empty(),
            "short numbers match exactly only"
        );
        assert_eq!(
            check(&engine, "AB12"),
            vec![("D2".into(), NumberEvidence::Exact)]
        );
    }
}
