//! The `sillage` binary: a thin shell over the library's command line.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    sillage::telemetry::init();
    match sillage::cli::run(sillage::cli::Cli::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sillage: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
