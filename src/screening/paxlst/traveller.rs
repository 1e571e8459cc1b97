//! Segment group 4 (NAD+FL/FM/DDT/DDU and its ATT, DTM, LOC, NAT, RFF ...) and its nested
//! group 5 (DOC, DTM, LOC): one traveller, validated segment by segment.
//!
//! The first invalid segment makes the traveller an `Err` naming that segment; later
//! segments of the same traveller are still consumed (and may add warnings) so the next
//! traveller starts cleanly. Segments out of the guide's order are applied anyway, with one
//! warning per traveller.

use super::values::{is_alpha3, is_sex_code, is_yymmdd, value};
use super::{Issue, PaxTraveller, Segment, TravelDocument};

/// NAD qualifiers that open a traveller: passenger, crew, in-transit crew, in-transit passenger.
pub const TRAVELLER_ROLES: [&str; 4] = ["FL", "FM", "DDT", "DDU"];
/// Components of NAD C080 that carry names (family name, then given names).
const NAME_COMPONENTS: usize = 5;

/// Guide order of group 4 segments after NAD (DOC opens group 5 and comes last).
const GROUP4_ORDER: [&str; 11] = [
    "ATT", "DTM", "MEA", "GEI", "FTX", "LOC", "COM", "EMP", "NAT", "RFF", "DOC",
];
/// Guide order of group 5 segments after DOC.
const GROUP5_ORDER: [&str; 4] = ["DTM", "GEI", "RFF", "LOC"];
/// Accepted in a traveller and ignored without comment.
const IGNORED: [&str; 9] = [
    "MEA", "GEI", "FTX", "COM", "EMP", "GIS", "CPI", "QTY", "CTA",
];

/// Accumulates one traveller.
pub(super) struct TravellerBuilder {
    traveller: PaxTraveller,
    error: Option<Issue>,
    rank: usize,
    doc_rank: usize,
    in_doc: bool,
    order_warned: bool,
}

impl TravellerBuilder {
    /// Opens a traveller at its NAD (whose qualifier is one of [`TRAVELLER_ROLES`]).
    pub fn start(nad: &Segment, w: &mut Vec<Issue>) -> Self {
        let mut b = TravellerBuilder {
            traveller: PaxTraveller {
                segment: nad.number,
                role: nad.component(0, 0).trim().to_string(),
                ..PaxTraveller::default()
            },
            error: None,
            rank: 0,
            doc_rank: 0,
            in_doc: false,
            order_warned: false,
        };
        let surname = value(nad, 3, 0, "NAD name", w);
        let given: Vec<String> = (1..NAME_COMPONENTS)
            .filter_map(|c| value(nad, 3, c, "NAD name", w))
            .collect();
        b.traveller.given_names = given.join(" ");
        match surname {
            None => b.fail(Issue::at(nad, "NAD name", "traveller has no surname")),
            Some(s) => b.traveller.surname = s,
        }
        let t = &b.traveller;
        if t.surname
            .chars()
            .chain(t.given_names.chars())
            .any(char::is_lowercase)
        {
            w.push(Issue::at(
                nad,
                "NAD name",
                format!(
                    "name '{} {}' is not upper case; kept as sent",
                    t.surname, t.given_names
                ),
            ));
        }
        b
    }

    /// Applies one segment of the traveller's group (anything but NAD/TDT/CNT/UNT).
    pub fn accept(&mut self, seg: &Segment, w: &mut Vec<Issue>) {
        let qualifier = seg.component(0, 0).trim();
        let tag = seg.tag.as_str();
        let doc_level = self.in_doc
            && match tag {
                "DOC" | "GEI" | "RFF" | "CPI" | "QTY" | "GIS" => true,
                "DTM" => qualifier != "329",
                "LOC" => qualifier == "91",
                _ => false,
            };
        if doc_level {
            let rank = GROUP5_ORDER.iter().position(|t| *t == tag);
            if let Some(rank) = rank {
                if rank < self.doc_rank {
                    self.out_of_order(seg, w);
                }
                self.doc_rank = rank;
            }
        } else if let Some(rank) = GROUP4_ORDER.iter().position(|t| *t == tag) {
            if rank < self.rank || (self.in_doc && tag != "DOC") {
                self.out_of_order(seg, w);
            }
            self.rank = self.rank.max(rank);
        }
        match tag {
            "ATT" => self.att(seg, qualifier, w),
            "DTM" => self.dtm(seg, qualifier, w),
            "LOC" => self.loc(seg, qualifier, w),
            "NAT" => self.nat(seg, qualifier, w),
            "RFF" => self.rff(seg, w),
            "DOC" => self.doc(seg, w),
            t if IGNORED.contains(&t) => {}
            _ => w.push(Issue::at(
                seg,
                "segment",
                format!(
                    "unknown segment '{}' in a traveller group; skipped",
                    seg.tag
                ),
            )),
        }
    }

    /// Closes the traveller: `Err` with the first problem found, else the traveller.
    pub fn finish(self) -> Result<PaxTraveller, Issue> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.traveller),
        }
    }

    fn fail(&mut self, issue: Issue) {
        self.error.get_or_insert(issue);
    }

    fn out_of_order(&mut self, seg: &Segment, w: &mut Vec<Issue>) {
        if !self.order_warned {
            self.order_warned = true;
            w.push(Issue::at(
                seg,
                "segment order",
                format!(
                    "{} is out of the guide's group order for the traveller at segment {}; applied anyway",
                    seg.tag, self.traveller.segment
                ),
            ));
        }
    }

    fn att(&mut self, seg: &Segment, qualifier: &str, w: &mut Vec<Issue>) {
        if qualifier != "2" {
            return;
        }
        match value(seg, 2, 0, "ATT+2 sex", w) {
            None => w.push(Issue::at(seg, "ATT+2 sex", "empty sex code ignored")),
            Some(v) if is_sex_code(&v) => set_once(&mut self.traveller.sex, v, seg, "ATT+2 sex", w),
            Some(v) => self.fail(Issue::at(
                seg,
                "ATT+2 sex",
                format!("sex '{v}' is not one of M, F, X, U"),
            )),
        }
    }

    fn dtm(&mut self, seg: &Segment, qualifier: &str, w: &mut Vec<Issue>) {
        match qualifier {
            "329" => {
                let field = "DTM+329 date of birth";
                match value(seg, 0, 1, field, w) {
                    Some(v) if is_yymmdd(&v) => {
                        set_once(&mut self.traveller.date_of_birth, v, seg, field, w)
                    }
                    v => self.fail(Issue::at(
                        seg,
                        field,
                        format!("date of birth '{}' is not YYMMDD", v.unwrap_or_default()),
                    )),
                }
            }
            "36" => {
                let field = "DTM+36 expiry date";
                let v = value(seg, 0, 1, field, w);
                let Some(doc) = self.doc_or_warn(seg, field, w) else {
                    return;
                };
                match v {
                    Some(v) if is_yymmdd(&v) => doc.expiry = Some(v),
                    v => w.push(Issue::at(
                        seg,
                        field,
                        format!("expiry '{}' is not YYMMDD; ignored", v.unwrap_or_default()),
                    )),
                }
            }
            _ => {}
        }
    }

    fn loc(&mut self, seg: &Segment, qualifier: &str, w: &mut Vec<Issue>) {
        if qualifier == "91" {
            let field = "LOC+91 issuing country";
            let v = value(seg, 1, 0, field, w);
            if let Some(v) = &v {
                if !is_alpha3(v) {
                    self.fail(Issue::at(
                        seg,
                        field,
                        format!("issuing country '{v}' is not three letters A-Z"),
                    ));
                }
            }
            if let Some(doc) = self.doc_or_warn(seg, field, w) {
                doc.issuing_country = v;
            }
            return;
        }
        let (slot, field) = match qualifier {
            "174" => (&mut self.traveller.residence, "LOC+174 residence"),
            "178" => (&mut self.traveller.embarkation, "LOC+178 embarkation"),
            "179" => (&mut self.traveller.debarkation, "LOC+179 debarkation"),
            "180" => (&mut self.traveller.place_of_birth, "LOC+180 place of birth"),
            _ => return,
        };
        // A coded location, else the free-text place name in the 4th component.
        if let Some(v) = value(seg, 1, 0, field, w).or_else(|| value(seg, 1, 3, field, w)) {
            set_once(slot, v, seg, field, w);
        }
    }

    fn nat(&mut self, seg: &Segment, qualifier: &str, w: &mut Vec<Issue>) {
        if qualifier != "2" {
            return;
        }
        let field = "NAT+2 nationality";
        match value(seg, 1, 0, field, w) {
            None => w.push(Issue::at(seg, field, "empty nationality ignored")),
            Some(v) if is_alpha3(&v) => set_once(&mut self.traveller.nationality, v, seg, field, w),
            Some(v) => self.fail(Issue::at(
                seg,
                field,
                format!("nationality '{v}' is not three letters A-Z"),
            )),
        }
    }

    fn rff(&mut self, seg: &Segment, w: &mut Vec<Issue>) {
        let q = value(seg, 0, 0, "RFF qualifier", w).unwrap_or_default();
        match value(seg, 0, 1, "RFF value", w) {
            Some(v) => self.traveller.references.push((q, v)),
            None => w.push(Issue::at(seg, "RFF value", "empty reference ignored")),
        }
    }

    fn doc(&mut self, seg: &Segment, w: &mut Vec<Issue>) {
        self.in_doc = true;
        self.doc_rank = 0;
        let doc_type = value(seg, 0, 0, "DOC type", w);
        let number = value(seg, 1, 0, "DOC number", w);
        if number.is_none() {
            self.fail(Issue::at(seg, "DOC number", "document has no number"));
        }
        self.traveller.documents.push(TravelDocument {
            doc_type,
            number: number.unwrap_or_default(),
            ..TravelDocument::default()
        });
    }

    /// The open document for a group 5 segment; warns when there is none.
    fn doc_or_warn(
        &mut self,
        seg: &Segment,
        field: &str,
        w: &mut Vec<Issue>,
    ) -> Option<&mut TravelDocument> {
        if !self.in_doc {
            w.push(Issue::at(seg, field, "no DOC before this segment; ignored"));
            return None;
        }
        self.traveller.documents.last_mut()
    }
}

/// Sets a single-valued field; a second, different value is reported and dropped.
fn set_once(slot: &mut Option<String>, v: String, seg: &Segment, field: &str, w: &mut Vec<Issue>) {
    match slot {
        Some(old) if *old != v => w.push(Issue::at(
            seg,
            field,
            format!("repeated with '{v}'; first value '{old}' kept"),
        )),
        Some(_) => {}
        None => *slot = Some(v),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokenize;
    use super::*;

    fn run(text: &str) -> (Result<PaxTraveller, Issue>, Vec<Issue>) {
        let segs = tokenize(text).unwrap();
        let mut w = Vec::new();
        let mut b = TravellerBuilder::start(&segs[0], &mut w);
        for s in &segs[1..] {
            b.accept(s, &mut w);
        }
        (b.finish(), w)
    }

    /// Proves a complete group 4/5 is read into every field, with no warnings.
    #[test]
    fn full_traveller() {
        let (t, w) = run("NAD+FL+++WILLIAMS:JOHN:DONALD+1 ROAD'ATT+2++M'DTM+329:720907'\
            LOC+174+GBR'LOC+180+:::AMBER HILL'NAT+2+GBR'RFF+SEA:14C'DOC+P+MB1'DTM+36:151231'LOC+91+GBR'");
        let t = t.unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            (t.surname.as_str(), t.given_names.as_str()),
            ("WILLIAMS", "JOHN DONALD")
        );
        assert_eq!(t.sex.as_deref(), Some("M"));
        assert_eq!(t.place_of_birth.as_deref(), Some("AMBER HILL"));
        assert_eq!(t.references, vec![("SEA".to_string(), "14C".to_string())]);
        assert_eq!(t.documents[0].expiry.as_deref(), Some("151231"));
        assert_eq!(t.documents[0].issuing_country.as_deref(), Some("GBR"));
    }

    /// Proves each validation rule fails the traveller with the field named.
    #[test]
    fn validation_errors_name_the_field() {
        let cases = [
            ("NAD+FL+++:JOHN'", "NAD name", 1),
            ("NAD+FL+++A'DTM+329:72093'", "DTM+329 date of birth", 2),
            ("NAD+FL+++A'DTM+329:721332'", "DTM+329 date of birth", 2),
            ("NAD+FL+++A'DOC+P'", "DOC number", 2),
            ("NAD+FL+++A'NAT+2+GB'", "NAT+2 nationality", 2),
            (
                "NAD+FL+++A'DOC+P+1'LOC+91+G1R'",
                "LOC+91 issuing country",
                3,
            ),
            ("NAD+FL+++A'ATT+2++MALE'", "ATT+2 sex", 2),
        ];
        for (text, field, segment) in cases {
            let e = run(text).0.unwrap_err();
            assert_eq!((e.field.as_str(), e.segment), (field, segment), "{text}");
        }
    }

    /// Proves unknown qualifiers and the normal ignored segments pass silently, while an
    /// unknown tag is a warning.
    #[test]
    fn ignored_and_unknown_segments() {
        let (t, w) = run("NAD+FM+++A'ATT+1++X'MEA+CT++:2'GEI+4+174'FTX+BAG+++Z:3'LOC+22+HNL'COM+1:TE'EMP+1+CR1:110:111'XYZ+1'");
        assert!(t.is_ok());
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].tag.as_str(), w[0].segment), ("XYZ", 9));
    }

    /// Proves segments after DOC that belong to the traveller are applied with one warning.
    #[test]
    fn late_group4_segments_applied() {
        let (t, w) = run("NAD+FL+++A'DOC+P+1'NAT+2+GBR'LOC+178+SYD'DTM+329:720907'");
        let t = t.unwrap();
        assert_eq!(t.nationality.as_deref(), Some("GBR"));
        assert_eq!(t.embarkation.as_deref(), Some("SYD"));
        assert_eq!(t.date_of_birth.as_deref(), Some("720907"));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].field, "segment order");
    }
}
