//! Checks that a webhook request came from HubSpot (its v3 signature), then prints its events.
//!
//! ```sh
//! cargo run -p generated-client --example verify_webhook -- \
//!     --secret SECRET --method METHOD --uri URI --timestamp MS --signature SIG \
//!     --body FILE|- [--now MS]
//! ```
//!
//! `--secret` is the app's client secret; `--method`, `--uri` (the full URI HubSpot called),
//! `--timestamp` (`X-HubSpot-Request-Timestamp`, milliseconds since the epoch) and
//! `--signature` (`X-HubSpot-Signature-v3`) describe the request; `--body` names a file
//! holding the raw body, or `-` for stdin. `--now` sets the current time in milliseconds
//! since the epoch (default: the system clock), so a recorded request can be checked later.
//!
//! A genuine request: each event on stdout as one line of compact JSON, decoded as
//! `types::WebhookEvents` and encoded again (event kinds and fields this version does not
//! know come out unchanged), exit 0. A request that is not genuine (wrong signature, body or
//! timestamp changed, timestamp more than five minutes from now) or whose body verifies but
//! is not a JSON array of events: one line `error: REASON` on stderr, exit 1. A usage error
//! (missing or unknown flag, unreadable body file, a value that is not a number): the reason
//! and the usage on stderr, exit 2.
//!
//! This program is a fixed interface that acceptance checks rely on; it is written by hand
//! against the generated API, and is not itself generated.

use generated_client::types::WebhookEvents;
use generated_client::webhooks::{self, ClientSecret};
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage: verify_webhook --secret SECRET --method METHOD --uri URI --timestamp MS --signature SIG --body FILE|- [--now MS]";

struct Args {
    secret: ClientSecret,
    method: String,
    uri: String,
    timestamp: String,
    signature: String,
    body: String,
    now_ms: Option<i64>,
}

/// A whole number of milliseconds since the epoch, as the flag's text.
fn millis(flag: &str, text: &str) -> Result<i64, String> {
    text.parse::<i64>()
        .ok()
        .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(format!(
            "{flag} {text}: expected milliseconds since the epoch (digits only)"
        ))
}

fn parse_args() -> Result<Args, String> {
    let (mut secret, mut method, mut uri) = (None, None, None);
    let (mut timestamp, mut signature, mut body, mut now_ms) = (None, None, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--secret" => secret = Some(ClientSecret::new(value()?)),
            "--method" => method = Some(value()?),
            "--uri" => uri = Some(value()?),
            "--timestamp" => {
                let text = value()?;
                // Checked here, but the text itself is what HubSpot signed: keep it as given.
                millis("--timestamp", &text)?;
                timestamp = Some(text);
            }
            "--signature" => signature = Some(value()?),
            "--body" => body = Some(value()?),
            "--now" => now_ms = Some(millis("--now", &value()?)?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        secret: secret.ok_or("--secret is required")?,
        method: method.ok_or("--method is required")?,
        uri: uri.ok_or("--uri is required")?,
        timestamp: timestamp.ok_or("--timestamp is required")?,
        signature: signature.ok_or("--signature is required")?,
        body: body.ok_or("--body is required")?,
        now_ms,
    })
}

/// The body's raw bytes: a signature covers them exactly as received.
fn read_body(source: &str) -> Result<Vec<u8>, String> {
    if source == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("reading the body from stdin: {e}"))?;
        Ok(bytes)
    } else {
        std::fs::read(source).map_err(|e| format!("reading {source}: {e}"))
    }
}

fn main() -> ExitCode {
    let (args, body) = match parse_args().and_then(|args| {
        let body = read_body(&args.body)?;
        Ok((args, body))
    }) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let now_ms = args
        .now_ms
        .unwrap_or_else(|| webhooks::millis_since_epoch(std::time::SystemTime::now()));

    let checked = webhooks::verify_v3(
        &args.secret,
        &args.method,
        &args.uri,
        &body,
        &args.signature,
        &args.timestamp,
        now_ms,
    )
    .and_then(|()| webhooks::decode_events(&body));
    let events: WebhookEvents = match checked {
        Ok(events) => events,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    let mut out = String::new();
    for event in &events {
        match serde_json::to_string(event) {
            Ok(json) => {
                out.push_str(&json);
                out.push('\n');
            }
            Err(e) => {
                eprintln!("error: re-encoding an event: {e}");
                return ExitCode::from(1);
            }
        }
    }
    print!("{out}");
    ExitCode::SUCCESS
}
