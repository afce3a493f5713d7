//! The type graph: loops of aliases, boxes for by-value cycles, what is reachable, and the
//! final order of types.

use super::*;

impl Lowerer<'_, '_> {
    /// `Tree: {type: array, items: {$ref: Tree}}`: an alias that holds itself through
    /// lists and maps only, with no struct or enum between, has no finite Rust type. Where
    /// it comes back to itself it holds any JSON value instead (`Vec<serde_json::Value>`).
    pub(super) fn cut_recursive_aliases(&mut self) {
        for i in 0..self.types.len() {
            let Some(Some(TypeDef {
                kind: TypeKind::Alias(ty),
                ..
            })) = self.types.get(i)
            else {
                continue;
            };
            // A chain of names alone is a `$ref` loop, reported as such.
            if !matches!(ty, TypeRef::Vec(_) | TypeRef::Map(_)) {
                continue;
            }
            let mut cut = ty.clone();
            if !self.cut_returns(&mut cut, i) {
                continue;
            }
            if let Some(Some(def)) = self.types.get_mut(i) {
                def.kind = TypeKind::Alias(cut);
                let at = def.pointer.clone();
                self.diags.warning(
                    at,
                    "a list or map of itself; the inner values are typed as any JSON value",
                );
            }
        }
    }

    /// Replaces, inside `ty`, each way back to alias `target` with `Json`; true if any.
    fn cut_returns(&self, ty: &mut TypeRef, target: usize) -> bool {
        match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => self.cut_returns(inner, target),
            TypeRef::Named(id) if self.alias_reaches(id.0, target) => {
                *ty = TypeRef::Json;
                true
            }
            _ => false,
        }
    }

    /// Whether `from` is `target`, or an alias that reaches it through aliases, lists
    /// and maps.
    fn alias_reaches(&self, from: usize, target: usize) -> bool {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(at) = stack.pop() {
            if at == target {
                return true;
            }
            if !seen.insert(at) {
                continue;
            }
            let mut ty = match self.types.get(at) {
                Some(Some(TypeDef {
                    kind: TypeKind::Alias(ty),
                    ..
                })) => ty,
                _ => continue,
            };
            while let TypeRef::Vec(inner) | TypeRef::Map(inner) = ty {
                ty = inner;
            }
            if let TypeRef::Named(next) = ty {
                stack.push(next.0);
            }
        }
        false
    }

    /// `A: {$ref: B}`, `B: {$ref: A}`: names for each other and nothing else, which no
    /// type can be.
    pub(super) fn check_alias_loops(&mut self) {
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
    pub(super) fn report_alias_loop(&mut self, cycle: &[usize]) {
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
}

/// Marks struct fields that contain their own struct by value (directly or through other
/// structs, options or unions) as boxed, so the type has a finite size. A field needs a box
/// when its type is in the same strongly connected component of the by-value graph as its
/// struct; components are found once (Kosaraju, iterative so deep graphs cannot overflow).
pub(super) fn box_cycles(types: &mut [TypeDef]) {
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
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
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
pub(super) fn reachable(
    types: &[TypeDef],
    components: usize,
    operations: &[Operation],
) -> BTreeSet<TypeId> {
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
pub(super) fn reorder(types: Vec<TypeDef>, order: &[TypeId]) -> (Vec<TypeDef>, Vec<TypeId>) {
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

pub(super) fn remap(api: &mut Api, new_ids: &[TypeId]) {
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
