//! The sans-IO layer: requests built and responses read as `http` values, with no I/O,
//! for users on another HTTP stack; and the tracing the client emits around each call.

mod common;

use common::{payload, Canned, Server};
use generated_client::sans_io::{post_thread_messages_request, post_thread_messages_response};
use generated_client::types::{PublicMessage, PublicMessageEgg};
use generated_client::{Client, ClientError};
use std::sync::{Arc, Mutex};

const TOKEN: &str = "pat-na1-12121212-3434-5656-7878-909090909090";

fn egg() -> PublicMessageEgg {
    serde_json::from_str(&payload("request-message.json")).unwrap()
}

fn request(thread_id: i64) -> generated_client::PostThreadMessagesRequest {
    generated_client::PostThreadMessagesRequest::new(thread_id, egg())
}

#[test]
fn builds_the_request_without_sending_it() {
    let request = post_thread_messages_request(
        "https://api.hubapi.com",
        &generated_client::Credentials::bearer(TOKEN),
        &request(7340981265),
    )
    .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri().to_string(),
        "https://api.hubapi.com/conversations/v3/conversations/threads/7340981265/messages"
    );
    let headers = request.headers();
    assert_eq!(headers["authorization"], format!("Bearer {TOKEN}").as_str());
    assert!(
        headers["authorization"].is_sensitive(),
        "marked so HTTP stacks do not log it"
    );
    assert_eq!(headers["content-type"], "application/json");
    let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(
        sent,
        serde_json::from_str::<serde_json::Value>(&payload("request-message.json")).unwrap()
    );
}

#[test]
fn reads_a_created_response() {
    let response = http::Response::builder()
        .status(201)
        .header("Location", "https://api.hubapi.com/x/1")
        .body(bytes::Bytes::from(payload("response-message.json")))
        .unwrap();
    let created = post_thread_messages_response(response).unwrap();
    assert_eq!(created.status, 201);
    assert_eq!(
        created.location.as_deref(),
        Some("https://api.hubapi.com/x/1")
    );
    assert!(matches!(created.body, PublicMessage::Message(_)));
}

#[test]
fn reads_errors_and_names_the_field_that_did_not_decode() {
    let response = http::Response::builder()
        .status(400)
        .body(bytes::Bytes::from(payload("error-400.json")))
        .unwrap();
    let err = post_thread_messages_response(response).unwrap_err();
    assert!(
        matches!(&err, ClientError::Api { status, body } if *status == 400 && body.category == "VALIDATION_ERROR"),
        "{err:?}"
    );

    let mut bad: serde_json::Value =
        serde_json::from_str(&payload("response-message.json")).unwrap();
    bad["senders"][1]["deliveryIdentifier"]["value"] = serde_json::json!(12);
    let response = http::Response::builder()
        .status(201)
        .body(bytes::Bytes::from(bad.to_string()))
        .unwrap();
    let err = post_thread_messages_response(response).unwrap_err();
    let ClientError::Decode { body, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(!body.is_empty());
    // The path names the bad field, through the union.
    assert!(
        err.to_string()
            .contains("at `senders[1].deliveryIdentifier.value`"),
        "{err}"
    );

    let mut bad_attachment: serde_json::Value =
        serde_json::from_str(&payload("attachment-file.json")).unwrap();
    bad_attachment["attachments"][0]["fileId"] = serde_json::json!(false);
    let response = http::Response::builder()
        .status(201)
        .body(bytes::Bytes::from(bad_attachment.to_string()))
        .unwrap();
    let err = post_thread_messages_response(response).unwrap_err();
    // The path runs through the unions on the way, and each names its kind.
    let ClientError::Decode { path, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "attachments[0].fileId");
    // `Display` names where; the decoder's own words are the source.
    assert!(err.to_string().contains("attachments[0].fileId"), "{err}");
    let cause = std::error::Error::source(&err)
        .expect("a source")
        .to_string();
    assert!(
        cause.contains("in a `MESSAGE` element: in a `FILE` element"),
        "{cause}"
    );
    assert!(!err.to_string().contains(&cause), "{err}");

    let response = http::Response::builder()
        .status(201)
        .body(bytes::Bytes::from(r#"{"type":"MESSAGE","id":7}"#))
        .unwrap();
    let err = post_thread_messages_response(response).unwrap_err();
    assert!(
        matches!(&err, ClientError::Decode { status, .. } if *status == 201),
        "{err:?}"
    );
}

/// Collects what the tracing subscriber prints.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn each_call_has_a_span_and_each_retry_is_logged() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let limited = r#"{"status":"error","message":"slow down","errorType":"RATE_LIMIT","correlationId":"c0ffee00-1111-2222-3333-444455556666","policyName":"SECONDLY"}"#;
    let server = Server::start(vec![
        Canned::json(429, limited).with_header("Retry-After", "0"),
        Canned::json(201, &payload("response-comment.json")).with_header(
            "X-HubSpot-Correlation-Id",
            "9d8c7b6a-0000-1111-2222-333344445555",
        ),
    ]);
    let base = server.base_url();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            Client::new(TOKEN)
                .with_base_url(base)
                .post_thread_messages(&request(5))
                .await
                .expect("retried to success");
        });
    });
    server.finish();
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("rate limited; retrying"), "{log}");
    assert!(
        log.contains("operation=\"post_thread_messages\"")
            || log.contains("operation=post_thread_messages"),
        "{log}"
    );
    assert!(
        log.contains("/conversations/v3/conversations/threads/{threadId}/messages"),
        "{log}"
    );
    assert!(
        log.contains("status=201") && log.contains("attempt=2"),
        "{log}"
    );
    assert!(
        log.contains("9d8c7b6a-0000-1111-2222-333344445555"),
        "the correlation id is recorded: {log}"
    );
    assert!(log.contains("latency_ms="), "{log}");
    assert!(
        !log.contains(TOKEN),
        "the token never reaches the log: {log}"
    );
    assert!(
        !log.contains("Checked"),
        "bodies are not logged by default: {log}"
    );
}
