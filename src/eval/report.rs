//! Aggregation of outcomes into per-group metrics and Markdown tables.

use super::Outcome;
use serde::Serialize;
use std::collections::BTreeMap;

/// Metrics of one group of queries.
#[derive(Debug, Clone, Serialize, Default)]
pub struct GroupMetrics {
    pub group: String,
    pub queries: usize,
    pub recall_at_1: f64,
    pub recall_at_10: f64,
    /// Recall with namesakes counted as correct (see `LabelledQuery::expect_names`).
    pub namesake_recall_at_1: f64,
    pub namesake_recall_at_10: f64,
    /// Positives: share whose expected hit (or a namesake's) alerted. Negatives: share with
    /// any alert.
    pub alert_rate: f64,
    pub baseline_recall_at_1: Option<f64>,
    pub baseline_recall_at_10: Option<f64>,
}

fn rate(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        n as f64 / of as f64
    }
}

/// Whether a group label names negatives: "negative", or "negative_<kind>" when a set has
/// several kinds (each gets its row, and all of them the "negative" row).
pub fn is_negative(group: &str) -> bool {
    group == "negative" || group.starts_with("negative_")
}

fn metrics(group: &str, outs: &[&Outcome]) -> GroupMetrics {
    let n = outs.len();
    let negative = is_negative(group);
    GroupMetrics {
        group: group.to_string(),
        queries: n,
        recall_at_1: rate(outs.iter().filter(|o| o.rank == Some(1)).count(), n),
        recall_at_10: rate(outs.iter().filter(|o| o.rank.is_some()).count(), n),
        namesake_recall_at_1: rate(
            outs.iter().filter(|o| o.namesake_rank == Some(1)).count(),
            n,
        ),
        namesake_recall_at_10: rate(outs.iter().filter(|o| o.namesake_rank.is_some()).count(), n),
        alert_rate: rate(
            outs.iter()
                .filter(|o| {
                    if negative {
                        o.any_alert
                    } else {
                        o.namesake_alert
                    }
                })
                .count(),
            n,
        ),
        baseline_recall_at_1: None,
        baseline_recall_at_10: None,
    }
}

/// Per-group metrics (plus "all positives"), with the baseline's recall beside.
pub fn summarize(engine: &[Outcome], baseline: Option<&[Outcome]>) -> Vec<GroupMetrics> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in engine.iter().enumerate() {
        groups.entry(o.group.as_str()).or_default().push(i);
    }
    let mut out = Vec::new();
    let positives: Vec<usize> = (0..engine.len())
        .filter(|i| !is_negative(&engine[*i].group))
        .collect();
    let (negative_groups, positive_groups): (Vec<_>, Vec<_>) =
        groups.into_iter().partition(|(g, _)| is_negative(g));
    let mut all: Vec<(String, Vec<usize>)> = positive_groups
        .into_iter()
        .map(|(g, v)| (g.to_string(), v))
        .collect();
    all.push(("ALL POSITIVES".into(), positives));
    if negative_groups.len() > 1 || negative_groups.iter().any(|(g, _)| *g != "negative") {
        all.extend(negative_groups.into_iter().map(|(g, v)| (g.to_string(), v)));
    }
    let negatives: Vec<usize> = (0..engine.len())
        .filter(|i| is_negative(&engine[*i].group))
        .collect();
    if !negatives.is_empty() {
        all.push(("negative".into(), negatives));
    }
    for (g, idx) in all {
        let outs: Vec<&Outcome> = idx.iter().map(|i| &engine[*i]).collect();
        let mut m = metrics(&g, &outs);
        if let Some(b) = baseline {
            let bo: Vec<&Outcome> = idx.iter().map(|i| &b[*i]).collect();
            let bm = metrics(&g, &bo);
            if !is_negative(&g) {
                m.baseline_recall_at_1 = Some(bm.recall_at_1);
                m.baseline_recall_at_10 = Some(bm.recall_at_10);
            }
        }
        out.push(m);
    }
    out
}

/// The operating point: the lowest threshold at which at most `max_negative_rate` of the
/// negatives have a hit scoring at or above it, and the share of positives whose expected hit
/// reaches it.
#[derive(Debug, Clone, Serialize)]
pub struct OperatingPoint {
    pub threshold: f32,
    pub negative_alert_rate: f64,
    pub positive_alert_rate: f64,
}

/// Computes the [`OperatingPoint`] for a target negative alert rate.
pub fn operating_point(outs: &[Outcome], max_negative_rate: f64) -> Option<OperatingPoint> {
    let mut neg: Vec<f32> = outs
        .iter()
        .filter(|o| is_negative(&o.group))
        .map(|o| o.max_score)
        .collect();
    let pos: Vec<f32> = outs
        .iter()
        .filter(|o| !is_negative(&o.group))
        .map(|o| o.expected_score)
        .collect();
    if neg.is_empty() || pos.is_empty() {
        return None;
    }
    neg.sort_by(|a, b| b.total_cmp(a));
    let allowed = (max_negative_rate * neg.len() as f64).floor() as usize;
    let threshold = if allowed >= neg.len() {
        0.0
    } else {
        neg[allowed] + 1e-4
    };
    Some(OperatingPoint {
        threshold,
        negative_alert_rate: rate(neg.iter().filter(|s| **s >= threshold).count(), neg.len()),
        positive_alert_rate: rate(pos.iter().filter(|s| **s >= threshold).count(), pos.len()),
    })
}

/// What a `min_score` floor would cost and save: among the positives whose expected record was
/// in the top 10, how many score below the floor (true matches it would drop), and the share of
/// all hits returned (positives' and negatives') below it (noise it would keep out).
#[derive(Debug, Clone, Serialize)]
pub struct FloorCost {
    pub min_score: f32,
    /// True matches found in the top 10 that score below `min_score`.
    pub true_matches_lost: usize,
    /// Those as a share of the true matches found in the top 10.
    pub true_matches_lost_share: f64,
    /// Share of all hits returned that score below `min_score`.
    pub hits_dropped_share: f64,
}

/// The score floors [`floor_costs`] reports on.
pub const FLOORS: [f32; 9] = [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75];

/// [`FloorCost`] of each floor in `floors`, and the lowest score of a true match found in the
/// top 10 (`None` when none was found).
pub fn floor_costs(outs: &[Outcome], floors: &[f32]) -> (Vec<FloorCost>, Option<f32>) {
    let found: Vec<f32> = outs
        .iter()
        .filter(|o| !is_negative(&o.group) && o.rank.is_some())
        .map(|o| o.expected_score)
        .collect();
    let hits: Vec<f32> = outs
        .iter()
        .flat_map(|o| o.hit_scores.iter().copied())
        .collect();
    let costs = floors
        .iter()
        .map(|&f| {
            let lost = found.iter().filter(|s| **s < f).count();
            FloorCost {
                min_score: f,
                true_matches_lost: lost,
                true_matches_lost_share: rate(lost, found.len()),
                hits_dropped_share: rate(hits.iter().filter(|s| **s < f).count(), hits.len()),
            }
        })
        .collect();
    (costs, found.into_iter().reduce(f32::min))
}

/// Renders metrics as a Markdown table.
pub fn markdown(rows: &[GroupMetrics]) -> String {
    let mut s = String::from(
        "| group | queries | recall@1 | recall@10 | recall@1 with namesakes | recall@10 with namesakes | alert rate | JW baseline recall@1 | JW baseline recall@10 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let f = |x: Option<f64>| x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into());
    for r in rows {
        let recall = |x: f64| {
            if is_negative(&r.group) {
                "-".to_string()
            } else {
                format!("{x:.3}")
            }
        };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {:.3} | {} | {} |\n",
            r.group,
            r.queries,
            recall(r.recall_at_1),
            recall(r.recall_at_10),
            recall(r.namesake_recall_at_1),
            recall(r.namesake_recall_at_10),
            r.alert_rate,
            f(r.baseline_recall_at_1),
            f(r.baseline_recall_at_10)
        ));
    }
    s
}
