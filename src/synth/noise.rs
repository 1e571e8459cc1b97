//! Noise as officers and scanners make it: typos in names, the many ways a
//! listed person's name gets typed ([`noisy_name`]), and OCR confusions and
//! separators in document numbers ([`noisy_number`]). Used for load-test
//! queries and synthetic manifests.

use super::name_gen::render;
use super::persons::SynthPerson;
use super::rng::Rng;
use super::spelling::{ascii_fold, upper};

/// Insert a single-character typo (substitution, deletion, transposition, insertion).
pub(crate) fn typo(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&k| chars[k].is_alphabetic())
        .collect();
    if letters.len() < 3 {
        return s.to_string();
    }
    let pos = *rng.pick(&letters);
    const FILL: &[char] = &[
        'a', 'e', 'i', 'o', 'u', 'n', 'r', 's', 't', 'l', 'h', 'k', 'y',
    ];
    match rng.below(4) {
        0 => chars[pos] = *rng.pick(FILL),
        1 => {
            chars.remove(pos);
        }
        2 => {
            if pos + 1 < chars.len() && chars[pos + 1].is_alphabetic() {
                chars.swap(pos, pos + 1);
            } else if pos > 0 && chars[pos - 1].is_alphabetic() {
                chars.swap(pos - 1, pos);
            } else {
                chars.remove(pos);
            }
        }
        _ => chars.insert(pos, *rng.pick(FILL)),
    }
    chars.into_iter().collect()
}

/// The person's (given, family) parts with each part that has alternative
/// spellings replaced by one of them with probability 60%; `None` when no part
/// changed.
pub(crate) fn spelling_variant_parts(
    rng: &mut Rng,
    p: &SynthPerson,
) -> Option<(Vec<String>, Vec<String>)> {
    let mut any = false;
    let mut pick = |name: &str, vars: &[String], rng: &mut Rng| -> String {
        if !vars.is_empty() && rng.chance(600) {
            any = true;
            rng.pick(vars).clone()
        } else {
            name.to_string()
        }
    };
    let gv: Vec<String> = p
        .given
        .iter()
        .zip(&p.given_variants)
        .map(|(n, v)| pick(n, v, rng))
        .collect();
    let fv: Vec<String> = p
        .family
        .iter()
        .zip(&p.family_variants)
        .map(|(n, v)| pick(n, v, rng))
        .collect();
    any.then_some((gv, fv))
}

/// A noisy rendering of the person's name, as an officer might type it:
/// ~25% a typo of the primary name, ~20% a spelling variant, ~15% without the
/// middle name (or second family part), ~15% the other name order, ~15% the
/// native script, ~5% upper-case ASCII, ~5% verbatim (falling back to a typo
/// when the chosen rendering does not exist for this person).
pub(crate) fn noisy_name(rng: &mut Rng, p: &SynthPerson) -> String {
    let g: Vec<&str> = p.given.iter().map(String::as_str).collect();
    let f: Vec<&str> = p.family.iter().map(String::as_str).collect();
    let primary = render(&g, &f, p.family_first);
    let mode = rng.below(1000);
    let spelling = |rng: &mut Rng| -> Option<String> {
        let (gv, fv) = spelling_variant_parts(rng, p)?;
        let gr: Vec<&str> = gv.iter().map(String::as_str).collect();
        let fr: Vec<&str> = fv.iter().map(String::as_str).collect();
        Some(render(&gr, &fr, p.family_first))
    };
    let out = if mode < 250 {
        None
    } else if mode < 450 {
        spelling(rng)
    } else if mode < 600 {
        if g.len() >= 2 {
            Some(render(&g[..1], &f, p.family_first))
        } else if f.len() >= 2 {
            Some(render(&g, &f[..1], p.family_first))
        } else {
            None
        }
    } else if mode < 750 {
        if f.is_empty() {
            None
        } else if rng.chance(500) {
            Some(render(&g, &f, !p.family_first))
        } else {
            let fam = upper(&f.join(" "), p.culture == "turkish");
            Some(format!("{fam} {}", g.join(" ")))
        }
    } else if mode < 900 {
        p.native.clone().or_else(|| spelling(rng))
    } else if mode < 950 {
        Some(ascii_fold(&primary).to_uppercase())
    } else {
        Some(primary.clone())
    };
    out.unwrap_or_else(|| typo(rng, &primary))
}

/// OCR confusions and formatting noise on a document number: ~55% verbatim,
/// ~25% one 0/O, 1/I, 5/S, 8/B or 2/Z swap, the rest split by spaces or dashes.
pub(crate) fn noisy_number(rng: &mut Rng, n: &str) -> String {
    let mode = rng.below(100);
    if mode < 55 {
        return n.to_string();
    }
    let mut chars: Vec<char> = n.chars().collect();
    if mode < 80 {
        let swap = |c: char| match c {
            '0' => Some('O'),
            'O' => Some('0'),
            '1' => Some('I'),
            'I' => Some('1'),
            '5' => Some('S'),
            'S' => Some('5'),
            '8' => Some('B'),
            'B' => Some('8'),
            '2' => Some('Z'),
            'Z' => Some('2'),
            _ => None,
        };
        let cand: Vec<usize> = (0..chars.len())
            .filter(|&k| swap(chars[k]).is_some())
            .collect();
        if !cand.is_empty() {
            let k = *rng.pick(&cand);
            chars[k] = swap(chars[k]).unwrap_or(chars[k]);
            return chars.into_iter().collect();
        }
    }
    let sep = if rng.chance(500) { ' ' } else { '-' };
    let a = 2 + rng.idx(2);
    let b = a + 3 + rng.idx(2);
    let mut s = String::with_capacity(n.len() + 2);
    for (k, c) in chars.iter().enumerate() {
        if k == a || k == b {
            s.push(sep);
        }
        s.push(*c);
    }
    s
}
