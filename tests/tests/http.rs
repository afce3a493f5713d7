//! The generated client against a real HTTP server on 127.0.0.1: what goes over the wire
//! (method, path, headers, body), and how each kind of answer comes back.

mod common;

use common::{payload, Canned, Server};
use generated_client::types::{PublicMessage, PublicMessageEgg};
use generated_client::{Client, ClientError};
use serde_json::Value;

const TOKEN: &str = "pat-na1-11111111-2222-3333-4444-555555555555";

fn egg() -> PublicMessageEgg {
    serde_json::from_str(&payload("request-message.json")).expect("request payload decodes")
}

fn request(thread_id: i64) -> generated_client::PostThreadMessagesRequest {
    generated_client::PostThreadMessagesRequest::new(thread_id, egg())
}

#[tokio::test]
async fn created_message_with_location() {
    let location = "https://api.hubapi.com/conversations/v3/conversations/threads/7340981265/messages/4f1a9c2e";
    let server = Server::start(vec![
        Canned::json(201, &payload("response-message.json")).with_header("Location", location)
    ]);
    let client = Client::new(TOKEN).with_base_url(format!("{}/", server.base_url()));
    let created = client
        .post_thread_messages(&request(7340981265))
        .await
        .expect("201 decodes");

    assert_eq!(created.status, 201);
    assert_eq!(created.location.as_deref(), Some(location));
    let expected: PublicMessage = serde_json::from_str(&payload("response-message.json")).unwrap();
    assert_eq!(created.body, expected);

    let requests = server.finish();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        "/conversations/v3/conversations/threads/7340981265/messages"
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    let sent: Value = serde_json::from_slice(&request.body).expect("body is JSON");
    let want: Value = serde_json::from_str(&payload("request-message.json")).unwrap();
    assert_eq!(sent, want);
}

#[tokio::test]
async fn thread_ids_above_2_pow_53_reach_the_path_exactly() {
    let server = Server::start(vec![Canned::json(201, &payload("response-comment.json"))]);
    let client = Client::new(TOKEN).with_base_url(server.base_url());
    let created = client
        .post_thread_messages(&request(9_007_199_254_740_993))
        .await
        .expect("201");
    assert_eq!(created.location, None);
    let requests = server.finish();
    assert_eq!(
        requests[0].target,
        "/conversations/v3/conversations/threads/9007199254740993/messages"
    );
}

#[tokio::test]
async fn hubspot_error_body_is_typed() {
    let server = Server::start(vec![Canned::json(400, &payload("error-400.json"))]);
    let client = Client::new(TOKEN).with_base_url(server.base_url());
    let err = client
        .post_thread_messages(&request(1))
        .await
        .expect_err("400 is an error");
    server.finish();

    let text = err.to_string();
    let ClientError::Api { status, body } = &err else {
        panic!("not an API error: {err:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(body.category, "VALIDATION_ERROR");
    assert!(body.errors.as_ref().is_some_and(|e| e.len() == 2));
    assert!(body.context.is_some() && body.links.is_some() && body.sub_category.is_some());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert!(text.starts_with("HTTP 400: VALIDATION_ERROR: "), "{text}");
    assert!(text.contains(&body.correlation_id), "{text}");
    assert!(!format!("{err:?}{text}").contains(TOKEN));
}

#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = Server::start(vec![Canned {
        status: 502,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: html.as_bytes().to_vec(),
        silent: false,
    }]);
    let client = Client::new(TOKEN).with_base_url(server.base_url());
    let err = client
        .post_thread_messages(&request(1))
        .await
        .expect_err("502 is an error");
    server.finish();
    let ClientError::UnexpectedBody {
        status,
        content_type,
        body,
    } = &err
    else {
        panic!("not an unexpected body: {err:?}")
    };
    assert_eq!(*status, 502);
    assert_eq!(content_type.as_deref(), Some("text/html"));
    assert_eq!(body, html.as_bytes());
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn success_body_that_does_not_decode_is_a_decode_error_with_the_bytes() {
    let server = Server::start(vec![Canned::json(201, r#"{"type":"MESSAGE"}"#)]);
    let client = Client::new(TOKEN).with_base_url(server.base_url());
    let err = client
        .post_thread_messages(&request(1))
        .await
        .expect_err("bad body");
    server.finish();
    let ClientError::Decode { status, body, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 201);
    assert_eq!(body, br#"{"type":"MESSAGE"}"#);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::new(TOKEN).with_base_url(format!("http://127.0.0.1:{port}"));
    let err = client
        .post_thread_messages(&request(1))
        .await
        .expect_err("nothing listens");
    assert!(matches!(err, ClientError::Transport(_)), "{err:?}");
    assert!(!format!("{err:?} {err}").contains(TOKEN));
}

#[test]
fn debug_never_prints_the_token() {
    let client = Client::new(TOKEN);
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
    assert_eq!(client.base_url(), generated_client::DEFAULT_BASE_URL);
    assert_eq!(generated_client::DEFAULT_BASE_URL, "https://api.hubapi.com");
}
