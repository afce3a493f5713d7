//! Stage 3: spec model → IR.
//!
//! Decides every type: structs, string enums with a catch-all, unions (tag inferred from a
//! property that is a one-value string enum in every variant, as HubSpot writes them, or
//! from an explicit `discriminator`), maps, aliases; names inline schemas from where they
//! sit; and describes each operation. Anything it cannot type becomes `serde_json::Value`
//! with a warning; only invalid input is an error.

use crate::diagnostics::{pointer, Diagnostics};
use crate::ir::*;
use crate::naming::{self, Namespace};
use crate::resolve::{self, Registry};
use crate::spec::{self, AdditionalProperties, Document, Schema};
use std::collections::BTreeSet;

pub fn lower(doc: &Document, diags: &mut Diagnostics) -> Api {
    let registry = Registry::new(doc);
    let mut lowerer = Lowerer {
        registry: &registry,
        diags,
        types: Vec::new(),
        order: Vec::new(),
        type_names: Namespace::new(),
        pending_tags: Vec::new(),
        conventions: conventions(doc),
    };
    lowerer.lower_components();
    let operations = lowerer.lower_operations();
    lowerer.apply_tags();
    lowerer.check_alias_loops();
    let mut types: Vec<TypeDef> = lowerer
        .types
        .into_iter()
        .map(|t| t.expect("every id is filled"))
        .collect();
    box_cycles(&mut types);
    // Emit in reading order: each component, then the inline types it made. Inline types
    // nothing uses any more (the enum of a tag that became the union's) are dropped.
    let live = reachable(&types, registry.schema_count(), &operations);
    let order: Vec<TypeId> = lowerer
        .order
        .into_iter()
        .filter(|id| live.contains(id))
        .collect();
    let api_types = reorder(types, &order);
    let mut api = Api {
        title: doc.info.title.clone().unwrap_or_else(|| "API".to_owned()),
        description: doc.info.description.clone(),
        version: doc.info.version.clone(),
        default_base_url: default_base_url(doc, lowerer.diags),
        conventions: lowerer.conventions,
        types: api_types.0,
        operations,
    };
    remap(&mut api, &api_types.1);
    decide_from_impls(&mut api);
    decide_union_evidence(&mut api);
    api
}

/// For each union variant, once every struct is known: the field an open tag is read
/// from (a variant whose tag property is not a string field is chosen by evidence
/// instead), and the [`Evidence`] of the variants chosen by evidence.
fn decide_union_evidence(api: &mut Api) {
    let mut decisions: Vec<(usize, Vec<UnionVariant>)> = Vec::new();
    for (i, def) in api.types.iter().enumerate() {
        let TypeKind::Union(union) = &def.kind else {
            continue;
        };
        let property = union.kind.property();
        let variants = union
            .variants
            .iter()
            .map(|v| {
                let st = match api.canonical(&v.ty) {
                    TypeRef::Named(id) => match &api.types[id.0].kind {
                        TypeKind::Struct(st) => Some(st),
                        _ => None,
                    },
                    _ => None,
                };
                let tag = match (&v.tag, property, st) {
                    (VariantTag::Open { values, .. }, Some(property), Some(st)) => st
                        .fields
                        .iter()
                        .find(|f| f.wire_name == property && is_text(api, &f.ty))
                        .map_or(VariantTag::None, |f| VariantTag::Open {
                            values: values.clone(),
                            field: TagField {
                                name: f.name.clone(),
                                optional: f.is_option(),
                            },
                        }),
                    (VariantTag::Open { .. }, _, _) => VariantTag::None,
                    (tag, _, _) => tag.clone(),
                };
                // An open tag accepts any value, so its variant may also take a kind
                // that no variant lists, when its properties fit.
                let evidence = match (&tag, st) {
                    (VariantTag::None | VariantTag::Open { .. }, Some(st)) => Some(Evidence {
                        known: st
                            .tag
                            .iter()
                            .map(|t| t.property.clone())
                            .chain(st.fields.iter().map(|f| f.wire_name.clone()))
                            .collect(),
                        required: st
                            .fields
                            .iter()
                            .filter(|f| f.required)
                            .map(|f| f.wire_name.clone())
                            .collect(),
                    }),
                    _ => None,
                };
                UnionVariant {
                    tag,
                    evidence,
                    ..v.clone()
                }
            })
            .collect();
        decisions.push((i, variants));
    }
    for (i, variants) in decisions {
        if let TypeKind::Union(union) = &mut api.types[i].kind {
            union.variants = variants;
        }
    }
}

/// Whether a type is text with an `as_str()`: a string, or a string enum.
fn is_text(api: &Api, ty: &TypeRef) -> bool {
    match api.canonical(ty) {
        TypeRef::String => true,
        TypeRef::Named(id) => matches!(api.types[id.0].kind, TypeKind::StringEnum(_)),
        _ => false,
    }
}

/// HubSpot's conventions for HubSpot's descriptions (a server on `hubapi.com`), generic
/// ones for every other.
fn conventions(doc: &Document) -> Conventions {
    let on_hubspot = |url: &str| {
        let host = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest)
            .split(['/', ':', '?'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        host == "hubapi.com" || host.ends_with(".hubapi.com")
    };
    if doc
        .servers
        .iter()
        .filter_map(|s| s.url.as_deref())
        .any(on_hubspot)
    {
        Conventions::HubSpot
    } else {
        Conventions::Generic
    }
}

/// Which union variants get a `From` impl (see [`UnionVariant::from_impl`]).
fn decide_from_impls(api: &mut Api) {
    let mut decisions: Vec<(usize, Vec<bool>)> = Vec::new();
    for (i, def) in api.types.iter().enumerate() {
        let TypeKind::Union(union) = &def.kind else {
            continue;
        };
        let canon: Vec<&TypeRef> = union
            .variants
            .iter()
            .map(|v| api.canonical(&v.ty))
            .collect();
        let flags = canon
            .iter()
            .map(|ty| {
                let is_self = **ty == TypeRef::Named(TypeId(i));
                !is_self && canon.iter().filter(|other| *other == ty).count() == 1
            })
            .collect();
        decisions.push((i, flags));
    }
    for (i, flags) in decisions {
        if let TypeKind::Union(union) = &mut api.types[i].kind {
            for (variant, flag) in union.variants.iter_mut().zip(flags) {
                variant.from_impl = flag;
            }
        }
    }
}

impl Lowerer<'_, '_> {
    /// An operation's security requirement (its own, else the document's), each scheme
    /// looked up in `components/securitySchemes`. An alternative that needs a scheme the
    /// client cannot send (http basic, mutual TLS) is left out, with a warning.
    fn security(
        &mut self,
        own: Option<&Vec<spec::OrderedMap<serde_json::Value>>>,
        at: &str,
    ) -> Option<Vec<Vec<SecurityScheme>>> {
        let doc = self.registry.doc;
        let (list, list_at) = match own {
            Some(list) => (list, pointer(at, "security")),
            None => (doc.security.as_ref()?, "/security".to_owned()),
        };
        let schemes = &doc.components.security_schemes;
        // HubSpot documents its private app tokens as `apiKey` schemes named
        // `private_apps…`, but they are sent as bearer tokens.
        let hubspot = self.conventions == Conventions::HubSpot;
        let mut alternatives = Vec::new();
        'alternatives: for (i, requirement) in list.iter().enumerate() {
            let mut all = Vec::new();
            for (name, _) in requirement.iter() {
                let scheme_at = pointer(&pointer(&list_at, &i.to_string()), name);
                let Some(scheme) = schemes.get(name) else {
                    self.diags.warning(
                        scheme_at,
                        format!("security scheme `{name}` is not in components/securitySchemes; this alternative is left out"),
                    );
                    continue 'alternatives;
                };
                let kind = match (
                    scheme.ty.as_deref(),
                    scheme.location.as_deref(),
                    &scheme.name,
                ) {
                    (Some("oauth2" | "openIdConnect"), _, _) => SchemeKind::Bearer,
                    (Some("apiKey"), _, _) if hubspot && name.starts_with("private_apps") => {
                        SchemeKind::Bearer
                    }
                    (Some("http"), _, _)
                        if scheme
                            .scheme
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case("bearer")) =>
                    {
                        SchemeKind::Bearer
                    }
                    (
                        Some("apiKey"),
                        Some(location @ ("query" | "header" | "cookie")),
                        Some(param),
                    ) => SchemeKind::ApiKey {
                        location: match location {
                            "query" => ParamLocation::Query,
                            "header" => ParamLocation::Header,
                            _ => ParamLocation::Cookie,
                        },
                        param: param.clone(),
                    },
                    _ => {
                        self.diags.warning(
                            pointer("/components/securitySchemes", name),
                            format!("security scheme `{name}` is not one the client can send (bearer, oauth2, openIdConnect, apiKey); alternatives that need it are left out"),
                        );
                        continue 'alternatives;
                    }
                };
                all.push(SecurityScheme {
                    name: name.to_owned(),
                    kind,
                });
            }
            alternatives.push(all);
        }
        if list.is_empty() {
            // `security: []` lifts the requirement: one alternative that needs nothing.
            return Some(vec![Vec::new()]);
        }
        if alternatives.is_empty() {
            // Every alternative needs a scheme the client cannot send (each warned
            // about above): fall back to what the client does without a requirement.
            return None;
        }
        Some(alternatives)
    }
}

/// The first server's URL with its variables at their defaults, or empty when the
/// description names no absolute URL: then the client needs one (`with_base_url`) rather
/// than sending the caller's credentials to a host the description never named.
fn default_base_url(doc: &Document, diags: &mut Diagnostics) -> String {
    let Some(server) = doc.servers.first() else {
        return String::new();
    };
    let mut url = server.url.clone().unwrap_or_default();
    for (name, variable) in server.variables.iter() {
        match &variable.default {
            Some(value) => url = url.replace(&format!("{{{name}}}"), value),
            None => diags.warning(
                "/servers/0/variables",
                format!("server variable `{name}` has no default"),
            ),
        }
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains('{') {
        diags.warning(
            "/servers/0/url",
            format!(
                "`{url}` is not an absolute URL; the client needs a base URL (`with_base_url`)"
            ),
        );
        return String::new();
    }
    url.trim_end_matches('/').to_owned()
}

/// How many levels of `allOf` a schema may inherit through. Real descriptions use a few;
/// a longer chain makes a struct of all its levels' properties at every level (quadratic
/// output), and each level is a stack frame here.
const MAX_ALL_OF_DEPTH: usize = 64;

/// A union waiting for its variant structs to learn their tag.
struct PendingTag {
    union_pointer: String,
    property: String,
    variants: Vec<(TypeRef, String)>,
}

struct Lowerer<'a, 'd> {
    registry: &'a Registry<'a>,
    diags: &'d mut Diagnostics,
    types: Vec<Option<TypeDef>>,
    order: Vec<TypeId>,
    type_names: Namespace,
    pending_tags: Vec<PendingTag>,
    conventions: Conventions,
}

/// What a schema is, before it is given a place.
enum Shape {
    /// Needs a type of its own.
    Def(TypeKind),
    /// Is some other type.
    Ref(TypeRef),
}

impl<'a> Lowerer<'a, '_> {
    fn lower_components(&mut self) {
        let schemas = &self.registry.doc.components.schemas;
        // Every component gets its id and name before any is lowered, so forward and
        // cyclic references resolve to an id.
        for (name, schema) in schemas.iter() {
            let rust_name = self.type_names.claim(&naming::schema_type_name(name));
            self.types.push(Some(TypeDef {
                name: rust_name,
                doc: doc_of(schema),
                pointer: pointer("/components/schemas", name),
                kind: TypeKind::Alias(TypeRef::Json),
            }));
        }
        debug_assert_eq!(self.types.len(), self.registry.schema_count());
        for (i, (name, schema)) in schemas.iter().enumerate() {
            let id = TypeId(i);
            self.order.push(id);
            let at = pointer("/components/schemas", name);
            let rust_name = self.types[i].as_ref().expect("placeholder").name.clone();
            let kind = match self.shape(schema, &at, &rust_name) {
                Shape::Def(kind) => kind,
                Shape::Ref(r) => TypeKind::Alias(r),
            };
            self.types[i].as_mut().expect("placeholder").kind = kind;
        }
    }

    /// A schema that sits inside another: a type of its own when `shape` makes a
    /// definition (named from `hint`), else the type it refers to. `shape` alone decides;
    /// the name is held while it does, so the types it makes inside are named after it.
    fn inline(&mut self, schema: &Schema, at: &str, hint: &str) -> TypeRef {
        let name = self.type_names.claim(&naming::type_name(hint));
        // The definition goes before the inline types made inside it, in reading order.
        let order_at = self.order.len();
        match self.shape(schema, at, &name) {
            Shape::Ref(r) => {
                self.type_names.release(&name);
                r
            }
            Shape::Def(kind) => {
                let id = TypeId(self.types.len());
                self.types.push(Some(TypeDef {
                    name,
                    doc: doc_of(schema),
                    pointer: at.to_owned(),
                    kind,
                }));
                self.order.insert(order_at, id);
                TypeRef::Named(id)
            }
        }
    }

    fn shape(&mut self, schema: &Schema, at: &str, name: &str) -> Shape {
        if let Some(reference) = &schema.reference {
            return match self.registry.schema(reference) {
                Ok((id, _, _)) => Shape::Ref(TypeRef::Named(id)),
                // A well-formed reference to a schema the file forgot (HubSpot publishes
                // some): the rest of the description is still worth generating.
                Err(message)
                    if resolve::component_name(reference, resolve::Kind::Schemas).is_ok() =>
                {
                    self.diags.warning(
                        pointer(at, "$ref"),
                        format!("{message}; typed as any JSON value"),
                    );
                    Shape::Ref(TypeRef::Json)
                }
                Err(message) => {
                    self.diags.error(pointer(at, "$ref"), message);
                    Shape::Ref(TypeRef::Json)
                }
            };
        }
        if !schema.one_of.is_empty() || !schema.any_of.is_empty() {
            return Shape::Def(TypeKind::Union(self.union(schema, at, name)));
        }
        if !schema.all_of.is_empty() {
            return self.all_of(schema, at, name);
        }
        if let Some(values) = &schema.enum_values {
            if let Some(strings) = string_values(values) {
                return Shape::Def(TypeKind::StringEnum(string_enum(&strings)));
            }
        }
        match schema.type_name() {
            Some("object") | None if !schema.properties.is_empty() => {
                Shape::Def(TypeKind::Struct(self.structure(schema, &[], at, name)))
            }
            Some("object") => Shape::Ref(self.map(schema, at, name)),
            Some("array") => {
                let item = match &schema.items {
                    Some(items) => self.inline(items, &pointer(at, "items"), &item_hint(name)),
                    None => TypeRef::Json,
                };
                Shape::Ref(TypeRef::Vec(Box::new(item)))
            }
            Some("string") => Shape::Ref(match schema.format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                Some("binary") => TypeRef::Bytes,
                _ => TypeRef::String,
            }),
            Some("integer") => Shape::Ref(match schema.format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            Some("number") => Shape::Ref(TypeRef::F64),
            Some("boolean") => Shape::Ref(TypeRef::Bool),
            None if schema.additional_properties.is_some() => {
                Shape::Ref(self.map(schema, at, name))
            }
            None => Shape::Ref(TypeRef::Json),
            Some(other) => {
                self.diags.error(
                    pointer(at, "type"),
                    format!("unknown schema type `{other}`; expected object, array, string, integer, number or boolean"),
                );
                Shape::Ref(TypeRef::Json)
            }
        }
    }

    fn map(&mut self, schema: &Schema, at: &str, name: &str) -> TypeRef {
        let value = match &schema.additional_properties {
            Some(AdditionalProperties::Schema(inner)) => self.inline(
                inner,
                &pointer(at, "additionalProperties"),
                &format!("{name}Value"),
            ),
            Some(AdditionalProperties::Bool(_)) | None => TypeRef::Json,
        };
        TypeRef::Map(Box::new(value))
    }

    /// An object's fields. `skip` names properties that are not fields (a union's tag).
    fn structure(&mut self, schema: &Schema, skip: &[&str], at: &str, name: &str) -> Struct {
        let mut fields = Vec::new();
        let mut field_names = Namespace::new();
        let props_at = pointer(at, "properties");
        for (wire, prop) in schema.properties.iter() {
            if skip.contains(&wire) {
                continue;
            }
            let prop_at = pointer(&props_at, wire);
            let hint = naming::nested_type_name(name, wire);
            let ty = self.inline(prop, &prop_at, &hint);
            // A bare `$ref` has no words of its own; the schema it names does.
            let target = self
                .registry
                .schema_target(prop, &prop_at)
                .ok()
                .map(|(s, _)| s);
            let target_nullable = target.is_some_and(Schema::is_nullable);
            let mut doc = doc_of(prop).or_else(|| target.and_then(doc_of));
            let direction = match (prop.read_only, prop.write_only) {
                (Some(true), _) => {
                    Some("Read-only: the server sets it; leave it `None` in what you send.")
                }
                (_, Some(true)) => {
                    Some("Write-only: sent, never returned; `None` in what you receive.")
                }
                _ => None,
            };
            if let Some(direction) = direction {
                doc = Some(match doc {
                    Some(doc) => format!("{doc}\n\n{direction}"),
                    None => direction.to_owned(),
                });
            }
            fields.push(Field {
                name: field_names.claim(&naming::value_name(wire)),
                wire_name: wire.to_owned(),
                doc,
                ty,
                // One struct serves both directions: a required `readOnly` property is
                // never sent (so creating a value cannot need it), a required `writeOnly`
                // one never comes back; both are optional in Rust, left out when `None`.
                required: schema.required.iter().any(|r| r == wire)
                    && prop.read_only != Some(true)
                    && prop.write_only != Some(true),
                nullable: prop.is_nullable() || target_nullable,
                boxed: false,
                deprecated: prop.deprecated == Some(true),
            });
        }
        for required in &schema.required {
            if schema.properties.get(required).is_none() && !schema.properties.is_empty() {
                self.diags.warning(
                    pointer(at, "required"),
                    format!("`{required}` is listed as required but is not a property; ignored"),
                );
            }
        }
        Struct {
            fields,
            tag: None,
            unknown_fields: field_names.claim("unknown_fields"),
        }
    }

    /// `allOf`: the parts' properties merged into one struct. A part that is the `oneOf`
    /// parent listing this schema is inheritance written as a cycle, not a part to merge.
    fn all_of(&mut self, schema: &Schema, at: &str, name: &str) -> Shape {
        if schema.all_of.len() == 1 && schema.properties.is_empty() {
            return self.shape(&schema.all_of[0], &pointer(at, "allOf/0"), name);
        }
        let mut merged = Schema {
            description: schema.description.clone(),
            ..Schema::default()
        };
        let mut seen = BTreeSet::new();
        let mut too_deep = false;
        self.collect_all_of(schema, at, &mut merged, &mut seen, 0, &mut too_deep);
        if too_deep {
            self.diags.error(
                pointer(at, "allOf"),
                format!("`allOf` inherits through more than {MAX_ALL_OF_DEPTH} levels; a chain this deep would make a struct of every level's properties at every level"),
            );
            return Shape::Ref(TypeRef::Json);
        }
        if merged.properties.is_empty() {
            self.diags.warning(
                at,
                "`allOf` whose parts have no properties; typed as any JSON value",
            );
            return Shape::Ref(TypeRef::Json);
        }
        Shape::Def(TypeKind::Struct(self.structure(&merged, &[], at, name)))
    }

    fn collect_all_of(
        &mut self,
        schema: &Schema,
        at: &str,
        merged: &mut Schema,
        seen: &mut BTreeSet<String>,
        depth: usize,
        too_deep: &mut bool,
    ) {
        if depth > MAX_ALL_OF_DEPTH {
            *too_deep = true;
            return;
        }
        for (i, part) in schema.all_of.iter().enumerate() {
            let part_at = pointer(&pointer(at, "allOf"), &i.to_string());
            let (target, target_at) = match self.registry.schema_target(part, &part_at) {
                Ok(found) => found,
                Err(message) => {
                    self.diags.error(pointer(&part_at, "$ref"), message);
                    continue;
                }
            };
            if !seen.insert(target_at.clone()) {
                continue;
            }
            if !target.one_of.is_empty() || !target.any_of.is_empty() {
                // A union parent: its common properties are inherited, its variants (which
                // may include this very schema) are not content.
                merge_properties(merged, target);
                continue;
            }
            self.collect_all_of(target, &target_at, merged, seen, depth + 1, too_deep);
            merge_properties(merged, target);
        }
        merge_properties(merged, schema);
    }

    fn union(&mut self, schema: &Schema, at: &str, name: &str) -> Union {
        let (list, key) = if schema.one_of.is_empty() {
            (&schema.any_of, "anyOf")
        } else {
            (&schema.one_of, "oneOf")
        };
        let list_at = pointer(at, key);
        // Each variant's target schema, for tag inference.
        let mut targets: Vec<(&Schema, Option<String>)> = Vec::new();
        for (i, variant) in list.iter().enumerate() {
            let variant_at = pointer(&list_at, &i.to_string());
            match self.registry.schema_target(variant, &variant_at) {
                Ok((target, _)) => {
                    let component = variant
                        .reference
                        .as_deref()
                        .and_then(|r| resolve::component_name(r, resolve::Kind::Schemas).ok());
                    targets.push((target, component));
                }
                Err(message) => {
                    self.diags.error(pointer(&variant_at, "$ref"), message);
                    return Union {
                        kind: UnionKind::Untagged,
                        variants: Vec::new(),
                        catch_all: "Unrecognized".to_owned(),
                    };
                }
            }
        }
        let plan = infer_tag(schema, &targets, self.registry);
        let mut variant_names = Namespace::new();
        let mut variants = Vec::new();
        let mut tagged_variants = Vec::new();
        for (i, variant) in list.iter().enumerate() {
            let variant_at = pointer(&list_at, &i.to_string());
            let planned = plan
                .as_ref()
                .map_or(PlannedTag::None, |(_, tags)| tags[i].clone());
            let first_value = match &planned {
                PlannedTag::Fixed(value) => Some(value.clone()),
                PlannedTag::Open(values) => values.first().cloned(),
                PlannedTag::None => None,
            };
            let hint = match (&first_value, &targets[i].0.title) {
                (Some(value), _) => format!("{name}{}", naming::type_name(value)),
                (None, Some(title)) => format!("{name}{}", naming::type_name(title)),
                (None, None) => format!("{name}Variant{i}"),
            };
            let ty = self.inline(variant, &variant_at, &hint);
            let base = match &first_value {
                Some(value) => naming::type_name(value),
                None => self.variant_name_for(&ty, targets[i].0),
            };
            let tag = match planned {
                PlannedTag::Fixed(value) => {
                    tagged_variants.push((ty.clone(), value.clone()));
                    VariantTag::Fixed(value)
                }
                // The field is found once every struct is lowered: `decide_union_evidence`.
                PlannedTag::Open(values) => VariantTag::Open {
                    values,
                    field: TagField {
                        name: String::new(),
                        optional: false,
                    },
                },
                PlannedTag::None => VariantTag::None,
            };
            variants.push(UnionVariant {
                name: variant_names.claim(&base),
                tag,
                ty,
                doc: doc_of(variant).or_else(|| doc_of(targets[i].0)),
                // Decided once every type is known: `decide_from_impls`.
                from_impl: false,
                // Decided once every type is known: `decide_union_evidence`.
                evidence: None,
            });
        }
        let catch_all = variant_names.claim("Unrecognized");
        let kind = match plan {
            Some((property, _)) => {
                self.pending_tags.push(PendingTag {
                    union_pointer: at.to_owned(),
                    property: property.clone(),
                    variants: tagged_variants,
                });
                UnionKind::Tagged { property }
            }
            None => {
                if !list.is_empty() {
                    self.diags.warning(
                        at,
                        format!("`{key}` variants share no tag property; each value is decoded as the variant its properties match best"),
                    );
                }
                UnionKind::Untagged
            }
        };
        Union {
            kind,
            variants,
            catch_all,
        }
    }

    fn variant_name_for(&self, ty: &TypeRef, target: &Schema) -> String {
        match ty {
            TypeRef::Named(id) => match self.types.get(id.0).and_then(|t| t.as_ref()) {
                Some(def) => def.name.clone(),
                None => target
                    .title
                    .as_deref()
                    .map(naming::type_name)
                    .unwrap_or_else(|| "Variant".into()),
            },
            other => naming::type_name(type_ref_word(other)),
        }
    }

    /// `A: {$ref: B}`, `B: {$ref: A}`: names for each other and nothing else, which no
    /// type can be.
    fn check_alias_loops(&mut self) {
        // One walk along each chain of aliases, so a long chain costs its length once.
        const NEW: u8 = 0;
        const ON_WALK: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; self.types.len()];
        for start in 0..self.types.len() {
            let mut walk = Vec::new();
            let mut current = Some(start);
            while let Some(at) = current.filter(|&i| state.get(i) == Some(&NEW)) {
                state[at] = ON_WALK;
                walk.push(at);
                current = match self.types.get(at) {
                    Some(Some(TypeDef {
                        kind: TypeKind::Alias(TypeRef::Named(next)),
                        ..
                    })) => Some(next.0),
                    _ => None,
                };
            }
            // The walk came back to itself.
            if let Some(current) = current.filter(|&i| state.get(i) == Some(&ON_WALK)) {
                if let Some(pos) = walk.iter().position(|&i| i == current) {
                    self.report_alias_loop(&walk[pos..]);
                }
            }
            for i in walk {
                state[i] = DONE;
            }
        }
    }

    /// Reported from the loop's first schema: `A → B → A`.
    fn report_alias_loop(&mut self, cycle: &[usize]) {
        let Some(first) = (0..cycle.len()).min_by_key(|&k| cycle[k]) else {
            return;
        };
        let order: Vec<usize> = cycle[first..]
            .iter()
            .chain(&cycle[..first])
            .chain(std::iter::once(&cycle[first]))
            .copied()
            .collect();
        let mut names: Vec<&str> = order
            .iter()
            .filter_map(|i| self.types[*i].as_ref().map(|t| t.name.as_str()))
            .collect();
        // A loop through thousands of schemas is named by its ends.
        if names.len() > 12 {
            names.splice(6..names.len() - 3, ["…"]);
        }
        let at = self.types[cycle[first]]
            .as_ref()
            .map(|t| t.pointer.clone())
            .unwrap_or_default();
        let message = format!("`$ref` loop: {}", names.join(" → "));
        self.diags.error(pointer(&at, "$ref"), message);
    }

    /// Each tagged variant struct stops holding the tag as a field and writes it itself.
    fn apply_tags(&mut self) {
        let pending = std::mem::take(&mut self.pending_tags);
        for PendingTag {
            union_pointer,
            property,
            variants,
        } in pending
        {
            for (ty, value) in variants {
                let TypeRef::Named(id) = ty else { continue };
                let Some(Some(def)) = self.types.get_mut(id.0) else {
                    continue;
                };
                let TypeKind::Struct(st) = &mut def.kind else {
                    continue;
                };
                let tag = StructTag {
                    property: property.clone(),
                    value: value.clone(),
                };
                match &st.tag {
                    Some(existing) if *existing != tag => {
                        let message = format!(
                            "`{}` is a variant of unions with different tags (`{}: {}` and `{property}: {value}`); only the first is written when it is encoded",
                            def.name, existing.property, existing.value
                        );
                        self.diags.warning(union_pointer.clone(), message);
                    }
                    _ => {
                        st.fields.retain(|f| f.wire_name != property);
                        st.tag = Some(tag);
                    }
                }
            }
        }
    }

    fn lower_operations(&mut self) -> Vec<Operation> {
        let doc = self.registry.doc;
        let mut fn_names = Namespace::new();
        let mut operations = Vec::new();
        for (path, item) in doc.paths.iter() {
            let path_at = pointer("/paths", path);
            if item.reference.is_some() {
                self.diags.warning(
                    path_at.clone(),
                    "path items given by `$ref` are not supported; skipped",
                );
                continue;
            }
            for (method, op) in item.operations() {
                let at = pointer(&path_at, method.key());
                let base = naming::operation_name(op.operation_id.as_deref(), method.key(), path);
                // Two operations on one path family: HubSpot's operationIds end in a short
                // word that tells them apart (`…_getById`), better than a number.
                let base = match naming::operation_id_suffix(op.operation_id.as_deref()) {
                    Some(suffix) if fn_names.contains(&base) => format!("{base}_{suffix}"),
                    _ => base,
                };
                let name = fn_names.claim(&base);
                if let Some(operation) = self.operation(path, method, item, op, &at, name) {
                    operations.push(operation);
                }
            }
        }
        operations
    }

    fn operation(
        &mut self,
        path: &str,
        method: Method,
        item: &spec::PathItem,
        op: &spec::Operation,
        at: &str,
        name: String,
    ) -> Option<Operation> {
        let doc = self.registry.doc;
        let type_base = naming::type_name(&name);
        let mut param_names = Namespace::new();
        // The request struct's field for the body.
        param_names.reserve("body");
        let mut params: Vec<Param> = Vec::new();
        // Operation parameters override path-item parameters with the same name and place.
        let mut all: Vec<(&spec::Parameter, String)> = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            all.push((p, pointer(&pointer(at, "parameters"), &i.to_string())));
        }
        let path_at = at.rsplit_once('/').map(|(base, _)| base).unwrap_or("");
        for (i, p) in item.parameters.iter().enumerate() {
            all.push((p, pointer(&pointer(path_at, "parameters"), &i.to_string())));
        }
        let mut seen = BTreeSet::new();
        for (param, param_at) in all {
            let (param, param_at) = resolve::follow(doc, param, &param_at, self.diags)?;
            let (Some(wire), Some(location)) = (&param.name, &param.location) else {
                self.diags
                    .error(param_at, "a parameter needs both `name` and `in`");
                continue;
            };
            if !seen.insert((wire.clone(), location.clone())) {
                continue;
            }
            let location = match location.as_str() {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                "cookie" => ParamLocation::Cookie,
                other => {
                    self.diags.error(
                        pointer(&param_at, "in"),
                        format!("unknown parameter location `{other}`"),
                    );
                    continue;
                }
            };
            // `content` instead of `schema`: the one media type's schema (sent as JSON text
            // when it is not a plain value).
            let content = param.content.iter().next().and_then(|(media, m)| {
                let at = pointer(&pointer(&pointer(&param_at, "content"), media), "schema");
                m.schema.as_ref().map(|schema| (schema, at))
            });
            let schema = param
                .schema
                .as_ref()
                .map(|schema| (schema, pointer(&param_at, "schema")))
                .or(content);
            let ty = match schema {
                Some((schema, schema_at)) => self.inline(
                    schema,
                    &schema_at,
                    &naming::nested_type_name(&type_base, wire),
                ),
                None => TypeRef::String,
            };
            params.push(Param {
                // Named below, once every parameter is known.
                name: String::new(),
                wire_name: wire.clone(),
                location,
                ty,
                required: location == ParamLocation::Path || param.required == Some(true),
                // A path parameter that may match `/` (`pattern: .+`) names a file path.
                allow_slash: location == ParamLocation::Path
                    && param
                        .schema
                        .as_ref()
                        .and_then(|s| s.pattern.as_deref())
                        .is_some_and(|p| matches!(p, ".+" | ".*" | "^.+$" | "^.*$")),
                // OpenAPI's default: `form` style explodes, other styles do not.
                explode: param
                    .explode
                    .unwrap_or(matches!(param.style.as_deref(), None | Some("form"))),
                doc: param.description.clone(),
                deprecated: param.deprecated == Some(true),
            });
        }
        // A name two locations share (`id` in the path and in the query) takes its
        // location as a prefix in both (`path_id`, `query_id`) rather than a number.
        let base_names: Vec<String> = params
            .iter()
            .map(|p| naming::value_name(&p.wire_name))
            .collect();
        for (i, p) in params.iter_mut().enumerate() {
            let shared = base_names.iter().filter(|b| **b == base_names[i]).count() > 1;
            let base = if shared {
                naming::value_name(&format!("{}_{}", p.location.as_str(), p.wire_name))
            } else {
                base_names[i].clone()
            };
            p.name = param_names.claim(&base);
        }
        // Path parameters first, in the order they appear in the path.
        let path_parts = PathPart::parse(path);
        let place = |wire: &str| {
            path_parts
                .iter()
                .position(|part| matches!(part, PathPart::Param(p) if p == wire))
                .unwrap_or(usize::MAX)
        };
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => (0, place(&p.wire_name)),
            ParamLocation::Query => (1, 0),
            ParamLocation::Header => (2, 0),
            ParamLocation::Cookie => (3, 0),
        });
        for wire in path_parts.iter().filter_map(|part| match part {
            PathPart::Param(wire) => Some(wire),
            PathPart::Literal(_) => None,
        }) {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == *wire)
            {
                self.diags.error(
                    at,
                    format!("path parameter `{wire}` is in the path but not declared"),
                );
            }
        }

        let body = match &op.request_body {
            None => None,
            Some(body) => {
                let (body, body_at) =
                    resolve::follow(doc, body, &pointer(at, "requestBody"), self.diags)?;
                let content_at = pointer(&body_at, "content");
                match pick_media(&body.content) {
                    None => None,
                    Some((media, class, schema)) => {
                        let schema_at = pointer(&pointer(&content_at, media), "schema");
                        let hint = format!("{type_base}Body");
                        let typed = |this: &mut Self| match schema {
                            Some(schema) => this.inline(schema, &schema_at, &hint),
                            None => TypeRef::Json,
                        };
                        let kind = match class {
                            MediaClass::Json => BodyKind::Json(typed(self)),
                            MediaClass::Form => BodyKind::Form(typed(self)),
                            MediaClass::Multipart => BodyKind::Multipart(typed(self)),
                            MediaClass::Text => BodyKind::Text,
                            MediaClass::Binary => BodyKind::Bytes,
                        };
                        Some(Body {
                            kind,
                            media_type: media.to_owned(),
                            required: body.required == Some(true),
                        })
                    }
                }
            }
        };

        let mut success: Vec<SuccessResponse> = Vec::new();
        let mut error: Option<TypeRef> = None;
        let mut default_body: Option<ResponseBody> = None;
        let responses_at = pointer(at, "responses");
        let has_success = op.responses.iter().any(|(code, _)| code.starts_with('2'));
        for (code, response) in op.responses.iter() {
            let (response, response_at) =
                resolve::follow(doc, response, &pointer(&responses_at, code), self.diags)?;
            let status: Option<u16> = code.parse().ok();
            // `4XX`: a digit and two X. Checked byte by byte: a code may be any text.
            let bytes = code.as_bytes();
            let range = bytes.len() == 3
                && bytes[0].is_ascii_digit()
                && bytes[1..].eq_ignore_ascii_case(b"XX");
            if status.is_none() && code != "default" && !range {
                self.diags.error(
                    response_at,
                    format!("`{code}` is not a status code, `default`, or a range like `4XX`"),
                );
                continue;
            }
            let content_at = pointer(&response_at, "content");
            let success_range = range && bytes[0] == b'2';
            let hint = match status {
                Some(status) if (200..300).contains(&status) => {
                    format!("{type_base}Response{status}")
                }
                None if success_range => format!("{type_base}Success"),
                // `default` alone describes success as well as failure.
                None if code == "default" && !has_success => format!("{type_base}ResponseBody"),
                _ => format!("{type_base}Error"),
            };
            let body = pick_media(&response.content).map(|(media, class, schema)| {
                let schema_at = pointer(&pointer(&content_at, media), "schema");
                match (class, schema) {
                    (MediaClass::Text, _) => ResponseBody::Text,
                    (MediaClass::Binary, _) => ResponseBody::Bytes,
                    (_, Some(schema)) if is_binary(schema) => ResponseBody::Bytes,
                    (_, Some(schema)) => ResponseBody::Json(self.inline(schema, &schema_at, &hint)),
                    (_, None) => ResponseBody::Json(TypeRef::Json),
                }
            });
            let success_status = match status {
                Some(code @ 200..=299) => Some(SuccessStatus::Code(code)),
                None if success_range => Some(SuccessStatus::Range(2)),
                _ => None,
            };
            match status {
                _ if success_status.is_some() => {
                    let mut header_names = Namespace::new();
                    header_names.reserve("body");
                    header_names.reserve("status");
                    let headers = response
                        .headers
                        .iter()
                        .map(|(wire, h)| ResponseHeader {
                            name: header_names.claim(&naming::value_name(wire)),
                            wire_name: wire.to_owned(),
                            doc: h.description.clone(),
                        })
                        .collect();
                    success.push(SuccessResponse {
                        status: success_status.unwrap_or(SuccessStatus::Range(2)),
                        doc: response.description.clone(),
                        body,
                        headers,
                    });
                }
                Some(100..=399) | Some(2000..) => {}
                _ if code.starts_with('1') || code.starts_with('2') || code.starts_with('3') => {}
                _ => {
                    if code == "default" {
                        default_body = body.clone();
                    }
                    match (&error, body) {
                        (None, Some(ResponseBody::Json(ty))) => error = Some(ty),
                        (Some(existing), Some(ResponseBody::Json(ty))) if *existing != ty => {
                            self.diags.warning(
                                response_at,
                                "error responses with different schemas; only the first is typed, the others are kept as raw bodies",
                            );
                        }
                        _ => {}
                    }
                }
            }
        }
        // With no 2xx listed, HubSpot's `default` is still its error shape: success bodies
        // are kept as raw bytes rather than decoded as an error.
        if success.is_empty() && default_body.is_some() {
            self.diags.warning(
                responses_at.clone(),
                "no success response is described; a success body is kept as raw bytes",
            );
            success.push(SuccessResponse {
                status: SuccessStatus::Code(200),
                doc: None,
                // Empty, JSON, CSV: whatever arrives is kept as it came.
                body: Some(ResponseBody::Bytes),
                headers: Vec::new(),
            });
        }
        // A range matches what no code does: codes first (a stable sort keeps their order).
        success.sort_by_key(|s| matches!(s.status, SuccessStatus::Range(_)));
        let response_type_name = self.type_names.claim(&format!("{type_base}Response"));
        let request_type_name = self.type_names.claim(&format!("{type_base}Request"));
        let doc_text = join_docs(op.summary.as_deref(), op.description.as_deref());
        Some(Operation {
            name,
            method,
            path: path.to_owned(),
            path_parts,
            doc: doc_text,
            params,
            body,
            success,
            error,
            response_type_name,
            request_type_name,
            security: self.security(op.security.as_ref(), at),
            deprecated: op.deprecated == Some(true),
            pointer: at.to_owned(),
        })
    }
}

/// What a media type means for encoding and decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaClass {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

fn classify(media: &str) -> MediaClass {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if m == "application/json" || m.ends_with("+json") || m == "*/*" || m == "application/*" {
        MediaClass::Json
    } else if m == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if m.starts_with("multipart/") {
        MediaClass::Multipart
    } else if m.starts_with("text/") && m != "text/csv" {
        MediaClass::Text
    } else {
        MediaClass::Binary
    }
}

/// The media type a body is typed from: JSON first, then forms, text, and bytes.
fn pick_media(
    content: &spec::OrderedMap<spec::MediaType>,
) -> Option<(&str, MediaClass, Option<&Schema>)> {
    let rank = |class: MediaClass| match class {
        MediaClass::Json => 0,
        MediaClass::Form => 1,
        MediaClass::Multipart => 2,
        MediaClass::Text => 3,
        MediaClass::Binary => 4,
    };
    content
        .iter()
        .map(|(media, m)| (media, classify(media), m.schema.as_ref()))
        .min_by_key(|(_, class, _)| rank(*class))
}

fn is_binary(schema: &Schema) -> bool {
    schema.type_name() == Some("string") && schema.format.as_deref() == Some("binary")
}

/// Array items are named for one element of the array: `ContactProfileEmails` → `ContactProfileEmail`.
fn item_hint(array_name: &str) -> String {
    let one = naming::singular(array_name);
    if one == array_name {
        format!("{array_name}Item")
    } else {
        one
    }
}

fn merge_properties(into: &mut Schema, from: &Schema) {
    for (key, prop) in from.properties.iter() {
        if into.properties.get(key).is_none() {
            into.properties.0.push((key.to_owned(), prop.clone()));
        }
    }
    for r in &from.required {
        if !into.required.contains(r) {
            into.required.push(r.clone());
        }
    }
}

/// Whether a schema written in place needs a named type of its own.
fn string_values(values: &[serde_json::Value]) -> Option<Vec<String>> {
    if values.is_empty() {
        return None;
    }
    values
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn string_enum(values: &[String]) -> StringEnum {
    let mut names = Namespace::new();
    let mut variants = Vec::new();
    let mut seen = BTreeSet::new();
    for value in values {
        if !seen.insert(value.clone()) {
            continue;
        }
        variants.push(EnumVariant {
            name: names.claim(&naming::type_name(value)),
            wire: value.clone(),
        });
    }
    let catch_all = names.claim("Unrecognized");
    StringEnum {
        variants,
        catch_all,
    }
}

/// The tag property and each variant's value, when every variant is an object whose
/// property is a one-value string enum (or the description names a `discriminator`).
/// What one variant of a union says about a candidate tag property.
#[derive(Debug, Clone)]
enum PlannedTag {
    /// Nothing usable: the variant is chosen by evidence.
    None,
    /// A one-value string enum.
    Fixed(String),
    /// An open string (or an enum of several values); the values that select it.
    Open(Vec<String>),
}

/// The property that tells a union's variants apart, and what each variant says about
/// it; `None` when no property does.
///
/// With a `discriminator`, every variant gets its value (mapping, one-value enum or schema
/// name). Without one, the tag is the property that is a one-value string enum in the most
/// variants (`type` first), their values distinct. A union need not be tagged throughout:
/// a variant whose tag property is open gets the values of its enum, or else its `title` or
/// schema name; a variant without the property is chosen by evidence.
fn infer_tag(
    union: &Schema,
    targets: &[(&Schema, Option<String>)],
    registry: &Registry,
) -> Option<(String, Vec<PlannedTag>)> {
    let props_of = |s: &Schema| -> Schema {
        // Merge allOf parts one level deep, so inherited tag properties are seen.
        let mut merged = Schema::default();
        for part in &s.all_of {
            if let Ok((target, _)) = registry.schema_target(part, "") {
                if target.one_of.is_empty() && target.any_of.is_empty() {
                    merge_properties(&mut merged, target);
                }
            }
        }
        merge_properties(&mut merged, s);
        merged
    };
    let merged: Vec<Schema> = targets.iter().map(|(s, _)| props_of(s)).collect();
    if targets.is_empty() {
        return None;
    }
    let property_of = |schema: &Schema, property: &str| -> Option<Schema> {
        let p = schema.properties.get(property)?;
        registry.schema_target(p, "").ok().map(|(p, _)| p.clone())
    };
    let fixed_value = |schema: &Schema, property: &str| -> Option<String> {
        property_of(schema, property).and_then(|p| p.single_string_value().map(str::to_owned))
    };
    if let Some(disc) = &union.discriminator {
        let property = disc.property_name.clone()?;
        let mut values = Vec::new();
        for ((_, component), schema) in targets.iter().zip(&merged) {
            let from_mapping = component.as_ref().and_then(|c| {
                disc.mapping.iter().find_map(|(value, target)| {
                    let named = resolve::component_name(target, resolve::Kind::Schemas)
                        .unwrap_or_else(|_| target.clone());
                    (named == *c).then(|| value.to_owned())
                })
            });
            let from_enum = fixed_value(schema, &property);
            values.push(from_mapping.or(from_enum).or_else(|| component.clone())?);
        }
        return distinct(&values).then(|| {
            (
                property,
                values.into_iter().map(PlannedTag::Fixed).collect(),
            )
        });
    }

    // Candidates: every property that is a one-value string enum in some variant.
    let mut candidates: Vec<&str> = Vec::new();
    for schema in &merged {
        for (name, _) in schema.properties.iter() {
            if !candidates.contains(&name) && fixed_value(schema, name).is_some() {
                candidates.push(name);
            }
        }
    }
    let mut best: Option<(&str, Vec<Option<String>>, usize)> = None;
    for property in candidates {
        let fixed: Vec<Option<String>> = merged.iter().map(|s| fixed_value(s, property)).collect();
        let values: Vec<String> = fixed.iter().flatten().cloned().collect();
        let count = values.len();
        // One tagged variant among several is no evidence of a tag.
        if !distinct(&values) || (count < 2 && count < merged.len()) {
            continue;
        }
        let better = match &best {
            None => true,
            Some((name, _, best_count)) => {
                *name != "type" && (property == "type" || count > *best_count)
            }
        };
        if better {
            best = Some((property, fixed, count));
        }
    }
    let (property, fixed, _) = best?;
    let mut used: BTreeSet<String> = fixed.iter().flatten().cloned().collect();
    let plans = fixed
        .into_iter()
        .enumerate()
        .map(|(i, fixed)| {
            if let Some(value) = fixed {
                return PlannedTag::Fixed(value);
            }
            let Some(p) = property_of(&merged[i], property) else {
                return PlannedTag::None;
            };
            let values = open_tag_values(&p, targets[i].0, targets[i].1.as_deref());
            if values.is_empty() || values.iter().any(|v| used.contains(v)) {
                return PlannedTag::None;
            }
            used.extend(values.iter().cloned());
            PlannedTag::Open(values)
        })
        .collect();
    Some((property.to_owned(), plans))
}

/// The tag values that select a variant whose tag property is open: the property's enum,
/// else the variant's `title`, else its schema name. None when the property is not a
/// string.
fn open_tag_values(property: &Schema, variant: &Schema, component: Option<&str>) -> Vec<String> {
    let is_string = matches!(property.type_name(), Some("string") | None)
        && property.all_of.is_empty()
        && property.one_of.is_empty()
        && property.any_of.is_empty()
        && property.properties.is_empty()
        && property.items.is_none();
    if !is_string {
        return Vec::new();
    }
    if let Some(values) = property.enum_values.as_deref() {
        return string_values(values).unwrap_or_default();
    }
    variant
        .title
        .as_deref()
        .or(component)
        .map(|v| vec![v.to_owned()])
        .unwrap_or_default()
}

fn distinct(values: &[String]) -> bool {
    let set: BTreeSet<&String> = values.iter().collect();
    set.len() == values.len()
}

fn type_ref_word(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Bool",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F64 => "Number",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Json => "Json",
        TypeRef::Bytes => "Bytes",
        TypeRef::Vec(_) => "List",
        TypeRef::Map(_) => "Map",
        TypeRef::Named(_) => "Named",
    }
}

fn doc_of(schema: &Schema) -> Option<String> {
    schema
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
}

fn join_docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [summary, description]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Marks struct fields that contain their own struct by value (directly or through other
/// structs, options or unions) as boxed, so the type has a finite size. A field needs a box
/// when its type is in the same strongly connected component of the by-value graph as its
/// struct; components are found once (Kosaraju, iterative so deep graphs cannot overflow).
fn box_cycles(types: &mut [TypeDef]) {
    let by_value = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            t.kind
                .type_refs()
                .into_iter()
                .filter_map(by_value)
                .map(|id| id.0)
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, def) in types.iter_mut().enumerate() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                if let Some(target) = by_value(&field.ty) {
                    field.boxed = component[target.0] == component[i];
                }
            }
        }
    }
}

/// Component number of each node of a directed graph.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    // First pass: finishing order.
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            if let Some(&target) = edges[*node].get(*next) {
                *next += 1;
                if !visited[target] {
                    visited[target] = true;
                    stack.push((target, 0));
                }
            } else {
                order.push(*node);
                stack.pop();
            }
        }
    }
    // Second pass on the reversed graph, in reverse finishing order.
    let mut reverse = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut count = 0;
    for &start in order.iter().rev() {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = count;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &from in &reverse[node] {
                if component[from] == usize::MAX {
                    component[from] = count;
                    stack.push(from);
                }
            }
        }
        count += 1;
    }
    component
}

/// Types reachable from the components and the operations.
fn reachable(types: &[TypeDef], components: usize, operations: &[Operation]) -> BTreeSet<TypeId> {
    let mut stack: Vec<TypeId> = (0..components).map(TypeId).collect();
    for op in operations {
        op.type_refs().into_iter().for_each(|t| t.named(&mut stack));
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if seen.insert(id) {
            types[id.0]
                .kind
                .type_refs()
                .into_iter()
                .for_each(|t| t.named(&mut stack));
        }
    }
    seen
}

/// Puts types in `order` and returns the map from old ids to new ones.
fn reorder(types: Vec<TypeDef>, order: &[TypeId]) -> (Vec<TypeDef>, Vec<TypeId>) {
    let mut slots: Vec<Option<TypeDef>> = types.into_iter().map(Some).collect();
    // Dropped types keep id 0: nothing refers to them.
    let mut new_ids = vec![TypeId(0); slots.len()];
    let mut out = Vec::with_capacity(slots.len());
    for (new, old) in order.iter().enumerate() {
        new_ids[old.0] = TypeId(new);
        out.push(slots[old.0].take().expect("each id is ordered once"));
    }
    (out, new_ids)
}

fn remap(api: &mut Api, new_ids: &[TypeId]) {
    for def in &mut api.types {
        def.kind
            .type_refs_mut()
            .into_iter()
            .for_each(|t| t.remap(new_ids));
    }
    for op in &mut api.operations {
        op.type_refs_mut()
            .into_iter()
            .for_each(|t| t.remap(new_ids));
    }
}
