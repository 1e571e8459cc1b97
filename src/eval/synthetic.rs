//! The synthetic evaluation: index `synth` persons, query labelled variants per family and
//! negatives, report recall, alert rates and the Jaro-Winkler baseline.
//!
//! Queries carry what an officer reads off a passport: the name variant, the date of birth
//! (when the record has one; the `dob` family varies it) and, half of the time, the
//! nationality. Only records visible to an anonymous caller (shared with everyone, not
//! expired) are sampled as answers.

use super::baseline::Baseline;
use super::latency::Latency;
use super::report::{
    floor_costs, operating_point, summarize, FloorCost, GroupMetrics, OperatingPoint, FLOORS,
};
use super::variants::{variant, Family, LabelledQuery, Rng};
use super::{run_engine, Outcome};
use crate::feeds::Mode;
use crate::model::{Date, PartialDate};
use crate::normalize::name_tokens;
use crate::search::Engine;
use crate::synth::{outsider, person, SynthPerson};
use crate::Result;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct SyntheticConfig {
    /// Persons indexed.
    pub persons: u64,
    /// Positive queries per family.
    pub per_family: usize,
    /// Negative queries.
    pub negatives: usize,
    /// Stolen-document records indexed beside the persons (person search never reads them;
    /// they make the index as large as a real one).
    pub documents: u64,
    pub seed: u64,
    /// Also run the brute-force Jaro-Winkler baseline.
    pub baseline: bool,
    /// Also time every query alone on one thread ([`super::latency`]).
    pub latency: bool,
}

/// The result of one evaluation run.
#[derive(Debug, Clone, Serialize)]
pub struct EvalRun {
    pub rows: Vec<GroupMetrics>,
    /// Where the alert threshold would sit for at most 1% alerting negatives.
    pub operating_point: Option<OperatingPoint>,
    /// What each `min_score` floor of [`FLOORS`] would cost (true matches dropped) and save
    /// (hits dropped): the evidence for [`crate::search::DEFAULT_MIN_SCORE`].
    pub floor_costs: Vec<FloorCost>,
    /// The lowest score of a true match found in the top 10.
    pub lowest_true_match_score: Option<f32>,
    pub records: u64,
    pub queries: usize,
    pub engine_ms: u128,
    pub baseline_ms: Option<u128>,
    /// One-thread latency of the queries, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency: Option<Latency>,
}

impl EvalRun {
    /// The metrics row of a group.
    pub fn row(&self, group: &str) -> Option<&GroupMetrics> {
        self.rows.iter().find(|r| r.group == group)
    }
}

/// Runs labelled queries through the engine and, optionally, the baseline.
pub fn evaluate(
    engine: &Engine,
    queries: &[LabelledQuery],
    baseline: Option<&Baseline>,
    records: u64,
    latency: bool,
) -> EvalRun {
    let t = Instant::now();
    let outs: Vec<Outcome> = run_engine(engine, queries, None);
    let engine_ms = t.elapsed().as_millis();
    let t = Instant::now();
    let base = baseline.map(|b| b.run(queries));
    let baseline_ms = base.as_ref().map(|_| t.elapsed().as_millis());
    let (floor_costs, lowest_true_match_score) = floor_costs(&outs, &FLOORS);
    EvalRun {
        rows: summarize(&outs, base.as_deref()),
        operating_point: operating_point(&outs, 0.01),
        floor_costs,
        lowest_true_match_score,
        records,
        queries: queries.len(),
        engine_ms,
        baseline_ms,
        latency: latency.then(|| super::latency::measure(engine, queries)),
    }
}

/// Up to `n` queries from `make`, which gives up on a draw with `None`: at most 50 draws a
/// query, so a family that rarely applies cannot loop for ever.
pub(super) fn sample(
    n: usize,
    mut make: impl FnMut() -> Option<LabelledQuery>,
) -> Vec<LabelledQuery> {
    let mut out = Vec::new();
    for _ in 0..n * 50 {
        if out.len() == n {
            break;
        }
        out.extend(make());
    }
    out
}

/// One of the `persons` persons of `seed` at random, if an anonymous caller may see it.
pub(super) fn draw(seed: u64, persons: u64, today: Date, rng: &mut Rng) -> Option<SynthPerson> {
    let p = person(seed, rng.idx(persons as usize) as u64);
    searchable(&p, today).then_some(p)
}

fn searchable(p: &SynthPerson, today: Date) -> bool {
    p.sharing.iter().all(|s| s == "*")
        && p.expires
            .as_deref()
            .is_none_or(|e| Date::parse(e).is_ok_and(|d| d >= today))
}

fn pairs(names: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for n in names {
        let t = name_tokens(n);
        for i in 0..t.len() {
            for j in i + 1..t.len() {
                let (a, b) = if t[i] <= t[j] {
                    (&t[i], &t[j])
                } else {
                    (&t[j], &t[i])
                };
                out.push((a.clone(), b.clone()));
            }
        }
    }
    out
}

/// Labelled queries: `per_family` per family, then `negatives` outsiders who share at most
/// one name token with any indexed person.
pub fn queries(cfg: &SyntheticConfig) -> Vec<LabelledQuery> {
    let today = Date::today();
    let mut rng = Rng::new(cfg.seed ^ 0xE7A1);
    let mut out = Vec::new();
    for family in Family::ALL {
        out.extend(sample(cfg.per_family, || {
            let p = draw(cfg.seed, cfg.persons, today, &mut rng)?;
            let extra = (family == Family::ExtraPart)
                .then(|| {
                    (0..64u64)
                        .map(|j| outsider(cfg.seed, 5_000_000 + rng.next_u64() % 1_000_000 + j))
                        .find(|o| o.culture == p.culture && !o.given.is_empty())
                        .map(|o| o.given[0].clone())
                })
                .flatten();
            variant(&p, family, extra.as_deref(), &mut rng)
        }));
    }
    out.extend(negatives(
        cfg.seed,
        cfg.persons,
        cfg.negatives,
        false,
        &mut rng,
    ));
    out
}

/// `n` negatives: `synth` outsiders (seed `seed`) who share no pair of name tokens with any
/// of the `persons` indexed persons, with their date of birth and, half of the time, their
/// nationality (`name_only`: the name alone).
pub fn negatives(
    seed: u64,
    persons: u64,
    n: usize,
    name_only: bool,
    rng: &mut Rng,
) -> Vec<LabelledQuery> {
    negatives_from(seed, persons, n, name_only, 0, "negative", rng)
}

/// [`negatives`] from outsider `first` on, labelled `group`.
pub fn negatives_from(
    seed: u64,
    persons: u64,
    n: usize,
    name_only: bool,
    first: u64,
    group: &str,
    rng: &mut Rng,
) -> Vec<LabelledQuery> {
    let mut out = Vec::new();
    let mut indexed_pairs: HashSet<(String, String)> = HashSet::new();
    for i in 0..persons {
        indexed_pairs.extend(pairs(&person(seed, i).names));
    }
    let mut k = first;
    let mut made = 0;
    while made < n && k < first + n as u64 * 50 {
        let o = outsider(seed, k);
        k += 1;
        if pairs(&o.names).iter().any(|p| indexed_pairs.contains(p)) {
            continue;
        }
        let dob = o
            .date_of_birth
            .clone()
            .filter(|d| PartialDate::parse(d).is_ok() && !name_only);
        let nationality = rng.chance(500) && !name_only;
        out.push(LabelledQuery {
            group: group.into(),
            name: o.primary().to_string(),
            date_of_birth: dob,
            nationality: if nationality {
                o.nationality.first().cloned()
            } else {
                None
            },
            gender: None,
            expect: None,
            expect_names: Vec::new(),
        });
        made += 1;
    }
    out
}

/// Generates `persons` synthetic persons and `documents` documents into `work_dir/feeds`,
/// ingests them into `work_dir/index` (reusing an index already built there for the same
/// sizes and seed) and returns the open engine.
pub fn build(work_dir: &Path, persons: u64, documents: u64, seed: u64) -> Result<Engine> {
    let stamp = work_dir.join(format!("built-{persons}-{documents}-{seed}"));
    let engine = open_scratch(work_dir, &stamp)?;
    if stamp.exists() {
        return Ok(engine);
    }
    let feeds = work_dir.join("feeds");
    let io = |source| crate::Error::Io {
        path: feeds.clone(),
        source,
    };
    let summary = crate::synth::write_feeds(&feeds, persons, documents, seed).map_err(io)?;
    engine.ingest(&summary.files, Mode::Full)?;
    std::fs::remove_dir_all(&feeds).map_err(io)?;
    std::fs::write(&stamp, b"").map_err(|source| crate::Error::Io {
        path: stamp.clone(),
        source,
    })?;
    Ok(engine)
}

/// Opens the scratch index `work_dir/index` that an evaluation or bench owns; one built by
/// another version of Frontline is deleted (with the `stamp` saying it was complete) and
/// started over.
pub fn open_scratch(work_dir: &Path, stamp: &Path) -> Result<Engine> {
    let index = work_dir.join("index");
    match Engine::open(&index) {
        Err(crate::Error::IncompatibleIndex(_)) => {
            for path in [index.as_path(), stamp] {
                let removed = if path.is_dir() {
                    std::fs::remove_dir_all(path)
                } else {
                    std::fs::remove_file(path)
                };
                match removed {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(crate::Error::Io {
                            path: path.to_path_buf(),
                            source: e,
                        })
                    }
                    _ => {}
                }
            }
            Engine::open(&index)
        }
        other => other,
    }
}

/// Builds (or reuses) the index and runs the evaluation.
pub fn run(work_dir: &Path, cfg: &SyntheticConfig) -> Result<EvalRun> {
    let engine = build(work_dir, cfg.persons, cfg.documents, cfg.seed)?;
    let qs = queries(cfg);
    let today = Date::today();
    let baseline = cfg.baseline.then(|| {
        Baseline::new(
            (0..cfg.persons)
                .map(|i| person(cfg.seed, i))
                .filter(|p| searchable(p, today))
                .map(|p| (p.source, p.id, p.names)),
        )
    });
    Ok(evaluate(
        &engine,
        &qs,
        baseline.as_ref(),
        cfg.persons,
        cfg.latency,
    ))
}
