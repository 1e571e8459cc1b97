//! UN/EDIFACT PAXLST (Advance Passenger Information) manifests: reading and writing.
//!
//! Data flows text -> [`tokenize`] (UNA advice, release character, segment numbers) ->
//! envelope (UNB/UNG/UNE/UNZ counts) -> message (BGM, TDT legs, NAD traveller groups, CNT,
//! UNT count) -> [`Paxlst`]. The reader is tolerant the way real interchanges need: a wrong
//! UNT count, a missing envelope, stray spaces, out-of-order or unknown segments are
//! [`Paxlst::warnings`]; a traveller with a bad segment is an `Err` entry in
//! [`Paxlst::travellers`] that names the segment, so it is never silently dropped. [`parse`]
//! fails only when the input holds no PAXLST message at all. [`encode`] writes interchanges
//! for test manifests. Dates stay raw (`YYMMDD`): the caller resolves the century.
//!
//! Files: `syntax` (UNA), `tokenize`, `envelope` (and [`parse`]), `message`, `leg`,
//! `traveller`, `values` (field checks), `model` (the types), `encode`, `issue`.
//!
//! ```
//! use frontline::screening::paxlst::{parse, ListKind};
//! let text = "UNH+1+PAXLST:D:15B:UN:IATA'BGM+745'TDT+20+ZZ123+++ZZ'\
//!             NAD+FL+++O?'NEIL:MARY'DTM+329:720907'DOC+P+MB140241'CNT+42:1'UNT+8+1'";
//! let manifest = parse(text).unwrap();
//! assert_eq!(manifest.list, ListKind::Passengers);
//! let mary = manifest.travellers[0].as_ref().unwrap();
//! assert_eq!((mary.surname.as_str(), mary.given_names.as_str()), ("O'NEIL", "MARY"));
//! assert_eq!(mary.documents[0].number, "MB140241");
//! // Only the missing UNB and UNG envelope are reported.
//! assert_eq!(manifest.warnings.len(), 2);
//! ```

mod encode;
mod envelope;
mod issue;
mod leg;
mod message;
mod model;
mod syntax;
mod tokenize;
mod traveller;
mod values;

#[cfg(test)]
mod tests;

pub use encode::{encode, EncodeMessage};
pub use envelope::parse;
pub use issue::Issue;
pub use model::{Leg, ListKind, PaxTraveller, Paxlst, TravelDocument};
pub use syntax::Syntax;
pub use tokenize::{tokenize, Segment};
