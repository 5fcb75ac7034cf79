//! `statuslight`: the operator's side of a Statuslight page. Validates, edits, imports and
//! publishes the static files a status page is made of. Exit status: 0 ok, 1 validation
//! problems or a refused edit, 2 usage or I/O error.

mod build;
mod common;
mod fsio;
mod import;
mod incident;
mod prerender;
mod uptime;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Why a command failed, and with which exit status.
#[derive(Debug)]
pub enum Failure {
    /// Validation problems or a refused edit (exit 1). The lines are already printed.
    Invalid(String),
    /// Usage or I/O error (exit 2).
    Io(String),
}

impl Failure {
    pub fn io(msg: impl Into<String>) -> Self {
        Failure::Io(msg.into())
    }

    pub fn invalid(msg: impl Into<String>) -> Self {
        Failure::Invalid(msg.into())
    }
}

#[derive(Parser)]
#[command(
    name = "statuslight",
    version,
    about = "Write, check and publish Statuslight status feeds",
    long_about = "Write, check and publish Statuslight status feeds.\n\n\
        A Statuslight page is static files: a statuslight/1 feed (plus month shards of \
        older history) and whatever `statuslight build` writes beside the app.\n\n\
        Exit status: 0 ok, 1 validation problems or a refused edit, 2 usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check feeds: schema and meaning, every problem with its file and JSON path
    Validate(validate::ValidateArgs),
    /// Open, update and resolve incidents, editing the feed in place atomically
    #[command(subcommand)]
    Incident(incident::IncidentCommand),
    /// Convert another service's feed into a statuslight/1 feed
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write what the static host serves beside the app
    Build(build::BuildArgs),
    /// Report uptime per component, as the page shows it
    Uptime(uptime::UptimeArgs),
}

/// Options shared by commands that write text in one language.
#[derive(Args, Clone, Debug, Default)]
pub struct LangArg {
    /// Language of single-language outputs (default: the feed's first language, else en)
    #[arg(long, value_name = "TAG")]
    pub lang: Option<String>,
}

/// An output file, or standard output.
#[derive(Args, Clone, Debug, Default)]
pub struct OutArg {
    /// Write to FILE atomically instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Incident(c) => incident::run(c),
        Command::Import(c) => import::run(c),
        Command::Build(a) => build::run(a),
        Command::Uptime(a) => uptime::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid(msg)) => {
            if !msg.is_empty() {
                eprintln!("statuslight: {msg}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Io(msg)) => {
            eprintln!("statuslight: {msg}");
            ExitCode::from(2)
        }
    }
}
