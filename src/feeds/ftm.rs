//! Placeholder: the ftm importer is being written.

use super::Sink;
use std::path::Path;

/// Not built yet.
pub fn import(_path: &Path, _source: &str, _sink: &mut dyn Sink) -> crate::Result<()> {
    Err(crate::Error::Internal(
        "the ftm importer is not built yet".into(),
    ))
}
