//! Media types: what a body's content type means for encoding and decoding.

use super::*;

/// What a media type means for encoding and decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MediaClass {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

pub(super) fn classify(media: &str) -> MediaClass {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "application/*" {
        MediaClass::Json
    } else if m == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if m.starts_with("multipart/") {
        MediaClass::Multipart
    } else if m.starts_with("text/") && m != "text/csv" {
        MediaClass::Text
    } else {
        MediaClass::Binary
    }
}

/// The media type a body is typed from: JSON first, then forms, text, and bytes.
pub(super) fn pick_media(
    content: &spec::OrderedMap<spec::MediaType>,
) -> Option<(&str, MediaClass, Option<&Schema>)> {
    let rank = |class: MediaClass| match class {
        MediaClass::Json => 0,
        MediaClass::Form => 1,
        MediaClass::Multipart => 2,
        MediaClass::Text => 3,
        MediaClass::Binary => 4,
    };
    content
        .iter()
        .map(|(media, m)| (media, classify(media), m.schema.as_ref()))
        .min_by_key(|(_, class, _)| rank(*class))
}

pub(super) fn is_binary(schema: &Schema) -> bool {
    schema.type_name() == Some("string") && schema.format.as_deref() == Some("binary")
}
