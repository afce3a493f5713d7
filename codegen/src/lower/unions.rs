//! Unions: which property tags them, what each variant says about it, and what a value
//! must look like to be chosen by evidence.

use super::*;

/// For each union variant, once every struct is known: the field an open tag is read
/// from (a variant whose tag property is not a string field is chosen by evidence
/// instead), and the [`Evidence`] of the variants chosen by evidence.
pub(super) fn decide_union_evidence(api: &mut Api) {
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
pub(super) fn is_text(api: &Api, ty: &TypeRef) -> bool {
    match api.canonical(ty) {
        TypeRef::String => true,
        TypeRef::Named(id) => matches!(api.types[id.0].kind, TypeKind::StringEnum(_)),
        _ => false,
    }
}

/// Which union variants get a `From` impl (see [`UnionVariant::from_impl`]).
pub(super) fn decide_from_impls(api: &mut Api) {
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
    pub(super) fn union(&mut self, schema: &Schema, at: &str, name: &str) -> Union {
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

    pub(super) fn variant_name_for(&self, ty: &TypeRef, target: &Schema) -> String {
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

    /// Each tagged variant struct stops holding the tag as a field and writes it itself.
    pub(super) fn apply_tags(&mut self) {
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
}

/// What one variant of a union says about a candidate tag property.
#[derive(Debug, Clone)]
pub(super) enum PlannedTag {
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
pub(super) fn infer_tag(
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
pub(super) fn open_tag_values(
    property: &Schema,
    variant: &Schema,
    component: Option<&str>,
) -> Vec<String> {
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

pub(super) fn distinct(values: &[String]) -> bool {
    let set: BTreeSet<&String> = values.iter().collect();
    set.len() == values.len()
}
