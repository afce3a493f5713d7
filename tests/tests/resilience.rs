//! The client runtime against local servers that misbehave the ways HubSpot and networks
//! do: rate limits, server errors, silence, and a base URL that would leak the token.

mod common;

use common::{payload, Canned, Server};
use generated_client::types::PublicMessageEgg;
use generated_client::{Client, ClientError, RateLimitPolicy, RequestError};
use std::time::{Duration, Instant};

const TOKEN: &str = "pat-na1-99999999-8888-7777-6666-555555555555";

/// HubSpot's error body for a 503.
const UNAVAILABLE: &str = r#"{"category":"SERVICE_UNAVAILABLE","message":"Try again later","correlationId":"aa0c1b9e-1111-4a2b-8c3d-4e5f6a7b8c9d"}"#;

fn egg() -> PublicMessageEgg {
    serde_json::from_str(&payload("request-comment.json")).expect("request payload decodes")
}

fn request(thread_id: i64) -> generated_client::PostThreadMessagesRequest {
    generated_client::PostThreadMessagesRequest::new(thread_id, egg())
}

fn rate_limit_body(policy: &str) -> String {
    format!(
        r#"{{"status":"error","message":"You have reached your {policy} limit.","errorType":"RATE_LIMIT","correlationId":"3f1b7a52-3c1e-4e7b-9d7a-0c2f6f0d1a11","policyName":"{policy}","requestId":"b7c9d2e0a1f34c5d"}}"#
    )
}

fn rate_limited(policy: &str) -> Canned {
    Canned::json(429, &rate_limit_body(policy))
        .with_header("X-HubSpot-RateLimit-Max", "100")
        .with_header("X-HubSpot-RateLimit-Remaining", "0")
        .with_header("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
        .with_header("X-HubSpot-RateLimit-Daily", "250000")
        .with_header("X-HubSpot-RateLimit-Daily-Remaining", "1234")
}

#[tokio::test]
async fn ten_secondly_429_is_retried_once_after_retry_after() {
    let server = Server::start(vec![
        rate_limited("TEN_SECONDLY_ROLLING").with_header("Retry-After", "1"),
        Canned::json(201, &payload("response-comment.json")),
    ]);
    let client = Client::new(TOKEN).with_base_url(server.base_url());
    let started = Instant::now();
    let created = client
        .post_thread_messages(&request(42))
        .await
        .expect("the retry succeeds");
    let waited = started.elapsed();
    let requests = server.finish();
    assert_eq!(created.status, 201);
    assert_eq!(requests.len(), 2, "one retry");
    assert!(
        waited >= Duration::from_secs(1),
        "waited only {waited:?}, Retry-After said 1 s"
    );
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    assert_eq!(
        requests[0].body, requests[1].body,
        "the retry sends the same message"
    );
}

#[tokio::test]
async fn daily_429_is_not_retried_and_keeps_every_detail() {
    let server = Server::start(vec![
        rate_limited("DAILY").with_header("Retry-After", "1"),
        Canned::json(201, &payload("response-comment.json")),
    ]);
    let client = Client::new(TOKEN).with_base_url(server.base_url());
    let err = client
        .post_thread_messages(&request(42))
        .await
        .expect_err("a daily limit is an error");
    let requests = server.stop();
    assert_eq!(requests.len(), 1, "a daily limit is never retried");
    let ClientError::RateLimited(limit) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(limit.policy, Some(RateLimitPolicy::Daily));
    assert_eq!(limit.retry_after, Some(Duration::from_secs(1)));
    assert_eq!(limit.max, Some(100));
    assert_eq!(limit.remaining, Some(0));
    assert_eq!(limit.interval, Some(Duration::from_millis(10_000)));
    assert_eq!(limit.daily, Some(250_000));
    assert_eq!(limit.daily_remaining, Some(1234));
    assert_eq!(limit.request_id.as_deref(), Some("b7c9d2e0a1f34c5d"));
    let text = err.to_string();
    assert!(
        text.contains("DAILY") && text.contains("3f1b7a52-3c1e-4e7b-9d7a-0c2f6f0d1a11"),
        "{text}"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert!(!format!("{err:?}{text}").contains(TOKEN));
}

#[tokio::test]
async fn zero_retries_returns_the_first_rate_limit() {
    let server = Server::start(vec![
        rate_limited("SECONDLY").with_header("Retry-After", "1"),
        Canned::json(201, &payload("response-comment.json")),
    ]);
    let client = Client::new(TOKEN)
        .with_base_url(server.base_url())
        .with_max_retries(0);
    let err = client
        .post_thread_messages(&request(42))
        .await
        .expect_err("no retries");
    assert_eq!(server.stop().len(), 1);
    assert!(
        matches!(&err, ClientError::RateLimited(l) if l.policy == Some(RateLimitPolicy::Secondly)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_post_is_not_resent_after_a_503() {
    let server = Server::start(vec![
        Canned::json(503, UNAVAILABLE),
        Canned::json(201, &payload("response-comment.json")),
    ]);
    let client = Client::new(TOKEN).with_base_url(server.base_url());
    let err = client
        .post_thread_messages(&request(42))
        .await
        .expect_err("503 is an error");
    assert_eq!(server.stop().len(), 1, "a message must not be posted twice");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(matches!(err, ClientError::Api { .. }), "{err:?}");
}

#[tokio::test]
async fn a_post_is_resent_after_a_503_when_the_caller_opts_in() {
    let server = Server::start(vec![
        Canned::json(503, UNAVAILABLE),
        Canned::json(201, &payload("response-comment.json")),
    ]);
    let client = Client::new(TOKEN).with_base_url(server.base_url());
    let created = client
        .clone()
        .with_retry_unsafe(true)
        .post_thread_messages(&request(42))
        .await
        .expect("the opted-in retry succeeds");
    assert_eq!(created.status, 201);
    assert_eq!(server.finish().len(), 2);
    assert!(
        !client.options().retry_unsafe,
        "the opt-in was for that call only"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_without_a_resend() {
    let server = Server::start(vec![Canned::silent(), Canned::silent()]);
    let client = Client::new(TOKEN)
        .with_base_url(server.base_url())
        .with_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let err = client
        .post_thread_messages(&request(42))
        .await
        .expect_err("no answer");
    let waited = started.elapsed();
    // Give a (wrong) resend time to arrive before counting.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let requests = server.stop();
    assert!(
        matches!(err, ClientError::Timeout { after } if after == Duration::from_millis(300)),
        "{err:?}"
    );
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    assert_eq!(requests.len(), 1, "a POST that timed out is not re-sent");
    assert!(err.to_string().contains("300 ms"), "{err}");
}

#[tokio::test]
async fn plain_http_to_another_machine_is_refused_before_connecting() {
    for base in [
        "http://api.hubapi.com",
        "http://10.1.2.3:8080",
        "http://[2001:db8::1]",
    ] {
        let client = Client::new(TOKEN).with_base_url(base);
        let started = Instant::now();
        let err = client
            .post_thread_messages(&request(42))
            .await
            .expect_err("refused");
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "{base}: it must not try to connect"
        );
        let ClientError::Request(RequestError::InsecureTransport { host }) = &err else {
            panic!("{base}: {err:?}")
        };
        assert!(base.contains(host.trim_matches(['[', ']'])), "{host}");
        // The reason is the error's source: reporters print the chain.
        let text = generated_client::error_chain(&err);
        assert!(
            text.contains("plain http") && !text.contains(TOKEN),
            "{text}"
        );
    }
    // The same check guards the sans-IO layer.
    let err = generated_client::sans_io::post_thread_messages_request(
        "http://example.com",
        &generated_client::Credentials::bearer(TOKEN),
        &request(1),
    )
    .expect_err("refused");
    assert!(matches!(err, RequestError::InsecureTransport { .. }));
}

#[test]
fn an_empty_base_url_is_refused_before_anything_is_built() {
    // What a crate from a description without `servers` starts with.
    let err = generated_client::sans_io::post_thread_messages_request(
        "",
        &generated_client::Credentials::bearer(TOKEN),
        &request(1),
    )
    .expect_err("refused");
    assert!(matches!(err, RequestError::NoBaseUrl), "{err:?}");
    assert!(err.to_string().contains("with_base_url"), "{err}");
}

#[tokio::test]
async fn plain_http_to_this_machine_is_allowed() {
    for host in ["127.0.0.1", "localhost"] {
        let server = Server::start(vec![Canned::json(201, &payload("response-comment.json"))]);
        let base = server.base_url().replace("127.0.0.1", host);
        let client = Client::new(TOKEN).with_base_url(base);
        client
            .post_thread_messages(&request(1))
            .await
            .expect("loopback over http is fine");
        server.finish();
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_because_nothing_was_sent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::new(TOKEN)
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_max_retries(1);
    let started = Instant::now();
    let err = client
        .post_thread_messages(&request(1))
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, ClientError::Transport(_)), "{err:?}");
    // One retry, after the first backoff of at least half a second.
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn per_call_timeout_does_not_change_the_client() {
    let client = Client::new(TOKEN);
    let quick = client
        .clone()
        .with_timeout(Duration::from_secs(2))
        .with_max_retries(0);
    assert_eq!(client.options().timeout, generated_client::DEFAULT_TIMEOUT);
    assert_eq!(client.options().max_retries, 3);
    assert_eq!(quick.options().timeout, Duration::from_secs(2));
    assert_eq!(quick.options().max_retries, 0);
}
