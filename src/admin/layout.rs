//! The feed directory: where each organization's feed lives, in which format, and its
//! settings (README, "Feed directory").
//!
//! One entry per source, named by the source code:
//! - `CODE.jsonl`: Frontline JSON Lines;
//! - `CODE.xml`: the UN Security Council consolidated list;
//! - `CODE.ftm.json` / `CODE.ftm.jsonl`: FollowTheMoney entities;
//! - `CODE.senzing.json` / `CODE.senzing.jsonl`: Senzing JSON;
//! - `CODE/` holding `sdn.csv`: the OFAC SDN list (its four CSV files).
//!
//! An optional `sources.toml` beside them names a source's path and format explicitly (for
//! any other file name) and sets its refresh interval and removal guard. Anything else in the
//! folder is reported as a problem, never silently skipped.

use crate::feeds::{valid_code, Format};
use crate::index::writer::{Feed, MAX_REMOVAL_SHARE};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The settings file inside the feed directory.
pub const SETTINGS_FILE: &str = "sources.toml";
/// Shortest refresh interval accepted.
pub const MIN_REFRESH: Duration = Duration::from_secs(60);

/// `sources.toml`: `[sources.CODE]` tables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    #[serde(default)]
    sources: BTreeMap<String, SourceSettings>,
}

/// The settings of one source in `sources.toml`; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSettings {
    /// File or folder, relative to the feed directory (default: found by name).
    pub path: Option<PathBuf>,
    /// Format name (default: told by the file name).
    pub format: Option<String>,
    /// How often to look for a changed feed, e.g. `"30m"`, `"6h"`, `"1d"` (default: never).
    pub refresh: Option<String>,
    /// Largest share of the source's records a full reload may remove unforced (default 0.5).
    pub max_removal_share: Option<f64>,
}

/// One configured source.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct SourceEntry {
    pub source: String,
    #[schema(value_type = String)]
    pub path: PathBuf,
    pub format: Format,
    /// Look for a changed feed this often.
    #[serde(skip_serializing_if = "Option::is_none", with = "opt_secs")]
    #[schema(value_type = Option<u64>)]
    pub refresh: Option<Duration>,
    pub max_removal_share: f64,
}

impl SourceEntry {
    /// The feed to ingest for this source.
    pub fn feed(&self) -> Feed {
        Feed {
            path: self.path.clone(),
            format: self.format,
            source: Some(self.source.clone()),
        }
    }
}

mod opt_secs {
    pub fn serialize<S: serde::Serializer>(
        d: &Option<std::time::Duration>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_u64(d.as_secs()),
            None => s.serialize_none(),
        }
    }
}

/// What the feed directory holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Layout {
    pub dir: PathBuf,
    /// By source code.
    pub sources: BTreeMap<String, SourceEntry>,
    /// Entries that are not a feed, with the reason (shown by `GET /v1/admin/feeds` and
    /// `frontline feeds status`).
    pub problems: Vec<String>,
}

/// Parses `"90s"`, `"30m"`, `"6h"`, `"1d"`.
pub fn parse_interval(text: &str) -> std::result::Result<Duration, String> {
    let t = text.trim();
    let (num, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = num
        .parse()
        .map_err(|_| format!("interval '{text}' must be a number and a unit (s, m, h, d)"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => {
            return Err(format!(
                "interval '{text}' must end in s, m, h or d (e.g. \"6h\")"
            ))
        }
    };
    let d = Duration::from_secs(secs);
    if d < MIN_REFRESH {
        return Err(format!("interval '{text}' is shorter than one minute"));
    }
    Ok(d)
}

/// The source code and format a feed directory entry's name tells, if it tells one.
fn by_name(path: &Path) -> Option<(String, Format)> {
    let name = path.file_name()?.to_str()?;
    if path.is_dir() {
        return path
            .join("sdn.csv")
            .is_file()
            .then(|| (name.to_string(), Format::OfacSdn));
    }
    const SUFFIXES: [(&str, Format); 6] = [
        (".ftm.jsonl", Format::Ftm),
        (".ftm.json", Format::Ftm),
        (".senzing.jsonl", Format::Senzing),
        (".senzing.json", Format::Senzing),
        (".jsonl", Format::Jsonl),
        (".xml", Format::UnXml),
    ];
    SUFFIXES
        .iter()
        .find_map(|(suffix, f)| name.strip_suffix(suffix).map(|code| (code.to_string(), *f)))
}

impl Layout {
    /// Reads the feed directory `dir` (a missing one is an empty layout). A bad
    /// `sources.toml` is an error: a setting must never be silently ignored.
    pub fn scan(dir: &Path) -> Result<Layout> {
        let mut layout = Layout {
            dir: dir.to_path_buf(),
            ..Default::default()
        };
        let settings_path = dir.join(SETTINGS_FILE);
        let settings: SettingsFile = match std::fs::read_to_string(&settings_path) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                Error::invalid(
                    "sources.toml",
                    format!("{}: {}", settings_path.display(), e.message()),
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => SettingsFile::default(),
            Err(source) => {
                return Err(Error::Io {
                    path: settings_path,
                    source,
                })
            }
        };
        let mut found: BTreeMap<String, (PathBuf, Format)> = BTreeMap::new();
        let claimed: Vec<PathBuf> = settings
            .sources
            .values()
            .filter_map(|s| s.path.as_ref().map(|p| dir.join(p)))
            .collect();
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            for path in paths {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let name = name.unwrap_or_default();
                if name.starts_with('.') || name == SETTINGS_FILE || claimed.contains(&path) {
                    continue;
                }
                match by_name(&path) {
                    Some((code, _)) if !valid_code(&code) => layout.problems.push(format!(
                        "{name}: '{code}' is not a source code ([A-Z0-9_-]{{2,32}})"
                    )),
                    Some((code, format)) => {
                        if let Some((other, _)) = found.get(&code) {
                            layout.problems.push(format!(
                                "{name}: source {code} already has {}",
                                other.display()
                            ));
                        } else {
                            found.insert(code, (path, format));
                        }
                    }
                    None => layout.problems.push(format!(
                        "{name}: not a feed (name it CODE.jsonl, CODE.xml, CODE.ftm.json, \
                         CODE.senzing.json, or a CODE/ folder with sdn.csv; or configure it in \
                         {SETTINGS_FILE})"
                    )),
                }
            }
        }
        for (code, s) in &settings.sources {
            let bad = |m: String| Error::invalid("sources.toml", format!("[sources.{code}]: {m}"));
            if !valid_code(code) {
                return Err(bad("not a source code ([A-Z0-9_-]{2,32})".into()));
            }
            let path = match &s.path {
                Some(p) => dir.join(p),
                None => match found.get(code) {
                    Some((p, _)) => p.clone(),
                    None => {
                        return Err(bad(format!(
                            "no 'path' and no feed named for {code} in {}",
                            dir.display()
                        )))
                    }
                },
            };
            let format = match (&s.format, by_name(&path)) {
                (Some(f), _) => Format::parse(f).map_err(bad)?,
                (None, Some((_, f))) => f,
                (None, None) => {
                    return Err(bad(format!(
                        "cannot tell the format of {}; set 'format'",
                        path.display()
                    )))
                }
            };
            let share = s.max_removal_share.unwrap_or(MAX_REMOVAL_SHARE);
            if !(0.0..=1.0).contains(&share) {
                return Err(bad(format!("max_removal_share {share} is outside 0..=1")));
            }
            let refresh = s
                .refresh
                .as_deref()
                .map(parse_interval)
                .transpose()
                .map_err(bad)?;
            found.remove(code);
            layout.sources.insert(
                code.clone(),
                SourceEntry {
                    source: code.clone(),
                    path,
                    format,
                    refresh,
                    max_removal_share: share,
                },
            );
        }
        for (code, (path, format)) in found {
            layout.sources.insert(
                code.clone(),
                SourceEntry {
                    source: code,
                    path,
                    format,
                    refresh: None,
                    max_removal_share: MAX_REMOVAL_SHARE,
                },
            );
        }
        Ok(layout)
    }

    /// The configured source `code`, or an error naming the ones there are.
    pub fn source(&self, code: &str) -> Result<&SourceEntry> {
        self.sources.get(code).ok_or_else(|| {
            let known: Vec<&str> = self.sources.keys().map(String::as_str).collect();
            Error::invalid(
                "source",
                format!(
                    "no feed is configured for {code} in {} (configured: {})",
                    self.dir.display(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(dir: &Path, name: &str) {
        std::fs::write(dir.join(name), "x").unwrap();
    }

    #[test]
    fn names_tell_source_and_format() {
        let d = tempfile::tempdir().unwrap();
        touch(d.path(), "INTERPOL.jsonl");
        touch(d.path(), "UNSC.xml");
        touch(d.path(), "OS.ftm.json");
        touch(d.path(), "SZ.senzing.json");
        std::fs::create_dir(d.path().join("OFAC")).unwrap();
        touch(&d.path().join("OFAC"), "sdn.csv");
        touch(d.path(), "notes.txt");
        touch(d.path(), "bad code.jsonl");
        let l = Layout::scan(d.path()).unwrap();
        let formats: Vec<(&str, Format)> = l
            .sources
            .values()
            .map(|s| (s.source.as_str(), s.format))
            .collect();
        assert_eq!(
            formats,
            vec![
                ("INTERPOL", Format::Jsonl),
                ("OFAC", Format::OfacSdn),
                ("OS", Format::Ftm),
                ("SZ", Format::Senzing),
                ("UNSC", Format::UnXml)
            ]
        );
        assert_eq!(l.problems.len(), 2, "{:?}", l.problems);
        assert!(l
            .problems
            .iter()
            .any(|p| p.starts_with("notes.txt: not a feed")));
        assert!(l.problems.iter().any(|p| p.contains("not a source code")));
    }

    #[test]
    fn settings_name_paths_formats_and_intervals() {
        let d = tempfile::tempdir().unwrap();
        touch(d.path(), "consolidated.xml");
        touch(d.path(), "EUROPOL.jsonl");
        std::fs::write(
            d.path().join(SETTINGS_FILE),
            "[sources.UNSC]\npath = \"consolidated.xml\"\nrefresh = \"6h\"\n\n\
             [sources.EUROPOL]\nmax_removal_share = 0.2\n",
        )
        .unwrap();
        let l = Layout::scan(d.path()).unwrap();
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        let un = l.source("UNSC").unwrap();
        assert_eq!(un.format, Format::UnXml);
        assert_eq!(un.refresh, Some(Duration::from_secs(6 * 3600)));
        assert_eq!(l.source("EUROPOL").unwrap().max_removal_share, 0.2);
        assert!(l
            .source("OFAC")
            .unwrap_err()
            .to_string()
            .contains("configured: EUROPOL, UNSC"));
    }

    #[test]
    fn a_bad_setting_is_an_error_not_a_default() {
        let d = tempfile::tempdir().unwrap();
        touch(d.path(), "EUROPOL.jsonl");
        for (text, needle) in [
            ("[sources.EUROPOL]\nrefesh = \"6h\"\n", "refesh"),
            ("[sources.EUROPOL]\nrefresh = \"6 hours\"\n", "must end in"),
            (
                "[sources.EUROPOL]\nrefresh = \"10s\"\n",
                "shorter than one minute",
            ),
            (
                "[sources.EUROPOL]\nformat = \"csv\"\n",
                "unknown format 'csv'",
            ),
            (
                "[sources.EUROPOL]\nmax_removal_share = 2.0\n",
                "outside 0..=1",
            ),
            ("[sources.NOPE]\n", "no 'path'"),
            ("[source.EUROPOL]\n", "source"),
        ] {
            std::fs::write(d.path().join(SETTINGS_FILE), text).unwrap();
            let e = Layout::scan(d.path()).unwrap_err().to_string();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }
}
