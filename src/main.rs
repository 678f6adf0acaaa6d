//! The `cailiang` binary: parse, run, print. All behaviour lives in the library.

mod cli;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`cailiang search … | head`) is not an error.
            match stdout
                .write_all(out.stdout.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("cailiang: {e}");
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::from(out.code.clamp(0, 255) as u8)
        }
        Err(e) => {
            eprintln!("cailiang: {e}");
            ExitCode::FAILURE
        }
    }
}
