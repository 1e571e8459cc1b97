//! The real-data evaluation on the public OFAC SDN list (`../shared/data/sdn-eval/`, built
//! from the SDN CSV; its README says how): the 4,620 listed individuals are indexed by
//! primary name (natural order), their 4,645 spelling-variant aliases are the positives
//! (grouped by alias class) and 3,370 unlisted names the negatives. Name only, no date of
//! birth. Skipped cleanly when the folder is absent.

use super::baseline::Baseline;
use super::synthetic::{evaluate, EvalRun};
use super::variants::LabelledQuery;
use crate::feeds::Mode;
use crate::normalize::name_tokens;
use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The default location, relative to the project root.
pub const DEFAULT_DIR: &str = "../shared/data/sdn-eval";

/// Whether the evaluation set is there.
pub fn available(dir: &Path) -> bool {
    dir.join("index.tsv").is_file() && dir.join("queries_positive.tsv").is_file()
}

fn read_tsv(path: &Path) -> Result<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

/// Indexes the SDN individuals in `work_dir` and evaluates the alias and negative queries.
pub fn run(sdn_dir: &Path, work_dir: &Path, with_baseline: bool, latency: bool) -> Result<EvalRun> {
    let index = read_tsv(&sdn_dir.join("index.tsv"))?;
    let feed: PathBuf = work_dir.join("sdn.jsonl");
    let io = |source| Error::Io {
        path: feed.clone(),
        source,
    };
    let mut f = std::io::BufWriter::new(std::fs::File::create(&feed).map_err(io)?);
    let mut records = Vec::new();
    let mut primary = std::collections::HashMap::new();
    for row in &index {
        let (Some(id), Some(name)) = (row.first(), row.get(2)) else {
            continue;
        };
        if name_tokens(name).is_empty() {
            continue;
        }
        let line =
            serde_json::json!({"kind": "person", "source": "SDN", "id": id, "names": [name]});
        writeln!(f, "{line}").map_err(io)?;
        records.push(("SDN".to_string(), id.clone(), vec![name.clone()]));
        primary.insert(id.clone(), name.clone());
    }
    f.flush().map_err(io)?;
    drop(f);
    // a scratch index of its own; the full-mode ingest replaces whatever an earlier run left
    let engine = super::synthetic::open_scratch(work_dir, &work_dir.join("built"))?;
    engine.ingest(std::slice::from_ref(&feed), Mode::Full)?;

    let mut queries = Vec::new();
    for row in read_tsv(&sdn_dir.join("queries_positive.tsv"))? {
        let (Some(q), Some(id), Some(class)) = (row.first(), row.get(1), row.get(3)) else {
            continue;
        };
        queries.push(LabelledQuery {
            group: class.clone(),
            name: q.clone(),
            date_of_birth: None,
            nationality: None,
            gender: None,
            expect: Some(("SDN".into(), id.clone())),
            expect_names: primary.get(id).cloned().into_iter().collect(),
        });
    }
    if let Ok(neg) = read_tsv(&sdn_dir.join("queries_negative.tsv")) {
        for row in neg {
            let Some(q) = row.first() else { continue };
            queries.push(LabelledQuery {
                group: "negative".into(),
                name: q.clone(),
                date_of_birth: None,
                nationality: None,
                gender: None,
                expect: None,
                expect_names: Vec::new(),
            });
        }
    }
    let n = records.len() as u64;
    let baseline = with_baseline.then(|| Baseline::new(records));
    Ok(evaluate(&engine, &queries, baseline.as_ref(), n, latency))
}
