//! `generated_client::webhooks`: HubSpot's webhook signatures (v1, v2, v3), checked against
//! vectors computed apart from this crate, and the event decoding that follows.
//!
//! Where the vectors come from:
//! - v2: HubSpot's published worked examples (shared/reference/conversation-loop.md).
//! - v1 and v3: Python's standard library, not this crate. The fixed ones were printed by
//!   the commands next to them; `python_agrees_on_many_inputs` asks Python live (python3 is
//!   on CI machines: it fails there when python3 is missing, and elsewhere skips with a
//!   notice).

use generated_client::types::{WebhookEvent, WebhookEvents};
use generated_client::webhooks::{
    self, decode_events, verify, verify_parts, verify_v1, verify_v2, verify_v3, ClientSecret,
    SignatureVersion, WebhookError, MAX_TIMESTAMP_SKEW_MS,
};
use std::process::Command;

/// HubSpot's example secret for v1 and v2.
const HUBSPOT_SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";

/// v3 vectors: this secret, `POST`, [`URI`], [`BODY`], [`TIMESTAMP`].
const SECRET: &str = "9c1d3e5f-2a4b-4c6d-8e0f-1a2b3c4d5e6f";
const URI: &str = "https://example.com/hubspot/webhooks?portal=62515";
const BODY: &[u8] = br#"[{"eventId":4242,"subscriptionId":12345,"portalId":62515,"appId":54321,"occurredAt":1767225590000,"subscriptionType":"conversation.newMessage","attemptNumber":0,"objectId":7340981265,"messageId":"a1b2c3d4","messageType":"MESSAGE","changeFlag":"NEW_MESSAGE"}]"#;
const TIMESTAMP: &str = "1767225600000";
const TIMESTAMP_MS: i64 = 1_767_225_600_000;
/// python3 -c 'import hmac,hashlib,base64,sys; print(base64.b64encode(hmac.new(sys.argv[1].encode(), b"".join(a.encode() for a in sys.argv[2:]), hashlib.sha256).digest()).decode())' \
///   9c1d3e5f-2a4b-4c6d-8e0f-1a2b3c4d5e6f POST 'https://example.com/hubspot/webhooks?portal=62515' "$(BODY)" 1767225600000
const SIGNATURE: &str = "tY3ZJXnX+ma8dS2WV+aqjwTxuxyH6EEJpCniCj1YHCE=";

fn secret() -> ClientSecret {
    ClientSecret::new(SECRET)
}

/// The v3 check of the fixed request with one part replaced.
fn v3(
    method: &str,
    uri: &str,
    body: &[u8],
    timestamp: &str,
    now_ms: i64,
) -> Result<(), WebhookError> {
    verify_v3(&secret(), method, uri, body, SIGNATURE, timestamp, now_ms)
}

fn bad(version: SignatureVersion) -> Result<(), WebhookError> {
    Err(WebhookError::BadSignature { version })
}

// --- v2 and v1 -------------------------------------------------------------------------

#[test]
fn v2_accepts_hubspots_published_examples() {
    let secret = ClientSecret::new(HUBSPOT_SECRET);
    let uri = "https://www.example.com/webhook_uri";
    assert_eq!(
        verify_v2(
            &secret,
            "POST",
            uri,
            br#"{"example_field":"example_value"}"#,
            "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900"
        ),
        Ok(())
    );
    assert_eq!(
        verify_v2(
            &secret,
            "GET",
            uri,
            b"",
            "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"
        ),
        Ok(())
    );
    // Upper-case hex is the same digest.
    assert_eq!(
        verify_v2(
            &secret,
            "GET",
            uri,
            b"",
            "EEE2DDDCC73C94D699F5E395F4B9D454A069A6855FBFA152E91E88823087200E"
        ),
        Ok(())
    );
}

#[test]
fn v2_rejects_every_change() {
    let secret = ClientSecret::new(HUBSPOT_SECRET);
    let (uri, body) = (
        "https://www.example.com/webhook_uri",
        &br#"{"example_field":"example_value"}"#[..],
    );
    let sig = "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900";
    let v2 = SignatureVersion::V2;
    let other = ClientSecret::new("zzzzzzzz-yyyy-yyyy-yyyy-yyyyyyyyyyyy");
    assert_eq!(verify_v2(&other, "POST", uri, body, sig), bad(v2));
    assert_eq!(verify_v2(&secret, "PUT", uri, body, sig), bad(v2));
    assert_eq!(
        verify_v2(
            &secret,
            "POST",
            "https://www.example.com/webhook_uri2",
            body,
            sig
        ),
        bad(v2)
    );
    assert_eq!(
        verify_v2(
            &secret,
            "POST",
            uri,
            br#"{"example_field":"example_valuE"}"#,
            sig
        ),
        bad(v2)
    );
    // v2 signs the URI exactly as given: no percent-decoding.
    assert_eq!(
        verify_v2(
            &secret,
            "POST",
            "https://www.example.com%2Fwebhook_uri",
            body,
            sig
        ),
        bad(v2)
    );
}

/// The body is HubSpot's v1 example; the digest was computed with
/// `python3 -c 'import hashlib,sys; print(hashlib.sha256((sys.argv[1] + sys.argv[2]).encode()).hexdigest())' yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy "$BODY"`
/// (and is the one HubSpot's v1 documentation prints).
#[test]
fn v1_accepts_an_independently_computed_digest() {
    let secret = ClientSecret::new(HUBSPOT_SECRET);
    let body = br#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;
    let sig = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de";
    assert_eq!(verify_v1(&secret, body, sig), Ok(()));
    let v1 = SignatureVersion::V1;
    assert_eq!(verify_v1(&ClientSecret::new(SECRET), body, sig), bad(v1));
    let mut tampered = body.to_vec();
    tampered[10] ^= 1;
    assert_eq!(verify_v1(&secret, &tampered, sig), bad(v1));
}

#[test]
fn v1_and_v2_reject_signatures_that_are_not_hex_digests() {
    let secret = ClientSecret::new(HUBSPOT_SECRET);
    let published = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e";
    let malformed = [
        published[1..].to_owned(),                                 // 63 digits
        format!("{published}0"),                                   // 65 digits
        format!("{}g", &published[1..]),                           // not a hex digit
        format!("sha256={published}"),                             // a prefix HubSpot does not send
        format!(" {}", &published[1..]),                           // a space
        "7lPd3Mc8lNaZ9eOVufnUVKBppoVf+6FS6R6IgjCHIA4=".to_owned(), // the same digest in base64
    ];
    for sig in &malformed {
        for (version, result) in [
            (
                SignatureVersion::V2,
                verify_v2(
                    &secret,
                    "GET",
                    "https://www.example.com/webhook_uri",
                    b"",
                    sig,
                ),
            ),
            (SignatureVersion::V1, verify_v1(&secret, b"", sig)),
        ] {
            assert_eq!(
                result,
                Err(WebhookError::MalformedSignature { version }),
                "{sig}"
            );
        }
    }
    assert_eq!(
        verify_v2(
            &secret,
            "GET",
            "https://www.example.com/webhook_uri",
            b"",
            ""
        ),
        Err(WebhookError::MissingSignature)
    );
}

// --- v3 --------------------------------------------------------------------------------

#[test]
fn v3_accepts_an_independently_computed_signature() {
    assert_eq!(v3("POST", URI, BODY, TIMESTAMP, TIMESTAMP_MS), Ok(()));
    assert_eq!(
        v3("POST", URI, BODY, TIMESTAMP, TIMESTAMP_MS + 30_000),
        Ok(())
    );
}

#[test]
fn v3_accepts_a_timestamp_up_to_five_minutes_either_way() {
    let window = MAX_TIMESTAMP_SKEW_MS as i64;
    assert_eq!(window, 300_000);
    for now in [TIMESTAMP_MS + window, TIMESTAMP_MS - window] {
        assert_eq!(v3("POST", URI, BODY, TIMESTAMP, now), Ok(()), "now {now}");
    }
}

#[test]
fn v3_rejects_a_replay_and_a_timestamp_from_the_future() {
    let stale = v3("POST", URI, BODY, TIMESTAMP, TIMESTAMP_MS + 300_001).unwrap_err();
    assert!(
        matches!(stale, WebhookError::StaleTimestamp { timestamp_ms: TIMESTAMP_MS, now_ms, .. } if now_ms == TIMESTAMP_MS + 300_001),
        "{stale:?}"
    );
    assert!(stale.to_string().contains("300.0 s old"), "{stale}");
    let hour_later = v3("POST", URI, BODY, TIMESTAMP, TIMESTAMP_MS + 3_600_000).unwrap_err();
    assert!(matches!(hour_later, WebhookError::StaleTimestamp { .. }));

    let future = v3("POST", URI, BODY, TIMESTAMP, TIMESTAMP_MS - 300_001).unwrap_err();
    assert!(
        matches!(future, WebhookError::StaleTimestamp { .. }),
        "{future:?}"
    );
    assert!(future.to_string().contains("in the future"), "{future}");
}

#[test]
fn v3_rejects_a_forged_signature() {
    let wrong = ClientSecret::new("9c1d3e5f-2a4b-4c6d-8e0f-1a2b3c4d5e6e");
    assert_eq!(
        verify_v3(
            &wrong,
            "POST",
            URI,
            BODY,
            SIGNATURE,
            TIMESTAMP,
            TIMESTAMP_MS
        ),
        bad(SignatureVersion::V3)
    );
    // Another valid-looking signature, and one of the wrong length.
    for sig in [
        "uY3ZJXnX+ma8dS2WV+aqjwTxuxyH6EEJpCniCj1YHCE=",
        "tY3ZJXnX+ma8dS2WV+aqjwTxuxyH6EEJpCniCj1Y",
        "AAAA",
    ] {
        assert_eq!(
            verify_v3(&secret(), "POST", URI, BODY, sig, TIMESTAMP, TIMESTAMP_MS),
            bad(SignatureVersion::V3),
            "{sig}"
        );
    }
}

#[test]
fn v3_rejects_a_tampered_request() {
    let v = SignatureVersion::V3;
    let mut body = BODY.to_vec();
    body[12] = b'9'; // one digit of eventId
    assert_eq!(v3("POST", URI, &body, TIMESTAMP, TIMESTAMP_MS), bad(v));
    assert_eq!(
        v3(
            "POST",
            URI,
            &BODY[..BODY.len() - 1],
            TIMESTAMP,
            TIMESTAMP_MS
        ),
        bad(v)
    );
    let mut longer = BODY.to_vec();
    longer.push(b'\n');
    assert_eq!(v3("POST", URI, &longer, TIMESTAMP, TIMESTAMP_MS), bad(v));
    assert_eq!(
        v3(
            "POST",
            "https://example.com/hubspot/webhooks?portal=62516",
            BODY,
            TIMESTAMP,
            TIMESTAMP_MS
        ),
        bad(v)
    );
    assert_eq!(
        v3(
            "POST",
            "http://example.com/hubspot/webhooks?portal=62515",
            BODY,
            TIMESTAMP,
            TIMESTAMP_MS
        ),
        bad(v)
    );
    assert_eq!(v3("PUT", URI, BODY, TIMESTAMP, TIMESTAMP_MS), bad(v));
    assert_eq!(v3("post", URI, BODY, TIMESTAMP, TIMESTAMP_MS), bad(v));
    // A timestamp moved within the window still breaks the signature.
    assert_eq!(v3("POST", URI, BODY, "1767225600001", TIMESTAMP_MS), bad(v));
    assert_eq!(v3("POST", URI, BODY, "1767225500000", TIMESTAMP_MS), bad(v));
    // The same number written differently is a different signed text.
    assert_eq!(
        v3("POST", URI, BODY, "01767225600000", TIMESTAMP_MS),
        bad(v)
    );
}

#[test]
fn v3_needs_a_timestamp_it_can_read() {
    assert_eq!(
        v3("POST", URI, BODY, "", TIMESTAMP_MS),
        Err(WebhookError::MissingTimestamp)
    );
    for timestamp in [
        "abc",
        "-1767225600000",
        "+1767225600000",
        " 1767225600000",
        "1767225600000 ",
        "1767225600.000",
        "1.7672256e12",
        "99999999999999999999",
        "2026-01-01T00:00:00Z",
    ] {
        assert_eq!(
            v3("POST", URI, BODY, timestamp, TIMESTAMP_MS),
            Err(WebhookError::BadTimestamp),
            "{timestamp:?}"
        );
    }
}

#[test]
fn v3_rejects_a_signature_that_is_not_base64() {
    let malformed = Err(WebhookError::MalformedSignature {
        version: SignatureVersion::V3,
    });
    for sig in [
        "not base64!",
        "tY3ZJXnX+ma8dS2WV+aqjwTxuxyH6EEJpCniCj1YHCE", // padding missing
        "tY3ZJXnX-ma8dS2WV-aqjwTxuxyH6EEJpCniCj1YHCE=", // URL-safe alphabet
        "tY3ZJXnX+ma8dS2WV+aqjwTxuxyH6EEJpCniCj1YHCE= ", // trailing space
        "tY3ZJXnX+ma8dS2WV+aqjwTxuxyH6EEJpCniCj1YHCE==", // too much padding
    ] {
        assert_eq!(
            verify_v3(&secret(), "POST", URI, BODY, sig, TIMESTAMP, TIMESTAMP_MS),
            malformed,
            "{sig}"
        );
    }
    assert_eq!(
        verify_v3(&secret(), "POST", URI, BODY, "", TIMESTAMP, TIMESTAMP_MS),
        Err(WebhookError::MissingSignature)
    );
}

/// HubSpot's documentation decodes some percent-encoded characters before signing; its SDKs
/// sign the URI as given. Both signatures verify against the URI as received.
/// Computed like [`SIGNATURE`], with the URI `https://example.com/hooks/a:b?next=https://x.test/`
/// (decoded) and `https://example.com/hooks/a%3Ab?next=https%3A%2F%2Fx.test%2F` (as given).
#[test]
fn v3_accepts_the_uri_as_given_or_with_hubspots_listed_characters_decoded() {
    let received = "https://example.com/hooks/a%3Ab?next=https%3A%2F%2Fx.test%2F";
    let over_decoded = "41V/OYl/NNNCGXJUf5EYUcxEp95zox+j4h3S4Fq98D8=";
    let over_given = "JQsHPBXmK5ZlfkcVn38daFS9b4RPnLMgxgUJxIINKYk=";
    for sig in [over_decoded, over_given] {
        assert_eq!(
            verify_v3(
                &secret(),
                "POST",
                received,
                BODY,
                sig,
                TIMESTAMP,
                TIMESTAMP_MS
            ),
            Ok(()),
            "{sig}"
        );
    }
    // Lower-case hex digits decode the same.
    let lower = "https://example.com/hooks/a%3ab?next=https%3a%2f%2fx.test%2f";
    assert_eq!(
        verify_v3(
            &secret(),
            "POST",
            lower,
            BODY,
            over_decoded,
            TIMESTAMP,
            TIMESTAMP_MS
        ),
        Ok(())
    );
    // The decoded URI received as such verifies with the decoded signature only.
    let decoded = "https://example.com/hooks/a:b?next=https://x.test/";
    assert_eq!(
        verify_v3(
            &secret(),
            "POST",
            decoded,
            BODY,
            over_decoded,
            TIMESTAMP,
            TIMESTAMP_MS
        ),
        Ok(())
    );
    assert_eq!(
        verify_v3(
            &secret(),
            "POST",
            decoded,
            BODY,
            over_given,
            TIMESTAMP,
            TIMESTAMP_MS
        ),
        bad(SignatureVersion::V3)
    );
}

#[test]
fn a_relative_uri_that_fails_is_named() {
    assert_eq!(
        v3(
            "POST",
            "/hubspot/webhooks?portal=62515",
            BODY,
            TIMESTAMP,
            TIMESTAMP_MS
        ),
        Err(WebhookError::RelativeUri {
            version: SignatureVersion::V3
        })
    );
    assert_eq!(
        verify_v2(
            &ClientSecret::new(HUBSPOT_SECRET),
            "GET",
            "/webhook_uri",
            b"",
            "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"
        ),
        Err(WebhookError::RelativeUri {
            version: SignatureVersion::V2
        })
    );
}

#[test]
fn an_empty_secret_verifies_nothing() {
    // HMAC-SHA256 with an empty key of the fixed request, as Python computes it:
    // python3 -c 'import hmac,hashlib,base64,sys; print(base64.b64encode(hmac.new(b"", sys.argv[1].encode(), hashlib.sha256).digest()).decode())' "POST$URI$BODY$TIMESTAMP"
    let empty = ClientSecret::new("");
    let forged = "4/qWx+KQQj7vkHnuv9bjIpiMbEFe8bUQAlUO5PRxW+s=";
    assert_eq!(
        verify_v3(&empty, "POST", URI, BODY, forged, TIMESTAMP, TIMESTAMP_MS),
        Err(WebhookError::EmptySecret)
    );
    let empty_key_digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assert_eq!(
        verify_v1(&empty, b"", empty_key_digest),
        Err(WebhookError::EmptySecret)
    );
    assert_eq!(
        verify_v2(&empty, "", "", b"", empty_key_digest),
        Err(WebhookError::EmptySecret)
    );
}

// --- picking the version from the headers -----------------------------------------------

fn request(headers: &[(&str, &str)], uri: &str, body: &[u8]) -> http::Request<Vec<u8>> {
    let mut builder = http::Request::builder().method("POST").uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.to_vec()).unwrap()
}

#[test]
fn verify_picks_v3_when_present() {
    let genuine = request(
        &[
            ("X-HubSpot-Signature-v3", SIGNATURE),
            ("X-HubSpot-Request-Timestamp", TIMESTAMP),
            // An older signature beside it (here a wrong one) is not consulted.
            ("X-HubSpot-Signature", "00"),
            ("X-HubSpot-Signature-Version", "v1"),
        ],
        URI,
        BODY,
    );
    assert_eq!(
        verify(&secret(), &genuine, TIMESTAMP_MS + 1_000),
        Ok(SignatureVersion::V3)
    );
    // v3 failing never falls back to an older version.
    let v1_sig = "0".repeat(64);
    let stale = request(
        &[
            ("x-hubspot-signature-v3", SIGNATURE),
            ("x-hubspot-request-timestamp", TIMESTAMP),
            ("x-hubspot-signature", &v1_sig),
            ("x-hubspot-signature-version", "v1"),
        ],
        URI,
        BODY,
    );
    assert!(matches!(
        verify(&secret(), &stale, TIMESTAMP_MS + 600_000),
        Err(WebhookError::StaleTimestamp { .. })
    ));
    let no_timestamp = request(&[("X-HubSpot-Signature-v3", SIGNATURE)], URI, BODY);
    assert_eq!(
        verify(&secret(), &no_timestamp, TIMESTAMP_MS),
        Err(WebhookError::MissingTimestamp)
    );
}

#[test]
fn verify_falls_back_to_v2_and_v1() {
    let secret = ClientSecret::new(HUBSPOT_SECRET);
    let v2 = http::Request::builder()
        .method("GET")
        .uri("https://www.example.com/webhook_uri")
        .header(
            "X-HubSpot-Signature",
            "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
        )
        .header("X-HubSpot-Signature-Version", "v2")
        .body(Vec::new())
        .unwrap();
    assert_eq!(verify(&secret, &v2, 0), Ok(SignatureVersion::V2));

    let body = br#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#;
    let headers = [
        (
            "X-HubSpot-Signature",
            "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de",
        ),
        ("X-HubSpot-Signature-Version", "v1"),
    ];
    let v1 = request(&headers, "https://anything.example/", body);
    assert_eq!(verify(&secret, &v1, i64::MAX), Ok(SignatureVersion::V1));
    assert_eq!(
        verify_parts(&secret, "POST", "ignored by v1", v1.headers(), body, 0),
        Ok(SignatureVersion::V1)
    );
}

#[test]
fn verify_explains_what_the_headers_lack() {
    let s = secret();
    let none = request(&[], URI, BODY);
    assert_eq!(
        verify(&s, &none, TIMESTAMP_MS),
        Err(WebhookError::MissingSignature)
    );
    let empty = request(&[("X-HubSpot-Signature-v3", "")], URI, BODY);
    assert_eq!(
        verify(&s, &empty, TIMESTAMP_MS),
        Err(WebhookError::MissingSignature)
    );
    let unversioned = request(&[("X-HubSpot-Signature", &"a".repeat(64))], URI, BODY);
    assert_eq!(
        verify(&s, &unversioned, TIMESTAMP_MS),
        Err(WebhookError::MissingVersion)
    );
    let v9 = request(
        &[
            ("X-HubSpot-Signature", &"a".repeat(64)),
            ("X-HubSpot-Signature-Version", "v9"),
        ],
        URI,
        BODY,
    );
    assert_eq!(
        verify(&s, &v9, TIMESTAMP_MS),
        Err(WebhookError::UnsupportedVersion("v9".to_owned()))
    );
    let relative = request(
        &[
            ("X-HubSpot-Signature-v3", SIGNATURE),
            ("X-HubSpot-Request-Timestamp", TIMESTAMP),
        ],
        "/hubspot/webhooks?portal=62515",
        BODY,
    );
    assert_eq!(
        verify(&s, &relative, TIMESTAMP_MS),
        Err(WebhookError::RelativeUri {
            version: SignatureVersion::V3
        })
    );
}

// --- the secret never shows -------------------------------------------------------------

#[test]
fn the_secret_appears_in_no_debug_and_no_error() {
    let s = secret();
    assert_eq!(format!("{s:?}"), "ClientSecret(<redacted>)");
    assert_eq!(format!("{s:#?}"), "ClientSecret(<redacted>)");
    let errors = [
        verify(&s, &request(&[], URI, BODY), 0).unwrap_err(),
        v3("POST", URI, BODY, "", TIMESTAMP_MS).unwrap_err(),
        v3("POST", URI, BODY, SECRET, TIMESTAMP_MS).unwrap_err(),
        v3("POST", URI, BODY, TIMESTAMP, 0).unwrap_err(),
        v3("POST", URI, BODY, TIMESTAMP, i64::MAX).unwrap_err(),
        verify_v3(&s, "POST", URI, BODY, SECRET, TIMESTAMP, TIMESTAMP_MS).unwrap_err(),
        v3("POST", URI, b"{}", TIMESTAMP, TIMESTAMP_MS).unwrap_err(),
        v3("POST", "/relative", BODY, TIMESTAMP, TIMESTAMP_MS).unwrap_err(),
        verify_v2(&s, "POST", URI, BODY, SECRET).unwrap_err(),
        verify_v1(&s, BODY, &"0".repeat(64)).unwrap_err(),
        verify(&s, &request(&[("X-HubSpot-Signature", "x")], URI, BODY), 0).unwrap_err(),
        verify(&s, &request(&[("X-HubSpot-Signature", "x")], URI, BODY), 0).unwrap_err(),
        decode_events::<WebhookEvent>(b"{}").unwrap_err(),
    ];
    let fragment = &SECRET[..8];
    for error in &errors {
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!shown.contains(fragment), "{shown}");
        }
        let line = error.to_string();
        assert!(!line.is_empty() && !line.contains('\n'), "{line:?}");
    }
}

#[test]
fn an_unsupported_version_is_shown_short_and_escaped() {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-hubspot-signature", http::HeaderValue::from_static("ab"));
    let version = |value: http::HeaderValue, headers: &mut http::HeaderMap| {
        headers.insert("x-hubspot-signature-version", value);
        verify_parts(&secret(), "POST", URI, headers, BODY, 0)
    };
    assert_eq!(
        version(
            http::HeaderValue::from_static("v2-and-a-much-longer-name"),
            &mut headers
        ),
        Err(WebhookError::UnsupportedVersion(
            "v2-and-a-much-lo".to_owned()
        ))
    );
    // Not visible ASCII: not shown at all.
    let error = version(
        http::HeaderValue::from_bytes(b"v\xff2").unwrap(),
        &mut headers,
    )
    .unwrap_err();
    assert_eq!(error, WebhookError::UnsupportedVersion("\\0".to_owned()));
    assert_eq!(
        error.to_string(),
        "X-HubSpot-Signature-Version `\\0` is not one this client checks (v1, v2; v3 has its own header)"
    );
}

// --- events -----------------------------------------------------------------------------

#[test]
fn decode_events_reads_a_verified_body() {
    assert_eq!(v3("POST", URI, BODY, TIMESTAMP, TIMESTAMP_MS), Ok(()));
    let events: WebhookEvents = decode_events(BODY).unwrap();
    assert_eq!(events.len(), 1);
    let WebhookEvent::ConversationNewMessage(event) = &events[0] else {
        panic!("{:?}", events[0]);
    };
    assert_eq!(
        (event.event_id, event.object_id, event.message_id.as_str()),
        (4242, 7_340_981_265, "a1b2c3d4")
    );
    let unknown: Vec<WebhookEvent> =
        decode_events(br#"[{"subscriptionType":"deal.creation","eventId":7,"x":[1,2]}]"#).unwrap();
    assert_eq!(
        serde_json::to_string(&unknown[0]).unwrap(),
        r#"{"subscriptionType":"deal.creation","eventId":7,"x":[1,2]}"#
    );
    assert!(decode_events::<WebhookEvent>(b"[]").unwrap().is_empty());
}

#[test]
fn decode_events_says_where_a_body_is_not_events() {
    let at_top = decode_events::<WebhookEvent>(br#"{"eventId":1}"#).unwrap_err();
    assert!(
        matches!(&at_top, WebhookError::BadEvents { message, .. } if message.contains("expected a sequence")),
        "{at_top:?}"
    );
    assert!(at_top
        .to_string()
        .starts_with("the body is not a JSON array of events: "));
    let second = br#"[{"subscriptionType":"x.y"},{"subscriptionType":"conversation.creation","eventId":"one"}]"#;
    let error = decode_events::<WebhookEvent>(second).unwrap_err();
    let WebhookError::BadEvents { path, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(path.starts_with("[1]"), "{error}");
    for not_json in [&b"not json"[..], b"", b"[] []", b"[{}"] {
        assert!(matches!(
            decode_events::<WebhookEvent>(not_json),
            Err(WebhookError::BadEvents { .. })
        ));
    }
}

#[test]
fn millis_since_epoch_is_the_header_unit() {
    use std::time::{Duration, UNIX_EPOCH};
    let at = UNIX_EPOCH + Duration::from_millis(TIMESTAMP_MS as u64);
    assert_eq!(webhooks::millis_since_epoch(at), TIMESTAMP_MS);
    assert_eq!(
        webhooks::millis_since_epoch(UNIX_EPOCH - Duration::from_millis(5)),
        -5
    );
}

// --- only HubSpot's crates carry it -------------------------------------------------------

#[test]
fn only_hubspot_descriptions_get_the_webhooks_module() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let generate = |spec: &str| {
        let text = std::fs::read_to_string(root.join(spec)).unwrap();
        codegen::generate(&codegen::Input {
            spec_name: spec,
            text: &text,
            crate_name: None,
            command: "test",
            standalone: false,
        })
        .unwrap()
        .files
    };
    let hubspot = generate(codegen::DEFAULT_SPEC);
    assert!(hubspot["src/webhooks.rs"].starts_with("// @generated by test from "));
    assert!(hubspot["src/lib.rs"].contains("pub mod webhooks;"));
    for dep in ["base64 = ", "hmac = ", "sha2 = ", "subtle = "] {
        assert!(hubspot["Cargo.toml"].contains(dep), "{dep}");
    }
    // The module stands on the runtime alone: HubSpot's own descriptions have no event schemas.
    assert!(!hubspot["src/webhooks.rs"].contains("crate::types"));

    let generic = generate("tests/fixtures/security.yaml");
    assert!(!generic.contains_key("src/webhooks.rs"));
    assert!(!generic["src/lib.rs"].contains("webhooks"));
    for dep in ["base64", "hmac", "sha2", "subtle"] {
        assert!(!generic["Cargo.toml"].contains(dep), "{dep}");
    }
}

// --- Python's standard library agrees ---------------------------------------------------

const PYTHON: &str = r#"
import base64, hashlib, hmac, sys
secret, method, uri, body, timestamp = (bytes.fromhex(a) for a in sys.argv[1:6])
print(base64.b64encode(hmac.new(secret, method + uri + body + timestamp, hashlib.sha256).digest()).decode())
print(hashlib.sha256(secret + method + uri + body).hexdigest())
print(hashlib.sha256(secret + body).hexdigest())
"#;

/// Python's v3, v2 and v1 signatures of a request, or `None` (with a notice) where python3
/// is missing outside CI.
fn python_signatures(
    secret: &str,
    method: &str,
    uri: &str,
    body: &[u8],
    timestamp: &str,
) -> Option<[String; 3]> {
    // Every argument in hex: no locale can change the bytes Python signs.
    let hex = |bytes: &[u8]| -> String { bytes.iter().map(|b| format!("{b:02x}")).collect() };
    let output = match Command::new("python3")
        .arg("-c")
        .arg(PYTHON)
        .args([
            hex(secret.as_bytes()),
            hex(method.as_bytes()),
            hex(uri.as_bytes()),
            hex(body),
            hex(timestamp.as_bytes()),
        ])
        .output()
    {
        Ok(output) => output,
        Err(error) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("python3 is needed on CI to cross-check the webhook signatures: {error}")
        }
        Err(error) => {
            eprintln!("skipping the Python cross-check: python3 did not start ({error})");
            return None;
        }
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    Some(lines.try_into().expect("three lines"))
}

#[test]
fn python_agrees_on_many_inputs() {
    let cases: [(&str, &str, &str, &[u8], &str); 6] = [
        (SECRET, "POST", URI, BODY, TIMESTAMP),
        ("s", "GET", "https://example.com/", b"", "0"),
        (
            "clé-secrète ✓",
            "POST",
            "https://hooks.example.org:8443/in?a=1&b=%20x&c=d%2Fe",
            "[{\"text\":\"héllo 👋\"}]".as_bytes(),
            "1767225600123",
        ),
        (
            SECRET,
            "PATCH",
            "https://example.com/a(b)*c!$'@",
            &[0, 159, 255, b'\n', b'\r'],
            "1767225600000",
        ),
        (&"k".repeat(200), "POST", URI, &[b'x'; 5000], TIMESTAMP),
        (
            SECRET,
            "POST",
            URI,
            b"{ \"pretty\": [ 1,\n  2 ] }\n",
            TIMESTAMP,
        ),
    ];
    for (secret, method, uri, body, timestamp) in cases {
        let Some([v3_sig, v2_sig, v1_sig]) =
            python_signatures(secret, method, uri, body, timestamp)
        else {
            return;
        };
        let key = ClientSecret::new(secret);
        let now: i64 = timestamp.parse::<i64>().unwrap() + 299_999;
        let label = format!("{method} {uri} {timestamp}");
        assert_eq!(
            verify_v3(&key, method, uri, body, &v3_sig, timestamp, now),
            Ok(()),
            "v3 {label}"
        );
        assert_eq!(
            verify_v2(&key, method, uri, body, &v2_sig),
            Ok(()),
            "v2 {label}"
        );
        assert_eq!(verify_v1(&key, body, &v1_sig), Ok(()), "v1 {label}");
        // And each is refused with another secret.
        let other = ClientSecret::new(format!("{secret}!"));
        assert!(verify_v3(&other, method, uri, body, &v3_sig, timestamp, now).is_err());
        assert!(verify_v2(&other, method, uri, body, &v2_sig).is_err());
        assert!(verify_v1(&other, body, &v1_sig).is_err());
    }
}

/// Python signs the URI with the documented characters decoded (accepted), and with `%20`
/// decoded too (refused: only HubSpot's listed characters are decoded).
#[test]
fn python_agrees_on_percent_decoding() {
    let received = "https://example.com/in/a%3Ab%2Cc%3Bd?q=x%20y%40z";
    let documented = "https://example.com/in/a:b,c;d?q=x%20y@z";
    let too_far = "https://example.com/in/a:b,c;d?q=x y@z";
    let Some([documented_sig, ..]) = python_signatures(SECRET, "POST", documented, BODY, TIMESTAMP)
    else {
        return;
    };
    let Some([too_far_sig, ..]) = python_signatures(SECRET, "POST", too_far, BODY, TIMESTAMP)
    else {
        return;
    };
    let check = |sig: &str| {
        verify_v3(
            &secret(),
            "POST",
            received,
            BODY,
            sig,
            TIMESTAMP,
            TIMESTAMP_MS,
        )
    };
    assert_eq!(check(&documented_sig), Ok(()));
    assert_eq!(check(&too_far_sig), bad(SignatureVersion::V3));
}
