//! What the example programs share: reading `--flag value` (or `--flag=value`) arguments,
//! and printing a failed call the same way (status, category, message and correlationId on
//! stderr).
//!
//! Each example includes this module, and none uses all of it.
#![allow(dead_code)]

use generated_client::{error_chain, ClientError};

/// The command-line arguments as `(flag, value)` pairs, a value taken from `=` or from the
/// next argument; `flags` lists the flags that take a value.
pub fn flag_values(flags: &[&str]) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        if !flags.contains(&flag.as_str()) {
            return Err(format!("unknown argument `{flag}`"));
        }
        let value = inline
            .or_else(|| args.next())
            .ok_or(format!("{flag} needs a value"))?;
        pairs.push((flag, value));
    }
    Ok(pairs)
}

/// Prints why a call failed on stderr: the HTTP status, then HubSpot's category, message
/// and correlationId when the answer carried them.
pub fn report(error: &ClientError<generated_client::types::Error>) {
    match error {
        ClientError::Api { status, body } => {
            eprintln!("HTTP status: {}", status.as_u16());
            eprintln!("category: {}", body.category);
            eprintln!("message: {}", body.message);
            eprintln!("correlationId: {}", body.correlation_id);
        }
        ClientError::RateLimited(limit) => {
            eprintln!("HTTP status: 429");
            eprintln!(
                "rate limited by policy: {}",
                limit.policy.as_ref().map_or("(not named)", |p| p.as_str())
            );
            if let Some(message) = &limit.message {
                eprintln!("message: {message}");
            }
            if let Some(id) = &limit.correlation_id {
                eprintln!("correlationId: {id}");
            }
        }
        error => {
            if let Some(status) = error.status() {
                eprintln!("HTTP status: {}", status.as_u16());
            }
            eprintln!("error: {}", error_chain(error));
        }
    }
}
