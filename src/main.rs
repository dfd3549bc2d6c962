//! The `cbrd` binary: parses the command line, runs it, prints the error chain once and
//! maps failures to exit codes (0 ok, 1 runtime failure or partial success, 2 usage/config).

use std::process::ExitCode;

use clap::Parser;

use cbrd::cli::Cli;
use cbrd::cmd::{self, Outcome, UsageError};
use cbrd::config::ConfigError;
use cbrd::export::ExportError;
use cbrd::index::store::StoreError;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // --help and usage errors; clap prints and picks 0 or 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    init_logging(cli.global.verbose, cli.global.quiet);
    match cmd::run(cli) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // An index built with another model is a configuration error, as in `cbrd run`:
            // running again will not help, changing the model or the index will.
            let model_mismatch = err.chain().any(|c| {
                matches!(
                    c.downcast_ref::<StoreError>(),
                    Some(StoreError::ModelMismatch { .. })
                ) || matches!(
                    c.downcast_ref::<ExportError>(),
                    Some(ExportError::ModelMismatch { .. })
                )
            });
            let code = if err.downcast_ref::<ConfigError>().is_some()
                || err.downcast_ref::<UsageError>().is_some()
                || model_mismatch
            {
                2
            } else {
                1
            };
            eprintln!("cbrd: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(code)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn init_logging(verbose: u8, quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let default = match (quiet, verbose) {
        (true, _) => "warn",
        (false, 0) => "info",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    let filter = EnvFilter::try_from_env("CBRD_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .without_time()
        .init();
}
