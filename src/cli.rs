//! Command-line interface: `serve`, `ingest`, `search`, `check-doc`, `synth`.
//! Logs go to stderr (`RUST_LOG`, default `info`); results to stdout.

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use frontline::config::Config;
use frontline::feeds::Mode;
use frontline::search::{DocumentQuery, Engine, PersonQuery};
use frontline::Error;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "frontline",
    version,
    about = "Fuzzy person and travel-document search for frontline identity checks"
)]
struct Cli {
    /// Data directory: sample feeds in `feeds/`, the index in `index/`.
    #[arg(long, global = true, default_value = "index-data")]
    data_dir: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the REST service (ingests the sample feeds into an empty index first).
    Serve {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Do not ingest `feeds/*.jsonl` into an empty index.
        #[arg(long)]
        no_bootstrap: bool,
    },
    /// Ingest feed files (JSON Lines), each atomically.
    Ingest {
        /// `full` replaces all records of the file's source; `delta` applies upserts and deletes.
        #[arg(long, value_enum, default_value_t = Mode::Full)]
        mode: Mode,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Search persons by name in the local index.
    Search {
        name: String,
        /// Date of birth: YYYY-MM-DD, YYYY-MM or YYYY.
        #[arg(long)]
        dob: Option<String>,
        /// Nationality, ISO 3166-1 alpha-3.
        #[arg(long)]
        nationality: Option<String>,
        /// Gender: M, F, X or U.
        #[arg(long)]
        gender: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Search as this agency (default: only records shared with everyone).
        #[arg(long)]
        agency: Option<String>,
        /// Print the full JSON result with explanations.
        #[arg(long)]
        json: bool,
    },
    /// Check a travel-document number in the local index.
    CheckDoc {
        number: String,
        /// Issuing country, ISO 3166-1 alpha-3.
        #[arg(long)]
        country: Option<String>,
        /// Document type (passport, id_card, visa, residence_permit, other).
        #[arg(long = "type")]
        doc_type: Option<String>,
        #[arg(long)]
        agency: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write deterministic synthetic feeds (one file per organization) and query files.
    Synth {
        #[arg(long, default_value_t = 1000)]
        persons: u64,
        #[arg(long, default_value_t = 1000)]
        documents: u64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Also write this many load-test queries of each kind (0 = none).
        #[arg(long, default_value_t = 0)]
        queries: u64,
        /// Also write a passenger manifest of this many travellers, planted from
        /// these feeds: manifest.csv, manifest.json and manifest.truth.jsonl (0 = none).
        #[arg(long, default_value_t = 0)]
        manifest_travellers: u64,
    },
    /// Evaluate name matching: synthetic variants per family, and the OFAC SDN set if present.
    Eval {
        /// Synthetic persons to index.
        #[arg(long, default_value_t = 100_000)]
        persons: u64,
        /// Positive queries per variation family.
        #[arg(long, default_value_t = 200)]
        per_family: usize,
        /// Negative queries (people not in the index).
        #[arg(long, default_value_t = 2000)]
        negatives: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Skip the brute-force Jaro-Winkler baseline.
        #[arg(long)]
        no_baseline: bool,
        /// Skip the synthetic set.
        #[arg(long)]
        no_synthetic: bool,
        /// The sdn-eval folder; skipped if absent.
        #[arg(long, default_value = frontline::eval::sdn::DEFAULT_DIR)]
        sdn: PathBuf,
        /// Where indexes are built (reused across runs of the same size and seed).
        #[arg(long)]
        work_dir: Option<PathBuf>,
        /// Print JSON instead of Markdown.
        #[arg(long)]
        json: bool,
    },
}

/// Parses the command line and runs it; the exit code is 0 on success, 2 for a rejected
/// feed or bad input, 1 otherwise.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            match e.downcast_ref::<Error>() {
                Some(err) if err.is_user_error() => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

fn open(data_dir: &std::path::Path) -> anyhow::Result<Engine> {
    let config = Config {
        data_dir: data_dir.to_path_buf(),
        ..Config::default()
    };
    Engine::open(config.index_dir())
        .with_context(|| format!("opening the index in {}", config.index_dir().display()))
}

fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            listen,
            no_bootstrap,
        } => {
            let config = Config {
                data_dir: cli.data_dir,
                listen,
                bootstrap_samples: !no_bootstrap,
                ..Config::default()
            };
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(frontline::api::server::serve(config))?;
        }
        Command::Ingest { mode, files } => {
            let engine = open(&cli.data_dir)?;
            engine.ingest_each(&files, mode, &mut |r| {
                println!(
                    "{}: source {} ({:?}): {} lines, {} upserts, {} deletes; records {} -> {} in {} ms",
                    r.path.display(),
                    r.source,
                    r.mode,
                    r.lines,
                    r.upserts,
                    r.deletes,
                    r.records_before,
                    r.records_after,
                    r.took_ms
                );
            })?;
        }
        Command::Search {
            name,
            dob,
            nationality,
            gender,
            limit,
            agency,
            json,
        } => {
            let engine = open(&cli.data_dir)?;
            let q = PersonQuery {
                name,
                date_of_birth: dob,
                nationality,
                gender,
                limit: Some(limit),
                min_score: None,
                agency,
            };
            let res = engine.search_persons(&q)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&res)?);
            } else {
                for h in res.hits {
                    println!(
                        "{:.3} {} {}/{}  {}  dob {}  {}",
                        h.score,
                        if h.alert { "ALERT" } else { "     " },
                        h.source,
                        h.id,
                        h.name,
                        h.record["date_of_birth"].as_str().unwrap_or("-"),
                        h.record["action"].as_str().unwrap_or("")
                    );
                }
            }
        }
        Command::CheckDoc {
            number,
            country,
            doc_type,
            agency,
            json,
        } => {
            let engine = open(&cli.data_dir)?;
            let q = DocumentQuery {
                number,
                issuing_country: country,
                document_type: doc_type,
                limit: None,
                agency,
            };
            let res = engine.check_document(&q)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&res)?);
            } else {
                for h in res.hits {
                    println!(
                        "{:.3} {} {}/{}  {} {} {} {}",
                        h.score,
                        if h.alert { "ALERT" } else { "     " },
                        h.source,
                        h.id,
                        h.record["number"].as_str().unwrap_or(""),
                        h.record["issuing_country"].as_str().unwrap_or(""),
                        h.record["document_type"].as_str().unwrap_or(""),
                        h.record["status"].as_str().unwrap_or("")
                    );
                }
            }
        }
        Command::Synth {
            persons,
            documents,
            out,
            seed,
            queries,
            manifest_travellers,
        } => {
            if persons == 0 && documents == 0 {
                bail!("nothing to generate: give --persons and/or --documents");
            }
            let s = frontline::synth::write_feeds(&out, persons, documents, seed)
                .with_context(|| format!("writing feeds to {}", out.display()))?;
            println!(
                "wrote {} persons and {} documents in {} files to {}",
                s.persons,
                s.documents,
                s.files.len(),
                out.display()
            );
            if queries > 0 {
                frontline::synth::write_queries(&out, persons, documents, seed, queries)?;
                println!(
                    "wrote {queries} person and {queries} document queries to {}",
                    out.display()
                );
            }
            if manifest_travellers > 0 {
                use frontline::synth::manifests;
                let t = manifests::travellers(seed, persons, documents, manifest_travellers);
                let writing = |f: &str| format!("writing {}", out.join(f).display());
                manifests::write_csv(&out.join("manifest.csv"), &t)
                    .with_context(|| writing("manifest.csv"))?;
                manifests::write_json(&out.join("manifest.json"), &t)
                    .with_context(|| writing("manifest.json"))?;
                manifests::write_truth(&out.join("manifest.truth.jsonl"), &t)
                    .with_context(|| writing("manifest.truth.jsonl"))?;
                println!(
                    "wrote a manifest of {manifest_travellers} travellers (manifest.csv, manifest.json, manifest.truth.jsonl) to {}",
                    out.display()
                );
            }
        }
        Command::Eval {
            persons,
            per_family,
            negatives,
            seed,
            no_baseline,
            no_synthetic,
            sdn,
            work_dir,
            json,
        } => {
            let work = work_dir.unwrap_or_else(|| std::env::temp_dir().join("frontline-eval"));
            if !no_synthetic {
                let cfg = frontline::eval::synthetic::SyntheticConfig {
                    persons,
                    per_family,
                    negatives,
                    seed,
                    baseline: !no_baseline,
                };
                let dir = work.join(format!("synthetic-{persons}-{seed}"));
                std::fs::create_dir_all(&dir)?;
                let run = frontline::eval::synthetic::run(&dir, &cfg)?;
                print_eval(
                    &format!("Synthetic set: {persons} persons, seed {seed}"),
                    &run,
                    json,
                )?;
            }
            if frontline::eval::sdn::available(&sdn) {
                let dir = work.join("sdn");
                if dir.exists() {
                    std::fs::remove_dir_all(&dir)?;
                }
                std::fs::create_dir_all(&dir)?;
                let run = frontline::eval::sdn::run(&sdn, &dir, !no_baseline)?;
                print_eval("OFAC SDN set (name only)", &run, json)?;
            } else {
                println!("SDN evaluation skipped: {} not found", sdn.display());
            }
        }
    }
    Ok(())
}

fn print_eval(
    title: &str,
    run: &frontline::eval::synthetic::EvalRun,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({"title": title, "run": run}))?
        );
        return Ok(());
    }
    println!("\n### {title}\n");
    print!("{}", frontline::eval::report::markdown(&run.rows));
    println!(
        "\n{} queries against {} records: engine {} ms ({:.2} ms/query on the rayon pool){}",
        run.queries,
        run.records,
        run.engine_ms,
        run.engine_ms as f64 / run.queries.max(1) as f64,
        run.baseline_ms
            .map(|b| format!(", JW baseline {b} ms"))
            .unwrap_or_default()
    );
    if let Some(op) = &run.operating_point {
        println!(
            "operating point for <= 1% alerting negatives: threshold {:.3}, positives alerting {:.3} (engine threshold {})",
            op.threshold, op.positive_alert_rate, frontline::matching::PERSON_ALERT_THRESHOLD
        );
    }
    Ok(())
}
