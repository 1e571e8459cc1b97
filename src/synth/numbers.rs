//! Document numbers: a keyed bijective permutation of a 10^8 index space,
//! split into disjoint ranges (indexed documents, persons' documents,
//! outsiders' documents, never-indexed numbers), and per-country formatting
//! that keeps distinct indexes distinct.

use super::rng::{mix64, Rng};

/// Size of the permuted index space.
pub(super) const NUMBER_SPACE: u64 = 100_000_000;
// Index ranges inside the permuted number space (all disjoint): documents
// `0..50M`, never-indexed numbers from 50M, outsiders' documents from 60M,
// indexed persons' documents counting down from the top.
/// First index of numbers that are never indexed (query negatives).
pub(super) const NONINDEX_BASE: u64 = 50_000_000;
/// First index of outsiders' document numbers.
pub(super) const OUTSIDER_DOC_BASE: u64 = 60_000_000;
/// Size of the persons' (and outsiders') document ranges.
pub(super) const PERSON_DOC_SPAN: u64 = 20_000_000;

/// Bijective Feistel permutation of `0..10^8`, keyed by the seed.
pub(super) fn permute(seed: u64, x: u64) -> u64 {
    let key = mix64(seed ^ 0x00D0_C0DE_5EED);
    let mut l = (x % NUMBER_SPACE) / 10_000;
    let mut r = x % 10_000;
    for round in 0..6u64 {
        let f = mix64(key ^ (r | (round << 32))) % 10_000;
        let nl = r;
        r = (l + f) % 10_000;
        l = nl;
    }
    l * 10_000 + r
}

#[derive(Clone, Copy)]
enum Style {
    /// 1 letter + 8 digits (letter free).
    L1D8(&'static [u8]),
    /// 2 letters + 7 digits (first letter free, second encodes a digit).
    L2D7(&'static [u8]),
    /// 9 digits (first digit free).
    D9,
    /// German style `LddLddLdd` (first letter free, the others encode digits).
    Deu,
    /// French style `ddLLddddd` (first letter encodes a digit, second free).
    Fra,
}

const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ENC: &[u8] = b"ABCDEFGHJK";
const ENC_DEU: &[u8] = b"CFGHJKLMNP";

fn style_of(country: &str) -> Style {
    match country {
        "DEU" => Style::Deu,
        "FRA" | "LUX" => Style::Fra,
        "USA" | "GBR" | "RUS" | "BLR" | "CAN" | "AUS" | "KAZ" => Style::D9,
        "CHN" => Style::L1D8(b"EG"),
        "KOR" => Style::L1D8(b"M"),
        "PRK" => Style::L1D8(b"P"),
        "IND" => Style::L1D8(b"JKLMNPRSTUVZ"),
        "IDN" => Style::L1D8(b"ABCX"),
        "TUR" => Style::L1D8(b"UZ"),
        "MEX" => Style::L1D8(b"G"),
        "JPN" => Style::L2D7(b"TMR"),
        "UKR" => Style::L2D7(b"FE"),
        "ESP" => Style::L2D7(b"PX"),
        _ => {
            let b = country.as_bytes();
            let first = b.first().copied().unwrap_or(b'X');
            let k = usize::from(first.wrapping_sub(b'A')).min(25);
            let letter = &ALPHA[k..k + 1];
            if b.iter().map(|&x| u32::from(x)).sum::<u32>() % 2 == 0 {
                Style::L1D8(letter)
            } else {
                Style::L2D7(letter)
            }
        }
    }
}

/// Format permuted value `v` (< 10^8) in the country's style. The non-free
/// positions determine `v`, so distinct `v` always give distinct numbers.
pub(super) fn format_number(country: &str, v: u64, rng: &mut Rng) -> String {
    let mut d = [0u8; 8];
    let mut x = v % NUMBER_SPACE;
    for k in (0..8).rev() {
        d[k] = (x % 10) as u8;
        x /= 10;
    }
    let dig = |k: usize| char::from(b'0' + d[k]);
    let mut s = String::with_capacity(9);
    match style_of(country) {
        Style::L1D8(letters) => {
            s.push(char::from(*rng.pick(letters)));
            (0..8).for_each(|k| s.push(dig(k)));
        }
        Style::L2D7(letters) => {
            s.push(char::from(*rng.pick(letters)));
            s.push(char::from(ENC[usize::from(d[0])]));
            (1..8).for_each(|k| s.push(dig(k)));
        }
        Style::D9 => {
            s.push(char::from(b'1' + rng.below(9) as u8));
            (0..8).for_each(|k| s.push(dig(k)));
        }
        Style::Deu => {
            s.push(char::from(*rng.pick(b"CFGHJK")));
            s.push(dig(0));
            s.push(dig(1));
            s.push(char::from(ENC_DEU[usize::from(d[2])]));
            s.push(dig(3));
            s.push(dig(4));
            s.push(char::from(ENC_DEU[usize::from(d[5])]));
            s.push(dig(6));
            s.push(dig(7));
        }
        Style::Fra => {
            s.push(dig(0));
            s.push(dig(1));
            s.push(char::from(ENC[usize::from(d[2])]));
            s.push(char::from(*rng.pick(b"ABCDEFGHJKLMNPRSTUVWXYZ")));
            (3..8).for_each(|k| s.push(dig(k)));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::documents::document;
    use super::super::persons::{outsider, person};
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn document_numbers_unique() {
        let mut seen = HashSet::with_capacity(220_000);
        for i in 0..200_000 {
            assert!(seen.insert(document(11, i).number), "duplicate at {i}");
        }
        for i in 0..5_000 {
            for (n, _, _) in person(11, i).documents {
                assert!(seen.insert(n), "person doc collides");
            }
            for (n, _, _) in outsider(11, i).documents {
                assert!(seen.insert(n), "outsider doc collides");
            }
        }
    }

    #[test]
    fn permutation_is_bijective_on_sample() {
        let mut seen = HashSet::new();
        for x in (0..NUMBER_SPACE).step_by(997) {
            let y = permute(5, x);
            assert!(y < NUMBER_SPACE);
            assert!(seen.insert(y));
        }
    }
}
