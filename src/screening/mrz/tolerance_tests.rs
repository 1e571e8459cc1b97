//! Tests of what a worn MRZ or a sloppy scanner sends. They prove that:
//! - lower case, surrounding whitespace, CRLF, `«`, joined lines and lines one
//!   character short or long still parse to the right fields, each tolerance
//!   named in the warnings;
//! - garbage is an [`MrzError`] with a readable message, never a panic;
//! - (property, deterministic pseudo-random) random strings and random edits
//!   of every specimen never panic, and whatever parses has the layout's
//!   check list and line lengths.

use super::specimen_tests::{SPECIMENS, TODAY};
use super::*;

/// The TD3 specimen, line by line.
const TD3: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

/// The fields that must survive every tolerance.
fn assert_td3_specimen(m: &Mrz) {
    assert_eq!(m.format, MrzFormat::Td3);
    assert_eq!(m.document_number, "L898902C3");
    assert_eq!(m.name(), "ERIKSSON ANNA MARIA");
    assert_eq!(m.optional_data, "ZE184226B");
    assert!(m.valid(), "{:?}", m.checks);
}

/// Each tolerance yields the specimen's fields and names itself in the warnings.
#[test]
fn tolerated_inputs_read_correctly() {
    let cases: Vec<(String, &[&str])> = vec![
        (format!("  \r\n{}\r\n{}\r\n\r\n", TD3[0], TD3[1]), &[]),
        (
            format!("{}\n{}", TD3[0].to_lowercase(), TD3[1].to_lowercase()),
            &["lower case letters read as upper case"],
        ),
        (
            format!("{}\n{}", TD3[0].replace('<', "«"), TD3[1]),
            &["'«' read as '<'"],
        ),
        (
            format!(
                "{}\n{}",
                TD3[0].replace('<', "‹"),
                TD3[1].replace('<', "＜")
            ),
            &["'‹' read as '<'", "'＜' read as '<'"],
        ),
        (
            format!("{}{}", TD3[0], TD3[1]),
            &["lines were joined without a line break"],
        ),
        (
            format!("{}\n{}", &TD3[0][..43], TD3[1]),
            &["line 1 is 43 characters, expected 44; padded with '<' at the end"],
        ),
        (
            format!("{}\n{}>", TD3[0], TD3[1]),
            &[
                "characters other than A-Z 0-9 < replaced by '<'",
                "line 2 is 45 characters, expected 44; last character dropped",
            ],
        ),
        (
            format!(
                "P<UTO ERIKSSON << ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n{}",
                TD3[1]
            ),
            &["spaces inside lines removed"],
        ),
    ];
    for (input, warnings) in cases {
        let m = parse(&input, TODAY).unwrap_or_else(|e| panic!("{e}: {input:?}"));
        assert_td3_specimen(&m);
        assert_eq!(m.warnings, warnings, "{input:?}");
    }
}

/// A joined TD1 (90 characters) and a joined TD2 (72) are split too.
#[test]
fn joined_td1_and_td2() {
    for s in SPECIMENS
        .iter()
        .filter(|s| s.lines.len() == 3 || s.lines[0].len() == 36)
    {
        let m = parse(&s.lines.concat(), TODAY).unwrap();
        assert_eq!(m.format, s.format, "{}", s.label);
        assert_eq!(m.document_number, s.number);
        assert!(m.warnings.iter().any(|w| w.contains("joined")));
    }
}

/// A joined MRZ one character short (87) is split 44 + 43 and padded.
#[test]
fn joined_and_short() {
    let m = parse(&format!("{}{}", TD3[0], &TD3[1][..43]), TODAY).unwrap();
    assert_eq!(
        m.warnings,
        [
            "lines were joined without a line break",
            "line 2 is 43 characters, expected 44; padded with '<' at the end"
        ]
    );
    assert_eq!(
        m.failed_checks(),
        ["composite"],
        "the composite digit was lost"
    );
    assert_eq!(m.document_number, "L898902C3");
}

/// TD3 personal-number check: an all-filler field may carry `0` or `<`,
/// a filled field may not carry `<`.
#[test]
fn optional_data_check_accepts_0_or_filler() {
    let empty = |digit: char| {
        let line2 = format!("L898902C36UTO7408122F1204159<<<<<<<<<<<<<<{digit}");
        let composite = check_digit(&format!(
            "{}{}{}",
            &line2[..10],
            &line2[13..20],
            &line2[21..43]
        ));
        format!("{}\n{line2}{composite}", TD3[0])
    };
    for digit in ['0', '<'] {
        let m = parse(&empty(digit), TODAY).unwrap();
        assert!(m.valid(), "{digit}: {:?}", m.checks);
        assert_eq!(m.optional_data, "");
    }
    assert_eq!(
        parse(&empty('1'), TODAY).unwrap().failed_checks(),
        ["optional_data"]
    );
    let filled = format!("{}\n{}", TD3[0], TD3[1].replace("<<<<<10", "<<<<<<0"));
    let m = parse(&filled, TODAY).unwrap();
    // The digit 1 became `<` (0), so the composite over position 43 fails too.
    assert_eq!(m.failed_checks(), ["optional_data", "composite"]);
}

/// A failed check digit is reported, not an error; a letter in a check
/// position is a failed check with the printed character kept.
#[test]
fn failed_checks_do_not_fail_parsing() {
    let m = parse(
        &format!("{}\n{}", TD3[0], TD3[1].replacen('6', "O", 1)),
        TODAY,
    )
    .unwrap();
    assert_eq!(m.failed_checks(), ["document_number", "composite"]);
    assert_eq!((m.checks[0].printed, m.checks[0].computed), ('O', '6'));
    assert!(!m.valid());
}

/// An impossible date is None with a warning, and the rest still reads.
#[test]
fn impossible_date_is_a_warning() {
    let line2 = TD3[1].replace("7408122", "7413122");
    let m = parse(&format!("{}\n{line2}", TD3[0]), TODAY).unwrap();
    assert_eq!(
        (m.date_of_birth.year, m.date_of_birth.month),
        (Some(1974), None)
    );
    assert_eq!(
        m.warnings,
        ["date of birth '741312': month 13 is impossible"]
    );
    assert_eq!(m.document_number, "L898902C3");
}

/// Garbage gives an error whose message says what was expected and found.
#[test]
fn garbage_is_an_error() {
    assert_eq!(parse("", TODAY).unwrap_err(), MrzError::Empty);
    assert_eq!(parse(" \r\n \t", TODAY).unwrap_err(), MrzError::Empty);
    let e = parse("hello world", TODAY).unwrap_err();
    assert!(e.to_string().contains("got 1 line of 10 characters"), "{e}");
    let e = parse(&format!("{}\n{}", &TD3[0][..41], TD3[1]), TODAY).unwrap_err();
    assert!(e.to_string().ends_with("got 2 lines of 41 and 44"), "{e}");
    let _: &dyn std::error::Error = &e;
}

use crate::synth::Rng;

/// One of `alphabet`, uniformly.
fn pick(rng: &mut Rng, alphabet: &[char]) -> char {
    *rng.pick(alphabet)
}

/// Characters the random inputs draw from: MRZ characters, look-alikes,
/// whitespace, multi-byte letters.
const ALPHABET: &[char] = &[
    'A', 'P', 'V', 'I', 'X', 'Z', '0', '7', '9', '<', '<', '<', '«', '\n', '\r', ' ', 'a', 'é',
    'Ж', '李', '-', '\t',
];

/// Whatever parses is internally consistent.
fn assert_consistent(m: &Mrz) {
    assert_eq!(m.lines.len(), m.format.line_count());
    assert!(m.lines.iter().all(|l| l.len() == m.format.line_len()));
    let n = m.checks.len();
    let want = match m.format {
        MrzFormat::Td3 => 5,
        MrzFormat::Td1 | MrzFormat::Td2 => 4,
        _ => 3,
    };
    assert_eq!(n, want);
    let _ = (m.name_readings(), m.valid(), m.failed_checks());
}

/// Property: random strings of random lengths never panic parse or
/// looks_like_mrz, and what parses is consistent.
#[test]
fn random_strings_never_panic() {
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let len = rng.idx(120);
        let s: String = (0..len).map(|_| pick(&mut rng, ALPHABET)).collect();
        let _ = looks_like_mrz(&s);
        if let Ok(m) = parse(&s, TODAY) {
            assert_consistent(&m);
        }
    }
}

/// Property: random edits (replace, insert, delete, a line break) of every
/// specimen never panic; single replacements within the line still parse.
#[test]
fn random_specimen_edits_never_panic() {
    let mut rng = Rng::new(42);
    for s in SPECIMENS {
        for _ in 0..400 {
            let mut chars: Vec<char> = s.lines.join("\n").chars().collect();
            let edits = 1 + rng.idx(4);
            let mut only_replaced = true;
            for _ in 0..edits {
                let i = rng.idx(chars.len());
                match rng.idx(4) {
                    0 => {
                        chars.insert(i, pick(&mut rng, ALPHABET));
                        only_replaced = false;
                    }
                    1 if chars.len() > 1 => {
                        chars.remove(i);
                        only_replaced = false;
                    }
                    _ if chars[i] != '\n' => {
                        chars[i] = pick(&mut rng, &['A', 'Q', '0', '5', '<', 'x']);
                    }
                    _ => {}
                }
            }
            let input: String = chars.iter().collect();
            let parsed = parse(&input, TODAY);
            if only_replaced {
                assert!(parsed.is_ok(), "{input:?}: {parsed:?}");
            }
            if let Ok(m) = parsed {
                assert_consistent(&m);
            }
            let _ = looks_like_mrz(&input);
        }
    }
}

/// One field value in this many is drawn from the invalid ones.
const BAD_ONE_IN: usize = 12;

/// A value from `good`, or one time in [`BAD_ONE_IN`] from `wrong`.
fn choose<T: Copy>(rng: &mut Rng, good: &[T], wrong: &[T]) -> T {
    if rng.idx(BAD_ONE_IN) == 0 {
        *rng.pick(wrong)
    } else {
        *rng.pick(good)
    }
}

/// Property: random field values never panic `encode`, and whatever encodes
/// parses back with every check valid. Each field is sometimes invalid.
#[test]
fn random_fields_encode_or_fail_cleanly() {
    let mut rng = Rng::new(7);
    let mut encoded = 0;
    let word = |rng: &mut Rng, n: usize, alphabet: &[char]| -> String {
        (0..rng.idx(n)).map(|_| pick(rng, alphabet)).collect()
    };
    let name_chars = ['A', 'é', 'Ж', ' ', '-', 'ß', 'O', 'Q', '\'', 'Å'];
    let mrz_chars = ['A', 'Z', '0', '9', '<', 'K'];
    let bad = |rng: &mut Rng| rng.idx(BAD_ONE_IN) == 0;
    for _ in 0..2000 {
        let format = MrzFormat::ALL[rng.idx(5)];
        let visa = matches!(format, MrzFormat::MrvA | MrzFormat::MrvB);
        let code = match (bad(&mut rng), visa) {
            (true, _) => ["1", "", "P", "V", "ABC"][rng.idx(5)],
            (false, true) => ["V", "V<", "VX"][rng.idx(3)],
            (false, false) => ["P", "I<", "ID", "AC", "PU"][rng.idx(5)],
        };
        let mut number = word(&mut rng, 23, &['1', 'A', '9', 'Z']);
        if bad(&mut rng) {
            number.push(['x', '<', '-'][rng.idx(3)]);
        }
        let f = MrzFields {
            format,
            document_code: code.to_string(),
            issuing_state: choose(&mut rng, &["UTO", "D", "GBD"], &["TOOLONG", "U-T"]).to_string(),
            primary_identifier: word(&mut rng, 50, &name_chars),
            secondary_identifier: word(&mut rng, 30, &name_chars),
            document_number: number,
            nationality: "UTO".to_string(),
            date_of_birth: choose(&mut rng, &["740812", "<<<<<<"], &["7408", "99AB12"]).to_string(),
            sex: choose(
                &mut rng,
                &[None, Some('M'), Some('F'), Some('X')],
                &[Some('q')],
            ),
            date_of_expiry: "301231".to_string(),
            optional_data: word(&mut rng, 17, &mrz_chars),
            optional_data_2: if format == MrzFormat::Td1 || bad(&mut rng) {
                word(&mut rng, 12, &mrz_chars)
            } else {
                String::new()
            },
        };
        if let Ok(lines) = encode(&f) {
            let m = parse(&lines.join("\n"), TODAY).unwrap();
            assert!(m.valid(), "{f:?} -> {lines:?}: {:?}", m.checks);
            assert!(m.warnings.is_empty(), "{lines:?}: {:?}", m.warnings);
            assert_eq!(m.format, format);
            assert_consistent(&m);
            encoded += 1;
        }
    }
    assert!(
        encoded > 300,
        "only {encoded} of 2000 random records encoded"
    );
}
