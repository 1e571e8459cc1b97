//! `frontline audit verify|search`: the audit log of a data directory
//! ([`frontline::audit`]). Both only read, so they are safe beside a running server (a commit
//! being written as `verify` reads may show as an unsealed or incomplete last line: run it
//! again).

use crate::cli_out::outln;
use crate::frontline_cli::AuditCommand;
use anyhow::bail;
use frontline::audit::search::{bound, search, Filter};
use frontline::audit::{verify::verify, AuditKey};
use std::io::Write;
use std::path::Path;

/// Runs an `audit` subcommand.
pub fn run(data_dir: &Path, command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Verify { audit_key } => {
            let key_path =
                audit_key.unwrap_or_else(|| frontline::audit::default_key_path(data_dir));
            let key = AuditKey::load(&key_path)?;
            match verify(data_dir, &key)? {
                Ok(report) => {
                    outln!(
                        "the audit log is intact: {} lines ({} requests) in {} files",
                        report.lines,
                        report.requests,
                        report.files
                    )?;
                    if let Some((seq, hash)) = report.head {
                        outln!("head: seq {seq} sha256 {hash}")?;
                    }
                }
                Err(damage) => bail!("the audit log is not intact: {damage}"),
            }
        }
        AuditCommand::Search {
            agency,
            key,
            record,
            since,
            until,
        } => {
            let filter = Filter {
                agency,
                key_id: key,
                record,
                since: since
                    .map(|t| bound(&t, false))
                    .transpose()
                    .map_err(anyhow::Error::msg)?,
                until: until
                    .map(|t| bound(&t, true))
                    .transpose()
                    .map_err(anyhow::Error::msg)?,
            };
            let mut failed = None;
            let found = search(data_dir, &filter, &mut |line| {
                let mut bytes = line.encode();
                bytes.push(b'\n');
                match std::io::stdout().lock().write_all(&bytes) {
                    Ok(()) => true,
                    Err(e) => {
                        failed = Some(e);
                        false
                    }
                }
            })?;
            // a closed pipe (`| head`) ends the command quietly, as every command's
            if let Some(e) = failed {
                return Err(e.into());
            }
            eprintln!("{found} requests found");
        }
    }
    Ok(())
}
