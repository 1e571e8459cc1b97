//! `frontline feeds status|reload`: against a running server over HTTP (`--server URL`), or
//! on the local data directory (which no server may be using: the job store's lock says so).
//! Both ways print from the same JSON the API answers with.

use crate::cli_out::outln;
use crate::frontline_cli::FeedsCommand;
use anyhow::{bail, Context};
use frontline::admin::FeedAdmin;
use frontline::config::Config;
use frontline::jobs::JobStore;
use frontline::search::Engine;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// A running server and the API key to call it with.
struct Remote {
    url: String,
    key: String,
}

impl Remote {
    /// The key is `FRONTLINE_KEY` if set, else the data directory's local key (the one the
    /// server created on its first start).
    fn new(url: Option<String>, data_dir: &Path) -> anyhow::Result<Option<Remote>> {
        let Some(url) = url else { return Ok(None) };
        let key = match std::env::var("FRONTLINE_KEY") {
            Ok(k) if !k.trim().is_empty() => k.trim().to_string(),
            _ => {
                let file = data_dir.join(frontline::auth::local::LOCAL_KEY_FILE);
                frontline::auth::local::read_key_file(&file).with_context(|| {
                    format!(
                        "--server needs an API key with the admin role: set FRONTLINE_KEY, \
                         or give --data-dir of the server whose {} to use",
                        file.display()
                    )
                })?
            }
        };
        Ok(Some(Remote { url, key }))
    }
}

/// Runs a `feeds` subcommand.
pub fn run(data_dir: &Path, command: FeedsCommand) -> anyhow::Result<()> {
    match command {
        FeedsCommand::Status { server, json } => {
            let report = match Remote::new(server, data_dir)? {
                Some(url) => http(&url, "GET", "/v1/admin/feeds")?,
                None => {
                    let (admin, engine) = local(data_dir, crate::cli_index::open_existing)?;
                    serde_json::to_value(admin.feeds(&engine)?)?
                }
            };
            if json {
                outln!("{}", serde_json::to_string_pretty(&report)?)?;
            } else {
                print_status(&report)?;
            }
            Ok(())
        }
        FeedsCommand::Reload {
            source,
            server,
            force,
        } => {
            let query = if force { "?force=true" } else { "" };
            let server = Remote::new(server, data_dir)?;
            let jobs: Vec<Value> = match (&server, &source) {
                (Some(url), Some(s)) => {
                    vec![http(
                        url,
                        "POST",
                        &format!("/v1/admin/feeds/{s}/reload{query}"),
                    )?]
                }
                (Some(url), None) => {
                    let out = http(url, "POST", &format!("/v1/admin/reload{query}"))?;
                    print_skipped(&out["skipped"])?;
                    out["queued"].as_array().cloned().unwrap_or_default()
                }
                (None, _) => {
                    let (admin, engine) = local(data_dir, crate::cli_index::open_or_create)?;
                    let queued = match &source {
                        Some(s) => vec![admin.reload(engine, s, force)?],
                        None => {
                            let out = admin.reload_all(engine, force)?;
                            print_skipped(&serde_json::to_value(&out.skipped)?)?;
                            out.queued
                        }
                    };
                    let mut done = Vec::new();
                    for job in queued {
                        done.push(serde_json::to_value(admin.store().wait(&job.id)?)?);
                    }
                    done
                }
            };
            let mut failed = 0;
            for job in jobs {
                let job = match &server {
                    Some(url) => wait_http(url, &job)?,
                    None => job,
                };
                print_job(&job)?;
                if job["status"] != "succeeded" {
                    failed += 1;
                }
            }
            if failed > 0 {
                bail!("{failed} reload(s) did not succeed");
            }
            Ok(())
        }
    }
}

/// The feed administration of the local data directory, with its index opened by `open`.
fn local(
    data_dir: &Path,
    open: fn(&Path) -> anyhow::Result<Engine>,
) -> anyhow::Result<(FeedAdmin, Arc<Engine>)> {
    // first, so that a data directory without an index gets no job store either
    let engine = open(data_dir)?;
    let config = Config {
        data_dir: data_dir.to_path_buf(),
        ..Config::default()
    };
    let store = JobStore::open(config.jobs_dir(), config.job_retention).with_context(|| {
        format!(
            "opening the job store of {} (if a server is using it, pass --server URL)",
            data_dir.display()
        )
    })?;
    let admin = FeedAdmin::open(&config.data_dir, config.feeds_dir(), Arc::new(store), 0)?;
    Ok((admin, Arc::new(engine)))
}

/// One request to the server; a JSON error answer becomes the error.
fn http(server: &Remote, method: &str, path: &str) -> anyhow::Result<Value> {
    let url = format!("{}{path}", server.url.trim_end_matches('/'));
    let auth = format!("Bearer {}", server.key);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut resp = match method {
        "POST" => agent.post(&url).header("Authorization", &auth).send_empty(),
        _ => agent.get(&url).header("Authorization", &auth).call(),
    }
    .with_context(|| format!("{method} {url}"))?;
    let status = resp.status();
    let body: Value = resp
        .body_mut()
        .read_json()
        .with_context(|| format!("{method} {url}: the answer is not JSON"))?;
    if !status.is_success() {
        bail!(
            "{method} {url}: {status}: {}",
            body["error"]["message"].as_str().unwrap_or("(no message)")
        );
    }
    Ok(body)
}

/// Polls a job on the server until it is no longer queued or running.
fn wait_http(server: &Remote, job: &Value) -> anyhow::Result<Value> {
    let id = job["id"].as_str().context("a job without id")?;
    loop {
        let now = http(server, "GET", &format!("/v1/admin/jobs/{id}"))?;
        if !matches!(now["status"].as_str(), Some("queued" | "running")) {
            return Ok(now);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    }
}

fn print_skipped(skipped: &Value) -> std::io::Result<()> {
    for s in skipped.as_array().into_iter().flatten() {
        outln!(
            "{}: not queued: {} (job {})",
            text(&s["source"]),
            text(&s["reason"]),
            text(&s["job_id"])
        )?;
    }
    Ok(())
}

fn print_job(job: &Value) -> std::io::Result<()> {
    let source = text(&job["key"]);
    let status = text(&job["status"]);
    let s = &job["summary"];
    match status.as_str() {
        "succeeded" => outln!(
            "{source}: succeeded (job {}): {} entries, records {} -> {} ({} persons, {} documents) in {} ms",
            text(&job["id"]),
            text(&s["lines"]),
            text(&s["records_before"]),
            text(&s["records_after"]),
            text(&s["records"]["person"]),
            text(&s["records"]["document"]),
            text(&s["took_ms"]),
        )?,
        _ => {
            outln!(
                "{source}: {status} (job {}): {}",
                text(&job["id"]),
                text(&job["error"])
            )?;
            for e in s["errors"].as_array().into_iter().flatten() {
                outln!("  line {}: {}", text(&e["line"]), text(&e["reason"]))?;
            }
            let (listed, total) = (
                s["errors"].as_array().map_or(0, Vec::len),
                s["total_errors"].as_u64().unwrap_or(0) as usize,
            );
            if total > listed {
                outln!("  ... and {} more (only the first {listed} are listed)", total - listed)?;
            }
        }
    }
    Ok(())
}

fn print_status(report: &Value) -> std::io::Result<()> {
    outln!("feed directory: {}", text(&report["feed_dir"]))?;
    outln!(
        "{:<12} {:>9} {:>9}  {:<25} {:<9} {:>8}  notes",
        "source",
        "persons",
        "documents",
        "last success",
        "format",
        "took ms"
    )?;
    for s in report["sources"].as_array().into_iter().flatten() {
        let ok = &s["last_success"];
        let mut notes = Vec::new();
        if !s["last_failure"].is_null() {
            let f = &s["last_failure"];
            notes.push(format!(
                "last failure {} {}: {}",
                text(&f["at"]),
                text(&f["status"]),
                text(&f["reason"])
            ));
        }
        if !s["running_job"].is_null() {
            notes.push(format!(
                "job {} {}",
                text(&s["running_job"]["id"]),
                text(&s["running_job"]["status"])
            ));
        }
        if !s["next_refresh"].is_null() {
            notes.push(format!("next refresh {}", text(&s["next_refresh"])));
        }
        if !s["last_check"].is_null() {
            notes.push(format!("last check: {}", text(&s["last_check"]["outcome"])));
        }
        if s["configured"].is_null() {
            notes.push("not in the feed directory".into());
        }
        outln!(
            "{:<12} {:>9} {:>9}  {:<25} {:<9} {:>8}  {}",
            text(&s["source"]),
            text(&s["records"]["person"]),
            text(&s["records"]["document"]),
            text(&ok["finished_at"]),
            text(&ok["format"]),
            text(&ok["took_ms"]),
            notes.join("; ")
        )?;
    }
    for p in report["problems"].as_array().into_iter().flatten() {
        outln!("problem: {}", text(p))?;
    }
    Ok(())
}
