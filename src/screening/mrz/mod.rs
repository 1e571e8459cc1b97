//! Machine readable zones (ICAO Doc 9303, 8th edition): read the MRZ of a
//! passport, ID card or visa as a scanner or an officer sends it, check every
//! check digit, and turn the name into person-search queries; and write MRZs
//! from field values for tests.
//!
//! Data flow of [`parse()`]: text -> [`normalize`] (characters, lines, layout,
//! with warnings) -> fields cut at the positions of [`layout`] -> check digits
//! ([`check`]), dates ([`date`]), names ([`names`]) -> [`Mrz`]. [`Mrz::name_readings`]
//! ([`readings`]) gives the name with Doc 9303 transliterations undone.
//! [`encode()`] goes the other way, transliterating names with
//! [`transliterate`].
//!
//! The module uses only `std` and never reads the clock: pass [`Today`].
//!
//! ```
//! use frontline::screening::mrz::{parse, Today};
//!
//! let today = Today { year: 2026, month: 12, day: 1 };
//! let mrz = parse(
//!     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
//!      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
//!     today,
//! )
//! .unwrap();
//! assert_eq!(mrz.format.as_str(), "TD3");
//! assert_eq!(mrz.document_number, "L898902C3");
//! assert_eq!(mrz.date_of_birth.year, Some(1974));
//! assert_eq!(mrz.name(), "ERIKSSON ANNA MARIA");
//! assert!(mrz.valid());
//! ```

pub mod check;
pub mod date;
pub mod encode;
pub mod error;
pub mod layout;
pub mod names;
pub mod normalize;
pub mod parse;
pub mod readings;
pub mod translit;

#[cfg(test)]
mod specimen_tests;
#[cfg(test)]
mod tolerance_tests;

pub use check::check_digit;
pub use date::{resolve_birth_date_year, resolve_birth_year, resolve_expiry_year, MrzDate, Today};
pub use encode::{encode, MrzFields};
pub use error::MrzError;
pub use layout::MrzFormat;
pub use normalize::looks_like_mrz;
pub use parse::{parse, CheckDigit, Mrz};
pub use translit::transliterate;
