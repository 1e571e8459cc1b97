//! The interchange around the messages: UNB/UNG/UNE/UNZ with their counts and references,
//! and [`parse`], the entry point that ties tokenizer, envelope and message reader together.
//!
//! Only a UNH..UNT PAXLST message is required; a missing or inconsistent envelope is a warning.

use super::message::{read_message, Accumulator, MESSAGE_TYPE};
use super::tokenize::tokenize_tolerant;
use super::{Issue, Paxlst, Segment};

/// Element (0-based, after the tag) of UNB holding the interchange control reference.
const UNB_REFERENCE: usize = 4;
/// Element (0-based, after the tag) of UNG holding the group reference.
const UNG_REFERENCE: usize = 4;

/// Reads a PAXLST interchange.
///
/// Fails only when there is no PAXLST message at all: unreadable text, no UNH, or UNH of
/// other message types only. Everything else is a warning in [`Paxlst::warnings`] or an
/// `Err` entry in [`Paxlst::travellers`].
pub fn parse(input: &str) -> Result<Paxlst, Issue> {
    let tokens = tokenize_tolerant(input)?;
    let segs = &tokens.segments;
    let mut acc = Accumulator::default();
    acc.warnings = tokens.warnings;
    let mut env = Envelope::default();
    let mut other_types = Vec::new();
    let mut first_unh: Option<&Segment> = None;
    let mut i = 0;
    while i < segs.len() {
        let s = &segs[i];
        let w = &mut acc.warnings;
        match s.tag.as_str() {
            "UNB" => env.unb(s),
            "UNG" => env.ung(s, w),
            "UNE" => env.une(s, w),
            "UNZ" => env.unz(s, w),
            "UNH" => {
                let end = message_end(segs, i);
                first_unh.get_or_insert(s);
                env.messages += 1;
                env.group_messages += 1;
                let kind = s.component(1, 0).trim();
                if kind == MESSAGE_TYPE {
                    read_message(&segs[i..end], &mut acc);
                } else {
                    other_types.push(kind.to_string());
                    w.push(Issue::at(
                        s,
                        "UNH message type",
                        format!("{kind} message skipped"),
                    ));
                }
                i = end;
                continue;
            }
            _ => w.push(Issue::at(
                s,
                "segment",
                format!("{} outside any UNH..UNT message; skipped", s.tag),
            )),
        }
        i += 1;
    }
    if acc.messages == 0 {
        let message = if other_types.is_empty() {
            "no UNH message header; not a PAXLST interchange".to_string()
        } else {
            format!("no PAXLST message (found {})", other_types.join(", "))
        };
        let (segment, tag) = first_unh.map_or((0, String::new()), |s| (s.number, s.tag.clone()));
        return Err(Issue::new(segment, tag, "UNH message type", message));
    }
    env.finish(first_unh, segs.last(), &mut acc.warnings);
    Ok(acc.into_paxlst())
}

/// Index one past the message starting at `start`: after its UNT, or at the next envelope
/// segment when the UNT is missing.
fn message_end(segs: &[Segment], start: usize) -> usize {
    for (j, s) in segs.iter().enumerate().skip(start + 1) {
        match s.tag.as_str() {
            "UNT" => return j + 1,
            "UNH" | "UNE" | "UNZ" | "UNB" | "UNG" => return j,
            _ => {}
        }
    }
    segs.len()
}

/// Envelope bookkeeping for the counts in UNE and UNZ.
#[derive(Default)]
struct Envelope<'a> {
    unb: Option<&'a Segment>,
    ung: Option<&'a Segment>,
    saw_unb: bool,
    saw_ung: bool,
    unz_pending: bool,
    ung_in_interchange: bool,
    groups: usize,
    messages: usize,
    group_messages: usize,
}

impl<'a> Envelope<'a> {
    fn unb(&mut self, s: &'a Segment) {
        self.unb = Some(s);
        self.saw_unb = true;
        self.unz_pending = true;
        self.ung_in_interchange = false;
        self.groups = 0;
        self.messages = 0;
    }

    fn ung(&mut self, s: &'a Segment, w: &mut Vec<Issue>) {
        if let Some(open) = self.ung {
            w.push(Issue::at(
                s,
                "UNE",
                format!("group opened at segment {} has no UNE", open.number),
            ));
        }
        self.ung = Some(s);
        self.saw_ung = true;
        self.ung_in_interchange = true;
        self.group_messages = 0;
    }

    fn une(&mut self, s: &Segment, w: &mut Vec<Issue>) {
        let Some(g) = self.ung.take() else {
            w.push(Issue::at(s, "UNE", "UNE without a UNG; ignored"));
            return;
        };
        self.groups += 1;
        check(
            s,
            "UNE message count",
            self.group_messages,
            "messages in the group",
            w,
        );
        check_reference(s, g, UNG_REFERENCE, "UNE group reference", w);
    }

    fn unz(&mut self, s: &Segment, w: &mut Vec<Issue>) {
        let Some(b) = self.unb.take() else {
            w.push(Issue::at(s, "UNZ", "UNZ without a UNB; ignored"));
            return;
        };
        self.unz_pending = false;
        if let Some(g) = self.ung.take() {
            w.push(Issue::at(
                s,
                "UNE",
                format!("group opened at segment {} has no UNE", g.number),
            ));
        }
        let (n, what) = if self.ung_in_interchange {
            (self.groups, "groups in the interchange")
        } else {
            (self.messages, "messages in the interchange")
        };
        check(s, "UNZ count", n, what, w);
        check_reference(s, b, UNB_REFERENCE, "UNZ control reference", w);
    }

    fn finish(&self, first_unh: Option<&Segment>, last: Option<&Segment>, w: &mut Vec<Issue>) {
        if let Some(unh) = first_unh {
            if !self.saw_unb {
                w.push(Issue::new(
                    unh.number,
                    "UNB",
                    "UNB interchange header",
                    "no UNB interchange header; read UNH..UNT alone",
                ));
            }
            if !self.saw_ung {
                w.push(Issue::new(
                    unh.number,
                    "UNG",
                    "UNG group header",
                    "no UNG functional group header",
                ));
            }
        }
        if let Some(last) = last {
            if let Some(g) = self.ung {
                w.push(Issue::at(
                    last,
                    "UNE",
                    format!("group opened at segment {} has no UNE", g.number),
                ));
            }
            if self.unz_pending {
                w.push(Issue::at(last, "UNZ", "interchange has no UNZ trailer"));
            }
        }
    }
}

/// Warns when the count in element 1 of `s` is not `counted`.
fn check(s: &Segment, field: &str, counted: usize, what: &str, w: &mut Vec<Issue>) {
    let raw = s.component(0, 0).trim();
    if raw.parse::<usize>().ok() != Some(counted) {
        w.push(Issue::at(
            s,
            field,
            format!("{} declares {raw} but there are {counted} {what}", s.tag),
        ));
    }
}

/// Warns when the reference in element 2 of the trailer `s` differs from the header's.
fn check_reference(s: &Segment, header: &Segment, element: usize, field: &str, w: &mut Vec<Issue>) {
    let theirs = s.component(1, 0).trim();
    let ours = header.component(element, 0).trim();
    if theirs != ours {
        w.push(Issue::at(
            s,
            field,
            format!(
                "{} reference '{theirs}' does not match {} reference '{ours}' (segment {})",
                s.tag, header.tag, header.number
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: &str = "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++A'UNT+4+1'";

    /// Proves a bare UNH..UNT message parses, with warnings for the missing UNB and UNG.
    #[test]
    fn bare_message_warns_about_envelope() {
        let p = parse(MSG).unwrap();
        let fields: Vec<&str> = p.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(fields, ["UNB interchange header", "UNG group header"]);
        assert_eq!(p.travellers.len(), 1);
    }

    /// Proves UNE/UNZ counts and references are checked.
    #[test]
    fn envelope_counts_checked() {
        let ok = format!("UNB+UNOA:4+S+R+130620:0900+9'UNG+PAXLST+S+R+130620:0900+7+UN+D:05B'{MSG}UNE+1+7'UNZ+1+9'");
        assert!(parse(&ok).unwrap().warnings.is_empty());
        let bad = format!("UNB+UNOA:4+S+R+130620:0900+9'UNG+PAXLST+S+R+130620:0900+7+UN+D:05B'{MSG}UNE+2+8'UNZ+3+9'");
        let fields: Vec<String> = parse(&bad)
            .unwrap()
            .warnings
            .into_iter()
            .map(|w| w.field)
            .collect();
        assert_eq!(
            fields,
            ["UNE message count", "UNE group reference", "UNZ count"]
        );
    }

    /// Proves two messages in one interchange are concatenated and UNZ counts them.
    #[test]
    fn several_messages_concatenate() {
        let text = format!("UNB+UNOA:4+S+R+1:1+9'{MSG}{MSG}UNZ+2+9'");
        let p = parse(&text).unwrap();
        assert_eq!(p.travellers.len(), 2);
        let fields: Vec<&str> = p.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(fields, ["UNG group header"]);
    }

    /// Proves the fatal cases: no UNH at all, or only other message types.
    #[test]
    fn no_paxlst_is_fatal() {
        assert!(parse("BGM+745'").is_err());
        let e = parse("UNH+1+CUSRES:D:05B:UN'BGM+962'UNT+3+1'").unwrap_err();
        assert!(e.message.contains("CUSRES"), "{e}");
        assert_eq!(e.segment, 1);
    }
}
