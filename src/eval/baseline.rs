//! The brute-force baseline: Jaro-Winkler (strsim) of the folded query against every folded
//! indexed name, best name per record, top 10. Uses the same folding as the engine so that
//! scripts and diacritics do not count against it.

use super::variants::LabelledQuery;
use super::Outcome;
use crate::normalize::fold;
use rayon::prelude::*;

/// All indexed names, folded.
pub struct Baseline {
    names: Vec<(String, u32)>,
    records: Vec<(String, String)>,
}

impl Baseline {
    /// From `(source, id, names)` of every searchable record.
    pub fn new(records: impl IntoIterator<Item = (String, String, Vec<String>)>) -> Self {
        let mut b = Baseline {
            names: Vec::new(),
            records: Vec::new(),
        };
        for (source, id, names) in records {
            let r = b.records.len() as u32;
            b.records.push((source, id));
            for n in names {
                b.names.push((fold(&n), r));
            }
        }
        b
    }

    /// The ten best records for one query: `(record, score)`.
    fn top10(&self, query: &str) -> Vec<(u32, f32)> {
        let q = fold(query);
        let mut best: Vec<(u32, f32)> = Vec::with_capacity(11);
        for (name, r) in &self.names {
            let s = strsim::jaro_winkler(&q, name) as f32;
            if best.len() == 10 && s <= best[9].1 {
                continue;
            }
            if let Some(e) = best.iter_mut().find(|(br, _)| br == r) {
                e.1 = e.1.max(s);
            } else {
                best.push((*r, s));
            }
            best.sort_by(|a, b| b.1.total_cmp(&a.1));
            best.truncate(10);
        }
        best
    }

    /// Runs the queries (in parallel); alerts are not defined for the baseline.
    pub fn run(&self, queries: &[LabelledQuery]) -> Vec<Outcome> {
        queries
            .par_iter()
            .map(|q| {
                let top = self.top10(&q.name);
                let pos = q.expect.as_ref().and_then(|(s, i)| {
                    top.iter().position(|(r, _)| {
                        let (rs, ri) = &self.records[*r as usize];
                        rs == s && ri == i
                    })
                });
                Outcome {
                    group: q.group.clone(),
                    rank: pos.map(|p| p + 1),
                    namesake_rank: pos.map(|p| p + 1),
                    expected_alert: false,
                    namesake_alert: false,
                    expected_score: pos.map(|p| top[p].1).unwrap_or(0.0),
                    max_score: top.first().map(|t| t.1).unwrap_or(0.0),
                    any_alert: false,
                    hit_scores: top.iter().map(|t| t.1).collect(),
                }
            })
            .collect()
    }
}
