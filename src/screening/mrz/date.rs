//! MRZ dates (`YYMMDD`, unknown parts as `<`) and two-digit-year resolution.
//!
//! Doc 9303 defines no century rule (Part 3 §4.8), so the rules here are ours:
//! - a **birth** date takes the latest century that does not put it in the future
//!   relative to [`Today`] (comparing month and day when they are known);
//! - an **expiry** date takes the century that puts it within
//!   [`EXPIRY_YEARS_BACK`] years before and [`EXPIRY_YEARS_AHEAD`] years after today.
//!
//! A date that cannot be read never fails a parse: its unreadable parts become
//! `None` and a warning says why.

/// Expiry years resolve to no earlier than `today.year - EXPIRY_YEARS_BACK`.
pub const EXPIRY_YEARS_BACK: i32 = 50;
/// Expiry years resolve to no later than `today.year + EXPIRY_YEARS_AHEAD`.
pub const EXPIRY_YEARS_AHEAD: i32 = 49;

/// Years in a century.
const CENTURY: i32 = 100;

/// The current date, passed in by the caller: this module never reads the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    /// Four-digit year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Day of month, 1-31.
    pub day: u32,
}

/// A date read from an MRZ. Unknown or unreadable parts are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzDate {
    /// Four-digit year after century resolution.
    pub year: Option<i32>,
    /// Month, 1-12.
    pub month: Option<u32>,
    /// Day, valid for the month (and year, for 29 February).
    pub day: Option<u32>,
    /// The six characters as read, e.g. `"740812"` or `"83<<<<"`.
    pub raw: String,
}

impl MrzDate {
    /// `YYYY-MM-DD` with `??` for unknown parts, e.g. `1974-08-12` or `1983-??-??`.
    pub fn to_iso(&self) -> String {
        let year = self.year.map_or("????".to_string(), |y| format!("{y:04}"));
        let month = self.month.map_or("??".to_string(), |m| format!("{m:02}"));
        let day = self.day.map_or("??".to_string(), |d| format!("{d:02}"));
        format!("{year}-{month}-{day}")
    }
}

/// Which date a field holds: it decides the century rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// Date of birth: never in the future.
    Birth,
    /// Date of expiry / valid until: within the expiry window.
    Expiry,
}

impl DateKind {
    /// The field's name in warnings.
    fn label(self) -> &'static str {
        match self {
            DateKind::Birth => "date of birth",
            DateKind::Expiry => "date of expiry",
        }
    }
}

/// The first year of the century `today` lies in (2000 for 2026).
fn century_start(today: &Today) -> i32 {
    today.year - today.year.rem_euclid(CENTURY)
}

/// The four-digit birth year for `yy`: the latest century whose year is not
/// after `today.year` (991231 -> 1999 and 26 -> 2026 when today is in 2026).
/// Use [`resolve_birth_date_year`] when month and day are known.
pub fn resolve_birth_year(yy: u32, today: &Today) -> i32 {
    resolve_birth_date_year(yy, None, None, today)
}

/// The four-digit birth year for `yy`, comparing month and day with `today`
/// when they are known: with today 2026-12-01, `261201` is 2026 and `261202`
/// (tomorrow) is 1926, since nobody is born in the future.
pub fn resolve_birth_date_year(
    yy: u32,
    month: Option<u32>,
    day: Option<u32>,
    today: &Today,
) -> i32 {
    let year = century_start(today) + (yy % CENTURY as u32) as i32;
    let in_future = match (year.cmp(&today.year), month, day) {
        (std::cmp::Ordering::Greater, _, _) => true,
        (std::cmp::Ordering::Equal, Some(m), Some(d)) => (m, d) > (today.month, today.day),
        (std::cmp::Ordering::Equal, Some(m), None) => m > today.month,
        _ => false,
    };
    if in_future {
        year - CENTURY
    } else {
        year
    }
}

/// The four-digit expiry year for `yy`: the one year ending in `yy` within
/// `[today.year - EXPIRY_YEARS_BACK, today.year + EXPIRY_YEARS_AHEAD]`
/// (with today in 2026: 12 -> 2012, 75 -> 2075, 76 -> 1976, 94 -> 1994).
pub fn resolve_expiry_year(yy: u32, today: &Today) -> i32 {
    let mut year = century_start(today) + (yy % CENTURY as u32) as i32;
    if year > today.year + EXPIRY_YEARS_AHEAD {
        year -= CENTURY;
    } else if year < today.year - EXPIRY_YEARS_BACK {
        year += CENTURY;
    }
    year
}

/// Whether `year` is a Gregorian leap year.
fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`; 29 for February of an unknown year, 31 for an
/// unknown month, so an unknown part never rejects a day.
fn days_in_month(month: Option<u32>, year: Option<i32>) -> u32 {
    match month {
        Some(4 | 6 | 9 | 11) => 30,
        Some(2) => match year {
            Some(y) if !is_leap(y) => 28,
            _ => 29,
        },
        _ => 31,
    }
}

/// A two-character part: `Ok(Some(n))` for two digits, `Ok(None)` for `<<`
/// (unknown, allowed by Doc 9303), `Err(())` for anything else.
fn two_digits(part: &[char]) -> Result<Option<u32>, ()> {
    match part {
        ['<', '<'] => Ok(None),
        [a, b] => match (a.to_digit(10), b.to_digit(10)) {
            (Some(a), Some(b)) => Ok(Some(a * 10 + b)),
            _ => Err(()),
        },
        _ => Err(()),
    }
}

/// Read a `YYMMDD` field. Returns the date and the warnings it raised
/// (unreadable or impossible parts); it never fails.
pub fn parse_date(raw: &str, kind: DateKind, today: &Today) -> (MrzDate, Vec<String>) {
    let chars: Vec<char> = raw.chars().collect();
    let mut warnings = Vec::new();
    let label = kind.label();
    let mut part = |i: usize, what: &str| -> Option<u32> {
        let slice = chars.get(i..i + 2).unwrap_or(&[]);
        two_digits(slice).unwrap_or_else(|()| {
            warnings.push(format!("{label} '{raw}': {what} is not readable"));
            None
        })
    };
    let yy = part(0, "year");
    let mut month = part(2, "month");
    let mut day = part(4, "day");
    if let Some(m) = month.filter(|m| !(1..=12).contains(m)) {
        warnings.push(format!("{label} '{raw}': month {m:02} is impossible"));
        month = None;
    }
    let year = yy.map(|yy| match kind {
        DateKind::Birth => resolve_birth_date_year(yy, month, day, today),
        DateKind::Expiry => resolve_expiry_year(yy, today),
    });
    if let Some(d) = day.filter(|&d| d == 0 || d > days_in_month(month, year)) {
        warnings.push(format!("{label} '{raw}': day {d:02} is impossible"));
        day = None;
    }
    let date = MrzDate {
        year,
        month,
        day,
        raw: raw.to_string(),
    };
    (date, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed "today" used throughout the tests.
    const TODAY: Today = Today {
        year: 2026,
        month: 12,
        day: 1,
    };

    /// Birth years take the latest century not in the future; a birth date of
    /// today is allowed, tomorrow falls back a century.
    #[test]
    fn birth_year_never_in_the_future() {
        assert_eq!(resolve_birth_year(99, &TODAY), 1999);
        assert_eq!(resolve_birth_year(26, &TODAY), 2026);
        assert_eq!(resolve_birth_year(27, &TODAY), 1927);
        assert_eq!(resolve_birth_year(0, &TODAY), 2000);
        let year = |raw| parse_date(raw, DateKind::Birth, &TODAY).0.year;
        assert_eq!(year("991231"), Some(1999));
        assert_eq!(year("261201"), Some(2026));
        assert_eq!(year("261202"), Some(1926));
        assert_eq!(year("2612<<"), Some(2026));
        assert_eq!(year("26<<<<"), Some(2026));
    }

    /// Expiry years fall in [today-50, today+49].
    #[test]
    fn expiry_window() {
        assert_eq!(resolve_expiry_year(12, &TODAY), 2012);
        assert_eq!(resolve_expiry_year(75, &TODAY), 2075);
        assert_eq!(resolve_expiry_year(76, &TODAY), 1976);
        assert_eq!(resolve_expiry_year(94, &TODAY), 1994);
    }

    /// Unknown parts (`<<`) are None without a warning; unreadable or impossible
    /// parts are None with a warning; nothing fails.
    #[test]
    fn unknown_and_impossible_parts() {
        let (d, w) = parse_date("<<<<<<", DateKind::Birth, &TODAY);
        assert_eq!((d.year, d.month, d.day), (None, None, None));
        assert!(w.is_empty());
        let (d, w) = parse_date("741312", DateKind::Birth, &TODAY);
        assert_eq!((d.year, d.month, d.day), (Some(1974), None, Some(12)));
        assert_eq!(w, ["date of birth '741312': month 13 is impossible"]);
        let (d, w) = parse_date("7402O1", DateKind::Expiry, &TODAY);
        assert_eq!((d.month, d.day), (Some(2), None));
        assert_eq!(w.len(), 1);
        let (d, w) = parse_date("010229", DateKind::Birth, &TODAY);
        assert_eq!((d.year, d.day), (Some(2001), None), "2001 is no leap year");
        assert_eq!(w.len(), 1);
        let (d, _) = parse_date("000229", DateKind::Birth, &TODAY);
        assert_eq!(d.to_iso(), "2000-02-29");
        let (d, w) = parse_date("12", DateKind::Birth, &TODAY);
        assert_eq!((d.month, w.len()), (None, 2), "short input never panics");
    }
}
