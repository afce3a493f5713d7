//! Schema types: structs, string enums with a catch-all, unions, aliases.

use super::{doc_attrs, ident, type_tokens};
use crate::ir::*;
use crate::naming::unraw;
use proc_macro2::TokenStream;
use quote::quote;

pub fn types_file(api: &Api) -> TokenStream {
    let title = format!(" Types for the schemas of {}.", api.title);
    quote! {
        #![doc = #title]
        #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]

        // A description of only enums and aliases derives nothing.
        #[allow(unused_imports)]
        use serde::{Deserialize, Serialize};
    }
}

/// The items of the types file, one per type.
pub fn type_item(api: &Api, i: usize) -> TokenStream {
    type_def(api, &api.types[i])
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let doc = doc_attrs(def.doc.as_deref());
    match &def.kind {
        TypeKind::Struct(st) => structure(api, &name, doc, st),
        TypeKind::StringEnum(en) => string_enum(&name, doc, en),
        TypeKind::Union(un) => union(api, &name, doc, un),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(api, ty, false);
            quote! {
                #doc
                pub type #name = #ty;
            }
        }
    }
}

fn structure(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, st: &Struct) -> TokenStream {
    let tag_attr = st.tag.as_ref().map(|tag| {
        let property = &tag.property;
        let value = &tag.value;
        // serde writes the tag before the fields and accepts it when decoding.
        quote! { #[serde(tag = #property, rename = #value)] }
    });
    let fields = st.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let doc = doc_attrs(field.doc.as_deref());
        let mut ty = type_tokens(api, &field.ty, false);
        if field.boxed {
            ty = quote! { Box<#ty> };
        }
        let mut serde_args: Vec<TokenStream> = Vec::new();
        if unraw(&field.name) != field.wire_name {
            let wire = &field.wire_name;
            serde_args.push(quote! { rename = #wire });
        }
        let optional = !field.required || field.nullable;
        if optional {
            ty = quote! { Option<#ty> };
            if !field.required {
                serde_args.push(quote! { default, skip_serializing_if = "Option::is_none" });
            }
        } else if matches!(field.ty, TypeRef::Vec(_) | TypeRef::Map(_)) {
            // An absent list or map reads as empty rather than failing the whole message.
            serde_args.push(quote! { default });
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
        quote! {
            #doc
            #serde_attr
            pub #field_name: #ty,
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #tag_attr
        pub struct #name {
            #(#fields)*
        }
    }
}

fn string_enum(name: &proc_macro2::Ident, doc: TokenStream, en: &StringEnum) -> TokenStream {
    let catch_all = ident(&en.catch_all);
    let variants = en.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = format!(" `{}`", v.wire);
        quote! { #[doc = #doc] #variant, }
    });
    let to_wire = en.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote! { Self::#variant => #wire, }
    });
    let from_wire = en.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        quote! { #wire => Self::#variant, }
    });
    let expecting = format!("a {name} string");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the schema does not list, kept as sent.
            #catch_all(String),
        }

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#catch_all(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::#catch_all(other.to_owned()),
                }
            }
        }

        // Display, Serialize and Deserialize through `as_str` and `From<&str>`.
        crate::runtime::string_enum_traits!(#name, #expecting);
    }
}

fn union(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, un: &Union) -> TokenStream {
    let catch_all = ident(&un.catch_all);
    let variants = un.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = type_tokens(api, &v.ty, false);
        let doc = doc_attrs(v.doc.as_deref());
        quote! { #doc #variant(#ty), }
    });
    let Some(tag) = &un.tag else {
        // No tag to read: serde tries each variant in order, the catch-all last.
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
                /// A value that matches none of the variants above, kept as sent.
                #catch_all(serde_json::Value),
            }
        };
    };
    let tag_arms = un.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = v.tag_value.as_deref().unwrap_or_default();
        quote! { Self::#variant(_) => Some(#value), }
    });
    let decode_arms = un.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = v.tag_value.as_deref().unwrap_or_default();
        let ty = type_tokens(api, &v.ty, false);
        let ty = match v.ty {
            TypeRef::Named(_) => ty,
            _ => quote! { <#ty> },
        };
        quote! {
            #value => #ty::deserialize(rest)
                .map(Self::#variant)
                .map_err(|e| crate::runtime::in_variant(#value, e)),
        }
    });
    let tag_values = un
        .variants
        .iter()
        .map(|v| v.tag_value.as_deref().unwrap_or_default());
    let expecting = format!("{name} (an object tagged by `{tag}`)");
    let told_apart = format!(
        " Told apart by the `{tag}` property. A kind this version of the schema does not list"
    );
    let tag_doc = format!(" The value of the `{tag}` property.");
    let union_doc = if doc.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[doc = ""] }
    };
    quote! {
        #doc
        #union_doc
        #[doc = #told_apart]
        /// decodes into the catch-all variant and is written back unchanged.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            /// A kind this version of the schema does not list, kept as sent.
            #catch_all(serde_json::Value),
        }

        impl #name {
            #[doc = #tag_doc]
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#tag_arms)*
                    Self::#catch_all(value) => value.get(#tag).and_then(serde_json::Value::as_str),
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::deserialize_tagged(deserializer)
            }
        }

        impl crate::runtime::TaggedUnion for #name {
            const TAG: &'static str = #tag;
            const EXPECTING: &'static str = #expecting;
            const TAGS: &'static [&'static str] = &[#(#tag_values),*];

            fn decode_variant<'de, D: serde::Deserializer<'de>>(tag: &str, rest: D) -> Result<Self, D::Error> {
                match tag {
                    #(#decode_arms)*
                    _ => crate::runtime::with_tag(Self::TAG, tag, rest).map(Self::#catch_all),
                }
            }

            fn unrecognized(object: serde_json::Value) -> Self {
                Self::#catch_all(object)
            }
        }
    }
}
