//! Load-test query files: noisy person names and document numbers, some of
//! them deliberately not in the index ([`write_queries`]).

use super::documents::document;
use super::names::{CULTURES, NUM_CULTURES};
use super::noise::{noisy_name, noisy_number};
use super::numbers::{format_number, permute, NONINDEX_BASE};
use super::persons::{outsider, person};
use super::rng::{Rng, SALT_QUERY_D, SALT_QUERY_P};
use serde::Serialize;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

#[derive(Serialize)]
struct PersonQuery<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_of_birth: Option<&'a str>,
}

#[derive(Serialize)]
struct DocumentQuery<'a> {
    number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuing_country: Option<&'a str>,
}

/// Writes `person_queries.jsonl` and `document_queries.jsonl` (`count` lines
/// each) into `out_dir` for load tests. Person queries alternate between noisy
/// names of indexed persons (even lines) and outsiders (odd lines); ~20% of
/// document queries use numbers that are not in the index. Also the traveller and manifest
/// bodies of [`super::manifests::write_load_bodies`], from the first `count` travellers of
/// the synthetic manifest.
pub fn write_queries(
    out_dir: &Path,
    persons: u64,
    documents: u64,
    seed: u64,
    count: u64,
) -> io::Result<()> {
    fs::create_dir_all(out_dir)?;
    let mut w = BufWriter::new(File::create(out_dir.join("person_queries.jsonl"))?);
    for k in 0..count {
        let mut rng = Rng::stream(seed, SALT_QUERY_P, k);
        let p = if persons == 0 || k % 2 == 1 {
            outsider(seed, k)
        } else {
            person(seed, rng.below(persons))
        };
        let name = noisy_name(&mut rng, &p);
        let dob = if rng.chance(500) {
            p.date_of_birth.as_deref()
        } else {
            None
        };
        serde_json::to_writer(
            &mut w,
            &PersonQuery {
                name: &name,
                date_of_birth: dob,
            },
        )?;
        w.write_all(b"\n")?;
    }
    w.flush()?;

    let mut w = BufWriter::new(File::create(out_dir.join("document_queries.jsonl"))?);
    for k in 0..count {
        let mut rng = Rng::stream(seed, SALT_QUERY_D, k);
        let (number, country) = if documents > 0 && !rng.chance(200) {
            let d = document(seed, rng.below(documents));
            (noisy_number(&mut rng, &d.number), d.issuing_country)
        } else {
            let c = &CULTURES[rng.idx(NUM_CULTURES)];
            let country = *rng.pick(c.nationalities);
            let v = permute(seed, NONINDEX_BASE + k % 10_000_000);
            (format_number(country, v, &mut rng), country.to_string())
        };
        let with_country = rng.chance(500);
        serde_json::to_writer(
            &mut w,
            &DocumentQuery {
                number: &number,
                issuing_country: with_country.then_some(country.as_str()),
            },
        )?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    let travellers = super::manifests::travellers(seed, persons, documents, count);
    super::manifests::write_load_bodies(out_dir, &travellers)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{is_date_like, temp_dir};
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn queries_round_trip() {
        let dir = temp_dir("queries");
        let dir2 = temp_dir("queries2");
        let (np, nd) = (3_000u64, 40_000u64);
        write_queries(&dir, np, nd, 42, 500).unwrap();
        let pq = fs::read_to_string(dir.join("person_queries.jsonl")).unwrap();
        assert_eq!(pq.lines().count(), 500);
        for l in pq.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert!(!v["name"].as_str().unwrap().is_empty());
            if let Some(d) = v.get("date_of_birth") {
                assert!(is_date_like(d.as_str().unwrap()));
            }
        }
        let numbers: HashSet<String> = (0..nd).map(|i| document(42, i).number).collect();
        let dq = fs::read_to_string(dir.join("document_queries.jsonl")).unwrap();
        assert_eq!(dq.lines().count(), 500);
        let mut exact = 0;
        for l in dq.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            exact += usize::from(numbers.contains(v["number"].as_str().unwrap()));
        }
        // ~80% indexed, of which ~55% verbatim.
        assert!((150..=300).contains(&exact), "{exact}");
        write_queries(&dir2, np, nd, 42, 500).unwrap();
        assert_eq!(
            fs::read(dir.join("document_queries.jsonl")).unwrap(),
            fs::read(dir2.join("document_queries.jsonl")).unwrap()
        );
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&dir2).unwrap();
    }
}
