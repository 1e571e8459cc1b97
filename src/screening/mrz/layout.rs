//! The five Doc 9303 MRZ formats and where every field sits, as data.
//!
//! Positions here are 0-based (`start`) with a length, on a 0-based line; the
//! standards text counts from 1. Parsing ([`super::parse()`]) and encoding
//! ([`super::encode()`]) both read these tables, so a field lives in one place.

/// One of the five machine readable zone layouts of ICAO Doc 9303.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MrzFormat {
    /// ID card, 3 lines of 30 (Part 5).
    Td1,
    /// Card or travel document, 2 lines of 36 (Part 6).
    Td2,
    /// Passport, 2 lines of 44 (Part 4).
    Td3,
    /// Visa, full size, 2 lines of 44 (Part 7 §4).
    MrvA,
    /// Visa, reduced size, 2 lines of 36 (Part 7 §7).
    MrvB,
}

impl MrzFormat {
    /// All formats, in declaration order.
    pub const ALL: [MrzFormat; 5] = [
        MrzFormat::Td1,
        MrzFormat::Td2,
        MrzFormat::Td3,
        MrzFormat::MrvA,
        MrzFormat::MrvB,
    ];

    /// The short name: `"TD1"`, `"TD2"`, `"TD3"`, `"MRV-A"` or `"MRV-B"`.
    pub fn as_str(self) -> &'static str {
        match self {
            MrzFormat::Td1 => "TD1",
            MrzFormat::Td2 => "TD2",
            MrzFormat::Td3 => "TD3",
            MrzFormat::MrvA => "MRV-A",
            MrzFormat::MrvB => "MRV-B",
        }
    }

    /// The field positions of this format.
    pub fn layout(self) -> &'static Layout {
        match self {
            MrzFormat::Td1 => &TD1,
            MrzFormat::Td2 => &TD2,
            MrzFormat::Td3 => &TD3,
            MrzFormat::MrvA => &MRV_A,
            MrzFormat::MrvB => &MRV_B,
        }
    }

    /// Number of lines (2 or 3).
    pub fn line_count(self) -> usize {
        self.layout().lines
    }

    /// Characters per line (30, 36 or 44).
    pub fn line_len(self) -> usize {
        self.layout().line_len
    }
}

impl std::fmt::Display for MrzFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A run of characters on one MRZ line: 0-based line, 0-based start, length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// 0-based line number.
    pub line: usize,
    /// 0-based position of the first character.
    pub start: usize,
    /// Number of characters.
    pub len: usize,
}

impl Span {
    /// One past the last position.
    pub const fn end(&self) -> usize {
        self.start + self.len
    }

    /// Whether the span covers `(line, pos)`.
    pub const fn contains(&self, line: usize, pos: usize) -> bool {
        self.line == line && pos >= self.start && pos < self.end()
    }
}

/// A single-character position.
const fn at(line: usize, start: usize) -> Span {
    Span {
        line,
        start,
        len: 1,
    }
}

/// A span of `len` characters.
const fn span(line: usize, start: usize, len: usize) -> Span {
    Span { line, start, len }
}

/// Where each field of one format sits.
#[derive(Debug)]
pub struct Layout {
    /// Number of lines.
    pub lines: usize,
    /// Characters per line.
    pub line_len: usize,
    /// Document code (2 characters).
    pub document_code: Span,
    /// Issuing State or organisation (3 characters).
    pub issuing_state: Span,
    /// Name field: primary `<<` secondary.
    pub name: Span,
    /// Principal document number (9 characters).
    pub document_number: Span,
    /// Check digit of the document number.
    pub document_number_check: Span,
    /// Nationality (3 characters).
    pub nationality: Span,
    /// Date of birth, YYMMDD.
    pub date_of_birth: Span,
    /// Check digit of the date of birth.
    pub date_of_birth_check: Span,
    /// Sex, one character.
    pub sex: Span,
    /// Date of expiry (visas: valid until), YYMMDD.
    pub date_of_expiry: Span,
    /// Check digit of the date of expiry.
    pub date_of_expiry_check: Span,
    /// Optional data (TD3: personal number; TD1: optional data 1).
    pub optional_data: Span,
    /// Check digit of the optional data (TD3 only).
    pub optional_data_check: Option<Span>,
    /// TD1 line 2 optional data 2.
    pub optional_data_2: Option<Span>,
    /// Composite check digit and the spans it covers (TD1, TD2, TD3).
    pub composite: Option<(Span, &'static [Span])>,
    /// Whether a document number longer than 9 may spill into the optional data
    /// (TD1 and TD2, Part 5/6 note j).
    pub long_number: bool,
}

/// TD1 composite: line 1 6-30, line 2 1-7, 9-15, 19-29 (1-based).
const TD1_COMPOSITE: [Span; 4] = [
    span(0, 5, 25),
    span(1, 0, 7),
    span(1, 8, 7),
    span(1, 18, 11),
];
/// TD2 composite: line 2 1-10, 14-20, 22-35 (1-based).
const TD2_COMPOSITE: [Span; 3] = [span(1, 0, 10), span(1, 13, 7), span(1, 21, 14)];
/// TD3 composite: line 2 1-10, 14-20, 22-43 (1-based).
const TD3_COMPOSITE: [Span; 3] = [span(1, 0, 10), span(1, 13, 7), span(1, 21, 22)];

/// TD1, 3 x 30 (Part 5 §4.2.2).
static TD1: Layout = Layout {
    lines: 3,
    line_len: 30,
    document_code: span(0, 0, 2),
    issuing_state: span(0, 2, 3),
    name: span(2, 0, 30),
    document_number: span(0, 5, 9),
    document_number_check: at(0, 14),
    nationality: span(1, 15, 3),
    date_of_birth: span(1, 0, 6),
    date_of_birth_check: at(1, 6),
    sex: at(1, 7),
    date_of_expiry: span(1, 8, 6),
    date_of_expiry_check: at(1, 14),
    optional_data: span(0, 15, 15),
    optional_data_check: None,
    optional_data_2: Some(span(1, 18, 11)),
    composite: Some((at(1, 29), &TD1_COMPOSITE)),
    long_number: true,
};

/// Line 2 of the 2-line formats: shared positions of TD2, TD3, MRV-A, MRV-B.
macro_rules! two_line_layout {
    ($len:expr, $opt_len:expr, $opt_check:expr, $composite:expr, $long:expr) => {
        Layout {
            lines: 2,
            line_len: $len,
            document_code: span(0, 0, 2),
            issuing_state: span(0, 2, 3),
            name: span(0, 5, $len - 5),
            document_number: span(1, 0, 9),
            document_number_check: at(1, 9),
            nationality: span(1, 10, 3),
            date_of_birth: span(1, 13, 6),
            date_of_birth_check: at(1, 19),
            sex: at(1, 20),
            date_of_expiry: span(1, 21, 6),
            date_of_expiry_check: at(1, 27),
            optional_data: span(1, 28, $opt_len),
            optional_data_check: $opt_check,
            optional_data_2: None,
            composite: $composite,
            long_number: $long,
        }
    };
}

/// TD2, 2 x 36 (Part 6 §4.2.2).
static TD2: Layout = two_line_layout!(36, 7, None, Some((at(1, 35), &TD2_COMPOSITE)), true);
/// TD3, 2 x 44 (Part 4 §4.2.2).
static TD3: Layout = two_line_layout!(
    44,
    14,
    Some(at(1, 42)),
    Some((at(1, 43), &TD3_COMPOSITE)),
    false
);
/// MRV-A, 2 x 44 (Part 7 §4.2.2): no composite, no optional-data check.
static MRV_A: Layout = two_line_layout!(44, 16, None, None, false);
/// MRV-B, 2 x 36 (Part 7 §7.2.2): no composite, no optional-data check.
static MRV_B: Layout = two_line_layout!(36, 8, None, None, false);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every field of every layout lies inside its line, and the fields of a
    /// line never overlap and cover the whole line (no position forgotten).
    #[test]
    fn fields_tile_every_line() {
        for format in MrzFormat::ALL {
            let l = format.layout();
            let mut spans = vec![
                l.document_code,
                l.issuing_state,
                l.name,
                l.document_number,
                l.document_number_check,
                l.nationality,
                l.date_of_birth,
                l.date_of_birth_check,
                l.sex,
                l.date_of_expiry,
                l.date_of_expiry_check,
                l.optional_data,
            ];
            spans.extend(l.optional_data_check);
            spans.extend(l.optional_data_2);
            spans.extend(l.composite.map(|(c, _)| c));
            for line in 0..l.lines {
                for pos in 0..l.line_len {
                    let n = spans.iter().filter(|s| s.contains(line, pos)).count();
                    assert_eq!(n, 1, "{format} line {line} pos {pos} covered {n} times");
                }
            }
            for s in &spans {
                assert!(s.end() <= l.line_len && s.line < l.lines, "{format} {s:?}");
            }
        }
    }

    /// The short names match the brief ("MRV-A" with a hyphen).
    #[test]
    fn names() {
        let names: Vec<_> = MrzFormat::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(names, ["TD1", "TD2", "TD3", "MRV-A", "MRV-B"]);
        assert_eq!(MrzFormat::Td1.line_count(), 3);
        assert_eq!(MrzFormat::MrvB.line_len(), 36);
    }
}
