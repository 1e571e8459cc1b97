//! Helpers shared by the synth unit tests: temporary directories and the
//! checks for date and script shapes.

use std::path::PathBuf;

/// A fresh, unique directory path under the system temp dir (not created).
pub(super) fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!(
        "frontline-synth-{tag}-{}-{nanos}",
        std::process::id()
    ))
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub(super) fn is_date_like(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.clone().all(|k| b[k].is_ascii_digit());
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// `YYYY-MM-DD`.
pub(super) fn is_full_date(s: &str) -> bool {
    s.len() == 10 && is_date_like(s)
}

/// True when `s` has a letter outside the Latin blocks.
pub(super) fn has_non_latin(s: &str) -> bool {
    // Latin, Latin-1, Latin Extended A/B and Latin Extended Additional count as Latin.
    s.chars().any(|c| {
        let u = c as u32;
        c.is_alphabetic() && u > 0x024F && !(0x1E00..=0x1EFF).contains(&u)
    })
}
