//! A description that is not HubSpot's gets a generic runtime: `Retry-After` (seconds or
//! an HTTP date) is waited out, a 429 without it is not retried, no HubSpot policy or
//! correlation id is assumed, and an error reads as its `message`.

use fixture_generic_runtime::{Client, ClientError, ListItemsRequest};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

/// Answers each connection with the next of `answers` (status line and headers, then a
/// JSON body), and stops after the last; returns the base URL and the count of requests.
fn serve(answers: Vec<(&'static str, &'static str)>) -> (String, std::thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut served = 0;
        for (head, body) in answers {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                if line == "\r\n" || line.is_empty() {
                    break;
                }
            }
            let mut sink = vec![0; length];
            reader.read_exact(&mut sink).unwrap();
            let answer = format!(
                "{head}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(answer.as_bytes()).unwrap();
            served += 1;
        }
        served
    });
    (base, handle)
}

fn client(base: String) -> Client {
    Client::new("token").with_base_url(base).with_max_retries(2)
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_out() {
    let (base, server) = serve(vec![
        ("HTTP/1.1 429 Too Many Requests\r\nretry-after: 1", r#"{"message":"slow down"}"#),
        ("HTTP/1.1 200 OK", r#"["a","b"]"#),
    ]);
    let started = Instant::now();
    let items = client(base).list_items(&ListItemsRequest::new()).await.unwrap();
    assert_eq!(items.body, ["a", "b"]);
    assert!(started.elapsed() >= Duration::from_secs(1), "{:?}", started.elapsed());
    assert_eq!(server.join().unwrap(), 2);
}

#[tokio::test]
async fn retry_after_as_a_past_http_date_retries_at_once() {
    let (base, server) = serve(vec![
        (
            "HTTP/1.1 429 Too Many Requests\r\nretry-after: Wed, 21 Oct 2015 07:28:00 GMT",
            "{}",
        ),
        ("HTTP/1.1 200 OK", r#"["a"]"#),
    ]);
    let started = Instant::now();
    client(base).list_items(&ListItemsRequest::new()).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(server.join().unwrap(), 2);
}

#[tokio::test]
async fn without_retry_after_a_429_is_not_retried_and_names_no_policy() {
    let (base, server) = serve(vec![(
        "HTTP/1.1 429 Too Many Requests",
        r#"{"policyName":"DAILY","correlationId":"c-1","message":"no"}"#,
    )]);
    let err = client(base)
        .list_items(&ListItemsRequest::new())
        .await
        .unwrap_err();
    let ClientError::RateLimited(limit) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(limit.retry_after, None);
    assert_eq!(err.to_string(), "HTTP 429: rate limited");
    assert_eq!(server.join().unwrap(), 1);
}

#[tokio::test]
async fn an_error_reads_as_its_message() {
    let (base, server) = serve(vec![(
        "HTTP/1.1 404 Not Found",
        r#"{"message":"no such list","category":"OBJECT_NOT_FOUND","correlationId":"c-2"}"#,
    )]);
    let err = client(base)
        .list_items(&ListItemsRequest::new())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "HTTP 404: no such list");
    assert_eq!(server.join().unwrap(), 1);
}
