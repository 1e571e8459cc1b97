//! The independent evaluation (`frontline eval --independent`): name variation the engine was
//! not shaped on, in three sets reported apart.
//!
//! - **dev** and **held-out**: the same families built from two seeds. Dev is where matching
//!   may be tuned; held-out is reported beside it and nobody tunes on it. Each has
//!   - `cyrillic_romanisation`: Russian names (given name, patronymic, surname, written in
//!     Cyrillic from [`romanise`]'s lists) listed as ICAO Doc 9303 or BGN/PCGN romanise them
//!     and looked up as another published system or national practice writes them (ISO 9,
//!     GOST 7.79, German Duden, French, Spanish, Polish, Dutch, Swedish, Turkish);
//!   - `cyrillic_script`: the same persons looked up in Cyrillic;
//!   - `arabic_romanisation`: Arabic names listed in English practice or ALA-LC and looked up
//!     in another (DIN 31635, French, German, Spanish, Maghreb, West African, Turkish, Persian);
//!   - `arabic_script`: the same looked up in Arabic script, without short vowels;
//!   - `romanisation_typo`: a romanisation variant with one random edit, sometimes with the
//!     parts reordered;
//!   - `random_edits_1` .. `random_edits_3`: Latin-script names of the `synth` persons
//!     indexed, with 1 to 3 random edits ([`edits`]);
//!   - negatives, name only: `negative_fresh`, fresh people (Russian and Arabic names that
//!     share no two parts with anyone listed, written in any system), and `negative_synth`,
//!     `synth` outsiders sharing no two name tokens with anyone indexed (which still meet
//!     namesakes one letter apart: Dieter Krause for Dieter Kraus); `negative` is both.
//! - **UN list** (held out, when `../shared/data/watchman-testdata/UN_consolidated.xml` is
//!   there): the real list's individuals, looked up by their original-script name and by
//!   their own spelling aliases ([`un`]).
//!
//! All queries are by name only (no date of birth), so namesakes cannot be told apart: every
//! table gives the strict recall and the recall with namesakes counted as correct. Everything
//! is indexed into one index among `persons` `synth` persons.

pub mod edits;
pub mod export;
pub mod generated;
pub mod romanise;
pub mod un;

use super::synthetic::{draw, evaluate, negatives_from, open_scratch, sample, EvalRun};
use super::variants::{LabelledQuery, Rng};
use crate::feeds::Mode;
use crate::fsutil::io_error;
use crate::model::Date;
use crate::search::Engine;
use crate::Result;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The source of the generated listed persons.
pub const SOURCE: &str = "EVAL";

/// A person the evaluation lists beside the `synth` ones.
#[derive(Debug, Clone)]
pub struct Listed {
    pub source: String,
    pub id: String,
    pub names: Vec<String>,
    pub date_of_birth: Option<String>,
}

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct IndependentConfig {
    /// `synth` persons indexed around the listed ones.
    pub persons: u64,
    /// Seed of the `synth` persons.
    pub seed: u64,
    /// Positive queries per family and set.
    pub per_family: usize,
    /// Negative queries per set.
    pub negatives: usize,
    /// Seeds of the dev and held-out sets.
    pub dev_seed: u64,
    pub held_out_seed: u64,
    /// The UN consolidated list XML, if it is to be used.
    pub un: Option<PathBuf>,
    /// Also time every query alone on one thread.
    pub latency: bool,
}

/// The queries of one set.
pub struct QuerySet {
    pub title: String,
    pub queries: Vec<LabelledQuery>,
}

/// Everything the evaluation indexes and asks.
pub struct Prepared {
    pub listed: Vec<Listed>,
    pub sets: Vec<QuerySet>,
}

/// `n` random-edit queries per edit count (1, 2, 3) over the `synth` persons, name only.
fn random_edit_queries(cfg: &IndependentConfig, split_seed: u64) -> Vec<LabelledQuery> {
    let today = Date::today();
    let mut rng = Rng::new(split_seed ^ 0xED17);
    let mut out = Vec::new();
    for k in 1..=3usize {
        out.extend(sample(cfg.per_family, || {
            let p = draw(cfg.seed, cfg.persons, today, &mut rng)?;
            // typing and OCR edits of a Latin-script name (letters dropped into Arabic
            // script would be no one's typo)
            let latin: Vec<&String> = p.names.iter().filter(|n| !un::other_script(n)).collect();
            if latin.is_empty() {
                return None;
            }
            let name = (*rng.pick(&latin)).clone();
            let (edited, _) = edits::edit(&name, k, &mut rng)?;
            Some(LabelledQuery {
                group: format!("random_edits_{k}"),
                name: edited,
                date_of_birth: None,
                nationality: None,
                gender: None,
                expect: Some((p.source.clone(), p.id.clone())),
                expect_names: p.names.clone(),
            })
        }));
    }
    out
}

/// The listed persons and query sets of `cfg` (reads the UN list when given).
pub fn prepare(cfg: &IndependentConfig) -> Result<Prepared> {
    let splits = [
        ("dev", cfg.dev_seed, "D"),
        ("held-out", cfg.held_out_seed, "H"),
    ];
    let made: Vec<_> = splits
        .iter()
        .map(|(_, seed, prefix)| generated::people(*seed, cfg.per_family, prefix))
        .collect();
    // fresh people share no two parts with anyone listed in either set
    let everyone: Vec<generated::Generated> = made
        .iter()
        .flat_map(|(people, _)| people.iter().cloned())
        .collect();
    let mut listed: Vec<Listed> = everyone.iter().map(|g| g.listed.clone()).collect();
    let mut sets = Vec::new();
    for ((title, split_seed, _), (_, positives)) in splits.iter().zip(made) {
        let mut queries = positives;
        queries.extend(random_edit_queries(cfg, *split_seed));
        queries.extend(generated::negatives(
            *split_seed,
            cfg.negatives / 2,
            &everyone,
        ));
        let mut rng = Rng::new(split_seed ^ 0x0E6A);
        // outsiders of their own for each set
        queries.extend(negatives_from(
            cfg.seed,
            cfg.persons,
            cfg.negatives - cfg.negatives / 2,
            true,
            split_seed.wrapping_mul(1_000_003) % 1_000_000_000,
            "negative_synth",
            &mut rng,
        ));
        sets.push(QuerySet {
            title: format!("{title} (seed {split_seed})"),
            queries,
        });
    }
    if let Some(path) = &cfg.un {
        let (people, queries) = un::load(path)?;
        listed.extend(people);
        sets.push(QuerySet {
            title: "UN consolidated list (held out)".into(),
            queries,
        });
    }
    Ok(Prepared { listed, sets })
}

/// Indexes the `synth` persons and the listed ones into `work_dir/index` (reused when built
/// for the same configuration) and returns the open engine.
pub fn build(work_dir: &Path, cfg: &IndependentConfig, listed: &[Listed]) -> Result<Engine> {
    let stamp = work_dir.join(format!(
        "built-{}-{}-{}-{}-{}-{}",
        cfg.persons,
        cfg.seed,
        cfg.dev_seed,
        cfg.held_out_seed,
        cfg.per_family,
        cfg.un.is_some()
    ));
    let engine = open_scratch(work_dir, &stamp)?;
    if stamp.exists() {
        return Ok(engine);
    }
    let feeds = work_dir.join("feeds");
    let summary =
        crate::synth::write_feeds(&feeds, cfg.persons, 0, cfg.seed).map_err(io_error(&feeds))?;
    let mut files = summary.files;
    let mut by_source: std::collections::BTreeMap<&str, Vec<&Listed>> = Default::default();
    for l in listed {
        by_source.entry(l.source.as_str()).or_default().push(l);
    }
    for (source, people) in by_source {
        let path = feeds.join(format!("{source}.jsonl"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io_error(&path))?);
        for l in people {
            let mut line = serde_json::json!({
                "kind": "person", "source": l.source, "id": l.id, "names": l.names,
            });
            if let Some(d) = &l.date_of_birth {
                line["date_of_birth"] = d.clone().into();
            }
            writeln!(f, "{line}").map_err(io_error(&path))?;
        }
        f.flush().map_err(io_error(&path))?;
        files.push(path);
    }
    engine.ingest(&files, Mode::Full)?;
    std::fs::remove_dir_all(&feeds).map_err(io_error(&feeds))?;
    std::fs::write(&stamp, b"").map_err(io_error(&stamp))?;
    Ok(engine)
}

/// Builds (or reuses) the index, evaluates every set (`(title, run)` per set) and, with
/// `export`, writes the set's files there ([`export`]).
pub fn run(
    work_dir: &Path,
    cfg: &IndependentConfig,
    export: Option<&Path>,
) -> Result<Vec<(String, EvalRun)>> {
    let prepared = prepare(cfg)?;
    let engine = build(work_dir, cfg, &prepared.listed)?;
    let records = cfg.persons + prepared.listed.len() as u64;
    let runs = prepared
        .sets
        .iter()
        .map(|s| {
            let run = evaluate(&engine, &s.queries, None, records, cfg.latency);
            (s.title.clone(), run)
        })
        .collect();
    if let Some(dir) = export {
        let queries: Vec<LabelledQuery> = prepared
            .sets
            .iter()
            .flat_map(|s| s.queries.iter().cloned())
            .collect();
        export::write(dir, &engine, cfg, &prepared.listed, &queries)?;
    }
    Ok(runs)
}
