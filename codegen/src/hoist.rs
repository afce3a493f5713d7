//! Stage 1, second half: `$ref`s that point anywhere in the document → components.
//!
//! A `$ref` is a JSON pointer and may name any place in the file: a property of another
//! schema (`#/components/schemas/Pet/properties/owner`), an array's `items`, a path's
//! response schema, or a whole response or parameter written inline in an operation. The
//! later stages follow only `#/components/<section>/<name>`, so this pass gives every other
//! target a component of its own: the target moves to `#/components/<section>/<Name>`, the
//! place it came from becomes a `$ref` to that component, and every `$ref` to the old
//! pointer is rewritten. A target stays one value, so it becomes one Rust type.
//!
//! The pass works on the typed [`Document`] rather than on a re-parsed JSON tree: the model
//! reads a YAML scalar such as `version: 1.10` as the text it asks for, which a generic tree
//! would turn into the number 1.1. A pointer is followed through the parts of the document
//! the generator reads (paths and components); a pointer into anything else, such as an
//! extension or an example, is an error that says so.

use crate::diagnostics::{pointer, Diagnostics};
use crate::naming::{self, Namespace};
use crate::resolve::{component_name, unescape, Kind};
use crate::spec::{
    AdditionalProperties, Components, Document, Header, MediaType, Operation, OrderedMap,
    Parameter, PathItem, RequestBody, Response, Schema,
};
use std::collections::BTreeMap;

/// Every section of `#/components` a `$ref` may name.
const KINDS: [Kind; 5] = [
    Kind::Schemas,
    Kind::Responses,
    Kind::Parameters,
    Kind::RequestBodies,
    Kind::Headers,
];

/// How many `$ref`s one pointer may lead through before it counts as a loop.
const MAX_HOPS: usize = 64;

/// Gives the target of every in-document `$ref` that is not `#/components/<section>/<name>`
/// a component of its own, and rewrites the `$ref`s to name it. Returns false, with the
/// errors reported, when a `$ref` cannot be followed; the document is then left unchanged.
pub fn hoist(doc: &mut Document, diags: &mut Diagnostics) -> bool {
    let sites = pointer_sites(doc);
    if sites.is_empty() {
        return true;
    }
    match plan(doc, &sites) {
        Ok(plan) => apply(doc, &plan, diags),
        Err(errors) => {
            for (at, message) in errors {
                diags.error(at, message);
            }
            false
        }
    }
}

// ---------------------------------------------------------------------------------------
// Finding the `$ref`s

/// A `$ref` this pass follows: the pointer of the object that holds it, what it must name
/// there, and its text.
struct Site {
    at: String,
    kind: Kind,
    reference: String,
}

/// The `$ref`s that point into this file, but not at a component.
fn pointer_sites(doc: &mut Document) -> Vec<Site> {
    let mut sites = Vec::new();
    visit_refs(doc, &mut |at, kind, reference| {
        if let Some(reference) = reference.as_deref().filter(|r| is_pointer_ref(r)) {
            sites.push(Site {
                at: to_pointer(at),
                kind,
                reference: reference.to_owned(),
            });
        }
    });
    sites
}

/// `#/…`, but not `#/components/<section>/<name>`. External references and references to
/// components are left to [`crate::resolve`], which reports what is wrong with them.
fn is_pointer_ref(reference: &str) -> bool {
    reference.starts_with("#/") && component_kind(reference).is_none()
}

/// The section a `#/components/<section>/<name>` reference names.
fn component_kind(reference: &str) -> Option<Kind> {
    KINDS
        .into_iter()
        .find(|&kind| component_name(reference, kind).is_ok())
}

/// What a visitor is handed: the tokens of the object that holds a `$ref`, what a `$ref`
/// there must name, and the `$ref` itself (to read or rewrite).
type Visit<'v> = dyn FnMut(&[String], Kind, &mut Option<String>) + 'v;

/// Hands every `$ref` the generator reads to `visit`.
fn visit_refs(doc: &mut Document, visit: &mut Visit) {
    let mut walker = Walker {
        at: Vec::new(),
        visit,
    };
    walker.document(doc);
}

/// Walks the document the way the generator reads it. What sits beside a `$ref` is not
/// read, so it is not visited either.
struct Walker<'w, 'v> {
    at: Vec<String>,
    visit: &'w mut Visit<'v>,
}

impl Walker<'_, '_> {
    fn within(&mut self, token: &str, go: impl FnOnce(&mut Self)) {
        self.at.push(token.to_owned());
        go(self);
        self.at.pop();
    }

    /// Hands a `$ref` to the visitor; true when there is one.
    fn offer(&mut self, kind: Kind, reference: &mut Option<String>) -> bool {
        if reference.is_none() {
            return false;
        }
        (self.visit)(&self.at, kind, reference);
        true
    }

    fn document(&mut self, doc: &mut Document) {
        self.within("paths", |w| {
            for (path, item) in &mut doc.paths.0 {
                w.within(path, |w| w.path_item(item));
            }
        });
        self.within("components", |w| w.components(&mut doc.components));
    }

    fn components(&mut self, components: &mut Components) {
        self.within("schemas", |w| w.schemas(&mut components.schemas));
        self.within("responses", |w| w.responses(&mut components.responses));
        self.within("parameters", |w| {
            for (name, parameter) in &mut components.parameters.0 {
                w.within(name, |w| w.parameter(parameter));
            }
        });
        self.within("requestBodies", |w| {
            for (name, body) in &mut components.request_bodies.0 {
                w.within(name, |w| w.request_body(body));
            }
        });
        self.within("headers", |w| w.headers(&mut components.headers));
    }

    fn path_item(&mut self, item: &mut PathItem) {
        // The generator skips a path item given by `$ref`.
        if item.reference.is_some() {
            return;
        }
        self.within("parameters", |w| w.parameters(&mut item.parameters));
        for (method, operation) in operations_mut(item) {
            if let Some(operation) = operation {
                self.within(method, |w| w.operation(operation));
            }
        }
    }

    fn operation(&mut self, operation: &mut Operation) {
        self.within("parameters", |w| w.parameters(&mut operation.parameters));
        if let Some(body) = &mut operation.request_body {
            self.within("requestBody", |w| w.request_body(body));
        }
        self.within("responses", |w| w.responses(&mut operation.responses));
    }

    fn parameters(&mut self, parameters: &mut [Parameter]) {
        for (i, parameter) in parameters.iter_mut().enumerate() {
            self.within(&i.to_string(), |w| w.parameter(parameter));
        }
    }

    fn parameter(&mut self, parameter: &mut Parameter) {
        if self.offer(Kind::Parameters, &mut parameter.reference) {
            return;
        }
        if let Some(schema) = &mut parameter.schema {
            self.within("schema", |w| w.schema(schema));
        }
        self.within("content", |w| w.content(&mut parameter.content));
    }

    fn request_body(&mut self, body: &mut RequestBody) {
        if self.offer(Kind::RequestBodies, &mut body.reference) {
            return;
        }
        self.within("content", |w| w.content(&mut body.content));
    }

    fn responses<const P: bool>(&mut self, responses: &mut OrderedMap<Response, P>) {
        for (code, response) in &mut responses.0 {
            self.within(code, |w| w.response(response));
        }
    }

    fn response(&mut self, response: &mut Response) {
        if self.offer(Kind::Responses, &mut response.reference) {
            return;
        }
        self.within("headers", |w| w.headers(&mut response.headers));
        self.within("content", |w| w.content(&mut response.content));
    }

    fn headers(&mut self, headers: &mut OrderedMap<Header>) {
        for (name, header) in &mut headers.0 {
            self.within(name, |w| {
                if w.offer(Kind::Headers, &mut header.reference) {
                    return;
                }
                if let Some(schema) = &mut header.schema {
                    w.within("schema", |w| w.schema(schema));
                }
            });
        }
    }

    fn content(&mut self, content: &mut OrderedMap<MediaType>) {
        for (media, media_type) in &mut content.0 {
            if let Some(schema) = &mut media_type.schema {
                self.within(media, |w| w.within("schema", |w| w.schema(schema)));
            }
        }
    }

    fn schemas(&mut self, schemas: &mut OrderedMap<Schema>) {
        for (name, schema) in &mut schemas.0 {
            self.within(name, |w| w.schema(schema));
        }
    }

    fn schema_list(&mut self, schemas: &mut [Schema]) {
        for (i, schema) in schemas.iter_mut().enumerate() {
            self.within(&i.to_string(), |w| w.schema(schema));
        }
    }

    fn schema(&mut self, schema: &mut Schema) {
        if self.offer(Kind::Schemas, &mut schema.reference) {
            return;
        }
        self.within("properties", |w| w.schemas(&mut schema.properties));
        if let Some(items) = &mut schema.items {
            self.within("items", |w| w.schema(items));
        }
        if let Some(AdditionalProperties::Schema(value)) = &mut schema.additional_properties {
            self.within("additionalProperties", |w| w.schema(value));
        }
        self.within("allOf", |w| w.schema_list(&mut schema.all_of));
        self.within("oneOf", |w| w.schema_list(&mut schema.one_of));
        self.within("anyOf", |w| w.schema_list(&mut schema.any_of));
    }
}

/// A path item's operations with their methods, in the order OpenAPI lists them.
fn operations_mut(item: &mut PathItem) -> [(&'static str, &mut Option<Operation>); 8] {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
}

// ---------------------------------------------------------------------------------------
// Following a pointer

/// What a node of the document is, without borrowing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Document,
    Paths,
    PathItem,
    Operation,
    Parameters,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Headers,
    Header,
    Content,
    MediaType,
    Properties,
    SchemaList,
    Schema,
    Components,
    Schemas,
    ResponseMap,
    ParameterMap,
    RequestBodyMap,
}

impl Tag {
    /// What a `$ref` to a node like this may stand for, if anything.
    fn kind(self) -> Option<Kind> {
        match self {
            Tag::Schema => Some(Kind::Schemas),
            Tag::Response => Some(Kind::Responses),
            Tag::Parameter => Some(Kind::Parameters),
            Tag::RequestBody => Some(Kind::RequestBodies),
            Tag::Header => Some(Kind::Headers),
            _ => None,
        }
    }

    /// The node in words, for messages.
    fn what(self) -> &'static str {
        match self {
            Tag::Document => "the whole document",
            Tag::Paths => "the paths object",
            Tag::PathItem => "a path item",
            Tag::Operation => "an operation",
            Tag::Parameters => "a list of parameters",
            Tag::Parameter => "a parameter",
            Tag::RequestBody => "a request body",
            Tag::Responses | Tag::ResponseMap => "a map of responses",
            Tag::Response => "a response",
            Tag::Headers => "a map of headers",
            Tag::Header => "a header",
            Tag::Content => "a content map",
            Tag::MediaType => "a media type object",
            Tag::Properties => "a map of properties",
            Tag::SchemaList => "a list of schemas",
            Tag::Schema => "a schema",
            Tag::Components => "the components object",
            Tag::Schemas => "a map of schemas",
            Tag::ParameterMap => "a map of parameters",
            Tag::RequestBodyMap => "a map of request bodies",
        }
    }
}

/// What a `$ref` of this kind stands for, in words.
fn kind_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Schemas => "a schema",
        Kind::Responses => "a response",
        Kind::Parameters => "a parameter",
        Kind::RequestBodies => "a request body",
        Kind::Headers => "a header",
    }
}

/// A place in the document a pointer may name. Written once, over mutable references: the
/// plan reads through it and the move writes through it.
enum Node<'a> {
    Document(&'a mut Document),
    Paths(&'a mut OrderedMap<PathItem, true>),
    PathItem(&'a mut PathItem),
    Operation(&'a mut Operation),
    Parameters(&'a mut Vec<Parameter>),
    Parameter(&'a mut Parameter),
    RequestBody(&'a mut RequestBody),
    Responses(&'a mut OrderedMap<Response, true>),
    Response(&'a mut Response),
    Headers(&'a mut OrderedMap<Header>),
    Header(&'a mut Header),
    Content(&'a mut OrderedMap<MediaType>),
    MediaType(&'a mut MediaType),
    Properties(&'a mut OrderedMap<Schema>),
    SchemaList(&'a mut Vec<Schema>),
    Schema(&'a mut Schema),
    Components(&'a mut Components),
    Schemas(&'a mut OrderedMap<Schema>),
    ResponseMap(&'a mut OrderedMap<Response>),
    ParameterMap(&'a mut OrderedMap<Parameter>),
    RequestBodyMap(&'a mut OrderedMap<RequestBody>),
}

/// One token further down.
enum Step<'a> {
    Found(Node<'a>),
    /// The token names nothing that is there.
    Missing,
    /// The token names something the generator does not read (an extension, an example).
    Unread,
}

/// The value a map holds under `key`.
fn entry<'a, V, const P: bool>(
    map: &'a mut OrderedMap<V, P>,
    key: &str,
    node: fn(&'a mut V) -> Node<'a>,
) -> Step<'a> {
    match map.0.iter_mut().find(|(k, _)| k == key) {
        Some((_, value)) => Step::Found(node(value)),
        None => Step::Missing,
    }
}

/// The element a list holds at a token written as a JSON-pointer index (`0`, `12`; no
/// sign, no leading zero).
fn element<'a, V>(list: &'a mut [V], token: &str, node: fn(&'a mut V) -> Node<'a>) -> Step<'a> {
    let canonical = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    let index = token.parse::<usize>().ok().filter(|_| canonical);
    match index.and_then(|i| list.get_mut(i)) {
        Some(value) => Step::Found(node(value)),
        None => Step::Missing,
    }
}

/// The value of an optional field.
fn present<'a, V>(value: &'a mut Option<V>, node: fn(&'a mut V) -> Node<'a>) -> Step<'a> {
    match value {
        Some(value) => Step::Found(node(value)),
        None => Step::Missing,
    }
}

/// A boxed schema, as a node.
fn boxed(schema: &mut Box<Schema>) -> Node<'_> {
    Node::Schema(schema)
}

impl<'a> Node<'a> {
    fn tag(&self) -> Tag {
        match self {
            Node::Document(_) => Tag::Document,
            Node::Paths(_) => Tag::Paths,
            Node::PathItem(_) => Tag::PathItem,
            Node::Operation(_) => Tag::Operation,
            Node::Parameters(_) => Tag::Parameters,
            Node::Parameter(_) => Tag::Parameter,
            Node::RequestBody(_) => Tag::RequestBody,
            Node::Responses(_) => Tag::Responses,
            Node::Response(_) => Tag::Response,
            Node::Headers(_) => Tag::Headers,
            Node::Header(_) => Tag::Header,
            Node::Content(_) => Tag::Content,
            Node::MediaType(_) => Tag::MediaType,
            Node::Properties(_) => Tag::Properties,
            Node::SchemaList(_) => Tag::SchemaList,
            Node::Schema(_) => Tag::Schema,
            Node::Components(_) => Tag::Components,
            Node::Schemas(_) => Tag::Schemas,
            Node::ResponseMap(_) => Tag::ResponseMap,
            Node::ParameterMap(_) => Tag::ParameterMap,
            Node::RequestBodyMap(_) => Tag::RequestBodyMap,
        }
    }

    /// The node's own `$ref`, when it is a reference.
    fn reference(&self) -> Option<&str> {
        match self {
            Node::PathItem(n) => n.reference.as_deref(),
            Node::Parameter(n) => n.reference.as_deref(),
            Node::RequestBody(n) => n.reference.as_deref(),
            Node::Response(n) => n.reference.as_deref(),
            Node::Header(n) => n.reference.as_deref(),
            Node::Schema(n) => n.reference.as_deref(),
            _ => None,
        }
    }

    /// The node `token` names inside this one.
    fn child(self, token: &str) -> Step<'a> {
        match self {
            Node::Document(doc) => match token {
                "paths" => Step::Found(Node::Paths(&mut doc.paths)),
                "components" => Step::Found(Node::Components(&mut doc.components)),
                _ => Step::Unread,
            },
            Node::Paths(paths) => entry(paths, token, Node::PathItem),
            Node::PathItem(item) => match token {
                "parameters" => Step::Found(Node::Parameters(&mut item.parameters)),
                _ => match operations_mut(item).into_iter().find(|(m, _)| *m == token) {
                    Some((_, operation)) => present(operation, Node::Operation),
                    None => Step::Unread,
                },
            },
            Node::Operation(operation) => match token {
                "parameters" => Step::Found(Node::Parameters(&mut operation.parameters)),
                "requestBody" => present(&mut operation.request_body, Node::RequestBody),
                "responses" => Step::Found(Node::Responses(&mut operation.responses)),
                _ => Step::Unread,
            },
            Node::Parameters(list) => element(list, token, Node::Parameter),
            Node::Parameter(parameter) => match token {
                "schema" => present(&mut parameter.schema, Node::Schema),
                "content" => Step::Found(Node::Content(&mut parameter.content)),
                _ => Step::Unread,
            },
            Node::RequestBody(body) => match token {
                "content" => Step::Found(Node::Content(&mut body.content)),
                _ => Step::Unread,
            },
            Node::Responses(map) => entry(map, token, Node::Response),
            Node::Response(response) => match token {
                "headers" => Step::Found(Node::Headers(&mut response.headers)),
                "content" => Step::Found(Node::Content(&mut response.content)),
                _ => Step::Unread,
            },
            Node::Headers(map) => entry(map, token, Node::Header),
            Node::Header(header) => match token {
                "schema" => present(&mut header.schema, Node::Schema),
                _ => Step::Unread,
            },
            Node::Content(map) => entry(map, token, Node::MediaType),
            Node::MediaType(media_type) => match token {
                "schema" => present(&mut media_type.schema, Node::Schema),
                _ => Step::Unread,
            },
            Node::Properties(map) | Node::Schemas(map) => entry(map, token, Node::Schema),
            Node::SchemaList(list) => element(list, token, Node::Schema),
            Node::Schema(schema) => schema_child(schema, token),
            Node::Components(components) => match token {
                "schemas" => Step::Found(Node::Schemas(&mut components.schemas)),
                "responses" => Step::Found(Node::ResponseMap(&mut components.responses)),
                "parameters" => Step::Found(Node::ParameterMap(&mut components.parameters)),
                "requestBodies" => {
                    Step::Found(Node::RequestBodyMap(&mut components.request_bodies))
                }
                "headers" => Step::Found(Node::Headers(&mut components.headers)),
                _ => Step::Unread,
            },
            Node::ResponseMap(map) => entry(map, token, Node::Response),
            Node::ParameterMap(map) => entry(map, token, Node::Parameter),
            Node::RequestBodyMap(map) => entry(map, token, Node::RequestBody),
        }
    }

    /// Takes the value out of the document, leaving a `$ref` to `reference` in its place.
    fn take(self, reference: String) -> Option<Moved> {
        let reference = Some(reference);
        match self {
            Node::Schema(schema) => {
                // How the place uses the schema stays with the place: the generator reads
                // these from a property, not from what it refers to.
                let left = Schema {
                    reference,
                    read_only: schema.read_only,
                    write_only: schema.write_only,
                    deprecated: schema.deprecated,
                    ..Schema::default()
                };
                Some(Moved::Schema(std::mem::replace(schema, left)))
            }
            Node::Response(response) => Some(Moved::Response(std::mem::replace(
                response,
                Response {
                    reference,
                    ..Response::default()
                },
            ))),
            Node::Parameter(parameter) => Some(Moved::Parameter(std::mem::replace(
                parameter,
                Parameter {
                    reference,
                    ..Parameter::default()
                },
            ))),
            Node::RequestBody(body) => Some(Moved::RequestBody(std::mem::replace(
                body,
                RequestBody {
                    reference,
                    ..RequestBody::default()
                },
            ))),
            Node::Header(header) => Some(Moved::Header(std::mem::replace(
                header,
                Header {
                    reference,
                    ..Header::default()
                },
            ))),
            _ => None,
        }
    }
}

/// The node `token` names inside a schema.
fn schema_child<'a>(schema: &'a mut Schema, token: &str) -> Step<'a> {
    match token {
        "properties" => Step::Found(Node::Properties(&mut schema.properties)),
        "items" => present(&mut schema.items, boxed),
        "additionalProperties" => match &mut schema.additional_properties {
            Some(AdditionalProperties::Schema(value)) => Step::Found(Node::Schema(value)),
            Some(AdditionalProperties::Bool(_)) | None => Step::Missing,
        },
        "allOf" => Step::Found(Node::SchemaList(&mut schema.all_of)),
        "oneOf" => Step::Found(Node::SchemaList(&mut schema.one_of)),
        "anyOf" => Step::Found(Node::SchemaList(&mut schema.any_of)),
        _ => Step::Unread,
    }
}

/// Where a walk down a pointer's tokens stopped.
enum Walked<'a> {
    /// Every token was followed.
    Arrived(Node<'a>),
    /// The node after `depth` tokens is a `$ref`, and tokens remain.
    Through { depth: usize, reference: String },
    /// Token number `depth` names nothing that is there.
    Missing { depth: usize },
    /// Token number `depth` names something the generator does not read.
    Unread { depth: usize },
}

/// Follows `tokens` from the document root, stopping at a `$ref` on the way.
fn walk<'a>(doc: &'a mut Document, tokens: &[String]) -> Walked<'a> {
    let mut node = Node::Document(doc);
    for (depth, token) in tokens.iter().enumerate() {
        if let Some(reference) = node.reference() {
            let reference = reference.to_owned();
            return Walked::Through { depth, reference };
        }
        node = match node.child(token) {
            Step::Found(next) => next,
            Step::Missing => return Walked::Missing { depth },
            Step::Unread => return Walked::Unread { depth },
        };
    }
    Walked::Arrived(node)
}

/// Where a `$ref` leads.
#[derive(Debug, PartialEq, Eq)]
enum Located {
    /// A component, written as an ordinary `#/components/<section>/<name>` reference.
    Component(String),
    /// A schema, response, parameter, request body or header somewhere else.
    Elsewhere { at: Vec<String>, kind: Kind },
}

/// Follows `reference`, and every `$ref` it leads through or to, to the place that holds
/// the value. The error says why it cannot be followed.
fn locate(doc: &mut Document, reference: &str) -> Result<Located, String> {
    let fail = |why: String| format!("`$ref: {reference}` {why}");
    let mut tokens = pointer_tokens(reference)
        .ok_or_else(|| fail("is not a JSON pointer into this file".to_owned()))?;
    let mut chain = vec![reference.to_owned()];
    let mut seen: Vec<Vec<String>> = Vec::new();
    loop {
        if seen.contains(&tokens) || chain.len() > MAX_HOPS {
            return Err(format!("`$ref` loop: {}", describe_chain(&chain)));
        }
        seen.push(tokens.clone());
        let (via, rest) = match walk(doc, &tokens) {
            Walked::Missing { depth } => {
                let (parent, token) = split_at(&tokens, depth);
                return Err(fail(format!(
                    "names nothing in this document: `#{}` has no `{token}`",
                    to_pointer(parent)
                )));
            }
            Walked::Unread { depth } => {
                let (parent, token) = split_at(&tokens, depth);
                return Err(fail(format!(
                    "points into `#{}`, which this generator does not read; a `$ref` may \
                     name a schema, response, parameter, request body or header",
                    pointer(&to_pointer(parent), token)
                )));
            }
            Walked::Through { depth, reference } => {
                (reference, tokens.get(depth..).unwrap_or_default().to_vec())
            }
            Walked::Arrived(node) => {
                if let Some(kind) = component_path_kind(&tokens) {
                    let name = tokens.last().map(String::as_str).unwrap_or_default();
                    return Ok(Located::Component(component_ref(kind, name)));
                }
                match node.reference() {
                    Some(next) if component_kind(next).is_some() => {
                        return Ok(Located::Component(next.to_owned()));
                    }
                    Some(next) => (next.to_owned(), Vec::new()),
                    None => {
                        let tag = node.tag();
                        return match tag.kind() {
                            Some(kind) => Ok(Located::Elsewhere { at: tokens, kind }),
                            None => Err(fail(format!(
                                "points to {} (`#{}`); a `$ref` may name a schema, response, \
                                 parameter, request body or header",
                                tag.what(),
                                to_pointer(&tokens)
                            ))),
                        };
                    }
                }
            }
        };
        tokens = next_tokens(&via).map_err(|why| fail(format!("leads to `$ref: {via}`, {why}")))?;
        tokens.extend(rest);
        chain.push(via);
    }
}

/// A chain of `$ref`s for a message, shortened in the middle when long.
fn describe_chain(chain: &[String]) -> String {
    const ENDS: usize = 3;
    if chain.len() <= 2 * ENDS {
        return chain.join(" → ");
    }
    let head = chain
        .iter()
        .take(ENDS)
        .cloned()
        .collect::<Vec<_>>()
        .join(" → ");
    let tail = chain
        .iter()
        .skip(chain.len() - ENDS)
        .cloned()
        .collect::<Vec<_>>()
        .join(" → ");
    format!("{head} → … → {tail}")
}

/// The tokens a `$ref` met on the way leads to.
fn next_tokens(reference: &str) -> Result<Vec<String>, &'static str> {
    if !reference.starts_with('#') {
        return Err("which points outside this file; external references are not supported");
    }
    pointer_tokens(reference).ok_or("which is not a JSON pointer into this file")
}

/// The tokens before `depth`, and the one at it.
fn split_at(tokens: &[String], depth: usize) -> (&[String], &str) {
    let parent = tokens.get(..depth).unwrap_or(tokens);
    let token = tokens.get(depth).map(String::as_str).unwrap_or_default();
    (parent, token)
}

/// The tokens of a `#…` reference (`~1`, `~0` and percent-escapes decoded); `None` when it
/// is not a JSON pointer into this file.
fn pointer_tokens(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// The section, when `tokens` are exactly `components/<section>/<name>`.
fn component_path_kind(tokens: &[String]) -> Option<Kind> {
    match tokens {
        [components, section, _] if components == "components" => {
            KINDS.into_iter().find(|kind| kind.section() == section)
        }
        _ => None,
    }
}

/// The JSON pointer of `tokens`.
fn to_pointer(tokens: &[String]) -> String {
    tokens
        .iter()
        .fold(String::new(), |at, token| pointer(&at, token))
}

/// `#/components/<section>/<name>`, escaped so it reads back as `name`.
fn component_ref(kind: Kind, name: &str) -> String {
    let section = format!("/components/{}", kind.section());
    format!("#{}", pointer(&section, &name.replace('%', "%25")))
}

// ---------------------------------------------------------------------------------------
// Planning and moving

/// A place whose value becomes a component of its own.
struct Target {
    at: Vec<String>,
    kind: Kind,
    name: String,
}

/// What the pass does: the text each pointer `$ref` becomes, and the targets that move,
/// in the order their components are added.
struct Plan {
    rewrites: BTreeMap<String, String>,
    targets: Vec<Target>,
}

/// Follows every site's `$ref` and names every target, changing nothing yet. The errors
/// come with the pointer of the `$ref` they are about.
fn plan(doc: &mut Document, sites: &[Site]) -> Result<Plan, Vec<(String, String)>> {
    let mut planner = Planner {
        names: Names::new(&doc.components),
        named: BTreeMap::new(),
        plan: Plan {
            rewrites: BTreeMap::new(),
            targets: Vec::new(),
        },
    };
    let mut located: BTreeMap<&str, Result<Located, String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for site in sites {
        let outcome = located
            .entry(&site.reference)
            .or_insert_with(|| locate(doc, &site.reference));
        match planner.rewrite(doc, site, outcome) {
            Ok(new_reference) => {
                let old = site.reference.clone();
                planner.plan.rewrites.insert(old, new_reference);
            }
            Err(message) => errors.push((pointer(&site.at, "$ref"), message)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    planner.add_inner_schemas(doc);
    Ok(planner.plan)
}

/// The plan while it is made, with the names handed out so far.
struct Planner {
    names: Names,
    /// The name of each target, by its tokens.
    named: BTreeMap<Vec<String>, String>,
    plan: Plan,
}

impl Planner {
    /// What a site's `$ref` becomes, or why it cannot be followed.
    fn rewrite(
        &mut self,
        doc: &mut Document,
        site: &Site,
        outcome: &Result<Located, String>,
    ) -> Result<String, String> {
        let (kind, shown) = match outcome {
            Err(message) => return Err(message.clone()),
            Ok(Located::Component(reference)) => (component_kind(reference), reference.clone()),
            Ok(Located::Elsewhere { at, kind }) => (Some(*kind), format!("#{}", to_pointer(at))),
        };
        if kind != Some(site.kind) {
            return Err(format!(
                "`$ref: {}` points to {} (`{shown}`), but {} belongs here",
                site.reference,
                kind.map_or("something else", kind_noun),
                kind_noun(site.kind)
            ));
        }
        match outcome {
            Ok(Located::Elsewhere { at, kind }) => Ok(self.component_for(doc, at, *kind)),
            _ => Ok(shown),
        }
    }

    /// The reference to the component the value at `at` becomes; named the first time.
    fn component_for(&mut self, doc: &mut Document, at: &[String], kind: Kind) -> String {
        if let Some(name) = self.named.get(at) {
            return component_ref(kind, name);
        }
        let name = self.names.claim(kind, &suggested_name(doc, at));
        self.named.insert(at.to_vec(), name.clone());
        let reference = component_ref(kind, &name);
        self.plan.targets.push(Target {
            at: at.to_vec(),
            kind,
            name,
        });
        reference
    }

    /// Adds the schemas written inside the responses, parameters, request bodies and
    /// headers that move. The generator makes a type for such a schema at every use of the
    /// value that holds it, and a moved value has at least two uses; as a component, it
    /// has one type.
    fn add_inner_schemas(&mut self, doc: &mut Document) {
        let holders: Vec<Vec<String>> = self
            .plan
            .targets
            .iter()
            .filter(|target| target.kind != Kind::Schemas)
            .map(|target| target.at.clone())
            .collect();
        for holder in holders {
            let inner = match walk(doc, &holder) {
                Walked::Arrived(node) => inner_schemas(&node),
                _ => Vec::new(),
            };
            for tokens in inner {
                let at: Vec<String> = holder.iter().cloned().chain(tokens).collect();
                self.component_for(doc, &at, Kind::Schemas);
            }
        }
    }
}

/// Where, inside a response, parameter, request body or header, a schema that makes a
/// type of its own is written in place.
fn inner_schemas(node: &Node) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut add = |schema: Option<&Schema>, tokens: &[&str]| {
        if schema.is_some_and(makes_type) {
            found.push(tokens.iter().map(|t| (*t).to_owned()).collect());
        }
    };
    let (schema, content, headers) = match node {
        Node::Response(response) => (None, Some(&response.content), Some(&response.headers)),
        Node::RequestBody(body) => (None, Some(&body.content), None),
        Node::Parameter(parameter) => (parameter.schema.as_ref(), Some(&parameter.content), None),
        Node::Header(header) => (header.schema.as_ref(), None, None),
        _ => (None, None, None),
    };
    add(schema, &["schema"]);
    for (name, header) in headers.into_iter().flat_map(|h| h.iter()) {
        if header.reference.is_none() {
            add(header.schema.as_ref(), &["headers", name, "schema"]);
        }
    }
    for (media, media_type) in content.into_iter().flat_map(|c| c.iter()) {
        add(media_type.schema.as_ref(), &["content", media, "schema"]);
    }
    found
}

/// Whether the generator makes a type of its own for a schema written in place: an object
/// with properties, an enum, a union or an intersection, or a list or map of one.
fn makes_type(schema: &Schema) -> bool {
    let inner = |s: Option<&Schema>| s.is_some_and(makes_type);
    let value = match &schema.additional_properties {
        Some(AdditionalProperties::Schema(value)) => Some(&**value),
        _ => None,
    };
    schema.reference.is_none()
        && (schema.enum_values.is_some()
            || !schema.properties.is_empty()
            || !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || !schema.all_of.is_empty()
            || inner(schema.items.as_deref())
            || inner(value))
}

/// A value taken out of the document, on its way into the components.
enum Moved {
    Schema(Schema),
    Response(Response),
    Parameter(Parameter),
    RequestBody(RequestBody),
    Header(Header),
}

impl Moved {
    fn insert(self, components: &mut Components, name: String) {
        match self {
            Moved::Schema(value) => components.schemas.0.push((name, value)),
            Moved::Response(value) => components.responses.0.push((name, value)),
            Moved::Parameter(value) => components.parameters.0.push((name, value)),
            Moved::RequestBody(value) => components.request_bodies.0.push((name, value)),
            Moved::Header(value) => components.headers.0.push((name, value)),
        }
    }
}

/// Rewrites the `$ref`s, moves the targets deepest first (so moving one never changes the
/// pointer of one still to move), and adds them to the components in plan order.
fn apply(doc: &mut Document, plan: &Plan, diags: &mut Diagnostics) -> bool {
    visit_refs(doc, &mut |_, _, reference| {
        if let Some(new) = reference.as_deref().and_then(|r| plan.rewrites.get(r)) {
            *reference = Some(new.clone());
        }
    });
    let mut order: Vec<(usize, &Target)> = plan.targets.iter().enumerate().collect();
    order.sort_by(|(_, a), (_, b)| b.at.len().cmp(&a.at.len()).then_with(|| a.at.cmp(&b.at)));
    let mut moved: Vec<Option<Moved>> = plan.targets.iter().map(|_| None).collect();
    for (index, target) in order {
        let new_reference = component_ref(target.kind, &target.name);
        let value = match walk(doc, &target.at) {
            Walked::Arrived(node) => node.take(new_reference),
            _ => None,
        };
        match (value, moved.get_mut(index)) {
            (Some(value), Some(slot)) => *slot = Some(value),
            _ => {
                diags.error(
                    to_pointer(&target.at),
                    "generator bug: a `$ref` target could not be moved into #/components",
                );
                return false;
            }
        }
    }
    for (target, value) in plan.targets.iter().zip(moved) {
        if let Some(value) = value {
            value.insert(&mut doc.components, target.name.clone());
        }
    }
    true
}

// ---------------------------------------------------------------------------------------
// Names

/// The names taken in each section of `#/components`, so a new component never shares a
/// name with another, also once both are made Rust type names.
struct Names(BTreeMap<&'static str, Namespace>);

impl Names {
    fn new(components: &Components) -> Self {
        let mut names = Names(BTreeMap::new());
        names.reserve(Kind::Schemas, components.schemas.iter().map(|(k, _)| k));
        names.reserve(Kind::Responses, components.responses.iter().map(|(k, _)| k));
        names.reserve(
            Kind::Parameters,
            components.parameters.iter().map(|(k, _)| k),
        );
        names.reserve(
            Kind::RequestBodies,
            components.request_bodies.iter().map(|(k, _)| k),
        );
        names.reserve(Kind::Headers, components.headers.iter().map(|(k, _)| k));
        names
    }

    fn reserve<'a>(&mut self, kind: Kind, taken: impl Iterator<Item = &'a str>) {
        let space = self.0.entry(kind.section()).or_default();
        for name in taken {
            space.reserve(name);
            space.reserve(&naming::schema_type_name(name));
        }
    }

    /// `name`, or `name2`, `name3`, … when it is taken.
    fn claim(&mut self, kind: Kind, name: &str) -> String {
        self.0.entry(kind.section()).or_default().claim(name)
    }
}

/// A readable name for the value at `at`, made the way the generator names inline types
/// there: `Pet` + property `owner` → `PetOwner`, the items of `PetTags` → `PetTag`, the
/// `200` response of `listPets` → `ListPetsResponse200`, its request body → `ListPetsBody`.
fn suggested_name(doc: &mut Document, at: &[String]) -> String {
    let mut node = Node::Document(doc);
    let mut name = String::new();
    let mut previous = "";
    for token in at {
        let parent = node.tag();
        node = match node.child(token) {
            Step::Found(next) => next,
            Step::Missing | Step::Unread => break,
        };
        name = next_name(parent, &node, token, previous, name);
        previous = token;
    }
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    naming::schema_type_name(&name)
}

/// The name one token further down: `parent` is where the token was read, `node` what it
/// named, `previous` the token before it.
fn next_name(parent: Tag, node: &Node, token: &str, previous: &str, name: String) -> String {
    match (parent, node) {
        (Tag::Paths, _) => naming::type_name(token),
        (Tag::PathItem, Node::Operation(operation)) => naming::type_name(&naming::operation_name(
            operation.operation_id.as_deref(),
            token,
            previous,
        )),
        (Tag::Operation, Node::RequestBody(_)) => format!("{name}Body"),
        (Tag::Parameters, Node::Parameter(parameter)) => {
            naming::nested_type_name(&name, parameter.name.as_deref().unwrap_or(token))
        }
        (Tag::Responses, _) => naming::type_name(&format!("{name} response {token}")),
        (Tag::Schemas | Tag::ResponseMap | Tag::ParameterMap | Tag::RequestBodyMap, _) => {
            naming::type_name(token)
        }
        (Tag::Headers | Tag::Properties, _) => naming::nested_type_name(&name, token),
        (Tag::Schema, _) => match token {
            "items" => item_name(&name),
            "additionalProperties" => format!("{name}Value"),
            "allOf" => format!("{name}Part"),
            "oneOf" | "anyOf" => format!("{name}Variant"),
            _ => name,
        },
        (Tag::SchemaList, _) => format!("{name}{token}"),
        _ => name,
    }
}

/// The name of one element of an array named `name`: `PetTags` → `PetTag`.
fn item_name(name: &str) -> String {
    let one = naming::singular(name);
    if one == name {
        format!("{name}Item")
    } else {
        one
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Document, String> {
        let mut diags = Diagnostics::new("t.yaml");
        crate::load::load("t.yaml", text, &mut diags).ok_or_else(|| diags.to_string())
    }

    fn schema<'d>(doc: &'d Document, name: &str) -> &'d Schema {
        doc.components
            .schemas
            .get(name)
            .unwrap_or_else(|| panic!("no schema {name}"))
    }

    fn reference(schema: &Schema) -> &str {
        schema.reference.as_deref().unwrap_or("(none)")
    }

    const PETS: &str = r#"
openapi: 3.0.3
info: {title: t, version: 1.10}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner:
          type: object
          readOnly: true
          properties:
            address: {type: object, properties: {city: {type: string}}}
        tags: {type: array, items: {type: object, properties: {label: {type: string}}}}
"#;

    fn with_schemas(extra: &str) -> String {
        format!("{PETS}{extra}")
    }

    #[test]
    fn a_property_target_moves_and_both_places_refer_to_it() {
        let doc = load(&with_schemas(
            "    Person: {$ref: '#/components/schemas/Pet/properties/owner'}\n",
        ))
        .unwrap();
        let pet = schema(&doc, "Pet");
        let owner = pet.properties.get("owner").unwrap();
        assert_eq!(reference(owner), "#/components/schemas/PetOwner");
        assert_eq!(owner.read_only, Some(true), "how the place uses it stays");
        assert_eq!(
            reference(schema(&doc, "Person")),
            "#/components/schemas/PetOwner"
        );
        assert!(schema(&doc, "PetOwner").properties.get("address").is_some());
        // The typed model reads YAML as it was written.
        assert_eq!(doc.info.version.as_deref(), Some("1.10"));
    }

    #[test]
    fn the_deepest_target_moves_first() {
        let doc = load(&with_schemas(
            "    Person: {$ref: '#/components/schemas/Pet/properties/owner'}\n    \
             Place: {$ref: '#/components/schemas/Pet/properties/owner/properties/address'}\n",
        ))
        .unwrap();
        let owner = schema(&doc, "PetOwner");
        assert_eq!(
            reference(owner.properties.get("address").unwrap()),
            "#/components/schemas/PetOwnerAddress"
        );
        assert!(schema(&doc, "PetOwnerAddress")
            .properties
            .get("city")
            .is_some());
        let names: Vec<&str> = doc.components.schemas.iter().map(|(k, _)| k).collect();
        assert_eq!(
            names,
            ["Pet", "Person", "Place", "PetOwner", "PetOwnerAddress"]
        );
    }

    #[test]
    fn items_path_schemas_parameters_and_responses() {
        let doc = load(&with_schemas(
            "    Tag: {$ref: '#/components/schemas/Pet/properties/tags/items'}\n    \
             Page: {$ref: '#/paths/~1pets/get/responses/200/content/application~1json/schema'}\n  \
             parameters:\n    \
             Limit: {$ref: '#/paths/~1pets/get/parameters/0'}\n  \
             responses:\n    \
             Pets: {$ref: '#/paths/~1pets/get/responses/200'}\n",
        ))
        .unwrap();
        assert_eq!(
            reference(schema(&doc, "Tag")),
            "#/components/schemas/PetTag"
        );
        assert_eq!(
            reference(schema(&doc, "Page")),
            "#/components/schemas/ListPetsResponse200"
        );
        let limit = doc.components.parameters.get("Limit").unwrap();
        assert_eq!(
            limit.reference.as_deref(),
            Some("#/components/parameters/ListPetsLimit")
        );
        let moved = doc.components.parameters.get("ListPetsLimit").unwrap();
        assert_eq!(moved.name.as_deref(), Some("limit"));
        let operation = doc.paths.get("/pets").unwrap().get.as_ref().unwrap();
        let response = operation.responses.get("200").unwrap();
        assert_eq!(
            response.reference.as_deref(),
            Some("#/components/responses/ListPetsResponse200")
        );
        let moved = doc.components.responses.get("ListPetsResponse200").unwrap();
        let body = moved.content.get("application/json").unwrap();
        assert_eq!(
            reference(body.schema.as_ref().unwrap()),
            "#/components/schemas/ListPetsResponse200"
        );
    }

    #[test]
    fn the_object_schema_of_a_moved_response_moves_with_it() {
        let text = PETS.replace(
            "              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}\n",
            "              schema: {type: object, properties: {next: {type: string}}}\n",
        );
        let doc = load(&format!(
            "{text}  responses:\n    Page: {{$ref: '#/paths/~1pets/get/responses/200'}}\n"
        ))
        .unwrap();
        let moved = doc.components.responses.get("ListPetsResponse200").unwrap();
        let body = moved.content.get("application/json").unwrap();
        assert_eq!(
            reference(body.schema.as_ref().unwrap()),
            "#/components/schemas/ListPetsResponse200"
        );
        let schema = schema(&doc, "ListPetsResponse200");
        assert!(schema.properties.get("next").is_some());
        // A parameter's plain string schema makes no type, so it stays where it is.
        let text =
            format!("{PETS}  parameters:\n    L: {{$ref: '#/paths/~1pets/get/parameters/0'}}\n");
        let doc = load(&text).unwrap();
        assert!(doc.components.schemas.get("ListPetsLimit").is_none());
    }

    #[test]
    fn a_target_that_is_a_reference_is_followed_not_moved() {
        let doc = load(&with_schemas(
            "    Other: {type: object, properties: {pet: {$ref: '#/components/schemas/Pet'}}}\n    \
             Alias: {$ref: '#/components/schemas/Other/properties/pet'}\n    \
             Deep: {$ref: '#/components/schemas/Other/properties/pet/properties/tags'}\n",
        ))
        .unwrap();
        assert_eq!(reference(schema(&doc, "Alias")), "#/components/schemas/Pet");
        // Through the `$ref` of `pet`, into `Pet` itself.
        assert_eq!(
            reference(schema(&doc, "Deep")),
            "#/components/schemas/PetTags"
        );
    }

    #[test]
    fn new_names_never_collide() {
        let doc = load(&with_schemas(
            "    pet_owner: {type: string}\n    \
             Person: {$ref: '#/components/schemas/Pet/properties/owner'}\n",
        ))
        .unwrap();
        assert_eq!(
            reference(schema(&doc, "Person")),
            "#/components/schemas/PetOwner2"
        );
    }

    fn error(extra: &str) -> String {
        load(&with_schemas(extra)).unwrap_err()
    }

    #[test]
    fn a_dangling_pointer_names_the_ref() {
        let message = error("    X: {$ref: '#/components/schemas/Pet/properties/nope'}\n");
        assert_eq!(
            message,
            "error: t.yaml: at /components/schemas/X/$ref: `$ref: \
             #/components/schemas/Pet/properties/nope` names nothing in this document: \
             `#/components/schemas/Pet/properties` has no `nope`"
        );
    }

    #[test]
    fn loops_places_and_kinds_are_errors() {
        let looped = error(
            "    A: {$ref: '#/components/schemas/B/properties/x'}\n    \
             B: {properties: {x: {$ref: '#/components/schemas/A/properties/y'}}}\n",
        );
        assert!(looped.contains("`$ref` loop"), "{looped}");
        let operation = error("    A: {$ref: '#/paths/~1pets/get'}\n");
        assert!(operation.contains("points to an operation"), "{operation}");
        let response = error("    A: {$ref: '#/paths/~1pets/get/responses/200'}\n");
        assert!(
            response.contains("points to a response") && response.contains("a schema belongs"),
            "{response}"
        );
        let unread = error("    A: {$ref: '#/info/title'}\n");
        assert!(unread.contains("does not read"), "{unread}");
        let external = error(
            "    A: {$ref: 'other.yaml#/X'}\n    B: {$ref: '#/components/schemas/A/items'}\n",
        );
        assert!(external.contains("outside this file"), "{external}");
    }

    #[test]
    fn odd_pointers_are_errors_not_panics() {
        for reference in [
            "#/",
            "#/paths/~1pets/get/parameters/01",
            "#/paths/~1pets/get/parameters/+0",
            "#/paths/~1pets/get/parameters/99999999999999999999999",
            "#/paths/~1pets/get/parameters/-1",
            "#/paths//get",
            "#/components/schemas/Pet/properties/tags/items/%ff",
            "#/components/schemas/Pet/additionalProperties",
            "#/components",
            "#/components/schemas",
            "#/paths/~1pets/get/responses/200/content",
        ] {
            let message = error(&format!("    A: {{$ref: '{reference}'}}\n"));
            assert!(
                message.contains("/components/schemas/A/$ref"),
                "{reference}: {message}"
            );
        }
    }

    #[test]
    fn a_document_without_pointer_refs_is_untouched() {
        let doc = load(PETS).unwrap();
        let names: Vec<&str> = doc.components.schemas.iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["Pet"]);
    }
}
