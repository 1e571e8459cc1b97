//! Person search: candidate terms from the query name, tantivy top-K, rescoring.

use super::{
    check_country, check_limit, check_min_score, term_query, Engine, ABJAD_CANDIDATE_CAP,
    MAX_QUERY_NAME_CHARS, MAX_QUERY_TOKENS, PERSON_CANDIDATE_CAP,
};
use crate::matching::name::{NameMatcher, NameProfile};
use crate::matching::person::{score_person, PersonEvidence, PersonExplanation};
use crate::matching::PERSON_ALERT_THRESHOLD;
use crate::model::{Date, Gender, PartialDate};
use crate::normalize::{adjacent_joins, deletions, skeleton};
use crate::{Error, Result};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Field;
use tantivy::{TantivyDocument, Term};

/// Candidate-term boost of a date of birth at year, month, day precision (and a swapped
/// day/month); BM25's IDF already makes a full date far rarer than a year.
const BOOST_DOB: [f32; 3] = [0.3, 0.6, 1.5];
const BOOST_DOB_SWAPPED: f32 = 0.8;
/// Candidate-term boosts: exact tokens, skeletons, one-deletion keys.
const BOOST_TOKEN: f32 = 1.0;
const BOOST_SKELETON: f32 = 0.6;
const BOOST_DELETION: f32 = 0.4;

/// A person search request (engine form; the HTTP layer converts into it).
#[derive(Debug, Clone, Default)]
pub struct PersonQuery {
    pub name: String,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub nationality: Option<String>,
    /// M, F, X or U.
    pub gender: Option<String>,
    /// 1..=MAX_LIMIT, default DEFAULT_LIMIT.
    pub limit: Option<usize>,
    /// Hits below this score are dropped; default 0.
    pub min_score: Option<f32>,
    /// The calling agency; `None` sees only records shared with everyone.
    pub agency: Option<String>,
}

impl PersonQuery {
    /// A query by name only.
    pub fn name(name: impl Into<String>) -> Self {
        PersonQuery {
            name: name.into(),
            ..Default::default()
        }
    }
}

/// One ranked person hit.
#[derive(Debug, Clone, Serialize)]
pub struct PersonHit {
    pub source: String,
    pub id: String,
    pub score: f32,
    pub alert: bool,
    /// The record name that matched best.
    pub name: String,
    /// The stored record.
    pub record: serde_json::Value,
    pub explanation: PersonExplanation,
}

/// Ranked hits and how much work they took.
#[derive(Debug, Clone, Serialize)]
pub struct PersonResults {
    pub hits: Vec<PersonHit>,
    /// Candidates rescored.
    pub candidates: usize,
}

/// Relative rarity weight in (0, 1] of a token with document frequency `df` among `n`
/// persons: `(1 + ln(1 + n / (1 + df))) / (1 + ln(1 + n))`, so an unseen token weighs 1.
pub fn rarity_weight(df: u64, n: u64) -> f32 {
    let n = n.max(1) as f32;
    (1.0 + (1.0 + n / (1.0 + df as f32)).ln()) / (1.0 + (1.0 + n).ln())
}

impl Engine {
    /// Searches persons by name and optional evidence (see the module doc of `search`).
    pub fn search_persons(&self, q: &PersonQuery) -> Result<PersonResults> {
        if q.name.chars().count() > MAX_QUERY_NAME_CHARS {
            return Err(Error::invalid(
                "name",
                format!("longer than {MAX_QUERY_NAME_CHARS} characters"),
            ));
        }
        let profile = NameProfile::new(&q.name);
        if profile.tokens.is_empty() {
            return Err(Error::invalid("name", "must contain at least one letter"));
        }
        let evidence = PersonEvidence {
            date_of_birth: q
                .date_of_birth
                .as_deref()
                .map(PartialDate::parse)
                .transpose()
                .map_err(|e| Error::invalid("date_of_birth", e))?,
            nationality: check_country("nationality", q.nationality.as_deref())?,
            gender: q
                .gender
                .as_deref()
                .map(Gender::parse)
                .transpose()
                .map_err(|e| Error::invalid("gender", e))?,
        };
        let limit = check_limit(q.limit)?;
        let min_score = check_min_score(q.min_score)?;

        let searcher = self.reader.searcher();
        let query = self.person_candidate_query(&profile, evidence.date_of_birth.as_ref());
        let abjad = q.name.chars().any(|c| matches!(c as u32, 0x0590..=0x06FF | 0x0750..=0x077F | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF));
        let cap = if abjad {
            ABJAD_CANDIDATE_CAP
        } else {
            PERSON_CANDIDATE_CAP
        };
        let candidates = searcher.search(&query, &TopDocs::with_limit(cap).order_by_score())?;
        let n_persons = searcher.doc_freq(&Term::from_field_text(self.fields.kind, "person"))?;
        let generation = searcher.generation().generation_id();
        let mut weights: HashMap<String, f32> = HashMap::default();
        let mut fresh: Vec<(String, u64)> = Vec::new();
        let mut weight = |t: &str| -> f32 {
            if let Some(w) = weights.get(t) {
                return *w;
            }
            let cached = self
                .df_cache
                .read()
                .ok()
                .filter(|c| c.generation == generation)
                .and_then(|c| c.map.get(t).copied());
            let df = cached.unwrap_or_else(|| {
                let df = searcher
                    .doc_freq(&Term::from_field_text(self.fields.name_token, t))
                    .unwrap_or(0);
                fresh.push((t.to_string(), df));
                df
            });
            let w = rarity_weight(df, n_persons);
            weights.insert(t.to_string(), w);
            w
        };
        let today = Date::today();
        let mut matcher = NameMatcher::new(&profile);
        let mut scored: Vec<(PersonExplanation, TantivyDocument, String, String)> = Vec::new();
        for (_, addr) in &candidates {
            let doc: TantivyDocument = searcher.doc(*addr)?;
            let facts = self.facts(&doc)?;
            if !facts.visible(q.agency.as_deref(), today) {
                continue;
            }
            let Some(person) = &facts.person else {
                continue;
            };
            let e = score_person(&mut matcher, &evidence, person, &mut weight);
            if e.score >= min_score {
                scored.push((e, doc, facts.source, facts.id));
            }
        }
        if !fresh.is_empty() {
            if let Ok(mut cache) = self.df_cache.write() {
                if cache.generation != generation
                    || cache.map.len() + fresh.len() > super::DF_CACHE_ENTRIES
                {
                    cache.map.clear();
                    cache.generation = generation;
                }
                cache.map.extend(fresh);
            }
        }
        scored.sort_by(|a, b| {
            b.0.score
                .total_cmp(&a.0.score)
                .then(b.0.name.score.total_cmp(&a.0.name.score))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        scored.truncate(limit);
        let hits = scored
            .into_iter()
            .map(|(explanation, doc, source, id)| {
                let record = self.record_json(&doc)?;
                let name = record["names"][explanation.matched_name_index]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                Ok(PersonHit {
                    source,
                    id,
                    score: explanation.score,
                    alert: explanation.score >= PERSON_ALERT_THRESHOLD,
                    name,
                    record,
                    explanation,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(PersonResults {
            hits,
            candidates: candidates.len(),
        })
    }

    fn person_candidate_query(
        &self,
        profile: &NameProfile,
        dob: Option<&PartialDate>,
    ) -> BooleanQuery {
        let f = &self.fields;
        let tokens: Vec<String> = profile
            .tokens
            .iter()
            .take(MAX_QUERY_TOKENS)
            .cloned()
            .collect();
        let mut seen: HashSet<(Field, String)> = HashSet::default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut add = |field: Field, text: String, boost: f32| {
            if seen.insert((field, text.clone())) {
                clauses.push((Occur::Should, term_query(field, &text, boost)));
            }
        };
        // single tokens: exact, skeleton and one-edit lookups; glued pairs: exact and skeleton
        // only (a typo inside a glued pair is rare, and its deletion keys are many)
        for t in &tokens {
            for d in deletions(t) {
                add(f.name_token, d.clone(), BOOST_DELETION);
                add(f.name_deletion, d, BOOST_DELETION);
            }
            add(f.name_deletion, t.clone(), BOOST_DELETION);
        }
        for t in tokens.iter().cloned().chain(adjacent_joins(&tokens)) {
            add(f.name_skeleton, skeleton(&t), BOOST_SKELETON);
            add(f.name_token, t, BOOST_TOKEN);
        }
        if let Some(d) = dob {
            for (t, boost) in crate::index::dob_terms(d).into_iter().zip(BOOST_DOB) {
                add(f.dob, t, boost);
            }
            if let (Some(m), Some(day)) = (d.month, d.day) {
                if day <= 12 && day != m {
                    let swapped = PartialDate {
                        year: d.year,
                        month: Some(day),
                        day: Some(m),
                    };
                    if let Some(t) = crate::index::dob_terms(&swapped).pop() {
                        add(f.dob, t, BOOST_DOB_SWAPPED);
                    }
                }
            }
        }
        BooleanQuery::new(clauses)
    }
}
