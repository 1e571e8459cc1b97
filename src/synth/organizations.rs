//! The organizations that publish the synthetic feeds: their codes, relative
//! volume and culture mix, which organization a record belongs to, and the
//! sharing and expiry rules attached to each record.

use super::dates::{fmt_date, rand_date};
use super::names::NUM_CULTURES;
use super::rng::{Rng, SALT_DOC_ORG, SALT_PERSON_ORG};

/// Source (organization) codes, in the order their feed files are listed.
pub const ORGANIZATIONS: &[&str] = &[
    "INTERPOL",
    "EUROPOL",
    "AFRIPOL",
    "AMERIPOL",
    "ASEANAPOL",
    "GCCPOL",
    "FRONTEX",
    "AIMC",
    "ECO",
];

/// Relative volume per organization (same order as [`ORGANIZATIONS`]).
pub(super) const ORG_WEIGHTS: [u32; 9] = [30, 14, 8, 9, 8, 7, 12, 6, 6];

/// Culture mix per organization. Column order: arabic, persian, russian,
/// ukrainian, chinese, korean, japanese, greek, georgian, armenian, hindi, thai,
/// spanish, turkish, indonesian, yoruba, hausa, akan, german, french, pashto, urdu.
pub(super) const CULTURE_MIX: [[u32; NUM_CULTURES]; 9] = [
    // INTERPOL
    [
        14, 4, 8, 4, 8, 2, 1, 2, 2, 2, 5, 2, 12, 5, 2, 4, 3, 2, 4, 4, 4, 5,
    ],
    // EUROPOL
    [
        12, 3, 10, 8, 3, 0, 0, 6, 6, 3, 2, 1, 10, 8, 0, 3, 1, 2, 10, 10, 4, 3,
    ],
    // AFRIPOL
    [
        25, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25, 25, 20, 0, 5, 0, 0,
    ],
    // AMERIPOL
    [
        3, 0, 1, 0, 5, 2, 2, 0, 0, 0, 2, 0, 80, 0, 0, 0, 0, 0, 3, 3, 0, 0,
    ],
    // ASEANAPOL
    [
        3, 0, 0, 0, 25, 5, 5, 0, 0, 0, 5, 25, 0, 0, 30, 0, 0, 0, 0, 0, 0, 2,
    ],
    // GCCPOL
    [
        50, 8, 0, 0, 0, 0, 0, 0, 0, 0, 12, 3, 0, 0, 4, 0, 0, 0, 0, 0, 8, 15,
    ],
    // FRONTEX
    [
        20, 6, 6, 10, 0, 0, 0, 4, 6, 3, 0, 0, 4, 8, 0, 4, 3, 4, 3, 5, 8, 6,
    ],
    // AIMC
    [
        80, 4, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6,
    ],
    // ECO
    [
        0, 30, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 0, 0, 0, 20, 15,
    ],
];

/// The organization (index into [`ORGANIZATIONS`]) publishing person `i`.
pub(super) fn person_org(i: u64) -> usize {
    Rng::stream(0, SALT_PERSON_ORG, i).weighted(&ORG_WEIGHTS)
}

/// The organization (index into [`ORGANIZATIONS`]) publishing document `i`.
pub(super) fn document_org(i: u64) -> usize {
    Rng::stream(0, SALT_DOC_ORG, i).weighted(&ORG_WEIGHTS)
}

/// Who may see a record: `["*"]` for ~85%, else 1-3 organizations.
pub(super) fn gen_sharing(rng: &mut Rng) -> Vec<String> {
    if rng.chance(850) {
        return vec!["*".to_string()];
    }
    let n = 1 + rng.idx(3);
    let mut mask = 0u32;
    while mask.count_ones() < n as u32 {
        mask |= 1 << rng.idx(ORGANIZATIONS.len());
    }
    ORGANIZATIONS
        .iter()
        .enumerate()
        .filter(|(k, _)| mask & (1 << k) != 0)
        .map(|(_, o)| (*o).to_string())
        .collect()
}

/// An expiry date for ~3% of records (a quarter of them already past).
pub(super) fn gen_expires(rng: &mut Rng) -> Option<String> {
    if !rng.chance(30) {
        return None;
    }
    if rng.chance(250) {
        Some(fmt_date(rand_date(rng, 2018, 2024)))
    } else {
        Some(fmt_date(rand_date(rng, 2026, 2035)))
    }
}
