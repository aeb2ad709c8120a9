//! `forvalt`: validate and publish git-based governance repositories.

mod cli;
mod cmd;
mod files;
mod history_cache;
mod output;
mod report;
mod store;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: the site's many small allocations (template contexts, views) cost less than
/// with the system allocator (BENCHMARKS.md).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Gantt(args) => cmd::gantt::run(args),
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Serve(args) => cmd::serve::run(args),
        cli::Command::Export(args) => cmd::export::run(args),
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::Fix(args) => cmd::fix::run(args),
        cli::Command::Explain(args) => cmd::check::explain(args),
        cli::Command::Diff(args) => cmd::diff::run(args),
        cli::Command::Sync(args) => cmd::sync::run(args),
        cli::Command::New(args) => cmd::new::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let mut chain = e.chain();
            let first = chain.next().map(ToString::to_string).unwrap_or_default();
            let mut msg = format!("error: {first}\n");
            for cause in chain {
                msg.push_str(&format!("  caused by: {cause}\n"));
            }
            report::eprint(&msg);
            ExitCode::from(2)
        }
    }
}
