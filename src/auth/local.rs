//! The local key of the two-command start: on first start, a data directory without keys
//! gets one key for the local agency with every role, written to `<data dir>/local-admin.key`
//! (mode 0600) so that the operator on that machine, the README's curl examples and the CLI's
//! `--server` calls can use the service at once.

use super::key::Role;
use super::store::KeyStore;
use crate::fsutil::{io_error, write_atomic};
use crate::Result;
use std::path::{Path, PathBuf};

/// File of the local key in the data directory.
pub const LOCAL_KEY_FILE: &str = "local-admin.key";
/// Agency of the local key: it sees what is shared with everyone.
pub const LOCAL_AGENCY: &str = "LOCAL";
/// Label of the local key: tells it from keys an operator created.
pub const LOCAL_LABEL: &str = "created by the first start of the service";

/// Whether the store holds a key an operator created (anything but the local key).
pub fn has_operator_keys(store: &KeyStore) -> Result<bool> {
    Ok(store
        .list()?
        .iter()
        .any(|k| !(k.agency == LOCAL_AGENCY && k.label.as_deref() == Some(LOCAL_LABEL))))
}

/// Creates the local key when the store holds no key at all; returns the file written, or
/// `None` when keys exist already (then nothing is created: keys are the operator's).
pub fn ensure_local_key(data_dir: &Path, store: &KeyStore) -> Result<Option<PathBuf>> {
    if !store.list()?.is_empty() {
        return Ok(None);
    }
    let (record, key) = store.create(LOCAL_AGENCY, &Role::ALL, Some(LOCAL_LABEL))?;
    let path = data_dir.join(LOCAL_KEY_FILE);
    let tmp = data_dir.join(format!("{LOCAL_KEY_FILE}.tmp"));
    // created owner-only before the key is written into it
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(io_error(&tmp))?;
    }
    write_atomic(&path, &tmp, format!("{key}\n").as_bytes(), true)?;
    tracing::info!(key_id = %record.id, "created the local key");
    Ok(Some(path))
}

/// Reads a key file (one key, surrounding whitespace ignored).
pub fn read_key_file(path: &Path) -> Result<String> {
    let text = std::fs::read_to_string(path).map_err(io_error(path))?;
    Ok(text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_start_creates_one_owner_only_local_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = KeyStore::open(dir.path()).unwrap();
        let path = ensure_local_key(dir.path(), &store).unwrap().unwrap();
        let key = read_key_file(&path).unwrap();
        let who = store.verify(&key).unwrap();
        assert_eq!(who.agency, LOCAL_AGENCY);
        assert!(Role::ALL.iter().all(|r| who.has(*r)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // a second start creates nothing
        assert_eq!(ensure_local_key(dir.path(), &store).unwrap(), None);
        assert_eq!(store.list().unwrap().len(), 1);
        assert!(!has_operator_keys(&store).unwrap());
        store.create("FRA-NCB", &[Role::Officer], None).unwrap();
        assert!(has_operator_keys(&store).unwrap());
    }
}
