//! Name generation: draws a culture-appropriate name (given names, family
//! parts, native-script form) from the tables in [`super::names`], and renders
//! it as a feed would list it: primary spelling, spelling variants, the other
//! name order, without the middle name.

use super::names::{self, Culture, FemRule, NameForm, CULTURES};
use super::rng::Rng;
use super::spelling::{feminize, upper, variants_for};

/// One resolved name part.
pub(super) struct Part {
    /// Primary Latin spelling.
    pub(super) latin: String,
    /// Alternative Latin spellings.
    pub(super) variants: Vec<String>,
    /// Native-script spelling, `""` for Latin-script cultures.
    pub(super) native: String,
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

/// A generated name, part by part.
pub(super) struct GenName {
    /// Given (and middle / patronymic) names, in order.
    pub(super) given: Vec<Part>,
    /// Family name parts; empty for mononyms.
    pub(super) family: Vec<Part>,
    /// Family name written first (Chinese, Korean, Japanese).
    pub(super) family_first: bool,
    /// Turkish dotted/dotless i rules apply when upper-casing.
    turkish: bool,
    /// Full name in the native script, native order, if the culture has one.
    pub(super) native: Option<String>,
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

/// A random name of culture `ci` and the given sex.
pub(super) fn gen_name(rng: &mut Rng, ci: usize, male: bool) -> GenName {
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
pub(super) fn render(given: &[&str], family: &[&str], family_first: bool) -> String {
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
    pub(super) fn names(&self, rng: &mut Rng, alias_per_mille: u64) -> Vec<String> {
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
