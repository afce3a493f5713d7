//! Webhooks from HubSpot: is a request really from HubSpot, and which events does it carry.
//!
//! HubSpot signs each webhook request with the app's **client secret** (not an access
//! token). This module checks those signatures without any I/O: given the secret, the
//! request's method, the full URI HubSpot called, the raw body bytes, the signature and
//! timestamp headers and the current time, it says whether the request is genuine or why
//! not. [`decode_events`] then reads the body.
//!
//! | version | headers | what is signed | encoding |
//! |---|---|---|---|
//! | v3 | `X-HubSpot-Signature-v3`, `X-HubSpot-Request-Timestamp` | HMAC-SHA256(secret, method + URI + body + timestamp) | base64 |
//! | v2 | `X-HubSpot-Signature`, `X-HubSpot-Signature-Version: v2` | SHA-256(secret + method + URI + body) | hex |
//! | v1 | `X-HubSpot-Signature`, `X-HubSpot-Signature-Version: v1` | SHA-256(secret + body) | hex |
//!
//! ```ignore
//! use std::time::SystemTime;
//! use webhooks::{decode_events, millis_since_epoch, verify, ClientSecret};
//!
//! let secret = ClientSecret::new(client_secret_from_config);
//! // `request`: an `http::Request<Bytes>` whose URI is the full URL HubSpot called.
//! verify(&secret, &request, millis_since_epoch(SystemTime::now()))?;
//! let events: Vec<types::WebhookEvent> = decode_events(request.body())?;
//! ```
//!
//! What to know:
//!
//! - **Raw bytes.** The body is hashed exactly as received: parse it only after it
//!   verified, because parsing and re-encoding JSON changes the bytes.
//! - **The full URI.** v2 and v3 sign the URI HubSpot called: scheme, host, path and query,
//!   as HubSpot sent them. A server usually sees only the path and query; rebuild the URI
//!   with the public scheme and host (what the app's target URL says), not the address a
//!   proxy forwarded to. A relative URI that fails is reported as
//!   [`WebhookError::RelativeUri`].
//! - **Percent-encoding (v3).** HubSpot's documentation says to decode these
//!   percent-encoded characters of the URI before signing: `%3A` `:`, `%2F` `/`, `%3F` `?`,
//!   `%40` `@`, `%21` `!`, `%24` `$`, `%27` `'`, `%28` `(`, `%29` `)`, `%2A` `*`, `%2C` `,`,
//!   `%3B` `;` (either case of hex digit); its published SDKs sign the URI as given. Where the
//!   two differ both are accepted: the URI as given is tried first, then the URI with exactly
//!   those characters decoded. Nothing else is decoded (`%20`, `%25`, `%26`, `%3D` stay).
//!   v2 signs the URI exactly as given.
//! - **Replays (v3).** The timestamp must be within five minutes
//!   ([`MAX_TIMESTAMP_SKEW_MS`]) of `now_ms`, in *either* direction: a timestamp more than
//!   five minutes in the future is rejected too. HubSpot retries failed deliveries, so a
//!   genuine event can still arrive twice inside the window: deduplicate by `eventId`.
//! - **v1 and v2 have no timestamp**, so a captured request verifies forever. HubSpot sends
//!   v3 alongside them; [`verify`] uses v1/v2 only when a request carries no v3 signature
//!   and returns the version it checked. An app that receives v3 signatures should refuse
//!   anything else (call [`verify_v3`], or require [`SignatureVersion::V3`] from [`verify`]),
//!   or a replayed request stripped of its v3 headers would pass.
//! - **Constant time.** v3 compares with `hmac`'s `verify_slice`, which compares the MAC in
//!   constant time. v1 and v2 decode the given hex digest (its timing depends only on the
//!   sender's own input) and compare the 32 bytes with `subtle`'s `ConstantTimeEq` (a
//!   small, widely reviewed crate, already built for the TLS stack); no comparison returns
//!   early at the first differing byte.
//! - **The secret stays secret.** [`ClientSecret`]'s `Debug` prints `<redacted>`, it has no
//!   `Display`, and no [`WebhookError`] holds or prints it.

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};
use subtle::ConstantTimeEq;

/// The v3 signature header: base64 of HMAC-SHA256 (header names are case-insensitive).
pub const SIGNATURE_V3_HEADER: &str = "x-hubspot-signature-v3";
/// When HubSpot sent a v3-signed request, in milliseconds since the Unix epoch.
pub const TIMESTAMP_HEADER: &str = "x-hubspot-request-timestamp";
/// The v1 or v2 signature header: hex SHA-256.
pub const SIGNATURE_HEADER: &str = "x-hubspot-signature";
/// Which of v1 and v2 [`SIGNATURE_HEADER`] holds: `v1` or `v2`.
pub const SIGNATURE_VERSION_HEADER: &str = "x-hubspot-signature-version";
/// How far a v3 timestamp may be from the current time, in either direction: 5 minutes.
pub const MAX_TIMESTAMP_SKEW_MS: u64 = 300_000;

/// An app's client secret, the key of HubSpot's webhook signatures. `Debug` prints
/// `ClientSecret(<redacted>)`; there is no `Display` and no way to read it back out.
#[derive(Clone)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// The app's client secret, as its settings show it.
    pub fn new(secret: impl Into<String>) -> Self {
        ClientSecret(secret.into())
    }

    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    fn check(&self) -> Result<(), WebhookError> {
        if self.0.is_empty() {
            Err(WebhookError::EmptySecret)
        } else {
            Ok(())
        }
    }
}

impl From<String> for ClientSecret {
    fn from(secret: String) -> Self {
        ClientSecret(secret)
    }
}

impl From<&str> for ClientSecret {
    fn from(secret: &str) -> Self {
        ClientSecret(secret.to_owned())
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

/// A version of HubSpot's request signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// Hex SHA-256 of secret + body.
    V1,
    /// Hex SHA-256 of secret + method + URI + body.
    V2,
    /// Base64 HMAC-SHA256 of method + URI + body + timestamp, keyed by the secret.
    V3,
}

impl SignatureVersion {
    /// `v1`, `v2` or `v3`, as HubSpot writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureVersion::V1 => "v1",
            SignatureVersion::V2 => "v2",
            SignatureVersion::V3 => "v3",
        }
    }

    fn header(self) -> &'static str {
        match self {
            SignatureVersion::V3 => "X-HubSpot-Signature-v3",
            SignatureVersion::V1 | SignatureVersion::V2 => "X-HubSpot-Signature",
        }
    }
}

impl fmt::Display for SignatureVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a webhook request was refused. `Display` is one line and never contains the
/// client secret (no variant holds it).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The client secret is empty: anyone could sign with an empty key, so nothing verifies
    /// against it (a missing configuration value, most likely).
    EmptySecret,
    /// The request carries no signature header (or an empty one).
    MissingSignature,
    /// A v3 signature without its `X-HubSpot-Request-Timestamp` header (or with an empty one).
    MissingTimestamp,
    /// The timestamp is not a whole number of milliseconds since the epoch.
    BadTimestamp,
    /// The timestamp is more than [`MAX_TIMESTAMP_SKEW_MS`] from the current time: a replay,
    /// a request held too long, or a clock that is off.
    #[non_exhaustive]
    StaleTimestamp {
        /// The request's timestamp, in milliseconds since the epoch.
        timestamp_ms: i64,
        /// The current time it was compared with.
        now_ms: i64,
    },
    /// The signature is not in its version's encoding: base64 for v3, 64 hex digits for v1
    /// and v2.
    MalformedSignature { version: SignatureVersion },
    /// The signature does not match: a wrong client secret, or the method, URI, body or
    /// timestamp (as each version signs them) changed on the way.
    BadSignature { version: SignatureVersion },
    /// The signature did not match and the URI given is not absolute, while HubSpot signs the
    /// full URI it called.
    RelativeUri { version: SignatureVersion },
    /// `X-HubSpot-Signature` without `X-HubSpot-Signature-Version`.
    MissingVersion,
    /// `X-HubSpot-Signature-Version` names a version this module does not check (the start
    /// of the value, escaped).
    UnsupportedVersion(String),
    /// The body verified but is not a JSON array of the expected events.
    BadEvents {
        /// Where in the body decoding failed (`[2].eventId`), empty at the top.
        path: String,
        /// What was wrong there.
        message: String,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::EmptySecret => f.write_str(
                "the client secret is empty, so no signature is accepted (is the app's secret configured?)",
            ),
            WebhookError::MissingSignature => f.write_str(
                "the request has no HubSpot signature (X-HubSpot-Signature-v3, or X-HubSpot-Signature for v1 and v2)",
            ),
            WebhookError::MissingTimestamp => f.write_str(
                "the v3 signature comes without an X-HubSpot-Request-Timestamp header",
            ),
            WebhookError::BadTimestamp => f.write_str(
                "the X-HubSpot-Request-Timestamp header is not a number of milliseconds since the epoch",
            ),
            WebhookError::StaleTimestamp {
                timestamp_ms,
                now_ms,
            } => {
                let seconds = now_ms.abs_diff(*timestamp_ms) as f64 / 1000.0;
                let when = if timestamp_ms <= now_ms {
                    "old"
                } else {
                    "in the future"
                };
                write!(
                    f,
                    "the request timestamp is {seconds:.1} s {when}, outside the {} s window (a replay, or a clock that is off)",
                    MAX_TIMESTAMP_SKEW_MS / 1000
                )
            }
            WebhookError::MalformedSignature { version } => match version {
                SignatureVersion::V3 => f.write_str("the X-HubSpot-Signature-v3 header is not valid base64"),
                _ => write!(
                    f,
                    "the {} header is not a hex SHA-256 digest (64 hex digits)",
                    version.header()
                ),
            },
            WebhookError::BadSignature { version } => {
                let signed = match version {
                    SignatureVersion::V1 => "the body",
                    SignatureVersion::V2 => "the method, URI or body",
                    SignatureVersion::V3 => "the method, URI, body or timestamp",
                };
                write!(
                    f,
                    "the {version} signature does not match: a wrong client secret, or {signed} changed"
                )
            }
            WebhookError::RelativeUri { version } => write!(
                f,
                "the {version} signature does not match and the URI is relative: HubSpot signs the full URI it called (scheme, host, path and query)"
            ),
            WebhookError::MissingVersion => f.write_str(
                "X-HubSpot-Signature comes without an X-HubSpot-Signature-Version header (v1 or v2)",
            ),
            WebhookError::UnsupportedVersion(version) => write!(
                f,
                "X-HubSpot-Signature-Version `{version}` is not one this client checks (v1, v2; v3 has its own header)"
            ),
            WebhookError::BadEvents { path, message } if path.is_empty() || path == "." => {
                write!(f, "the body is not a JSON array of events: {message}")
            }
            WebhookError::BadEvents { path, message } => {
                write!(f, "the body is not a JSON array of events: at {path}: {message}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

/// `time` in milliseconds since the Unix epoch (negative before it), the unit of
/// `X-HubSpot-Request-Timestamp` and of every `now_ms` here.
pub fn millis_since_epoch(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

/// Checks a request's signature, picking the version from its headers: v3
/// (`X-HubSpot-Signature-v3` with `X-HubSpot-Request-Timestamp`) when present, else
/// `X-HubSpot-Signature` as `X-HubSpot-Signature-Version` says (v1 or v2). Returns the
/// version that verified; see the module docs on why an app that gets v3 signatures should
/// accept nothing older.
///
/// `request.uri()` must be the full URI HubSpot called (scheme, host, path, query), and the
/// body the raw bytes received. `now_ms`: the current time in milliseconds since the epoch
/// ([`millis_since_epoch`]).
pub fn verify<B: AsRef<[u8]>>(
    secret: &ClientSecret,
    request: &http::Request<B>,
    now_ms: i64,
) -> Result<SignatureVersion, WebhookError> {
    verify_parts(
        secret,
        request.method().as_str(),
        &request.uri().to_string(),
        request.headers(),
        request.body().as_ref(),
        now_ms,
    )
}

/// [`verify`] for a request in pieces: method, full URI, headers and raw body.
pub fn verify_parts(
    secret: &ClientSecret,
    method: &str,
    uri: &str,
    headers: &http::HeaderMap,
    body: &[u8],
    now_ms: i64,
) -> Result<SignatureVersion, WebhookError> {
    // A header value that is not visible ASCII reads as "\0": a malformed signature, an
    // unparsable timestamp, an unsupported version.
    let text = |name: &str| {
        headers
            .get(name)
            .map(|value| value.to_str().unwrap_or("\u{0}"))
    };
    if let Some(signature) = text(SIGNATURE_V3_HEADER).filter(|s| !s.is_empty()) {
        let timestamp = text(TIMESTAMP_HEADER).unwrap_or("");
        verify_v3(secret, method, uri, body, signature, timestamp, now_ms)?;
        return Ok(SignatureVersion::V3);
    }
    let Some(signature) = text(SIGNATURE_HEADER).filter(|s| !s.is_empty()) else {
        return Err(WebhookError::MissingSignature);
    };
    match text(SIGNATURE_VERSION_HEADER) {
        None | Some("") => Err(WebhookError::MissingVersion),
        Some(v) if v.eq_ignore_ascii_case("v2") => {
            verify_v2(secret, method, uri, body, signature).map(|()| SignatureVersion::V2)
        }
        Some(v) if v.eq_ignore_ascii_case("v1") => {
            verify_v1(secret, body, signature).map(|()| SignatureVersion::V1)
        }
        Some(other) => {
            let shown: String = other
                .chars()
                .take(16)
                .flat_map(char::escape_debug)
                .collect();
            Err(WebhookError::UnsupportedVersion(shown))
        }
    }
}

/// Checks a v3 signature: `signature` is the `X-HubSpot-Signature-v3` header, base64 of
/// HMAC-SHA256(secret, method + uri + body + timestamp); `timestamp` is the
/// `X-HubSpot-Request-Timestamp` header as received (milliseconds since the epoch), and
/// must be within [`MAX_TIMESTAMP_SKEW_MS`] of `now_ms`, before or after. `uri` is the full
/// URI HubSpot called, as given or with HubSpot's listed characters percent-decoded (module
/// docs). An empty `signature` or `timestamp` counts as missing.
pub fn verify_v3(
    secret: &ClientSecret,
    method: &str,
    uri: &str,
    body: &[u8],
    signature: &str,
    timestamp: &str,
    now_ms: i64,
) -> Result<(), WebhookError> {
    secret.check()?;
    if signature.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    if timestamp.is_empty() {
        return Err(WebhookError::MissingTimestamp);
    }
    if !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::BadTimestamp);
    }
    let timestamp_ms: i64 = timestamp.parse().map_err(|_| WebhookError::BadTimestamp)?;
    if now_ms.abs_diff(timestamp_ms) > MAX_TIMESTAMP_SKEW_MS {
        return Err(WebhookError::StaleTimestamp {
            timestamp_ms,
            now_ms,
        });
    }
    let version = SignatureVersion::V3;
    // Strict: the standard alphabet with its padding, as HubSpot sends it.
    let given = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|_| WebhookError::MalformedSignature { version })?;
    let matches = |uri: &str| {
        // HMAC takes a key of any length, so this never fails.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
            return false;
        };
        mac.update(method.as_bytes());
        mac.update(uri.as_bytes());
        mac.update(body);
        mac.update(timestamp.as_bytes());
        // Constant time: `verify_slice` compares the computed MAC with `given` without an
        // early exit (a wrong length fails at once; the length is public).
        mac.verify_slice(&given).is_ok()
    };
    if matches(uri) {
        return Ok(());
    }
    if let Some(decoded) = decode_signed_characters(uri) {
        if matches(&decoded) {
            return Ok(());
        }
    }
    Err(mismatch(version, uri))
}

/// Checks a v2 signature: `signature` is the `X-HubSpot-Signature` header, hex SHA-256 of
/// secret + method + uri + body (the body adds nothing when empty). `uri` is the full URI
/// HubSpot called, exactly as sent. v2 has no timestamp: see the module docs on replays.
pub fn verify_v2(
    secret: &ClientSecret,
    method: &str,
    uri: &str,
    body: &[u8],
    signature: &str,
) -> Result<(), WebhookError> {
    secret.check()?;
    let version = SignatureVersion::V2;
    let given = decode_hex_digest(signature, version)?;
    let expected = Sha256::new()
        .chain_update(secret.as_bytes())
        .chain_update(method.as_bytes())
        .chain_update(uri.as_bytes())
        .chain_update(body)
        .finalize();
    if same_digest(&expected, &given) {
        Ok(())
    } else {
        Err(mismatch(version, uri))
    }
}

/// Checks a v1 signature: `signature` is the `X-HubSpot-Signature` header, hex SHA-256 of
/// secret + body. v1 signs neither the method nor the URI and has no timestamp: see the
/// module docs on replays.
pub fn verify_v1(secret: &ClientSecret, body: &[u8], signature: &str) -> Result<(), WebhookError> {
    secret.check()?;
    let version = SignatureVersion::V1;
    let given = decode_hex_digest(signature, version)?;
    let expected = Sha256::new()
        .chain_update(secret.as_bytes())
        .chain_update(body)
        .finalize();
    if same_digest(&expected, &given) {
        Ok(())
    } else {
        Err(WebhookError::BadSignature { version })
    }
}

/// Decodes a verified body: a JSON array of events, each decoded as `E` (the crate's
/// webhook event type where its description has one, else `serde_json::Value`). A value
/// that is not an array, or an element `E` refuses, is [`WebhookError::BadEvents`], naming
/// where.
pub fn decode_events<E: DeserializeOwned>(body: &[u8]) -> Result<Vec<E>, WebhookError> {
    let error = match serde_json::from_slice(body) {
        Ok(events) => return Ok(events),
        Err(error) => error,
    };
    // Only a failure pays for tracking the path: decode again to find where. When that
    // succeeds, what failed was after the array (trailing characters): no path to name.
    let mut reader = serde_json::Deserializer::from_slice(body);
    let (path, message) = match serde_path_to_error::deserialize::<_, Vec<E>>(&mut reader) {
        Err(error) => (error.path().to_string(), error.into_inner().to_string()),
        Ok(_) => (String::new(), error.to_string()),
    };
    Err(WebhookError::BadEvents { path, message })
}

fn mismatch(version: SignatureVersion, uri: &str) -> WebhookError {
    let absolute = uri.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    });
    if absolute {
        WebhookError::BadSignature { version }
    } else {
        WebhookError::RelativeUri { version }
    }
}

/// The 32 bytes of a hex SHA-256 digest (either case). Branches on the given text only: its
/// timing tells the sender nothing it did not send.
fn decode_hex_digest(text: &str, version: SignatureVersion) -> Result<[u8; 32], WebhookError> {
    if text.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    let malformed = WebhookError::MalformedSignature { version };
    let digits = text.as_bytes();
    if digits.len() != 64 {
        return Err(malformed);
    }
    let mut digest = [0u8; 32];
    for (byte, pair) in digest.iter_mut().zip(digits.chunks_exact(2)) {
        match (hex_value(pair[0]), hex_value(pair[1])) {
            (Some(high), Some(low)) => *byte = (high << 4) | low,
            _ => return Err(malformed),
        }
    }
    Ok(digest)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Constant time: `subtle` compares every byte whatever differs first.
fn same_digest(expected: &[u8], given: &[u8; 32]) -> bool {
    bool::from(expected.ct_eq(given.as_slice()))
}

/// The URI with the characters HubSpot's documentation lists for v3 percent-decoded, or
/// `None` when it has none of them.
fn decode_signed_characters(uri: &str) -> Option<String> {
    const DECODED: [(u8, char); 12] = [
        (0x3A, ':'),
        (0x2F, '/'),
        (0x3F, '?'),
        (0x40, '@'),
        (0x21, '!'),
        (0x24, '$'),
        (0x27, '\''),
        (0x28, '('),
        (0x29, ')'),
        (0x2A, '*'),
        (0x2C, ','),
        (0x3B, ';'),
    ];
    let bytes = uri.as_bytes();
    let mut out = String::with_capacity(uri.len());
    let (mut changed, mut copied, mut i) = (false, 0, 0);
    while i + 2 < bytes.len() {
        let decoded = if bytes[i] == b'%' {
            match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                (Some(high), Some(low)) => DECODED
                    .iter()
                    .find(|(code, _)| *code == (high << 4) | low)
                    .map(|(_, c)| *c),
                _ => None,
            }
        } else {
            None
        };
        match decoded {
            Some(c) => {
                out.push_str(&uri[copied..i]);
                out.push(c);
                changed = true;
                i += 3;
                copied = i;
            }
            None => i += 1,
        }
    }
    out.push_str(&uri[copied..]);
    changed.then_some(out)
}
