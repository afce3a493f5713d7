//! Each operation sends the first alternative of its security requirement that the
//! configured credentials cover; no credential ever shows in `Debug` or an error.

use fixture_security::sans_io::{
    get_both_request, get_default_request, get_public_request, get_reports_request,
    get_webhook_settings_request,
};
use fixture_security::{
    error_chain, Client, ClientError, Credentials, GetBothRequest, GetDefaultRequest,
    GetPublicRequest, GetReportsRequest, GetWebhookSettingsRequest, RequestError,
};
use std::io::{BufRead, BufReader, Write};

const BASE: &str = "https://api.example.test";
const TOKEN: &str = "tok-SECRET-1";
const KEY: &str = "key-SECRET-2";

fn authorization(request: &http::Request<Vec<u8>>) -> Option<&str> {
    request
        .headers()
        .get("authorization")
        .map(|v| v.to_str().unwrap())
}

#[test]
fn bearer_where_the_description_asks_for_it() {
    let credentials = Credentials::bearer(TOKEN);
    let request = get_default_request(BASE, &credentials, &GetDefaultRequest::new()).unwrap();
    assert_eq!(authorization(&request), Some("Bearer tok-SECRET-1"));
    assert!(request.headers()["authorization"].is_sensitive());
    let request = get_reports_request(BASE, &credentials, &GetReportsRequest::new()).unwrap();
    assert_eq!(authorization(&request), Some("Bearer tok-SECRET-1"));
    assert!(request.headers().get("x-partner-key").is_none());
}

#[test]
fn an_api_key_in_the_query_and_nothing_else() {
    let credentials = Credentials::bearer(TOKEN).with_api_key("developer_hapikey", KEY);
    let request =
        get_webhook_settings_request(BASE, &credentials, &GetWebhookSettingsRequest::new())
            .unwrap();
    assert_eq!(request.uri().query(), Some("hapikey=key-SECRET-2"));
    assert_eq!(
        authorization(&request),
        None,
        "the bearer token is not asked for here"
    );
}

#[test]
fn the_first_alternative_the_credentials_cover() {
    let credentials = Credentials::none().with_api_key("partner_key", KEY);
    let request = get_reports_request(BASE, &credentials, &GetReportsRequest::new()).unwrap();
    assert_eq!(request.headers()["x-partner-key"], KEY);
    assert!(request.headers()["x-partner-key"].is_sensitive());
    assert_eq!(authorization(&request), None);
}

#[test]
fn schemes_required_together_go_together() {
    let credentials = Credentials::none()
        .with_api_key("partner_key", KEY)
        .with_api_key("session_key", "sess 3");
    let request = get_both_request(BASE, &credentials, &GetBothRequest::new()).unwrap();
    assert_eq!(request.headers()["x-partner-key"], KEY);
    assert_eq!(request.headers()["cookie"], "sid=sess%203");
    // One of the two is not enough.
    let err = get_both_request(
        BASE,
        &Credentials::none().with_api_key("partner_key", KEY),
        &GetBothRequest::new(),
    )
    .unwrap_err();
    assert!(
        matches!(err, RequestError::MissingCredentials { .. }),
        "{err:?}"
    );
}

#[test]
fn nothing_is_sent_where_nothing_is_needed() {
    let credentials = Credentials::bearer(TOKEN).with_api_key("partner_key", KEY);
    let request = get_public_request(BASE, &credentials, &GetPublicRequest::new()).unwrap();
    assert_eq!(authorization(&request), None);
    assert!(request.headers().get("x-partner-key").is_none());
    assert_eq!(request.uri().query(), None);
}

#[test]
fn missing_credentials_are_named_before_anything_is_sent() {
    let err = get_webhook_settings_request(
        BASE,
        &Credentials::bearer(TOKEN),
        &GetWebhookSettingsRequest::new(),
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("`developer_hapikey`"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
}

#[test]
fn debug_shows_scheme_names_never_secrets() {
    let client = Client::new(TOKEN).with_api_key("developer_hapikey", KEY);
    let debug = format!("{client:?} {:?}", client.credentials());
    assert!(debug.contains("developer_hapikey"), "{debug}");
    assert!(!debug.contains(TOKEN) && !debug.contains(KEY), "{debug}");
}

/// A one-shot HTTP server on 127.0.0.1: answers 204 and hands back the request head.
fn serve_once() -> (String, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
            .unwrap();
        head
    });
    (base, handle)
}

#[tokio::test]
async fn the_client_sends_what_was_configured() {
    let (base, server) = serve_once();
    let client = Client::new(TOKEN)
        .with_api_key("developer_hapikey", KEY)
        .with_base_url(base)
        .with_max_retries(0);
    client
        .get_webhook_settings(&GetWebhookSettingsRequest::new())
        .await
        .unwrap();
    let head = server.join().unwrap().to_ascii_lowercase();
    assert!(
        head.starts_with("get /webhooks/settings?hapikey=key-secret-2 "),
        "{head}"
    );
    assert!(!head.contains("authorization"), "{head}");
}

#[tokio::test]
async fn a_failed_call_does_not_show_the_key_in_the_url() {
    // A port nothing listens on: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(TOKEN)
        .with_api_key("developer_hapikey", KEY)
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_max_retries(0);
    let err = client
        .get_webhook_settings(&GetWebhookSettingsRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(err, ClientError::Transport(_)), "{err:?}");
    let text = format!("{} {err:?}", error_chain(&err));
    assert!(!text.contains(KEY) && !text.contains(TOKEN), "{text}");
}

/// Every span field, span record and event field, as text.
#[derive(Clone, Default)]
struct Recorder(std::sync::Arc<std::sync::Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Fields(&mut self.0.lock().unwrap()));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = self.0.lock().unwrap();
        event.record(&mut Fields(&mut text));
        text.push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// A server that answers 503 then 429 (after which the client gives up): each retry and
/// the failure are logged, and no log line holds a credential.
#[test]
fn logs_hold_no_credential() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        for answer in ["503 Service Unavailable", "429 Too Many Requests"] {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
            }
            let head = format!(
                "HTTP/1.1 {answer}\r\nretry-after: 0\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).unwrap();
        }
    });
    let recorder = Recorder::default();
    let log = recorder.0.clone();
    tracing::subscriber::with_default(recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let err = runtime
            .block_on(
                Client::new(TOKEN)
                    .with_api_key("developer_hapikey", KEY)
                    .with_base_url(base)
                    .with_max_retries(1)
                    .get_webhook_settings(&GetWebhookSettingsRequest::new()),
            )
            .unwrap_err();
        let text = format!("{} {err:?}", error_chain(&err));
        assert!(!text.contains(KEY) && !text.contains(TOKEN), "{text}");
    });
    server.join().unwrap();
    let log = log.lock().unwrap().clone();
    assert!(log.contains("retrying"), "the retry is logged: {log}");
    assert!(!log.contains(KEY) && !log.contains(TOKEN), "{log}");
}

#[tokio::test]
async fn the_client_sends_a_header_key_or_the_bearer_token_as_configured() {
    // The reports operation takes a partner key (header) or, failing that, a bearer token.
    let (base, server) = serve_once();
    let client = Client::with_credentials(Credentials::none().with_api_key("partner_key", KEY))
        .with_base_url(base)
        .with_max_retries(0);
    client.get_reports(&GetReportsRequest::new()).await.unwrap();
    let head = server.join().unwrap().to_ascii_lowercase();
    assert!(
        head.contains("\r\nx-partner-key: key-secret-2\r\n"),
        "{head}"
    );
    assert!(!head.contains("authorization"), "{head}");

    let (base, server) = serve_once();
    let client = Client::new(TOKEN).with_base_url(base).with_max_retries(0);
    client.get_default(&GetDefaultRequest::new()).await.unwrap();
    let head = server.join().unwrap().to_ascii_lowercase();
    assert!(
        head.contains("\r\nauthorization: bearer tok-secret-1\r\n"),
        "{head}"
    );
    assert!(!head.contains("x-partner-key"), "{head}");
}
