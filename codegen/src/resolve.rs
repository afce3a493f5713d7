//! Stage 2: `$ref`s → the things they name.
//!
//! Component schemas are given a [`TypeId`] before anything is lowered, so a forward or
//! cyclic reference is just an id. References to other components (responses, parameters,
//! request bodies, headers) are followed here, with chains of references checked for loops.

use crate::diagnostics::{pointer, Diagnostics};
use crate::ir::TypeId;
use crate::spec::{Document, Header, OrderedMap, Parameter, RequestBody, Response, Schema};
use std::collections::BTreeMap;

/// What a `$ref` may name inside `#/components`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Schemas,
    Responses,
    Parameters,
    RequestBodies,
    Headers,
}

impl Kind {
    /// The key of this kind's map under `#/components`.
    pub(crate) fn section(self) -> &'static str {
        match self {
            Kind::Schemas => "schemas",
            Kind::Responses => "responses",
            Kind::Parameters => "parameters",
            Kind::RequestBodies => "requestBodies",
            Kind::Headers => "headers",
        }
    }
}

/// Decodes one JSON-pointer token (`~1` → `/`, `~0` → `~`, percent-escapes of URI fragments).
pub(crate) fn unescape(token: &str) -> String {
    let mut bytes = Vec::with_capacity(token.len());
    let raw = token.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        // Byte by byte: what follows a `%` may be any character, not only hex digits.
        if raw[i] == b'%' && i + 2 < raw.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(raw[i + 1]), hex(raw[i + 2])) {
                bytes.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes)
        .replace("~1", "/")
        .replace("~0", "~")
}

/// Splits `#/components/<section>/<name>` into its name, or says why it cannot be followed.
pub fn component_name(reference: &str, kind: Kind) -> Result<String, String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(format!(
            "`$ref: {reference}` points outside this file; external references are not supported"
        ));
    };
    let tokens: Vec<String> = fragment.split('/').skip(1).map(unescape).collect();
    match tokens.as_slice() {
        [components, section, name] if components == "components" && section == kind.section() => {
            Ok(name.clone())
        }
        _ => Err(format!(
            "`$ref: {reference}` must point to `#/components/{}/<name>`",
            kind.section()
        )),
    }
}

/// The component schemas, each with the id of the type it becomes.
pub struct Registry<'a> {
    pub doc: &'a Document,
    schema_ids: BTreeMap<String, TypeId>,
}

impl<'a> Registry<'a> {
    pub fn new(doc: &'a Document) -> Self {
        let schema_ids = doc
            .components
            .schemas
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.to_owned(), TypeId(i)))
            .collect();
        Registry { doc, schema_ids }
    }

    pub fn schema_count(&self) -> usize {
        self.schema_ids.len()
    }

    /// The id and schema a `$ref` names; the error names the reference and where it sits.
    pub fn schema(&self, reference: &str) -> Result<(TypeId, &'a Schema, String), String> {
        let name = component_name(reference, Kind::Schemas)?;
        let id = *self.schema_ids.get(&name).ok_or_else(|| {
            format!("`$ref: {reference}` names no schema in #/components/schemas")
        })?;
        // Ids are positions in the map (see `new`): no second lookup by name.
        let (_, schema) = self.doc.components.schemas.0.get(id.0).ok_or_else(|| {
            format!("`$ref: {reference}` names no schema in #/components/schemas")
        })?;
        Ok((id, schema, pointer("/components/schemas", &name)))
    }

    /// Follows a schema's `$ref` chain (a schema that is only a `$ref` to another) to the
    /// schema that says something, with its pointer. Loops are an error.
    pub fn schema_target(
        &self,
        schema: &'a Schema,
        at: &str,
    ) -> Result<(&'a Schema, String), String> {
        let mut current = schema;
        let mut at = at.to_owned();
        let mut seen: Vec<String> = Vec::new();
        while let Some(reference) = &current.reference {
            if seen.contains(reference) {
                return Err(format!("`$ref` loop: {} → {reference}", seen.join(" → ")));
            }
            seen.push(reference.clone());
            let (_, next, ptr) = self.schema(reference)?;
            current = next;
            at = ptr;
        }
        Ok((current, at))
    }
}

/// Something that may be written in place or as a `$ref` to `#/components/<section>`.
pub trait Referable: Sized + 'static {
    const KIND: Kind;
    fn reference(&self) -> Option<&str>;
    fn section(doc: &Document) -> &OrderedMap<Self>;
}

macro_rules! referable {
    ($ty:ty, $kind:ident, $field:ident) => {
        impl Referable for $ty {
            const KIND: Kind = Kind::$kind;
            fn reference(&self) -> Option<&str> {
                self.reference.as_deref()
            }
            fn section(doc: &Document) -> &OrderedMap<Self> {
                &doc.components.$field
            }
        }
    };
}
referable!(Response, Responses, responses);
referable!(Parameter, Parameters, parameters);
referable!(RequestBody, RequestBodies, request_bodies);
referable!(Header, Headers, headers);

/// Follows `$ref`s from `item` (at pointer `at`) to the component that has content.
pub fn follow<'a, T: Referable>(
    doc: &'a Document,
    item: &'a T,
    at: &str,
    diags: &mut Diagnostics,
) -> Option<(&'a T, String)> {
    let mut current = item;
    let mut at = at.to_owned();
    let mut seen: Vec<String> = Vec::new();
    while let Some(reference) = current.reference() {
        if seen.iter().any(|s| s == reference) {
            diags.error(
                pointer(&at, "$ref"),
                format!("`$ref` loop: {} → {reference}", seen.join(" → ")),
            );
            return None;
        }
        seen.push(reference.to_owned());
        let name = match component_name(reference, T::KIND) {
            Ok(name) => name,
            Err(message) => {
                diags.error(pointer(&at, "$ref"), message);
                return None;
            }
        };
        match T::section(doc).get(&name) {
            Some(next) => {
                current = next;
                at = pointer(&format!("/components/{}", T::KIND.section()), &name);
            }
            None => {
                diags.error(
                    pointer(&at, "$ref"),
                    format!(
                        "`$ref: {reference}` names nothing in #/components/{}",
                        T::KIND.section()
                    ),
                );
                return None;
            }
        }
    }
    Some((current, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_escapes_never_split_a_character() {
        assert_eq!(unescape("a%20b"), "a b");
        assert_eq!(unescape("%é1"), "%é1");
        assert_eq!(unescape("x%4"), "x%4");
        assert_eq!(unescape("%C3%A9"), "é");
    }

    #[test]
    fn component_refs() {
        assert_eq!(
            component_name("#/components/schemas/Foo", Kind::Schemas).unwrap(),
            "Foo"
        );
        assert_eq!(
            component_name("#/components/schemas/a~1b", Kind::Schemas).unwrap(),
            "a/b"
        );
        assert!(
            component_name("other.yaml#/components/schemas/Foo", Kind::Schemas)
                .unwrap_err()
                .contains("external")
        );
        assert!(component_name("#/components/responses/Foo", Kind::Schemas).is_err());
    }
}
