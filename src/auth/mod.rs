//! Identities: API keys bound to an agency and to roles.
//!
//! A key is written `fl_<key id>_<secret>`: the key id (16 hex digits) is not secret and
//! names the key everywhere (lists, logs, revocation); the secret is 256 random bits from the
//! operating system (64 hex digits). Only the SHA-256 digest of the whole key is stored
//! ([`store`]), the way crates.io stores its tokens: a stolen key file gives no key, and a
//! fast unsalted digest is enough for a random 256-bit secret (a slow KDF protects guessable
//! passwords, not random keys). A presented key is looked up by its id and its digest compared
//! in constant time.
//!
//! Roles: `officer` (person, document and traveller checks, records), `screener` (manifests
//! and screening jobs), `admin` (feeds, jobs, keys). A key may hold several.

pub mod key;
pub mod local;
pub mod store;

pub use key::{Identity, Role};
pub use store::{KeyRecord, KeyStore};
