//! `frontline.toml`: the service's configuration file, its environment overrides and its
//! effective form.
//!
//! Layers, each over the one before: the built-in defaults ([`Config::default`]), the file
//! (`--config FILE`, else `DATA_DIR/frontline.toml` when it exists), environment variables
//! `FRONTLINE_<SECTION>__<KEY>` (e.g. `FRONTLINE_SERVER__LISTEN=0.0.0.0:8443`), then the
//! command line's flags. An unknown section or key, in the file or in a `FRONTLINE_…__…`
//! variable, is an error naming it; so is a value of the wrong type or out of range. A relative
//! path in the file is relative to the file's folder; in a variable or a flag, to the working
//! directory.
//!
//! [`FileConfig`] is the file's schema: every key optional (absent = the layer below).
//! [`FileConfig::effective`] writes a [`Config`] back as a complete file, which is what
//! `frontline config check` prints.

use super::Config;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file name looked for in the data directory.
pub const FILE_NAME: &str = "frontline.toml";
/// The prefix of the environment overrides; `__` separates section and key.
pub const ENV_PREFIX: &str = "FRONTLINE_";

/// A configuration that cannot be used, with where it came from.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not valid TOML or does not fit the schema (unknown key, wrong type).
    #[error("configuration file {path}: {message}")]
    File { path: PathBuf, message: String },
    /// An environment override does not fit the schema.
    #[error("environment variable {name}: {message}")]
    Env { name: String, message: String },
    /// A value of the right type that cannot be used.
    #[error("configuration: {key}: {message}")]
    Invalid { key: String, message: String },
}

/// `[server]`: the listener and the edge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub listen: Option<SocketAddr>,
    pub max_body_bytes: Option<usize>,
    pub request_timeout_secs: Option<f64>,
    pub header_timeout_secs: Option<f64>,
    pub max_connections: Option<usize>,
    pub health_reserve: Option<usize>,
    pub bootstrap_samples: Option<bool>,
    pub insecure: Option<bool>,
    pub readyz_needs_key: Option<bool>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
}

/// `[search]`: the officers' queries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    pub max_concurrent: Option<usize>,
    pub max_queued: Option<usize>,
    pub queue_timeout_secs: Option<f64>,
}

/// `[screening]`: manifests and screening jobs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Screening {
    pub max_sync_travellers: Option<usize>,
    pub max_manifest_bytes: Option<usize>,
    pub max_screening_bytes: Option<usize>,
    pub threads: Option<usize>,
    pub nice: Option<i32>,
    pub max_pending_jobs: Option<usize>,
    pub job_retention_hours: Option<f64>,
}

/// `[feeds]`: feed uploads, ingests and scheduled refreshes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feeds {
    pub ingest_nice: Option<i32>,
    pub max_feed_bytes: Option<u64>,
    pub upload_idle_timeout_secs: Option<f64>,
    pub refresh_tick_secs: Option<f64>,
}

/// `[rate_limits]`: requests per second (0 = unlimited).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimits {
    pub officer: Option<u32>,
    pub screener: Option<u32>,
    pub admin: Option<u32>,
    pub ip: Option<u32>,
}

/// `[audit]`: the audit trail.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audit {
    pub enabled: Option<bool>,
    pub key: Option<PathBuf>,
    pub query: Option<String>,
    pub fail_open: Option<bool>,
    pub rotate_bytes: Option<u64>,
}

/// `[log]`: the service's own log on stderr.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Log {
    pub format: Option<String>,
    pub level: Option<String>,
}

/// The whole file; every section and key optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    #[serde(default)]
    pub server: Server,
    #[serde(default)]
    pub search: Search,
    #[serde(default)]
    pub screening: Screening,
    #[serde(default)]
    pub feeds: Feeds,
    #[serde(default)]
    pub rate_limits: RateLimits,
    #[serde(default)]
    pub audit: Audit,
    #[serde(default)]
    pub log: Log,
}

/// How the service logs ([`Log`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines (the default).
    #[default]
    Text,
    /// One JSON object per line (fields flattened), for log collectors.
    Json,
}

impl std::str::FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(LogFormat::Text),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("unknown log format {other:?}: text or json")),
        }
    }
}

impl LogFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

impl FileConfig {
    /// Reads and checks a file; relative paths in it are made relative to its folder.
    pub fn read(path: &Path) -> Result<FileConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut file: FileConfig = toml::from_str(&text).map_err(|e| ConfigError::File {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new(""));
        for p in [
            &mut file.server.tls_cert,
            &mut file.server.tls_key,
            &mut file.audit.key,
        ]
        .into_iter()
        .flatten()
        {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        }
        Ok(file)
    }

    /// The overrides among `vars` (`FRONTLINE_<SECTION>__<KEY>=VALUE`; a variable of the prefix
    /// without `__`, such as `FRONTLINE_KEY`, is not configuration and is left alone). A value
    /// is read as a TOML value when it is one (`10`, `true`, `1.5`) and as a string otherwise.
    pub fn from_env(
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<FileConfig, ConfigError> {
        let mut table = toml::Table::new();
        let mut vars: Vec<(String, String)> = vars
            .into_iter()
            .filter(|(name, _)| {
                name.strip_prefix(ENV_PREFIX)
                    .is_some_and(|rest| rest.contains("__"))
            })
            .collect();
        vars.sort();
        for (name, value) in vars {
            let rest = &name[ENV_PREFIX.len()..];
            let (section, key) = rest.split_once("__").expect("filtered on __");
            let env_error = |message: String| ConfigError::Env {
                name: name.clone(),
                message,
            };
            if section.is_empty() || key.is_empty() || key.contains("__") {
                return Err(env_error(
                    "expected FRONTLINE_<SECTION>__<KEY>, e.g. FRONTLINE_SERVER__LISTEN".into(),
                ));
            }
            let value = parse_env_value(&value);
            let mut one = toml::Table::new();
            one.insert(
                section.to_ascii_lowercase(),
                toml::Value::Table(toml::Table::from_iter([(key.to_ascii_lowercase(), value)])),
            );
            // checked alone so that the error names this variable
            FileConfig::deserialize(one.clone()).map_err(|e| env_error(e.to_string()))?;
            for (section, keys) in one {
                let toml::Value::Table(keys) = keys else {
                    unreachable!("built as a table")
                };
                match table
                    .entry(section)
                    .or_insert(toml::Value::Table(Default::default()))
                {
                    toml::Value::Table(t) => t.extend(keys),
                    _ => unreachable!("sections are tables"),
                }
            }
        }
        FileConfig::deserialize(table).map_err(|e| ConfigError::Env {
            name: "FRONTLINE_*".into(),
            message: e.to_string(),
        })
    }

    /// `self` over `base`: every key `self` sets replaces `base`'s value.
    pub fn over(self, base: FileConfig) -> FileConfig {
        // written out: the struct literals make the compiler name a key added to a section
        // and not layered here
        let (t, b) = (self, base);
        FileConfig {
            server: Server {
                listen: t.server.listen.or(b.server.listen),
                max_body_bytes: t.server.max_body_bytes.or(b.server.max_body_bytes),
                request_timeout_secs: t
                    .server
                    .request_timeout_secs
                    .or(b.server.request_timeout_secs),
                header_timeout_secs: t
                    .server
                    .header_timeout_secs
                    .or(b.server.header_timeout_secs),
                max_connections: t.server.max_connections.or(b.server.max_connections),
                health_reserve: t.server.health_reserve.or(b.server.health_reserve),
                bootstrap_samples: t.server.bootstrap_samples.or(b.server.bootstrap_samples),
                insecure: t.server.insecure.or(b.server.insecure),
                readyz_needs_key: t.server.readyz_needs_key.or(b.server.readyz_needs_key),
                tls_cert: t.server.tls_cert.or(b.server.tls_cert),
                tls_key: t.server.tls_key.or(b.server.tls_key),
            },
            search: Search {
                max_concurrent: t.search.max_concurrent.or(b.search.max_concurrent),
                max_queued: t.search.max_queued.or(b.search.max_queued),
                queue_timeout_secs: t.search.queue_timeout_secs.or(b.search.queue_timeout_secs),
            },
            screening: Screening {
                max_sync_travellers: t
                    .screening
                    .max_sync_travellers
                    .or(b.screening.max_sync_travellers),
                max_manifest_bytes: t
                    .screening
                    .max_manifest_bytes
                    .or(b.screening.max_manifest_bytes),
                max_screening_bytes: t
                    .screening
                    .max_screening_bytes
                    .or(b.screening.max_screening_bytes),
                threads: t.screening.threads.or(b.screening.threads),
                nice: t.screening.nice.or(b.screening.nice),
                max_pending_jobs: t
                    .screening
                    .max_pending_jobs
                    .or(b.screening.max_pending_jobs),
                job_retention_hours: t
                    .screening
                    .job_retention_hours
                    .or(b.screening.job_retention_hours),
            },
            feeds: Feeds {
                ingest_nice: t.feeds.ingest_nice.or(b.feeds.ingest_nice),
                max_feed_bytes: t.feeds.max_feed_bytes.or(b.feeds.max_feed_bytes),
                upload_idle_timeout_secs: t
                    .feeds
                    .upload_idle_timeout_secs
                    .or(b.feeds.upload_idle_timeout_secs),
                refresh_tick_secs: t.feeds.refresh_tick_secs.or(b.feeds.refresh_tick_secs),
            },
            rate_limits: RateLimits {
                officer: t.rate_limits.officer.or(b.rate_limits.officer),
                screener: t.rate_limits.screener.or(b.rate_limits.screener),
                admin: t.rate_limits.admin.or(b.rate_limits.admin),
                ip: t.rate_limits.ip.or(b.rate_limits.ip),
            },
            audit: Audit {
                enabled: t.audit.enabled.or(b.audit.enabled),
                key: t.audit.key.or(b.audit.key),
                query: t.audit.query.or(b.audit.query),
                fail_open: t.audit.fail_open.or(b.audit.fail_open),
                rotate_bytes: t.audit.rotate_bytes.or(b.audit.rotate_bytes),
            },
            log: Log {
                format: t.log.format.or(b.log.format),
                level: t.log.level.or(b.log.level),
            },
        }
    }

    /// `base` with every key this file sets applied, checked.
    pub fn apply(self, base: Config) -> Result<Config, ConfigError> {
        // destructured without `..`: a key added to the schema and not applied here does not
        // compile
        let FileConfig {
            server:
                Server {
                    listen,
                    max_body_bytes,
                    request_timeout_secs,
                    header_timeout_secs,
                    max_connections,
                    health_reserve,
                    bootstrap_samples,
                    insecure,
                    readyz_needs_key,
                    tls_cert,
                    tls_key,
                },
            search:
                Search {
                    max_concurrent,
                    max_queued,
                    queue_timeout_secs,
                },
            screening:
                Screening {
                    max_sync_travellers,
                    max_manifest_bytes,
                    max_screening_bytes,
                    threads,
                    nice,
                    max_pending_jobs,
                    job_retention_hours,
                },
            feeds:
                Feeds {
                    ingest_nice,
                    max_feed_bytes,
                    upload_idle_timeout_secs,
                    refresh_tick_secs,
                },
            rate_limits:
                RateLimits {
                    officer,
                    screener,
                    admin,
                    ip,
                },
            audit:
                Audit {
                    enabled,
                    key,
                    query,
                    fail_open,
                    rotate_bytes,
                },
            log: Log { format, level },
        } = self;
        let mut c = base;
        let secs = |key: &str, v: Option<f64>, into: &mut Duration| -> Result<(), ConfigError> {
            if let Some(s) = v {
                if !(s.is_finite() && s > 0.0 && s < 1e9) {
                    return Err(invalid(
                        key,
                        format!("{s} is not a positive number of seconds"),
                    ));
                }
                *into = Duration::from_secs_f64(s);
            }
            Ok(())
        };
        let positive = |key: &str, v: Option<usize>, into: &mut usize| -> Result<(), ConfigError> {
            if let Some(n) = v {
                if n == 0 {
                    return Err(invalid(key, "must be at least 1".into()));
                }
                *into = n;
            }
            Ok(())
        };
        let nice_value = |key: &str, v: Option<i32>, into: &mut i32| -> Result<(), ConfigError> {
            if let Some(n) = v {
                if !(0..=19).contains(&n) {
                    return Err(invalid(key, format!("{n} is not a nice value in 0..=19")));
                }
                *into = n;
            }
            Ok(())
        };
        set(listen, &mut c.listen);
        positive(
            "server.max_body_bytes",
            max_body_bytes,
            &mut c.max_body_bytes,
        )?;
        secs(
            "server.request_timeout_secs",
            request_timeout_secs,
            &mut c.request_timeout,
        )?;
        secs(
            "server.header_timeout_secs",
            header_timeout_secs,
            &mut c.header_timeout,
        )?;
        positive(
            "server.max_connections",
            max_connections,
            &mut c.max_connections,
        )?;
        set(health_reserve, &mut c.health_reserve);
        set(bootstrap_samples, &mut c.bootstrap_samples);
        set(insecure, &mut c.insecure);
        set(readyz_needs_key, &mut c.readyz_needs_key);
        if tls_cert.is_some() {
            c.tls_cert = tls_cert;
        }
        if tls_key.is_some() {
            c.tls_key = tls_key;
        }
        positive(
            "search.max_concurrent",
            max_concurrent,
            &mut c.max_concurrent_searches,
        )?;
        set(max_queued, &mut c.max_queued_searches);
        secs(
            "search.queue_timeout_secs",
            queue_timeout_secs,
            &mut c.queue_timeout,
        )?;
        positive(
            "screening.max_sync_travellers",
            max_sync_travellers,
            &mut c.max_sync_travellers,
        )?;
        positive(
            "screening.max_manifest_bytes",
            max_manifest_bytes,
            &mut c.max_manifest_bytes,
        )?;
        positive(
            "screening.max_screening_bytes",
            max_screening_bytes,
            &mut c.max_screening_bytes,
        )?;
        positive("screening.threads", threads, &mut c.batch_threads)?;
        nice_value("screening.nice", nice, &mut c.batch_nice)?;
        positive(
            "screening.max_pending_jobs",
            max_pending_jobs,
            &mut c.max_pending_jobs,
        )?;
        if let Some(h) = job_retention_hours {
            secs(
                "screening.job_retention_hours",
                Some(h * 3600.0),
                &mut c.job_retention,
            )?;
        }
        nice_value("feeds.ingest_nice", ingest_nice, &mut c.ingest_nice)?;
        if let Some(n) = max_feed_bytes {
            if n == 0 {
                return Err(invalid("feeds.max_feed_bytes", "must be at least 1".into()));
            }
            c.max_feed_bytes = n;
        }
        secs(
            "feeds.upload_idle_timeout_secs",
            upload_idle_timeout_secs,
            &mut c.upload_idle_timeout,
        )?;
        secs(
            "feeds.refresh_tick_secs",
            refresh_tick_secs,
            &mut c.refresh_tick,
        )?;
        set(officer, &mut c.rate_limits.officer);
        set(screener, &mut c.rate_limits.screener);
        set(admin, &mut c.rate_limits.admin);
        set(ip, &mut c.rate_limits.ip);
        set(enabled, &mut c.audit);
        if key.is_some() {
            c.audit_key = key;
        }
        if let Some(q) = query {
            c.audit_query = q.parse().map_err(|e| invalid("audit.query", e))?;
        }
        set(fail_open, &mut c.audit_fail_open);
        if let Some(n) = rotate_bytes {
            if n == 0 {
                return Err(invalid("audit.rotate_bytes", "must be at least 1".into()));
            }
            c.audit_rotate_bytes = n;
        }
        if let Some(f) = format {
            c.log_format = f.parse().map_err(|e| invalid("log.format", e))?;
        }
        if let Some(l) = level {
            tracing_subscriber::EnvFilter::try_new(&l)
                .map_err(|e| invalid("log.level", format!("{l:?}: {e}")))?;
            c.log_level = l;
        }
        if c.health_reserve >= c.max_connections {
            return Err(invalid(
                "server.health_reserve",
                format!(
                    "{} must be below server.max_connections ({})",
                    c.health_reserve, c.max_connections
                ),
            ));
        }
        Ok(c)
    }

    /// `config` as a complete file: every key with the value in force.
    pub fn effective(config: &Config) -> FileConfig {
        let c = config;
        FileConfig {
            server: Server {
                listen: Some(c.listen),
                max_body_bytes: Some(c.max_body_bytes),
                request_timeout_secs: Some(c.request_timeout.as_secs_f64()),
                header_timeout_secs: Some(c.header_timeout.as_secs_f64()),
                max_connections: Some(c.max_connections),
                health_reserve: Some(c.health_reserve),
                bootstrap_samples: Some(c.bootstrap_samples),
                insecure: Some(c.insecure),
                readyz_needs_key: Some(c.readyz_needs_key),
                tls_cert: c.tls_cert.clone(),
                tls_key: c.tls_key.clone(),
            },
            search: Search {
                max_concurrent: Some(c.max_concurrent_searches),
                max_queued: Some(c.max_queued_searches),
                queue_timeout_secs: Some(c.queue_timeout.as_secs_f64()),
            },
            screening: Screening {
                max_sync_travellers: Some(c.max_sync_travellers),
                max_manifest_bytes: Some(c.max_manifest_bytes),
                max_screening_bytes: Some(c.max_screening_bytes),
                threads: Some(c.batch_threads),
                nice: Some(c.batch_nice),
                max_pending_jobs: Some(c.max_pending_jobs),
                job_retention_hours: Some(c.job_retention.as_secs_f64() / 3600.0),
            },
            feeds: Feeds {
                ingest_nice: Some(c.ingest_nice),
                max_feed_bytes: Some(c.max_feed_bytes),
                upload_idle_timeout_secs: Some(c.upload_idle_timeout.as_secs_f64()),
                refresh_tick_secs: Some(c.refresh_tick.as_secs_f64()),
            },
            rate_limits: RateLimits {
                officer: Some(c.rate_limits.officer),
                screener: Some(c.rate_limits.screener),
                admin: Some(c.rate_limits.admin),
                ip: Some(c.rate_limits.ip),
            },
            audit: Audit {
                enabled: Some(c.audit),
                key: Some(c.audit_key_path()),
                query: Some(c.audit_query.as_str().to_string()),
                fail_open: Some(c.audit_fail_open),
                rotate_bytes: Some(c.audit_rotate_bytes),
            },
            log: Log {
                format: Some(c.log_format.as_str().to_string()),
                level: Some(c.log_level.clone()),
            },
        }
    }

    /// The file as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("the schema serialises")
    }
}

fn set<T>(v: Option<T>, into: &mut T) {
    if let Some(v) = v {
        *into = v;
    }
}

fn invalid(key: &str, message: String) -> ConfigError {
    ConfigError::Invalid {
        key: key.to_string(),
        message,
    }
}

/// A variable's value: a TOML scalar when it reads as one, else the text as a string.
fn parse_env_value(text: &str) -> toml::Value {
    match toml::from_str::<toml::Table>(&format!("v = {text}")) {
        Ok(mut t) => match t.remove("v") {
            Some(
                v @ (toml::Value::Integer(_)
                | toml::Value::Float(_)
                | toml::Value::Boolean(_)
                | toml::Value::String(_)),
            ) => v,
            _ => toml::Value::String(text.to_string()),
        },
        Err(_) => toml::Value::String(text.to_string()),
    }
}

/// The configuration `serve` runs with: the defaults for `data_dir`, under the file (`file`,
/// else `DATA_DIR/frontline.toml` when present), under the environment overrides `env`. The
/// command line's flags go on top (the caller's).
pub fn load(
    data_dir: &Path,
    file: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(Config, Option<PathBuf>), ConfigError> {
    let path = match file {
        Some(p) => Some(p.to_path_buf()),
        None => Some(data_dir.join(FILE_NAME)).filter(|p| p.exists()),
    };
    let from_file = match &path {
        Some(p) => FileConfig::read(p)?,
        None => FileConfig::default(),
    };
    let layered = FileConfig::from_env(env)?.over(from_file);
    let base = Config {
        data_dir: data_dir.to_path_buf(),
        ..Config::default()
    };
    Ok((layered.apply(base)?, path))
}

#[cfg(test)]
mod tests {
    //! Properties: every key of the schema is overridden by its FRONTLINE_ variable and by the
    //! file, and is documented in the example file and the README; unknown keys and bad values
    //! are errors naming them; layers apply in order; relative paths follow the file.
    use super::*;
    use crate::config::keys::every_key;

    fn no_env() -> Vec<(String, String)> {
        Vec::new()
    }

    fn effective_value(c: &Config, section: &str, key: &str) -> toml::Value {
        let table: toml::Table = toml::from_str(&FileConfig::effective(c).to_toml()).unwrap();
        table[section][key].clone()
    }

    #[test]
    fn every_key_is_overridden_by_its_environment_variable() {
        let keys = every_key();
        assert!(keys.len() >= 35, "{} keys", keys.len());
        for k in keys {
            let name = k.env_var();
            let (c, _) = load(
                Path::new("/nonexistent"),
                None,
                [(name.clone(), k.other_text())],
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(effective_value(&c, &k.section, &k.key), k.other, "{name}");
        }
    }

    #[test]
    fn every_key_is_read_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        for k in every_key() {
            let path = dir.path().join("f.toml");
            std::fs::write(&path, format!("[{}]\n{} = {}\n", k.section, k.key, k.other)).unwrap();
            let (c, read) = load(dir.path(), Some(&path), no_env()).unwrap();
            assert_eq!(read.as_deref(), Some(path.as_path()));
            assert_eq!(
                effective_value(&c, &k.section, &k.key),
                k.other,
                "{}",
                k.name()
            );
        }
    }

    #[test]
    fn every_key_is_documented_in_the_example_file_and_the_readme() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let example = std::fs::read_to_string(root.join("index-data").join(FILE_NAME)).unwrap();
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        let mut section = String::new();
        let mut documented = Vec::new();
        for line in example.lines() {
            if let Some(s) = line.strip_prefix('[') {
                section = s.trim_end_matches(']').to_string();
            } else if let Some((k, _)) = line.strip_prefix("# ").and_then(|l| l.split_once(" = ")) {
                documented.push(format!("{section}.{k}"));
            }
        }
        for k in every_key() {
            let full = k.name();
            assert!(
                documented.contains(&full),
                "{full} not in index-data/{FILE_NAME}"
            );
            assert!(
                readme.contains(&format!("`{full}`")),
                "{full} not in README.md"
            );
        }
        // and the example, uncommented, is a valid file of the defaults
        let uncommented: String = example
            .lines()
            .filter_map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") => Some(rest),
                _ if l.starts_with('[') => Some(l),
                _ => None,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let file: FileConfig = toml::from_str(&uncommented).expect("the example parses");
        assert!(file.apply(Config::default()).is_ok());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors_naming_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        for (text, expected) in [
            ("[server]\nlisten_addr = \"1.2.3.4:5\"\n", "listen_addr"),
            ("[sever]\nlisten = \"1.2.3.4:5\"\n", "sever"),
            ("[server]\nlisten = \"here\"\n", "listen"),
            ("[search]\nmax_concurrent = 0\n", "search.max_concurrent"),
            ("[screening]\nnice = 25\n", "screening.nice"),
            ("[audit]\nquery = \"hashed\"\n", "hashed"),
            ("[log]\nformat = \"xml\"\n", "xml"),
            (
                "[server]\nrequest_timeout_secs = -1\n",
                "request_timeout_secs",
            ),
        ] {
            std::fs::write(&path, text).unwrap();
            let err = load(dir.path(), Some(&path), no_env())
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
        for (name, value, expected) in [
            (
                "FRONTLINE_SERVER__LISTN",
                "1.2.3.4:5",
                "FRONTLINE_SERVER__LISTN",
            ),
            (
                "FRONTLINE_SERVR__LISTEN",
                "1.2.3.4:5",
                "FRONTLINE_SERVR__LISTEN",
            ),
            (
                "FRONTLINE_SEARCH__MAX_QUEUED",
                "many",
                "FRONTLINE_SEARCH__MAX_QUEUED",
            ),
            ("FRONTLINE___LISTEN", "x", "FRONTLINE_<SECTION>__<KEY>"),
        ] {
            let err = load(dir.path(), None, [(name.to_string(), value.to_string())])
                .unwrap_err()
                .to_string();
            assert!(err.contains(expected), "{name}: {err}");
        }
        let missing = dir.path().join("absent.toml");
        let err = load(dir.path(), Some(&missing), no_env())
            .unwrap_err()
            .to_string();
        assert!(err.contains("absent.toml"), "{err}");
        // a variable of the prefix that is not configuration is left alone
        assert!(load(dir.path(), None, [("FRONTLINE_KEY".into(), "fl_x".into())]).is_ok());
    }

    #[test]
    fn layers_apply_in_order_and_relative_paths_follow_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE_NAME),
            "[server]\nlisten = \"127.0.0.1:7000\"\ntls_cert = \"tls/c.pem\"\ntls_key = \"/abs/k.pem\"\n\
             [search]\nmax_queued = 7\n",
        )
        .unwrap();
        // the data directory's file is found without --config
        let (c, path) = load(
            dir.path(),
            None,
            [("FRONTLINE_SEARCH__MAX_QUEUED".to_string(), "9".to_string())],
        )
        .unwrap();
        assert_eq!(path, Some(dir.path().join(FILE_NAME)));
        assert_eq!(
            c.listen,
            "127.0.0.1:7000".parse().unwrap(),
            "the file over the default"
        );
        assert_eq!(c.max_queued_searches, 9, "the variable over the file");
        assert_eq!(c.tls_cert, Some(dir.path().join("tls/c.pem")));
        assert_eq!(c.tls_key, Some(PathBuf::from("/abs/k.pem")));
        assert_eq!(c.data_dir, dir.path());
        // no file: the defaults
        let empty = tempfile::tempdir().unwrap();
        let (c, path) = load(empty.path(), None, no_env()).unwrap();
        assert_eq!((path, c.listen), (None, Config::default().listen));
    }
}
