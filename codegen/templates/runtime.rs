//! The runtime every generated crate carries: the HTTP client, its error type, and the
//! serde helpers the generated types use. Copied verbatim by the generator.

// Every crate carries the whole runtime; a description without forms, say, leaves the
// form helpers unused.
#![allow(dead_code)]

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::fmt;

// ---------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------

/// An access token. Never printed: `Debug` shows `<redacted>`.
#[derive(Clone)]
struct Token(String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// An HTTP client for the API: a base URL, a bearer token and a connection pool.
///
/// Cloning is cheap and shares the pool.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Token,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL) that sends `token` as
    /// `Authorization: Bearer <token>` (an OAuth access token or a private app token).
    pub fn new(token: impl Into<String>) -> Self {
        Client {
            http: reqwest::Client::new(),
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            token: Token(token.into()),
        }
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

    /// The same client, sending requests through `http` (for proxies, timeouts, pools).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Where requests go.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) async fn execute<E>(&self, request: Request) -> Result<Response, ClientError<E>> {
        let mut url = format!("{}{}", self.base_url, request.path);
        for (i, (name, value)) in request.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&encode_component(name));
            url.push('=');
            url.push_str(&encode_component(value));
        }
        let mut builder = self
            .http
            .request(request.method, url)
            .header(reqwest::header::ACCEPT, "application/json");
        let mut authorization = reqwest::header::HeaderValue::try_from(format!("Bearer {}", self.token.0))
            .map_err(|_| ClientError::InvalidToken)?;
        authorization.set_sensitive(true);
        builder = builder.header(reqwest::header::AUTHORIZATION, authorization);
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        if let Some(body) = request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, body.content_type)
                .body(body.bytes);
        }
        let response = builder.send().await.map_err(ClientError::Transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(ClientError::Transport)?.to_vec();
        Ok(Response { status, headers, body })
    }
}

/// One request, as the generated functions describe it.
pub(crate) struct Request {
    pub operation: &'static str,
    pub method: reqwest::Method,
    pub path_template: &'static str,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Body>,
}

/// An encoded request body and its media type.
pub(crate) struct Body {
    content_type: String,
    bytes: Vec<u8>,
}

impl Body {
    pub fn json<T: serde::Serialize, E>(media_type: &str, value: &T) -> Result<Body, ClientError<E>> {
        Ok(Body {
            content_type: media_type.to_owned(),
            bytes: serde_json::to_vec(value).map_err(ClientError::Encode)?,
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
    pub fn form<T: serde::Serialize, E>(value: &T) -> Result<Body, ClientError<E>> {
        let value = serde_json::to_value(value).map_err(ClientError::Encode)?;
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

    pub fn json<T: serde::Serialize, E>(&mut self, name: &str, value: &T) -> Result<(), ClientError<E>> {
        let data = serde_json::to_vec(value).map_err(ClientError::Encode)?;
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

/// A response read whole, before its body is decoded.
pub(crate) struct Response {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn content_type(&self) -> Option<String> {
        self.header("content-type")
    }

    pub fn decode_json<T: DeserializeOwned, E>(&self) -> Result<T, ClientError<E>> {
        serde_json::from_slice(&self.body).map_err(|source| ClientError::Decode {
            status: self.status,
            body: self.body.clone(),
            source,
        })
    }

    /// A failed response: the API's error body when it decodes, else the raw bytes.
    pub fn into_error<E: DeserializeOwned>(self) -> ClientError<E> {
        match serde_json::from_slice::<E>(&self.body) {
            Ok(body) => ClientError::Api {
                status: self.status,
                body,
            },
            Err(_) => ClientError::UnexpectedBody {
                status: self.status,
                content_type: self.content_type(),
                body: self.body,
            },
        }
    }
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

/// What an error body says in one line (HubSpot's: category, message, correlationId).
pub trait ErrorBody {
    fn summary(&self) -> String;
}

/// `CATEGORY: message (correlationId ID)`, from whichever parts an error body has.
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
        self.to_string()
    }
}

/// Why a request did not return the success body. `E` is the operation's error body type.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError<E> {
    /// The API answered with an error status and an error body that decoded.
    Api { status: u16, body: E },
    /// The API answered with an error status and a body that is not its error shape
    /// (an HTML page from a proxy, an empty body, plain text).
    UnexpectedBody {
        status: u16,
        content_type: Option<String>,
        body: Vec<u8>,
    },
    /// A success status whose body did not decode into the documented type.
    Decode {
        status: u16,
        body: Vec<u8>,
        source: serde_json::Error,
    },
    /// The request body could not be encoded.
    Encode(serde_json::Error),
    /// The token cannot be sent in an HTTP header (it holds a control character).
    InvalidToken,
    /// The request did not complete: connection, TLS, or I/O failure.
    Transport(reqwest::Error),
}

impl<E> ClientError<E> {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api { status, .. }
            | ClientError::UnexpectedBody { status, .. }
            | ClientError::Decode { status, .. } => Some(*status),
            ClientError::Transport(e) => e.status().map(|s| s.as_u16()),
            ClientError::Encode(_) | ClientError::InvalidToken => None,
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
            ClientError::Api { status, body } => write!(f, "HTTP {status}: {}", body.summary()),
            ClientError::UnexpectedBody {
                status,
                content_type,
                body,
            } => write!(
                f,
                "HTTP {status} with a body that is not an error object ({}): {}",
                content_type.as_deref().unwrap_or("no content type"),
                preview(body)
            ),
            ClientError::Decode { status, source, .. } => {
                write!(f, "HTTP {status}: the response body did not decode: {source}")
            }
            ClientError::Encode(e) => write!(f, "the request body did not encode: {e}"),
            ClientError::InvalidToken => f.write_str("the token holds characters an HTTP header cannot carry"),
            ClientError::Transport(e) => write!(f, "the request failed: {e}"),
        }
    }
}

impl<E: ErrorBody + fmt::Debug> std::error::Error for ClientError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Decode { source, .. } | ClientError::Encode(source) => Some(source),
            ClientError::Transport(e) => Some(e),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------
// serde helpers for the generated types
// ---------------------------------------------------------------------------------------

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

/// One element of a tagged union, held as its JSON text until its tag is read, then
/// decoded straight into the variant's type (no intermediate `serde_json::Value`).
pub(crate) struct TaggedElement {
    raw: Box<RawValue>,
    tag: Option<String>,
}

impl TaggedElement {
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
        property: &'static str,
        expecting: &'static str,
    ) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        let mut reader = serde_json::Deserializer::from_str(raw.get());
        let tag = FindTag { property, expecting }
            .deserialize(&mut reader)
            .map_err(de::Error::custom)?;
        Ok(TaggedElement { raw, tag })
    }

    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    pub fn decode<T: DeserializeOwned, Err: de::Error>(&self, kind: &str) -> Result<T, Err> {
        serde_json::from_str(self.raw.get()).map_err(|e| Err::custom(format_args!("in a `{kind}` element: {e}")))
    }
}

/// Reads one object and returns the string value of `property`, skipping everything else.
struct FindTag {
    property: &'static str,
    expecting: &'static str,
}

impl<'de> DeserializeSeed<'de> for FindTag {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FindTag {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut tag = None;
        while let Some(is_tag) = map.next_key_seed(KeyIs(self.property))? {
            if is_tag && tag.is_none() {
                tag = map.next_value::<serde_json::Value>()?.as_str().map(str::to_owned);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(tag)
    }
}

/// Compares a map key with a name without allocating.
struct KeyIs(&'static str);

impl<'de> DeserializeSeed<'de> for KeyIs {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIs {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}
