//! Clean-up of scanned or typed MRZ text before parsing: what scanners and
//! people send is rarely the exact 2 x 44 characters.
//!
//! Steps, each one noted in the warnings when it changed something:
//! 1. look-alikes of the filler (`«`, `‹`, `〈`, `＜`) become `<`; lower case
//!    becomes upper case;
//! 2. the text is split into lines at CR/LF; blank lines are dropped and
//!    spaces inside a line removed; any other character outside `A-Z 0-9 <`
//!    becomes `<`;
//! 3. a single line of 88, 72 or 90 (± 1) characters is split into the lines
//!    of its layout; lines that match no layout but add up exactly to a
//!    layout's total are re-split by length;
//! 4. the layout is chosen from the line count, lengths and first character
//!    ([`detect`]); a line one character short is padded with `<` at the end, a
//!    line one character long loses its **last** character (scanners add
//!    stray trailing characters more often than leading ones).

use super::error::MrzError;
use super::layout::MrzFormat;

/// How far (in characters) a line may be off its layout's length and still be read.
pub const LINE_LENGTH_TOLERANCE: usize = 1;

/// Characters read as the filler `<`.
const FILLER_LOOKALIKES: [char; 5] = ['«', '‹', '〈', '〈', '＜'];

/// The cleaned lines of an MRZ, their format, and what clean-up did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The detected format.
    pub format: MrzFormat,
    /// Exactly `format.line_count()` lines of `format.line_len()` characters
    /// from `A-Z 0-9 <`.
    pub lines: Vec<String>,
    /// What tolerance was applied, in plain English.
    pub warnings: Vec<String>,
}

/// Step 1 and 2: characters and lines.
fn clean_lines(input: &str, warnings: &mut Vec<String>) -> Vec<String> {
    let mut lookalikes: Vec<char> = Vec::new();
    let (mut lower, mut spaces, mut other) = (false, false, false);
    let mut lines = Vec::new();
    for raw in input.split(['\n', '\r']) {
        let raw = raw.trim();
        let mut line = String::with_capacity(raw.len());
        for c in raw.chars() {
            match c {
                'A'..='Z' | '0'..='9' | '<' => line.push(c),
                'a'..='z' => {
                    lower = true;
                    line.push(c.to_ascii_uppercase());
                }
                c if FILLER_LOOKALIKES.contains(&c) => {
                    if !lookalikes.contains(&c) {
                        lookalikes.push(c);
                    }
                    line.push('<');
                }
                c if c.is_whitespace() => spaces = true,
                _ => {
                    other = true;
                    line.push('<');
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    for c in lookalikes {
        warnings.push(format!("'{c}' read as '<'"));
    }
    if lower {
        warnings.push("lower case letters read as upper case".to_string());
    }
    if spaces {
        warnings.push("spaces inside lines removed".to_string());
    }
    if other {
        warnings.push("characters other than A-Z 0-9 < replaced by '<'".to_string());
    }
    lines
}

/// Whether `len` is within the tolerance of `expected`.
fn near(len: usize, expected: usize) -> bool {
    len.abs_diff(expected) <= LINE_LENGTH_TOLERANCE
}

/// The format for these lines, if their count, lengths and first character fit one.
pub fn detect(lines: &[String]) -> Option<MrzFormat> {
    let first = lines.first()?.chars().next()?;
    let all_near = |n: usize| lines.iter().all(|l| near(l.len(), n));
    match lines.len() {
        3 if all_near(30) => Some(MrzFormat::Td1),
        2 if all_near(44) => Some(if first == 'V' {
            MrzFormat::MrvA
        } else {
            MrzFormat::Td3
        }),
        2 if all_near(36) => Some(if first == 'V' {
            MrzFormat::MrvB
        } else {
            MrzFormat::Td2
        }),
        _ => None,
    }
}

/// Split `s` into lines of `len` characters (the last takes the remainder).
fn split_every(s: &str, count: usize, len: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let end = if i + 1 == count {
                s.len()
            } else {
                (i + 1) * len
            };
            s.get(i * len..end).unwrap_or("").to_string()
        })
        .collect()
}

/// Step 3: re-split lines that were joined or broken in the wrong places.
fn resplit(lines: Vec<String>, warnings: &mut Vec<String>) -> Vec<String> {
    if detect(&lines).is_some() {
        return lines;
    }
    let joined: String = lines.concat();
    let starts_passport_or_visa = joined.starts_with(['P', 'V']);
    let total = joined.len();
    // 89 is both 88 + 1 and 90 - 1: passports and visas (P, V) are 2 x 44, cards 3 x 30.
    let two_by_44 = near(total, 88) && (total != 89 || starts_passport_or_visa);
    let (count, len) = if two_by_44 {
        (2, 44)
    } else if near(total, 90) {
        (3, 30)
    } else if near(total, 72) {
        (2, 36)
    } else {
        return lines;
    };
    if lines.len() == 1 {
        warnings.push("lines were joined without a line break".to_string());
    } else if total == count * len {
        warnings.push(format!(
            "line breaks were not where expected; re-split into {count} lines of {len}"
        ));
    } else {
        return lines;
    }
    split_every(&joined, count, len)
}

/// Clean `input` into the lines of one format (steps 1-4 of the module doc).
pub fn clean(input: &str) -> Result<Cleaned, MrzError> {
    let mut warnings = Vec::new();
    let lines = clean_lines(input, &mut warnings);
    if lines.is_empty() {
        return Err(MrzError::Empty);
    }
    let mut lines = resplit(lines, &mut warnings);
    let format = detect(&lines)
        .ok_or_else(|| MrzError::unknown_layout(lines.iter().map(String::len).collect()))?;
    let expected = format.line_len();
    for (i, line) in lines.iter_mut().enumerate() {
        let n = line.len();
        if n < expected {
            warnings.push(format!(
                "line {} is {n} characters, expected {expected}; padded with '<' at the end",
                i + 1
            ));
            line.push_str(&"<".repeat(expected - n));
        } else if n > expected {
            warnings.push(format!(
                "line {} is {n} characters, expected {expected}; last character dropped",
                i + 1
            ));
            line.truncate(expected);
        }
    }
    Ok(Cleaned {
        format,
        lines,
        warnings,
    })
}

/// Characters a total MRZ length may be off and still look like one.
const DETECT_LENGTH_SLACK: usize = 2;
/// Total lengths that look like an MRZ: 2 x 30 (TD1 without its name line),
/// 2 x 36, 2 x 44, 3 x 30.
const DETECT_TOTALS: [usize; 4] = [60, 72, 88, 90];
/// Least share of MRZ characters (`A-Z 0-9 <`) in text that looks like an MRZ.
const DETECT_MIN_MRZ_SHARE: f64 = 0.95;
/// Fillers needed when the text has no `<<`.
const DETECT_MIN_FILLERS: usize = 5;

/// A cheap test for a search box: is this text plausibly an MRZ? True when,
/// ignoring whitespace, it starts with a letter, is at least 95 % `A-Z 0-9 <`
/// (case and filler look-alikes forgiven), has `<<` or at least 5 fillers, and
/// is within 2 characters of 60, 72, 88 or 90 long.
pub fn looks_like_mrz(input: &str) -> bool {
    let chars: Vec<char> = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if FILLER_LOOKALIKES.contains(&c) {
                '<'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect();
    let n = chars.len();
    if n == 0 || !chars[0].is_ascii_alphabetic() {
        return false;
    }
    if !DETECT_TOTALS
        .iter()
        .any(|t| n.abs_diff(*t) <= DETECT_LENGTH_SLACK)
    {
        return false;
    }
    let mrz = chars
        .iter()
        .filter(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || **c == '<')
        .count();
    let fillers = chars.iter().filter(|c| **c == '<').count();
    let double = chars.windows(2).any(|w| w == ['<', '<']);
    mrz as f64 >= DETECT_MIN_MRZ_SHARE * n as f64 && (double || fillers >= DETECT_MIN_FILLERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TD3_1: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    const TD3_2: &str = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    /// Clean input passes unchanged and without warnings.
    #[test]
    fn clean_input_has_no_warnings() {
        let c = clean(&format!("{TD3_1}\n{TD3_2}")).unwrap();
        assert_eq!(c.format, MrzFormat::Td3);
        assert_eq!(c.lines, [TD3_1, TD3_2]);
        assert!(c.warnings.is_empty());
        let c = clean(&format!("\r\n  {TD3_1}\r\n\r\n{TD3_2}  \r\n")).unwrap();
        assert!(
            c.warnings.is_empty(),
            "CRLF, blank lines and edges are normal"
        );
    }

    /// Each tolerance is applied and reported.
    #[test]
    fn tolerances_are_reported() {
        let c = clean(&format!(
            "{}\n{}",
            TD3_1.replace('<', "«"),
            TD3_2.to_lowercase()
        ))
        .unwrap();
        assert_eq!(c.lines, [TD3_1, TD3_2]);
        assert_eq!(
            c.warnings,
            ["'«' read as '<'", "lower case letters read as upper case"]
        );
        let c = clean(&format!("{TD3_1}{TD3_2}")).unwrap();
        assert_eq!(c.warnings, ["lines were joined without a line break"]);
        let c = clean(&format!("{}\n{TD3_2}X", &TD3_1[..43])).unwrap();
        assert_eq!(c.lines, [TD3_1, TD3_2]);
        assert_eq!(
            c.warnings,
            [
                "line 1 is 43 characters, expected 44; padded with '<' at the end",
                "line 2 is 45 characters, expected 44; last character dropped"
            ]
        );
        let c = clean(&format!(
            "P<UTO ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n{TD3_2}"
        ))
        .unwrap();
        assert_eq!(c.warnings, ["spaces inside lines removed"]);
        let c = clean(&format!("{}\n{TD3_2}", TD3_1.replace("<<ANNA", "<.ANNA"))).unwrap();
        assert_eq!(c.lines[0], TD3_1);
        assert_eq!(
            c.warnings,
            ["characters other than A-Z 0-9 < replaced by '<'"]
        );
        let c = clean(&format!("{}\n{}{TD3_2}", &TD3_1[..20], &TD3_1[20..])).unwrap();
        assert_eq!(c.lines, [TD3_1, TD3_2]);
        assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    }

    /// Layout detection uses count, length and first character.
    #[test]
    fn detection() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(detect(&l(&[TD3_1, TD3_2])), Some(MrzFormat::Td3));
        assert_eq!(
            detect(&l(&[&TD3_1.replacen('P', "V", 1), TD3_2])),
            Some(MrzFormat::MrvA)
        );
        assert_eq!(
            detect(&l(&[&TD3_1[..36], &TD3_2[..36]])),
            Some(MrzFormat::Td2)
        );
        assert_eq!(detect(&l(&["V<UTO", &TD3_2[..36]])), None);
        assert_eq!(
            detect(&l(&[&TD3_1[..30], &TD3_1[..30], &TD3_1[..30]])),
            Some(MrzFormat::Td1)
        );
    }

    /// Nothing usable is Empty; wrong lengths are UnknownLayout with the lengths.
    #[test]
    fn errors() {
        assert_eq!(clean(" \n\t\r\n"), Err(MrzError::Empty));
        match clean(&format!("{}\n{TD3_2}", &TD3_1[..41])) {
            Err(MrzError::UnknownLayout { lines, lengths, .. }) => {
                assert_eq!((lines, lengths), (2, vec![41, 44]));
            }
            other => panic!("{other:?}"),
        }
    }

    /// The search-box detector accepts MRZs (even lower case, spaced, with «)
    /// and rejects names, numbers and prose.
    #[test]
    fn looks_like_mrz_cases() {
        assert!(looks_like_mrz(&format!("{TD3_1}\n{TD3_2}")));
        assert!(looks_like_mrz(&format!(
            "{} {}",
            TD3_1.to_lowercase(),
            TD3_2
        )));
        assert!(looks_like_mrz(&TD3_1.replace('<', "«").repeat(2)));
        assert!(!looks_like_mrz("ERIKSSON ANNA"));
        assert!(!looks_like_mrz("L898902C3"));
        assert!(!looks_like_mrz(
            &"the quick brown fox jumps over the lazy dog ".repeat(2)
        ));
        assert!(!looks_like_mrz(""));
    }
}
