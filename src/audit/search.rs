//! `frontline audit search`: the request lines of a log that match a filter (agency, key,
//! record shown, time range), so that an organization can answer "who looked at my record".
//! It reads the log as it is; `frontline audit verify` proves it intact.

use super::record::{Body, Line, Request};
use super::verify::log_files;
use crate::fsutil::io_error;
use crate::{Error, Result};
use std::io::BufRead;
use std::path::Path;

/// Which requests to show; every given condition must hold.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// The agency of the key that asked.
    pub agency: Option<String>,
    /// The key that asked.
    pub key_id: Option<String>,
    /// A record (`source/id`) the response showed.
    pub record: Option<String>,
    /// From this time on (a line's time, see [`bound`]).
    pub since: Option<String>,
    /// Up to this time.
    pub until: Option<String>,
}

impl Filter {
    pub fn matches(&self, time: &str, r: &Request) -> bool {
        let eq = |want: &Option<String>, have: &Option<String>| {
            want.as_ref()
                .is_none_or(|w| have.as_deref() == Some(w.as_str()))
        };
        eq(&self.agency, &r.agency)
            && eq(&self.key_id, &r.key_id)
            && self
                .record
                .as_ref()
                .is_none_or(|want| r.records.iter().any(|have| have == want))
            && self.since.as_ref().is_none_or(|s| time >= s.as_str())
            && self.until.as_ref().is_none_or(|u| time <= u.as_str())
    }
}

/// A time bound as the log writes times: a date (`2026-12-02`: its first instant, or its
/// last when `end`) or an RFC 3339 time (converted to UTC).
pub fn bound(text: &str, end: bool) -> std::result::Result<String, String> {
    use time::format_description::well_known::Rfc3339;
    let invalid = || {
        format!("invalid time {text:?}: give a date (2026-12-02) or an RFC 3339 time (2026-12-02T10:00:00Z)")
    };
    if let Ok(date) = time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    ) {
        return Ok(if end {
            format!("{date}T23:59:59.999999Z")
        } else {
            format!("{date}T00:00:00.000000Z")
        });
    }
    let t = time::OffsetDateTime::parse(text, &Rfc3339).map_err(|_| invalid())?;
    Ok(super::record::format_time(t))
}

/// Calls `found` with every request line of the log of `data_dir` that `filter` matches, in
/// log order, until it returns false; returns how many it was given.
pub fn search(
    data_dir: &Path,
    filter: &Filter,
    found: &mut dyn FnMut(&Line) -> bool,
) -> Result<u64> {
    let mut matched = 0;
    for file in log_files(&super::log_dir(data_dir))? {
        let reader = std::io::BufReader::new(std::fs::File::open(&file).map_err(io_error(&file))?);
        for (n, text) in reader.lines().enumerate() {
            let text = text.map_err(io_error(&file))?;
            let line: Line = serde_json::from_str(&text).map_err(|e| {
                Error::Audit(format!(
                    "{} line {}: not an audit line ({e}); run `frontline audit verify`",
                    file.display(),
                    n + 1
                ))
            })?;
            if let Body::Request(r) = &line.body {
                if filter.matches(&line.time, r) {
                    matched += 1;
                    if !found(&line) {
                        return Ok(matched);
                    }
                }
            }
        }
    }
    Ok(matched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_dates_or_rfc3339_times_in_utc() {
        assert_eq!(
            bound("2026-12-02", false).unwrap(),
            "2026-12-02T00:00:00.000000Z"
        );
        assert_eq!(
            bound("2026-12-02", true).unwrap(),
            "2026-12-02T23:59:59.999999Z"
        );
        assert_eq!(
            bound("2026-12-02T11:30:00+01:00", false).unwrap(),
            "2026-12-02T10:30:00.000000Z"
        );
        assert!(bound("yesterday", false)
            .unwrap_err()
            .contains("invalid time"));
        assert!(bound("2026-13-02", false).is_err());
    }

    #[test]
    fn a_filter_needs_every_condition() {
        let r = Request {
            agency: Some("FRA-NCB".into()),
            key_id: Some("k1".into()),
            records: vec!["INTERPOL/P1".into()],
            ..Default::default()
        };
        let t = "2026-12-02T10:00:00.000000Z";
        let f = |agency: Option<&str>, record: Option<&str>, since: Option<&str>| Filter {
            agency: agency.map(Into::into),
            record: record.map(Into::into),
            since: since.map(|s| bound(s, false).unwrap()),
            ..Default::default()
        };
        assert!(f(None, None, None).matches(t, &r));
        assert!(f(Some("FRA-NCB"), Some("INTERPOL/P1"), Some("2026-12-02")).matches(t, &r));
        assert!(!f(Some("EUROPOL"), None, None).matches(t, &r));
        assert!(!f(None, Some("INTERPOL/P2"), None).matches(t, &r));
        assert!(!f(None, None, Some("2026-12-03")).matches(t, &r));
    }
}
