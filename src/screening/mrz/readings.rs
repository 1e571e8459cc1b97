//! Alternative readings of an MRZ name for a fuzzy person search.
//!
//! Records hold names as people write them ("Müller", "Åström", "Muñoz",
//! "Khalid"); the MRZ holds Doc 9303 transliterations ("MUELLER", "AASTROEM",
//! "MUNXXOZ", "XKHALID"). A matcher that folds diacritics to base letters
//! turns "Müller" into "MULLER", which is far from "MUELLER". So besides the
//! plain reading we offer readings with those transliterations undone:
//!
//! 1. every rule below at once (the most folded reading);
//! 2. each rule group on its own, when it changes something:
//!    - Table A umlauts `AE`/`OE`/`UE` -> `A`/`O`/`U` (not `UE` after `Q`/`G`,
//!      as in MIGUEL or RODRIGUEZ; not a component-final `AEL`/`OEL`, as in
//!      MICHAEL or JOEL);
//!    - Table A `AA` -> `A` (Å);
//!    - Table A `NXX`/`UXX` -> `N`/`U` (Ñ, Ü);
//!    - Table C Arabic markers: the `X` that starts a marked digraph is dropped
//!      (`XKH` -> `KH`, `XSH` -> `SH`, `XAA` -> `AA`). Conservative: two-letter
//!      markers are stripped anywhere, but one-letter markers (`XH`, `XE`, `XI`,
//!      `XC`, `XJ`) only after a consonant, where `X` cannot be a Latin letter
//!      of the name (MXHMD -> MHMD, but ALEXEI, MAXIM, XIMENA and Albanian
//!      XHAFERI keep their X).
//!
//! At most [`MAX_ALTERNATIVE_READINGS`] alternatives follow the plain reading.

/// Most alternative readings returned after the plain one.
pub const MAX_ALTERNATIVE_READINGS: usize = 3;

/// Table C markers of two letters after the `X` (XKH, XSH, XTH, XAA, XXA, ...).
const ARABIC_MARKERS_2: &[&str] = &[
    "AA", "AE", "AH", "AY", "TA", "TH", "KH", "DH", "SH", "SS", "DZ", "TT", "ZZ", "XA", "XT", "RT",
    "KE", "XH", "XD", "DR", "XR", "RR", "RX", "XS", "KK", "XK", "NG", "GG", "NN", "XN", "DO", "YH",
    "XG", "GE", "TG", "YA", "XY", "YB", "BE",
];
/// Table C markers of one letter after the `X` (XH, XE, XI, XC, XJ).
const ARABIC_MARKERS_1: &[u8] = b"HEICJ";

/// Whether `c` is a consonant letter (A-Z except A E I O U Y).
fn is_consonant(c: u8) -> bool {
    c.is_ascii_uppercase() && !b"AEIOUY".contains(&c)
}

/// Table A umlauts in one component: AE/OE/UE -> A/O/U, with the exceptions
/// listed in the module doc.
fn fold_umlauts(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let pair = b.get(i + 1) == Some(&b'E') && matches!(c, b'A' | b'O' | b'U');
        let after_qg = c == b'U' && i > 0 && matches!(b[i - 1], b'Q' | b'G');
        let final_el = c != b'U' && i + 3 == b.len() && b[i + 2] == b'L';
        out.push(c as char);
        i += if pair && !after_qg && !final_el { 2 } else { 1 };
    }
    out
}

/// Table A Å: AA -> A.
fn fold_double_a(word: &str) -> String {
    word.replace("AA", "A")
}

/// Table A Ñ and Ü long forms: NXX -> N, UXX -> U.
fn fold_xx(word: &str) -> String {
    word.replace("NXX", "N").replace("UXX", "U")
}

/// Table C: drop the `X` that starts a marked Arabic digraph (see module doc).
/// Double-X markers (`XXA`, `XXT`, ...) lose both X.
fn strip_arabic_markers(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'X' {
            let two = word.get(i + 1..i + 3).unwrap_or("");
            let after_consonant = i > 0 && is_consonant(b[i - 1]) && b[i - 1] != b'X';
            let one = b.get(i + 1).is_some_and(|c| ARABIC_MARKERS_1.contains(c));
            if ARABIC_MARKERS_2.contains(&two) {
                i += if two.starts_with('X') { 2 } else { 1 };
                continue;
            }
            if after_consonant && one {
                i += 1;
                continue;
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

/// The rule groups, in the order the fully folded reading applies them.
const RULES: [fn(&str) -> String; 4] = [fold_xx, strip_arabic_markers, fold_umlauts, fold_double_a];

/// Apply `rules` to every space-separated component of `reading`.
fn apply(reading: &str, rules: &[fn(&str) -> String]) -> String {
    reading
        .split(' ')
        .map(|w| rules.iter().fold(w.to_string(), |acc, r| r(&acc)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The plain reading first, then up to [`MAX_ALTERNATIVE_READINGS`] distinct
/// readings with Doc 9303 transliterations undone (see the module doc).
pub fn name_readings(plain: &str) -> Vec<String> {
    let mut out = vec![plain.to_string()];
    let mut candidates = vec![apply(plain, &RULES)];
    candidates.extend(RULES.iter().map(|r| apply(plain, std::slice::from_ref(r))));
    for c in candidates {
        if out.len() > MAX_ALTERNATIVE_READINGS {
            break;
        }
        if !c.is_empty() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MUELLER gives MULLER; a name with nothing to undo gives only itself.
    #[test]
    fn umlauts() {
        assert_eq!(
            name_readings("MUELLER HANS"),
            ["MUELLER HANS", "MULLER HANS"]
        );
        assert_eq!(
            name_readings("ERIKSSON ANNA MARIA"),
            ["ERIKSSON ANNA MARIA"]
        );
    }

    /// ÅSTRÖM, written AASTROEM, gives the fully folded ASTROM first, then
    /// each partial undoing.
    #[test]
    fn astroem() {
        assert_eq!(
            name_readings("AASTROEM"),
            ["AASTROEM", "ASTROM", "AASTROM", "ASTROEM"]
        );
    }

    /// CANXXON (CAÑON, Part 3 App. B) reads as CANON; UXX as U.
    #[test]
    fn long_forms_of_n_and_u() {
        assert_eq!(
            name_readings("CANXXON TERESA"),
            ["CANXXON TERESA", "CANON TERESA"]
        );
        assert_eq!(name_readings("MUXXLLER"), ["MUXXLLER", "MULLER"]);
    }

    /// Arabic Table C: XKH -> KH at a component start, XH after a consonant
    /// (the Doc 9303 test vector MXHMWD / EBDALRXHYM).
    #[test]
    fn arabic_markers() {
        assert_eq!(
            name_readings("XKHALID OMAR"),
            ["XKHALID OMAR", "KHALID OMAR"]
        );
        assert_eq!(name_readings("MXHMWD EBDALRXHYM")[1], "MHMWD EBDALRHYM");
        assert_eq!(name_readings("ALXSHAMI")[1], "ALSHAMI");
        assert_eq!(name_readings("XXALID")[1], "ALID");
    }

    /// X that is a Latin letter of the name stays: ALEXANDER, ALEXEI, MAXIM,
    /// XIMENA, Albanian XHAFERI, and common names with AE/OE/UE.
    #[test]
    fn latin_x_and_lookalikes_are_kept() {
        for name in [
            "ALEXANDER",
            "ALEXEI",
            "MAXIM",
            "XIMENA",
            "XHAFERI",
            "MIGUEL RODRIGUEZ",
            "MICHAEL JOEL",
        ] {
            assert_eq!(name_readings(name), [name], "{name}");
        }
    }

    /// Never more than the plain reading plus three alternatives, all distinct.
    #[test]
    fn bounded_and_distinct() {
        let r = name_readings("AASTROEM XKHALID MUNXXOZ");
        assert!(r.len() <= 1 + MAX_ALTERNATIVE_READINGS);
        let mut sorted = r.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), r.len());
        assert_eq!(name_readings(""), [""]);
    }
}
