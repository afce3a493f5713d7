//! Property test: for generated values of the request and response types, encoding then
//! decoding gives the same value. Values are generated as JSON that follows the schema
//! (every kind, every attachment kind, optional fields present or not, enum values known or
//! new, kinds the schema does not list, properties a newer schema added), decoded into the
//! types, and then round-tripped.

use generated_client::types::{Error, PublicMessage, PublicMessageEgg};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn text() -> impl Strategy<Value = Value> {
    any::<String>().prop_map(Value::String)
}

/// A known value of an enum, or one the schema does not list.
fn one_of(values: &'static [&'static str]) -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => proptest::sample::select(values).prop_map(|v| Value::String(v.to_owned())),
        1 => "[A-Z_]{1,12}".prop_map(Value::String),
    ]
}

fn date_time() -> impl Strategy<Value = Value> {
    // 1970..2100, with milliseconds, as HubSpot writes them.
    (0i64..4_102_444_800, 1u32..1000).prop_map(|(secs, ms)| {
        let t = chrono::DateTime::from_timestamp(secs, ms * 1_000_000).unwrap();
        Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    })
}

/// An object of required fields plus any subset of optional ones.
fn object(
    required: Vec<(&'static str, BoxedStrategy<Value>)>,
    optional: Vec<(&'static str, BoxedStrategy<Value>)>,
) -> BoxedStrategy<Value> {
    let optional: Vec<BoxedStrategy<Option<(&'static str, Value)>>> = optional
        .into_iter()
        .map(|(k, s)| proptest::option::of(s.prop_map(move |v| (k, v))).boxed())
        .collect();
    let required: Vec<BoxedStrategy<(&'static str, Value)>> = required
        .into_iter()
        .map(|(k, s)| s.prop_map(move |v| (k, v)).boxed())
        .collect();
    // A property a newer schema added: kept and written back by the generated types.
    let newer = proptest::option::weighted(
        0.25,
        (
            "[a-z]{1,8}",
            prop_oneof![
                text(),
                any::<i64>().prop_map(Value::from),
                any::<bool>().prop_map(Value::from),
                Just(json!({"nested": [1, "two", null]})),
            ],
        ),
    );
    (required, optional, newer)
        .prop_map(|(req, opt, newer)| {
            let mut map = Map::new();
            for (k, v) in req.into_iter().chain(opt.into_iter().flatten()) {
                map.insert(k.to_owned(), v);
            }
            if let Some((name, value)) = newer {
                map.insert(format!("newer_{name}"), value);
            }
            Value::Object(map)
        })
        .boxed()
}

fn tagged(tag: &'static str, body: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    body.prop_map(move |mut v| {
        let mut map = Map::new();
        map.insert("type".into(), Value::String(tag.into()));
        map.extend(std::mem::take(v.as_object_mut().unwrap()));
        Value::Object(map)
    })
    .boxed()
}

fn list(s: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    proptest::collection::vec(s, 0..3)
        .prop_map(Value::Array)
        .boxed()
}

fn delivery_identifier() -> BoxedStrategy<Value> {
    object(
        vec![
            (
                "type",
                one_of(&[
                    "HS_EMAIL_ADDRESS",
                    "HS_PHONE_NUMBER",
                    "CHANNEL_SPECIFIC_OPAQUE_ID",
                    "HS_SHORT_CODE",
                ])
                .boxed(),
            ),
            ("value", text().boxed()),
        ],
        vec![],
    )
}

fn quick_reply() -> BoxedStrategy<Value> {
    object(
        vec![
            ("value", text().boxed()),
            ("valueType", one_of(&["TEXT", "URL"]).boxed()),
        ],
        vec![("label", text().boxed())],
    )
}

fn social_metadata() -> BoxedStrategy<Value> {
    object(
        vec![(
            "mediaType",
            one_of(&["ARTICLE", "AUDIO", "PHOTO", "VIDEO", "NONE"]).boxed(),
        )],
        vec![
            ("id", text().boxed()),
            ("mediaUrl", text().boxed()),
            ("thumbnailUrl", text().boxed()),
        ],
    )
}

/// A kind the schema does not list, with fields of its own.
fn unknown_kind() -> BoxedStrategy<Value> {
    ("[A-Z]{3,10}_NEW", any::<i64>(), any::<String>())
        .prop_map(
            |(tag, n, s)| json!({"type": tag, "count": n, "note": s, "nested": {"list": [n, s]}}),
        )
        .boxed()
}

fn request_attachment() -> BoxedStrategy<Value> {
    prop_oneof![
        tagged("FILE", object(vec![("fileId", text().boxed())], vec![])),
        tagged(
            "QUICK_REPLIES",
            object(vec![("quickReplies", list(quick_reply()))], vec![])
        ),
        tagged(
            "SOCIAL_MEDIA_METADATA",
            object(vec![("socialMetadata", social_metadata())], vec![])
        ),
        unknown_kind(),
    ]
    .boxed()
}

fn request() -> BoxedStrategy<Value> {
    let recipient = object(
        vec![("deliveryIdentifiers", list(delivery_identifier()))],
        vec![
            ("actorId", text().boxed()),
            ("name", text().boxed()),
            ("deliveryIdentifier", delivery_identifier()),
        ],
    );
    prop_oneof![
        tagged(
            "MESSAGE",
            object(
                vec![
                    ("text", text().boxed()),
                    ("attachments", list(request_attachment())),
                    ("recipients", list(recipient)),
                    ("senderActorId", text().boxed()),
                    ("channelId", text().boxed()),
                    ("channelAccountId", text().boxed()),
                ],
                vec![("richText", text().boxed()), ("subject", text().boxed())],
            )
        ),
        tagged(
            "COMMENT",
            object(
                vec![
                    ("text", text().boxed()),
                    ("attachments", list(request_attachment()))
                ],
                vec![("richText", text().boxed())]
            )
        ),
        unknown_kind(),
    ]
    .boxed()
}

fn response_attachment() -> BoxedStrategy<Value> {
    prop_oneof![
        tagged(
            "FILE",
            object(
                vec![
                    ("fileId", text().boxed()),
                    (
                        "fileUsageType",
                        one_of(&["AUDIO", "IMAGE", "OTHER", "STICKER", "VOICE_RECORDING"]).boxed()
                    )
                ],
                vec![("name", text().boxed()), ("url", text().boxed())]
            )
        ),
        tagged(
            "LOCATION",
            object(
                vec![
                    ("latitude", (-90.0f64..90.0).prop_map(|f| json!(f)).boxed()),
                    (
                        "longitude",
                        (-180.0f64..180.0).prop_map(|f| json!(f)).boxed()
                    )
                ],
                vec![("name", text().boxed()), ("address", text().boxed())]
            )
        ),
        tagged("UNSUPPORTED_CONTENT", Just(json!({})).boxed()),
        tagged(
            "MESSAGE_HEADER",
            object(
                vec![],
                vec![
                    ("text", text().boxed()),
                    ("fileId", any::<i64>().prop_map(|n| json!(n)).boxed())
                ]
            )
        ),
        tagged(
            "WHATSAPP_TEMPLATE_METADATA",
            object(
                vec![
                    (
                        "parameters",
                        proptest::collection::btree_map(any::<String>(), any::<String>(), 0..3)
                            .prop_map(|m| json!(m))
                            .boxed()
                    ),
                    (
                        "crmObjectIds",
                        proptest::collection::btree_map(any::<String>(), any::<i64>(), 0..3)
                            .prop_map(|m| json!(m))
                            .boxed()
                    ),
                ],
                vec![("contentId", any::<i64>().prop_map(|n| json!(n)).boxed())]
            )
        ),
        tagged(
            "SOCIAL_MEDIA_METADATA",
            object(vec![("socialMetadata", social_metadata())], vec![])
        ),
        unknown_kind(),
    ]
    .boxed()
}

fn response() -> BoxedStrategy<Value> {
    let actor = object(
        vec![],
        vec![
            ("actorId", text().boxed()),
            ("name", text().boxed()),
            ("deliveryIdentifier", delivery_identifier()),
        ],
    );
    let recipient = object(
        vec![("deliveryIdentifier", delivery_identifier())],
        vec![("actorId", text().boxed())],
    );
    let common = move |own: Vec<(&'static str, BoxedStrategy<Value>)>| {
        let mut required = vec![
            ("id", text().boxed()),
            ("conversationsThreadId", text().boxed()),
            ("createdAt", date_time().boxed()),
            ("createdBy", text().boxed()),
            (
                "client",
                object(
                    vec![(
                        "clientType",
                        one_of(&["HUBSPOT", "INTEGRATION", "SYSTEM", "UNKNOWN"]).boxed(),
                    )],
                    vec![(
                        "integrationAppId",
                        any::<i32>().prop_map(|n| json!(n)).boxed(),
                    )],
                ),
            ),
            ("senders", list(actor.clone())),
            ("recipients", list(recipient.clone())),
            ("archived", any::<bool>().prop_map(Value::Bool).boxed()),
        ];
        required.extend(own);
        object(required, vec![("updatedAt", date_time().boxed())])
    };
    prop_oneof![
        tagged(
            "MESSAGE",
            common(vec![
                ("text", text().boxed()),
                ("attachments", list(response_attachment())),
                ("channelId", text().boxed()),
                ("channelAccountId", text().boxed()),
                ("direction", one_of(&["INCOMING", "OUTGOING"]).boxed()),
                (
                    "truncationStatus",
                    one_of(&[
                        "NOT_TRUNCATED",
                        "TRUNCATED",
                        "TRUNCATED_TO_MOST_RECENT_REPLY"
                    ])
                    .boxed()
                ),
            ])
        ),
        tagged(
            "COMMENT",
            common(vec![
                ("text", text().boxed()),
                ("richText", text().boxed()),
                ("attachments", list(response_attachment()))
            ])
        ),
        tagged("ASSIGNMENT", common(vec![])),
        tagged(
            "THREAD_STATUS_CHANGE",
            common(vec![("newStatus", one_of(&["OPEN", "CLOSED"]).boxed())])
        ),
        tagged(
            "THREAD_INBOX_CHANGE",
            common(vec![
                ("fromInboxId", text().boxed()),
                ("toInboxId", text().boxed())
            ])
        ),
        unknown_kind(),
    ]
    .boxed()
}

fn error_body() -> BoxedStrategy<Value> {
    object(
        vec![
            ("category", text().boxed()),
            ("message", text().boxed()),
            ("correlationId", text().boxed()),
        ],
        vec![
            ("subCategory", text().boxed()),
            (
                "links",
                proptest::collection::btree_map(any::<String>(), any::<String>(), 0..3)
                    .prop_map(|m| json!(m))
                    .boxed(),
            ),
        ],
    )
}

/// Decodes `json` as `T`, then checks that encoding and decoding `T` gives `T` back.
fn round_trip<T>(json: &Value) -> Result<(), TestCaseError>
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let value: T = serde_json::from_value(json.clone())
        .map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    let encoded = serde_json::to_string(&value).unwrap();
    let decoded: T = serde_json::from_str(&encoded)
        .map_err(|e| TestCaseError::fail(format!("{e}: {encoded}")))?;
    prop_assert_eq!(&decoded, &value);
    // And the JSON itself survives, key for key.
    prop_assert_eq!(
        serde_json::from_str::<Value>(&encoded).unwrap(),
        json.clone()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn requests_round_trip(json in request()) {
        round_trip::<PublicMessageEgg>(&json)?;
    }

    #[test]
    fn responses_round_trip(json in response()) {
        round_trip::<PublicMessage>(&json)?;
    }

    #[test]
    fn error_bodies_round_trip(json in error_body()) {
        round_trip::<Error>(&json)?;
    }
}

/// Text shaped like an RFC 3339 date-time, valid or nearly so: any digits (so months,
/// days, hours and offsets out of range), either separator and case, fractions of zero to
/// eleven digits, every offset form and none.
fn timestamp_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{4}-[0-1][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{0,11})?([Zz]|[+-][0-2][0-9]:[0-6][0-9]|[+-][0-9]{4}|)",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})",
        "[0-9T:.Zz+ -]{0,30}",
    ]
}

/// What chrono's own `Deserialize` for `DateTime<Utc>` makes of the text.
fn chrono_reads(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    text.parse::<chrono::DateTime<chrono::FixedOffset>>()
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The runtime reads date-times on a quick path of its own; whatever the text, it
    /// must accept what chrono accepts, as the same instant, and refuse what chrono refuses,
    /// for required (`createdAt`) and optional (`updatedAt`) fields alike.
    #[test]
    fn date_times_read_as_chrono_reads_them(text in timestamp_text()) {
        let mut message: Value = serde_json::from_str(include_str!("../payloads/response-message.json")).unwrap();
        let expected = chrono_reads(&text);
        for field in ["createdAt", "updatedAt"] {
            let mut json = message.clone();
            json[field] = Value::String(text.clone());
            let decoded = serde_json::from_str::<PublicMessage>(&json.to_string());
            let got = decoded.ok().map(|m| match m {
                PublicMessage::Message(m) if field == "createdAt" => Some(m.created_at),
                PublicMessage::Message(m) => m.updated_at,
                other => panic!("decoded as {other:?}"),
            });
            prop_assert_eq!(got, expected.map(Some), "{} = {:?}", field, text);
        }
        message["updatedAt"] = Value::Null;
        let decoded = serde_json::from_value::<PublicMessage>(message).unwrap();
        prop_assert!(matches!(decoded, PublicMessage::Message(m) if m.updated_at.is_none()));
    }
}
