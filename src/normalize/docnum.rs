//! Travel-document numbers: the exact form and the OCR-canonical form.
//!
//! [`normalize`] upper-cases and drops spaces, dashes, dots, slashes and MRZ fillers (`<`).
//! [`ocr_canonical`] additionally maps the letters that OCR and tired eyes confuse with digits
//! to those digits (O->0, Q->0, D->0, I->1, L->1, S->5, B->8, Z->2, G->6), so "AB12O4S" and
//! "A812045" meet. One-character errors are found by a Levenshtein automaton over the
//! canonical forms in the index.

/// A number written backwards: the index keeps canonical numbers this way too, so that a
/// one-edit walk can hold either half exact (`search::near`).
pub fn reversed(number: &str) -> String {
    number.chars().rev().collect()
}

/// Longest document number accepted, after normalisation.
pub const MAX_DOC_NUMBER_LEN: usize = 24;

/// Upper-case alphanumerics only.
pub fn normalize(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Maps one (normalised) character to its OCR-canonical form.
pub fn ocr_char(c: char) -> char {
    match c {
        'O' | 'Q' | 'D' => '0',
        'I' | 'L' => '1',
        'S' => '5',
        'B' => '8',
        'Z' => '2',
        'G' => '6',
        other => other,
    }
}

/// The OCR-canonical form of a normalised number.
pub fn ocr_canonical(normalized: &str) -> String {
    normalized.chars().map(ocr_char).collect()
}

/// Number of positions where two equal-length normalised numbers differ only by an OCR
/// confusion; `None` if they differ otherwise or in length.
pub fn ocr_confusions(a: &str, b: &str) -> Option<usize> {
    if a.len() != b.len() {
        return None;
    }
    let mut n = 0;
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y {
            if ocr_char(x) != ocr_char(y) {
                return None;
            }
            n += 1;
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_drops_fillers() {
        assert_eq!(normalize(" ab-12 34.5/6<<"), "AB123456");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn ocr_pairs_meet() {
        assert_eq!(ocr_canonical("AB12O4S"), ocr_canonical("A812045"));
        assert_eq!(ocr_confusions("X1234567", "XI234567"), Some(1));
        assert_eq!(ocr_confusions("X1234567", "X1234568"), None);
        assert_eq!(ocr_confusions("X123", "X1234"), None);
    }
}
