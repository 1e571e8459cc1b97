//! Small file-system helpers shared by the stores of the data directory.

use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The `Error::Io` of an operation on `path`.
pub fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path: PathBuf = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// Replaces `path` with `bytes` atomically: written to `tmp` beside it, synced to disk when
/// `sync` (what must survive a crash that follows), then renamed over it. A reader sees the
/// old content or the new one, never a part.
pub fn write_atomic(path: &Path, tmp: &Path, bytes: &[u8], sync: bool) -> Result<()> {
    let mut file = std::fs::File::create(tmp).map_err(io_error(tmp))?;
    file.write_all(bytes).map_err(io_error(tmp))?;
    if sync {
        file.sync_all().map_err(io_error(tmp))?;
    }
    std::fs::rename(tmp, path).map_err(io_error(path))
}

/// Takes an exclusive `flock` on `file` (released when it is closed): waiting for it when
/// `wait`, else returning false at once if another process holds it. Always true where
/// `flock` does not exist.
pub fn lock_exclusive(file: &std::fs::File, wait: bool) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let mode = if wait {
            libc::LOCK_EX
        } else {
            libc::LOCK_EX | libc::LOCK_NB
        };
        // SAFETY: flock only reads the descriptor of a file the caller keeps open
        unsafe { libc::flock(file.as_raw_fd(), mode) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, wait);
        true
    }
}

/// Syncs a directory, so that a file created in it survives a crash.
pub fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(dir))?;
    Ok(())
}
