//! Command-line interface: `serve`, `ingest`, `search`, `check-doc`, `screen`, `mrz`, `synth`,
//! `eval`.
//! Logs go to stderr (`RUST_LOG`, default `info`); results to stdout.

use crate::cli_out::{out, outln};
use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use frontline::config::Config;
use frontline::feeds::{Format, Mode};
use frontline::index::writer::{Feed, IngestOptions};
use frontline::search::{DocumentQuery, PersonQuery};
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
    /// Run the REST service (ingests the sample feeds into an empty index first). Settings
    /// come from the defaults, then the config file, then `FRONTLINE_<SECTION>__<KEY>`
    /// variables, then these flags.
    Serve {
        /// The configuration file (default: DATA_DIR/frontline.toml when it exists).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Address to listen on (default 127.0.0.1:8080); port 0 picks a free port.
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// Do not ingest `feeds/*.jsonl` into an empty index.
        #[arg(long)]
        no_bootstrap: bool,
        /// Serve on a non-loopback address although there is no TLS and no key but the local
        /// one (refused otherwise).
        #[arg(long)]
        insecure: bool,
        /// The key sealing the audit log (default: DATA_DIR/audit.key, created on first start).
        #[arg(long)]
        audit_key: Option<PathBuf>,
        /// Keep queries in the audit log as sent (`plain`, the default) or as keyed digests
        /// only (`digest`).
        #[arg(long)]
        audit_query: Option<frontline::audit::QueryMode>,
        /// Requests per second per key by role and per client IP, e.g.
        /// `officer=100,screener=20,admin=20,ip=500` (the defaults), or `off`. The local key
        /// and loopback clients are not limited.
        #[arg(long)]
        rate_limits: Option<frontline::api::limits::Rates>,
        /// TLS certificate chain (PEM); with --tls-key. Reloaded on SIGHUP.
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// TLS private key (PEM) of --tls-cert.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// `/readyz` (record counts per source) needs a valid API key.
        #[arg(long)]
        readyz_needs_key: bool,
        /// Do not record requests in the audit log: only to measure what it costs, on loopback
        /// (refused on any other address).
        #[arg(long)]
        no_audit: bool,
        /// Answer requests even when their audit line cannot be written (default: 503).
        #[arg(long)]
        audit_fail_open: bool,
        /// Start a new audit file once the current one reaches this size (default 64 MiB).
        #[arg(long)]
        audit_rotate_bytes: Option<u64>,
        /// Seconds a connection has to send a request's headers (also the idle keep-alive
        /// limit); default 10.
        #[arg(long, value_parser = parse_seconds)]
        header_timeout: Option<std::time::Duration>,
        /// Connections open at once (default: the file descriptor limit less 512); the last
        /// 16 answer health checks only.
        #[arg(long)]
        max_connections: Option<usize>,
    },
    /// The service's configuration file.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Ingest feeds, each atomically (on a data directory no server is using).
    Ingest {
        /// `full` replaces all records of the file's source; `delta` applies upserts and deletes.
        #[arg(long, value_enum, default_value_t = Mode::Full)]
        mode: Mode,
        /// Feed format; `ofac-sdn` takes the folder holding sdn.csv, alt.csv, add.csv and
        /// sdn_comments.csv.
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// The source the records belong to: required for real-list formats; for jsonl, every
        /// line must then name it.
        #[arg(long)]
        source: Option<String>,
        /// Apply a full ingest even when it removes more than half of the source's records.
        #[arg(long)]
        force: bool,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Feed administration: status and reloads of the feed directory's sources, against a
    /// running server (`--server`) or the local data directory.
    Feeds {
        #[command(subcommand)]
        command: FeedsCommand,
    },
    /// API keys of the data directory: create (the key is printed once, as the last line),
    /// list (no secrets), revoke. Every /v1 route of the service checks them.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// The audit log of the data directory: verify its chain and seals, search its requests.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
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
    /// Screen a passenger manifest (CSV, JSON or PAXLST) against the local index.
    Screen {
        file: PathBuf,
        /// Manifest format; default from the file extension (.csv, .json, .edi/.paxlst).
        #[arg(long)]
        format: Option<String>,
        /// Write the report here: `.json` (one object) or `.csv` (one row per traveller).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Screen as this agency (default: only records shared with everyone).
        #[arg(long)]
        agency: Option<String>,
    },
    /// Parse and check an MRZ (2 or 3 lines, as arguments or joined), then screen the traveller.
    Mrz {
        #[arg(required = true)]
        lines: Vec<String>,
        #[arg(long)]
        agency: Option<String>,
        /// Print the full JSON result.
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
        /// these feeds: manifest.csv, manifest.json, manifest.edi (PAXLST) and
        /// manifest.truth.jsonl (0 = none).
        #[arg(long, default_value_t = 0)]
        manifest_travellers: u64,
    },
    /// Evaluate name matching: synthetic variants per family, the OFAC SDN set if present, and
    /// the independent sets (published romanisation systems, original scripts, random edits,
    /// the UN list if present; dev and held-out).
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
        /// Stolen-document records indexed beside the persons (an index as large as a real
        /// one; person search reads none of them).
        #[arg(long, default_value_t = 0)]
        documents: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Also time every query alone, one after another on one thread, after the
        /// evaluation (mean, p50, p90, p99 of `search_persons` with the default limit and
        /// explanations): the README's in-process latency table.
        #[arg(long)]
        latency: bool,
        /// Skip the brute-force Jaro-Winkler baseline.
        #[arg(long)]
        no_baseline: bool,
        /// Skip the synthetic set.
        #[arg(long)]
        no_synthetic: bool,
        /// The sdn-eval folder; skipped if absent.
        #[arg(long, default_value = frontline::eval::sdn::DEFAULT_DIR)]
        sdn: PathBuf,
        /// Skip the independent sets (other romanisation systems, original scripts, random
        /// edits, the UN list; see `eval::independent`).
        #[arg(long)]
        no_independent: bool,
        /// Seeds of the independent set's dev part (tune on it) and held-out part (nobody
        /// tunes on it).
        #[arg(long, default_value_t = 1)]
        dev_seed: u64,
        #[arg(long, default_value_t = 7919)]
        held_out_seed: u64,
        /// The UN consolidated list XML for the independent set; skipped if absent.
        #[arg(long, default_value = frontline::eval::independent::un::DEFAULT_PATH)]
        un: PathBuf,
        /// Write the independent set's persons, queries and Frontline's answers as TSV into
        /// this folder (for `benches/pg_trgm/run.sh`).
        #[arg(long)]
        export: Option<PathBuf>,
        /// Where indexes are built (reused across runs of the same size and seed).
        #[arg(long)]
        work_dir: Option<PathBuf>,
        /// Print JSON instead of Markdown.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Check a configuration file (with the FRONTLINE_<SECTION>__<KEY> variables set now)
    /// and print the effective configuration; exit 2 naming the first problem.
    Check {
        /// The file (default: DATA_DIR/frontline.toml when it exists, else the defaults).
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub(crate) enum FeedsCommand {
    /// Every source: records by kind, last ingest, last failure, running job, next refresh.
    Status {
        /// A running server, e.g. http://127.0.0.1:8080 (default: the local data directory).
        #[arg(long)]
        server: Option<String>,
        /// Print the JSON report.
        #[arg(long)]
        json: bool,
    },
    /// Re-ingest one configured source (or every one) from the feed directory and wait.
    Reload {
        source: Option<String>,
        /// A running server, e.g. http://127.0.0.1:8080 (default: the local data directory).
        #[arg(long)]
        server: Option<String>,
        /// Apply even when a reload removes more of a source's records than its guard allows.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub(crate) enum KeysCommand {
    /// Create a key for an agency with roles; prints it once, as the last line.
    Create {
        /// The agency the key acts for, e.g. FRA-NCB or EUROPOL.
        #[arg(long)]
        agency: String,
        /// Comma-separated roles: officer, screener, admin.
        #[arg(long)]
        roles: String,
        /// What the key is for (shown in lists).
        #[arg(long)]
        label: Option<String>,
    },
    /// Every key: id, agency, roles, creation, revocation, label (never a secret).
    List,
    /// Revoke a key by its id; it stops working at once.
    Revoke { key_id: String },
}

/// A positive number of seconds (`1.5`).
fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s.is_finite() => Ok(std::time::Duration::from_secs_f64(s)),
        _ => Err(format!("{text:?} is not a positive number of seconds")),
    }
}

#[derive(Subcommand)]
pub(crate) enum AuditCommand {
    /// Check every line against the chain, the seals and the head; exit 0 when intact, else 1
    /// naming the first bad line.
    Verify {
        /// The audit key (default: DATA_DIR/audit.key).
        #[arg(long)]
        audit_key: Option<PathBuf>,
    },
    /// Print the requests (JSON Lines) matching every given condition.
    Search {
        /// The agency that asked.
        #[arg(long)]
        agency: Option<String>,
        /// The key that asked (its id).
        #[arg(long)]
        key: Option<String>,
        /// A record the answer showed: SOURCE/ID.
        #[arg(long)]
        record: Option<String>,
        /// From this date (2026-12-02) or time (RFC 3339) on.
        #[arg(long)]
        since: Option<String>,
        /// Up to this date (its end) or time.
        #[arg(long)]
        until: Option<String>,
    },
}

/// Parses the command line and runs it; the exit code is 0 on success, 2 for a rejected
/// feed or bad input, 1 otherwise.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve { .. } => run_serve(cli),
        _ => {
            init_logs(frontline::config::LogFormat::Text, "info");
            dispatch(cli)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // the reader of stdout went away (`| head`): it had what it wanted
        Err(e) if crate::cli_out::closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            match e.downcast_ref::<Error>() {
                Some(err) if err.is_user_error() => ExitCode::from(2),
                _ if e.downcast_ref::<frontline::config::ConfigError>().is_some()
                    || e.downcast_ref::<crate::cli_index::NoIndex>().is_some() =>
                {
                    ExitCode::from(2)
                }
                _ => ExitCode::FAILURE,
            }
        }
    }
}

/// Logs to stderr: `RUST_LOG` when set, else `level`; text or JSON lines.
fn init_logs(format: frontline::config::LogFormat, level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        frontline::config::LogFormat::Text => builder.init(),
        frontline::config::LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
}

/// The configuration file and `FRONTLINE_<SECTION>__<KEY>` variables over the defaults.
fn load_config(
    data_dir: &std::path::Path,
    file: Option<&std::path::Path>,
) -> anyhow::Result<(Config, Option<PathBuf>)> {
    let env = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
    Ok(frontline::config::file::load(data_dir, file, env)?)
}

/// `frontline serve`: the configuration, then the flags over it, then the service.
fn run_serve(cli: Cli) -> anyhow::Result<()> {
    let Command::Serve {
        config,
        listen,
        no_bootstrap,
        insecure,
        audit_key,
        audit_query,
        rate_limits,
        tls_cert,
        tls_key,
        readyz_needs_key,
        no_audit,
        audit_fail_open,
        audit_rotate_bytes,
        header_timeout,
        max_connections,
    } = cli.command
    else {
        unreachable!("called for serve")
    };
    let (mut c, path) = load_config(&cli.data_dir, config.as_deref())?;
    init_logs(c.log_format, &c.log_level);
    if let Some(p) = &path {
        tracing::info!(file = %p.display(), "configuration read");
    }
    // a flag given wins; a switch only ever turns its setting on
    c.listen = listen.unwrap_or(c.listen);
    c.bootstrap_samples &= !no_bootstrap;
    c.insecure |= insecure;
    c.audit_key = audit_key.or(c.audit_key);
    c.audit_query = audit_query.unwrap_or(c.audit_query);
    c.rate_limits = rate_limits.unwrap_or(c.rate_limits);
    if tls_cert.is_some() {
        (c.tls_cert, c.tls_key) = (tls_cert, tls_key);
    }
    c.readyz_needs_key |= readyz_needs_key;
    c.audit &= !no_audit;
    c.audit_fail_open |= audit_fail_open;
    c.audit_rotate_bytes = audit_rotate_bytes.unwrap_or(c.audit_rotate_bytes);
    c.header_timeout = header_timeout.unwrap_or(c.header_timeout);
    c.max_connections = max_connections.unwrap_or(c.max_connections);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(frontline::api::server::serve(c))?;
    Ok(())
}

fn dispatch(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve { .. } => unreachable!("serve is run by run()"),
        Command::Config {
            command: ConfigCommand::Check { config },
        } => {
            let (effective, path) = load_config(&cli.data_dir, config.as_deref())?;
            match path {
                Some(p) => outln!("# {}: valid", p.display())?,
                None => outln!(
                    "# no configuration file ({} does not exist): the defaults",
                    cli.data_dir
                        .join(frontline::config::file::FILE_NAME)
                        .display()
                )?,
            }
            outln!("# the effective configuration (defaults, file, FRONTLINE_* variables):")?;
            out!(
                "{}",
                frontline::config::FileConfig::effective(&effective).to_toml()
            )?;
        }
        Command::Ingest {
            mode,
            format,
            source,
            force,
            files,
        } => {
            let engine = crate::cli_index::open_or_create(&cli.data_dir)?;
            let status = frontline::admin::status::StatusStore::open(&cli.data_dir)?;
            let feeds: Vec<Feed> = files
                .into_iter()
                .map(|path| Feed {
                    path,
                    format,
                    source: source.clone(),
                })
                .collect();
            let options = IngestOptions {
                force,
                ..IngestOptions::new(mode)
            };
            let bar = crate::cli_progress::bar(0, "{spinner} {pos} entries read, {per_sec} {msg}");
            // entries of the feeds applied so far, and the first error after one was applied
            let (done, mut failed) = (std::cell::Cell::new(0), None);
            let mut on_applied = |r: &frontline::index::writer::IngestReport| {
                done.set(done.get() + r.lines as u64);
                let recorded = status.update(&r.source, |s| {
                    s.last_success = Some(frontline::admin::status::LastIngest::of("cli", r))
                });
                let step = recorded
                    .map_err(anyhow::Error::from)
                    .and_then(|()| Ok(bar.suspend(|| print_ingest(r))?));
                if let (Err(e), None) = (step, &failed) {
                    failed = Some(e);
                }
            };
            let result = engine.ingest_feeds(
                &feeds,
                &options,
                &mut |p| bar.set_position(done.get() + p.lines_read),
                &mut on_applied,
            );
            bar.finish_and_clear();
            result?;
            if let Some(e) = failed {
                return Err(e);
            }
        }
        Command::Feeds { command } => crate::feeds_cli::run(&cli.data_dir, command)?,
        Command::Keys { command } => crate::keys_cli::run(&cli.data_dir, command)?,
        Command::Audit { command } => crate::audit_cli::run(&cli.data_dir, command)?,
        Command::Search {
            name,
            dob,
            nationality,
            gender,
            limit,
            agency,
            json,
        } => {
            let engine = crate::cli_index::open_existing(&cli.data_dir)?;
            let q = PersonQuery {
                name,
                date_of_birth: dob,
                nationality,
                gender,
                limit: Some(limit),
                min_score: None,
                agency,
                skip_explanations: false,
            };
            let res = engine.search_persons(&q)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&res)?)?;
            } else {
                for h in res.hits {
                    outln!(
                        "{:.3} {} {}/{}  {}  dob {}  {}",
                        h.score,
                        if h.alert { "ALERT" } else { "     " },
                        h.source,
                        h.id,
                        h.name,
                        h.record["date_of_birth"].as_str().unwrap_or("-"),
                        h.record["action"].as_str().unwrap_or("")
                    )?;
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
            let engine = crate::cli_index::open_existing(&cli.data_dir)?;
            let q = DocumentQuery {
                number,
                issuing_country: country,
                document_type: doc_type,
                limit: None,
                agency,
                presented_by: None,
            };
            let res = engine.check_document(&q)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&res)?)?;
            } else {
                for h in res.hits {
                    outln!(
                        "{:.3} {} {}/{}  {} {} {} {}",
                        h.score,
                        if h.alert { "ALERT" } else { "     " },
                        h.source,
                        h.id,
                        h.record["number"].as_str().unwrap_or(""),
                        h.record["issuing_country"].as_str().unwrap_or(""),
                        h.record["document_type"].as_str().unwrap_or(""),
                        h.record["status"].as_str().unwrap_or("")
                    )?;
                }
            }
        }
        Command::Screen {
            file,
            format,
            out,
            agency,
        } => screen(
            &cli.data_dir,
            &file,
            format.as_deref(),
            out.as_deref(),
            agency,
        )?,
        Command::Mrz {
            lines,
            agency,
            json,
        } => mrz(&cli.data_dir, &lines, agency, json)?,
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
            let bar = crate::cli_progress::steps("writing the feeds");
            let s = frontline::synth::write_feeds(&out, persons, documents, seed)
                .with_context(|| format!("writing feeds to {}", out.display()))?;
            bar.suspend(|| {
                outln!(
                    "wrote {} persons and {} documents in {} files to {}",
                    s.persons,
                    s.documents,
                    s.files.len(),
                    out.display()
                )
            })?;
            if queries > 0 {
                bar.set_message("writing the queries");
                frontline::synth::write_queries(&out, persons, documents, seed, queries)?;
                bar.suspend(|| {
                    outln!(
                        "wrote {queries} person and {queries} document queries to {}",
                        out.display()
                    )
                })?;
            }
            if manifest_travellers > 0 {
                use frontline::synth::manifests;
                bar.set_message("writing the manifest");
                let t = manifests::travellers(seed, persons, documents, manifest_travellers);
                let writing = |f: &str| format!("writing {}", out.join(f).display());
                manifests::write_csv(&out.join("manifest.csv"), &t)
                    .with_context(|| writing("manifest.csv"))?;
                manifests::write_json(&out.join("manifest.json"), &t)
                    .with_context(|| writing("manifest.json"))?;
                manifests::write_paxlst(&out.join("manifest.edi"), &t)
                    .with_context(|| writing("manifest.edi"))?;
                manifests::write_truth(&out.join("manifest.truth.jsonl"), &t)
                    .with_context(|| writing("manifest.truth.jsonl"))?;
                bar.suspend(|| outln!(
                    "wrote a manifest of {manifest_travellers} travellers (manifest.csv, manifest.json, manifest.edi, manifest.truth.jsonl) to {}",
                    out.display()
                ))?;
            }
            bar.finish_and_clear();
        }
        Command::Eval {
            persons,
            per_family,
            negatives,
            documents,
            seed,
            latency,
            no_baseline,
            no_synthetic,
            sdn,
            no_independent,
            dev_seed,
            held_out_seed,
            un,
            export,
            work_dir,
            json,
        } => {
            let work = work_dir.unwrap_or_else(|| std::env::temp_dir().join("frontline-eval"));
            let bar = crate::cli_progress::steps("evaluating");
            if !no_synthetic {
                bar.set_message(format!("synthetic set: {persons} persons"));
                let cfg = frontline::eval::synthetic::SyntheticConfig {
                    persons,
                    per_family,
                    negatives,
                    documents,
                    seed,
                    baseline: !no_baseline,
                    latency,
                };
                let dir = work.join(format!("synthetic-{persons}-{documents}-{seed}"));
                std::fs::create_dir_all(&dir)?;
                let run = frontline::eval::synthetic::run(&dir, &cfg)?;
                bar.suspend(|| {
                    print_eval(
                        &format!(
                            "Synthetic set: {persons} persons, {documents} documents, seed {seed}"
                        ),
                        &run,
                        json,
                    )
                })?;
            }
            if frontline::eval::sdn::available(&sdn) {
                let dir = work.join("sdn");
                if dir.exists() {
                    std::fs::remove_dir_all(&dir)?;
                }
                std::fs::create_dir_all(&dir)?;
                bar.set_message("OFAC SDN set");
                let run = frontline::eval::sdn::run(&sdn, &dir, !no_baseline, latency)?;
                bar.suspend(|| print_eval("OFAC SDN set (name only)", &run, json))?;
            } else {
                bar.suspend(|| outln!("SDN evaluation skipped: {} not found", sdn.display()))?;
            }
            if !no_independent {
                use frontline::eval::independent;
                let cfg = independent::IndependentConfig {
                    persons,
                    seed,
                    per_family,
                    negatives,
                    dev_seed,
                    held_out_seed,
                    un: un.is_file().then(|| un.clone()),
                    latency,
                };
                if cfg.un.is_none() {
                    bar.suspend(|| {
                        outln!(
                            "UN list skipped in the independent set: {} not found",
                            un.display()
                        )
                    })?;
                }
                bar.set_message(format!("independent sets: {persons} persons"));
                let dir = work.join(format!("independent-{persons}-{seed}"));
                std::fs::create_dir_all(&dir)?;
                let runs = independent::run(&dir, &cfg, export.as_deref())?;
                for (title, run) in &runs {
                    bar.suspend(|| {
                        print_eval(
                            &format!(
                                "Independent set, {title}: {} records, name only",
                                run.records
                            ),
                            run,
                            json,
                        )
                    })?;
                }
                if let Some(out) = &export {
                    bar.suspend(|| outln!("exported to {}", out.display()))?;
                }
            } else if export.is_some() {
                anyhow::bail!("--export writes the independent set: leave out --no-independent");
            }
            bar.finish_and_clear();
        }
    }
    Ok(())
}

/// The lines of an applied feed.
fn print_ingest(r: &frontline::index::writer::IngestReport) -> std::io::Result<()> {
    outln!(
        "{}: source {} ({:?}, {}): {} entries, {} upserts, {} deletes; records {} -> {} in {} ms",
        r.path.display(),
        r.source,
        r.mode,
        r.format.as_str(),
        r.lines,
        r.upserts,
        r.deletes,
        r.records_before,
        r.records_after,
        r.took_ms
    )?;
    for w in &r.warnings {
        outln!("  warning, entry on line {}: {}", w.line, w.reason)?;
    }
    if r.total_warnings > r.warnings.len() {
        outln!(
            "  ... and {} more warnings",
            r.total_warnings - r.warnings.len()
        )?;
    }
    Ok(())
}

fn print_eval(
    title: &str,
    run: &frontline::eval::synthetic::EvalRun,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({"title": title, "run": run}))?
        )?;
        return Ok(());
    }
    outln!("\n### {title}\n")?;
    out!("{}", frontline::eval::report::markdown(&run.rows))?;
    outln!(
        "\n{} queries against {} records: engine {} ms ({:.2} ms/query on the rayon pool){}",
        run.queries,
        run.records,
        run.engine_ms,
        run.engine_ms as f64 / run.queries.max(1) as f64,
        run.baseline_ms
            .map(|b| format!(", JW baseline {b} ms"))
            .unwrap_or_default()
    )?;
    if let Some(l) = &run.latency {
        outln!(
            "one thread, each of the {} queries alone (default limit, explanations): mean {:.0} us, p50 {:.0} us, p90 {:.0} us, p99 {:.0} us, max {:.0} us",
            l.queries, l.mean_us, l.p50_us, l.p90_us, l.p99_us, l.max_us
        )?;
    }
    if let Some(op) = &run.operating_point {
        outln!(
            "operating point for <= 1% alerting negatives: threshold {:.3}, positives alerting {:.3} (engine threshold {})",
            op.threshold, op.positive_alert_rate, frontline::matching::PERSON_ALERT_THRESHOLD
        )?;
    }
    Ok(())
}

fn screen(
    data_dir: &std::path::Path,
    file: &std::path::Path,
    format: Option<&str>,
    out: Option<&std::path::Path>,
    agency: Option<String>,
) -> anyhow::Result<()> {
    use frontline::screening::manifest::{self, Format};
    use frontline::screening::report::{ReportLine, ReportSummary, CSV_COLUMNS};
    use frontline::screening::{BatchPool, CheckOptions, Summary};
    use std::io::Write;

    let format = match format {
        Some(f) => Format::parse(f).ok_or_else(|| {
            anyhow::anyhow!("--format '{f}' is not one of {}", Format::ALL.join(", "))
        })?,
        None => Format::from_extension(file).ok_or_else(|| {
            anyhow::anyhow!(
                "cannot tell the format of {} from its extension: give --format csv|json|paxlst",
                file.display()
            )
        })?,
    };
    enum Out {
        Json(std::io::BufWriter<std::fs::File>),
        Csv(Box<csv::Writer<std::fs::File>>),
    }
    let mut out = match out {
        None => None,
        Some(p) => {
            let f =
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?;
            match p.extension().and_then(|e| e.to_str()) {
                Some("json") => Some(Out::Json(std::io::BufWriter::new(f))),
                Some("csv") => {
                    let mut w = csv::Writer::from_writer(f);
                    w.write_record(CSV_COLUMNS)?;
                    Some(Out::Csv(Box::new(w)))
                }
                _ => bail!("--out must end in .json or .csv: {}", p.display()),
            }
        }
    };
    let engine = crate::cli_index::open_existing(data_dir)?;
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let today = frontline::model::Date::today();
    let started = std::time::Instant::now();
    let m = manifest::parse(format, &bytes, today)?;
    for w in &m.warnings {
        eprintln!("warning: {w}");
    }
    let travellers = m.validate(today);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let pool = BatchPool::new(threads, 0)?;
    let bar = crate::cli_progress::bar(
        travellers.len() as u64,
        "{bar:40} {pos}/{len} travellers, {per_sec}, eta {eta} {msg}",
    );
    let opts = CheckOptions::screening(agency);
    let mut summary = Summary::default();
    let mut first = true;
    if let Some(Out::Json(w)) = &mut out {
        w.write_all(b"{\"travellers\": [\n")?;
    }
    // a failed write to stdout, kept whole (a closed pipe ends the command quietly)
    let mut stdout_failed = None;
    let screened = pool.screen(
        &engine,
        &travellers,
        &opts,
        &std::sync::atomic::AtomicBool::new(false),
        &mut |chunk| {
            let io =
                |e: std::io::Error| frontline::Error::Internal(format!("writing the report: {e}"));
            for s in &chunk {
                summary.add(s);
                let line = ReportLine::from(s);
                match &mut out {
                    Some(Out::Json(w)) => {
                        if !first {
                            w.write_all(b",\n").map_err(io)?;
                        }
                        first = false;
                        serde_json::to_writer(&mut *w, &line)
                            .map_err(|e| frontline::Error::Internal(e.to_string()))?;
                    }
                    Some(Out::Csv(w)) => w
                        .write_record(line.csv_cells())
                        .map_err(|e| frontline::Error::Internal(e.to_string()))?,
                    None => {
                        if line.alert || line.rejected.is_some() {
                            let c = line.csv_cells();
                            let what = match &line.rejected {
                                Some(r) => format!("REJECTED {}: {}", r.field, r.message),
                                None => format!(
                                    "ALERT {} {} | {}",
                                    c[9],
                                    c[11],
                                    line.action.as_deref().unwrap_or_default()
                                ),
                            };
                            let printed = bar
                                .suspend(|| outln!("{} {} {} {}: {what}", c[0], c[1], c[3], c[4]));
                            if let Err(e) = printed {
                                let message = format!("writing to stdout: {e}");
                                stdout_failed = Some(e);
                                return Err(frontline::Error::Internal(message));
                            }
                        }
                    }
                }
            }
            bar.inc(chunk.len() as u64);
            Ok(())
        },
    );
    if let Some(e) = stdout_failed {
        return Err(e.into());
    }
    screened?;
    bar.finish_and_clear();
    let took_ms = started.elapsed().as_secs_f64() * 1e3;
    let report = ReportSummary::new(summary, (took_ms * 1e3).round() / 1e3);
    match out {
        Some(Out::Json(mut w)) => {
            write!(
                w,
                "\n], \"summary\": {}, \"warnings\": {}, \"voyage\": {}}}\n",
                serde_json::to_string(&report)?,
                serde_json::to_string(&m.warnings)?,
                serde_json::to_string(&m.voyage)?
            )?;
            w.flush()?;
        }
        Some(Out::Csv(mut w)) => w.flush()?,
        None => {}
    }
    outln!(
        "screened {} travellers in {:.0} ms ({:.0}/s): {} alerts, {} rejected",
        report.travellers,
        took_ms,
        report.travellers as f64 / (took_ms / 1e3).max(1e-9),
        report.alerts,
        report.rejected
    )?;
    Ok(())
}

fn mrz(
    data_dir: &std::path::Path,
    lines: &[String],
    agency: Option<String>,
    json: bool,
) -> anyhow::Result<()> {
    use frontline::screening::mrz;
    use frontline::screening::{check_traveller, CheckOptions, Traveller};
    let today = frontline::model::Date::today();
    let m = mrz::parse(&lines.join("\n"), today.into())
        .map_err(|e| Error::invalid("mrz", e.to_string()))?;
    let traveller = Traveller::from_mrz(&m);
    let engine = crate::cli_index::open_existing(data_dir)?;
    let res = check_traveller(
        &engine,
        &traveller,
        &CheckOptions {
            agency,
            ..Default::default()
        },
    )?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"traveller": traveller, "result": res})
            )?
        )?;
        return Ok(());
    }
    outln!(
        "{} {}: {} {} of {}, born {}, sex {}, nationality {}, expires {}",
        m.format,
        m.document_code,
        m.document_number,
        traveller.name(),
        m.issuing_state,
        m.date_of_birth.to_iso(),
        m.sex.unwrap_or('<'),
        m.nationality,
        m.date_of_expiry.to_iso(),
    )?;
    for c in &m.checks {
        outln!(
            "  check {:<16} printed {} computed {} {}",
            c.field,
            c.printed,
            c.computed,
            if c.valid { "ok" } else { "FAILED" }
        )?;
    }
    if m.name_truncated {
        outln!("  the name fills its field: it may be truncated")?;
    }
    for w in &m.warnings {
        outln!("  warning: {w}")?;
    }
    for h in &res.person_hits {
        outln!(
            "{:.3} {} person {}/{}  {}  {}",
            h.score,
            if h.alert { "ALERT" } else { "     " },
            h.source,
            h.id,
            h.name,
            h.record["action"].as_str().unwrap_or("")
        )?;
    }
    for h in &res.document_hits {
        outln!(
            "{:.3} {} {} {}/{}  {}  {}",
            h.score,
            if h.alert { "ALERT" } else { "     " },
            h.kind.as_str(),
            h.source,
            h.id,
            h.document.number,
            h.record["status"].as_str().unwrap_or("")
        )?;
    }
    match &res.action {
        Some(a) => outln!("ALERT: {a}")?,
        None => outln!("no alert")?,
    }
    Ok(())
}
