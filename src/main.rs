//! The `heft` binary: parses the command line, runs it, picks the exit status
//! (0 ok, 1 input errors, 2 usage or I/O errors).

use clap::Parser;
use heft::cli::{run, Cli, Outcome};

fn main() {
    let code = match run(Cli::parse()) {
        Outcome::Success => 0,
        Outcome::InputErrors => 1,
        Outcome::IoError => 2,
    };
    std::process::exit(code);
}
