//! Writing a PAXLST interchange, for generating test manifests.
//!
//! The output uses the default service characters (optionally announced by a UNA), one
//! segment per line, the release character applied to data (`O'NEIL` -> `O?'NEIL`), and a UNT
//! count that includes UNH and UNT. Each leg is written as TDT, LOC+125/DTM+189,
//! LOC+87/DTM+232; each traveller in the guide's group order. Line breaks inside values cannot
//! be represented (the reader drops them).

use super::syntax::Syntax;
use super::{Leg, ListKind, PaxTraveller};

/// UNB syntax identifier and version written by the encoder.
pub const SYNTAX_ID: &str = "UNOA:4";
/// UNH S009 association code written after the version.
pub const ASSOCIATION: &str = "UN:IATA";
/// TDT transport stage qualifier for a flight.
const TDT_FLIGHT: &str = "20";
/// DTM format code for `YYMMDDHHMM`.
const DTM_FORMAT_201: &str = "201";
/// Digits of a `YYMMDDHHMM` value.
const DATE_TIME_DIGITS: usize = 10;

/// Everything [`encode`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeMessage {
    /// Sender id in UNB/UNG (also written as the reporting party NAD+MS).
    pub sender: String,
    /// Recipient id in UNB/UNG.
    pub recipient: String,
    /// Preparation date and time `YYMMDD:HHMM`.
    pub prepared: String,
    /// Used as interchange, group and message reference.
    pub reference: String,
    /// Directory version: `D:15B`, `D:05B` or `D:02B`.
    pub version: String,
    /// BGM list kind; CNT+41 is written for crew lists, CNT+42 otherwise.
    pub list: ListKind,
    /// Flight legs in order.
    pub legs: Vec<Leg>,
    /// Travellers (their `segment` field is ignored; an empty role becomes FM for crew
    /// lists, FL otherwise).
    pub travellers: Vec<PaxTraveller>,
    /// Write a UNA service string advice first.
    pub una: bool,
}

/// Writes a full interchange: UNA?, UNB, UNG, UNH ... CNT, UNT, UNE, UNZ.
pub fn encode(m: &EncodeMessage) -> String {
    let syntax = Syntax::default();
    let mut w = Writer {
        syntax,
        out: String::new(),
        count: 0,
    };
    if m.una {
        w.out.push_str(&syntax.to_una());
        w.out.push('\n');
    }
    let prepared = split(&m.prepared);
    let version = split(&m.version);
    let s = |v: &str| vec![v.to_string()];
    w.seg(
        "UNB",
        &[
            split(SYNTAX_ID),
            s(&m.sender),
            s(&m.recipient),
            prepared.clone(),
            s(&m.reference),
        ],
    );
    let mut ung = vec![
        s("PAXLST"),
        s(&m.sender),
        s(&m.recipient),
        prepared,
        s(&m.reference),
        s("UN"),
    ];
    ung.push(version.clone());
    w.seg("UNG", &ung);
    w.count = 0;
    let mut s009 = vec!["PAXLST".to_string()];
    s009.extend(version);
    s009.extend(split(ASSOCIATION));
    w.seg("UNH", &[s(&m.reference), s009]);
    w.seg("BGM", &[s(m.list.code())]);
    w.seg("NAD", &[s("MS"), vec![], vec![], s(&m.sender)]);
    for leg in &m.legs {
        write_leg(&mut w, leg);
    }
    let default_role = if m.list == ListKind::Crew { "FM" } else { "FL" };
    for t in &m.travellers {
        write_traveller(&mut w, t, default_role);
    }
    let cnt = if m.list == ListKind::Crew { "41" } else { "42" };
    w.seg(
        "CNT",
        &[vec![cnt.to_string(), m.travellers.len().to_string()]],
    );
    let unt_count = w.count + 1;
    w.seg("UNT", &[s(&unt_count.to_string()), s(&m.reference)]);
    w.seg("UNE", &[s("1"), s(&m.reference)]);
    w.seg("UNZ", &[s("1"), s(&m.reference)]);
    w.out
}

fn write_leg(w: &mut Writer, leg: &Leg) {
    let s = |v: &str| vec![v.to_string()];
    let carrier = leg.carrier.as_deref().unwrap_or("");
    w.seg(
        "TDT",
        &[
            s(TDT_FLIGHT),
            s(&leg.transport_id),
            vec![],
            vec![],
            s(carrier),
        ],
    );
    let places = [
        ("125", "189", &leg.departure, &leg.departure_time),
        ("87", "232", &leg.arrival, &leg.arrival_time),
    ];
    for (loc, dtm, place, time) in places {
        if let Some(p) = place {
            w.seg("LOC", &[s(loc), s(p)]);
        }
        if let Some(t) = time {
            let mut c = vec![dtm.to_string(), t.clone()];
            if t.len() == DATE_TIME_DIGITS {
                c.push(DTM_FORMAT_201.to_string());
            }
            w.seg("DTM", &[c]);
        }
    }
}

fn write_traveller(w: &mut Writer, t: &PaxTraveller, default_role: &str) {
    let s = |v: &str| vec![v.to_string()];
    let role = if t.role.is_empty() {
        default_role
    } else {
        &t.role
    };
    let mut name = vec![t.surname.clone()];
    if !t.given_names.is_empty() {
        name.push(t.given_names.clone());
    }
    w.seg("NAD", &[s(role), vec![], vec![], name]);
    if let Some(sex) = &t.sex {
        w.seg("ATT", &[s("2"), vec![], s(sex)]);
    }
    if let Some(dob) = &t.date_of_birth {
        w.seg("DTM", &[vec!["329".into(), dob.clone()]]);
    }
    let locs = [
        ("174", &t.residence),
        ("178", &t.embarkation),
        ("179", &t.debarkation),
    ];
    for (q, v) in locs {
        if let Some(v) = v {
            w.seg("LOC", &[s(q), s(v)]);
        }
    }
    if let Some(p) = &t.place_of_birth {
        w.seg(
            "LOC",
            &[
                s("180"),
                vec![String::new(), String::new(), String::new(), p.clone()],
            ],
        );
    }
    if let Some(n) = &t.nationality {
        w.seg("NAT", &[s("2"), s(n)]);
    }
    for (q, v) in &t.references {
        w.seg("RFF", &[vec![q.clone(), v.clone()]]);
    }
    for d in &t.documents {
        w.seg(
            "DOC",
            &[s(d.doc_type.as_deref().unwrap_or("")), s(&d.number)],
        );
        if let Some(e) = &d.expiry {
            w.seg("DTM", &[vec!["36".into(), e.clone()]]);
        }
        if let Some(c) = &d.issuing_country {
            w.seg("LOC", &[s("91"), s(c)]);
        }
    }
}

/// Splits a `D:15B`-style composite written by the caller into components (not escaped).
fn split(v: &str) -> Vec<String> {
    v.split(':').map(str::to_string).collect()
}

/// Accumulates segments and counts them.
struct Writer {
    syntax: Syntax,
    out: String,
    count: usize,
}

impl Writer {
    /// Writes one segment; trailing empty components and elements are dropped.
    fn seg(&mut self, tag: &str, elements: &[Vec<String>]) {
        let sy = self.syntax;
        let mut parts: Vec<String> = elements
            .iter()
            .map(|e| {
                let mut comps: Vec<String> = e.iter().map(|c| self.escape(c)).collect();
                while comps.last().is_some_and(String::is_empty) {
                    comps.pop();
                }
                comps.join(&sy.component.to_string())
            })
            .collect();
        while parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
        self.out.push_str(tag);
        for p in parts {
            self.out.push(sy.element);
            self.out.push_str(&p);
        }
        self.out.push(sy.terminator);
        self.out.push('\n');
        self.count += 1;
    }

    fn escape(&self, v: &str) -> String {
        let mut out = String::with_capacity(v.len());
        for c in v.chars() {
            if self.syntax.needs_release(c) {
                if let Some(r) = self.syntax.release {
                    out.push(r);
                }
            }
            out.push(c);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> EncodeMessage {
        EncodeMessage {
            sender: "ZZAIR".into(),
            recipient: "CUSTOMS".into(),
            prepared: "240101:0900".into(),
            reference: "REF1".into(),
            version: "D:15B".into(),
            list: ListKind::Passengers,
            legs: vec![],
            travellers: vec![PaxTraveller {
                surname: "O'NEIL".into(),
                given_names: "A?B+C:D".into(),
                ..PaxTraveller::default()
            }],
            una: true,
        }
    }

    /// Proves the envelope layout, release characters and the UNT count (UNH..UNT inclusive).
    #[test]
    fn layout_and_release() {
        let text = encode(&message());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "UNA:+.? '");
        assert_eq!(lines[1], "UNB+UNOA:4+ZZAIR+CUSTOMS+240101:0900+REF1'");
        assert_eq!(lines[3], "UNH+REF1+PAXLST:D:15B:UN:IATA'");
        assert!(lines.contains(&"NAD+FL+++O?'NEIL:A??B?+C?:D'"), "{text}");
        assert_eq!(lines[lines.len() - 3], "UNT+6+REF1'");
        assert!(text.ends_with("UNZ+1+REF1'\n"));
    }
}
