//! Text -> segments -> elements -> components, honouring the release character.
//!
//! The service characters come from the UNA advice when present (see [`super::syntax`]).
//! Whitespace (spaces, tabs, line breaks) before a segment's tag is skipped, so one segment per
//! line, leading spaces on lines and several segments on one line all read the same. Unreleased
//! line breaks inside a segment are dropped (UNOA/UNOB data cannot contain them); spaces inside
//! values are kept as sent and trimmed later by the message reader, which warns about them.
//! Segments are numbered from 1 at the first segment after the UNA.

use super::syntax::{Syntax, UNA_TAG};
use super::Issue;

/// One EDIFACT segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// 1-based position in the interchange, UNA not counted.
    pub number: usize,
    /// The segment tag, e.g. `NAD`.
    pub tag: String,
    /// Data elements after the tag, each a list of components, release characters resolved.
    pub elements: Vec<Vec<String>>,
}

impl Segment {
    /// Component `component` of data element `element` (both 0-based, the tag not counted),
    /// as sent; `""` when absent.
    pub fn component(&self, element: usize, component: usize) -> &str {
        self.elements
            .get(element)
            .and_then(|e| e.get(component))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Segments plus the irregularities the tokenizer tolerated.
#[derive(Debug, Clone, Default)]
pub(super) struct Tokens {
    /// The segments, in input order.
    pub segments: Vec<Segment>,
    /// Tolerated problems (e.g. a last segment without a terminator).
    pub warnings: Vec<Issue>,
}

/// Splits an interchange into segments.
///
/// Fails only when the text cannot be read at all: no segments, a malformed UNA, or text
/// without a single segment terminator. A final segment missing its terminator is kept.
pub fn tokenize(input: &str) -> Result<Vec<Segment>, Issue> {
    tokenize_tolerant(input).map(|t| t.segments)
}

/// [`tokenize`], also returning what was tolerated.
pub(super) fn tokenize_tolerant(input: &str) -> Result<Tokens, Issue> {
    let text = input.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let (syntax, body) = if text.starts_with(UNA_TAG) {
        let (syntax, used) = Syntax::from_una(text)?;
        (syntax, &text[used..])
    } else {
        (Syntax::default(), text)
    };
    let mut out = Tokens::default();
    let mut elements: Vec<Vec<String>> = Vec::new();
    let mut components: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut at_start = true;
    let mut released = false;
    let mut terminated_any = false;
    let mut content = false; // anything in the open segment
    for c in body.chars() {
        if at_start && c.is_whitespace() {
            continue;
        }
        at_start = false;
        if released {
            current.push(c);
            released = false;
            content = true;
            continue;
        }
        if Some(c) == syntax.release {
            released = true;
            content = true;
        } else if c == syntax.terminator {
            terminated_any = true;
            components.push(std::mem::take(&mut current));
            elements.push(std::mem::take(&mut components));
            finish(&mut out.segments, std::mem::take(&mut elements), content);
            content = false;
            at_start = true;
        } else if c == syntax.element {
            components.push(std::mem::take(&mut current));
            elements.push(std::mem::take(&mut components));
            content = true;
        } else if c == syntax.component {
            components.push(std::mem::take(&mut current));
            content = true;
        } else if c == '\r' || c == '\n' {
            // Line wrapping inside a segment carries no data.
        } else {
            current.push(c);
            content = true;
        }
    }
    if content {
        if !terminated_any {
            return Err(Issue::new(
                0,
                "",
                "segment terminator",
                format!(
                    "no segment terminator {:?} anywhere in the text; not an EDIFACT interchange",
                    syntax.terminator
                ),
            ));
        }
        components.push(current);
        elements.push(components);
        finish(&mut out.segments, elements, true);
        if let Some(last) = out.segments.last() {
            out.warnings.push(Issue::at(
                last,
                "segment terminator",
                "last segment has no terminator (truncated interchange?); read anyway",
            ));
        }
    }
    if out.segments.is_empty() {
        return Err(Issue::new(
            0,
            "",
            "input",
            "no EDIFACT segments in the input",
        ));
    }
    Ok(out)
}

/// Appends a finished segment unless it is empty (two terminators in a row).
fn finish(segments: &mut Vec<Segment>, mut elements: Vec<Vec<String>>, content: bool) {
    if !content {
        return;
    }
    let tag = if elements.is_empty() || elements[0].is_empty() {
        String::new()
    } else {
        elements[0].swap_remove(0).trim().to_string()
    };
    if !elements.is_empty() {
        elements.remove(0);
    }
    segments.push(Segment {
        number: segments.len() + 1,
        tag,
        elements,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(segs: &[Segment]) -> Vec<&str> {
        segs.iter().map(|s| s.tag.as_str()).collect()
    }

    /// Proves elements and components are split, the tag is separate and empty elements kept.
    #[test]
    fn splits_elements_and_components() {
        let s = tokenize("NAD+FL+++WILLIAMS:JOHN:DONALD'DOC++448763368'").unwrap();
        assert_eq!(tags(&s), ["NAD", "DOC"]);
        assert_eq!(s[0].elements.len(), 4);
        assert_eq!(s[0].component(3, 1), "JOHN");
        assert_eq!(s[0].component(9, 9), "");
        assert_eq!(s[1].elements, vec![vec![""], vec!["448763368"]]);
    }

    /// Proves the release character makes `'`, `+`, `:` and `?` literal.
    #[test]
    fn release_character() {
        let s = tokenize("NAD+FL+++O?'NEIL:A??B:C?+D?:E'FTX+ACB+++text with ?'quotes?''").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].elements[3], vec!["O'NEIL", "A?B", "C+D:E"]);
        assert_eq!(s[1].component(3, 0), "text with 'quotes'");
    }

    /// Proves UNA delimiters are honoured and UNA is not numbered.
    #[test]
    fn una_delimiters_and_numbering() {
        let s =
            tokenize("UNA:*.? $UNB*UNOA:4*A*B$\nUNH*1*PAXLST:D:02B$NAD*FL***O?$X:Y+Z$").unwrap();
        assert_eq!(tags(&s), ["UNB", "UNH", "NAD"]);
        assert_eq!(s.iter().map(|s| s.number).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(s[2].elements[3], vec!["O$X", "Y+Z"]);
    }

    /// Proves leading spaces on lines, CRLF, and two segments on a line all tokenize alike,
    /// while spaces inside values are kept for the message reader to trim and report.
    #[test]
    fn tolerant_of_layout_whitespace() {
        let s =
            tokenize(" UNA:+.?*'\r\n BGM+745'RFF+TN:X'\r\n\tDTM+232: 13062122\n00:201'\n").unwrap();
        assert_eq!(tags(&s), ["BGM", "RFF", "DTM"]);
        assert_eq!(s[2].component(0, 1), " 1306212200");
    }

    /// Proves the fatal cases: empty text, no terminator at all, malformed UNA.
    #[test]
    fn fatal_only_when_unreadable() {
        assert!(tokenize("").is_err());
        assert!(tokenize("   \n").is_err());
        assert!(tokenize("UNH+1+PAXLST").is_err());
        assert!(tokenize("UNA:+").is_err());
    }

    /// Proves a last segment without a terminator is kept, with a warning.
    #[test]
    fn unterminated_last_segment_is_kept() {
        let t = tokenize_tolerant("UNH+1+PAXLST'UNT+2+1").unwrap();
        assert_eq!(tags(&t.segments), ["UNH", "UNT"]);
        assert_eq!(t.warnings.len(), 1);
        assert_eq!(t.warnings[0].segment, 2);
    }

    /// Proves empty segments (`''`) are skipped and do not shift numbering.
    #[test]
    fn empty_segments_skipped() {
        let s = tokenize("BGM+745''RFF+TN:1'").unwrap();
        assert_eq!(tags(&s), ["BGM", "RFF"]);
        assert_eq!(s[1].number, 2);
    }
}
