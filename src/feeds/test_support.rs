//! What the importers' tests share: a sink collecting what an import sends, and the
//! shared folder of real lists (outside the project; tests skip when it is absent).

use super::{FeedOp, Sink};
use crate::model::Record;
use std::collections::HashMap;
use std::path::Path;

/// A sink keeping everything, for the importers' tests.
#[derive(Debug, Default)]
pub(crate) struct Collect {
    pub ops: Vec<(usize, Result<FeedOp, String>)>,
    pub warnings: Vec<(usize, String)>,
}

impl Sink for Collect {
    fn op(&mut self, line: usize, op: Result<FeedOp, String>) -> crate::Result<()> {
        self.ops.push((line, op));
        Ok(())
    }
    fn warning(&mut self, line: usize, message: String) {
        self.warnings.push((line, message));
    }
}

impl Collect {
    /// The imported records with their lines.
    pub fn records(&self) -> Vec<(usize, &Record)> {
        self.ops
            .iter()
            .filter_map(|(l, op)| match op {
                Ok(FeedOp::Upsert(r)) => Some((*l, r)),
                _ => None,
            })
            .collect()
    }

    /// The rejected entries with their lines.
    pub fn rejected(&self) -> Vec<(usize, &str)> {
        self.ops
            .iter()
            .filter_map(|(l, op)| op.as_ref().err().map(|e| (*l, e.as_str())))
            .collect()
    }

    /// The person record with this id, and its line.
    pub fn person(&self, id: &str) -> (usize, &crate::model::Person) {
        self.records()
            .into_iter()
            .find_map(|(l, r)| match &r.body {
                crate::model::Body::Person(p) if r.id == id => Some((l, p)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no record {id}"))
    }

    /// Prints what an import of a real list gave: counts, warnings by kind and in full,
    /// rejected entries.
    pub fn report(&self, list: &str, took: std::time::Duration) {
        let records = self.records();
        let docs: usize = records
            .iter()
            .map(|(_, r)| match &r.body {
                crate::model::Body::Person(p) => p.documents.len(),
                _ => 0,
            })
            .sum();
        eprintln!(
            "{list}: {} records, {docs} documents, {} rejected, {} warnings in {took:?}",
            records.len(),
            self.rejected().len(),
            self.warnings.len()
        );
        for (kind, n) in self.warning_kinds() {
            eprintln!("  {n:5} {kind}");
        }
        for (line, w) in &self.warnings {
            eprintln!("  line {line}: {w}");
        }
        for (line, why) in self.rejected() {
            eprintln!("  REJECTED line {line}: {why}");
        }
    }

    /// Warnings counted by kind (the text before the first colon).
    pub fn warning_kinds(&self) -> Vec<(String, usize)> {
        let mut kinds: HashMap<String, usize> = HashMap::new();
        for (_, w) in &self.warnings {
            let kind = w.split(':').next().unwrap_or(w).to_string();
            *kinds.entry(kind).or_default() += 1;
        }
        let mut kinds: Vec<_> = kinds.into_iter().collect();
        kinds.sort();
        kinds
    }
}

/// The shared test-data folder (outside the project; tests skip when it is absent).
pub(crate) fn testdata() -> Option<std::path::PathBuf> {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/watchman-testdata"
    ));
    if dir.is_dir() {
        Some(dir.to_path_buf())
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

impl Collect {
    /// The imported records as JSON values, with their lines.
    pub fn records_json(&self) -> Vec<(usize, serde_json::Value)> {
        self.records()
            .into_iter()
            .map(|(l, r)| (l, serde_json::to_value(r).unwrap()))
            .collect()
    }

    /// The imported record with this id.
    pub fn record(&self, id: &str) -> Option<&Record> {
        self.records()
            .into_iter()
            .find(|(_, r)| r.id == id)
            .map(|(_, r)| r)
    }
}
