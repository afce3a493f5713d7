//! Stage 4: IR → token streams, one module per kind of item. The emitters only print what
//! the IR decided; they make no names of their own.

mod operations;
mod types;

pub use operations::{response_body_enum, OperationsFile};
pub use types::{type_item, types_file};

use crate::ir::{Api, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier from a name made by `naming` (which may be raw: `r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line, so rustdoc shows the schema's own words.
///
/// Descriptions are Markdown written for a website, not Rust docs: an indented line or an
/// unlabelled code fence would become a doctest that does not compile, so lines lose their
/// indentation and fences are marked as `text`.
pub fn doc_attrs(doc: Option<&str>) -> TokenStream {
    let Some(doc) = doc else {
        return TokenStream::new();
    };
    let mut in_fence = false;
    let lines: Vec<TokenStream> = doc
        .lines()
        .map(|line| {
            let mut line = line.trim().to_owned();
            if line.starts_with("```") {
                // Opening fences become `text`; closing fences stay as they are.
                if !in_fence {
                    line = "```text".to_owned();
                }
                in_fence = !in_fence;
            }
            let line = if line.is_empty() {
                line
            } else {
                format!(" {line}")
            };
            quote! { #[doc = #line] }
        })
        .collect();
    // An unclosed fence would swallow the rest of the item's docs.
    let close = in_fence.then(|| quote! { #[doc = " ```"] });
    quote! { #(#lines)* #close }
}

/// The Rust type for a reference. `qualify` prefixes named types with `types::`, for use
/// outside the types module.
pub fn type_tokens(api: &Api, ty: &TypeRef, qualify: bool) -> TokenStream {
    match ty {
        TypeRef::String => quote! { String },
        TypeRef::Bool => quote! { bool },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::DateTime => quote! { chrono::DateTime<chrono::Utc> },
        TypeRef::Date => quote! { chrono::NaiveDate },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::Bytes => quote! { Vec<u8> },
        TypeRef::Vec(inner) => {
            let inner = type_tokens(api, inner, qualify);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(api, inner, qualify);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        TypeRef::Named(id) => {
            let name = ident(&api.get(*id).name);
            if qualify {
                quote! { crate::types::#name }
            } else {
                quote! { #name }
            }
        }
    }
}

/// How a constructor or setter takes a value of `ty` (spelled `tokens`), and the
/// expression that turns the argument `name` into the stored value. Numbers and booleans
/// are taken as they are: `impl Into<i64>` would read an integer literal as `i32`.
pub fn value_arg(
    ty: &TypeRef,
    tokens: &TokenStream,
    name: &Ident,
) -> (TokenStream, Option<TokenStream>) {
    match ty {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => (quote! { #tokens }, None),
        _ => (quote! { impl Into<#tokens> }, Some(quote! { #name.into() })),
    }
}

/// A field initializer: `name` alone when the value is the argument of that name (the
/// shorthand clippy asks for).
pub fn field_init(field: &Ident, value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote! { #field: #value, },
        None => quote! { #field, },
    }
}

/// Whether any type or operation uses chrono, so the crate depends on it only then:
/// every reference the IR holds, parameters and bodies included.
pub fn uses_chrono(api: &Api) -> bool {
    fn walk(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::DateTime | TypeRef::Date => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) => walk(inner),
            _ => false,
        }
    }
    api.types
        .iter()
        .flat_map(|t| t.kind.type_refs())
        .chain(api.operations.iter().flat_map(|op| op.type_refs()))
        .any(walk)
}

#[cfg(test)]
mod tests {
    use super::doc_attrs;

    #[test]
    fn docs_never_hold_rust_code_blocks() {
        let doc = "Use it like this:\n\n    curl -X POST /x\n\n```\nlet x = 1 +;\n```\n```json\n{\"a\":1}\n```\n```";
        let printed = doc_attrs(Some(doc)).to_string();
        assert!(
            !printed.contains("\"     curl"),
            "indented code stays a code block: {printed}"
        );
        assert_eq!(printed.matches("```text").count(), 3, "{printed}");
        // The unclosed last fence is closed, so later docs are not swallowed.
        assert_eq!(printed.matches("\" ```\"").count(), 3, "{printed}");
    }
}
