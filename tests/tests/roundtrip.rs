//! Realistic payloads decode into the generated types and re-encode to the same JSON, for
//! every request kind, response kind and attachment kind; unknown kinds and enum values
//! survive a round trip unchanged; int64 values above 2^53 stay exact.

mod common;

use common::payload;
use generated_client::types::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Decodes `json` as `T`, re-encodes it, and asserts the result equals the input.
fn roundtrip<T: DeserializeOwned + Serialize>(json: &str) -> T {
    let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("decode: {e}\n{json}"));
    let encoded = serde_json::to_string(&value).expect("encode");
    let before: Value = serde_json::from_str(json).expect("input is JSON");
    let after: Value = serde_json::from_str(&encoded).expect("output is JSON");
    assert_eq!(after, before, "re-encoded JSON differs from the input");
    value
}

#[test]
fn request_message_with_every_attachment_kind() {
    let PublicMessageEgg::Message(message) = roundtrip(&payload("request-message.json")) else {
        panic!("not decoded as a MESSAGE egg")
    };
    let kinds: Vec<&str> = message
        .attachments
        .iter()
        .map(|a| a.tag().unwrap_or("?"))
        .collect();
    assert_eq!(kinds, ["FILE", "QUICK_REPLIES", "SOCIAL_MEDIA_METADATA"]);
    assert!(matches!(message.attachments[0], RequestAttachment::File(_)));
    assert!(matches!(
        message.attachments[1],
        RequestAttachment::QuickReplies(_)
    ));
    assert!(matches!(
        message.attachments[2],
        RequestAttachment::SocialMediaMetadata(_)
    ));
    assert_eq!(message.recipients.len(), 2);
}

#[test]
fn request_message_with_required_fields_only() {
    let egg: PublicMessageEgg = roundtrip(&payload("request-message-minimal.json"));
    let PublicMessageEgg::Message(message) = egg else {
        panic!("not a MESSAGE egg")
    };
    assert_eq!(message.rich_text, None);
    assert_eq!(message.subject, None);
}

#[test]
fn request_comment() {
    let egg: PublicMessageEgg = roundtrip(&payload("request-comment.json"));
    assert!(matches!(egg, PublicMessageEgg::Comment(_)), "{egg:?}");
}

#[test]
fn request_built_in_rust_encodes_with_its_tag() {
    let egg = PublicMessageEgg::from(
        CommentEgg::new("Checked with the warehouse")
            .with_attachments([RequestAttachment::from(FileAttachmentEgg::new("42"))]),
    );
    let json = serde_json::to_value(&egg).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "type": "COMMENT",
            "text": "Checked with the warehouse",
            "attachments": [{"type": "FILE", "fileId": "42"}]
        })
    );
}

#[test]
fn response_kinds() {
    let cases = [
        ("response-message.json", "MESSAGE"),
        ("response-comment.json", "COMMENT"),
        ("response-welcome-message.json", "WELCOME_MESSAGE"),
        ("response-assignment.json", "ASSIGNMENT"),
        ("response-thread-status-change.json", "THREAD_STATUS_CHANGE"),
        ("response-thread-inbox-change.json", "THREAD_INBOX_CHANGE"),
    ];
    for (file, tag) in cases {
        let message: PublicMessage = roundtrip(&payload(file));
        assert_eq!(message.tag(), Some(tag), "{file}");
        assert!(
            !matches!(message, PublicMessage::Unrecognized(_)),
            "{file} fell into the catch-all"
        );
    }
}

#[test]
fn response_message_details_are_typed() {
    let PublicMessage::Message(message) = roundtrip(&payload("response-message.json")) else {
        panic!("not a MESSAGE")
    };
    assert_eq!(
        message
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "2026-11-07T05:31:56.123Z"
    );
    assert_eq!(message.direction, ConversationsMessageDirection::Outgoing);
    assert_eq!(message.senders.len(), 2);
    assert_eq!(message.recipients.len(), 2);
    let status = message.status.expect("status");
    assert!(status.failure_details.is_some());
}

/// Each attachment payload is a MESSAGE holding attachments of one kind.
fn attachments_of(file: &str) -> Vec<ResponseAttachment> {
    match roundtrip::<PublicMessage>(&payload(file)) {
        PublicMessage::Message(message) => message.attachments,
        other => panic!("{file}: not a MESSAGE: {other:?}"),
    }
}

#[test]
fn response_attachment_kinds() {
    type IsKind = fn(&ResponseAttachment) -> bool;
    let cases: [(&str, IsKind); 8] = [
        ("attachment-file.json", |a| {
            matches!(a, ResponseAttachment::File(_))
        }),
        ("attachment-location.json", |a| {
            matches!(a, ResponseAttachment::Location(_))
        }),
        ("attachment-contact.json", |a| {
            matches!(a, ResponseAttachment::Contact(_))
        }),
        ("attachment-unsupported-content.json", |a| {
            matches!(a, ResponseAttachment::UnsupportedContent(_))
        }),
        ("attachment-message-header.json", |a| {
            matches!(a, ResponseAttachment::MessageHeader(_))
        }),
        ("attachment-quick-replies.json", |a| {
            matches!(a, ResponseAttachment::QuickReplies(_))
        }),
        ("attachment-whatsapp-template-metadata.json", |a| {
            matches!(a, ResponseAttachment::WhatsappTemplateMetadata(_))
        }),
        ("attachment-social-media-metadata.json", |a| {
            matches!(a, ResponseAttachment::SocialMediaMetadata(_))
        }),
    ];
    for (file, is_kind) in cases {
        let attachments = attachments_of(file);
        assert!(!attachments.is_empty(), "{file}: no attachments");
        assert!(attachments.iter().all(is_kind), "{file}: {attachments:?}");
    }
}

#[test]
fn the_two_kilobyte_message_holds_file_location_and_contact() {
    let kinds: Vec<String> = attachments_of("response-message.json")
        .iter()
        .map(|a| a.tag().unwrap_or("?").to_owned())
        .collect();
    assert_eq!(kinds, ["FILE", "LOCATION", "CONTACT"]);
}

#[test]
fn int64_above_2_pow_53_stays_exact() {
    let json = payload("attachment-whatsapp-template-metadata.json");
    let attachments = attachments_of("attachment-whatsapp-template-metadata.json");
    let ResponseAttachment::WhatsappTemplateMetadata(meta) = &attachments[0] else {
        panic!()
    };
    let above: Vec<i64> = meta
        .crm_object_ids
        .values()
        .copied()
        .filter(|v| *v > (1 << 53))
        .collect();
    assert!(!above.is_empty(), "the payload should hold ids above 2^53");
    for v in above {
        assert!(
            json.contains(&v.to_string()),
            "{v} not in the payload as written"
        );
    }
    // And exactly as text through the encoder: f64 would turn ...993 into ...992.
    let encoded = serde_json::to_string(&meta.crm_object_ids).unwrap();
    assert!(encoded.contains("9007199254740993"), "{encoded}");
    let message = serde_json::json!({"type": "MESSAGE_HEADER", "fileId": 9007199254740993_i64});
    let decoded: ResponseAttachment = serde_json::from_value(message.clone()).unwrap();
    let ResponseAttachment::MessageHeader(header) = &decoded else {
        panic!("{decoded:?}")
    };
    assert_eq!(header.file_id, Some(9_007_199_254_740_993));
    assert_eq!(
        serde_json::to_string(&decoded).unwrap(),
        r#"{"type":"MESSAGE_HEADER","fileId":9007199254740993}"#
    );
}

#[test]
fn error_bodies() {
    let full: Error = roundtrip(&payload("error-400.json"));
    assert_eq!(full.category, "VALIDATION_ERROR");
    assert_eq!(full.errors.as_ref().map(Vec::len), Some(2));
    assert!(full.context.is_some() && full.links.is_some() && full.sub_category.is_some());
    let minimal: Error = roundtrip(&payload("error-minimal.json"));
    assert_eq!(minimal.errors, None);
}

#[test]
fn unknown_message_kind_is_kept_whole() {
    let json = r#"{"type":"VIDEO_CALL","id":"9","callUrl":"https://meet.example.com/x","participants":[{"id":1},{"id":2}],"nested":{"deep":[1.5,"two",null,true]}}"#;
    let message: PublicMessage = roundtrip(json);
    assert!(matches!(message, PublicMessage::Unrecognized(_)));
    assert_eq!(message.tag(), Some("VIDEO_CALL"));
    // Key order is kept too, so the bytes come back as sent.
    assert_eq!(serde_json::to_string(&message).unwrap(), json);
}

#[test]
fn unknown_attachment_kind_inside_a_known_message() {
    let mut value: Value = serde_json::from_str(&payload("attachment-file.json")).unwrap();
    let unknown = serde_json::json!({"type": "POLL", "question": "Which slot?", "options": ["9:00", "14:00"]});
    value["attachments"]
        .as_array_mut()
        .unwrap()
        .push(unknown.clone());
    let PublicMessage::Message(message) = roundtrip::<PublicMessage>(&value.to_string()) else {
        panic!()
    };
    let last = message.attachments.last().unwrap();
    let ResponseAttachment::Unrecognized(kept) = last else {
        panic!("{last:?}")
    };
    assert_eq!(*kept.as_json(), unknown);
    assert_eq!(last.tag(), Some("POLL"));
}

#[test]
fn unknown_enum_values_are_kept() {
    let mut value: Value = serde_json::from_str(&payload("response-message.json")).unwrap();
    value["direction"] = "SIDEWAYS".into();
    value["truncationStatus"] = "TRUNCATED_BY_ROBOTS".into();
    value["client"]["clientType"] = "MOBILE_APP".into();
    let PublicMessage::Message(message) = roundtrip::<PublicMessage>(&value.to_string()) else {
        panic!()
    };
    assert_eq!(
        message.direction,
        ConversationsMessageDirection::from("SIDEWAYS")
    );
    assert!(matches!(
        message.direction,
        ConversationsMessageDirection::Unrecognized(_)
    ));
    assert_eq!(message.direction.as_str(), "SIDEWAYS");
    assert_eq!(message.client.client_type.to_string(), "MOBILE_APP");
}

#[test]
fn a_known_kind_missing_a_required_field_is_an_error_not_a_catch_all() {
    let err = serde_json::from_str::<PublicMessage>(r#"{"type":"MESSAGE","id":"1"}"#).unwrap_err();
    assert!(err.to_string().contains("MESSAGE"), "{err}");
    assert!(err.to_string().contains("missing field"), "{err}");
}

#[test]
fn a_union_element_that_is_not_an_object_is_an_error() {
    let err = serde_json::from_str::<PublicMessage>("[1,2]").unwrap_err();
    assert!(err.to_string().contains("PublicMessage"), "{err}");
}

#[test]
fn the_tag_may_come_anywhere_in_the_object() {
    let json = r#"{"fileId":"77","type":"FILE"}"#;
    let attachment: RequestAttachment = serde_json::from_str(json).unwrap();
    assert_eq!(
        attachment,
        RequestAttachment::File(FileAttachmentEgg::new("77"))
    );
}

#[test]
fn unknown_kinds_keep_their_key_order_wherever_the_tag_is() {
    for json in [
        r#"{"type":"POLL","question":"Which slot?","options":["9:00","14:00"]}"#,
        r#"{"question":"Which slot?","type":"POLL","options":["9:00","14:00"]}"#,
        r#"{"question":"No tag at all"}"#,
        r#"{"type":17,"weird":true}"#,
        "{}",
    ] {
        let attachment: ResponseAttachment = serde_json::from_str(json).unwrap();
        assert!(
            matches!(attachment, ResponseAttachment::Unrecognized(_)),
            "{json}"
        );
        assert_eq!(serde_json::to_string(&attachment).unwrap(), json);
    }
}

#[test]
fn unions_decode_from_any_serde_format_not_only_json_text() {
    let value: Value = serde_json::from_str(&payload("response-message.json")).unwrap();
    let from_value: PublicMessage = serde_json::from_value(value.clone()).unwrap();
    let from_text: PublicMessage = serde_json::from_str(&payload("response-message.json")).unwrap();
    assert_eq!(from_value, from_text);
    assert!(matches!(from_value, PublicMessage::Message(_)));
}

#[test]
fn fields_a_newer_schema_adds_are_kept_and_readable() {
    // HubSpot adds `mentions` to comments and `pinned` to messages; this client's schema
    // lists neither.
    let mut value: Value = serde_json::from_str(&payload("response-message.json")).unwrap();
    value["pinned"] = true.into();
    value["client"]["sdkVersion"] = "4.2.0".into();
    let text = value.to_string();
    let PublicMessage::Message(message) = roundtrip::<PublicMessage>(&text) else {
        panic!()
    };
    assert_eq!(message.unknown_field("pinned"), Some(&Value::Bool(true)));
    assert_eq!(
        message.client.unknown_field("sdkVersion"),
        Some(&Value::from("4.2.0"))
    );
    assert_eq!(message.unknown_fields().len(), 1);

    let comment: PublicMessageEgg =
        serde_json::from_str(r#"{"type":"COMMENT","text":"hi","mentions":[{"actorId":"A-1"}]}"#)
            .unwrap();
    let PublicMessageEgg::Comment(inner) = &comment else {
        panic!("{comment:?}")
    };
    assert_eq!(
        inner.unknown_field("mentions").unwrap()[0]["actorId"],
        "A-1"
    );
    assert_eq!(
        serde_json::to_value(&comment).unwrap(),
        serde_json::json!({"type":"COMMENT","text":"hi","attachments":[],"mentions":[{"actorId":"A-1"}]})
    );
}

#[test]
fn a_variant_decoded_alone_writes_its_tag_once() {
    let json = r#"{"type":"FILE","fileId":"77"}"#;
    let file: FileAttachmentEgg = serde_json::from_str(json).unwrap();
    assert!(file.unknown_fields().is_empty(), "{file:?}");
    assert_eq!(serde_json::to_string(&file).unwrap(), json);
}
