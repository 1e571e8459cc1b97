//! Plain data types of the engine: records (persons and travel documents) as ingested from
//! feeds, and the partial dates they carry. No I/O and no index code here.

mod date;
mod record;

pub use date::{Date, PartialDate};
pub use record::{
    admits, caller_terms, visibility_entries, visible, Body, DocStatus, DocType, Gender, Holder,
    IdentityDocument, Kind, Person, Record, Reference, TravelDocument, SHARE_ALL,
};
