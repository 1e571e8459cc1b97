//! Matching quality as regression tests, through the real search path (issue #3's families).
//! Properties:
//! - on a small synthetic set every variation family is found (recall@10) and ranked first
//!   far more often than by the brute-force Jaro-Winkler baseline;
//! - negatives (people not in the index) rarely alert, true variants usually do;
//! - on the real OFAC SDN set (only when `../shared/data/sdn-eval` exists) recall@1 and
//!   recall@10 do not fall below what the engine reached when this test was written
//!   (0.894 / 0.967; issue #3 aims at 0.90 / 0.97).

use frontline::eval::{sdn, synthetic};

#[test]
fn synthetic_families_are_found_and_beat_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = synthetic::SyntheticConfig {
        persons: 3000,
        per_family: 40,
        negatives: 400,
        seed: 7,
        baseline: true,
        documents: 0,
        latency: true,
    };
    let run = synthetic::run(dir.path(), &cfg).unwrap();
    let table = frontline::eval::report::markdown(&run.rows);
    for row in run
        .rows
        .iter()
        .filter(|r| r.group != "negative" && r.group != "ALL POSITIVES")
    {
        assert!(
            row.queries >= 20,
            "family {} produced too few queries\n{table}",
            row.group
        );
        assert!(
            row.recall_at_10 >= 0.9,
            "family {} recall@10\n{table}",
            row.group
        );
        assert!(
            row.recall_at_1 >= row.baseline_recall_at_1.unwrap(),
            "family {} vs baseline\n{table}",
            row.group
        );
    }
    let all = run.row("ALL POSITIVES").unwrap();
    assert!(all.recall_at_1 >= 0.95, "{table}");
    assert!(all.recall_at_10 >= 0.985, "{table}");
    assert!(all.alert_rate >= 0.93, "{table}");
    assert!(run.row("negative").unwrap().alert_rate <= 0.02, "{table}");
    // --latency timed every query once (a count, not a speed: speed is for the benches)
    let latency = run.latency.as_ref().expect("asked for");
    assert_eq!(latency.queries, run.queries);
    assert!(latency.p50_us <= latency.p99_us && latency.p99_us <= latency.max_us);
}

#[test]
fn sdn_aliases_are_found_when_the_set_is_present() {
    let set = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(sdn::DEFAULT_DIR);
    if !sdn::available(&set) {
        eprintln!("skipped: {} not found", set.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = sdn::run(&set, dir.path(), false, false).unwrap();
    let table = frontline::eval::report::markdown(&run.rows);
    let all = run.row("ALL POSITIVES").unwrap();
    assert!(all.queries > 4000, "{table}");
    assert!(all.recall_at_1 >= 0.90, "{table}");
    assert!(all.recall_at_10 >= 0.97, "{table}");
    assert!(run.row("negative").unwrap().alert_rate <= 0.01, "{table}");
}

/// The name ranked first for `query` in an index of `names` (ids `P00000`, ... in order).
fn first_hit(names: &[String], query: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("INTERPOL.jsonl");
    let lines: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            format!(
                r#"{{"kind":"person","source":"INTERPOL","id":"P{i:05}","names":["{name}"],"sharing":["*"]}}"#
            )
        })
        .collect();
    std::fs::write(&feed, lines.join("\n") + "\n").unwrap();
    let engine = frontline::search::Engine::open(dir.path().join("index")).unwrap();
    engine
        .ingest(&[feed], frontline::feeds::Mode::Full)
        .unwrap();
    let hits = engine
        .search_persons(&frontline::search::PersonQuery {
            name: query.into(),
            limit: Some(5),
            ..Default::default()
        })
        .unwrap()
        .hits;
    hits.first().map(|h| h.name.clone())
}

const GIVEN: [&str; 8] = [
    "Omar", "Said", "Hamad", "Nasser", "Fahd", "Turki", "Saud", "Majed",
];

/// A typo in a frequent name, beside another frequent name, among a crowd of namesakes: the
/// misspelt token (held by no record) is looked up one edit away, and its frequent neighbour,
/// the name it was typed for, is kept in the candidate query however common (it used to be
/// dropped as common, and the crowd holding only the other name filled the candidate cap).
#[test]
fn a_typo_in_a_frequent_name_is_found_among_namesakes() {
    // 400 holders of the surname, 300 of the given name with other surnames, then the one
    // holder of both, last (ties among equal candidates go to the earlier records)
    let mut names: Vec<String> = (0..400)
        .map(|i| format!("{} Qahtani", GIVEN[i % GIVEN.len()]))
        .collect();
    names.extend((0..300).map(|i| format!("Walid Harbi{}", (b'a' + (i % 26) as u8) as char)));
    names.push("Walid Qahtani".into());
    assert_eq!(
        first_hit(&names, "Walid Qahxtani").as_deref(),
        Some("Walid Qahtani")
    );
}

/// Two edits in one token (a swap and a wrong letter), which leave no token one edit away: it
/// is looked up two edits away (first letter exact), so the one holder of both names is found
/// among 300 holders of the other name.
#[test]
fn two_typos_in_one_name_are_found_among_namesakes() {
    let mut names: Vec<String> = (0..300)
        .map(|i| format!("{} Tamimi", GIVEN[i % GIVEN.len()]))
        .collect();
    names.push("Alexandra Tamimi".into());
    assert_eq!(
        first_hit(&names, "Alexnadrq Tamimi").as_deref(),
        Some("Alexandra Tamimi")
    );
}
