//! Prints every message of a thread, reading it page by page.
//!
//! ```sh
//! cargo run -p generated-client --example list_messages -- \
//!     --base-url URL --token TOKEN --thread-id ID [--limit N] [--max-items N]
//! ```
//!
//! Each message (any kind: message, comment, welcome message, thread event, or a kind this
//! version does not know, unchanged) goes to stdout as one line of compact JSON, in the
//! order HubSpot returns them across pages, each once. `--limit` is the page size asked
//! for; `--max-items` stops after that many messages, fetching no page beyond them. Exit 0
//! when the thread was read; 1 on an API or transport error, with the status, category,
//! message and correlationId on stderr (as `send_message` prints them); 2 for usage errors.
//!
//! This program is a fixed interface that acceptance checks rely on; it is written by hand
//! against the generated API, and is not itself generated.

mod support;

use futures_util::StreamExt;
use generated_client::{Client, GetThreadMessagesRequest, DEFAULT_BASE_URL};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: list_messages [--base-url URL] --token TOKEN --thread-id ID [--limit N] [--max-items N]";

struct Args {
    base_url: String,
    token: String,
    thread_id: i64,
    limit: Option<i32>,
    max_items: Option<usize>,
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    text.parse::<T>().map_err(|e| format!("{flag} {text}: {e}"))
}

fn parse_args() -> Result<Args, String> {
    let pairs = support::flag_values(&[
        "--base-url",
        "--token",
        "--thread-id",
        "--limit",
        "--max-items",
    ])?;
    let mut base_url = DEFAULT_BASE_URL.to_owned();
    let (mut token, mut thread_id, mut limit, mut max_items) = (None, None, None, None);
    for (flag, value) in pairs {
        match flag.as_str() {
            "--base-url" => base_url = value,
            "--token" => token = Some(value),
            "--thread-id" => thread_id = Some(number(&flag, &value)?),
            "--limit" => limit = Some(number(&flag, &value)?),
            _ => max_items = Some(number(&flag, &value)?),
        }
    }
    Ok(Args {
        base_url,
        token: token.ok_or("--token is required")?,
        thread_id: thread_id.ok_or("--thread-id is required")?,
        limit,
        max_items,
    })
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
    let client = Client::new(args.token).with_base_url(args.base_url);
    let mut request = GetThreadMessagesRequest::new(args.thread_id);
    if let Some(limit) = args.limit {
        request = request.with_limit(limit);
    }
    let messages = client
        .get_thread_messages_stream(request)
        .take(args.max_items.unwrap_or(usize::MAX));
    let mut messages = std::pin::pin!(messages);
    let mut out = std::io::stdout().lock();
    while let Some(message) = messages.next().await {
        let line = match message.map(|m| serde_json::to_string(&m)) {
            Ok(Ok(line)) => line,
            Ok(Err(e)) => {
                eprintln!("error: re-encoding a message: {e}");
                return ExitCode::from(1);
            }
            Err(error) => {
                support::report(&error);
                return ExitCode::from(1);
            }
        };
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
