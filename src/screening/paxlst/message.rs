//! One UNH..UNT PAXLST message: header (BGM, RFF, NAD+MS), legs (TDT groups), travellers
//! (NAD groups), CNT, and the UNT segment count check.
//!
//! Messages are folded into an [`Accumulator`] so an interchange with several messages yields
//! one list of legs and travellers.

use super::leg::LegBuilder;
use super::traveller::{TravellerBuilder, TRAVELLER_ROLES};
use super::values::value;
use super::{Issue, Leg, ListKind, PaxTraveller, Paxlst, Segment};

/// The UNH message type this reader accepts.
pub const MESSAGE_TYPE: &str = "PAXLST";
/// CNT qualifiers that carry the declared total: 42 passengers, 41 crew.
const CNT_TOTALS: [&str; 2] = ["42", "41"];
/// Header segments that are read elsewhere or legitimately ignored.
const HEADER_IGNORED: [&str; 4] = ["RFF", "DTM", "COM", "CTA"];
/// Tags that belong inside a traveller group (used to word the "misplaced" warning).
const TRAVELLER_TAGS: [&str; 11] = [
    "ATT", "MEA", "GEI", "FTX", "LOC", "EMP", "NAT", "DOC", "GIS", "CPI", "QTY",
];

/// What the messages of one interchange add up to.
#[derive(Debug, Default)]
pub(super) struct Accumulator {
    /// PAXLST messages read so far.
    pub messages: usize,
    syntax_version: Option<String>,
    message_reference: Option<String>,
    list: Option<ListKind>,
    legs: Vec<Leg>,
    travellers: Vec<Result<PaxTraveller, Issue>>,
    declared_total: Option<u64>,
    /// Tolerated problems so far.
    pub warnings: Vec<Issue>,
}

impl Accumulator {
    /// The final result; warnings sorted by segment number (stable).
    pub fn into_paxlst(mut self) -> Paxlst {
        self.warnings.sort_by_key(|w| w.segment);
        Paxlst {
            syntax_version: self.syntax_version,
            message_reference: self.message_reference,
            list: self.list.unwrap_or(ListKind::Other(String::new())),
            legs: self.legs,
            travellers: self.travellers,
            declared_total: self.declared_total,
            warnings: self.warnings,
        }
    }
}

/// Where the reader is inside the message body.
#[derive(Default)]
struct State {
    leg: Option<LegBuilder>,
    traveller: Option<TravellerBuilder>,
    seen_bgm: bool,
    seen_leg: bool,
    seen_traveller: bool,
    /// Inside a NAD group that is not a traveller (after the header): skip its segments.
    skipping: bool,
}

impl State {
    fn close(&mut self, acc: &mut Accumulator) {
        if let Some(leg) = self.leg.take() {
            acc.legs.push(leg.finish());
        }
        if let Some(t) = self.traveller.take() {
            acc.travellers.push(t.finish());
        }
    }
}

/// Reads one PAXLST message, `segs` running from its UNH to its UNT (or to where the next
/// envelope segment starts when the UNT is missing).
pub(super) fn read_message(segs: &[Segment], acc: &mut Accumulator) {
    let Some(unh) = segs.first() else { return };
    read_unh(unh, acc);
    let (body, unt) = match segs.split_last() {
        Some((last, body)) if last.tag == "UNT" && !body.is_empty() => (&body[1..], Some(last)),
        _ => (&segs[1..], None),
    };
    let mut st = State::default();
    for seg in body {
        read_segment(seg, &mut st, acc);
    }
    st.close(acc);
    let w = &mut acc.warnings;
    if !st.seen_bgm {
        w.push(Issue::at(
            unh,
            "BGM",
            "message has no BGM; list kind unknown",
        ));
    }
    match unt {
        Some(unt) => check_unt(unt, unh, segs.len(), w),
        None => w.push(Issue::at(
            segs.last().unwrap_or(unh),
            "UNT",
            format!("message {} has no UNT trailer", unh.component(0, 0).trim()),
        )),
    }
}

fn read_unh(unh: &Segment, acc: &mut Accumulator) {
    let w = &mut acc.warnings;
    let reference = value(unh, 0, 0, "UNH message reference", w);
    let version = [unh.component(1, 1).trim(), unh.component(1, 2).trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(":");
    let version = (!version.is_empty()).then_some(version);
    if acc.messages == 0 {
        acc.syntax_version = version;
        acc.message_reference = reference;
    } else if version != acc.syntax_version {
        w.push(Issue::at(
            unh,
            "UNH message version",
            format!(
                "version {} differs from the first message's {}",
                version.unwrap_or_default(),
                acc.syntax_version.clone().unwrap_or_default()
            ),
        ));
    }
    acc.messages += 1;
}

fn read_segment(seg: &Segment, st: &mut State, acc: &mut Accumulator) {
    let tag = seg.tag.as_str();
    match tag {
        "BGM" => {
            st.close(acc);
            let w = &mut acc.warnings;
            if st.seen_bgm {
                w.push(Issue::at(seg, "BGM", "second BGM in one message; ignored"));
                return;
            }
            st.seen_bgm = true;
            if st.seen_leg || st.seen_traveller {
                w.push(Issue::at(
                    seg,
                    "segment order",
                    "BGM after the flight or traveller groups",
                ));
            }
            let kind =
                ListKind::from_code(&value(seg, 0, 0, "BGM document code", w).unwrap_or_default());
            match &acc.list {
                None => acc.list = Some(kind),
                Some(k) if *k != kind => w.push(Issue::at(
                    seg,
                    "BGM document code",
                    format!(
                        "list kind {} differs from the first message's {}",
                        kind.code(),
                        k.code()
                    ),
                )),
                Some(_) => {}
            }
        }
        "TDT" => {
            st.close(acc);
            if st.seen_traveller {
                acc.warnings.push(Issue::at(
                    seg,
                    "segment order",
                    "TDT after traveller groups; read as a leg",
                ));
            }
            st.seen_leg = true;
            st.skipping = false;
            st.leg = Some(LegBuilder::start(seg, &mut acc.warnings));
        }
        "NAD" => {
            st.close(acc);
            let q = seg.component(0, 0).trim();
            if TRAVELLER_ROLES.contains(&q) {
                st.seen_traveller = true;
                st.skipping = false;
                st.traveller = Some(TravellerBuilder::start(seg, &mut acc.warnings));
            } else if st.seen_leg || st.seen_traveller {
                st.skipping = true;
                acc.warnings.push(Issue::at(
                    seg,
                    "NAD qualifier",
                    format!("NAD+{q} is not a traveller (FL, FM, DDT, DDU); it and its segments skipped"),
                ));
            }
        }
        "CNT" => {
            st.close(acc);
            st.skipping = false;
            read_cnt(seg, acc);
        }
        _ if st.skipping => {}
        _ => {
            if let Some(t) = st.traveller.as_mut() {
                t.accept(seg, &mut acc.warnings);
                return;
            }
            let w = &mut acc.warnings;
            match (st.leg.as_mut(), tag) {
                (Some(leg), "LOC") => leg.loc(seg, w),
                (Some(leg), "DTM") => leg.dtm(seg, w),
                (None, t) if !st.seen_leg && HEADER_IGNORED.contains(&t) => {}
                (_, t) if TRAVELLER_TAGS.contains(&t) || HEADER_IGNORED.contains(&t) => {
                    w.push(Issue::at(
                        seg,
                        "segment order",
                        format!("{t} is outside the group it belongs to; skipped"),
                    ))
                }
                _ => w.push(Issue::at(
                    seg,
                    "segment",
                    format!("unknown segment '{tag}' skipped"),
                )),
            }
        }
    }
}

fn read_cnt(seg: &Segment, acc: &mut Accumulator) {
    let w = &mut acc.warnings;
    let q = seg.component(0, 0).trim();
    if !CNT_TOTALS.contains(&q) {
        return;
    }
    let field = format!("CNT+{q} total");
    let loose = seg.elements.first().map_or(0, Vec::len) < 2;
    let raw = if loose {
        let v = value(seg, 1, 0, &field, w);
        if v.is_some() {
            w.push(Issue::at(
                seg,
                field.as_str(),
                format!("count sent as CNT+{q}+n; read as CNT+{q}:n"),
            ));
        }
        v
    } else {
        value(seg, 0, 1, &field, w)
    };
    match raw.as_deref().map(str::parse::<u64>) {
        Some(Ok(n)) => match acc.declared_total {
            None => acc.declared_total = Some(n),
            Some(old) if old != n => w.push(Issue::at(
                seg,
                field.as_str(),
                format!("total {n} differs from the earlier {old}; first kept"),
            )),
            Some(_) => {}
        },
        _ => w.push(Issue::at(
            seg,
            field.as_str(),
            format!(
                "count '{}' is not a number; ignored",
                raw.unwrap_or_default()
            ),
        )),
    }
}

fn check_unt(unt: &Segment, unh: &Segment, counted: usize, w: &mut Vec<Issue>) {
    let raw = value(unt, 0, 0, "UNT segment count", w).unwrap_or_default();
    if raw.parse::<usize>().ok() != Some(counted) {
        w.push(Issue::at(
            unt,
            "UNT segment count",
            format!(
                "UNT declares {raw} segments but the message has {counted} (UNH..UNT inclusive)"
            ),
        ));
    }
    let theirs = unt.component(1, 0).trim();
    let ours = unh.component(0, 0).trim();
    if theirs != ours {
        w.push(Issue::at(
            unt,
            "UNT message reference",
            format!("UNT reference '{theirs}' does not match UNH reference '{ours}'"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokenize;
    use super::*;

    fn read(text: &str) -> Paxlst {
        let segs = tokenize(text).unwrap();
        let mut acc = Accumulator::default();
        read_message(&segs, &mut acc);
        acc.into_paxlst()
    }

    /// Proves a minimal message reads with no warnings and a correct UNT count.
    #[test]
    fn minimal_message() {
        let p =
            read("UNH+1+PAXLST:D:15B:UN:IATA'BGM+745'TDT+20+ZZ1'NAD+FL+++A:B'CNT+42:1'UNT+6+1'");
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        assert_eq!(p.syntax_version.as_deref(), Some("D:15B"));
        assert_eq!(p.list, ListKind::Passengers);
        assert_eq!(
            (p.legs.len(), p.travellers.len(), p.declared_total),
            (1, 1, Some(1))
        );
    }

    /// Proves a wrong UNT count and reference are warnings with declared and counted numbers.
    #[test]
    fn unt_mismatch_is_warning() {
        let p = read("UNH+1+PAXLST:D:15B'BGM+250'UNT+7+2'");
        let msgs: Vec<&str> = p.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(
            msgs[0].contains("declares 7") && msgs[0].contains("has 3"),
            "{msgs:?}"
        );
        assert_eq!(p.warnings[1].field, "UNT message reference");
    }

    /// Proves a missing UNT and BGM are reported, and a non-traveller NAD after the legs is
    /// skipped with its segments.
    #[test]
    fn missing_trailer_and_foreign_nad() {
        let p = read("UNH+1+PAXLST'TDT+20+X'NAD+ZZ+++P'ATT+2++M'NAD+FL+++A'");
        let fields: Vec<&str> = p.warnings.iter().map(|w| w.field.as_str()).collect();
        assert_eq!(fields, ["BGM", "NAD qualifier", "UNT"]);
        assert_eq!(p.travellers.len(), 1);
    }
}
