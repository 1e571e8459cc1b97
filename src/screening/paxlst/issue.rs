//! The one problem report of the PAXLST reader: where (segment number and tag), which field, what.
//!
//! The same type serves as the fatal error of [`super::tokenize`] and [`super::parse`], as the
//! per-traveller error and as a tolerated warning, so an operator always gets a segment number
//! to look up in the raw interchange.

use std::fmt;

/// A problem found in a PAXLST interchange.
///
/// `Display` renders `segment 14 (DTM): date of birth '72093' is not YYMMDD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// 1-based segment number counted from the first segment of the interchange (UNA not
    /// counted); 0 when the problem is not tied to one segment (e.g. empty input).
    pub segment: usize,
    /// Segment tag, e.g. `DTM`; empty when there is no segment.
    pub tag: String,
    /// The field concerned, e.g. `DTM+329 date of birth`, `DOC number`, `UNT segment count`.
    pub field: String,
    /// What is wrong, in words an operator can act on.
    pub message: String,
}

impl Issue {
    /// Builds an issue from its parts.
    pub fn new(
        segment: usize,
        tag: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Issue {
            segment,
            tag: tag.into(),
            field: field.into(),
            message: message.into(),
        }
    }

    /// Builds an issue located at `seg`.
    pub fn at(seg: &super::Segment, field: impl Into<String>, message: impl Into<String>) -> Self {
        Issue::new(seg.number, seg.tag.clone(), field, message)
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.segment, self.tag.is_empty()) {
            (0, _) => write!(f, "input: {}", self.message),
            (n, true) => write!(f, "segment {n}: {}", self.message),
            (n, false) => write!(f, "segment {n} ({}): {}", self.tag, self.message),
        }
    }
}

impl std::error::Error for Issue {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves the display format operators see: segment number, tag in brackets, message.
    #[test]
    fn display_names_segment_and_tag() {
        let i = Issue::new(
            14,
            "DTM",
            "DTM+329 date of birth",
            "date of birth '72093' is not YYMMDD",
        );
        assert_eq!(
            i.to_string(),
            "segment 14 (DTM): date of birth '72093' is not YYMMDD"
        );
        assert_eq!(
            Issue::new(0, "", "input", "empty").to_string(),
            "input: empty"
        );
    }

    /// Proves `Issue` works as a boxed standard error.
    #[test]
    fn is_std_error() {
        let e: Box<dyn std::error::Error> = Box::new(Issue::new(1, "UNA", "f", "m"));
        assert!(e.to_string().contains("UNA"));
    }
}
