//! Synthetic lost / stolen travel documents ([`document`]): number, issuing
//! country, type, status, report date and, for most, the holder's name.

use super::dates::{birth_date, fmt_date, rand_date};
use super::name_gen::gen_name;
use super::names::CULTURES;
use super::numbers::{format_number, permute};
use super::organizations::{document_org, gen_expires, gen_sharing, CULTURE_MIX, ORGANIZATIONS};
use super::rng::{Rng, SALT_DOC};

/// A synthetic lost / stolen travel document record.
#[derive(Debug, Clone)]
pub struct SynthDocument {
    /// Publishing organization (one of [`ORGANIZATIONS`]).
    pub source: String,
    /// `D` + 9 digits.
    pub id: String,
    /// Document number, 9 characters in the issuing country's style.
    pub number: String,
    /// ISO alpha-3 issuing country.
    pub issuing_country: String,
    /// `passport`, `id_card`, `visa`, `residence_permit` or `other`.
    pub document_type: String,
    /// `stolen`, `lost`, `revoked`, `invalidated` or `stolen_blank`.
    pub status: String,
    /// Date reported (`YYYY-MM-DD`).
    pub reported: String,
    /// Holder names (primary first) and date of birth.
    pub holder: Option<(Vec<String>, Option<String>)>,
    /// The holder's name parts and sex (present exactly when `holder` is).
    pub holder_parts: Option<SynthHolder>,
    /// Organizations allowed to see the record (`["*"]` for all).
    pub sharing: Vec<String>,
    /// Expiry date (`YYYY-MM-DD`), if any.
    pub expires: Option<String>,
}

/// A document holder's name as a travel document splits it, and their sex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthHolder {
    /// Latin given/middle names, in order.
    pub given: Vec<String>,
    /// Latin family name parts; empty for mononyms.
    pub family: Vec<String>,
    /// `'M'` or `'F'`.
    pub gender: char,
}

/// Countries that typically issue visas / residence permits.
const DESTINATIONS: &[&str] = &[
    "DEU", "FRA", "ITA", "ESP", "GBR", "USA", "CAN", "NLD", "BEL", "SWE", "ARE", "SAU", "QAT",
    "TUR", "JPN", "AUS", "GRC", "AUT",
];

/// Document types, indexed like [`DOC_TYPE_WEIGHTS`].
pub(super) const DOC_TYPES: &[&str] = &["passport", "id_card", "visa", "residence_permit", "other"];
const DOC_TYPE_WEIGHTS: &[u32] = &[550, 300, 50, 70, 30];
/// Document statuses, indexed like [`DOC_STATUS_WEIGHTS`].
pub(super) const DOC_STATUS: &[&str] =
    &["stolen", "lost", "revoked", "invalidated", "stolen_blank"];
const DOC_STATUS_WEIGHTS: &[u32] = &[350, 400, 80, 100, 70];

/// Document `i`; depends only on `(seed, i)`. Numbers are unique for `i < 5·10^7`.
pub fn document(seed: u64, i: u64) -> SynthDocument {
    let mut rng = Rng::stream(seed, SALT_DOC, i);
    let org = document_org(i);
    let ci = rng.weighted(&CULTURE_MIX[org]);
    let c = &CULTURES[ci];
    let ty = rng.weighted(DOC_TYPE_WEIGHTS);
    let status = rng.weighted(DOC_STATUS_WEIGHTS);
    let issuing = if ty == 2 || ty == 3 {
        *rng.pick(DESTINATIONS)
    } else if rng.chance(500) {
        c.nationalities[0]
    } else {
        *rng.pick(c.nationalities)
    };
    let number = format_number(issuing, permute(seed, i), &mut rng);
    let reported = fmt_date(rand_date(&mut rng, 2008, 2025));
    let (holder, holder_parts) = if DOC_STATUS[status] != "stolen_blank" && rng.chance(600) {
        let male = rng.chance(600);
        let gn = gen_name(&mut rng, ci, male);
        let names = gn.names(&mut rng, 150);
        let dob = if rng.chance(900) {
            Some(fmt_date(birth_date(&mut rng)))
        } else {
            None
        };
        let parts = SynthHolder {
            given: gn.given.into_iter().map(|p| p.latin).collect(),
            family: gn.family.into_iter().map(|p| p.latin).collect(),
            gender: if male { 'M' } else { 'F' },
        };
        (Some((names, dob)), Some(parts))
    } else {
        (None, None)
    };
    SynthDocument {
        source: ORGANIZATIONS[org].to_string(),
        id: format!("D{i:09}"),
        number,
        issuing_country: issuing.to_string(),
        document_type: DOC_TYPES[ty].to_string(),
        status: DOC_STATUS[status].to_string(),
        reported,
        holder,
        holder_parts,
        sharing: gen_sharing(&mut rng),
        expires: gen_expires(&mut rng),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_per_seed() {
        for i in 0..300 {
            assert_eq!(document(7, i).to_json(), document(7, i).to_json());
        }
        let differ = (0..300)
            .filter(|&i| document(7, i).number != document(8, i).number)
            .count();
        assert!(differ > 290, "{differ}");
    }
}
