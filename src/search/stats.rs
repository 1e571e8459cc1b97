//! What a query counts in the index, counted as the calling agency sees it: the records it
//! may see ([`Visibility`]), the persons among them, and how many of them hold a term. Person search takes its rarity weights and its common-term cut from these counts and
//! ranks its candidates with BM25 on them ([`VisibleStats::search`]), so records an agency
//! may not see change nothing in what it gets: not a rarity weight (explanations show them),
//! not a score, not which candidates are kept under the cap.
//!
//! Counts are shared by the agency's later queries through the engine's [`DfCache`], for the
//! current searcher generation, and so are the tokens a few edits from a query token that the
//! agency's records hold ([`VisibleStats::near`]): a dictionary walk is a fifth of a person
//! search, and names recur (a 100,000-traveller manifest holds 16,000 distinct tokens).

use super::near::near_terms;
use super::visibility::Visibility;
use super::Engine;
use crate::Result;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::sync::Arc;
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::Field;
use tantivy::{DocAddress, Score, Searcher, Term};

/// Most term counts kept between queries (all agencies together, a neighbour list counting
/// one per term it holds and one more); the cache starts over when full.
pub const DF_CACHE_ENTRIES: usize = 1 << 20;

/// What a neighbour lookup asks: the field, the token, the most edits, the leading bytes held
/// exact.
type NearKey = (Field, String, u8, usize);
/// Neighbour lookups and what they found, within one agency's records.
type NearMap = HashMap<NearKey, Arc<[String]>>;

/// Term counts (per agency and field) and record totals (per agency) for one searcher
/// generation: candidate selection and rarity weights need them for every term, and most
/// terms recur across queries. Each agency has its own counts, as each counts only what it
/// may see.
#[derive(Default)]
pub(crate) struct DfCache {
    generation: u64,
    entries: usize,
    /// (agency, field, term -> visible records holding it); agency `None`: records shared
    /// with everyone.
    maps: Vec<(Option<String>, Field, HashMap<String, u64>)>,
    /// (agency, its visible records, persons among them).
    totals: Vec<(Option<String>, u64, u64)>,
    /// (agency, lookup -> the terms within the edits that its visible records hold).
    near: Vec<(Option<String>, NearMap)>,
}

impl DfCache {
    fn get(&self, generation: u64, agency: Option<&str>, field: Field, term: &str) -> Option<u64> {
        if self.generation != generation {
            return None;
        }
        let (_, _, map) = self
            .maps
            .iter()
            .find(|(a, f, _)| a.as_deref() == agency && *f == field)?;
        map.get(term).copied()
    }

    fn totals(&self, generation: u64, agency: Option<&str>) -> Option<(u64, u64)> {
        if self.generation != generation {
            return None;
        }
        self.totals
            .iter()
            .find(|(a, _, _)| a.as_deref() == agency)
            .map(|(_, records, persons)| (*records, *persons))
    }

    fn near(&self, generation: u64, agency: Option<&str>, key: &NearKey) -> Option<Arc<[String]>> {
        if self.generation != generation {
            return None;
        }
        let (_, map) = self.near.iter().find(|(a, _)| a.as_deref() == agency)?;
        map.get(key).cloned()
    }

    /// Adds what one query of `agency` counted and looked up for `generation`, starting over
    /// on a new generation or when full.
    fn extend(
        &mut self,
        generation: u64,
        agency: Option<&str>,
        totals: (u64, u64),
        fresh: impl ExactSizeIterator<Item = (Field, String, u64)>,
        fresh_near: Vec<(NearKey, Arc<[String]>)>,
    ) {
        let near_entries: usize = fresh_near.iter().map(|(_, n)| n.len() + 1).sum();
        if self.generation != generation
            || self.entries + fresh.len() + near_entries > DF_CACHE_ENTRIES
        {
            self.maps.clear();
            self.totals.clear();
            self.near.clear();
            self.entries = 0;
            self.generation = generation;
        }
        if !fresh_near.is_empty() {
            let slot = match self.near.iter().position(|(a, _)| a.as_deref() == agency) {
                Some(i) => i,
                None => {
                    self.near
                        .push((agency.map(str::to_string), Default::default()));
                    self.near.len() - 1
                }
            };
            for (key, near) in fresh_near {
                let n = near.len() + 1;
                if self.near[slot].1.insert(key, near).is_none() {
                    self.entries += n;
                }
            }
        }
        if self.totals(generation, agency).is_none() {
            self.totals
                .push((agency.map(str::to_string), totals.0, totals.1));
        }
        for (field, term, df) in fresh {
            let slot = match self
                .maps
                .iter()
                .position(|(a, f, _)| a.as_deref() == agency && *f == field)
            {
                Some(i) => i,
                None => {
                    self.maps
                        .push((agency.map(str::to_string), field, Default::default()));
                    self.maps.len() - 1
                }
            };
            if self.maps[slot].2.insert(term, df).is_none() {
                self.entries += 1;
            }
        }
    }
}

/// The counts one query uses, within the records `agency` may see, backed by the engine's
/// [`DfCache`]. Lookups of known terms allocate nothing.
pub(super) struct VisibleStats<'a> {
    engine: &'a Engine,
    searcher: &'a Searcher,
    generation: u64,
    agency: Option<&'a str>,
    /// The records `agency` may see.
    visible: Visibility,
    /// Records of any kind the agency may see (BM25's document count).
    records: u64,
    /// Persons among them.
    persons: u64,
    /// Per field, the counts this query has used.
    dfs: Vec<(Field, HashMap<String, u64>)>,
    /// Counted by this query, not found in the shared cache.
    fresh: Vec<(Field, String, u64)>,
    /// Neighbour lookups made by this query, not found in the shared cache.
    fresh_near: Vec<(NearKey, Arc<[String]>)>,
    /// Whether `records` and `persons` were counted by this query.
    fresh_totals: bool,
}

impl<'a> VisibleStats<'a> {
    pub(super) fn new(
        engine: &'a Engine,
        searcher: &'a Searcher,
        agency: Option<&'a str>,
    ) -> Result<Self> {
        let generation = searcher.generation().generation_id();
        let visible = Visibility::of(&engine.fields, agency, &engine.visible_sets, searcher)?;
        let cached = engine
            .df_cache
            .read()
            .ok()
            .and_then(|c| c.totals(generation, agency));
        let fresh_totals = cached.is_none();
        let (records, persons) = match cached {
            Some(t) => t,
            None => {
                let person = Term::from_field_text(engine.fields.kind, "person");
                (
                    visible.count(searcher, None)?,
                    visible.count(searcher, Some(&person))?,
                )
            }
        };
        Ok(VisibleStats {
            engine,
            searcher,
            generation,
            agency,
            visible,
            records,
            persons,
            dfs: Vec::new(),
            fresh: Vec::new(),
            fresh_near: Vec::new(),
            fresh_totals,
        })
    }

    /// The best `limit` matches of `query` among the records the agency may see, ranked by
    /// BM25 with the statistics of those records (document frequencies and count from
    /// [`VisibleStats::df`]): the candidates an index of those records alone would give.
    pub(super) fn top_docs(
        &mut self,
        query: &dyn Query,
        limit: usize,
    ) -> Result<Vec<(Score, DocAddress)>> {
        let searcher = self.searcher;
        let visible = self.visible.clone();
        let stats = Bm25Stats(RefCell::new(self));
        Ok(searcher.search_with_statistics_provider(query, &visible.top_docs(limit), &stats)?)
    }

    /// Records the agency may see whose `field` holds the term `t`.
    pub(super) fn df(&mut self, field: Field, t: &str) -> u64 {
        let slot = match self.dfs.iter().position(|(f, _)| *f == field) {
            Some(i) => i,
            None => {
                self.dfs.push((field, HashMap::default()));
                self.dfs.len() - 1
            }
        };
        if let Some(df) = self.dfs[slot].1.get(t) {
            return *df;
        }
        let cached = self
            .engine
            .df_cache
            .read()
            .ok()
            .and_then(|c| c.get(self.generation, self.agency, field, t));
        let df = cached.unwrap_or_else(|| {
            let term = Term::from_field_text(field, t);
            // a term no record holds needs no count
            let df = match self.searcher.doc_freq(&term) {
                Ok(0) | Err(_) => 0,
                Ok(_) => self.visible.count(self.searcher, Some(&term)).unwrap_or(0),
            };
            self.fresh.push((field, t.to_string(), df));
            df
        });
        self.dfs[slot].1.insert(t.to_string(), df);
        df
    }

    /// The terms of `field` at most `edits` edits from `t`, other than `t`, whose first
    /// `exact` bytes are those of `t` (see [`near_terms`]), that a record the agency may see
    /// holds, sorted. The term dictionaries hold hidden records' terms too: filtered so, what
    /// a query does next (and so its answer) cannot depend on records the caller may not see.
    pub(super) fn near(
        &mut self,
        field: Field,
        t: &str,
        edits: u8,
        exact: usize,
    ) -> Result<Arc<[String]>> {
        let key = (field, t.to_string(), edits, exact);
        let cached = self
            .engine
            .df_cache
            .read()
            .ok()
            .and_then(|c| c.near(self.generation, self.agency, &key));
        if let Some(near) = cached {
            return Ok(near);
        }
        let all = near_terms(self.searcher, field, t, edits, exact)?;
        let near: Arc<[String]> = all.into_iter().filter(|n| self.df(field, n) > 0).collect();
        self.fresh_near.push((key, near.clone()));
        Ok(near)
    }

    /// Document frequency above which a candidate term is common, for a share of the persons
    /// the agency may see (see `person::COMMON_TERM_SHARE`), and at least `min_df`.
    pub(super) fn common_df(&self, share: f32, min_df: u64) -> u64 {
        ((self.persons as f32 * share) as u64).max(min_df)
    }

    /// The rarity weight of the name token `t` ([`super::person::rarity_weight`]).
    pub(super) fn weight(&mut self, t: &str) -> f32 {
        let df = self.df(self.engine.fields.name_token, t);
        super::person::rarity_weight(df, self.persons)
    }

    /// Shares the counts this query made with the agency's later queries.
    pub(super) fn remember(&mut self) {
        if self.fresh.is_empty() && self.fresh_near.is_empty() && !self.fresh_totals {
            return;
        }
        self.fresh_totals = false;
        if let Ok(mut cache) = self.engine.df_cache.write() {
            cache.extend(
                self.generation,
                self.agency,
                (self.records, self.persons),
                self.fresh.drain(..),
                std::mem::take(&mut self.fresh_near),
            );
        }
    }
}

/// BM25 statistics as the agency sees the index.
struct Bm25Stats<'s, 'a>(RefCell<&'s mut VisibleStats<'a>>);

impl Bm25StatisticsProvider for Bm25Stats<'_, '_> {
    /// The field's terms per record over the whole index (BM25's average field length) at
    /// the agency's record count. The candidate fields have no lengths (every record counts
    /// as one term long), so this only scales all clauses of a field alike; it is the one
    /// figure left as the whole index has it, so that ranking is as before when an agency
    /// sees everything.
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let stats = self.0.borrow();
        let tokens = Bm25StatisticsProvider::total_num_tokens(stats.searcher, field)?;
        let records = Bm25StatisticsProvider::total_num_docs(stats.searcher)?.max(1);
        Ok((tokens as f64 * self.total_num_docs()? as f64 / records as f64).round() as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.0.borrow().records.max(1))
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let value = term.value();
        Ok(self
            .0
            .borrow_mut()
            .df(term.field(), value.as_str().unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::Mode;

    /// Neighbour lookups are shared between queries of one agency and one index generation:
    /// another agency gets only what its own records hold, and a commit makes every agency
    /// look again.
    #[test]
    fn neighbours_are_shared_per_agency_and_looked_up_again_after_a_commit() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path().join("index")).unwrap();
        let line = |id: &str, name: &str, sharing: &str| {
            format!(
                r#"{{"kind":"person","source":"INTERPOL","id":"{id}","names":["{name}"],"sharing":{sharing}}}"#
            )
        };
        let feed = |file: &str, lines: &[String]| {
            let path = dir.path().join(file);
            std::fs::write(&path, lines.join("\n") + "\n").unwrap();
            engine.ingest(&[path], Mode::Delta).unwrap();
        };
        feed(
            "a.jsonl",
            &[
                line("P1", "Anna Nowak", r#"["*"]"#),
                line("P2", "Anna Nowik", r#"["FRONTEX"]"#),
            ],
        );
        let near = |agency: Option<&str>| {
            let searcher = engine.reader.searcher();
            let mut stats = VisibleStats::new(&engine, &searcher, agency).unwrap();
            let field = engine.fields.name_token;
            let near = stats.near(field, "nowek", 1, 0).unwrap().to_vec();
            let cached = stats.fresh_near.is_empty();
            stats.remember();
            (near, cached)
        };
        assert_eq!(near(None), (vec!["nowak".to_string()], false));
        assert_eq!(
            near(None),
            (vec!["nowak".to_string()], true),
            "from the cache"
        );
        let both = vec!["nowak".to_string(), "nowik".to_string()];
        assert_eq!(
            near(Some("FRONTEX")),
            (both.clone(), false),
            "its own lookup"
        );
        assert_eq!(
            near(None).0,
            vec!["nowak".to_string()],
            "unchanged by FRONTEX's"
        );
        feed("b.jsonl", &[line("P3", "Jan Nowek", r#"["*"]"#)]);
        assert_eq!(
            near(None),
            (vec!["nowak".to_string()], false),
            "a new generation"
        );
        feed("c.jsonl", &[line("P4", "Jan Nowel", r#"["*"]"#)]);
        assert_eq!(near(None).0, vec!["nowak".to_string(), "nowel".to_string()]);
    }
}
