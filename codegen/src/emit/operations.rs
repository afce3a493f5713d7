//! One request function per operation, on `Client`, and the struct each returns.

use super::{doc_attrs, field_init, ident, type_tokens, value_arg};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The request functions file: one item per operation, then one `ErrorBody` impl per
/// error type.
pub struct OperationsFile<'a> {
    api: &'a Api,
    error_types: Vec<TypeId>,
}

impl<'a> OperationsFile<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut error_types: Vec<TypeId> = api
            .operations
            .iter()
            .filter_map(|op| error_type(api, op))
            .collect();
        error_types.sort();
        error_types.dedup();
        OperationsFile { api, error_types }
    }

    pub fn head(&self) -> TokenStream {
        let imports = (!self.api.operations.is_empty()).then(|| {
            quote! {
                #[cfg(feature = "client")]
                use crate::runtime::{Client, ClientError};
            }
        });
        quote! {
            //! One method on `Client` per operation of the description (with the `client`
            //! feature), with the struct that holds its arguments and the one it returns.

            #imports
        }
    }

    pub fn count(&self) -> usize {
        self.api.operations.len() + self.error_types.len()
    }

    pub fn item(&self, i: usize) -> TokenStream {
        match self.api.operations.get(i) {
            Some(op) => operation(self.api, op).0,
            None => error_body_impl(self.api, self.error_types[i - self.api.operations.len()]),
        }
    }

    pub fn sans_io_head(&self) -> TokenStream {
        let imports = (!self.api.operations.is_empty())
            .then(|| quote! { use crate::runtime::{ClientError, RequestError}; });
        quote! {
            //! The requests and responses of every operation as `http` values, with no I/O:
            //! build a request, send it with any HTTP stack, and read the answer. [`Client`](crate::Client)
            //! is a thin executor over these functions.

            #imports
        }
    }

    pub fn sans_io_item(&self, i: usize) -> TokenStream {
        operation(self.api, &self.api.operations[i]).1
    }
}

/// `ErrorBody` for an error type: its `message` (and for HubSpot, `category` and
/// `correlationId`) when the type has them, so an error prints as one useful line.
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
    let message = text_field("message");
    let summarize = match api.conventions {
        Conventions::HubSpot => {
            let category = text_field("category");
            let correlation_id = text_field("correlationId");
            quote! { crate::runtime::summarize(#category, #message, #correlation_id) }
        }
        Conventions::Generic => quote! { crate::runtime::summarize(#message) },
    };
    quote! {
        impl crate::ErrorBody for crate::types::#name {
            fn summary(&self) -> String {
                #summarize.unwrap_or_else(|| format!("{self:?}"))
            }
        }
    }
}

/// The Rust type a parameter has in the request struct (owned).
fn param_type(api: &Api, ty: &TypeRef) -> TokenStream {
    type_tokens(api, ty, true)
}

/// Text of a value for a path, query, header or form part.
fn param_text(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote! { #value.to_string() },
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::Date => {
            quote! { #value.to_string() }
        }
        // RFC 3339, as in JSON bodies (`to_string` would print `2026-01-02 03:04:05 UTC`).
        TypeRef::DateTime => quote! { #value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true) },
        TypeRef::Bytes => quote! { String::from_utf8_lossy(#value.as_slice()).into_owned() },
        // Enums print their wire value; anything else is sent as JSON text.
        _ => quote! { crate::runtime::text_of(#value) },
    }
}

/// The type an operation's errors decode into: a type of this crate, or `serde_json::Value`
/// when the error schema is an alias of a type from elsewhere (which cannot carry
/// `ErrorBody`).
fn error_type(api: &Api, op: &Operation) -> Option<TypeId> {
    let mut ty = op.error.as_ref()?;
    loop {
        match ty {
            TypeRef::Named(id) => match &api.get(*id).kind {
                TypeKind::Alias(inner) => ty = inner,
                _ => return Some(*id),
            },
            _ => return None,
        }
    }
}

/// The enum of success bodies by status, when an operation has several kinds of body.
pub fn response_body_enum(op: &Operation) -> Option<String> {
    let with_body: Vec<&ResponseBody> = op.success.iter().filter_map(|s| s.body.as_ref()).collect();
    let single = with_body.windows(2).all(|w| w[0] == w[1]);
    (!single).then(|| format!("{}Body", op.response_type_name))
}

/// Name of the variant holding a success body of `status`.
fn status_variant(status: SuccessStatus) -> String {
    match status {
        SuccessStatus::Code(200) => "Ok".into(),
        SuccessStatus::Code(201) => "Created".into(),
        SuccessStatus::Code(202) => "Accepted".into(),
        SuccessStatus::Code(203) => "NonAuthoritative".into(),
        SuccessStatus::Code(206) => "PartialContent".into(),
        SuccessStatus::Code(207) => "MultiStatus".into(),
        SuccessStatus::Code(other) => format!("Status{other}"),
        SuccessStatus::Range(_) => "Success".into(),
    }
}

/// The `match` pattern for the statuses a success response describes.
fn status_pattern(status: SuccessStatus) -> TokenStream {
    match status {
        SuccessStatus::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        // A guard rather than a range pattern: a code listed beside its range comes first,
        // and overlapping range patterns are a lint.
        SuccessStatus::Range(class) => {
            let low = proc_macro2::Literal::u16_unsuffixed(u16::from(class) * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(u16::from(class) * 100 + 99);
            quote! { code if (#low..=#high).contains(&code) }
        }
    }
}

fn response_body_type(api: &Api, body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(ty) => type_tokens(api, ty, true),
        ResponseBody::Text => quote! { String },
        ResponseBody::Bytes => quote! { bytes::Bytes },
    }
}

fn response_body_read(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(_) => quote! { response.decode_json()? },
        ResponseBody::Text => quote! { response.text() },
        ResponseBody::Bytes => quote! { response.body.clone() },
    }
}

/// The request body: its type in the request struct (without `Option`) and the code
/// that encodes it into `body`.
fn request_body(api: &Api, body: &Body) -> (TokenStream, TokenStream) {
    let media = &body.media_type;
    let (ty, encode) = match &body.kind {
        BodyKind::Json(ty) => (
            type_tokens(api, ty, true),
            quote! { crate::runtime::Body::json(#media, body)? },
        ),
        BodyKind::Form(ty) => (
            type_tokens(api, ty, true),
            quote! { crate::runtime::Body::form(body)? },
        ),
        BodyKind::Multipart(ty) => (type_tokens(api, ty, true), multipart(api, ty)),
        BodyKind::Text => (
            quote! { String },
            quote! { crate::runtime::Body::raw(#media, body.as_bytes().to_vec()) },
        ),
        BodyKind::Bytes => (
            quote! { Vec<u8> },
            quote! { crate::runtime::Body::raw(#media, body.clone()) },
        ),
    };
    if body.required {
        (ty, quote! { let body = Some(#encode); })
    } else {
        (
            ty,
            quote! {
                let mut encoded = None;
                if let Some(body) = body {
                    encoded = Some(#encode);
                }
                let body = encoded;
            },
        )
    }
}

/// A multipart body: one part per field of the struct; bytes are file parts.
fn multipart(api: &Api, ty: &TypeRef) -> TokenStream {
    let fields = match ty {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        },
        _ => None,
    };
    let Some(fields) = fields else {
        return quote! {{
            let mut form = crate::runtime::Multipart::new();
            form.json("body", body)?;
            form.finish()
        }};
    };
    let parts = fields.iter().map(|f| {
        let name = ident(&f.name);
        let wire = &f.wire_name;
        let add = match &f.ty {
            TypeRef::Bytes => quote! { form.file(#wire, value); },
            TypeRef::String => quote! { form.text(#wire, value); },
            ty @ (TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F64
            | TypeRef::DateTime
            | TypeRef::Date) => {
                let text = param_text(ty, quote! { value });
                quote! { form.text(#wire, &#text); }
            }
            _ => quote! { form.json(#wire, value)?; },
        };
        if f.required && !f.nullable {
            quote! { { let value = &body.#name; #add } }
        } else {
            quote! { if let Some(value) = &body.#name { #add } }
        }
    });
    quote! {{
        let mut form = crate::runtime::Multipart::new();
        #(#parts)*
        form.finish()
    }}
}

/// Appends literal path text (a `char` when it is one, as clippy prefers), with what a URL
/// path cannot hold percent-encoded here, as a URL parser would.
fn push_literal(text: &str) -> Option<TokenStream> {
    let text = &encode_literal(text);
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => None,
        (Some(c), None) => Some(quote! { path.push(#c); }),
        _ => Some(quote! { path.push_str(#text); }),
    }
}

/// A path's literal text as a URL path holds it: controls, spaces, double quotes, angle
/// brackets, backticks, braces and non-ASCII percent-encoded (the WHATWG URL path set, less
/// `?` and `#`, which a path in a description should not hold and which keep the meaning
/// they had).
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let plain = c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '`' | '{' | '}');
        if plain {
            out.push(c);
        } else {
            let mut utf8 = [0; 4];
            for byte in c.encode_utf8(&mut utf8).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// The items of one operation: for `operations.rs` (the request struct, the returned
/// struct and the `Client` method) and for `sans_io.rs` (the request builder and the
/// response reader).
fn operation(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let fn_name = ident(&op.name);
    let response_name = ident(&op.response_type_name);
    let request_name = ident(&op.request_type_name);
    let error_ty = match error_type(api, op) {
        Some(id) => {
            let name = ident(&api.get(id).name);
            quote! { crate::types::#name }
        }
        None => quote! { serde_json::Value },
    };

    // The request struct: one field per parameter and one for the body; the constructor
    // takes what the IR says is required, the rest have setters.
    let mut fields = Vec::new();
    let mut ctor_args = Vec::new();
    let mut ctor_inits = Vec::new();
    let mut setters = Vec::new();
    let mut reads = Vec::new();
    let mut member = |name: &str,
                      doc: Option<&str>,
                      ty: TokenStream,
                      ty_ref: Option<&TypeRef>,
                      required: bool,
                      deprecated: bool| {
        let field = ident(name);
        let doc = doc_attrs(doc);
        let deprecated = deprecated.then(|| quote! { #[deprecated] });
        let declared = if required {
            ty.clone()
        } else {
            quote! { Option<#ty> }
        };
        fields.push(quote! { #doc #deprecated pub #field: #declared, });
        reads.push(field.clone());
        let (arg_ty, converted) = value_arg(ty_ref.unwrap_or(&TypeRef::Json), &ty, &field);
        if required {
            ctor_args.push(quote! { #field: #arg_ty });
            ctor_inits.push(field_init(&field, converted));
        } else {
            let (arg_ty, converted) =
                value_arg(ty_ref.unwrap_or(&TypeRef::Json), &ty, &ident("value"));
            let converted = converted.unwrap_or_else(|| quote! { value });
            ctor_inits.push(quote! { #field: None, });
            let setter = ident(&crate::naming::setter_name(name));
            let setter_doc = format!(" Sets `{}`.", crate::naming::unraw(name));
            setters.push(quote! {
                #[doc = #setter_doc]
                #deprecated
                pub fn #setter(mut self, value: #arg_ty) -> Self {
                    self.#field = Some(#converted);
                    self
                }
            });
        }
    };
    for p in &op.params {
        member(
            &p.name,
            p.doc.as_deref(),
            param_type(api, &p.ty),
            Some(&p.ty),
            p.is_constructor_arg(),
            p.deprecated,
        );
    }
    let body = match &op.body {
        Some(b) => {
            let (ty, encode) = request_body(api, b);
            let encode = quote! { let body = &request.body; #encode };
            member(
                "body",
                Some("The request body."),
                ty,
                b.kind.type_ref(),
                b.is_constructor_arg(),
                false,
            );
            encode
        }
        None => quote! { let body = None; },
    };
    let any_deprecated = op.params.iter().any(|p| p.deprecated);
    let allow_deprecated = any_deprecated.then(|| quote! { #[allow(deprecated)] });
    // Only when the description requires that many; the setters cover the rest.
    let allow_many = (ctor_args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let default_derive = ctor_args.is_empty().then(|| quote! { Default, });
    let new_body = if ctor_args.is_empty() {
        quote! { Self::default() }
    } else {
        quote! { #request_name { #(#ctor_inits)* } }
    };

    // Path: the template's text, with each `{param}` percent-encoded in its place.
    let mut path_parts = Vec::new();
    for part in &op.path_parts {
        let wire = match part {
            PathPart::Literal(text) => {
                path_parts.extend(push_literal(text));
                continue;
            }
            PathPart::Param(wire) => wire,
        };
        if let Some(p) = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == *wire)
        {
            let name = ident(&p.name);
            let text = match p.ty {
                TypeRef::String => quote! { value },
                _ => {
                    let text = param_text(&p.ty, quote! { value });
                    quote! { &#text }
                }
            };
            let encode = if p.allow_slash {
                quote! { encode_path }
            } else {
                quote! { encode_component }
            };
            path_parts.push(quote! {{
                let value = &request.#name;
                path.push_str(&crate::runtime::#encode(#text));
            }});
        }
    }

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
            ParamLocation::Cookie => quote! { cookies },
            _ => quote! { headers },
        };
        let push = match &p.ty {
            TypeRef::Vec(inner) if p.explode && p.location == ParamLocation::Query => {
                let text = param_text(inner, quote! { item });
                quote! { for item in value.iter() { #list.push((#wire, #text)); } }
            }
            TypeRef::Vec(inner) => {
                let text = param_text(inner, quote! { item });
                quote! {
                    let mut parts: Vec<String> = Vec::new();
                    for item in value.iter() {
                        parts.push(#text);
                    }
                    #list.push((#wire, parts.join(",")));
                }
            }
            ty => {
                let text = param_text(ty, quote! { value });
                quote! { #list.push((#wire, #text)); }
            }
        };
        if p.is_constructor_arg() {
            pairs.push(quote! { { let value = &request.#name; #push } });
        } else {
            pairs.push(quote! { if let Some(value) = &request.#name { #push } });
        }
    }
    let query_mut = op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Query)
        .then(|| quote! { mut });
    let has_cookies = op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Cookie);
    let headers_mut = op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Header || p.location == ParamLocation::Cookie)
        .then(|| quote! { mut });
    // Cookies travel together in one `Cookie` header, each value percent-encoded.
    let cookies_start =
        has_cookies.then(|| quote! { let mut cookies: Vec<(&str, String)> = Vec::new(); });
    let cookies_end = has_cookies.then(|| {
        quote! {
            if let Some(cookie) = crate::runtime::cookie_header(&cookies) {
                headers.push(("cookie", cookie));
            }
        }
    });

    // The returned struct: the status, each declared header, and the decoded body.
    let mut header_fields: Vec<&ResponseHeader> = Vec::new();
    for h in op.success.iter().flat_map(|s| &s.headers) {
        if !header_fields.iter().any(|seen| seen.name == h.name) {
            header_fields.push(h);
        }
    }
    let header_decls = header_fields.iter().map(|h| {
        let name = ident(&h.name);
        let doc = format!(
            " The `{}` header{}",
            h.wire_name,
            h.doc
                .as_deref()
                .map(|d| format!(": {}", d.trim()))
                .unwrap_or_else(|| ".".into())
        );
        quote! { #[doc = #doc] pub #name: Option<String>, }
    });
    let header_reads = header_fields.iter().map(|h| {
        let name = ident(&h.name);
        let wire = &h.wire_name;
        quote! { #name: response.header(#wire), }
    });

    let with_body: Vec<(&SuccessResponse, &ResponseBody)> = op
        .success
        .iter()
        .filter_map(|s| s.body.as_ref().map(|b| (s, b)))
        .collect();
    let without_body: Vec<SuccessStatus> = op
        .success
        .iter()
        .filter(|s| s.body.is_none())
        .map(|s| s.status)
        .collect();
    let mut extra_items = TokenStream::new();
    let (body_decl, body_read) = match (response_body_enum(op), with_body.first()) {
        (None, None) => (TokenStream::new(), TokenStream::new()),
        (None, Some((_, only))) => {
            let ty = response_body_type(api, only);
            let read = response_body_read(only);
            if without_body.is_empty() {
                (
                    quote! { /// The decoded response body.
                    pub body: #ty, },
                    quote! { body: #read, },
                )
            } else {
                // In the IR's order (codes before ranges), so a code wins over its range.
                let arms = op.success.iter().map(|s| {
                    let status = status_pattern(s.status);
                    match s.body {
                        Some(_) => quote! { #status => Some(#read), },
                        None => quote! { #status => None, },
                    }
                });
                (
                    quote! { /// The decoded response body; `None` for the statuses that have none.
                    pub body: Option<#ty>, },
                    quote! { body: match response.status.as_u16() { #(#arms)* _ => Some(#read) }, },
                )
            }
        }
        (Some(enum_name), _) => {
            let enum_name = ident(&enum_name);
            let variants = with_body.iter().map(|(s, b)| {
                let variant = ident(&status_variant(s.status));
                let ty = response_body_type(api, b);
                let doc = format!(
                    " Status {}{}",
                    s.status,
                    s.doc
                        .as_deref()
                        .map(|d| format!(": {}", d.trim()))
                        .unwrap_or_default()
                );
                quote! { #[doc = #doc] #variant(#ty), }
            });
            let arms = op.success.iter().map(|s| {
                let status = status_pattern(s.status);
                match &s.body {
                    Some(b) => {
                        let variant = ident(&status_variant(s.status));
                        let read = response_body_read(b);
                        quote! { #status => Some(crate::#enum_name::#variant(#read)), }
                    }
                    None => quote! { #status => None, },
                }
            });
            let doc = format!(" The body of a successful `{}`, by status.", op.name);
            extra_items = quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                // Bodies of very different sizes (a 200 object and a 207 list, say): one
                // value per call, so boxing the larger would only add an allocation.
                #[allow(clippy::large_enum_variant)]
                pub enum #enum_name { #(#variants)* }
            };
            (
                quote! { /// The decoded body, by status; `None` for a status without one.
                pub body: Option<#enum_name>, },
                quote! { body: match response.status.as_u16() { #(#arms)* _ => None }, },
            )
        }
    };
    let response_doc = format!(
        " What `{}` returns on success{}",
        op.name,
        op.success
            .first()
            .and_then(|s| s.doc.as_deref())
            .map(|d| format!(": {}", d.trim()))
            .unwrap_or_else(|| ".".into())
    );

    let mut doc_text = op.doc.clone().unwrap_or_default();
    doc_text.push_str(&format!(
        "\n\n`{} {}`\n\nThe arguments are a [`{}`](crate::{}).",
        op.method, op.path, op.request_type_name, op.request_type_name
    ));
    let fn_doc = doc_attrs(Some(doc_text.trim_start()));
    let request_struct_doc = format!(
        " The arguments of [`Client::{}`](crate::Client::{}) (`{} {}`): `new` takes the required ones, a `with_` setter sets each optional one.",
        op.name, op.name, op.method, op.path
    );
    let path_template = &op.path;
    let fn_name_str = &op.name;

    // Without a keyword's escape: `self_` gives `self_request`.
    let sans_io_base = crate::naming::unraw(&op.name).trim_end_matches('_');
    let request_fn = ident(&format!("{sans_io_base}_request"));
    let response_fn = ident(&format!("{sans_io_base}_response"));
    let method_const = ident(op.method.as_str());
    let request_doc = format!(" Builds the `{} {}` request of [`Client::{}`](crate::Client::{}), for sending with any HTTP stack.", op.method, op.path, op.name, op.name);
    let response_doc_fn = format!(
        " Reads the answer to [`{}`] into what [`Client::{}`](crate::Client::{}) returns.",
        request_fn, op.name, op.name
    );
    // The credentials the operation accepts, as the IR resolved them.
    let (security_const, security_arg) = match &op.security {
        None => (TokenStream::new(), quote! { None }),
        Some(alternatives) => {
            let alternatives = alternatives.iter().map(|alternative| {
                let schemes = alternative.iter().map(|scheme| match &scheme.kind {
                    SchemeKind::Bearer => quote! { crate::runtime::Scheme::Bearer },
                    SchemeKind::ApiKey { location, param } => {
                        let name = &scheme.name;
                        let location = match location {
                            ParamLocation::Query => quote! { Query },
                            ParamLocation::Cookie => quote! { Cookie },
                            _ => quote! { Header },
                        };
                        quote! {
                            crate::runtime::Scheme::ApiKey {
                                scheme: #name,
                                location: crate::runtime::KeyLocation::#location,
                                name: #param,
                            }
                        }
                    }
                });
                quote! { &[#(#schemes),*] }
            });
            (
                quote! { const SECURITY: &[&[crate::runtime::Scheme]] = &[#(#alternatives),*]; },
                quote! { Some(SECURITY) },
            )
        }
    };
    // An operation without parameters or body reads nothing from its request struct.
    let request_arg = if reads.is_empty() {
        ident("_request")
    } else {
        ident("request")
    };
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    // The client method calls its own (deprecated) sans-IO function.
    let allow_inner = (op.deprecated || any_deprecated).then(|| quote! { #[allow(deprecated)] });

    let paging = op.pagination.as_ref().map(|p| {
        paging_methods(
            api,
            op,
            p,
            &request_name,
            &response_name,
            &error_ty,
            deprecated.as_ref(),
        )
    });
    let client_item = quote! {
        #[doc = #request_struct_doc]
        #[derive(Debug, Clone, PartialEq, #default_derive)]
        #[non_exhaustive]
        #allow_deprecated
        pub struct #request_name {
            #(#fields)*
        }

        #allow_deprecated
        impl #request_name {
            /// The arguments with every required one; optional ones start as `None`.
            #allow_many
            pub fn new(#(#ctor_args),*) -> Self {
                #new_body
            }

            #(#setters)*
        }

        #[doc = #response_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #response_name {
            /// The HTTP status code.
            pub status: http::StatusCode,
            #(#header_decls)*
            #body_decl
        }

        #extra_items

        #[cfg(feature = "client")]
        impl Client {
            #fn_doc
            #deprecated
            #allow_inner
            pub async fn #fn_name(&self, request: &#request_name) -> Result<#response_name, ClientError<#error_ty>> {
                let http_request = crate::sans_io::#request_fn(self.base_url(), self.credentials(), request)?;
                self.execute(http_request, #fn_name_str, #path_template, crate::sans_io::#response_fn).await
            }
        }

        #paging
    };
    let sans_io_item = quote! {
        #[doc = #request_doc]
        #deprecated
        #allow_inner
        pub fn #request_fn(base_url: &str, credentials: &crate::Credentials, #request_arg: &crate::#request_name) -> Result<http::Request<Vec<u8>>, RequestError> {
            #security_const
            let mut path = String::new();
            #(#path_parts)*
            let #query_mut query: Vec<(&str, String)> = Vec::new();
            let #headers_mut headers: Vec<(&str, String)> = Vec::new();
            #cookies_start
            #(#pairs)*
            #cookies_end
            #body
            crate::runtime::build_request(base_url, credentials, #security_arg, http::Method::#method_const, &path, &query, &headers, body)
        }

        #[doc = #response_doc_fn]
        #deprecated
        pub fn #response_fn(response: http::Response<bytes::Bytes>) -> Result<crate::#response_name, ClientError<#error_ty>> {
            let response = crate::runtime::Response::from_http(response);
            if !response.is_success() {
                return Err(response.into_error());
            }
            Ok(crate::#response_name {
                status: response.status,
                #(#header_reads)*
                #body_read
            })
        }
    };
    (client_item, sans_io_item)
}

/// For a cursor-paged operation, the `Client` methods that walk it: every page, and every
/// item. Both fetch lazily, one page at a time, each under the same retry rules as a call.
fn paging_methods(
    api: &Api,
    op: &Operation,
    p: &Pagination,
    request_name: &proc_macro2::Ident,
    response_name: &proc_macro2::Ident,
    error_ty: &TokenStream,
    deprecated: Option<&TokenStream>,
) -> TokenStream {
    let call = ident(&op.name);
    let pages_fn = ident(&p.pages_fn);
    let items_fn = ident(&p.items_fn);
    let cursor = ident(&p.cursor_field);
    let item_ty = type_tokens(api, &p.item_type, true);
    // From the page to the next cursor, stopping at the first field that is absent.
    let mut steps = vec![quote! { let value = &page.body; }];
    let (last, path) = p.next_cursor.split_last().expect("paging.next.after");
    for step in path {
        let name = ident(&step.name);
        steps.push(if step.optional {
            quote! { let value = value.#name.as_ref()?; }
        } else {
            quote! { let value = &value.#name; }
        });
    }
    let after = ident(&last.name);
    let cursor_value = if last.optional {
        quote! { value.#after.clone() }
    } else {
        quote! { Some(value.#after.clone()) }
    };
    let items = ident(&p.items.name);
    let take_items = if p.items.optional {
        quote! { page.body.#items.unwrap_or_default() }
    } else {
        quote! { page.body.#items }
    };
    let pages_doc = format!(
        " Every page of [`{}`](Self::{}), fetched as the stream is read: each next page starts at the cursor the one before ends with (`paging.next.after`), and the stream ends after the last page or the first error. Each page is a call under the same retry rules as any other (a 429 between pages is waited out).",
        op.name, op.name
    );
    let items_doc = format!(
        " Every item of every page of [`{}`](Self::{}), in the order the pages give them, fetched a page at a time as the stream is read: bound the walk with `StreamExt::take(n)`, and no page after the one holding the `n`th item is fetched.",
        op.name, op.name
    );
    quote! {
        #[cfg(feature = "client")]
        impl Client {
            #[doc = #pages_doc]
            #deprecated
            #[allow(deprecated)]
            pub fn #pages_fn(
                &self,
                request: #request_name,
            ) -> impl futures_core::Stream<Item = Result<#response_name, ClientError<#error_ty>>> + Send + '_ {
                crate::runtime::pages(
                    request,
                    move |request: #request_name| async move { self.#call(&request).await },
                    |page: &#response_name| -> Option<String> {
                        #(#steps)*
                        #cursor_value
                    },
                    |request: &mut #request_name, cursor: String| request.#cursor = Some(cursor),
                )
            }

            #[doc = #items_doc]
            #deprecated
            #[allow(deprecated)]
            pub fn #items_fn(
                &self,
                request: #request_name,
            ) -> impl futures_core::Stream<Item = Result<#item_ty, ClientError<#error_ty>>> + Send + '_ {
                crate::runtime::items(self.#pages_fn(request), |page: #response_name| #take_items)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::encode_literal;

    #[test]
    fn path_literals_hold_only_what_a_url_path_can() {
        assert_eq!(
            encode_literal("/records/v1.2-x_y~z:a@b!$&'()*+,;="),
            "/records/v1.2-x_y~z:a@b!$&'()*+,;="
        );
        assert_eq!(
            encode_literal("/a b/\"q\"/<t>/`x`/{y}"),
            "/a%20b/%22q%22/%3Ct%3E/%60x%60/%7By%7D"
        );
        assert_eq!(encode_literal("/bücher/\t"), "/b%C3%BCcher/%09");
        // Already encoded text and the query and fragment marks stay as they are.
        assert_eq!(encode_literal("/a%20b?c#d"), "/a%20b?c#d");
    }
}
