//! The key format, its generation and digest, roles and the identity a key proves.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// Prefix of every key (also lets a leaked key be recognised by scanners).
pub const PREFIX: &str = "fl_";
/// Hex digits of a key id (64 bits).
pub const ID_HEX: usize = 16;
/// Hex digits of a secret (256 bits).
pub const SECRET_HEX: usize = 64;

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(utoipa::ToSchema)]
pub enum Role {
    /// Person, document and traveller checks, records.
    Officer,
    /// Manifests and screening jobs.
    Screener,
    /// Feeds, ingest jobs, keys.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Officer, Role::Screener, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Officer => "officer",
            Role::Screener => "screener",
            Role::Admin => "admin",
        }
    }

    /// Reads a comma-separated list such as `officer,screener`: at least one role, each
    /// known (case-insensitive), returned sorted and without repeats. An unknown role is an
    /// error naming it, never ignored.
    pub fn parse_list(text: &str) -> Result<Vec<Role>> {
        let mut roles = Vec::new();
        for part in text.split(',').map(str::trim) {
            let role = Role::ALL
                .into_iter()
                .find(|r| r.as_str().eq_ignore_ascii_case(part))
                .ok_or_else(|| Error::InvalidInput {
                    field: "roles",
                    message: format!(
                        "unknown role {part:?}; the roles are officer, screener and admin"
                    ),
                })?;
            roles.push(role);
        }
        roles.sort();
        roles.dedup();
        Ok(roles)
    }
}

/// Who is asking: the key that proved it, its agency and roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub key_id: String,
    pub agency: String,
    pub roles: Vec<Role>,
}

impl Identity {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The local operator's key (agency `LOCAL`): its admin role covers every agency.
    pub fn is_global(&self) -> bool {
        self.agency == super::local::LOCAL_AGENCY
    }

    /// May this key administer what belongs to `agency` (its keys, its feeds, their jobs)?
    /// Its own agency's, or everyone's for the local operator.
    pub fn manages(&self, agency: &str) -> bool {
        self.is_global() || self.agency == agency
    }
}

/// Checks an agency code: 2 to 32 of `A-Z`, `0-9`, `-`, `_` (e.g. `FRA-NCB`, `EUROPOL`).
pub fn check_agency(code: &str) -> Result<()> {
    if crate::feeds::valid_code(code) {
        Ok(())
    } else {
        Err(Error::InvalidInput {
            field: "agency",
            message: format!("{code:?} is not an agency code (2-32 of A-Z, 0-9, '-', '_')"),
        })
    }
}

/// A new key: its id and the whole key text (shown once, never stored).
pub fn generate() -> Result<(String, String)> {
    let mut bytes = [0u8; ID_HEX / 2 + SECRET_HEX / 2];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Internal(format!("no randomness from the system: {e}")))?;
    let (id, secret) = bytes.split_at(ID_HEX / 2);
    let id = crate::digest::hex(id);
    let key = format!("{PREFIX}{id}_{}", crate::digest::hex(secret));
    Ok((id, key))
}

/// The key id of a well-formed key, or `None`.
pub fn key_id(key: &str) -> Option<&str> {
    let rest = key.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    let hex_of = |s: &str, n: usize| {
        s.len() == n
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    (hex_of(id, ID_HEX) && hex_of(secret, SECRET_HEX)).then_some(id)
}

/// The stored form of a key: SHA-256 of its text, in hex.
pub fn digest(key: &str) -> String {
    crate::digest::sha256_hex(key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_random_well_formed_and_named_by_its_id() {
        let (id, key) = generate().unwrap();
        let (id2, key2) = generate().unwrap();
        assert_ne!((&id, &key), (&id2, &key2));
        assert_eq!(key.len(), PREFIX.len() + ID_HEX + 1 + SECRET_HEX);
        assert_eq!(key_id(&key), Some(id.as_str()));
        assert!(key.starts_with(&format!("fl_{id}_")));
        assert_eq!(digest(&key).len(), 64);
        assert_ne!(digest(&key), digest(&key2));
        // one changed secret digit changes the digest; the id stays
        let mut other = key.clone().into_bytes();
        let last = other.len() - 1;
        other[last] = if other[last] == b'0' { b'1' } else { b'0' };
        let other = String::from_utf8(other).unwrap();
        assert_eq!(key_id(&other), Some(id.as_str()));
        assert_ne!(digest(&other), digest(&key));
    }

    #[test]
    fn malformed_keys_have_no_id() {
        let (_, key) = generate().unwrap();
        for bad in [
            "",
            "fl_",
            &key[..key.len() - 1],
            &format!("{key}0"),
            &key.to_uppercase(),
            &key.replacen("fl_", "xx_", 1),
            &key.replacen('_', "-", 2),
        ] {
            assert_eq!(key_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn roles_and_agencies_are_checked() {
        assert_eq!(
            Role::parse_list("screener, Officer,officer").unwrap(),
            vec![Role::Officer, Role::Screener]
        );
        for bad in ["", "officer,", "oficer", "root"] {
            let e = Role::parse_list(bad).unwrap_err().to_string();
            assert!(e.contains("unknown role"), "{bad:?}: {e}");
        }
        check_agency("FRA-NCB").unwrap();
        check_agency("EUROPOL").unwrap();
        for bad in ["", "E", "europol", "FRA NCB", &"X".repeat(33)] {
            assert!(check_agency(bad).is_err(), "{bad:?}");
        }
    }
}
