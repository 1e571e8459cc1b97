//! `frontline keys create|list|revoke`: the API keys of a data directory's key store
//! ([`frontline::auth::KeyStore`]). Safe beside a running server: the store locks its file
//! for each change and the server re-reads it, so a revoked key stops working at once.

use crate::cli_out::outln;
use crate::frontline_cli::KeysCommand;
use frontline::auth::{KeyStore, Role};
use std::path::Path;

/// Runs a `keys` subcommand.
pub fn run(data_dir: &Path, command: KeysCommand) -> anyhow::Result<()> {
    std::fs::create_dir_all(data_dir)?;
    let store = KeyStore::open(data_dir)?;
    match command {
        KeysCommand::Create {
            agency,
            roles,
            label,
        } => {
            let roles = Role::parse_list(&roles)?;
            let (record, key) = store.create(&agency, &roles, label.as_deref())?;
            outln!(
                "created key {} for {} ({}); it is shown once, here, and stored only as a digest:",
                record.id,
                record.agency,
                role_names(&record.roles)
            )?;
            outln!("{key}")?;
        }
        KeysCommand::List => {
            outln!(
                "{:<16}  {:<12}  {:<22}  {:<20}  {:<20}  label",
                "key id",
                "agency",
                "roles",
                "created",
                "revoked"
            )?;
            for k in store.list()? {
                outln!(
                    "{:<16}  {:<12}  {:<22}  {:<20}  {:<20}  {}",
                    k.id,
                    k.agency,
                    role_names(&k.roles),
                    k.created_at,
                    k.revoked_at.as_deref().unwrap_or("-"),
                    k.label.as_deref().unwrap_or("")
                )?;
            }
        }
        KeysCommand::Revoke { key_id } => {
            let k = store.revoke(&key_id)?;
            outln!(
                "key {} of {} revoked at {}",
                k.id,
                k.agency,
                k.revoked_at.as_deref().unwrap_or("-")
            )?;
        }
    }
    Ok(())
}

fn role_names(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}
