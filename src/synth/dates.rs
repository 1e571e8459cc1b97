//! Random calendar dates for synthetic records: birth dates (with the partial
//! and missing ones feeds really carry), report dates and expiry dates.

use super::rng::Rng;

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A uniform date with a year in `y0..=y1`.
pub(super) fn rand_date(rng: &mut Rng, y0: u32, y1: u32) -> (u32, u32, u32) {
    let y = rng.range(y0, y1);
    let m = rng.range(1, 12);
    let d = rng.range(1, days_in_month(y, m));
    (y, m, d)
}

/// `YYYY-MM-DD`.
pub(super) fn fmt_date((y, m, d): (u32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Birth year 1940-2008, peaking in the mid 1970s.
pub(super) fn birth_date(rng: &mut Rng) -> (u32, u32, u32) {
    let y = 1940 + rng.range(0, 34) + rng.range(0, 34);
    let m = rng.range(1, 12);
    let d = rng.range(1, days_in_month(y, m));
    (y, m, d)
}

/// ~85% full date, ~10% partial (YYYY-MM or YYYY), ~5% absent.
pub(super) fn person_dob(rng: &mut Rng) -> Option<String> {
    let r = rng.below(1000);
    let (y, m, d) = birth_date(rng);
    if r < 50 {
        None
    } else if r < 100 {
        Some(format!("{y:04}-{m:02}"))
    } else if r < 150 {
        Some(format!("{y:04}"))
    } else {
        Some(fmt_date((y, m, d)))
    }
}
