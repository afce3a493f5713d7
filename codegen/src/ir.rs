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
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
}

impl Api {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
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
    /// The property whose value tells the variants apart; `None` for an untagged union.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// Holds the whole JSON value of a kind the schema did not list.
    pub catch_all: String,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    /// The tag value on the wire, for tagged unions.
    pub tag_value: Option<String>,
    pub ty: TypeRef,
    pub doc: Option<String>,
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
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    Named(TypeId),
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// Rust function name (`post_thread_messages`).
    pub name: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template as written in the description.
    pub path: String,
    pub doc: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Option<SuccessResponse>,
    /// The body type of the error responses (`default`, 4XX, 5XX, or any non-2xx code).
    pub error: Option<TypeRef>,
    /// Name of the struct returned on success (`PostThreadMessagesResponse`).
    pub response_type_name: String,
    pub pointer: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub ty: TypeRef,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct SuccessResponse {
    pub status: u16,
    pub doc: Option<String>,
    /// `None` when the response has no JSON content.
    pub ty: Option<TypeRef>,
    pub headers: Vec<ResponseHeader>,
}

#[derive(Debug, Clone)]
pub struct ResponseHeader {
    pub name: String,
    pub wire_name: String,
    pub doc: Option<String>,
}
