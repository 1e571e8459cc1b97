//! Person search: candidate terms from the query name, tantivy top-K, rescoring.

use super::stats::VisibleStats;
use super::{
    check_country, check_limit, check_min_score, term_query, Engine, ABJAD_CANDIDATE_CAP,
    DEFAULT_LIMIT, MAX_NORMALISED_NAME_CHARS, MAX_QUERY_NAME_CHARS, MAX_QUERY_TOKENS,
    PERSON_CANDIDATE_CAP,
};
use crate::index::facts_file::FactsReader;
use crate::index::FactsView;
use crate::matching::name::{NameMatcher, NameProfile};
use crate::matching::person::{
    quick_score, score_person, PersonEvidence, PersonExplanation, PersonView,
};
use crate::matching::PERSON_ALERT_THRESHOLD;
use crate::model::{Date, Gender, PartialDate};
use crate::normalize::{adjacent_joins, orthography, particle_joins};
use crate::{Error, Result};
use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::Field;

/// Candidate-term boost of a date of birth at year, month, day precision (and a swapped
/// day/month); BM25's IDF already makes a full date far rarer than a year.
const BOOST_DOB: [f32; 3] = [0.3, 0.6, 1.5];
const BOOST_DOB_SWAPPED: f32 = 0.8;
/// Candidate-term boosts: exact tokens, skeletons, tokens one edit away.
const BOOST_TOKEN: f32 = 1.0;
const BOOST_SKELETON: f32 = 0.6;
const BOOST_ONE_EDIT: f32 = 0.4;
/// The boost of a token one edit from a query token that no visible record holds (a typo).
const BOOST_MISSING_TOKEN_NEIGHBOUR: f32 = 0.8;
/// Query tokens shorter than this are not looked up one edit away (too many neighbours for
/// little recall).
const MIN_ONE_EDIT_TOKEN_LEN: usize = 4;

/// A candidate term held by more than this share of persons (of those the caller may see) is
/// "common" and left out of the candidate query, unless it is one of the two rarest exact
/// query tokens or the most precise date-of-birth term: common terms make up most postings of
/// a query (skeletons of particles, birth years, one-edit keys of frequent names) while adding
/// little rank, and their cost grows with the index.
const COMMON_TERM_SHARE: f32 = 0.01;
/// The same for phonetic skeletons: a frequent fuzzy key is weaker evidence than a frequent
/// exact token, and such keys held most of the postings left (the skeletons of common names).
const FUZZY_COMMON_TERM_SHARE: f32 = 0.005;
/// The same for the tokens one edit from a rarest query token: each is a real token with its
/// own postings (a frequent name has dozens of neighbours), so the bar is lower. Over 1M synth
/// persons, 0.5% here cost 0.76 ms a query against 0.51 ms at 0.1%, for the same recall
/// (`frontline eval --persons 1000000`).
const NEAR_COMMON_TERM_SHARE: f32 = 0.001;
/// Query tokens no visible record holds, with no token one edit away, are looked up two edits
/// away when at least this long.
const MIN_TWO_EDIT_TOKEN_LEN: usize = 6;
/// How many of the neighbours of a query token that no visible record holds are kept in the
/// candidate query whatever their share (the most frequent ones; see
/// `person_candidate_query`).
const MISSING_TOKEN_COMMON_NEIGHBOURS: usize = 1;
/// ... but a term held by fewer persons than this is never common.
const COMMON_TERM_MIN_DF: u64 = 200;

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
    /// Hits below this score are dropped; default [`super::DEFAULT_MIN_SCORE`].
    pub min_score: Option<f32>,
    /// The calling agency; `None` sees only records shared with everyone.
    pub agency: Option<String>,
    /// Leave the explanations out (`PersonHit::explanation` is `None`): batch screening
    /// reports scores, not their breakdown, and building explanations is a share of a query's
    /// cost. Scores, ranks and matched names are the same either way. Default false.
    pub skip_explanations: bool,
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
    /// Whether that name is one the list calls low quality (from the record's
    /// `low_quality_names`): a match through it counts for less.
    pub low_quality_name: bool,
    /// The stored record.
    pub record: serde_json::Value,
    /// Why it scored what it scored; `None` with [`PersonQuery::skip_explanations`].
    pub explanation: Option<PersonExplanation>,
}

/// Which name of a record matched: (index into `names`, false) or (index into
/// `low_quality_names`, true).
type MatchedName = (usize, bool);

/// Ranked hits and how much work they took.
#[derive(Debug, Clone, Serialize)]
pub struct PersonResults {
    pub hits: Vec<PersonHit>,
    /// Candidates rescored.
    pub candidates: usize,
    /// The index commit that answered.
    pub index: std::sync::Arc<crate::index::IndexVersion>,
}

/// Relative rarity weight in (0, 1] of a token with document frequency `df` among `n`
/// persons (those the caller may see, see `stats`): `(1 + ln(1 + n / (1 + df))) /
/// (1 + ln(1 + n))`, so an unseen token weighs 1.
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
        // counted lazily: an expanding name stops the count at the limit
        let normalised = unicode_normalization::UnicodeNormalization::nfkc(q.name.as_str())
            .take(MAX_NORMALISED_NAME_CHARS + 1)
            .count();
        if normalised > MAX_NORMALISED_NAME_CHARS {
            return Err(Error::invalid(
                "name",
                format!(
                    "expands to more than {MAX_NORMALISED_NAME_CHARS} characters when \
                     normalised (NFKC)"
                ),
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
        let limit = check_limit(q.limit, DEFAULT_LIMIT)?;
        let min_score = check_min_score(q.min_score)?;

        let searcher = self.reader.searcher();
        // every count, and the candidates, within the records the agency may see
        let mut stats = VisibleStats::new(self, &searcher, q.agency.as_deref())?;
        let query =
            self.person_candidate_query(&profile, evidence.date_of_birth.as_ref(), &mut stats)?;
        let cap = if profile.abjad {
            ABJAD_CANDIDATE_CAP
        } else {
            PERSON_CANDIDATE_CAP
        };
        let candidates = stats.top_docs(&query, cap)?;
        let rescoring = std::time::Instant::now();
        let mut weight = |t: &str| stats.weight(t);
        let today = Date::today();
        let mut matcher = NameMatcher::new(&profile);
        let files = self.facts_files.for_searcher(&self.dir, &searcher);
        let batch =
            FactsReader::new(&searcher, files).read_batch(candidates.iter().map(|c| c.1))?;
        // (score, name score, source, id, candidate index, matched name) of every candidate kept
        let mut scored: Vec<(f32, f32, &str, &str, usize, MatchedName)> = Vec::new();
        let mut facts = FactsView::default();
        for i in 0..candidates.len() {
            let Some(text) = batch.get(i)? else {
                continue;
            };
            facts.reparse(text)?;
            // the candidates are visible ones; this drops the expired
            if !facts.visible(q.agency.as_deref(), today) {
                continue;
            }
            let Some(person) = &facts.person else {
                continue;
            };
            let (score, name, matched) = quick_score(&mut matcher, &evidence, person, &mut weight);
            // (index into `names`, false) or (index into `low_quality_names`, true)
            let good = person.names.len() - person.low_quality;
            let matched = if matched >= good {
                (matched - good, true)
            } else {
                (matched, false)
            };
            if score >= min_score {
                scored.push((score, name, facts.source, facts.id, i, matched));
            }
        }
        stats.remember();
        crate::metrics::rescored(candidates.len(), rescoring.elapsed());
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.1.total_cmp(&a.1))
                .then((a.2, a.3).cmp(&(b.2, b.3)))
        });
        scored.truncate(limit);
        let mut weight = |t: &str| stats.weight(t);
        let hits = scored
            .into_iter()
            .map(|(score, _, source, id, i, matched)| {
                let (score, matched, explanation) = if q.skip_explanations {
                    (score, matched, None)
                } else {
                    let facts = FactsView::parse(batch.get(i)?.unwrap_or_default())?;
                    let person = facts
                        .person
                        .as_ref()
                        .map(PersonView::to_facts)
                        .unwrap_or_default();
                    let e = score_person(&mut matcher, &evidence, &person, &mut weight);
                    (e.score, (e.matched_name_index, e.low_quality_name), Some(e))
                };
                let record = self.record_json(&searcher.doc(candidates[i].1)?)?;
                let (matched, low_quality_name) = matched;
                let list = if low_quality_name {
                    "low_quality_names"
                } else {
                    "names"
                };
                let name = record[list][matched]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                let explanation = explanation.map(|mut e| {
                    e.put_in_words(&name);
                    e
                });
                Ok(PersonHit {
                    source: source.to_string(),
                    id: id.to_string(),
                    score,
                    alert: score >= PERSON_ALERT_THRESHOLD,
                    name,
                    low_quality_name,
                    record,
                    explanation,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        crate::metrics::check("person", hits.iter().any(|h| h.alert));
        Ok(PersonResults {
            hits,
            candidates: candidates.len(),
            index: self.version_of(&searcher)?,
        })
    }

    fn person_candidate_query(
        &self,
        profile: &NameProfile,
        dob: Option<&PartialDate>,
        stats: &mut VisibleStats,
    ) -> Result<BooleanQuery> {
        let f = &self.fields;
        let tokens: Vec<String> = profile
            .tokens
            .iter()
            .take(MAX_QUERY_TOKENS)
            .cloned()
            .collect();
        let common = stats.common_df(COMMON_TERM_SHARE, COMMON_TERM_MIN_DF);
        let common_fuzzy = stats.common_df(FUZZY_COMMON_TERM_SHARE, COMMON_TERM_MIN_DF);
        let common_near = stats.common_df(NEAR_COMMON_TERM_SHARE, COMMON_TERM_MIN_DF);
        // the two rarest query tokens are always looked up exactly, so a name made only of
        // common tokens still finds its holders; only they are looked up with one edit (see
        // below)
        let anchors = two_rarest(
            tokens
                .iter()
                .map(|t| (stats.df(f.name_token, t), t.as_str())),
        );
        // a name typed in an abjad meets Latin records through its skeletons only (its
        // reading is no Latin spelling): the skeletons of its two rarest tokens are always
        // looked up, as the exact anchors are, or a name made of common Arabic names
        // (Abd al-Rahman Khalid) keeps one rare skeleton and ranks its holder among
        // everyone sharing it
        let skeleton_anchors: Vec<&str> = if profile.abjad {
            two_rarest(
                profile
                    .skeletons
                    .iter()
                    .zip(&tokens)
                    .filter(|(_, t)| t.as_str() != "al")
                    .map(|(k, _)| (stats.df(f.name_skeleton, k), k.as_str())),
            )
        } else {
            Vec::new()
        };
        let mut seen: HashSet<(Field, String)> = HashSet::default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // every other term is dropped when held by more than `max_df` persons: its postings
        // would cost time in proportion to the index while adding little rank (see
        // `COMMON_TERM_SHARE`)
        let mut add =
            |stats: &mut VisibleStats, field: Field, text: String, boost: f32, max_df: u64| {
                if seen.contains(&(field, text.clone())) {
                    return;
                }
                if max_df == u64::MAX || stats.df(field, &text) <= max_df {
                    clauses.push((Occur::Should, term_query(field, &text, boost)));
                }
                seen.insert((field, text));
            };
        // single tokens: exact and skeleton lookups, and one-edit lookups for the two rarest
        // (a record sharing them is found whatever the others hold; one-edit keys of the
        // commoner tokens were most of a long name's postings and moved no recall); glued
        // pairs (both orders): exact and skeleton only (a typo inside a glued pair is rare,
        // its deletion keys many)
        for (i, t) in tokens.iter().enumerate() {
            for k in profile.other_skeletons(i) {
                add(stats, f.name_skeleton, k, BOOST_SKELETON, common_fuzzy);
            }
            let anchor = anchors.contains(&t.as_str());
            add(
                stats,
                f.name_token,
                t.clone(),
                BOOST_TOKEN,
                if anchor { u64::MAX } else { common },
            );
            let skeleton = &profile.skeletons[i];
            let skeleton_anchor = skeleton_anchors.contains(&skeleton.as_str());
            add(
                stats,
                f.name_skeleton,
                skeleton.clone(),
                BOOST_SKELETON,
                if skeleton_anchor {
                    u64::MAX
                } else {
                    common_fuzzy
                },
            );
            if !profile.abjad {
                // the token as other national orthographies read it (Jusupow is Yusupov,
                // Kacem is Qasim): the skeletons of its readings (the readings themselves
                // as tokens added no recall and a third of a query's time)
                for r in orthography::readings(t) {
                    add(
                        stats,
                        f.name_skeleton,
                        profile.skeleton_of(&r),
                        BOOST_SKELETON,
                        common_fuzzy,
                    );
                }
            }
            if !anchor {
                continue;
            }
            // one edit: the record's token lacks a letter, has one more, differs in one or
            // swaps two neighbours (tokens of at least MIN_ONE_EDIT_TOKEN_LEN letters, in ASCII)
            if t.len() >= MIN_ONE_EDIT_TOKEN_LEN && t.is_ascii() {
                // only the neighbours a visible record holds (see `VisibleStats::near`)
                let mut near = stats.near(f.name_token, t, 1, 0)?.to_vec();
                let missing = stats.df(f.name_token, t) == 0;
                if missing && near.is_empty() && t.len() >= MIN_TWO_EDIT_TOKEN_LEN {
                    // nothing held within one edit: two edits in one token (Alexnadrq for
                    // Alexandra), looked up with the first letter held exact, which bounds
                    // the walk; a name with no such token pays nothing
                    near = stats.near(f.name_token, t, 2, 1)?.to_vec();
                }
                // a token no visible record holds is most likely a typo, often of a frequent
                // name (Qahxtani for Qahtani): its most frequent neighbour is kept however
                // common (one, to bound the postings read), the others as for any token; they
                // stand in for the token itself, so they weigh nearly as much (at 0.4, the
                // variants of another query token in a crowd of namesakes' aliases outweighed
                // them and pushed the record out of the candidates)
                let (kept, boost) = if missing {
                    near.sort_by_cached_key(|n| std::cmp::Reverse(stats.df(f.name_token, n)));
                    (
                        MISSING_TOKEN_COMMON_NEIGHBOURS,
                        BOOST_MISSING_TOKEN_NEIGHBOUR,
                    )
                } else {
                    (0, BOOST_ONE_EDIT)
                };
                for (i, n) in near.into_iter().enumerate() {
                    let max_df = if i < kept { u64::MAX } else { common_near };
                    add(stats, f.name_token, n, boost, max_df);
                }
            }
        }
        let reversed: Vec<String> = tokens.iter().rev().cloned().collect();
        let particles = particle_joins(&tokens).into_iter().map(|(_, t)| t);
        for pair in adjacent_joins(&tokens)
            .into_iter()
            .chain(adjacent_joins(&reversed))
            .chain(particles)
        {
            add(
                stats,
                f.name_skeleton,
                profile.skeleton_of(&pair),
                BOOST_SKELETON,
                common_fuzzy,
            );
            add(stats, f.name_token, pair, BOOST_TOKEN, common);
        }
        if let Some(d) = dob {
            // the most precise term given is always looked up (a year alone is common)
            let terms = crate::index::dob_terms(d);
            let last = terms.len() - 1;
            for (i, (t, boost)) in terms.into_iter().zip(BOOST_DOB).enumerate() {
                add(
                    stats,
                    f.dob,
                    t,
                    boost,
                    if i == last { u64::MAX } else { common },
                );
            }
            if let (Some(m), Some(day)) = (d.month, d.day) {
                if day <= 12 && day != m {
                    let swapped = PartialDate {
                        year: d.year,
                        month: Some(day),
                        day: Some(m),
                    };
                    if let Some(t) = crate::index::dob_terms(&swapped).pop() {
                        add(stats, f.dob, t, BOOST_DOB_SWAPPED, u64::MAX);
                    }
                }
            }
        }
        Ok(BooleanQuery::new(clauses))
    }
}

/// The two terms of least document frequency (ties by text).
fn two_rarest<'t>(terms: impl Iterator<Item = (u64, &'t str)>) -> Vec<&'t str> {
    let mut by_rarity: Vec<(u64, &str)> = terms.collect();
    by_rarity.sort_unstable();
    by_rarity.into_iter().take(2).map(|(_, t)| t).collect()
}
