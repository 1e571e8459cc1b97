//! Results on stdout, written so that a failed write is an error the command returns, not a
//! panic (`println!` panics with "failed printing to stdout"). [`outln!`] and [`out!`] are
//! the commands' `println!` and `print!`; [`closed_pipe`] tells, at the top of [`crate::
//! frontline_cli::run`], that the error is only a reader that went away (`frontline search …
//! | head -1`), which ends the command quietly with exit code 0: the reader had what it
//! wanted.

use std::io::Write;

/// `print!` to stdout, returning the write's `std::io::Result`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli_out::write(format_args!($($arg)*))
    };
}

/// `println!` to stdout, returning the write's `std::io::Result`.
macro_rules! outln {
    () => {
        $crate::cli_out::write(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli_out::write(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};

/// Writes to stdout (line-buffered: a line reaches the reader, or fails, as it is written).
pub fn write(args: std::fmt::Arguments) -> std::io::Result<()> {
    std::io::stdout().lock().write_fmt(args)
}

/// True when `error` comes from writing to a pipe whose reader has closed it.
pub fn closed_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}
