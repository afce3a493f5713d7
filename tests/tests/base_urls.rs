//! Base URLs as the sans-IO layer reads them: it parses with `http::Uri` (no URL crate, so
//! it builds without the `client` feature), refuses what is not an absolute URL with a
//! host, and keeps the transport rule (HTTPS, or plain HTTP to this machine only).

use generated_client::sans_io::get_thread_message_request;
use generated_client::{Credentials, GetThreadMessageRequest, RequestError};

const TOKEN: &str = "pat-na1-12121212-3434-5656-7878-909090909090";

fn build(base_url: &str) -> Result<http::Request<Vec<u8>>, RequestError> {
    get_thread_message_request(
        base_url,
        &Credentials::bearer(TOKEN),
        &GetThreadMessageRequest::new(42, "m 1/é").with_property("secret=1"),
    )
}

#[test]
fn the_uri_is_the_base_url_and_the_encoded_path_and_query() {
    for (base, expected) in [
        (
            "https://api.hubapi.com",
            "https://api.hubapi.com/conversations/v3/conversations/threads/42/messages/m%201%2F%C3%A9?property=secret%3D1",
        ),
        (
            "https://api.example.test/prefix",
            "https://api.example.test/prefix/conversations/v3/conversations/threads/42/messages/m%201%2F%C3%A9?property=secret%3D1",
        ),
        (
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/conversations/v3/conversations/threads/42/messages/m%201%2F%C3%A9?property=secret%3D1",
        ),
        (
            "http://[::1]:8080",
            "http://[::1]:8080/conversations/v3/conversations/threads/42/messages/m%201%2F%C3%A9?property=secret%3D1",
        ),
    ] {
        let request = build(base).unwrap_or_else(|e| panic!("{base}: {e}"));
        assert_eq!(request.uri().to_string(), expected);
    }
    // Scheme names are case-insensitive.
    assert!(build("HTTPS://api.hubapi.com").is_ok());
    assert!(build("HTTP://LOCALHOST:1").is_ok());
}

#[test]
fn what_is_not_an_absolute_url_with_a_host_is_refused() {
    for base in [
        "api.hubapi.com",
        "/relative",
        "https://",
        "https://api.hubapi.com/with space",
        "https://bad host",
    ] {
        let err = build(base).expect_err(base);
        assert!(
            matches!(err, RequestError::InvalidUrl(_)),
            "{base}: {err:?}"
        );
        assert!(
            !err.to_string().contains("secret"),
            "{base}: the query is never shown: {err}"
        );
    }
    let err = build("ftp://files.example.test").expect_err("ftp");
    assert!(
        matches!(&err, RequestError::InvalidUrl(m) if m.contains("unsupported scheme `ftp`")),
        "{err:?}"
    );
    assert!(!err.to_string().contains("secret"), "{err}");
}

#[test]
fn plain_http_goes_only_to_this_machine() {
    for (base, host) in [
        ("http://api.hubapi.com", "api.hubapi.com"),
        // The host is what follows the last `@`, as every URL parser reads it.
        ("http://127.0.0.1@evil.example.test", "evil.example.test"),
        (
            "http://localhost.evil.example.test",
            "localhost.evil.example.test",
        ),
        ("http://[2001:db8::1]", "[2001:db8::1]"),
        // Not the dotted form: refused rather than guessed at.
        ("http://127.1", "127.1"),
    ] {
        match build(base) {
            Err(RequestError::InsecureTransport { host: refused }) => {
                assert_eq!(refused, host, "{base}")
            }
            other => panic!("{base}: {other:?}"),
        }
    }
}
