//! Deterministic synthetic feeds for Frontline.
//!
//! This module fabricates realistic-looking watch-list data — wanted / missing
//! persons and lost / stolen travel documents — with names from many cultures
//! (Arabic, Persian, Russian, Ukrainian, Chinese, Korean, Japanese, Greek,
//! Georgian, Armenian, Hindi, Thai, Spanish, Turkish, Indonesian, Yoruba, Hausa,
//! Akan, German, French, Pashto, Urdu), including transliteration variants and
//! native-script spellings. It is used for sample data, benchmarks, load tests
//! and the name-matching evaluation.
//!
//! Everything is seeded: record `i` depends only on `(seed, i)` (via an internal
//! SplitMix64 generator), so the same seed and counts always produce
//! byte-identical output and any subset of records can be regenerated on demand.
//!
//! Feeds are JSON Lines, one file per organization (`<SOURCE>.jsonl`), written in
//! a streaming fashion by [`write_feeds`]; load-test query files are written by
//! [`write_queries`].
//!
//! Document numbers are drawn from a bijective permutation of a 10^8 index space
//! and formatted per issuing-country style, so every number identifies exactly
//! one record as long as there are at most 50,000,000 documents and 10,000,000
//! persons.

pub mod names;

use names::{Culture, FemRule, NameForm, CULTURES, NUM_CULTURES};
use serde::Serialize;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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

/// A synthetic person record.
#[derive(Debug, Clone)]
pub struct SynthPerson {
    pub source: String,
    pub id: String,
    pub culture: &'static str,
    /// Latin given/middle names, in order.
    pub given: Vec<String>,
    /// Latin family name parts (e.g. `["García","López"]` or `["Al-Hassan"]`); empty for mononyms.
    pub family: Vec<String>,
    /// True for Chinese/Korean/Japanese-style native order (family name first).
    pub family_first: bool,
    /// Full name in the native script, native order, if the culture has one.
    pub native: Option<String>,
    /// Per given name: its alternative Latin spellings (may be empty).
    pub given_variants: Vec<Vec<String>>,
    /// Per family part: alternative Latin spellings.
    pub family_variants: Vec<Vec<String>>,
    /// Exactly what goes into the feed's `names` (primary first).
    pub names: Vec<String>,
    pub date_of_birth: Option<String>,
    pub nationality: Vec<String>,
    pub gender: char,
    pub category: String,
    pub action: String,
    /// (number, issuing_country, type)
    pub documents: Vec<(String, String, String)>,
    pub sharing: Vec<String>,
    pub expires: Option<String>,
}

/// A synthetic lost / stolen travel document record.
#[derive(Debug, Clone)]
pub struct SynthDocument {
    pub source: String,
    pub id: String,
    pub number: String,
    pub issuing_country: String,
    pub document_type: String,
    pub status: String,
    pub reported: String,
    /// Holder names (primary first) and date of birth.
    pub holder: Option<(Vec<String>, Option<String>)>,
    pub sharing: Vec<String>,
    pub expires: Option<String>,
}

/// What [`write_feeds`] produced.
pub struct SynthSummary {
    pub files: Vec<PathBuf>,
    pub persons: u64,
    pub documents: u64,
}

// ------------------------------------------------------------------ PRNG

#[inline]
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64: small, seeded, deterministic (also used by the evaluation).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(mix64(seed))
    }
    fn stream(seed: u64, salt: u64, i: u64) -> Rng {
        Rng(mix64(seed ^ mix64(salt ^ mix64(i))))
    }
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    #[inline]
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
    /// Uniform in `0..n` (n > 0).
    #[inline]
    pub fn idx(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
    /// True with probability `per_mille / 1000`.
    #[inline]
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    #[inline]
    fn pick<'a, T>(&mut self, s: &'a [T]) -> &'a T {
        &s[self.idx(s.len())]
    }
    fn range(&mut self, lo: u32, hi_inclusive: u32) -> u32 {
        lo + self.below(u64::from(hi_inclusive - lo) + 1) as u32
    }
    fn weighted(&mut self, w: &[u32]) -> usize {
        let total: u64 = w.iter().map(|&x| u64::from(x)).sum();
        let mut r = self.below(total);
        for (k, &x) in w.iter().enumerate() {
            if r < u64::from(x) {
                return k;
            }
            r -= u64::from(x);
        }
        w.len() - 1
    }
}

const SALT_PERSON: u64 = 0x5045_5253_4F4E;
const SALT_PERSON_ORG: u64 = 0x504F_5247;
const SALT_DOC: u64 = 0x444F_4355_4D45_4E54;
const SALT_DOC_ORG: u64 = 0x444F_5247;
const SALT_QUERY_P: u64 = 0x5150_4552;
const SALT_QUERY_D: u64 = 0x5144_4F43;
const OUTSIDER_XOR: u64 = 0x9E37_79B9_7F4A_7C15;

// ------------------------------------------------------------------ organizations & cultures

/// Relative volume per organization (same order as [`ORGANIZATIONS`]).
const ORG_WEIGHTS: [u32; 9] = [30, 14, 8, 9, 8, 7, 12, 6, 6];

/// Culture mix per organization. Column order: arabic, persian, russian,
/// ukrainian, chinese, korean, japanese, greek, georgian, armenian, hindi, thai,
/// spanish, turkish, indonesian, yoruba, hausa, akan, german, french, pashto, urdu.
const CULTURE_MIX: [[u32; NUM_CULTURES]; 9] = [
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

/// Second nationalities common in diaspora.
const DIASPORA: &[&str] = &[
    "FRA", "DEU", "GBR", "USA", "CAN", "SWE", "NLD", "BEL", "AUS", "ITA", "ESP", "TUR",
];

/// Countries that typically issue visas / residence permits.
const DESTINATIONS: &[&str] = &[
    "DEU", "FRA", "ITA", "ESP", "GBR", "USA", "CAN", "NLD", "BEL", "SWE", "ARE", "SAU", "QAT",
    "TUR", "JPN", "AUS", "GRC", "AUT",
];

const CATEGORIES: &[&str] = &[
    "wanted", "missing", "suspect", "witness", "deported", "fraud",
];
const CATEGORY_WEIGHTS: &[u32] = &[300, 150, 200, 50, 150, 150];
const ACTIONS: [&[&str]; 6] = [
    &[
        "arrest and notify INTERPOL NCB",
        "arrest with a view to extradition",
        "detain and contact issuing agency",
    ],
    &[
        "locate, do not detain",
        "locate and notify issuing agency",
        "protect: possible victim of trafficking",
    ],
    &[
        "discreet check, report sighting",
        "detain and contact issuing agency",
        "secondary inspection",
    ],
    &[
        "locate, do not detain",
        "request statement, notify issuing agency",
    ],
    &["refuse entry", "refuse entry and notify issuing agency"],
    &[
        "seize document and detain",
        "secondary inspection",
        "detain and contact issuing agency",
    ],
];

const DOC_TYPES: &[&str] = &["passport", "id_card", "visa", "residence_permit", "other"];
const DOC_TYPE_WEIGHTS: &[u32] = &[550, 300, 50, 70, 30];
const DOC_STATUS: &[&str] = &["stolen", "lost", "revoked", "invalidated", "stolen_blank"];
const DOC_STATUS_WEIGHTS: &[u32] = &[350, 400, 80, 100, 70];

fn person_org(i: u64) -> usize {
    Rng::stream(0, SALT_PERSON_ORG, i).weighted(&ORG_WEIGHTS)
}

fn document_org(i: u64) -> usize {
    Rng::stream(0, SALT_DOC_ORG, i).weighted(&ORG_WEIGHTS)
}

// ------------------------------------------------------------------ spelling helpers

/// Strip diacritics to plain ASCII where a common mapping exists.
fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        let m = match ch {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ẹ' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' | 'Ē' | 'Ẹ' => 'E',
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' | 'Ī' => 'I',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ō' | 'ọ' | 'ø' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ō' | 'Ọ' | 'Ø' => 'O',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' => 'U',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ç' | 'č' => 'c',
            'Ç' | 'Č' => 'C',
            'ş' | 'ṣ' | 'š' => 's',
            'Ş' | 'Ṣ' | 'Š' => 'S',
            'ğ' => 'g',
            'Ğ' => 'G',
            'ý' | 'ÿ' => 'y',
            'ž' => 'z',
            'Ž' => 'Z',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            'œ' => {
                out.push_str("oe");
                continue;
            }
            'æ' => {
                out.push_str("ae");
                continue;
            }
            '\u{300}'..='\u{36f}' => continue,
            c => c,
        };
        out.push(m);
    }
    out
}

/// German-style transliteration: ü → ue, ö → oe, ä → ae, ß → ss (other accents folded).
fn umlaut_expand(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for ch in s.chars() {
        match ch {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            c => out.push(c),
        }
    }
    ascii_fold(&out)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn push_unique(out: &mut Vec<String>, primary: &str, v: String) {
    if v != primary && !v.is_empty() && !out.contains(&v) {
        out.push(v);
    }
}

/// Table variants plus automatic ones (ASCII fold, umlauts, Arabic particles).
fn variants_for(latin: &str, table: &[&str], c: &Culture, family: bool) -> Vec<String> {
    let mut out = Vec::with_capacity(table.len() + 2);
    for v in table {
        push_unique(&mut out, latin, (*v).to_string());
    }
    if !latin.is_ascii() {
        if c.umlaut {
            push_unique(&mut out, latin, umlaut_expand(latin));
        }
        push_unique(&mut out, latin, ascii_fold(latin));
    }
    if family && c.particle {
        let (rest, al) = if let Some(r) = latin.strip_prefix("Al-") {
            (r, true)
        } else if let Some(r) = latin.strip_prefix("El-") {
            (r, false)
        } else {
            ("", false)
        };
        if !rest.is_empty() {
            let p = if al { "Al" } else { "El" };
            push_unique(&mut out, latin, format!("{p}{}", lower_first(rest)));
            let other = if al { "El-" } else { "Al-" };
            push_unique(&mut out, latin, format!("{other}{rest}"));
            push_unique(&mut out, latin, format!("{}-{rest}", p.to_lowercase()));
            push_unique(&mut out, latin, rest.to_string());
        }
    }
    out
}

/// Upper-case a name; Turkish maps i → İ (and ı → I).
fn upper(s: &str, turkish: bool) -> String {
    if turkish {
        s.chars()
            .map(|c| if c == 'i' { 'İ' } else { c })
            .collect::<String>()
            .to_uppercase()
    } else {
        s.to_uppercase()
    }
}

fn replace_suffix(s: &str, suf: &str, new: &str) -> Option<String> {
    s.strip_suffix(suf).map(|stem| format!("{stem}{new}"))
}

/// Feminine form of an East Slavic surname (Latin or Cyrillic), if a rule applies.
fn feminize(s: &str, rule: FemRule) -> Option<String> {
    let adj: &[(&str, &str)] = match rule {
        FemRule::None => return None,
        FemRule::Russian => &[
            ("ский", "ская"),
            ("цкий", "цкая"),
            ("skiy", "skaya"),
            ("skii", "skaya"),
            ("sky", "skaya"),
            ("ski", "skaja"),
            ("zki", "zkaja"),
        ],
        FemRule::Ukrainian => &[
            ("ський", "ська"),
            ("цький", "цька"),
            ("skyi", "ska"),
            ("skyy", "ska"),
            ("skyj", "ska"),
            ("skiy", "ska"),
            ("sky", "ska"),
            ("ski", "ska"),
        ],
    };
    for (suf, new) in adj {
        if let Some(r) = replace_suffix(s, suf, new) {
            return Some(r);
        }
    }
    const ENDINGS: &[&str] = &[
        "ov", "ev", "in", "yn", "ow", "ew", "ов", "ев", "ёв", "ин", "ын", "ін",
    ];
    if ENDINGS.iter().any(|e| s.ends_with(e)) {
        let a = if s.is_ascii() { "a" } else { "а" };
        return Some(format!("{s}{a}"));
    }
    None
}

// ------------------------------------------------------------------ names

/// One resolved name part.
struct Part {
    latin: String,
    variants: Vec<String>,
    native: String,
}

impl Part {
    fn from_form(f: &NameForm, c: &Culture, family: bool) -> Part {
        Part {
            latin: f.latin.to_string(),
            variants: variants_for(f.latin, f.variants, c, family),
            native: f.native.to_string(),
        }
    }
}

struct GenName {
    given: Vec<Part>,
    family: Vec<Part>,
    family_first: bool,
    /// Turkish dotted/dotless i rules apply when upper-casing.
    turkish: bool,
    native: Option<String>,
}

fn family_part(c: &Culture, k: usize, male: bool) -> Part {
    if !male && !c.family_female.is_empty() {
        return Part::from_form(&c.family_female[k], c, true);
    }
    let f = &c.family[k];
    if !male && c.fem != FemRule::None {
        if let Some(latin) = feminize(f.latin, c.fem) {
            let table: Vec<String> = f
                .variants
                .iter()
                .filter_map(|v| feminize(v, c.fem))
                .collect();
            let table_refs: Vec<&str> = table.iter().map(String::as_str).collect();
            let native = feminize(f.native, c.fem).unwrap_or_else(|| f.native.to_string());
            return Part {
                variants: variants_for(&latin, &table_refs, c, true),
                latin,
                native,
            };
        }
    }
    Part::from_form(f, c, true)
}

fn gen_name(rng: &mut Rng, ci: usize, male: bool) -> GenName {
    let c = &CULTURES[ci];
    let pool = if male { c.male } else { c.female };
    let first = rng.pick(pool);
    let mut given = vec![Part::from_form(first, c, false)];
    if !c.patronymic_m.is_empty() {
        if rng.chance(u64::from(c.middle_pct) * 10) {
            let k = rng.idx(c.patronymic_m.len());
            let f = if male {
                &c.patronymic_m[k]
            } else {
                &c.patronymic_f[k]
            };
            given.push(Part::from_form(f, c, false));
        }
    } else if c.middle_pct > 0 && rng.chance(u64::from(c.middle_pct) * 10) {
        let mpool = if c.middle_from_male { c.male } else { pool };
        let m = rng.pick(mpool);
        if m.latin != first.latin {
            given.push(Part::from_form(m, c, false));
        }
    }
    let mut family = Vec::with_capacity(2);
    let mononym = c.mononym_pct > 0 && rng.chance(u64::from(c.mononym_pct) * 10);
    if !mononym {
        let k = rng.idx(c.family.len());
        family.push(family_part(c, k, male));
        if c.two_family_pct > 0 && rng.chance(u64::from(c.two_family_pct) * 10) {
            let k2 = rng.idx(c.family.len());
            if k2 != k {
                family.push(family_part(c, k2, male));
            }
        }
    }
    let has_native = given
        .iter()
        .chain(family.iter())
        .all(|p| !p.native.is_empty());
    let native = if has_native {
        let (a, b) = if c.family_first {
            (&family, &given)
        } else {
            (&given, &family)
        };
        let mut s = String::new();
        for p in a.iter().chain(b.iter()) {
            if !s.is_empty() {
                s.push_str(c.native_sep);
            }
            s.push_str(&p.native);
        }
        Some(s)
    } else {
        None
    };
    GenName {
        given,
        family,
        family_first: c.family_first,
        turkish: ci == names::TURKISH,
        native,
    }
}

fn join_parts<'a>(a: impl Iterator<Item = &'a str>, b: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for p in a.chain(b) {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(p);
    }
    s
}

/// Latin name in the order it is commonly written.
fn render(given: &[&str], family: &[&str], family_first: bool) -> String {
    if family_first {
        join_parts(family.iter().copied(), given.iter().copied())
    } else {
        join_parts(given.iter().copied(), family.iter().copied())
    }
}

impl GenName {
    fn primary(&self) -> String {
        let g: Vec<&str> = self.given.iter().map(|p| p.latin.as_str()).collect();
        let f: Vec<&str> = self.family.iter().map(|p| p.latin.as_str()).collect();
        render(&g, &f, self.family_first)
    }

    /// Spelling variant: at least one part replaced by an alternative spelling.
    fn spelling_variant(&self, rng: &mut Rng) -> Option<String> {
        let parts: Vec<&Part> = self.given.iter().chain(self.family.iter()).collect();
        let with_var: Vec<usize> = (0..parts.len())
            .filter(|&k| !parts[k].variants.is_empty())
            .collect();
        if with_var.is_empty() {
            return None;
        }
        let forced = *rng.pick(&with_var);
        let chosen: Vec<&str> = parts
            .iter()
            .enumerate()
            .map(|(k, p)| {
                if !p.variants.is_empty() && (k == forced || rng.chance(300)) {
                    rng.pick(&p.variants).as_str()
                } else {
                    p.latin.as_str()
                }
            })
            .collect();
        let (g, f) = chosen.split_at(self.given.len());
        Some(render(g, f, self.family_first))
    }

    /// The other common order: western order for family-first cultures,
    /// "FAMILY Given" (INTERPOL style) otherwise.
    fn reordered(&self) -> Option<String> {
        if self.family.is_empty() || self.given.is_empty() {
            return None;
        }
        let g: Vec<&str> = self.given.iter().map(|p| p.latin.as_str()).collect();
        let f: Vec<&str> = self.family.iter().map(|p| p.latin.as_str()).collect();
        if self.family_first {
            Some(render(&g, &f, false))
        } else {
            let fam = upper(&f.join(" "), self.turkish);
            Some(format!("{fam} {}", g.join(" ")))
        }
    }

    fn without_middle(&self) -> Option<String> {
        let g: Vec<&str> = self.given.iter().map(|p| p.latin.as_str()).collect();
        let f: Vec<&str> = self.family.iter().map(|p| p.latin.as_str()).collect();
        if g.len() >= 2 {
            Some(render(&g[..1], &f, self.family_first))
        } else if f.len() >= 2 {
            Some(render(&g, &f[..1], self.family_first))
        } else {
            None
        }
    }

    /// Feed `names`: primary plus, for some records, 1-3 aliases.
    fn names(&self, rng: &mut Rng, alias_per_mille: u64) -> Vec<String> {
        let primary = self.primary();
        let mut names = vec![primary];
        if !rng.chance(alias_per_mille) {
            return names;
        }
        let want = 1 + rng.idx(3);
        if let Some(n) = &self.native {
            if rng.chance(700) {
                names.push(n.clone());
            }
        }
        let mut attempts = 0;
        while names.len() < want + 1 && attempts < 6 {
            attempts += 1;
            let r = rng.below(100);
            let cand = if r < 65 {
                self.spelling_variant(rng)
            } else if r < 85 {
                self.reordered()
            } else {
                self.without_middle()
            };
            if let Some(c) = cand {
                if !names.contains(&c) {
                    names.push(c);
                }
            }
        }
        names
    }
}

// ------------------------------------------------------------------ dates

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn rand_date(rng: &mut Rng, y0: u32, y1: u32) -> (u32, u32, u32) {
    let y = rng.range(y0, y1);
    let m = rng.range(1, 12);
    let d = rng.range(1, days_in_month(y, m));
    (y, m, d)
}

fn fmt_date((y, m, d): (u32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// Birth year 1940-2008, peaking in the mid 1970s.
fn birth_date(rng: &mut Rng) -> (u32, u32, u32) {
    let y = 1940 + rng.range(0, 34) + rng.range(0, 34);
    let m = rng.range(1, 12);
    let d = rng.range(1, days_in_month(y, m));
    (y, m, d)
}

/// ~85% full date, ~10% partial (YYYY-MM or YYYY), ~5% absent.
fn person_dob(rng: &mut Rng) -> Option<String> {
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

fn gen_sharing(rng: &mut Rng) -> Vec<String> {
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

fn gen_expires(rng: &mut Rng) -> Option<String> {
    if !rng.chance(30) {
        return None;
    }
    if rng.chance(250) {
        Some(fmt_date(rand_date(rng, 2018, 2024)))
    } else {
        Some(fmt_date(rand_date(rng, 2026, 2035)))
    }
}

// ------------------------------------------------------------------ document numbers

const NUMBER_SPACE: u64 = 100_000_000;
/// Index ranges inside the permuted number space (all disjoint).
const NONINDEX_BASE: u64 = 50_000_000;
const OUTSIDER_DOC_BASE: u64 = 60_000_000;
const PERSON_DOC_SPAN: u64 = 20_000_000;

/// Bijective Feistel permutation of `0..10^8`, keyed by the seed.
fn permute(seed: u64, x: u64) -> u64 {
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
fn format_number(country: &str, v: u64, rng: &mut Rng) -> String {
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

// ------------------------------------------------------------------ generators

fn pick_nationality(rng: &mut Rng, c: &Culture) -> Vec<String> {
    let first = if rng.chance(500) {
        c.nationalities[0]
    } else {
        *rng.pick(c.nationalities)
    };
    let mut out = vec![first.to_string()];
    if rng.chance(80) {
        let second = if c.nationalities.len() > 1 && rng.chance(400) {
            *rng.pick(c.nationalities)
        } else {
            *rng.pick(DIASPORA)
        };
        if second != first {
            out.push(second.to_string());
        }
    }
    out
}

fn gen_person(seed: u64, i: u64, outsider: bool) -> SynthPerson {
    let name_seed = if outsider { seed ^ OUTSIDER_XOR } else { seed };
    let mut rng = Rng::stream(name_seed, SALT_PERSON, i);
    let org = person_org(i);
    let ci = rng.weighted(&CULTURE_MIX[org]);
    let c = &CULTURES[ci];
    let male = rng.chance(650);
    let gn = gen_name(&mut rng, ci, male);
    let names = gn.names(&mut rng, 350);
    let date_of_birth = person_dob(&mut rng);
    let nationality = pick_nationality(&mut rng, c);
    let cat = rng.weighted(CATEGORY_WEIGHTS);
    let action = *rng.pick(ACTIONS[cat]);
    let ndocs = match rng.below(10) {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    let mut documents = Vec::with_capacity(ndocs);
    for k in 0..ndocs as u64 {
        let country = if nationality.len() > 1 && k == 1 {
            nationality[1].as_str()
        } else {
            nationality[0].as_str()
        };
        let slot = ((i % PERSON_DOC_SPAN) * 2 + k) % PERSON_DOC_SPAN;
        let index = if outsider {
            OUTSIDER_DOC_BASE + slot
        } else {
            NUMBER_SPACE - 1 - slot
        };
        let number = format_number(country, permute(seed, index), &mut rng);
        let ty = if rng.chance(700) {
            "passport"
        } else {
            "id_card"
        };
        documents.push((number, country.to_string(), ty.to_string()));
    }
    let sharing = gen_sharing(&mut rng);
    let expires = gen_expires(&mut rng);
    let id = if outsider {
        format!("X{i:08}")
    } else {
        format!("P{i:08}")
    };
    SynthPerson {
        source: ORGANIZATIONS[org].to_string(),
        id,
        culture: c.name,
        given_variants: gn.given.iter().map(|p| p.variants.clone()).collect(),
        family_variants: gn.family.iter().map(|p| p.variants.clone()).collect(),
        given: gn.given.into_iter().map(|p| p.latin).collect(),
        family: gn.family.into_iter().map(|p| p.latin).collect(),
        family_first: gn.family_first,
        native: gn.native,
        names,
        date_of_birth,
        nationality,
        gender: if male { 'M' } else { 'F' },
        category: CATEGORIES[cat].to_string(),
        action: action.to_string(),
        documents,
        sharing,
        expires,
    }
}

/// Person `i` of the indexed set; depends only on `(seed, i)`.
pub fn person(seed: u64, i: u64) -> SynthPerson {
    gen_person(seed, i, false)
}

/// A fresh person NOT meant to be in the index (different name stream, same
/// cultures; id `X…`, document numbers disjoint from all indexed ones).
pub fn outsider(seed: u64, i: u64) -> SynthPerson {
    gen_person(seed, i, true)
}

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
    let holder = if DOC_STATUS[status] != "stolen_blank" && rng.chance(600) {
        let male = rng.chance(600);
        let gn = gen_name(&mut rng, ci, male);
        let names = gn.names(&mut rng, 150);
        let dob = if rng.chance(900) {
            Some(fmt_date(birth_date(&mut rng)))
        } else {
            None
        };
        Some((names, dob))
    } else {
        None
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
        sharing: gen_sharing(&mut rng),
        expires: gen_expires(&mut rng),
    }
}

// ------------------------------------------------------------------ JSON

fn is_empty_slice(s: &&[String]) -> bool {
    s.is_empty()
}

#[derive(Serialize)]
struct PersonDocLine<'a> {
    number: &'a str,
    issuing_country: &'a str,
    #[serde(rename = "type")]
    doc_type: &'a str,
}

#[derive(Serialize)]
struct PersonLine<'a> {
    kind: &'static str,
    source: &'a str,
    id: &'a str,
    names: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date_of_birth: Option<&'a str>,
    nationality: &'a [String],
    gender: char,
    category: &'a str,
    action: &'a str,
    documents: Vec<PersonDocLine<'a>>,
    #[serde(skip_serializing_if = "is_empty_slice")]
    sharing: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
}

#[derive(Serialize)]
struct HolderLine<'a> {
    names: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    date_of_birth: Option<&'a str>,
}

#[derive(Serialize)]
struct DocumentLine<'a> {
    kind: &'static str,
    source: &'a str,
    id: &'a str,
    number: &'a str,
    issuing_country: &'a str,
    document_type: &'a str,
    status: &'a str,
    reported: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    holder: Option<HolderLine<'a>>,
    #[serde(skip_serializing_if = "is_empty_slice")]
    sharing: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    expires: Option<&'a str>,
}

impl SynthPerson {
    fn line(&self) -> PersonLine<'_> {
        PersonLine {
            kind: "person",
            source: &self.source,
            id: &self.id,
            names: &self.names,
            date_of_birth: self.date_of_birth.as_deref(),
            nationality: &self.nationality,
            gender: self.gender,
            category: &self.category,
            action: &self.action,
            documents: self
                .documents
                .iter()
                .map(|(n, c, t)| PersonDocLine {
                    number: n,
                    issuing_country: c,
                    doc_type: t,
                })
                .collect(),
            sharing: &self.sharing,
            expires: self.expires.as_deref(),
        }
    }

    /// The feed record as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.line()).expect("person record serializes")
    }

    /// Primary (first) name.
    pub fn primary(&self) -> &str {
        &self.names[0]
    }
}

impl SynthDocument {
    fn line(&self) -> DocumentLine<'_> {
        DocumentLine {
            kind: "document",
            source: &self.source,
            id: &self.id,
            number: &self.number,
            issuing_country: &self.issuing_country,
            document_type: &self.document_type,
            status: &self.status,
            reported: &self.reported,
            holder: self.holder.as_ref().map(|(names, dob)| HolderLine {
                names,
                date_of_birth: dob.as_deref(),
            }),
            sharing: &self.sharing,
            expires: self.expires.as_deref(),
        }
    }

    /// The feed record as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.line()).expect("document record serializes")
    }
}

// ------------------------------------------------------------------ writers

const CHUNK: u64 = 16_384;

/// Generate records `lo..hi` in parallel chunks, serialized into one byte buffer
/// per organization, then append them to the writers in index order (so the
/// output is byte-identical regardless of thread count).
fn write_range<F>(writers: &mut [BufWriter<File>], total: u64, gen: F) -> io::Result<()>
where
    F: Fn(u64, &mut [Vec<u8>]) -> io::Result<()> + Sync,
{
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16) as u64;
    let mut start = 0u64;
    while start < total {
        let batch_end = (start + CHUNK * threads).min(total);
        let chunks: Vec<(u64, u64)> = (start..batch_end)
            .step_by(CHUNK as usize)
            .map(|s| (s, (s + CHUNK).min(batch_end)))
            .collect();
        let results: Vec<io::Result<Vec<Vec<u8>>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|&(lo, hi)| {
                    let gen = &gen;
                    scope.spawn(move || {
                        let mut bufs = vec![Vec::new(); ORGANIZATIONS.len()];
                        for i in lo..hi {
                            gen(i, &mut bufs)?;
                        }
                        Ok(bufs)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("generator thread panicked"))
                .collect()
        });
        for r in results {
            for (w, buf) in writers.iter_mut().zip(r?) {
                w.write_all(&buf)?;
            }
        }
        start = batch_end;
    }
    Ok(())
}

/// Writes `<SOURCE>.jsonl` per organization into `out_dir` (created): persons
/// first, then documents. Streams in bounded chunks, never holding the whole set.
pub fn write_feeds(
    out_dir: &Path,
    persons: u64,
    documents: u64,
    seed: u64,
) -> io::Result<SynthSummary> {
    fs::create_dir_all(out_dir)?;
    let mut files = Vec::with_capacity(ORGANIZATIONS.len());
    let mut writers = Vec::with_capacity(ORGANIZATIONS.len());
    for org in ORGANIZATIONS {
        let path = out_dir.join(format!("{org}.jsonl"));
        writers.push(BufWriter::with_capacity(1 << 20, File::create(&path)?));
        files.push(path);
    }
    write_range(&mut writers, persons, |i, bufs| {
        let p = person(seed, i);
        let buf = &mut bufs[person_org(i)];
        serde_json::to_writer(&mut *buf, &p.line())?;
        buf.push(b'\n');
        Ok(())
    })?;
    write_range(&mut writers, documents, |i, bufs| {
        let d = document(seed, i);
        let buf = &mut bufs[document_org(i)];
        serde_json::to_writer(&mut *buf, &d.line())?;
        buf.push(b'\n');
        Ok(())
    })?;
    for w in &mut writers {
        w.flush()?;
    }
    Ok(SynthSummary {
        files,
        persons,
        documents,
    })
}

/// Insert a single-character typo (substitution, deletion, transposition, insertion).
fn typo(rng: &mut Rng, s: &str) -> String {
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

/// A noisy rendering of the person's name, as an officer might type it.
fn noisy_name(rng: &mut Rng, p: &SynthPerson) -> String {
    let g: Vec<&str> = p.given.iter().map(String::as_str).collect();
    let f: Vec<&str> = p.family.iter().map(String::as_str).collect();
    let primary = render(&g, &f, p.family_first);
    let mode = rng.below(1000);
    let spelling = |rng: &mut Rng| -> Option<String> {
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
        if !any {
            return None;
        }
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

/// OCR confusions and formatting noise on a document number.
fn noisy_number(rng: &mut Rng, n: &str) -> String {
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

#[derive(Serialize)]
struct PersonQuery<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_of_birth: Option<&'a str>,
}

#[derive(Serialize)]
struct DocumentQuery<'a> {
    number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuing_country: Option<&'a str>,
}

/// Writes `person_queries.jsonl` and `document_queries.jsonl` (`count` lines
/// each) into `out_dir` for load tests. Person queries alternate between noisy
/// names of indexed persons (even lines) and outsiders (odd lines); ~20% of
/// document queries use numbers that are not in the index.
pub fn write_queries(
    out_dir: &Path,
    persons: u64,
    documents: u64,
    seed: u64,
    count: u64,
) -> io::Result<()> {
    fs::create_dir_all(out_dir)?;
    let mut w = BufWriter::new(File::create(out_dir.join("person_queries.jsonl"))?);
    for k in 0..count {
        let mut rng = Rng::stream(seed, SALT_QUERY_P, k);
        let p = if persons == 0 || k % 2 == 1 {
            outsider(seed, k)
        } else {
            person(seed, rng.below(persons))
        };
        let name = noisy_name(&mut rng, &p);
        let dob = if rng.chance(500) {
            p.date_of_birth.as_deref()
        } else {
            None
        };
        serde_json::to_writer(
            &mut w,
            &PersonQuery {
                name: &name,
                date_of_birth: dob,
            },
        )?;
        w.write_all(b"\n")?;
    }
    w.flush()?;

    let mut w = BufWriter::new(File::create(out_dir.join("document_queries.jsonl"))?);
    for k in 0..count {
        let mut rng = Rng::stream(seed, SALT_QUERY_D, k);
        let (number, country) = if documents > 0 && !rng.chance(200) {
            let d = document(seed, rng.below(documents));
            (noisy_number(&mut rng, &d.number), d.issuing_country)
        } else {
            let c = &CULTURES[rng.idx(NUM_CULTURES)];
            let country = *rng.pick(c.nationalities);
            let v = permute(seed, NONINDEX_BASE + k % 10_000_000);
            (format_number(country, v, &mut rng), country.to_string())
        };
        let with_country = rng.chance(500);
        serde_json::to_writer(
            &mut w,
            &DocumentQuery {
                number: &number,
                issuing_country: with_country.then_some(country.as_str()),
            },
        )?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::io::{BufRead, BufReader};

    fn temp_dir(tag: &str) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        std::env::temp_dir().join(format!(
            "frontline-synth-{tag}-{}-{nanos}",
            std::process::id()
        ))
    }

    fn is_date_like(s: &str) -> bool {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| r.clone().all(|k| b[k].is_ascii_digit());
        match b.len() {
            4 => digits(0..4),
            7 => digits(0..4) && b[4] == b'-' && digits(5..7),
            10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
            _ => false,
        }
    }

    fn is_full_date(s: &str) -> bool {
        s.len() == 10 && is_date_like(s)
    }

    fn has_non_latin(s: &str) -> bool {
        // Latin, Latin-1, Latin Extended A/B and Latin Extended Additional count as Latin.
        s.chars().any(|c| {
            let u = c as u32;
            c.is_alphabetic() && u > 0x024F && !(0x1E00..=0x1EFF).contains(&u)
        })
    }

    fn check_sharing(v: &serde_json::Value) {
        let sh = v["sharing"].as_array().expect("sharing array");
        assert!(!sh.is_empty() && sh.len() <= 3);
        for a in sh {
            let a = a.as_str().unwrap();
            assert!(a == "*" || ORGANIZATIONS.contains(&a), "{a}");
        }
        if let Some(e) = v.get("expires") {
            assert!(is_full_date(e.as_str().unwrap()));
        }
    }

    fn check_person_json(v: &serde_json::Value) {
        assert_eq!(v["kind"], "person");
        assert!(ORGANIZATIONS.contains(&v["source"].as_str().unwrap()));
        assert!(v["id"].as_str().unwrap().starts_with('P'));
        let names = v["names"].as_array().unwrap();
        assert!(!names.is_empty() && names.len() <= 4);
        assert!(names.iter().all(|n| !n.as_str().unwrap().trim().is_empty()));
        if let Some(d) = v.get("date_of_birth") {
            let d = d.as_str().unwrap();
            assert!(is_date_like(d), "{d}");
            let y: u32 = d[..4].parse().unwrap();
            assert!((1940..=2008).contains(&y));
        }
        let nat = v["nationality"].as_array().unwrap();
        assert!(!nat.is_empty() && nat.len() <= 2);
        for n in nat {
            let n = n.as_str().unwrap();
            assert!(n.len() == 3 && n.bytes().all(|b| b.is_ascii_uppercase()));
        }
        assert!(v["gender"] == "M" || v["gender"] == "F");
        assert!(CATEGORIES.contains(&v["category"].as_str().unwrap()));
        assert!(!v["action"].as_str().unwrap().is_empty());
        let docs = v["documents"].as_array().unwrap();
        assert!(docs.len() <= 2);
        for d in docs {
            assert!(!d["number"].as_str().unwrap().is_empty());
            assert_eq!(d["issuing_country"].as_str().unwrap().len(), 3);
            assert!(d["type"] == "passport" || d["type"] == "id_card");
        }
        check_sharing(v);
    }

    fn check_document_json(v: &serde_json::Value) {
        assert_eq!(v["kind"], "document");
        assert!(ORGANIZATIONS.contains(&v["source"].as_str().unwrap()));
        assert!(v["id"].as_str().unwrap().starts_with('D'));
        let n = v["number"].as_str().unwrap();
        assert_eq!(n.len(), 9, "{n}");
        assert!(n
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        assert_eq!(v["issuing_country"].as_str().unwrap().len(), 3);
        assert!(DOC_TYPES.contains(&v["document_type"].as_str().unwrap()));
        let status = v["status"].as_str().unwrap();
        assert!(DOC_STATUS.contains(&status));
        assert!(is_full_date(v["reported"].as_str().unwrap()));
        if let Some(h) = v.get("holder") {
            assert_ne!(status, "stolen_blank");
            assert!(!h["names"].as_array().unwrap().is_empty());
            if let Some(d) = h.get("date_of_birth") {
                assert!(is_full_date(d.as_str().unwrap()));
            }
        }
        check_sharing(v);
    }

    #[test]
    fn deterministic_per_seed() {
        for i in 0..300 {
            assert_eq!(person(7, i).to_json(), person(7, i).to_json());
            assert_eq!(document(7, i).to_json(), document(7, i).to_json());
            assert_eq!(outsider(7, i).to_json(), outsider(7, i).to_json());
        }
        let differ = (0..300)
            .filter(|&i| person(7, i).to_json() != person(8, i).to_json())
            .count();
        assert!(differ > 290, "{differ}");
        let differ = (0..300)
            .filter(|&i| document(7, i).number != document(8, i).number)
            .count();
        assert!(differ > 290, "{differ}");
        let differ = (0..300)
            .filter(|&i| person(7, i).primary() != outsider(7, i).primary())
            .count();
        assert!(differ > 250, "{differ}");
    }

    #[test]
    fn records_have_required_fields() {
        for i in 0..3000 {
            let p = person(1, i);
            assert_eq!(p.id, format!("P{i:08}"));
            assert_eq!(p.given.len(), p.given_variants.len());
            assert_eq!(p.family.len(), p.family_variants.len());
            assert!(!p.given.is_empty());
            check_person_json(&p.to_json());
            check_document_json(&document(1, i).to_json());
        }
    }

    #[test]
    fn distribution_is_plausible() {
        let n = 20_000u64;
        let mut aliases = 0;
        let mut star = 0;
        let mut expires = 0;
        let mut no_dob = 0;
        let mut cultures = HashSet::new();
        let mut sources = HashSet::new();
        for i in 0..n {
            let p = person(3, i);
            aliases += u64::from(p.names.len() > 1);
            star += u64::from(p.sharing == ["*"]);
            expires += u64::from(p.expires.is_some());
            no_dob += u64::from(p.date_of_birth.is_none());
            cultures.insert(p.culture);
            sources.insert(p.source.clone());
        }
        assert!(
            (0.25..0.40).contains(&(aliases as f64 / n as f64)),
            "{aliases}"
        );
        assert!((0.80..0.90).contains(&(star as f64 / n as f64)), "{star}");
        assert!(
            (0.01..0.05).contains(&(expires as f64 / n as f64)),
            "{expires}"
        );
        assert!(
            (0.03..0.07).contains(&(no_dob as f64 / n as f64)),
            "{no_dob}"
        );
        assert_eq!(cultures.len(), NUM_CULTURES);
        assert_eq!(sources.len(), ORGANIZATIONS.len());
    }

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

    #[test]
    fn native_names_use_native_script() {
        let mut with_native = 0;
        for i in 0..5000 {
            let p = person(2, i);
            if let Some(n) = &p.native {
                with_native += 1;
                assert!(has_non_latin(n), "{n}");
            }
            assert!(!has_non_latin(p.primary()), "{}", p.primary());
            for alias in &p.names[1..] {
                if has_non_latin(alias) {
                    assert_eq!(Some(alias), p.native.as_ref());
                }
            }
        }
        assert!(with_native > 1000);
        for c in CULTURES.iter() {
            let native = !c.male[0].native.is_empty();
            for f in c
                .male
                .iter()
                .chain(c.female)
                .chain(c.family)
                .chain(c.family_female)
                .chain(c.patronymic_m)
                .chain(c.patronymic_f)
            {
                assert_eq!(!f.native.is_empty(), native, "{} {}", c.name, f.latin);
                if native {
                    assert!(has_non_latin(f.native), "{}", f.native);
                }
                assert!(!has_non_latin(f.latin), "{}", f.latin);
            }
        }
    }

    #[test]
    fn name_tables_are_large_enough() {
        for ci in [
            names::ARABIC,
            names::RUSSIAN,
            names::CHINESE,
            names::SPANISH,
        ] {
            let c = &CULTURES[ci];
            assert!(c.male.len() + c.female.len() >= 40, "{}", c.name);
            assert!(c.family.len() >= 40, "{}", c.name);
        }
        for c in CULTURES.iter() {
            assert!(c.male.len() >= 10 && c.female.len() >= 10, "{}", c.name);
            assert!(c.family.len() >= 15, "{}", c.name);
            assert!(c.family_female.is_empty() || c.family_female.len() == c.family.len());
            assert_eq!(c.patronymic_m.len(), c.patronymic_f.len());
            assert!(!c.nationalities.is_empty());
        }
    }

    #[test]
    fn spelling_helpers() {
        assert_eq!(feminize("Smirnov", FemRule::Russian).unwrap(), "Smirnova");
        assert_eq!(feminize("Смирнов", FemRule::Russian).unwrap(), "Смирнова");
        assert_eq!(
            feminize("Dostoyevsky", FemRule::Russian).unwrap(),
            "Dostoyevskaya"
        );
        assert_eq!(
            feminize("Достоевский", FemRule::Russian).unwrap(),
            "Достоевская"
        );
        assert_eq!(
            feminize("Zelensky", FemRule::Ukrainian).unwrap(),
            "Zelenska"
        );
        assert_eq!(
            feminize("Зеленський", FemRule::Ukrainian).unwrap(),
            "Зеленська"
        );
        assert!(feminize("Shevchenko", FemRule::Ukrainian).is_none());
        assert!(feminize("Smirnoff", FemRule::Russian).is_none());
        assert_eq!(ascii_fold("García Núñez"), "Garcia Nunez");
        assert_eq!(ascii_fold("Yılmaz Öztürk"), "Yilmaz Ozturk");
        assert_eq!(umlaut_expand("Müller"), "Mueller");
        assert_eq!(upper("Şimşek", true), "ŞİMŞEK");
        assert_eq!(upper("Yılmaz", true), "YILMAZ");
        let c = &CULTURES[names::ARABIC];
        let v = variants_for("Al-Hassan", &[], c, true);
        for want in ["Alhassan", "El-Hassan", "al-Hassan", "Hassan"] {
            assert!(v.iter().any(|x| x == want), "{v:?}");
        }
    }

    #[test]
    fn name_order_and_examples() {
        let mut seen_ff = false;
        let mut seen_fem = false;
        for i in 0..20_000 {
            let p = person(4, i);
            let first_part = if p.family_first && !p.family.is_empty() {
                seen_ff = true;
                &p.family[0]
            } else {
                &p.given[0]
            };
            assert!(p.primary().starts_with(first_part.as_str()));
            if p.culture == "russian" && p.gender == 'F' && p.family[0].ends_with("ova") {
                seen_fem = true;
                let n = p.native.as_ref().unwrap();
                assert!(
                    n.ends_with("ова") || n.ends_with("ёва") || n.ends_with("ева"),
                    "{n}"
                );
            }
        }
        assert!(seen_ff && seen_fem);
    }

    #[test]
    fn feeds_and_queries_round_trip() {
        let dir = temp_dir("feeds");
        let (np, nd) = (3_000u64, 40_000u64);
        let summary = write_feeds(&dir, np, nd, 42).unwrap();
        assert_eq!(summary.files.len(), ORGANIZATIONS.len());
        assert_eq!((summary.persons, summary.documents), (np, nd));
        let (mut persons, mut documents) = (0u64, 0u64);
        let mut ids = HashSet::new();
        for (org, path) in ORGANIZATIONS.iter().zip(&summary.files) {
            assert!(path.ends_with(format!("{org}.jsonl")));
            let mut in_docs = false;
            for line in BufReader::new(File::open(path).unwrap()).lines() {
                let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
                assert_eq!(v["source"], *org);
                assert!(ids.insert(v["id"].as_str().unwrap().to_string()));
                if v["kind"] == "person" {
                    assert!(!in_docs, "persons must precede documents");
                    check_person_json(&v);
                    persons += 1;
                } else {
                    in_docs = true;
                    check_document_json(&v);
                    documents += 1;
                }
            }
        }
        assert_eq!((persons, documents), (np, nd));
        // Byte-identical on a second run.
        let dir2 = temp_dir("feeds2");
        let s2 = write_feeds(&dir2, np, nd, 42).unwrap();
        for (a, b) in summary.files.iter().zip(&s2.files) {
            assert_eq!(fs::read(a).unwrap(), fs::read(b).unwrap());
        }
        // The generator functions agree with the files.
        let p5 = person(42, 5).to_json();
        let file = dir.join(format!("{}.jsonl", p5["source"].as_str().unwrap()));
        let text = fs::read_to_string(file).unwrap();
        assert!(text
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .any(|v| v == p5));

        write_queries(&dir, np, nd, 42, 500).unwrap();
        let pq = fs::read_to_string(dir.join("person_queries.jsonl")).unwrap();
        assert_eq!(pq.lines().count(), 500);
        for l in pq.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert!(!v["name"].as_str().unwrap().is_empty());
            if let Some(d) = v.get("date_of_birth") {
                assert!(is_date_like(d.as_str().unwrap()));
            }
        }
        let numbers: HashSet<String> = (0..nd).map(|i| document(42, i).number).collect();
        let dq = fs::read_to_string(dir.join("document_queries.jsonl")).unwrap();
        assert_eq!(dq.lines().count(), 500);
        let mut exact = 0;
        for l in dq.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            exact += usize::from(numbers.contains(v["number"].as_str().unwrap()));
        }
        // ~80% indexed, of which ~55% verbatim.
        assert!((150..=300).contains(&exact), "{exact}");
        write_queries(&dir2, np, nd, 42, 500).unwrap();
        assert_eq!(
            fs::read(dir.join("document_queries.jsonl")).unwrap(),
            fs::read(dir2.join("document_queries.jsonl")).unwrap()
        );
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&dir2).unwrap();
    }
}
