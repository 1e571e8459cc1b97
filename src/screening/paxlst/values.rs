//! Field-level helpers shared by the group readers: trimmed values and format checks.

use super::{Issue, Segment};

/// Digits in a `YYMMDD` date.
pub const DATE_DIGITS: usize = 6;
/// Letters in an ISO 3166 / ICAO alpha-3 country code.
pub const COUNTRY_CODE_LEN: usize = 3;
/// Sex codes accepted in ATT+2 (compared case-insensitively).
pub const SEX_CODES: [&str; 4] = ["M", "F", "X", "U"];

/// Component `c` of element `e`, trimmed; `None` when empty. Stray leading or trailing spaces
/// are removed with a warning naming `field`.
pub(super) fn value(
    seg: &Segment,
    e: usize,
    c: usize,
    field: &str,
    warnings: &mut Vec<Issue>,
) -> Option<String> {
    let raw = seg.component(e, c);
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.len() != raw.len() {
        warnings.push(Issue::at(
            seg,
            field,
            format!("value '{raw}' has stray spaces; trimmed to '{trimmed}'"),
        ));
    }
    Some(trimmed.to_string())
}

/// True for a plausible `YYMMDD`: six digits, month 01-12, a day that exists in that month
/// (29 February only in years divisible by four, as the century is unknown).
pub fn is_yymmdd(s: &str) -> bool {
    if s.len() != DATE_DIGITS || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let n = |i: usize| -> u32 { s[i..i + 2].parse().unwrap_or(0) };
    let (yy, mm, dd) = (n(0), n(2), n(4));
    let days = match mm {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if yy % 4 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&dd)
}

/// True for three letters A-Z.
pub fn is_alpha3(s: &str) -> bool {
    s.len() == COUNTRY_CODE_LEN && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// True for one of [`SEX_CODES`], ignoring case.
pub fn is_sex_code(s: &str) -> bool {
    SEX_CODES.iter().any(|c| c.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves dates need six digits and a real month/day.
    #[test]
    fn yymmdd() {
        assert!(is_yymmdd("720907"));
        assert!(is_yymmdd("000229"));
        assert!(!is_yymmdd("010229"));
        assert!(!is_yymmdd("72093"));
        assert!(!is_yymmdd("721301"));
        assert!(!is_yymmdd("720431"));
        assert!(!is_yymmdd("720900"));
        assert!(!is_yymmdd("7209O7"));
        assert!(!is_yymmdd("19720907"));
    }

    /// Proves country codes are exactly three upper-case letters, sex codes M/F/X/U any case.
    #[test]
    fn codes() {
        assert!(is_alpha3("GBR"));
        assert!(!is_alpha3("GB"));
        assert!(!is_alpha3("gbr"));
        assert!(!is_alpha3("G1R"));
        assert!(is_sex_code("m") && is_sex_code("X"));
        assert!(!is_sex_code("MALE") && !is_sex_code(""));
    }

    /// Proves stray spaces are trimmed with a warning and empty values become `None`.
    #[test]
    fn trimmed_value_warns() {
        let seg = Segment {
            number: 12,
            tag: "DTM".into(),
            elements: vec![vec!["232".into(), " 1306212200".into()]],
        };
        let mut w = Vec::new();
        assert_eq!(
            value(&seg, 0, 1, "DTM+232 arrival time", &mut w).as_deref(),
            Some("1306212200")
        );
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].segment, w[0].field.as_str()),
            (12, "DTM+232 arrival time")
        );
        assert_eq!(value(&seg, 0, 0, "q", &mut w).as_deref(), Some("232"));
        assert_eq!(value(&seg, 3, 0, "q", &mut w), None);
        assert_eq!(w.len(), 1);
    }
}
