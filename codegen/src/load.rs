//! Stage 1: text → spec model. JSON or YAML, chosen by file extension (or by the first
//! non-blank character when the extension says neither). Every error names the JSON pointer
//! of the value that failed, and the line and column the parser reported. Then `$ref`s that
//! point anywhere but `#/components/<section>/<name>` are made to point there (`hoist.rs`).

use crate::diagnostics::Diagnostics;
use crate::spec::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn detect(file_name: &str, text: &str) -> Format {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Format::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Format::Yaml
        } else if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Yaml
        }
    }
}

/// Turns serde's path (`paths./a/{b}.post.responses.201`) into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            // Where the parser stopped inside a value it had not yet named.
            Segment::Unknown => continue,
        };
        out = crate::diagnostics::pointer(&out, &token);
    }
    out
}

/// Largest description read; larger input is refused before parsing.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// The text of a description read as bytes: refused when too large or not UTF-8.
pub fn text_from_bytes(bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<String> {
    if bytes.len() > MAX_INPUT_BYTES {
        diags.error(
            "",
            format!(
                "{} bytes is over the {MAX_INPUT_BYTES}-byte limit for a description",
                bytes.len()
            ),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            diags.error(
                "",
                format!(
                    "not UTF-8 text (invalid byte at offset {}); expected a JSON or YAML document",
                    e.utf8_error().valid_up_to()
                ),
            );
            None
        }
    }
}

pub fn load(file: &str, text: &str, diags: &mut Diagnostics) -> Option<Document> {
    if text.trim().is_empty() {
        diags.error("", "the file is empty; expected an OpenAPI 3.0 document");
        return None;
    }
    // serde reads a struct from a list too (field by field), which would blame the first
    // element for not being `openapi`; a description is always an object.
    let first = text.trim_start().chars().next();
    if first == Some('[') || (first == Some('-') && !text.trim_start().starts_with("---")) {
        diags.error(
            "",
            "the document is a list; expected an OpenAPI object at the top level",
        );
        return None;
    }
    match Format::detect(file, text) {
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let parsed = serde_path_to_error::deserialize::<_, Document>(&mut de)
                .map_err(|err| (path_to_pointer(err.path()), err.into_inner()))
                .and_then(|doc| de.end().map(|()| doc).map_err(|e| (String::new(), e)));
            match parsed {
                Ok(doc) => Some(doc),
                Err((pointer, inner)) => {
                    let line_col = (inner.line() > 0).then(|| (inner.line(), inner.column()));
                    diags.error_at(pointer, line_col, strip_location(&inner.to_string()));
                    None
                }
            }
        }
        Format::Yaml => {
            let de = serde_yaml::Deserializer::from_str(text);
            match serde_path_to_error::deserialize::<_, Document>(de) {
                Ok(doc) => Some(doc),
                Err(err) => {
                    let pointer = path_to_pointer(err.path());
                    let inner = err.inner();
                    let line_col = inner.location().map(|l| (l.line(), l.column()));
                    diags.error_at(pointer, line_col, strip_location(&inner.to_string()));
                    None
                }
            }
        }
    }
    .and_then(|doc| check_version(doc, diags))
    .and_then(|mut doc| crate::hoist::hoist(&mut doc, diags).then_some(doc))
}

/// Parsers add the location to their messages (`info.title: ...`, `... at line L column C`);
/// the diagnostic prints it once, in its own form.
fn strip_location(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    match message.split_once(": ") {
        Some((path, rest)) if !path.is_empty() && !path.contains(' ') => rest.to_owned(),
        _ => message.to_owned(),
    }
}

fn check_version(doc: Document, diags: &mut Diagnostics) -> Option<Document> {
    if doc.openapi.starts_with("3.0") {
        Some(doc)
    } else {
        diags.error(
            "/openapi",
            format!(
                "unsupported OpenAPI version `{}`; this generator reads OpenAPI 3.0.x",
                doc.openapi
            ),
        );
        None
    }
}
