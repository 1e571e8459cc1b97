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
}

#[test]
fn sdn_aliases_are_found_when_the_set_is_present() {
    let set = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(sdn::DEFAULT_DIR);
    if !sdn::available(&set) {
        eprintln!("skipped: {} not found", set.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = sdn::run(&set, dir.path(), false).unwrap();
    let table = frontline::eval::report::markdown(&run.rows);
    let all = run.row("ALL POSITIVES").unwrap();
    assert!(all.queries > 4000, "{table}");
    assert!(all.recall_at_1 >= 0.90, "{table}");
    assert!(all.recall_at_10 >= 0.97, "{table}");
    assert!(run.row("negative").unwrap().alert_rate <= 0.01, "{table}");
}

/// A typo in a frequent name, beside another frequent name, among a crowd of namesakes: the
/// misspelt token (held by no record) is looked up one edit away, and its frequent neighbour,
/// the name it was typed for, is kept in the candidate query however common (it used to be
/// dropped as common, and the crowd holding only the other name filled the candidate cap).
#[test]
fn a_typo_in_a_frequent_name_is_found_among_namesakes() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("INTERPOL.jsonl");
    let given = [
        "Omar", "Said", "Hamad", "Nasser", "Fahd", "Turki", "Saud", "Majed",
    ];
    let mut lines = Vec::new();
    let mut person = |i: usize, name: String| {
        lines.push(format!(
            r#"{{"kind":"person","source":"INTERPOL","id":"P{i:05}","names":["{name}"],"sharing":["*"]}}"#
        ));
    };
    // 400 holders of the surname, 300 of the given name with other surnames, then the one
    // holder of both, last (ties among equal candidates go to the earlier records)
    for i in 0..400 {
        person(i, format!("{} Qahtani", given[i % given.len()]));
    }
    for i in 400..700 {
        person(i, format!("Walid Harbi{}", (b'a' + (i % 26) as u8) as char));
    }
    person(700, "Walid Qahtani".to_string());
    std::fs::write(&feed, lines.join("\n") + "\n").unwrap();
    let engine = frontline::search::Engine::open(dir.path().join("index")).unwrap();
    engine
        .ingest(&[feed], frontline::feeds::Mode::Full)
        .unwrap();
    let hits = engine
        .search_persons(&frontline::search::PersonQuery {
            name: "Walid Qahxtani".into(),
            limit: Some(5),
            ..Default::default()
        })
        .unwrap()
        .hits;
    assert_eq!(
        hits.first().map(|h| h.id.as_str()),
        Some("P00700"),
        "{:?}",
        hits.iter().map(|h| (&h.name, h.score)).collect::<Vec<_>>()
    );
}
