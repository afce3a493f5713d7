//! Schema types: structs, string enums with a catch-all, unions, aliases.

use super::{doc_attrs, field_init, ident, type_tokens, value_arg};
use crate::ir::*;
use crate::naming::unraw;
use proc_macro2::TokenStream;
use quote::quote;

pub fn types_file(api: &Api) -> TokenStream {
    let title = format!(" Types for the schemas of {}.", api.title);
    quote! {
        #![doc = #title]
        #![allow(clippy::large_enum_variant, clippy::too_many_arguments, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]

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
    let unknown = ident(&st.unknown_fields);
    let fields = st.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let doc = doc_attrs(field.doc.as_deref());
        let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
        let ty = field_type(api, field);
        let mut serde_args: Vec<TokenStream> = Vec::new();
        if unraw(&field.name) != field.wire_name {
            let wire = &field.wire_name;
            serde_args.push(quote! { rename = #wire });
        }
        if !field.required {
            serde_args.push(quote! { default, skip_serializing_if = "Option::is_none" });
        } else if !field.is_option() && matches!(field.ty, TypeRef::Vec(_) | TypeRef::Map(_)) {
            // An absent list or map reads as empty rather than failing the whole message.
            serde_args.push(quote! { default });
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
        quote! {
            #doc
            #deprecated
            #serde_attr
            pub #field_name: #ty,
        }
    });

    // The constructor takes what the IR says it takes; everything else starts empty.
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for field in &st.fields {
        let field_name = ident(&field.name);
        let value_ty = value_type(api, field);
        let wrap = |value: TokenStream| {
            if field.boxed {
                quote! { Box::new(#value) }
            } else {
                value
            }
        };
        if field.is_constructor_arg() {
            let (arg_ty, converted) = value_arg(&field.ty, &value_ty, &field_name);
            let value = match (converted, field.boxed) {
                (None, false) => None,
                (converted, _) => Some(wrap(converted.unwrap_or_else(|| quote! { #field_name }))),
            };
            args.push(quote! { #field_name: #arg_ty });
            inits.push(field_init(&field_name, value));
            continue;
        }
        inits.push(quote! { #field_name: Default::default(), });
        let (arg_ty, converted) = value_arg(&field.ty, &value_ty, &ident("value"));
        let mut value = wrap(converted.unwrap_or_else(|| quote! { value }));
        if field.is_option() {
            value = quote! { Some(#value) };
        }
        let setter = ident(&crate::naming::setter_name(&field.name));
        let setter_doc = format!(" Sets `{}`.", field.wire_name);
        let deprecated = field.deprecated.then(|| quote! { #[deprecated] });
        setters.push(quote! {
            #[doc = #setter_doc]
            #deprecated
            pub fn #setter(mut self, value: #arg_ty) -> Self {
                self.#field_name = #value;
                self
            }
        });
    }
    // With nothing to take, the constructor is also `Default`.
    let default_derive = args.is_empty().then(|| quote! { Default, });
    let new_body = if args.is_empty() {
        quote! { Self::default() }
    } else {
        quote! { #name { #(#inits)* #unknown: Default::default() } }
    };
    let new_doc = format!(
        " A `{name}` from its required fields; the others start empty (`None`, `[]`) and have `with_` setters."
    );
    let deserialize = struct_deserialize(name, st);
    let any_deprecated = st.fields.iter().any(|f| f.deprecated);
    let allow_deprecated = any_deprecated.then(|| quote! { #[allow(deprecated)] });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default_derive Serialize)]
        #[non_exhaustive]
        #allow_deprecated
        #tag_attr
        pub struct #name {
            #(#fields)*
            /// Properties this version of the schema does not list, kept as received.
            #[serde(flatten)]
            #unknown: crate::runtime::UnknownFields,
        }

        #allow_deprecated
        impl #name {
            #[doc = #new_doc]
            pub fn new(#(#args),*) -> Self {
                #new_body
            }

            #(#setters)*

            /// Properties this version of the schema does not list, as received.
            pub fn unknown_fields(&self) -> &crate::runtime::UnknownFields {
                &self.#unknown
            }

            /// One property this version of the schema does not list, by its wire name.
            pub fn unknown_field(&self, name: &str) -> Option<&serde_json::Value> {
                self.#unknown.get(name)
            }
        }

        #deserialize
    }
}

/// `Deserialize` for a struct, through the runtime's `deserialize_struct!` (derived
/// `flatten` was too slow): each field's wire name and how an absent value reads.
fn struct_deserialize(name: &proc_macro2::Ident, st: &Struct) -> TokenStream {
    let unknown = ident(&st.unknown_fields);
    let fields = st.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        // Date-times have their own kinds: the runtime reads them on a quick path.
        let kind = match (&f.ty, f.is_option()) {
            (TypeRef::DateTime, true) => ident("optional_timestamp"),
            (_, true) => ident("optional"),
            (TypeRef::Vec(_) | TypeRef::Map(_), false) => ident("list"),
            (TypeRef::DateTime, false) => ident("timestamp"),
            _ => ident("required"),
        };
        quote! { #wire => #field: #kind }
    });
    let tag = st.tag.as_ref().map(|tag| {
        let property = &tag.property;
        quote! { , tag: #property }
    });
    quote! {
        crate::runtime::deserialize_struct!(#name { #(#fields),* } unknown: #unknown #tag);
    }
}

/// The Rust type of a field as declared (`Option`, `Box` included).
fn field_type(api: &Api, field: &Field) -> TokenStream {
    let mut ty = type_tokens(api, &field.ty, false);
    if field.boxed {
        ty = quote! { Box<#ty> };
    }
    if field.is_option() {
        ty = quote! { Option<#ty> };
    }
    ty
}

/// The type a constructor or setter takes for a field: its value, unboxed and unwrapped.
fn value_type(api: &Api, field: &Field) -> TokenStream {
    type_tokens(api, &field.ty, false)
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
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the schema does not list, kept as sent. Read it with
            /// `as_str()` and match it with `_`: a later version may list it.
            #catch_all(crate::runtime::UnknownValue),
        }

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::#catch_all(crate::runtime::UnknownValue::new(other)),
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
    let from_impls = union_from_impls(api, name, un);
    let from_evidence = union_from_evidence(api, un);
    let Some(tag) = un.kind.property() else {
        // No tag to read: the value goes to the variant its properties match best.
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, Serialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A value that matches none of the variants above, kept as sent.
                #catch_all(crate::runtime::UnknownKind),
            }

            #from_impls

            impl #name {
                #from_evidence
            }

            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    serde_json::Value::deserialize(deserializer).map(Self::from_evidence)
                }
            }
        };
    };
    let tag_arms = un.variants.iter().map(|v| {
        let variant = ident(&v.name);
        match &v.tag {
            VariantTag::Fixed(value) => quote! { Self::#variant(_) => Some(#value), },
            VariantTag::Open { field, .. } if field.optional => {
                let field = ident(&field.name);
                quote! { Self::#variant(value) => value.#field.as_ref().map(|tag| tag.as_str()), }
            }
            VariantTag::Open { field, .. } => {
                let field = ident(&field.name);
                quote! { Self::#variant(value) => Some(value.#field.as_str()), }
            }
            VariantTag::None => quote! { Self::#variant(_) => None, },
        }
    });
    let decode_arms = un.variants.iter().filter_map(|v| {
        let variant = ident(&v.name);
        let ty = type_tokens(api, &v.ty, false);
        let ty = match v.ty {
            TypeRef::Named(_) => ty,
            _ => quote! { <#ty> },
        };
        match &v.tag {
            VariantTag::None => None,
            VariantTag::Fixed(value) => Some(quote! {
                #value => #ty::deserialize(rest)
                    .map(Self::#variant)
                    .map_err(|e| crate::runtime::in_variant(#value, e)),
            }),
            // The variant's struct keeps the tag as a field: it reads the whole object.
            VariantTag::Open { values, .. } => Some(quote! {
                #(#values)|* => crate::runtime::with_tag(Self::TAG, tag, rest)
                    .and_then(|value| #ty::deserialize(value).map_err(serde::de::Error::custom))
                    .map(Self::#variant)
                    .map_err(|e| crate::runtime::in_variant(tag, e)),
            }),
        }
    });
    let unrecognized = if from_evidence.is_empty() {
        quote! { Self::#catch_all(crate::runtime::UnknownKind::new(object)) }
    } else {
        quote! { Self::from_evidence(object) }
    };
    let tag_values = un.variants.iter().flat_map(|v| v.tag_values());
    let expecting = format!("{name} (an object tagged by `{tag}`)");
    let told_apart = format!(
        " Told apart by the `{tag}` property. A kind this version of the schema does not list"
    );
    let tag_doc = format!(" The value of the `{tag}` property.");
    // An open tag is read from a field, which may be deprecated.
    let allow_deprecated = un
        .variants
        .iter()
        .any(|v| matches!(v.tag, VariantTag::Open { .. }))
        .then(|| quote! { #[allow(deprecated)] });
    let union_doc = if doc.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[doc = ""] }
    };
    let by_evidence = un
        .variants
        .iter()
        .any(|v| !matches!(v.tag, VariantTag::Fixed(_)))
        .then(|| {
            quote! {
                #[doc = ""]
                /// A value whose tag selects no variant goes to the variant without a fixed tag
                /// that its properties match best, when one fits.
            }
        });
    quote! {
        #doc
        #union_doc
        #[doc = #told_apart]
        /// decodes into the catch-all variant and is written back unchanged.
        #by_evidence
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A kind this version of the schema does not list, kept as sent. Match it with
            /// `_`: a later version may list it.
            #catch_all(crate::runtime::UnknownKind),
        }

        impl #name {
            #[doc = #tag_doc]
            #allow_deprecated
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#tag_arms)*
                    Self::#catch_all(value) => value.tag(#tag),
                }
            }

            #from_evidence
        }

        #from_impls

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
                    _ => crate::runtime::with_tag(Self::TAG, tag, rest).map(Self::unrecognized),
                }
            }

            fn unrecognized(object: serde_json::Value) -> Self {
                #unrecognized
            }
        }
    }
}

/// `from_evidence`: a value that no tag places goes to the variant chosen by evidence
/// (the order is the runtime's `by_evidence`), else to the catch-all, whole.
fn union_from_evidence(api: &Api, un: &Union) -> TokenStream {
    let catch_all = ident(&un.catch_all);
    let candidates: Vec<(usize, &UnionVariant)> = un
        .variants
        .iter()
        .enumerate()
        .filter(|(_, v)| !matches!(v.tag, VariantTag::Fixed(_)))
        .collect();
    let doc = quote! {
        /// The variant a value that no tag places matches best, else the catch-all.
    };
    if candidates.is_empty() {
        if un.kind.property().is_some() {
            // Every variant is tagged: what no tag places is the catch-all's.
            return TokenStream::new();
        }
        return quote! {
            #doc
            fn from_evidence(value: serde_json::Value) -> Self {
                Self::#catch_all(crate::runtime::UnknownKind::new(value))
            }
        };
    }
    let number = |i: usize| proc_macro2::Literal::usize_unsuffixed(i);
    let shapes = candidates.iter().map(|(i, v)| (number(*i), v)).map(|(i, v)| match &v.evidence {
        Some(Evidence { known, required }) => quote! {
            (#i, Some(crate::runtime::Shape { known: &[#(#known),*], required: &[#(#required),*] }))
        },
        None => quote! { (#i, None) },
    });
    let arms = candidates.iter().map(|(i, v)| {
        let i = number(*i);
        let variant = ident(&v.name);
        let ty = type_tokens(api, &v.ty, false);
        quote! { #i => <#ty as Deserialize>::deserialize(&value).map(Self::#variant), }
    });
    let tag = match un.kind.property() {
        Some(tag) => quote! { Some(#tag) },
        None => quote! { None },
    };
    quote! {
        #doc
        fn from_evidence(value: serde_json::Value) -> Self {
            const CANDIDATES: &[(usize, Option<crate::runtime::Shape>)] = &[#(#shapes),*];
            for i in crate::runtime::by_evidence(&value, #tag, CANDIDATES) {
                let decoded = match i {
                    #(#arms)*
                    _ => continue,
                };
                if let Ok(decoded) = decoded {
                    return decoded;
                }
            }
            Self::#catch_all(crate::runtime::UnknownKind::new(value))
        }
    }
}

/// `From<Variant>` for a union, for each variant whose type no other variant shares, so
/// `PublicMessageEgg::from(comment)` and `.into()` read naturally.
fn union_from_impls(api: &Api, name: &proc_macro2::Ident, un: &Union) -> TokenStream {
    let impls = un.variants.iter().filter(|v| v.from_impl).map(|v| {
        let variant = ident(&v.name);
        let ty = type_tokens(api, &v.ty, false);
        quote! {
            impl From<#ty> for #name {
                fn from(value: #ty) -> Self {
                    Self::#variant(value)
                }
            }
        }
    });
    quote! { #(#impls)* }
}
