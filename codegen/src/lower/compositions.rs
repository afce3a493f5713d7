//! `allOf`: the parts of a composition merged into one struct.

use super::*;

/// How many levels of `allOf` a schema may inherit through. Real descriptions use a few;
/// a longer chain makes a struct of all its levels' properties at every level (quadratic
/// output), and each level is a stack frame here.
pub(super) const MAX_ALL_OF_DEPTH: usize = 64;

impl Lowerer<'_, '_> {
    /// `allOf`: the parts' properties merged into one struct. A part that is the `oneOf`
    /// parent listing this schema is inheritance written as a cycle, not a part to merge.
    pub(super) fn all_of(&mut self, schema: &Schema, at: &str, name: &str) -> Shape {
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
        // A part being merged further out already: this `allOf` sits inside a schema it
        // extends (`Pet.child: allOf [Pet, {…}]`). Typed as that part, whose struct keeps
        // the extra properties among its unknown fields, rather than a new type per level.
        let parts: Vec<(TypeId, String)> = schema
            .all_of
            .iter()
            .filter_map(|part| part.reference.as_deref())
            .filter_map(|r| self.registry.schema(r).ok())
            .map(|(id, _, ptr)| (id, ptr))
            .collect();
        if let Some((id, _)) = parts.iter().find(|(_, ptr)| self.merging.contains(ptr)) {
            self.diags.warning(
                at,
                "`allOf` inside a schema it extends; typed as the schema it extends (its other properties are kept as unknown fields)",
            );
            return Shape::Ref(TypeRef::Named(*id));
        }
        let depth = self.merging.len();
        self.merging.extend(parts.into_iter().map(|(_, ptr)| ptr));
        let st = self.structure(&merged, &[], at, name);
        self.merging.truncate(depth);
        Shape::Def(TypeKind::Struct(st))
    }

    pub(super) fn collect_all_of(
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
}

/// Adds `from`'s properties and required names to `into`. A property both have keeps the
/// first one's schema, unless only the later one lists values: `allOf` means both apply, so
/// a part that narrows an inherited `type: string` to an enum (a tag, often) is the
/// stricter and truer type.
pub(super) fn merge_properties(into: &mut Schema, from: &Schema) {
    for (key, prop) in from.properties.iter() {
        match into.properties.0.iter_mut().find(|(k, _)| k == key) {
            None => into.properties.0.push((key.to_owned(), prop.clone())),
            Some((_, existing)) => {
                let narrows = existing.enum_values.is_none()
                    && existing.reference.is_none()
                    && prop.enum_values.is_some();
                if narrows {
                    *existing = prop.clone();
                }
            }
        }
    }
    for r in &from.required {
        if !into.required.contains(r) {
            into.required.push(r.clone());
        }
    }
}
