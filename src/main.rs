//! The `frontline` binary: parse the command line, set up logging, dispatch.

/// mimalloc instead of glibc's allocator: see its line in Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    frontline_cli::run()
}

#[path = "cli.rs"]
mod frontline_cli;

#[path = "cli_out.rs"]
mod cli_out;

#[path = "cli_index.rs"]
mod cli_index;

#[path = "cli_progress.rs"]
mod cli_progress;

#[path = "cli_feeds.rs"]
mod feeds_cli;

#[path = "cli_keys.rs"]
mod keys_cli;

#[path = "cli_audit.rs"]
mod audit_cli;
