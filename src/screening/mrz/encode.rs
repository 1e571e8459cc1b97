//! Writing an MRZ from field values, with correct check digits: used to make
//! test MRZs from synthetic records and to round-trip [`super::parse()`].
//!
//! Rules applied: names are transliterated ([`super::transliterate()`]) and
//! truncated per Doc 9303 ([`super::names`]); TD1/TD2 document numbers longer
//! than 9 characters use the long-number rule (principal 9 characters, `<` in
//! the check position, the rest, its check digit and a `<` at the start of the
//! optional data); TD3 and MRV numbers longer than 9 are an error. An all-filler
//! TD3 optional field gets `<` as its check digit (Doc 9303 allows `0` or `<`).

use super::check::check_digit;
use super::error::MrzError;
use super::layout::{MrzFormat, Span};
use super::names::write_name;

/// The filler character.
const FILLER: char = '<';
/// Characters in the principal document-number field.
const PRINCIPAL_NUMBER_LEN: usize = 9;

/// Field values to write as an MRZ. Text fields are upper-cased; short fields
/// are filled with `<`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzFields {
    /// Layout to write.
    pub format: MrzFormat,
    /// Document code, 1-2 characters (`"P"`, `"PP"`, `"ID"`, `"V"`).
    pub document_code: String,
    /// Issuing State, 1-3 characters (`"D"` is written `D<<`).
    pub issuing_state: String,
    /// Surname(s) in any Latin or Cyrillic spelling.
    pub primary_identifier: String,
    /// Given name(s); may be empty.
    pub secondary_identifier: String,
    /// Document number, `A-Z 0-9`; up to 9 characters (TD1 up to 22, TD2 up to 14).
    pub document_number: String,
    /// Nationality, 1-3 characters.
    pub nationality: String,
    /// `YYMMDD`, `<` for unknown parts.
    pub date_of_birth: String,
    /// `Some('M' | 'F' | 'X')`, or `None` for unspecified (`<`).
    pub sex: Option<char>,
    /// `YYMMDD`.
    pub date_of_expiry: String,
    /// Optional data / personal number (`A-Z 0-9 <`).
    pub optional_data: String,
    /// TD1 optional data 2; must be empty for other formats.
    pub optional_data_2: String,
}

/// An [`MrzError::InvalidField`].
fn invalid(field: &'static str, message: String) -> MrzError {
    MrzError::InvalidField { field, message }
}

/// Upper-case `value`, check it holds only MRZ characters (`<` only if
/// `fillers`) and is at most `max` long, and pad it to `len` with `<`.
fn text(
    field: &'static str,
    value: &str,
    max: usize,
    len: usize,
    fillers: bool,
) -> Result<String, MrzError> {
    let v = value.trim().to_ascii_uppercase();
    let ok = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || (fillers && c == FILLER);
    if let Some(bad) = v.chars().find(|&c| !ok(c)) {
        let allowed = if fillers {
            "A-Z, 0-9 and <"
        } else {
            "A-Z and 0-9"
        };
        return Err(invalid(
            field,
            format!("'{bad}' in '{value}': only {allowed} are allowed"),
        ));
    }
    if v.len() > max {
        return Err(invalid(
            field,
            format!("'{value}' is {} characters; at most {max} fit", v.len()),
        ));
    }
    Ok(format!("{v:<<len$}"))
}

/// A date field: exactly 6 characters, digits or `<`.
fn date(field: &'static str, value: &str) -> Result<String, MrzError> {
    let ok = value.len() == 6 && value.chars().all(|c| c.is_ascii_digit() || c == FILLER);
    if ok {
        Ok(value.to_string())
    } else {
        Err(invalid(
            field,
            format!("'{value}' is not YYMMDD (digits, or < for unknown parts)"),
        ))
    }
}

/// The document number field, its check position and the start of the
/// optional data it occupies (empty unless the long-number rule applies).
fn number(f: &MrzFields, opt_len: usize) -> Result<(String, char, String), MrzError> {
    let long_allowed = matches!(f.format, MrzFormat::Td1 | MrzFormat::Td2);
    // The overflow, its check digit and a filler must fit the optional field.
    let max = if long_allowed {
        PRINCIPAL_NUMBER_LEN + opt_len - 2
    } else {
        PRINCIPAL_NUMBER_LEN
    };
    let n = text(
        "document_number",
        &f.document_number,
        max,
        PRINCIPAL_NUMBER_LEN,
        false,
    )?;
    if n.len() == PRINCIPAL_NUMBER_LEN {
        return Ok((n.clone(), check_digit(&n), String::new()));
    }
    let (principal, rest) = n.split_at(PRINCIPAL_NUMBER_LEN);
    let digit = check_digit(&n);
    Ok((
        principal.to_string(),
        FILLER,
        format!("{rest}{digit}{FILLER}"),
    ))
}

/// Place `text` at `span` of `lines`.
fn put(lines: &mut [Vec<u8>], span: Span, text: &str) {
    lines[span.line][span.start..span.start + text.len()].copy_from_slice(text.as_bytes());
}

/// The text at `span` of `lines`.
fn get(lines: &[Vec<u8>], span: Span) -> String {
    String::from_utf8_lossy(&lines[span.line][span.start..span.end()]).into_owned()
}

/// Write the MRZ lines for `f`, with all check digits computed.
pub fn encode(f: &MrzFields) -> Result<Vec<String>, MrzError> {
    let l = f.format.layout();
    let mut lines = vec![vec![FILLER as u8; l.line_len]; l.lines];
    let code = text("document_code", &f.document_code, 2, 2, true)?;
    if !code.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Err(invalid(
            "document_code",
            "must start with a letter such as P, I or V".into(),
        ));
    }
    let visa = matches!(f.format, MrzFormat::MrvA | MrzFormat::MrvB);
    if visa != code.starts_with('V') {
        let message = if visa {
            format!("'{code}': a visa ({}) code starts with V", f.format)
        } else {
            format!("'{code}': only visas start with V, not {}", f.format)
        };
        return Err(invalid("document_code", message));
    }
    put(&mut lines, l.document_code, &code);
    put(
        &mut lines,
        l.issuing_state,
        &text("issuing_state", &f.issuing_state, 3, 3, true)?,
    );
    let name = write_name(&f.primary_identifier, &f.secondary_identifier, l.name.len)?;
    put(&mut lines, l.name, &name);
    let (principal, digit, spill) = number(f, l.optional_data.len)?;
    put(&mut lines, l.document_number, &principal);
    put(&mut lines, l.document_number_check, &digit.to_string());
    put(
        &mut lines,
        l.nationality,
        &text("nationality", &f.nationality, 3, 3, true)?,
    );
    let dob = date("date_of_birth", &f.date_of_birth)?;
    put(&mut lines, l.date_of_birth, &dob);
    put(
        &mut lines,
        l.date_of_birth_check,
        &check_digit(&dob).to_string(),
    );
    let sex = match f.sex {
        None => FILLER,
        Some(c @ ('M' | 'F' | 'X')) => c,
        Some(c) => return Err(invalid("sex", format!("'{c}': use M, F, X or None"))),
    };
    put(&mut lines, l.sex, &sex.to_string());
    let exp = date("date_of_expiry", &f.date_of_expiry)?;
    put(&mut lines, l.date_of_expiry, &exp);
    put(
        &mut lines,
        l.date_of_expiry_check,
        &check_digit(&exp).to_string(),
    );
    let room = l.optional_data.len - spill.len();
    let opt = text("optional_data", &f.optional_data, room, room, true)?;
    put(&mut lines, l.optional_data, &format!("{spill}{opt}"));
    if let Some(span) = l.optional_data_check {
        let data = get(&lines, l.optional_data);
        let all_fillers = data.bytes().all(|b| b == FILLER as u8);
        let d = if all_fillers {
            FILLER
        } else {
            check_digit(&data)
        };
        put(&mut lines, span, &d.to_string());
    }
    match l.optional_data_2 {
        Some(span) => {
            let o2 = text(
                "optional_data_2",
                &f.optional_data_2,
                span.len,
                span.len,
                true,
            )?;
            put(&mut lines, span, &o2);
        }
        None if !f.optional_data_2.trim().is_empty() => {
            return Err(invalid(
                "optional_data_2",
                format!("only TD1 has optional data 2, not {}", f.format),
            ));
        }
        None => {}
    }
    if let Some((digit, spans)) = l.composite {
        let data: String = spans.iter().map(|s| get(&lines, *s)).collect();
        put(&mut lines, digit, &check_digit(&data).to_string());
    }
    Ok(lines
        .into_iter()
        .map(|l| String::from_utf8_lossy(&l).into_owned())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::specimen_tests::TODAY;
    use super::super::{parse, transliterate, Mrz};
    use super::*;

    /// Fields with sensible defaults for `format`.
    fn fields(format: MrzFormat) -> MrzFields {
        let visa = matches!(format, MrzFormat::MrvA | MrzFormat::MrvB);
        MrzFields {
            format,
            document_code: if visa {
                "V"
            } else if format == MrzFormat::Td3 {
                "PP"
            } else {
                "ID"
            }
            .to_string(),
            issuing_state: "UTO".to_string(),
            primary_identifier: "Eriksson".to_string(),
            secondary_identifier: "Anna Maria".to_string(),
            document_number: "L898902C3".to_string(),
            nationality: "UTO".to_string(),
            date_of_birth: "740812".to_string(),
            sex: Some('F'),
            date_of_expiry: "320415".to_string(),
            optional_data: String::new(),
            optional_data_2: String::new(),
        }
    }

    /// Round trip: what `encode` writes, `parse` reads back field for field,
    /// with every check valid and no warnings.
    fn round_trip(f: &MrzFields) -> Mrz {
        let lines = encode(f).unwrap_or_else(|e| panic!("{e}: {f:?}"));
        let m = parse(&lines.join("\n"), TODAY).unwrap();
        assert!(m.valid(), "{lines:?}: {:?}", m.checks);
        assert!(m.warnings.is_empty(), "{lines:?}: {:?}", m.warnings);
        assert_eq!(m.format, f.format);
        assert_eq!(
            m.document_number,
            f.document_number.to_ascii_uppercase(),
            "{lines:?}"
        );
        assert_eq!(
            m.document_number_long,
            f.document_number.len() > PRINCIPAL_NUMBER_LEN
        );
        assert_eq!(m.issuing_state, f.issuing_state);
        assert_eq!(m.nationality, f.nationality);
        assert_eq!(m.date_of_birth.raw, f.date_of_birth);
        assert_eq!(m.date_of_expiry.raw, f.date_of_expiry);
        assert_eq!(m.sex, f.sex);
        assert_eq!(m.optional_data, f.optional_data, "{lines:?}");
        assert_eq!(m.optional_data_2, f.optional_data_2);
        let full = format!(
            "{}<<{}",
            transliterate(&f.primary_identifier),
            transliterate(&f.secondary_identifier)
        );
        if full.len() <= f.format.layout().name.len {
            let want = |s: &str| transliterate(s).replace('<', " ");
            assert_eq!(m.primary_identifier, want(&f.primary_identifier));
            assert_eq!(m.secondary_identifier, want(&f.secondary_identifier));
        } else {
            assert!(m.name_truncated, "{lines:?}");
            let read = format!("{}<<{}", m.primary_identifier, m.secondary_identifier);
            assert_eq!(read.len(), f.format.layout().name.len, "{lines:?}");
        }
        m
    }

    /// A grid of generated records over all five formats: numbers of every
    /// allowed length (long ones in TD1/TD2), optional data that fits next to
    /// them, names needing truncation, diacritics, Cyrillic, unknown dates.
    #[test]
    fn generated_records_round_trip() {
        let names = [
            ("Eriksson", "Anna Maria"),
            ("Müller-Lüdenscheidt", "Hans Jürgen"),
            ("Åström", ""),
            ("Ткаченко", "Мар'яна"),
            ("Nilavadhanananda", "Chayapa Dejthamrong Krasuang"),
            (
                "Bennelong Woolloomooloo Warrandyte Warnambool",
                "Dingo Potoroo",
            ),
            ("Papandropoulous", "Jonathon Warren Trevor"),
        ];
        let mut count = 0;
        for format in MrzFormat::ALL {
            let l = format.layout();
            let max_number = if l.long_number {
                9 + l.optional_data.len - 2
            } else {
                9
            };
            for (i, (p, s)) in names.iter().enumerate() {
                for len in 1..=max_number {
                    let mut f = fields(format);
                    f.primary_identifier = p.to_string();
                    f.secondary_identifier = s.to_string();
                    f.document_number = "X1234567890ABCDEFGHIJKLMN"[..len].to_string();
                    let spill = if len > 9 { len - 9 + 2 } else { 0 };
                    let room = l.optional_data.len - spill;
                    let opt = ["", "1", "AB12<CD", "ZE184226B<<<<<X"][(len + i) % 4];
                    if opt.len() <= room {
                        f.optional_data = opt.to_string();
                    }
                    if format == MrzFormat::Td1 {
                        f.optional_data_2 = ["", "85120100200", "A"][i % 3].to_string();
                    }
                    f.sex = [None, Some('M'), Some('F'), Some('X')][(len + i) % 4];
                    f.date_of_birth = ["740812", "<<<<<<", "83<<<<"][i % 3].to_string();
                    round_trip(&f);
                    count += 1;
                }
            }
        }
        assert!(count > 300, "{count}");
    }

    /// The long-number rule writes `<` in the check position and the rest,
    /// its check digit and a filler in the optional data (Part 5 note j):
    /// the Part 11 specimen's line 1 is reproduced.
    #[test]
    fn long_number_layout() {
        let mut f = fields(MrzFormat::Td1);
        f.document_code = "I".to_string();
        f.document_number = "D23145890734".to_string();
        let lines = encode(&f).unwrap();
        assert_eq!(lines[0], "I<UTOD23145890<7349<<<<<<<<<<<");
        f.format = MrzFormat::Td2;
        f.document_number = "D2314589073".to_string();
        f.optional_data = "ZZ".to_string();
        let lines = encode(&f).unwrap();
        assert_eq!(&lines[1][..10], "D23145890<");
        let digit = check_digit("D2314589073");
        assert_eq!(lines[1][28..35], format!("73{digit}<ZZ<"));
        round_trip(&f);
    }

    /// Germany's one-letter code is written `D<<` and read back as `D`.
    #[test]
    fn one_letter_state() {
        let mut f = fields(MrzFormat::Td3);
        f.document_code = "P".to_string();
        f.issuing_state = "D".to_string();
        f.nationality = "D".to_string();
        f.primary_identifier = "Mustermann".to_string();
        f.secondary_identifier = "Erika".to_string();
        let lines = encode(&f).unwrap();
        assert!(lines[0].starts_with("P<D<<MUSTERMANN<<ERIKA<"), "{lines:?}");
        assert_eq!(round_trip(&f).issuing_state, "D");
    }

    /// Fields that cannot be written are errors naming the field.
    #[test]
    fn invalid_fields() {
        let err = |f: MrzFields| match encode(&f) {
            Err(MrzError::InvalidField { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        for format in [MrzFormat::Td3, MrzFormat::MrvA, MrzFormat::MrvB] {
            let mut f = fields(format);
            f.document_number = "L898902C31".to_string();
            assert_eq!(err(f), "document_number", "{format}: no long-number rule");
        }
        let mut f = fields(MrzFormat::Td1);
        f.document_number = "A".repeat(23);
        assert_eq!(err(f), "document_number");
        let mut f = fields(MrzFormat::Td1);
        f.document_number = "A".repeat(22);
        f.optional_data = "X".to_string();
        assert_eq!(
            err(f),
            "optional_data",
            "no room left after the long number"
        );
        let mut f = fields(MrzFormat::Td3);
        f.date_of_birth = "1974-08-12".to_string();
        assert_eq!(err(f), "date_of_birth");
        let mut f = fields(MrzFormat::Td3);
        f.document_code = "V".to_string();
        assert_eq!(err(f), "document_code");
        let mut f = fields(MrzFormat::Td2);
        f.optional_data_2 = "X".to_string();
        assert_eq!(err(f), "optional_data_2");
        let mut f = fields(MrzFormat::Td2);
        f.sex = Some('?');
        assert_eq!(err(f), "sex");
        let mut f = fields(MrzFormat::Td2);
        f.primary_identifier = "李".to_string();
        assert_eq!(err(f), "primary_identifier");
        let mut f = fields(MrzFormat::Td2);
        f.document_number = "L-898".to_string();
        let e = encode(&f).unwrap_err();
        assert_eq!(
            e.to_string(),
            "document_number: '-' in 'L-898': only A-Z and 0-9 are allowed"
        );
    }

    /// Name readings of encoded records undo the transliteration:
    /// Åström Müller -> AASTROEM MUELLER -> ASTROM MULLER first; Cañon -> CANON.
    #[test]
    fn readings_of_encoded_names() {
        let mut f = fields(MrzFormat::Td3);
        f.primary_identifier = "Åström".to_string();
        f.secondary_identifier = "Müller".to_string();
        let m = round_trip(&f);
        assert_eq!(m.name(), "AASTROEM MUELLER");
        assert_eq!(
            m.name_readings()[..2],
            ["AASTROEM MUELLER", "ASTROM MULLER"]
        );
        f.primary_identifier = "Canxxon".to_string();
        f.secondary_identifier = "Alexander".to_string();
        let m = round_trip(&f);
        assert_eq!(m.name_readings(), ["CANXXON ALEXANDER", "CANON ALEXANDER"]);
    }
}
