//! The MRZ name field (Doc 9303 Part 3 §4.6, Parts 4-7 name rows): reading it
//! into primary and secondary identifiers with the truncation flag, and
//! writing one, truncated so that the last position is a letter.

use super::error::MrzError;
use super::translit::transliterate;

/// The filler character.
const FILLER: char = '<';
/// Separates the primary from the secondary identifier.
const IDENTIFIER_SEPARATOR: &str = "<<";

/// A name field read from an MRZ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameField {
    /// Surname components joined by single spaces.
    pub primary: String,
    /// Given-name components joined by single spaces; empty if none.
    pub secondary: String,
    /// The last position of the field is a letter: the name may be truncated.
    pub truncated: bool,
}

/// Components separated by `<`, empty ones (from runs of fillers) dropped,
/// joined by single spaces.
fn components(part: &str) -> String {
    part.split(FILLER)
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Read a name field: primary and secondary split on the first `<<`,
/// components on `<`, trailing fillers dropped. `truncated` follows Doc 9303:
/// a letter in the last position means the name may have been cut short.
pub fn read_name(field: &str) -> NameField {
    let truncated = field
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphabetic());
    let body = field.trim_end_matches(FILLER);
    let (primary, secondary) = body.split_once(IDENTIFIER_SEPARATOR).unwrap_or((body, ""));
    NameField {
        primary: components(primary),
        secondary: components(secondary),
        truncated,
    }
}

/// The first `n` characters of `s` (letters and single `<` separators),
/// ending in a letter: if the cut falls on a separator, the component before
/// it loses one letter and the first letter after it is kept (`ANNA<MARIA`
/// cut to 5 gives `ANN<M`, not `ANNA<`). `s` is longer than `n`.
fn cut_to_letter(s: &str, n: usize) -> String {
    let b = s.as_bytes();
    if n == 0 || n >= b.len() {
        return s.to_string();
    }
    if b[n - 1] != FILLER as u8 {
        return s[..n].to_string();
    }
    // b[n] is the first letter of the next component.
    let next = b[n] as char;
    if n >= 3 && b[n - 3] != FILLER as u8 {
        format!("{}{FILLER}{next}", &s[..n - 2])
    } else {
        // The component before the separator has one letter: join instead.
        format!("{}{next}", &s[..n - 1])
    }
}

/// Write a name field of exactly `len` characters from a primary and a
/// secondary identifier in any Latin or Cyrillic spelling (transliterated per
/// Table A/B). A name that does not fit is truncated per Doc 9303: the
/// secondary identifier first, the primary only when `<<` and one secondary
/// letter would not fit otherwise; the last position is then a letter.
pub fn write_name(primary: &str, secondary: &str, len: usize) -> Result<String, MrzError> {
    let p = transliterate(primary);
    let s = transliterate(secondary);
    if p.is_empty() {
        return Err(MrzError::InvalidField {
            field: "primary_identifier",
            message: format!(
                "the primary identifier '{primary}' has no letters that can be written in an MRZ"
            ),
        });
    }
    let mut out = if s.is_empty() {
        cut_to_letter(&p, len)
    } else if p.len() + IDENTIFIER_SEPARATOR.len() + s.len() <= len {
        format!("{p}{IDENTIFIER_SEPARATOR}{s}")
    } else if p.len() + IDENTIFIER_SEPARATOR.len() < len {
        let room = len - p.len() - IDENTIFIER_SEPARATOR.len();
        format!("{p}{IDENTIFIER_SEPARATOR}{}", cut_to_letter(&s, room))
    } else {
        let first = &s[..1];
        let room = len - IDENTIFIER_SEPARATOR.len() - 1;
        format!("{}{IDENTIFIER_SEPARATOR}{first}", cut_to_letter(&p, room))
    };
    while out.len() < len {
        out.push(FILLER);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Part 4 §4.2.3 printed names read into the documented identifiers, and
    /// a letter in the last position sets the truncation flag (even for
    /// PAPANDROPOULOUS, which fits exactly).
    #[test]
    fn reads_doc_9303_examples() {
        let n = read_name("VAN<DER<MUELLEN<<MARTIN<<<<<<<<<<<<<<<<");
        assert_eq!(
            (n.primary.as_str(), n.secondary.as_str()),
            ("VAN DER MUELLEN", "MARTIN")
        );
        assert!(!n.truncated);
        let n = read_name("PAPANDROPOULOUS<<JONATHON<WARREN<TREVOR");
        assert_eq!(n.secondary, "JONATHON WARREN TREVOR");
        assert!(n.truncated);
        let n = read_name("NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K");
        assert!(n.truncated);
        assert_eq!(n.secondary, "CHAYAPA DEJTHAMRONG K");
        let n = read_name("ARKFREITH<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<");
        assert_eq!(
            (n.primary.as_str(), n.secondary.as_str()),
            ("ARKFREITH", "")
        );
        let n = read_name("MUSTERFRAU<<ISOLDE<<<<<<<<<<<<");
        assert_eq!(n.secondary, "ISOLDE");
        assert_eq!(read_name("").primary, "");
    }

    /// Writing pads with fillers; too long names are cut so that the field
    /// ends in a letter and still reads back as a prefix of the name.
    #[test]
    fn writes_and_truncates() {
        assert_eq!(
            write_name("Eriksson", "Anna Maria", 39).unwrap(),
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
        );
        assert_eq!(
            write_name("Papandropoulous", "Jonathon Alec Warren", 30).unwrap(),
            "PAPANDROPOULOUS<<JONATHON<ALEC"
        );
        // The cut falls on the separator after JONATHON: keep the next initial.
        assert_eq!(
            write_name("Papandropoulous", "Jonathon Warren", 26).unwrap(),
            "PAPANDROPOULOUS<<JONATHO<W"
        );
        // Primary alone too long: primary cut, `<<` and one secondary letter kept.
        let f = write_name("Bennelong Woolloomooloo Warrandyte", "Dingo", 20).unwrap();
        assert_eq!(f, "BENNELONG<WOOLLOO<<D");
        let f = write_name("Nilavadhanananda Longer Than The Field", "", 30).unwrap();
        assert_eq!(f.len(), 30);
        assert!(f.ends_with(|c: char| c.is_ascii_uppercase()));
        assert!(write_name("李", "Wang", 30).is_err());
    }

    /// Property: for many lengths, a written field has the exact length, and a
    /// truncated one ends in a letter and never creates a new `<<` split.
    #[test]
    fn truncation_always_ends_in_a_letter() {
        let names = [
            ("A B C D E F G", "H I J K"),
            ("VAN DER MUELLEN", "A BC D"),
            ("X", "Y Z"),
        ];
        for (p, s) in names {
            for len in 4..=31 {
                let f = write_name(p, s, len).unwrap();
                assert_eq!(f.len(), len, "{p} {s} {len}");
                let full = format!("{}<<{}", transliterate(p), transliterate(s));
                if full.len() > len {
                    assert!(f.ends_with(|c: char| c.is_ascii_uppercase()), "{f}");
                    assert_eq!(f.matches("<<").count(), 1, "{f}");
                }
            }
        }
    }
}
