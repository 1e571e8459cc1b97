//! One-thread latency of the evaluation's queries: every labelled query searched once more,
//! one after another on the calling thread, as an officer's request would be (default limit
//! and score floor, explanations built), after the evaluation has warmed the index. What the
//! README's "Person search in process" table reports, reproducible with `frontline eval
//! --latency`.

use super::person_query;
use super::variants::LabelledQuery;
use crate::search::Engine;
use serde::Serialize;
use std::time::Instant;

/// The distribution of one pass over the queries, in microseconds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Latency {
    pub queries: usize,
    pub mean_us: f64,
    pub p50_us: f64,
    pub p90_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
}

/// Searches every query once, one after another, timing each search alone.
pub fn measure(engine: &Engine, queries: &[LabelledQuery]) -> Latency {
    let mut us: Vec<f64> = queries
        .iter()
        .map(|q| {
            let pq = person_query(q, None);
            let t = Instant::now();
            let answer = engine.search_persons(&pq);
            let took = t.elapsed().as_secs_f64() * 1e6;
            std::hint::black_box(answer.map(|r| r.hits.len()).unwrap_or(0));
            took
        })
        .collect();
    summarize(&mut us)
}

/// Mean and nearest-rank percentiles of `us` (sorted in place).
fn summarize(us: &mut [f64]) -> Latency {
    us.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        if us.is_empty() {
            return 0.0;
        }
        let k = ((p * us.len() as f64).ceil() as usize).clamp(1, us.len());
        us[k - 1]
    };
    Latency {
        queries: us.len(),
        mean_us: if us.is_empty() {
            0.0
        } else {
            us.iter().sum::<f64>() / us.len() as f64
        },
        p50_us: rank(0.50),
        p90_us: rank(0.90),
        p99_us: rank(0.99),
        max_us: us.last().copied().unwrap_or(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let mut us: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let l = summarize(&mut us);
        assert_eq!(
            (l.queries, l.p50_us, l.p90_us, l.p99_us, l.max_us),
            (100, 50.0, 90.0, 99.0, 100.0)
        );
        assert!((l.mean_us - 50.5).abs() < 1e-9);
        let mut one = vec![7.0];
        assert_eq!(summarize(&mut one).p99_us, 7.0);
        assert_eq!(summarize(&mut []).queries, 0);
    }
}
