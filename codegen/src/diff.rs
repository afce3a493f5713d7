//! `codegen diff OLD NEW`: what changed between two descriptions, for a user of the
//! generated client. Both are lowered to the IR, so the comparison sees what the generated
//! code sees: Rust types, required fields, enum values, union kinds, operations.
//!
//! Breaking is judged by the generated Rust API and the rules of API evolution (RFC 1105,
//! the Cargo book's SemVer chapter): a change is breaking when code written the documented
//! way against the old crate can stop compiling against the new one, or data it sent or
//! received stops working. Removed or renamed operations, fields, parameters, enum values
//! and union kinds break; so do retyped ones, required/optional flips, and anything new that
//! a constructor must take (a required field or parameter). Additions that the generated
//! API absorbs do not break: optional fields and parameters (setters), enum values and union
//! kinds (`#[non_exhaustive]`, catch-all variants), operations and types. The tests in
//! `tests/tests/evolution.rs` compile a user crate against both versions for each rule.

use crate::ir::{
    Api, BodyKind, Operation, ParamLocation, ResponseBody, TypeDef, TypeKind, TypeRef,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One change, as the JSON report lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    /// Whether code written for the old description can break.
    pub breaking: bool,
    /// `operation_added`, `operation_removed`, `operation_moved`, `parameter_added`,
    /// `parameter_removed`, `parameter_changed`, `request_body_changed`,
    /// `response_body_changed`, `type_added`, `type_removed`, `type_changed`,
    /// `field_added`, `field_removed`, `field_changed`, `enum_value_added`,
    /// `enum_value_removed`, `union_variant_added`, `union_variant_removed`.
    pub kind: &'static str,
    /// `METHOD /path` of the operation the change is in, when it is in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The Rust type the change is in, when it is in one.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// The field, parameter, enum value or union kind, as written on the wire.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// One sentence for people.
    pub detail: String,
}

/// The version bump a change calls for under Cargo's SemVer rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing in the generated API changed (docs at most).
    #[default]
    Patch,
    /// Only additions the API absorbs.
    Minor,
    /// Something breaking.
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Every change between two descriptions, sorted: by operation, then by type.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub old: String,
    pub new: String,
    pub breaking: bool,
    /// The version bump the changes call for: `major`, `minor` or `patch`.
    pub bump: Bump,
    pub breaking_changes: usize,
    pub other_changes: usize,
    pub changes: Vec<Change>,
}

pub fn diff(old_name: &str, old: &Api, new_name: &str, new: &Api) -> Report {
    let mut changes = Vec::new();
    operations(old, new, &mut changes);
    types(old, new, &mut changes);
    changes.sort_by(|a, b| {
        (
            a.operation.is_none(),
            &a.operation,
            &a.type_name,
            &a.member,
            a.kind,
            &a.detail,
        )
            .cmp(&(
                b.operation.is_none(),
                &b.operation,
                &b.type_name,
                &b.member,
                b.kind,
                &b.detail,
            ))
    });
    changes.dedup();
    let breaking_changes = changes.iter().filter(|c| c.breaking).count();
    let bump = if breaking_changes > 0 {
        Bump::Major
    } else if changes.is_empty() {
        Bump::Patch
    } else {
        Bump::Minor
    };
    Report {
        old: old_name.to_owned(),
        new: new_name.to_owned(),
        breaking: breaking_changes > 0,
        bump,
        breaking_changes,
        other_changes: changes.len() - breaking_changes,
        changes,
    }
}

/// How the generated code spells a type, for comparing and for messages.
fn spell(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Json => "JSON value".into(),
        TypeRef::Bytes => "bytes".into(),
        TypeRef::Vec(inner) => format!("list of {}", spell(api, inner)),
        TypeRef::Map(inner) => format!("map of {}", spell(api, inner)),
        TypeRef::Named(id) => api.get(*id).name.clone(),
    }
}

fn op_label(op: &Operation) -> String {
    format!("{} {}", op.method, op.path)
}

/// The path with versions (`v3`, `2026-09`) left out and parameters unnamed: the same
/// operation in another release has the same key.
fn moved_key(op: &Operation) -> String {
    let segments: Vec<&str> = op
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .filter(|s| {
            let b = s.as_bytes();
            let v = b.len() >= 2 && (b[0] == b'v' || b[0] == b'V') && b[1].is_ascii_digit();
            let date = b[0].is_ascii_digit() && b.iter().all(|c| c.is_ascii_digit() || *c == b'-');
            !(v || date)
        })
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect();
    format!("{} /{}", op.method, segments.join("/"))
}

fn operations(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let new_by_path: BTreeMap<(crate::ir::Method, String), &Operation> = new
        .operations
        .iter()
        .map(|op| ((op.method, op.path.clone()), op))
        .collect();
    let mut matched: BTreeSet<(crate::ir::Method, String)> = BTreeSet::new();
    for op in &old.operations {
        let key = (op.method, op.path.clone());
        if let Some(now) = new_by_path.get(&key) {
            matched.insert(key);
            if now.name != op.name {
                out.push(Change {
                    breaking: true,
                    kind: "operation_renamed",
                    operation: Some(op_label(now)),
                    type_name: None,
                    member: None,
                    detail: format!("Rust method renamed from `{}` to `{}`", op.name, now.name),
                });
            }
            operation(old, op, new, now, out);
            continue;
        }
        let moved = new.operations.iter().find(|n| {
            !matched.contains(&(n.method, n.path.clone()))
                && !old
                    .operations
                    .iter()
                    .any(|o| o.method == n.method && o.path == n.path)
                && moved_key(n) == moved_key(op)
        });
        match moved {
            Some(now) => {
                matched.insert((now.method, now.path.clone()));
                out.push(Change {
                    breaking: true,
                    kind: "operation_moved",
                    operation: Some(op_label(now)),
                    type_name: None,
                    member: None,
                    detail: format!(
                        "moved from `{}` (Rust `{}`) to `{}` (Rust `{}`)",
                        op.path, op.name, now.path, now.name
                    ),
                });
                operation(old, op, new, now, out);
            }
            None => out.push(Change {
                breaking: true,
                kind: "operation_removed",
                operation: Some(op_label(op)),
                type_name: None,
                member: None,
                detail: format!("operation removed (Rust `{}`)", op.name),
            }),
        }
    }
    for op in &new.operations {
        if !matched.contains(&(op.method, op.path.clone())) {
            out.push(Change {
                breaking: false,
                kind: "operation_added",
                operation: Some(op_label(op)),
                type_name: None,
                member: None,
                detail: format!("operation added (Rust `{}`)", op.name),
            });
        }
    }
}

fn location(l: ParamLocation) -> &'static str {
    l.as_str()
}

fn operation(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    out: &mut Vec<Change>,
) {
    let label = Some(op_label(new));
    let change = |breaking, kind, member: Option<String>, detail: String| Change {
        breaking,
        kind,
        operation: label.clone(),
        type_name: None,
        member,
        detail,
    };
    // Path parameters are matched by position: renaming `{id}` to `{objectId}` is no change.
    let key = |p: &crate::ir::Param, index: usize| match p.location {
        ParamLocation::Path => format!("path #{index}"),
        l => format!("{} {}", location(l), p.wire_name),
    };
    let keyed = |op: &Operation| -> BTreeMap<String, crate::ir::Param> {
        let mut path_index = 0;
        op.params
            .iter()
            .map(|p| {
                let k = key(p, path_index);
                if p.location == ParamLocation::Path {
                    path_index += 1;
                }
                (k, p.clone())
            })
            .collect()
    };
    if new.deprecated && !old.deprecated {
        out.push(change(
            false,
            "deprecated",
            None,
            format!("operation deprecated (Rust `{}` warns)", new.name),
        ));
    }
    let (before, after) = (keyed(old), keyed(new));
    for (k, p) in &before {
        match after.get(k) {
            None => out.push(change(
                true,
                "parameter_removed",
                Some(p.wire_name.clone()),
                format!(
                    "{} parameter `{}` removed",
                    location(p.location),
                    p.wire_name
                ),
            )),
            Some(q) => {
                if q.deprecated && !p.deprecated {
                    out.push(change(
                        false,
                        "deprecated",
                        Some(q.wire_name.clone()),
                        format!(
                            "{} parameter `{}` deprecated",
                            location(q.location),
                            q.wire_name
                        ),
                    ));
                }
                if p.required != q.required {
                    let now = if q.required { "required" } else { "optional" };
                    out.push(change(
                        true,
                        "parameter_changed",
                        Some(q.wire_name.clone()),
                        format!(
                            "{} parameter `{}` is now {now}",
                            location(q.location),
                            q.wire_name
                        ),
                    ));
                }
                let (a, b) = (spell(old_api, &p.ty), spell(new_api, &q.ty));
                if a != b {
                    out.push(change(
                        true,
                        "parameter_changed",
                        Some(q.wire_name.clone()),
                        format!(
                            "{} parameter `{}` changed type from {a} to {b}",
                            location(q.location),
                            q.wire_name
                        ),
                    ));
                }
            }
        }
    }
    for (k, q) in &after {
        if !before.contains_key(k) {
            let what = if q.required { "required" } else { "optional" };
            let how = if q.is_constructor_arg() {
                format!("; `{}::new` takes it", new.request_type_name)
            } else {
                format!("; set with `{}`", crate::naming::setter_name(&q.name))
            };
            out.push(change(
                q.is_constructor_arg(),
                "parameter_added",
                Some(q.wire_name.clone()),
                format!(
                    "{what} {} parameter `{}` added{how}",
                    location(q.location),
                    q.wire_name
                ),
            ));
        }
    }
    let body = |api: &Api, b: &Option<crate::ir::Body>| -> Option<String> {
        b.as_ref().map(|b| {
            let what = match &b.kind {
                BodyKind::Json(t) | BodyKind::Form(t) | BodyKind::Multipart(t) => {
                    format!("{} ({})", spell(api, t), b.media_type)
                }
                BodyKind::Text | BodyKind::Bytes => b.media_type.clone(),
            };
            // A required body is a constructor argument, an optional one a setter.
            if b.is_constructor_arg() {
                what
            } else {
                format!("optional {what}")
            }
        })
    };
    let (a, b) = (body(old_api, &old.body), body(new_api, &new.body));
    if a != b {
        out.push(change(
            true,
            "request_body_changed",
            None,
            format!(
                "request body changed from {} to {}",
                a.as_deref().unwrap_or("none"),
                b.as_deref().unwrap_or("none")
            ),
        ));
    }
    let responses = |api: &Api, op: &Operation| -> Vec<String> {
        op.success
            .iter()
            .map(|s| match &s.body {
                Some(ResponseBody::Json(t)) => format!("{}: {}", s.status, spell(api, t)),
                Some(ResponseBody::Text) => format!("{}: text", s.status),
                Some(ResponseBody::Bytes) => format!("{}: bytes", s.status),
                None => format!("{}: no content", s.status),
            })
            .collect()
    };
    let (a, b) = (responses(old_api, old), responses(new_api, new));
    if a != b {
        out.push(change(
            true,
            "response_body_changed",
            None,
            format!(
                "success responses changed from [{}] to [{}]",
                a.join(", "),
                b.join(", ")
            ),
        ));
    }
}

/// The variant types a union has `From` impls for, as lower decided.
fn from_types(api: &Api, union: &crate::ir::Union) -> BTreeSet<String> {
    union
        .variants
        .iter()
        .filter(|v| v.from_impl)
        .map(|v| spell(api, &v.ty))
        .collect()
}

fn kind_word(def: &TypeDef) -> &'static str {
    match def.kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::StringEnum(_) => "enum",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "alias",
    }
}

fn types(old: &Api, new: &Api, out: &mut Vec<Change>) {
    let old_by_name: BTreeMap<&str, &TypeDef> =
        old.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let new_by_name: BTreeMap<&str, &TypeDef> =
        new.types.iter().map(|t| (t.name.as_str(), t)).collect();
    for (name, def) in &old_by_name {
        let change = |breaking, kind, member: Option<String>, detail: String| Change {
            breaking,
            kind,
            operation: None,
            type_name: Some((*name).to_owned()),
            member,
            detail,
        };
        let Some(now) = new_by_name.get(name) else {
            out.push(change(
                true,
                "type_removed",
                None,
                format!("{} `{name}` removed", kind_word(def)),
            ));
            continue;
        };
        match (&def.kind, &now.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                for f in &a.fields {
                    match b.fields.iter().find(|g| g.wire_name == f.wire_name) {
                        None => out.push(change(
                            true,
                            "field_removed",
                            Some(f.wire_name.clone()),
                            format!("field `{}` removed", f.wire_name),
                        )),
                        Some(g) => {
                            if g.deprecated && !f.deprecated {
                                out.push(change(
                                    false,
                                    "deprecated",
                                    Some(g.wire_name.clone()),
                                    format!("field `{}` deprecated", g.wire_name),
                                ));
                            }
                            let (was, is) = (!f.is_option(), !g.is_option());
                            if was != is {
                                let now = if is { "required" } else { "optional" };
                                out.push(change(
                                    true,
                                    "field_changed",
                                    Some(g.wire_name.clone()),
                                    format!("field `{}` is now {now}", g.wire_name),
                                ));
                            }
                            let (x, y) = (spell(old, &f.ty), spell(new, &g.ty));
                            if x != y {
                                out.push(change(
                                    true,
                                    "field_changed",
                                    Some(g.wire_name.clone()),
                                    format!("field `{}` changed type from {x} to {y}", g.wire_name),
                                ));
                            }
                        }
                    }
                }
                for g in &b.fields {
                    if !a.fields.iter().any(|f| f.wire_name == g.wire_name) {
                        // The constructor decides: a new argument breaks every caller.
                        let breaking = g.is_constructor_arg();
                        let what = if g.is_option() {
                            "optional"
                        } else {
                            "required"
                        };
                        let note = if breaking {
                            format!("; `{name}::new` takes it")
                        } else {
                            format!("; set with `{}`", crate::naming::setter_name(&g.name))
                        };
                        out.push(change(
                            breaking,
                            "field_added",
                            Some(g.wire_name.clone()),
                            format!("{what} field `{}` added{note}", g.wire_name),
                        ));
                    }
                }
                if a.tag != b.tag {
                    out.push(change(
                        true,
                        "type_changed",
                        None,
                        format!(
                            "union tag changed from {:?} to {:?}",
                            a.tag.as_ref().map(|t| &t.value),
                            b.tag.as_ref().map(|t| &t.value)
                        ),
                    ));
                }
            }
            (TypeKind::StringEnum(a), TypeKind::StringEnum(b)) => {
                for v in &a.variants {
                    if !b.variants.iter().any(|w| w.wire == v.wire) {
                        out.push(change(
                            true,
                            "enum_value_removed",
                            Some(v.wire.clone()),
                            format!("value `{}` removed", v.wire),
                        ));
                    }
                }
                for w in &b.variants {
                    if !a.variants.iter().any(|v| v.wire == w.wire) {
                        out.push(change(
                            false,
                            "enum_value_added",
                            Some(w.wire.clone()),
                            format!(
                                "value `{}` added; older clients read it as `{}`",
                                w.wire, b.catch_all
                            ),
                        ));
                    }
                }
            }
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                let key = |v: &crate::ir::UnionVariant| {
                    v.tag_values()
                        .first()
                        .cloned()
                        .unwrap_or_else(|| v.name.clone())
                };
                for v in &a.variants {
                    if !b.variants.iter().any(|w| key(w) == key(v)) {
                        out.push(change(
                            true,
                            "union_variant_removed",
                            Some(key(v)),
                            format!("kind `{}` removed", key(v)),
                        ));
                    }
                }
                for w in &b.variants {
                    if !a.variants.iter().any(|v| key(v) == key(w)) {
                        out.push(change(
                            false,
                            "union_variant_added",
                            Some(key(w)),
                            format!(
                                "kind `{}` added; older clients read it as `{}`",
                                key(w),
                                b.catch_all
                            ),
                        ));
                    }
                }
                if a.kind != b.kind {
                    out.push(change(
                        true,
                        "type_changed",
                        None,
                        format!(
                            "told apart by {:?} instead of {:?}",
                            b.kind.property(),
                            a.kind.property()
                        ),
                    ));
                }
                // `From<Variant>` exists only for a type no other kind shares.
                let (before, after) = (from_types(old, a), from_types(new, b));
                for lost in before.difference(&after) {
                    if b.variants.iter().any(|v| spell(new, &v.ty) == *lost) {
                        out.push(change(
                            true,
                            "type_changed",
                            None,
                            format!("`From<{lost}>` removed: another kind now has the same type"),
                        ));
                    }
                }
            }
            (TypeKind::Alias(x), TypeKind::Alias(y)) => {
                let (x, y) = (spell(old, x), spell(new, y));
                if x != y {
                    out.push(change(
                        true,
                        "type_changed",
                        None,
                        format!("changed from {x} to {y}"),
                    ));
                }
            }
            _ => out.push(change(
                true,
                "type_changed",
                None,
                format!("changed from {} to {}", kind_word(def), kind_word(now)),
            )),
        }
    }
    for (name, def) in &new_by_name {
        if !old_by_name.contains_key(name) {
            out.push(Change {
                breaking: false,
                kind: "type_added",
                operation: None,
                type_name: Some((*name).to_owned()),
                member: None,
                detail: format!("{} `{name}` added", kind_word(def)),
            });
        }
    }
}

impl Report {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report is plain data") + "\n"
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!("# API changes: `{}` → `{}`\n\n", self.old, self.new);
        if self.changes.is_empty() {
            out.push_str("No changes to the generated API: a **patch** version bump at most.\n");
            return out;
        }
        out.push_str(&format!(
            "**{} breaking**, {} not breaking: a **{}** version bump.\n",
            self.breaking_changes,
            self.other_changes,
            self.bump.as_str()
        ));
        let mut section = "";
        let mut heading = String::new();
        for c in &self.changes {
            let (s, h) = match (&c.operation, &c.type_name) {
                (Some(op), _) => ("Operations", format!("`{op}`")),
                (None, Some(t)) => ("Types", format!("`{t}`")),
                (None, None) => ("Other", String::new()),
            };
            if s != section {
                out.push_str(&format!("\n## {s}\n"));
                section = s;
                heading.clear();
            }
            if h != heading {
                out.push_str(&format!("\n### {h}\n\n"));
                heading = h;
            }
            let mark = if c.breaking { "**breaking**: " } else { "" };
            out.push_str(&format!("- {mark}{}\n", c.detail));
        }
        out
    }
}
