//! The PAXLST data the reader produces and the encoder consumes.
//!
//! Values are kept as sent (trimmed): dates stay raw `YYMMDD` / `YYMMDDHHMM` because only the
//! caller knows which century a two-digit year means, and codes are not re-mapped.

use super::Issue;

/// BGM element 1: what kind of list the message carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListKind {
    /// `BGM+745`: passenger list.
    Passengers,
    /// `BGM+250`: crew list.
    Crew,
    /// Any other document code as sent (266 flight status, 336 master crew list, 655 ...);
    /// empty when the message has no BGM.
    Other(String),
}

/// BGM code of a passenger list.
pub const BGM_PASSENGERS: &str = "745";
/// BGM code of a crew list.
pub const BGM_CREW: &str = "250";

impl ListKind {
    /// Maps a BGM document code to a list kind.
    pub fn from_code(code: &str) -> ListKind {
        match code {
            BGM_PASSENGERS => ListKind::Passengers,
            BGM_CREW => ListKind::Crew,
            other => ListKind::Other(other.to_string()),
        }
    }

    /// The BGM document code of this kind.
    pub fn code(&self) -> &str {
        match self {
            ListKind::Passengers => BGM_PASSENGERS,
            ListKind::Crew => BGM_CREW,
            ListKind::Other(code) => code,
        }
    }
}

/// One flight leg: a TDT and its LOC/DTM group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leg {
    /// TDT element 2, the flight, e.g. `ZZ123`.
    pub transport_id: String,
    /// TDT element 5, the carrier code, e.g. `ZZ`.
    pub carrier: Option<String>,
    /// LOC+125 (or the departing LOC+92) airport.
    pub departure: Option<String>,
    /// Raw DTM+189 value, trimmed, e.g. `1306210900`.
    pub departure_time: Option<String>,
    /// LOC+87 (or the arriving LOC+92) airport.
    pub arrival: Option<String>,
    /// Raw DTM+232 value, trimmed.
    pub arrival_time: Option<String>,
}

/// A DOC group: one travel document of a traveller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TravelDocument {
    /// DOC element 1 component 1 (P, V, I, ...); `None` when empty (`DOC++448763368`).
    pub doc_type: Option<String>,
    /// DOC element 2, the document number.
    pub number: String,
    /// DTM+36 raw `YYMMDD`.
    pub expiry: Option<String>,
    /// LOC+91 issuing country code (alpha-3).
    pub issuing_country: Option<String>,
}

/// One traveller: a NAD+FL/FM/DDT/DDU group with its attributes and documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaxTraveller {
    /// Segment number of the traveller's NAD.
    pub segment: usize,
    /// NAD qualifier: FL passenger, FM crew, DDU in-transit passenger, DDT in-transit crew.
    pub role: String,
    /// NAD element 4 component 1.
    pub surname: String,
    /// Given and further given names joined by one space; trimmed.
    pub given_names: String,
    /// ATT+2 value (M, F, X or U as sent).
    pub sex: Option<String>,
    /// DTM+329 raw `YYMMDD`.
    pub date_of_birth: Option<String>,
    /// NAT+2 alpha-3 code.
    pub nationality: Option<String>,
    /// Documents in order; the first is the primary.
    pub documents: Vec<TravelDocument>,
    /// RFF qualifier and value (AVF, ABO, SEA, ...), in order.
    pub references: Vec<(String, String)>,
    /// LOC+180 (code or free text).
    pub place_of_birth: Option<String>,
    /// LOC+174 country of residence.
    pub residence: Option<String>,
    /// LOC+178 port of embarkation.
    pub embarkation: Option<String>,
    /// LOC+179 port of debarkation.
    pub debarkation: Option<String>,
}

/// A parsed PAXLST interchange (one or more UNH..UNT messages, concatenated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paxlst {
    /// UNH S009 version and release, e.g. `D:15B`.
    pub syntax_version: Option<String>,
    /// UNH message reference of the first message.
    pub message_reference: Option<String>,
    /// The list kind from BGM.
    pub list: ListKind,
    /// Legs of every message, in order.
    pub legs: Vec<Leg>,
    /// Travellers in input order; a traveller with a bad segment is an `Err` naming it.
    pub travellers: Vec<Result<PaxTraveller, Issue>>,
    /// CNT+42 (passengers) or CNT+41 (crew): the total for the flight, not this message.
    pub declared_total: Option<u64>,
    /// Tolerated irregularities, in segment order.
    pub warnings: Vec<Issue>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proves BGM codes map both ways and unknown codes are kept.
    #[test]
    fn list_kind_codes() {
        assert_eq!(ListKind::from_code("745"), ListKind::Passengers);
        assert_eq!(ListKind::from_code("250"), ListKind::Crew);
        assert_eq!(ListKind::from_code("336"), ListKind::Other("336".into()));
        assert_eq!(ListKind::Other("266".into()).code(), "266");
        assert_eq!(ListKind::Crew.code(), "250");
    }
}
