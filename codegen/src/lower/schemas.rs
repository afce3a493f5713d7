//! Schemas: components and inline schemas become structs, string enums, maps and
//! aliases, named from where they sit.

use super::*;

impl Lowerer<'_, '_> {
    pub(super) fn lower_components(&mut self) {
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
    pub(super) fn inline(&mut self, schema: &Schema, at: &str, hint: &str) -> TypeRef {
        if self.inline_depth >= MAX_INLINE_DEPTH {
            self.diags.warning(
                at,
                "an inline schema includes itself again (through `allOf` or a reference back); below this point it is typed as any JSON value",
            );
            return TypeRef::Json;
        }
        self.inline_depth += 1;
        let ty = self.inline_at_depth(schema, at, hint);
        self.inline_depth -= 1;
        ty
    }

    fn inline_at_depth(&mut self, schema: &Schema, at: &str, hint: &str) -> TypeRef {
        // An inline type's name is checked like a schema's (`Options` items are not `Option`).
        let name = self.type_names.claim(&naming::schema_type_name(hint));
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

    pub(super) fn shape(&mut self, schema: &Schema, at: &str, name: &str) -> Shape {
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

    pub(super) fn map(&mut self, schema: &Schema, at: &str, name: &str) -> TypeRef {
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
    pub(super) fn structure(
        &mut self,
        schema: &Schema,
        skip: &[&str],
        at: &str,
        name: &str,
    ) -> Struct {
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
}

/// Array items are named for one element of the array: `ContactProfileEmails` → `ContactProfileEmail`.
pub(super) fn item_hint(array_name: &str) -> String {
    let one = naming::singular(array_name);
    if one == array_name {
        format!("{array_name}Item")
    } else {
        one
    }
}

pub(super) fn string_values(values: &[serde_json::Value]) -> Option<Vec<String>> {
    if values.is_empty() {
        return None;
    }
    values
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

pub(super) fn string_enum(values: &[String]) -> StringEnum {
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

pub(super) fn type_ref_word(ty: &TypeRef) -> &'static str {
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

pub(super) fn doc_of(schema: &Schema) -> Option<String> {
    doc_text(schema.description.as_deref())
}

pub(super) fn join_docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<String> = [summary, description]
        .into_iter()
        .filter_map(doc_text)
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A description as Rust documentation: trimmed, `None` when blank, tabs as four spaces,
/// and the continuation lines of a Markdown list item joined to it (Markdown reads them as
/// part of the item; printed one trimmed line each, rustdoc and clippy would not).
pub(super) fn doc_text(text: Option<&str>) -> Option<String> {
    let text = text?.trim();
    if text.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut in_item = false;
    let mut in_fence = false;
    for line in text.replace('\t', "    ").lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            in_item = false;
        } else if !in_fence && trimmed.is_empty() {
            in_item = false;
        } else if !in_fence && list_marker_width(trimmed).is_some() {
            in_item = true;
        } else if in_item && !in_fence {
            out.push(' ');
            out.push_str(trimmed);
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    Some(out)
}

/// The width of a Markdown list marker starting a line (`- `, `* `, `+ `, `12. `, `3) `).
fn list_marker_width(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    match bytes {
        [b'-' | b'*' | b'+', b' ', ..] => Some(2),
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits..digits + 2) {
                Some([b'.' | b')', b' ']) if digits > 0 && digits < 10 => Some(digits + 2),
                _ => None,
            }
        }
    }
}
