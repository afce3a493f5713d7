//! Stage 3: spec model → IR.
//!
//! Decides every type: structs, string enums with a catch-all, unions (told apart by a tag
//! property where variants have one, by evidence where they do not), maps, aliases; names
//! inline schemas from where they sit; and describes each operation. Anything it cannot
//! type becomes `serde_json::Value` with a warning; only invalid input is an error.
//!
//! By concern: `schemas` (components, inline schemas, structs, enums), `compositions`
//! (`allOf`), `unions` (tags and evidence), `operations` (conventions, servers, security,
//! parameters, bodies, responses), `media` (content types) and `graph` (alias loops, boxes
//! for cycles, reachability, order). This file holds the entry point and the state they
//! share.

use crate::diagnostics::{pointer, Diagnostics};
use crate::ir::*;
use crate::naming::{self, Namespace};
use crate::resolve::{self, Registry};
use crate::spec::{self, AdditionalProperties, Document, Schema};
use std::collections::BTreeSet;

mod compositions;
mod graph;
mod media;
mod operations;
mod schemas;
mod unions;

use compositions::*;
use graph::*;
use media::*;
use operations::*;
use schemas::*;
use unions::*;

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
        inline_depth: 0,
        merging: Vec::new(),
    };
    lowerer.lower_components();
    let operations = lowerer.lower_operations();
    lowerer.apply_tags();
    lowerer.check_alias_loops();
    lowerer.cut_recursive_aliases();
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
        description: doc_text(doc.info.description.as_deref()),
        version: doc.info.version.clone(),
        default_base_url: default_base_url(doc, lowerer.diags),
        conventions: lowerer.conventions,
        types: api_types.0,
        operations,
    };
    remap(&mut api, &api_types.1);
    decide_from_impls(&mut api);
    decide_pagination(&mut api);
    decide_union_evidence(&mut api);
    api
}

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
    /// How many inline schemas are being lowered, one inside the other.
    inline_depth: usize,
    /// The components an `allOf` being lowered merges, outermost first.
    merging: Vec<String>,
}

/// How deep inline schemas may nest while lowering. A document nests far less (its parser
/// stops at 128 levels, three to a schema); deeper means an `allOf` inside a schema that
/// includes that schema again, which would otherwise make a new type at every level.
const MAX_INLINE_DEPTH: usize = 40;

/// What a schema is, before it is given a place.
enum Shape {
    /// Needs a type of its own.
    Def(TypeKind),
    /// Is some other type.
    Ref(TypeRef),
}
