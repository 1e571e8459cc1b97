//! Screening travellers: the passport desk's traveller check and passenger-manifest screening.
//!
//! - [`mrz`]: ICAO Doc 9303 machine readable zones (TD1, TD2, TD3, MRV-A, MRV-B): tolerant
//!   parsing, every check digit, names, generation.
//! - [`paxlst`]: UN/EDIFACT PAXLST messages (the airlines' API format): tokenizer and message
//!   groups.
//! - [`manifest`]: CSV, JSON and PAXLST manifests read into travellers with their positions.
//! - [`traveller`]: the fields every format gives, validated into one [`Traveller`].
//! - [`check`]: one traveller against persons and documents, with alert and action.
//! - [`batch`]: many travellers on a bounded, low-priority rayon pool, in input order.
//!
//! Data flows `MRZ | manifest -> TravellerFields -> Traveller -> check_traveller (engine API)
//! -> TravellerResult`; a screening is that check in a loop, never a second path into the index.

pub mod batch;
pub mod check;
pub mod manifest;
pub mod mrz;
pub mod paxlst;
pub mod report;
pub mod traveller;

pub use batch::{BatchPool, Screened, Summary};
pub use check::{check_traveller, CheckOptions, TravellerResult};
pub use traveller::{Traveller, TravellerFields};
