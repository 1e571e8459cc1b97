//! ICAO Doc 9303 check digits (Part 3 §4.9): modulus 10 over the field with the
//! repeating weights 7, 3, 1. Digits count as themselves, `A`..`Z` as 10..35 and the
//! filler `<` as 0.

/// The repeating weights of the Doc 9303 check digit, applied left to right.
const WEIGHTS: [u32; 3] = [7, 3, 1];

/// The modulus of the Doc 9303 check digit.
const MODULUS: u32 = 10;

/// The value a character contributes to a check digit: `0`-`9` their own value,
/// `A`-`Z` 10..35, and everything else (the filler `<`, or any stray character) 0.
pub fn char_value(c: char) -> u32 {
    match c {
        '0'..='9' => c as u32 - '0' as u32,
        'A'..='Z' => c as u32 - 'A' as u32 + 10,
        _ => 0,
    }
}

/// The Doc 9303 check digit of `field`, as the character `'0'`..`'9'`.
///
/// Weights 7-3-1 repeat from the first character; `<` counts 0 and `A`..`Z`
/// count 10..35. Any other character counts 0, so the function never fails.
pub fn check_digit(field: &str) -> char {
    let sum: u32 = field
        .chars()
        .zip(WEIGHTS.iter().cycle())
        .map(|(c, w)| char_value(c) * w)
        .sum();
    char::from_digit(sum % MODULUS, MODULUS).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Part 3 Appendix A, examples 1 and 2: a date and a document number.
    #[test]
    fn appendix_a_field_examples() {
        assert_eq!(check_digit("520727"), '3');
        assert_eq!(check_digit("AB2134<<<"), '5');
    }

    /// Part 3 Appendix A, examples 3-5: TD3, TD1 and TD2 composite check digits.
    #[test]
    fn appendix_a_composite_examples() {
        // Example 3 prints line 2 positions 1-43; the composite skips 11-13 and 21.
        assert_eq!(check_digit("HA672242<658022549601086<<<<<<<<<<<<<<0"), '8');
        // Example 4: TD1 line 1 6-30 + line 2 1-7, 9-15, 19-29.
        let td1 = format!(
            "{}{}{}{}",
            "D231458907<<<<<<<<<<<<<<<", "3407127", "9507122", "<<<<<<<<<<<"
        );
        assert_eq!(check_digit(&td1), '2');
        // Example 5: TD2 line 2 1-10, 14-20, 22-35.
        assert_eq!(check_digit("HA672242<658022549601086<<<<<<<"), '8');
    }

    /// All fillers give 0 (an unknown date `<<<<<<` has check digit 0), and
    /// characters outside the MRZ set count 0 instead of failing.
    #[test]
    fn fillers_and_stray_characters_count_zero() {
        assert_eq!(check_digit("<<<<<<"), '0');
        assert_eq!(check_digit(""), '0');
        assert_eq!(check_digit("a?é"), '0');
        assert_eq!(char_value('Z'), 35);
    }
}
