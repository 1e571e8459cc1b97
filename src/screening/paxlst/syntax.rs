//! UNA service string advice: the six service characters of an interchange.
//!
//! `UNA:+.? '` gives, in order, the component separator, the data element separator, the
//! decimal mark, the release character, the reserved (repetition) character and the segment
//! terminator. Without a UNA the ISO 9735 defaults apply. Real interchanges do use other
//! characters (`UNA:*.? $`), so nothing downstream hard-codes `+` or `'`.

use super::Issue;

/// The tag that introduces a service string advice.
pub const UNA_TAG: &str = "UNA";
/// Number of service characters that follow `UNA`.
pub const UNA_CHARS: usize = 6;

/// The service characters in force for one interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    /// Separates components of a composite element (default `:`).
    pub component: char,
    /// Separates data elements (default `+`).
    pub element: char,
    /// Decimal mark (default `.`); not used by the tokenizer.
    pub decimal: char,
    /// Makes the next character literal (default `?`); `None` when UNA gives a space.
    pub release: Option<char>,
    /// Reserved / repetition character (default space, `*` in syntax version 4); treated as data.
    pub reserved: char,
    /// Ends a segment (default `'`).
    pub terminator: char,
}

impl Default for Syntax {
    /// The ISO 9735 defaults `:+.? '`.
    fn default() -> Self {
        Syntax {
            component: ':',
            element: '+',
            decimal: '.',
            release: Some('?'),
            reserved: ' ',
            terminator: '\'',
        }
    }
}

impl Syntax {
    /// Reads a service string advice from the start of `text` (which must begin with `UNA`).
    ///
    /// Returns the syntax and the byte length consumed (`UNA` plus six characters). Fails when
    /// the advice is short, when a separator is a letter, digit or whitespace, or when two
    /// separators coincide (the text could not be split unambiguously).
    pub fn from_una(text: &str) -> Result<(Syntax, usize), Issue> {
        let bad = |msg: String| Issue::new(0, UNA_TAG, "UNA service string advice", msg);
        let rest = text
            .strip_prefix(UNA_TAG)
            .ok_or_else(|| bad("text does not start with UNA".into()))?;
        let chars: Vec<(usize, char)> = rest.char_indices().take(UNA_CHARS).collect();
        if chars.len() < UNA_CHARS {
            return Err(bad(format!(
                "UNA needs {UNA_CHARS} service characters, found {}",
                chars.len()
            )));
        }
        let c = |i: usize| chars[i].1;
        let (last_at, last) = chars[UNA_CHARS - 1];
        let consumed = UNA_TAG.len() + last_at + last.len_utf8();
        let syntax = Syntax {
            component: c(0),
            element: c(1),
            decimal: c(2),
            release: if c(3) == ' ' { None } else { Some(c(3)) },
            reserved: c(4),
            terminator: c(5),
        };
        let mut separators = vec![
            ("component separator", syntax.component),
            ("element separator", syntax.element),
            ("segment terminator", syntax.terminator),
        ];
        if let Some(r) = syntax.release {
            separators.push(("release character", r));
        }
        for (i, (name, ch)) in separators.iter().enumerate() {
            if ch.is_alphanumeric() || ch.is_whitespace() || ch.is_control() {
                return Err(bad(format!(
                    "{name} {ch:?} must not be a letter, digit or whitespace"
                )));
            }
            if let Some((other, _)) = separators[..i].iter().find(|(_, o)| o == ch) {
                return Err(bad(format!("{name} {ch:?} is the same as the {other}")));
            }
        }
        Ok((syntax, consumed))
    }

    /// The service string advice for this syntax, e.g. `UNA:+.? '`.
    pub fn to_una(&self) -> String {
        let release = self.release.unwrap_or(' ');
        format!(
            "{UNA_TAG}{}{}{}{release}{}{}",
            self.component, self.element, self.decimal, self.reserved, self.terminator
        )
    }

    /// True when `c` must be preceded by the release character inside data.
    pub fn needs_release(&self, c: char) -> bool {
        c == self.component || c == self.element || c == self.terminator || Some(c) == self.release
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves the defaults are `:+.? '` and round-trip through `to_una`/`from_una`.
    #[test]
    fn defaults_round_trip() {
        let d = Syntax::default();
        assert_eq!(d.to_una(), "UNA:+.? '");
        assert_eq!(Syntax::from_una("UNA:+.? 'UNB").unwrap(), (d, 9));
    }

    /// Proves the GTAS advice `UNA:+.?*'` (star in the reserved position) and the
    /// `UNA:*.? $` advice (elements `*`, terminator `$`) are both read.
    #[test]
    fn non_default_advice() {
        let (s, _) = Syntax::from_una("UNA:+.?*'").unwrap();
        assert_eq!((s.reserved, s.terminator), ('*', '\''));
        let (s, n) = Syntax::from_una("UNA:*.? $UNB").unwrap();
        assert_eq!(
            (s.component, s.element, s.terminator, s.release),
            (':', '*', '$', Some('?'))
        );
        assert_eq!(n, 9);
    }

    /// Proves a malformed advice is fatal: too short, letters as separators, duplicates.
    #[test]
    fn malformed_advice_is_rejected() {
        assert!(Syntax::from_una("UNA:+").is_err());
        assert!(Syntax::from_una("UNAabcdef").is_err());
        assert!(Syntax::from_una("UNA::.? '").is_err());
        assert!(Syntax::from_una("UNA:+.?  ").is_err());
        assert!(Syntax::from_una("UNA:+.:  '").is_err());
    }

    /// Proves a space in the release position means "no release character".
    #[test]
    fn space_release_means_none() {
        let (s, _) = Syntax::from_una("UNA:+.  '").unwrap();
        assert_eq!(s.release, None);
        assert!(!s.needs_release('?'));
    }
}
