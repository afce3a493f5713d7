//! Sends one message to a thread with the generated client.
//!
//! ```sh
//! cargo run -p generated-client --example send_message -- \
//!     --base-url URL --token TOKEN --thread-id ID --body FILE [--timeout SECONDS] [--max-retries N]
//! ```
//!
//! `--body -` reads the body from stdin; `--base-url` defaults to the API's own;
//! `--timeout` limits each attempt (default 30 s) and `--max-retries` the safe retries
//! (default 3; 0 disables them; a message is never re-sent after a 5xx or a timeout). The body is
//! decoded into the typed request first: when it does not decode, the reason goes to stderr
//! and the exit status is 2. On 201 the decoded response is printed on stdout as compact
//! JSON, `Location: ...` on stderr, exit 0. On any other status the status, category,
//! message and correlationId go to stderr, exit 1; a rate limit names its policy.
//!
//! This program is a fixed interface that acceptance checks rely on; it is written by hand
//! against the generated API, and is not itself generated.

mod support;

use generated_client::types::PublicMessageEgg;
use generated_client::{Client, PostThreadMessagesRequest, DEFAULT_BASE_URL};
use std::io::Read;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str =
    "usage: send_message [--base-url URL] --token TOKEN --thread-id ID --body FILE|-";

struct Args {
    base_url: String,
    token: String,
    thread_id: i64,
    body: String,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
}

fn parse_args() -> Result<Args, String> {
    let mut base_url = DEFAULT_BASE_URL.to_owned();
    let (mut token, mut thread_id, mut body) = (None, None, None);
    let (mut timeout, mut max_retries) = (None, None);
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
            "--base-url" => base_url = value()?,
            "--token" => token = Some(value()?),
            "--thread-id" => {
                let text = value()?;
                thread_id = Some(
                    text.parse::<i64>()
                        .map_err(|e| format!("--thread-id {text}: {e}"))?,
                );
            }
            "--body" => body = Some(value()?),
            "--timeout" => {
                let text = value()?;
                let seconds = text
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0)
                    .ok_or(format!(
                        "--timeout {text}: expected a positive number of seconds"
                    ))?;
                timeout = Some(Duration::from_secs_f64(seconds));
            }
            "--max-retries" => {
                let text = value()?;
                max_retries = Some(
                    text.parse::<u32>()
                        .map_err(|e| format!("--max-retries {text}: {e}"))?,
                );
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        base_url,
        token: token.ok_or("--token is required")?,
        thread_id: thread_id.ok_or("--thread-id is required")?,
        body: body.ok_or("--body is required")?,
        timeout,
        max_retries,
    })
}

fn read_body(source: &str) -> Result<String, String> {
    if source == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("reading the body from stdin: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(source).map_err(|e| format!("reading {source}: {e}"))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let body: PublicMessageEgg = match read_body(&args.body).and_then(|text| {
        serde_json::from_str(&text).map_err(|e| format!("the body is not a valid message: {e}"))
    }) {
        Ok(body) => body,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };

    let mut client = Client::new(args.token).with_base_url(args.base_url);
    if let Some(timeout) = args.timeout {
        client = client.with_timeout(timeout);
    }
    if let Some(max_retries) = args.max_retries {
        client = client.with_max_retries(max_retries);
    }
    let request = PostThreadMessagesRequest::new(args.thread_id, body);
    match client.post_thread_messages(&request).await {
        Ok(created) => {
            match serde_json::to_string(&created.body) {
                Ok(json) => println!("{json}"),
                Err(e) => {
                    eprintln!("error: re-encoding the response: {e}");
                    return ExitCode::from(1);
                }
            }
            eprintln!(
                "Location: {}",
                created.location.as_deref().unwrap_or("(none)")
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            support::report(&error);
            ExitCode::from(1)
        }
    }
}
