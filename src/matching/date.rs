//! Date-of-birth evidence: full or partial dates, day/month swaps, one-digit errors.

use crate::model::PartialDate;
use serde::Serialize;

/// How a query date of birth relates to a record's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DobEvidence {
    /// Same full date.
    Exact,
    /// Equal as far as the less precise of the two goes (year-month).
    SameMonth,
    /// Equal on the year only (one side has only the year).
    SameYear,
    /// Day and month swapped (US vs European writing).
    DayMonthSwap,
    /// One digit differs.
    OneDigit,
    /// Same year, different month or day.
    ConflictSameYear,
    /// Years differ by at most two.
    ConflictNear,
    /// Years differ by more than two.
    Conflict,
}

impl DobEvidence {
    /// The name it is serialized under (`same_month` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            DobEvidence::Exact => "exact",
            DobEvidence::SameMonth => "same_month",
            DobEvidence::SameYear => "same_year",
            DobEvidence::DayMonthSwap => "day_month_swap",
            DobEvidence::OneDigit => "one_digit",
            DobEvidence::ConflictSameYear => "conflict_same_year",
            DobEvidence::ConflictNear => "conflict_near",
            DobEvidence::Conflict => "conflict",
        }
    }

    /// The additive score effect of this evidence. A swap or a one-digit difference is
    /// neutral-to-slightly-positive: common clerical errors, but also how two different
    /// people's dates differ.
    pub fn effect(self) -> f32 {
        match self {
            DobEvidence::Exact => 0.08,
            DobEvidence::SameMonth => 0.05,
            DobEvidence::SameYear => 0.03,
            DobEvidence::DayMonthSwap => 0.01,
            DobEvidence::OneDigit => 0.0,
            DobEvidence::ConflictSameYear => -0.06,
            DobEvidence::ConflictNear => -0.12,
            DobEvidence::Conflict => -0.25,
        }
    }
}

fn digits(d: &PartialDate, precision: usize) -> String {
    let mut s = format!("{:04}", d.year);
    if precision >= 2 {
        s.push_str(&format!("{:02}", d.month.unwrap_or(0)));
    }
    if precision >= 3 {
        s.push_str(&format!("{:02}", d.day.unwrap_or(0)));
    }
    s
}

fn precision(d: &PartialDate) -> usize {
    1 + d.month.is_some() as usize + (d.month.is_some() && d.day.is_some()) as usize
}

/// Compares two dates of birth at the precision both have.
pub fn compare(query: &PartialDate, record: &PartialDate) -> DobEvidence {
    let p = precision(query).min(precision(record));
    let (a, b) = (digits(query, p), digits(record, p));
    if a == b {
        return match p {
            3 => DobEvidence::Exact,
            2 => DobEvidence::SameMonth,
            _ => DobEvidence::SameYear,
        };
    }
    if p == 3 && query.year == record.year && query.day == record.month && query.month == record.day
    {
        return DobEvidence::DayMonthSwap;
    }
    // a clerical one-digit slip, when month or day back the rest of the date up (two
    // bare years one digit apart are simply different years)
    if p >= 2 && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1 {
        return DobEvidence::OneDigit;
    }
    match query.year.abs_diff(record.year) {
        0 => DobEvidence::ConflictSameYear,
        1 | 2 => DobEvidence::ConflictNear,
        _ => DobEvidence::Conflict,
    }
}

/// The best evidence among a record's dates of birth (its main one and any others the list
/// gives) and the date that gave it; `None` when the record has no date.
pub fn best_compare<'a>(
    query: &PartialDate,
    record: impl IntoIterator<Item = &'a PartialDate>,
) -> Option<(DobEvidence, &'a PartialDate)> {
    record
        .into_iter()
        .map(|r| (compare(query, r), r))
        .fold(None, |best, (e, r)| match best {
            Some((b, _)) if DobEvidence::effect(b) >= e.effect() => best,
            _ => Some((e, r)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a: &str, b: &str) -> DobEvidence {
        compare(
            &PartialDate::parse(a).unwrap(),
            &PartialDate::parse(b).unwrap(),
        )
    }

    #[test]
    fn names_are_the_serialized_ones() {
        for e in [
            DobEvidence::Exact,
            DobEvidence::SameMonth,
            DobEvidence::DayMonthSwap,
            DobEvidence::ConflictSameYear,
            DobEvidence::Conflict,
        ] {
            assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
        }
    }

    #[test]
    fn evidence_kinds() {
        assert_eq!(c("1970-03-04", "1970-03-04"), DobEvidence::Exact);
        assert_eq!(c("1970-03", "1970-03-04"), DobEvidence::SameMonth);
        assert_eq!(c("1970", "1970-03-04"), DobEvidence::SameYear);
        assert_eq!(c("1970-04-03", "1970-03-04"), DobEvidence::DayMonthSwap);
        assert_eq!(c("1970-03-05", "1970-03-04"), DobEvidence::OneDigit);
        assert_eq!(c("1971-03-04", "1970-03-04"), DobEvidence::OneDigit);
        assert_eq!(c("1970-07-21", "1970-03-04"), DobEvidence::ConflictSameYear);
        assert_eq!(c("1972-07-21", "1970-03-04"), DobEvidence::ConflictNear);
        assert_eq!(c("1985-07-21", "1970-03-04"), DobEvidence::Conflict);
        assert_eq!(c("1954", "1958-02-28"), DobEvidence::Conflict);
        assert_eq!(c("1971", "1970-03-04"), DobEvidence::ConflictNear);
        assert!(DobEvidence::Exact.effect() > DobEvidence::SameYear.effect());
    }

    #[test]
    fn the_best_of_several_dates_counts() {
        let d = |s: &str| PartialDate::parse(s).unwrap();
        let dates = [d("1960"), d("1970-03-04"), d("1971")];
        let q = d("1970-03-04");
        assert_eq!(
            best_compare(&q, &dates),
            Some((DobEvidence::Exact, &dates[1]))
        );
        assert_eq!(
            best_compare(&d("1960-05-05"), &dates).map(|b| b.0),
            Some(DobEvidence::SameYear)
        );
        assert_eq!(best_compare(&q, &[]), None);
    }
}
