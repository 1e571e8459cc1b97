//! Criterion benches of the hot paths: normalisation, pair scoring, person search and
//! document check at 10k and 100k records (1M persons / 10M documents with
//! `FRONTLINE_BENCH_LARGE=1`), manifest screening (a 400-traveller manifest on the batch pool
//! against the same travellers' person searches one after another), and ingest throughput.
//!
//! Indexes are built once under `target/bench-data/` from `synth` (seed 42) and reused.
//! Every iteration asserts that it did the work (a non-empty result), so a broken path cannot
//! look fast. Run: `cargo bench --bench engine` (add `-- search` to filter).

/// The allocator the `frontline` binary runs with (see Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use frontline::eval::synthetic::{queries, SyntheticConfig};
use frontline::feeds::Mode;
use frontline::matching::name::{match_names, NameProfile};
use frontline::normalize::name_tokens;
use frontline::search::{DocumentQuery, Engine, PersonQuery};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const SEED: u64 = 42;

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

fn scales() -> Vec<u64> {
    if std::env::var("FRONTLINE_BENCH_LARGE").is_ok_and(|v| v == "1") {
        vec![10_000, 100_000, 1_000_000]
    } else {
        vec![10_000, 100_000]
    }
}

/// An index of `persons` persons and `10 * persons` documents, built once (what `frontline
/// eval --documents` builds too).
fn engine(persons: u64) -> Engine {
    let dir = bench_dir().join(format!("idx-{persons}"));
    frontline::eval::synthetic::build(&dir, persons, persons * 10, SEED).unwrap()
}

fn names() -> Vec<String> {
    queries(&SyntheticConfig {
        persons: 10_000,
        per_family: 20,
        negatives: 50,
        seed: SEED,
        baseline: false,
        documents: 0,
        latency: false,
    })
    .into_iter()
    .map(|q| q.name)
    .collect()
}

fn normalisation(c: &mut Criterion) {
    let names = names();
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("name_tokens", |b| {
        b.iter(|| {
            let n: usize = names.iter().map(|s| name_tokens(s).len()).sum();
            assert!(n > 0);
            n
        })
    });
    g.finish();
}

fn pair_scoring(c: &mut Criterion) {
    let names = names();
    let profiles: Vec<NameProfile> = names.iter().map(|n| NameProfile::new(n)).collect();
    let mut g = c.benchmark_group("matching");
    g.throughput(Throughput::Elements(profiles.len() as u64 - 1));
    g.bench_function("match_names_pairs", |b| {
        b.iter(|| {
            let s: f32 = profiles
                .windows(2)
                .map(|w| match_names(&w[0], &w[1], &mut |_| 1.0).score)
                .sum();
            assert!(s > 0.0);
            s
        })
    });
    g.finish();
}

fn person_search(c: &mut Criterion) {
    let mut g = c.benchmark_group("person_search");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    for n in scales() {
        let engine = engine(n);
        let qs = queries(&SyntheticConfig {
            persons: n,
            per_family: 10,
            negatives: 50,
            seed: SEED,
            baseline: false,
            documents: 0,
            latency: false,
        });
        let mut i = 0;
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                let q = &qs[i % qs.len()];
                i += 1;
                // the search `frontline eval --latency` times: name, date of birth,
                // nationality when the query has one, default limit, explanations
                let res = engine
                    .search_persons(&frontline::eval::person_query(q, None))
                    .unwrap();
                assert!(res.candidates > 0);
                black_box(res)
            })
        });
    }
    g.finish();
}

fn document_check(c: &mut Criterion) {
    let mut g = c.benchmark_group("document_check");
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    for n in scales() {
        let engine = engine(n);
        // documents every caller may see (shared with everyone, not expired)
        let numbers: Vec<String> = (0..5000)
            .map(|i| frontline::synth::document(SEED, i * 7 % (n * 10)))
            .filter(|d| d.sharing == ["*"] && d.expires.is_none())
            .map(|d| d.number)
            .take(500)
            .collect();
        let mut i = 0;
        g.bench_with_input(BenchmarkId::from_parameter(n * 10), &n, |b, _| {
            b.iter(|| {
                let number = numbers[i % numbers.len()].clone();
                i += 1;
                let res = engine
                    .check_document(&DocumentQuery {
                        number,
                        ..Default::default()
                    })
                    .unwrap();
                assert!(!res.hits.is_empty());
                black_box(res)
            })
        });
    }
    g.finish();
}

/// Travellers of the screening benches: the synthetic manifest planted from the bench feeds.
const MANIFEST_TRAVELLERS: u64 = 400;

fn screening(c: &mut Criterion) {
    use frontline::model::Date;
    use frontline::screening::manifest::{Entry, Manifest, Position};
    use frontline::screening::{check_traveller, BatchPool, CheckOptions, TravellerFields};
    let mut g = c.benchmark_group("screening");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.throughput(Throughput::Elements(MANIFEST_TRAVELLERS));
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = BatchPool::new(threads, 0).unwrap();
    let screening = CheckOptions::screening(None);
    let opts = CheckOptions::default();
    let today = Date::today();
    for n in scales() {
        let engine = engine(n);
        let synth = frontline::synth::manifests::travellers(SEED, n, n * 10, MANIFEST_TRAVELLERS);
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let entries = synth
            .iter()
            .enumerate()
            .map(|(i, t)| Entry {
                position: Position::Index { index: i },
                fields: Ok(TravellerFields {
                    id: opt(&t.id),
                    surname: opt(&t.surname),
                    given_names: opt(&t.given_names),
                    date_of_birth: opt(&t.date_of_birth),
                    nationality: opt(&t.nationality),
                    sex: opt(&t.sex),
                    document_number: opt(&t.document_number),
                    document_type: opt(&t.document_type),
                    document_country: opt(&t.document_country),
                }),
            })
            .collect();
        let travellers = Manifest {
            entries,
            ..Default::default()
        }
        .validate(today);
        let valid: Vec<_> = travellers
            .iter()
            .filter_map(|(_, t)| t.as_ref().ok())
            .collect();
        g.bench_with_input(BenchmarkId::new("manifest_400_batch", n), &n, |b, _| {
            b.iter(|| {
                let out = pool.screen_all(&engine, &travellers, &screening).unwrap();
                assert_eq!(out.len() as u64, MANIFEST_TRAVELLERS);
                assert!(out.iter().any(|s| s.alert()));
                black_box(out)
            })
        });
        g.bench_with_input(
            BenchmarkId::new("person_search_400_one_by_one", n),
            &n,
            |b, _| {
                b.iter(|| {
                    let mut hits = 0;
                    for t in &valid {
                        let q = PersonQuery {
                            name: t.name(),
                            date_of_birth: t.date_of_birth.map(|d| d.to_string()),
                            ..Default::default()
                        };
                        hits += engine.search_persons(&q).unwrap().hits.len();
                    }
                    assert!(hits > 0);
                    black_box(hits)
                })
            },
        );
        g.bench_with_input(
            BenchmarkId::new("traveller_check_400_one_by_one", n),
            &n,
            |b, _| {
                b.iter(|| {
                    let alerts = valid
                        .iter()
                        .filter(|t| check_traveller(&engine, t, &opts).unwrap().alert)
                        .count();
                    assert!(alerts > 0);
                    black_box(alerts)
                })
            },
        );
    }
    g.finish();
}

fn ingest(c: &mut Criterion) {
    let dir = bench_dir().join("ingest-feed");
    let persons = 10_000u64;
    let summary = frontline::synth::write_feeds(&dir, persons, 0, SEED).unwrap();
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(persons));
    g.bench_function("persons_10k", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |tmp| {
                let engine = Engine::open(tmp.path()).unwrap();
                let reports = engine.ingest(&summary.files, Mode::Full).unwrap();
                assert_eq!(
                    reports.iter().map(|r| r.upserts as u64).sum::<u64>(),
                    persons
                );
                tmp
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(
    benches,
    normalisation,
    pair_scoring,
    person_search,
    document_check,
    screening,
    ingest
);
criterion_main!(benches);
