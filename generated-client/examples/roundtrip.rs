//! Decodes JSON values with the generated types and prints them re-encoded.
//!
//! ```sh
//! cargo run -p generated-client --example roundtrip -- request|response|error < values.jsonl
//! ```
//!
//! Reads one JSON value per line on stdin and decodes each as the request body
//! (`request`), the 201 response body (`response`) or the error body (`error`). Prints one
//! line per input: the value re-encoded as compact JSON, or `error: <reason>`. Blank lines
//! are skipped. Exits 0 when every line decoded, 1 otherwise, 2 on bad arguments.
//!
//! This program is a fixed interface that acceptance checks rely on; it is written by hand
//! against the generated API, and is not itself generated.

use generated_client::types::{Error, PublicMessage, PublicMessageEgg};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::{BufRead, Write};
use std::process::ExitCode;

fn reencode<T: DeserializeOwned + Serialize>(line: &str) -> Result<String, String> {
    let value: T = serde_json::from_str(line).map_err(|e| e.to_string())?;
    serde_json::to_string(&value).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let convert: fn(&str) -> Result<String, String> = match args.as_slice() {
        [kind] if kind == "request" => reencode::<PublicMessageEgg>,
        [kind] if kind == "response" => reencode::<PublicMessage>,
        [kind] if kind == "error" => reencode::<Error>,
        _ => {
            eprintln!(
                "usage: roundtrip request|response|error   (one JSON value per line on stdin)"
            );
            return ExitCode::from(2);
        }
    };
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    let mut all_decoded = true;
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("error: reading stdin: {e}");
                return ExitCode::from(1);
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let printed = match convert(&line) {
            Ok(json) => writeln!(stdout, "{json}"),
            Err(reason) => {
                all_decoded = false;
                writeln!(stdout, "error: {reason}")
            }
        };
        if printed.is_err() {
            return ExitCode::from(1);
        }
    }
    if all_decoded {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
