//! The key store: `<data dir>/keys.json`, the digests of the data directory's API keys.
//!
//! Every change (create, revoke) takes an exclusive lock on `keys.lock`, re-reads the file,
//! changes it and replaces it atomically (write, sync, rename), so the CLI and a running
//! server may both change keys. A reader re-reads the file whenever its modification time or
//! size changed, so a key revoked by `frontline keys revoke` stops working at once in a
//! running server, without a restart. The file never holds a key, only its SHA-256 digest.

use super::key::{self, check_agency, Identity, Role};
use crate::fsutil::{io_error, lock_exclusive, write_atomic};
use crate::jobs::store::now_rfc3339;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;
use subtle::ConstantTimeEq;

/// The key file in the data directory.
pub const KEYS_FILE: &str = "keys.json";
/// Locked while the key file is changed.
const LOCK_FILE: &str = "keys.lock";
/// Longest label of a key.
pub const MAX_LABEL: usize = 200;

/// One key as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRecord {
    /// The key id: public, names the key in lists, logs and revocation.
    pub id: String,
    /// The agency the key acts for.
    pub agency: String,
    pub roles: Vec<Role>,
    /// SHA-256 of the whole key, in hex.
    pub digest: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// What the key is for, as its creator wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// RFC 3339 UTC; a revoked key proves nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    keys: Vec<KeyRecord>,
}

/// Why a presented key proves nothing. Callers answer every case the same way (401), so
/// that a caller learns nothing about which keys exist; the reason is for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Not of the form `fl_<id>_<secret>`.
    Malformed,
    /// No key has that id, or its secret does not match.
    Unknown,
    Revoked,
}

/// What the reader last loaded, and the file's stamp then.
#[derive(Default)]
struct Loaded {
    stamp: Option<(SystemTime, u64)>,
    keys: Vec<KeyRecord>,
}

/// The keys of one data directory.
pub struct KeyStore {
    path: PathBuf,
    lock_path: PathBuf,
    loaded: Mutex<Loaded>,
}

impl KeyStore {
    /// Opens the store of `data_dir` (an absent file holds no keys; a malformed one is an
    /// error naming it, never an empty store).
    pub fn open(data_dir: &Path) -> Result<KeyStore> {
        let store = KeyStore {
            path: data_dir.join(KEYS_FILE),
            lock_path: data_dir.join(LOCK_FILE),
            loaded: Mutex::new(Loaded::default()),
        };
        store.with_current(|_| ())?;
        Ok(store)
    }

    /// Runs `f` over the keys as the file holds them now (re-read only if it changed since
    /// last time: a request's verification costs one `stat`, no copy).
    fn with_current<T>(&self, f: impl FnOnce(&[KeyRecord]) -> T) -> Result<T> {
        let mut loaded = self.loaded.lock().unwrap_or_else(|p| p.into_inner());
        let stamp = match std::fs::metadata(&self.path) {
            Ok(m) => Some((m.modified().map_err(io_error(&self.path))?, m.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(&self.path)(e)),
        };
        if stamp != loaded.stamp || stamp.is_none() {
            loaded.keys = self.read()?.keys;
            loaded.stamp = stamp;
        }
        Ok(f(&loaded.keys))
    }

    fn read(&self) -> Result<KeyFile> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::Internal(format!(
                    "the key file {} is malformed: {e}",
                    self.path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(KeyFile::default()),
            Err(e) => Err(io_error(&self.path)(e)),
        }
    }

    /// Changes the file under its lock; returns what `change` returned.
    fn change<T>(&self, change: impl FnOnce(&mut Vec<KeyRecord>) -> Result<T>) -> Result<T> {
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock_path)
            .map_err(io_error(&self.lock_path))?;
        if !lock_exclusive(&lock, true) {
            return Err(Error::Internal(format!(
                "cannot lock {}",
                self.lock_path.display()
            )));
        }
        let mut file = self.read()?;
        let out = change(&mut file.keys)?;
        let text = serde_json::to_vec_pretty(&file)
            .map_err(|e| Error::Internal(format!("key file: {e}")))?;
        let tmp = self.path.with_extension("json.tmp");
        write_atomic(&self.path, &tmp, &text, true)?;
        restrict(&self.path);
        // the next read sees the change even within the file system's timestamp resolution
        self.loaded.lock().unwrap_or_else(|p| p.into_inner()).stamp = None;
        Ok(out)
    }

    /// Creates a key for `agency` with `roles`; returns its record and the key itself, which
    /// exists nowhere else: show it once.
    pub fn create(
        &self,
        agency: &str,
        roles: &[Role],
        label: Option<&str>,
    ) -> Result<(KeyRecord, String)> {
        check_agency(agency)?;
        if roles.is_empty() {
            return Err(Error::InvalidInput {
                field: "roles",
                message: "a key needs at least one role (officer, screener, admin)".into(),
            });
        }
        if label.is_some_and(|l| l.len() > MAX_LABEL || l.chars().any(char::is_control)) {
            return Err(Error::InvalidInput {
                field: "label",
                message: format!("at most {MAX_LABEL} bytes, no control characters"),
            });
        }
        let mut roles = roles.to_vec();
        roles.sort();
        roles.dedup();
        let (id, key) = key::generate()?;
        let record = KeyRecord {
            id,
            agency: agency.to_string(),
            roles,
            digest: key::digest(&key),
            created_at: now_rfc3339(),
            label: label.map(str::to_string),
            revoked_at: None,
        };
        self.change(|keys| {
            keys.push(record.clone());
            Ok(())
        })?;
        Ok((record, key))
    }

    /// Every key, oldest first, revoked ones included.
    pub fn list(&self) -> Result<Vec<KeyRecord>> {
        self.with_current(<[KeyRecord]>::to_vec)
    }

    /// Revokes key `id` (again: no change); it stops working at once.
    pub fn revoke(&self, id: &str) -> Result<KeyRecord> {
        self.change(|keys| {
            let k = keys
                .iter_mut()
                .find(|k| k.id == id)
                .ok_or_else(|| Error::NoSuchKey(id.to_string()))?;
            if k.revoked_at.is_none() {
                k.revoked_at = Some(now_rfc3339());
            }
            Ok(k.clone())
        })
    }

    /// Who a presented key proves to be.
    pub fn verify(&self, presented: &str) -> std::result::Result<Identity, Denied> {
        let id = key::key_id(presented).ok_or(Denied::Malformed)?;
        let digest = key::digest(presented);
        let found = self.with_current(|keys| {
            let record = keys.iter().find(|k| k.id == id).ok_or(Denied::Unknown)?;
            if !bool::from(digest.as_bytes().ct_eq(record.digest.as_bytes())) {
                return Err(Denied::Unknown);
            }
            if record.revoked_at.is_some() {
                return Err(Denied::Revoked);
            }
            Ok(Identity {
                key_id: record.id.clone(),
                agency: record.agency.clone(),
                roles: record.roles.clone(),
            })
        });
        found.unwrap_or_else(|e| {
            tracing::error!(error = %e, "cannot read the key store");
            Err(Denied::Unknown)
        })
    }
}

/// Owner-only permissions on a file of secrets' digests (best effort).
fn restrict(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_key_proves_its_agency_and_roles_until_revoked() {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyStore::open(dir.path()).unwrap();
        assert!(store.list().unwrap().is_empty());
        let (rec, key) = store
            .create("FRA-NCB", &[Role::Screener, Role::Officer], Some("desk 4"))
            .unwrap();
        assert_eq!(rec.roles, vec![Role::Officer, Role::Screener]);
        let who = store.verify(&key).unwrap();
        assert_eq!(
            (who.key_id.as_str(), who.agency.as_str()),
            (rec.id.as_str(), "FRA-NCB")
        );
        assert!(who.has(Role::Officer) && !who.has(Role::Admin));
        // the file holds the digest, never the key or its secret
        let file = std::fs::read_to_string(dir.path().join(KEYS_FILE)).unwrap();
        let secret = key.rsplit('_').next().unwrap();
        assert!(!file.contains(secret), "{file}");
        assert!(file.contains(&rec.digest));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEYS_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // a wrong secret under a real id, a made-up key, garbage
        let (_, other) = key::generate().unwrap();
        let forged = format!("fl_{}_{}", rec.id, other.rsplit('_').next().unwrap());
        assert_eq!(store.verify(&forged), Err(Denied::Unknown));
        assert_eq!(store.verify(&other), Err(Denied::Unknown));
        assert_eq!(store.verify("Bearer x"), Err(Denied::Malformed));
        // revoked through another handle (another process): this one sees it at once
        let cli = KeyStore::open(dir.path()).unwrap();
        let revoked = cli.revoke(&rec.id).unwrap();
        assert!(revoked.revoked_at.is_some());
        assert_eq!(store.verify(&key), Err(Denied::Revoked));
        assert_eq!(cli.revoke(&rec.id).unwrap().revoked_at, revoked.revoked_at);
        assert!(matches!(
            cli.revoke("0000000000000000"),
            Err(Error::NoSuchKey(_))
        ));
        assert_eq!(store.list().unwrap().len(), 1);
    }

    #[test]
    fn bad_keys_and_a_bad_key_file_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyStore::open(dir.path()).unwrap();
        assert!(store.create("fra", &[Role::Officer], None).is_err());
        assert!(store.create("FRA-NCB", &[], None).is_err());
        assert!(store
            .create("FRA-NCB", &[Role::Officer], Some("a\nb"))
            .is_err());
        assert!(!dir.path().join(KEYS_FILE).exists(), "nothing written");
        // two keys from two handles both land (each change re-reads the file under its lock)
        let other = KeyStore::open(dir.path()).unwrap();
        let (_, k1) = store.create("EUROPOL", &[Role::Admin], None).unwrap();
        let (_, k2) = other.create("ECO", &[Role::Officer], None).unwrap();
        assert_eq!(store.list().unwrap().len(), 2);
        assert!(store.verify(&k2).is_ok() && other.verify(&k1).is_ok());
        // a misspelled field in the file is an error, not an empty store
        std::fs::write(
            dir.path().join(KEYS_FILE),
            r#"{"keys": [{"id": "x", "agency": "ECO", "roles": ["officer"], "digest": "d", "created_at": "t", "revokd_at": "t"}]}"#,
        )
        .unwrap();
        let e = KeyStore::open(dir.path()).err().unwrap().to_string();
        assert!(e.contains("revokd_at"), "{e}");
    }
}
