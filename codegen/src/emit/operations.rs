//! One request function per operation, on `Client`, and the struct each returns.

use super::{doc_attrs, ident, type_tokens};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

pub fn operations_file(api: &Api) -> TokenStream {
    let items = api.operations.iter().map(|op| operation(api, op));
    let mut error_types: Vec<TypeId> = api
        .operations
        .iter()
        .filter_map(|op| match &op.error {
            Some(TypeRef::Named(id)) => Some(*id),
            _ => None,
        })
        .collect();
    error_types.sort();
    error_types.dedup();
    let error_impls = error_types.into_iter().map(|id| error_body_impl(api, id));
    quote! {
        //! Request functions, one per operation of the description.
        #![allow(clippy::too_many_arguments)]

        use crate::runtime::{Client, ClientError};

        #(#items)*

        #(#error_impls)*
    }
}

/// `ErrorBody` for an error type: HubSpot's `category`, `message` and `correlationId`
/// when the type has them, so an error prints as one useful line.
fn error_body_impl(api: &Api, id: TypeId) -> TokenStream {
    let def = api.get(id);
    let name = ident(&def.name);
    let TypeKind::Struct(st) = &def.kind else {
        return quote! {
            impl crate::ErrorBody for crate::types::#name {
                fn summary(&self) -> String {
                    format!("{self:?}")
                }
            }
        };
    };
    let text_field = |wire: &str| -> TokenStream {
        match st
            .fields
            .iter()
            .find(|f| f.wire_name == wire && f.ty == TypeRef::String)
        {
            Some(f) if f.required && !f.nullable => {
                let field = ident(&f.name);
                quote! { Some(self.#field.as_str()) }
            }
            Some(f) => {
                let field = ident(&f.name);
                quote! { self.#field.as_deref() }
            }
            None => quote! { None },
        }
    };
    let category = text_field("category");
    let message = text_field("message");
    let correlation_id = text_field("correlationId");
    quote! {
        impl crate::ErrorBody for crate::types::#name {
            fn summary(&self) -> String {
                crate::runtime::summarize(#category, #message, #correlation_id)
                    .unwrap_or_else(|| format!("{self:?}"))
            }
        }
    }
}

/// How a parameter is passed to the request function.
fn param_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { &str },
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => type_tokens(api, ty, true),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(api, inner, true);
            quote! { &[#inner] }
        }
        other => {
            let ty = type_tokens(api, other, true);
            quote! { &#ty }
        }
    }
}

/// Text of a parameter value for a path, query or header.
fn param_text(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote! { #value.to_owned() },
        TypeRef::Json | TypeRef::Map(_) => {
            quote! { serde_json::to_string(#value).unwrap_or_default() }
        }
        _ => quote! { #value.to_string() },
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.name);
    let response_name = ident(&op.response_type_name);
    let method = ident(&op.method);
    let error_ty = match &op.error {
        Some(ty) => type_tokens(api, ty, true),
        None => quote! { serde_json::Value },
    };

    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    for p in &op.params {
        let name = ident(&p.name);
        let mut ty = param_type(api, &p.ty);
        if !p.required {
            ty = quote! { Option<#ty> };
        }
        args.push(quote! { #name: #ty });
        if let Some(doc) = &p.doc {
            arg_docs.push(format!(
                " - `{}`: {}",
                p.name,
                doc.lines().next().unwrap_or_default()
            ));
        }
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(api, &body.ty, true);
        if body.required {
            args.push(quote! { body: &#ty });
        } else {
            args.push(quote! { body: Option<&#ty> });
        }
    }

    // Path: the template's text, with each `{param}` percent-encoded in its place.
    let mut path_parts = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let text = &rest[..start];
        if !text.is_empty() {
            path_parts.push(quote! { path.push_str(#text); });
        }
        let wire = &rest[start + 1..start + len];
        if let Some(p) = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire)
        {
            let name = ident(&p.name);
            let text = param_text(&p.ty, quote! { #name });
            path_parts.push(quote! { path.push_str(&crate::runtime::encode_component(&#text)); });
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        path_parts.push(quote! { path.push_str(#rest); });
    }
    let path = quote! {
        let mut path = String::new();
        #(#path_parts)*
    };

    let mut pairs = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let list = match p.location {
            ParamLocation::Query => quote! { query },
            _ => quote! { headers },
        };
        let push = match &p.ty {
            TypeRef::Vec(inner) => {
                let text = param_text(inner, quote! { item });
                quote! { for item in value.iter() { #list.push((#wire, #text)); } }
            }
            ty => {
                let text = param_text(ty, quote! { value });
                quote! { #list.push((#wire, #text)); }
            }
        };
        if p.required {
            pairs.push(quote! { { let value = #name; #push } });
        } else {
            pairs.push(quote! { if let Some(value) = #name { #push } });
        }
    }
    let has_query = op.params.iter().any(|p| p.location == ParamLocation::Query);
    let has_headers = op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Header);
    let query_decl = if has_query {
        quote! { let mut query: Vec<(&str, String)> = Vec::new(); }
    } else {
        quote! { let query: Vec<(&str, String)> = Vec::new(); }
    };
    let headers_decl = if has_headers {
        quote! { let mut headers: Vec<(&str, String)> = Vec::new(); }
    } else {
        quote! { let headers: Vec<(&str, String)> = Vec::new(); }
    };

    let body = match &op.body {
        Some(b) if b.required => quote! { let body = Some(crate::runtime::encode_json(body)?); },
        Some(_) => quote! { let body = body.map(crate::runtime::encode_json).transpose()?; },
        None => quote! { let body: Option<Vec<u8>> = None; },
    };

    // The returned struct: the status, each declared header, and the decoded body.
    let success = op.success.as_ref();
    let header_fields = success.map(|s| s.headers.as_slice()).unwrap_or_default();
    let header_decls = header_fields.iter().map(|h| {
        let name = ident(&h.name);
        let doc = format!(
            " The `{}` header{}",
            h.wire_name,
            h.doc
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_else(|| ".".into())
        );
        quote! { #[doc = #doc] pub #name: Option<String>, }
    });
    let header_reads = header_fields.iter().map(|h| {
        let name = ident(&h.name);
        let wire = &h.wire_name;
        quote! { #name: response.header(#wire), }
    });
    let body_ty = success.and_then(|s| s.ty.as_ref());
    let (body_decl, body_read) = match body_ty {
        Some(ty) => {
            let ty = type_tokens(api, ty, true);
            (
                quote! { /// The decoded response body.
                pub body: #ty, },
                quote! { body: response.decode_json()?, },
            )
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let response_doc = format!(
        " What `{}` returns on success{}",
        op.name,
        success
            .and_then(|s| s.doc.as_deref())
            .map(|d| format!(": {}", d.trim()))
            .unwrap_or_else(|| ".".into())
    );

    let mut doc_text = op.doc.clone().unwrap_or_default();
    doc_text.push_str(&format!("\n\n`{} {}`", op.method, op.path));
    if !arg_docs.is_empty() {
        doc_text.push_str("\n\n# Parameters\n");
        for line in &arg_docs {
            doc_text.push('\n');
            doc_text.push_str(line.trim_start());
        }
    }
    let fn_doc = doc_attrs(Some(doc_text.trim_start()));
    let path_template = &op.path;
    let fn_name_str = &op.name;

    quote! {
        #[doc = #response_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #response_name {
            /// The HTTP status code.
            pub status: u16,
            #(#header_decls)*
            #body_decl
        }

        impl Client {
            #fn_doc
            pub async fn #fn_name(&self, #(#args),*) -> Result<#response_name, ClientError<#error_ty>> {
                #path
                #query_decl
                #headers_decl
                #(#pairs)*
                #body
                let request = crate::runtime::Request {
                    operation: #fn_name_str,
                    method: reqwest::Method::#method,
                    path_template: #path_template,
                    path,
                    query,
                    headers,
                    body,
                };
                let response = self.execute(request).await?;
                if !response.is_success() {
                    return Err(response.into_error());
                }
                Ok(#response_name {
                    status: response.status,
                    #(#header_reads)*
                    #body_read
                })
            }
        }
    }
}
