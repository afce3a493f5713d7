//! Strategies for valid OpenAPI 3.0.3 descriptions, for property tests of the generator.
//!
//! Structure-aware: a strategy draws a small *model* of a description (schemas, operations,
//! security), and [`Model::render`] turns it into the JSON document. Validity is by
//! construction, not by filtering, so every draw is used and shrinking stays inside valid
//! descriptions:
//!
//! - `$ref`s are indices ([`Index`]) resolved against the component names at render time,
//!   so they always name a schema that exists. A ref in a *direct* position of a
//!   component (the component itself, an `allOf` part, a `oneOf`/`anyOf` variant) only
//!   names an earlier component, so no schema is defined as itself (`A: {$ref: A}`); a ref
//!   inside a property, an array or a map may name any component, itself included, which
//!   is how recursion and cycles arise.
//! - Discriminated and tagged unions are drawn as whole families (union, variants, an
//!   optional base) so the tag property exists, is a required string in every variant, and
//!   the mapping names the variants.
//! - Every `{name}` in a path template is declared once as a required path parameter, and
//!   nothing else is declared in the path; `(name, in)` pairs are unique per operation
//!   (header names case-insensitively); operationIds are unique; templates are unique even
//!   with parameter names ignored.
//! - Parameter styles match their location and value (`deepObject` only for objects,
//!   `spaceDelimited`/`pipeDelimited` only for arrays); request bodies only on methods that
//!   have one; `required` lists name existing properties and are never empty; enums are
//!   non-empty and unique; defaults and formats match their type.
//!
//! Sizes are bounded (a few schemas, a few paths of a few operations, nesting three deep).

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{select, subsequence, Index};
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

// ---------------------------------------------------------------------------------------
// Name pools. Plain names come first: shrinking `select` moves towards the first element.

/// Component schema names. Keys under `components` must match `^[a-zA-Z0-9.\-_]+$`.
const TYPE_NAMES: &[&str] = &[
    "Pet",
    "Owner",
    "Item",
    "Status",
    "Message",
    "Client",
    "Error",
    "Result",
    "Option",
    "String",
    "Vec",
    "Box",
    "Self",
    "self",
    "type",
    "match",
    "crate",
    "async",
    "3dModel",
    "2fa",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Results",
    "Response",
    "Request",
    "Credentials",
    "RequestError",
    "ClientError",
    "ErrorBody",
    "RateLimit",
    "Options",
    "UnknownValue",
    "UnknownFields",
    "UnknownKind",
    "Unrecognized",
    "Value",
    "Map",
    "Bytes",
    "DateTime",
    "Serialize",
    "Deserialize",
    "Debug",
    "Clone",
    "Date",
    "Uuid",
];

/// Names that differ only in case or punctuation: drawn together often enough to collide.
const CONFUSABLE_TYPE_NAMES: &[&str] = &[
    "fooBar", "FooBar", "foo_bar", "foo-bar", "foo.bar", "Foo_Bar", "FOO_BAR", "foobar",
    "foo__bar", "_foo_bar", "foo-bar-",
];

/// Property names (and query parameter names): anything a JSON key can be.
const PROPERTY_NAMES: &[&str] = &[
    "id",
    "key",
    "name",
    "count",
    "type",
    "self",
    "Self",
    "match",
    "async",
    "await",
    "crate",
    "super",
    "fn",
    "mod",
    "ref",
    "box",
    "dyn",
    "try",
    "gen",
    "yield",
    "abstract",
    "2fa",
    "3d",
    "1st",
    "@type",
    "#tag",
    "émoji",
    "日本",
    "naïve",
    "Ωmega",
    "unknown_fields",
    "unknownFields",
    "body",
    "status",
    "client",
    "error",
    "result",
    "option",
    "value",
    "kind",
    "tag",
    "new",
    "default",
    "_",
    "__",
    "x",
    "with_name",
    "r#type",
];

const CONFUSABLE_PROPERTY_NAMES: &[&str] = &[
    "fooBar", "foo_bar", "FooBar", "foo-bar", "foo.bar", "foo bar", "FOO_BAR", "foobar",
    "foo__bar", "_foo_bar", "fooBAR",
];

/// Path parameter names: they sit in the path template, so no `{`, `}` or `/`.
const PATH_PARAM_NAMES: &[&str] = &[
    "id",
    "itemId",
    "item_id",
    "item-id",
    "ItemId",
    "ITEM_ID",
    "item.id",
    "type",
    "self",
    "match",
    "crate",
    "2nd",
    "objectType",
    "body",
];

/// Query parameter names beyond the property names.
const QUERY_NAMES: &[&str] = &["filter[status]", "page.size", "sort-by", "q", "api_key"];

/// Header parameter names: HTTP tokens, never `Accept`, `Content-Type` or `Authorization`
/// (which OpenAPI says are ignored as parameters).
const HEADER_NAMES: &[&str] = &[
    "X-Request-Id",
    "X-Trace",
    "If-Match",
    "X-2fa",
    "X-Type",
    "X-Self",
    "x_underscore",
    "X-Api-Key",
    "X-Body",
    "Idempotency-Key",
];

/// Cookie names: tokens.
const COOKIE_NAMES: &[&str] = &[
    "sid", "session", "type", "self", "2fa", "theme", "foo-bar", "foo_bar",
];

/// Response header names; `Body` and `Status` meet the response struct's own fields.
const RESPONSE_HEADER_NAMES: &[&str] = &[
    "X-Rate-Limit",
    "Location",
    "X-Request-Id",
    "ETag",
    "X-Self",
    "x-type",
    "Body",
    "Status",
    "Retry-After",
    "X-2fa",
];

const OPERATION_IDS: &[&str] = &[
    "listPets",
    "list_pets",
    "ListPets",
    "list-pets",
    "getPet",
    "createPet",
    "type",
    "self",
    "match",
    "new",
    "execute",
    "clone",
    "default",
    "with_base_url",
    "with_timeout",
    "fmt",
    "2fa",
    "get-/pets/{petId}",
    "post-/pets_create",
    "日本",
    "ünïcode",
    "Client",
    "Error",
    "Result",
    "Option",
    "request",
    "response",
];

const PATH_LITERALS: &[&str] = &[
    "items", "pets", "v1", "2026-09", "Items", "self", "type", "a.b", "foo-bar", "foo_bar", "_",
    "~tilde",
];

/// String enum values (and the values of discriminator mappings).
const ENUM_VALUES: &[&str] = &[
    "a",
    "b",
    "c",
    "A",
    "type",
    "Self",
    "self",
    "match",
    "1st",
    "",
    "Unrecognized",
    "foo-bar",
    "foo_bar",
    "FooBar",
    "émoji",
    "日本",
    "with space",
    "UPPER_CASE",
    "value",
    "none",
    "None",
    "-1",
    "+",
    "\"quoted\"",
];

/// Text for `description` (and `info.description`): CommonMark, whatever authors write.
const DOCS: &[&str] = &[
    "A plain sentence.",
    "",
    "   ",
    "Has `code`, *emphasis* and **strong** text.",
    "Line one.\n\nLine two.",
    "- first item\n- second item",
    "- a list item\nthat continues on a lazy line",
    "1. numbered\n2. list",
    "Ends with a backslash \\",
    "Contains */ and /* and \"quotes\" and 'apostrophes'",
    "<b>html</b> &amp; entities <br>",
    "[a link](https://example.test) and [brackets] and [`Client`]",
    "Tabs\tinside\tthe text",
    "Trailing spaces   \nand a hard break",
    "```\nplain fenced text\n```",
    "    indented four spaces",
    "# A heading\n\nThen text.",
    "Non-ASCII: 日本語, émoji 🦀.",
    "A URL: https://example.test/path?x=1",
    "#[doc = \"hidden\"] and r#\"raw\"#",
];

const TITLES: &[&str] = &[
    "Pets",
    "Client",
    "Error",
    "日本のAPI",
    "3D printing",
    "Quotes \"and\" 'apostrophes'",
    "Back\\slash",
    "",
    "self",
    "Two\nlines",
];

// ---------------------------------------------------------------------------------------
// The model.

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub nullable: bool,
    pub doc: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// `{}`: any value.
    Any,
    Prim(Prim),
    /// A component, by position (resolved at render time).
    Ref(Index),
    Array(Box<Node>),
    /// `additionalProperties`: `true` or a schema.
    Map(Option<Box<Node>>),
    Object(Object),
    AllOf(Vec<Node>),
    Union {
        any_of: bool,
        variants: Vec<Node>,
    },
}

#[derive(Debug, Clone)]
pub struct Prim {
    pub ty: &'static str,
    pub format: Option<&'static str>,
    pub values: Option<Vec<Value>>,
    pub default: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct Object {
    pub props: Vec<Prop>,
    /// `None`: no `additionalProperties`; `Some(None)`: `true`; `Some(Some(s))`: a schema.
    pub additional: Option<Option<Box<Node>>>,
}

#[derive(Debug, Clone)]
pub struct Prop {
    pub name: &'static str,
    pub schema: Node,
    pub required: bool,
    /// 0: neither, 1: `readOnly`, 2: `writeOnly` (never both: OpenAPI forbids it).
    pub access: u8,
    pub deprecated: bool,
}

#[derive(Debug, Clone)]
pub enum Component {
    Plain { name: &'static str, schema: Node },
    Family(Family),
}

/// A union and its variants, drawn together so the tag is valid.
#[derive(Debug, Clone)]
pub struct Family {
    pub union_name: &'static str,
    pub style: TagStyle,
    pub any_of: bool,
    pub tag: &'static str,
    pub variants: Vec<Variant>,
    /// A base schema the variants extend with `allOf` (holds the tag property).
    pub base: Option<&'static str>,
    pub doc: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagStyle {
    /// `discriminator` on the union, the variants' tag a plain required string.
    Discriminator { mapping: bool },
    /// No discriminator: each variant's tag is a one-value string enum.
    OneValueEnum,
    /// The parent is an object with common properties that lists its children in
    /// `oneOf`, and each child's `allOf` points back at the parent (HubSpot's inheritance).
    ParentCycle { discriminator: bool },
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: &'static str,
    pub value: &'static str,
    pub props: Vec<Prop>,
}

#[derive(Debug, Clone)]
pub enum Segment {
    Literal(&'static str),
    Param {
        name: &'static str,
        schema: Prim,
        style: Option<(&'static str, bool)>,
    },
    /// A parameter with text around it in one segment: `v{version}.json`.
    Mixed {
        prefix: &'static str,
        name: &'static str,
        suffix: &'static str,
        schema: Prim,
    },
}

#[derive(Debug, Clone)]
pub struct PathSpec {
    pub segments: Vec<Segment>,
    /// Path parameters declared on the path item rather than in each operation.
    pub shared_params: bool,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub method: &'static str,
    pub operation_id: Option<&'static str>,
    pub summary: Option<&'static str>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Resp>,
    /// `None`: the document's; `Some(vec![])`: `security: []`.
    pub security: Option<Vec<Vec<Index>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub location: Location,
    pub name: &'static str,
    pub required: bool,
    pub value: ParamValue,
    pub explode: Option<bool>,
    pub deprecated: bool,
    pub doc: Option<&'static str>,
    /// Written once under `components/parameters` and referred to.
    pub by_ref: bool,
}

#[derive(Debug, Clone)]
pub enum ParamValue {
    Prim(Prim),
    /// An array of primitives, with a style among those that fit the location.
    Array {
        item: Prim,
        style: Option<&'static str>,
    },
    /// An object of primitives, in the query only (`form` or `deepObject`).
    Object {
        props: Vec<(&'static str, Prim)>,
        deep: bool,
    },
    /// `content: {application/json: {schema}}` instead of `schema`.
    Json(Node),
}

#[derive(Debug, Clone)]
pub struct Body {
    pub required: bool,
    pub contents: Vec<BodyContent>,
    pub doc: Option<&'static str>,
    /// Written once under `components/requestBodies` and referred to.
    pub by_ref: bool,
}

#[derive(Debug, Clone)]
pub enum BodyContent {
    Json(Node),
    Form(Vec<(&'static str, Prim, bool)>),
    Multipart(Vec<(&'static str, MultipartPart, bool)>),
    Text,
    Octet,
}

#[derive(Debug, Clone)]
pub enum MultipartPart {
    File,
    Prim(Prim),
    Strings,
    Json(Node),
}

#[derive(Debug, Clone)]
pub struct Resp {
    pub code: &'static str,
    pub content: Option<RespContent>,
    pub headers: Vec<(&'static str, Prim, bool)>,
    pub doc: Option<&'static str>,
    /// Written once under `components/responses` and referred to.
    pub by_ref: bool,
}

#[derive(Debug, Clone)]
pub enum RespContent {
    Json(Node),
    /// `application/problem+json`.
    ProblemJson(Node),
    Text,
    Octet,
    /// Two media types for one response: JSON and CSV.
    JsonAndCsv(Node),
}

#[derive(Debug, Clone)]
pub struct SchemeSpec {
    pub key: &'static str,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, Copy)]
pub enum SchemeKind {
    Bearer,
    Basic,
    ApiKey {
        location: &'static str,
        name: &'static str,
    },
    OAuth2,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub title: &'static str,
    pub description: Option<&'static str>,
    pub server: u8,
    pub components: Vec<Component>,
    pub paths: Vec<PathSpec>,
    pub schemes: Vec<SchemeSpec>,
    /// The document's requirement: alternatives of scheme indices.
    pub security: Option<Vec<Vec<Index>>>,
}

// ---------------------------------------------------------------------------------------
// Strategies.

fn type_name() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => select(TYPE_NAMES), 1 => select(CONFUSABLE_TYPE_NAMES)]
}

fn property_name() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => select(PROPERTY_NAMES), 1 => select(CONFUSABLE_PROPERTY_NAMES)]
}

fn doc() -> impl Strategy<Value = Option<&'static str>> {
    option::weighted(0.2, select(DOCS))
}

fn string_prim() -> impl Strategy<Value = Prim> {
    (
        option::weighted(
            0.6,
            select(
                &[
                    "date",
                    "date-time",
                    "uuid",
                    "byte",
                    "binary",
                    "email",
                    "password",
                    "uri",
                ][..],
            ),
        ),
        option::weighted(0.15, select(&["", "x", "none", "日本"][..])),
    )
        .prop_map(|(format, default)| Prim {
            ty: "string",
            format,
            values: None,
            // A default only where any text is valid.
            default: default.filter(|_| format.is_none()).map(Value::from),
        })
}

fn integer_prim() -> impl Strategy<Value = Prim> {
    (
        option::of(select(&["int32", "int64"][..])),
        option::weighted(0.15, 0i64..100),
    )
        .prop_map(|(format, default)| Prim {
            ty: "integer",
            format,
            values: None,
            default: default.map(Value::from),
        })
}

fn number_prim() -> impl Strategy<Value = Prim> {
    option::of(select(&["float", "double"][..])).prop_map(|format| Prim {
        ty: "number",
        format,
        values: None,
        default: None,
    })
}

fn boolean_prim() -> impl Strategy<Value = Prim> {
    option::weighted(0.2, any::<bool>()).prop_map(|default| Prim {
        ty: "boolean",
        format: None,
        values: None,
        default: default.map(Value::from),
    })
}

fn string_enum_prim() -> impl Strategy<Value = Prim> {
    (subsequence(ENUM_VALUES, 1..=5), any::<Option<Index>>()).prop_map(|(values, default)| {
        let default = default.map(|i| Value::from(values[i.index(values.len())]));
        Prim {
            ty: "string",
            format: None,
            values: Some(values.into_iter().map(Value::from).collect()),
            default,
        }
    })
}

fn integer_enum_prim() -> impl Strategy<Value = Prim> {
    subsequence(&[-1i64, 0, 1, 2, 10, 404][..], 1..=4).prop_map(|values| Prim {
        ty: "integer",
        format: None,
        values: Some(values.into_iter().map(Value::from).collect()),
        default: None,
    })
}

pub fn prim() -> impl Strategy<Value = Prim> {
    prop_oneof![
        4 => string_prim(),
        2 => integer_prim(),
        1 => number_prim(),
        1 => boolean_prim(),
        2 => string_enum_prim(),
        1 => integer_enum_prim(),
    ]
}

/// A primitive that can be written in a path segment or a header.
fn simple_prim() -> impl Strategy<Value = Prim> {
    prop_oneof![
        3 => Just(Prim { ty: "string", format: None, values: None, default: None }),
        2 => integer_prim().prop_map(|p| Prim { default: None, ..p }),
        1 => Just(Prim { ty: "string", format: Some("uuid"), values: None, default: None }),
        1 => string_enum_prim().prop_map(|p| Prim { default: None, ..p }),
        1 => Just(Prim { ty: "boolean", format: None, values: None, default: None }),
    ]
}

fn decorate(kind: impl Strategy<Value = Kind>) -> impl Strategy<Value = Node> {
    (kind, proptest::bool::weighted(0.15), doc()).prop_map(|(kind, nullable, doc)| Node {
        kind,
        nullable,
        doc,
    })
}

fn prop_of(schema: impl Strategy<Value = Node>) -> impl Strategy<Value = Prop> {
    (
        property_name(),
        schema,
        any::<bool>(),
        prop_oneof![8 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)],
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(name, schema, required, access, deprecated)| Prop {
            name,
            schema,
            required,
            access,
            deprecated,
        })
}

fn object_of(inner: BoxedStrategy<Node>) -> impl Strategy<Value = Object> {
    (
        vec(prop_of(inner.clone()), 0..=5),
        option::weighted(0.1, option::of(inner.prop_map(Box::new))),
    )
        .prop_map(|(props, additional)| Object { props, additional })
}

/// Any schema, nested at most three deep.
pub fn node() -> BoxedStrategy<Node> {
    let leaf = prop_oneof![
        6 => prim().prop_map(Kind::Prim),
        3 => any::<Index>().prop_map(Kind::Ref),
        1 => Just(Kind::Any),
    ];
    decorate(leaf)
        .prop_recursive(3, 24, 4, |inner| {
            let part = prop_oneof![
                2 => object_of(inner.clone()).prop_map(Kind::Object),
                1 => any::<Index>().prop_map(Kind::Ref),
            ];
            decorate(prop_oneof![
                2 => inner.clone().prop_map(|n| Kind::Array(Box::new(n))),
                1 => option::of(inner.clone().prop_map(Box::new)).prop_map(Kind::Map),
                5 => object_of(inner.clone()).prop_map(Kind::Object),
                1 => vec(decorate(part), 1..=3).prop_map(Kind::AllOf),
                2 => (any::<bool>(), vec(inner.clone(), 1..=3))
                    .prop_map(|(any_of, variants)| Kind::Union { any_of, variants }),
            ])
        })
        .boxed()
}

/// A component that is usually an object, sometimes anything.
fn component_schema() -> impl Strategy<Value = Node> {
    prop_oneof![
        3 => decorate(object_of(node()).prop_map(Kind::Object)),
        2 => node(),
    ]
}

fn family() -> impl Strategy<Value = Family> {
    let style = prop_oneof![
        3 => any::<bool>().prop_map(|mapping| TagStyle::Discriminator { mapping }),
        2 => Just(TagStyle::OneValueEnum),
        1 => any::<bool>().prop_map(|discriminator| TagStyle::ParentCycle { discriminator }),
    ];
    let variant = (
        type_name(),
        select(ENUM_VALUES),
        vec(prop_of(node()), 0..=3),
    )
        .prop_map(|(name, value, props)| Variant { name, value, props });
    (
        type_name(),
        style,
        any::<bool>(),
        prop_oneof![3 => select(&["type", "kind", "petType"][..]), 1 => property_name()],
        vec(variant, 1..=3),
        option::weighted(0.3, type_name()),
        doc(),
    )
        .prop_map(
            |(union_name, style, any_of, tag, variants, base, doc)| Family {
                union_name,
                style,
                any_of,
                tag,
                variants,
                // A one-value enum differs per variant, and the parent of a cycle is the base.
                base: base.filter(|_| matches!(style, TagStyle::Discriminator { .. })),
                doc,
            },
        )
}

fn component() -> impl Strategy<Value = Component> {
    prop_oneof![
        4 => (type_name(), component_schema())
            .prop_map(|(name, schema)| Component::Plain { name, schema }),
        1 => family().prop_map(Component::Family),
    ]
}

fn segment() -> impl Strategy<Value = Segment> {
    let style = option::weighted(
        0.3,
        (select(&["simple", "label", "matrix"][..]), any::<bool>()),
    );
    prop_oneof![
        3 => select(PATH_LITERALS).prop_map(Segment::Literal),
        2 => (select(PATH_PARAM_NAMES), simple_prim(), style)
            .prop_map(|(name, schema, style)| Segment::Param { name, schema, style }),
        1 => (
            select(&["v", "file-", ""][..]),
            select(PATH_PARAM_NAMES),
            select(&[".json", "", "-raw"][..]),
            simple_prim(),
        )
            .prop_map(|(prefix, name, suffix, schema)| Segment::Mixed { prefix, name, suffix, schema }),
    ]
}

fn param() -> impl Strategy<Value = Param> {
    let query_name = prop_oneof![3 => property_name(), 1 => select(QUERY_NAMES)];
    let query_value = prop_oneof![
        4 => prim().prop_map(ParamValue::Prim),
        2 => (
            simple_prim(),
            option::of(select(&["form", "spaceDelimited", "pipeDelimited"][..])),
        )
            .prop_map(|(item, style)| ParamValue::Array { item, style }),
        1 => (vec((property_name(), simple_prim()), 1..=3), any::<bool>())
            .prop_map(|(props, deep)| ParamValue::Object { props, deep }),
        1 => node().prop_map(ParamValue::Json),
    ];
    let query = (query_name, query_value).prop_map(|(n, v)| (Location::Query, n, v));
    let header_value = prop_oneof![
        3 => simple_prim().prop_map(ParamValue::Prim),
        1 => simple_prim().prop_map(|item| ParamValue::Array { item, style: None }),
    ];
    let header = (select(HEADER_NAMES), header_value).prop_map(|(n, v)| (Location::Header, n, v));
    let cookie = (select(COOKIE_NAMES), simple_prim())
        .prop_map(|(n, p)| (Location::Cookie, n, ParamValue::Prim(p)));
    (
        prop_oneof![4 => query, 2 => header, 1 => cookie],
        any::<bool>(),
        option::weighted(0.2, any::<bool>()),
        proptest::bool::weighted(0.1),
        doc(),
        proptest::bool::weighted(0.2),
    )
        .prop_map(
            |((location, name, value), required, explode, deprecated, doc, by_ref)| Param {
                location,
                name,
                required,
                value,
                explode,
                deprecated,
                doc,
                by_ref,
            },
        )
}

fn form_fields() -> impl Strategy<Value = Vec<(&'static str, Prim, bool)>> {
    vec((property_name(), prim(), any::<bool>()), 1..=4)
}

fn body() -> impl Strategy<Value = Body> {
    let part = prop_oneof![
        2 => Just(MultipartPart::File),
        2 => prim().prop_map(MultipartPart::Prim),
        1 => Just(MultipartPart::Strings),
        1 => node().prop_map(MultipartPart::Json),
    ];
    let content = prop_oneof![
        5 => node().prop_map(BodyContent::Json),
        1 => form_fields().prop_map(BodyContent::Form),
        1 => vec((property_name(), part, any::<bool>()), 1..=4).prop_map(BodyContent::Multipart),
        1 => Just(BodyContent::Text),
        1 => Just(BodyContent::Octet),
    ];
    (
        any::<bool>(),
        vec(content, 1..=2),
        doc(),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(required, contents, doc, by_ref)| Body {
            required,
            contents,
            doc,
            by_ref,
        })
}

const STATUS_CODES: &[&str] = &[
    "200", "201", "202", "204", "206", "2XX", "302", "400", "401", "404", "409", "422", "429",
    "4XX", "500", "503", "5XX", "default",
];

fn responses() -> impl Strategy<Value = Vec<Resp>> {
    let content = prop_oneof![
        6 => node().prop_map(RespContent::Json),
        1 => node().prop_map(RespContent::ProblemJson),
        1 => Just(RespContent::Text),
        1 => Just(RespContent::Octet),
        1 => node().prop_map(RespContent::JsonAndCsv),
    ];
    let detail = (
        option::weighted(0.7, content),
        vec(
            (select(RESPONSE_HEADER_NAMES), simple_prim(), any::<bool>()),
            0..=2,
        ),
        doc(),
        proptest::bool::weighted(0.15),
    );
    (subsequence(STATUS_CODES, 1..=4), vec(detail, 4)).prop_map(|(codes, details)| {
        codes
            .into_iter()
            .zip(details)
            .map(|(code, (content, headers, doc, by_ref))| Resp {
                code,
                // No content on 204 or a redirect.
                content: content.filter(|_| !matches!(code, "204" | "302")),
                headers,
                doc,
                by_ref,
            })
            .collect()
    })
}

fn requirement() -> impl Strategy<Value = Vec<Vec<Index>>> {
    vec(vec(any::<Index>(), 0..=2), 1..=2)
}

fn operation(method: &'static str) -> impl Strategy<Value = Operation> {
    let has_body = matches!(method, "post" | "put" | "patch");
    (
        option::weighted(0.7, select(OPERATION_IDS)),
        doc(),
        proptest::bool::weighted(0.1),
        vec(param(), 0..=4),
        option::weighted(0.7, body()).prop_map(move |b| b.filter(|_| has_body)),
        responses(),
        option::weighted(0.3, prop_oneof![1 => Just(Vec::new()), 2 => requirement()]),
    )
        .prop_map(
            move |(operation_id, summary, deprecated, params, body, responses, security)| {
                Operation {
                    method,
                    operation_id,
                    summary,
                    deprecated,
                    params,
                    body,
                    responses,
                    security,
                }
            },
        )
}

fn path_spec() -> impl Strategy<Value = PathSpec> {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];
    (
        vec(segment(), 0..=4),
        any::<bool>(),
        subsequence(METHODS, 1..=3),
    )
        .prop_flat_map(|(segments, shared_params, methods)| {
            let operations: Vec<_> = methods.into_iter().map(operation).collect();
            (Just(segments), Just(shared_params), operations)
        })
        .prop_map(|(segments, shared_params, operations)| PathSpec {
            segments,
            shared_params,
            operations,
        })
}

fn scheme() -> impl Strategy<Value = SchemeSpec> {
    let kind = prop_oneof![
        3 => Just(SchemeKind::Bearer),
        1 => Just(SchemeKind::Basic),
        1 => Just(SchemeKind::ApiKey { location: "query", name: "api_key" }),
        1 => Just(SchemeKind::ApiKey { location: "query", name: "hapikey" }),
        1 => Just(SchemeKind::ApiKey { location: "header", name: "X-Api-Key" }),
        1 => Just(SchemeKind::ApiKey { location: "cookie", name: "sid" }),
        1 => Just(SchemeKind::OAuth2),
    ];
    let key = prop_oneof![
        3 => select(&["bearer", "api_key", "session", "partner-key", "partner_key"][..]),
        1 => select(&["Client", "self", "type", "2fa", "Credentials"][..]),
    ];
    (key, kind).prop_map(|(key, kind)| SchemeSpec { key, kind })
}

/// A model of a valid description.
pub fn model() -> impl Strategy<Value = Model> {
    (
        select(TITLES),
        option::weighted(0.3, select(DOCS)),
        0u8..4,
        vec(component(), 0..=5),
        vec(path_spec(), 0..=4),
        vec(scheme(), 0..=3),
        option::weighted(0.5, requirement()),
    )
        .prop_map(
            |(title, description, server, components, paths, schemes, security)| Model {
                title,
                description,
                server,
                components,
                paths,
                schemes,
                security,
            },
        )
}

/// A valid OpenAPI 3.0.3 description as JSON.
pub fn description() -> impl Strategy<Value = Value> {
    model().prop_map(|m| m.render())
}

/// `count` descriptions drawn from one seed: the same every run for the same seed.
pub fn sample(count: usize, seed: u64) -> Vec<Value> {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = description();
    (0..count)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("the strategy rejects nothing")
                .current()
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Rendering.

const SCHEMAS: &str = "#/components/schemas/";

/// Claims unique keys: a taken key gets `_2`, `_3`, ... (names differing in case or
/// punctuation stay as they are: they *are* different keys).
#[derive(Default)]
struct Keys(BTreeSet<String>);

impl Keys {
    fn claim(&mut self, base: &str) -> String {
        let mut key = base.to_owned();
        let mut n = 2;
        while !self.0.insert(key.clone()) {
            key = format!("{base}_{n}");
            n += 1;
        }
        key
    }
}

/// What a schema can refer to while it is rendered.
struct Scope<'a> {
    /// Every component schema's key, in document order.
    names: &'a [String],
}

impl Scope<'_> {
    /// The target of a ref in a direct position of component `limit` (only earlier
    /// components), or anywhere (`None`). `None` when nothing can be named.
    fn target(&self, index: &Index, limit: Option<usize>) -> Option<&str> {
        let n = limit.unwrap_or(self.names.len()).min(self.names.len());
        (n > 0).then(|| self.names[index.index(n)].as_str())
    }
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("{SCHEMAS}{name}") })
}

impl Prim {
    fn render(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), self.ty.into());
        if let Some(f) = self.format {
            m.insert("format".into(), f.into());
        }
        if let Some(values) = &self.values {
            m.insert("enum".into(), Value::Array(values.clone()));
        }
        if let Some(d) = &self.default {
            m.insert("default".into(), d.clone());
        }
        m
    }

    fn value(&self) -> Value {
        Value::Object(self.render())
    }
}

impl Node {
    /// `limit`: `Some(i)` while in a direct position of component `i`.
    fn render(&self, scope: &Scope, limit: Option<usize>) -> Value {
        let mut m = match &self.kind {
            Kind::Any => Map::new(),
            Kind::Prim(p) => p.render(),
            Kind::Ref(index) => match scope.target(index, limit) {
                Some(name) if !self.nullable && self.doc.is_none() => return reference(name),
                // A `$ref` has no siblings in 3.0: a nullable or described ref is an
                // `allOf` of one.
                Some(name) => {
                    let mut m = Map::new();
                    m.insert("allOf".into(), json!([reference(name)]));
                    m
                }
                None => Prim {
                    ty: "string",
                    format: None,
                    values: None,
                    default: None,
                }
                .render(),
            },
            Kind::Array(item) => {
                let mut m = Map::new();
                m.insert("type".into(), "array".into());
                m.insert("items".into(), item.render(scope, None));
                m
            }
            Kind::Map(value) => {
                let mut m = Map::new();
                m.insert("type".into(), "object".into());
                let value = match value {
                    Some(v) => v.render(scope, None),
                    None => Value::Bool(true),
                };
                m.insert("additionalProperties".into(), value);
                m
            }
            Kind::Object(o) => o.render(scope, &[]),
            Kind::AllOf(parts) => {
                let mut m = Map::new();
                let parts: Vec<Value> = parts.iter().map(|p| p.render(scope, limit)).collect();
                m.insert("allOf".into(), Value::Array(parts));
                m
            }
            Kind::Union { any_of, variants } => {
                let mut m = Map::new();
                let variants: Vec<Value> =
                    variants.iter().map(|v| v.render(scope, limit)).collect();
                let key = if *any_of { "anyOf" } else { "oneOf" };
                m.insert(key.into(), Value::Array(variants));
                m
            }
        };
        if self.nullable {
            m.insert("nullable".into(), true.into());
        }
        if let Some(d) = self.doc {
            m.insert("description".into(), d.into());
        }
        Value::Object(m)
    }
}

impl Object {
    /// `extra`: properties that come first (a tag), with their required flag.
    fn render(&self, scope: &Scope, extra: &[(&str, Value, bool)]) -> Map<String, Value> {
        let mut props = Map::new();
        let mut required = Vec::new();
        for (name, schema, req) in extra {
            props.insert((*name).to_owned(), schema.clone());
            if *req {
                required.push(Value::from(*name));
            }
        }
        for p in &self.props {
            if props.contains_key(p.name) {
                continue;
            }
            let mut schema = p.schema.render(scope, None);
            if let Value::Object(s) = &mut schema {
                // `readOnly`/`writeOnly`/`deprecated` beside a `$ref` would be ignored:
                // a plain ref stays plain.
                if !s.contains_key("$ref") {
                    match p.access {
                        1 => {
                            s.insert("readOnly".into(), true.into());
                        }
                        2 => {
                            s.insert("writeOnly".into(), true.into());
                        }
                        _ => {}
                    }
                    if p.deprecated {
                        s.insert("deprecated".into(), true.into());
                    }
                }
            }
            props.insert(p.name.to_owned(), schema);
            if p.required {
                required.push(Value::from(p.name));
            }
        }
        let mut m = Map::new();
        m.insert("type".into(), "object".into());
        if !required.is_empty() {
            m.insert("required".into(), Value::Array(required));
        }
        if !props.is_empty() {
            m.insert("properties".into(), Value::Object(props));
        }
        if let Some(additional) = &self.additional {
            let value = match additional {
                Some(v) => v.render(scope, None),
                None => Value::Bool(true),
            };
            m.insert("additionalProperties".into(), value);
        }
        m
    }
}

fn tag_schema(value: Option<&str>) -> Value {
    match value {
        Some(v) => json!({"type": "string", "enum": [v]}),
        None => json!({"type": "string"}),
    }
}

impl Family {
    /// The schemas of the family, in document order, under the keys `keys` claimed for
    /// them: union, base (if any), variants.
    fn render(&self, scope: &Scope, keys: &FamilyKeys) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let key = if self.any_of { "anyOf" } else { "oneOf" };
        let refs: Vec<Value> = keys.variants.iter().map(|k| reference(k)).collect();
        // Tag values: distinct strings (a value drawn twice gets a suffix).
        let mut taken = Keys::default();
        let values: Vec<String> = self.variants.iter().map(|v| taken.claim(v.value)).collect();
        let discriminator = |mapping: bool| {
            let mut d = Map::new();
            d.insert("propertyName".into(), self.tag.into());
            if mapping {
                let map: Map<String, Value> = values
                    .iter()
                    .zip(&keys.variants)
                    .map(|(v, k)| (v.clone(), Value::from(format!("{SCHEMAS}{k}"))))
                    .collect();
                d.insert("mapping".into(), Value::Object(map));
            }
            Value::Object(d)
        };
        match self.style {
            TagStyle::Discriminator { mapping } => {
                let mut union = Map::new();
                union.insert(key.into(), Value::Array(refs));
                union.insert("discriminator".into(), discriminator(mapping));
                if let Some(d) = self.doc {
                    union.insert("description".into(), d.into());
                }
                out.push((keys.union.clone(), Value::Object(union)));
                if let Some(base) = &keys.base {
                    let object = Object {
                        props: Vec::new(),
                        additional: None,
                    };
                    let base_schema = object.render(scope, &[(self.tag, tag_schema(None), true)]);
                    out.push((base.clone(), Value::Object(base_schema)));
                }
                for (variant, vkey) in self.variants.iter().zip(&keys.variants) {
                    let object = Object {
                        props: variant.props.clone(),
                        additional: None,
                    };
                    let schema = match &keys.base {
                        Some(base) => {
                            // The tag is inherited, and still listed as required here.
                            let own = object.render(scope, &[]);
                            let mut own = own;
                            let required = own
                                .entry("required")
                                .or_insert_with(|| Value::Array(Vec::new()));
                            if let Value::Array(r) = required {
                                if !r.iter().any(|x| x == self.tag) {
                                    r.insert(0, self.tag.into());
                                }
                            }
                            // `required` names a property of this object: declare the tag.
                            let props = own
                                .entry("properties")
                                .or_insert_with(|| Value::Object(Map::new()));
                            if let Value::Object(p) = props {
                                if !p.contains_key(self.tag) {
                                    let mut with_tag = Map::new();
                                    with_tag.insert(self.tag.to_owned(), tag_schema(None));
                                    with_tag.extend(std::mem::take(p));
                                    *p = with_tag;
                                }
                            }
                            json!({"allOf": [reference(base), Value::Object(own)]})
                        }
                        None => Value::Object(
                            object.render(scope, &[(self.tag, tag_schema(None), true)]),
                        ),
                    };
                    out.push((vkey.clone(), schema));
                }
            }
            TagStyle::OneValueEnum => {
                let mut union = Map::new();
                union.insert(key.into(), Value::Array(refs));
                if let Some(d) = self.doc {
                    union.insert("description".into(), d.into());
                }
                out.push((keys.union.clone(), Value::Object(union)));
                for ((variant, vkey), value) in
                    self.variants.iter().zip(&keys.variants).zip(&values)
                {
                    let object = Object {
                        props: variant.props.clone(),
                        additional: None,
                    };
                    let schema = object.render(scope, &[(self.tag, tag_schema(Some(value)), true)]);
                    out.push((vkey.clone(), Value::Object(schema)));
                }
            }
            TagStyle::ParentCycle {
                discriminator: with_discriminator,
            } => {
                let mut parent = Map::new();
                parent.insert("type".into(), "object".into());
                parent.insert("properties".into(), json!({"text": {"type": "string"}}));
                parent.insert(key.into(), Value::Array(refs));
                if with_discriminator {
                    parent.insert("discriminator".into(), discriminator(true));
                }
                if let Some(d) = self.doc {
                    parent.insert("description".into(), d.into());
                }
                out.push((keys.union.clone(), Value::Object(parent)));
                for ((variant, vkey), value) in
                    self.variants.iter().zip(&keys.variants).zip(&values)
                {
                    let object = Object {
                        props: variant.props.clone(),
                        additional: None,
                    };
                    let own = object.render(scope, &[(self.tag, tag_schema(Some(value)), true)]);
                    out.push((
                        vkey.clone(),
                        json!({"allOf": [reference(&keys.union), Value::Object(own)]}),
                    ));
                }
            }
        }
        out
    }
}

struct FamilyKeys {
    union: String,
    base: Option<String>,
    variants: Vec<String>,
}

fn sanitize_key(raw: &str) -> String {
    let key: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if key.is_empty() {
        "_".to_owned()
    } else {
        key
    }
}

fn path_param(name: &str, schema: &Prim, style: Option<(&str, bool)>) -> Value {
    let mut p = Map::new();
    p.insert("name".into(), name.into());
    p.insert("in".into(), "path".into());
    p.insert("required".into(), true.into());
    p.insert("schema".into(), schema.value());
    if let Some((style, explode)) = style {
        p.insert("style".into(), style.into());
        p.insert("explode".into(), explode.into());
    }
    Value::Object(p)
}

impl Param {
    fn render(&self, scope: &Scope) -> Value {
        let mut p = Map::new();
        p.insert("name".into(), self.name.into());
        let location = match self.location {
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        };
        p.insert("in".into(), location.into());
        if let Some(d) = self.doc {
            p.insert("description".into(), d.into());
        }
        if self.required {
            p.insert("required".into(), true.into());
        }
        if self.deprecated {
            p.insert("deprecated".into(), true.into());
        }
        let mut style = None;
        match &self.value {
            ParamValue::Prim(prim) => {
                p.insert("schema".into(), prim.value());
            }
            ParamValue::Array { item, style: s } => {
                style = *s;
                p.insert(
                    "schema".into(),
                    json!({"type": "array", "items": item.value()}),
                );
            }
            ParamValue::Object { props, deep } => {
                let mut map = Map::new();
                for (name, prim) in props {
                    map.entry(name.to_string()).or_insert_with(|| prim.value());
                }
                p.insert(
                    "schema".into(),
                    json!({"type": "object", "properties": map}),
                );
                style = Some(if *deep { "deepObject" } else { "form" });
            }
            ParamValue::Json(node) => {
                p.insert(
                    "content".into(),
                    json!({"application/json": {"schema": node.render(scope, None)}}),
                );
            }
        }
        if let Some(style) = style {
            p.insert("style".into(), style.into());
        }
        // `explode` goes with `schema`, not `content`; deepObject is defined exploded.
        if !matches!(self.value, ParamValue::Json(_)) && style != Some("deepObject") {
            if let Some(e) = self.explode {
                p.insert("explode".into(), e.into());
            }
        }
        Value::Object(p)
    }
}

fn fields_object(fields: impl Iterator<Item = (&'static str, Value, bool)>) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for (name, schema, req) in fields {
        if props.contains_key(name) {
            continue;
        }
        props.insert(name.to_owned(), schema);
        if req {
            required.push(Value::from(name));
        }
    }
    let mut m = Map::new();
    m.insert("type".into(), "object".into());
    if !required.is_empty() {
        m.insert("required".into(), Value::Array(required));
    }
    m.insert("properties".into(), Value::Object(props));
    Value::Object(m)
}

impl Body {
    fn render(&self, scope: &Scope) -> Value {
        let mut content = Map::new();
        for c in &self.contents {
            let (media, schema) = match c {
                BodyContent::Json(node) => ("application/json", node.render(scope, None)),
                BodyContent::Form(fields) => (
                    "application/x-www-form-urlencoded",
                    fields_object(fields.iter().map(|(n, p, r)| (*n, p.value(), *r))),
                ),
                BodyContent::Multipart(parts) => (
                    "multipart/form-data",
                    fields_object(parts.iter().map(|(n, part, r)| {
                        let schema = match part {
                            MultipartPart::File => json!({"type": "string", "format": "binary"}),
                            MultipartPart::Prim(p) => p.value(),
                            MultipartPart::Strings => {
                                json!({"type": "array", "items": {"type": "string"}})
                            }
                            MultipartPart::Json(node) => node.render(scope, None),
                        };
                        (*n, schema, *r)
                    })),
                ),
                BodyContent::Text => ("text/plain", json!({"type": "string"})),
                BodyContent::Octet => (
                    "application/octet-stream",
                    json!({"type": "string", "format": "binary"}),
                ),
            };
            content
                .entry(media.to_owned())
                .or_insert_with(|| json!({ "schema": schema }));
        }
        let mut b = Map::new();
        if let Some(d) = self.doc {
            b.insert("description".into(), d.into());
        }
        b.insert("content".into(), Value::Object(content));
        if self.required {
            b.insert("required".into(), true.into());
        }
        Value::Object(b)
    }
}

impl Resp {
    fn render(&self, scope: &Scope) -> Value {
        let mut r = Map::new();
        r.insert(
            "description".into(),
            self.doc.unwrap_or("A response.").into(),
        );
        let mut headers = Map::new();
        let mut seen = BTreeSet::new();
        for (name, prim, required) in &self.headers {
            if !seen.insert(name.to_ascii_lowercase()) {
                continue;
            }
            let mut h = Map::new();
            h.insert("schema".into(), prim.value());
            if *required {
                h.insert("required".into(), true.into());
            }
            headers.insert((*name).to_owned(), Value::Object(h));
        }
        if !headers.is_empty() {
            r.insert("headers".into(), Value::Object(headers));
        }
        if let Some(content) = &self.content {
            let c = match content {
                RespContent::Json(n) => {
                    json!({"application/json": {"schema": n.render(scope, None)}})
                }
                RespContent::ProblemJson(n) => {
                    json!({"application/problem+json": {"schema": n.render(scope, None)}})
                }
                RespContent::Text => json!({"text/plain": {"schema": {"type": "string"}}}),
                RespContent::Octet => json!({
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                }),
                RespContent::JsonAndCsv(n) => json!({
                    "application/json": {"schema": n.render(scope, None)},
                    "text/csv": {"schema": {"type": "string"}},
                }),
            };
            r.insert("content".into(), c);
        }
        Value::Object(r)
    }
}

fn render_requirement(alternatives: &[Vec<Index>], schemes: &[String]) -> Value {
    let list: Vec<Value> = alternatives
        .iter()
        .map(|alt| {
            let mut m = Map::new();
            for i in alt {
                m.insert(schemes[i.index(schemes.len())].clone(), json!([]));
            }
            Value::Object(m)
        })
        .collect();
    Value::Array(list)
}

impl Model {
    pub fn render(&self) -> Value {
        // Component keys first: every ref resolves against them.
        let mut keys = Keys::default();
        let mut component_keys: Vec<Result<String, FamilyKeys>> = Vec::new();
        for c in &self.components {
            component_keys.push(match c {
                Component::Plain { name, .. } => Ok(keys.claim(name)),
                Component::Family(f) => Err(FamilyKeys {
                    union: keys.claim(f.union_name),
                    base: f.base.map(|b| keys.claim(b)),
                    variants: f.variants.iter().map(|v| keys.claim(v.name)).collect(),
                }),
            });
        }
        let mut names: Vec<String> = Vec::new();
        for k in &component_keys {
            match k {
                Ok(name) => names.push(name.clone()),
                Err(f) => {
                    names.push(f.union.clone());
                    names.extend(f.base.clone());
                    names.extend(f.variants.iter().cloned());
                }
            }
        }
        let scope = Scope { names: &names };
        let mut schemas = Map::new();
        for (c, k) in self.components.iter().zip(&component_keys) {
            match (c, k) {
                (Component::Plain { schema, .. }, Ok(name)) => {
                    let position = names.iter().position(|n| n == name).expect("claimed");
                    schemas.insert(name.clone(), schema.render(&scope, Some(position)));
                }
                (Component::Family(f), Err(fk)) => {
                    for (name, schema) in f.render(&scope, fk) {
                        schemas.insert(name, schema);
                    }
                }
                _ => unreachable!("keys are claimed per component"),
            }
        }

        // Security schemes.
        let mut scheme_keys = Keys::default();
        let mut scheme_names = Vec::new();
        let mut security_schemes = Map::new();
        for s in &self.schemes {
            let key = scheme_keys.claim(s.key);
            let value = match s.kind {
                SchemeKind::Bearer => json!({"type": "http", "scheme": "bearer"}),
                SchemeKind::Basic => json!({"type": "http", "scheme": "basic"}),
                SchemeKind::ApiKey { location, name } => {
                    json!({"type": "apiKey", "in": location, "name": name})
                }
                SchemeKind::OAuth2 => json!({"type": "oauth2", "flows": {"clientCredentials": {
                    "tokenUrl": "https://auth.example.test/token", "scopes": {}
                }}}),
            };
            security_schemes.insert(key.clone(), value);
            scheme_names.push(key);
        }

        // Paths and operations.
        let mut paths = Map::new();
        let mut templates = BTreeSet::new();
        let mut operation_ids = BTreeSet::new();
        let mut parameters = Map::new();
        let mut parameter_keys = Keys::default();
        let mut request_bodies = Map::new();
        let mut responses_by_ref = Map::new();
        let mut reusable_keys = Keys::default();
        for spec in &self.paths {
            let mut path = String::new();
            let mut shape = String::new();
            let mut path_params: Vec<Value> = Vec::new();
            let mut param_names = BTreeSet::new();
            for segment in &spec.segments {
                let (text, form, declared) = match segment {
                    Segment::Literal(l) => ((*l).to_owned(), (*l).to_owned(), None),
                    Segment::Param {
                        name,
                        schema,
                        style,
                    } => {
                        if !param_names.insert(*name) {
                            continue;
                        }
                        (
                            format!("{{{name}}}"),
                            "{}".to_owned(),
                            Some(path_param(name, schema, *style)),
                        )
                    }
                    Segment::Mixed {
                        prefix,
                        name,
                        suffix,
                        schema,
                    } => {
                        if !param_names.insert(*name) {
                            continue;
                        }
                        (
                            format!("{prefix}{{{name}}}{suffix}"),
                            format!("{prefix}{{}}{suffix}"),
                            Some(path_param(name, schema, None)),
                        )
                    }
                };
                path.push('/');
                path.push_str(&text);
                shape.push('/');
                shape.push_str(&form);
                path_params.extend(declared);
            }
            if path.is_empty() {
                path.push('/');
                shape.push('/');
            }
            // Templates that differ only in parameter names are the same path.
            if !templates.insert(shape) {
                continue;
            }
            let mut item = Map::new();
            if spec.shared_params && !path_params.is_empty() {
                item.insert("parameters".into(), Value::Array(path_params.clone()));
            }
            for op in &spec.operations {
                let mut o = Map::new();
                if let Some(id) = op.operation_id {
                    if operation_ids.insert(id) {
                        o.insert("operationId".into(), id.into());
                    }
                }
                if let Some(s) = op.summary {
                    o.insert("summary".into(), s.into());
                }
                if op.deprecated {
                    o.insert("deprecated".into(), true.into());
                }
                let mut params: Vec<Value> = Vec::new();
                if !spec.shared_params {
                    params.extend(path_params.iter().cloned());
                }
                let mut seen = BTreeSet::new();
                for p in &op.params {
                    let unique = match p.location {
                        Location::Header => ("header", p.name.to_ascii_lowercase()),
                        Location::Query => ("query", p.name.to_owned()),
                        Location::Cookie => ("cookie", p.name.to_owned()),
                    };
                    if !seen.insert(unique) {
                        continue;
                    }
                    let rendered = p.render(&scope);
                    if p.by_ref {
                        let key = parameter_keys.claim(&sanitize_key(p.name));
                        parameters.insert(key.clone(), rendered);
                        params.push(json!({"$ref": format!("#/components/parameters/{key}")}));
                    } else {
                        params.push(rendered);
                    }
                }
                if !params.is_empty() {
                    o.insert("parameters".into(), Value::Array(params));
                }
                let base = sanitize_key(op.operation_id.unwrap_or(op.method));
                if let Some(body) = &op.body {
                    let rendered = body.render(&scope);
                    let value = if body.by_ref {
                        let key = reusable_keys.claim(&format!("{base}Body"));
                        request_bodies.insert(key.clone(), rendered);
                        json!({"$ref": format!("#/components/requestBodies/{key}")})
                    } else {
                        rendered
                    };
                    o.insert("requestBody".into(), value);
                }
                let mut responses = Map::new();
                for r in &op.responses {
                    let rendered = r.render(&scope);
                    let value = if r.by_ref {
                        let key = reusable_keys.claim(&format!("{base}{}", r.code));
                        responses_by_ref.insert(key.clone(), rendered);
                        json!({"$ref": format!("#/components/responses/{key}")})
                    } else {
                        rendered
                    };
                    responses.insert(r.code.to_owned(), value);
                }
                o.insert("responses".into(), Value::Object(responses));
                if let Some(security) = &op.security {
                    if security.is_empty() || !scheme_names.is_empty() {
                        o.insert(
                            "security".into(),
                            render_requirement(security, &scheme_names),
                        );
                    }
                }
                item.insert(op.method.to_owned(), Value::Object(o));
            }
            paths.insert(path, Value::Object(item));
        }

        let mut info = Map::new();
        info.insert("title".into(), self.title.into());
        info.insert("version".into(), "1.0.0".into());
        if let Some(d) = self.description {
            info.insert("description".into(), d.into());
        }
        let mut doc = Map::new();
        doc.insert("openapi".into(), "3.0.3".into());
        doc.insert("info".into(), Value::Object(info));
        match self.server {
            1 => {
                doc.insert(
                    "servers".into(),
                    json!([{"url": "https://api.example.test"}]),
                );
            }
            2 => {
                doc.insert(
                    "servers".into(),
                    json!([{
                        "url": "https://{region}.example.test/v1",
                        "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}
                    }]),
                );
            }
            3 => {
                doc.insert("servers".into(), json!([{"url": "/v1"}]));
            }
            _ => {}
        }
        doc.insert("paths".into(), Value::Object(paths));
        if let (Some(security), false) = (&self.security, scheme_names.is_empty()) {
            doc.insert(
                "security".into(),
                render_requirement(security, &scheme_names),
            );
        }
        let mut components = Map::new();
        if !schemas.is_empty() {
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        if !request_bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(request_bodies));
        }
        if !responses_by_ref.is_empty() {
            components.insert("responses".into(), Value::Object(responses_by_ref));
        }
        if !security_schemes.is_empty() {
            components.insert("securitySchemes".into(), Value::Object(security_schemes));
        }
        if !components.is_empty() {
            doc.insert("components".into(), Value::Object(components));
        }
        Value::Object(doc)
    }
}
