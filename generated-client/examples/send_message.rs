//! Sends one message to a thread with the generated client.
//!
//! ```sh
//! cargo run -p generated-client --example send_message -- \
//!     --base-url URL --token TOKEN --thread-id ID --body FILE
//! ```
//!
//! `--body -` reads the body from stdin; `--base-url` defaults to the API's own. The body is
//! decoded into the typed request first: when it does not decode, the reason goes to stderr
//! and the exit status is 2. On 201 the decoded response is printed on stdout as compact
//! JSON, `Location: ...` on stderr, exit 0. On any other status the status, category,
//! message and correlationId go to stderr, exit 1.
//!
//! This program is a fixed interface that acceptance checks rely on; it is written by hand
//! against the generated API, and is not itself generated.

use generated_client::types::PublicMessageEgg;
use generated_client::{Client, ClientError, DEFAULT_BASE_URL};
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str =
    "usage: send_message [--base-url URL] --token TOKEN --thread-id ID --body FILE|-";

struct Args {
    base_url: String,
    token: String,
    thread_id: i64,
    body: String,
}

fn parse_args() -> Result<Args, String> {
    let mut base_url = DEFAULT_BASE_URL.to_owned();
    let (mut token, mut thread_id, mut body) = (None, None, None);
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
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Args {
        base_url,
        token: token.ok_or("--token is required")?,
        thread_id: thread_id.ok_or("--thread-id is required")?,
        body: body.ok_or("--body is required")?,
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

    let client = Client::new(args.token).with_base_url(args.base_url);
    match client.post_thread_messages(args.thread_id, &body).await {
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
        Err(ClientError::Api { status, body }) => {
            eprintln!("HTTP status: {status}");
            eprintln!("category: {}", body.category);
            eprintln!("message: {}", body.message);
            eprintln!("correlationId: {}", body.correlation_id);
            ExitCode::from(1)
        }
        Err(error) => {
            if let Some(status) = error.status() {
                eprintln!("HTTP status: {status}");
            }
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
