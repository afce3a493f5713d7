//! The runtime every generated crate carries: the HTTP client (retries, timeouts, tracing),
//! the sans-IO request and response layer it executes, the error type, and the serde
//! helpers the generated types use. Copied verbatim by the generator.
//!
//! Everything that does I/O (`Client`, its retries and page streams: reqwest, tokio,
//! tracing, futures) is behind the `client` feature; the rest needs only `http`, `bytes`
//! and serde, so a crate built without default features is types and sans-IO alone.

// Every crate carries the whole runtime; a description without forms, say, leaves the
// form helpers unused.
#![allow(dead_code)]

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::time::{Duration, Instant};
#[cfg(feature = "client")]
use tracing::Instrument;

// ---------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------

/// How long a whole call may take, per attempt, unless configured otherwise.
#[cfg(feature = "client")]
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long opening a connection may take, unless configured otherwise.
#[cfg(feature = "client")]
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Retries after the first attempt, where a retry is safe.
#[cfg(feature = "client")]
pub const DEFAULT_MAX_RETRIES: u32 = 3;
/// The longest wait for a rate limit to reset that a retry will sit through.
#[cfg(feature = "client")]
pub const DEFAULT_MAX_RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

/// An access token or key. Never printed: `Debug` shows `<redacted>`.
#[derive(Clone)]
struct Token(String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What a client sends to prove who it is: a bearer token (OAuth access token, private app
/// token) and API keys, each under the name of the description's security scheme
/// (`developer_hapikey`). Each operation sends the first alternative of its `security`
/// whose every scheme is configured here. `Debug` shows scheme names, never values.
#[derive(Clone, Default)]
pub struct Credentials {
    bearer: Option<Token>,
    api_keys: Vec<(String, Token)>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&str> = self.api_keys.iter().map(|(scheme, _)| scheme.as_str()).collect();
        f.debug_struct("Credentials")
            .field("bearer", &self.bearer)
            .field("api_keys", &keys)
            .finish()
    }
}

impl Credentials {
    /// No credentials: for operations that need none.
    pub fn none() -> Self {
        Credentials::default()
    }

    /// A bearer token, sent as `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials::default().with_bearer(token)
    }

    pub fn with_bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(Token(token.into()));
        self
    }

    /// An API key for the security scheme named `scheme` in the description; the scheme
    /// says where it goes (query, header or cookie).
    pub fn with_api_key(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        let scheme = scheme.into();
        self.api_keys.retain(|(name, _)| *name != scheme);
        self.api_keys.push((scheme, Token(key.into())));
        self
    }

    fn has(&self, scheme: &Scheme) -> bool {
        match scheme {
            Scheme::Bearer => self.bearer.is_some(),
            Scheme::ApiKey { scheme, .. } => self.api_key(scheme).is_some(),
        }
    }

    fn api_key(&self, scheme: &str) -> Option<&str> {
        self.api_keys.iter().find(|(name, _)| name == scheme).map(|(_, key)| key.0.as_str())
    }
}

/// How an operation accepts credentials: one security scheme of the description.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scheme {
    Bearer,
    ApiKey {
        scheme: &'static str,
        location: KeyLocation,
        name: &'static str,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum KeyLocation {
    Query,
    Header,
    Cookie,
}

/// What a client does around each call. Change it per client, or per call on a clone:
/// `client.clone().with_timeout(Duration::from_secs(5)).post_thread_messages(...)`
/// (clones share the connection pool).
#[cfg(feature = "client")]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// The limit for one attempt, from sending to the last byte of the answer.
    pub timeout: Duration,
    /// Retries after the first attempt (0 disables retries). Only safe retries happen:
    /// a per-second or ten-second rate limit, a connection that failed before any byte
    /// was sent, and for methods that are safe to repeat (not POST or PATCH), a 5xx or a
    /// timeout.
    pub max_retries: u32,
    /// Also retry a POST or PATCH after a 5xx or a timeout. Re-sending a message can post
    /// it twice; turn this on only for a call you know is safe to repeat.
    pub retry_unsafe: bool,
    /// A rate limit whose reset is further away than this is returned, not waited for.
    pub max_rate_limit_wait: Duration,
}

#[cfg(feature = "client")]
impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_unsafe: false,
            max_rate_limit_wait: DEFAULT_MAX_RATE_LIMIT_WAIT,
        }
    }
}

/// An HTTP client for the API: a base URL, [`Credentials`], a connection pool, and
/// [`Options`] for timeouts and retries.
///
/// Cloning is cheap and shares the pool. The token is sent only over HTTPS, or over plain
/// HTTP to this machine (127.0.0.0/8, ::1, localhost).
#[cfg(feature = "client")]
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    options: Options,
}

#[cfg(feature = "client")]
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "client")]
fn http_client(connect_timeout: Duration) -> reqwest::Client {
    // With `rustls-ring` alone reqwest has no TLS provider of its own: it takes the
    // process default, so ring becomes that default unless the program chose one.
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Fails only when another thread installed one first, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .build()
        // Building fails only when TLS cannot start; reqwest's default client says why.
        .unwrap_or_else(|_| reqwest::Client::new())
}

#[cfg(feature = "client")]
impl Client {
    /// A client for [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL) that sends `token` as
    /// `Authorization: Bearer <token>` (an OAuth access token or a private app token).
    pub fn new(token: impl Into<String>) -> Self {
        Client {
            http: http_client(DEFAULT_CONNECT_TIMEOUT),
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            credentials: Credentials::bearer(token),
            options: Options::default(),
        }
    }

    /// A client with any [`Credentials`]: API keys, a bearer token, both or none.
    pub fn with_credentials(credentials: Credentials) -> Self {
        let mut client = Client::new(String::new());
        client.credentials = credentials;
        client
    }

    /// The same client, also sending `key` for the security scheme named `scheme` (an
    /// `apiKey` scheme of the description).
    pub fn with_api_key(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        self.credentials = self.credentials.with_api_key(scheme, key);
        self
    }

    /// The same client, sending requests to `base_url` instead (a trailing `/` is ignored).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        self.base_url = base_url;
        self
    }

    /// The same client, sending requests through `http` (for proxies or custom pools).
    /// Its own timeouts apply as well as this client's.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The same client with all of `options`.
    pub fn with_options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// The same client with another limit for one attempt.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = timeout;
        self
    }

    /// The same client with another limit for opening a connection. This makes a new
    /// connection pool.
    pub fn with_connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.http = http_client(connect_timeout);
        self
    }

    /// The same client with another number of retries (0 disables them).
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = max_retries;
        self
    }

    /// The same client, also retrying POST and PATCH after a 5xx or a timeout.
    pub fn with_retry_unsafe(mut self, retry_unsafe: bool) -> Self {
        self.options.retry_unsafe = retry_unsafe;
        self
    }

    /// Where requests go.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// What the client sends to prove who it is (`Debug` shows no secret).
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Sends `request`, retrying where safe, and hands the answer to `parse`.
    pub(crate) async fn execute<T, E>(
        &self,
        request: http::Request<Vec<u8>>,
        operation: &'static str,
        path_template: &'static str,
        parse: fn(http::Response<bytes::Bytes>) -> Result<T, ClientError<E>>,
    ) -> Result<T, ClientError<E>> {
        let span = tracing::info_span!(
            "api_call",
            operation,
            path = path_template,
            method = %request.method(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            // @hubspot {
            correlation_id = tracing::field::Empty,
            // @hubspot }
        );
        self.execute_in_span(request, parse, &span).instrument(span.clone()).await
    }

    async fn execute_in_span<T, E>(
        &self,
        request: http::Request<Vec<u8>>,
        parse: fn(http::Response<bytes::Bytes>) -> Result<T, ClientError<E>>,
        span: &tracing::Span,
    ) -> Result<T, ClientError<E>> {
        let (parts, body) = request.into_parts();
        let repeatable = is_idempotent(&parts.method) || self.options.retry_unsafe;
        // Parsed once; each attempt shares the URL, headers and body (`Bytes` clones are
        // reference counts).
        let url = reqwest::Url::parse(&parts.uri.to_string()).map_err(|e| RequestError::InvalidUrl(e.to_string()))?;
        // The sans-IO layer checked the `http` form; this is the form reqwest connects to.
        let shown = url.as_str().split('?').next().unwrap_or_default();
        check_transport(url.scheme(), url.host_str().unwrap_or_default(), shown)?;
        let body = bytes::Bytes::from(body);
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let mut outgoing = reqwest::Request::new(parts.method.clone(), url.clone());
            *outgoing.headers_mut() = parts.headers.clone();
            if !body.is_empty() {
                *outgoing.body_mut() = Some(body.clone().into());
            }
            *outgoing.timeout_mut() = Some(self.options.timeout);
            let started = Instant::now();
            let answer = self.receive(outgoing).await;
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let retries_left = attempt <= self.options.max_retries;
            let response = match answer {
                Ok(response) => response,
                Err(error) => {
                    // A connection that failed to open carried no byte of the request.
                    let safe = error.is_connect() || (repeatable && error.is_timeout());
                    if safe && retries_left {
                        let wait = backoff(attempt);
                        let error = error.without_url();
                        tracing::warn!(attempt, error = %error, wait_ms = wait.as_millis() as u64, "retrying after a failed attempt");
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    return Err(if error.is_timeout() {
                        ClientError::Timeout { after: self.options.timeout }
                    } else {
                        // The URL's query may hold an API key: errors never show it.
                        ClientError::Transport(error.without_url())
                    });
                }
            };
            let status = response.status().as_u16();
            span.record("status", status);
            // @hubspot {
            if let Some(id) = header_text(response.headers(), CORRELATION_ID_HEADER) {
                span.record("correlation_id", id);
            }
            // @hubspot }
            if retries_left {
                if status == 429 {
                    let limit = RateLimit::from_parts(response.headers(), response.body());
                    // @hubspot {
                    if let Some(id) = &limit.correlation_id {
                        span.record("correlation_id", id.as_str());
                    }
                    // @hubspot }
                    if let Some(wait) = limit.retry_wait(attempt) {
                        if wait <= self.options.max_rate_limit_wait {
                            // @hubspot {
                            tracing::warn!(attempt, policy = ?limit.policy, wait_ms = wait.as_millis() as u64, "rate limited; retrying after the limit resets");
                            // @hubspot }
                            // @generic {
                            tracing::warn!(attempt, wait_ms = wait.as_millis() as u64, "rate limited; retrying when the server said to");
                            // @generic }
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                } else if status >= 500 && repeatable {
                    let wait = backoff(attempt);
                    tracing::warn!(attempt, status, wait_ms = wait.as_millis() as u64, "retrying after a server error");
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            return parse(response);
        }
    }

    /// One attempt: the answer with its whole body, within the attempt's timeout.
    async fn receive(&self, request: reqwest::Request) -> Result<http::Response<bytes::Bytes>, reqwest::Error> {
        let mut response = self.http.execute(request).await?;
        let (status, version) = (response.status(), response.version());
        // Taken, not copied: the body is all that is read from `response` after this.
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await?;
        let mut answer = http::Response::new(body);
        *answer.status_mut() = status;
        *answer.version_mut() = version;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}

#[cfg(feature = "client")]
fn is_idempotent(method: &http::Method) -> bool {
    matches!(method.as_str(), "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE")
}

/// 0.5 s, 1 s, 2 s, … up to 8 s, each with up to a quarter more at random.
#[cfg(feature = "client")]
fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(500) * 2u32.saturating_pow(attempt.saturating_sub(1).min(4));
    base + jitter(base / 4)
}

/// A random duration up to `max`, from the standard library's per-process random keys.
fn jitter(max: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(Instant::now().elapsed().as_nanos());
    let fraction = (hasher.finish() % 1_000) as u32;
    max * fraction / 1_000
}

// ---------------------------------------------------------------------------------------
// Sans-IO: requests and responses as `http` values
// ---------------------------------------------------------------------------------------

// @hubspot {
/// The header HubSpot puts its correlation id in.
const CORRELATION_ID_HEADER: &str = "x-hubspot-correlation-id";
// @hubspot }

/// Builds a request for `base_url`, refusing to send the token in clear text to another
/// machine.
///
/// `security` is the operation's requirement: alternatives of schemes sent together, or
/// `None` when the description states none (then a configured bearer token is sent). The
/// first alternative the credentials fully cover is applied.
#[allow(clippy::too_many_arguments)]
pub(crate) fn build_request(
    base_url: &str,
    credentials: &Credentials,
    security: Option<&[&[Scheme]]>,
    method: http::Method,
    path: &str,
    query: &[(&str, String)],
    headers: &[(&str, String)],
    body: Option<Body>,
) -> Result<http::Request<Vec<u8>>, RequestError> {
    if base_url.is_empty() {
        return Err(RequestError::NoBaseUrl);
    }
    let chosen: &[Scheme] = match security {
        None if credentials.bearer.is_some() => &[Scheme::Bearer],
        None => &[],
        Some(alternatives) => alternatives
            .iter()
            .find(|alternative| alternative.iter().all(|scheme| credentials.has(scheme)))
            .copied()
            .ok_or_else(|| RequestError::MissingCredentials { needed: needed(alternatives) })?,
    };
    let mut query: Vec<(&str, &str)> = query.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let mut secret_headers: Vec<(&str, String)> = Vec::new();
    let mut cookies: Vec<(&str, String)> = Vec::new();
    for scheme in chosen {
        match *scheme {
            Scheme::Bearer => {
                let token = credentials.bearer.as_ref().map_or("", |t| t.0.as_str());
                secret_headers.push(("authorization", format!("Bearer {token}")));
            }
            Scheme::ApiKey { scheme, location, name } => {
                let key = credentials.api_key(scheme).unwrap_or_default();
                match location {
                    KeyLocation::Query => query.push((name, key)),
                    KeyLocation::Header => secret_headers.push((name, key.to_owned())),
                    KeyLocation::Cookie => cookies.push((name, key.to_owned())),
                }
            }
        }
    }
    let mut url = format!("{base_url}{path}");
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&encode_component(name));
        url.push('=');
        url.push_str(&encode_component(value));
    }
    // Messages name the base URL and path only: the query may hold an API key.
    let shown = format!("{base_url}{path}");
    let uri = http::Uri::try_from(url).map_err(|e| RequestError::InvalidUrl(format!("{shown}: {e}")))?;
    let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host().filter(|host| !host.is_empty())) else {
        return Err(RequestError::InvalidUrl(format!("{shown}: not an absolute URL with a host (https://host/...)")));
    };
    check_transport(scheme, host, &shown)?;
    let mut builder = http::Request::builder()
        .method(method)
        .uri(uri)
        .header(http::header::ACCEPT, "application/json");
    for (name, value) in &secret_headers {
        let mut value = http::HeaderValue::try_from(value.as_str()).map_err(|_| RequestError::InvalidToken)?;
        value.set_sensitive(true);
        builder = builder.header(*name, value);
    }
    let mut cookie_header = None;
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("cookie") {
            cookie_header = Some(value.clone());
            continue;
        }
        let value = http::HeaderValue::try_from(value.as_str())
            .map_err(|_| RequestError::InvalidHeader { name: (*name).to_owned() })?;
        builder = builder.header(*name, value);
    }
    // Cookie parameters and cookie API keys share one `Cookie` header.
    let cookie_header = match (cookie_header, cookie_header_of(&cookies)) {
        (Some(params), Some(keys)) => Some(format!("{params}; {keys}")),
        (one, other) => one.or(other),
    };
    if let Some(cookie) = cookie_header {
        let mut value = http::HeaderValue::try_from(cookie.as_str()).map_err(|_| RequestError::InvalidToken)?;
        value.set_sensitive(!cookies.is_empty());
        builder = builder.header(http::header::COOKIE, value);
    }
    let bytes = match body {
        Some(body) => {
            builder = builder.header(http::header::CONTENT_TYPE, body.content_type);
            body.bytes
        }
        None => Vec::new(),
    };
    builder.body(bytes).map_err(|e| RequestError::InvalidUrl(e.to_string()))
}

/// HTTPS anywhere; plain HTTP only to this machine, where no one else can read the token.
/// `shown` is what an error names: never the query, which may hold an API key.
fn check_transport(scheme: &str, host: &str, shown: &str) -> Result<(), RequestError> {
    if scheme.eq_ignore_ascii_case("https") {
        Ok(())
    } else if scheme.eq_ignore_ascii_case("http") {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let loopback =
            host.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if loopback {
            Ok(())
        } else {
            Err(RequestError::InsecureTransport { host: host.to_owned() })
        }
    } else {
        Err(RequestError::InvalidUrl(format!("unsupported scheme `{scheme}` in {shown}")))
    }
}

/// JSON bytes decoded as `T` on the quick path, or `None` when they are not UTF-8 or do
/// not decode (the caller then decodes again to say where). Checking the whole body is
/// UTF-8 once and reading it as text is about a sixth faster than reading bytes, where
/// every string met is checked on its own.
pub(crate) fn decode_json_fast<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_json::from_str(std::str::from_utf8(bytes).ok()?).ok()
}

/// A response with its whole body, as the generated parse functions read it.
pub(crate) struct Response {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: bytes::Bytes,
}

impl Response {
    pub fn from_http(response: http::Response<bytes::Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        Response {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        header_text(&self.headers, name).map(str::to_owned)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn content_type(&self) -> Option<String> {
        self.header("content-type")
    }

    /// The body decoded as `T`; on failure the error names the path to the bad field and
    /// keeps the bytes.
    pub fn decode_json<T: DeserializeOwned, E>(&self) -> Result<T, ClientError<E>> {
        if let Some(value) = decode_json_fast(&self.body) {
            return Ok(value);
        }
        // Only a failure pays for tracking the path: decode again to find where.
        let mut reader = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize::<_, T>(&mut reader).map_err(|e| ClientError::Decode {
            status: self.status,
            path: e.path().to_string(),
            body: self.body.to_vec(),
            source: e.into_inner(),
        })
    }

    /// A failed response: a rate limit, the API's error body when it decodes, else the
    /// raw bytes.
    pub fn into_error<E: DeserializeOwned>(self) -> ClientError<E> {
        if self.status == http::StatusCode::TOO_MANY_REQUESTS {
            return ClientError::RateLimited(Box::new(RateLimit::from_parts(&self.headers, &self.body)));
        }
        match serde_json::from_slice::<E>(&self.body) {
            Ok(body) => ClientError::Api {
                status: self.status,
                body: Box::new(body),
            },
            Err(_) => ClientError::UnexpectedBody {
                status: self.status,
                content_type: self.content_type(),
                body: self.body.to_vec(),
            },
        }
    }
}

fn header_text<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// An encoded request body and its media type.
pub(crate) struct Body {
    content_type: String,
    bytes: Vec<u8>,
}

impl Body {
    pub fn json<T: serde::Serialize>(media_type: &str, value: &T) -> Result<Body, RequestError> {
        Ok(Body {
            content_type: media_type.to_owned(),
            bytes: serde_json::to_vec(value).map_err(RequestError::Encode)?,
        })
    }

    pub fn raw(media_type: &str, bytes: Vec<u8>) -> Body {
        Body {
            content_type: media_type.to_owned(),
            bytes,
        }
    }

    /// `application/x-www-form-urlencoded`: each field of an object as `name=value`;
    /// lists repeat the name; nested objects are sent as JSON text.
    pub fn form<T: serde::Serialize>(value: &T) -> Result<Body, RequestError> {
        let value = serde_json::to_value(value).map_err(RequestError::Encode)?;
        let mut out = String::new();
        let mut pair = |name: &str, value: &serde_json::Value| {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&encode_component(name));
            out.push('=');
            out.push_str(&encode_component(&text_of(value)));
        };
        if let serde_json::Value::Object(fields) = &value {
            for (name, value) in fields {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::Array(items) => items.iter().for_each(|item| pair(name, item)),
                    other => pair(name, other),
                }
            }
        }
        Ok(Body::raw("application/x-www-form-urlencoded", out.into_bytes()))
    }
}

/// A `multipart/form-data` body, built part by part.
pub(crate) struct Multipart {
    /// Each part's header lines and data.
    parts: Vec<(String, Vec<u8>)>,
}

impl Multipart {
    pub fn new() -> Self {
        Multipart { parts: Vec::new() }
    }

    fn part(&mut self, name: &str, filename: Option<&str>, content_type: Option<&str>, data: Vec<u8>) {
        let quoted = |s: &str| s.replace('"', "%22").replace(['\r', '\n'], " ");
        let mut head = format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
        if let Some(file) = filename {
            head.push_str(&format!("; filename=\"{}\"", quoted(file)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        self.parts.push((head, data));
    }

    pub fn text(&mut self, name: &str, value: &str) {
        self.part(name, None, None, value.as_bytes().to_vec());
    }

    pub fn file(&mut self, name: &str, data: &[u8]) {
        self.part(name, Some(name), Some("application/octet-stream"), data.to_vec());
    }

    pub fn json<T: serde::Serialize>(&mut self, name: &str, value: &T) -> Result<(), RequestError> {
        let data = serde_json::to_vec(value).map_err(RequestError::Encode)?;
        self.part(name, None, Some("application/json"), data);
        Ok(())
    }

    pub fn finish(self) -> Body {
        // A fixed boundary keeps requests reproducible; it grows until no part holds it.
        let mut boundary = "generated-client-boundary-7d1c3a5e9b".to_owned();
        while self.parts.iter().any(|(_, data)| data.windows(boundary.len()).any(|w| w == boundary.as_bytes())) {
            boundary.push('x');
        }
        let mut bytes = Vec::new();
        for (head, data) in &self.parts {
            bytes.extend_from_slice(format!("--{boundary}\r\n{head}\r\n").as_bytes());
            bytes.extend_from_slice(data);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Body {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes,
        }
    }
}

/// A value as text for a query, header, path or form: strings as they are, enums by
/// their wire value, everything else as JSON.
pub(crate) fn text_of<T: serde::Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// What an operation's unmet security requirement needs, for the error message.
fn needed(alternatives: &[&[Scheme]]) -> String {
    let words: Vec<String> = alternatives
        .iter()
        .map(|alternative| {
            let names: Vec<String> = alternative
                .iter()
                .map(|scheme| match scheme {
                    Scheme::Bearer => "a bearer token".to_owned(),
                    Scheme::ApiKey { scheme, .. } => format!("the API key `{scheme}`"),
                })
                .collect();
            names.join(" and ")
        })
        .collect();
    words.join(", or ")
}

/// The `Cookie` header for cookie parameters: `name=value` pairs joined by `; `, each
/// value percent-encoded; `None` when there are none.
pub(crate) fn cookie_header(cookies: &[(&str, String)]) -> Option<String> {
    cookie_header_of(cookies)
}

fn cookie_header_of(cookies: &[(&str, String)]) -> Option<String> {
    if cookies.is_empty() {
        return None;
    }
    let pairs: Vec<String> = cookies
        .iter()
        .map(|(name, value)| format!("{name}={}", encode_component(value)))
        .collect();
    Some(pairs.join("; "))
}

/// Percent-encodes a value that may span path segments (a file path): each segment is
/// encoded, the `/` between them kept.
pub(crate) fn encode_path(value: &str) -> String {
    value.split('/').map(encode_component).collect::<Vec<_>>().join("/")
}

/// Percent-encodes a path segment or a query name or value: everything but RFC 3986's
/// unreserved characters.
pub(crate) fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}


// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// What an error body says in one line.
pub trait ErrorBody {
    fn summary(&self) -> String;
}

// @hubspot {
/// `CATEGORY: message (correlationId ID)`, from whichever parts a HubSpot error body has.
pub(crate) fn summarize(category: Option<&str>, message: Option<&str>, correlation_id: Option<&str>) -> Option<String> {
    let mut out = match (category, message) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => return None,
    };
    if let Some(id) = correlation_id {
        out.push_str(&format!(" (correlationId {id})"));
    }
    Some(out)
}

impl ErrorBody for serde_json::Value {
    fn summary(&self) -> String {
        let text = |key: &str| self.get(key).and_then(serde_json::Value::as_str);
        summarize(text("category"), text("message"), text("correlationId")).unwrap_or_else(|| self.to_string())
    }
}
// @hubspot }
// @generic {
/// The error body's `message`, when it has one.
pub(crate) fn summarize(message: Option<&str>) -> Option<String> {
    message.map(str::to_owned)
}

impl ErrorBody for serde_json::Value {
    fn summary(&self) -> String {
        let message = self.get("message").and_then(serde_json::Value::as_str);
        summarize(message).unwrap_or_else(|| self.to_string())
    }
}
// @generic }

// @hubspot {
/// Which of HubSpot's limits was hit.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateLimitPolicy {
    /// Calls per second (`SECONDLY`).
    Secondly,
    /// Calls per rolling ten seconds (`TEN_SECONDLY_ROLLING`).
    TenSecondlyRolling,
    /// Calls per day (`DAILY`): waiting a few seconds does not help.
    Daily,
    /// A policy this client does not know, as HubSpot named it.
    Other(String),
}

impl RateLimitPolicy {
    fn parse(name: &str) -> Self {
        match name {
            "SECONDLY" => RateLimitPolicy::Secondly,
            "TEN_SECONDLY_ROLLING" => RateLimitPolicy::TenSecondlyRolling,
            "DAILY" => RateLimitPolicy::Daily,
            other => RateLimitPolicy::Other(other.to_owned()),
        }
    }

    /// The name HubSpot uses.
    pub fn as_str(&self) -> &str {
        match self {
            RateLimitPolicy::Secondly => "SECONDLY",
            RateLimitPolicy::TenSecondlyRolling => "TEN_SECONDLY_ROLLING",
            RateLimitPolicy::Daily => "DAILY",
            RateLimitPolicy::Other(name) => name,
        }
    }
}

/// A 429 answer: HubSpot's rate-limit body and `X-HubSpot-RateLimit-*` headers, as far as
/// they were present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    pub policy: Option<RateLimitPolicy>,
    /// From `Retry-After` (seconds).
    pub retry_after: Option<Duration>,
    /// `X-HubSpot-RateLimit-Max`: calls allowed per interval.
    pub max: Option<u64>,
    /// `X-HubSpot-RateLimit-Remaining`.
    pub remaining: Option<u64>,
    /// `X-HubSpot-RateLimit-Interval-Milliseconds`.
    pub interval: Option<Duration>,
    /// `X-HubSpot-RateLimit-Daily`.
    pub daily: Option<u64>,
    /// `X-HubSpot-RateLimit-Daily-Remaining`.
    pub daily_remaining: Option<u64>,
    pub message: Option<String>,
    pub correlation_id: Option<String>,
    pub request_id: Option<String>,
}

impl RateLimit {
    fn from_parts(headers: &http::HeaderMap, body: &[u8]) -> Self {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Body {
            policy_name: Option<String>,
            message: Option<String>,
            correlation_id: Option<String>,
            request_id: Option<String>,
        }
        let body: Option<Body> = serde_json::from_slice(body).ok();
        let number = |name: &str| header_text(headers, name).and_then(|v| v.trim().parse::<u64>().ok());
        let body = body.unwrap_or(Body {
            policy_name: None,
            message: None,
            correlation_id: None,
            request_id: None,
        });
        RateLimit {
            policy: body.policy_name.as_deref().map(RateLimitPolicy::parse),
            retry_after: header_text(headers, "retry-after").and_then(|v| retry_after(v, std::time::SystemTime::now())),
            max: number("x-hubspot-ratelimit-max"),
            remaining: number("x-hubspot-ratelimit-remaining"),
            interval: number("x-hubspot-ratelimit-interval-milliseconds").map(Duration::from_millis),
            daily: number("x-hubspot-ratelimit-daily"),
            daily_remaining: number("x-hubspot-ratelimit-daily-remaining"),
            message: body.message,
            correlation_id: body
                .correlation_id
                .or_else(|| header_text(headers, CORRELATION_ID_HEADER).map(str::to_owned)),
            request_id: body.request_id,
        }
    }

    /// How long to wait before a retry, or `None` when waiting does not help (a daily
    /// limit, or a limit of unknown kind with no `Retry-After`).
    fn retry_wait(&self, attempt: u32) -> Option<Duration> {
        let base = match (&self.policy, self.retry_after) {
            (Some(RateLimitPolicy::Daily), _) => return None,
            (_, Some(after)) => after,
            (Some(RateLimitPolicy::Secondly), None) => Duration::from_secs(1),
            (Some(RateLimitPolicy::TenSecondlyRolling), None) => self.interval.unwrap_or(Duration::from_secs(10)),
            (Some(RateLimitPolicy::Other(_)) | None, None) => return None,
        };
        // Spread the retries of many callers so they do not all return at once.
        Some(base + jitter(Duration::from_millis(250) * attempt.min(4)))
    }
}

// @hubspot }
// @generic {
/// A 429 answer: when the server said to try again (`Retry-After`), as far as it did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// From `Retry-After` (seconds, or an HTTP date).
    pub retry_after: Option<Duration>,
}

impl RateLimit {
    fn from_parts(headers: &http::HeaderMap, _body: &[u8]) -> Self {
        RateLimit {
            retry_after: header_text(headers, "retry-after").and_then(|v| retry_after(v, std::time::SystemTime::now())),
        }
    }

    /// How long to wait before a retry: what `Retry-After` said, or `None` (not retried)
    /// when the server did not say.
    fn retry_wait(&self, attempt: u32) -> Option<Duration> {
        // Spread the retries of many callers so they do not all return at once.
        Some(self.retry_after? + jitter(Duration::from_millis(250) * attempt.min(4)))
    }
}
// @generic }

/// A `Retry-After` value as a wait from `now`: delay-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, a date already past meaning no wait).
fn retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = std::time::UNIX_EPOCH + Duration::from_secs(http_date_seconds(value)?);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Seconds since the Unix epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the
/// form HTTP requires senders to use.
fn http_date_seconds(value: &str) -> Option<u64> {
    let mut parts = value.split_ascii_whitespace();
    let (_weekday, day, month, year, time, zone) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let day: i64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: i64 = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    let mut hms = time.split(':').map(|n| n.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Days from the civil date (proleptic Gregorian), counted from 1970-01-01.
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3_600 + m * 60 + s).ok()
}

/// Why a request could not be built. Nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// The description names no server and the client was given no base URL.
    NoBaseUrl,
    /// The operation's security requirement names credentials the client was not given.
    MissingCredentials { needed: String },
    /// Refused before connecting: the token would cross the network in clear text.
    InsecureTransport { host: String },
    /// The base URL and path do not make a valid URL.
    InvalidUrl(String),
    /// The token cannot be sent in an HTTP header (it holds a control character).
    InvalidToken,
    /// A header parameter's value cannot be sent in an HTTP header.
    InvalidHeader { name: String },
    /// The request body could not be encoded.
    Encode(serde_json::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::InsecureTransport { host } => write!(
                f,
                "refusing to send the token over plain http to {host}: use https, or http only to this machine (127.0.0.1, ::1, localhost)"
            ),
            RequestError::MissingCredentials { needed } => write!(
                f,
                "the operation needs {needed}; give the client credentials (`Client::new(token)`, `with_api_key(scheme, key)`)"
            ),
            RequestError::NoBaseUrl => f.write_str("no base URL: the description names no server; give the client one with `with_base_url`"),
            RequestError::InvalidUrl(message) => write!(f, "invalid URL: {message}"),
            RequestError::InvalidToken => f.write_str("the token holds characters an HTTP header cannot carry"),
            RequestError::InvalidHeader { name } => write!(f, "the value of header `{name}` cannot be sent in an HTTP header"),
            RequestError::Encode(_) => f.write_str("the request body did not encode"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::Encode(source) => Some(source),
            _ => None,
        }
    }
}

/// Why a call did not return the success body. `E` is the operation's error body type.
///
/// `Display` is one line for this error alone; the cause, where there is one, comes from
/// [`source`](std::error::Error::source), so an error reporter prints each part once.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError<E> {
    /// The API answered with an error status and an error body that decoded.
    Api { status: http::StatusCode, body: Box<E> },
    /// The API answered 429: a rate limit was hit (after any retries).
    RateLimited(Box<RateLimit>),
    /// The API answered with an error status and a body that is not its error shape
    /// (an HTML page from a proxy, an empty body, plain text).
    UnexpectedBody {
        status: http::StatusCode,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    /// A success status whose body did not decode into the documented type.
    Decode {
        status: http::StatusCode,
        /// Where in the body decoding failed (`attachments[2].fileId`).
        path: String,
        body: Vec<u8>,
        source: serde_json::Error,
    },
    /// No answer within the attempt's time limit.
    Timeout { after: Duration },
    /// The request did not complete: connection, TLS, or I/O failure.
    #[cfg(feature = "client")]
    Transport(reqwest::Error),
    /// The request was not sent: it could not be built.
    Request(RequestError),
}

impl<E> From<RequestError> for ClientError<E> {
    fn from(error: RequestError) -> Self {
        ClientError::Request(error)
    }
}

impl<E> ClientError<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            ClientError::Api { status, .. }
            | ClientError::UnexpectedBody { status, .. }
            | ClientError::Decode { status, .. } => Some(*status),
            ClientError::RateLimited(_) => Some(http::StatusCode::TOO_MANY_REQUESTS),
            #[cfg(feature = "client")]
            ClientError::Transport(e) => e.status(),
            _ => None,
        }
    }
}

fn preview(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text.to_owned()
    }
}

impl<E: ErrorBody> fmt::Display for ClientError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Api { status, body } => write!(f, "HTTP {}: {}", status.as_u16(), body.summary()),
            ClientError::RateLimited(limit) => {
                write!(f, "HTTP 429: rate limited")?;
                // @hubspot {
                if let Some(policy) = &limit.policy {
                    write!(f, " by the {} policy", policy.as_str())?;
                }
                // @hubspot }
                if let Some(after) = limit.retry_after {
                    write!(f, ", retry after {}s", after.as_secs())?;
                }
                // @hubspot {
                if let Some(message) = &limit.message {
                    write!(f, ": {message}")?;
                }
                if let Some(id) = &limit.correlation_id {
                    write!(f, " (correlationId {id})")?;
                }
                // @hubspot }
                Ok(())
            }
            ClientError::UnexpectedBody {
                status,
                content_type,
                body,
            } => write!(
                f,
                "HTTP {} with a body that is not an error object ({}): {}",
                status.as_u16(),
                content_type.as_deref().unwrap_or("no content type"),
                preview(body)
            ),
            ClientError::Decode { status, path, .. } if path == "." => {
                write!(f, "HTTP {}: the response body did not decode", status.as_u16())
            }
            ClientError::Decode { status, path, .. } => {
                write!(f, "HTTP {}: the response body did not decode at `{path}`", status.as_u16())
            }
            ClientError::Timeout { after } => write!(f, "no answer within {} ms", after.as_millis()),
            #[cfg(feature = "client")]
            ClientError::Transport(_) => f.write_str("the request failed"),
            ClientError::Request(_) => f.write_str("the request was not sent"),
        }
    }
}

impl<E: ErrorBody + fmt::Debug> std::error::Error for ClientError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Decode { source, .. } => Some(source),
            #[cfg(feature = "client")]
            ClientError::Transport(e) => Some(e),
            ClientError::Request(e) => Some(e),
            _ => None,
        }
    }
}

/// An error and each of its causes, joined by `: ` on one line, for a program's own
/// message (`error: {}`).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

/// A value of a string enum that this version of the schema does not list. Read it with
/// the enum's `as_str()`; match such values with `_`, never by their text, so that code
/// keeps its meaning when a later version lists the value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// An element of a union of a kind that this version of the schema does not list, kept
/// whole and written back unchanged. Read it with [`UnknownKind::as_json`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownKind(serde_json::Value);

impl UnknownKind {
    pub(crate) fn new(value: serde_json::Value) -> Self {
        UnknownKind(value)
    }

    /// The element as it was received.
    pub fn as_json(&self) -> &serde_json::Value {
        &self.0
    }

    /// The element's tag, when it has one that is text.
    pub(crate) fn tag(&self, property: &str) -> Option<&str> {
        self.0.get(property).and_then(serde_json::Value::as_str)
    }
}

impl serde::Serialize for UnknownKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for UnknownKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(UnknownKind)
    }
}

/// Reads an object key as a generated struct's field: `pick` matches the text without
/// allocating (keys are borrowed from the input where the format allows).
pub(crate) struct KeySeed<F>(pub F);

impl<'de, T, F: FnOnce(&str) -> T> DeserializeSeed<'de> for KeySeed<F> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T, F: FnOnce(&str) -> T> Visitor<'_> for KeySeed<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<T, E> {
        Ok((self.0)(key))
    }
}

/// `Deserialize` for a generated struct, written out rather than derived: serde's
/// `flatten` (the derived way to keep unknown properties) buffers, and cost about a sixth
/// more time on a typical 2 KB message. Known keys are matched without allocating; any other
/// key and its value go to the unknown fields; a union variant's tag is skipped (the union
/// chose the variant by it, and serializing writes it). A field is `required` (absent is
/// an error), `list` (absent reads as empty) or `optional` (absent or null is `None`);
/// `timestamp` and `optional_timestamp` are `required` and `optional` date-times read by
/// `Timestamp`.
#[allow(unused_macros)]
macro_rules! deserialize_struct {
    ($name:ident { $($wire:literal => $field:ident: $kind:ident),* $(,)? } unknown: $unknown:ident $(, tag: $tag:literal)?) => {
        // Reading a deprecated property is still this crate's job.
        #[allow(deprecated)]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types, dead_code)]
                enum Key {
                    $($field,)*
                    Tag,
                    Other(String),
                }
                struct StructVisitor;
                impl<'de> serde::de::Visitor<'de> for StructVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($name)))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        $(let mut $field = None;)*
                        let mut unknown = $crate::runtime::UnknownFields::new();
                        let pick = |key: &str| match key {
                            $($wire => Key::$field,)*
                            $($tag => Key::Tag,)?
                            other => Key::Other(other.to_owned()),
                        };
                        // Not `key`: a field may have that name, and a binding must not.
                        while let Some(__key) = map.next_key_seed($crate::runtime::KeySeed(pick))? {
                            match __key {
                                $(Key::$field => $field = $crate::runtime::read_field!($kind, map),)*
                                Key::Tag => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                }
                                Key::Other(name) => {
                                    let value = map.next_value()?;
                                    unknown.insert(name, value);
                                }
                            }
                        }
                        Ok($name {
                            $($field: $crate::runtime::finish_field!($kind, $field, $wire),)*
                            $unknown: unknown,
                        })
                    }
                }
                deserializer.deserialize_map(StructVisitor)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use deserialize_struct;

#[allow(unused_macros)]
macro_rules! read_field {
    (optional, $map:ident) => {
        $map.next_value()?
    };
    (timestamp, $map:ident) => {
        Some($map.next_value_seed($crate::runtime::Timestamp)?)
    };
    (optional_timestamp, $map:ident) => {
        $map.next_value_seed($crate::runtime::OptionalTimestamp)?
    };
    ($kind:ident, $map:ident) => {
        Some($map.next_value()?)
    };
}
#[allow(unused_imports)]
pub(crate) use read_field;

#[allow(unused_macros)]
macro_rules! finish_field {
    (timestamp, $local:ident, $wire:literal) => {
        $crate::runtime::finish_field!(required, $local, $wire)
    };
    (required, $local:ident, $wire:literal) => {
        match $local {
            Some(value) => value,
            None => return Err(serde::de::Error::missing_field($wire)),
        }
    };
    (list, $local:ident, $wire:literal) => {
        $local.unwrap_or_default()
    };
    (optional, $local:ident, $wire:literal) => {
        $local
    };
    (optional_timestamp, $local:ident, $wire:literal) => {
        $local
    };
}
#[allow(unused_imports)]
pub(crate) use finish_field;

/// The properties of an object that its schema (in this version) does not list: kept when
/// decoding, written back when encoding, so nothing a newer server sends is lost.
///
/// One pointer wide and empty without allocating, since almost every object has none: a
/// map in every struct made decoding a typical message a sixth slower.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnknownFields(Option<Box<serde_json::Map<String, serde_json::Value>>>);

impl UnknownFields {
    pub(crate) fn new() -> Self {
        UnknownFields(None)
    }

    pub(crate) fn insert(&mut self, name: String, value: serde_json::Value) {
        self.0.get_or_insert_with(Default::default).insert(name, value);
    }

    /// The value of one property, by its wire name.
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.0.as_ref().and_then(|map| map.get(name))
    }

    /// Each property and its value, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &serde_json::Value)> {
        self.0.iter().flat_map(|map| map.iter())
    }

    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |map| map.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl serde::Serialize for UnknownFields {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}


// ---------------------------------------------------------------------------------------
// serde helpers for the generated types
// ---------------------------------------------------------------------------------------

// @chrono {
/// Reads a date-time field as chrono's own `Deserialize` does, with a quick path for the
/// shape servers send (`2024-05-01T12:30:00.123Z`, or an offset like `+02:00`): chrono's
/// general parser was about a sixteenth of the instructions of decoding a typical message.
/// Any other text goes to chrono, so what is accepted, and every error about the text, is
/// chrono's.
pub(crate) struct Timestamp;

impl<'de> DeserializeSeed<'de> for Timestamp {
    type Value = chrono::DateTime<chrono::Utc>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Timestamp {
    type Value = chrono::DateTime<chrono::Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 date and time")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        match rfc3339_quick(text) {
            Some(time) => Ok(time),
            None => text
                .parse::<chrono::DateTime<chrono::FixedOffset>>()
                .map(|time| time.with_timezone(&chrono::Utc))
                .map_err(E::custom),
        }
    }
}

/// [`Timestamp`] for an optional field: absent or `null` is `None`.
pub(crate) struct OptionalTimestamp;

impl<'de> DeserializeSeed<'de> for OptionalTimestamp {
    type Value = Option<chrono::DateTime<chrono::Utc>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptionalTimestamp {
    type Value = Option<chrono::DateTime<chrono::Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date and time or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Timestamp.deserialize(deserializer).map(Some)
    }
}

/// `YYYY-MM-DDTHH:MM:SS`, an optional fraction of one to nine digits, then `Z` or
/// `±HH:MM`; `None` for anything else (a leap second included), which chrono then reads.
fn rfc3339_quick(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let b = text.as_bytes();
    let number = |from: usize, len: usize| -> Option<u32> {
        b.get(from..from + len)?
            .iter()
            .try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 2)?, number(8, 2)?);
    let (hour, minute, second) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
    let mut at = 19;
    let mut nanos = 0;
    if b[at] == b'.' {
        let digits = b[at + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = number(at + 1, digits)? * 10u32.pow(9 - digits as u32);
        at += 1 + digits;
    }
    let offset = match &b[at..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (number(at + 1, 2)?, number(at + 4, 2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = (hours * 3600 + minutes * 60) as i32;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    if second > 59 {
        return None;
    }
    let local = chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?.and_hms_nano_opt(hour, minute, second, nanos)?;
    let offset = chrono::FixedOffset::east_opt(offset)?;
    Some(local.and_local_timezone(offset).single()?.with_timezone(&chrono::Utc))
}
// @chrono }

/// `Display`, `Serialize` and `Deserialize` for a generated string enum, through its
/// `as_str` and `From<&str>`: the same few lines for every enum, written once.
#[allow(unused_macros)]
macro_rules! string_enum_traits {
    ($name:ident, $expecting:literal) => {
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_string_enum(deserializer, $expecting)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum_traits;

/// Decodes a string enum through its `From<&str>`, which maps unknown values to the
/// catch-all variant. Known values are matched without allocating.
pub(crate) fn deserialize_string_enum<'de, D, T>(deserializer: D, expecting: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T> {
        expecting: &'static str,
        marker: std::marker::PhantomData<T>,
    }
    impl<T: for<'a> From<&'a str>> Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<Err: de::Error>(self, value: &str) -> Result<T, Err> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(StrVisitor {
        expecting,
        marker: std::marker::PhantomData,
    })
}

/// A union told apart by a tag property. The generated enums implement this; the
/// decoding itself is [`deserialize_tagged`].
pub(crate) trait TaggedUnion: Sized {
    /// The tag property (`type`).
    const TAG: &'static str;
    /// What a decoding error says was expected.
    const EXPECTING: &'static str;
    /// The tag values of the variants this version of the schema lists.
    const TAGS: &'static [&'static str];
    /// Decodes the variant for `tag` from the rest of the object (the tag already read).
    fn decode_variant<'de, D: Deserializer<'de>>(tag: &str, rest: D) -> Result<Self, D::Error>;
    /// The catch-all variant, holding a whole object.
    fn unrecognized(object: serde_json::Value) -> Self;
}

/// Decodes a tagged union in one pass when the tag is the object's first key (as many
/// APIs write it): the tag is read, and the rest of the object goes straight into the
/// variant's type, with no intermediate tree and no copy. When the tag comes later, the
/// object is buffered as JSON and then decoded.
pub(crate) fn deserialize_tagged<'de, D: Deserializer<'de>, T: TaggedUnion>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(TaggedVisitor(std::marker::PhantomData))
}

struct TaggedVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: TaggedUnion> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        use serde::de::value::MapAccessDeserializer;
        match map.next_key_seed(FirstKey(T::TAG))? {
            None => Ok(T::unrecognized(serde_json::Value::Object(serde_json::Map::new()))),
            Some(FirstKeyIs::Tag) => match map.next_value::<TagValue<'de>>()? {
                TagValue::Text(tag) => T::decode_variant(&tag, MapAccessDeserializer::new(map)),
                TagValue::Other(value) => with_tag_value(T::TAG, value, MapAccessDeserializer::new(map)).map(T::unrecognized),
            },
            Some(FirstKeyIs::Other(first)) => {
                let mut object = serde_json::Map::new();
                object.insert(first, map.next_value()?);
                while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
                    object.insert(key, value);
                }
                let tag = object.get(T::TAG).and_then(serde_json::Value::as_str).map(str::to_owned);
                let object = serde_json::Value::Object(object);
                match tag {
                    Some(tag) if T::TAGS.contains(&tag.as_str()) => {
                        T::decode_variant(&tag, object).map_err(de::Error::custom)
                    }
                    // Kept exactly as sent, key order included.
                    _ => Ok(T::unrecognized(object)),
                }
            }
        }
    }
}

/// What a union variant chosen by evidence looks like: the properties its struct knows,
/// and those a value must have to be it.
pub(crate) struct Shape {
    pub known: &'static [&'static str],
    pub required: &'static [&'static str],
}

/// The variants (by index) a value may be, best first, for a value no tag places.
///
/// An object may be a struct variant that finds every property it requires there, ranked
/// by fewest properties it does not know, then fewest of its own it misses; then a variant
/// that is not a struct. When the object carries the union's `tag` property (with a value no variant
/// lists), only a variant that knows the property may take it. Any other value may be
/// any variant that is not a struct, in order. Nothing is chosen by being first alone, so
/// no variant drops what it does not know or fills in what is missing.
pub(crate) fn by_evidence(value: &serde_json::Value, tag: Option<&str>, candidates: &[(usize, Option<Shape>)]) -> Vec<usize> {
    let Some(object) = value.as_object() else {
        return candidates.iter().filter(|(_, shape)| shape.is_none()).map(|(i, _)| *i).collect();
    };
    let tag = tag.filter(|tag| object.contains_key(*tag));
    // Sorted by (not a struct, unknown properties, known ones missing, index).
    let mut ranked: Vec<[usize; 4]> = Vec::new();
    for (i, shape) in candidates {
        match shape {
            Some(shape) => {
                let knows = |key: &str| shape.known.contains(&key);
                if tag.is_some_and(|tag| !knows(tag)) || shape.required.iter().any(|r| !object.contains_key(*r)) {
                    continue;
                }
                let matched = object.keys().filter(|key| knows(key)).count();
                ranked.push([0, object.len() - matched, shape.known.len() - matched, *i]);
            }
            None if tag.is_none() => ranked.push([1, 0, 0, *i]),
            None => {}
        }
    }
    ranked.sort_unstable();
    ranked.into_iter().map(|[.., i]| i).collect()
}

// ---------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------

/// The pages of a cursor-paged operation, fetched one at a time as the stream is read:
/// `fetch` gets a page for a request, `next` reads the cursor a page ends with, and `set`
/// puts it in the next request. The stream ends after a page without a cursor, a page whose
/// cursor is the one it was asked with (a server that would repeat itself), or an error.
#[cfg(feature = "client")]
pub(crate) fn pages<'a, R, P, E, F, Fut>(
    first: R,
    fetch: F,
    next: fn(&P) -> Option<String>,
    set: fn(&mut R, String),
) -> impl futures_core::Stream<Item = Result<P, ClientError<E>>> + Send + 'a
where
    R: Send + 'a,
    P: Send + 'a,
    E: Send + 'a,
    F: Fn(R) -> Fut + Clone + Send + 'a,
    Fut: std::future::Future<Output = Result<P, ClientError<E>>> + Send + 'a,
    R: Clone,
{
    futures_util::stream::unfold(Some((first, None::<String>)), move |state| {
        let fetch = fetch.clone();
        async move {
            let (request, asked_with) = state?;
            match fetch(request.clone()).await {
                Ok(page) => {
                    let following = next(&page).filter(|cursor| Some(cursor) != asked_with.as_ref()).map(|cursor| {
                        let mut request = request;
                        set(&mut request, cursor.clone());
                        (request, Some(cursor))
                    });
                    Some((Ok(page), following))
                }
                Err(error) => Some((Err(error), None)),
            }
        }
    })
}

/// The items of a stream of pages, in order; an error ends the stream after it is given.
#[cfg(feature = "client")]
pub(crate) fn items<'a, P, T, E>(
    pages: impl futures_core::Stream<Item = Result<P, ClientError<E>>> + Send + 'a,
    take: fn(P) -> Vec<T>,
) -> impl futures_core::Stream<Item = Result<T, ClientError<E>>> + Send + 'a
where
    P: Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
{
    use futures_util::StreamExt;
    pages.flat_map(move |page| {
        let items: Vec<Result<T, ClientError<E>>> = match page {
            Ok(page) => take(page).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        futures_util::stream::iter(items)
    })
}

/// An error from inside a variant, saying which kind was being decoded.
pub(crate) fn in_variant<E: de::Error>(kind: &str, error: E) -> E {
    let text = error.to_string();
    // The decoder adds the position again to the new error.
    let text = text.rsplit_once(" at line ").map_or(text.as_str(), |(message, _)| message);
    E::custom(format_args!("in a `{kind}` element: {text}"))
}

/// The whole object of an unrecognized kind: the tag, then the rest as sent.
pub(crate) fn with_tag<'de, D: Deserializer<'de>>(property: &str, tag: &str, rest: D) -> Result<serde_json::Value, D::Error> {
    with_tag_value(property, serde_json::Value::String(tag.to_owned()), rest)
}

fn with_tag_value<'de, D: Deserializer<'de>>(property: &str, tag: serde_json::Value, rest: D) -> Result<serde_json::Value, D::Error> {
    let mut object = serde_json::Map::new();
    object.insert(property.to_owned(), tag);
    object.extend(serde_json::Map::<String, serde_json::Value>::deserialize(rest)?);
    Ok(serde_json::Value::Object(object))
}

enum FirstKeyIs {
    Tag,
    Other(String),
}

/// Reads the first key, comparing it with the tag property without allocating.
struct FirstKey(&'static str);

impl<'de> DeserializeSeed<'de> for FirstKey {
    type Value = FirstKeyIs;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<FirstKeyIs, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FirstKey {
    type Value = FirstKeyIs;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<FirstKeyIs, E> {
        Ok(if key == self.0 {
            FirstKeyIs::Tag
        } else {
            FirstKeyIs::Other(key.to_owned())
        })
    }
}

/// A tag's value: text, borrowed from the input when it can be, or anything else as JSON.
enum TagValue<'de> {
    Text(std::borrow::Cow<'de, str>),
    Other(serde_json::Value),
}

impl<'de> Deserialize<'de> for TagValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl<'de> Visitor<'de> for TagVisitor {
            type Value = TagValue<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a tag value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(TagValue::Text(std::borrow::Cow::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(TagValue::Other(v.into()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(TagValue::Other(v.into()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(TagValue::Other(serde_json::Value::Null))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                serde_json::Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(TagValue::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                serde_json::Value::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(TagValue::Other)
            }
        }
        deserializer.deserialize_any(TagVisitor)
    }
}
