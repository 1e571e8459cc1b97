//! Dates: full calendar dates (`YYYY-MM-DD`) and partial dates of birth (`YYYY`, `YYYY-MM`).

use serde::{Serialize, Serializer};
use std::fmt;

/// A date of birth known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// A complete calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn num(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; years 1800..=2100.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY");
        let mut parts = s.split('-');
        let year = parts.next().and_then(|p| num(p, 4)).ok_or_else(bad)? as u16;
        if !(1800..=2100).contains(&year) {
            return Err(format!("year {year} out of range 1800..2100"));
        }
        let month = match parts.next() {
            None => None,
            Some(p) => Some(num(p, 2).filter(|m| (1..=12).contains(m)).ok_or_else(bad)? as u8),
        };
        let day = match parts.next() {
            None => None,
            Some(p) => {
                let d = num(p, 2).ok_or_else(bad)? as u8;
                if d == 0 || d > days_in_month(year, month.unwrap_or(1)) {
                    return Err(format!("'{s}' is not a calendar date"));
                }
                Some(d)
            }
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(PartialDate { year, month, day })
    }

    /// The complete date, if day and month are known.
    pub fn full(&self) -> Option<Date> {
        Some(Date {
            year: self.year,
            month: self.month?,
            day: self.day?,
        })
    }
}

impl Date {
    /// Parses a complete `YYYY-MM-DD` date.
    pub fn parse(s: &str) -> Result<Self, String> {
        PartialDate::parse(s)?
            .full()
            .ok_or_else(|| format!("'{s}' is not a full date: expected YYYY-MM-DD"))
    }

    /// Today's date in UTC.
    pub fn today() -> Self {
        let now = time::OffsetDateTime::now_utc();
        Date {
            year: now.year() as u16,
            month: now.month() as u8,
            day: now.day(),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_partial_dates() {
        assert_eq!(PartialDate::parse("1970").unwrap().to_string(), "1970");
        assert_eq!(
            PartialDate::parse("1970-03").unwrap().to_string(),
            "1970-03"
        );
        assert_eq!(
            PartialDate::parse("2000-02-29").unwrap().to_string(),
            "2000-02-29"
        );
    }

    #[test]
    fn rejects_bad_dates() {
        for s in [
            "",
            "70",
            "1970-13",
            "1970-02-30",
            "1900-02-29",
            "1970-1-1",
            "1970-01-01-01",
            "abcd",
            "1700",
        ] {
            assert!(PartialDate::parse(s).is_err(), "{s}");
        }
        assert!(Date::parse("1970-01").is_err());
    }
}
