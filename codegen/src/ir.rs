//! The intermediate representation: what the generated crate contains, as plain data.
//!
//! No syn or quote types live here. Names are already final Rust names (made by
//! `naming`), so the emitters only print. `Debug` output of an [`Api`] is a readable
//! summary of everything the generator decided.

/// Index into [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: Option<String>,
    pub default_base_url: String,
    /// Whose conventions the runtime follows beyond the description.
    pub conventions: Conventions,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
}

/// Conventions an API follows that its description does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Conventions {
    /// Any API: `Retry-After` is honoured, error bodies are summarized by their `message`.
    #[default]
    Generic,
    /// HubSpot's (a server on `hubapi.com`): rate-limit policies and headers,
    /// `correlationId` in errors and traces, private-app keys sent as bearer tokens.
    HubSpot,
}

impl Api {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The type a reference stands for, through aliases: two aliases of `String` are one
    /// Rust type.
    pub fn canonical<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        // An alias chain is finite (loops are refused in lower); the bound is a backstop.
        for _ in 0..self.types.len() + 1 {
            match ty {
                TypeRef::Named(id) => match &self.get(*id).kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    /// JSON pointer of the schema this type came from.
    pub pointer: String,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    StringEnum(StringEnum),
    Union(Union),
    /// A named schema that is just another type (`type: string`, an array, a map).
    Alias(TypeRef),
}

#[derive(Debug, Clone, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Set when this struct is a variant of a tagged union: the tag is written by the
    /// struct itself (so it serializes correctly alone too) and is not a field.
    pub tag: Option<StructTag>,
    /// Name of the private field that keeps properties the schema does not list, unique
    /// among the fields.
    pub unknown_fields: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructTag {
    pub property: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Breaks a cycle of by-value containment (`struct A { b: B }`, `struct B { a: A }`).
    pub boxed: bool,
    pub deprecated: bool,
}

impl Field {
    /// Whether the generated constructor takes this field. Everything else starts empty
    /// (`None`, an empty list or map) and has a setter, so adding such a field later
    /// breaks no caller. `codegen diff` reads the same answer.
    pub fn is_constructor_arg(&self) -> bool {
        self.required && !self.nullable && !matches!(self.ty, TypeRef::Vec(_) | TypeRef::Map(_))
    }

    /// Whether the Rust field is an `Option`.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// Holds any value the schema did not list, so new values never break decoding.
    pub catch_all: String,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub name: String,
    pub wire: String,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub kind: UnionKind,
    pub variants: Vec<UnionVariant>,
    /// Holds the whole JSON value of a kind the schema did not list.
    pub catch_all: String,
}

/// How a union's values are told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionKind {
    /// By the value of one property, for the variants that have a [`VariantTag`]; the
    /// others are chosen by evidence when the property is absent (or open in them).
    Tagged { property: String },
    /// By evidence alone: the variant whose properties match the value best.
    Untagged,
}

impl UnionKind {
    pub fn property(&self) -> Option<&str> {
        match self {
            UnionKind::Tagged { property } => Some(property),
            UnionKind::Untagged => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub tag: VariantTag,
    pub ty: TypeRef,
    pub doc: Option<String>,
    /// Whether the union gets `From<ty>`: only when no other variant has the same Rust
    /// type (aliases followed), and the type is not the union itself.
    pub from_impl: bool,
    /// What a value must look like to be this variant, for the variants that may be
    /// chosen by evidence: struct variants without a fixed tag (`None` for the rest).
    pub evidence: Option<Evidence>,
}

impl UnionVariant {
    /// The tag values on the wire that select this variant.
    pub fn tag_values(&self) -> &[String] {
        match &self.tag {
            VariantTag::None => &[],
            VariantTag::Fixed(value) => std::slice::from_ref(value),
            VariantTag::Open { values, .. } => values,
        }
    }
}

/// What a variant of a tagged union says about the tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantTag {
    /// Nothing: the variant is chosen by evidence.
    None,
    /// A one-value enum: the variant's struct writes the tag itself.
    Fixed(String),
    /// The tag property is open in the variant (a plain string, or an enum of several
    /// values); `values` (its enum, or else its `title` or schema name) select it, and the
    /// struct keeps the property as the field `field`.
    Open {
        values: Vec<String>,
        field: TagField,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagField {
    /// The Rust field name.
    pub name: String,
    pub optional: bool,
}

/// The property names a variant struct knows, and those a value must have to be it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub known: Vec<String>,
    pub required: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F64,
    DateTime,
    Date,
    /// Any JSON value: for schemas that say nothing, or that cannot be typed.
    Json,
    /// `format: binary`: raw bytes (a multipart file part, a download).
    Bytes,
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    Named(TypeId),
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// Rust function name (`post_thread_messages`).
    pub name: String,
    pub method: Method,
    /// Path template as written in the description.
    pub path: String,
    /// The same template parsed once: literal text and `{param}` places, several to a
    /// segment if need be (`/records/{id}.{format}`).
    pub path_parts: Vec<PathPart>,
    pub doc: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// The 2xx responses, in the order the description lists them.
    pub success: Vec<SuccessResponse>,
    /// The body type of the error responses (`default`, 4XX, 5XX, or any non-2xx code).
    pub error: Option<TypeRef>,
    /// Name of the struct returned on success (`PostThreadMessagesResponse`).
    pub response_type_name: String,
    /// Name of the struct holding the call's parameters and body
    /// (`PostThreadMessagesRequest`).
    pub request_type_name: String,
    /// The credentials the operation accepts: alternatives, each a set of schemes sent
    /// together, in the description's order. `None` when the description says nothing.
    pub security: Option<Vec<Vec<SecurityScheme>>>,
    pub deprecated: bool,
    pub pointer: String,
    /// How the operation pages by cursor, when it does.
    pub pagination: Option<Pagination>,
}

/// A cursor-paged operation (`after` in the query, `paging.next.after` in the answer, the
/// items in `results`): the client also walks it page by page and item by item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The request struct's field for the cursor (`Option<String>`).
    pub cursor_field: String,
    /// From the success body to the next cursor, one field at a time (`paging`, `next`,
    /// `after`).
    pub next_cursor: Vec<FieldStep>,
    /// The success body's list of items.
    pub items: FieldStep,
    pub item_type: TypeRef,
    /// The client methods: every page (`get_thread_messages_pages`) and every item
    /// (`get_thread_messages_stream`).
    pub pages_fn: String,
    pub items_fn: String,
}

/// One field on the way through a value: its Rust name, and whether it is an `Option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    pub name: String,
    pub optional: bool,
}

impl Param {
    /// Whether the request struct's constructor takes this parameter. Optional ones get
    /// setters, so adding one breaks no caller. `codegen diff` reads the same answer.
    pub fn is_constructor_arg(&self) -> bool {
        self.required
    }
}

impl Body {
    /// Whether the request struct's constructor takes the body (else it has a setter).
    pub fn is_constructor_arg(&self) -> bool {
        self.required
    }
}

/// A security scheme as the client applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in `components/securitySchemes`: what a user configures an API
    /// key under.
    pub name: String,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`: http bearer, oauth2 and openIdConnect.
    Bearer,
    /// A key sent in a query parameter, a header or a cookie of this name.
    ApiKey {
        location: ParamLocation,
        param: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// The wire name of a path parameter.
    Param(String),
}

impl PathPart {
    /// Splits a path template into literal text and `{name}` places. A `{` without its
    /// `}` is literal text.
    pub fn parse(template: &str) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            if start > 0 {
                parts.push(PathPart::Literal(rest[..start].to_owned()));
            }
            parts.push(PathPart::Param(rest[start + 1..start + len].to_owned()));
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        parts
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    /// Sent as `name=value` in the `Cookie` header.
    Cookie,
}

impl ParamLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    /// For arrays in a query: `true` repeats the name (`a=1&a=2`), `false` joins with commas.
    pub explode: bool,
    /// A path parameter whose value may hold `/` (a file path): sent with its slashes.
    pub allow_slash: bool,
    pub doc: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub kind: BodyKind,
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    pub required: bool,
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyKind {
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`: the fields of an object as `name=value` pairs.
    Form(TypeRef),
    /// `multipart/form-data`: one part per field; `Bytes` fields are file parts.
    Multipart(TypeRef),
    /// `text/*`: a string.
    Text,
    /// Anything else: raw bytes.
    Bytes,
}

/// How a response body is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseBody {
    Json(TypeRef),
    Text,
    Bytes,
}

/// An HTTP method, as the keys of an OpenAPI path item name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Upper case, as on the wire and as `http::Method`'s constants are named.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The path item's key (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which statuses a success response describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SuccessStatus {
    /// One status (`201`).
    Code(u16),
    /// Every status of a class (`2XX`, the digit being 2); matched after the codes.
    Range(u8),
}

impl std::fmt::Display for SuccessStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SuccessStatus::Code(code) => write!(f, "{code}"),
            SuccessStatus::Range(class) => write!(f, "{class}XX"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SuccessResponse {
    /// Codes come before ranges, in the order the description lists them.
    pub status: SuccessStatus,
    pub doc: Option<String>,
    /// `None` when the response has no content.
    pub body: Option<ResponseBody>,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone)]
pub struct ResponseHeader {
    pub name: String,
    pub wire_name: String,
    pub doc: Option<String>,
}

impl TypeKind {
    /// Every type this one mentions directly.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::StringEnum(_) => Vec::new(),
        }
    }

    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::StringEnum(_) => Vec::new(),
        }
    }
}

impl Operation {
    /// Every type this operation mentions directly: parameters, body, responses, error.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let mut out: Vec<&TypeRef> = self.params.iter().map(|p| &p.ty).collect();
        if let Some(body) = &self.body {
            out.extend(body.kind.type_ref());
        }
        for s in &self.success {
            if let Some(ResponseBody::Json(ty)) = &s.body {
                out.push(ty);
            }
        }
        out.extend(self.error.as_ref());
        out
    }

    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let mut out: Vec<&mut TypeRef> = self.params.iter_mut().map(|p| &mut p.ty).collect();
        if let Some(body) = &mut self.body {
            if let BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) =
                &mut body.kind
            {
                out.push(ty);
            }
        }
        for s in &mut self.success {
            if let Some(ResponseBody::Json(ty)) = &mut s.body {
                out.push(ty);
            }
        }
        out.extend(self.error.as_mut());
        out
    }
}

impl BodyKind {
    pub fn type_ref(&self) -> Option<&TypeRef> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart(ty) => Some(ty),
            BodyKind::Text | BodyKind::Bytes => None,
        }
    }
}

impl TypeRef {
    /// The named types inside this reference (through lists and maps).
    pub fn named(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => inner.named(out),
            _ => {}
        }
    }

    pub fn remap(&mut self, new_ids: &[TypeId]) {
        match self {
            TypeRef::Named(id) => *id = new_ids[id.0],
            TypeRef::Vec(inner) | TypeRef::Map(inner) => inner.remap(new_ids),
            _ => {}
        }
    }
}
