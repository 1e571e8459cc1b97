//! Segment groups 2 and 3: a TDT (flight) with its LOC and DTM segments.
//!
//! LOC+125 is the departure and LOC+87 the arrival airport. LOC+92 (progressive or
//! intermediate legs, as in GTAS fixtures) is placed by the DTM that follows it: DTM+189 makes
//! it the departure, DTM+232 the arrival; without a DTM the first LOC+92 departs and the next
//! arrives.

use super::values::value;
use super::{Issue, Leg, Segment};

/// Accumulates one leg.
pub(super) struct LegBuilder {
    leg: Leg,
    pending: Option<String>,
}

impl LegBuilder {
    /// Opens a leg at its TDT.
    pub fn start(tdt: &Segment, w: &mut Vec<Issue>) -> Self {
        let transport_id = value(tdt, 1, 0, "TDT transport id", w).unwrap_or_default();
        if transport_id.is_empty() {
            w.push(Issue::at(
                tdt,
                "TDT transport id",
                "flight has no transport id",
            ));
        }
        LegBuilder {
            leg: Leg {
                transport_id,
                carrier: value(tdt, 4, 0, "TDT carrier", w),
                ..Leg::default()
            },
            pending: None,
        }
    }

    /// Applies a LOC of the leg.
    pub fn loc(&mut self, seg: &Segment, w: &mut Vec<Issue>) {
        self.resolve_pending();
        let place = |field: &str, w: &mut Vec<Issue>| value(seg, 1, 0, field, w);
        match seg.component(0, 0).trim() {
            "125" => self.leg.departure = place("LOC+125 departure", w),
            "87" => self.leg.arrival = place("LOC+87 arrival", w),
            "92" => self.pending = place("LOC+92 airport", w),
            _ => {}
        }
    }

    /// Applies a DTM of the leg.
    pub fn dtm(&mut self, seg: &Segment, w: &mut Vec<Issue>) {
        match seg.component(0, 0).trim() {
            "189" => {
                self.leg.departure_time = value(seg, 0, 1, "DTM+189 departure time", w);
                if let Some(p) = self.pending.take() {
                    self.leg.departure = Some(p);
                }
            }
            "232" => {
                self.leg.arrival_time = value(seg, 0, 1, "DTM+232 arrival time", w);
                if let Some(p) = self.pending.take() {
                    self.leg.arrival = Some(p);
                }
            }
            _ => {}
        }
    }

    /// Closes the leg.
    pub fn finish(mut self) -> Leg {
        self.resolve_pending();
        self.leg
    }

    fn resolve_pending(&mut self) {
        if let Some(p) = self.pending.take() {
            if self.leg.departure.is_none() {
                self.leg.departure = Some(p);
            } else {
                self.leg.arrival = Some(p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokenize;
    use super::*;

    fn run(text: &str) -> (Leg, Vec<Issue>) {
        let segs = tokenize(text).unwrap();
        let mut w = Vec::new();
        let mut b = LegBuilder::start(&segs[0], &mut w);
        for s in &segs[1..] {
            match s.tag.as_str() {
                "LOC" => b.loc(s, &mut w),
                _ => b.dtm(s, &mut w),
            }
        }
        (b.finish(), w)
    }

    /// Proves LOC+125/87 with DTM+189/232 fill the leg and stray spaces are trimmed with a warning.
    #[test]
    fn coded_departure_and_arrival() {
        let (l, w) = run("TDT+20+ZZ123+++ZZ'LOC+125+SYD'DTM+189:1306210900:201'LOC+87+HNL'DTM+232: 1306212200:201'");
        assert_eq!(l.transport_id, "ZZ123");
        assert_eq!(l.carrier.as_deref(), Some("ZZ"));
        assert_eq!(
            (l.departure.as_deref(), l.arrival.as_deref()),
            (Some("SYD"), Some("HNL"))
        );
        assert_eq!(l.arrival_time.as_deref(), Some("1306212200"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].field, "DTM+232 arrival time");
    }

    /// Proves LOC+92 is placed by the following DTM, or by position when there is none.
    #[test]
    fn progressive_loc_92() {
        let (l, _) =
            run("TDT+20+AA1'LOC+92+ATL'DTM+189:0702191540:201'LOC+92+ORD'DTM+232:0702191740:201'");
        assert_eq!(
            (l.departure.as_deref(), l.arrival.as_deref()),
            (Some("ATL"), Some("ORD"))
        );
        let (l, _) = run("TDT+20+AA1'LOC+92+ATL'LOC+92+ORD'");
        assert_eq!(
            (l.departure.as_deref(), l.arrival.as_deref()),
            (Some("ATL"), Some("ORD"))
        );
    }
}
