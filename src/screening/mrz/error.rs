//! Why an MRZ could not be read or written, in words an officer can act on.
//!
//! Reading fails only when the text is not an MRZ at all (nothing there, or no
//! layout fits); a failed check digit or an unreadable date is never an error,
//! it is reported on the parsed [`super::Mrz`].

use std::fmt;

/// Line lengths listed in an [`MrzError::UnknownLayout`] message; more lines
/// are only counted.
const MAX_LISTED_LINES: usize = 4;

/// An MRZ could not be parsed, or fields could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MrzError {
    /// The input holds no MRZ characters at all.
    Empty,
    /// The lines match none of the layouts (3 x 30, 2 x 36, 2 x 44).
    UnknownLayout {
        /// Number of non-blank lines read.
        lines: usize,
        /// Their lengths after clean-up.
        lengths: Vec<usize>,
        /// What was expected and what was found.
        message: String,
    },
    /// A field given to [`super::encode()`] cannot be written in its format.
    InvalidField {
        /// The field, named as in [`super::MrzFields`].
        field: &'static str,
        /// What is wrong and what is allowed.
        message: String,
    },
}

impl MrzError {
    /// An [`MrzError::UnknownLayout`] for these line lengths.
    pub(super) fn unknown_layout(lengths: Vec<usize>) -> MrzError {
        let got = match lengths.as_slice() {
            [n] => format!("1 line of {n} characters"),
            many if many.len() > MAX_LISTED_LINES => format!("{} lines", many.len()),
            many => {
                let (last, rest) = many.split_last().unwrap_or((&0, &[]));
                let rest: Vec<String> = rest.iter().map(|n| n.to_string()).collect();
                format!("{} lines of {} and {last}", many.len(), rest.join(", "))
            }
        };
        MrzError::UnknownLayout {
            lines: lengths.len(),
            message: format!(
                "expected 2 lines of 44 (passport or visa), 2 of 36 or 3 of 30 characters; got {got}"
            ),
            lengths,
        }
    }
}

impl fmt::Display for MrzError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MrzError::Empty => f.write_str(
                "no MRZ text: scan or type the machine readable zone (the lines with '<' at the \
                 bottom of the data page)",
            ),
            MrzError::UnknownLayout { message, .. } => write!(f, "not a readable MRZ: {message}"),
            MrzError::InvalidField { field, message } => write!(f, "{field}: {message}"),
        }
    }
}

impl std::error::Error for MrzError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout message lists what was expected and the lengths found.
    #[test]
    fn layout_message_names_the_lengths() {
        let e = MrzError::unknown_layout(vec![41, 44]);
        assert_eq!(
            e.to_string(),
            "not a readable MRZ: expected 2 lines of 44 (passport or visa), 2 of 36 or 3 of 30 \
             characters; got 2 lines of 41 and 44"
        );
        let e = MrzError::unknown_layout(vec![17]);
        assert!(e.to_string().ends_with("got 1 line of 17 characters"));
        let e = MrzError::unknown_layout(vec![30, 30, 30, 2]);
        assert!(e.to_string().ends_with("got 4 lines of 30, 30, 30 and 2"));
        let e = MrzError::unknown_layout(vec![1; 500]);
        assert!(
            e.to_string().ends_with("got 500 lines"),
            "long input, short message"
        );
    }
}
