//! What a query counts in the index, counted as the calling agency sees it: the records it
//! may see ([`Visibility`]), the persons among them, and how many of them hold a term. Person search takes its rarity weights and its common-term cut from these counts and
//! ranks its candidates with BM25 on them ([`VisibleStats::search`]), so records an agency
//! may not see change nothing in what it gets: not a rarity weight (explanations show them),
//! not a score, not which candidates are kept under the cap.
//!
//! Counts are shared by the agency's later queries through the engine's [`DfCache`], for the
//! current searcher generation.

use super::visibility::Visibility;
use super::Engine;
use crate::Result;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use tantivy::query::{Bm25StatisticsProvider, Query};
use tantivy::schema::Field;
use tantivy::{DocAddress, Score, Searcher, Term};

/// Most term counts kept between queries (all agencies together); the cache starts over when
/// full.
pub const DF_CACHE_ENTRIES: usize = 1 << 20;

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

    /// Adds what one query of `agency` counted for `generation`, starting over on a new
    /// generation or when full.
    fn extend(
        &mut self,
        generation: u64,
        agency: Option<&str>,
        totals: (u64, u64),
        fresh: impl ExactSizeIterator<Item = (Field, String, u64)>,
    ) {
        if self.generation != generation || self.entries + fresh.len() > DF_CACHE_ENTRIES {
            self.maps.clear();
            self.totals.clear();
            self.entries = 0;
            self.generation = generation;
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

    /// The searcher the counts are taken from.
    pub(super) fn searcher(&self) -> &'a Searcher {
        self.searcher
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
        if self.fresh.is_empty() && !self.fresh_totals {
            return;
        }
        self.fresh_totals = false;
        if let Ok(mut cache) = self.engine.df_cache.write() {
            cache.extend(
                self.generation,
                self.agency,
                (self.records, self.persons),
                self.fresh.drain(..),
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
