//! `frontline eval --independent --export DIR`: the evaluation's persons, queries and
//! Frontline's answers as TSV files, for a peer to be measured on exactly the same data
//! (`benches/pg_trgm/run.sh`):
//!
//! - `persons.tsv`: `source`, `id`, `name`, one row per name of every indexed person;
//! - `queries.tsv`: `qid`, `family`, `name`, `expect_source`, `expect_id` (empty for
//!   negatives);
//! - `frontline.tsv`: `qid`, `hits` (Frontline's top 10 as `source/id`, space-separated,
//!   best first), `micros` (that search alone on one thread: limit 10, no score floor,
//!   explanations built).

use super::{IndependentConfig, Listed};
use crate::eval::variants::LabelledQuery;
use crate::fsutil::io_error;
use crate::search::{Engine, PersonQuery};
use crate::synth::person;
use crate::Result;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Tabs and line breaks would break a TSV row; names never need them.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes the three files into `dir` (created if missing).
pub fn write(
    dir: &Path,
    engine: &Engine,
    cfg: &IndependentConfig,
    listed: &[Listed],
    queries: &[LabelledQuery],
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let open = |name: &str| {
        let path = dir.join(name);
        std::fs::File::create(&path)
            .map(|f| (std::io::BufWriter::new(f), path.clone()))
            .map_err(io_error(&path))
    };
    let (mut f, path) = open("persons.tsv")?;
    writeln!(f, "source\tid\tname").map_err(io_error(&path))?;
    for i in 0..cfg.persons {
        let p = person(cfg.seed, i);
        for n in &p.names {
            writeln!(f, "{}\t{}\t{}", p.source, p.id, clean(n)).map_err(io_error(&path))?;
        }
    }
    for l in listed {
        for n in &l.names {
            writeln!(f, "{}\t{}\t{}", l.source, l.id, clean(n)).map_err(io_error(&path))?;
        }
    }
    f.flush().map_err(io_error(&path))?;

    let (mut qf, qpath) = open("queries.tsv")?;
    let (mut ff, fpath) = open("frontline.tsv")?;
    writeln!(qf, "qid\tfamily\tname\texpect_source\texpect_id").map_err(io_error(&qpath))?;
    writeln!(ff, "qid\thits\tmicros").map_err(io_error(&fpath))?;
    for (qid, q) in queries.iter().enumerate() {
        let (es, ei) = q.expect.clone().unwrap_or_default();
        writeln!(qf, "{qid}\t{}\t{}\t{es}\t{ei}", q.group, clean(&q.name))
            .map_err(io_error(&qpath))?;
        let pq = PersonQuery {
            limit: Some(10),
            ..crate::eval::person_query(q, Some(0.0))
        };
        let t = Instant::now();
        let hits = engine
            .search_persons(&pq)
            .map(|r| r.hits)
            .unwrap_or_default();
        let micros = t.elapsed().as_micros();
        let hits: Vec<String> = hits
            .iter()
            .map(|h| format!("{}/{}", h.source, h.id))
            .collect();
        writeln!(ff, "{qid}\t{}\t{micros}", hits.join(" ")).map_err(io_error(&fpath))?;
    }
    qf.flush().map_err(io_error(&qpath))?;
    ff.flush().map_err(io_error(&fpath))?;
    Ok(())
}
